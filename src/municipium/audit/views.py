from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from municipium.tenants.models import Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.scoping import org_view

from . import exports, queries
from .forms import AuditFilterForm
from .models import AuditVerification
from .phrases import Glossary
from .services import chain_for

PAGE_SIZE = 50
# The organisation's administrators and its managers, who answer for its work, read its journal.
JOURNAL_ROLES = [Role.ADMIN, Role.MANAGER]


@org_view(roles=JOURNAL_ROLES)
def journal(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None)
    rows: list = []
    next_url = None
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        entries = queries.journal(scope, filters)
        rows, next_before = queries.page(entries, before=filters.get("before"), size=PAGE_SIZE)
        if next_before is not None:
            params: dict[str, str | int] = {
                k: str(v) for k, v in request.GET.items() if k != "before" and v
            }
            next_url = "?" + urlencode({**params, "before": next_before})
    export_params: dict[str, str] = {
        k: str(v) for k, v in request.GET.items() if k != "before" and v
    }
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        "form": form,
        "entries": rows,
        "next_url": next_url,
        "verification": AuditVerification.objects.filter(
            chain=chain_for(scope.organisation)
        ).first(),
        "export_query": urlencode(export_params),
        "glossary": Glossary(scope.organisation.pk),
    }
    template = "audit/_rows.html" if request.headers.get("HX-Request") else "audit/journal.html"
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)


@org_view(roles=JOURNAL_ROLES)
def journal_csv(request: HttpRequest) -> HttpResponseBase:
    """The journal as CSV, narrowed by the same filters as the page, newest first."""
    scope = request.scope  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "audit/journal.html",
            {
                "organisation": scope.organisation,
                "nav": office_nav(scope, request.path),
                "form": form,
                "entries": [],
            },
            status=400,
        )
    filters = form.cleaned_data if form.is_bound else {}
    entries = queries.journal(scope, filters)
    stream: Iterator[str] = exports.journal_csv(entries, Glossary(scope.organisation.pk))
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{scope.organisation.slug}-audit-journal.csv"'
    )
    return response
