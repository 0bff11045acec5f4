from __future__ import annotations

import io
from typing import Any

from django.core.management.base import CommandParser
from rich.console import Console
from rich.table import Table

from municipium.cli_support import Command as BaseCommand
from municipium.demo.data import DEMO_PASSWORD, demo_passwords_work, load_demo
from municipium.demo.samples import news_samples


class Command(BaseCommand):
    help = "Load the demo organisations and people (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="print no login table")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        buffer = io.StringIO()
        console = Console(file=buffer, width=110)
        if result.created:
            console.print(f"demo: created {len(result.created)} objects")
        else:
            console.print("demo: already loaded, nothing changed")
        console.print(f"demo: {len(news_samples())} news texts kept as newsroom material")
        if options["quiet"]:
            self.stdout.write(buffer.getvalue(), ending="")
            return
        table = Table(title=f"Demo logins — password for all: {DEMO_PASSWORD}")
        table.add_column("organisation")
        table.add_column("role")
        table.add_column("e-mail")
        for organisation, role, email in result.logins:
            table.add_row(organisation, role, email)
        console.print(table)
        if not demo_passwords_work():
            console.print("[bold red]MUNICIPIUM_DEBUG is off: the demo accounts cannot sign in.[/]")
        self.stdout.write(buffer.getvalue(), ending="")
