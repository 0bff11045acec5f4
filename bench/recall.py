"""Search recall on annotated corpora: does a search for a word's dictionary form find the
text where the word stands inflected? Ours (the lemma table with every candidate lemma, see
search/lemmas.py) beside plain simplemma, in the same run. Prints figures; never run by the
test suite, and the corpora are never committed.

    .venv/bin/python bench/recall.py bg_btb-ud-dev.conllu pl_pdb-ud-dev.conllu

Each argument is a CoNLL-U file of Universal Dependencies (for example the dev sets of
Bulgarian BTB and Polish PDB: github.com/UniversalDependencies/UD_Bulgarian-BTB and
UD_Polish-PDB); its language is the file name's first two letters. Every content word
(NOUN, PROPN, ADJ, VERB, ADV) written in letters, with a lemma in letters, is one trial:

  ours       the word is indexed as the platform indexes a text (search.analysis.index_terms)
             and the gold lemma is searched as a user types it (search.analysis.parse_query):
             found when one of the query's variants is among the indexed terms.
  simplemma  simplemma.lemmatize(word, lang) == simplemma.lemmatize(gold lemma, lang), for the
             file's language alone (the best plain simplemma can do).

Also printed: candidate lemmas per word, and how often a word is found by the lemma of some
*other* word of the corpus (false matches, on a fixed random sample of pairs) — more
candidates raise recall, and this shows what it costs. Goal: recall >= 0.97.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

CONTENT = {"NOUN", "PROPN", "ADJ", "VERB", "ADV"}
GOAL = 0.97
PAIRS = 20_000


def _django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipium.settings")
    os.environ.setdefault("MUNICIPIUM_DEBUG", "true")
    os.environ.setdefault("MUNICIPIUM_VAR_DIR", tempfile.mkdtemp(prefix="recall-"))
    import django

    django.setup()


def trials(path: Path) -> list[tuple[str, str]]:
    from municipium.search.analysis import WORD

    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 4 or not columns[0].isdigit():
            continue  # multi-word tokens (1-2) and empty nodes (1.1)
        form, lemma, upos = columns[1], columns[2], columns[3]
        if upos in CONTENT and WORD.fullmatch(form) and WORD.fullmatch(lemma):
            found.append((form.lower(), lemma.lower()))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="CoNLL-U files")
    args = parser.parse_args()
    for path in args.corpus:
        if not path.is_file():
            parser.error(f"no file {path}")
    _django()
    import simplemma

    from municipium.search.analysis import index_terms, parse_query
    from municipium.search.lemmas import default_lemmatizer

    started = time.perf_counter()
    lemmatizer = default_lemmatizer()
    print(f"lemma table ready in {time.perf_counter() - started:.1f} s")
    indexed: dict[str, set[str]] = {}
    queried: dict[str, set[str]] = {}

    def index(word: str) -> set[str]:
        if word not in indexed:
            indexed[word] = set(index_terms([word], lemmatizer).split())
        return indexed[word]

    def query(lemma: str) -> set[str]:
        if lemma not in queried:
            term = parse_query(lemma, lemmatizer).groups[0][0]
            queried[lemma] = {variant[0] for variant in term.variants}
        return queried[lemma]

    print(
        f"{'corpus':<24} {'words':>7} {'ours':>7} {'simplemma':>10} "
        f"{'cands/word':>10} {'false ours':>10} {'false simplemma':>15} {'ms/word':>8}"
    )
    failed = False
    for path in args.corpus:
        language = path.name[:2]
        words = trials(path)
        plain: dict[str, str] = {}

        def simple(word: str, language: str = language, plain: dict[str, str] = plain) -> str:
            if word not in plain:
                plain[word] = str(simplemma.lemmatize(word, lang=language)).lower()
            return plain[word]

        clock = time.perf_counter()
        ours = sum(1 for form, lemma in words if index(form) & query(lemma))
        spent = (time.perf_counter() - clock) / max(len(words), 1) * 1000
        theirs = sum(1 for form, lemma in words if simple(form) == simple(lemma))
        candidates = sum(len(lemmatizer.candidates(form)) for form, _ in words) / len(words)
        rng = random.Random(1)
        false_ours = false_theirs = 0
        for _ in range(PAIRS):
            form, lemma = words[rng.randrange(len(words))]
            other = words[rng.randrange(len(words))][1]
            if other != lemma:
                false_ours += bool(index(form) & query(other))
                false_theirs += simple(form) == simple(other)
        recall = ours / len(words)
        failed |= recall < GOAL
        print(
            f"{path.name[:24]:<24} {len(words):>7} {recall:>7.4f} {theirs / len(words):>10.4f} "
            f"{candidates:>10.2f} {false_ours / PAIRS:>10.5f} {false_theirs / PAIRS:>15.5f} "
            f"{spent:>8.3f}"
        )
        missed = Counter((form, lemma) for form, lemma in words if not index(form) & query(lemma))
        common = missed.most_common(12)
        print("  most missed:", ", ".join(f"{f}→{lem} ×{n}" for (f, lem), n in common))
    print(f"goal: recall >= {GOAL} for every corpus: {'missed' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
