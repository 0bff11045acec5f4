"""The newsletter's background work: making each organisation's edition when it is due, and
sending the deliveries in batches through the configured SMTP server (Django's e-mail
backend). Every message is rendered before anything is written, and every write is one short
statement or transaction, so the sender never holds a transaction open while it talks to the
SMTP server.

How a delivery goes (see ADR 0022): claimed in a short transaction (`claimed_at`), marked
`attempted_at` just before it is handed to the server, marked sent when the server accepted
it. A run that stops (a temporary SMTP error, a crash, a restart) leaves the rest of its
batch to the next run; the one message in flight at a crash is never sent again."""

from __future__ import annotations

import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_tasks import task

from municipium.tenants.models import Organisation

from .digest import digest_items
from .models.newsletter import (
    INTERVALS,
    Delivery,
    Frequency,
    NewsletterSettings,
    Subscriber,
    SubscriberStatus,
)
from .services import newsletter as services

log = logging.getLogger(__name__)

BATCH_SIZE = 50
# A run stops taking new batches after this long; the next run goes on.
RUN_SECONDS = 240


# --- editions ----------------------------------------------------------------------------


def _frequencies() -> dict[int, str]:
    return dict(NewsletterSettings.objects.values_list("organisation_id", "frequency"))


def editions_make(now: datetime | None = None) -> int:
    """Make the edition of every organisation whose digest is due and has something new
    for its confirmed subscribers; returns how many editions were made."""
    now = now or timezone.now()
    with_subscribers = set(
        Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    frequencies = _frequencies()
    made = 0
    for organisation in Organisation.objects.filter(pk__in=with_subscribers, is_active=True):
        frequency = frequencies.get(organisation.pk, Frequency.WEEKLY)
        interval = INTERVALS.get(Frequency(frequency))
        if interval is None:
            continue
        last = services.last_edition_end(organisation)
        if last is not None and last > now - interval:
            continue
        since = last or now - interval
        items = {
            lang: digest_items(organisation, since, now, lang) for lang in organisation.languages
        }
        fallback = items.get(organisation.main_language) or next(
            (found for found in items.values() if found), []
        )
        items = {lang: found or fallback for lang, found in items.items()}
        if services.edition_create(organisation=organisation, since=since, until=now, items=items):
            made += 1
    return made


# --- messages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    message: EmailMultiAlternatives | None  # None: nobody to send it to any more


def _items(edition_items: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [
        {**item, "published_at": parse_datetime(item["published_at"])} for item in edition_items
    ]


def digest_message(delivery: Delivery) -> EmailMultiAlternatives | None:
    """The message of one delivery, in the subscriber's language, with the one-click
    unsubscribe headers (RFC 2369, RFC 8058)."""
    subscriber = delivery.subscriber
    if subscriber is None or subscriber.status != SubscriberStatus.CONFIRMED:
        return None
    edition = delivery.edition
    organisation = edition.organisation
    language = (
        subscriber.language
        if subscriber.language in organisation.languages
        else organisation.main_language
    )
    unsubscribe = services.unsubscribe_url(organisation, subscriber.pk, subscriber.secret)
    with translation.override(language):
        context = {
            "organisation": organisation,
            "edition": edition,
            "items": _items(edition.items.get(language, [])),
            "unsubscribe_url": unsubscribe,
            "site_url": settings.SITE_URL
            + reverse("tenants:public_home", kwargs={"org": organisation.slug}),
        }
        subject = _("%(name)s: what is new") % {"name": organisation.name}
        text = render_to_string("newsroom/newsletter/email/digest.txt", context)
        html = render_to_string("newsroom/newsletter/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<newsletter.{organisation.slug}.municipium>",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _render(ids: list[int]) -> list[Outgoing]:
    deliveries = (
        Delivery.objects.filter(id__in=ids)
        .select_related("edition__organisation", "subscriber")
        .order_by("id")
    )
    return [Outgoing(d.pk, digest_message(d)) for d in deliveries]


# --- sending -----------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retry: int = 0
    stopped: str = ""  # why the run stopped before the queue was empty


def _permanent(error: smtplib.SMTPException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _send_batch(outgoing: list[Outgoing], report: SendReport) -> list[int]:
    """Send one rendered batch on one SMTP connection; returns the ids left untried."""
    left = [o.delivery_id for o in outgoing]
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        report.stopped = f"cannot reach the mail server: {error}"
        return left
    try:
        for item in outgoing:
            left.remove(item.delivery_id)
            if item.message is None:
                services.delivery_fail(delivery_id=item.delivery_id, error="unsubscribed")
                report.failed += 1
                continue
            if not services.delivery_attempt(delivery_id=item.delivery_id):
                continue
            item.message.connection = connection
            try:
                accepted = connection.send_messages([item.message])
            except smtplib.SMTPResponseException as error:
                # The server answered: the message was not accepted.
                detail = f"{error.smtp_code} {error.smtp_error!r}"[:200]
                if _permanent(error):
                    services.delivery_fail(delivery_id=item.delivery_id, error=detail)
                    report.failed += 1
                    continue
                services.delivery_release(delivery_id=item.delivery_id, error=detail)
                report.retry += 1
                report.stopped = f"the mail server refused for now: {detail}"
                return left
            except smtplib.SMTPRecipientsRefused as error:
                detail = str(error.recipients)[:200]
                if _permanent(error):
                    services.delivery_fail(delivery_id=item.delivery_id, error=detail)
                    report.failed += 1
                    continue
                services.delivery_release(delivery_id=item.delivery_id, error=detail)
                report.retry += 1
                report.stopped = "the mail server refused for now"
                return left
            except (OSError, smtplib.SMTPException) as error:
                # The connection broke while the message was on its way: the server may
                # have accepted it. Never twice: it is not sent again.
                services.delivery_fail(
                    delivery_id=item.delivery_id, error=f"{services.UNKNOWN_OUTCOME}: {error}"
                )
                report.failed += 1
                report.stopped = f"the connection to the mail server broke: {error}"
                return left
            if accepted:
                services.delivery_sent(delivery_id=item.delivery_id)
                report.sent += 1
            else:
                services.delivery_release(delivery_id=item.delivery_id, error="not accepted")
                report.retry += 1
    finally:
        try:
            connection.close()
        except Exception:
            log.debug("closing the SMTP connection failed", exc_info=True)
    return left


def deliveries_send(*, batch_size: int = BATCH_SIZE, seconds: float = RUN_SECONDS) -> SendReport:
    """Send pending deliveries batch by batch until none is left, the time is up, or the
    mail server fails (then the rest waits for the next run)."""
    report = SendReport()
    services.deliveries_settle_abandoned()
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        ids = services.deliveries_claim(limit=batch_size)
        if not ids:
            break
        left = _send_batch(_render(ids), report)
        if left:
            services.deliveries_unclaim(ids=left)
        if report.stopped:
            log.warning("newsletter: %s; the rest waits for the next run", report.stopped)
            break
    return report


@task()
def send_newsletters() -> dict[str, Any]:
    """Make the due editions and send what is pending (every few minutes)."""
    made = editions_make()
    report = deliveries_send()
    return {
        "editions": made,
        "sent": report.sent,
        "failed": report.failed,
        "retry": report.retry,
        "stopped": report.stopped,
    }


@task()
def purge_newsletter_requests() -> int:
    """Subscription requests never confirmed are deleted once their link expired (hourly)."""
    return services.subscription_purge_expired()
