"""The figures equal a direct count over the registry: on time across a suspension and an
extension, an answer on the deadline day, confidential documents in the totals only."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from municipium.insights import figures
from municipium.insights.facts import received_day
from municipium.insights.models import DayFigure, DocumentFact, FactPending
from municipium.insights.services import figures_rebuild, figures_update_all
from municipium.registry import services as rs
from municipium.registry.models import Direction, Document, Status

from .conftest import World, register_letter


def _answer(document: Document, world: World, on: date | None = None) -> None:
    rs.document_set_status(document=document, actor=world.registrar_a, status="answered")
    if on is not None:
        # The services answer today; the figures must follow any date the registry holds.
        Document.objects.filter(pk=document.pk).update(answered_on=on)
        FactPending.objects.create(document_id=document.pk)


@pytest.fixture
def documents(world: World, registry: Any) -> dict[str, Document]:
    today = timezone.localdate()
    made: dict[str, Document] = {}
    # Suspended, resumed, then extended; answered after its first deadline but within the new one.
    stretched = register_letter(
        world, registry, kind=registry.application, received_on=today, channel="portal"
    ).document
    rs.document_suspend(document=stretched, actor=world.registrar_a, reason="Чакаме документи")
    rs.document_resume(document=stretched, actor=world.registrar_a)
    stretched.refresh_from_db()
    extension = rs.document_extend(
        document=stretched,
        actor=world.registrar_a,
        deadline_new=stretched.deadline + timedelta(days=5),
        reason="Сложен случай",
    )
    _answer(stretched, world, on=extension.deadline_old + timedelta(days=1))
    made["stretched"] = stretched
    on_the_day = register_letter(world, registry, kind=registry.application).document
    on_the_day.refresh_from_db()
    _answer(on_the_day, world, on=on_the_day.deadline)
    made["on_the_day"] = on_the_day
    late = register_letter(
        world, registry, kind=registry.application, received_on=today - timedelta(days=3)
    ).document
    late.refresh_from_db()
    _answer(late, world, on=late.deadline + timedelta(days=1))
    made["late"] = late
    for n in range(6):
        letter = register_letter(
            world,
            registry,
            channel="counter" if n % 2 else "email",
            received_on=today - timedelta(days=40 + n),
        ).document
        if n % 3 == 0:
            _answer(letter, world)
    made["secret"] = register_letter(
        world,
        registry,
        confidentiality="confidential",
        subject="Тайна",
        readers=[world.registrar_a],
    ).document
    annulled = register_letter(world, registry).document
    rs.document_annul(document=annulled, actor=world.registrar_a, reason="Грешка")
    register_letter(world, registry, direction="outgoing", channel="post")
    overdue = register_letter(
        world, registry, kind=registry.application, received_on=today - timedelta(days=5)
    ).document
    Document.objects.filter(pk=overdue.pk).update(deadline=today - timedelta(days=1))
    FactPending.objects.create(document_id=overdue.pk)
    made["overdue"] = overdue
    # The other organisation's documents never count for alpha.
    register_letter(
        world,
        registry,
        organisation=world.org_b,
        actor=None,
        register=registry.rpw,
        kind=registry.pl_letter,
    )
    return made


def direct_counts(organisation_id: int) -> dict[date, dict[str, Any]]:
    """The figures per month, counted straight from the registry's documents."""
    months: dict[date, dict[str, Any]] = defaultdict(
        lambda: {"received": 0, "answered": 0, "on_time": 0, "online": 0, "days": []}
    )
    for row in (
        Document.objects.filter(organisation_id=organisation_id, direction=Direction.INCOMING)
        .exclude(status=Status.ANNULLED)
        .values()
    ):
        received = received_day(row)
        month = months[received.replace(day=1)]
        month["received"] += 1
        month["online"] += row["channel"] in ("portal", "email")
        if row["answered_on"]:
            answered = months[row["answered_on"].replace(day=1)]
            answered["answered"] += 1
            answered["on_time"] += bool(row["deadline"] and row["answered_on"] <= row["deadline"])
            answered["days"].append((row["answered_on"] - received).days)
    return months


