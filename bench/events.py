"""Events benchmark: exact capacity under concurrent registrations through the HTTP API, and
the calendar's month page and iCalendar files at 10,000 events. Prints figures; never run by the
test suite.

    .venv/bin/python bench/events.py                      # SQLite in a temporary var dir
    .venv/bin/python bench/events.py --postgres postgresql://postgres@127.0.0.1/bench_events
    .venv/bin/python bench/events.py --only capacity      # or: --only calendar

A fresh installation in a temporary MUNICIPIUM_VAR_DIR (SQLite there unless --postgres names an
empty, throw-away database): migrate, the demo, an API token of a communications officer of
the demo municipality (not a demo account: those are refused without DEBUG), then
`municipium serve` (gunicorn, gthread) on a free local port with production settings
(MUNICIPIUM_DEBUG off; e-mails to Django's in-memory backend, so the confirmation e-mails with
their .ics are built but not sent).

Capacity part — an event of "primerovo" with 100 places (--places):
  register   500 POST /api/v1/orgs/primerovo/events/{id}/registrations (--registrations) by
             staff (name, e-mail) from 20 concurrent keep-alive clients (--clients). Checked:
             every answer 201; exactly 100 confirmed and 400 waitlisted, in the answers and in
             the database; the waiting list numbered 1..400 without a gap or a duplicate, in
             arrival order (the order the event's lock was taken: every waiting registration
             came after every confirmed one, and queue order is time order); one row per
             e-mail; the positions answered are 1..400, each once.
  cancel     50 DELETE .../registrations/{cancel_token} (--cancellations) of confirmed
             participants from the same 20 clients. Checked: still exactly 100 confirmed; the
             promoted are exactly the first 50 of the waiting list; the rest wait as 1..350 in
             their order.
Calendar part — 10,000 published events (--events) spread over ten years across the demo
organisations (bulk-inserted), then ~100 sequential anonymous requests per figure:
  /calendar/?month=… (the month grid and its list), /calendar.ics (the newest 2,000 events),
  /primerovo/events/calendar.ics, each once with a distinct query per request (a cache miss
  every time: the page built) and once repeated (the public page cache). Target p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import registry as base  # bench/registry.py: the site, the figures, the report line

ORG = "primerovo"
TARGET_MS = 150.0

SETUP = """
from datetime import timedelta
from django.utils import timezone
from municipium.accounts.services import api_token_create
from municipium.events.services import events as services
from municipium.tenants import services as tenant_services
from municipium.tenants.models import Membership, Organisation

org = Organisation.objects.get(slug="primerovo")
admin = Membership.objects.get(organisation=org, user__email="admin.primerovo@example.org").user
# Demo accounts are refused when MUNICIPIUM_DEBUG is off: a real communications officer.
staff = tenant_services.membership_add(
    organisation=org, actor=admin, email="bench-events@example.org",
    full_name="Bench Communications", roles=["communications"],
)[0].user
start = timezone.now().replace(microsecond=0) + timedelta(days=60)
event = services.event_create(
    organisation=org,
    actor=staff,
    data=services.EventData(
        kind="seminar",
        texts={"bg": services.EventText(title="Бенчмарк семинар", summary="", description="")},
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        venue="Зала 1",
        address="пл. Централен 1",
        town="Примерово",
        languages=["bg"],
        registration_enabled=True,
        capacity=int(sys.argv[1]),
    ),
)
event = services.event_publish(event=event, actor=staff)
print(json.dumps({"event": event.pk, "token": api_token_create(user=staff, name="bench").raw}))
"""

FACTS = """
from municipium.events.models import Registration
rows = list(
    Registration.objects.filter(event_id=int(sys.argv[1]))
    .values("email", "status", "queue", "confirmed_at", "secret")
    .order_by("confirmed_at", "id")
)
print(json.dumps([
    {**r, "confirmed_at": r["confirmed_at"].isoformat() if r["confirmed_at"] else None}
    for r in rows
]))
"""

MANY = """
import random
from datetime import datetime, timedelta, timezone as tz
from django.db import transaction
from municipium.events.models import Event, EventTranslation
from municipium.tenants.models import Organisation, Membership

count = int(sys.argv[1])
rng = random.Random(12)
orgs = list(Organisation.objects.filter(slug__in=[
    "primerovo", "przykladowo", "skom", "siec-pogranicza"]))
