"""Text → index terms, and the query language → a parsed query (never raw user text).

Each word is indexed three ways, in three runs of the same text so that phrases keep their
word order within a run: its lemma (``общините`` → ``община``), the lemma without diacritics
(``urząd`` → ``urzad``) and the word itself without diacritics (``urzędu`` → ``urzedu``). A
run equal to the one before it is left out.

Query language: words are ANDed; ``OR`` between two terms; ``-term`` excludes; ``"a phrase"``;
``term*`` matches words starting with ``term``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .lemmas import MAX_WORD, Lemmatizer, default_lemmatizer, fold

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 32
MAX_INDEXED_CHARS = 400_000


class QueryError(ValueError):
    """A query that cannot be understood; the message says why, for the user."""


def _lemmatizer() -> Lemmatizer:
    return default_lemmatizer()


def words_of(text: str) -> list[str]:
    """The words of `text`, lower-cased, each cut to MAX_WORD letters (see lemmas.MAX_WORD):
    the work on a text is linear in its length whatever its words look like."""
    return [word[:MAX_WORD] for word in WORD.findall(text.lower())]


def index_terms(parts: Iterable[str], lemmatizer: Lemmatizer | None = None) -> str:
    """The text the full-text engine indexes for these parts of an object (their first
    MAX_INDEXED_CHARS characters).

    Runs, one per line: the first candidate lemma of each word, in the text's order so that
    phrases match within it; the other candidates of the words that have more than one (a
    form of several lemmas is found by each: only single words are looked up there); the
    first run without diacritics; the words themselves without diacritics. A run equal to one
    before it is left out."""
    candidates = (lemmatizer or _lemmatizer()).candidates
    words = words_of("\n".join(parts)[:MAX_INDEXED_CHARS])
    options = [candidates(word) for word in words]
    lemmas = [found[0] for found in options]
    runs = [
        lemmas,
        [other for found in options for other in found[1:]],
        [fold(lemma) for lemma in lemmas],
        [fold(word) for word in words],
    ]
    return "\n".join(dict.fromkeys(" ".join(run) for run in runs if run))


@dataclass(frozen=True)
class Term:
    """A word or a phrase; `variants` are the word sequences that may match it."""

    words: tuple[str, ...]
    prefix: bool
    variants: tuple[tuple[str, ...], ...]


@dataclass
class ParsedQuery:
    groups: list[list[Term]] = field(default_factory=list)  # ANDed groups of ORed terms
    excluded: list[Term] = field(default_factory=list)

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def _term(words: list[str], prefix: bool, lemmatizer: Lemmatizer) -> Term:
    lower = [word.lower()[:MAX_WORD] for word in words]
    last = len(lower) - 1

    def variant(transform: object) -> tuple[str, ...]:
        return tuple(
            (fold(word) if prefix and i == last else transform(word))  # type: ignore[operator]
            for i, word in enumerate(lower)
        )

    candidates = [
        variant(lemmatizer.lemma),
        variant(lambda word: fold(lemmatizer.lemma(word))),
        variant(fold),
    ]
    if prefix:
        candidates.insert(0, tuple(lower))
    elif len(lower) == 1:
        # A single word also matches the other lemmas its form may belong to (the index
        # keeps them in a run of their own, see index_terms).
        candidates[1:1] = [(other,) for other in lemmatizer.candidates(lower[0])[1:]]
    variants = tuple(dict.fromkeys(candidates))
    return Term(words=tuple(lower), prefix=prefix, variants=variants)


_TOKEN = re.compile(r'\s*(?:(-?)"([^"]*)("?)|(\S+))')


def parse_query(text: str, lemmatizer: Lemmatizer | None = None) -> ParsedQuery:
    """Parse the user's query; raises QueryError with a message for the user."""
    lemmatizer = lemmatizer or _lemmatizer()
    query = ParsedQuery()
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text.strip()):
        negated_phrase, phrase, closing, bare = match.groups()
        if bare == "OR":
            if not query.groups or pending_or:
                raise QueryError(_("OR needs a term on each side."))
            pending_or = True
            continue
        if bare is not None:
            negated = bare.startswith("-") and len(bare) > 1
            body = bare[1:] if negated else bare
            prefix = body.endswith("*")
            words = WORD.findall(body)
            if not words:
                if prefix:
                    raise QueryError(_("Put at least two letters before the *."))
                continue  # punctuation alone
            if prefix and len(words[-1]) < 2:
                raise QueryError(_("Put at least two letters before the *."))
        else:
            if closing != '"':
                raise QueryError(_("A quotation mark is not closed."))
            negated, prefix = bool(negated_phrase), False
            words = WORD.findall(phrase)
            if not words:
                raise QueryError(_("A quoted phrase is empty."))
        count += 1
        if count > MAX_TERMS:
            raise QueryError(
                _("The query is too long: use at most %(n)d terms.") % {"n": MAX_TERMS}
            )
        term = _term(words, prefix, lemmatizer)
        if negated:
            if pending_or:
                raise QueryError(_("An excluded term (-term) cannot be part of OR."))
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1].append(term)
            pending_or = False
        else:
            query.groups.append([term])
    if pending_or:
        raise QueryError(_("OR needs a term on each side."))
    if not query.groups:
        if query.excluded:
            raise QueryError(_("Give at least one term to look for, not only terms to exclude."))
        raise QueryError(_("Type a word to search for."))
    return query


def _matcher(query: ParsedQuery) -> tuple[set[str], tuple[str, ...]]:
    exact: set[str] = set()
    prefixes: list[str] = []
    for term in query.positive_terms:
        for variant in term.variants:
            *whole, last = variant
            exact.update(whole)
            (prefixes.append(last) if term.prefix else exact.add(last))
    return exact, tuple(prefixes)


def snippet(
    text: str,
    query: ParsedQuery,
    *,
    words: int = 30,
    lemmatizer: Lemmatizer | None = None,
    require_match: bool = False,
) -> SafeString:
    """The passage of `text` (up to `words` words) with the most matching words, HTML-escaped,
    each match in <mark>; empty when `require_match` and nothing in `text` matches."""
    candidates = (lemmatizer or _lemmatizer()).candidates
    exact, prefixes = _matcher(query)
    tokens = list(WORD.finditer(text[:50_000]))
    if not tokens:
        return mark_safe("")
    hits = []
    for token in tokens:
        word = token.group().lower()[:MAX_WORD]
        found = candidates(word)
        forms = {word, *found, fold(found[0]), fold(word)}
        hits.append(bool(forms & exact) or any(f.startswith(prefixes) for f in forms if prefixes))
    best_start, best = 0, -1
    window = 0
    for i, hit in enumerate(hits):
        window += hit
        if i >= words:
            window -= hits[i - words]
        if window > best:
            best, best_start = window, max(0, i - words + 1)
    if require_match and best <= 0:
        return mark_safe("")
    # Begin a little before the first match of the best window, for context.
    first = next((i for i in range(best_start, len(hits)) if hits[i]), best_start)
    start = max(0, min(best_start, first - 3))
    end = min(len(tokens), start + words)
    pieces: list[str] = []
    position = tokens[start].start()
    for i in range(start, end):
        token = tokens[i]
        pieces.append(escape(text[position : token.start()]))
        word = escape(token.group())
        pieces.append(f"<mark>{word}</mark>" if hits[i] else word)
        position = token.end()
    prefix_ellipsis = "… " if start > 0 else ""
    suffix_ellipsis = " …" if end < len(tokens) else ""
    return mark_safe(prefix_ellipsis + "".join(pieces).strip() + suffix_ellipsis)  # noqa: S308
