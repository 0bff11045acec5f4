"""E-services benchmark: online submissions of a 15-field form by 20 concurrent citizens,
beside the registry's plain registration endpoint in the same run, on the same server.
Prints figures; never run by the test suite.

    .venv/bin/python bench/eservices.py                   # 2,000 requests per figure
    .venv/bin/python bench/eservices.py --requests 500    # shorter
    .venv/bin/python bench/eservices.py --postgres postgresql://postgres@127.0.0.1/bench

A fresh installation in a temporary MUNICIPIUM_VAR_DIR (SQLite there unless --postgres names an
empty, throw-away database): migrate, the demo, a published 15-field service of "primerovo"
(text, long text, number, date, single and multiple choice, e-mail, phone, EGN, address,
consent, a conditional field), 20 citizens with API tokens and a registrar with one, then
`municipium serve` (gunicorn, production settings) on a free local port with `municipium
worker` beside it, as deployed: the search indexing of every change is done by the worker's
indexer, so it runs on the same machine during the run; after the last request the bench
waits for the index to catch up and prints how long that took and the worker's CPU time.
E-mail goes to Django's in-memory backend (the messages are still rendered and "sent" after
each commit).

  submission    POST /api/v1/orgs/primerovo/services/bench-15/applications: the form checked
                field by field, the document registered (number, deadline, correspondent),
                its case opened, the application row, their journal entries, the e-mail
                (their search indexing by the worker, see above).
  registration  POST /api/v1/orgs/primerovo/registry/documents: the registry's plain
                registration with a new correspondent (the reference figure).

Target: submission throughput >= 50 % of registration's. (It was 70 % while a registration
indexed itself in the request; since ADR 0015 neither indexes in the request, and under the
lock a submission writes four rows and four journal entries — correspondent, case, document,
application — and counts the rate limit, where this registration writes one document with
an existing correspondent: about twice the work.) Afterwards every application is
checked to have its document and case, and the register's numbers to run without a gap.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import registry as base  # bench/registry.py: the site and the load generator

ORG = "primerovo"
SERVICE = "bench-15"
CITIZENS = 20
TARGET = 0.5

SETUP = """
from municipium.accounts.models import User
from municipium.accounts.services import api_token_create
from municipium.eservices import services
from municipium.eservices.models import Service
from municipium.registry.models import FilePlanItem, Register
from municipium.tenants import services as tenant_services
from municipium.tenants.models import Membership, Organisation
from municipium.workdays.models import DeadlineRule

org = Organisation.objects.get(slug="primerovo")
admin = Membership.objects.get(organisation=org, user__email="admin.primerovo@example.org").user
# Demo accounts cannot use API tokens with DEBUG off: a real registrar, as bench/registry.py.
found = Membership.objects.filter(organisation=org, user__email="bench-registrar@example.org")
if not found.exists():
    tenant_services.membership_add(
        organisation=org, actor=admin, email="bench-registrar@example.org",
        full_name="Bench Registrar", roles=["registrar"],
    )
registrar = Membership.objects.get(
    organisation=org, user__email="bench-registrar@example.org"
).user

def t(bg, en):
    return {"bg": bg, "en": en}

