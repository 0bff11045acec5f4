"""Reading the registry into facts and facts into daily aggregates: reads and arithmetic
only, no writes (services.py writes what these return, in short transactions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from municipium.eservices.models import Application
from municipium.registry.models import (
    Confidentiality,
    Direction,
    Document,
    Extension,
    Status,
    Suspension,
    Task,
)
from municipium.tenants.models import Membership

from .models import ONLINE_CHANNELS, DayFigure, Dimension, DocumentFact, MonthDays

OPEN_STATUSES = (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)


def received_day(document: Mapping[str, Any]) -> date:
    if document["received_on"] is not None:
        return document["received_on"]
    return timezone.localdate(document["registered_at"])


def facts_of(document_ids: Iterable[int]) -> tuple[list[DocumentFact], list[int]]:
    """The facts of these documents, and the ids of those that have none (not incoming,
    annulled, gone). A bounded number of queries, whatever the number of documents."""
    ids = sorted(set(document_ids))
    if not ids:
        return [], []
    rows = list(
        Document.objects.filter(id__in=ids).values(
            "id",
            "organisation_id",
            "direction",
            "status",
            "kind_id",
            "channel",
            "confidentiality",
            "received_on",
            "registered_at",
            "deadline",
            "answered_on",
            "case__unit_id",
        )
    )
    kept = [
        row
        for row in rows
        if row["direction"] == Direction.INCOMING and row["status"] != Status.ANNULLED
    ]
    kept_ids = [row["id"] for row in kept]
    suspensions = dict(
        Suspension.objects.filter(document_id__in=kept_ids)
        .values("document_id")
        .annotate(n=Count("id"))
        .values_list("document_id", "n")
    )
    extensions = dict(
        Extension.objects.filter(document_id__in=kept_ids)
        .values("document_id")
        .annotate(n=Count("id"))
        .values_list("document_id", "n")
    )
    services = dict(
        Application.objects.filter(document_id__in=kept_ids).values_list(
            "document_id", "service_id"
        )
    )
    # The unit holding a document: that of its latest task (its unit, or its official's).
    latest: dict[int, tuple[int | None, int | None]] = {}
    for document_id, task_unit, task_assignee in (
        Task.objects.filter(document_id__in=kept_ids)
        .order_by("document_id", "id")
        .values_list("document_id", "unit_id", "assignee_id")
    ):
        latest[document_id] = (task_unit, task_assignee)
    assignees = {a for _u, a in latest.values() if a is not None}
    member_units = {
        (org, user): unit
        for org, user, unit in Membership.objects.filter(user_id__in=assignees).values_list(
            "organisation_id", "user_id", "unit_id"
        )
    }
    facts = []
    for row in kept:
        confidential = row["confidentiality"] == Confidentiality.CONFIDENTIAL
        received = received_day(row)
        answered = row["answered_on"]
        unit_id, assignee_id = latest.get(row["id"], (None, None))
        if unit_id is None and assignee_id is not None:
            unit_id = member_units.get((row["organisation_id"], assignee_id))
        if unit_id is None:
            unit_id = row["case__unit_id"]
        deadline = row["deadline"]
        facts.append(
            DocumentFact(
                organisation_id=row["organisation_id"],
                document_id=row["id"],
                received_on=received,
                channel=row["channel"],
                confidential=confidential,
                kind_id=None if confidential else row["kind_id"],
                service_id=None if confidential else services.get(row["id"]),
                unit_id=None if confidential else unit_id,
                deadline=deadline,
                answered_on=answered,
                is_open=row["status"] in OPEN_STATUSES,
                on_time=(answered <= deadline) if answered and deadline else None,
                days=max((answered - received).days, 0) if answered else None,
                suspensions=suspensions.get(row["id"], 0),
                extensions=extensions.get(row["id"], 0),
            )
        )
    gone = sorted(set(ids) - {fact.document_id for fact in facts})
    return facts, gone


# --- aggregates -------------------------------------------------------------------------------

KEYS = {
    Dimension.ALL: None,
    Dimension.KIND: "kind_id",
    Dimension.SERVICE: "service_id",
    Dimension.CHANNEL: "channel",
    Dimension.UNIT: "unit_id",
}

_RECEIVED = {
    "received": Count("pk"),
    "online": Count("pk", filter=Q(channel__in=ONLINE_CHANNELS)),
    "counter": Count("pk", filter=Q(channel="counter")),
    "suspended": Count("pk", filter=Q(suspensions__gt=0)),
    "extended": Count("pk", filter=Q(extensions__gt=0)),
}
_ANSWERED = {
    "answered": Count("pk"),
    "with_deadline": Count("pk", filter=Q(deadline__isnull=False)),
    "on_time": Count("pk", filter=Q(on_time=True)),
}


@dataclass
class Aggregates:
    figures: list[DayFigure] = field(default_factory=list)
    days: list[MonthDays] = field(default_factory=list)


def aggregates_of(organisation_id: int, days: set[date] | None) -> Aggregates:
    """The daily aggregates of an organisation's facts for these days, and the histograms of
    the months they fall in (None: everything). Grouped in SQL: 3 queries per dimension."""
    facts = DocumentFact.objects.filter(organisation_id=organisation_id)
    figures: dict[tuple[str, str, date], DayFigure] = {}
    out = Aggregates()

    def row(dimension: str, key: str, day: date) -> DayFigure:
        found = figures.get((dimension, key, day))
        if found is None:
            found = figures[(dimension, key, day)] = DayFigure(
                organisation_id=organisation_id,
                day=day,
                month=day.replace(day=1),
                dimension=dimension,
                key=key,
            )
        return found

    for dimension, key_field in KEYS.items():
        scoped = facts if dimension == Dimension.ALL else facts.filter(confidential=False)
        if key_field is not None:
            scoped = scoped.exclude(**{f"{key_field}__isnull": True})
        group = [key_field] if key_field else []
        received = scoped if days is None else scoped.filter(received_on__in=days)
        for values in received.values("received_on", *group).annotate(**_RECEIVED).order_by():
            figure = row(dimension, _key(values, key_field), values["received_on"])
            for name in _RECEIVED:
                setattr(figure, name, values[name])
        answered = scoped.filter(answered_on__isnull=False)
        if days is not None:
            answered = answered.filter(answered_on__in=days)
        for values in answered.values("answered_on", *group).annotate(**_ANSWERED).order_by():
            figure = row(dimension, _key(values, key_field), values["answered_on"])
            for name in _ANSWERED:
                setattr(figure, name, values[name])
        monthly = scoped.filter(answered_on__isnull=False)
        if days is not None:
            monthly = monthly.filter(_within(months_of(days)))
        for values in (
            monthly.annotate(month=TruncMonth("answered_on"))
            .values("month", "days", *group)
            .annotate(n=Count("pk"))
            .order_by()
        ):
            month = values["month"]
            out.days.append(
                MonthDays(
                    organisation_id=organisation_id,
                    month=month,
                    dimension=dimension,
                    key=_key(values, key_field),
                    days=values["days"],
                    count=values["n"],
                )
            )
    out.figures = list(figures.values())
    return out


def months_of(days: set[date]) -> set[date]:
    return {day.replace(day=1) for day in days}


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _within(months: set[date]) -> Q:
    """Answered within one of these months."""
    where = Q(pk__in=[])
    for month in sorted(months):
        where |= Q(answered_on__gte=month, answered_on__lt=_next_month(month))
    return where


def _key(values: dict, key_field: str | None) -> str:
    return "" if key_field is None else str(values[key_field])


def days_touched(facts: Iterable[DocumentFact]) -> dict[int, set[date]]:
    """The days whose aggregates these facts feed, per organisation."""
    touched: dict[int, set[date]] = defaultdict(set)
    for fact in facts:
        touched[fact.organisation_id].add(fact.received_on)
        if fact.answered_on is not None:
            touched[fact.organisation_id].add(fact.answered_on)
    return touched
