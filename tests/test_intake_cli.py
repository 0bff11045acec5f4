"""`municipium registry intake --org SLUG FILE_OR_DIR...`: all or nothing, bad input exits 2
with one line.

The tests drive the subcommand's own parser and handler (`_intake.py`), wired exactly as the
`registry` command wires them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError, CommandParser

from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import OneLineParser
from municipium.registry.management.commands._intake import add_intake_parser, run_intake
from municipium.registry.models import IntakeMessage
from tests.files.fixtures import accepted, media, refused
from tests.test_intake import simple_eml

__all__ = ["media"]


class Registry(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=OneLineParser)
        add_intake_parser(sub, parser)

    def handle(self, *args: Any, **options: Any) -> None:
        run_intake(self, options)


def run(*argv: str) -> str:
    out = io.StringIO()
    command = Registry(stdout=out)
    parser = command.create_parser("municipium", "registry")
    options = vars(parser.parse_args(["intake", *argv]))
    command.execute(**options)
    return out.getvalue()


def test_files_and_folders_become_drafts(world: Any, media: Path, tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(accepted("complaint.eml"))
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "b.eml").write_bytes(simple_eml())
    (folder / "c.eml").write_bytes(simple_eml())  # the same message
    output = run("--org", "alpha", str(tmp_path / "a.eml"), str(folder))
    assert output.strip() == (
        "2 e-mail(s) waiting for registration in alpha; 1 received before, not repeated"
    )
    assert IntakeMessage.objects.filter(organisation=world.org_a).count() == 2
    assert (folder / "b.eml").exists()  # files given on the command line stay where they are


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            lambda p: ["--org", "nowhere", str(p / "ok.eml")],
            "no organisation with the slug 'nowhere'",
        ),
        (lambda p: ["--org", "alpha", str(p / "missing.eml")], "no such file or folder"),
        (lambda p: ["--org", "alpha", str(p / "empty")], "no .eml files in"),
        (
            lambda p: ["--org", "alpha", str(p / "ok.eml"), str(p / "bad.eml")],
            "bad.eml: Programs and scripts are not accepted. Nothing was kept.",
        ),
        (
            lambda p: ["--org", "alpha", str(p / "letter.eml")],
            "letter.eml: The file is named .eml but its content is not that type.",
        ),
        (
            lambda p: ["--org", "alpha", str(p / "letter.pdf")],
            "letter.pdf: This is not an e-mail message (.eml).",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_keeps_nothing(
    world: Any, media: Path, tmp_path: Path, setup: Any, message: str
) -> None:
    (tmp_path / "ok.eml").write_bytes(simple_eml())
    (tmp_path / "bad.eml").write_bytes(refused("program.exe"))
    (tmp_path / "letter.eml").write_bytes(accepted("letter.pdf"))
    (tmp_path / "letter.pdf").write_bytes(accepted("letter.pdf"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError) as failure:
        run(*setup(tmp_path))
    assert failure.value.returncode == 2
    assert message in str(failure.value)
    assert "\n" not in str(failure.value)
    assert not IntakeMessage.objects.exists()


def test_the_org_is_required(db: Any) -> None:
    with pytest.raises(CommandError) as failure:
        run("some.eml")
    assert failure.value.returncode == 2
