"""`municipium registry intake --org SLUG FILE_OR_DIR...`: all or nothing, bad input exits 2
with one line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from municipium.registry.models import IntakeMessage
from tests.files.fixtures import accepted, media, refused
from tests.test_intake import simple_eml

__all__ = ["media"]


def run(*argv: str) -> str:
    out = io.StringIO()
    call_command("registry", "intake", *argv, stdout=out)
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


def test_on_the_command_line_a_mistake_is_one_line_and_exit_status_2(tmp_path: Path) -> None:
    env = {**os.environ, "MUNICIPIUM_DEBUG": "true", "MUNICIPIUM_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "municipium.cli", "registry", "intake", "some.eml"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--org" in result.stderr
