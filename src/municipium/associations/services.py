"""Every write of the associations app: keyword-only services, each in one short transaction
with its journal entry. Parsing and checking (CSV files, forms) happen before the
transaction opens."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation
from municipium.tenants.public import public_changed

from . import rules
from .models import (
    PUBLIC_FIELDS,
    Application,
    ApplicationState,
    Body,
    EndReason,
    Fee,
    Mandate,
    Member,
    MemberCategory,
    MemberKind,
    Payment,
    PaymentSource,
    Seat,
    SeatRole,
    Statute,
)

STATUTE_FIELDS = [
    "convened_by_board",
    "request_share_numerator",
    "request_share_denominator",
    "notice_months",
    "notice_days",
    "channels",
    "quorum_numerator",
    "quorum_denominator",
    "quorum_strictly_more",
    "postponed_after_minutes",
    "postponed_quorum",
    "majority_ordinary",
    "majority_statute",
    "majority_dissolution",
    "majority_membership",
    "majority_election",
    "proxies_allowed",
    "proxies_per_holder",
    "vote_requires_good_standing",
    "fee_grace_days",
]
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _changed_on_commit(organisation: Organisation) -> None:
    transaction.on_commit(lambda: public_changed(organisation), robust=True)


# --- statute -------------------------------------------------------------------------------


def statute_of(organisation: Organisation) -> Statute:
    """The organisation's statute, created from its country's defaults the first time."""
    found = Statute.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    with transaction.atomic():
        statute, _created = Statute.objects.get_or_create(
            organisation=organisation, defaults=rules.defaults_for(organisation.country)
        )
    return statute


def statute_save(
    *, organisation: Organisation, actor: Any, values: dict[str, Any], request: Any = None
) -> Statute:
    """Change the statute's rules; refuses inconsistent ones (ValidationError), changing
    nothing."""
    statute = statute_of(organisation)
    before = {name: getattr(statute, name) for name in STATUTE_FIELDS}
    for name in STATUTE_FIELDS:
        if name in values:
            setattr(statute, name, values[name])
    statute.full_clean(exclude=["organisation"])
    changes = {
        name: [str(before[name]), str(getattr(statute, name))]
        for name in STATUTE_FIELDS
        if before[name] != getattr(statute, name)
    }
    with transaction.atomic():
        statute.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.statute_save",
            obj=statute,
            changes=changes,
            request=request,
        )
    return statute


# --- categories, fees ----------------------------------------------------------------------


def category_save(
    *, organisation: Organisation, actor: Any, code: str, name: str
) -> MemberCategory:
    code, name = code.strip().lower(), name.strip()
    if not code or not name:
        raise ValidationError(_("A category needs a code and a name."))
    with transaction.atomic():
        category, created = MemberCategory.objects.update_or_create(
            organisation=organisation, code=code, defaults={"name": name}
        )
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.category_save",
            obj=category,
            changes={"code": code, "name": name, "created": created},
        )
    return category


def fee_set(
    *, organisation: Organisation, actor: Any, category: MemberCategory, year: int, amount: Decimal
) -> Fee:
    if category.organisation_id != organisation.pk:
        raise ValidationError(_("Unknown category."))
    if amount < 0:
        raise ValidationError({"amount": _("A fee cannot be negative.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    with transaction.atomic():
        fee, _created = Fee.objects.update_or_create(
            organisation=organisation, category=category, year=year, defaults={"amount": amount}
        )
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.fee_set",
            obj=fee,
            changes={"category": category.code, "year": year, "amount": str(amount)},
        )
    return fee


# --- members -------------------------------------------------------------------------------


@dataclass
class MemberData:
    kind: str
    name: str
    category: MemberCategory
    starts_on: date
    email: str = ""
    delegate_name: str = ""
    phone: str = ""
    town: str = ""
    position: str = ""
    member_organisation: Organisation | None = None
    user: Any = None
    public_fields: list[str] = field(default_factory=list)


def _check_member(organisation: Organisation, data: MemberData) -> None:
    errors: dict[str, str] = {}
    if data.kind not in MemberKind.values:
        errors["kind"] = _("Choose a person or an organisation.")
    if not data.name.strip():
        errors["name"] = _("Give the member's name.")
    if data.category.organisation_id != organisation.pk:
        errors["category"] = _("Unknown category.")
    if data.kind == MemberKind.ORGANISATION and not data.delegate_name.strip():
        errors["delegate_name"] = _("An organisation votes through its delegate: name them.")
    unknown = set(data.public_fields) - set(PUBLIC_FIELDS)
    if unknown:
        errors["public_fields"] = _("Unknown field in the directory.")
    if errors:
        raise ValidationError(errors)


def member_add(
    *, organisation: Organisation, actor: Any, data: MemberData, request: Any = None
) -> Member:
    _check_member(organisation, data)
    with transaction.atomic():
        member = Member.objects.create(
            organisation=organisation,
            kind=data.kind,
            name=data.name.strip(),
            category=data.category,
            starts_on=data.starts_on,
            email=data.email.strip(),
            delegate_name=data.delegate_name.strip(),
            phone=data.phone.strip(),
            town=data.town.strip(),
            position=data.position.strip(),
            member_organisation=data.member_organisation,
            user=data.user,
            public_fields=list(data.public_fields),
        )
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.member_add",
            obj=member,
            changes={"name": member.name, "kind": member.kind, "category": data.category.code},
            request=request,
        )
        _changed_on_commit(organisation)
    return member


def member_end(
    *,
    member: Member,
    actor: Any,
    reason: str,
    ends_on: date,
    decision: str,
    request: Any = None,
) -> Member:
    """Record that a member left or was expelled, with the decision (an expulsion needs one)."""
    errors: dict[str, str] = {}
    if reason not in EndReason.values:
        errors["reason"] = _("Choose whether the member left or was expelled.")
    if reason == EndReason.EXPELLED and not decision.strip():
        errors["decision"] = _("An expulsion needs the decision that made it.")
    if ends_on < member.starts_on:
        errors["ends_on"] = _("The membership cannot end before it started.")
    if member.ends_on is not None:
        errors["ends_on"] = _("This membership has ended already.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Member.objects.filter(pk=member.pk, ends_on__isnull=True).update(
            ends_on=ends_on, end_reason=reason, end_decision=decision.strip()
        )
        if not updated:
            raise ValidationError({"ends_on": _("This membership has ended already.")})
        audit_record(
            organisation=member.organisation,
            actor=actor,
            action="associations.member_end",
            obj=member,
            changes={"reason": reason, "ends_on": ends_on.isoformat(), "decision": decision},
            request=request,
        )
        _changed_on_commit(member.organisation)
    member.refresh_from_db()
    return member


def member_directory_set(*, member: Member, actor: Any, fields: list[str], listed: bool) -> Member:
    """The member's own choice of what the public directory shows about them."""
    if set(fields) - set(PUBLIC_FIELDS):
        raise ValidationError({"public_fields": _("Unknown field in the directory.")})
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(public_fields=list(fields), is_listed=listed)
        audit_record(
            organisation=member.organisation,
            actor=actor,
            action="associations.member_directory_set",
            obj=member,
            changes={"fields": list(fields), "listed": listed},
        )
        _changed_on_commit(member.organisation)
    member.refresh_from_db()
    return member


