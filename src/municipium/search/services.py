"""Writing the index: the outbox of changed objects, indexing, and rebuilding per organisation."""

from __future__ import annotations

import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.db_statistics import analyze_after_bulk, vacuum_analyze

from .analysis import index_terms
from .backends import backend
from .models import IndexPending, IndexState, SearchEntry, SearchGrant, SearchText
from .types import TYPES, IndexedItem, SearchableType, affected

log = logging.getLogger(__name__)

BODY_CHARS = 100_000
CHUNK = 1000
# Entries deleted per transaction when a generation is dropped on PostgreSQL (one array
# parameter per statement; SQLite keeps CHUNK placeholders, below its limit).
DROP_CHUNK = 10_000
# The tables a rebuild or a bulk indexing rewrites (their statistics are refreshed after it).
INDEX_TABLES = (SearchEntry, SearchText, SearchGrant)
# An indexer that claimed outbox rows and did not finish them within this time died: another
# takes them over.
CLAIM_TIMEOUT = timedelta(minutes=10)


def index_soon(obj: models.Model) -> int:
    """Mark `obj` (and what depends on it) for re-indexing, in the caller's transaction: the
    outbox row commits with the change or not at all, and the worker's indexer (`municipium
    worker`, every half second, many changes in one pass) indexes it. Nothing is analysed
    in the request, before or after its commit. Returns the number of objects marked."""
    rows = [IndexPending(type=t.name, object_id=pk) for t, pk in affected(obj)]
    IndexPending.objects.bulk_create(rows)
    return len(rows)


def index_later(*, model: type[models.Model], object_ids: Iterable[int]) -> int:
    """Mark many objects of one indexed model for the indexer, in the caller's transaction:
    for writes of many rows at once (an import, the bulk demo) that journal one entry for
    all of them. Returns the number of objects marked."""
    searchable = next((t for t in TYPES.values() if t.model is model), None)
    if searchable is None:
        raise ValueError(f"{model._meta.label} is not indexed")
    rows = [IndexPending(type=searchable.name, object_id=object_id) for object_id in object_ids]
    IndexPending.objects.bulk_create(rows, batch_size=CHUNK)
    return len(rows)


def on_journal(entry: AuditEntry, obj: models.Model | None) -> None:
    """Journal listener: every journaled change of an indexed object re-indexes it."""
    if obj is not None:
        index_soon(obj)


def drain_all(progress: Callable[[int, int], None] | None = None) -> int:
    """Index everything waiting in the outbox now, in passes of CHUNK; `progress(done,
    total)` after each. Returns the number of outbox rows done."""
    total = IndexPending.objects.count()
    done = 0
    while taken := drain_index(limit=CHUNK):
        done += taken
        if progress is not None:
            progress(done, max(total, done))
    # After a bulk load (an import, the bulk demo) the planner's statistics of the index
    # are those of the index before it (PostgreSQL; see db_statistics).
    analyze_after_bulk(done, *INDEX_TABLES)
    return done


def drain_index(*, limit: int = 2000) -> int:
    """Index the objects of the oldest `limit` outbox rows no other indexer is working on,
    and remove the rows; returns the number of rows taken (0: nothing waits). The rows are
    claimed in a short transaction first, so indexers on several machines share the work;
    a claim older than CLAIM_TIMEOUT (its indexer died) is taken over. The texts are read
    and analysed outside any transaction; each organisation's entries are then written in
    one short transaction (see `_index`)."""
    rows = _claim(limit)
    if rows:
        try:
            _index(_work_of(rows), rows=rows)
        except BaseException:
            # Free for the next pass at once (not after CLAIM_TIMEOUT); nothing is lost.
            _release([row[0] for row in rows])
            raise
    return len(rows)


def _release(ids: list[int]) -> None:
    try:
        IndexPending.objects.filter(id__in=ids).update(claimed_at=None)
    except Exception:
        log.exception("could not release %d outbox rows; they wait for the claim timeout", len(ids))


