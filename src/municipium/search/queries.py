"""Searching, always through a Scope, with the permission rule inside the SQL: results, counts
and facets only ever hold entries the user may read.

The rule is registry.queries.visible_documents': members of the organisation read its entries,
a restricted entry (a confidential document) only the users granted it; non-members nothing.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from municipium.tenants.scoping import Scope

from .analysis import ParsedQuery, parse_query, snippet
from .backends import backend
from .models import SearchEntry
from .types import TYPES

FACETS = ("type", "register", "year", "kind", "status")
SORTS = ("relevance", "date")
PAGE_SIZE = 20
MAX_PAGE = 500
# A search reads, counts and facets a window of COUNT_LIMIT readable matches (all of them
# when fewer match): by relevance the most recently indexed, ranked without ranking the rest;
# by date the newest by date. The engine reads the window in order and stops, so a common
# word among a million documents costs as much as a rarer one (ADR 0013, 0023). When more
# match, the total is shown as "10,000+". Every page a search offers lies in the window
# (MAX_PAGE pages of PAGE_SIZE), so by date the pages are those of all the matches.
COUNT_LIMIT = MAX_PAGE * PAGE_SIZE


URL_STAND_IN = 987654321987


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
    """The condition on the entry ``e`` that it is in the generation searched, that this
    scope may read it and that it passes the filters. The generation is a scalar subquery
    (one value for the statement) rather than a join, so the planner sees a condition on
    the entry's own columns and can walk an index of them in order (ADR 0023)."""
    sql = (
        "e.organisation_id = %s "
        "AND e.generation = (SELECT s.generation FROM search_indexstate s "
        "WHERE s.organisation_id = %s) "
        "AND (NOT e.restricted OR EXISTS (SELECT 1 FROM search_searchgrant g "
        "WHERE g.entry_id = e.id AND g.user_id = %s))"
    )
    organisation = scope.organisation.pk
    params: list[Any] = [organisation, organisation, scope.user.pk]
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
    match = backend().match(query)
    permitted, params = _permitted(scope, SearchFilters(type=type))
    sql = f"SELECT e.object_id FROM {match.source} WHERE {match.condition} AND {permitted}"  # noqa: S608
    return sql, [*match.params, *params]


# The reverse of each window's order, to find its last row without sorting the window.
_LAST_FIRST = {"relevance": "id ASC", "date": "date ASC NULLS FIRST, id ASC"}


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
    those for the labels of the facets). Among the COUNT_LIMIT readable matches newest
    first (see COUNT_LIMIT). Raises QueryError for a query it cannot understand."""
    filters = filters or SearchFilters()
    query = parse_query(text)
    page = max(1, min(page, MAX_PAGE))
    if sort not in SORTS:
        sort = "relevance"
    if not scope.is_member:
        return SearchResults(query=query, hits=[], total=0, page=1, pages=0)
    permitted, permitted_params = _permitted(scope, filters)
    # The COUNT_LIMIT (+ 1, to know whether more match) first readable matches in the
    # window's order: most recently indexed by relevance (ranked), newest by date.
    matches, params = backend().window(
        query, permitted, permitted_params, sort=sort, limit=COUNT_LIMIT + 1
    )
    offset = (page - 1) * per_page
    statement_params: list[Any] = [*params, per_page, offset]
    order = "date DESC NULLS LAST, id DESC"
    if sort == "relevance":
        order = "score, " + order
    # The first COUNT_LIMIT of them: `hits` holds at most one more, the last in the
    # window's order, left out without a sort.
    recent = (
        "(SELECT * FROM hits WHERE (SELECT COUNT(*) FROM hits) <= "  # noqa: S608
        f"{COUNT_LIMIT} OR id <> (SELECT id FROM hits ORDER BY {_LAST_FIRST[sort]} LIMIT 1))"
        " AS recent"
    )
    # One statement: the engine finds the matches once; the page and the counts of every
    # facet (one grouping, summed per facet here) are read from them.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH hits AS MATERIALIZED ({matches}) "  # noqa: S608
            "SELECT 'hit', CAST(id AS TEXT), score, NULL, NULL, NULL, NULL FROM "
            f"(SELECT id, score FROM {recent} "
            f"ORDER BY {order} LIMIT %s OFFSET %s) AS page "
            "UNION ALL SELECT 'facet', * FROM ("
            "SELECT type, COUNT(*), register, CAST(year AS TEXT), kind, status FROM "
            f"{recent} GROUP BY type, register, year, kind, status"
            ") AS facets UNION ALL "
            "SELECT 'more', NULL, COUNT(*), NULL, NULL, NULL, NULL FROM "
            f"(SELECT 1 FROM hits LIMIT 1 OFFSET {COUNT_LIMIT}) AS beyond",
            statement_params,
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
    # Each type's address reversed once per search, with a stand-in for the object's id.
    urls: dict[str, list[str]] = {}
    hits = []
    for _id, type_name, object_id, title, number, date, status, body in rows:
        body = body or ""
        searchable = TYPES.get(type_name)
        if searchable is None:
            continue
        if type_name not in urls:
            urls[type_name] = searchable.url(slug, URL_STAND_IN).split(str(URL_STAND_IN))
        hits.append(
            Hit(
                type=type_name,
                type_label=str(searchable.label),
                object_id=object_id,
                title=title,
                number=number,
                date=date,
                url=str(object_id).join(urls[type_name]),
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


# Facet labels (register and kind names) per (organisation, language, type), kept a minute in
# each process: they change seldom, and reading them was a tenth of a search's time.
LABELS_SECONDS = 60.0
_labels: dict[tuple[int, str, str], tuple[float, dict[str, dict[str, str]]]] = {}


def _facet_labels(scope: Scope, counts: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {name: {} for name in FACETS}
    labels["type"] = {name: str(t.label) for name, t in TYPES.items()}
    done: set[Any] = set()
    now = time.monotonic()
    for name in counts["type"]:
        searchable = TYPES.get(name)
        if searchable is None or searchable.facet_labels in done:
            continue
        done.add(searchable.facet_labels)
        key = (scope.organisation.pk, get_language() or "", name)
        cached = _labels.get(key)
        if cached is None or cached[0] < now:
            cached = (now + LABELS_SECONDS, searchable.facet_labels(scope.organisation))
            _labels[key] = cached
        for facet, mapping in cached[1].items():
            labels.setdefault(facet, {}).update(mapping)
    return labels
