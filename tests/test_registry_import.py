"""Importing an existing registry: original numbers kept, every bad row named, all or nothing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from municipium.audit.models import AuditEntry
from municipium.audit.services import audit_verify
from municipium.registry import masks
from municipium.registry.importer import (
    documents_import,
    number_pattern,
    parse_number,
    read_source,
)
from municipium.registry.models import Correspondent, Document, RegisterCounter
from municipium.registry.services import next_number

from .conftest import process_environ, register_letter

COLUMNS = [
    "register",
    "number",
    "registered_at",
    "direction",
    "kind",
    "subject",
    "correspondent",
    "correspondent_identifier_type",
    "correspondent_identifier",
    "channel",
]
VALID_EGN = "7523169263"
BAD_EGN = "7523169264"  # the last digit is the check digit


def csv_bytes(rows: list[dict[str, Any]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    columns = list(dict.fromkeys(COLUMNS + [key for row in rows for key in row]))
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def bg_row(number: str, registered_at: str, **extra: Any) -> dict[str, Any]:
    return {
        "register": "general",
        "number": number,
        "registered_at": registered_at,
        "direction": "incoming",
        "kind": "letter",
        "subject": f"Писмо {number}",
        "channel": "post",
        **extra,
    }


def run_import(org: Any, data: bytes, fmt: str = "csv", **options: Any) -> Any:
    source = read_source(f"legacy.{fmt}", data, fmt)
    return documents_import(organisation=org, actor=None, source=source, **options)


def snapshot() -> tuple[int, ...]:
    return (
        Document.objects.count(),
        Correspondent.objects.count(),
        AuditEntry.objects.count(),
        RegisterCounter.objects.count(),
        sum(RegisterCounter.objects.values_list("last", flat=True)),
    )


@pytest.mark.parametrize(
    ("mask", "number", "seq"),
    [
        ("{seq}/{dd}.{mm}.{yyyy}", "123/21.11.2025", "123"),
        ("RPW/{seq}/{yyyy}", "RPW/17/2025", "17"),
        ("РД-{seq:02}/{dd}.{mm}.{yyyy}", "РД-07/03.02.2025", "07"),
        ("{seq:05}-{yy}", "00123-25", "00123"),
        ("{{{seq}}}.{yyyy}", "{9}.2025", "9"),
        ("A+B.(x){seq}*", "A+B.(x)42*", "42"),
        ("{register}/{seq}/{yyyy}/{register}", "gen/5/2025/gen", "5"),
    ],
)
def test_a_mask_becomes_a_pattern_that_finds_the_sequence(mask: str, number: str, seq: str) -> None:
    parts = parse_number(mask, number)
    assert parts is not None
    assert parts["seq"] == seq


@pytest.mark.parametrize(
    ("mask", "number"),
    [
        ("RPW/{seq}/{yyyy}", "RPW/17/25"),
        ("RPW/{seq}/{yyyy}", "rpw/17/2025"),
        ("A+B{seq}", "AAB1"),  # the + is literal, not a repetition
        ("{seq}/{yyyy}", "x/2025"),
        ("{register}/{seq}/{register}", "a/1/b"),
    ],
)
def test_a_number_that_does_not_follow_the_mask_is_not_read(mask: str, number: str) -> None:
    assert parse_number(mask, number) is None


def test_the_pattern_only_substitutes_and_never_runs_the_mask() -> None:
    pattern = number_pattern("{seq}/{yyyy}")
    assert pattern.pattern == r"(?P<seq>\d+)/(?P<yyyy>\d{4})"


def test_a_bulgarian_registry_keeps_its_numbers_and_numbering_continues(registry, world) -> None:
    data = csv_bytes(
        [
            bg_row(
                "121/21.11.2025",
                "21.11.2025",
                correspondent="Иван Петров",
                correspondent_identifier_type="egn",
                correspondent_identifier=VALID_EGN,
            ),
            bg_row("123/21.11.2025", "2025-11-21T16:45", direction="outgoing"),
            bg_row("122/21.11.2025", "21.11.2025 10:30", status="answered"),
        ]
    )
    result = run_import(world.org_a, data)
    assert result.errors == []
    assert result.count == 3
    numbers = sorted(Document.objects.values_list("number", "seq", "period", "status"))
    assert numbers == [
        ("121/21.11.2025", 121, 2025, "closed"),
        ("122/21.11.2025", 122, 2025, "answered"),
        ("123/21.11.2025", 123, 2025, "closed"),
    ]
    document = Document.objects.get(seq=121)
    assert timezone.localdate(document.registered_at) == date(2025, 11, 21)
    assert document.correspondent is not None
    assert document.correspondent.identifier == VALID_EGN
    assert RegisterCounter.objects.get(register=registry.general, period=2025).last == 123
    assert next_number(register=registry.general, on=date(2025, 12, 1)) == (2025, 124)


def test_registrations_after_an_import_of_this_year_take_the_next_number(registry, world) -> None:
    register_letter(world, registry)  # number 1 of this year, before the import
    today = timezone.localdate()
    rows = [
        bg_row(masks.render(registry.general.mask, seq=seq, on=today), today.isoformat())
        for seq in (2, 3, 40)
    ]
    assert run_import(world.org_a, csv_bytes(rows)).errors == []
    assert register_letter(world, registry).document.seq == 41


def test_a_polish_registry_with_rpw_numbers(registry, world) -> None:
    year = timezone.localdate().year
    rows = [
        {
            "register": "rpw",
            "number": f"RPW/{seq}/{year}",
            "registered_at": f"{year}-01-{seq:02d}",
            "direction": "incoming",
            "kind": "application",
            "subject": "Wniosek o wydanie zaświadczenia",
            "correspondent": "Jan Kowalski",
            "correspondent_identifier_type": "pesel",
            "correspondent_identifier": "44051401359",
            "channel": "post",
        }
        for seq in (15, 16, 17)
    ]
    result = run_import(world.org_b, csv_bytes(rows, delimiter=","))
    assert result.errors == []
    assert sorted(
        Document.objects.filter(organisation=world.org_b).values_list("number", flat=True)
    ) == [f"RPW/{seq}/{year}" for seq in (15, 16, 17)]
    assert Correspondent.objects.filter(organisation=world.org_b).count() == 1
    document = Document.objects.get(number=f"RPW/17/{year}")
    assert document.deadline is not None  # the KPA rule of the kind applies to incoming ones
    assert RegisterCounter.objects.get(register=registry.rpw, period=year).last == 17


def test_the_report_names_every_bad_row_and_nothing_is_written(registry, world) -> None:
    register_letter(world, registry)
    before = snapshot()
    data = csv_bytes(
        [
            bg_row("1/21.11.2025", "21.11.2025"),  # good
            bg_row("2/21.11.2025", "21.11.2025", register="nowhere"),
            bg_row("3/21.11.2025", "31.02.2025"),
            bg_row("4-21.11.2025", "21.11.2025"),
            bg_row("5/21.11.2025", "21.11.2025", confidentiality="confidential"),
            bg_row("6/21.11.2025", "21.11.2025", channel="pigeon", subject=""),
            bg_row("7/22.11.2025", "21.11.2025"),
            bg_row("8/21.11.2025", "21.11.2025", kind="memo", sheets="many"),
            bg_row("9/21.11.2025", "21.11.2025", direction="sideways"),
            bg_row("10/21.11.2025", "21.11.2025"),  # good
            bg_row("11/21.11.2025", "21.11.2025", status="annulled"),
            bg_row("12/21.11.2025", "21.11.2025", status="annulled", annulment_reason="Грешка"),
            bg_row("13/21.11.2025", "21.11.2025", seq="14"),
            bg_row("14/21.11.2025", "21.11.2025", sheets="²"),
            bg_row("¹⁵/21.11.2025", "21.11.2025"),
        ]
    )
    result = run_import(world.org_a, data)
    assert result.count == 0
    problems = {(e.row, e.column) for e in result.errors}
    assert problems == {
        (3, "register"),
        (4, "registered_at"),
        (5, "number"),
        (6, "confidentiality"),
        (7, "channel"),
        (7, "subject"),
        (8, "number"),
        (9, "kind"),
        (9, "sheets"),
        (10, "direction"),
        (12, "annulment_reason"),
        (14, "seq"),
        (15, "sheets"),
        (16, "number"),
    }
    by_place = {(e.row, e.column): e.message for e in result.errors}
    assert "named readers" in by_place[(6, "confidentiality")]
    assert "does not follow the mask" in by_place[(5, "number")]
    assert "2025-11-21" in by_place[(8, "number")]
    assert str(result.errors[0]).startswith("row 3, register: no register")
    assert snapshot() == before


def test_duplicate_numbers_in_the_file_or_already_registered_are_refused(registry, world) -> None:
    assert run_import(world.org_a, csv_bytes([bg_row("5/21.11.2025", "21.11.2025")])).ok
    before = snapshot()
    data = csv_bytes(
        [
            bg_row("5/21.11.2025", "21.11.2025"),
            bg_row("6/21.11.2025", "21.11.2025"),
            bg_row("6/21.11.2025", "21.11.2025"),
            bg_row("7/21.11.2025", "21.11.2025"),
        ]
    )
    result = run_import(world.org_a, data)
    assert [(e.row, e.column) for e in result.errors] == [(2, "number"), (4, "number")]
    assert "already has number 5/21.11.2025" in result.errors[0].message
    assert "as row 3" in result.errors[1].message
    assert snapshot() == before


def test_the_same_number_in_another_year_is_not_a_duplicate(registry, world) -> None:
    data = csv_bytes([bg_row("1/21.11.2024", "21.11.2024"), bg_row("1/21.11.2025", "21.11.2025")])
    assert run_import(world.org_a, data).ok
    assert sorted(RegisterCounter.objects.values_list("period", "last")) == [(2024, 1), (2025, 1)]


def test_json_works_with_a_list_or_a_documents_key(registry, world) -> None:
    rows = [
        {**bg_row("10/01.02.2025", "2025-02-01"), "sheets": 3, "correspondent": "ЕТ Вега"},
        {**bg_row("number-11", "2025-02-01"), "seq": 11, "correspondent": "ЕТ Вега"},
    ]
    result = run_import(world.org_a, json.dumps({"documents": rows}).encode(), "json")
    assert result.errors == []
    assert sorted(Document.objects.values_list("number", "seq", "sheets")) == [
        ("10/01.02.2025", 10, 3),
        ("number-11", 11, 0),
    ]
    assert Correspondent.objects.filter(name="ЕТ Вега").count() == 1
    broken = run_import(world.org_a, b'[{"register": "general",', "json")
    assert [str(e).split(":")[0] for e in broken.errors] == ["file"]
    unknown = run_import(world.org_a, json.dumps([{**rows[0], "subjet": "x"}]).encode(), "json")
    assert [(e.row, e.column) for e in unknown.errors] == [(1, "subjet")]


def test_an_egn_with_a_bad_check_digit_is_reported(registry, world) -> None:
    data = csv_bytes(
        [
            bg_row(
                "1/21.11.2025",
                "21.11.2025",
                correspondent="Иван Петров",
                correspondent_identifier_type="egn",
                correspondent_identifier=BAD_EGN,
            ),
            bg_row("2/21.11.2025", "21.11.2025", correspondent_identifier="831015"),
        ]
    )
    with translation.override("en"):
        result = run_import(world.org_a, data)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "correspondent_identifier"),
        (3, "correspondent_identifier_type"),
    ]
    assert "not a valid EGN" in result.errors[0].message
    assert Document.objects.count() == 0


def test_correspondents_are_reused_by_identifier_or_exact_name(registry, world) -> None:
    from municipium.registry.services import correspondent_create

    known = correspondent_create(
        organisation=world.org_a,
        actor=None,
        kind="person",
        name="Иван Петров",
        identifier_type="egn",
        identifier=VALID_EGN,
    )
    firm = correspondent_create(
        organisation=world.org_a, actor=None, kind="organisation", name="Вега ООД"
    )
    data = csv_bytes(
        [
            bg_row(
                "1/21.11.2025",
                "21.11.2025",
                correspondent="И. Петров",
                correspondent_identifier_type="egn",
                correspondent_identifier=VALID_EGN,
            ),
            bg_row("2/21.11.2025", "21.11.2025", correspondent="Вега ООД"),
            bg_row("3/21.11.2025", "21.11.2025", correspondent="Нов Човек"),
            bg_row("4/21.11.2025", "21.11.2025", correspondent="Нов Човек"),
        ]
    )
    result = run_import(world.org_a, data)
    assert result.errors == []
    assert result.correspondents_created == 1
    by_seq = dict(Document.objects.values_list("seq", "correspondent_id"))
    assert by_seq[1] == known.pk
    assert by_seq[2] == firm.pk
    assert by_seq[3] == by_seq[4] != firm.pk


def test_one_journal_entry_per_register_and_the_journal_still_verifies(registry, world) -> None:
    orders = [
        {
            **bg_row(f"РД-{seq:02}/10.03.2025", "10.03.2025"),
            "register": "orders",
            "direction": "internal",
            "kind": "order",
        }
        for seq in (1, 2)
    ]
    general = [bg_row(f"{seq}/10.03.2025", "10.03.2025") for seq in range(1, 6)]
    result = run_import(world.org_a, csv_bytes(general + orders))
    assert result.errors == []
    entries = AuditEntry.objects.filter(action="document.import").order_by("seq")
    assert [(e.object_repr, e.changes["count"]) for e in entries] == [
        ("Общ деловоден регистър", 5),
        ("Регистър на заповедите", 2),
    ]
    assert entries[0].changes == {
        "file": "legacy.csv",
        "count": 5,
        "first": "1/10.03.2025",
        "last": "5/10.03.2025",
        "periods": [2025],
    }
    assert entries[1].changes["first"] == "РД-01/10.03.2025"
    checked, problems = audit_verify()
    assert problems == []
    assert checked > 0


def test_a_dry_run_checks_everything_and_writes_nothing(registry, world) -> None:
    before = snapshot()
    result = run_import(
        world.org_a, csv_bytes([bg_row("1/21.11.2025", "21.11.2025")]), dry_run=True
    )
    assert result.ok
    assert result.count == 1
    assert snapshot() == before


def test_the_command_refuses_bad_arguments_with_status_2(registry, world, tmp_path: Path) -> None:
    good = tmp_path / "legacy.csv"
    good.write_bytes(csv_bytes([bg_row("1/21.11.2025", "21.11.2025")]))
    odd = tmp_path / "legacy.txt"
    odd.write_bytes(good.read_bytes())
    for args, message in [
        (["--org", "alpha", str(tmp_path / "missing.csv")], "no such file"),
        (["--org", "alpha", str(odd)], "give --format"),
        (["--org", "alpha", str(good), "--format", "xml"], "invalid choice"),
    ]:
        with pytest.raises(CommandError) as raised:
            call_command("registry", "import", *args)
        assert raised.value.returncode == 2
        assert message in str(raised.value)
    out = io.StringIO()
    call_command("registry", "import", "--org", "alpha", str(odd), "--format", "csv", stdout=out)
    assert "imported 1 documents" in out.getvalue()


# --- The command as a real process -----------------------------------------------------------

MUNICIPIUM = str(Path(sys.executable).with_name("municipium"))
SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from municipium.tenants.services import organisation_create
from municipium.registry.defaults import registry_setup
org = organisation_create(actor=None, slug="primerovo", name="Община Примерово",
                          kind="municipality", country="BG", languages=["bg"])
registry_setup(organisation=org, actor=None)
"""


