"""Rules for text and dates that every entry point shares (API, pages, imports, e-mail intake).

They are called from the models' `clean()` and from the services, so a rule holds however
the data arrives; the importer reports their messages per row and column.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# No office works with dates before this one; older ones are typing mistakes.
EARLIEST_DATE = date(1900, 1, 1)
# Tab and line breaks are the only control characters a multi-line text may hold.
_MULTILINE_CONTROLS = frozenset("\t\n\r")


def _is_refused(char: str, multiline: bool) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return not (multiline and char in _MULTILINE_CONTROLS)
    # A lone surrogate cannot be stored as UTF-8 (PostgreSQL refuses it).
    return category == "Cs"


def check_plain_text(value: str, *, multiline: bool = False) -> None:
    """Refuse NUL and other control characters (tab and line breaks are kept in a
    multi-line text): they cannot be stored by every database, nor shown or printed."""
    for char in value:
        if _is_refused(char, multiline):
            raise ValidationError(
                _("The text holds a control character (U+%(code)04X); remove it.")
                % {"code": ord(char)},
                code="control_character",
            )


def has_visible_character(value: str) -> bool:
    """A letter, digit, punctuation mark or symbol: not only spaces or invisible marks."""
    return any(unicodedata.category(char)[0] in "LMNPS" for char in value)


def check_visible_text(value: str) -> None:
    """Refuse a text of spaces or invisible characters only (and any control character)."""
    check_plain_text(value)
    if not has_visible_character(value):
        raise ValidationError(_("Write at least one visible character."), code="blank")


def normalise_spaces(value: str) -> str:
    """One space between words, none at the ends (names and addresses)."""
    return " ".join(value.split())


def latest_past_date(today: date | None = None) -> date:
    """Tomorrow: a date that has happened, allowing for the time zone of whoever typed it."""
    return (today or timezone.localdate()) + timedelta(days=1)


def check_past_date(value: date | None, *, today: date | None = None) -> None:
    """A date that has already happened (received, sent, answered): from 1900 to tomorrow."""
    if value is None:
        return
    latest = latest_past_date(today)
    if value < EARLIEST_DATE or value > latest:
        raise ValidationError(
            _("Give a date from %(earliest)s to %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()},
            code="implausible_date",
        )


# A deadline or a due date lies ahead, but not beyond what any statutory time or plan allows.
FUTURE_YEARS = 10


def check_planned_date(value: date | None, *, today: date | None = None) -> None:
    """A date that is planned (a deadline, a due date): from 1900 to ten years ahead."""
    if value is None:
        return
    today = today or timezone.localdate()
    latest = today.replace(year=today.year + FUTURE_YEARS, day=min(today.day, 28))
    if value < EARLIEST_DATE or value > latest:
        raise ValidationError(
            _("Give a date from %(earliest)s to %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()},
            code="implausible_date",
        )
