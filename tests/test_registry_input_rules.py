"""The rules every registration follows, whichever way it arrives (API, page form, import,
e-mail intake, e-services): a readable subject, no control characters, plausible dates, a
correspondent with a name, found again instead of duplicated. A refusal writes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.registry import services
from municipium.registry.importer import documents_import, read_source
from municipium.registry.models import Correspondent, Document, IntakeMessage, RegisterCounter

from .conftest import client_for, register_letter, run_together
from .files.fixtures import media
from .test_eservices_api import service
from .test_registry_import import bg_row, csv_bytes

__all__ = ["media", "service"]

API = "/api/v1/orgs/alpha/registry/documents"
VALID_EGN = "7523169263"


def written() -> tuple[int, ...]:
    """Everything a registration writes: documents, correspondents, journal, numbers."""
    return (
        Document.objects.count(),
        Correspondent.objects.count(),
        AuditEntry.objects.count(),
        sum(RegisterCounter.objects.values_list("last", flat=True)),
    )


def api_post(world: Any, **fields: Any) -> Any:
    payload = {
        "register_code": "general",
        "direction": "incoming",
        "kind": "letter",
        "subject": "Писмо",
        "channel": "post",
        **fields,
    }
    return client_for(world.registrar_a).post(
        API, data=json.dumps(payload), content_type="application/json"
    )


def far_future() -> str:
    return (timezone.localdate() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    ("fields", "where", "message"),
    [
        ({"subject": "   "}, "subject", "Write at least one visible character."),
        ({"subject": "\u200b\u200b"}, "subject", "Write at least one visible character."),
        (
            {"subject": "Писмо\x00"},
            "subject",
            "The text holds a control character (U+0000); remove it.",
        ),
        (
            {"description": "ред\x07звънец"},
            "description",
            "The text holds a control character (U+0007); remove it.",
        ),
        ({"received_on": "2099-01-01"}, "received_on", "Give a date from 1900-01-01 to"),
        ({"received_on": "1899-12-31"}, "received_on", "Give a date from 1900-01-01 to"),
        ({"received_on": "1901-05-01"}, "received_on", "too long ago for a new registration"),
        ({"correspondent": {}}, "", ""),
        (
            {"correspondent": {"address": "ул. „Витоша“ 1"}},
            "correspondent_name",
            "Give the correspondent's name.",
        ),
        (
            {"correspondent": {"name": "  ", "address": "ул. „Витоша“ 1"}},
            "correspondent_name",
            "Give the correspondent's name.",
        ),
        (
            {"correspondent": {"name": "Иван\x00"}},
            "correspondent_name",
            "The text holds a control character (U+0000); remove it.",
        ),
    ],
)
def test_the_api_refuses_unreadable_text_and_impossible_dates_and_numbers_nothing(
    world: Any, registry: Any, fields: dict[str, Any], where: str, message: str
) -> None:
    before = written()
    response = api_post(world, **fields)
    if not where:  # an empty correspondent is no correspondent: registered without one
        assert response.status_code == 201
        assert Document.objects.get().correspondent is None
        return
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"].startswith(f"{where}: ")
    assert message in body["detail"]
    assert written() == before


def test_the_api_refuses_a_received_date_in_the_future(world: Any, registry: Any) -> None:
    before = written()
    response = api_post(world, received_on=far_future())
    assert response.status_code == 400
    assert response.json()["detail"].startswith("received_on: Give a date from 1900-01-01 to")
    assert written() == before


def test_tab_and_line_breaks_stay_in_a_description(world: Any, registry: Any) -> None:
    response = api_post(world, description="ред 1\n\tред 2\r\n", received_on="2026-11-02")
    assert response.status_code == 201
    assert Document.objects.get().description == "ред 1\n\tред 2\r\n"


def test_an_unknown_identifier_type_is_refused_by_the_schema_and_the_service(
    world: Any, registry: Any
) -> None:
    before = written()
    response = api_post(
        world, correspondent={"name": "John", "identifier_type": "ssn", "identifier": "1"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "identifier_type"
    with pytest.raises(ValidationError) as refused:
        register_letter(
            world,
            registry,
            new_correspondent={"name": "John", "identifier_type": "ssn", "identifier": "1"},
        )
    assert "identifier_type" in refused.value.message_dict
    assert written() == before


def test_the_openapi_document_lists_the_identifier_types(db: Any) -> None:
    schema = client_for(None).get("/api/v1/openapi.json").json()
    kinds = schema["components"]["schemas"]["IdentifierType"]["enum"]
    assert set(kinds) == {"", "egn", "eik", "pesel", "nip", "regon"}


def test_the_same_correspondent_written_differently_is_one_row(world: Any, registry: Any) -> None:
    for name, address in [
        ("Иван Петров", "ул. „Витоша“ 1, София"),
        ("  иван   ПЕТРОВ ", "УЛ. „ВИТОША“ 1,  софия"),
        ("Иван Петров", "ул. „Витоша“ 1, София"),
    ]:
        assert api_post(world, correspondent={"name": name, "address": address}).status_code == 201
    other_address = api_post(world, correspondent={"name": "Иван Петров", "address": "Пловдив"})
    assert other_address.status_code == 201
    by_identifier = [
        api_post(
            world,
            correspondent={"name": name, "identifier_type": "egn", "identifier": VALID_EGN},
        )
        for name in ("Мария Иванова", "М. Иванова")
    ]
    assert {r.status_code for r in by_identifier} == {201}
    rows = list(Correspondent.objects.order_by("id").values_list("name", "address"))
    assert rows == [
        ("Иван Петров", "ул. „Витоша“ 1, София"),
        ("Иван Петров", "Пловдив"),
        ("Мария Иванова", ""),
    ]
    assert Document.objects.count() == 6


def test_an_identifier_alone_finds_a_known_correspondent_but_cannot_make_one(
    world: Any, registry: Any
) -> None:
    unknown = api_post(world, correspondent={"identifier_type": "egn", "identifier": VALID_EGN})
    assert unknown.status_code == 400
    assert unknown.json()["detail"].startswith("correspondent_name: No correspondent has")
    assert not Document.objects.exists()
    api_post(
        world, correspondent={"name": "Мария", "identifier_type": "egn", "identifier": VALID_EGN}
    )
    known = api_post(world, correspondent={"identifier_type": "egn", "identifier": VALID_EGN})
    assert known.status_code == 201
    assert Correspondent.objects.count() == 1


def test_writers_naming_the_same_new_correspondent_at_once_create_it_once(
    world: Any, registry: Any, transactional_db: Any
) -> None:
    def register() -> None:
        register_letter(
            world, registry, new_correspondent={"name": "Петър Георгиев", "address": "Русе"}
        )

    run_together(*[register] * 4)
    assert Document.objects.count() == 4
    assert Correspondent.objects.count() == 1


def _page_form(**extra: Any) -> dict[str, Any]:
    return {
        "direction": "incoming",
        "register": "general",
        "kind": "letter",
        "subject": "Искане за информация",
        "channel": "counter",
        "sheets": "2",
        "confidentiality": "internal",
        "correspondent_name": "Иван Петров",
        **extra,
    }


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"subject": "Искане\x07"}, "subject", "control character (U+0007)"),
        ({"received_on": "1901-05-01"}, "received_on", "too long ago for a new registration"),
        ({"correspondent_address": "ул. 1\x1b"}, "correspondent_address", "(U+001B)"),
    ],
)
def test_the_page_form_shows_the_rule_beside_the_field_and_registers_nothing(
    world: Any, registry: Any, extra: dict[str, Any], field: str, message: str
) -> None:
    before = written()
    response = client_for(world.registrar_a).post(
        "/alpha/office/registry/new/", _page_form(**extra)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert written() == before


def test_the_import_reports_the_same_rules_per_row_and_writes_nothing(
    world: Any, registry: Any
) -> None:
    rows = [
        bg_row("1/02.06.2025", "2025-06-02", subject="Писмо\x00"),
        bg_row("2/02.06.2025", "2025-06-02", received_on="2099-01-01"),
        bg_row("3/02.06.2025", "2025-06-02", correspondent="Иван\x07"),
        bg_row("4/02.06.2025", "2025-06-02", description="ред\x0bред"),
        bg_row("5/02.06.2025", "2025-06-02", deadline="2999-01-01"),
    ]
    before = written()
    result = documents_import(
        organisation=world.org_a,
        actor=None,
        source=read_source("legacy.csv", csv_bytes(rows), "csv"),
    )
    problems = {(e.row, e.column): e.message for e in result.errors}
    assert "U+0000" in problems[(2, "subject")]
    assert "Give a date from 1900-01-01" in problems[(3, "received_on")]
    assert "U+0007" in problems[(4, "correspondent")]
    assert "U+000B" in problems[(5, "description")]
    assert "Give a date from 1900-01-01" in problems[(6, "deadline")]
    assert written() == before


def test_the_import_finds_a_correspondent_by_name_whatever_its_case_and_spacing(
    world: Any, registry: Any
) -> None:
    register_letter(world, registry, new_correspondent={"name": "Иван Петров"})
    rows = [
        bg_row("1/02.06.2025", "2025-06-02", correspondent="иван  петров"),
        bg_row("2/02.06.2025", "2025-06-02", correspondent="ИВАН ПЕТРОВ "),
    ]
    result = documents_import(
        organisation=world.org_a,
        actor=None,
        source=read_source("legacy.csv", csv_bytes(rows), "csv"),
    )
    assert result.ok, result.errors
    assert result.correspondents_created == 0
    assert Correspondent.objects.count() == 1


def test_an_e_mail_registered_with_an_unreadable_subject_stays_a_draft(
    world: Any, registry: Any, media: Path
) -> None:
    from .test_intake import receive, simple_eml

    message = receive(world, simple_eml()).message
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.intake_register(
            message=message,
            actor=world.registrar_a,
            register=registry.general,
            kind=registry.letter,
            subject=" \t ",
            new_correspondent={"name": "Anna Nowak", "email": "anna@example.pl"},
        )
    assert "subject" in refused.value.message_dict
    assert written() == before
    assert IntakeMessage.objects.get(pk=message.pk).status == "draft"


def test_an_e_mail_sent_long_ago_is_registered_as_received_today(
    world: Any, registry: Any, media: Path
) -> None:
    from .test_intake import receive, simple_eml

    eml = simple_eml().replace(b"Tue, 17 Nov 2026", b"Mon, 17 Nov 1980")
    message = receive(world, eml).message
    registration = services.intake_register(
        message=message,
        actor=world.registrar_a,
        register=registry.general,
        kind=registry.letter,
        subject="Wniosek",
        new_correspondent={"name": "Anna Nowak", "email": "anna@example.pl"},
    )
    assert registration.document.received_on == timezone.localdate()


def test_a_task_due_in_a_hundred_years_is_refused(world: Any, registry: Any) -> None:
    document = register_letter(world, registry).document
    with pytest.raises(ValidationError) as refused:
        services.task_assign(
            organisation=world.org_a,
            actor=world.admin_a,
            instruction="Отговорете",
            due_on=date(2126, 1, 1),
            document=document,
            unit=world.unit_a,
        )
    assert "due_on" in refused.value.message_dict
    assert not document.tasks.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"answers": {"deceased": "Иван\x00"}}, "deceased", "Null characters are not allowed."),
        ({"answers": {"deceased": "Иван\x1b[31m"}}, "deceased", "(U+001B)"),
        ({"name": "\u200b\u200b"}, "name", "Write at least one visible character."),
    ],
)
def test_an_application_with_unreadable_text_is_refused_and_files_nothing(
    world: Any, service: Any, change: dict[str, Any], field: str, message: str
) -> None:
    from municipium.eservices.models import Application

    from .test_eservices_api import GOOD, post

    body = {
        "name": change.get("name", GOOD["name"]),
        "answers": {**GOOD["answers"], **change.get("answers", {})},
    }
    before = written()
    response = post(
        client_for(world.citizen), "/api/v1/orgs/alpha/services/heirs-api/applications", body
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(f"{field}: ")
    assert message in response.json()["detail"]
    assert written() == before
    assert not Application.objects.exists()
