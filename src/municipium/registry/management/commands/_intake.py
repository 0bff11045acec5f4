"""`municipium registry intake --org SLUG FILE_OR_DIR...`: .eml files become drafts waiting for
registration. Every file is checked first; one bad file (not an e-mail, refused, unreadable)
stops the run with one line and exit status 2, and nothing is kept.

The `registry` command wires it in with `add_intake_parser` and `run_intake`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import translation

from municipium.cli_support import usage_error
from municipium.registry.files import UploadRefused, inspect_upload
from municipium.registry.intake import eml_files
from municipium.tenants.models import Organisation


def add_intake_parser(sub: Any, parser: CommandParser) -> None:
    intake = sub.add_parser(
        "intake",
        called_from_command_line=getattr(parser, "called_from_command_line", None),
        help="turn .eml files into incoming documents waiting for registration",
        description=(
            "Each message becomes a draft on the registrar's intake page (the same message "
            "twice is one draft). A folder means the .eml files directly in it. All or "
            "nothing: one bad file stops the run before anything is kept."
        ),
    )
    intake.add_argument("--org", required=True, help="the organisation's slug")
    intake.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help=".eml files or folders")


def _collect(raw_paths: list[str]) -> list[Path]:
    paths: list[Path] = []
    for raw in raw_paths:
        path = Path(raw)
        if path.is_dir():
            found = eml_files(path)
            if not found:
                raise usage_error(f"no .eml files in {path}")
            paths.extend(found)
        elif path.is_file():
            paths.append(path)
        else:
            raise usage_error(f"no such file or folder: {path}")
    return paths


def run_intake(command: BaseCommand, options: dict[str, Any]) -> None:
    from municipium.registry.services import intake_receive

    organisation = Organisation.objects.filter(slug=options["org"], is_active=True).first()
    if organisation is None:
        raise usage_error(f"no organisation with the slug {options['org']!r}")
    messages: list[tuple[str, bytes]] = []
    with translation.override("en"):
        for path in _collect(options["paths"]):
            try:
                data = path.read_bytes()
                inspected = inspect_upload(path.name, io.BytesIO(data))
                if inspected.mime != "message/rfc822":
                    raise UploadRefused("This is not an e-mail message (.eml).", code="not_email")
            except UploadRefused as refusal:
                raise usage_error(f"{path}: {refusal.reason} Nothing was kept.") from None
            except OSError as error:
                raise usage_error(f"{path}: {error.strerror or error}") from None
            messages.append((inspected.name, data))
        received = 0
        with transaction.atomic():
            for name, data in messages:
                result = intake_receive(organisation=organisation, name=name, data=data, actor=None)
                received += result.created
    repeated = len(messages) - received
    command.stdout.write(
        f"{received} e-mail(s) waiting for registration in {organisation.slug}"
        + (f"; {repeated} received before, not repeated" if repeated else "")
    )
