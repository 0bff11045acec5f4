from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from municipium.audit.models import AuditEntry
from municipium.audit.phrases import Glossary
from municipium.search.extractors import ocr_available
from municipium.tenants.models import Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.scoping import org_view

from . import exports, files, intake, masks, queries, services
from .forms import (
    AnnulForm,
    AttachmentUploadForm,
    AttachmentVersionForm,
    BookForm,
    CaseAddForm,
    CaseOpenForm,
    DocumentFilterForm,
    ExtendForm,
    FilePlanImportForm,
    FilePlanItemForm,
    HandOverForm,
    IntakeRegisterForm,
    IntakeUploadForm,
    ReasonForm,
    RegisterForm,
    RegistrationForm,
    RelatedForm,
    StatusForm,
    TaskAssignForm,
    TaskOutcomeForm,
)
from .models import (
    Correspondent,
    Direction,
    Document,
    Extension,
    IntakeFile,
    IntakeStatus,
    Status,
    Task,
)

PAGE_SIZE = 50
REGISTERING_ROLES = (Role.REGISTRAR,)
STATUS_ROLES = (Role.REGISTRAR, Role.MANAGER, Role.OFFICIAL)
ASSIGNING_ROLES = (Role.MANAGER,)
CASE_ROLES = (Role.REGISTRAR, Role.MANAGER, Role.OFFICIAL)
FILE_PLAN_ROLES = (Role.ADMIN,)
# Who adds files to a document, drafts new versions and retries a failed text extraction.
ATTACH_ROLES = STATUS_ROLES


def _office(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        **context,
    }
    return render(request, template, context, status=status)


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@org_view()
def document_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = DocumentFilterForm(request.GET or None, scope=scope)
    rows: list[Document] = []
    next_url = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        filters = queries.DocumentFilters(
            register=data.get("register") or None,
            year=data.get("year"),
            kind=data.get("kind") or None,
            status=data.get("status") or None,
            correspondent=data.get("correspondent"),
            overdue=bool(data.get("overdue")),
            q=data.get("q") or None,
            direction=data.get("direction") or None,
            holder=data.get("holder"),
            unit=data.get("unit"),
            due_week=bool(data.get("due_week")),
        )
        rows, cursor = queries.page(
            queries.document_list(scope, filters), after=data.get("after"), size=PAGE_SIZE
        )
        if cursor is not None:
            params: dict[str, str | int] = {
                k: str(v) for k, v in request.GET.items() if k != "after" and v
            }
            next_url = "?" + urlencode({**params, "after": cursor})
    context = {
        "form": form,
        "documents": rows,
        "next_url": next_url,
        "can_register": scope.has(*REGISTERING_ROLES),
    }
    template = "registry/_rows.html" if request.headers.get("HX-Request") else "registry/list.html"
    status = 400 if form.is_bound and not form.is_valid() else 200
    return _office(request, template, context, status)


