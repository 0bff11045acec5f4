"""Searching, always through a Scope, with the permission rule inside the SQL: results, counts
and facets only ever hold entries the user may read.

The rule is registry.queries.visible_documents': members of the organisation read its entries,
a restricted entry (a confidential document) only the users granted it; non-members nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString

from municipium.tenants.scoping import Scope

from .analysis import ParsedQuery, parse_query, snippet
from .backends import backend
from .models import SearchEntry
from .types import TYPES

FACETS = ("type", "register", "year", "kind", "status")
SORTS = ("relevance", "date")
PAGE_SIZE = 20
MAX_PAGE = 500


@dataclass(frozen=True)
class SearchFilters:
    type: str = ""
    register: str = ""
    year: int | None = None
    kind: str = ""
    status: str = ""

    def active(self) -> dict[str, str]:
        return {name: str(value) for name in FACETS if (value := getattr(self, name))}


@dataclass(frozen=True)
class Hit:
    type: str
    type_label: str
    object_id: int
    title: str
    number: str
    date: datetime | None
    url: str
    snippet: SafeString
    status: str


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def _where(scope: Scope, query: ParsedQuery, filters: SearchFilters) -> tuple[str, list[Any]]:
    """FROM … WHERE …: the matching entries this scope may read."""
    source, condition, params, _ = backend().match(query)
    # Only our own SQL fragments are interpolated; every value is a parameter.
    sql = (
        f"FROM {source} "  # noqa: S608
        "JOIN search_indexstate s ON s.organisation_id = e.organisation_id "
        "AND s.generation = e.generation "
        f"WHERE {condition} AND e.organisation_id = %s "
        "AND (NOT e.restricted OR EXISTS (SELECT 1 FROM search_searchgrant g "
        "WHERE g.entry_id = e.id AND g.user_id = %s))"
    )
    params = [*params, scope.organisation.pk, scope.user.pk]
    for name, value in filters.active().items():
        sql += f" AND e.{name} = %s"
        params.append(int(value) if name == "year" else value)
    return sql, params


def matching_ids(scope: Scope, text: str, *, type: str) -> tuple[str, list[Any]]:
    """SQL (and its params) selecting the ids of the `type` objects matching `text` that the
    scope may read, to use as a subquery (`id IN (…)`). Raises QueryError."""
    query = parse_query(text)
    if not scope.is_member:
        return "SELECT NULL WHERE 1 = 0", []
    where, params = _where(scope, query, SearchFilters(type=type))
    return f"SELECT e.object_id {where}", params


def search(
    scope: Scope,
    text: str,
    *,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> SearchResults:
    """One page of results with their snippets, the total and the facets: two queries (plus
    one for the labels of the facets). Raises QueryError for a query it cannot understand."""
    filters = filters or SearchFilters()
    query = parse_query(text)
    page = max(1, min(page, MAX_PAGE))
    if not scope.is_member:
        return SearchResults(query=query, hits=[], total=0, page=1, pages=0)
    where, params = _where(scope, query, filters)
    rank = backend().match(query)[3]
    order = "score, date DESC, id DESC" if sort == "relevance" else "date DESC, id DESC"
    # One statement: the engine finds the matches once; the page and the counts of every
    # facet (one grouping, summed per facet here) are read from them.
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH hits AS MATERIALIZED (SELECT e.id, "  # noqa: S608
            f"{rank} AS score, e.date, e.type, e.register, e.year, e.kind, e.status {where}) "
            "SELECT 'hit', CAST(id AS TEXT), score, NULL, NULL, NULL, NULL FROM "
            f"(SELECT id, score FROM hits ORDER BY {order} LIMIT %s OFFSET %s) AS page "
            "UNION ALL SELECT 'facet', type, COUNT(*), register, CAST(year AS TEXT), kind, "
            "status FROM hits GROUP BY type, register, year, kind, status",
            [*params, per_page, (page - 1) * per_page],
        )
        result_rows = cursor.fetchall()
    scores = {int(r[1]): float(r[2]) for r in result_rows if r[0] == "hit"}
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for _, type_name, count, register, year, kind, status in result_rows:
        if _ != "facet":
            continue
        for name, value in zip(FACETS, (type_name, register, year, kind, status), strict=True):
            if value not in (None, ""):
                counts[name][str(value)] = counts[name].get(str(value), 0) + int(count)
    entries = SearchEntry.objects.only(
        "type", "object_id", "title", "number", "body", "date", "status"
    ).in_bulk(list(scores))

    def newest(entry: SearchEntry) -> tuple[float, int]:
        return (-(entry.date.timestamp() if entry.date else 0.0), -entry.pk)

    if sort == "relevance":
        rows = sorted(entries.values(), key=lambda e: (scores[e.pk], *newest(e)))
    else:
        rows = sorted(entries.values(), key=newest)
    total = sum(counts["type"].values())
    labels = _facet_labels(scope, counts)
    active = filters.active()
    facets = {
        name: sorted(
            (
                FacetValue(value, labels[name].get(value, value), count, active.get(name) == value)
                for value, count in values.items()
            ),
            key=lambda f: (-int(f.value) if name == "year" else -f.count, f.label),
        )
        for name, values in counts.items()
    }
    slug = scope.organisation.slug
    hits = []
    for entry in rows:
        type_name, object_id, title, body, status = (
            entry.type,
            entry.object_id,
            entry.title,
            entry.body,
            entry.status,
        )
        searchable = TYPES.get(type_name)
        if searchable is None:
            continue
        hits.append(
            Hit(
                type=type_name,
                type_label=str(searchable.label),
                object_id=object_id,
                title=title,
                number=entry.number,
                date=entry.date,
                url=searchable.url(slug, object_id),
                snippet=(
                    snippet(body, query, require_match=True)
                    or snippet(title, query, require_match=True)
                    or snippet(body, query)
                ),
                status=labels["status"].get(status, status),
            )
        )
    return SearchResults(
        query=query,
        hits=hits,
        total=total,
        page=page,
        pages=math.ceil(total / per_page),
        facets=facets,
    )


def _facet_labels(scope: Scope, counts: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {name: {} for name in FACETS}
    labels["type"] = {name: str(t.label) for name, t in TYPES.items()}
    done: set[Any] = set()
    for name in counts["type"]:
        searchable = TYPES.get(name)
        if searchable is None or searchable.facet_labels in done:
            continue
        done.add(searchable.facet_labels)
        for facet, mapping in searchable.facet_labels(scope.organisation).items():
            labels.setdefault(facet, {}).update(mapping)
    return labels
