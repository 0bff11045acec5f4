from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from municipium.audit.services import audit_verify, chain_for
from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import usage_error
from municipium.tenants.models import Organisation


class Command(BaseCommand):
    help = "The audit journal: `audit verify [--org SLUG]` checks the hash chains."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = sub.add_parser("verify", help="check that no entry was changed or deleted")
        verify.add_argument("--org", help="only this organisation's chain (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        chain = None
        if options.get("org"):
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise usage_error(f"no organisation with the slug {options['org']!r}")
            chain = chain_for(organisation)
        checked, problems = audit_verify(chain=chain, record=True)
        if problems:
            for problem in problems:
                self.stderr.write(f"BROKEN {problem}")
            raise CommandError(
                f"audit journal: {len(problems)} broken chain(s); first bad entry: {problems[0]}",
                returncode=1,
            )
        self.stdout.write(f"audit journal intact: {checked} entries checked")