@org_view(roles=REGISTERING_ROLES)
def document_new(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    initial: dict[str, Any] = {"direction": "incoming"}
    answering = None
    reply_id = request.POST.get("reply_to") or request.GET.get("reply_to")
    if reply_id:
        answering = queries.document_detail(scope, reply_id)
        initial = {
            "direction": "outgoing",
            "reply_to": answering.pk,
            "subject": answering.subject,
            "correspondent_id": answering.correspondent_id,
            "correspondent_name": answering.correspondent.name if answering.correspondent else "",
            # The answer goes where the letter came from: its address stays on the form.
            **_correspondent_initial(answering.correspondent),
            "channel": answering.channel,
            "register": queries.registers_of(scope)
            .filter(is_active=True, scope__in=["outgoing", "mixed"])
            .order_by("scope", "code")
            .values_list("code", flat=True)
            .first(),
            "kind": "letter",
        }
    form = RegistrationForm(
        request.POST or None, request.FILES or None, scope=scope, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correspondent = None
            if data.get("correspondent_id"):
                correspondent = scope.get(
                    queries.correspondents_of(scope), pk=data["correspondent_id"]
                )
            registration = _register(request, scope, data, form, correspondent, answering)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            document = registration.document
            messages.success(request, _registered_message(registration))
            return redirect(
                "registry:document", org=scope.organisation.slug, document_id=document.pk
            )
    status = 400 if request.method == "POST" else 200
    return _office(request, "registry/new.html", {"form": form, "answering": answering}, status)


def _correspondent_initial(correspondent: Correspondent | None) -> dict[str, Any]:
    if correspondent is None:
        return {}
    return {
        "correspondent_kind": correspondent.kind,
        "correspondent_address": correspondent.address,
        "correspondent_email": correspondent.email,
        "correspondent_phone": correspondent.phone,
    }


def _registered_message(registration: services.Registration) -> str:
    """The sender of an incoming document tracks it with the access code; an outgoing or
    internal one has no sender to give it to (its receipt can still be printed)."""
    document = registration.document
    if document.direction == Direction.INCOMING:
        return _("Registered as %(number)s. Access code for the sender: %(code)s") % {
            "number": document.number,
            "code": registration.access_code,
        }
    return _("Registered as %(number)s.") % {"number": document.number}


def _register(
    request: HttpRequest,
    scope: Any,
    data: dict[str, Any],
    form: RegistrationForm,
    correspondent: Correspondent | None,
    answering: Document | None = None,
) -> services.Registration:
    return services.document_register_with_files(
        uploads=data.get("upload") or [],
        organisation=scope.organisation,
        actor=request.user,
        register=data["register"],
        direction=data["direction"],
        kind=data["kind"],
        subject=data["subject"],
        description=data.get("description") or "",
        correspondent=correspondent,
        new_correspondent=None if correspondent else form.correspondent_fields(),
        received_on=data.get("received_on"),
        channel=data["channel"],
        sheets=data.get("sheets") or 0,
        confidentiality=data["confidentiality"],
        readers=list(data.get("readers") or []),
        reply_to=answering,
        request=request,
    )


@org_view()
def correspondent_suggestions(request: HttpRequest) -> HttpResponse:
    """Correspondents matching what the registrar typed (htmx fragment, or a plain page)."""
    scope = request.scope  # type: ignore[attr-defined]
    term = (request.GET.get("correspondent_name") or request.GET.get("q") or "").strip()[:100]
    found: list[Correspondent] = []
    if len(term) >= 2:
        found = list(
            queries.correspondents_of(scope)
            .filter(
                Q(name__icontains=term)
                # Looking up by a personal number would reveal whose it is: only for the
                # roles that see identifiers in full.
                | (
                    Q(identifier=term.replace(" ", ""))
                    if queries.sees_identifiers(scope)
                    else Q(pk__in=[])
                )
            )
            .order_by("name")[:10]
        )
    return render(
        request,
        "registry/_suggestions.html",
        {
            "organisation": scope.organisation,
            "found": found,
            "term": term,
            "full_identifiers": queries.sees_identifiers(scope),
        },
    )


@org_view()
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    return _document_page(request, document)


def _document_page(
    request: HttpRequest, document: Document, status: int = 200, **forms: Any
) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    history = (
        AuditEntry.objects.select_related("actor")
        .filter(
            organisation=scope.organisation,
            object_type="registry.document",
            object_id=str(document.pk),
        )
        .order_by("seq")
    )
    may_attach = scope.has(*ATTACH_ROLES) and document.status != Status.ANNULLED
    context = {
        "document": document,
        "deadline": queries.deadline_state(document),
        "history": history,
        "glossary": Glossary(scope.organisation.pk),
        "full_identifiers": queries.sees_identifiers(scope),
        "annul_form": AnnulForm() if scope.has(*REGISTERING_ROLES) else None,
        "status_form": StatusForm(initial={"status": document.status})
        if scope.has(*STATUS_ROLES) and document.status != Status.ANNULLED
        else None,
        "tasks": queries.tasks_of(scope).filter(document=document).order_by("id"),
        "assign_form": TaskAssignForm(scope=scope) if scope.has(*ASSIGNING_ROLES) else None,
        "case_form": CaseOpenForm(scope=scope, initial={"title": document.subject})
        if scope.has(*CASE_ROLES) and document.case_id is None
        else None,
        "case_add_form": CaseAddForm() if scope.has(*CASE_ROLES) and not document.case_id else None,
        "can_answer": scope.has(*REGISTERING_ROLES) and document.direction == "incoming",
        "suspensions": document.suspensions.all(),
        "extensions": document.extensions.all(),
        "clock_forms": {
            "reason": ReasonForm(prefix="suspend"),
            "extend": ExtendForm(prefix="extend"),
        }
        if scope.has(*STATUS_ROLES)
        and document.deadline is not None
        and document.status in services.CLOCK_STATUSES
        else None,
        "clock_stopped": document.suspensions.filter(end__isnull=True).exists(),
        "related": queries.visible_documents(scope).filter(related=document).order_by("id"),
        "related_form": RelatedForm() if scope.has(*CASE_ROLES) else None,
        "attachments": files.document_attachments(document),
        "may_attach": may_attach,
        "upload_form": forms.get("upload_form") or AttachmentUploadForm() if may_attach else None,
        "version_form": AttachmentVersionForm(),
        "ocr_available": ocr_available(),
    }
    return _office(request, "registry/document.html", context, status)


@org_view(roles=REGISTERING_ROLES)
@require_POST
def document_annul(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = AnnulForm(request.POST)
    if form.is_valid():
        _perform(
            request,
            lambda: services.document_annul(
                document=document,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            ),
            _("The document is annulled; its number stays used."),
        )
    else:
        messages.error(request, _("Give the reason for the annulment."))
    return _back_to_document(scope, document)


@org_view(roles=STATUS_ROLES)
@require_POST
def document_status(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        _perform(
            request,
            lambda: services.document_set_status(
                document=document,
                actor=request.user,
                status=form.cleaned_data["status"],
                request=request,
            ),
            _("The status is changed."),
        )
    else:
        messages.error(request, _("Choose a status."))
    return _back_to_document(scope, document)


@org_view()
def book(request: HttpRequest) -> HttpResponseBase:
    """The registry book for a register and a period, as PDF, CSV or ODS."""
    scope = request.scope  # type: ignore[attr-defined]
    today = timezone.localdate()
    initial = {"date_from": today.replace(month=1, day=1), "date_to": today}
    form = BookForm(request.GET or None, scope=scope, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        request_ = exports.BookRequest(data["register"], data["date_from"], data["date_to"])
        rows = exports.book_rows(scope, request_)
        name = "-".join(
            [
                scope.organisation.slug,
                data["register"].code,
                str(data["date_from"]),
                str(data["date_to"]),
            ]
        )
        if data["format"] == "csv":
            stream = StreamingHttpResponse(
                exports.book_csv(rows), content_type="text/csv; charset=utf-8"
            )
            stream["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return stream
        if data["format"] == "ods":
            response: HttpResponse = HttpResponse(
                exports.book_ods(rows, data["register"].name),
                content_type="application/vnd.oasis.opendocument.spreadsheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.ods"'
            return response
        try:
            pdf = exports.book_pdf(scope, request_, rows)
        except exports.PdfUnavailable as error:
            form.add_error(None, str(error))
            return _office(request, "registry/book.html", {"form": form}, 503)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    status = 400 if form.is_bound else 200
    return _office(request, "registry/book.html", {"form": form}, status)


@org_view(roles=REGISTERING_ROLES)
@require_POST
def receipt(request: HttpRequest, document_id: int) -> HttpResponse:
    """A registration receipt (PDF) with a fresh access code; the previous code stops working."""
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    try:
        exports.pdf_check()  # before the new code: the old one keeps working when no PDF comes
    except exports.PdfUnavailable as error:
        messages.error(request, str(error))
        return _document_page(request, document, status=503)
    code = services.document_reissue_access_code(
        document=document, actor=request.user, request=request
    )
    response = HttpResponse(exports.receipt_pdf(document, code), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{document.pk}.pdf"'
    return response


def _back_to_document(scope: Any, document: Document) -> HttpResponse:
    return redirect("registry:document", org=scope.organisation.slug, document_id=document.pk)


def _refuse(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _perform(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service for a POST action: a refusal becomes an error message, success a note."""
    try:
        action()
    except ValidationError as error:
        _refuse(request, error)
        return False
    messages.success(request, success)
    return True


@org_view(roles=CASE_ROLES)
@require_POST
def document_open_case(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = CaseOpenForm(request.POST, scope=scope)
    if not form.is_valid():
        messages.error(request, _("Choose the file plan class and the unit of the case."))
        return _back_to_document(scope, document)
    try:
        case = services.case_open(
            organisation=scope.organisation,
            actor=request.user,
            document=document,
            request=request,
            **form.cleaned_data,
        )
    except ValidationError as error:
        _refuse(request, error)
        return _back_to_document(scope, document)
    messages.success(request, _("Case %(mark)s is opened.") % {"mark": case.mark})
    return redirect("registry:case", org=scope.organisation.slug, case_id=case.pk)


@org_view(roles=CASE_ROLES)
@require_POST
def document_add_to_case(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = CaseAddForm(request.POST)
    if form.is_valid():
        case = queries.cases_of(scope).filter(mark=form.cleaned_data["mark"].strip()).first()
        if case is None:
            messages.error(request, _("No case with this mark."))
        else:
            _perform(
                request,
                lambda: services.case_add_document(
                    case=case, document=document, actor=request.user, request=request
                ),
                _("Added to case %(mark)s.") % {"mark": case.mark},
            )
    return _back_to_document(scope, document)


@org_view(roles=ASSIGNING_ROLES)
@require_POST
def document_assign(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = TaskAssignForm(request.POST, scope=scope)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back_to_document(scope, document)
    _perform(
        request,
        lambda: services.task_assign(
            organisation=scope.organisation,
            actor=request.user,
            document=document,
            request=request,
            **form.cleaned_data,
        ),
        _("The document is assigned."),
    )
    return _back_to_document(scope, document)


@org_view()
def case_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    status = request.GET.get("status") or "open"
    cases = queries.cases_of(scope)
    if status in ("open", "closed"):
        cases = cases.filter(status=status)
    try:
        after = int(request.GET.get("after") or 0) or None
    except ValueError:
        after = None
    if after:
        cases = cases.filter(id__lt=after)
    rows = list(cases.order_by("-id")[: PAGE_SIZE + 1])
    next_url = None
    if len(rows) > PAGE_SIZE:
        next_url = "?" + urlencode({"status": status, "after": str(rows[PAGE_SIZE - 1].pk)})
    context = {
        "cases": rows[:PAGE_SIZE],
        "status": status,
        "next_url": next_url,
        "open_form": CaseOpenForm(scope=scope) if scope.has(*CASE_ROLES) else None,
    }
    return _office(request, "registry/cases.html", context)


@org_view(roles=CASE_ROLES)
@require_POST
def case_new(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = CaseOpenForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            case = services.case_open(
                organisation=scope.organisation,
                actor=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("Case %(mark)s is opened.") % {"mark": case.mark})
            return redirect("registry:case", org=scope.organisation.slug, case_id=case.pk)
    else:
        messages.error(request, _("Give the title, the file plan class and the unit."))
    return redirect("registry:cases", org=scope.organisation.slug)


@org_view()
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    case = queries.case_detail(scope, case_id)
    documents = (
        queries.visible_documents(scope)
        .filter(case=case)
        .select_related("kind", "correspondent")
        .order_by("registered_at", "id")
    )
    tasks = queries.tasks_of(scope).filter(Q(case=case) | Q(document__case=case)).order_by("id")
    history = (
        AuditEntry.objects.select_related("actor")
        .filter(
            organisation=scope.organisation, object_type="registry.case", object_id=str(case.pk)
        )
        .order_by("seq")
    )
    context = {
        "case": case,
        "documents": documents,
        "tasks": tasks,
        "history": history,
        "glossary": Glossary(scope.organisation.pk),
        "can_manage": scope.has(*CASE_ROLES),
        "reason_form": ReasonForm(),
        "assign_form": TaskAssignForm(scope=scope) if scope.has(*ASSIGNING_ROLES) else None,
    }
    return _office(request, "registry/case.html", context)


@org_view(roles=CASE_ROLES)
@require_POST
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    case = queries.case_detail(scope, case_id)
    _perform(
        request,
        lambda: services.case_close(case=case, actor=request.user, request=request),
        _("The case is closed."),
    )
    return redirect("registry:case", org=scope.organisation.slug, case_id=case.pk)


@org_view(roles=CASE_ROLES)
@require_POST
def case_reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    case = queries.case_detail(scope, case_id)
    _perform(
        request,
        lambda: services.case_reopen(
            case=case, actor=request.user, reason=request.POST.get("reason", ""), request=request
        ),
        _("The case is reopened."),
    )
    return redirect("registry:case", org=scope.organisation.slug, case_id=case.pk)


@org_view(roles=ASSIGNING_ROLES)
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    case = queries.case_detail(scope, case_id)
    form = TaskAssignForm(request.POST, scope=scope)
    if form.is_valid():
        _perform(
            request,
            lambda: services.task_assign(
                organisation=scope.organisation,
                actor=request.user,
                case=case,
                request=request,
                **form.cleaned_data,
            ),
            _("The case is assigned."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("registry:case", org=scope.organisation.slug, case_id=case.pk)


@org_view()
def task_inbox(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    today = timezone.localdate()
    tasks = list(queries.inbox(scope)[:200])
    context = {
        "tasks": tasks,
        "today": today,
        "soon": today + timedelta(days=3),
        "outcome_form": TaskOutcomeForm(),
        "hand_over_form": HandOverForm(scope=scope),
    }
    return _office(request, "registry/tasks.html", context)


TASK_ACTIONS = {"accept", "complete", "return"}


@org_view()
@require_POST
def task_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    task: Task = scope.get(queries.tasks_of(scope), pk=task_id)
    if action not in TASK_ACTIONS:
        raise Http404
    outcome = TaskOutcomeForm(request.POST).data.get("outcome", "")
    try:
        if action == "accept":
            services.task_accept(task=task, actor=request.user, request=request)
        elif action == "complete":
            services.task_complete(task=task, actor=request.user, outcome=outcome, request=request)
        else:
            services.task_return(task=task, actor=request.user, reason=outcome, request=request)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The task is updated."))
    target = request.POST.get("next") or ""
    if target.startswith(f"/{scope.organisation.slug}/office/"):
        return redirect(target)
    return redirect("registry:tasks", org=scope.organisation.slug)


@org_view()
def file_plan(request: HttpRequest) -> HttpResponseBase:
    scope = request.scope  # type: ignore[attr-defined]
    items = queries.file_plan_of(scope)
    if request.GET.get("format") == "csv":
        stream = StreamingHttpResponse(
            exports.file_plan_csv(items), content_type="text/csv; charset=utf-8"
        )
        stream["Content-Disposition"] = (
            f'attachment; filename="{scope.organisation.slug}-file-plan.csv"'
        )
        return stream
    is_admin = scope.has(*FILE_PLAN_ROLES)
    form = FilePlanItemForm(scope=scope) if is_admin else None
    import_form = FilePlanImportForm() if is_admin else None
    report: list[services.RowError] = []
    status = 200
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if "file" in request.FILES:
            import_form = FilePlanImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                rows, problem = exports.read_csv(import_form.cleaned_data["file"])
                if problem:
                    import_form.add_error("file", problem)
                else:
                    count, report = services.file_plan_import(
                        organisation=scope.organisation,
                        actor=request.user,
                        rows=rows,
                        request=request,
                    )
                    if not report:
                        messages.success(
                            request, _("%(count)d classes imported.") % {"count": count}
                        )
                        return redirect("registry:file_plan", org=scope.organisation.slug)
        else:
            form = FilePlanItemForm(request.POST, scope=scope)
            if form.is_valid():
                try:
                    services.file_plan_item_create(
                        organisation=scope.organisation,
                        actor=request.user,
                        request=request,
                        **form.cleaned_data,
                    )
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(request, _("The class is added."))
                    return redirect("registry:file_plan", org=scope.organisation.slug)
        status = 400
    context = {"items": items, "form": form, "import_form": import_form, "report": report}
    return _office(request, "registry/file_plan.html", context, status)


@org_view(roles=STATUS_ROLES)
@require_POST
def document_clock(request: HttpRequest, document_id: int, action: str) -> HttpResponse:
    """Stop or restart the deadline's clock, or set a later deadline with a notice."""
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    try:
        if action == "suspend":
            reason = request.POST.get("suspend-reason", "")
            services.document_suspend(
                document=document, actor=request.user, reason=reason, request=request
            )
            messages.success(request, _("The clock is stopped."))
        elif action == "resume":
            services.document_resume(document=document, actor=request.user, request=request)
            messages.success(request, _("The clock runs again; the deadline has moved."))
        elif action == "extend":
            form = ExtendForm(request.POST, prefix="extend")
            if not form.is_valid():
                messages.error(request, _("Give the new deadline and the reason."))
                return _back_to_document(scope, document)
            services.document_extend(
                document=document, actor=request.user, request=request, **form.cleaned_data
            )
            messages.success(
                request, _("The deadline is extended; the notice to the party is drafted below.")
            )
        else:
            raise Http404
    except ValidationError as error:
        _refuse(request, error)
    return _back_to_document(scope, document)


@org_view()
def extension_notice(request: HttpRequest, document_id: int, extension_id: int) -> HttpResponse:
    """The drafted notice to the party, as a text file to put into the outgoing letter."""
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    extension = scope.get(
        Extension.objects.filter(document=document),
        path="document__organisation",
        pk=extension_id,
    )
    response = HttpResponse(extension.notice, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="notice-{document.pk}.txt"'
    return response


@org_view(roles=FILE_PLAN_ROLES)
def registers(request: HttpRequest) -> HttpResponse:
    """The organisation's registers; admins add new ones with their number masks."""
    scope = request.scope  # type: ignore[attr-defined]
    form = RegisterForm(request.POST or None, initial={"scope": "mixed"})
    if request.method == "POST" and form.is_valid():
        try:
            services.register_create(
                organisation=scope.organisation,
                actor=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The register is added."))
            return redirect("registry:registers", org=scope.organisation.slug)
    today = timezone.localdate()
    rows = [
        {"register": r, "example": masks.render(r.mask, seq=123, on=today, register=r.code)}
        for r in queries.registers_of(scope).order_by("code")
    ]
    status = 400 if request.method == "POST" else 200
    return _office(request, "registry/registers.html", {"form": form, "rows": rows}, status)


@org_view(roles=CASE_ROLES)
@require_POST
def document_relate(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = RelatedForm(request.POST)
    if form.is_valid():
        other = (
            queries.visible_documents(scope)
            .filter(number=form.cleaned_data["number"].strip())
            .first()
        )
        if other is None:
            messages.error(request, _("No document with this number."))
        else:
            _perform(
                request,
                lambda: services.document_relate(
                    document=document, other=other, actor=request.user, request=request
                ),
                _("The documents are linked."),
            )
    return _back_to_document(scope, document)


@org_view()
@require_POST
def task_hand_over(request: HttpRequest, task_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    task: Task = scope.get(queries.tasks_of(scope), pk=task_id)
    form = HandOverForm(request.POST, scope=scope)
    if form.is_valid() and (form.cleaned_data["assignee"] or form.cleaned_data["unit"]):
        try:
            services.task_hand_over(
                task=task,
                actor=request.user,
                assignee=form.cleaned_data["assignee"],
                unit=form.cleaned_data["unit"],
                request=request,
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The task is handed over."))
    else:
        messages.error(request, _("Choose an official or a unit."))
    return redirect("registry:tasks", org=scope.organisation.slug)


# ---- attachments ------------------------------------------------------------------------------


@org_view(roles=ATTACH_ROLES)
@require_POST
def attachment_upload(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = AttachmentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.attachments_add(
                document=document,
                uploads=form.cleaned_data["upload"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("upload", message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d file is added; its text is being read.",
                    "%(count)d files are added; their text is being read.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return _back_to_document(scope, document)
    return _document_page(request, document, status=400, upload_form=form)


@org_view()
def attachment_file(
    request: HttpRequest, document_id: int, attachment_id: int, view: bool = False
) -> HttpResponseBase:
    """The file itself: shown in place (PDF, images) with `view`, downloaded otherwise.
    Downloads of a confidential document's files are journaled."""
    scope = request.scope  # type: ignore[attr-defined]
    attachment = files.attachment_for(scope, document_id, attachment_id)
    services.attachment_downloaded(attachment=attachment, actor=request.user, request=request)
    return files.file_response(
        attachment.file, attachment.filename, attachment.mime, inline=view and attachment.inline
    )


@org_view(roles=ATTACH_ROLES)
@require_POST
def attachment_version(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    attachment = files.attachment_for(scope, document_id, attachment_id)
    form = AttachmentVersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file of the new version."))
    else:
        _perform(
            request,
            lambda: services.attachment_new_version(
                attachment=attachment,
                upload=form.cleaned_data["file"],
                actor=request.user,
                request=request,
            ),
            _("The new version is added."),
        )
    return _back_to_document(scope, attachment.document)


@org_view(roles=ATTACH_ROLES)
@require_POST
def attachment_retry(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    attachment = files.attachment_for(scope, document_id, attachment_id)
    _perform(
        request,
        lambda: services.attachment_retry_extraction(
            attachment=attachment, actor=request.user, request=request
        ),
        _("The text will be read again."),
    )
    return _back_to_document(scope, attachment.document)


# ---- e-mail intake ----------------------------------------------------------------------------


@org_view(roles=REGISTERING_ROLES)
def intake_list(request: HttpRequest) -> HttpResponse:
    """E-mails waiting for registration, and the form that takes more .eml files."""
    scope = request.scope  # type: ignore[attr-defined]
    form = IntakeUploadForm()
    status = 200
    if request.method == "POST":
        form = IntakeUploadForm(request.POST, request.FILES)
        if form.is_valid() and _receive_uploads(request, form):
            return redirect("registry:intake", org=scope.organisation.slug)
        status = 400
    drafts = intake.intake_drafts(scope)
    before = request.GET.get("before", "")
    if before.isdigit():
        drafts = drafts.filter(pk__lt=int(before))
    rows = list(drafts[: PAGE_SIZE + 1])
    older = rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None
    context = {"form": form, "drafts": rows[:PAGE_SIZE], "older": older}
    return _office(request, "registry/intake.html", context, status)


def _receive_uploads(request: HttpRequest, form: IntakeUploadForm) -> bool:
    """All or nothing: every file is checked before any is kept."""
    scope = request.scope  # type: ignore[attr-defined]
    uploads = form.cleaned_data["upload"]
    contents: list[tuple[str, bytes]] = []
    for upload in uploads:
        try:
            inspected = files.inspect_upload(upload.name, upload)
            if inspected.mime != "message/rfc822":
                raise files.UploadRefused(
                    _("This is not an e-mail message (.eml)."), code="not_email"
                )
        except files.UploadRefused as refusal:
            form.add_error("upload", f"{upload.name[:80]}: {refusal.reason}")
            continue
        upload.seek(0)
        contents.append((inspected.name, upload.read()))
    if form.errors:
        return False
    received = duplicates = 0
    with transaction.atomic():
        for name, data in contents:
            result = services.intake_receive(
                organisation=scope.organisation,
                name=name,
                data=data,
                actor=request.user,
                request=request,
            )
            received += result.created
            duplicates += not result.created
    note = ngettext(
        "%(count)d e-mail is waiting for registration.",
        "%(count)d e-mails are waiting for registration.",
        received,
    ) % {"count": received}
    if duplicates:
        note += " " + ngettext(
            "%(count)d was received before and is not repeated.",
            "%(count)d were received before and are not repeated.",
            duplicates,
        ) % {"count": duplicates}
    messages.success(request, note)
    return True


def _intake_initial(scope: Any, message: Any) -> dict[str, Any]:
    general = queries.registers_of(scope).filter(is_active=True, scope__in=["incoming", "mixed"])
    return {
        "subject": message.subject,
        "correspondent_name": message.sender_name or message.sender_email,
        "correspondent_email": message.sender_email,
        "register": general.order_by("code").values_list("code", flat=True).first(),
    }


@org_view(roles=REGISTERING_ROLES)
def intake_detail(request: HttpRequest, intake_id: int) -> HttpResponse:
    """One e-mail: check what it says, then register it as an incoming document."""
    scope = request.scope  # type: ignore[attr-defined]
    message = intake.intake_message_for(scope, intake_id)
    form = IntakeRegisterForm(scope=scope, initial=_intake_initial(scope, message))
    status = 200
    if request.method == "POST":
        if message.status != IntakeStatus.DRAFT:
            messages.error(request, _("This e-mail was already registered or discarded."))
            return redirect(
                "registry:intake_message", org=scope.organisation.slug, intake_id=message.pk
            )
        form = IntakeRegisterForm(request.POST, scope=scope)
        if form.is_valid():
            data = form.cleaned_data
            existing = intake.matching_correspondent(scope, data["correspondent_email"])
            try:
                registration = services.intake_register(
                    message=message,
                    actor=request.user,
                    register=data["register"],
                    kind=data["kind"],
                    subject=data["subject"],
                    correspondent=existing,
                    new_correspondent=None
                    if existing
                    else {
                        "name": data["correspondent_name"],
                        "kind": "person",
                        "email": data["correspondent_email"],
                    },
                    confidentiality=data["confidentiality"],
                    readers=list(data["readers"]),
                    request=request,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _registered_message(registration))
                return _back_to_document(scope, registration.document)
        status = 400
    context = {
        "message": message,
        "files": list(IntakeFile.objects.filter(message=message).order_by("id")),
        "form": form if message.status == IntakeStatus.DRAFT else None,
        "discard_form": ReasonForm(prefix="discard")
        if message.status == IntakeStatus.DRAFT
        else None,
        "matched": intake.matching_correspondent(scope, message.sender_email),
    }
    return _office(request, "registry/intake_message.html", context, status)


@org_view(roles=REGISTERING_ROLES)
@require_POST
def intake_discard(request: HttpRequest, intake_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    message = intake.intake_message_for(scope, intake_id)
    form = ReasonForm(request.POST, prefix="discard")
    if not form.is_valid():
        messages.error(request, _("Say why the e-mail is discarded."))
        return redirect(
            "registry:intake_message", org=scope.organisation.slug, intake_id=message.pk
        )
    if _perform(
        request,
        lambda: services.intake_discard(
            message=message, actor=request.user, reason=form.cleaned_data["reason"], request=request
        ),
        _("The e-mail is discarded."),
    ):
        return redirect("registry:intake", org=scope.organisation.slug)
    return redirect("registry:intake_message", org=scope.organisation.slug, intake_id=message.pk)


@org_view(roles=REGISTERING_ROLES)
def intake_file(
    request: HttpRequest, intake_id: int, file_id: int | None = None
) -> HttpResponseBase:
    """A file of an e-mail waiting for registration, or (without `file_id`) the message."""
    scope = request.scope  # type: ignore[attr-defined]
    message = intake.intake_message_for(scope, intake_id)
    if file_id is None:
        return files.file_response(message.eml, "message.eml", message.eml.mime, inline=False)
    item = IntakeFile.objects.select_related("file").filter(message=message, pk=file_id).first()
    if item is None:
        raise Http404
    return files.file_response(item.file, item.filename, item.mime, inline=False)
