"""Lemmatizers: word → dictionary forms, for Bulgarian, Polish and English.

simplemma keeps its dictionaries as Python dicts: Polish alone costs each process hundreds of
megabytes. We build, once, one compact table from its bg, pl and en dictionaries (in a child
process, so the web worker never holds them) and look words up by binary search over a
file, reading only the few bytes a lookup needs.

A word form may belong to several lemmas (Polish ``stoi`` is a form of ``stać``; simplemma's
dictionary says ``stoa``; Bulgarian ``работи`` is both the plural of ``работа`` and a form of
``работя``). `TableLemmatizer.candidates` gives each plausible lemma, the dictionary's first:
the other dictionaries' lemmas for the same form, then lemmas reached by the suffix rules the
dictionaries themselves teach (``-oi`` → ``-ać``, ``-ва`` → ``-вам``) when the result is a
known lemma, and for a word no dictionary knows, the most frequent rule's guess. Indexing and
queries both use every candidate (see analysis), so a search for one form finds the others.
bench/recall.py measures this on annotated corpora against plain simplemma.

Table format (little-endian): magic, the number of keys n (u32), n+1 offsets (u32) into the
records that follow, each record ``key \\t lemma [\\t lemma…]`` in UTF-8, sorted by key bytes;
then the first key of every block of ``BLOCK`` records (nblocks + 1 offsets, then the keys),
which a worker reads into memory (about 2 MB): a lookup bisects it, then searches one block,
so it touches one or two pages of the file instead of a page per step of a binary search over
it. Then the suffix rules (u32 length, then lines ``form suffix \\t lemma suffix…``, most
frequent first) and the known lemmas as sorted 64-bit hashes (u32 count, then the hashes),
about 4 MB in memory. Keys are lower-cased; the lemmas of a key come in the order of
``LANGUAGES``, lower-case dictionary entries before capitalised ones.
"""

from __future__ import annotations

import bisect
import fcntl
import functools
import hashlib
import os
import struct
import subprocess
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from django.conf import settings

LANGUAGES = ("bg", "pl", "en")
MAGIC = b"MLEMMA04"
BLOCK = 64
HEADER = struct.Struct("<8sI")
BG_ARTICLES = ("ът", "ят", "та", "то", "те", "а", "я")
# A word longer than this is not a word of any dictionary (a URL, a hash, a run of letters
# without spaces): it is indexed cut to this length, and never lemmatised — the strategies
# that split a word into parts cost the square of its length.
MAX_WORD = 64
MAX_CANDIDATES = 4
# Suffix rules: a rule is learnt when at least RULE_MIN_COUNT dictionary pairs show it; for a
# suffix, the RULES_PER_SUFFIX most frequent are tried, on suffixes up to RULE_MAX_SUFFIX
# letters. A word no dictionary knows gets the most frequent rule's guess on suffixes up to
# GUESS_MAX_SUFFIX letters. Measured on the UD dev sets (bench/recall.py).
RULE_MIN_COUNT = 3
RULES_PER_SUFFIX = 5
RULE_MAX_SUFFIX = 6
GUESS_MAX_SUFFIX = 4

Progress = Callable[[str, int, int], None]


class Lemmatizer(Protocol):
    def lemma(self, word: str) -> str:
        """The dictionary form of a lower-case word (the word itself when unknown)."""

    def candidates(self, word: str) -> tuple[str, ...]:
        """Every plausible dictionary form of a lower-case word, `lemma(word)` first."""


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Without diacritics: ``urząd`` → ``urzad`` (ł has no decomposition, so it is mapped)."""
    decomposed = unicodedata.normalize("NFD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def lemma_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _rule_of(form: str, lemma: str) -> tuple[str, str] | None:
    """The suffix rule that turns `form` into `lemma`: strip the letters after their common
    beginning (at least one), add the lemma's. None when they share fewer than two letters."""
    common = 0
    shortest = min(len(form), len(lemma))
    while common < shortest and form[common] == lemma[common]:
        common += 1
    common = min(common, len(form) - 1)
    if common < 2:
        return None
    return form[common:], lemma[common:]