# --- applications --------------------------------------------------------------------------


def application_submit(
    *,
    organisation: Organisation,
    kind: str,
    name: str,
    email: str,
    category: MemberCategory,
    delegate_name: str = "",
    town: str = "",
    motivation: str = "",
) -> Application:
    if category.organisation_id != organisation.pk:
        raise ValidationError({"category": _("Unknown category.")})
    if kind == MemberKind.ORGANISATION and not delegate_name.strip():
        raise ValidationError(
            {"delegate_name": _("An organisation votes through its delegate: name them.")}
        )
    with transaction.atomic():
        application = Application.objects.create(
            organisation=organisation,
            kind=kind,
            name=name.strip(),
            email=email.strip(),
            category=category,
            delegate_name=delegate_name.strip(),
            town=town.strip(),
            motivation=motivation.strip(),
        )
        audit_record(
            organisation=organisation,
            actor=None,
            action="associations.application_submit",
            obj=application,
            changes={"kind": kind, "category": category.code},
        )
    return application


def application_decide(
    *,
    application: Application,
    actor: Any,
    accept: bool,
    decision: str,
    starts_on: date | None = None,
    request: Any = None,
) -> Application:
    """The board's decision on an application: accepted ones become members from
    `starts_on`. The decision (its number and date) is required and recorded."""
    if not decision.strip():
        raise ValidationError({"decision": _("Give the board's decision (number and date).")})
    organisation = application.organisation
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state != ApplicationState.PENDING:
            raise ValidationError(_("This application has been decided already."))
        member = None
        if accept:
            member = Member.objects.create(
                organisation=organisation,
                kind=locked.kind,
                name=locked.name,
                delegate_name=locked.delegate_name,
                email=locked.email,
                town=locked.town,
                category=locked.category,
                starts_on=starts_on or timezone.localdate(),
            )
        locked.state = ApplicationState.ACCEPTED if accept else ApplicationState.REFUSED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.decision = decision.strip()
        locked.member = member
        locked.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.application_decide",
            obj=locked,
            changes={"state": locked.state, "decision": locked.decision},
            request=request,
        )
        if member is not None:
            _changed_on_commit(organisation)
    return locked


