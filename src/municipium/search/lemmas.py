"""Lemmatizers: word → dictionary form, for Bulgarian, Polish and English.

simplemma keeps its dictionaries as Python dicts: Polish alone costs each process hundreds of
megabytes. We build, once, one compact table from its bg, pl and en dictionaries (in a child
process, so the web worker never holds them) and look words up by binary search over a
file, reading only the few bytes a lookup needs.

Table format (little-endian): magic, the number of keys n (u32), n+1 offsets (u32) into the
records that follow, each record ``key \\t lemma`` in UTF-8, sorted by key bytes; then the
first key of every block of ``BLOCK`` records (nblocks + 1 offsets, then the keys), which a
worker reads into memory (about 2 MB): a lookup bisects it, then searches one block, so it
touches one or two pages of the file instead of a page per step of a binary search over it.
Keys are lower-cased; when languages disagree on a word, the first in ``LANGUAGES`` wins.
"""

from __future__ import annotations

import bisect
import fcntl
import functools
import os
import struct
import subprocess
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

from django.conf import settings

LANGUAGES = ("bg", "pl", "en")
MAGIC = b"MLEMMA03"
BLOCK = 64
HEADER = struct.Struct("<8sI")
BG_ARTICLES = ("ът", "ят", "та", "то", "те", "а", "я")


class Lemmatizer(Protocol):
    def lemma(self, word: str) -> str:
        """The dictionary form of a lower-case word (the word itself when unknown)."""


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Without diacritics: ``urząd`` → ``urzad`` (ł has no decomposition, so it is mapped)."""
    decomposed = unicodedata.normalize("NFD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def build_table(path: Path, languages: tuple[str, ...] = LANGUAGES) -> int:
    """Write the table for `languages` to `path` atomically; returns the number of keys.

    Loads simplemma's dictionaries, so call it in a throwaway process (see `ensure_table`).
    """
    from simplemma.strategies.dictionaries.dictionary_factory import (
        _load_dictionary_from_disk,
    )

    dictionaries = [_load_dictionary_from_disk(language) for language in languages]
    table: dict[bytes, bytes] = {}
    # Lower-case entries first (``tych`` → ``ten``), then capitalised ones lower-cased
    # (``Warszawy`` → ``warszawa``) where the word is not already there (``Tych`` → ``Tychy``).
    for lowercase_pass in (True, False):
        for dictionary in dictionaries:
            for key, value in dictionary.items():
                word = key.decode().lower().encode()
                if (word == key) == lowercase_pass and word not in table:
                    table[word] = value.decode().lower().encode()
    keys = sorted(table)
    offsets = [0]
    records = bytearray()
    for key in keys:
        records += key + b"\t" + table[key]
        offsets.append(len(records))
    firsts = keys[::BLOCK]
    block_offsets = [0]
    for key in firsts:
        block_offsets.append(block_offsets[-1] + len(key))
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        out.write(HEADER.pack(MAGIC, len(keys)))
        out.write(struct.pack(f"<{len(offsets)}I", *offsets))
        out.write(records)
        out.write(struct.pack("<I", len(firsts)))
        out.write(struct.pack(f"<{len(block_offsets)}I", *block_offsets))
        out.write(b"".join(firsts))
    os.replace(tmp, path)
    return len(keys)


def table_path(languages: tuple[str, ...] = LANGUAGES) -> Path:
    return Path(settings.LEMMA_DIR) / f"{'-'.join(languages)}.v3.lemmas"


def ensure_table(languages: tuple[str, ...] = LANGUAGES) -> Path:
    """The table's path, building it first (in a child process) when it does not exist.

    Two processes arriving together (test workers, web workers) wait on one file lock, so the
    table is built once; the rename makes it appear whole or not at all.
    """
    path = table_path(languages)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            subprocess.run(  # noqa: S603 — our own module, by this interpreter
                [sys.executable, "-m", "municipium.search.lemmas", str(path), *languages],
                check=True,
                capture_output=True,
            )
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
        sparse_at = self._base + records_size
        (blocks,) = struct.unpack("<I", os.pread(self._fd, 4, sparse_at))
        bounds = struct.unpack(
            f"<{blocks + 1}I", os.pread(self._fd, 4 * (blocks + 1), sparse_at + 4)
        )
        blob = os.pread(self._fd, bounds[-1], sparse_at + 4 + 4 * (blocks + 1))
        self._firsts = [blob[bounds[i] : bounds[i + 1]] for i in range(blocks)]
        # Words follow Zipf's law: a small cache answers most lookups without a search.
        self.lemma = functools.lru_cache(maxsize=100_000)(self._lookup)  # type: ignore[method-assign]

    def _lookup(self, word: str) -> str:
        # simplemma's strategies (affixes, rules) run over our table instead of its dicts.
        found = str(self._simplemma.lemmatize(word, lang=self._languages)).lower()
        if found != word:
            return found
        if "а" <= word[-1:] <= "я":
            return self._bulgarian_noun(word) or word
        return word

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

    def _find(self, word: str) -> str | None:
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
                return record[tab + 1 :].decode()
        return None

    def lemma(self, word: str) -> str:  # replaced by the cached lookup in __init__
        return self._lookup(word)

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


class SimplemmaLemmatizer:
    """simplemma itself (its full strategies, its memory cost): the reference for tests."""

    def lemma(self, word: str) -> str:
        import simplemma

        return str(simplemma.lemmatize(word, lang=LANGUAGES)).lower()


@functools.cache
def default_lemmatizer() -> Lemmatizer:
    return TableLemmatizer(ensure_table())


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = build_table(target, tuple(sys.argv[2:]) or LANGUAGES)
    print(f"{count} words in {target}")