def _claim(limit: int) -> list[tuple[int, str, int]]:
    now = timezone.now()
    with transaction.atomic():
        free = IndexPending.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
        ).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            free = free.select_for_update(skip_locked=True)  # PostgreSQL: others skip them
        rows = list(free.values_list("id", "type", "object_id")[:limit])
        IndexPending.objects.filter(id__in=[row[0] for row in rows]).update(claimed_at=now)
    return rows


def _work_of(rows: Sequence[tuple[int, str, int]]) -> dict[SearchableType, list[int]]:
    by_type: dict[str, set[int]] = defaultdict(set)
    for _, name, object_id in rows:
        if name in TYPES:
            by_type[name].add(object_id)
    return {TYPES[name]: sorted(object_ids) for name, object_ids in by_type.items()}


def _locked_state(organisation_id: int) -> IndexState:
    state = IndexState.objects.select_for_update().filter(organisation_id=organisation_id).first()
    if state is None:
        IndexState.objects.get_or_create(organisation_id=organisation_id)
        state = IndexState.objects.select_for_update().get(organisation_id=organisation_id)
    return state


def _writing(organisation_id: int) -> IndexState:
    """Lock the organisation's index state for a write and count the write: the entries
    written get the new count as their stamp (see `_index`)."""
    state = _locked_state(organisation_id)
    state.writes += 1
    IndexState.objects.filter(pk=state.pk).update(writes=state.writes)
    return state


def _seen(organisation_id: int) -> int:
    """The organisation's count of index writes, read before its objects are read."""
    found = IndexState.objects.filter(organisation_id=organisation_id).values_list("writes")
    row = found.first()
    return int(row[0]) if row else 0


def _delete_entries(entry_ids: list[int]) -> None:
    """Delete entries with their terms, texts and grants."""
    if entry_ids:
        backend().delete(entry_ids)
        # PostgreSQL: one array parameter (psycopg parsed a statement of 1,000 placeholders
        # in Python for each chunk: a third of the time of dropping a generation).
        postgresql = connection.vendor == "postgresql"
        marks = "= ANY(%s)" if postgresql else "IN (" + ", ".join(["%s"] * len(entry_ids)) + ")"
        params: list[Any] = [list(entry_ids)] if postgresql else list(entry_ids)
        with connection.cursor() as cursor:
            for table, column in (
                (SearchGrant._meta.db_table, "entry_id"),
                (SearchText._meta.db_table, "entry_id"),
                (SearchEntry._meta.db_table, "id"),
            ):
                sql = f"DELETE FROM {table} WHERE {column} {marks}"  # noqa: S608
                cursor.execute(sql, params)


