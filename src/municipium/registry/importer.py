"""Import an existing registry (from before Municipium) from CSV or JSON, keeping its numbers.

A file is imported whole or not at all: every row is checked first and every problem is
reported with its row and column; only a file without a single problem is written, in one
transaction. The counters of the registers are then raised past the imported numbers, so new
registrations continue after them.

Columns (CSV header, or the keys of each JSON object; JSON may be a list or
{"documents": [...]}):

    register, number, registered_at, direction, kind, subject, channel   required
    seq                       the sequence, when the number does not follow the register's mask
    correspondent, correspondent_identifier_type, correspondent_identifier, correspondent_kind
    sheets, confidentiality (public or internal), status (default closed), annulment_reason
    (required with the status annulled), description, received_on, sent_on, deadline,
    answered_on

Dates are ISO (2025-11-21, 2025-11-21T09:30, with or without an offset) or as offices write
them (21.11.2025, 21.11.2025 09:30); times without an offset are local time. Rows are counted
as a spreadsheet shows them: the CSV header is row 1, its first document row 2; in JSON the
first document is row 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from municipium.audit.services import audit_record
from municipium.db_statistics import analyze_after_bulk
from municipium.search.services import index_later
from municipium.tenants.models import Organisation
from municipium.validators import check_plain_text, has_visible_character, normalise_spaces
from municipium.workdays.deadlines import compute_deadline

from . import masks
from .models import (
    Channel,
    Confidentiality,
    Correspondent,
    CorrespondentKind,
    Direction,
    Document,
    DocumentKind,
    IdentifierType,
    Register,
    RegisterCounter,
    Status,
    validate_identifier,
)

FORMATS = ("csv", "json")
REQUIRED = ("register", "number", "registered_at", "direction", "kind", "subject", "channel")
OPTIONAL = (
    "seq",
    "correspondent",
    "correspondent_identifier_type",
    "correspondent_identifier",
    "correspondent_kind",
    "sheets",
    "confidentiality",
    "status",
    "annulment_reason",
    "description",
    "received_on",
    "sent_on",
    "deadline",
    "answered_on",
)
COLUMNS = REQUIRED + OPTIONAL
BATCH_SIZE = 2000
# SQLite allows 999 parameters per statement (Django's limit); lookups go in chunks below it.
_CHUNK = 500
_ORGANISATION_IDENTIFIERS = {IdentifierType.EIK, IdentifierType.NIP, IdentifierType.REGON}
_IMPORTABLE_CONFIDENTIALITY = (Confidentiality.PUBLIC, Confidentiality.INTERNAL)

# (phase, rows done in this step, rows in the phase); phases are "check" and "write".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RowError:
    row: int  # 0 when the problem is the file itself
    column: str  # "" when it is about the whole row
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class RegisterSummary:
    count: int
    first: str
    last: str


@dataclass
class ImportResult:
    count: int = 0
    errors: list[RowError] = field(default_factory=list)
    registers: dict[str, RegisterSummary] = field(default_factory=dict)
    correspondents_created: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Numbers ---------------------------------------------------------------------------------

_DATE_PATTERNS = {"yyyy": r"\d{4}", "yy": r"\d{2}", "mm": r"\d{1,2}", "dd": r"\d{1,2}"}


@lru_cache(maxsize=256)
def number_pattern(mask: str) -> re.Pattern[str]:
    """A regular expression that matches the numbers a mask renders, built from its tokens.

    Literal text is escaped, {seq} becomes a group of digits, the date parts groups of two or
    four digits, {unit}/{class}/{register} some text; a placeholder used twice must repeat
    the same text. Nothing of the mask is evaluated.
    """
    parts: list[str] = []
    seen: set[str] = set()
    for token in masks.parse(mask):
        if isinstance(token, str):
            parts.append(re.escape(token))
        elif token.name in seen:
            parts.append(f"(?P={token.name})")
        else:
            seen.add(token.name)
            body = r"\d+" if token.name == "seq" else _DATE_PATTERNS.get(token.name, r".+?")
            parts.append(f"(?P<{token.name}>{body})")
    return re.compile("".join(parts), re.ASCII)


def parse_number(mask: str, number: str) -> dict[str, str] | None:
    """The parts of a number written with the mask ({"seq": "123", "yyyy": "2025", …}),
    or None when the number does not follow the mask."""
    match = number_pattern(mask).fullmatch(number)
    return match.groupdict() if match else None


def _date_disagreement(parts: Mapping[str, str], on: date) -> str | None:
    expected = {"yyyy": on.year, "yy": on.year % 100, "mm": on.month, "dd": on.day}
    for name, value in expected.items():
        if name in parts and int(parts[name]) != value:
            return (
                f"the number's {{{name}}} is {parts[name]} but registered_at is "
                f"{on.isoformat()}; the date in a number is the date of registration"
            )
    return None


# --- Values ----------------------------------------------------------------------------------

_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_when(text: str) -> datetime | date:
    """A date or a datetime from ISO or dd.mm.yyyy [HH:MM[:SS]]; ValueError otherwise."""
    text = text.strip()
    dotted = _DOTTED.fullmatch(text)
    if dotted:
        day, month, year, hour, minute, second = dotted.groups()
        on = date(int(year), int(month), int(day))
        if hour is None:
            return on
        return datetime.combine(on, time(int(hour), int(minute), int(second or 0)))
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def _aware(value: datetime | date) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).strip()


# --- Reading files ---------------------------------------------------------------------------


@dataclass
class Source:
    name: str
    rows: list[tuple[int, dict[str, str]]]
    errors: list[RowError]


def format_of(path: Path, given: str | None = None) -> str | None:
    """The format named, or the one the file's extension says; None when neither tells."""
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def read_source(name: str, data: bytes, fmt: str) -> Source:
    """The rows of a file, each as (row number, {column: text}); problems of the file itself
    (not UTF-8, not JSON, missing or unknown columns) come back as errors."""
    source = Source(name=name, rows=[], errors=[])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        source.errors.append(RowError(0, "", f"not UTF-8 text (byte {error.start + 1})"))
        return source
    if fmt == "csv":
        _read_csv(text, source)
    else:
        _read_json(text, source)
    return source