def build_table(
    path: Path, languages: tuple[str, ...] = LANGUAGES, progress: Progress | None = None
) -> int:
    """Write the table for `languages` to `path` atomically; returns the number of keys.

    Loads simplemma's dictionaries, so call it in a throwaway process (see `ensure_table`).
    """
    from simplemma.strategies.dictionaries.dictionary_factory import (
        _load_dictionary_from_disk,
    )

    report = progress or (lambda step, done, total: None)
    steps = len(languages) * 3 + 2
    dictionaries = []
    for done, language in enumerate(languages, start=1):
        dictionaries.append(_load_dictionary_from_disk(language))
        report("load", done, steps)
    table: dict[bytes, list[bytes]] = {}
    rules: Counter[tuple[str, str]] = Counter()
    lemmas: set[bytes] = set()
    done = len(languages)
    # Lower-case entries first (``tych`` → ``ten``), then capitalised ones lower-cased
    # (``Warszawy`` → ``warszawa``, ``Tych`` → ``tychy``): every lemma a form has.
    for lowercase_pass in (True, False):
        for dictionary in dictionaries:
            for key, value in dictionary.items():
                word = key.decode().lower().encode()
                if (word == key) != lowercase_pass:
                    continue
                lemma = value.decode().lower().encode()
                found = table.setdefault(word, [])
                if lemma not in found:
                    found.append(lemma)
                lemmas.add(lemma)
                if lowercase_pass and word != lemma:
                    rule = _rule_of(word.decode(), lemma.decode())
                    if rule is not None:
                        rules[rule] += 1
            done += 1
            report("read", done, steps)
    # A lemma is a form of itself.
    for lemma in lemmas:
        table.setdefault(lemma, [lemma])
    keys = sorted(table)
    offsets = [0]
    records = bytearray()
    for key in keys:
        records += key + b"\t" + b"\t".join(table[key])
        offsets.append(len(records))
    firsts = keys[::BLOCK]
    block_offsets = [0]
    for key in firsts:
        block_offsets.append(block_offsets[-1] + len(key))
    by_suffix: dict[str, list[tuple[int, str]]] = {}
    for (form_suffix, lemma_suffix), count in rules.items():
        if count >= RULE_MIN_COUNT and len(form_suffix) <= RULE_MAX_SUFFIX:
            by_suffix.setdefault(form_suffix, []).append((count, lemma_suffix))
    rule_lines = [
        "\t".join([suffix, *(s for _, s in sorted(found, reverse=True)[:RULES_PER_SUFFIX])])
        for suffix, found in sorted(by_suffix.items())
    ]
    rules_blob = "\n".join(rule_lines).encode()
    hashes = array("Q", sorted({lemma_hash(lemma.decode()) for lemma in lemmas}))
    report("write", steps - 1, steps)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        out.write(HEADER.pack(MAGIC, len(keys)))
        out.write(struct.pack(f"<{len(offsets)}I", *offsets))
        out.write(records)
        out.write(struct.pack("<I", len(firsts)))
        out.write(struct.pack(f"<{len(block_offsets)}I", *block_offsets))
        out.write(b"".join(firsts))
        out.write(struct.pack("<I", len(rules_blob)))
        out.write(rules_blob)
        out.write(struct.pack("<I", len(hashes)))
        if sys.byteorder != "little":
            hashes.byteswap()
        out.write(hashes.tobytes())
    os.replace(tmp, path)
    report("write", steps, steps)
    return len(keys)


def table_path(languages: tuple[str, ...] = LANGUAGES) -> Path:
    return Path(settings.LEMMA_DIR) / f"{'-'.join(languages)}.v4.lemmas"


