"""Search benchmark: the search service beside the raw engine query, the HTTP API by relevance
and by date for common and rare words as an official with 2,000 grants, the register list's
`?q=`, indexing, index size and worker memory, and Whoosh on a subset. With --postgres, the
same run on SQLite and on PostgreSQL, printed side by side. Prints figures; never run by the
test suite.

    .venv/bin/python bench/search.py --documents 20000       # a quick run, SQLite only
    .venv/bin/python bench/search.py                         # the full run: 1,000,000 documents
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1/bench
                                                             # SQLite, then PostgreSQL

Per engine, a fresh installation in a temporary MUNICIPIUM_VAR_DIR (as bench/registry.py):
migrate, the demo, `municipium demo --documents N` (the bulk registry of "primerovo"), the
benchmark's official made a named reader of 2,000 confidential documents, then the index is
rebuilt with `municipium search reindex --org primerovo` (timed: indexing throughput), and:

  queries   100 varied queries made from the documents' own subjects: single words in another
            form, two or three words, OR, -exclusion, a "phrase", a prefix*. Each is timed
            through the search service (parse, lemmatize, permission-filtered ranked page,
            total and facets, snippets) beside the raw engine query for the same lemmatized
            terms (FTS5 MATCH … ORDER BY bm25 LIMIT 20, or tsvector @@ … ORDER BY ts_rank
            LIMIT 20), without permissions, total, facets or snippets. Target: service p95 at
            most twice the raw query's p95.
  HTTP      GET /api/v1/orgs/primerovo/search (the official's bearer token, gunicorn,
            sequential keep-alive requests): the varied queries, the 20 most common words of
            the subjects (3 times each) and 20 rare ones, by relevance and by date; the
            register list /api/v1/orgs/primerovo/registry/documents?q=<word> and the register
            page ?q=. Target: p95 < 100 ms (search), < 150 ms (register list). Then each web
            worker's RSS.
  Whoosh    (SQLite's run, --whoosh-documents, 100,000; 0 leaves it out) a second installation
            with that many documents, indexed by us, and the same documents' text in a
            Whoosh index with its StemmingAnalyzer (what Paperless-ngx uses): indexing rate,
            size, and the same queries (AND by default) through both, like for like. Target:
            ours faster at every percentile.

A search reads a window of the 10,000 readable matches newest first (by relevance the most
recently indexed, ranked; by date the newest by date; queries.py, COUNT_LIMIT); the raw engine
query ranks every match, which is why it can be the slower.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve()
_spec = importlib.util.spec_from_file_location("bench_registry", HERE.with_name("registry.py"))
assert _spec is not None and _spec.loader is not None
common = importlib.util.module_from_spec(_spec)
sys.modules["bench_registry"] = common
_spec.loader.exec_module(common)

ORG = common.ORG
HTTP_TARGET_MS = 100.0
LIST_TARGET_MS = 150.0

QUERIES = """
import random, re
from municipium.registry.models import Document
from municipium.search.lemmas import default_lemmatizer

rng = random.Random(7)
documents = Document.objects.filter(organisation__slug="primerovo")
ids = list(documents.values_list("id", flat=True)[:200000])
chosen = documents.filter(id__in=rng.sample(ids, min(400, len(ids))))
subjects = list(chosen.values_list("subject", flat=True))
WORD = re.compile(r"[^\\W\\d_]{5,}")
words = sorted({w.lower() for s in subjects for w in WORD.findall(s)})
lemma = default_lemmatizer().lemma
# Other forms of a word: the same lemma, another ending (as a user would type it).
ENDINGS = ["и", "ите", "та", "то", "а", "ът", "ове", "ия"]
def other_form(word):
    stem = word[:-1] if word[-1] in "аеиоуяъ" else word
    for ending in rng.sample(ENDINGS, len(ENDINGS)):
        form = stem + ending
        if form != word and lemma(form) == lemma(word):
            return form
    return word
