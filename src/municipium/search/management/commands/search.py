from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import OneLineParser, usage_error
from municipium.db_statistics import vacuum_analyze
from municipium.search.services import INDEX_TABLES, drain_all, index_rebuild
from municipium.tenants.models import Organisation


class Command(BaseCommand):
    help = (
        "The search index: `search reindex [--org SLUG]` rebuilds it (searches keep working "
        "meanwhile); `search drain` indexes the changes still waiting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="reindex|drain", parser_class=OneLineParser
        )
        from_command_line = getattr(parser, "called_from_command_line", None)
        reindex = sub.add_parser(
            "reindex",
            called_from_command_line=from_command_line,
            help="rebuild the index of one organisation or of all",
            description=(
                "Builds the new entries beside the ones being searched and swaps them per "
                "organisation in a short transaction, so searches never stop."
            ),
        )
        reindex.add_argument("--org", help="the organisation's slug (default: all)")
        sub.add_parser(
            "drain",
            called_from_command_line=from_command_line,
            help="index the changed objects still waiting in the outbox",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "drain":
            self.stdout.write(f"indexed {drain_all()} waiting change(s)")
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
                progress = _progress_on(bar, organisation.slug)
                count = index_rebuild(
                    organisation=organisation, progress=progress, analyze_after=False
                )
                self.stdout.write(f"{organisation.slug}: {count} entries indexed")
        # The old generations' rows cleared and the planner's statistics of the rebuilt
        # index, once for all (PostgreSQL; see db_statistics.vacuum_analyze).
        vacuum_analyze(*INDEX_TABLES)


def _progress_on(bar: Progress, slug: str) -> Any:
    tasks: dict[str, Any] = {}

    def progress(label: str, advance: int, total: int) -> None:
        if label not in tasks:
            tasks[label] = bar.add_task(f"{slug}: {label}", total=total)
        bar.advance(tasks[label], advance)

    return progress
