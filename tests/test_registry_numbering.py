"""Registry numbers: a safe mask language; unique, gapless per register and year, never reused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from municipium.registry import masks
from municipium.registry.models import Document, RegisterCounter
from municipium.registry.services import document_annul, next_number

from .conftest import register_letter


@pytest.mark.parametrize(
    ("mask", "expected"),
    [
        ("{seq}/{dd}.{mm}.{yyyy}", "123/21.11.2026"),
        ("RPW/{seq}/{yyyy}", "RPW/123/2026"),
        ("94-00-{seq}/{dd}.{mm}.{yyyy}", "94-00-123/21.11.2026"),
        ("{seq:05}-{yy}", "00123-26"),
        ("{{{seq}}}", "{123}"),
    ],
)
def test_masks_render_the_formats_offices_use(mask: str, expected: str) -> None:
    assert masks.render(mask, seq=123, on=date(2026, 11, 21)) == expected


@pytest.mark.parametrize(
    ("mask", "problem"),
    [
        ("{yyyy}", "must contain {seq}"),
        ("{seq}/{year}", "Unknown placeholder"),
        ("{seq.__class__}", "Unbalanced"),
        ("{seq}/{__import__('os')}", "Unbalanced"),
        ("{seq", "Unbalanced"),
        ("{mm:02}{seq}", "Only {seq} takes a width"),
        ("", "1 to"),
    ],
)
def test_a_bad_mask_is_refused_with_the_reason(mask: str, problem: str) -> None:
    with pytest.raises(ValidationError) as raised:
        masks.validate_mask(mask)
    assert problem in " ".join(str(m) % (raised.value.params or {}) for m in raised.value.messages)


@given(st.text(max_size=40))
def test_no_mask_whatsoever_can_do_more_than_substitute(mask: str) -> None:
    try:
        rendered = masks.render(mask, seq=7, on=date(2026, 1, 2))
    except ValidationError:
        return
    assert "7" in rendered


def test_numbers_follow_each_other_without_gaps(registry, world) -> None:
    numbers = [register_letter(world, registry).document for _ in range(5)]
    assert [d.seq for d in numbers] == [1, 2, 3, 4, 5]
    assert numbers[0].number.startswith("1/")


def test_each_register_and_organisation_counts_on_its_own(registry, world) -> None:
    from municipium.registry.services import document_register

    register_letter(world, registry)
    other = document_register(
        organisation=world.org_b,
        actor=world.official_b,
        register=registry.rpw,
        direction="incoming",
        kind=registry.pl_letter,
        subject="Pismo",
        channel="post",
    ).document
    assert other.seq == 1
    assert other.number == f"RPW/1/{other.period}"


def test_numbering_restarts_each_year(registry, world) -> None:
    assert next_number(register=registry.general, on=date(2026, 12, 31)) == (2026, 1)
    assert next_number(register=registry.general, on=date(2026, 12, 31)) == (2026, 2)
    assert next_number(register=registry.general, on=date(2027, 1, 1)) == (2027, 1)


def test_a_rolled_back_registration_gives_its_number_back(registry, world) -> None:
    register_letter(world, registry)
    with pytest.raises(RuntimeError), transaction.atomic():
        register_letter(world, registry)
        raise RuntimeError("crash before commit")
    assert register_letter(world, registry).document.seq == 2


def test_an_annulled_document_keeps_its_number_which_is_never_reused(registry, world) -> None:
    first = register_letter(world, registry).document
    document_annul(document=first, actor=world.registrar_a, reason="Registered twice")
    second = register_letter(world, registry).document
    assert second.seq == first.seq + 1
    first.refresh_from_db()
    assert (first.status, first.annulment_reason) == ("annulled", "Registered twice")


def test_an_annulment_needs_a_reason_and_changes_nothing_without_one(registry, world) -> None:
    document = register_letter(world, registry).document
    with pytest.raises(ValidationError):
        document_annul(document=document, actor=world.registrar_a, reason="  ")
    document.refresh_from_db()
    assert document.status == "registered"


def test_a_register_that_does_not_take_the_direction_refuses_it(registry, world) -> None:
    from municipium.registry.models import Register

    orders = Register.objects.get(organisation=world.org_a, code="orders")
    counters = RegisterCounter.objects.count()
    with pytest.raises(ValidationError):
        register_letter(world, registry, register=orders)
    assert RegisterCounter.objects.count() == counters
    assert not Document.objects.exists()