queries = []
kinds = ["word", "form", "two", "three", "or", "not", "phrase", "prefix"]
while len(queries) < 100:
    subject = rng.choice(subjects)
    mine = [w.lower() for w in WORD.findall(subject)]
    if len(mine) < 2:
        continue
    kind = kinds[len(queries) % len(kinds)]
    a, b = rng.sample(mine, 2)
    if kind == "word":
        q = a
    elif kind == "form":
        q = other_form(a)
    elif kind == "two":
        q = f"{a} {b}"
    elif kind == "three":
        q = " ".join(rng.sample(mine, min(3, len(mine))))
    elif kind == "or":
        q = f"{a} OR {rng.choice(words)}"
    elif kind == "not":
        q = f"{a} -{rng.choice(words)}"
    elif kind == "phrase":
        i = rng.randrange(len(mine) - 1)
        q = '"' + mine[i] + " " + mine[i + 1] + '"'
    else:
        q = a[:5] + "*"
    queries.append(q)
# The most common words of the sampled subjects, and words seen in one subject only.
from collections import Counter
seen = Counter(w.lower() for s in subjects for w in set(WORD.findall(s)))
common = [w for w, _ in seen.most_common(20)]
rare = sorted(w for w, n in seen.items() if n == 1)
rare = rng.sample(rare, min(20, len(rare)))
print(json.dumps({"queries": queries, "common": common, "rare": rare}))
"""

GRANTS = """
from django.contrib.auth import get_user_model
from municipium.registry.models import Confidentiality, Document
# The bulk demo already names members as readers at random: exactly N for the official.
user = get_user_model().objects.get(email="bench-official@example.org")
wanted = int(sys.argv[1])
through = Document.readers.through
mine = through.objects.filter(user_id=user.pk)
extra = list(mine.order_by("id").values_list("id", flat=True)[wanted:])
through.objects.filter(id__in=extra).delete()
confidential = (
    Document.objects.filter(
        organisation__slug="primerovo", confidentiality=Confidentiality.CONFIDENTIAL
    )
    .exclude(readers=user)
    .order_by("-id")
    .values_list("id", flat=True)[: max(0, wanted - mine.count())]
)
through.objects.bulk_create([through(document_id=d, user_id=user.pk) for d in confidential])
print(json.dumps({"grants": mine.count()}))
"""

TIME_QUERIES = """
import time
from django.contrib.auth import get_user_model
from django.db import connection
from municipium.search.analysis import parse_query
from municipium.search.backends import fts5_expression, tsquery_expression
from municipium.search.queries import search
from municipium.tenants.scoping import resolve_scope

queries = json.loads(sys.argv[1])
user = get_user_model().objects.get(email="bench-official@example.org")
scope = resolve_scope(user, "primerovo")
service, raw, totals = [], [], []
def raw_query(q):
    parsed = parse_query(q)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "ORDER BY bm25(search_fts) LIMIT 20",
                [fts5_expression(parsed)],
            )
        else:
            cursor.execute(
                "SELECT id FROM search_searchentry, to_tsquery('simple', %s) q WHERE vector @@ q "
                "ORDER BY ts_rank(vector, q, 1) DESC LIMIT 20",
                [tsquery_expression(parsed)],
            )
        return cursor.fetchall()
for q in queries[:5]:  # warm the caches the same way for both
    search(scope, q); raw_query(q)
for q in queries:
    started = time.perf_counter()
    results = search(scope, q)
    service.append(time.perf_counter() - started)
    totals.append(results.total)
    started = time.perf_counter()
    raw_query(q)
    raw.append(time.perf_counter() - started)
print(json.dumps({"service": service, "raw": raw, "totals": totals}))
"""

INDEX_SIZE = """
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT pg_total_relation_size('search_searchentry') + "
            "pg_total_relation_size('search_searchgrant')"
        )
        size = cursor.fetchone()[0]
    else:
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%' "
                "OR name IN (SELECT name FROM sqlite_master WHERE tbl_name LIKE 'search_%')"
            )
            size = cursor.fetchone()[0]
        except Exception:
            size = None
