"""Reading the aggregates: figures per month and per group, percentiles from histograms,
small-group suppression. Every function reads the aggregates (or the facts' open-document
index), never the registry."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import DayFigure, Dimension, DocumentFact, MonthDays

SMALL_GROUP = 5  # public groups with fewer documents are shown as "fewer than 5"
COUNTS = (
    "received",
    "online",
    "counter",
    "suspended",
    "extended",
    "answered",
    "with_deadline",
    "on_time",
)


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """The nearest-rank percentile: the smallest number of days within which at least
    `share` of the answers came (None when there are none)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(math.ceil(share * total), 1)
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return days
    return None


@dataclass
class Figures:
    """The figures of one month or one group (or a whole period)."""

    label: str = ""
    key: str = ""
    month: date | None = None
    received: int = 0
    online: int = 0
    counter: int = 0
    suspended: int = 0
    extended: int = 0
    answered: int = 0
    with_deadline: int = 0
    on_time: int = 0
    histogram: dict[int, int] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.with_deadline if self.with_deadline else None

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def median_days(self) -> int | None:
        return percentile(self.histogram, 0.5)

    @property
    def p90_days(self) -> int | None:
        return percentile(self.histogram, 0.9)

    @property
    def small(self) -> bool:
        """Fewer than SMALL_GROUP documents received and answered: not shown in public."""
        return max(self.received, self.answered) < SMALL_GROUP

    def add(self, other: Figures) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for days, count in other.histogram.items():
            self.histogram[days] = self.histogram.get(days, 0) + count


def months_between(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def monthly(
    organisation_id: int,
    first: date,
    last: date,
    *,
    dimension: str = Dimension.ALL,
    key: str = "",
) -> list[Figures]:
    """The figures of each month from `first` to `last` (first days of months), empty
    months included. Two queries."""
    where = Q(organisation_id=organisation_id, dimension=dimension, key=key)
    where &= Q(month__gte=first, month__lte=last)
    by_month = {month: Figures(month=month) for month in months_between(first, last)}
    sums = {name: Sum(name) for name in COUNTS}
    for row in DayFigure.objects.filter(where).values("month").annotate(**sums).order_by():
        figures = by_month.get(row["month"])
        if figures is not None:
            for name in COUNTS:
                setattr(figures, name, row[name] or 0)
    for row in (
        MonthDays.objects.filter(where).values("month", "days").annotate(n=Sum("count")).order_by()
    ):
        figures = by_month.get(row["month"])
        if figures is not None:
            figures.histogram[row["days"]] = row["n"]
    return list(by_month.values())


def total(months: list[Figures]) -> Figures:
    whole = Figures()
    for figures in months:
        whole.add(figures)
    return whole


def by_group(organisation_id: int, dimension: str, first: date, last: date) -> list[Figures]:
    """The figures of each group of a dimension (each kind, channel, …) over the months from
    `first` to `last`, most documents first; labels are filled in by the caller. Two queries."""
    return by_groups(organisation_id, [dimension], first, last)[dimension]


def by_groups(
    organisation_id: int, dimensions: list[str], first: date, last: date
) -> dict[str, list[Figures]]:
    """`by_group` for several dimensions at once, still in two queries."""
    where = Q(organisation_id=organisation_id, dimension__in=dimensions)
    where &= Q(month__gte=first, month__lte=last)
    groups: dict[tuple[str, str], Figures] = defaultdict(Figures)
    sums = {name: Sum(name) for name in COUNTS}
    for row in (
        DayFigure.objects.filter(where).values("dimension", "key").annotate(**sums).order_by()
    ):
        figures = groups[(row["dimension"], row["key"])]
        figures.key = row["key"]
        for name in COUNTS:
            setattr(figures, name, row[name] or 0)
    for row in (
        MonthDays.objects.filter(where)
        .values("dimension", "key", "days")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        found = groups[(row["dimension"], row["key"])]
        found.key = row["key"]
        found.histogram[row["days"]] = row["n"]
    result: dict[str, list[Figures]] = {dimension: [] for dimension in dimensions}
    for (dimension, _key), figures in groups.items():
        result[dimension].append(figures)
    for listed in result.values():
        listed.sort(key=lambda g: (-g.received, g.key))
    return result


@dataclass(frozen=True)
class Now:
    open: int
    overdue: int


def now(organisation_id: int, today: date | None = None) -> Now:
    """Documents open now and, of them, past their deadline (one query on the facts)."""
    today = today or timezone.localdate()
    found = DocumentFact.objects.filter(organisation_id=organisation_id, is_open=True).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    return Now(open=found["open"], overdue=found["overdue"])


def by_organisation(organisation_ids: list[int], first: date, last: date) -> dict[int, Figures]:
    """The whole period's figures of each organisation (two queries, whatever their number)."""
    where = Q(organisation_id__in=organisation_ids, dimension=Dimension.ALL, key="")
    where &= Q(month__gte=first, month__lte=last)
    found = {pk: Figures() for pk in organisation_ids}
    sums = {name: Sum(name) for name in COUNTS}
    for row in (
        DayFigure.objects.filter(where).values("organisation_id").annotate(**sums).order_by()
    ):
        for name in COUNTS:
            setattr(found[row["organisation_id"]], name, row[name] or 0)
    for row in (
        MonthDays.objects.filter(where)
        .values("organisation_id", "days")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        found[row["organisation_id"]].histogram[row["days"]] = row["n"]
    return found
