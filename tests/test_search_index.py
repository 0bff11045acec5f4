"""The index follows every change of the registry, and searches find inflected forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from municipium.registry.models import Document
from municipium.registry.services import document_annul
from municipium.search.models import IndexPending, SearchEntry
from municipium.search.queries import search
from municipium.search.services import drain_index, index_soon
from municipium.tenants.scoping import resolve_scope
from tests.conftest import register_letter


def found(user: Any, org: str, text: str, **kwargs: Any) -> list[str]:
    return [hit.title for hit in search(resolve_scope(user, org), text, **kwargs).hits]


@pytest.fixture
def indexed(world: Any, registry: Any) -> Any:
    """Register, then let the indexer make a pass, as the worker's does every half second."""

    def register(**fields: Any) -> Any:
        document = register_letter(world, registry, **fields).document
        drain_index()
        return document

    return register


def test_a_registered_document_is_found_by_an_inflected_form(world: Any, indexed: Any) -> None:
    indexed(subject="Жалба до общината за пътя", description="Молба за ремонт на улици")
    assert found(world.official_a, "alpha", "общини") == ["Жалба до общината за пътя"]
    assert found(world.official_a, "alpha", "улица") == ["Жалба до общината за пътя"]
    assert IndexPending.objects.count() == 0


def test_the_outbox_row_is_written_in_the_transaction_and_drained_later(
    world: Any, registry: Any
) -> None:
    register_letter(world, registry, subject="Искане за достъп до информация")
    # The request analyses nothing: the outbox holds the document for the indexer.
    assert IndexPending.objects.filter(type="document").exists()
    assert found(world.official_a, "alpha", "информация") == []
    drain_index()
    assert IndexPending.objects.count() == 0
    assert found(world.official_a, "alpha", "информацията") == ["Искане за достъп до информация"]


def test_an_annulled_document_is_reindexed_with_its_new_status(world: Any, indexed: Any) -> None:
    document = indexed(subject="Сигнал за шум")
    document_annul(document=document, actor=world.registrar_a, reason="Грешка")
    drain_index()
    entry = SearchEntry.objects.get(type="document", object_id=document.pk)
    assert entry.status == "annulled"


def test_index_soon_marks_an_object_and_its_dependents(world: Any, registry: Any) -> None:
    document = register_letter(world, registry, subject="Писмо").document
    IndexPending.objects.all().delete()
    assert index_soon(document) == 1
    assert index_soon(world.org_a) == 0  # not a searchable type


def test_one_pass_indexes_many_changes_and_each_object_once(
    world: Any, registry: Any, django_assert_max_num_queries: Any
) -> None:
    first = register_letter(world, registry, subject="Молба за дърва").document
    second = register_letter(world, registry, subject="Молба за вода").document
    index_soon(first)
    assert IndexPending.objects.count() == 3
    # One pass: the rows claimed, both documents read together, written in one transaction.
    with django_assert_max_num_queries(30):
        assert drain_index() == 3
    assert drain_index() == 0
    assert sorted(found(world.official_a, "alpha", "молбата")) == [
        "Молба за вода",
        "Молба за дърва",
    ]
    assert SearchEntry.objects.filter(object_id__in=[first.pk, second.pk]).count() == 2


def test_an_indexer_that_died_leaves_its_rows_to_the_next_one(world: Any, registry: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    document = register_letter(world, registry, subject="Заявление за адресна регистрация")
    # Claimed a minute ago by an indexer still at work: not taken twice.
    IndexPending.objects.update(claimed_at=timezone.now() - timedelta(minutes=1))
    assert drain_index() == 0
    # Claimed by one that died (its claim is older than CLAIM_TIMEOUT): taken over.
    IndexPending.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    assert drain_index() == 1
    assert found(world.official_a, "alpha", "регистрацията") == [document.document.subject]


def test_by_relevance_the_newest_matches_are_ranked_when_too_many_match(
    world: Any, indexed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from municipium.search import queries

    # An older letter that matches better (the word twice) than the newer ones.
    best = indexed(subject="Сметосъбиране", description="Сметосъбиране и сметоизвозване")
    for n in range(4):
        indexed(subject=f"Сметосъбиране в квартал {n}")
    assert found(world.official_a, "alpha", "сметосъбиране")[0] == best.subject
    monkeypatch.setattr(queries, "COUNT_LIMIT", 3)
    results = search(resolve_scope(world.official_a, "alpha"), "сметосъбиране")
    # Only the three newest are ranked and counted; the total says "more than 3".
    assert [hit.title for hit in results.hits] == [
        "Сметосъбиране в квартал 3",
        "Сметосъбиране в квартал 2",
        "Сметосъбиране в квартал 1",
    ]
    assert (results.total, results.total_exact) == (3, False)
    # By date the window is the newest by date (every page offered lies in it).
    by_date = search(resolve_scope(world.official_a, "alpha"), "сметосъбиране", sort="date")
    assert [hit.title for hit in by_date.hits] == [
        "Сметосъбиране в квартал 3",
        "Сметосъбиране в квартал 2",
        "Сметосъбиране в квартал 1",
    ]
    assert (by_date.total, by_date.total_exact) == (3, False)
    # The newest entry with the oldest date: first by relevance's window, not by date's.
    newest = Document.objects.get(subject="Сметосъбиране в квартал 3")
    Document.objects.filter(pk=newest.pk).update(
        registered_at=best.registered_at - timedelta(days=400)
    )
    index_soon(newest)
    drain_index()
    assert found(world.official_a, "alpha", "сметосъбиране", sort="date") == [
        "Сметосъбиране в квартал 2",
        "Сметосъбиране в квартал 1",
        "Сметосъбиране в квартал 0",
    ]
    assert "Сметосъбиране в квартал 3" in found(world.official_a, "alpha", "сметосъбиране")
