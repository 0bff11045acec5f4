"""Writing the index: the outbox of changed objects, indexing, and rebuilding per organisation."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction

from municipium.audit.models import AuditEntry

from .analysis import index_terms
from .backends import backend
from .models import IndexPending, IndexState, SearchEntry, SearchGrant, SearchText
from .types import TYPES, IndexedItem, SearchableType, affected

log = logging.getLogger(__name__)

BODY_CHARS = 100_000
CHUNK = 1000


class _CommitBatch:
    """The outbox rows written by one transaction, indexed together once it commits: a
    registration that journals four changes of three objects indexes each object once.
    A deferred batch is left to the worker's indexer."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.done = False
        self.deferred = False

    def __call__(self) -> None:
        self.done = True
        if not self.deferred:
            drain_index(ids=self.ids)


_local = threading.local()


def _commit_batch() -> _CommitBatch:
    """The batch of the transaction in progress, or a new one registered to run on commit.
    A batch belongs to a transaction while its callback waits in the connection's on-commit
    list; after a commit or a rollback it is gone from there and a new batch starts."""
    batch: _CommitBatch | None = getattr(_local, "batch", None)
    waiting = connection.in_atomic_block and batch is not None and not batch.done
    if waiting and any(entry[1] is batch for entry in connection.run_on_commit):
        assert batch is not None
        return batch
    batch = _CommitBatch()
    _local.batch = batch
    if connection.in_atomic_block:
        transaction.on_commit(batch, robust=True)
    return batch


def defer_indexing() -> None:
    """Leave what the current transaction marks for re-indexing to the worker's indexer
    (`municipium worker` drains deferred rows every second, many changes in one pass)
    instead of indexing it in the request once the transaction commits. For requests whose
    caller does not search next — a citizen filing an application — so that they return
    sooner and their indexing is batched."""
    if not connection.in_atomic_block:
        raise RuntimeError("defer_indexing() belongs inside a transaction")
    batch = _commit_batch()
    batch.deferred = True
    if batch.ids:  # marked earlier in this transaction: the indexer takes those too
        IndexPending.objects.filter(id__in=batch.ids).update(deferred=True)


def index_soon(obj: models.Model) -> int:
    """Mark `obj` (and what depends on it) for re-indexing, in the caller's transaction; the
    index is updated once it commits (everything the transaction marked, in one pass), or by
    the worker's indexer if the transaction deferred it. Returns the number of objects
    marked. The outbox row commits with the change, so what the on-commit pass misses,
    `drain_index` (a periodic job) indexes later."""
    pairs = list(affected(obj))
    if not pairs:
        return 0
    batch = _commit_batch()
    rows = [IndexPending(type=t.name, object_id=pk, deferred=batch.deferred) for t, pk in pairs]
    created = IndexPending.objects.bulk_create(rows)
    batch.ids.extend(row.pk for row in created if row.pk is not None)
    if not connection.in_atomic_block:
        batch()  # autocommit: the change is already committed
    return len(rows)


def on_journal(entry: AuditEntry, obj: models.Model | None) -> None:
    """Journal listener: every journaled change of an indexed object re-indexes it."""
    if obj is not None:
        index_soon(obj)


def drain_index(
    *, ids: Sequence[int] | None = None, limit: int = 2000, deferred: bool = False
) -> int:
    """Index the objects waiting in the outbox (these `ids`, or the oldest `limit`, only the
    deferred ones if `deferred`) and remove their rows; returns the number of outbox rows
    done. Each organisation's objects, of every type, are indexed in one transaction, the
    last of which also removes the rows. Safe to run concurrently: indexing an object twice
    gives the same entry."""
    pending = IndexPending.objects.order_by("id")
    if deferred:
        pending = pending.filter(deferred=True)
    pending = pending.filter(id__in=ids) if ids is not None else pending[:limit]
    rows = list(pending.values_list("id", "type", "object_id"))
    by_type: dict[str, set[int]] = defaultdict(set)
    for _, name, object_id in rows:
        if name in TYPES:
            by_type[name].add(object_id)
    _index(
        {TYPES[name]: sorted(object_ids) for name, object_ids in by_type.items()},
        done=[row[0] for row in rows],
    )
    return len(rows)


def _locked_state(organisation_id: int) -> IndexState:
    state = IndexState.objects.select_for_update().filter(organisation_id=organisation_id).first()
    if state is None:
        IndexState.objects.get_or_create(organisation_id=organisation_id)
        state = IndexState.objects.select_for_update().get(organisation_id=organisation_id)
    return state


def _delete_entries(entry_ids: list[int]) -> None:
    """Delete entries with their terms, texts and grants."""
    if entry_ids:
        backend().delete(entry_ids)
        marks = ", ".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            for table, column in (
                (SearchGrant._meta.db_table, "entry_id"),
                (SearchText._meta.db_table, "entry_id"),
                (SearchEntry._meta.db_table, "id"),
            ):
                sql = f"DELETE FROM {table} WHERE {column} IN ({marks})"  # noqa: S608
                cursor.execute(sql, entry_ids)


def _remove(organisation_id: int, name: str, object_ids: Iterable[int]) -> None:
    entries = SearchEntry.objects.filter(
        organisation_id=organisation_id, type=name, object_id__in=list(object_ids)
    )
    entry_ids = list(entries.values_list("id", flat=True))
    _delete_entries(entry_ids)


_ENTRY_FIELDS = (
    "organisation_id",
    "generation",
    "type",
    "object_id",
    "restricted",
    "title",
    "number",
    "date",
    "register",
    "year",
    "kind",
    "status",
)


