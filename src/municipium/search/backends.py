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


@dataclass(frozen=True)
class Match:
    """The SQL pieces of a search: `source` is the FROM clause, ending with the entries
    ``search_searchentry e``; `condition` and its `params` select the matches; `rank` is an
    expression where a smaller value is a better match; the matches come newest first
    (most recently indexed) in the order of `newest` DESC, an order the engine reads
    without sorting them."""

    source: str
    condition: str
    params: list[object]
    rank: str
    newest: str


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
            rank="bm25(search_fts)",
            newest="f.rowid",
        )


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
    lemmas already), a GIN index; ranked by ts_rank_cd. The vector is written by the entry's
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
        return Match(
            source="to_tsquery('simple', %s) AS tsq CROSS JOIN search_searchentry e",
            condition="e.vector @@ tsq",
            params=[tsquery_expression(query)],
            rank="-ts_rank_cd(e.vector, tsq)",
            newest="e.id",
        )


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    # Only the two databases the platform supports (ARCHITECTURE: SQLite or PostgreSQL).
    raise ImproperlyConfigured(
        f"Search needs SQLite or PostgreSQL; DATABASE_URL names {connection.vendor}."
    )
