"""What an organisation publishes: its figures tables for a period, read from the aggregates
only (a bounded number of queries, none on the registry), and the organisations that
publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from municipium.eservices.models import Service
from municipium.registry.models import Channel, DocumentKind
from municipium.tenants.models import Organisation, Unit

from . import figures, present
from .models import Dimension

MAX_MONTHS = 36
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Period:
    first: date  # first day of the first month
    last: date  # first day of the last month

    @classmethod
    def default(cls, today: date) -> Period:
        last = today.replace(day=1)
        return cls(first=_months_back(last, DEFAULT_MONTHS - 1), last=last)

    @property
    def label(self) -> str:
        return f"{self.first:%Y-%m} – {self.last:%Y-%m}"


def _months_back(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return date(year, index + 1, 1)


def months_count(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def publishing() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True, figures_settings__publish=True)


def publishes(organisation: Organisation) -> bool:
    return publishing().filter(pk=organisation.pk).exists()


def _labels(organisation: Organisation, dimension: str, keys: list[str]) -> dict[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    if dimension == Dimension.KIND:
        return {
            str(pk): name
            for pk, name in DocumentKind.objects.filter(
                organisation=organisation, id__in=ids
            ).values_list("id", "name")
        }
    if dimension == Dimension.UNIT:
        return {
            str(pk): name
            for pk, name in Unit.objects.filter(organisation=organisation, id__in=ids).values_list(
                "id", "name"
            )
        }
    if dimension == Dimension.SERVICE:
        return {
            str(s.pk): s.title_text
            for s in Service.objects.filter(organisation=organisation, id__in=ids).select_related(
                "organisation"
            )
        }
    return {value: str(label) for value, label in Channel.choices}


GROUP_TABLES = {
    "kinds": Dimension.KIND,
    "channels": Dimension.CHANNEL,
    "units": Dimension.UNIT,
    "services": Dimension.SERVICE,
}


def groups(organisation: Organisation, dimension: str, period: Period) -> list[figures.Figures]:
    return all_groups(organisation, period, [dimension])[dimension]


def all_groups(
    organisation: Organisation, period: Period, dimensions: list[str] | None = None
) -> dict[str, list[figures.Figures]]:
    """Each dimension's groups with their names (two queries, and one per dimension named
    by id for the names)."""
    dimensions = dimensions or list(GROUP_TABLES.values())
    found = figures.by_groups(organisation.pk, dimensions, period.first, period.last)
    for dimension, rows in found.items():
        if not rows:
            continue
        names = _labels(organisation, dimension, [g.key for g in rows])
        for group in rows:
            group.label = names.get(group.key, group.key)
    return found


def tables(organisation: Organisation, period: Period) -> dict[str, list[dict[str, Any]]]:
    """Every public table of the organisation for the period, under stable column names."""
    months = figures.monthly(organisation.pk, period.first, period.last)
    result = {"months": present.month_rows(months, public=True)}
    for name, dimension in GROUP_TABLES.items():
        result[name] = present.group_rows(groups(organisation, dimension, period), public=True)
    return result


def table(organisation: Organisation, name: str, period: Period) -> list[dict[str, Any]]:
    if name == "months":
        months = figures.monthly(organisation.pk, period.first, period.last)
        return present.month_rows(months, public=True)
    return present.group_rows(groups(organisation, GROUP_TABLES[name], period), public=True)


@dataclass
class Comparison:
    organisation: Organisation
    figures: figures.Figures
    row: dict[str, Any]


def comparison(period: Period, country: str | None = None) -> list[Comparison]:
    """The publishing organisations side by side over the period (three queries)."""
    found = publishing().order_by("name")
    if country:
        found = found.filter(country=country)
    organisations = list(found)
    totals = figures.by_organisation([o.pk for o in organisations], period.first, period.last)
    return [
        Comparison(o, totals[o.pk], present.row(totals[o.pk], public=True)) for o in organisations
    ]


def coverage(organisation: Organisation) -> tuple[date, date] | None:
    """The first and last day the organisation's aggregates cover (temporal coverage)."""
    from django.db.models import Max, Min

    from .models import DayFigure

    found = DayFigure.objects.filter(organisation=organisation, dimension=Dimension.ALL).aggregate(
        first=Min("day"), last=Max("day")
    )
    if found["first"] is None:
        return None
    return found["first"], found["last"]


def last_complete_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)
