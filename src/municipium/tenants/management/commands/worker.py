from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management.base import CommandParser
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import usage_error
from municipium.periodic import enqueue_due

logger = logging.getLogger("municipium.worker")


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
            default=1.0,
            help="seconds between passes of the indexer over deferred search changes",
        )
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=60.0,
            help="seconds between checks for due periodic jobs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if min(options["interval"], options["schedule_every"], options["index_every"]) <= 0:
            raise usage_error("--interval, --schedule-every and --index-every must be above 0")
        if not options["no_periodic"]:
            due = enqueue_due()
            if due:
                self.stdout.write("enqueued periodic jobs: " + ", ".join(due))
            if not options["batch"]:
                self._start_scheduler(options["schedule_every"])
        if not options["batch"]:
            self._start_indexer(options["index_every"])
        worker = Worker(
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
            from municipium.search.services import drain_index

            while drain_index(deferred=True):
                pass

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
        """Index the changes requests left to the worker (search.services.defer_indexing):
        everything deferred since the last pass, in one transaction per organisation."""
        from municipium.search.services import drain_index

        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(every):
                try:
                    close_old_connections()
                    while drain_index(deferred=True):
                        pass
                except Exception:
                    logger.exception("could not index the deferred changes")
                    connection.close()

        threading.Thread(target=loop, name="municipium-indexer", daemon=True).start()
