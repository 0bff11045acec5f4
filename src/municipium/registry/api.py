from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from municipium.api_errors import ERRORS, ErrorOut
from municipium.api_idempotency import IDEMPOTENT_ERRORS, idempotent
from municipium.tenants.models import Role, Unit
from municipium.tenants.scoping import Access, api_scope

from . import files, queries, services
from .models import (
    Channel,
    Confidentiality,
    CorrespondentKind,
    Direction,
    Document,
    IdentifierType,
)
from .models import (
    Status as DocStatus,
)

router = Router(tags=["registry"])

MEMBERS = Access()
REGISTRARS = Access(roles=frozenset({Role.REGISTRAR}))


class CorrespondentIn(Schema):
    name: str = Field("", max_length=200)
    kind: CorrespondentKind = CorrespondentKind.PERSON
    identifier_type: IdentifierType = Field(
        IdentifierType.NONE, description="egn, eik, pesel, nip, regon or empty"
    )
    identifier: str = Field("", max_length=20)
    address: str = Field("", max_length=300)
    email: str = Field("", max_length=254)


class DocumentIn(Schema):
    register_code: str = Field(..., description="the register's code")
    direction: Direction
    kind: str = Field(..., description="the document kind's code")
    subject: str = Field(..., min_length=1, max_length=500)
    channel: Channel
    description: str = ""
    correspondent_id: int | None = None
    correspondent: CorrespondentIn | None = None
    received_on: date | None = None
    sheets: int = Field(0, ge=0, le=100000)
    confidentiality: Confidentiality = Confidentiality.INTERNAL
    reader_emails: list[str] = Field(default_factory=list, max_length=100)


class DocumentCreated(Schema):
    id: int
    number: str
    registered_at: datetime
    deadline: date | None
    access_code: str = Field(..., description="for the sender's status checks; shown only now")


class DocumentOut(Schema):
    id: int
    number: str
    register_code: str
    direction: str
    kind: str
    subject: str
    status: str
    confidentiality: str
    channel: str
    registered_at: datetime
    received_on: date | None
    deadline: date | None
    answered_on: date | None
    correspondent: str | None


class DocumentPage(Schema):
    items: list[DocumentOut]
    next_cursor: int | None


class DocumentQuery(Schema):
    register_code: str | None = None
    year: int | None = Field(None, ge=1900, le=2999)
    kind: str | None = None
    status: DocStatus | None = None
    correspondent: int | None = Field(None, ge=1, le=2**62)
    overdue: bool = False
    q: str | None = Field(None, max_length=200)
    cursor: int | None = Field(None, ge=1, le=2**62)
    limit: int = Field(50, ge=1, le=200)


class AnnulIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class RegisterOut(Schema):
    code: str
    name: str
    scope: str
    mask: str
    restart_yearly: bool
    is_active: bool


def _out(document: Document) -> DocumentOut:
    return DocumentOut.model_validate(
        {
            "id": document.pk,
            "number": document.number,
            "register_code": document.register.code,
            "direction": document.direction,
            "kind": document.kind.code,
            "subject": document.subject,
            "status": document.status,
            "confidentiality": document.confidentiality,
            "channel": document.channel,
            "registered_at": document.registered_at,
            "received_on": document.received_on,
            "deadline": document.deadline,
            "answered_on": document.answered_on,
            "correspondent": document.correspondent.name if document.correspondent else None,
        }
    )