@contextmanager
def _rebuilding() -> Iterator[None]:
    """A write transaction of a rebuild. On PostgreSQL its commit does not wait for the
    disk (synchronous_commit off, for this transaction only): a crash can lose the last
    chunks written, never corrupt anything, and what a rebuild writes is written again by
    the next one (the generation being built is dropped first). The swap itself commits as
    usual, and PostgreSQL's log is written in order, so once the swap is on disk every
    chunk before it is too. One fsync per chunk was a third of a rebuild's time."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _generations(state: IndexState) -> list[int]:
    """The generations written: the one searched and the one a rebuild is building."""
    return [state.generation] + ([state.building] if state.building else [])


def _remove(
    organisation_id: int, name: str, object_ids: Iterable[int], generations: list[int]
) -> None:
    # The generations make the lookup use the index (organisation, generation, type, id).
    entries = SearchEntry.objects.filter(
        organisation_id=organisation_id,
        generation__in=generations,
        type=name,
        object_id__in=list(object_ids),
    )
    entry_ids = list(entries.values_list("id", flat=True))
    _delete_entries(entry_ids)


_ENTRY_FIELDS = (
    "organisation_id",
    "generation",
    "type",
    "object_id",
    "stamp",
    "restricted",
    "title",
    "number",
    "date",
    "register",
    "year",
    "kind",
    "status",
)


def _analyse(items: dict[int, IndexedItem]) -> dict[int, str]:
    """The index terms of each item: the costly part, always outside a transaction."""
    return {object_id: index_terms(item.parts) for object_id, item in items.items()}


def _insert(
    organisation_id: int,
    name: str,
    generations: Sequence[int],
    items: dict[int, IndexedItem],
    terms: dict[int, str],
    stamp: int,
) -> None:
    """Insert the entries, their terms and grants. Plain executemany, not bulk_create: at a
    million entries the model instances were a third of the indexing time."""
    if not items:
        return
    table = SearchEntry._meta.db_table
    engine = backend()
    columns = ", ".join(_ENTRY_FIELDS)
    marks = ", ".join(["%s"] * len(_ENTRY_FIELDS))
    if engine.inline:
        columns += ", " + engine.inline[0]
        marks += ", " + engine.inline[1]
    date_field = SearchEntry._meta.get_field("date")
    rows = []
    for generation in generations:
        for object_id, item in items.items():
            rows.append(
                (
                    organisation_id,
                    generation,
                    name,
                    object_id,
                    stamp,
                    item.readers is not None,
                    item.title[:500],
                    item.number[:100],
                    date_field.get_db_prep_value(item.date, connection),
                    item.register[:40],
                    item.year,
                    item.kind[:40],
                    item.status[:20],
                    *((engine.terms(terms[object_id]),) if engine.inline else ()),
                )
            )
    texts = SearchText._meta.db_table
    bodies = ((object_id, items[object_id].body[:BODY_CHARS]) for object_id in items)
    if connection.vendor == "postgresql":
        entry_objects = _insert_postgresql(rows, terms_column=engine.inline is not None)
        body_of = dict(bodies)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {texts} (entry_id, body) FROM STDIN") as copy:
                for entry_id, object_id in entry_objects:
                    copy.write_row((entry_id, body_of[object_id]))
    else:
        with connection.cursor() as cursor:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)
        entries = SearchEntry.objects.filter(
            organisation_id=organisation_id,
            generation__in=list(generations),
            type=name,
            object_id__in=list(items),
        ).values_list("id", "object_id")
        entry_objects = list(entries)
        body_of = dict(bodies)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {texts} (entry_id, body) VALUES (%s, %s)",  # noqa: S608
                [(entry_id, body_of[object_id]) for entry_id, object_id in entry_objects],
            )
    if not engine.inline:
        engine.write([(entry_id, terms[object_id]) for entry_id, object_id in entry_objects])
    grants = [
        SearchGrant(entry_id=entry_id, user_id=user_id)
        for entry_id, object_id in entry_objects
        for user_id in items[object_id].readers or ()
    ]
    SearchGrant.objects.bulk_create(grants, batch_size=1000)


# The SQL types of _ENTRY_FIELDS, for the staging table of PostgreSQL's COPY.
_PG_TYPES = (
    "bigint",
    "integer",
    "text",
    "bigint",
    "bigint",
    "boolean",
    "text",
    "text",
    "timestamptz",
    "text",
    "integer",
    "text",
    "text",
)
_PG_STAGING = "search_entry_load"


def _insert_postgresql(rows: list[tuple[Any, ...]], *, terms_column: bool) -> list[tuple[int, int]]:
    """Insert the entries' rows: COPY into a temporary table of the connection (emptied at
    commit), then one INSERT … SELECT that computes the vectors on the server and returns
    the new ids. An INSERT per row and a SELECT of the ids after them were a third of a
    rebuild's time; quoting the rows as arrays in Python a sixth. A row whose object already
    has an entry in its generation is skipped: only a rebuild meets one (a change indexed the
    object into the generation being built meanwhile; that entry is the newer). Returns
    (entry id, object id) of the rows inserted."""
    names = list(_ENTRY_FIELDS)
    values = list(_ENTRY_FIELDS)
    staged = [f"{name} {kind}" for name, kind in zip(_ENTRY_FIELDS, _PG_TYPES, strict=True)]
    if terms_column:
        names.append("vector")
        values.append("to_tsvector('simple', terms)")
        staged.append("terms text")
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_PG_STAGING} ({', '.join(staged)}) "
            "ON COMMIT DELETE ROWS"
        )
        loaded = [*_ENTRY_FIELDS, *(("terms",) if terms_column else ())]
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {_PG_STAGING} ({', '.join(loaded)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(names)}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM {_PG_STAGING} "
            "ON CONFLICT (organisation_id, generation, type, object_id) DO NOTHING "
            "RETURNING id, object_id"
        )
        found = [(int(entry_id), int(object_id)) for entry_id, object_id in cursor.fetchall()]
        # Emptied for another insert in the same transaction (the commit empties it too).
        cursor.execute(f"DELETE FROM {_PG_STAGING}")  # noqa: S608
    return found


@dataclass
class _Reading:
    """What was read and analysed of some objects of one type, before the write."""

    searchable: SearchableType
    object_ids: list[int]
    items: dict[int, IndexedItem]
    terms: dict[int, str] = field(default_factory=dict)


@dataclass
class _Work:
    """One pass of indexing, read and analysed, waiting to be written (see `_index`)."""

    # Per organisation: the count of its index writes seen before reading, and the readings.
    organisations: list[tuple[int, int, list[_Reading]]]
    gone: list[tuple[SearchableType, set[int]]]


def _index(
    work: dict[SearchableType, list[int]], rows: Sequence[tuple[int, str, int]] = ()
) -> None:
    """Rebuild the entries of these objects of each type; `rows` are the outbox rows
    (id, type, object id) that asked for it.

    The objects are read and their text analysed outside any transaction (with SQLite's one
    writer, a long analysis inside one stalled every organisation). Each organisation's
    entries are then written in one short transaction holding its index state row, so that
    writers of one organisation take turns. Every such write counts one on the state row
    and stamps its entries with the count; the count is read before the objects are, so an
    entry stamped above it was written from a newer reading than ours: that object is left
    alone, and its outbox rows are released for the next pass to read it again. Every
    change of an indexed object writes an outbox row, so an entry is always either current
    or waiting for a pass. The outbox rows done are removed in the last write."""
    read = _read(work)
    for _, _, readings in read.organisations:
        for reading in readings:
            reading.terms = _analyse(reading.items)
    _write(read, rows)


def _read(work: dict[SearchableType, list[int]]) -> _Work:
    """Read the objects, outside any transaction, grouped by organisation."""
    by_org: dict[int, list[tuple[SearchableType, list[int]]]] = defaultdict(list)
    gone: list[tuple[SearchableType, set[int]]] = []
    for searchable, object_ids in work.items():
        org_of = dict(
            searchable.model._default_manager.filter(pk__in=object_ids).values_list(
                "pk", "organisation_id"
            )
        )
        of_org: dict[int, list[int]] = defaultdict(list)
        for object_id in object_ids:
            if object_id in org_of:
                of_org[org_of[object_id]].append(object_id)
        for organisation_id, ids in of_org.items():
            by_org[organisation_id].append((searchable, ids))
        if missing := set(object_ids) - set(org_of):
            gone.append((searchable, missing))
    organisations = []
    for organisation_id, parts in by_org.items():
        seen = _seen(organisation_id)
        readings = []
        for searchable, ids in parts:
            objects = list(searchable.objects_of(None).filter(pk__in=ids).order_by("pk"))
            readings.append(_Reading(searchable, ids, _build(searchable, objects)))
        organisations.append((organisation_id, seen, readings))
    return _Work(organisations, gone)


def _write(work: _Work, rows: Sequence[tuple[int, str, int]]) -> None:
    """Write what was read and analysed: a short transaction per organisation; the last one
    also removes the outbox rows done and releases those of objects left alone."""
    # Deleted objects: their entries go (ids are never reused, so no reading can be newer).
    for searchable, missing in work.gone:
        with transaction.atomic():
            for organisation_id in set(
                SearchEntry.objects.filter(type=searchable.name, object_id__in=missing)
                .values_list("organisation_id", flat=True)
                .distinct()
            ):
                state = _locked_state(organisation_id)
                _remove(organisation_id, searchable.name, missing, _generations(state))
    kept: set[tuple[str, int]] = set()
    last = len(work.organisations) - 1
    for position, (organisation_id, seen, readings) in enumerate(work.organisations):
        with transaction.atomic():
            state = _writing(organisation_id)
            generations = _generations(state)
            for reading in readings:
                name = reading.searchable.name
                newer = set(
                    SearchEntry.objects.filter(
                        organisation_id=organisation_id,
                        generation__in=generations,
                        type=name,
                        object_id__in=reading.object_ids,
                        stamp__gt=seen,
                    ).values_list("object_id", flat=True)
                )
                kept.update((name, object_id) for object_id in newer)
                # An object deleted since it was read leaves the index with its entry.
                existing = set(
                    reading.searchable.model._default_manager.filter(
                        pk__in=reading.object_ids
                    ).values_list("pk", flat=True)
                )
                write = [i for i in reading.object_ids if i not in newer]
                _remove(organisation_id, name, write, generations)
                items = {i: reading.items[i] for i in write if i in existing and i in reading.items}
                _insert(organisation_id, name, generations, items, reading.terms, state.writes)
            if position == last:
                _done(rows, kept)
    if not work.organisations:
        with transaction.atomic():
            _done(rows, kept)


def _done(rows: Sequence[tuple[int, str, int]], kept: set[tuple[str, int]]) -> None:
    """Remove the outbox rows done; release the claim of the others for the next pass."""
    done = [row[0] for row in rows if (row[1], row[2]) not in kept]
    IndexPending.objects.filter(id__in=done).delete()
    if kept:
        again = [row[0] for row in rows if (row[1], row[2]) in kept]
        IndexPending.objects.filter(id__in=again).update(claimed_at=None)


def _build(searchable: SearchableType, objects: list[Any]) -> dict[int, IndexedItem]:
    if searchable.prepare is not None and objects:
        searchable.prepare(objects)
    return {int(obj.pk): item for obj in objects if (item := searchable.build(obj))}


Progress = Callable[[str, int, int], None]


def index_rebuild(
    *, organisation: Any, progress: Progress | None = None, analyze_after: bool = True
) -> int:
    """Rebuild an organisation's index beside the one being read, then swap them.

    Searches keep reading the current generation until the swap; changes made meanwhile are
    indexed into both. Each chunk of objects is read and analysed outside any transaction,
    then written in a short one, except the objects that a change has indexed into the new
    generation meanwhile (that entry is the newer). The index tables are vacuumed (the old
    generation's rows) and analysed at the end (PostgreSQL) unless `analyze_after` is false
    (`search reindex` of every organisation does it once, after the last). Returns the
    number of entries."""
    with transaction.atomic():
        state = _locked_state(organisation.pk)
        if state.building:
            _drop_generation(organisation.pk, state.building)
        state.building = state.generation + 1
        state.save(update_fields=["building"])
        building = state.building
    total = 0
    writer = _Writer.start()
    try:
        for searchable in TYPES.values():
            objects = searchable.objects_of(organisation)
            count = objects.count()
            if progress:
                progress(str(searchable.label), 0, count)
            last = 0
            while True:
                chunk = list(objects.filter(pk__gt=last).order_by("pk")[:CHUNK])
                if not chunk:
                    break
                ids = [int(obj.pk) for obj in chunk]
                items = _build(searchable, chunk)
                writer.write(
                    _rebuild_chunk,
                    organisation.pk,
                    building,
                    searchable,
                    ids,
                    items,
                    _analyse(items),
                )
                last = ids[-1]
                total += len(items)
                if progress:
                    progress(str(searchable.label), len(chunk), count)
    finally:
        writer.finish()
    with transaction.atomic():
        state = _locked_state(organisation.pk)
        old = state.generation
        state.generation, state.building = building, None
        state.save(update_fields=["generation", "building"])
    _drop_generation(organisation.pk, old)
    if analyze_after:
        vacuum_analyze(*INDEX_TABLES)
    return total


def _rebuild_chunk(
    organisation_id: int,
    building: int,
    searchable: SearchableType,
    ids: list[int],
    items: dict[int, IndexedItem],
    terms: dict[int, str],
) -> None:
    """Write a chunk of a rebuild into the generation being built, in a short transaction,
    but not the objects deleted since they were read, nor those a change has indexed into
    that generation meanwhile (that entry is the newer)."""
    with _rebuilding():
        state = _writing(organisation_id)
        if connection.vendor == "postgresql":
            # One array parameter (psycopg parsed 1,000 placeholders in Python). The entries
            # a change wrote into the building generation meanwhile are skipped by the
            # INSERT itself (ON CONFLICT DO NOTHING on search_entry_once): a SELECT of them
            # was planned from statistics taken before the generation existed and scanned
            # the whole generation for each chunk, quadratic (875 entries/s and falling at
            # half a million).
            with connection.cursor() as cursor:
                model_table = searchable.model._meta.db_table
                pk = searchable.model._meta.pk.column
                cursor.execute(
                    f"SELECT {pk} FROM {model_table} WHERE {pk} = ANY(%s)",  # noqa: S608
                    [ids],
                )
                existing = {int(row[0]) for row in cursor.fetchall()}
            taken: set[int] = set()
        else:
            existing = set(
                searchable.model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
            )
            taken = set(
                SearchEntry.objects.filter(
                    organisation_id=organisation_id,
                    generation=building,
                    type=searchable.name,
                    object_id__in=ids,
                ).values_list("object_id", flat=True)
            )
        write = {i: item for i, item in items.items() if i in existing and i not in taken}
        _insert(organisation_id, searchable.name, [building], write, terms, state.writes)


class _Writer:
    """Writes a rebuild's chunks. On PostgreSQL, outside a transaction, a thread with its own
    connection writes each chunk while the caller reads and analyses the next one (the
    server's work and ours overlap; at most two chunks wait). Elsewhere — SQLite has one
    writer and no server; inside a transaction another connection would not see it — the
    chunks are written in turn by the caller."""

    def __init__(self, threaded: bool) -> None:
        self.error: BaseException | None = None
        self.queue: queue.Queue[tuple[Callable[..., None], tuple[Any, ...]] | None] = queue.Queue(
            maxsize=2
        )
        self.thread = threading.Thread(target=self._run, daemon=True) if threaded else None
        if self.thread is not None:
            self.thread.start()

    @classmethod
    def start(cls) -> _Writer:
        return cls(connection.vendor == "postgresql" and not connection.in_atomic_block)

    def write(self, function: Callable[..., None], *args: Any) -> None:
        if self.thread is None:
            function(*args)
            return
        self._raise()
        self.queue.put((function, args))

    def finish(self) -> None:
        """Wait for the chunks given; raise the error of one that failed."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            while (job := self.queue.get()) is not None:
                if self.error is None:  # after a failure, only empty the queue
                    try:
                        job[0](*job[1])
                    except BaseException as error:  # handed to the caller's thread
                        self.error = error
        finally:
            connection.close()  # this thread's own connection


def _drop_generation(organisation_id: int, generation: int) -> None:
    """Delete a generation's entries in short transactions (nothing reads it any more)."""
    size = DROP_CHUNK if connection.vendor == "postgresql" else CHUNK
    while True:
        with _rebuilding():
            entry_ids = list(
                SearchEntry.objects.filter(
                    organisation_id=organisation_id, generation=generation
                ).values_list("id", flat=True)[:size]
            )
            if not entry_ids:
                return
            _delete_entries(entry_ids)
