"""The lemma table: built once even by processes racing for it, looked up like simplemma,
and cheap in memory for a web worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from municipium.search.lemmas import LANGUAGES, TableLemmatizer, table_path

BUILD = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "municipium.settings"
import django
django.setup()
from municipium.search.lemmas import ensure_table, TableLemmatizer
path = ensure_table(("en",))
print(TableLemmatizer(path, ("en",)).lemma("houses"))
"""

MEASURE = """
import os, re
os.environ["DJANGO_SETTINGS_MODULE"] = "municipium.settings"
import django
django.setup()

def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read())[1]) // 1024

before = rss()
from municipium.search.analysis import index_terms
text = open(os.environ["SAMPLE"]).read()
for _ in range(3):
    index_terms([text])
print(rss() - before)
"""


def _env(lemma_dir: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update({"MUNICIPIUM_LEMMA_DIR": str(lemma_dir), "MUNICIPIUM_DEBUG": "true"})
    return environ


def test_two_processes_building_the_table_at_once_both_get_one_whole_table(
    tmp_path: Path,
) -> None:
    environ = _env(tmp_path)
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD], env=environ, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [racer.communicate(timeout=120)[0].strip() for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0]
    assert outputs == ["house", "house"]
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".lemmas"] == ["en.v4.lemmas"]
    assert not list(tmp_path.glob("*.tmp"))


def test_the_table_agrees_with_simplemma_on_inflected_words() -> None:
    from municipium.search.lemmas import ensure_table

    table = TableLemmatizer(ensure_table(), LANGUAGES)
    assert table_path().exists()
    for word, lemma in [
        ("общините", "община"),
        ("събранието", "събрание"),
        ("жалбите", "жалба"),
        ("konsultacjach", "konsultacja"),
        ("urzędu", "urząd"),
        ("samorządami", "samorząd"),
        ("houses", "house"),
        ("nieznanesłowo", "nieznanesłowo"),
    ]:
        assert table.lemma(word) == lemma, word


def test_a_worker_lemmatizing_bulgarian_polish_and_english_stays_under_150_mb() -> None:
    from django.conf import settings

    sample = Path(__file__).parents[1] / "src/municipium/demo/samples/news"
    text = "\n".join(p.read_text() for p in sorted(sample.glob("*.txt")))
    scratch = Path(settings.LEMMA_DIR) / "sample.txt"
    scratch.write_text(text)
    environ = _env(Path(settings.LEMMA_DIR))
    environ["SAMPLE"] = str(scratch)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE], env=environ, capture_output=True, text=True, check=True
    )
    grown_mb = int(result.stdout.strip())
    assert grown_mb < 150, f"the lemmatizer cost {grown_mb} MB"
