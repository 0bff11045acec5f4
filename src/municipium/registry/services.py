"""Every write of the registry office. Each service runs in one transaction with its audit entry."""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record, audited_create, journal_batch
from municipium.tenants.models import Organisation
from municipium.validators import (
    EARLIEST_DATE,
    check_past_date,
    check_plain_text,
    check_planned_date,
    has_visible_character,
    normalise_spaces,
)
from municipium.workdays.calendar import next_working_day
from municipium.workdays.deadlines import Suspension as Suspension_
from municipium.workdays.deadlines import compute_deadline
from municipium.workdays.services import extension_notice

from . import masks
from .files import (
    InspectedFile,
    UploadRefused,
    inspect_upload,
    read_blob,
    store_bytes,
    store_file,
)
from .models import (
    OPEN_TASK_STATUSES,
    Attachment,
    AttachmentKind,
    Case,
    CaseCounter,
    CaseStatus,
    Channel,
    Confidentiality,
    Correspondent,
    CorrespondentKind,
    Direction,
    Document,
    DocumentKind,
    Extension,
    ExtractionStatus,
    FilePlanItem,
    IntakeFile,
    IntakeMessage,
    IntakeStatus,
    Register,
    RegisterCounter,
    RegistrySettings,
    Status,
    StoredFile,
    Suspension,
    Task,
    TaskStatus,
    access_code_digest,
    default_case_mask,
    validate_identifier,
)

# Letters and digits that cannot be mistaken for one another when read aloud or typed.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_access_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def register_create(
    *,
    organisation: Organisation,
    actor: Any,
    code: str,
    name: str,
    mask: str,
    scope: str = "mixed",
    restart_yearly: bool = True,
    request: HttpRequest | None = None,
) -> Register:
    register = Register(
        organisation=organisation,
        code=code,
        name=name,
        mask=mask,
        scope=scope,
        restart_yearly=restart_yearly,
    )
    return audited_create(
        register,
        organisation=organisation,
        actor=actor,
        action="register.create",
        changes={"code": code, "mask": mask, "scope": scope},
        request=request,
    )


def correspondent_create(
    *, organisation: Organisation, actor: Any, request: HttpRequest | None = None, **fields: Any
) -> Correspondent:
    correspondent = Correspondent(organisation=organisation, **fields)
    return audited_create(
        correspondent,
        organisation=organisation,
        actor=actor,
        action="correspondent.create",
        changes={"name": correspondent.name, "kind": correspondent.kind},
        request=request,
    )


Counter = TypeVar("Counter", RegisterCounter, CaseCounter)


