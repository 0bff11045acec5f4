from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from municipium.tenants.scoping import Scope

from .models import AuditEntry

# Sequence numbers fit a signed 64-bit integer in every database we support.
MAX_SEQ = 2**63 - 1


def journal(scope: Scope, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The organisation's journal, newest first, narrowed by the filter form's fields."""
    entries = scope.filter(AuditEntry.objects.select_related("actor")).order_by("-seq")
    if filters.get("action"):
        entries = entries.filter(action__startswith=filters["action"])
    if filters.get("actor"):
        entries = entries.filter(actor_label__icontains=filters["actor"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    if filters.get("date_from"):
        entries = entries.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(at__lt=_start_of(filters["date_to"] + timedelta(days=1)))
    return entries


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def page(
    entries: QuerySet[AuditEntry], *, before: int | None, size: int
) -> tuple[list[AuditEntry], int | None]:
    """One page by keyset on the sequence number: (rows, the `before` value of the next page)."""
    if before is not None:
        entries = entries.filter(seq__lt=before)
    rows = list(entries[: size + 1])
    next_before = rows[size - 1].seq if len(rows) > size else None
    return rows[:size], next_before
