"""Reads of organisation data, always through a Scope."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Membership, MembershipRole, Organisation, Unit
from .scoping import Scope


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def units_of(scope: Scope) -> QuerySet[Unit]:
    return scope.filter(Unit.objects.select_related("parent")).order_by("code")


def members_of(scope: Scope) -> QuerySet[Membership]:
    return (
        scope.filter(Membership.objects.select_related("user", "unit"))
        .prefetch_related(Prefetch("roles", queryset=MembershipRole.objects.order_by("role")))
        .order_by("-is_active", "user__full_name")
    )
