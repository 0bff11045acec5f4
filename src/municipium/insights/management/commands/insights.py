from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import OneLineParser, usage_error
from municipium.insights.services import figures_rebuild, figures_update_all
from municipium.tenants.models import Organisation


class Command(BaseCommand):
    help = (
        "Service-quality figures: `insights rebuild [--org SLUG]` recomputes them from the "
        "registry; `insights update` takes the changes still waiting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="rebuild|update", parser_class=OneLineParser
        )
        from_command_line = getattr(parser, "called_from_command_line", None)
        rebuild = sub.add_parser(
            "rebuild",
            called_from_command_line=from_command_line,
            help="recompute the figures of one organisation or of all",
            description="Pages keep the old figures until each organisation's new ones are in.",
        )
        rebuild.add_argument("--org", help="the organisation's slug (default: all)")
        sub.add_parser(
            "update",
            called_from_command_line=from_command_line,
            help="take the new and changed documents still waiting",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "update":
            self.stdout.write(f"updated the figures of {figures_update_all()} document(s)")
            return
        organisations = Organisation.objects.order_by("slug")
        if options.get("org"):
            organisations = organisations.filter(slug=options["org"])
            if not organisations.exists():
                raise usage_error(f"no organisation with the slug {options['org']!r}")
        console = Console(stderr=True)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as bar:
            for organisation in organisations:
                task = bar.add_task(organisation.slug, total=None)

                def progress(done: int, total: int, task: Any = task) -> None:
                    bar.update(task, completed=done, total=total)

                count = figures_rebuild(organisation=organisation, progress=progress)
                self.stdout.write(f"{organisation.slug}: figures of {count} document(s)")
