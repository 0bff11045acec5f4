"""Registry numbers under concurrent writers and after a crash (SIGKILL), on the test database
in use (SQLite or PostgreSQL): unique, gapless, nothing acknowledged lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from municipium.audit.services import audit_verify
from municipium.registry.models import Document

from .conftest import register_letter, run_together

WRITERS = 8
EACH = 200


def _assert_gapless(register_id: int) -> list[int]:
    seqs = list(
        Document.objects.filter(register_id=register_id)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, len(seqs) + 1)), "numbers have a gap or a duplicate"
    return seqs


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_writers_get_unique_gapless_numbers(world: Any, registry: Any) -> None:
    def writer() -> None:
        for _ in range(EACH):
            register_letter(world, registry)

    run_together(*[writer] * WRITERS)
    seqs = _assert_gapless(registry.general.pk)
    assert len(seqs) == WRITERS * EACH
    numbers = set(Document.objects.values_list("number", flat=True))
    assert len(numbers) == WRITERS * EACH
    assert audit_verify(chain="alpha")[1] == []


@pytest.mark.django_db(transaction=True)
def test_writers_naming_new_and_known_correspondents_never_deadlock(
    world: Any, registry: Any
) -> None:
    """Seen on PostgreSQL: a registration that created its correspondent journaled it (the
    journal's head locked) before it took the register's counter, while another held the
    counter and waited for the head: "deadlock detected", a 500. The head now comes last."""
    from municipium.registry.models import Correspondent

    def writer(number: int) -> Any:
        def write() -> None:
            for index in range(40):
                # Half the time a new person, half the time one the register knows.
                name = f"Лице {number}-{index}" if index % 2 else "Известно лице"
                register_letter(
                    world, registry, new_correspondent={"name": name, "address": "ул. 1"}
                )

        return write

    run_together(*[writer(number) for number in range(WRITERS)])
    _assert_gapless(registry.general.pk)
    assert Document.objects.count() == WRITERS * 40
    assert Correspondent.objects.filter(name="Известно лице").count() == 1
    assert audit_verify(chain="alpha")[1] == []


WRITER_SCRIPT = """
import sys, django
django.setup()
from municipium.registry.models import DocumentKind, Register
from municipium.registry.services import document_register
from municipium.tenants.models import Organisation
org = Organisation.objects.get(slug="alpha")
register = Register.objects.get(organisation=org, code="general")
kind = DocumentKind.objects.get(organisation=org, code="letter")
while True:
    doc = document_register(organisation=org, actor=None, register=register,
                            direction="incoming", kind=kind, subject="load",
                            channel="post").document
    print(doc.seq, flush=True)  # acknowledged: committed before this line is written
"""


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_writer_killed_mid_load_leaves_no_gap_and_loses_nothing_acknowledged(
    world: Any, registry: Any, tmp_path: Path
) -> None:
    if connection.vendor == "sqlite" and not str(connection.settings_dict["NAME"]).startswith("/"):
        pytest.skip("the SQLite test database is in memory; a second process cannot see it")
    environ = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "municipium.settings",
        "MUNICIPIUM_VAR_DIR": str(tmp_path),
    }
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
        text=True,
    )
    acknowledged = []
    assert writer.stdout is not None
    for line in writer.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 60:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL, writer.stderr.read() if writer.stderr else ""

    seqs = _assert_gapless(registry.general.pk)
    assert set(acknowledged) <= set(seqs), "an acknowledged registration was lost"
    # After the restart the next number follows the last committed one.
    assert register_letter(world, registry).document.seq == len(seqs) + 1
    assert audit_verify(chain="alpha")[1] == []
