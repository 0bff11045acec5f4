"""Registrations: by a signed-in person with a verified address (a place at once), by e-mail
(a confirmation link first: the place is taken only when the link is opened), or by staff.

Capacity is exact under concurrency: a place is taken in one short transaction that first
locks the event's row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the transaction holds the
database's write lock from its start), counts the confirmed places and either confirms the
registration or puts it at the end of the waiting list. A cancellation frees the place and
promotes the first on the waiting list in the same transaction. E-mails go after the commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation
from municipium.validators import check_plain_text, check_visible_text

from ..models.events import Event
from ..models.registrations import NAME_MAX, Registration, RegistrationStatus

CONFIRM_SALT = "events.registration.confirm"
CONFIRM_HOURS = 48
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


@dataclass(frozen=True)
class RegistrationResult:
    """What happened, and what to tell the person (the view or API e-mails it after commit)."""

    registration: Registration
    # "confirmed", "waitlisted", "pending" (a confirmation link to send) or "already"
    # (the address is registered: a reminder of the cancel link is sent, nothing changes).
    outcome: str
    position: int | None = None


def normalise_email(email: str) -> str:
    email = (email or "").strip()
    if len(email) > 254:
        raise ValidationError({"email": _("Enter a valid e-mail address.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("At most %d characters.") % NAME_MAX})
    try:
        check_visible_text(name)
        check_plain_text(name)
    except ValidationError as error:
        raise ValidationError({"name": error.messages[0]}) from None
    return name


def confirm_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "n": registration.confirm_nonce}, salt=CONFIRM_SALT)


def position_of(registration: Registration) -> int | None:
    """The place on the waiting list (1 is next), or None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED or registration.queue is None:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        queue__lte=registration.queue,
    ).count()


def counts_of(event: Event) -> dict[str, int]:
    """How many registrations of the event are in each status (one query)."""
    from django.db.models import Count

    found = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: found.get(status, 0) for status in RegistrationStatus.values}


def _locked_event(event_id: int) -> Event:
    return Event.objects.select_for_update().select_related("organisation").get(pk=event_id)


def _take_place(event: Event, row: Registration) -> None:
    """Confirm `row` when a place is free, else put it at the end of the waiting list (the
    caller holds the event's lock, so the time taken here is the arrival order)."""
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).count()
    if event.capacity is None or confirmed < event.capacity:
        row.status = RegistrationStatus.CONFIRMED
        row.queue = None
    else:
        last = Registration.objects.filter(event=event).aggregate(last=Max("queue"))["last"]
        row.status = RegistrationStatus.WAITLISTED
        row.queue = (last or 0) + 1
    row.confirmed_at = timezone.now()
    row.confirm_nonce = ""
    row.cancelled_at = None
    row.save()


def promote_waiting(event: Event) -> list[int]:
    """Promote the waiting list in arrival order into the free places (the caller holds the
    event's lock); the ids of those promoted, to tell them after the commit."""
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    if event.capacity is None:
        free = None
    else:
        confirmed = Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).count()
        free = max(event.capacity - confirmed, 0)
        if free == 0:
            return []
    chosen = list(waiting.order_by("queue").values_list("pk", flat=True)[:free])
    if chosen:
        Registration.objects.filter(pk__in=chosen).update(
            status=RegistrationStatus.CONFIRMED, queue=None
        )
    return chosen


def _result(row: Registration, outcome: str | None = None) -> RegistrationResult:
    return RegistrationResult(
        registration=row, outcome=outcome or row.status, position=position_of(row)
    )


