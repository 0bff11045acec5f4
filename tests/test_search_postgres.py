"""An installation on PostgreSQL keeps itself fast (ADR 0023): its connections run without
JIT, bulk writes leave fresh planner statistics behind, and a search walks an index in order
and stops after its window instead of reading every match. Skipped on SQLite, except the
tests that say what happens there."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from municipium import db_statistics
from municipium.registry.bulk import documents_bulk_demo
from municipium.registry.models import Document
from municipium.search.analysis import parse_query
from municipium.search.backends import backend
from municipium.search.models import SearchEntry
from municipium.search.queries import COUNT_LIMIT, SearchFilters, _permitted, search
from municipium.search.services import drain_all, drain_index
from municipium.tenants.scoping import resolve_scope
from tests.conftest import register_letter
from tests.test_registry_import import bg_row, csv_bytes


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (CI runs the suite on both databases)")


def analyze_counts(*tables: str, what: str = "analyze") -> dict[str, int]:
    """How many times each table was analysed (or vacuumed), explicitly, not by autovacuum."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            f"SELECT relname, {what}_count FROM pg_stat_user_tables "  # noqa: S608
            "WHERE relname = ANY(%s)",
            [list(tables)],
        )
        return {name: int(count) for name, count in cursor.fetchall()}


INDEX = ("search_searchentry", "search_searchtext", "search_searchgrant")