def _take_next(model: type[Counter], **key: Any) -> int:
    """Add one to the counter row named by `key` (creating it at 0 when absent), return it.

    One `UPDATE … RETURNING` both locks the row and takes the number, in a single round trip.
    It must run inside the transaction that uses the number: the row stays locked until it
    commits, and a rollback gives the number back, so numbers never have gaps.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [str(getattr(model._meta.get_field(name), "column", name)) for name in key]
    where = " AND ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    values = [getattr(v, "pk", v) for v in key.values()]
    sql = f"UPDATE {table} SET last = last + 1 WHERE {where} RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
        if row is None:
            # The first number of a period: two writers may race to create the row;
            # ignore_conflicts lets one insert win, then both increment it.
            model.objects.bulk_create([model(**key, last=0)], ignore_conflicts=True)
            cursor.execute(sql, values)
            row = cursor.fetchone()
    return int(row[0])


def next_number(*, register: Register, on: date) -> tuple[int, int]:
    """Take the next number of the register for the period of `on`: (period, seq)."""
    period = on.year if register.restart_yearly else 0
    return period, _take_next(RegisterCounter, register=register, period=period)


@dataclass(frozen=True)
class Registration:
    document: Document
    access_code: str  # given to the party once (receipt); only its digest is stored


@dataclass(frozen=True)
class PreparedRegistration:
    """A registration checked and built, not yet numbered nor saved (`document_prepare`)."""

    organisation: Organisation
    actor: Any
    document: Document
    access_code: str
    new_correspondent: dict[str, Any] | None
    readers: list[Any] | None
    today: date
    request: HttpRequest | None


def document_register(**fields: Any) -> Registration:
    """Register a document: it gets the next number of its register, its deadline from the
    rule of its kind (incoming documents), an access code for status checks, and its journal
    entry — all in one transaction. The fields are document_prepare's.

    Locks are always taken in one order — the register's counter, then the audit chain's
    head — so concurrent registrations cannot deadlock; everything that can be checked
    without them is checked before the transaction starts (`document_prepare`), to hold
    them briefly. A caller registering within a larger transaction prepares first, then
    calls `document_commit` inside it."""
    return document_commit(document_prepare(**fields))


def document_prepare(
    *,
    organisation: Organisation,
    actor: Any,
    register: Register,
    direction: str,
    kind: DocumentKind,
    subject: str,
    channel: str,
    description: str = "",
    correspondent: Correspondent | None = None,
    new_correspondent: dict[str, Any] | None = None,
    received_on: date | None = None,
    sent_on: date | None = None,
    language: str = "",
    sheets: int = 0,
    confidentiality: str = Confidentiality.INTERNAL,
    readers: list[Any] | None = None,
    reply_to: Document | None = None,
    case: Case | None = None,
    request: HttpRequest | None = None,
) -> PreparedRegistration:
    """Check a registration and build its document, without writing anything.

    `new_correspondent` (fields) names the sender when `correspondent` is not given: it is
    checked now, then found by its identifier, or by its name and address, or created, in
    the registration's transaction (`correspondent_resolve`).

    An outgoing reply joins the case of the document it answers and marks that one answered,
    which fixes whether the answer came on time."""
    for related, label in ((register, "register"), (kind, "kind")):
        if related.organisation_id != organisation.pk:
            raise ValidationError({label: _("This belongs to another organisation.")})
    if correspondent is not None and correspondent.organisation_id != organisation.pk:
        raise ValidationError({"correspondent": _("This belongs to another organisation.")})
    if reply_to is not None and reply_to.organisation_id != organisation.pk:
        raise ValidationError({"reply_to": _("This belongs to another organisation.")})
    if reply_to is not None and case is None:
        case = reply_to.case
    if case is not None and case.organisation_id != organisation.pk:
        raise ValidationError({"case": _("This belongs to another organisation.")})
    if case is not None and case.status != CaseStatus.OPEN:
        raise ValidationError({"case": _("The case is closed; reopen it first.")})
    if not register.is_active:
        raise ValidationError({"register": _("This register is closed.")})
    if not register.accepts(direction):
        raise ValidationError(
            {"register": _("This register does not take documents of this direction.")}
        )
    if confidentiality == Confidentiality.CONFIDENTIAL and not readers:
        raise ValidationError(
            {"readers": _("Name at least one reader of a confidential document.")}
        )

    now = timezone.now()
    today = timezone.localdate(now)
    received_on = received_on or (today if direction == Direction.INCOMING else None)
    deadline = None
    if direction == Direction.INCOMING and kind.deadline_rule is not None:
        rule = kind.deadline_rule
        deadline = compute_deadline(
            start=received_on or today,
            amount=rule.amount,
            unit=rule.unit,
            country=organisation.country,
            roll_to_working_day=rule.roll_to_working_day,
        )
    _check_registration_dates(received_on=received_on, sent_on=sent_on, today=today)
    if correspondent is None:
        new_correspondent = correspondent_check(organisation=organisation, fields=new_correspondent)
    access_code = new_access_code()
    document = Document(
        organisation=organisation,
        register=register,
        period=today.year,
        seq=1,
        number="-",
        direction=direction,
        kind=kind,
        subject=subject,
        description=description,
        correspondent=correspondent,
        received_on=received_on,
        registered_at=now,
        sent_on=sent_on,
        channel=channel,
        language=language or organisation.main_language,
        sheets=sheets,
        confidentiality=confidentiality,
        reply_to=reply_to,
        case=case,
        deadline=deadline,
        access_code_digest=access_code_digest(access_code),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # The number and the correspondent come inside the transaction; the rest is checked now.
    document.full_clean(
        exclude=["readers", "related", "correspondent"],
        validate_unique=False,
        validate_constraints=False,
    )
    return PreparedRegistration(
        organisation=organisation,
        actor=actor,
        document=document,
        access_code=access_code,
        new_correspondent=new_correspondent if correspondent is None else None,
        readers=readers,
        today=today,
        request=request,
    )


def document_commit(prepared: PreparedRegistration) -> Registration:
    """Number and save a prepared registration, with its journal entry, in one transaction
    (or in the caller's)."""
    organisation, actor, request = prepared.organisation, prepared.actor, prepared.request
    document, today = prepared.document, prepared.today
    register, kind, case, reply_to = (
        document.register,
        document.kind,
        document.case,
        document.reply_to,
    )
    direction, confidentiality, deadline = (
        document.direction,
        document.confidentiality,
        document.deadline,
    )
    # Locks in one order everywhere, so no deadlock: the correspondent's (see
    # correspondent_resolve), the register's counter, then the journal's head — its entries
    # (the new correspondent's, the document's) are chained at the end of the block.
    with transaction.atomic(savepoint=False), journal_batch():
        if prepared.new_correspondent:
            document.correspondent = correspondent_resolve(
                organisation=organisation,
                actor=actor,
                fields=prepared.new_correspondent,
                request=request,
            )
        period, seq = next_number(register=register, on=today)
        document.period, document.seq = period, seq
        document.number = masks.render(register.mask, seq=seq, on=today, register=register.code)
        document.save(force_insert=True)
        if confidentiality == Confidentiality.CONFIDENTIAL:
            # The registrar who registers it may open it and add its file (issue 16).
            registrar = [actor] if getattr(actor, "is_authenticated", False) else []
            document.readers.set({*(prepared.readers or []), *registrar})
        audit_record(
            organisation=organisation,
            actor=actor,
            action="document.register",
            obj=document,
            changes={
                "number": document.number,
                "register": register.code,
                "direction": direction,
                "kind": kind.code,
                "confidentiality": confidentiality,
                "deadline": deadline.isoformat() if deadline else None,
                "case": case.mark if case else None,
            },
            request=request,
        )
        if (
            reply_to is not None
            and direction == Direction.OUTGOING
            and reply_to.status in (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)
        ):
            Document.objects.filter(pk=reply_to.pk).update(
                status=Status.ANSWERED, answered_on=today
            )
            audit_record(
                organisation=organisation,
                actor=actor,
                action="document.answered",
                obj=reply_to,
                changes={"status": [reply_to.status, Status.ANSWERED], "answer": document.number},
                request=request,
            )
    return Registration(document=document, access_code=prepared.access_code)


def document_annul(
    *, document: Document, actor: Any, reason: str, request: HttpRequest | None = None
) -> Document:
    """A mistaken registration is annulled with a reason and keeps its number for ever."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the annulment.")})
    if document.status in (Status.ANNULLED, Status.CLOSED):
        raise ValidationError(_("A closed or annulled document cannot be annulled."))
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        before = locked.status
        locked.status = Status.ANNULLED
        locked.annulment_reason = reason
        locked.save(update_fields=["status", "annulment_reason"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="document.annul",
            obj=locked,
            changes={"status": [before, Status.ANNULLED], "reason": reason},
            request=request,
        )
    return locked


def document_set_status(
    *, document: Document, actor: Any, status: str, request: HttpRequest | None = None
) -> Document:
    if status == Status.ANNULLED:
        raise ValidationError(_("Use the annulment, which needs a reason."))
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if not locked.can_move_to(status):
            raise ValidationError(
                _("A document cannot go from “%(old)s” to “%(new)s”.")
                % {"old": locked.get_status_display(), "new": Status(status).label}
            )
        before = locked.status
        locked.status = status
        fields = ["status"]
        if status == Status.ANSWERED and locked.answered_on is None:
            locked.answered_on = timezone.localdate()
            fields.append("answered_on")
        locked.save(update_fields=fields)
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="document.status",
            obj=locked,
            changes={"status": [before, status]},
            request=request,
        )
    return locked


# A registration names when the letter came and when it was written; a date more than this
# many years before the registration is a typing mistake far more often than a late letter.
# Older registries come in through the import (registry/importer.py), which keeps their dates.
LATE_REGISTRATION_YEARS = 10


def _check_registration_dates(
    *, received_on: date | None, sent_on: date | None, today: date
) -> None:
    earliest = max(EARLIEST_DATE, today.replace(year=today.year - LATE_REGISTRATION_YEARS, day=1))
    errors = {}
    for field, value in (("received_on", received_on), ("sent_on", sent_on)):
        try:
            check_past_date(value, today=today)
        except ValidationError as error:
            errors[field] = error
        else:
            if value is not None and value < earliest:
                errors[field] = ValidationError(
                    _(
                        "A date before %(earliest)s is too long ago for a new registration; "
                        "older documents are imported."
                    )
                    % {"earliest": earliest.isoformat()}
                )
    if errors:
        raise ValidationError(errors)


# The registration form's names for the correspondent's fields, so errors land beside them.
_CORRESPONDENT_FIELDS = {
    "name": "correspondent_name",
    "kind": "correspondent_kind",
    "address": "correspondent_address",
    "email": "correspondent_email",
    "phone": "correspondent_phone",
    "identifier_type": "identifier_type",
    "identifier": "identifier",
}


def correspondent_check(
    *, organisation: Organisation, fields: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Check the fields of a correspondent a registration names, before any lock is taken;
    returns them cleaned (spacing evened out, the identifier in its compact form), or None
    when nothing is given. Refused: a correspondent without a name, unless its identifier
    is already known; unknown fields; anything the model refuses."""
    if not fields:
        return None
    unknown = sorted(set(fields) - set(_CORRESPONDENT_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("A correspondent has no such field.")})
    given = {key: value for key, value in fields.items() if key != "kind" and value}
    if not given:
        return None
    probe = Correspondent(organisation=organisation, **{"kind": CorrespondentKind.PERSON, **fields})
    if fields.get("identifier") and not normalise_spaces(str(fields.get("name") or "")):
        # An identifier alone finds a known correspondent; it cannot make a new one.
        if not fields.get("identifier_type"):
            raise ValidationError({"identifier_type": _("Say what kind of identifier this is.")})
        identifier = validate_identifier(str(fields["identifier_type"]), probe.identifier)
        if not Correspondent.objects.filter(
            organisation=organisation,
            identifier_type=probe.identifier_type,
            identifier=identifier,
        ).exists():
            raise ValidationError(
                {
                    "correspondent_name": _(
                        "No correspondent has this identifier yet: give the name."
                    )
                }
            )
        return {**fields, "identifier": identifier, "name": ""}
    if not normalise_spaces(str(fields.get("name") or "")):
        raise ValidationError({"correspondent_name": _("Give the correspondent's name.")})
    try:
        probe.full_clean(exclude=["organisation"])
    except ValidationError as error:
        raise ValidationError(
            {
                _CORRESPONDENT_FIELDS.get(field, field): messages
                for field, messages in error.error_dict.items()
            }
        ) from None
    return {
        **fields,
        "name": probe.name,
        "address": probe.address,
        "identifier": probe.identifier,
        "kind": probe.kind,
    }


def _lock_correspondent(organisation: Organisation, key: str) -> None:
    """On PostgreSQL, writers naming the same correspondent wait for each other here, so two
    cannot both create it (SQLite has one writer at a time anyway). Held until commit."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"correspondent:{organisation.pk}:{key}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
        )


def correspondent_resolve(
    *,
    organisation: Organisation,
    actor: Any,
    fields: dict[str, Any],
    request: HttpRequest | None = None,
) -> Correspondent | None:
    """The correspondent a registration names (fields checked by `correspondent_check`):
    the one with the same identifier; without an identifier, the oldest with the same name
    and address (case and spacing aside); otherwise a new one. None when nothing is given.

    Call it inside the registration's transaction, before the register's counter is taken."""
    if not fields.get("name") and not fields.get("identifier"):
        return None
    existing = Correspondent.objects.filter(organisation=organisation).order_by("id")
    if fields.get("identifier"):
        identifier = validate_identifier(fields.get("identifier_type", ""), fields["identifier"])
        _lock_correspondent(organisation, f"{fields.get('identifier_type')}:{identifier}")
        found = existing.filter(
            identifier_type=fields["identifier_type"], identifier=identifier
        ).first()
        if found is not None:
            return found
    else:
        key = Correspondent.key_for(fields["name"], fields.get("address", ""))
        _lock_correspondent(organisation, key)
        found = existing.filter(match_key=key).first()
        if found is not None:
            return found
    if not fields.get("name"):
        raise ValidationError({"correspondent_name": _("Give the correspondent's name.")})
    # Checked by correspondent_check before the locks: only the insert and its entry here.
    correspondent = Correspondent(organisation=organisation, **fields)
    correspondent.match_key = Correspondent.key_for(correspondent.name, correspondent.address)
    with transaction.atomic(savepoint=False):
        correspondent.save(force_insert=True)
        audit_record(
            organisation=organisation,
            actor=actor,
            action="correspondent.create",
            obj=correspondent,
            changes={"name": correspondent.name, "kind": correspondent.kind},
            request=request,
        )
    return correspondent


def document_reissue_access_code(
    *, document: Document, actor: Any, request: HttpRequest | None = None
) -> str:
    """A new access code for a new receipt; the old code stops working."""
    code = new_access_code()
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(access_code_digest=access_code_digest(code))
        document.access_code_digest = access_code_digest(code)
        audit_record(
            organisation=document.organisation,
            actor=actor,
            action="document.receipt",
            obj=document,
            request=request,
        )
    return code


# --- file plan, cases, tasks ---------------------------------------------------------------


def registry_settings(organisation: Organisation) -> RegistrySettings:
    """The organisation's registry settings (created with the defaults of its country), read
    once per organisation object: an e-services submission reads them before it takes the
    locks that opening the case needs."""
    cached: RegistrySettings | None = getattr(organisation, "_registry_settings", None)
    if cached is not None:
        return cached
    settings_row = RegistrySettings.objects.filter(organisation=organisation).first()
    if settings_row is None:
        RegistrySettings.objects.bulk_create(
            [
                RegistrySettings(
                    organisation=organisation, case_mask=default_case_mask(organisation.country)
                )
            ],
            ignore_conflicts=True,
        )
        settings_row = RegistrySettings.objects.get(organisation=organisation)
    organisation._registry_settings = settings_row  # type: ignore[attr-defined]
    return settings_row


def file_plan_item_create(
    *,
    organisation: Organisation,
    actor: Any,
    code: str,
    title: str,
    retention: str = "",
    parent: FilePlanItem | None = None,
    request: HttpRequest | None = None,
) -> FilePlanItem:
    item = FilePlanItem(
        organisation=organisation, code=code, title=title, retention=retention, parent=parent
    )
    return audited_create(
        item,
        organisation=organisation,
        actor=actor,
        action="file_plan.create",
        changes={"code": code, "title": title, "retention": retention},
        request=request,
    )


FILE_PLAN_COLUMNS = ["code", "title", "retention", "parent"]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


def file_plan_import(
    *,
    organisation: Organisation,
    actor: Any,
    rows: list[dict[str, str]],
    request: HttpRequest | None = None,
) -> tuple[int, list[RowError]]:
    """Import file-plan classes from CSV rows (code, title, retention, parent): all or nothing.
    Existing codes are updated (title, retention); new ones are created. Parents may be new
    classes of the same file, listed in any order."""
    errors: list[RowError] = []
    existing = {i.code: i for i in FilePlanItem.objects.filter(organisation=organisation)}
    seen: set[str] = set()
    codes_in_file = {(row.get("code") or "").strip() for row in rows}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code = (row.get("code") or "").strip()
        if not code:
            errors.append(RowError(number, "code", _("The symbol is missing.")))
            continue
        if code in seen:
            errors.append(
                RowError(number, "code", _("The symbol %(code)s appears twice.") % {"code": code})
            )
        seen.add(code)
        if not (row.get("title") or "").strip():
            errors.append(RowError(number, "title", _("The title is missing.")))
        parent = (row.get("parent") or "").strip()
        if parent and parent not in codes_in_file and parent not in existing:
            errors.append(RowError(number, "parent", _("No class %(code)s.") % {"code": parent}))
        if parent == code:
            errors.append(RowError(number, "parent", _("A class cannot be its own parent.")))
        try:
            FilePlanItem(
                organisation=organisation,
                code=code,
                title=(row.get("title") or "x")[:300],
                retention=(row.get("retention") or "").strip(),
            ).full_clean(exclude=["organisation", "parent"], validate_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.extend(RowError(number, field, m) for m in messages)
    if errors:
        return 0, errors
    with transaction.atomic():
        items = dict(existing)
        for row in rows:
            code = row["code"].strip()
            item = items.get(code) or FilePlanItem(organisation=organisation, code=code)
            item.title = row["title"].strip()
            item.retention = (row.get("retention") or "").strip()
            item.save()
            items[code] = item
        for row in rows:
            parent = (row.get("parent") or "").strip()
            item = items[row["code"].strip()]
            item.parent = items[parent] if parent else None
            item.save(update_fields=["parent"])
        audit_record(
            organisation=organisation,
            actor=actor,
            action="file_plan.import",
            changes={"rows": len(rows)},
            request=request,
        )
    return len(rows), []


def _case_scope_key(mask: str, unit: Any, file_class: FilePlanItem) -> str:
    tokens = {t.name for t in masks.parse(mask) if isinstance(t, masks.Placeholder)}
    return "|".join(
        [unit.code if "unit" in tokens else "*", file_class.code if "class" in tokens else "*"]
    )


def case_open(
    *,
    organisation: Organisation,
    actor: Any,
    file_class: FilePlanItem,
    unit: Any,
    title: str,
    responsible: Any | None = None,
    document: Document | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Open a case with the next mark of its unit and class for the year; from a document
    (which then belongs to it) or by hand."""
    for related, label in ((file_class, "file_class"), (unit, "unit")):
        if related.organisation_id != organisation.pk:
            raise ValidationError({label: _("This belongs to another organisation.")})
    if document is not None and (document.organisation_id != organisation.pk or document.case_id):
        raise ValidationError({"document": _("This document already belongs to a case.")})
    if (
        responsible is not None
        and not organisation.memberships.filter(user=responsible, is_active=True).exists()
    ):
        raise ValidationError({"responsible": _("The responsible official must be a member.")})
    mask = registry_settings(organisation).case_mask
    now = timezone.now()
    year = timezone.localdate(now).year
    with transaction.atomic(savepoint=False):
        key = _case_scope_key(mask, unit, file_class)
        seq = _take_next(CaseCounter, organisation=organisation, scope_key=key, year=year)
        mark = masks.render(
            mask,
            seq=seq,
            on=timezone.localdate(now),
            unit=unit.code,
            file_class=file_class.code,
        )
        case = Case(
            organisation=organisation,
            file_class=file_class,
            unit=unit,
            year=year,
            seq=seq,
            mark=mark,
            title=title,
            responsible=responsible,
            opened_at=now,
        )
        # The related objects were checked above; the mark is checked here (the constraint
        # on organisation and mark is skipped along with the organisation's field).
        case.full_clean(exclude=["organisation", "file_class", "unit", "responsible"])
        if Case.objects.filter(organisation=organisation, mark=mark).exists():
            raise ValidationError({"mark": _("A case with this mark already exists.")})
        case.save()
        if document is not None:
            Document.objects.filter(pk=document.pk).update(case=case)
            document.case = case
            _index_soon(document)  # its entry shows the case's mark
        audit_record(
            organisation=organisation,
            actor=actor,
            action="case.open",
            obj=case,
            changes={
                "mark": mark,
                "class": file_class.code,
                "unit": unit.code,
                "document": document.number if document else None,
            },
            request=request,
        )
    return case


def case_add_document(
    *, case: Case, document: Document, actor: Any, request: HttpRequest | None = None
) -> None:
    if document.organisation_id != case.organisation_id:
        raise ValidationError(_("This belongs to another organisation."))
    if document.case_id and document.case_id != case.pk:
        raise ValidationError(_("This document already belongs to a case."))
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case is closed; reopen it first."))
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(case=case)
        document.case = case
        _index_soon(document)  # its entry shows the case's mark
        audit_record(
            organisation=case.organisation,
            actor=actor,
            action="case.add_document",
            obj=case,
            changes={"document": document.number},
            request=request,
        )


def case_close(*, case: Case, actor: Any, request: HttpRequest | None = None) -> Case:
    """A case closes only when none of its tasks, nor those of its documents, is open."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == CaseStatus.CLOSED:
            raise ValidationError(_("The case is already closed."))
        open_tasks = Task.objects.filter(
            Q(case=locked) | Q(document__case=locked), status__in=OPEN_TASK_STATUSES
        ).count()
        if open_tasks:
            raise ValidationError(
                _("The case has %(count)d open task(s); finish or return them first.")
                % {"count": open_tasks}
            )
        locked.status = CaseStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="case.close",
            obj=locked,
            changes={"status": [CaseStatus.OPEN, CaseStatus.CLOSED]},
            request=request,
        )
    return locked


def case_reopen(*, case: Case, actor: Any, reason: str, request: HttpRequest | None = None) -> Case:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.CLOSED:
            raise ValidationError(_("The case is open."))
        locked.status = CaseStatus.OPEN
        locked.closed_at = None
        locked.save(update_fields=["status", "closed_at"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="case.reopen",
            obj=locked,
            changes={"status": [CaseStatus.CLOSED, CaseStatus.OPEN], "reason": reason.strip()},
            request=request,
        )
    return locked


def task_assign(
    *,
    organisation: Organisation,
    actor: Any,
    instruction: str,
    due_on: date,
    document: Document | None = None,
    case: Case | None = None,
    assignee: Any | None = None,
    unit: Any | None = None,
    handed_over_from: Task | None = None,
    request: HttpRequest | None = None,
) -> Task:
    """Route a document or a case to an official or a unit (a resolution)."""
    if (document is None) == (case is None):
        raise ValidationError(_("A task is about one document or one case."))
    if assignee is None and unit is None:
        raise ValidationError({"assignee": _("Choose an official or a unit.")})
    target = document or case
    assert target is not None
    if target.organisation_id != organisation.pk:
        raise ValidationError(_("This belongs to another organisation."))
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("This belongs to another organisation.")})
    if (
        assignee is not None
        and not organisation.memberships.filter(user=assignee, is_active=True).exists()
    ):
        raise ValidationError({"assignee": _("The official must be a member.")})
    if not has_visible_character(instruction):
        raise ValidationError({"instruction": _("Write the instruction.")})
    try:
        check_plain_text(instruction, multiline=True)
    except ValidationError as error:
        raise ValidationError({"instruction": error}) from None
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date is in the past.")})
    try:
        check_planned_date(due_on)
    except ValidationError as error:
        raise ValidationError({"due_on": error}) from None
    if document is not None and document.status in (Status.ANNULLED, Status.CLOSED):
        raise ValidationError(_("A closed or annulled document cannot be assigned."))
    with transaction.atomic():
        task = Task.objects.create(
            organisation=organisation,
            document=document,
            case=case,
            assignee=assignee,
            unit=unit,
            instruction=instruction.strip(),
            due_on=due_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=timezone.now(),
            handed_over_from=handed_over_from,
        )
        if document is not None and document.status == Status.REGISTERED:
            Document.objects.filter(pk=document.pk).update(status=Status.ASSIGNED)
            document.status = Status.ASSIGNED
        audit_record(
            organisation=organisation,
            actor=actor,
            action="task.assign",
            obj=task,
            changes={
                "on": document.number if document else case.mark if case else None,
                "assignee": assignee.email if assignee else None,
                "unit": unit.code if unit else None,
                "due_on": due_on.isoformat(),
            },
            request=request,
        )
    return task


def _task_may_act(task: Task, actor: Any) -> bool:
    if task.assignee_id is not None:
        return bool(task.assignee_id == actor.pk)
    return task.organisation.memberships.filter(user=actor, unit=task.unit, is_active=True).exists()


def _task_finish(
    task: Task, actor: Any, status: str, outcome: str, request: HttpRequest | None
) -> Task:
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if not locked.is_open:
            raise ValidationError(_("This task is finished already."))
        if not _task_may_act(locked, actor):
            raise ValidationError(_("Only the official or unit it is assigned to can do this."))
        before = locked.status
        locked.status = status
        locked.outcome = outcome
        locked.finished_at = timezone.now()
        if status == TaskStatus.ACCEPTED:
            locked.finished_at = None
        locked.save(update_fields=["status", "outcome", "finished_at"])
        if (
            status == TaskStatus.ACCEPTED
            and locked.document_id
            and locked.document is not None
            and locked.document.status in (Status.REGISTERED, Status.ASSIGNED)
        ):
            Document.objects.filter(pk=locked.document_id).update(status=Status.IN_PROGRESS)
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action=f"task.{status}",
            obj=locked,
            changes={"status": [before, status], **({"outcome": outcome} if outcome else {})},
            request=request,
        )
    return locked


def task_accept(*, task: Task, actor: Any, request: HttpRequest | None = None) -> Task:
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("Only a task waiting to be accepted can be accepted."))
    return _task_finish(task, actor, TaskStatus.ACCEPTED, "", request)


def task_complete(
    *, task: Task, actor: Any, outcome: str = "", request: HttpRequest | None = None
) -> Task:
    return _task_finish(task, actor, TaskStatus.DONE, outcome.strip(), request)


def task_return(*, task: Task, actor: Any, reason: str, request: HttpRequest | None = None) -> Task:
    """Give a task back to whoever assigned it, with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for returning the task.")})
    return _task_finish(task, actor, TaskStatus.RETURNED, reason.strip(), request)


def task_hand_over(
    *,
    task: Task,
    actor: Any,
    assignee: Any | None = None,
    unit: Any | None = None,
    instruction: str = "",
    request: HttpRequest | None = None,
) -> Task:
    """Pass a task on: the old one ends as handed over, a new one keeps the chain."""
    with transaction.atomic():
        finished = _task_finish(task, actor, TaskStatus.HANDED_OVER, "", request)
        return task_assign(
            organisation=finished.organisation,
            actor=actor,
            instruction=instruction or finished.instruction,
            due_on=max(finished.due_on, timezone.localdate()),
            document=finished.document,
            case=finished.case,
            assignee=assignee,
            unit=unit,
            handed_over_from=finished,
            request=request,
        )


# --- the statutory clock: suspensions and extensions -------------------------------------

CLOCK_STATUSES = (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)


def _recompute_deadline(document: Document, today: date) -> date | None:
    """The deadline from the kind's rule with every suspension counted. After an extension,
    the authority's new date is the base, moved by the suspensions that came after it."""
    rule = document.kind.deadline_rule
    if rule is None or document.received_on is None:
        return document.deadline
    suspensions = list(document.suspensions.all())
    last_extension = document.extensions.order_by("-created_at", "-id").first()
    if last_extension is None:
        stopped = [Suspension_(s.start, s.end) for s in suspensions]
        return rule.deadline_for(start=document.received_on, suspensions=stopped, today=today)
    since = timezone.localdate(last_extension.created_at)
    stopped_days = sum(
        ((s.end or today) - s.start).days + 1 for s in suspensions if s.start >= since
    )
    moved = last_extension.deadline_new + timedelta(days=stopped_days)
    return next_working_day(moved, document.organisation.country) if stopped_days else moved


def document_suspend(
    *, document: Document, actor: Any, reason: str, request: HttpRequest | None = None
) -> Suspension:
    """Stop the clock from today, e.g. while the party supplies what was asked for."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for stopping the clock.")})
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            Document.objects.select_for_update(of=("self",))
            .select_related("kind__deadline_rule")
            .get(pk=document.pk)
        )
        if locked.deadline is None or locked.status not in CLOCK_STATUSES:
            raise ValidationError(_("This document has no running deadline."))
        if locked.suspensions.filter(end__isnull=True).exists():
            raise ValidationError(_("The clock is already stopped."))
        suspension = Suspension.objects.create(document=locked, start=today, reason=reason.strip())
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="document.suspend",
            obj=locked,
            changes={"from": today.isoformat(), "reason": reason.strip()},
            request=request,
        )
    return suspension


def document_resume(
    *, document: Document, actor: Any, request: HttpRequest | None = None
) -> Document:
    """Start the clock again; the deadline moves by the days it stood still."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            Document.objects.select_for_update(of=("self",))
            .select_related("kind__deadline_rule")
            .get(pk=document.pk)
        )
        suspension = locked.suspensions.filter(end__isnull=True).first()
        if suspension is None:
            raise ValidationError(_("The clock is running."))
        suspension.end = max(today, suspension.start)
        suspension.save(update_fields=["end"])
        before = locked.deadline
        locked.deadline = _recompute_deadline(locked, today)
        locked.save(update_fields=["deadline"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="document.resume",
            obj=locked,
            changes={
                "deadline": [
                    before.isoformat() if before else None,
                    locked.deadline.isoformat() if locked.deadline else None,
                ],
                "stopped": [suspension.start.isoformat(), suspension.end.isoformat()],
            },
            request=request,
        )
    return locked


def document_extend(
    *,
    document: Document,
    actor: Any,
    deadline_new: date,
    reason: str,
    request: HttpRequest | None = None,
) -> Extension:
    """Set a later deadline and draft the notice to the party, in the document's language.

    Where the law caps the extension (UDIP: two months from the request; ЗДОИ: ten more
    days), a later date is refused."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            Document.objects.select_for_update(of=("self",))
            .select_related("kind__deadline_rule", "organisation", "correspondent")
            .get(pk=document.pk)
        )
        if locked.deadline is None or locked.status not in CLOCK_STATUSES:
            raise ValidationError(_("This document has no running deadline."))
        rule = locked.kind.deadline_rule
        limit = (
            rule.longest_extension(start=locked.received_on, deadline=locked.deadline)
            if rule is not None and locked.received_on is not None
            else None
        )
        if limit is not None and deadline_new > limit:
            raise ValidationError(
                {
                    "deadline_new": _("The law allows at most until %(date)s.")
                    % {"date": formats.date_format(limit, "SHORT_DATE_FORMAT")}
                }
            )
        if deadline_new < today:
            raise ValidationError({"deadline_new": _("The new deadline is in the past.")})
        organisation = locked.organisation
        language = locked.language or organisation.main_language
        instruction = ""
        if organisation.country == "PL":
            with translation.override(language):
                instruction = _(
                    "You have the right to file a reminder (ponaglenie) under art. 37 of the "
                    "Code of Administrative Procedure."
                )
        notice = extension_notice(
            deadline_old=locked.deadline,
            deadline_new=deadline_new,
            reason=reason,
            legal_basis=rule.legal_basis if rule is not None else "",
            language=language,
            organisation_name=organisation.name,
            subject=f"{locked.number} {locked.subject}",
            party_name=locked.correspondent.name if locked.correspondent else "",
            instruction=instruction,
        )
        extension = Extension.objects.create(
            document=locked,
            deadline_old=locked.deadline,
            deadline_new=deadline_new,
            reason=reason.strip(),
            notice=notice,
            created_at=timezone.now(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        Document.objects.filter(pk=locked.pk).update(deadline=deadline_new)
        audit_record(
            organisation=organisation,
            actor=actor,
            action="document.extend",
            obj=locked,
            changes={
                "deadline": [extension.deadline_old.isoformat(), deadline_new.isoformat()],
                "reason": reason.strip(),
            },
            request=request,
        )
    return extension


def document_relate(
    *, document: Document, other: Document, actor: Any, request: HttpRequest | None = None
) -> None:
    """Link two documents of the organisation as related (both ways)."""
    if other.organisation_id != document.organisation_id:
        raise ValidationError(_("This belongs to another organisation."))
    if other.pk == document.pk:
        raise ValidationError(_("A document cannot be related to itself."))
    with transaction.atomic():
        document.related.add(other)
        audit_record(
            organisation=document.organisation,
            actor=actor,
            action="document.relate",
            obj=document,
            changes={"related": other.number},
            request=request,
        )


# ---- attachments ------------------------------------------------------------------------------


def _attachment_changes(attachment: Attachment, **extra: Any) -> dict[str, Any]:
    """What the journal keeps about a file: its hash always; its name only when the
    document is not confidential (a name can tell as much as a subject)."""
    changes: dict[str, Any] = {
        "attachment": attachment.pk,
        "sha256": attachment.file.sha256,
        "size": attachment.size,
        "mime": attachment.mime,
        "kind": attachment.kind,
        "version": attachment.version,
        **extra,
    }
    if attachment.document.confidentiality != Confidentiality.CONFIDENTIAL:
        changes["filename"] = attachment.filename
    return changes


def _enqueue_extraction(attachment_ids: list[int]) -> None:
    from municipium.queue import enqueue_with_change

    from .tasks import extract_attachment

    for attachment_id in attachment_ids:
        enqueue_with_change(extract_attachment, attachment_id=attachment_id)


def _check_document_takes_files(document: Document) -> None:
    if document.status == Status.ANNULLED:
        raise ValidationError(_("The registration is annulled; it takes no more files."))


def attachment_attach(
    *,
    document: Document,
    stored: StoredFile,
    filename: str,
    actor: Any,
    kind: str | None = None,
    replaces: Attachment | None = None,
    request: HttpRequest | None = None,
) -> Attachment:
    """Attach an already stored blob (no copy) to a document and queue its text extraction
    in the same transaction. Outgoing documents not yet sent get drafts; everything
    else gets originals."""
    _check_document_takes_files(document)
    if kind is None:
        unsent_outgoing = document.direction == Direction.OUTGOING and document.sent_on is None
        kind = AttachmentKind.DRAFT if unsent_outgoing else AttachmentKind.ORIGINAL
    attachment = Attachment(
        organisation=document.organisation,
        document=document,
        file=stored,
        filename=filename,
        mime=stored.mime,
        size=stored.size,
        kind=kind,
        version=replaces.version + 1 if replaces is not None else 1,
        replaces=replaces,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=timezone.now(),
    )
    with transaction.atomic():
        attachment.save(force_insert=True)
        audit_record(
            organisation=document.organisation,
            actor=actor,
            action="attachment.version" if replaces is not None else "attachment.add",
            obj=document,
            changes=_attachment_changes(attachment),
            request=request,
        )
        # Queued with the attachment (the task queue is a table): the file is read even if
        # this process stops right after the commit.
        _enqueue_extraction([attachment.pk])
    return attachment


def attachment_add(
    *, document: Document, upload: Any, actor: Any, request: HttpRequest | None = None
) -> Attachment:
    """Check an uploaded file (UploadRefused when we do not take it: nothing is stored),
    store its bytes once by their hash and attach it to the document."""
    _check_document_takes_files(document)
    inspected = inspect_upload(upload.name, upload)
    stored = store_file(inspected, upload)
    return attachment_attach(
        document=document, stored=stored, filename=inspected.name, actor=actor, request=request
    )


def attachments_add(
    *, document: Document, uploads: list[Any], actor: Any, request: HttpRequest | None = None
) -> list[Attachment]:
    """Several files at once, all or nothing: when any is refused, none is stored and the
    ValidationError names each refused file with its reason."""
    _check_document_takes_files(document)
    stored = check_and_store(uploads)
    with transaction.atomic():
        return [
            attachment_attach(
                document=document,
                stored=blob,
                filename=inspected.name,
                actor=actor,
                request=request,
            )
            for inspected, blob in stored
        ]


def check_and_store(uploads: list[Any]) -> list[tuple[InspectedFile, StoredFile]]:
    """Inspect every upload, then store their blobs: ValidationError({"upload": …}) naming
    each refused file when any is refused, and nothing stored then. Runs outside the
    registration's transaction, so hashing and writing large files holds no lock."""
    checked: list[tuple[InspectedFile, Any]] = []
    refusals: list[ValidationError] = []
    for upload in uploads:
        try:
            checked.append((inspect_upload(upload.name, upload), upload))
        except UploadRefused as refusal:
            label = upload.name if len(upload.name) <= 80 else upload.name[:77] + "…"
            refusals.append(ValidationError(f"{label}: {refusal.reason}", code=refusal.code))
    if refusals:
        raise ValidationError({"upload": refusals})
    return [(inspected, store_file(inspected, upload)) for inspected, upload in checked]


def document_register_with_files(*, uploads: list[Any], **fields: Any) -> Registration:
    """`document_register` with the files handed in at the counter: the files are checked
    and stored first; the registration and its attachments commit together; the text is
    read after the commit, so a failed extraction never holds a registration back."""
    stored = check_and_store(uploads)
    with transaction.atomic():
        registration = document_register(**fields)
        for inspected, blob in stored:
            attachment_attach(
                document=registration.document,
                stored=blob,
                filename=inspected.name,
                actor=fields.get("actor"),
                request=fields.get("request"),
            )
    return registration


def attachment_new_version(
    *, attachment: Attachment, upload: Any, actor: Any, request: HttpRequest | None = None
) -> Attachment:
    """A new version of a draft of an outgoing document that is not sent yet; the earlier
    version stays as history. Originals, and drafts of a sent document, never change."""
    document = attachment.document
    if attachment.kind != AttachmentKind.DRAFT:
        raise ValidationError(_("A registered original is never changed; add a new file."))
    if document.sent_on is not None:
        raise ValidationError(_("The document is sent; its drafts are final."))
    inspected = inspect_upload(upload.name, upload)
    stored = store_file(inspected, upload)
    with transaction.atomic():
        current = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if Attachment.objects.filter(replaces=current).exists():
            raise ValidationError(_("A newer version exists; add the version to that one."))
        try:
            with transaction.atomic():
                return attachment_attach(
                    document=document,
                    stored=stored,
                    filename=inspected.name,
                    actor=actor,
                    kind=AttachmentKind.DRAFT,
                    replaces=current,
                    request=request,
                )
        except IntegrityError:
            raise ValidationError(
                _("A newer version exists; add the version to that one.")
            ) from None


def attachment_downloaded(
    *, attachment: Attachment, actor: Any, request: HttpRequest | None = None
) -> None:
    """Journal the download of a confidential document's file (others are not journaled)."""
    if attachment.document.confidentiality != Confidentiality.CONFIDENTIAL:
        return
    with transaction.atomic():
        audit_record(
            organisation=attachment.organisation,
            actor=actor,
            action="attachment.download",
            obj=attachment,
            changes={
                "document": attachment.document.number,
                "attachment": attachment.pk,
                "sha256": attachment.file.sha256,
            },
            request=request,
        )


def attachment_retry_extraction(
    *, attachment: Attachment, actor: Any, request: HttpRequest | None = None
) -> Attachment:
    """Queue the text extraction again after a failure (or once OCR is installed)."""
    if attachment.extraction_status not in (ExtractionStatus.FAILED, ExtractionStatus.UNAVAILABLE):
        raise ValidationError(_("The text of this file is not waiting for a retry."))
    with transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(
            extraction_status=ExtractionStatus.PENDING, extraction_error=""
        )
        attachment.extraction_status = ExtractionStatus.PENDING
        attachment.extraction_error = ""
        audit_record(
            organisation=attachment.organisation,
            actor=actor,
            action="attachment.extraction_retry",
            obj=attachment,
            changes={"attachment": attachment.pk},
            request=request,
        )
        _enqueue_extraction([attachment.pk])
    return attachment


def attachment_extract(*, attachment: Attachment, ocr: Any = None) -> Attachment:
    """Read the text of a file (OCR for scans) and keep it on the attachment, then have the
    document re-indexed. The slow part runs outside any transaction; a failure is kept with
    its reason, for the document page and a retry."""
    from municipium.search.extractors import ExtractionFailed, OcrUnavailable, extract_text
    from municipium.search.sandbox import extract_in_child

    status, error, text, used_ocr = ExtractionStatus.DONE, "", "", False
    try:
        data = read_blob(attachment.file)
        # In a child process under time and memory limits; a given OCR engine (a test's)
        # is used in this process.
        extracted = (
            extract_in_child(data, attachment.mime)
            if ocr is None
            else extract_text(data, attachment.mime, ocr=ocr)
        )
        text, used_ocr = extracted.text, extracted.ocr
    except OcrUnavailable as exc:
        status, error = ExtractionStatus.UNAVAILABLE, str(exc)
    except ExtractionFailed as exc:
        status, error = ExtractionStatus.FAILED, str(exc)
    except OSError as exc:
        status, error = (
            ExtractionStatus.FAILED,
            _("The stored file cannot be read: %(error)s") % {"error": exc.strerror or exc},
        )
    with transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(
            extraction_status=status, extraction_error=error, extracted_text=text, ocr=used_ocr
        )
        attachment.extraction_status, attachment.extraction_error = status, error
        attachment.extracted_text, attachment.ocr = text, used_ocr
        audit_record(
            organisation=attachment.organisation,
            actor=None,
            action="attachment.extract",
            obj=attachment,
            changes={
                "attachment": attachment.pk,
                "status": status,
                "ocr": used_ocr,
                "chars": len(text),
            },
        )
        _index_soon(attachment.document)
    return attachment


def _index_soon(document: Document) -> None:
    # Imported here: the search app imports the registry's models when it starts.
    from municipium.search.services import index_soon

    index_soon(document)


# ---- e-mail intake ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeReceived:
    message: IntakeMessage
    created: bool  # False: the same message was received before (one draft per message ID)


def intake_receive(
    *,
    organisation: Organisation,
    name: str,
    data: bytes,
    actor: Any,
    request: HttpRequest | None = None,
) -> IntakeReceived:
    """Keep an e-mail (.eml) as a draft incoming document: the message and each attachment
    we accept are stored as blobs; attachments we refuse are listed with the reason (they
    stay inside the kept message). UploadRefused when the file is not an e-mail."""
    from .intake import parse_eml

    inspected = inspect_upload(name, io.BytesIO(data))
    if inspected.mime != "message/rfc822":
        raise UploadRefused(_("This is not an e-mail message (.eml)."), code="not_email")
    parsed = parse_eml(data)
    existing = IntakeMessage.objects.filter(
        organisation=organisation, message_id=parsed.message_id
    ).first()
    if existing is not None:
        return IntakeReceived(existing, created=False)
    eml = store_file(inspected, io.BytesIO(data))
    files: list[tuple[InspectedFile, StoredFile]] = []
    refused: list[dict[str, str]] = []
    for attachment_name, payload in parsed.attachments:
        try:
            files.append(store_bytes(attachment_name, payload))
        except UploadRefused as refusal:
            refused.append({"name": attachment_name[:200], "reason": refusal.reason})
    message = IntakeMessage(
        organisation=organisation,
        message_id=parsed.message_id,
        sender_name=parsed.sender_name,
        sender_email=parsed.sender_email,
        subject=parsed.subject,
        body=parsed.body,
        sent_at=parsed.sent_at,
        eml=eml,
        refused_files=refused,
        received_at=timezone.now(),
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            message.save(force_insert=True)
            IntakeFile.objects.bulk_create(
                IntakeFile(
                    message=message,
                    file=stored,
                    filename=inspected_file.name,
                    mime=stored.mime,
                    size=stored.size,
                )
                for inspected_file, stored in files
            )
            audit_record(
                organisation=organisation,
                actor=actor,
                action="intake.receive",
                obj=message,
                changes={
                    "message_id": parsed.message_id,
                    "sha256": eml.sha256,
                    "files": len(files),
                    "refused": len(refused),
                },
                request=request,
            )
    except IntegrityError:  # received at the same moment by another worker
        return IntakeReceived(
            IntakeMessage.objects.get(organisation=organisation, message_id=parsed.message_id),
            created=False,
        )
    return IntakeReceived(message, created=True)


def _check_intake_draft(message: IntakeMessage) -> IntakeMessage:
    locked = IntakeMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != IntakeStatus.DRAFT:
        raise ValidationError(_("This e-mail was already registered or discarded."))
    return locked


def intake_register(
    *,
    message: IntakeMessage,
    actor: Any,
    register: Register,
    kind: DocumentKind,
    subject: str,
    correspondent: Correspondent | None = None,
    new_correspondent: dict[str, Any] | None = None,
    confidentiality: str = Confidentiality.INTERNAL,
    readers: list[Any] | None = None,
    request: HttpRequest | None = None,
) -> Registration:
    """Register a draft e-mail as an incoming document (channel e-mail). Its attachments and
    the message itself become the document's original attachments — the same blobs, no copy."""
    organisation = message.organisation
    with transaction.atomic():
        locked = _check_intake_draft(message)
        received_on = timezone.localdate(locked.sent_at) if locked.sent_at else None
        try:
            _check_registration_dates(
                received_on=received_on, sent_on=None, today=timezone.localdate()
            )
        except ValidationError:
            # A sender's clock set wrong: the day the office received it is today.
            received_on = None
        registration = document_register(
            organisation=organisation,
            actor=actor,
            register=register,
            direction=Direction.INCOMING,
            kind=kind,
            subject=subject,
            channel=Channel.EMAIL,
            description=locked.body[:20_000],
            correspondent=correspondent,
            new_correspondent=new_correspondent,
            received_on=received_on,
            confidentiality=confidentiality,
            readers=readers,
            request=request,
        )
        document = registration.document
        attach = [(f.file, f.filename) for f in locked.files.select_related("file")]
        attach.append((locked.eml, "message.eml"))
        for stored, filename in attach:
            attachment_attach(
                document=document,
                stored=stored,
                filename=filename,
                actor=actor,
                kind=AttachmentKind.ORIGINAL,
                request=request,
            )
        locked.status = IntakeStatus.REGISTERED
        locked.document = document
        locked.save(update_fields=["status", "document"])
        message.status, message.document = locked.status, document
        audit_record(
            organisation=organisation,
            actor=actor,
            action="intake.register",
            obj=locked,
            changes={"document": document.number, "message_id": locked.message_id},
            request=request,
        )
    return registration


def intake_discard(
    *, message: IntakeMessage, actor: Any, reason: str, request: HttpRequest | None = None
) -> IntakeMessage:
    """Set a draft e-mail aside (spam, sent twice, not for this office), with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the e-mail is discarded.")})
    with transaction.atomic():
        locked = _check_intake_draft(message)
        locked.status = IntakeStatus.DISCARDED
        locked.discard_reason = reason
        locked.save(update_fields=["status", "discard_reason"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="intake.discard",
            obj=locked,
            changes={"reason": reason, "message_id": locked.message_id},
            request=request,
        )
    message.status, message.discard_reason = locked.status, reason
    return message
