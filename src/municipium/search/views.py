from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from municipium.tenants.navigation import office_nav
from municipium.tenants.scoping import org_view

from .forms import SearchForm
from .queries import FACETS, PAGE_SIZE, SearchFilters, search


def _link(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


@org_view()
def search_page(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = SearchForm(request.GET or None)
    results = None
    facets: list[dict[str, Any]] = []
    pages: dict[str, str] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = SearchFilters(
            type=data["type"],
            register=data["register"],
            year=data["year"],
            kind=data["kind"],
            status=data["status"],
        )
        sort = data["sort"] or "relevance"
        results = search(scope, data["q"], filters=filters, sort=sort, page=data["page"] or 1)
        params = {"q": data["q"], "sort": sort, **filters.active()}
        for name in FACETS:
            values = [
                {
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                    # A selected value's link removes it; any other selects it.
                    "url": _link(
                        params, page=None, **{name: None if value.selected else value.value}
                    ),
                }
                for value in results.facets.get(name, [])
            ]
            if values:
                facets.append({"name": name, "values": values})
        if results.page > 1:
            pages["previous"] = _link(params, page=results.page - 1)
        if results.page < results.pages:
            pages["next"] = _link(params, page=results.page + 1)
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        "form": form,
        "results": results,
        "facets": facets,
        "pages": pages,
        "first": (results.page - 1) * PAGE_SIZE + 1 if results else 1,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "search/search.html", context, status=status)
