"""A real `municipium worker` killed (SIGKILL) in the middle of sending an edition, then a new
worker: every address received the edition exactly once. Real processes, a real SQLite file, a
real SMTP server that kills the worker right after it accepted the sixth message — the worst
moment: the message is out, the worker never marked it sent."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import _Collector, process_environ

MUNICIPIUM = str(Path(sys.executable).with_name("municipium"))
SUBSCRIBERS = 10
KILL_AT = 6

SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from municipium.tenants.services import organisation_create
from municipium.newsroom.services import newsletter as services

org = organisation_create(actor=None, slug="crash", name="Crash", kind="municipality",
                          country="BG", languages=["bg"])
for n in range({SUBSCRIBERS}):
    mail = services.subscription_request(organisation=org, email=f"r{{n:02}}@example.org",
                                         language="bg", consent_text="yes")
    services.subscription_confirm(organisation=org, token=mail.link.rstrip("/").rsplit("/", 1)[1])
now = timezone.now()
item = {{"source": "news", "title": "Новина", "lead": "", "url": "https://x.example/1",
         "published_at": now.isoformat()}}
services.edition_create(organisation=org, since=now - timedelta(days=7), until=now,
                        items={{"bg": [item]}})
"""

ENQUEUE = """
from municipium.newsroom.newsletter_tasks import send_newsletters
send_newsletters.enqueue()
"""


class KillingSMTP(_Collector):
    """Accepts messages; after the KILL_AT-th, kills the worker before answering."""

    def __init__(self) -> None:
        super().__init__()
        self.victim: subprocess.Popen[str] | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == KILL_AT and self.victim is not None:
            self.victim.send_signal(signal.SIGKILL)
            self.victim.wait()
        return answer


@pytest.fixture
def smtp() -> Iterator[tuple[KillingSMTP, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = KillingSMTP()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def eventually(check: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def statuses(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path, timeout=30) as db:
        rows = db.execute(
            "SELECT status, COUNT(*) FROM newsroom_delivery GROUP BY status"
        ).fetchall()
    return dict(rows)


def test_a_worker_killed_mid_edition_leaves_every_address_exactly_one_message(
    tmp_path: Path, smtp: tuple[KillingSMTP, int]
) -> None:
    server, port = smtp
    environ = process_environ(
        tmp_path,
        MUNICIPIUM_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        MUNICIPIUM_EMAIL_HOST="127.0.0.1",
        MUNICIPIUM_EMAIL_PORT=str(port),
        MUNICIPIUM_SITE_URL="https://mun.example.org",
    )
    db_path = tmp_path / "municipium.sqlite3"

    def run(*args: str) -> None:
        subprocess.run(
            [MUNICIPIUM, *args], env=environ, check=True, capture_output=True, timeout=300
        )

    def worker() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [MUNICIPIUM, "worker", "--no-periodic", "--interval", "0.2"],
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    run("migrate", "--no-input", "-v", "0")
    run("shell", "-c", SETUP)
    assert statuses(db_path) == {"pending": SUBSCRIBERS}

    first = worker()
    server.victim = first
    try:
        run("shell", "-c", ENQUEUE)
        assert eventually(lambda: first.poll() is not None), "the worker was not killed"
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL
    assert len(server.messages) == KILL_AT
    assert statuses(db_path) == {"sent": KILL_AT - 1, "pending": SUBSCRIBERS - KILL_AT + 1}

    # Later: the dead worker's claim has expired (15 minutes), a new worker runs the job.
    with sqlite3.connect(db_path, timeout=30) as db:
        db.execute(
            "UPDATE newsroom_delivery SET claimed_at = datetime(claimed_at, '-16 minutes') "
            "WHERE claimed_at IS NOT NULL"
        )
    second = worker()
    try:
        run("shell", "-c", ENQUEUE)
        assert eventually(lambda: "pending" not in statuses(db_path)), statuses(db_path)
    finally:
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=60)

    received = sorted(r for m in server.messages for r in m.recipients)
    assert received == [f"r{n:02}@example.org" for n in range(SUBSCRIBERS)]  # each exactly once
    # The message in flight when the worker died: out, but never marked; not sent again.
    assert statuses(db_path) == {"sent": SUBSCRIBERS - 1, "failed": 1}
    with sqlite3.connect(db_path, timeout=30) as db:
        [(error,)] = db.execute(
            "SELECT error FROM newsroom_delivery WHERE status = 'failed'"
        ).fetchall()
    assert "worker stopped" in error
