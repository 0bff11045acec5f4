"""Consultations benchmark: one consultation with 10,000 comments over 50 articles. Prints
figures; never run by the test suite.

    PYTHONPATH=src .venv/bin/python bench/consultations.py
    PYTHONPATH=src .venv/bin/python bench/consultations.py --comments 2000 --requests 50

A fresh SQLite installation in a temporary MUNICIPIUM_VAR_DIR (migrated here), the test
suite's two organisations and personas (tests/conftest.py `world`), a Bulgarian draft of 50
articles published under ЗНА чл. 26, then the comments written in bulk (a quarter of them with
one reply, every top-level comment answered). Measured in process through Django's test
client (the full middleware, no network), as a visitor who is not signed in, the page cache
off so every request renders:
  draft page          /alpha/consultations/<id>/ (the draft by article with comment counts)
  article, page 1     /alpha/consultations/<id>/articles/<anchor>/
  article, deep page  the same after a cursor near the end (the cost must not grow)
  API comments        /api/v1/orgs/alpha/consultations/<id>/comments?article=<anchor>
For each: p50 and p95 in ms and the number of SQL queries. Then the report: built, frozen
(published) and written as PDF, CSV and JSON, each timed.
Targets (issue 14): pages p95 < 100 ms, the report in all three formats < 10 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--requests", type=int, default=100, help="per figure")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="bench-consultations-")
    os.environ["MUNICIPIUM_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("MUNICIPIUM_SECRET_KEY", os.urandom(24).hex())  # production settings
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipium.settings")
    try:
        run(args)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {  # no collectstatic here: static addresses without the manifest
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)

    from tests import conftest
    from tests.consultations_support import add_documents, details, end_period

    from municipium.consultations.models import Answer, Article, Comment, Outcome
    from municipium.consultations.services import consultations as services
    from municipium.consultations.services import report as reports

    fixture = conftest.world
    world = getattr(fixture, "_get_wrapped_function", lambda: fixture.__pytest_wrapped__.obj)()(
        None
    )
    lines = ["Наредба за обществения ред (проект)"]
    for number in range(1, args.articles + 1):
        lines.append(f"Чл. {number}. Текст на член {number} от наредбата, който урежда реда.")
        lines.append(f"(1) Първа алинея на член {number}.")
        lines.append(f"(2) Втора алинея на член {number} с още думи за сравнение.")
    consultation = services.consultation_create(
        organisation=world.org_a,
        actor=world.official_a,
        details=details(world.org_a, world.official_a, days=30),
        draft_text="\n".join(lines),
    )
    add_documents(consultation, world.official_a)
    consultation = services.consultation_publish(consultation=consultation, actor=world.official_a)
    anchors = list(
        Article.objects.filter(version__consultation=consultation)
        .order_by("position")
        .values_list("anchor", "label")
    )
    now = timezone.now()
    top = [
        Comment(
            consultation=consultation,
            article_anchor=anchors[n % len(anchors)][0],
            target_label=anchors[n % len(anchors)][1],
            author=world.citizen,
            author_name="Гражданин",
            body=f"Предложение {n}: да се промени текстът на члена с повече яснота.",
            created_at=now,
        )
        for n in range(args.comments * 4 // 5)
    ]
    Comment.objects.bulk_create(top, batch_size=2000)
    top = list(Comment.objects.filter(consultation=consultation).order_by("id"))
    replies = [
        Comment(
            consultation=consultation,
            parent=parent,
            article_anchor=parent.article_anchor,
            target_label=parent.target_label,
            author=world.citizen,
            author_name="Гражданин",
            body="Подкрепям.",
            created_at=now,
        )
        for parent in top[: args.comments - len(top)]
    ]
    Comment.objects.bulk_create(replies, batch_size=2000)
    outcomes = [Outcome.ACCEPTED, Outcome.REJECTED, Outcome.OUTSIDE]
    Answer.objects.bulk_create(
        [
            Answer(
                comment=c,
                outcome=outcomes[c.pk % 3],
                reason="" if c.pk % 3 != 1 else "Противоречи на закона.",
                answered_by=world.official_a,
            )
            for c in top
        ],
        batch_size=2000,
    )
    print(
        f"set up: {Comment.objects.count()} comments ({len(top)} top-level, {len(replies)} "
        f"replies) over {len(anchors)} articles in {time.perf_counter() - started:.1f} s"
    )

    busiest = anchors[0][0]
    on_busiest = list(
        Comment.objects.filter(
            consultation=consultation, article_anchor=busiest, parent__isnull=True
        ).values_list("id", flat=True)
    )
    deep_cursor = on_busiest[max(0, len(on_busiest) - 25)]
    base = f"/alpha/consultations/{consultation.pk}"
    figures = [
        ("draft page", f"{base}/"),
        ("article, page 1", f"{base}/articles/{busiest}/"),
        ("article, deep page", f"{base}/articles/{busiest}/?after={deep_cursor}"),
        (
            "API comments",
            f"/api/v1/orgs/alpha/consultations/{consultation.pk}/comments?article={busiest}",
        ),
    ]
    client = Client(HTTP_ACCEPT_LANGUAGE="bg", secure=True)
    print(f"{'figure':<20} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    worst = 0.0
    for name, path in figures:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        # Counted now: `captured` reads the connection's query log when asked, and every later
        # request empties that log (reset_queries on request_started), so counting after the
        # timed requests below printed 0 whatever the view did.
        queries = len(captured)
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        worst = max(worst, p95)
        print(f"{name:<20} {statistics.median(times):8.1f} {p95:8.1f} {queries:8d}")

    consultation = end_period(consultation)
    consultation = services.consultation_close(consultation=consultation, actor=world.official_a)
    t0 = time.perf_counter()
    consultation = reports.report_publish(consultation=consultation, actor=world.official_a)
    built = time.perf_counter() - t0
    report = consultation.report
    timings = {"build and publish": built}
    for name, make in (
        ("PDF", lambda: reports.report_pdf(report, "bg")),
        ("CSV", lambda: reports.report_csv(report)),
        ("JSON", lambda: reports.report_json(report)),
    ):
        t0 = time.perf_counter()
        size = len(make())
        timings[name] = time.perf_counter() - t0
        print(f"report {name:<5} {timings[name]:7.2f} s  {size / 1024:9.0f} KiB")
    total = sum(timings.values())
    print(f"report built and published in {built:.2f} s; with all three formats {total:.2f} s")
    ok = worst < 100 and total < 10
    print(f"targets (p95 < 100 ms, report < 10 s): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