print(json.dumps({"bytes": size}))
"""

EXPORT = """
from municipium.registry.models import Document
rows = (
    Document.objects.filter(organisation__slug="primerovo")
    .select_related("kind", "register", "correspondent")
    .order_by("id")[: int(sys.argv[1])]
)
with open(sys.argv[2], "w") as out:
    for d in rows.iterator(chunk_size=5000):
        text = " ".join([
            d.number, d.subject, d.description,
            d.correspondent.name if d.correspondent else "", d.kind.name, d.register.name,
        ])
        out.write(json.dumps({"id": d.pk, "text": text}) + "\\n")
print(json.dumps({"ok": True}))
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def row(name: str, values: list[float], extra: str = "") -> str:
    return (
        f"  {name:<44} p50 {percentile(values, 50):8.2f} ms  p95 {percentile(values, 95):8.2f} ms"
        f"  p99 {percentile(values, 99):8.2f} ms  n={len(values)}{extra}"
    )


def whoosh_part(path: Path, queries: list[str], where: Path) -> dict[str, Any]:
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import OrGroup, QueryParser  # noqa: F401 — AND is the default group

    schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=StemmingAnalyzer()))
    folder = where / "whoosh"
    folder.mkdir()
    ix = index.create_in(str(folder), schema)
    started = time.perf_counter()
    count = 0
    writer = ix.writer(limitmb=512, procs=1)
    with path.open() as rows:
        for line in rows:
            doc = json.loads(line)
            writer.add_document(id=str(doc["id"]), text=doc["text"])
            count += 1
    writer.commit()
    took = time.perf_counter() - started
    size = sum(f.stat().st_size for f in folder.iterdir())
    latencies = []
    with ix.searcher() as searcher:
        parser = QueryParser("text", ix.schema)
        for q in queries[:5]:
            searcher.search(parser.parse(q.replace(" -", " NOT ")), limit=20)
        for q in queries:
            started_q = time.perf_counter()
            results = searcher.search(parser.parse(q.replace(" -", " NOT ")), limit=20)
            len(results)  # the total, as ours counts it
            latencies.append(time.perf_counter() - started_q)
    return {"count": count, "seconds": took, "bytes": size, "latencies": latencies}


def build(args: argparse.Namespace, documents: int, database_url: str | None) -> Any:
    """A fresh installation with `documents` bulk documents, the official's grants, indexed;
    returns the site, its API tokens, the indexing time and the number of entries indexed."""
    var = Path(tempfile.mkdtemp(prefix="municipium-search-bench-"))
    site = common.Site(
        var=var, database_url=database_url, workers=args.workers, threads=args.threads
    )
    site.municipium("migrate", "--no-input", "-v", "0")
    site.municipium("demo", "--quiet")
    tokens = site.django(common.SETUP)
    started = time.perf_counter()
    site.municipium("demo", "--quiet", "--documents", str(documents))
    print(f"  bulk demo: {documents:,} documents in {time.perf_counter() - started:.1f} s ({var})")
    grants = site.django(GRANTS, str(args.grants))["grants"]
    print(f"  the official is a named reader of {grants:,} confidential documents")
    started = time.perf_counter()
    output = site.municipium("search", "reindex", "--org", ORG)
    took = time.perf_counter() - started
    entries = int(output.split(":")[1].split()[0])
    return site, tokens, took, entries


def reset_database(url: str | None) -> str | None:
    """For PostgreSQL, the database of --postgres emptied (dropped and created again)."""
    if not url:
        return None
    import psycopg

    base_url, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return url


