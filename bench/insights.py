"""Insights benchmark: the public figures page on a large registry. Prints figures; never
run by the test suite.

    .venv/bin/python bench/insights.py                          # 100,000 documents
    .venv/bin/python bench/insights.py --documents 1000000
    .venv/bin/python bench/insights.py --postgres postgresql://bench@localhost/bench

A fresh installation in a temporary MUNICIPIUM_VAR_DIR (SQLite there unless --postgres names
an empty, throw-away database): migrate, the demo (its municipalities publish their figures),
`municipium demo --documents N` for "primerovo" (three years of registry), then `municipium
insights rebuild --org primerovo` (timed) and `municipium serve` with production settings.

Then ~N sequential requests (--requests, 200) of each variant, by an anonymous visitor:
  figures, uncached  /primerovo/figures/?start=…&end=…&n=i — each address is new, so the
                     whole-page cache never answers: every request reads the aggregates and
                     renders the page (a year, two years, three years, one month).
  figures, same address  /primerovo/figures/ again and again (the whole-page cache, when it
                     answers: a page that sets a cookie is not kept).
  figures CSV        /primerovo/figures/data/months.csv?…&n=i, uncached.
  comparison         /figures/?n=i, uncached.
Target: the uncached figures page p95 < 200 ms. The page never reads the registry, so its
time depends on the number of months and groups shown, not on N.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry import Site, free_port, get, hammer, line

ORG = "primerovo"
TARGET_MS = 200.0


def periods(today: date) -> list[tuple[str, str]]:
    this = today.replace(day=1)

    def back(months: int) -> str:
        year, index = divmod(this.year * 12 + this.month - 1 - months, 12)
        return f"{year:04d}-{index + 1:02d}"

    return [(back(11), back(0)), (back(23), back(0)), (back(35), back(0)), (back(1), back(1))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000, help="registry size (100,000)")
    parser.add_argument("--requests", type=int, default=200, help="per variant (200)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--postgres", metavar="URL", help="an empty, throw-away PostgreSQL db")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if args.documents < 1 or args.requests < 1:
        parser.error("--documents and --requests must be at least 1")

    var = Path(tempfile.mkdtemp(prefix="municipium-bench-insights-"))
    site = Site(var=var, database_url=args.postgres, workers=args.workers, threads=args.threads)
    print(
        f"Municipium insights benchmark — {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}, "
        f"{'PostgreSQL' if args.postgres else f'SQLite {sqlite3.sqlite_version}'}, "
        f"gunicorn {args.workers} workers × {args.threads} threads, var {var}"
    )
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    try:
        site.municipium("migrate", "--no-input", "-v", "0")
        site.municipium("demo", "--quiet")
        started = time.perf_counter()
        site.municipium("demo", "--quiet", "--documents", str(args.documents), "--org", ORG)
        print(f"bulk demo: {args.documents:,} documents in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        output = site.municipium("insights", "rebuild", "--org", ORG)
        print(f"insights rebuild: {output.strip()} in {time.perf_counter() - started:.1f} s")
        counts = site.django(
            "from municipium.insights.models import DayFigure, DocumentFact, MonthDays\n"
            "print(json.dumps([DocumentFact.objects.count(), DayFigure.objects.count(),"
            " MonthDays.objects.count()]))"
        )
        print(f"  facts {counts[0]:,}, day figures {counts[1]:,}, histogram rows {counts[2]:,}")
        port = free_port()
        spans = periods(date.today())
        variants = {
            "figures, uncached": lambda i: (
                f"/{ORG}/figures/?start={spans[i % 4][0]}&end={spans[i % 4][1]}&n={i}"
            ),
            "figures, same address": lambda i: f"/{ORG}/figures/",
            "figures CSV (months), uncached": lambda i: (
                f"/{ORG}/figures/data/months.csv?start={spans[i % 4][0]}&n={i}"
            ),
            "comparison /figures/, uncached": lambda i: f"/figures/?n={i}",
        }
        headers = {"Accept-Language": "bg"}
        with site.platform(port):
            hammer(
                port,
                "warm-up",
                get([f"/{ORG}/figures/?warm={i}" for i in range(8)], headers),
                16,
                2,
            )
            results = {}
            for name, make in variants.items():
                paths = [make(i) for i in range(args.requests)]
                results[name] = hammer(port, name, get(paths, headers), args.requests, 1)
                print(line(results[name]))
        p95 = results["figures, uncached"].percentile(95)
        verdict = (
            "met" if p95 < TARGET_MS and not results["figures, uncached"].failures else "MISSED"
        )
        ok = verdict == "met"
        print(
            f"  target: public figures page p95 < {TARGET_MS:.0f} ms at {args.documents:,} "
            f"documents — p95 {p95:.1f} ms: {verdict}"
        )
    finally:
        if args.keep:
            print(f"kept {var}")
        else:
            import shutil

            shutil.rmtree(var, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
