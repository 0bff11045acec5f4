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
# The total and the facets are counted exactly up to this many matches; beyond, the total is
# shown as "10,000+" and the facets count the first 10,000 matches (as many engines do).
COUNT_LIMIT = MAX_PAGE * PAGE_SIZE
# A page by relevance is read from the engine's best TOP_FACTOR × (offset + page) matches
# (at least TOP_MINIMUM, at most TOP_LIMIT) when enough of them are readable.
TOP_FACTOR = 5
TOP_MINIMUM = 200
TOP_LIMIT = 2000


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
    # False when more than COUNT_LIMIT entries match: `total` is then COUNT_LIMIT ("10,000+")
    # and the facets count the first COUNT_LIMIT matches.
    total_exact: bool = True


def _permitted(scope: Scope, filters: SearchFilters) -> tuple[str, list[Any]]:
    """The condition on the entry ``e`` (and its index state ``s``) that this scope may read
    it and that it passes the filters."""
    sql = (
        "e.organisation_id = %s "
        "AND (NOT e.restricted OR EXISTS (SELECT 1 FROM search_searchgrant g "
        "WHERE g.entry_id = e.id AND g.user_id = %s))"
    )
    params: list[Any] = [scope.organisation.pk, scope.user.pk]
    for name, value in filters.active().items():
        sql += f" AND e.{name} = %s"
        params.append(int(value) if name == "year" else value)
    return sql, params