fields = [
    {"key": "first_name", "type": "text", "required": True, "label": t("Име", "First name")},
    {"key": "last_name", "type": "text", "required": True, "label": t("Фамилия", "Last name")},
    {"key": "egn", "type": "identifier", "identifier_type": "egn", "required": True,
     "label": t("ЕГН", "EGN")},
    {"key": "birth_date", "type": "date", "required": True, "label": t("Дата", "Birth date")},
    {"key": "email2", "type": "email", "required": True, "label": t("Имейл", "E-mail")},
    {"key": "phone", "type": "phone", "required": True, "label": t("Телефон", "Phone")},
    {"key": "address", "type": "address", "required": True, "label": t("Адрес", "Address")},
    {"key": "copies", "type": "number", "required": True, "label": t("Брой", "Copies")},
    {"key": "purpose", "type": "text", "required": True, "label": t("Цел", "Purpose")},
    {"key": "notes", "type": "textarea", "required": False, "label": t("Бележки", "Notes")},
    {"key": "kind", "type": "choice", "required": True, "label": t("Вид", "Kind"),
     "choices": [{"value": "a", "label": t("А", "A")}, {"value": "b", "label": t("Б", "B")}]},
    {"key": "topics", "type": "multichoice", "required": True, "label": t("Теми", "Topics"),
     "choices": [{"value": "x", "label": t("Х", "X")}, {"value": "y", "label": t("У", "Y")},
                 {"value": "z", "label": t("З", "Z")}]},
    {"key": "delivery", "type": "choice", "required": True, "label": t("Доставка", "Delivery"),
     "choices": [{"value": "office", "label": t("Офис", "Office")},
                 {"value": "post", "label": t("Поща", "Post")}]},
    {"key": "postal", "type": "address", "required": True, "label": t("За писма", "Postal"),
     "show_if": {"field": "delivery", "value": "post"}},
    {"key": "consent", "type": "consent", "required": True, "label": t("Съгласие", "Consent")},
]
service = Service.objects.filter(organisation=org, slug="bench-15").first()
if service is None:
    service = services.service_create(
        organisation=org, actor=admin, slug="bench-15", title=t("Бенчмарк", "Benchmark"),
        legal_basis="АПК чл. 57",
        deadline_rule=DeadlineRule.objects.get(organisation=None, code="bg-apk-57-individual-act"),
        register=Register.objects.get(organisation=org, code="general"),
        file_class=FilePlanItem.objects.get(organisation=org, code="02-01"),
        unit=org.units.order_by("code").first(),
    )
    for spec in fields:
        services.form_field_add(service=service, actor=admin, spec=spec)
    services.form_publish(service=service, actor=admin)
    services.service_update(service=service, actor=admin, is_published=True)
citizens = []
for i in range(int(sys.argv[1])):
    email = f"bench-citizen-{i}@example.org"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, full_name=f"Гражданин {i}"
    )
    citizens.append(api_token_create(user=user, name="bench").raw)
