"""Registry benchmark: registration throughput against the same server's cheapest writes, and
the register list on a large registry. Prints figures; never run by the test suite.

    .venv/bin/python bench/registry.py --quick            # a few minutes: 20,000 documents
    .venv/bin/python bench/registry.py                    # the full run: 1,000,000 documents
    .venv/bin/python bench/registry.py --only write       # only the write part
    .venv/bin/python bench/registry.py --postgres postgresql://bench@localhost/bench

Everything runs on a fresh installation in a temporary MUNICIPIUM_VAR_DIR (SQLite there unless
--postgres names a database, which must be an empty, throw-away one): migrate, the demo, a
registrar and an official of "primerovo" with API tokens, then `municipium serve` (gunicorn,
gthread) on a free local port, with production settings (MUNICIPIUM_DEBUG off).

Write part — 8 concurrent keep-alive clients, each figure in the same run, on the same server,
with `municipium worker` beside it as deployed (its indexer makes every registration
searchable; the time the index takes to catch up after the last one is printed):
  registration  POST /api/v1/orgs/primerovo/registry/documents: the next number under the
                counter's lock, the deadline, the correspondent, the journal entry.
  unit floor    POST /api/v1/orgs/primerovo/units: the cheapest authenticated write the API
                has (token, scope, one row, its journal entry). The product has no
                benchmark-only route, so this is "the simplest insert endpoint" of the server.
  raw floor     a plain WSGI app in this script, served by gunicorn with the same settings,
                inserting one row into a table of its own (SQLite file beside the platform's,
                same pragmas, or the same PostgreSQL database), without Django.
The target is registration >= 50 % of the unit floor. Afterwards the numbers of every register
and period are checked to run 1..n without a gap and to agree with the counters.

List part — `municipium demo --documents N` builds the large registry (timed), then ~100
sequential requests per variant: the register page /primerovo/office/registry/ as an official
(session cookie) and the API list (bearer token): first page, filters, a deep cursor. Target:
p95 < 150 ms. Then the resident memory (RSS) of each web worker.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve()
BIN = Path(sys.executable).parent
MUNICIPIUM = str(BIN / "municipium")
ORG = "primerovo"
LIST_TARGET_MS = 150.0
WRITE_TARGET = 0.5

# --- Running the platform ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Site:
    var: Path
    database_url: str | None
    workers: int
    threads: int
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update(
            {
                "MUNICIPIUM_VAR_DIR": str(self.var),
                "MUNICIPIUM_DEBUG": "false",
                "MUNICIPIUM_SECRET_KEY": "bench-only-" + "x" * 50,
                "MUNICIPIUM_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "MUNICIPIUM_SSL_REDIRECT": "false",
                "MUNICIPIUM_STATIC_MANIFEST": "false",
                "MUNICIPIUM_LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "municipium.settings",
            }
        )
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url

    @property
    def sqlite_path(self) -> Path:
        return self.var / "municipium.sqlite3"

    def municipium(self, *args: str, echo: bool = False) -> str:
        result = subprocess.run(
            [MUNICIPIUM, *args],
            env=self.env,
            capture_output=not echo,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            sys.exit(f"municipium {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout or ""

    def django(self, code: str, *args: str) -> Any:
        """Run a snippet with Django set up; it prints one JSON document, returned here."""
        prelude = "import django, json, sys\ndjango.setup()\n"
        result = subprocess.run(
            [sys.executable, "-c", prelude + code, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            sys.exit(f"bench snippet failed:\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    @contextmanager
    def serve(
        self, command: list[str], port: int, log_name: str
    ) -> Iterator[subprocess.Popen[bytes]]:
        """Run a server until the block ends; its error log goes to a file (a pipe nobody
        reads would fill up and stall the server), and errors in it are reported."""
        log_path = self.var / log_name
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        try:
            wait_until_up(port, process, log_path)
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            report_server_errors(log_path)

    def platform(self, port: int) -> Any:
        return self.serve(
            [
                MUNICIPIUM,
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
            ],
            port,
            f"serve-{port}.log",
        )

    def raw_floor(self, port: int) -> Any:
        target = self.database_url or str(self.var / "raw-floor.sqlite3")
        return self.serve(
            [
                sys.executable,
                str(HERE),
                "_raw-serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--database",
                target,
            ],
            port,
            f"raw-floor-{port}.log",
        )


def wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped at start:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("the server did not answer within 60 s")


def report_server_errors(log: Path) -> None:
    """Print the last lines of each distinct error the server logged, if any."""
    text = log.read_text(errors="replace") if log.exists() else ""
    blocks = text.split("Traceback (most recent call last):")[1:]
    if not blocks:
        return
    kinds: dict[str, int] = {}
    for block in blocks:
        # The exception itself: "package.module.SomeError: message" at the start of a line.
        raised = [x for x in block.splitlines() if re.match(r"[A-Za-z_][\w.]*: ", x)]
        message = raised[0] if raised else "?"
        kinds[message] = kinds.get(message, 0) + 1
    print(f"  the server logged {len(blocks)} tracebacks ({log}):")
    for message, count in sorted(kinds.items(), key=lambda item: -item[1]):
        print(f"    {count} × {message[:200]}")


SETUP = """
from django.test import Client
from municipium.accounts.services import api_token_create
from municipium.tenants import services
from municipium.tenants.models import Membership, Organisation

