"""Thin views: parse, scope, read, render."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from municipium.tenants.models import Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from . import catalog, charts, figures, present, publication, queries, services
from .forms import CountryForm, PeriodForm


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


# --- the office ------------------------------------------------------------------------------


@org_view()
def overview(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    found = queries.overview(scope)
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        "overview": found,
        "can_publish": scope.has(Role.ADMIN),
        "publishes": publication.publishes(scope.organisation),
    }
    if found.whole:
        context["trend_rows"] = present.month_rows(found.trends, public=False)
        context["trend_chart"] = _received_chart(found.trends)
    return render(request, "insights/overview.html", context)


@org_view(roles=[Role.ADMIN])
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    choice = request.POST.get("publish")
    if choice not in ("on", "off"):
        return HttpResponseBadRequest(
            _("Say publish=on or publish=off."), content_type="text/plain"
        )
    services.figures_publish_set(
        organisation=scope.organisation, actor=request.user, publish=choice == "on", request=request
    )
    if choice == "on":
        messages.success(request, _("The figures are published."))
    else:
        messages.success(request, _("The figures are no longer published."))
    return redirect("insights:overview", org=scope.organisation.slug)


# --- charts ----------------------------------------------------------------------------------


def _received_chart(months: list[Any], rows: list[dict[str, Any]] | None = None) -> charts.Chart:
    """Received per month; with `rows` (public), a suppressed month draws no bar."""
    hidden = {i for i, row in enumerate(rows or []) if row["suppressed"]}
    points: list[tuple[str, float | None]] = [
        (f"{m.month:%m}", None if i in hidden else float(m.received)) for i, m in enumerate(months)
    ]
    shown = [m for i, m in enumerate(months) if i not in hidden]
    busiest = max(shown, key=lambda m: m.received, default=None)
    summary = _(
        "Documents received each month, %(first)s to %(last)s; most in %(month)s: %(n)s."
    ) % {
        "first": f"{months[0].month:%Y-%m}" if months else "",
        "last": f"{months[-1].month:%Y-%m}" if months else "",
        "month": f"{busiest.month:%Y-%m}" if busiest else "",
        "n": busiest.received if busiest else 0,
    }
    return charts.bar_chart(
        id="received", title=_("Documents received"), summary=summary, points=points
    )


def _on_time_chart(rows: list[dict[str, Any]], months: list[Any]) -> charts.Chart:
    points = [(f"{m.month:%m}", row["on_time_rate"]) for m, row in zip(months, rows, strict=True)]
    shown = [r["on_time_rate"] for r in rows if r["on_time_rate"] is not None]
    summary = _(
        "Share of answers given within the deadline, each month; from %(low)s to %(high)s."
    ) % {
        "low": f"{min(shown):.0%}" if shown else "—",
        "high": f"{max(shown):.0%}" if shown else "—",
    }
    return charts.bar_chart(
        id="on-time",
        title=_("Answered on time"),
        summary=summary,
        points=points,
        percent=True,
    )


def _median_chart(rows: list[dict[str, Any]], months: list[Any]) -> charts.Chart:
    points: list[tuple[str, float | None]] = [
        (f"{m.month:%m}", None if row["median_days"] is None else float(row["median_days"]))
        for m, row in zip(months, rows, strict=True)
    ]
    summary = _("Median number of days from receipt to answer, each month.")
    return charts.bar_chart(
        id="median", title=_("Median days to answer"), summary=summary, points=points
    )


# --- public pages ----------------------------------------------------------------------------


def _period(form: PeriodForm) -> publication.Period:
    if form.is_bound:
        return form.cleaned_data["period"]
    return publication.Period.default(timezone.localdate())


def _bad(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=400)


@org_view(public=True)
@require_GET
@public_page
def public_figures(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    if not publication.publishes(organisation):
        raise Http404
    form = PeriodForm(request.GET or None)
    context: dict[str, Any] = {"organisation": organisation, "form": form}
    if form.is_bound and not form.is_valid():
        return _bad(request, "insights/public.html", context)
    period = _period(form)
    months = figures.monthly(organisation.pk, period.first, period.last)
    rows = present.month_rows(months, public=True)
    found = publication.all_groups(organisation, period)
    groups = {
        name: present.group_rows(found[dimension], public=True)
        for name, dimension in publication.GROUP_TABLES.items()
    }
    whole = present.row(figures.total(months), public=True)
    context.update(
        {
            "period": period,
            "rows": rows,
            "groups": groups,
            "whole": whole,
            "now": figures.now(organisation.pk),
            "received_chart": _received_chart(months, rows),
            "on_time_chart": _on_time_chart(rows, months),
            "median_chart": _median_chart(rows, months),
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "insights/public.html", context)


@require_GET
@public_page
def compare(request: HttpRequest) -> HttpResponse:
    form = CountryForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and not form.is_valid():
        return _bad(request, "insights/compare.html", context)
    country = form.cleaned_data.get("country") if form.is_bound else None
    context["period"] = _period(form)
    context["rows"] = publication.comparison(context["period"], country or None)
    return render(request, "insights/compare.html", context)


# --- open data -------------------------------------------------------------------------------


@org_view(public=True)
@require_GET
@public_page
def open_data(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    organisation = _scope(request).organisation
    if table not in present.TABLES or fmt not in ("csv", "json"):
        raise Http404
    if not publication.publishes(organisation):
        raise Http404
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    period = _period(form)
    rows = publication.table(organisation, table, period)
    first = "month" if table == "months" else "group"
    if fmt == "json":
        body = {
            "organisation": organisation.slug,
            "table": table,
            "period": {"from": f"{period.first:%Y-%m}", "to": f"{period.last:%Y-%m}"},
            "licence": present.LICENCE,
            "columns": [first, *present.COLUMNS],
            "rows": rows,
        }
        return HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[first, *present.COLUMNS], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{organisation.slug}-{table}-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{present.LICENCE}>; rel="license"'
    return response


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@require_GET
@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    body = catalog.catalogue(request.build_absolute_uri("/").rstrip("/"), timezone.localdate())
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
