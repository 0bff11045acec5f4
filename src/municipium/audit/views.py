from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from municipium.tenants.models import Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.scoping import org_view

from . import queries
from .forms import AuditFilterForm

PAGE_SIZE = 50


@org_view(roles=[Role.ADMIN])
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
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        "form": form,
        "entries": rows,
        "next_url": next_url,
    }
    template = "audit/_rows.html" if request.headers.get("HX-Request") else "audit/journal.html"
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)
