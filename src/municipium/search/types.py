"""What can be searched: each app declares its `SearchableType`s in its ``search.py`` module,
loaded by `SearchConfig.ready()` (like the admin's autodiscovery)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass
class IndexedItem:
    """What the index keeps of one object. `parts` are the texts searched (the title first);
    `readers` is None for an object every member reads, else the ids of those who may."""

    organisation_id: int
    title: str
    parts: list[str]
    number: str = ""
    body: str = ""
    date: datetime | None = None
    register: str = ""
    year: int | None = None
    kind: str = ""
    status: str = ""
    readers: list[int] | None = None


@dataclass(frozen=True)
class SearchableType:
    name: str
    label: str | Promise
    model: type[models.Model]
    # One object → its entry, or None when it must leave the index.
    build: Callable[[Any], IndexedItem | None]
    # An organisation's objects, with what `build` reads joined in (for bulk indexing).
    objects_of: Callable[[Any], models.QuerySet[Any]]
    # The page of one object: (organisation slug, object id) → path.
    url: Callable[[str, int], str]
    # Facet code → label, per facet, for an organisation: {"register": {"in": "Incoming"}}.
    facet_labels: Callable[[Any], dict[str, dict[str, str]]] = field(
        default=lambda organisation: {}
    )
    # Optional: load in a few queries what `build` needs for a batch of objects (instead of
    # a prefetch per relation), before `build` is called on each.
    prepare: Callable[[list[Any]], None] | None = None


TYPES: dict[str, SearchableType] = {}
# A changed object of model M → the indexed objects to rebuild (a task → its document).
DEPENDENTS: dict[type[models.Model], list[Callable[[Any], Iterable[models.Model]]]] = {}


def register_type(searchable: SearchableType) -> SearchableType:
    TYPES[searchable.name] = searchable
    return searchable


def register_dependents(
    model: type[models.Model], dependents: Callable[[Any], Iterable[models.Model]]
) -> None:
    DEPENDENTS.setdefault(model, []).append(dependents)


def type_of(obj: models.Model) -> SearchableType | None:
    for searchable in TYPES.values():
        if isinstance(obj, searchable.model):
            return searchable
    return None


def affected(obj: models.Model) -> Iterator[tuple[SearchableType, int]]:
    """The indexed objects to rebuild when `obj` changed: itself and its dependents."""
    seen: set[tuple[str, int]] = set()
    candidates: list[models.Model] = [obj]
    for model, functions in DEPENDENTS.items():
        if isinstance(obj, model):
            for function in functions:
                candidates.extend(function(obj))
    for candidate in candidates:
        searchable = type_of(candidate)
        if searchable is not None and candidate.pk is not None:
            key = (searchable.name, int(candidate.pk))
            if key not in seen:
                seen.add(key)
                yield searchable, int(candidate.pk)