# --- payments ------------------------------------------------------------------------------


def payment_record(
    *,
    member: Member,
    actor: Any,
    year: int,
    amount: Decimal,
    paid_on: date,
    reference: str = "",
    request: Any = None,
) -> Payment:
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = _("A payment is a positive amount.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Give a year between 2000 and 2100.")
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("A payment cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        payment = Payment.objects.create(
            organisation=member.organisation,
            member=member,
            year=year,
            amount=amount,
            paid_on=paid_on,
            reference=reference.strip()[:140],
            source=PaymentSource.MANUAL,
            recorded_by=actor,
        )
        audit_record(
            organisation=member.organisation,
            actor=actor,
            action="associations.payment_record",
            obj=payment,
            changes={"member": member.pk, "year": year, "amount": str(amount)},
            request=request,
        )
    return payment


@dataclass(frozen=True)
class ImportRow:
    line: int
    member: Member
    year: int
    amount: Decimal
    paid_on: date
    reference: str


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    imported: int = 0


IMPORT_COLUMNS = ("member", "year", "amount", "date", "reference")


def _parse_amount(text: str) -> Decimal:
    value = Decimal(text.strip().replace(" ", "").replace(",", "."))
    if not value.is_finite() or value <= 0 or value >= Decimal("100000000"):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def payments_parse(*, organisation: Organisation, data: bytes) -> ImportReport:
    """Read a bank CSV (columns: member number, year, amount, date YYYY-MM-DD, reference;
    a header line; comma or semicolon) and report every bad row. Reads only."""
    report = ImportReport()
    if len(data) > MAX_IMPORT_BYTES:
        report.errors.append((0, _("The file is too large (at most 2 MB).")))
        return report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, _("The file is not UTF-8 text.")))
        return report
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header[:5]] != list(IMPORT_COLUMNS):
        report.errors.append(
            (
                1,
                _("The first line must name the columns: %(columns)s.")
                % {"columns": ", ".join(IMPORT_COLUMNS)},
            )
        )
        return report
    members = {
        m.pk: m
        for m in Member.objects.filter(organisation=organisation).select_related("organisation")
    }
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            report.errors.append((line, _("Too many rows (at most 5000).")))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 4:
            report.errors.append((line, _("The row has too few columns.")))
            continue
        try:
            member = members[int(row[0].strip())]
        except (KeyError, ValueError):
            report.errors.append(
                (line, _("No member with number %(value)s.") % {"value": row[0][:20]})
            )
            continue
        try:
            year = int(row[1].strip())
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            report.errors.append((line, _("The year is not valid.")))
            continue
        try:
            amount = _parse_amount(row[2])
        except (InvalidOperation, ValueError):
            report.errors.append((line, _("The amount is not a positive number.")))
            continue
        try:
            paid_on = datetime.strptime(row[3].strip(), "%Y-%m-%d").date()
        except ValueError:
            report.errors.append((line, _("The date is not in the form YYYY-MM-DD.")))
            continue
        if paid_on > timezone.localdate():
            report.errors.append((line, _("The date is in the future.")))
            continue
        reference = row[4].strip()[:140] if len(row) > 4 else ""
        report.rows.append(ImportRow(line, member, year, amount, paid_on, reference))
    if not report.rows and not report.errors:
        report.errors.append((0, _("The file holds no payment.")))
    return report


