from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import OneLineParser, usage_error
from municipium.registry.importer import FORMATS, format_of, import_file
from municipium.registry.management.commands._intake import add_intake_parser, run_intake
from municipium.search.services import drain_all
from municipium.tenants.models import Organisation

PHASES = {
    "check": "checking rows",
    "write": "writing documents",
    "index": "indexing for search",
}


class Command(BaseCommand):
    help = (
        "The registry office: `registry import --org SLUG FILE` imports an existing registry "
        "from CSV or JSON, keeping its numbers (all or nothing); `registry intake --org SLUG "
        "FILE_OR_DIR...` turns .eml messages into drafts waiting for registration."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="import|intake", parser_class=OneLineParser
        )
        imports = sub.add_parser(
            "import",
            # The subcommand's own mistakes get the one-line treatment too.
            called_from_command_line=getattr(parser, "called_from_command_line", None),
            help="import documents with their original numbers from a CSV or JSON file",
            description=(
                "Columns: register, number, registered_at, direction, kind, subject, channel "
                "(required); seq, correspondent, correspondent_identifier_type, "
                "correspondent_identifier, correspondent_kind, sheets, confidentiality, status "
                "(default closed), annulment_reason, description, received_on, sent_on, "
                "deadline, answered_on. Dates: 2025-11-21, 2025-11-21T09:30 or 21.11.2025. "
                "Every bad row is reported and then nothing is written (exit status 1)."
            ),
        )
        imports.add_argument("--org", required=True, help="the organisation's slug")
        imports.add_argument("file", help="the CSV or JSON file")
        imports.add_argument(
            "--format", choices=FORMATS, help="the file's format (default: from its extension)"
        )
        imports.add_argument(
            "--dry-run", action="store_true", help="check everything, write nothing"
        )
        add_intake_parser(sub, parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "intake":
            run_intake(self, options)
            return
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise usage_error(f"no organisation with the slug {options['org']!r}")
        path = Path(options["file"])
        if not path.is_file():
            raise usage_error(f"no such file: {path}")
        fmt = format_of(path, options.get("format"))
        if fmt is None:
            raise usage_error(f"cannot tell the format of {path.name}: give --format csv or json")

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
            tasks: dict[str, Any] = {}

            def progress(phase: str, advance: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total)
                bar.advance(tasks[phase], advance)

            # The report is in English like the rest of the command line, also the messages
            # that come from the models (which follow the site's language elsewhere).
            with translation.override("en"):
                result = import_file(
                    organisation=organisation,
                    actor=None,
                    path=path,
                    fmt=fmt,
                    dry_run=options["dry_run"],
                    progress=progress,
                )
            if result.count and not result.dry_run:
                # Searchable before the command ends (the worker would do it otherwise).
                indexed = [0]

                def indexing(done: int, total: int) -> None:
                    progress("index", done - indexed[0], total)
                    indexed[0] = done

                drain_all(indexing)
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(
                f"{len(result.errors)} problem(s) in {path.name}; nothing was imported",
                returncode=1,
            )
        ranges = ", ".join(
            f"{code}: {summary.count} ({summary.first} … {summary.last})"
            for code, summary in result.registers.items()
        )
        if result.dry_run:
            self.stdout.write(
                f"dry run: {result.count} documents would be imported into "
                f"{organisation.slug} ({ranges}); nothing was written"
            )
            return
        self.stdout.write(
            f"imported {result.count} documents into {organisation.slug} ({ranges}); "
            f"{result.correspondents_created} new correspondents"
        )