org = Organisation.objects.get(slug="primerovo")
admin = Membership.objects.get(organisation=org, user__email="admin.primerovo@example.org").user

def member(email, name, roles):
    found = Membership.objects.filter(organisation=org, user__email=email).first()
    if found is None:
        found, _ = services.membership_add(
            organisation=org, actor=admin, email=email, full_name=name, roles=roles
        )
    return found.user

writer = member("bench-registrar@example.org", "Bench Registrar", ["registrar", "admin"])
reader = member("bench-official@example.org", "Bench Official", ["official"])
client = Client()
client.force_login(reader)
print(json.dumps({
    "writer": api_token_create(user=writer, name="bench").raw,
    "reader": api_token_create(user=reader, name="bench").raw,
    "session": client.cookies["sessionid"].value,
}))
"""

FACTS = """
from django.db.models import Count, Max, Min
from municipium.registry.models import Correspondent, Document, RegisterCounter
docs = Document.objects.filter(organisation__slug="primerovo")
top = docs.aggregate(low=Min("id"), high=Max("id"), n=Count("id"))
busy = (
    docs.exclude(correspondent=None).values("correspondent_id")
    .annotate(n=Count("id")).order_by("-n").first()
)
sample = docs.filter(id__gte=(top["low"] + top["high"]) // 2).order_by("id").first()
print(json.dumps({
    "count": top["n"], "low": top["low"], "high": top["high"],
    "correspondent": busy["correspondent_id"] if busy else None,
    "number": sample.number if sample else None,
    "year": sample.period if sample else None,
}))
"""

GAPS = """
from django.db.models import Count, Max, Min
from municipium.registry.models import Document, RegisterCounter
groups = list(
    Document.objects.values("register__organisation__slug", "register__code", "period")
    .annotate(n=Count("id"), low=Min("seq"), high=Max("seq"), distinct=Count("seq", distinct=True))
)
counters = {
    (c.register.organisation.slug, c.register.code, c.period): c.last
    for c in RegisterCounter.objects.select_related("register__organisation")
}
problems = []
for g in groups:
    key = (g["register__organisation__slug"], g["register__code"], g["period"])
    ok = g["low"] == 1 and g["high"] == g["n"] == g["distinct"] == counters.get(key)
    if not ok:
        problems.append({**g, "counter": counters.get(key)})
print(json.dumps({"groups": len(groups), "documents": sum(g["n"] for g in groups),
                  "problems": problems}))
"""

# --- Load -------------------------------------------------------------------------------------


@dataclass
class Figures:
    name: str
    latencies: list[float]
    seconds: float
    failures: int
    statuses: dict[int, int]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


Request = Callable[[int], tuple[str, str, bytes | None, dict[str, str]]]


def hammer(port: int, name: str, request: Request, total: int, clients: int) -> Figures:
    """`total` requests from `clients` threads, each on its own keep-alive connection."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        nonlocal failures
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            method, path, body, headers = request(index)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    failures += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
            if 200 <= response.status < 300:
                mine.append(elapsed)
            else:
                with lock:
                    failures += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Figures(name, latencies, time.perf_counter() - started, failures, statuses)


def json_post(path: str, token: str | None, make: Callable[[int], dict[str, Any]]) -> Request:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"

    def request(index: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        return "POST", path, json.dumps(make(index)).encode(), headers

    return request


def get(paths: list[str], headers: dict[str, str]) -> Request:
    def request(index: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        return "GET", paths[index % len(paths)], None, headers

    return request


def valid_egn(rng: random.Random) -> str:
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6)
    base = f"{rng.randrange(50, 99):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    base += f"{rng.randrange(1000):03d}"
    return base + str(sum(w * int(d) for w, d in zip(weights, base, strict=True)) % 11 % 10)


def registration(run: str) -> Callable[[int], dict[str, Any]]:
    rng = random.Random(run)
    people = [valid_egn(rng) for _ in range(200)]
    kinds = ["application", "complaint", "letter", "public-information"]

    def make(index: int) -> dict[str, Any]:
        return {
            "register_code": "general",
            "direction": "incoming",
            "kind": kinds[index % len(kinds)],
            "subject": f"Заявление за удостоверение № {run}-{index}",
            "channel": "counter",
            "sheets": 2,
            "correspondent": {
                "name": f"Гражданин {index % 200}",
                "identifier_type": "egn",
                "identifier": people[index % len(people)],
            },
        }

    return make


def unit(run: str) -> Callable[[int], dict[str, Any]]:
    def make(index: int) -> dict[str, Any]:
        return {"code": f"B{run}{index:06d}", "name": f"Звено за измерване {index}"}

    return make


# --- The raw floor: a WSGI app without Django ---------------------------------------------------


def raw_app_for(database: str) -> Callable[..., Any]:
    local = threading.local()
    postgres = database.startswith(("postgres://", "postgresql://"))

    def connection() -> Any:
        if getattr(local, "db", None) is None:
            if postgres:
                import psycopg

                local.db = psycopg.connect(database, autocommit=True)
            else:
                db = sqlite3.connect(database, timeout=20, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA busy_timeout=20000")
                local.db = db
        return local.db

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        size = int(environ.get("CONTENT_LENGTH") or 0)
        payload = json.loads(environ["wsgi.input"].read(size) or b"{}")
        db = connection()
        if postgres:
            with db.transaction():
                row = db.execute(
                    "INSERT INTO bench_raw (payload, created_at) VALUES (%s, now()) RETURNING id",
                    (json.dumps(payload),),
                ).fetchone()
        else:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute(
                "INSERT INTO bench_raw (payload, created_at) VALUES (?, datetime('now'))",
                (json.dumps(payload),),
            )
            row = (cursor.lastrowid,)
            db.execute("COMMIT")
        body = json.dumps({"id": row[0]}).encode()
        start_response(
            "201 Created",
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return app


def raw_serve(args: argparse.Namespace) -> None:
    """gunicorn with the settings of `municipium serve`, serving the raw floor app."""
    from gunicorn.app.base import BaseApplication

    database = args.database
    if database.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(database, autocommit=True) as pg:
            pg.execute(
                "CREATE TABLE IF NOT EXISTS bench_raw "
                "(id bigserial PRIMARY KEY, payload text, created_at timestamptz)"
            )
    else:
        with sqlite3.connect(database) as lite:
            lite.execute("PRAGMA journal_mode=WAL")
            lite.execute(
                "CREATE TABLE IF NOT EXISTS bench_raw "
                "(id INTEGER PRIMARY KEY, payload TEXT, created_at TEXT)"
            )
    app = raw_app_for(database)

    def health(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Length", "2")])
            return [b"ok"]
        return app(environ, start_response)

    config = {
        "bind": args.bind,
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread",
        "errorlog": "-",
        "timeout": 60,
        "graceful_timeout": 20,
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in config.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return health

    Server().run()


# --- Reporting ----------------------------------------------------------------------------------


def line(figures: Figures, extra: str = "") -> str:
    return (
        f"  {figures.name:<44} {figures.throughput:8.1f}/s  p50 {figures.percentile(50):7.1f} ms"
        f"  p95 {figures.percentile(95):7.1f} ms  n={len(figures.latencies)}"
        + (f"  FAILED {figures.failures} {figures.statuses}" if figures.failures else "")
        + extra
    )


def worker_rss(master: int) -> list[tuple[int, int, int]]:
    """(pid, VmRSS KiB, VmHWM KiB) of the gunicorn workers, the children of the master."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent != master:
                continue
            status = (entry / "status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        fields = dict(row.split(":", 1) for row in status.splitlines() if ":" in row)
        found.append(
            (
                int(entry.name),
                int(fields["VmRSS"].split()[0]),
                int(fields.get("VmHWM", "0 kB").split()[0]),
            )
        )
    return sorted(found)


# --- The two parts ------------------------------------------------------------------------------


@contextmanager
def task_worker(site: Site) -> Iterator[subprocess.Popen[bytes]]:
    """`municipium worker` beside the server, as `make run` and a deployment have it: the
    search indexing of every change is done by its indexer on the same machine, during the
    run."""
    log = (site.var / "worker.log").open("ab")
    process = subprocess.Popen(
        [MUNICIPIUM, "worker", "--no-periodic"], env=site.env, stdout=log, stderr=log
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


WAITING = """
from municipium.search.models import IndexPending
print(json.dumps({"waiting": IndexPending.objects.count()}))
"""


def index_caught_up(site: Site, limit: float = 120.0) -> tuple[float, int]:
    """Seconds until the search outbox is empty (the indexer caught up), and what is left
    after `limit` seconds."""
    started = time.perf_counter()
    waiting = site.django(WAITING)["waiting"]
    while waiting and time.perf_counter() - started < limit:
        time.sleep(0.25)
        waiting = site.django(WAITING)["waiting"]
    return time.perf_counter() - started, int(waiting)


def write_part(site: Site, tokens: dict[str, str], args: argparse.Namespace) -> dict[str, float]:
    run = f"{random.randrange(36**4):04x}"
    total, clients = args.writes, args.clients
    print(f"\nWrite part: {total} requests per figure, {clients} concurrent keep-alive clients")
    port = free_port()
    with site.platform(port), task_worker(site) as worker:
        register = json_post(
            f"/api/v1/orgs/{ORG}/registry/documents", tokens["writer"], registration(run)
        )
        units = json_post(f"/api/v1/orgs/{ORG}/units", tokens["writer"], unit(run))
        hammer(port, "warm-up", register, clients * 5, clients)
        hammer(
            port,
            "warm-up",
            json_post(f"/api/v1/orgs/{ORG}/units", tokens["writer"], unit(run + "w")),
            clients * 5,
            clients,
        )
        documents = hammer(
            port, "registration (POST …/registry/documents)", register, total, clients
        )
        caught_up, left = index_caught_up(site)
        indexer_cpu = cpu_seconds(worker.pid)
        floor = hammer(port, "unit floor (POST …/units)", units, total, clients)
    raw_port = free_port()
    with site.raw_floor(raw_port):
        raw = json_post("/insert", None, lambda i: {"subject": f"row {i}"})
        hammer(raw_port, "warm-up", raw, clients * 5, clients)
        bare = hammer(raw_port, "raw floor (plain WSGI + one INSERT)", raw, total, clients)
    print(line(documents))
    print(line(floor))
    print(line(bare))
    versus_unit = documents.throughput / floor.throughput if floor.throughput else 0
    versus_raw = documents.throughput / bare.throughput if bare.throughput else 0
    verdict = "met" if versus_unit >= WRITE_TARGET else "NOT met"
    print(f"  registration / unit floor = {versus_unit:.0%}  (target >= 50 %: {verdict})")
    print(f"  registration / raw floor  = {versus_raw:.0%}")
    print(
        f"  search index: caught up {caught_up:.1f} s after the last registration (changes "
        f"left: {left}); the worker beside the server used {indexer_cpu:.1f} s of CPU"
    )
    return {"versus_unit": versus_unit, "versus_raw": versus_raw, "left": left}


def list_part(site: Site, tokens: dict[str, str], args: argparse.Namespace) -> bool:
    facts = site.django(FACTS)
    print(
        f"\nList part: {facts['count']:,} documents in {ORG}; "
        f"{args.list_requests} sequential requests per variant"
    )
    rng = random.Random(1)
    deep = [rng.randrange(facts["low"], facts["high"]) for _ in range(50)]
    middle = (facts["low"] + facts["high"]) // 2
    page = f"/{ORG}/office/registry/"
    api = f"/api/v1/orgs/{ORG}/registry/documents"
    year = facts["year"]
    variants: list[tuple[str, list[str], str]] = [
        ("page: first", [page], "session"),
        ("page: register + status", [page + "?register=general&status=in_progress"], "session"),
        ("page: year + kind", [page + f"?year={year}&kind=complaint"], "session"),
        ("page: deep cursor (random ids)", [page + f"?after={i}" for i in deep], "session"),
        ("api: first page", [api], "token"),
        ("api: limit=200", [api + "?limit=200"], "token"),
        ("api: register_code=general", [api + "?register_code=general"], "token"),
        ("api: status=registered", [api + "?status=registered"], "token"),
        ("api: status=annulled (rare)", [api + "?status=annulled"], "token"),
        ("api: kind=complaint", [api + "?kind=complaint"], "token"),
        ("api: year", [api + f"?year={year}"], "token"),
        ("api: overdue=true", [api + "?overdue=true"], "token"),
        ("api: deep cursor (middle)", [api + f"?cursor={middle}"], "token"),
        ("api: deep cursor (random ids)", [api + f"?cursor={i}" for i in deep], "token"),
    ]
    if facts["correspondent"]:
        variants.append(
            (
                "api: correspondent (busiest)",
                [api + f"?correspondent={facts['correspondent']}"],
                "token",
            )
        )
    if facts["number"]:
        quoted = quote(facts["number"], safe="")
        variants.append(("api: q=<a number> (search)", [api + f"?q={quoted}"], "token"))
        variants.append(("api: q=<a word> (search)", [api + "?q=" + quote("жалба")], "token"))
    cookie = {"Cookie": f"sessionid={tokens['session']}"}
    bearer = {"Authorization": f"Bearer {tokens['reader']}"}
    port = free_port()
    slow = []
    with site.platform(port) as server:
        for name, paths, auth in variants:
            headers = cookie if auth == "session" else bearer
            hammer(port, "warm-up", get(paths, headers), 3, 1)
            figures = hammer(port, name, get(paths, headers), args.list_requests, 1)
            mark = "" if figures.percentile(95) < LIST_TARGET_MS else "  > 150 ms"
            if mark or figures.failures:
                slow.append(name)
            print(line(figures, mark))
        print("  web workers after the list part (RSS now / peak):")
        for pid, rss, peak in worker_rss(server.pid):
            print(f"    pid {pid}: {rss / 1024:.0f} MiB / {peak / 1024:.0f} MiB")
    verdict = "met" if not slow else f"NOT met by: {', '.join(slow)}"
    print(f"  target p95 < {LIST_TARGET_MS:.0f} ms: {verdict}")
    return not slow


def check_numbering(site: Site) -> bool:
    started = time.perf_counter()
    gaps = site.django(GAPS)
    took = time.perf_counter() - started
    if gaps["problems"]:
        print(f"\nNumbering: GAPS OR MISMATCHES in {len(gaps['problems'])} register periods:")
        for problem in gaps["problems"][:20]:
            print(f"  {problem}")
        return False
    print(
        f"\nNumbering: {gaps['documents']:,} documents in {gaps['groups']} register periods, "
        f"each numbered 1..n without a gap and equal to its counter (checked in {took:.1f} s)"
    )
    return True


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="20,000 documents, 800 writes")
    parser.add_argument("--only", choices=["write", "list"], help="run one part only")
    parser.add_argument("--documents", type=int, help="size of the large registry (1,000,000)")
    parser.add_argument("--writes", type=int, help="requests per write figure (4000; quick 800)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent writers (8)")
    parser.add_argument("--list-requests", type=int, default=100, help="per list variant (100)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument(
        "--postgres", metavar="URL", help="an empty, throw-away PostgreSQL database"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    if len(sys.argv) > 1 and sys.argv[1] == "_raw-serve":
        raw = argparse.ArgumentParser()
        raw.add_argument("_raw")
        raw.add_argument("--bind")
        raw.add_argument("--workers", type=int)
        raw.add_argument("--threads", type=int)
        raw.add_argument("--database")
        raw_serve(raw.parse_args())
        return
    args = parser.parse_args()
    args.documents = args.documents or (20_000 if args.quick else 1_000_000)
    args.writes = args.writes or (800 if args.quick else 4000)

    var = Path(tempfile.mkdtemp(prefix="municipium-bench-"))
    site = Site(var=var, database_url=args.postgres, workers=args.workers, threads=args.threads)
    print(
        f"Municipium registry benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"{'PostgreSQL' if args.postgres else f'SQLite {sqlite3.sqlite_version}'}, "
        f"gunicorn {args.workers} workers × {args.threads} threads, var {var}"
    )
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    try:
        started = time.perf_counter()
        site.municipium("migrate", "--no-input", "-v", "0")
        site.municipium("demo", "--quiet")
        tokens = site.django(SETUP)
        print(f"setup (migrate, demo, tokens): {time.perf_counter() - started:.1f} s")
        if args.only != "write":
            started = time.perf_counter()
            output = site.municipium("demo", "--quiet", "--documents", str(args.documents))
            took = time.perf_counter() - started
            print(
                f"bulk demo: {args.documents:,} documents in {took:.1f} s "
                f"({args.documents / took:,.0f}/s, including Django start-up)"
            )
            for text in output.splitlines():
                if "added" in text:
                    print(f"  {text.strip()}")
            if not args.postgres:
                size = site.sqlite_path.stat().st_size
                print(f"  SQLite file: {size / 2**20:,.0f} MiB")
        if args.only != "list":
            ok = write_part(site, tokens, args)["left"] == 0 and ok
        if args.only != "write":
            ok = list_part(site, tokens, args) and ok
        ok = check_numbering(site) and ok
    finally:
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.keep:
            print(f"kept {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
