"""The e-mails of events, sent after the commit of the change they tell about (never inside a
transaction): the confirmation link, the confirmed place (with the event's .ics attached and
the cancel link), the waiting list, a promotion, and a cancelled or moved event. A failure to
send is logged; the registration it tells about stands."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .ics import calendar_of
from .models.events import Event
from .models.registrations import Registration, RegistrationStatus
from .services.registrations import confirm_token, position_of

logger = logging.getLogger(__name__)


def cancel_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse(
        "events:cancel",
        kwargs={"org": registration.event.organisation.slug, "token": registration.secret},
    )


def confirm_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse(
        "events:confirm",
        kwargs={"org": registration.event.organisation.slug, "token": confirm_token(registration)},
    )


def _language(registration: Registration) -> str:
    organisation = registration.event.organisation
    if registration.language in organisation.languages:
        return registration.language
    return organisation.main_language


def message_for(registration: Registration, kind: str) -> EmailMessage:
    """The e-mail of `kind` (pending, already, confirmed, waitlisted, promoted, cancelled,
    moved) to the registration's address, in its language."""
    event = registration.event
    language = _language(registration)
    with translation.override(language):
        text = event.translation(language)
        context = {
            "kind": kind,
            "registration": registration,
            "event": event,
            "title": text.title if text else event.slug,
            "organisation": event.organisation,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "cancel_url": cancel_url(registration),
            "confirm_url": confirm_url(registration) if kind == "pending" else "",
            "position": position_of(registration),
            "online_url": event.online_url
            if registration.status == RegistrationStatus.CONFIRMED
            else "",
        }
        subject = render_to_string("events/mail/subject.txt", context).strip()
        body = render_to_string("events/mail/body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split())[:200], body=body, to=[registration.email]
    )
    if kind in ("confirmed", "promoted", "cancelled", "moved", "reminder"):
        message.attach("event.ics", calendar_of([event], language), "text/calendar; charset=utf-8")
    return message


def _send(messages: Iterable[EmailMessage]) -> int:
    batch = list(messages)
    if not batch:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(batch) or 0
    except Exception:  # a mail server down must not undo the registration
        logger.exception("events: could not send %d e-mails", len(batch))
        return 0


def _rows(ids: Iterable[int]) -> list[Registration]:
    return list(
        Registration.objects.filter(pk__in=list(ids))
        .select_related("event", "event__organisation")
        .prefetch_related("event__translations")
    )


def send_registration(registration_id: int, kind: str) -> int:
    return _send(message_for(row, kind) for row in _rows([registration_id]))


def send_promoted(ids: list[int]) -> int:
    return _send(message_for(row, "promoted") for row in _rows(ids))


def send_event_changed(event_id: int, kind: str) -> int:
    """Tell every confirmed or waiting participant that the event was cancelled or moved."""
    event = Event.objects.select_related("organisation").get(pk=event_id)
    rows = list(
        Registration.objects.filter(
            event=event,
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
        ).order_by("pk")
    )
    for row in rows:
        row.event = event
    return _send(message_for(row, kind) for row in rows)


def send_reminders(ids: list[int]) -> int:
    """The reminder the day before, to each confirmed participant named."""
    return _send(message_for(row, "reminder") for row in _rows(ids))


def send_to_participants(ids: list[int], subject: str, body: str, reply_to: str = "") -> int:
    """A message from the organisers to the participants named (each gets their own e-mail,
    with their cancel link under it)."""
    messages = []
    for row in _rows(ids):
        with translation.override(_language(row)):
            footer = render_to_string(
                "events/mail/footer.txt",
                {"organisation": row.event.organisation, "cancel_url": cancel_url(row)},
            )
        messages.append(
            EmailMessage(
                subject=" ".join(subject.split())[:200],
                body=f"{body.strip()}\n\n{footer}",
                to=[row.email],
                reply_to=[reply_to] if reply_to else None,
            )
        )
    return _send(messages)