def _nearest_rank(values: list[int], share: float) -> int | None:
    import math

    if not values:
        return None
    return sorted(values)[max(math.ceil(share * len(values)), 1) - 1]


def _check_equal(world: World) -> None:
    expected = direct_counts(world.org_a.pk)
    first, last = min(expected), max(expected)
    found = {m.month: m for m in figures.monthly(world.org_a.pk, first, last)}
    for month, counts in expected.items():
        got = found[month]
        assert (got.received, got.answered, got.on_time, got.online) == (
            counts["received"],
            counts["answered"],
            counts["on_time"],
            counts["online"],
        ), month
        assert got.median_days == _nearest_rank(counts["days"], 0.5)
        assert got.p90_days == _nearest_rank(counts["days"], 0.9)


def test_the_figures_equal_a_direct_count_over_the_registry(
    world: World, documents: dict[str, Document]
) -> None:
    figures_update_all()
    _check_equal(world)
    figures_rebuild(organisation=world.org_a)
    _check_equal(world)


def test_an_answer_within_an_extended_and_suspended_deadline_is_on_time(
    world: World, documents: dict[str, Document]
) -> None:
    figures_update_all()
    stretched = DocumentFact.objects.get(document=documents["stretched"])
    assert stretched.suspensions == 1 and stretched.extensions == 1
    assert stretched.on_time is True
    assert DocumentFact.objects.get(document=documents["on_the_day"]).on_time is True
    assert DocumentFact.objects.get(document=documents["late"]).on_time is False


def test_open_and_overdue_now_come_from_the_facts(
    world: World, documents: dict[str, Document]
) -> None:
    figures_update_all()
    found = figures.now(world.org_a.pk)
    open_documents = Document.objects.filter(
        organisation=world.org_a,
        direction="incoming",
        status__in=("registered", "assigned", "in_progress"),
    )
    assert found.open == open_documents.count()
    assert found.overdue == open_documents.filter(deadline__lt=timezone.localdate()).count() == 1


def test_a_confidential_document_counts_in_the_totals_but_in_no_breakdown(
    world: World, documents: dict[str, Document]
) -> None:
    figures_update_all()
    fact = DocumentFact.objects.get(document=documents["secret"])
    assert fact.kind_id is None and fact.unit_id is None and fact.service_id is None
    today = timezone.localdate().replace(day=1)
    month = figures.monthly(world.org_a.pk, today, today)[0]
    kinds = figures.by_group(world.org_a.pk, "kind", today, today)
    channels = figures.by_group(world.org_a.pk, "channel", today, today)
    non_secret = (
        Document.objects.filter(
            organisation=world.org_a,
            direction="incoming",
            received_on__gte=today,
            confidentiality__in=("public", "internal"),
        )
        .exclude(status="annulled")
        .count()
    )
    assert month.received == non_secret + 1
    assert sum(k.received for k in kinds) == non_secret
    assert sum(c.received for c in channels) == non_secret


def test_a_change_through_the_services_reaches_the_figures_on_the_next_pass(
    world: World, registry: Any
) -> None:
    letter = register_letter(world, registry).document
    figures_update_all()
    today = timezone.localdate()
    assert DayFigure.objects.get(organisation=world.org_a, dimension="all", day=today).answered == 0
    rs.document_set_status(document=letter, actor=world.registrar_a, status="answered")
    assert FactPending.objects.filter(document_id=letter.pk).exists()
    figures_update_all()
    assert DayFigure.objects.get(organisation=world.org_a, dimension="all", day=today).answered == 1
    assert not FactPending.objects.exists()


def test_the_rebuild_command_names_an_unknown_organisation_and_exits_2(
    world: World, capsys: Any
) -> None:
    with pytest.raises(CommandError) as stop:
        call_command("insights", "rebuild", "--org", "nowhere")
    assert stop.value.returncode == 2
    assert "nowhere" in str(stop.value)


def test_the_rebuild_command_reports_each_organisation(
    world: World, documents: dict[str, Document], capsys: Any
) -> None:
    call_command("insights", "rebuild")
    out = capsys.readouterr().out
    assert "alpha: figures of 11 document(s)" in out
    _check_equal(world)
