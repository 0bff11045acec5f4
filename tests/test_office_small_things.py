"""The small things of issue 16, item 7: ISO values in date pickers, dates in the page's
language, checkboxes beside their labels, a named empty choice, required marks on conditional
fields, outgoing letters worded as sent, the answer's address, assignees with role and unit,
the site icon, demo fees in euro."""

from __future__ import annotations

import re
from typing import Any

import pytest

from municipium.eservices.demo import _catalogue
from municipium.eservices.services import display_value
from municipium.registry.models import Document
from municipium.registry.services import correspondent_create
from municipium.tenants.models import Role

from .conftest import add_member, client_for, make_user, register_letter
from .test_eservices_support import make_service

DATE_INPUT = re.compile(r'<input type="date"[^>]*>')


def _date_values(html: str) -> list[str]:
    return [
        m.group(1) for tag in DATE_INPUT.findall(html) if (m := re.search(r'value="([^"]*)"', tag))
    ]


@pytest.mark.parametrize("language", ["pl", "bg", "en"])
def test_date_pickers_get_their_value_as_yyyy_mm_dd_in_every_language(world, registry, language):
    user = make_user(f"registrar-{language}@example.org")
    add_member(world.org_b, user, Role.REGISTRAR, Role.MANAGER)
    body = client_for(user, language).get("/beta/office/registry/book/").content.decode()
    values = _date_values(body)
    assert values, "the book form has its period prefilled"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in values), values


def test_a_date_picker_keeps_an_iso_value_after_an_error_on_a_polish_page(world, registry):
    user = make_user("kancelaria@example.org")
    add_member(world.org_b, user, Role.REGISTRAR)
    response = client_for(user, "pl").get(
        "/beta/office/registry/book/",
        {"register": "rpw", "date_from": "2026-01-01", "date_to": "2026-01-31", "format": "x"},
    )
    assert response.status_code == 400
    assert "2026-01-01" in _date_values(response.content.decode())


def test_a_citizens_date_answer_is_shown_as_the_language_writes_dates():
    field = {"type": "date", "key": "born"}
    assert display_value(field, "2026-10-02", "bg", ["bg"]) == "02.10.2026"
    assert display_value(field, "2026-10-02", "pl", ["pl"]) == "02.10.2026"
    assert display_value(field, "not a date", "bg", ["bg"]) == "not a date"


def test_a_checkbox_sits_beside_its_label(world, registry):
    body = client_for(world.registrar_a).get("/alpha/office/registry/").content.decode()
    assert re.search(
        r'<div class="checkbox"><input type="checkbox" name="overdue"[^>]*> '
        r'<label for="id_overdue">',
        body,
    )


def test_no_dashes_for_the_empty_choice(world, registry):
    body = client_for(world.registrar_a).get("/alpha/office/registry/new/").content.decode()
    assert "---------" not in body
    assert "— choose —" in body


def test_a_conditionally_required_field_carries_the_required_mark(world, registry):
    make_service(world, registry)
    body = client_for(world.citizen).get("/alpha/services/heirs/apply/").content.decode()
    address = body[body.index('data-show-if="f_delivery"') :]
    address = address[: address.index("</div>")]
    assert 'class="required-mark"' in address


def test_the_answer_is_sent_not_received_and_keeps_the_address(world, registry):
    sender = correspondent_create(
        organisation=world.org_a,
        actor=world.registrar_a,
        kind="person",
        name="Иван Петров",
        address="ул. „Липа“ 5, Алфа",
    )
    letter = register_letter(world, registry, correspondent=sender).document
    client = client_for(world.registrar_a)
    form = client.get(f"/alpha/office/registry/new/?reply_to={letter.pk}").content.decode()
    assert 'value="ул. „Липа“ 5, Алфа"' in form
    assert "Received on" not in form
    assert ">Sent by" in form
    assert "Delivery channel" not in form
    data = {
        "direction": "outgoing",
        "register": "general",
        "kind": "letter",
        "subject": "Отговор",
        "correspondent_id": sender.pk,
        "correspondent_name": sender.name,
        "correspondent_address": sender.address,
        "channel": "post",
        "sheets": 1,
        "confidentiality": "internal",
        "reply_to": letter.pk,
    }
    response = client.post("/alpha/office/registry/new/", data, follow=True)
    body = response.content.decode()
    assert "Access code for the sender" not in body
    answer = Document.objects.get(reply_to=letter)
    assert answer.correspondent.address == "ул. „Липа“ 5, Алфа"
    page = client.get(f"/alpha/office/registry/documents/{answer.pk}/").content.decode()
    assert "<dt>Sent by</dt>" in page
    assert "ул. „Липа“ 5, Алфа" in page


def test_an_incoming_registration_still_gives_the_senders_access_code(world, registry):
    data = {
        "direction": "incoming",
        "register": "general",
        "kind": "letter",
        "subject": "Писмо",
        "correspondent_name": "Мария",
        "correspondent_kind": "person",
        "channel": "post",
        "sheets": 1,
        "confidentiality": "internal",
    }
    response = client_for(world.registrar_a).post("/alpha/office/registry/new/", data, follow=True)
    assert "Access code for the sender" in response.content.decode()


def test_assignees_are_listed_with_their_role_and_unit(world, registry):
    document = register_letter(world, registry).document
    body = (
        client_for(world.admin_a)
        .get(f"/alpha/office/registry/documents/{document.pk}/")
        .content.decode()
    )
    assert "official-a — Official, Администрация" in body
    assert "registrar-a — Registrar, Администрация" in body
    assert "admin-a — Administrator<" in body


def test_the_site_answers_for_its_icon(world):
    for user in (None, world.citizen):
        response = client_for(user).get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/vnd.microsoft.icon"
        assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_bulgarian_demo_fees_are_in_euro():
    fees: list[Any] = [spec.get("fee") for spec in _catalogue("BG", "bg") if spec.get("fee")]
    assert fees
    text = " ".join(str(fee) for fee in fees)
    assert "лв" not in text and "BGN" not in text
    assert "€" in text
