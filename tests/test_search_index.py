"""The index follows every change of the registry, and searches find inflected forms."""

from __future__ import annotations

from typing import Any

import pytest

from municipium.registry.services import document_annul
from municipium.search.models import IndexPending, SearchEntry
from municipium.search.queries import search
from municipium.search.services import drain_index, index_soon
from municipium.tenants.scoping import resolve_scope
from tests.conftest import register_letter


def found(user: Any, org: str, text: str, **kwargs: Any) -> list[str]:
    return [hit.title for hit in search(resolve_scope(user, org), text, **kwargs).hits]


@pytest.fixture
def indexed(world: Any, registry: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Register with on-commit callbacks run, as after a real commit."""

    def register(**fields: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return register_letter(world, registry, **fields).document

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
    # Without a commit the on-commit indexing did not run: the outbox holds the document.
    assert IndexPending.objects.filter(type="document").exists()
    assert found(world.official_a, "alpha", "информация") == []
    drain_index()
    assert IndexPending.objects.count() == 0
    assert found(world.official_a, "alpha", "информацията") == ["Искане за достъп до информация"]


def test_an_annulled_document_is_reindexed_with_its_new_status(
    world: Any, indexed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = indexed(subject="Сигнал за шум")
    with django_capture_on_commit_callbacks(execute=True):
        document_annul(document=document, actor=world.registrar_a, reason="Грешка")
    entry = SearchEntry.objects.get(type="document", object_id=document.pk)
    assert entry.status == "annulled"


def test_index_soon_marks_an_object_and_its_dependents(world: Any, registry: Any) -> None:
    document = register_letter(world, registry, subject="Писмо").document
    IndexPending.objects.all().delete()
    assert index_soon(document) == 1
    assert index_soon(world.org_a) == 0  # not a searchable type


def test_one_transaction_indexes_what_it_changed_in_one_pass(
    world: Any, registry: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = register_letter(world, registry, subject="Молба за дърва").document
        second = register_letter(world, registry, subject="Молба за вода").document
        index_soon(first)
    # Three changes journaled, one indexing pass after the commit; nothing left waiting.
    assert len(callbacks) == 1
    assert IndexPending.objects.count() == 0
    assert sorted(found(world.official_a, "alpha", "молбата")) == [
        "Молба за вода",
        "Молба за дърва",
    ]
    assert SearchEntry.objects.filter(object_id__in=[first.pk, second.pk]).count() == 2


def test_a_deferred_transaction_leaves_its_indexing_to_the_worker(
    world: Any, registry: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    from municipium.search.services import defer_indexing

    with django_capture_on_commit_callbacks(execute=True):
        undeferred = register_letter(world, registry, subject="Писмо за пътя").document
    # A change its on-commit pass missed: left to the periodic drain.
    IndexPending.objects.create(type="document", object_id=undeferred.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        register_letter(world, registry, subject="Заявление за адресна регистрация")
        defer_indexing()  # also what the transaction marked before
    # The commit indexed nothing: the rows wait for the worker's indexer, marked deferred.
    assert found(world.official_a, "alpha", "регистрацията") == []
    assert IndexPending.objects.filter(deferred=True, type="document").count() == 1
    # The indexer takes only the deferred rows; the periodic drain takes the rest.
    assert drain_index(deferred=True) == 1
    assert found(world.official_a, "alpha", "регистрацията") == ["Заявление за адресна регистрация"]
    assert list(IndexPending.objects.values_list("type", "object_id", "deferred")) == [
        ("document", undeferred.pk, False)
    ]


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
    # By date every match is ordered: the oldest is still on the page.
    by_date = found(world.official_a, "alpha", "сметосъбиране", sort="date")
    assert by_date[0] == "Сметосъбиране в квартал 3" and by_date[-1] == best.subject