def http_figures(
    site: Any, tokens: dict[str, str], words: dict[str, Any], figures: dict[str, Any]
) -> bool:
    """The HTTP figures of one engine into `figures` (name → latencies); whether the targets
    are met."""
    api = f"/api/v1/orgs/{ORG}/search?q="
    bearer = {"Authorization": f"Bearer {tokens['reader']}"}
    cookie = {"Cookie": f"sessionid={tokens['session']}"}
    register_api = f"/api/v1/orgs/{ORG}/registry/documents?q="
    register_page = f"/{ORG}/office/registry/?q="
    variants: list[tuple[str, list[str], dict[str, str], float]] = []
    for sort in ("relevance", "date"):
        suffix = "" if sort == "relevance" else "&sort=date"
        for label, key, times in (("varied", "queries", 1), ("common", "common", 3)):
            paths = [api + quote(q) + suffix for q in words[key]] * times
            variants.append((f"search {label} ({sort})", paths, bearer, HTTP_TARGET_MS))
        paths = [api + quote(q) + suffix for q in words["rare"]]
        variants.append((f"search rare ({sort})", paths, bearer, HTTP_TARGET_MS))
    common_words = words["common"][:10] + words["rare"][:10]
    variants.append(
        (
            "register list api ?q= (common, rare)",
            [register_api + quote(w) for w in common_words],
            bearer,
            LIST_TARGET_MS,
        )
    )
    variants.append(
        (
            "register page ?q= (common, rare)",
            [register_page + quote(w) for w in common_words],
            cookie,
            LIST_TARGET_MS,
        )
    )
    ok = True
    port = common.free_port()
    with site.platform(port) as server:
        for name, paths, headers, target in variants:
            common.hammer(port, "warm-up", common.get(paths[:5], headers), 5, 1)
            measured = common.hammer(port, name, common.get(paths, headers), len(paths), 1)
            met = percentile(measured.latencies, 95) < target and not measured.failures
            failures = (
                f"  FAILED {measured.failures} {measured.statuses}" if measured.failures else ""
            )
            print(row(name, measured.latencies, failures + ("" if met else f"  > {target:.0f}")))
            figures[name] = measured.latencies
            ok = ok and met
        rss = common.worker_rss(server.pid)
        print("  web workers after the queries (RSS now / peak):")
        for pid, now, peak in rss:
            print(f"    pid {pid}: {now / 1024:.0f} MiB / {peak / 1024:.0f} MiB")
        figures["rss"] = max((peak for _pid, _now, peak in rss), default=0)
    return ok


def engine_part(
    args: argparse.Namespace, engine: str, url: str | None, words: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any], bool, list[Any]]:
    """One engine's run: (figures, the words used, targets met, sites to clean up)."""
    print(f"\n== {engine}, {args.documents:,} documents")
    site, tokens, took, entries = build(args, args.documents, reset_database(url))
    figures: dict[str, Any] = {"reindex": entries / took, "entries": entries}
    print(
        f"  indexing: {entries:,} entries (documents, cases, correspondents) in {took:.1f} s"
        f" = {entries / took:,.0f}/s (`municipium search reindex`, one process,"
        " including Django start-up, the swap, dropping the old generation and ANALYZE)"
    )
    size = site.django(INDEX_SIZE)["bytes"]
    if size:
        figures["size"] = size
        print(f"  index size: {size / 2**20:,.0f} MiB ({size / entries:,.0f} bytes/entry)")
    if not url:
        print(f"  SQLite file: {site.sqlite_path.stat().st_size / 2**20:,.0f} MiB in all")
    if words is None:
        words = site.django(QUERIES)
    queries = words["queries"]
    timed = site.django(TIME_QUERIES, json.dumps(queries))
    service, raw, totals = timed["service"], timed["raw"], timed["totals"]
    figures["service"], figures["raw"] = service, raw
    print(
        f"  queries: {len(queries)} varied, results per query: median "
        f"{sorted(totals)[len(totals) // 2]:,}, max {max(totals):,}, "
        f"none for {sum(1 for t in totals if t == 0)}; examples: {', '.join(queries[:6])}"
    )
    print(f"  common words: {', '.join(words['common'])}")
    print(f"  rare words: {', '.join(words['rare'])}")
    print(row("search service (page, total, facets, snippets)", service))
    print(row("raw engine query (top 20 only)", raw))
    ratio = percentile(service, 95) / max(percentile(raw, 95), 1e-6)
    print(
        f"  service p95 / raw p95 = {ratio:.2f} (target <= 2: {'met' if ratio <= 2 else 'NOT met'})"
    )
    ok = http_figures(site, tokens, words, figures)
    return figures, words, ok, [site]


