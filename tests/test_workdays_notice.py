"""The draft letter telling a party that its case will be settled later, and why."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from municipium.workdays.services import extension_notice

LETTER = {
    "deadline_old": date(2026, 11, 12),
    "deadline_new": date(2026, 12, 28),
    "reason": "The requested information must first be gathered from three units.",
    "legal_basis": "UDIP art. 13 ust. 2",
    "organisation_name": "Gmina Beta",
    "subject": "Request for public information of 28.10.2026",
    "party_name": "Jan Kowalski",
}


@pytest.mark.parametrize(
    ("language", "old", "new"),
    [
        ("bg", "12.11.2026 г.", "28.12.2026 г."),
        ("pl", "12 listopada 2026", "28 grudnia 2026"),
        ("en", "Nov. 12, 2026", "Dec. 28, 2026"),
    ],
)
def test_the_notice_states_the_reason_the_new_date_and_the_legal_basis(language, old, new):
    text = extension_notice(**LETTER, language=language)
    for value in (
        LETTER["reason"],
        LETTER["legal_basis"],
        LETTER["organisation_name"],
        LETTER["subject"],
        LETTER["party_name"],
        old,
        new,
    ):
        assert value in text
    assert text.index(old) < text.index(new)


def test_the_notice_does_not_change_the_active_language():
    with translation.override("pl"):
        extension_notice(**LETTER, language="bg")
        assert translation.get_language() == "pl"


def test_the_notice_is_plain_text_that_keeps_what_the_official_typed():
    text = extension_notice(
        **{**LETTER, "party_name": "Kowalski & Syn <biuro>", "reason": "Line one.\nLine two."},
        language="en",
    )
    assert "Kowalski & Syn <biuro>" in text
    assert "Line one.\nLine two." in text
    assert "\n\n\n" not in text


def test_the_notice_ends_with_the_instruction_when_one_is_given():
    instruction = "You may file a reminder (ponaglenie) under KPA art. 37."
    text = extension_notice(**LETTER, language="pl", instruction=instruction)
    assert text.rstrip().endswith(instruction)
    assert instruction not in extension_notice(**LETTER, language="pl")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline_new": date(2026, 11, 12)}, "deadline_new"),
        ({"deadline_new": date(2026, 11, 1)}, "deadline_new"),
        ({"reason": "   "}, "reason"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"language": "de"}, "language"),
    ],
)
def test_a_notice_without_a_later_date_a_reason_or_a_known_language_is_refused(changes, field):
    with pytest.raises(ValidationError) as raised:
        extension_notice(**{**LETTER, "language": "pl", **changes})
    assert field in raised.value.message_dict
