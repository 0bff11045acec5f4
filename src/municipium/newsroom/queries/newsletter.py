"""Reads of the newsletter, scoped to the organisation: counts for the staff who write, the
addresses for its admins only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from municipium.tenants.models import Role
from municipium.tenants.scoping import Scope

from ..models.newsletter import DeliveryStatus, Edition, Subscriber, SubscriberStatus

STAFF_ROLES = (Role.COMMUNICATIONS, Role.ADMIN)
EDITIONS_SHOWN = 50


@dataclass(frozen=True)
class SubscriberCounts:
    confirmed: int
    pending: int


def subscriber_counts(scope: Scope) -> SubscriberCounts:
    found = scope.filter(Subscriber.objects.all()).aggregate(
        confirmed=Count("id", filter=Q(status=SubscriberStatus.CONFIRMED)),
        pending=Count("id", filter=Q(status=SubscriberStatus.PENDING)),
    )
    return SubscriberCounts(confirmed=found["confirmed"], pending=found["pending"])


def editions(scope: Scope) -> QuerySet[Edition]:
    """The latest editions with their delivery figures (one query)."""
    return (
        scope.filter(Edition.objects.all())
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            waiting=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
        )
        .defer("items")
        .order_by("-created_at", "-id")[:EDITIONS_SHOWN]
    )


def can_see_addresses(scope: Scope) -> bool:
    return Role.ADMIN in scope.roles


def subscribers(scope: Scope) -> QuerySet[Subscriber]:
    """The addresses: for the organisation's admins only (empty for anyone else)."""
    if not can_see_addresses(scope):
        return Subscriber.objects.none()
    return (
        scope.filter(Subscriber.objects.all())
        .only("email", "language", "status", "requested_at", "confirmed_at")
        .order_by("email")
    )