def registration_request(
    *,
    event: Event,
    name: str,
    email: str,
    user: Any = None,
    language: str = "",
    now: datetime | None = None,
) -> RegistrationResult:
    """A registration from the public site or the public API. A signed-in person registering
    their own verified address gets a place (or the waiting list) at once; anyone else gets a
    confirmation link first. When the event is only for members of some organisations, a
    person who is not one is refused (PermissionDenied with the reason). An address already
    registered changes nothing ("already": the person is reminded by e-mail, and the answer
    does not tell others whether it was)."""
    now = now or timezone.now()
    name = _clean_name(name)
    email = normalise_email(email)
    if not event.registration_open(now):
        raise ValidationError(_("Registration for this event is closed."))
    refusal = event.registration_refusal(user)
    if refusal:
        raise PermissionDenied(refusal)
    verified = bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "email_verified_at", None)
        and user.email.lower() == email.lower()
    )
    try:
        with transaction.atomic():
            event = _locked_event(event.pk)
            if not event.registration_open(now):
                raise ValidationError(_("Registration for this event is closed."))
            row = Registration.objects.filter(event=event, email__iexact=email).first()
            if row is not None and row.status in ACTIVE:
                return _result(row, "already")
            if row is None:
                row = Registration(event=event, email=email, secret=secrets.token_urlsafe(32))
            row.name = name
            row.language = language[:8]
            row.user = user if verified else row.user
            row.created_at = row.created_at if row.pk else now
            if verified:
                _take_place(event, row)
                action = "registration.create"
            else:
                row.status = RegistrationStatus.PENDING
                row.queue = None
                row.confirm_nonce = secrets.token_urlsafe(16)
                row.save()
                action = "registration.request"
            audit_record(
                organisation=event.organisation,
                actor=user if verified else None,
                action=action,
                obj=event,
                changes={"registration": row.pk, "status": row.status},
            )
    except IntegrityError:
        # The same address at the same moment: the other request made the row.
        raise ValidationError(
            {"email": _("This address is being registered; check your e-mail.")}
        ) from None
    return _result(row, None if verified else "pending")


