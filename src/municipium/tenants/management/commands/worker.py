from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from types import FrameType
from typing import Any

from django.core.management.base import CommandParser
from django.db import DatabaseError, OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import usage_error
from municipium.periodic import enqueue_due

logger = logging.getLogger("municipium.worker")

# After a failure of the database the worker waits BACKOFF_FIRST seconds, then twice as long
# each time it fails again, at most BACKOFF_MAX; one success starts it over.
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 30.0
# A task that failed on a transient database error (a lock held too long, a lost
# connection) runs again after a pause, up to this many times.
TASK_RETRIES = 5


def backoff(failures: int) -> float:
    return float(min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(failures - 1, 0)))


def transient(error: BaseException) -> bool:
    """A database error that passes by itself (locked, busy, connection lost), as opposed
    to a bug or bad data."""
    return isinstance(error, OperationalError) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


class ResilientWorker(Worker):
    """django-tasks-db's worker with its own loop: a failure of the database (SQLite's
    "database is locked" after busy_timeout, PostgreSQL going away) is logged and waited out
    with a growing pause, never the end of the process; a task that fails on one runs again
    later; any other failing task is marked failed and the loop goes on."""

    def run(self) -> None:
        logger.info("worker %s serving queues %s", self.worker_id, ",".join(self.queue_names))
        failures = 0
        while self.running:
            try:
                found = self._take_one()
            except Exception as error:  # the database failed us: wait and go on
                failures += 1
                pause = backoff(failures)
                logger.warning(
                    "the task queue is unavailable (%s: %s); trying again in %.1f s",
                    type(error).__name__,
                    error,
                    pause,
                )
                connection.close()
                time.sleep(pause)
                continue
            failures = 0
            if found is None and self.batch:
                logger.info("no more tasks for worker %s", self.worker_id)
                return
            if found is None and self.running:
                time.sleep(self.interval)

    def _take_one(self) -> DBTaskResult | None:
        """Claim the next ready task and run it; None when none is ready."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            result = tasks.get_locked()
            if result is not None:
                result.claim(self.worker_id)
        if result is not None:
            self.run_task(result)
        close_old_connections()
        return result

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            task = db_task_result.task
            arguments = db_task_result.task_result
            value = task.call(*arguments.args, **arguments.kwargs)
            db_task_result.set_successful(value)
        except Exception as error:
            attempts = len(db_task_result.worker_ids)  # one claim per run
            if transient(error) and attempts <= TASK_RETRIES:
                pause = backoff(attempts)
                logger.warning(
                    "task %s met a database error (%s); it runs again in %.1f s",
                    db_task_result.task_path,
                    error,
                    pause,
                )
                connection.close()
                DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                    status="READY", run_after=timezone.now() + timedelta(seconds=pause)
                )
            else:
                logger.exception("task %s failed", db_task_result.task_path)
                db_task_result.set_failed(error)
        finally:
            self.running_task = False
            self._run_tasks += 1


class Command(BaseCommand):
    help = "Run background tasks from the database queue, and enqueue the periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", default="*", help="queues to serve, comma-separated")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls when idle"
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued (and due), then exit"
        )
        parser.add_argument(
            "--no-periodic", action="store_true", help="do not enqueue the periodic jobs"
        )
        parser.add_argument(
            "--index-every",
            type=float,
            default=0.5,
            help="seconds between passes of the search indexer over the changes waiting",
        )
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=60.0,
            help="seconds between checks for due periodic jobs",
        )
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="run the worker as a child process and start it again whenever it stops",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if min(options["interval"], options["schedule_every"], options["index_every"]) <= 0:
            raise usage_error("--interval, --schedule-every and --index-every must be above 0")
        if options["supervise"]:
            if options["batch"]:
                raise usage_error("--supervise keeps a worker running; it does not go with --batch")
            arguments = ["worker", "--queue", options["queue"]]
            for name in ("interval", "index_every", "schedule_every"):
                arguments += ["--" + name.replace("_", "-"), str(options[name])]
            if options["no_periodic"]:
                arguments.append("--no-periodic")
            supervise(arguments)
            return
        from municipium.search.startup import prepare_lemmas

        prepare_lemmas()
        if not options["no_periodic"]:
            self._when_the_database_answers(self._enqueue_periodic, options["batch"])
            if not options["batch"]:
                self._start_scheduler(options["schedule_every"])
        if not options["batch"]:
            self._start_indexer(options["index_every"])
        worker = ResilientWorker(
            queue_names=options["queue"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
        if options["batch"]:
            from municipium.search.services import drain_all

            drain_all()

    def _enqueue_periodic(self) -> None:
        due = enqueue_due()
        if due:
            self.stdout.write("enqueued periodic jobs: " + ", ".join(due))

    def _when_the_database_answers(self, job: Any, once: bool) -> None:
        failures = 0
        while True:
            try:
                job()
                return
            except DatabaseError as error:
                failures += 1
                if once and failures > TASK_RETRIES:
                    raise
                logger.warning("the database is unavailable (%s); waiting", error)
                connection.close()
                time.sleep(backoff(failures))

    def _start_scheduler(self, every: float) -> None:
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(every):
                try:
                    close_old_connections()
                    enqueue_due()
                except Exception:
                    logger.exception("could not enqueue the periodic jobs")
                finally:
                    connection.close()

        threading.Thread(target=loop, name="municipium-scheduler", daemon=True).start()

    def _start_indexer(self, every: float) -> None:
        """The search indexer: everything changed since the last pass (the outbox, see
        search.services.index_soon), many changes in one pass, one transaction per
        organisation."""
        from municipium.search.services import drain_index

        stop = threading.Event()

        def loop() -> None:
            failures = 0
            while not stop.wait(backoff(failures) if failures else every):
                try:
                    close_old_connections()
                    while drain_index():
                        pass
                    failures = 0
                except Exception:
                    failures += 1
                    logger.exception("could not index the changes; trying again")
                    connection.close()

        threading.Thread(target=loop, name="municipium-indexer", daemon=True).start()


def supervise(arguments: list[str]) -> None:
    """Run `municipium worker <arguments>` as a child and start it again whenever it ends
    (after a pause that grows while it keeps ending quickly); SIGINT and SIGTERM stop the
    child and then the supervisor."""
    command = [sys.executable, "-m", "municipium.cli", *arguments]
    stopping = threading.Event()
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    quick_ends = 0
    while not stopping.is_set():
        started = time.monotonic()
        child = subprocess.Popen(command, env=os.environ.copy())  # noqa: S603 — ourselves
        code = child.wait()
        if stopping.is_set():
            break
        quick_ends = quick_ends + 1 if time.monotonic() - started < 60 else 0
        pause = backoff(quick_ends + 1)
        logger.error(
            "the worker stopped (exit status %s); starting it again in %.1f s", code, pause
        )
        stopping.wait(pause)