@router.post(
    "/orgs/{org}/registry/documents",
    response={201: DocumentCreated, **ERRORS, **IDEMPOTENT_ERRORS},
    **REGISTRARS.api(),
    summary="Register a document: it gets the next number of its register",
)
@idempotent
def document_register(request: HttpRequest, org: str, payload: DocumentIn) -> Status:
    scope = api_scope(request, org, REGISTRARS)
    register = scope.get(queries.registers_of(scope), code=payload.register_code)
    kind = scope.get(queries.kinds_of(scope), code=payload.kind)
    readers = []
    if payload.reader_emails:
        members = scope.organisation.memberships.filter(
            user__email__in=[e.lower() for e in payload.reader_emails], is_active=True
        ).select_related("user")
        readers = [m.user for m in members]
        if len(readers) != len(set(payload.reader_emails)):
            raise ValidationError({"reader_emails": "Every reader must be a member."})
    correspondent = None
    if payload.correspondent_id is not None:
        correspondent = scope.get(queries.correspondents_of(scope), pk=payload.correspondent_id)
    registration = services.document_register(
        organisation=scope.organisation,
        actor=request.auth,  # type: ignore[attr-defined]
        register=register,
        direction=payload.direction,
        kind=kind,
        subject=payload.subject,
        description=payload.description,
        correspondent=correspondent,
        new_correspondent=payload.correspondent.dict() if payload.correspondent else None,
        received_on=payload.received_on,
        channel=payload.channel,
        sheets=payload.sheets,
        confidentiality=payload.confidentiality,
        readers=readers,
        request=request,
    )
    document = registration.document
    return Status(
        201,
        DocumentCreated(
            id=document.pk,
            number=document.number,
            registered_at=document.registered_at,
            deadline=document.deadline,
            access_code=registration.access_code,
        ),
    )


@router.get(
    "/orgs/{org}/registry/documents",
    response={200: DocumentPage, **ERRORS},
    **MEMBERS.api(),
    summary="The register list, newest first, with filters and a cursor",
)
def document_list(request: HttpRequest, org: str, filters: Query[DocumentQuery]) -> DocumentPage:
    scope = api_scope(request, org, MEMBERS)
    documents = queries.document_list(
        scope,
        queries.DocumentFilters(
            register=filters.register_code,
            year=filters.year,
            kind=filters.kind,
            status=filters.status,
            correspondent=filters.correspondent,
            overdue=filters.overdue,
            q=filters.q,
        ),
    )
    rows, cursor = queries.page(documents, after=filters.cursor, size=filters.limit)
    return DocumentPage(items=[_out(d) for d in rows], next_cursor=cursor)


@router.get(
    "/orgs/{org}/registry/documents/{document_id}",
    response={200: DocumentOut, **ERRORS},
    **MEMBERS.api(),
    summary="One document",
)
def document_read(request: HttpRequest, org: str, document_id: int) -> DocumentOut:
    scope = api_scope(request, org, MEMBERS)
    return _out(queries.document_detail(scope, document_id))


@router.post(
    "/orgs/{org}/registry/documents/{document_id}/annul",
    response={200: DocumentOut, **ERRORS},
    **REGISTRARS.api(),
    summary="Annul a mistaken registration; its number stays used",
)
def document_annul(
    request: HttpRequest, org: str, document_id: int, payload: AnnulIn
) -> DocumentOut:
    scope = api_scope(request, org, REGISTRARS)
    document = queries.document_detail(scope, document_id)
    annulled = services.document_annul(
        document=document,
        actor=request.auth,  # type: ignore[attr-defined]
        reason=payload.reason,
        request=request,
    )
    return _out(queries.document_detail(scope, annulled.pk))


@router.get(
    "/orgs/{org}/registry/registers",
    response={200: list[RegisterOut], **ERRORS},
    **MEMBERS.api(),
    summary="The organisation's registers",
)
def registers(request: HttpRequest, org: str) -> list[RegisterOut]:
    scope = api_scope(request, org, MEMBERS)
    return [RegisterOut.from_orm(r) for r in queries.registers_of(scope)]


CASE_ROLES_ACCESS = Access(roles=frozenset({Role.REGISTRAR, Role.MANAGER, Role.OFFICIAL}))
MANAGERS = Access(roles=frozenset({Role.MANAGER}))


class FilePlanItemOut(Schema):
    code: str
    title: str
    retention: str
    parent: str | None


class CaseIn(Schema):
    title: str = Field(..., min_length=1, max_length=500)
    file_class: str = Field(..., description="the file plan class's symbol")
    unit: str = Field(..., description="the responsible unit's symbol")
    document_id: int | None = Field(None, ge=1, le=2**62)


class CaseOut(Schema):
    id: int
    mark: str
    title: str
    file_class: str
    unit: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    documents: list[str]


class TaskIn(Schema):
    document_id: int | None = Field(None, ge=1, le=2**62)
    case_id: int | None = Field(None, ge=1, le=2**62)
    assignee_email: str | None = Field(None, max_length=254)
    unit: str | None = Field(None, max_length=20)
    instruction: str = Field(..., min_length=1, max_length=5000)
    due_on: date


