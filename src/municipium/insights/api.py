"""The figures API: the same public tables as the pages and downloads (public, only for an
organisation that publishes), and the organisations side by side."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from municipium.api_errors import PUBLIC_ERRORS, ErrorOut
from municipium.tenants.models import Country
from municipium.tenants.scoping import Access, resolve_scope

from . import present, publication
from .forms import CountryForm, PeriodForm

router = Router(tags=["figures"])
PUBLIC = Access(public=True)
ERRORS: dict[int, Any] = {400: ErrorOut, **PUBLIC_ERRORS}


class PeriodQuery(Schema):
    start: str = Field("", max_length=7, description="first month, YYYY-MM (default: a year ago)")
    end: str = Field("", max_length=7, description="last month, YYYY-MM (default: this month)")


class CompareQuery(PeriodQuery):
    country: Literal["", *Country.values] = Field("", description="only this country")  # type: ignore[valid-type]


class FiguresRow(Schema):
    month: str | None = None
    group: str | None = None
    received: int | None
    answered: int | None
    answered_with_deadline: int | None
    answered_on_time: int | None
    on_time_rate: float | None
    median_days: int | None
    p90_days: int | None
    online: int | None
    counter: int | None
    online_share: float | None
    suspended: int | None
    extended: int | None
    suppressed: bool


class TableOut(Schema):
    organisation: str
    table: str
    start: str
    end: str
    licence: str
    rows: list[FiguresRow]


class ComparisonOut(Schema):
    organisation: str
    name: str
    country: str
    figures: FiguresRow


def _period(query: PeriodQuery, form_class: type[PeriodForm] = PeriodForm) -> Any:
    data = {k: v for k, v in query.dict().items() if v}
    form = form_class(data)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        raise HttpError(400, message)
    return form.cleaned_data["period"]


@router.get(
    "/orgs/{org}/figures/{table}",
    response={200: TableOut, **ERRORS},
    **PUBLIC.api(),
    summary="One public figures table of an organisation that publishes them (CC BY 4.0)",
)
def figures_table(
    request: HttpRequest,
    org: str,
    table: Literal["months", "kinds", "channels", "units", "services"],
    query: Query[PeriodQuery],
) -> TableOut:
    organisation = resolve_scope(None, org).organisation
    if not publication.publishes(organisation):
        raise Http404
    period = _period(query)
    return TableOut(
        organisation=organisation.slug,
        table=table,
        start=f"{period.first:%Y-%m}",
        end=f"{period.last:%Y-%m}",
        licence=present.LICENCE,
        rows=[FiguresRow(**row) for row in publication.table(organisation, table, period)],
    )


@router.get(
    "/figures",
    response={200: list[ComparisonOut], **ERRORS},
    **PUBLIC.api(),
    summary="The organisations that publish their figures, side by side over a period",
)
def figures_compare(request: HttpRequest, query: Query[CompareQuery]) -> list[ComparisonOut]:
    period = _period(query, CountryForm)
    return [
        ComparisonOut(
            organisation=c.organisation.slug,
            name=c.organisation.name,
            country=c.organisation.country,
            figures=FiguresRow(**c.row),
        )
        for c in publication.comparison(period, query.country or None)
    ]