def payments_import(
    *, organisation: Organisation, actor: Any, data: bytes, request: Any = None
) -> ImportReport:
    """Import all the payments of a bank CSV, or none of them when any row is bad (the
    report lists every bad row)."""
    report = payments_parse(organisation=organisation, data=data)
    if report.errors:
        return report
    with transaction.atomic():
        Payment.objects.bulk_create(
            [
                Payment(
                    organisation=organisation,
                    member=row.member,
                    year=row.year,
                    amount=row.amount,
                    paid_on=row.paid_on,
                    reference=row.reference,
                    source=PaymentSource.BANK,
                    recorded_by=actor,
                )
                for row in report.rows
            ]
        )
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.payments_import",
            changes={
                "rows": len(report.rows),
                "total": str(sum((row.amount for row in report.rows), Decimal("0"))),
            },
            request=request,
        )
    report.imported = len(report.rows)
    return report


# --- bodies and mandates -------------------------------------------------------------------


def body_create(
    *, organisation: Organisation, actor: Any, kind: str, name: str, request: Any = None
) -> Body:
    from .models import BodyKind

    if kind not in BodyKind.values:
        raise ValidationError({"kind": _("Choose the kind of body.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the body's name.")})
    with transaction.atomic():
        body = Body.objects.create(organisation=organisation, kind=kind, name=name.strip())
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.body_create",
            obj=body,
            changes={"kind": kind, "name": body.name},
            request=request,
        )
        _changed_on_commit(organisation)
    return body


@dataclass(frozen=True)
class SeatData:
    member: Member
    person_name: str
    role: str


def mandate_create(
    *,
    body: Body,
    actor: Any,
    starts_on: date,
    ends_on: date,
    elected_by: str,
    seats: list[SeatData],
    request: Any = None,
) -> Mandate:
    """A new composition of a body. Its term may not overlap another of the same body; its
    seats are held by active members, with one chair at most."""
    errors: dict[str, str] = {}
    if ends_on <= starts_on:
        errors["ends_on"] = _("The mandate must end after it starts.")
    if not elected_by.strip():
        errors["elected_by"] = _("Give the decision that elected this composition.")
    if not seats:
        errors["seats"] = _("Name at least one person in the composition.")
    roles = [seat.role for seat in seats]
    if any(role not in SeatRole.values for role in roles):
        errors["seats"] = _("Unknown role.")
    elif roles.count(SeatRole.CHAIR) > 1:
        errors["seats"] = _("A composition has one chair at most.")
    for seat in seats:
        if seat.member.organisation_id != body.organisation_id or not seat.member.is_active_on(
            starts_on
        ):
            errors["seats"] = _("%(name)s is not a member on the start of the mandate.") % {
                "name": seat.member.name
            }
    if (
        "ends_on" not in errors
        and Mandate.objects.filter(
            body=body, starts_on__lte=ends_on, ends_on__gte=starts_on
        ).exists()
    ):
        errors["starts_on"] = _("Another mandate of this body covers part of these dates.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mandate = Mandate.objects.create(
            organisation_id=body.organisation_id,
            body=body,
            starts_on=starts_on,
            ends_on=ends_on,
            elected_by=elected_by.strip(),
        )
        Seat.objects.bulk_create(
            [
                Seat(
                    mandate=mandate,
                    member=seat.member,
                    person_name=seat.person_name.strip()
                    or seat.member.delegate_name
                    or seat.member.name,
                    role=seat.role,
                )
                for seat in seats
            ]
        )
        audit_record(
            organisation=body.organisation,
            actor=actor,
            action="associations.mandate_create",
            obj=mandate,
            changes={
                "body": body.pk,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "elected_by": elected_by,
                "seats": len(seats),
            },
            request=request,
        )
        _changed_on_commit(body.organisation)
    return mandate
