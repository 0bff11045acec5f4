"""The audit journal as CSV: the entries in words (the reader's language) beside their codes,
so an auditor can both read and match them; each row carries its fingerprint."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEntry
from .phrases import Glossary, describe

# Text a spreadsheet would run as a formula starts with one of these (as in the registry book).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Quoted with an apostrophe when a spreadsheet would run it: object names and changes
    come from the public (subjects, correspondents) and must stay text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def journal_csv(entries: QuerySet[AuditEntry], glossary: Glossary | None = None) -> Iterator[str]:
    """Streamed, UTF-8 with a byte-order mark so spreadsheet programs read Cyrillic right."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(
        [
            _("Number"),
            _("Time"),
            _("Actor"),
            _("What happened"),
            _("Object"),
            _("What changed"),
            _("Action code"),
            _("Fingerprint"),
        ]
    )
    for entry in entries.iterator(chunk_size=2000):
        described = describe(entry, glossary)
        changes = "; ".join(f"{c.label}: {c.text}" for c in described.changes)
        row = [
            entry.seq,
            timezone.localtime(entry.at).isoformat(timespec="seconds"),
            entry.actor_label,
            described.sentence,
            entry.object_repr,
            changes,
            entry.action,
            entry.hash,
        ]
        yield writer.writerow([safe_cell(cell) for cell in row])
