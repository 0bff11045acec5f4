"""`municipium worker` outlasts its database: a lock held past busy_timeout is waited out, the
worker goes on taking tasks and indexing once the holder is gone; `--supervise` (what
`make run` starts) starts a worker again when one dies. Real processes on a real SQLite file."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import process_environ

MUNICIPIUM = str(Path(sys.executable).with_name("municipium"))

HOLD_THE_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE search_indexstate SET generation = generation")
print("locked", flush=True)
time.sleep(600)
"""

ENQUEUE = """
from municipium.periodic import prune_task_results
prune_task_results.enqueue()
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var = tmp_path_factory.mktemp("worker")
    subprocess.run(
        [MUNICIPIUM, "migrate", "--no-input", "-v", "0"],
        env=process_environ(var),
        check=True,
        capture_output=True,
        timeout=180,
    )
    return var


def database(site: Path) -> sqlite3.Connection:
    return sqlite3.connect(site / "municipium.sqlite3", timeout=30)


def add_change(site: Path, object_id: int) -> None:
    """A change of a document that no longer exists: the indexer removes the row."""
    with database(site) as db:
        db.execute(
            "INSERT INTO search_indexpending (type, object_id, created_at) "
            "VALUES ('document', ?, '2026-01-01 00:00:00')",
            (object_id,),
        )


def waiting_changes(site: Path) -> int:
    with database(site) as db:
        return int(db.execute("SELECT COUNT(*) FROM search_indexpending").fetchone()[0])


def eventually(check: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker(site: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(*extra: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [
                MUNICIPIUM,
                "worker",
                "--no-periodic",
                "--interval",
                "0.2",
                "--index-every",
                "0.2",
                *extra,
            ],
            env=process_environ(site, MUNICIPIUM_SQLITE_BUSY_TIMEOUT="1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)


def test_the_worker_waits_out_a_lock_held_too_long_and_goes_on(
    site: Path, worker: Callable[..., subprocess.Popen[str]]
) -> None:
    """Seen before: `database is locked` raised inside the task backend ended the worker, its
    indexer thread with it, and applications filed online were never indexed."""
    process = worker()
    add_change(site, 900001)
    assert eventually(lambda: waiting_changes(site) == 0), "the worker does not index"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(site / "municipium.sqlite3")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        time.sleep(4)  # four times the busy timeout: the worker meets "database is locked"
        assert process.poll() is None, process.communicate()[1][-2000:]
    finally:
        holder.kill()  # a dead process leaves no lock behind
        holder.wait()
    add_change(site, 900002)
    subprocess.run(
        [MUNICIPIUM, "shell", "-c", ENQUEUE], env=process_environ(site), check=True, timeout=60
    )
    assert eventually(lambda: waiting_changes(site) == 0), "the indexer stopped"

    def task_done() -> bool:
        with database(site) as db:
            rows = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE '%prune_task_results'"
            ).fetchall()
        return rows == [("SUCCESSFUL",)]

    assert eventually(task_done), "the worker takes no more tasks"
    assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert "is unavailable" in errors or "could not index" in errors, errors[-2000:]


def test_a_supervised_worker_that_dies_is_started_again(
    site: Path, worker: Callable[..., subprocess.Popen[str]]
) -> None:
    supervisor = worker("--supervise")

    def child() -> int | None:
        """The worker the supervisor runs (not a short-lived helper process it may start)."""
        path = Path(f"/proc/{supervisor.pid}/task/{supervisor.pid}/children")
        for pid in path.read_text().split() if path.exists() else []:
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"municipium.cli" in command and b"worker" in command:
                return int(pid)
        return None

    assert eventually(lambda: child() is not None)
    first = child()
    assert first is not None
    add_change(site, 900003)
    assert eventually(lambda: waiting_changes(site) == 0)
    # Had it ended by itself, the supervisor would start it again all the same.
    with contextlib.suppress(ProcessLookupError):
        os.kill(first, signal.SIGKILL)
    assert eventually(lambda: child() not in (None, first)), "no new worker"
    add_change(site, 900004)
    assert eventually(lambda: waiting_changes(site) == 0), "the new worker does not index"
    second = child()
    supervisor.send_signal(signal.SIGTERM)
    _, errors = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 0, errors[-2000:]
    assert "starting it again" in errors
    assert second is not None and not Path(f"/proc/{second}").exists()
