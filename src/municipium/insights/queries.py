"""Reads for the manager's overview, through a Scope: managers and admins see the whole
organisation, everyone else only the work they hold. Confidential documents appear only
to their named readers (registry.queries.visible_documents)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from municipium.registry.models import OPEN_TASK_STATUSES, Direction, Document, Status, Task
from municipium.registry.queries import OPEN_STATUSES, visible_documents
from municipium.tenants.models import Membership, Role, Unit
from municipium.tenants.scoping import Scope

from . import figures

LIST_SIZE = 20
TREND_MONTHS = 12
ORGANISATION_ROLES = (Role.MANAGER,)  # and admin, which implies every role


def sees_organisation(scope: Scope) -> bool:
    return scope.has(*ORGANISATION_ROLES)


@dataclass
class Overview:
    whole: bool
    unassigned: list[Document] = field(default_factory=list)
    unassigned_count: int = 0
    unassigned_url: str = ""
    officials: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    overdue: list[dict[str, Any]] = field(default_factory=list)
    overdue_count: int = 0
    overdue_url: str = ""
    trends: list[figures.Figures] = field(default_factory=list)


def _list_url(scope: Scope, **params: Any) -> str:
    from urllib.parse import urlencode

    base = reverse("registry:list", kwargs={"org": scope.organisation.slug})
    return base + "?" + urlencode({k: v for k, v in params.items() if v})


def overview(scope: Scope, today: date | None = None) -> Overview:
    """The manager's overview; a bounded number of queries whatever the organisation's size."""
    today = today or timezone.localdate()
    week = today + timedelta(days=7)
    whole = sees_organisation(scope)
    result = Overview(whole=whole)
    documents = visible_documents(scope).filter(status__in=OPEN_STATUSES)
    tasks = Task.objects.filter(
        organisation=scope.organisation, status__in=OPEN_TASK_STATUSES, document__in=documents
    )
    if not whole:
        tasks = tasks.filter(assignee=scope.user)
        documents = documents.filter(Exists(tasks.filter(document=OuterRef("pk"))))
    if whole:
        # The first rows and, on each, the count of all (a window: one query for both).
        waiting = documents.filter(direction=Direction.INCOMING, status=Status.REGISTERED)
        result.unassigned = list(
            waiting.select_related("kind")
            .annotate(total=Window(Count("pk")))
            .order_by("registered_at", "id")[:LIST_SIZE]
        )
        result.unassigned_count = result.unassigned[0].total if result.unassigned else 0  # type: ignore[attr-defined]
        result.unassigned_url = _list_url(scope, direction="incoming", status="registered")
    counts = {
        "open": Count("document", distinct=True),
        "due_week": Count(
            "document",
            filter=Q(document__deadline__gte=today, document__deadline__lte=week),
            distinct=True,
        ),
        "overdue": Count("document", filter=Q(document__deadline__lt=today), distinct=True),
    }
    for row in (
        tasks.filter(assignee__isnull=False)
        .values("assignee_id", "assignee__full_name", "assignee__email")
        .annotate(**counts)
        .order_by("-overdue", "-open", "assignee__full_name")
    ):
        holder = row["assignee_id"]
        result.officials.append(
            {
                "name": row["assignee__full_name"] or row["assignee__email"],
                "open": row["open"],
                "due_week": row["due_week"],
                "overdue": row["overdue"],
                "open_url": _list_url(scope, holder=holder),
                "due_week_url": _list_url(scope, holder=holder, due_week="on"),
                "overdue_url": _list_url(scope, holder=holder, overdue="on"),
            }
        )
    if whole:
        member_unit = Membership.objects.filter(
            organisation=scope.organisation, user_id=OuterRef("assignee_id"), is_active=True
        ).values("unit_id")[:1]
        unit_name = Unit.objects.filter(
            organisation=scope.organisation, pk=OuterRef("holding_unit")
        ).values("name")[:1]
        for row in (
            tasks.annotate(
                holding_unit=Coalesce("unit_id", Subquery(member_unit), output_field=IntegerField())
            )
            .filter(holding_unit__isnull=False)
            .annotate(unit_name=Subquery(unit_name))
            .values("holding_unit", "unit_name")
            .annotate(**counts)
            .order_by("-overdue", "-open")
        ):
            unit = row["holding_unit"]
            result.units.append(
                {
                    "name": row["unit_name"] or "?",
                    "open": row["open"],
                    "due_week": row["due_week"],
                    "overdue": row["overdue"],
                    "open_url": _list_url(scope, unit=unit),
                    "due_week_url": _list_url(scope, unit=unit, due_week="on"),
                    "overdue_url": _list_url(scope, unit=unit, overdue="on"),
                }
            )
    late = documents.filter(deadline__lt=today)
    result.overdue_url = _list_url(scope, overdue="on", holder=None if whole else scope.user.pk)
    # Who holds it: the official (or else the unit) of its latest open task.
    latest = Task.objects.filter(document=OuterRef("pk"), status__in=OPEN_TASK_STATUSES)
    latest = latest.order_by("-id")
    held = late.annotate(
        holder_name=Subquery(latest.values("assignee__full_name")[:1]),
        holder_email=Subquery(latest.values("assignee__email")[:1]),
        holder_unit=Subquery(latest.values("unit__name")[:1]),
        total=Window(Count("pk")),
    )
    for document in held.order_by("deadline", "id")[:LIST_SIZE]:
        holder = document.holder_name or document.holder_email or document.holder_unit
        result.overdue_count = document.total
        result.overdue.append(
            {
                "document": document,
                "holder": holder or "",
                "days_late": (today - document.deadline).days if document.deadline else 0,
            }
        )
    if whole:
        last = today.replace(day=1)
        first = (last - timedelta(days=31 * (TREND_MONTHS - 1))).replace(day=1)
        result.trends = figures.monthly(scope.organisation.pk, first, last)
    return result