@pytest.mark.django_db
def test_the_applications_connections_run_without_jit(postgres: None) -> None:
    assert "-c jit=off" in settings.DATABASES["default"]["OPTIONS"]["options"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_analyze_leaves_sqlite_alone(db: Any) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert db_statistics.analyze(SearchEntry) is False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone() is None  # no statistics: the plans stay those measured


@pytest.mark.django_db(transaction=True)
def test_search_reindex_ends_with_fresh_statistics(
    postgres: None, world: Any, registry: Any
) -> None:
    for n in range(3):
        register_letter(world, registry, subject=f"Писмо за статистика {n}")
    drain_all()  # a few changes: left to autovacuum
    before = analyze_counts(*INDEX)
    vacuumed = analyze_counts(*INDEX, what="vacuum")
    call_command("search", "reindex", stdout=io.StringIO())
    after = analyze_counts(*INDEX)
    assert all(after[table] == before.get(table, 0) + 1 for table in INDEX), (before, after)
    # The previous generation's rows are cleared at once, not when autovacuum gets there.
    assert all(
        count == vacuumed.get(table, 0) + 1
        for table, count in analyze_counts(*INDEX, what="vacuum").items()
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
        assert cursor.fetchone()[0] == SearchEntry.objects.count()
        cursor.execute(
            "SELECT n_mod_since_analyze, n_dead_tup FROM pg_stat_user_tables "
            "WHERE relname = 'search_searchentry'"
        )
        assert cursor.fetchone() == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_ends_with_fresh_statistics_of_what_it_wrote(
    postgres: None, world: Any, registry: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`demo --documents` (the bulk loader, then the indexing of its outbox) and `registry
    import` analyse the tables they filled; a small write leaves them to autovacuum."""
    tables = ("registry_document", "registry_correspondent", *INDEX)
    before = analyze_counts(*tables)
    documents_bulk_demo(organisation=world.org_a, count=5, seed=1)
    drain_all()
    assert analyze_counts(*tables) == before  # five documents: below ANALYZE_AFTER
    monkeypatch.setattr(db_statistics, "ANALYZE_AFTER", 5)
    documents_bulk_demo(organisation=world.org_a, count=5, seed=2)
    drain_all()
    after = analyze_counts(*tables)
    assert all(after[table] > before.get(table, 0) for table in tables), (before, after)


@pytest.mark.django_db(transaction=True)
def test_a_registry_import_ends_with_fresh_statistics(
    postgres: None, world: Any, registry: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setattr(db_statistics, "ANALYZE_AFTER", 2)
    source = tmp_path / "old.csv"
    source.write_bytes(
        csv_bytes(
            [
                bg_row("1/21.11.2025", "21.11.2025", subject="Първа стара жалба"),
                bg_row("2/21.11.2025", "21.11.2025", subject="Друга стара жалба"),
            ]
        )
    )
    before = analyze_counts("registry_document", *INDEX)
    call_command("registry", "import", "--org", "alpha", str(source), stdout=io.StringIO())
    assert Document.objects.filter(subject__endswith="стара жалба").count() == 2
    after = analyze_counts("registry_document", *INDEX)
    assert all(after[t] > before.get(t, 0) for t in after), (before, after)


@pytest.mark.django_db
def test_a_frequent_word_is_walked_in_order_and_a_rare_one_found_by_the_gin_index(
    postgres: None, world: Any, registry: Any
) -> None:
    """The statement a search runs lets the planner stop early: a word in most entries is
    read walking (organisation, generation, id) backwards — or the primary key; by date,
    search_recent — with the tsquery as a filter and the window's LIMIT, no sort; a rare
    word comes from the GIN index. Plans chosen from the statistics of 60,000 entries."""
    register_letter(world, registry, subject="Уникалнодума")
    drain_all()
    scope = resolve_scope(world.official_a, "alpha")
    entry = SearchEntry.objects.get(organisation=world.org_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_searchentry (organisation_id, generation, type, object_id, "
            "stamp, restricted, title, number, date, register, year, kind, status, vector) "
            "SELECT %s, %s, 'document', 1000000 + n, 0, n %% 50 = 0, 'Заявление', '', "
            "now() - n * interval '1 minute', '', 2025, '', '', "
            "to_tsvector('simple', 'заявление за ' || md5(n::text)) "
            "FROM generate_series(1, 60000) AS n",
            [world.org_a.pk, entry.generation],
        )
        cursor.execute("ANALYZE search_searchentry")
    permitted, params = _permitted(scope, SearchFilters())
    engine = backend()

    def plan(text: str, sort: str) -> str:
        sql, sql_params = engine.window(
            parse_query(text), permitted, params, sort=sort, limit=COUNT_LIMIT + 1
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, sql_params)
            return "\n".join(row[0] for row in cursor.fetchall())

    walked = plan("заявление", "relevance")
    assert "Index Scan Backward" in walked and "Sort" not in walked, walked
    walked = plan("заявление", "date")
    assert "Index Scan using search_recent" in walked and "Sort" not in walked, walked
    assert "search_entry_vector" in plan("уникалнодума", "relevance")
    assert "search_entry_vector" in plan("уникалнодума", "date")
    # And the searches answer as the contract says.
    assert search(scope, "уникалнодума").total == 1
    results = search(scope, "заявление", sort="date")
    assert (results.total, results.total_exact) == (COUNT_LIMIT, False)
    assert len(results.hits) == 20 and results.hits[0].object_id == 1_000_001


@pytest.mark.django_db
def test_a_user_with_many_grants_reads_exactly_the_restricted_entries_granted(
    world: Any, registry: Any
) -> None:
    """The grant check is part of the walk's filter (per restricted entry, one probe of the
    grants' unique index), whatever the number of the user's grants."""
    from municipium.search.models import SearchGrant

    for n in range(6):
        register_letter(world, registry, subject=f"Поверително писмо {n}")
    drain_index()
    entries = list(SearchEntry.objects.filter(type="document").order_by("id"))
    SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).update(restricted=True)
    SearchGrant.objects.bulk_create(
        SearchGrant(entry_id=e.pk, user=world.official_a) for e in entries[::2]
    )
    scope = resolve_scope(world.official_a, "alpha")
    assert search(scope, "поверително").total == 3
    assert search(scope, "поверително", sort="date").total == 3


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_that_fails_half_way_raises_and_leaves_the_searched_generation(
    world: Any, registry: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the chunks are written by a thread of the rebuild while the next is read
    (outside a transaction): its failure reaches the caller, and searches go on reading the
    generation they read before."""
    from municipium.search import services
    from municipium.search.models import IndexState

    for n in range(3):
        register_letter(world, registry, subject=f"Писмо за ремонт {n}")
    drain_all()
    monkeypatch.setattr(services, "CHUNK", 1)
    written = services._rebuild_chunk
    calls: list[int] = []

    def failing(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        written(*args)

    monkeypatch.setattr(services, "_rebuild_chunk", failing)
    before = IndexState.objects.get(organisation=world.org_a).generation
    with pytest.raises(RuntimeError, match="the disk is full"):
        services.index_rebuild(organisation=world.org_a)
    assert IndexState.objects.get(organisation=world.org_a).generation == before
    assert search(resolve_scope(world.official_a, "alpha"), "ремонт").total == 3
    monkeypatch.setattr(services, "_rebuild_chunk", written)
    assert services.index_rebuild(organisation=world.org_a) >= 3
    assert search(resolve_scope(world.official_a, "alpha"), "ремонт").total == 3
