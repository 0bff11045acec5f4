"""The two full-text engines behind one interface, chosen by the database in use.

Both receive only the terms built by `analysis` and a query expression built here from a
`ParsedQuery`, every token quoted: user text never reaches MATCH or to_tsquery as syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .analysis import ParsedQuery, Term

MAX_PG_TERMS_CHARS = 500_000  # a tsvector holds at most 1 MB


class Backend(Protocol):
    # (column, SQL expression of one parameter, the terms) when the terms are written in the
    # entry's own INSERT, else None and `write` is called after it.
    inline: tuple[str, str] | None

    def terms(self, terms: str) -> str:
        """The terms as the engine can hold them."""

    def write(self, rows: Sequence[tuple[int, str]]) -> None:
        """Index (entry id, terms) for new entries."""

    def delete(self, entry_ids: Sequence[int]) -> None:
        """Forget the terms of these entries (before the entries themselves are deleted)."""

    def match(self, query: ParsedQuery) -> Match:
        """SQL pieces for a search (see Match)."""

    def window(
        self, query: ParsedQuery, permitted: str, params: list[object], *, sort: str, limit: int
    ) -> tuple[str, list[object]]:
        """A SELECT of WINDOW_COLUMNS for the first `limit` matches readable under
        `permitted` (a condition on the entry ``e``, with its `params`), in the order of
        `sort`: "relevance" (the most recently indexed first, ranked: `score` smaller is
        better) or "date" (BY_DATE; `score` 0). Only the rows of the window are ranked."""


@dataclass(frozen=True)
class Match:
    """The SQL pieces of a search: `source` is the FROM clause, ending with the entries
    ``search_searchentry e``; `condition` and its `params` select the matches; `newest` is
    the "most recently indexed first" order (DESC), which the engine reads without sorting.

    `window` is the statement selecting at most `limit` readable matches in a given order
    with their rank; see `Backend.window`."""

    source: str
    condition: str
    params: list[object]
    newest: str


# The columns of a window's rows, in this order (queries.search reads them by name).
WINDOW_COLUMNS = ("id", "score", "date", "type", "register", "year", "kind", "status")
# The orders of a window: by relevance the most recently indexed matches, by date the
# newest by date (an entry without a date last). Each is a total order.
BY_DATE = "e.date DESC NULLS LAST, e.id DESC"


def _fts5_string(words: Sequence[str]) -> str:
    return '"' + " ".join(word.replace('"', '""') for word in words) + '"'


def _fts5_term(term: Term) -> str:
    star = " *" if term.prefix else ""
    return "(" + " OR ".join(_fts5_string(v) + star for v in term.variants) + ")"


def fts5_expression(query: ParsedQuery) -> str:
    groups = ["(" + " OR ".join(_fts5_term(t) for t in group) + ")" for group in query.groups]
    expression = " AND ".join(groups)
    if query.excluded:
        excluded = " OR ".join(_fts5_term(t) for t in query.excluded)
        expression = f"({expression}) NOT ({excluded})"
    return expression


class SqliteBackend:
    """FTS5: the table ``search_fts(terms)``, its rowid the entry's id; ranked by BM25."""

    inline: tuple[str, str] | None = None

    def terms(self, terms: str) -> str:
        return terms

    def write(self, rows: Sequence[tuple[int, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO search_fts(rowid, terms) VALUES (%s, %s)", rows)

    def delete(self, entry_ids: Sequence[int]) -> None:
        if not entry_ids:
            return
        marks = ", ".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            sql = f"DELETE FROM search_fts WHERE rowid IN ({marks})"  # noqa: S608 — placeholders only
            cursor.execute(sql, list(entry_ids))

    def match(self, query: ParsedQuery) -> Match:
        # The FTS table drives the join (CROSS JOIN fixes SQLite's order): evaluating MATCH
        # once per entry row of the organisation instead took seconds. FTS5 reads its
        # matches in rowid order (the entry's id), so "newest first" costs no sort.
        return Match(
            source="search_fts f CROSS JOIN search_searchentry e ON e.id = f.rowid",
            condition="search_fts MATCH %s",
            params=[fts5_expression(query)],
            newest="f.rowid",
        )

    def window(
        self, query: ParsedQuery, permitted: str, params: list[object], *, sort: str, limit: int
    ) -> tuple[str, list[object]]:
        match = self.match(query)
        # bm25() is only known in the statement of its MATCH; FTS5 reads the matches newest
        # first and stops at the limit, so only the window's rows are ranked. By date every
        # match is read and the first `limit` kept by a bounded sort.
        score, order = (
            ("bm25(search_fts)", f"{match.newest} DESC") if sort == "relevance" else ("0", BY_DATE)
        )
        sql = (
            f"SELECT e.id, {score} AS score, e.date, e.type, e.register, e.year, e.kind, "  # noqa: S608
            f"e.status FROM {match.source} WHERE {match.condition} AND {permitted} "
            f"ORDER BY {order} LIMIT {int(limit)}"
        )
        return sql, [*match.params, *params]


def _ts_lexeme(word: str, prefix: bool) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def _ts_term(term: Term) -> str:
    variants = []
    for variant in term.variants:
        last = len(variant) - 1
        variants.append(
            " <-> ".join(
                _ts_lexeme(word, term.prefix and i == last) for i, word in enumerate(variant)
            )
        )
    return "(" + " | ".join(f"({v})" for v in variants) + ")"


def tsquery_expression(query: ParsedQuery) -> str:
    groups = ["(" + " | ".join(_ts_term(t) for t in group) + ")" for group in query.groups]
    expression = " & ".join(groups)
    for term in query.excluded:
        expression += f" & !{_ts_term(term)}"
    return expression


class PostgresBackend:
    """The ``vector`` tsvector column of the entries ('simple' configuration: the terms are
    lemmas already), a GIN index; ranked by ts_rank with its length normalisation (1: divided
    by one plus the logarithm of the length, as BM25 favours the shorter of two texts that
    match alike). ts_rank_cd (cover density), the first choice, cost 40-60 ms for the
    10,000 entries of a window, ts_rank 10-15 ms (ADR 0023). The vector is written by the entry's
    INSERT (an UPDATE after it rewrote every row)."""

    inline: tuple[str, str] | None = ("vector", "to_tsvector('simple', %s)")

    def terms(self, terms: str) -> str:
        return terms[:MAX_PG_TERMS_CHARS]

    def write(self, rows: Sequence[tuple[int, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET vector = to_tsvector('simple', %s) WHERE id = %s",
                [(self.terms(terms), entry_id) for entry_id, terms in rows],
            )

    def delete(self, entry_ids: Sequence[int]) -> None:
        pass  # the vector is a column of the entry: it goes with it

    def match(self, query: ParsedQuery) -> Match:
        # The tsquery is a constant of the statement (psycopg binds on the client), so the
        # planner estimates how many entries match from the column's statistics and picks
        # the GIN index for rare terms; a tsquery from a joined function scan got a fixed
        # guess instead.
        return Match(
            source="search_searchentry e",
            condition="e.vector @@ to_tsquery('simple', %s)",
            params=[tsquery_expression(query)],
            newest="e.id",
        )

    def window(
        self, query: ParsedQuery, permitted: str, params: list[object], *, sort: str, limit: int
    ) -> tuple[str, list[object]]:
        match = self.match(query)
        # In id order (or by date) with the tsquery as a filter and a LIMIT, the planner can
        # walk the index (organisation, generation, id) — or search_recent — backwards and
        # stop after `limit` matches of a frequent term, or take the GIN index for a rarer
        # one and keep the first `limit` with a bounded sort (ADR 0023). The rank is part of
        # the rows selected: on a walk only the window's rows are ranked; a wide row (the
        # vector) carried to the sort made it spill to disk.
        order = f"{match.newest} DESC" if sort == "relevance" else BY_DATE
        score = "-ts_rank(e.vector, to_tsquery('simple', %s), 1)" if sort == "relevance" else "0"
        sql = (
            f"SELECT e.id, {score} AS score, e.date, e.type, e.register, e.year, e.kind, "  # noqa: S608
            f"e.status FROM {match.source} WHERE {match.condition} AND {permitted} "
            f"ORDER BY {order} LIMIT {int(limit)}"
        )
        rank_params = match.params if sort == "relevance" else []
        return sql, [*rank_params, *match.params, *params]


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    # Only the two databases the platform supports (ARCHITECTURE: SQLite or PostgreSQL).
    raise ImproperlyConfigured(
        f"Search needs SQLite or PostgreSQL; DATABASE_URL names {connection.vendor}."
    )
