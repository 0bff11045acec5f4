"""Shared set-up of the associations tests: organisation alpha (BG) as an association with
its categories, fees and members, and the personas: the association's admin (world.admin_a),
a board member (staff role manager), a member's delegate (an account linked to a member, no
staff role), another organisation's staff (world.official_b) and anonymous visitors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from municipium.associations import services
from municipium.associations.models import Member, MemberCategory
from municipium.tenants.models import Role

from .conftest import World, add_member, make_user


@dataclass
class Assoc:
    world: World
    full: MemberCategory
    municipal: MemberCategory
    board_member: Any
    delegate: Any
    members: list[Member]
    delegate_member: Member


def add_person(world: World, name: str, category: MemberCategory, **extra: Any) -> Member:
    return services.member_add(
        organisation=world.org_a,
        actor=world.admin_a,
        data=services.MemberData(
            kind=extra.pop("kind", "person"),
            name=name,
            category=category,
            starts_on=extra.pop("starts_on", date(2020, 1, 1)),
            **extra,
        ),
    )


def make_assoc(world: World) -> Assoc:
    full = services.category_save(
        organisation=world.org_a, actor=world.admin_a, code="full", name="Full member"
    )
    municipal = services.category_save(
        organisation=world.org_a, actor=world.admin_a, code="municipal", name="Municipality"
    )
    year = timezone.localdate().year
    services.fee_set(
        organisation=world.org_a,
        actor=world.admin_a,
        category=full,
        year=year,
        amount=Decimal("30.00"),
    )
    services.fee_set(
        organisation=world.org_a,
        actor=world.admin_a,
        category=municipal,
        year=year,
        amount=Decimal("200.00"),
    )
    board_member = make_user("board@example.org", full_name="Board Member")
    add_member(world.org_a, board_member, Role.MANAGER)
    delegate = make_user("delegate@example.org", full_name="Delegate Person")
    members = [add_person(world, f"Person {i}", full, email=f"p{i}@example.org") for i in range(3)]
    delegate_member = add_person(
        world,
        "Община Примерна",
        municipal,
        kind="organisation",
        delegate_name="Delegate Person",
        email="delegate@example.org",
        user=delegate,
        town="Примерно",
    )
    return Assoc(world, full, municipal, board_member, delegate, members, delegate_member)