author = Membership.objects.filter(organisation=orgs[0]).first().user
kinds = ["seminar", "forum", "conference", "workshop", "training", "general_assembly", "meeting"]
towns = ["София", "Пловдив", "Варна", "Kraków", "Gorlice", "Zawiercie", "Примерово"]
start = datetime(2019, 1, 1, 7, tzinfo=tz.utc)
span = 10 * 365 * 24
batch = []
with transaction.atomic():
    for i in range(count):
        org = orgs[i % len(orgs)]
        at = start + timedelta(hours=rng.randrange(span))
        batch.append(Event(
            organisation=org, slug=f"bench-{i}", kind=kinds[i % len(kinds)], state="published",
            starts_at=at, ends_at=at + timedelta(hours=rng.choice([2, 4, 8, 32])),
            time_zone="Europe/Sofia" if org.country == "BG" else "Europe/Warsaw",
            languages=[org.main_language], venue=f"Зала {i % 9}", town=rng.choice(towns),
            created_by=author, published_at=at - timedelta(days=30),
        ))
    Event.objects.bulk_create(batch, batch_size=1000)
    ids = dict(Event.objects.filter(slug__startswith="bench-").values_list("slug", "id"))
    EventTranslation.objects.bulk_create(
        [
            EventTranslation(
                event_id=ids[f"bench-{i}"], language=orgs[i % len(orgs)].main_language,
                title=f"Събитие {i}: работна среща по е-управление",
                summary="Кратко описание на събитието за календара.",
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
print(json.dumps({"events": Event.objects.count()}))
"""


def request(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def concurrently(
    port: int, jobs: list[Any], clients: int, run: Any
) -> tuple[list[Any], list[float], float]:
    """Run `run(connection, job)` for every job from `clients` threads, each with its own
    keep-alive connection; the answers in job order and the latencies."""
    answers: list[Any] = [None] * len(jobs)
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(len(jobs)))
    gate = threading.Barrier(clients)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        gate.wait()
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            started = time.perf_counter()
            try:
                answer = run(connection, jobs[index])
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                answer = (0, str(error).encode())
            elapsed = time.perf_counter() - started
            with lock:
                answers[index] = answer
                latencies.append(elapsed)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, latencies, time.perf_counter() - started


def check(ok: bool, text: str) -> bool:
    print(f"  {'ok  ' if ok else 'FAIL'} {text}")
    return ok


def capacity(site: base.Site, port: int, args: argparse.Namespace) -> bool:
    setup = site.django(SETUP, str(args.places))
    event, token = setup["event"], setup["token"]
    path = f"/api/v1/orgs/{ORG}/events/{event}/registrations"
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    people = [
        {"name": f"Участник {i}", "email": f"participant-{i}@example.org"}
        for i in range(args.registrations)
    ]

    def register(connection: http.client.HTTPConnection, person: dict[str, str]) -> Any:
        return request(connection, "POST", path, json.dumps(person).encode(), headers)

    answers, latencies, seconds = concurrently(port, people, args.clients, register)
    figures = base.Figures("register (staff, API)", latencies, seconds, 0, {})
    print(base.line(figures))
    ok = True
    bodies = [json.loads(body) if status == 201 else None for status, body in answers]
    failed = [a for a, b in zip(answers, bodies, strict=True) if b is None]
    ok &= check(not failed, f"every answer 201 ({len(failed)} not: {failed[:3]})")
    waiting_places = args.registrations - args.places
    said = [b for b in bodies if b]
    confirmed = [b for b in said if b["status"] == "confirmed"]
    waiting = [b for b in said if b["status"] == "waitlisted"]
    ok &= check(
        len(confirmed) == args.places and len(waiting) == waiting_places,
        f"answers: {len(confirmed)} confirmed, {len(waiting)} waitlisted",
    )
    ok &= check(
        sorted(b["position"] for b in waiting) == list(range(1, waiting_places + 1)),
        "positions answered 1..n, each once",
    )
    rows = site.django(FACTS, str(event))
    by_status: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_status.setdefault(row["status"], []).append(row)
    db_confirmed = by_status.get("confirmed", [])
    db_waiting = by_status.get("waitlisted", [])
    ok &= check(
        len(rows) == args.registrations and len({r["email"] for r in rows}) == args.registrations,
        f"database: {len(rows)} registrations, one per e-mail",
    )
    ok &= check(
        len(db_confirmed) == args.places and len(db_waiting) == waiting_places,
        f"database: {len(db_confirmed)} confirmed, {len(db_waiting)} waitlisted",
    )
    # rows are in arrival order (time the place was decided, under the event's lock)
    ok &= check(
        [r["queue"] for r in db_waiting] == list(range(1, waiting_places + 1)),
        "waiting list 1..n in arrival order, no gap, no duplicate",
    )
    last_confirmed = max((r["confirmed_at"] for r in db_confirmed), default="")
    ok &= check(
        all(r["confirmed_at"] >= last_confirmed for r in db_waiting),
        "every waiting registration arrived after every confirmed one",
    )

    # Cancellations of confirmed participants: the next ones on the list are promoted.
    secrets = [r["secret"] for r in db_confirmed[: args.cancellations]]

    def cancel(connection: http.client.HTTPConnection, secret: str) -> Any:
        return request(connection, "DELETE", f"{path}/{secret}", None, headers)

    answers, latencies, seconds = concurrently(port, secrets, args.clients, cancel)
    print(base.line(base.Figures("cancel (by token, API)", latencies, seconds, 0, {})))
    ok &= check(all(status == 204 for status, _body in answers), "every cancellation 204")
    after = {r["email"]: r for r in site.django(FACTS, str(event))}
    next_ones = {r["email"] for r in db_waiting[: args.cancellations]}
    now_confirmed = {e for e, r in after.items() if r["status"] == "confirmed"}
    ok &= check(len(now_confirmed) == args.places, f"{len(now_confirmed)} confirmed after")
    ok &= check(
        next_ones <= now_confirmed
        and all(
            after[r["email"]]["status"] == "waitlisted" for r in db_waiting[args.cancellations :]
        ),
        f"exactly the next {args.cancellations} of the waiting list promoted",
    )
    still = sorted(
        (r for r in after.values() if r["status"] == "waitlisted"), key=lambda r: r["queue"]
    )
    ok &= check(
        [r["email"] for r in still] == [r["email"] for r in db_waiting[args.cancellations :]],
        f"the other {len(still)} still wait in their order",
    )
    return ok


def timed(port: int, name: str, paths: list[str]) -> base.Figures:
    latencies: list[float] = []
    failures = 0
    statuses: dict[int, int] = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    for path in paths:
        begun = time.perf_counter()
        status, _body = request(connection, "GET", path, None, {"Accept-Language": "bg"})
        statuses[status] = statuses.get(status, 0) + 1
        if status == 200:
            latencies.append(time.perf_counter() - begun)
        else:
            failures += 1
    connection.close()
    return base.Figures(name, latencies, time.perf_counter() - started, failures, statuses)


def calendar(site: base.Site, port: int, args: argparse.Namespace) -> bool:
    started = time.perf_counter()
    made = site.django(MANY, str(args.events))
    print(f"  {made['events']} events in the database ({time.perf_counter() - started:.1f} s)")
    months = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(120)]
    n = args.requests
    figures = [
        timed(
            port,
            "month page, built",
            [f"/calendar/?month={months[i % 120]}&b={i}" for i in range(n)],
        ),
        timed(port, "month page, cached", ["/calendar/?month=2024-05"] * n),
        timed(port, "list view, built", [f"/calendar/?view=list&b={i}" for i in range(n)]),
        timed(
            port,
            "calendar.ics (2,000 newest), built",
            [f"/calendar.ics?b={i}" for i in range(n // 4)],
        ),
        timed(port, "calendar.ics, cached", ["/calendar.ics"] * n),
        timed(
            port,
            "calendar.ics?org=skom&kind=seminar, built",
            [f"/calendar.ics?org=skom&kind=seminar&b={i}" for i in range(n)],
        ),
        timed(
            port,
            "org calendar.ics, built",
            [f"/{ORG}/events/calendar.ics?b={i}" for i in range(n // 4)],
        ),
        timed(port, "org calendar.ics, cached", [f"/{ORG}/events/calendar.ics"] * n),
    ]
    ok = True
    for figure in figures:
        p95 = figure.percentile(95)
        passed = p95 < TARGET_MS and not figure.failures
        ok &= passed
        print(base.line(figure, f"  {'ok' if passed else f'ABOVE {TARGET_MS:g} ms'}"))
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", metavar="URL", help="an empty, throw-away database")
    parser.add_argument("--only", choices=["capacity", "calendar"])
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--cancellations", type=int, default=50)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100, help="per calendar figure")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="municipium-bench-events-"))
    site = base.Site(
        var=var, database_url=args.postgres, workers=args.workers, threads=args.threads
    )
    site.env["MUNICIPIUM_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    database = "PostgreSQL" if args.postgres else f"SQLite {sqlite3.sqlite_version}"
    print(
        f"Municipium events benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"{database}, gunicorn {args.workers} workers × {args.threads} threads"
    )
    ok = True
    try:
        started = time.perf_counter()
        site.municipium("migrate", "--no-input", "-v", "0")
        site.municipium("demo", "--quiet")
        print(f"setup (migrate, demo): {time.perf_counter() - started:.1f} s")
        port = base.free_port()
        with site.platform(port):
            if args.only in (None, "capacity"):
                print(
                    f"capacity: {args.registrations} registrations for {args.places} places "
                    f"from {args.clients} clients, then {args.cancellations} cancellations"
                )
                ok &= capacity(site, port, args)
            if args.only in (None, "calendar"):
                print(f"calendar at {args.events:,} events ({args.requests} requests a figure)")
                ok &= calendar(site, port, args)
    finally:
        if args.keep:
            print(f"kept {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)
    print("all invariants hold" if ok else "SOME CHECKS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