def _where(scope: Scope, query: ParsedQuery, filters: SearchFilters) -> tuple[str, list[Any]]:
    """FROM … WHERE …: the matching entries this scope may read."""
    source, condition, params, _ = backend().match(query)
    permitted, permitted_params = _permitted(scope, filters)
    # Only our own SQL fragments are interpolated; every value is a parameter.
    sql = (
        f"FROM {source} "
        "JOIN search_indexstate s ON s.organisation_id = e.organisation_id "
        "AND s.generation = e.generation "
        f"WHERE {condition} AND {permitted}"
    )
    return sql, [*params, *permitted_params]


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
    offset = (page - 1) * per_page
    page_rows = None
    if sort == "relevance":
        page_rows = _top_page(scope, query, filters, offset, per_page)
    facet_sql = (
        "SELECT type, COUNT(*), register, CAST(year AS TEXT), kind, status FROM "  # noqa: S608
        "(SELECT type, register, year, kind, status FROM {hits} "
        f"LIMIT {COUNT_LIMIT}) AS counted GROUP BY type, register, year, kind, status"
    )
    with connection.cursor() as cursor:
        if page_rows is not None:
            # The page came from the engine's own top matches: count the matches apart,
            # without ranking them.
            matched = f"(SELECT e.type, e.register, e.year, e.kind, e.status {where}) AS h"
            cursor.execute(facet_sql.format(hits=matched), params)
            facet_rows = cursor.fetchall()
            scores = {entry_id: score for entry_id, score in page_rows}
            more = False
            if sum(int(row[1]) for row in facet_rows) >= COUNT_LIMIT:
                cursor.execute(f"SELECT 1 {where} LIMIT 1 OFFSET {COUNT_LIMIT}", params)
                more = cursor.fetchone() is not None
        else:
            # One statement: the engine finds the matches once; the page and the counts of
            # every facet (one grouping, summed per facet here) are read from them.
            rank = backend().match(query)[3]
            beyond = (
                "SELECT 'more', NULL, COUNT(*), NULL, NULL, NULL, NULL FROM "  # noqa: S608
                f"(SELECT 1 FROM hits LIMIT 1 OFFSET {COUNT_LIMIT}) AS beyond"
            )
            order = "score, date DESC, id DESC" if sort == "relevance" else "date DESC, id DESC"
            cursor.execute(
                "WITH hits AS MATERIALIZED (SELECT e.id, "  # noqa: S608
                f"{rank} AS score, e.date, e.type, e.register, e.year, e.kind, e.status {where}) "
                "SELECT 'hit', CAST(id AS TEXT), score, NULL, NULL, NULL, NULL FROM "
                f"(SELECT id, score FROM hits ORDER BY {order} LIMIT %s OFFSET %s) AS page "
                "UNION ALL SELECT 'facet', * FROM ("
                + facet_sql.format(hits="hits")
                + ") AS facets UNION ALL "
                + beyond,
                [*params, per_page, offset],
            )
            result_rows = cursor.fetchall()
            scores = {int(r[1]): float(r[2]) for r in result_rows if r[0] == "hit"}
            facet_rows = [r[1:] for r in result_rows if r[0] == "facet"]
            more = any(r[0] == "more" and int(r[2]) for r in result_rows)
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for type_name, count, register, year, kind, status in facet_rows:
        for name, value in zip(FACETS, (type_name, register, year, kind, status), strict=True):
            if value not in (None, ""):
                counts[name][str(value)] = counts[name].get(str(value), 0) + int(count)
    # The page's entries with their texts (kept apart from the narrow entries every match reads).
    entries = list(
        SearchEntry.objects.filter(id__in=list(scores)).values_list(
            "id", "type", "object_id", "title", "number", "date", "status", "text__body"
        )
    )

    def newest(entry: tuple[Any, ...]) -> tuple[float, int]:
        date = entry[5]
        return (-(date.timestamp() if date else 0.0), -entry[0])

    if sort == "relevance":
        rows = sorted(entries, key=lambda e: (scores[e[0]], *newest(e)))
    else:
        rows = sorted(entries, key=newest)
    total = sum(counts["type"].values())
    if more:
        total = COUNT_LIMIT  # exactly COUNT_LIMIT counted: shown as "10,000+"
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
    for _id, type_name, object_id, title, number, date, status, body in rows:
        body = body or ""
        searchable = TYPES.get(type_name)
        if searchable is None:
            continue
        hits.append(
            Hit(
                type=type_name,
                type_label=str(searchable.label),
                object_id=object_id,
                title=title,
                number=number,
                date=date,
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
        pages=min(MAX_PAGE, math.ceil(total / per_page)),
        facets=facets,
        total_exact=not more,
    )


def _top_page(
    scope: Scope, query: ParsedQuery, filters: SearchFilters, offset: int, per_page: int
) -> list[tuple[int, float]] | None:
    """The page by relevance from the engine's own best matches (as fast as its plain top-N
    query), when enough of them are readable by this scope and pass the filters; None when
    the engine has no such shortcut or the page lies beyond them."""
    top = backend().top(query)
    wanted = offset + per_page
    if top is None or wanted > TOP_LIMIT:
        return None
    limit = min(TOP_LIMIT, max(TOP_MINIMUM, TOP_FACTOR * wanted))
    permitted, params = _permitted(scope, filters)
    match_params: list[Any] = list(backend().match(query)[2])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id, m.score, CASE WHEN s.id IS NOT NULL AND {permitted} "  # noqa: S608
            f"THEN 1 ELSE 0 END FROM ({top}) AS m "
            "LEFT JOIN search_searchentry e ON e.id = m.id "
            "LEFT JOIN search_indexstate s ON s.organisation_id = e.organisation_id "
            "AND s.generation = e.generation ORDER BY m.score, e.date DESC, e.id DESC",
            [*params, *match_params, limit],
        )
        rows = cursor.fetchall()
    readable = [(int(entry_id), float(score)) for entry_id, score, ok in rows if ok]
    if len(rows) < limit:
        return readable[offset:wanted]  # every match was ranked
    if len(readable) < wanted:
        return None
    # Another match beyond the limit may tie with the page's last score: order it in full.
    if readable[wanted - 1][1] >= max(float(row[1]) for row in rows):
        return None
    return readable[offset:wanted]


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