def pending_from(organisation: Organisation, token: str) -> Registration:
    """The registration a confirmation link names, if the link is valid and the latest."""
    try:
        data = signing.loads(token[:500], salt=CONFIRM_SALT, max_age=CONFIRM_HOURS * 3600)
        row = (
            Registration.objects.select_related("event", "event__organisation")
            .filter(
                pk=int(data["r"]),
                event__organisation=organisation,
                status=RegistrationStatus.PENDING,
            )
            .first()
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        row = None
    if row is None or not row.confirm_nonce or row.confirm_nonce != data.get("n"):
        raise ValidationError(_("This link is not valid any more. Register again."))
    return row


def registration_confirm(
    *, organisation: Organisation, token: str, now: datetime | None = None
) -> RegistrationResult:
    """Open the confirmation link: the place is taken now (or the waiting list joined)."""
    now = now or timezone.now()
    row = pending_from(organisation, token)
    with transaction.atomic():
        event = _locked_event(row.event_id)
        row = Registration.objects.get(pk=row.pk)
        if row.status != RegistrationStatus.PENDING:
            return _result(row)
        if not event.registration_open(now):
            raise ValidationError(_("Registration for this event is closed."))
        _take_place(event, row)
        audit_record(
            organisation=event.organisation,
            actor=None,
            action="registration.confirm",
            obj=event,
            changes={"registration": row.pk, "status": row.status},
        )
    return _result(row)


def registration_add(
    *,
    event: Event,
    actor: Any,
    name: str,
    email: str,
    language: str = "",
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> RegistrationResult:
    """Staff register a participant directly (also outside the registration window)."""
    now = now or timezone.now()
    name = _clean_name(name)
    email = normalise_email(email)
    try:
        with transaction.atomic():
            event = _locked_event(event.pk)
            if event.state != "published":
                raise ValidationError(_("Only a published event takes registrations."))
            row = Registration.objects.filter(event=event, email__iexact=email).first()
            if row is not None and row.status in ACTIVE:
                raise ValidationError(
                    {"email": _("This address is already registered for this event.")}
                )
            if row is None:
                row = Registration(event=event, email=email, secret=secrets.token_urlsafe(32))
            row.name = name
            row.language = language[:8] or event.organisation.main_language
            row.by_staff = True
            _take_place(event, row)
            audit_record(
                organisation=event.organisation,
                actor=actor,
                action="registration.add",
                obj=event,
                changes={"registration": row.pk, "status": row.status},
                request=request,
            )
    except IntegrityError:
        raise ValidationError(
            {"email": _("This address is already registered for this event.")}
        ) from None
    return _result(row)


def registration_by_secret(organisation: Organisation, secret: str) -> Registration | None:
    if not secret or len(secret) > 64:
        return None
    return (
        Registration.objects.select_related("event", "event__organisation")
        .filter(secret=secret, event__organisation=organisation)
        .first()
    )


def registration_cancel(
    *,
    organisation: Organisation,
    secret: str,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> tuple[Registration, list[int]]:
    """Cancel by the link's secret (the participant, without signing in) or by staff. A freed
    place goes to the first on the waiting list in the same transaction; returns the
    registration and the ids promoted (to e-mail after the commit)."""
    found = registration_by_secret(organisation, secret)
    if found is None:
        raise ValidationError(_("No registration has this link."))
    with transaction.atomic():
        event = _locked_event(found.event_id)
        row = Registration.objects.get(pk=found.pk)
        if row.status == RegistrationStatus.CANCELLED:
            return row, []
        was = row.status
        row.status = RegistrationStatus.CANCELLED
        row.queue = None
        row.cancelled_at = timezone.now()
        row.save(update_fields=["status", "queue", "cancelled_at"])
        promoted = promote_waiting(event) if was == RegistrationStatus.CONFIRMED else []
        audit_record(
            organisation=event.organisation,
            actor=actor,
            action="registration.cancel",
            obj=event,
            changes={"registration": row.pk, "was": was, "promoted": promoted},
            request=request,
        )
    if promoted:
        from .. import mail

        transaction.on_commit(lambda: mail.send_promoted(promoted))
    return row, promoted


def registration_move(
    *,
    event: Event,
    registration_id: int,
    to: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> tuple[Registration, list[int]]:
    """Staff move a participant between the lists: a waiting one gets a place now (even
    beyond the capacity: staff decide), a confirmed one goes to the end of the waiting list
    (the place it frees goes to the first waiting, in the same transaction). Returns the
    registration and the ids promoted (to tell after the commit)."""
    if to not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
        raise ValidationError(_("Choose the list to move to."))
    with transaction.atomic():
        event = _locked_event(event.pk)
        row = Registration.objects.filter(pk=registration_id, event=event).first()
        if row is None or row.status not in ACTIVE:
            raise ValidationError(_("Only a confirmed or waiting participant can be moved."))
        if row.status == to:
            return row, []
        was = row.status
        promoted: list[int] = []
        if to == RegistrationStatus.CONFIRMED:
            row.status = RegistrationStatus.CONFIRMED
            row.queue = None
            row.save(update_fields=["status", "queue"])
        else:
            last = Registration.objects.filter(event=event).aggregate(last=Max("queue"))["last"]
            row.status = RegistrationStatus.WAITLISTED
            row.queue = (last or 0) + 1
            row.save(update_fields=["status", "queue"])
            # The freed place goes to those waiting before; the one moved stays waiting.
            others = Registration.objects.filter(
                event=event, status=RegistrationStatus.WAITLISTED
            ).exclude(pk=row.pk)
            confirmed = Registration.objects.filter(
                event=event, status=RegistrationStatus.CONFIRMED
            ).count()
            free = None if event.capacity is None else max(event.capacity - confirmed, 0)
            promoted = list(others.order_by("queue").values_list("pk", flat=True)[:free])
            if promoted:
                Registration.objects.filter(pk__in=promoted).update(
                    status=RegistrationStatus.CONFIRMED, queue=None
                )
        audit_record(
            organisation=event.organisation,
            actor=actor,
            action="registration.move",
            obj=event,
            changes={"registration": row.pk, "was": was, "now": row.status, "promoted": promoted},
            request=request,
        )
    return row, promoted