def _read_csv(text: str, source: Source) -> None:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(reader, None)
    if not header:
        source.errors.append(RowError(0, "", "the file is empty"))
        return
    columns = [name.strip().lower() for name in header]
    _check_columns(columns, 1, source)
    if source.errors:
        return
    for index, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            source.errors.append(
                RowError(index, "", f"{len(values)} cells but the header has {len(columns)}")
            )
            continue
        cells = zip(columns, values, strict=False)
        source.rows.append((index, {c: v.strip() for c, v in cells if c}))


def _read_json(text: str, source: Source) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        source.errors.append(RowError(0, "", f"not valid JSON: {error}"))
        return
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        data = data["documents"]
    if not isinstance(data, list):
        source.errors.append(
            RowError(0, "", 'expected a list of documents or {"documents": [...]}')
        )
        return
    unknown: dict[str, int] = {}
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            source.errors.append(RowError(index, "", "expected an object"))
            continue
        row = {}
        for key, value in item.items():
            column = str(key).strip().lower()
            if column not in COLUMNS:
                unknown.setdefault(column, index)
            elif isinstance(value, dict | list):
                source.errors.append(RowError(index, column, "expected a value, not a structure"))
            else:
                row[column] = _text(value)
        source.rows.append((index, row))
    for column, index in unknown.items():
        source.errors.append(RowError(index, column, _unknown_column(column)))
    if not data:
        source.errors.append(RowError(0, "", "the file has no documents"))


def _unknown_column(column: str) -> str:
    return f"unknown column {column!r}; the columns are: {', '.join(COLUMNS)}"


def _check_columns(columns: Sequence[str], row: int, source: Source) -> None:
    for column in columns:
        if column and column not in COLUMNS:
            source.errors.append(RowError(row, column, _unknown_column(column)))
    for column in REQUIRED:
        if column not in columns:
            source.errors.append(RowError(row, column, "this required column is missing"))
    duplicates = {c for c in columns if c and columns.count(c) > 1}
    for column in sorted(duplicates):
        source.errors.append(RowError(row, column, "this column appears twice"))


# --- Checking rows ---------------------------------------------------------------------------


@dataclass
class _CorrespondentRef:
    name: str
    kind: str
    identifier_type: str
    identifier: str

    @property
    def key(self) -> tuple[str, str, str]:
        if self.identifier:
            return ("id", self.identifier_type, self.identifier)
        return ("name", "", Correspondent.key_for(self.name, ""))


