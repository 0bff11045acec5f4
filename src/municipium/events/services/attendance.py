"""Attendance: staff check confirmed participants in at the event (on a phone, by name or by
the QR code of the participant's ticket page), and after the event those who attended get a
certificate of attendance (PDF) whose code anyone can check on the organiser's public page."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation

from ..models.events import Event, EventState
from ..models.registrations import Registration, RegistrationStatus

# Codes without letters that are read alike (0/O, 1/I/L): 32 symbols, 10 of them: 50 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
SEARCH_MAX = 50


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """ABCDE-FGHJK: easier to read out and type."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def normalise_code(value: str) -> str:
    """What a person typed, as stored: upper case, without spaces and dashes."""
    return "".join(c for c in str(value or "").upper() if c.isalnum())[:32]


def check_in_candidates(event: Event, query: str = "") -> list[Registration]:
    """The confirmed participants (those who may be checked in) whose name or e-mail holds
    every word of `query`, in any case and any script (compared casefolded here: SQLite's
    LIKE folds only ASCII, and an event's confirmed list is bounded by its places)."""
    rows = (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .only("pk", "name", "email", "attended_at", "status", "event_id")
        .order_by("name", "pk")
    )
    words = " ".join(str(query or "").split())[:100].casefold().split()[:5]
    if not words:
        return list(rows)
    found = []
    for row in rows.iterator(chunk_size=1000):
        haystack = f"{row.name} {row.email}".casefold()
        if all(word in haystack for word in words):
            found.append(row)
    return found


def check_in(
    *,
    event: Event,
    registration_id: int,
    actor: Any,
    attended: bool = True,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Registration:
    """Mark a confirmed participant as attended (or undo it)."""
    now = now or timezone.now()
    if event.state != EventState.PUBLISHED:
        raise ValidationError(_("Only a published event takes check-ins."))
    with transaction.atomic():
        row = (
            Registration.objects.select_for_update().filter(pk=registration_id, event=event).first()
        )
        if row is None or row.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(_("Only a confirmed participant can be checked in."))
        if attended == (row.attended_at is not None):
            return row
        if not attended and row.certificate_code:
            raise ValidationError(
                _("A certificate was issued to this participant: attendance stays.")
            )
        row.attended_at = now if attended else None
        row.checked_in_by = actor if attended else None
        row.save(update_fields=["attended_at", "checked_in_by"])
        audit_record(
            organisation=event.organisation,
            actor=actor,
            action="registration.check_in" if attended else "registration.check_in_undo",
            obj=event,
            changes={"registration": row.pk},
            request=request,
        )
    return row


def ticket(organisation: Organisation, event: Event, secret: str) -> Registration | None:
    """The registration a ticket's QR code names, for the event staff are checking in."""
    if not secret or len(secret) > 64:
        return None
    return Registration.objects.filter(
        event=event, event__organisation=organisation, secret=secret
    ).first()


def certificates_issue(
    *, event: Event, actor: Any, request: HttpRequest | None = None, now: datetime | None = None
) -> list[Registration]:
    """Give a code to every participant who attended and has none yet; the attendees, with
    their codes, in name order. Only once the event is over."""
    now = now or timezone.now()
    if event.state != EventState.PUBLISHED or now < event.ends_at:
        raise ValidationError(_("Certificates are issued once the event is over."))
    attendees = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, attended_at__isnull=False
    )
    missing = list(attendees.filter(certificate_code__isnull=True).values_list("pk", flat=True))
    if missing:
        with transaction.atomic():
            for pk in missing:
                Registration.objects.filter(pk=pk, certificate_code__isnull=True).update(
                    certificate_code=new_code()
                )
            audit_record(
                organisation=event.organisation,
                actor=actor,
                action="event.certificates",
                obj=event,
                changes={"issued": len(missing)},
                request=request,
            )
    return list(attendees.order_by("name", "pk"))


def certificate_of(registration: Registration, *, now: datetime | None = None) -> Registration:
    """The participant's own certificate (from their ticket page): issued on first request."""
    now = now or timezone.now()
    event = registration.event
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or registration.attended_at is None
        or event.state != EventState.PUBLISHED
        or now < event.ends_at
    ):
        raise ValidationError(_("A certificate is issued to those who attended, after the event."))
    if not registration.certificate_code:
        Registration.objects.filter(pk=registration.pk, certificate_code__isnull=True).update(
            certificate_code=new_code()
        )
        registration.refresh_from_db(fields=["certificate_code"])
    return registration


def verify(organisation: Organisation, code: str) -> Registration | None:
    """The certificate a code names among the organisation's events (or co-organised ones)."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return (
        Registration.objects.select_related("event", "event__organisation")
        .prefetch_related("event__translations")
        .filter(
            Q(event__organisation=organisation) | Q(event__co_organisers=organisation),
            certificate_code=code,
            attended_at__isnull=False,
            status=RegistrationStatus.CONFIRMED,
        )
        .first()
    )


def certificates_pdf(
    event: Event, rows: list[Registration], language: str, verify_url: str
) -> bytes:
    """One page per attendee, in `language`. PdfUnavailable when the server cannot make PDFs."""
    from municipium.registry.exports import _pdf

    with override(language):
        text = event.translation(language)
        html = render_to_string(
            "events/certificate_pdf.html",
            {
                "event": event,
                "title": text.title if text else event.slug,
                "organisation": event.organisation,
                "co_organisers": list(event.co_organisers.all()),
                "rows": [{"r": r, "code": format_code(r.certificate_code or "")} for r in rows],
                "verify_url": verify_url,
                "language": language,
            },
        )
    return _pdf(html)
