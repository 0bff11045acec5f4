"""How the index is written: readings analysed outside any transaction never replace a newer
entry, and a failing index never fails the change that asked for it. On the test database in
use (SQLite or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from municipium.registry.models import Document
from municipium.search import services
from municipium.search.models import IndexPending, SearchEntry
from municipium.search.types import TYPES

from .conftest import client_for, register_letter


def entry_title(document: Document) -> str:
    return SearchEntry.objects.get(type="document", object_id=document.pk).title


def test_an_older_reading_never_replaces_a_newer_entry(world: Any, registry: Any) -> None:
    document = register_letter(world, registry, subject="Първа тема").document
    services.drain_index()
    work = {TYPES["document"]: [document.pk]}
    old = services._read(work)  # an indexer reads the document …
    # … meanwhile the subject changes and another indexer indexes that change first.
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(subject="Втора тема")
        services.index_soon(document)
    services.drain_index()
    assert entry_title(document) == "Втора тема"
    # The first indexer now writes what it read: it must not bring the old subject back.
    row = IndexPending.objects.create(type="document", object_id=document.pk)
    for _, _, readings in old.organisations:
        for reading in readings:
            reading.terms = services._analyse(reading.items)
    services._write(old, [(row.pk, "document", document.pk)])
    assert entry_title(document) == "Втора тема"
    # Its outbox row is released for the next pass, which reads the document again.
    assert IndexPending.objects.get(pk=row.pk).claimed_at is None
    assert services.drain_index() == 1
    assert entry_title(document) == "Втора тема"
    assert not IndexPending.objects.exists()


def test_a_reading_of_a_document_deleted_since_writes_no_entry(world: Any, registry: Any) -> None:
    document = register_letter(world, registry, subject="Изтрита").document
    old = services._read({TYPES["document"]: [document.pk]})
    Document.objects.filter(pk=document.pk).delete()
    services._write(old, [])
    assert not SearchEntry.objects.filter(type="document", object_id=document.pk).exists()


@pytest.fixture
def broken_index() -> Iterator[None]:
    """Every insert into the index fails, as a full disk or a damaged index would make it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER search_broken BEFORE INSERT ON search_searchentry "
                "BEGIN SELECT RAISE(ABORT, 'the index is broken'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION search_broken() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'the index is broken'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER search_broken BEFORE INSERT ON search_searchentry "
                "FOR EACH ROW EXECUTE FUNCTION search_broken()"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DROP TRIGGER IF EXISTS search_broken")
            else:
                cursor.execute("DROP TRIGGER IF EXISTS search_broken ON search_searchentry")
                cursor.execute("DROP FUNCTION IF EXISTS search_broken()")


@pytest.mark.django_db(transaction=True)
def test_a_failing_index_fails_no_registration_and_loses_no_change(
    world: Any, registry: Any, broken_index: None
) -> None:
    """Seen before: a failing on-commit indexing broke Django's logging of it, the client got
    a 500 for a document that existed (a retry registered it twice) and the on-commit work
    after it (e-mails) was dropped. Requests now analyse and index nothing."""
    later: list[str] = []
    with transaction.atomic():
        document = register_letter(world, registry, subject="Писмо при счупен индекс").document
        transaction.on_commit(lambda: later.append("e-mail sent"))
    assert later == ["e-mail sent"]
    response = client_for(world.registrar_a).post(
        "/api/v1/orgs/alpha/registry/documents",
        {
            "register_code": "general",
            "direction": "incoming",
            "kind": "letter",
            "subject": "Второ писмо при счупен индекс",
            "channel": "post",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Document.objects.filter(subject__contains="счупен индекс").count() == 2
    # The indexer's pass fails: the changes stay in the outbox, free for the next pass.
    with pytest.raises(DatabaseError):
        services.drain_index()
    waiting = IndexPending.objects.filter(type="document")
    assert {document.pk, response.json()["id"]} <= set(waiting.values_list("object_id", flat=True))
    assert set(waiting.values_list("claimed_at", flat=True)) == {None}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER search_broken")
        else:
            cursor.execute("DROP TRIGGER search_broken ON search_searchentry")
    services.drain_all()
    assert SearchEntry.objects.filter(type="document").count() == 2