class TaskOut(Schema):
    id: int
    document: str | None
    case: str | None
    assignee: str | None
    unit: str | None
    instruction: str
    due_on: date
    status: str


def _case_out(case: Any, documents: list[str]) -> CaseOut:
    return CaseOut(
        id=case.pk,
        mark=case.mark,
        title=case.title,
        file_class=case.file_class.code,
        unit=case.unit.code,
        status=case.status,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        documents=documents,
    )


def _task_out(task: Any) -> TaskOut:
    return TaskOut(
        id=task.pk,
        document=task.document.number if task.document else None,
        case=task.case.mark if task.case else None,
        assignee=task.assignee.email if task.assignee else None,
        unit=task.unit.code if task.unit else None,
        instruction=task.instruction,
        due_on=task.due_on,
        status=task.status,
    )


@router.get(
    "/orgs/{org}/registry/file-plan",
    response={200: list[FilePlanItemOut], **ERRORS},
    **MEMBERS.api(),
    summary="The file plan",
)
def file_plan(request: HttpRequest, org: str) -> list[FilePlanItemOut]:
    scope = api_scope(request, org, MEMBERS)
    return [
        FilePlanItemOut(
            code=i.code,
            title=i.title,
            retention=i.retention,
            parent=i.parent.code if i.parent else None,
        )
        for i in queries.file_plan_of(scope)
    ]


@router.post(
    "/orgs/{org}/registry/cases",
    response={201: CaseOut, **ERRORS},
    **CASE_ROLES_ACCESS.api(),
    summary="Open a case, by hand or from a document",
)
def case_open(request: HttpRequest, org: str, payload: CaseIn) -> Status:
    scope = api_scope(request, org, CASE_ROLES_ACCESS)
    file_class = scope.get(queries.file_plan_of(scope), code=payload.file_class)
    unit = scope.get(Unit.objects.all(), code=payload.unit)
    document = queries.document_detail(scope, payload.document_id) if payload.document_id else None
    case = services.case_open(
        organisation=scope.organisation,
        actor=request.auth,  # type: ignore[attr-defined]
        file_class=file_class,
        unit=unit,
        title=payload.title,
        document=document,
        request=request,
    )
    return Status(201, _case_out(case, [document.number] if document else []))


@router.get(
    "/orgs/{org}/registry/cases/{case_id}",
    response={200: CaseOut, **ERRORS},
    **MEMBERS.api(),
    summary="One case with the numbers of its documents (those the caller may read)",
)
def case_read(request: HttpRequest, org: str, case_id: int) -> CaseOut:
    scope = api_scope(request, org, MEMBERS)
    case = queries.case_detail(scope, case_id)
    numbers = list(
        queries.visible_documents(scope)
        .filter(case=case)
        .order_by("id")
        .values_list("number", flat=True)
    )
    return _case_out(case, numbers)


@router.post(
    "/orgs/{org}/registry/tasks",
    response={201: TaskOut, **ERRORS},
    **MANAGERS.api(),
    summary="Assign a document or a case to an official or a unit (a resolution)",
)
def task_assign(request: HttpRequest, org: str, payload: TaskIn) -> Status:
    scope = api_scope(request, org, MANAGERS)
    document = queries.document_detail(scope, payload.document_id) if payload.document_id else None
    case = queries.case_detail(scope, payload.case_id) if payload.case_id else None
    assignee = None
    if payload.assignee_email:
        membership = (
            scope.organisation.memberships.filter(
                user__email=payload.assignee_email.lower(), is_active=True
            )
            .select_related("user")
            .first()
        )
        if membership is None:
            raise ValidationError({"assignee_email": "Not a member of the organisation."})
        assignee = membership.user
    unit = scope.get(Unit.objects.all(), code=payload.unit) if payload.unit else None
    task = services.task_assign(
        organisation=scope.organisation,
        actor=request.auth,  # type: ignore[attr-defined]
        instruction=payload.instruction,
        due_on=payload.due_on,
        document=document,
        case=case,
        assignee=assignee,
        unit=unit,
        request=request,
    )
    return Status(201, _task_out(task))


