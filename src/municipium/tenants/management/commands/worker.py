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
            "--schedule-every",
            type=float,
            default=60.0,
            help="seconds between checks for due periodic jobs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] <= 0 or options["schedule_every"] <= 0:
            raise usage_error("--interval and --schedule-every must be above 0")
        if not options["no_periodic"]:
            due = enqueue_due()
            if due:
                self.stdout.write("enqueued periodic jobs: " + ", ".join(due))
            if not options["batch"]:
                self._start_scheduler(options["schedule_every"])
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
