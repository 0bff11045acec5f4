from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import usage_error


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=settings.SERVE_BIND, help="host:port to listen on")
        parser.add_argument(
            "--workers", type=int, default=settings.SERVE_WORKERS, help="worker processes"
        )
        parser.add_argument(
            "--threads", type=int, default=settings.SERVE_THREADS, help="threads per worker"
        )
        parser.add_argument("--access-log", action="store_true", help="log every request")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1 or options["threads"] < 1:
            raise usage_error("--workers and --threads must be at least 1")
        host, _, port = options["bind"].rpartition(":")
        if not host or not port.isdigit():
            raise usage_error(f"--bind must be host:port, not {options['bind']!r}")

        from gunicorn.app.base import BaseApplication

        from municipium.wsgi import application

        config = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "accesslog": "-" if options["access_log"] else None,
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
            # gunicorn's largest request line (its default is 4094 bytes): a search for 1,000
            # Cyrillic letters is some 6,000 bytes once percent-encoded, and must reach the
            # application to get its JSON answer instead of gunicorn's HTML 414.
            "limit_request_line": 8190,
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        self.stdout.write(f"Municipium on http://{options['bind']}/ (Ctrl+C stops it)")
        Server().run()
