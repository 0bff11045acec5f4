from __future__ import annotations

import io
from typing import Any

from django.core.management.base import CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from municipium.associations.demo import associations_demo
from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import usage_error
from municipium.demo.data import DEMO_PASSWORD, ORGANISATIONS, demo_passwords_work, load_demo
from municipium.demo.public_site import public_sites_load
from municipium.events.demo import events_demo
from municipium.insights.demo import demo_publish
from municipium.insights.services import figures_update_all
from municipium.registry.bulk import YEARS, documents_bulk_demo
from municipium.search.services import drain_all
from municipium.search.startup import prepare_lemmas
from municipium.tenants.models import Organisation

BULK_ORGANISATION = "primerovo"
# `--documents` without a number: a year of registry activity for each demo municipality.
YEAR_OF_DOCUMENTS = 4000
A_YEAR = object()  # `--documents` given without N (argparse converts a string `const`)


class Command(BaseCommand):
    help = (
        "Load the demo organisations, their people and their public sites (logo, colours, "
        "pages, news, accessibility statement, privacy notice; idempotent: a second run "
        "changes nothing) and print the demo logins. With --documents N, also add N made-up "
        "registry documents to one organisation for benchmarks — every such run adds N more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="print no login table")
        parser.add_argument(
            "--documents",
            type=int,
            nargs="?",
            const=A_YEAR,
            metavar="N",
            help=(
                "add N registry documents over the last three years (numbered without gaps "
                "after the existing ones, with correspondents, statuses, deadlines); without "
                f"N, a year of activity ({YEAR_OF_DOCUMENTS} documents) for each demo "
                "municipality; not idempotent: each run adds more"
            ),
        )
        parser.add_argument(
            "--org",
            metavar="SLUG",
            help=f"the organisation for --documents N (default {BULK_ORGANISATION})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options.get("documents")
        slug = options.get("org")
        if count is not None and count is not A_YEAR and count < 1:
            raise usage_error("--documents must be at least 1")
        if slug is not None and count is None:
            raise usage_error("--org goes with --documents")
        demo_slugs = {spec.slug for spec in ORGANISATIONS}
        if slug not in (None, *demo_slugs) and not Organisation.objects.filter(slug=slug).exists():
            raise usage_error(f"no organisation with the slug {slug!r}")

        prepare_lemmas()  # the demo's registrations are indexed: the dictionary comes first
        result = load_demo()
        # After the organisations' own transactions: files are stored and texts prepared
        # before each item's short transaction.
        # The municipalities publish their figures before their menus are ordered, so the
        # "Figures" link takes the place the demo content gives it.
        published = demo_publish([spec.slug for spec in ORGANISATIONS])
        # Events (the news samples' events and upcoming ones) before the menus, so the
        # "Events" link takes its place too.
        result.created += events_demo()
        # The associations' statutes, members, boards and the 2024 assembly of skom.
        result.created += associations_demo()
        result.created += public_sites_load()
        if result.created:
            drain_all()  # the new pages and news are searchable when the command ends
        buffer = io.StringIO()
        console = Console(file=buffer, width=110)
        if result.created:
            console.print(f"demo: created {len(result.created)} objects")
        else:
            console.print("demo: already loaded, nothing changed")
        console.print(f"demo: figures published by {', '.join(published)}")
        if count is not None:
            self.stdout.write(buffer.getvalue(), ending="")
            buffer = io.StringIO()
            console = Console(file=buffer, width=110)
            if count is not A_YEAR:
                self._documents(count, slug or BULK_ORGANISATION, console)
            else:
                for each in [slug] if slug else published:
                    self._documents(YEAR_OF_DOCUMENTS, each, console, years=1)
            console.print(f"demo: figures of {figures_update_all()} documents brought up to date")
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

    def _documents(self, count: int, slug: str, console: Console, years: int = YEARS) -> None:
        organisation = Organisation.objects.get(slug=slug)
        screen = Console(stderr=True)
        with Progress(
            TextColumn(f"documents for {slug}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=screen,
            transient=True,
            disable=not screen.is_terminal,
        ) as bar:
            task = bar.add_task("documents", total=count)
            built = documents_bulk_demo(
                organisation=organisation,
                count=count,
                years=years,
                progress=lambda done: bar.advance(task, done),
            )
            # Searchable before the command ends, like any other change (the outbox).
            indexing = bar.add_task(f"indexing {slug} for search", total=None)
            drain_all(lambda done, total: bar.update(indexing, completed=done, total=total))
        rate = built.documents / built.seconds if built.seconds else 0
        console.print(
            f"demo: added {built.documents} documents to {slug} in {built.seconds:.1f} s "
            f"({rate:,.0f}/s, {built.batches} batches, "
            f"{built.correspondents_created} new correspondents)"
        )
        for label, (first, last) in sorted(built.ranges.items()):
            console.print(f"demo:   {label}: {first} … {last}")