def start(*args: str, var: Path) -> subprocess.Popen[str]:
    environ = process_environ(var)
    return subprocess.Popen(
        [MUNICIPIUM, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def documents_in(var: Path) -> int:
    with sqlite3.connect(var / "municipium.sqlite3") as db:
        return int(db.execute("SELECT COUNT(*) FROM registry_document").fetchone()[0])


def test_the_command_exits_2_1_or_0_and_writes_only_a_good_file(tmp_path: Path) -> None:
    setup = finish(start("shell", "-c", SETUP, var=tmp_path))
    assert setup.returncode == 0, setup.stderr
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([bg_row(f"{seq}/21.11.2025", "21.11.2025") for seq in range(1, 21)]))
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps([bg_row("1/21.11.2025", "21.11.2025", kind="memo"), bg_row("x", "2025-11-21")])
    )

    # These three write nothing, so they may run side by side.
    unknown, report, dry = [
        finish(process)
        for process in [
            start("registry", "import", "--org", "nowhere", str(good), var=tmp_path),
            start("registry", "import", "--org", "primerovo", str(bad), var=tmp_path),
            start("registry", "import", "--org", "primerovo", str(good), "--dry-run", var=tmp_path),
        ]
    ]
    assert unknown.returncode == 2
    assert [line for line in unknown.stderr.splitlines() if line.strip()] == [
        "CommandError: no organisation with the slug 'nowhere'"
    ]

    assert report.returncode == 1, report.stderr
    lines = report.stderr.splitlines()
    assert lines[0].startswith("bad.json: row 1, kind: no kind with the code 'memo'")
    assert lines[1].startswith("bad.json: row 2, number: 'x' does not follow the mask")
    assert "2 problem(s) in bad.json; nothing was imported" in lines[2]

    assert dry.returncode == 0, dry.stderr
    assert "dry run: 20 documents would be imported" in dry.stdout
    assert documents_in(tmp_path) == 0

    done = finish(start("registry", "import", "--org", "primerovo", str(good), var=tmp_path))
    assert done.returncode == 0, done.stderr
    assert "imported 20 documents into primerovo" in done.stdout
    assert "1/21.11.2025 … 20/21.11.2025" in done.stdout
    assert documents_in(tmp_path) == 20