@router.get(
    "/orgs/{org}/registry/tasks/mine",
    response={200: list[TaskOut], **ERRORS},
    **MEMBERS.api(),
    summary="The caller's open tasks and those of their unit, most urgent first",
)
def tasks_mine(request: HttpRequest, org: str) -> list[TaskOut]:
    scope = api_scope(request, org, MEMBERS)
    return [_task_out(t) for t in queries.inbox(scope)[:200]]


# ---- attachments ------------------------------------------------------------------------------

EDITORS = Access(roles=frozenset({Role.REGISTRAR, Role.MANAGER, Role.OFFICIAL}))


class AttachmentOut(Schema):
    id: int
    filename: str
    mime: str
    size: int
    sha256: str
    kind: str = Field(..., description="original, or draft (an outgoing document not yet sent)")
    version: int
    replaces: int | None
    current: bool = Field(..., description="false for a draft version a newer one replaced")
    uploaded_at: datetime
    extraction_status: str = Field(..., description="pending, done, failed or unavailable")
    extraction_error: str
    ocr: bool


def _attachment_out(attachment: Any) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        filename=attachment.filename,
        mime=attachment.mime,
        size=attachment.size,
        sha256=attachment.file.sha256,
        kind=attachment.kind,
        version=attachment.version,
        replaces=attachment.replaces_id,
        current=attachment.is_current,
        uploaded_at=attachment.uploaded_at,
        extraction_status=attachment.extraction_status,
        extraction_error=attachment.extraction_error,
        ocr=attachment.ocr,
    )


@router.get(
    "/orgs/{org}/registry/documents/{document_id}/attachments",
    response={200: list[AttachmentOut], **ERRORS},
    **MEMBERS.api(),
    summary="The files of a document, oldest first, with their draft history",
)
def attachment_list(request: HttpRequest, org: str, document_id: int) -> list[AttachmentOut]:
    scope = api_scope(request, org, MEMBERS)
    document = queries.document_detail(scope, document_id)
    return [_attachment_out(a) for a in files.document_attachments(document).select_related("file")]


@router.post(
    "/orgs/{org}/registry/documents/{document_id}/attachments",
    response={201: AttachmentOut, 413: ErrorOut, **ERRORS, **IDEMPOTENT_ERRORS},
    **EDITORS.api(),
    summary="Add a file (multipart field `file`); its type is checked from its content",
    description=(
        "400 with the reason (`code` names the check: executable, archive, mismatch, "
        "malformed, unpacked_too_large, name_path, …) when the file is refused; 413 when it "
        "is larger than the limit. Nothing is stored then."
    ),
)
@idempotent
def attachment_upload(
    request: HttpRequest, org: str, document_id: int, file: File[UploadedFile]
) -> Status:
    scope = api_scope(request, org, EDITORS)
    document = queries.document_detail(scope, document_id)
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if (file.size or 0) > limit:
        return Status(
            413,
            ErrorOut(
                detail=f"The file is larger than {settings.UPLOAD_MAX_MB} MB.", code="too_large"
            ),
        )
    try:
        attachment = services.attachment_add(
            document=document,
            upload=file,
            actor=request.auth,  # type: ignore[attr-defined]
            request=request,
        )
    except files.UploadRefused as refusal:
        status = 413 if refusal.code == "too_large" else 400
        return Status(status, ErrorOut(detail=refusal.reason, code=str(refusal.code)))
    return Status(201, _attachment_out(attachment))


@router.get(
    "/orgs/{org}/registry/documents/{document_id}/attachments/{attachment_id}/content",
    response={200: None, **ERRORS},
    **MEMBERS.api(),
    summary="The file's bytes (downloads of a confidential document's files are journaled)",
)
def attachment_content(
    request: HttpRequest, org: str, document_id: int, attachment_id: int
) -> HttpResponseBase:
    scope = api_scope(request, org, MEMBERS)
    attachment = files.attachment_for(scope, document_id, attachment_id)
    services.attachment_downloaded(
        attachment=attachment,
        actor=request.auth,  # type: ignore[attr-defined]
        request=request,
    )
    return files.file_response(attachment.file, attachment.filename, attachment.mime, inline=False)