def ensure_table(languages: tuple[str, ...] = LANGUAGES, progress: Progress | None = None) -> Path:
    """The table's path, building it first (in a child process) when it does not exist.

    Called when a process starts (`migrate`, `demo`, `serve`, the worker, the WSGI
    application), never on a user's request path in a running installation. Two processes
    arriving together wait on one file lock, so the table is built once; the rename makes it
    appear whole or not at all. `progress(step, done, total)` hears from the child."""
    path = table_path(languages)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            child = subprocess.Popen(  # noqa: S603 — our own module, by this interpreter
                [sys.executable, "-m", "municipium.search.lemmas", str(path), *languages],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None
            for line in child.stdout:
                step, _, rest = line.strip().partition(" ")
                done, _, total = rest.partition("/")
                if progress is not None and done.isdigit() and total.isdigit():
                    progress(step, int(done), int(total))
            _, errors = child.communicate()
            if child.returncode != 0:
                raise RuntimeError(f"building the lemma table failed: {errors.strip()[-500:]}")
    return path


class TableLemmatizer:
    """Looks words up in the table file (see the module's docstring)."""

    def __init__(self, path: Path, languages: tuple[str, ...] = LANGUAGES) -> None:
        from simplemma import Lemmatizer as Simplemma
        from simplemma.strategies import DefaultStrategy

        self._languages = languages
        self._simplemma = Simplemma(lemmatization_strategy=DefaultStrategy(dictionary_factory=self))
        # Read with pread, not mmap: a fault in a mapped file maps a whole folio of the page
        # cache (megabytes on ext4), so each lookup grew the worker's RSS by ~2 MB. Two
        # small reads per lookup cost a few microseconds and add nothing to it.
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        magic, self._count = HEADER.unpack(os.pread(self._fd, HEADER.size, 0))
        if magic != MAGIC:
            raise ValueError(f"{path} is not a lemma table")
        self._start = HEADER.size
        self._base = self._start + 4 * (self._count + 1)
        (records_size,) = struct.unpack("<I", os.pread(self._fd, 4, self._start + 4 * self._count))
        at = self._base + records_size
        (blocks,) = struct.unpack("<I", os.pread(self._fd, 4, at))
        bounds = struct.unpack(f"<{blocks + 1}I", os.pread(self._fd, 4 * (blocks + 1), at + 4))
        at += 4 + 4 * (blocks + 1)
        blob = os.pread(self._fd, bounds[-1], at)
        self._firsts = [blob[bounds[i] : bounds[i + 1]] for i in range(blocks)]
        at += bounds[-1]
        (rules_size,) = struct.unpack("<I", os.pread(self._fd, 4, at))
        rules_text = os.pread(self._fd, rules_size, at + 4).decode()
        at += 4 + rules_size
        self._rules: dict[str, tuple[str, ...]] = {}
        for line in rules_text.split("\n") if rules_text else ():
            suffix, *lemma_suffixes = line.split("\t")
            self._rules[suffix] = tuple(lemma_suffixes)
        (count,) = struct.unpack("<I", os.pread(self._fd, 4, at))
        self._lemma_hashes = array("Q")
        self._lemma_hashes.frombytes(os.pread(self._fd, 8 * count, at + 4))
        if sys.byteorder != "little":
            self._lemma_hashes.byteswap()
        # Words follow Zipf's law: a small cache answers most lookups without a search.
        self.lemma = functools.lru_cache(maxsize=100_000)(self._lookup)  # type: ignore[method-assign]
        self.candidates = functools.lru_cache(maxsize=100_000)(self._candidates)  # type: ignore[method-assign]

    def _lookup(self, word: str) -> str:
        if len(word) > MAX_WORD:
            return word[:MAX_WORD]
        # simplemma's strategies (affixes, rules) run over our table instead of its dicts.
        found = str(self._simplemma.lemmatize(word, lang=self._languages)).lower()
        if found != word:
            return found
        if "а" <= word[-1:] <= "я":
            return self._bulgarian_noun(word) or word
        return word

    def _candidates(self, word: str) -> tuple[str, ...]:
        primary = self.lemma(word)
        if len(word) > MAX_WORD:
            return (primary,)
        found = dict.fromkeys([primary])
        known = self._find_all(word)
        found.update(dict.fromkeys(known))
        forms = [word]
        if "а" <= word[-1:] <= "я":  # a Bulgarian word may carry its article
            forms += [
                word[: -len(article)]
                for article in BG_ARTICLES
                if word.endswith(article) and len(word) > len(article) + 2
            ]
            for bare in forms[1:]:
                found.update(dict.fromkeys(self._find_all(bare)))
        for form in forms:
            for length in range(1, min(RULE_MAX_SUFFIX, len(form) - 2) + 1):
                for lemma_suffix in self._rules.get(form[-length:], ()):
                    candidate = form[:-length] + lemma_suffix
                    if candidate != word and self.is_lemma(candidate):
                        found[candidate] = None
        if not known:
            # No dictionary knows the word: the most frequent rule's guesses.
            for form in forms:
                for length in range(1, min(GUESS_MAX_SUFFIX, len(form) - 3) + 1):
                    rules = self._rules.get(form[-length:])
                    if rules:
                        found[form[:-length] + rules[0]] = None
        return tuple(found)[:MAX_CANDIDATES]

    def is_lemma(self, word: str) -> bool:
        """Whether `word` is the dictionary form of some entry."""
        wanted = lemma_hash(word)
        at = bisect.bisect_left(self._lemma_hashes, wanted)
        return at < len(self._lemma_hashes) and self._lemma_hashes[at] == wanted

    def _bulgarian_noun(self, word: str) -> str | None:
        """Bulgarian nouns carry their article as a suffix (събранието, жалбите) and the
        dictionaries miss many of these forms and plurals: try the word without the article,
        then a plural's singular (жалби → жалба, водопроводи → водопровод)."""
        bare = [word] + [
            word[: -len(article)]
            for article in BG_ARTICLES
            if word.endswith(article) and len(word) > len(article) + 2
        ]
        for form in bare[1:]:
            if (found := self._find(form)) is not None:
                return found
        for form in bare:
            if form.endswith("и") and len(form) > 3:
                for singular in (form[:-1], form[:-1] + "а", form[:-1] + "я"):
                    if (found := self._find(singular)) is not None:
                        return found
        return None

    def _record(self, word: str) -> list[str] | None:
        """The lemmas of `word` in the table, or None."""
        target = word.encode()
        block = bisect.bisect_right(self._firsts, target) - 1
        if block < 0:
            return None
        low = block * BLOCK
        high = min(low + BLOCK, self._count)
        bounds = struct.unpack(
            f"<{high - low + 1}I",
            os.pread(self._fd, 4 * (high - low + 1), self._start + 4 * low),
        )
        chunk = os.pread(self._fd, bounds[-1] - bounds[0], self._base + bounds[0])
        first = bounds[0]
        low, high = 0, len(bounds) - 1
        while low < high:
            middle = (low + high) // 2
            record = chunk[bounds[middle] - first : bounds[middle + 1] - first]
            tab = record.index(b"\t")
            key = record[:tab]
            if key < target:
                low = middle + 1
            elif key > target:
                high = middle
            else:
                return record[tab + 1 :].decode().split("\t")
        return None

    def _find(self, word: str) -> str | None:
        lemmas = self._record(word)
        return lemmas[0] if lemmas else None

    def _find_all(self, word: str) -> list[str]:
        return self._record(word) or []

    def lemma(self, word: str) -> str:  # replaced by the cached lookup in __init__
        return self._lookup(word)

    def candidates(self, word: str) -> tuple[str, ...]:  # replaced by a cached one in __init__
        return self._candidates(word)

    def __getitem__(self, word: str) -> str:
        found = self._find(word)
        if found is None:
            raise KeyError(word)
        return found

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        """simplemma's DictionaryFactory: the table stands for each language's dictionary."""
        return _TableMapping(self)

    def __len__(self) -> int:
        return int(self._count)


class _TableMapping(Mapping[str, str]):
    def __init__(self, table: TableLemmatizer) -> None:
        self._table = table

    def __getitem__(self, word: str) -> str:
        return self._table[word]

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a lemma table is looked up, not listed")

    def __len__(self) -> int:
        return len(self._table)


@functools.cache
def default_lemmatizer() -> Lemmatizer:
    return TableLemmatizer(ensure_table())


if __name__ == "__main__":
    target = Path(sys.argv[1])

    def _print_progress(step: str, done: int, total: int) -> None:
        print(f"{step} {done}/{total}", flush=True)

    count = build_table(target, tuple(sys.argv[2:]) or LANGUAGES, progress=_print_progress)
    print(f"done {count} words in {target}", flush=True)