print(json.dumps({
    "citizens": citizens,
    "registrar": api_token_create(user=registrar, name="bench").raw,
}))
"""

CHECK = """
from django.db.models import Count, Max, Min
from municipium.eservices.models import Application
from municipium.registry.models import Document
apps = Application.objects.filter(service__slug="bench-15")
broken = apps.filter(document__isnull=True).count() + apps.filter(case__isnull=True).count()
docs = Document.objects.filter(organisation__slug="primerovo", register__code="general")
agg = docs.values("period").annotate(n=Count("id"), low=Min("seq"), high=Max("seq"))
gaps = [a for a in agg if not (a["low"] == 1 and a["high"] == a["n"])]
print(json.dumps({"applications": apps.count(), "broken": broken, "gaps": gaps}))
"""


def application(run: str) -> Any:
    def make(index: int) -> dict[str, Any]:
        rng = random.Random(f"{run}-{index}")
        post = index % 3 == 0
        answers: dict[str, Any] = {
            "first_name": "Иван",
            "last_name": f"Петров {run} {index}",
            "egn": base.valid_egn(rng),
            "birth_date": "1980-02-03",
            "email2": f"person{index}@example.net",
            "phone": "+359 2 123 4567",
            "address": f"ул. „Шипка“ {index}, Примерово",
            "copies": rng.randint(1, 5),
            "purpose": "пред работодател",
            "notes": "Моля, издайте удостоверението. " * 5,
            "kind": "a",
            "topics": ["x", "z"],
            "delivery": "post" if post else "office",
            "consent": True,
        }
        if post:
            answers["postal"] = "п.к. 1000, София"
        return {"name": f"Иван Петров {run} {index}", "answers": answers}

    return make


def submission_requests(tokens: list[str], run: str) -> base.Request:
    make = application(run)
    path = f"/api/v1/orgs/{ORG}/services/{SERVICE}/applications"

    def request(index: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {tokens[index % len(tokens)]}",
        }
        return "POST", path, json.dumps(make(index)).encode(), headers

    return request


def serve_without_search(args: argparse.Namespace) -> None:
    """gunicorn with the settings of `municipium serve`, serving the platform with the search
    app's journal listener removed: both figures then show their cost without the search
    outbox rows being written (a diagnosis, not the product)."""
    from gunicorn.app.base import BaseApplication

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
            import importlib

            application = importlib.import_module("municipium.wsgi").application  # Django first
            listeners = importlib.import_module("municipium.audit.services").JOURNAL_LISTENERS
            listeners[:] = [
                listener
                for listener in listeners
                if not listener.__module__.startswith("municipium.search")
            ]
            return application

    Server().run()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_serve-nosearch":
        raw = argparse.ArgumentParser()
        raw.add_argument("_serve")
        raw.add_argument("--bind")
        raw.add_argument("--workers", type=int)
        raw.add_argument("--threads", type=int)
        serve_without_search(raw.parse_args())
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="per figure (2000)")
    parser.add_argument("--clients", type=int, default=CITIZENS, help="concurrent clients (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--postgres", metavar="URL", help="an empty, throw-away database")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--without-search",
        action="store_true",
        help="diagnosis: serve without the search app's journal listener (both figures)",
    )
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="municipium-bench-eservices-"))
    site = base.Site(
        var=var, database_url=args.postgres, workers=args.workers, threads=args.threads
    )
    site.env.update(
        {
            "MUNICIPIUM_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # Every simulated citizen comes from 127.0.0.1: the per-address limit would stop
            # the run; the limit's own cost (count, insert) is still paid on each request.
            "MUNICIPIUM_APPLY_RATE_PER_HOUR": "1000000",
        }
    )
    print(
        f"Municipium e-services benchmark — {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}, "
        f"{'PostgreSQL' if args.postgres else f'SQLite {sqlite3.sqlite_version}'}, "
        f"gunicorn {args.workers} workers × {args.threads} threads, "
        f"{args.clients} concurrent clients, {args.requests} requests per figure"
    )
    ok = True
    try:
        started = time.perf_counter()
        site.municipium("migrate", "--no-input", "-v", "0")
        site.municipium("demo", "--quiet")
        tokens = site.django(SETUP, str(CITIZENS))
        print(f"setup (migrate, demo, service, tokens): {time.perf_counter() - started:.1f} s")
        run = f"{random.randrange(36**4):04x}"
        port = base.free_port()
        server = (
            site.serve(
                [
                    sys.executable,
                    __file__,
                    "_serve-nosearch",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                ],
                port,
                f"serve-nosearch-{port}.log",
            )
            if args.without_search
            else site.platform(port)
        )
        if args.without_search:
            print("  (diagnosis: the search app's journal listener is off in the server)")
        with server, base.task_worker(site) as worker:
            submit = submission_requests(tokens["citizens"], run)
            register = base.json_post(
                f"/api/v1/orgs/{ORG}/registry/documents",
                tokens["registrar"],
                base.registration(run),
            )
            base.hammer(port, "warm-up", submit, args.clients * 3, args.clients)
            base.hammer(port, "warm-up", register, args.clients * 3, args.clients)
            # Interleaved halves, so a slow drift of the machine affects both figures alike.
            half = args.requests // 2
            parts: dict[str, list[base.Figures]] = {"submission": [], "registration": []}
            for round_ in range(2):
                parts["registration"].append(
                    base.hammer(port, "registration", register, half, args.clients)
                )
                parts["submission"].append(
                    base.hammer(
                        port,
                        "submission",
                        submission_requests(tokens["citizens"], f"{run}{round_}"),
                        half,
                        args.clients,
                    )
                )
            # The worker's indexer catches up with the changes of the run.
            caught_up, left = base.index_caught_up(site)
            worker_cpu = base.cpu_seconds(worker.pid)
        figures = {
            name: base.Figures(
                name=label,
                latencies=[x for f in runs for x in f.latencies],
                seconds=sum(f.seconds for f in runs),
                failures=sum(f.failures for f in runs),
                statuses={
                    k: sum(f.statuses.get(k, 0) for f in runs)
                    for k in {k for f in runs for k in f.statuses}
                },
            )
            for name, label, runs in (
                (
                    "submission",
                    "submission (POST …/services/bench-15/applications)",
                    parts["submission"],
                ),
                ("registration", "registration (POST …/registry/documents)", parts["registration"]),
            )
        }
        print(base.line(figures["submission"]))
        print(base.line(figures["registration"]))
        ratio = (
            figures["submission"].throughput / figures["registration"].throughput
            if figures["registration"].throughput
            else 0.0
        )
        verdict = "met" if ratio >= TARGET else "NOT met"
        print(f"  submission / registration = {ratio:.0%}  (target >= {TARGET:.0%}: {verdict})")
        ok = ratio >= TARGET and not figures["submission"].failures
        print(
            f"  search index: caught up {caught_up:.1f} s after the last request (changes "
            f"left: {left}); the worker used {worker_cpu:.1f} s of CPU in all"
        )
        ok = ok and not left
        check = site.django(CHECK)
        print(
            f"  check: {check['applications']} applications, {check['broken']} without document "
            f"or case, {len(check['gaps'])} register periods with gaps"
        )
        ok = ok and not check["broken"] and not check["gaps"]
    finally:
        if args.keep:
            print(f"kept {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