def whoosh_comparison(args: argparse.Namespace, queries: list[str]) -> tuple[bool, list[Any]]:
    subset = min(args.whoosh_documents, args.documents)
    print(f"\n== Like for like with Whoosh: an SQLite installation with {subset:,} documents")
    small, _tokens, small_took, small_entries = build(args, subset, None)
    print(f"  ours indexed {small_entries:,} entries in {small_took:.1f} s")
    ours = small.django(TIME_QUERIES, json.dumps(queries))["service"]
    export = small.var / "subset.jsonl"
    small.django(EXPORT, str(subset), str(export))
    whoosh = whoosh_part(export, queries, small.var)
    print(
        f"  Whoosh (StemmingAnalyzer) on the same {whoosh['count']:,} documents: indexed in "
        f"{whoosh['seconds']:.1f} s = {whoosh['count'] / whoosh['seconds']:,.0f}/s, "
        f"{whoosh['bytes'] / 2**20:,.0f} MiB"
    )
    print(row("Whoosh search (top 20 and total)", whoosh["latencies"]))
    print(row(f"ours, search service on the same {subset:,}", ours))
    faster = all(percentile(ours, p) < percentile(whoosh["latencies"], p) for p in (50, 95, 99))
    print(f"  ours faster at every percentile: {'yes' if faster else 'NO'}")
    return faster, [small]


def side_by_side(results: dict[str, dict[str, Any]]) -> None:
    engines = list(results)
    print(f"\n== Side by side, {', '.join(engines)} (ms: p50 / p95)")
    header = f"  {'figure':<40}" + "".join(f"{e:>24}" for e in engines)
    print(header)
    names = [n for n in next(iter(results.values())) if isinstance(results[engines[0]][n], list)]
    for name in names:
        cells = []
        for engine in engines:
            values = results[engine].get(name) or [0.0]
            cells.append(f"{percentile(values, 50):9.1f} / {percentile(values, 95):7.1f}")
        print(f"  {name:<40}" + "".join(f"{c:>24}" for c in cells))
    print(
        f"  {'search reindex (entries/s)':<40}"
        + "".join(f"{results[e]['reindex']:>24,.0f}" for e in engines)
    )
    print(
        f"  {'index size (MiB)':<40}"
        + "".join(f"{results[e].get('size', 0) / 2**20:>24,.0f}" for e in engines)
    )
    print(
        f"  {'web worker peak RSS (MiB)':<40}"
        + "".join(f"{results[e].get('rss', 0) / 1024:>24,.0f}" for e in engines)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=1_000_000, help="(1,000,000)")
    parser.add_argument("--whoosh-documents", type=int, default=100_000, help="(100,000; 0: none)")
    parser.add_argument("--grants", type=int, default=2000, help="the official's grants (2,000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument(
        "--postgres", metavar="URL", help="a throw-away database: also run on PostgreSQL"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args()

    engines: list[tuple[str, str | None]] = [(f"SQLite {sqlite3.sqlite_version}", None)]
    if args.postgres:
        engines.append(("PostgreSQL", args.postgres))
    print(
        f"Municipium search benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"{' and '.join(e for e, _ in engines)}, {args.documents:,} documents"
    )
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    sites: list[Any] = []
    results: dict[str, dict[str, Any]] = {}
    words: dict[str, Any] | None = None
    try:
        for engine, url in engines:
            figures, words, met, made = engine_part(args, engine, url, words)
            sites.extend(made)
            results[engine] = figures
            ok = ok and met
            if not args.keep:
                for site in made:
                    shutil.rmtree(site.var, ignore_errors=True)
        if len(results) > 1:
            side_by_side(results)
        if args.whoosh_documents and words is not None:
            faster, made = whoosh_comparison(args, words["queries"])
            sites.extend(made)
            ok = ok and faster
    finally:
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for kept in sites:
            if args.keep:
                print(f"kept {kept.var}")
            else:
                shutil.rmtree(kept.var, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
