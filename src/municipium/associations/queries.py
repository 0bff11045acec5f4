"""Every read of an association's data, scoped to the organisation (and the user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from municipium.tenants.models import Organisation, Role
from municipium.tenants.scoping import Scope

from . import rules
from .models import (
    ZERO,
    Application,
    ApplicationState,
    Body,
    Fee,
    Mandate,
    Member,
    MemberCategory,
    Payment,
    Seat,
    Statute,
)

STAFF_ROLES = (Role.ADMIN, Role.MANAGER)  # the secretariat and the board's members
PAGE_SIZE = 100


def active_members(organisation: Organisation, day: date | None = None) -> QuerySet[Member]:
    day = day or timezone.localdate()
    return Member.objects.filter(organisation=organisation, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)
    )


def staff_members(scope: Scope, *, include_former: bool = False) -> QuerySet[Member]:
    members = scope.filter(Member.objects.all())
    if not include_former:
        members = members.filter(ends_on__isnull=True)
    return members.select_related("category", "member_organisation")


def member(scope: Scope, member_id: Any) -> Member:
    return scope.get(Member.objects.select_related("category", "organisation"), pk=member_id)


def member_of_user(organisation: Organisation, user: Any) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        active_members(organisation)
        .filter(user=user)
        .select_related("category", "organisation")
        .first()
    )


@dataclass(frozen=True)
class Standing:
    fee: Decimal | None
    paid: Decimal
    good: bool


def standings(
    organisation: Organisation, members: list[Member], day: date | None = None
) -> dict[int, Standing]:
    """Good standing of each member on `day` (two queries, whatever the number of members)."""
    day = day or timezone.localdate()
    statute = Statute.objects.filter(organisation=organisation).first()
    grace = statute.fee_grace_days if statute else 0
    fees = {
        category_id: amount
        for category_id, amount in Fee.objects.filter(
            organisation=organisation, year=day.year
        ).values_list("category_id", "amount")
    }
    paid = {
        row["member_id"]: row["total"]
        for row in Payment.objects.filter(
            organisation=organisation, year=day.year, member__in=[m.pk for m in members]
        )
        .values("member_id")
        .annotate(total=Sum("amount"))
    }
    out = {}
    for m in members:
        fee = fees.get(m.category_id)
        total = paid.get(m.pk) or ZERO
        good = m.is_active_on(day) and rules.in_good_standing(
            day=day, member_start=m.starts_on, fee=fee, paid=total, grace_days=grace
        )
        out[m.pk] = Standing(fee=fee, paid=total, good=good)
    return out


def directory(organisation: Organisation) -> list[dict[str, Any]]:
    """The public directory: listed active members with only the fields each chose."""
    rows = []
    for m in active_members(organisation).filter(is_listed=True).order_by("name", "id"):
        rows.append(
            {
                "name": m.name,
                "kind": m.get_kind_display(),
                "delegate": m.delegate_name,
                "fields": [
                    (name, getattr(m, name))
                    for name in ("town", "position", "email", "phone")
                    if name in m.public_fields and getattr(m, name)
                ],
            }
        )
    return rows


def categories(organisation: Organisation) -> QuerySet[MemberCategory]:
    return MemberCategory.objects.filter(organisation=organisation)


def fees(scope: Scope) -> QuerySet[Fee]:
    return scope.filter(Fee.objects.select_related("category"))


def applications(scope: Scope) -> QuerySet[Application]:
    return scope.filter(Application.objects.select_related("category", "decided_by"))


def pending_application(scope: Scope, application_id: Any) -> Application:
    return scope.get(
        Application.objects.select_related("organisation", "category"),
        pk=application_id,
        state=ApplicationState.PENDING,
    )


def bodies(organisation: Organisation) -> list[Body]:
    """Bodies with their mandates (newest first) and seats: three queries."""
    seats = Seat.objects.select_related("member").order_by("id")
    mandates = Mandate.objects.prefetch_related(Prefetch("seats", queryset=seats)).order_by(
        "-starts_on"
    )
    return list(
        Body.objects.filter(organisation=organisation).prefetch_related(
            Prefetch("mandates", queryset=mandates)
        )
    )


def body(scope: Scope, body_id: Any) -> Body:
    return scope.get(Body.objects.select_related("organisation"), pk=body_id)


def current_mandate(body: Body, day: date | None = None) -> Mandate | None:
    day = day or timezone.localdate()
    return next((m for m in body.mandates.all() if m.is_valid_on(day)), None)


def bodies_without_mandate(organisation: Organisation, day: date | None = None) -> list[Body]:
    day = day or timezone.localdate()
    return list(
        Body.objects.filter(organisation=organisation).exclude(
            mandates__starts_on__lte=day, mandates__ends_on__gte=day
        )
    )