@dataclass
class _Row:
    row: int
    register: Register
    period: int
    seq: int
    document: Document
    correspondent: _CorrespondentRef | None


class _Checker:
    """Turns rows into unsaved documents, collecting every problem on the way."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.registers = {r.code: r for r in Register.objects.filter(organisation=organisation)}
        self.kinds = {
            k.code: k
            for k in DocumentKind.objects.filter(organisation=organisation).select_related(
                "deadline_rule"
            )
        }
        self.errors: list[RowError] = []
        self.now = timezone.now()
        self.language = organisation.main_language
        self._deadlines: dict[tuple[date, int], date] = {}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def check(self, row: int, values: Mapping[str, str]) -> _Row | None:
        before = len(self.errors)
        for column in REQUIRED:
            if not values.get(column):
                self.error(row, column, "required")

        register = self._choice(row, values, "register", self.registers)
        kind = self._choice(row, values, "kind", self.kinds)
        direction = self._enum(row, values, "direction", Direction.values)
        channel = self._enum(row, values, "channel", Channel.values)
        status = self._enum(row, values, "status", Status.values, default=Status.CLOSED)
        confidentiality = self._confidentiality(row, values)
        if register is not None and direction and not register.accepts(direction):
            self.error(
                row,
                "direction",
                f"the register {register.code} does not take {direction} documents",
            )
        registered_at = self._registered_at(row, values)
        received_on = self._date(row, values, "received_on")
        sent_on = self._date(row, values, "sent_on")
        deadline = self._date(row, values, "deadline")
        answered_on = self._date(row, values, "answered_on")
        subject = values.get("subject", "")
        if len(subject) > 500:
            self.error(row, "subject", "longer than 500 characters")
        number = values.get("number", "")
        if len(number) > 100:
            self.error(row, "number", "longer than 100 characters")
        self._plain(row, values, "number")
        sheets = self._count(row, values, "sheets")
        reason = values.get("annulment_reason", "")
        if status == Status.ANNULLED and not reason:
            self.error(row, "annulment_reason", "an annulled document needs the reason")
        correspondent = self._correspondent(row, values)

        seq = None
        if register is not None and number and registered_at is not None:
            seq = self._seq(row, values, register, number, timezone.localdate(registered_at))
        if len(self.errors) > before:
            return None
        assert register is not None and kind is not None and registered_at is not None
        assert seq is not None
        local_day = timezone.localdate(registered_at)
        if deadline is None and direction == Direction.INCOMING and kind.deadline_rule is not None:
            deadline = self._deadline(received_on or local_day, kind)
        document = Document(
            organisation=self.organisation,
            register=register,
            period=local_day.year if register.restart_yearly else 0,
            seq=seq,
            number=number,
            direction=direction,
            kind=kind,
            subject=subject,
            description=values.get("description", ""),
            received_on=received_on,
            registered_at=registered_at,
            sent_on=sent_on,
            channel=channel,
            language=self.language,
            sheets=sheets,
            confidentiality=confidentiality,
            status=status,
            annulment_reason=reason if status == Status.ANNULLED else "",
            deadline=deadline,
            answered_on=answered_on,
        )
        # The rules every registration follows: readable text, dates that can be true.
        try:
            document.clean()
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                self.error(row, column, " ".join(messages))
            return None
        return _Row(row, register, document.period, seq, document, correspondent)

    def _plain(self, row: int, values: Mapping[str, str], column: str) -> bool:
        try:
            check_plain_text(values.get(column, ""))
        except ValidationError as error:
            self.error(row, column, " ".join(error.messages))
            return False
        return True

    def _choice(self, row: int, values: Mapping[str, str], column: str, known: dict) -> Any:
        code = values.get(column, "")
        if not code:
            return None
        if code not in known:
            self.error(
                row,
                column,
                f"no {column} with the code {code!r}; known: {', '.join(sorted(known))}",
            )
            return None
        return known[code]

    def _enum(
        self,
        row: int,
        values: Mapping[str, str],
        column: str,
        allowed: Sequence[str],
        default: str = "",
    ) -> str:
        value = values.get(column, "").lower()
        if not value:
            return default
        if value not in allowed:
            self.error(row, column, f"{value!r} is not one of: {', '.join(allowed)}")
            return default
        return value

    def _confidentiality(self, row: int, values: Mapping[str, str]) -> str:
        value = values.get("confidentiality", "").lower() or Confidentiality.INTERNAL
        if value == Confidentiality.CONFIDENTIAL:
            self.error(
                row,
                "confidentiality",
                "confidential documents cannot be imported: they need named readers; import "
                "the row as internal and mark it confidential with its readers afterwards",
            )
        elif value not in _IMPORTABLE_CONFIDENTIALITY:
            self.error(row, "confidentiality", f"{value!r} is not one of: public, internal")
        return value

    def _registered_at(self, row: int, values: Mapping[str, str]) -> datetime | None:
        text = values.get("registered_at", "")
        if not text:
            return None
        try:
            when = _aware(parse_when(text))
        except ValueError:
            self.error(row, "registered_at", f"{text!r} is not a date (2025-11-21 or 21.11.2025)")
            return None
        if when > self.now:
            self.error(row, "registered_at", f"{text} is in the future")
            return None
        return when

    def _date(self, row: int, values: Mapping[str, str], column: str) -> date | None:
        text = values.get(column, "")
        if not text:
            return None
        try:
            when = parse_when(text)
        except ValueError:
            self.error(row, column, f"{text!r} is not a date (2025-11-21 or 21.11.2025)")
            return None
        if isinstance(when, datetime):
            return timezone.localdate(when) if when.tzinfo else when.date()
        return when

    def _count(self, row: int, values: Mapping[str, str], column: str) -> int:
        text = values.get(column, "")
        if not text:
            return 0
        if not _is_number(text) or int(text) > 100000:
            self.error(row, column, f"{text!r} is not a whole number from 0 to 100000")
            return 0
        return int(text)

    def _seq(
        self, row: int, values: Mapping[str, str], register: Register, number: str, on: date
    ) -> int | None:
        parts = parse_number(register.mask, number)
        given = values.get("seq", "")
        if given and (not _is_number(given) or int(given) < 1):
            self.error(row, "seq", f"{given!r} is not a whole number above 0")
            return None
        if parts is None:
            if given:  # an older numbering: the seq column says where it goes
                return int(given)
            self.error(
                row,
                "number",
                f"{number!r} does not follow the mask {register.mask} of the register "
                f"{register.code}; give its sequence in a seq column",
            )
            return None
        seq = int(parts["seq"])
        if given and int(given) != seq:
            self.error(row, "seq", f"{given} but the number {number} says {seq}")
            return None
        problem = _date_disagreement(parts, on)
        if problem:
            self.error(row, "number", problem)
            return None
        if seq < 1:
            self.error(row, "number", "the sequence in the number must be above 0")
            return None
        return seq

    def _correspondent(self, row: int, values: Mapping[str, str]) -> _CorrespondentRef | None:
        name = values.get("correspondent", "")
        kind_of_id = values.get("correspondent_identifier_type", "").lower()
        identifier = values.get("correspondent_identifier", "")
        kind = values.get("correspondent_kind", "").lower()
        if not (name or identifier or kind_of_id):
            return None
        ok = self._plain(row, values, "correspondent")
        name = normalise_spaces(name)
        if len(name) > 200:
            self.error(row, "correspondent", "longer than 200 characters")
            ok = False
        elif ok and name and not has_visible_character(name):
            self.error(row, "correspondent", "only spaces or invisible characters")
            ok = False
        if not self._plain(row, values, "correspondent_identifier"):
            return None
        if kind and kind not in CorrespondentKind.values:
            self.error(
                row,
                "correspondent_kind",
                f"{kind!r} is not one of: {', '.join(CorrespondentKind.values)}",
            )
            ok = False
        if kind_of_id and kind_of_id not in IdentifierType.values:
            known = ", ".join(v for v in IdentifierType.values if v)
            self.error(
                row, "correspondent_identifier_type", f"{kind_of_id!r} is not one of: {known}"
            )
            return None
        if identifier and not kind_of_id:
            self.error(row, "correspondent_identifier_type", "say what kind of identifier this is")
            return None
        if kind_of_id and not identifier:
            self.error(row, "correspondent_identifier", "the identifier is missing")
            return None
        if identifier:
            try:
                identifier = validate_identifier(kind_of_id, identifier)
            except ValidationError as error:
                self.error(row, "correspondent_identifier", " ".join(error.messages))
                return None
        if not ok:
            return None
        if not kind:
            kind = (
                CorrespondentKind.ORGANISATION
                if kind_of_id in _ORGANISATION_IDENTIFIERS
                else CorrespondentKind.PERSON
            )
        return _CorrespondentRef(name, kind, kind_of_id, identifier)

    def _deadline(self, start: date, kind: DocumentKind) -> date:
        rule = kind.deadline_rule
        assert rule is not None
        key = (start, rule.pk)
        if key not in self._deadlines:
            self._deadlines[key] = compute_deadline(
                start=start,
                amount=rule.amount,
                unit=rule.unit,
                country=self.organisation.country,
                roll_to_working_day=rule.roll_to_working_day,
            )
        return self._deadlines[key]


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _resolve_correspondents(
    organisation: Organisation, rows: list[_Row], errors: list[RowError]
) -> list[Correspondent]:
    """Point each row at an existing correspondent (same identifier, else the same exact name)
    or at a new one shared by all rows naming it. Returns the new, unsaved ones."""
    refs = [r.correspondent for r in rows if r.correspondent is not None]
    identifiers = sorted({ref.identifier for ref in refs if ref.identifier})
    names = sorted({ref.name for ref in refs if ref.name and not ref.identifier})
    known: dict[tuple[str, str, str], Correspondent] = {}
    existing = Correspondent.objects.filter(organisation=organisation).order_by("-id")
    for chunk in _chunks(identifiers):
        for c in existing.filter(identifier__in=chunk):
            known[("id", c.identifier_type, c.identifier)] = c
    for chunk in _chunks(names):
        keys = [Correspondent.key_for(name, "") for name in chunk]
        for c in existing.filter(match_key__in=keys):
            known[("name", "", c.match_key)] = c  # ordered newest first: the oldest one wins
    created: list[Correspondent] = []
    for row in rows:
        ref = row.correspondent
        if ref is None:
            continue
        found = known.get(ref.key)
        if found is None:
            if not ref.name:
                errors.append(
                    RowError(
                        row.row,
                        "correspondent",
                        "no correspondent has this identifier yet: give the name",
                    )
                )
                continue
            found = Correspondent(
                organisation=organisation,
                kind=ref.kind,
                name=ref.name,
                identifier_type=ref.identifier_type,
                identifier=ref.identifier,
                match_key=Correspondent.key_for(ref.name, ""),
            )
            known[ref.key] = found
            created.append(found)
        row.document.correspondent = found
    return created


def _duplicates_in_file(rows: list[_Row], errors: list[RowError]) -> None:
    first: dict[tuple[int, int, int], _Row] = {}
    for row in rows:
        key = (row.register.pk, row.period, row.seq)
        if key in first:
            errors.append(
                RowError(
                    row.row,
                    "number",
                    f"{row.document.number} has the same sequence in {_period_label(row)} "
                    f"as row {first[key].row} ({first[key].document.number})",
                )
            )
        else:
            first[key] = row


def _period_label(row: _Row) -> str:
    year = f" {row.period}" if row.period else ""
    return f"the register {row.register.code}{year}"


def _lock_counters(keys: Iterable[tuple[Register, int]]) -> dict[tuple[int, int], RegisterCounter]:
    """Lock (creating when missing) each register's counter for the period, in a fixed order
    so two importers cannot deadlock; registrations in these periods wait until we commit."""
    locked = {}
    for register, period in sorted(keys, key=lambda k: (k[0].pk, k[1])):
        RegisterCounter.objects.bulk_create(
            [RegisterCounter(register=register, period=period, last=0)], ignore_conflicts=True
        )
        locked[(register.pk, period)] = RegisterCounter.objects.select_for_update().get(
            register=register, period=period
        )
    return locked


def _duplicates_in_database(
    groups: dict[tuple[int, int], list[_Row]], errors: list[RowError]
) -> None:
    for (register_id, period), rows in groups.items():
        seqs = sorted({r.seq for r in rows})
        taken: dict[int, str] = {}
        for chunk in _chunks(seqs):
            taken.update(
                Document.objects.filter(
                    register_id=register_id, period=period, seq__in=chunk
                ).values_list("seq", "number")
            )
        for row in rows:
            if row.seq in taken:
                errors.append(
                    RowError(
                        row.row,
                        "number",
                        f"{_period_label(row)} already has number {taken[row.seq]} "
                        f"(sequence {row.seq})",
                    )
                )


def documents_import(
    *,
    organisation: Organisation,
    actor: Any,
    source: Source,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import the rows of a file into the organisation's registers, all or nothing.

    Every problem of every row is reported; with any problem nothing is written. Otherwise the
    documents keep their numbers, correspondents are reused or created, each register's
    counter is raised to at least the highest imported sequence of each period, and the
    journal gets one entry per register (plus one for the new correspondents), all in one
    transaction. A dry run checks everything, the database included, and writes nothing.
    """
    result = ImportResult(dry_run=dry_run, errors=list(source.errors))
    if result.errors:
        return result
    report = progress or (lambda phase, done, total: None)
    checker = _Checker(organisation)
    rows: list[_Row] = []
    total = len(source.rows)
    for done, (number, values) in enumerate(source.rows, start=1):
        checked = checker.check(number, values)
        if checked is not None:
            rows.append(checked)
        if done % 500 == 0 or done == total:
            report("check", done - (done - 1) // 500 * 500, total)
    result.errors = checker.errors
    _duplicates_in_file(rows, result.errors)
    new_correspondents = _resolve_correspondents(organisation, rows, result.errors)
    groups: dict[tuple[int, int], list[_Row]] = defaultdict(list)
    for row in rows:
        groups[(row.register.pk, row.period)].append(row)
    if result.errors:
        # Name the numbers already taken too, so one report lists every problem.
        _duplicates_in_database(groups, result.errors)
        result.errors.sort(key=lambda e: e.row)
        return result
    if not rows:
        result.errors.append(RowError(0, "", "the file has no documents"))
        return result

    with transaction.atomic():
        counters = _lock_counters({(g[0].register, g[0].period) for g in groups.values()})
        _duplicates_in_database(groups, result.errors)
        if result.errors:
            result.errors.sort(key=lambda e: e.row)
            transaction.set_rollback(True)
            return result
        # bulk_create fills in their ids; the documents pointing at them pick them up on save.
        Correspondent.objects.bulk_create(new_correspondents, batch_size=batch_size)
        documents = [row.document for row in rows]
        for start in range(0, len(documents), batch_size):
            batch = documents[start : start + batch_size]
            Document.objects.bulk_create(batch)
            report("write", len(batch), len(documents))
        # The search index takes them through the outbox, like every other change.
        index_later(model=Correspondent, object_ids=[c.pk for c in new_correspondents])
        index_later(model=Document, object_ids=[d.pk for d in documents])
        for (register_id, period), group in groups.items():
            counter = counters[(register_id, period)]
            highest = max(r.seq for r in group)
            if highest > counter.last:
                RegisterCounter.objects.filter(pk=counter.pk).update(last=highest)
        result.registers = _audit(organisation, actor, source.name, rows, new_correspondents)
        result.count = len(rows)
        result.correspondents_created = len(new_correspondents)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        # Fresh planner statistics for what was loaded (PostgreSQL; see db_statistics).
        analyze_after_bulk(result.count, Document, Correspondent)
    return result


def _audit(
    organisation: Organisation,
    actor: Any,
    file_name: str,
    rows: list[_Row],
    new_correspondents: list[Correspondent],
) -> dict[str, RegisterSummary]:
    by_register: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_register[row.register.code].append(row)
    summaries = {}
    for code in sorted(by_register):
        group = sorted(by_register[code], key=lambda r: (r.period, r.seq))
        summary = RegisterSummary(
            count=len(group), first=group[0].document.number, last=group[-1].document.number
        )
        summaries[code] = summary
        audit_record(
            organisation=organisation,
            actor=actor,
            action="document.import",
            obj=group[0].register,
            changes={
                "file": file_name,
                "count": summary.count,
                "first": summary.first,
                "last": summary.last,
                "periods": sorted({r.period for r in group}),
            },
        )
    if new_correspondents:
        audit_record(
            organisation=organisation,
            actor=actor,
            action="correspondent.import",
            changes={"file": file_name, "count": len(new_correspondents)},
        )
    return summaries


def import_file(
    *,
    organisation: Organisation,
    actor: Any,
    path: Path,
    fmt: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Read a CSV or JSON file and import it with `documents_import`."""
    source = read_source(path.name, path.read_bytes(), fmt)
    return documents_import(
        organisation=organisation,
        actor=actor,
        source=source,
        dry_run=dry_run,
        progress=progress,
    )