def _insert(
    organisation_id: int, name: str, generations: Sequence[int], items: dict[int, IndexedItem]
) -> None:
    """Insert the entries, their terms and grants. Plain executemany, not bulk_create: at a
    million entries the model instances were a third of the indexing time."""
    if not items:
        return
    terms = {object_id: index_terms(item.parts) for object_id, item in items.items()}
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
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
    entries = SearchEntry.objects.filter(
        organisation_id=organisation_id,
        generation__in=list(generations),
        type=name,
        object_id__in=list(items),
    ).values_list("id", "object_id")
    entry_objects = list(entries)
    texts = SearchText._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {texts} (entry_id, body) VALUES (%s, %s)",  # noqa: S608
            [
                (entry_id, items[object_id].body[:BODY_CHARS])
                for entry_id, object_id in entry_objects
            ],
        )
    if not engine.inline:
        engine.write([(entry_id, terms[object_id]) for entry_id, object_id in entry_objects])
    grants = [
        SearchGrant(entry_id=entry_id, user_id=user_id)
        for entry_id, object_id in entry_objects
        for user_id in items[object_id].readers or ()
    ]
    SearchGrant.objects.bulk_create(grants, batch_size=1000)


def index_objects(*, searchable: SearchableType, object_ids: Sequence[int]) -> int:
    """Rebuild the entries of these objects (removing those that are gone or not indexed),
    in the current generation and in a rebuild under way."""
    _index({searchable: list(object_ids)})
    return len(object_ids)


def _index(work: dict[SearchableType, list[int]], done: Sequence[int] = ()) -> None:
    """Rebuild the entries of these objects of each type: one transaction per organisation,
    holding its index state row so that writers of one organisation take turns. The outbox
    rows `done` are removed in the last of them."""
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
    for searchable, missing in gone:
        with transaction.atomic():
            for organisation_id in set(
                SearchEntry.objects.filter(type=searchable.name, object_id__in=missing)
                .values_list("organisation_id", flat=True)
                .distinct()
            ):
                _locked_state(organisation_id)
                _remove(organisation_id, searchable.name, missing)
    last = len(by_org) - 1
    for position, (organisation_id, parts) in enumerate(by_org.items()):
        with transaction.atomic():
            state = _locked_state(organisation_id)
            generations = [state.generation] + ([state.building] if state.building else [])
            for searchable, ids in parts:
                # Read the objects after taking the lock: a rebuild cannot then overwrite a
                # newer entry with an older reading.
                objects = list(searchable.objects_of(None).filter(pk__in=ids).order_by("pk"))
                items = _build(searchable, objects)
                _remove(organisation_id, searchable.name, ids)
                _insert(organisation_id, searchable.name, generations, items)
            if position == last and done:
                IndexPending.objects.filter(id__in=list(done)).delete()
    if not by_org and done:
        IndexPending.objects.filter(id__in=list(done)).delete()


def _build(searchable: SearchableType, objects: list[Any]) -> dict[int, IndexedItem]:
    if searchable.prepare is not None and objects:
        searchable.prepare(objects)
    return {int(obj.pk): item for obj in objects if (item := searchable.build(obj))}


Progress = Callable[[str, int, int], None]


def index_rebuild(*, organisation: Any, progress: Progress | None = None) -> int:
    """Rebuild an organisation's index beside the one being read, then swap them.

    Searches keep reading the current generation until the swap; changes made meanwhile are
    indexed into both. Every step is a short transaction. Returns the number of entries.
    """
    with transaction.atomic():
        state = _locked_state(organisation.pk)
        if state.building:
            _drop_generation(organisation.pk, state.building)
        state.building = state.generation + 1
        state.save(update_fields=["building"])
        building = state.building
    total = 0
    for searchable in TYPES.values():
        objects = searchable.objects_of(organisation)
        count = objects.count()
        if progress:
            progress(str(searchable.label), 0, count)
        last = 0
        while True:
            with transaction.atomic():
                state = _locked_state(organisation.pk)
                chunk = list(objects.filter(pk__gt=last).order_by("pk")[:CHUNK])
                if not chunk:
                    break
                items = _build(searchable, chunk)
                ids = [int(obj.pk) for obj in chunk]
                _remove_generation(organisation.pk, building, searchable.name, ids)
                _insert(organisation.pk, searchable.name, [building], items)
            last = ids[-1]
            total += len(items)
            if progress:
                progress(str(searchable.label), len(chunk), count)
    with transaction.atomic():
        state = _locked_state(organisation.pk)
        old = state.generation
        state.generation, state.building = building, None
        state.save(update_fields=["generation", "building"])
    _drop_generation(organisation.pk, old)
    return total


def _remove_generation(organisation_id: int, generation: int, name: str, ids: list[int]) -> None:
    entry_ids = list(
        SearchEntry.objects.filter(
            organisation_id=organisation_id, generation=generation, type=name, object_id__in=ids
        ).values_list("id", flat=True)
    )
    _delete_entries(entry_ids)


def _drop_generation(organisation_id: int, generation: int) -> None:
    """Delete a generation's entries in short transactions."""
    while True:
        with transaction.atomic():
            entry_ids = list(
                SearchEntry.objects.filter(
                    organisation_id=organisation_id, generation=generation
                ).values_list("id", flat=True)[:CHUNK]
            )
            if not entry_ids:
                return
            _delete_entries(entry_ids)
