from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.audit.models import AuditEntry
from municipium.tenants.models import Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.scoping import org_view

from . import exports, queries, services
from .forms import AnnulForm, BookForm, DocumentFilterForm, RegistrationForm, StatusForm
from .models import Correspondent, Document, Status

PAGE_SIZE = 50
REGISTERING_ROLES = (Role.REGISTRAR,)
STATUS_ROLES = (Role.REGISTRAR, Role.MANAGER, Role.OFFICIAL)


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
    form = RegistrationForm(request.POST or None, scope=scope, initial={"direction": "incoming"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correspondent = None
            if data.get("correspondent_id"):
                correspondent = scope.get(
                    queries.correspondents_of(scope), pk=data["correspondent_id"]
                )
            registration = _register(request, scope, data, form, correspondent)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            document = registration.document
            messages.success(
                request,
                _("Registered as %(number)s. Access code for the sender: %(code)s")
                % {"number": document.number, "code": registration.access_code},
            )
            return redirect(
                "registry:document", org=scope.organisation.slug, document_id=document.pk
            )
    status = 400 if request.method == "POST" else 200
    return _office(request, "registry/new.html", {"form": form}, status)


def _register(
    request: HttpRequest,
    scope: Any,
    data: dict[str, Any],
    form: RegistrationForm,
    correspondent: Correspondent | None,
) -> services.Registration:
    from django.db import transaction

    with transaction.atomic():
        if correspondent is None:
            correspondent = services.correspondent_resolve(
                organisation=scope.organisation,
                actor=request.user,
                fields=form.correspondent_fields(),
                request=request,
            )
        return services.document_register(
            organisation=scope.organisation,
            actor=request.user,
            register=data["register"],
            direction=data["direction"],
            kind=data["kind"],
            subject=data["subject"],
            description=data.get("description") or "",
            correspondent=correspondent,
            received_on=data.get("received_on"),
            channel=data["channel"],
            sheets=data.get("sheets") or 0,
            confidentiality=data["confidentiality"],
            readers=list(data.get("readers") or []),
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
            .filter(Q(name__icontains=term) | Q(identifier=term.replace(" ", "")))
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
    history = AuditEntry.objects.filter(
        organisation=scope.organisation,
        object_type="registry.document",
        object_id=str(document.pk),
    ).order_by("seq")
    context = {
        "document": document,
        "deadline": queries.deadline_state(document),
        "history": history,
        "full_identifiers": queries.sees_identifiers(scope),
        "annul_form": AnnulForm() if scope.has(*REGISTERING_ROLES) else None,
        "status_form": StatusForm(initial={"status": document.status})
        if scope.has(*STATUS_ROLES) and document.status != Status.ANNULLED
        else None,
    }
    return _office(request, "registry/document.html", context)


@org_view(roles=REGISTERING_ROLES)
@require_POST
def document_annul(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = AnnulForm(request.POST)
    if form.is_valid():
        try:
            services.document_annul(
                document=document,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The document is annulled; its number stays used."))
    else:
        messages.error(request, _("Give the reason for the annulment."))
    return redirect("registry:document", org=scope.organisation.slug, document_id=document.pk)


@org_view(roles=STATUS_ROLES)
@require_POST
def document_status(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    document = queries.document_detail(scope, document_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.document_set_status(
                document=document,
                actor=request.user,
                status=form.cleaned_data["status"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status is changed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("registry:document", org=scope.organisation.slug, document_id=document.pk)


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
        response = HttpResponse(
            exports.book_pdf(scope, request_, rows), content_type="application/pdf"
        )
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
    code = services.document_reissue_access_code(
        document=document, actor=request.user, request=request
    )
    response = HttpResponse(exports.receipt_pdf(document, code), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{document.pk}.pdf"'
    return response
