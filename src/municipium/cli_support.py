"""What every `municipium` command shares: bad input exits 2 with one line."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser


class OneLineParser(CommandParser):
    """argparse prints the whole usage on an error; we print one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        if getattr(self, "called_from_command_line", False):
            sys.stderr.write(f"{self.prog}: {message} (see --help)\n")
            sys.exit(2)
        raise CommandError(f"Error: {message}", returncode=2)


class Command(BaseCommand):
    """Base for our commands."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser  # same state, our error()
        return parser


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=2)
