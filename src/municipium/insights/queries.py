"""Reads for the manager's overview, through a Scope: managers and admins see the whole
organisation, everyone else only the work they hold. Confidential documents appear only
to their named readers (registry.queries.visible_documents)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
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
        documents = documents.filter(tasks__in=tasks).distinct()
    if whole:
        waiting = documents.filter(direction=Direction.INCOMING, status=Status.REGISTERED)
        result.unassigned_count = waiting.count()
        result.unassigned_url = _list_url(scope, direction="incoming", status="registered")
        result.unassigned = list(
            waiting.select_related("kind").order_by("registered_at", "id")[:LIST_SIZE]
        )
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
        names = dict(scope.filter(Unit.objects.all()).values_list("id", "name"))
        for row in (
            tasks.annotate(
                holding_unit=Coalesce("unit_id", Subquery(member_unit), output_field=IntegerField())
            )
            .filter(holding_unit__isnull=False)
            .values("holding_unit")
            .annotate(**counts)
            .order_by("-overdue", "-open")
        ):
            unit = row["holding_unit"]
            result.units.append(
                {
                    "name": names.get(unit, "?"),
                    "open": row["open"],
                    "due_week": row["due_week"],
                    "overdue": row["overdue"],
                    "open_url": _list_url(scope, unit=unit),
                    "due_week_url": _list_url(scope, unit=unit, due_week="on"),
                    "overdue_url": _list_url(scope, unit=unit, overdue="on"),
                }
            )
    late = documents.filter(deadline__lt=today)
    result.overdue_count = late.count()
    result.overdue_url = _list_url(scope, overdue="on", holder=None if whole else scope.user.pk)
    held = Prefetch(
        "tasks",
        queryset=Task.objects.filter(status__in=OPEN_TASK_STATUSES)
        .select_related("assignee", "unit")
        .order_by("-id"),
        to_attr="open_tasks",
    )
    for document in (
        late.select_related("kind").prefetch_related(held).order_by("deadline", "id")[:LIST_SIZE]
    ):
        task = document.open_tasks[0] if document.open_tasks else None  # type: ignore[attr-defined]
        holder = ""
        if task is not None:
            holder = (task.assignee.full_name or task.assignee.email) if task.assignee else ""
            holder = holder or (task.unit.name if task.unit else "")
        result.overdue.append(
            {
                "document": document,
                "holder": holder,
                "days_late": (today - document.deadline).days if document.deadline else 0,
            }
        )
    if whole:
        last = today.replace(day=1)
        first = (last - timedelta(days=31 * (TREND_MONTHS - 1))).replace(day=1)
        result.trends = figures.monthly(scope.organisation.pk, first, last)
    return result
