"""Public pages benchmark: anonymous requests to an organisation's public site against a
static file of the same server. Prints figures; never run by the test suite.

    .venv/bin/python bench/public.py                       # 10 s per figure
    .venv/bin/python bench/public.py --seconds 30
    .venv/bin/python bench/public.py --path /skom/ --path /skom/news/
    .venv/bin/python bench/public.py --cache locmem://     # another MUNICIPIUM_CACHE_URL

A fresh installation in a temporary MUNICIPIUM_VAR_DIR (SQLite): migrate and the demo
(`municipium demo`), then `municipium serve` (gunicorn, gthread) on a free local port with
production settings (MUNICIPIUM_DEBUG off) and the default cache (files under the var dir,
shared by the workers) unless --cache names another. Each figure: 8 concurrent keep-alive
clients (--clients) requesting one path for N seconds (--seconds), as visitors who are not
signed in, after one warming request:
  static file      /static/css/municipium.css, served by whitenoise: the baseline.
  organisation     the demo municipality's home page, /primerovo/.
  installation     the installation's home page, /.
  statement        the accessibility statement, /primerovo/accessibility/.
  news list        /primerovo/news/.
  news item        the newest item of that list (its address read from the list).
  page             the first page of the site's menu (its address read from the home page).
  contacts         /primerovo/contacts/ (the contact points with their opening hours).
  --path ...       any other paths, each a figure of its own.
For each: requests per second, p50 and p95 latency, and the ratio to the static file.
Target: every page at ratio >= 0.5 (the whole-page cache of tenants.public).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import registry as base  # bench/registry.py: the site, the figures, the report line

ORG = "primerovo"
TARGET = 0.5
STATIC = "/static/css/municipium.css"
PAGES = [
    ("organisation home", f"/{ORG}/"),
    ("installation home", "/"),
    ("accessibility statement", f"/{ORG}/accessibility/"),
    ("news list", f"/{ORG}/news/"),
]
NEWS_ITEM = re.compile(rf'href="(/{ORG}/news/[\w-]+/)"')
PAGE = re.compile(rf'href="(/{ORG}/pages/[\w-]+/)"')


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Accept-Language": "bg"})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def demo_pages(port: int) -> list[tuple[str, str]]:
    """The addresses of a news item and a page of the demo, read as a visitor finds them."""
    found = []
    for name, source, pattern in (
        ("news item", f"/{ORG}/news/", NEWS_ITEM),
        ("page", f"/{ORG}/", PAGE),
    ):
        match = pattern.search(get(port, source)[1])
        if match:
            found.append((name, match.group(1)))
        else:
            print(f"  no {name} linked from {source}: left out")
    return [*found, ("contacts", f"/{ORG}/contacts/")]


def for_seconds(port: int, name: str, path: str, seconds: float, clients: int) -> base.Figures:
    """`clients` threads, each on its own keep-alive connection, asking for `path` until
    `seconds` have passed."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures = 0
    lock = threading.Lock()
    headers = {"Accept-Language": "bg", "Accept-Encoding": "identity"}
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        nonlocal failures
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        mine_failed = 0
        mine_statuses: dict[int, int] = {}
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                mine_failed += 1
                continue
            elapsed = time.perf_counter() - started
            mine_statuses[response.status] = mine_statuses.get(response.status, 0) + 1
            if response.status == 200:
                mine.append(elapsed)
            else:
                mine_failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            failures += mine_failed
            for status, count in mine_statuses.items():
                statuses[status] = statuses.get(status, 0) + count

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return base.Figures(name, latencies, time.perf_counter() - started, failures, statuses)


def warm(port: int, path: str) -> int:
    return get(port, path)[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="per figure (10)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument(
        "--path", action="append", default=[], help="another path to measure (repeatable)"
    )
    parser.add_argument("--cache", metavar="URL", help="MUNICIPIUM_CACHE_URL for the server")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="municipium-bench-public-"))
    site = base.Site(var=var, database_url=None, workers=args.workers, threads=args.threads)
    if args.cache:
        site.env["MUNICIPIUM_CACHE_URL"] = args.cache
    print(
        f"Municipium public pages benchmark — {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
        f"gunicorn {args.workers} workers × {args.threads} threads, "
        f"{args.clients} concurrent clients, {args.seconds:g} s per figure, "
        f"cache {args.cache or 'file (default)'}"
    )
    ok = True
    try:
        started = time.perf_counter()
        site.municipium("migrate", "--no-input", "-v", "0")
        site.municipium("demo", "--quiet")
        print(f"setup (migrate, demo): {time.perf_counter() - started:.1f} s")
        port = base.free_port()
        with site.platform(port):
            pages = PAGES + demo_pages(port) + [(path, path) for path in args.path]
            for _name, path in [("static", STATIC), *pages]:
                status = warm(port, path)
                if status != 200:
                    print(f"  {path} answers {status}: left out")
                    ok = False
            static = for_seconds(port, "static file", STATIC, args.seconds, args.clients)
            print(base.line(static, "  (baseline)"))
            for name, path in pages:
                figures = for_seconds(port, name, path, args.seconds, args.clients)
                ratio = figures.throughput / static.throughput if static.throughput else 0.0
                passed = ratio >= TARGET and not figures.failures
                ok = ok and passed
                verdict = "ok" if passed else f"BELOW {TARGET}"
                print(base.line(figures, f"  ratio {ratio:.2f} {verdict}  {path}"))
    finally:
        if args.keep:
            print(f"kept {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
