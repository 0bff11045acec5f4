"""Every write of the newsletter: subscribing (double opt-in), confirming, unsubscribing,
the organisation's frequency, editions and the state of their deliveries.

Links in e-mails carry signed tokens: a confirmation link names the subscriber and a nonce
that confirming empties (one use), and expires after CONFIRM_HOURS; an unsubscribe link names
the subscriber and its secret, and is worth nothing once the row is gone."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from municipium.audit.services import audit_record

# The e-services' database-backed attempt counter (pruned hourly by their job).
from municipium.eservices.services import RateLimited as RateLimited
from municipium.eservices.services import rate_allow
from municipium.tenants.models import Organisation
from municipium.tenants.public import public_changed

from ..models.newsletter import (
    CONFIRM_HOURS,
    Delivery,
    DeliveryStatus,
    Edition,
    Frequency,
    NewsletterSettings,
    Subscriber,
    SubscriberStatus,
    new_secret,
)

log = logging.getLogger(__name__)

CONFIRM_SALT = "municipium.newsletter.confirm"
UNSUBSCRIBE_SALT = "municipium.newsletter.unsubscribe"
# Attempts per hour at the subscription form, per client address and per e-mail address.
SUBSCRIBE_RATE_PER_HOUR_CLIENT = 20
SUBSCRIBE_RATE_PER_HOUR_EMAIL = 3
# A claimed delivery not finished within this time belongs to a worker that died.
CLAIM_TIMEOUT = timedelta(minutes=15)
# A delivery the SMTP server refused with a temporary error is tried again this many times.
MAX_ATTEMPTS = 5
UNKNOWN_OUTCOME = "the worker stopped while handing this message to the mail server"


class InvalidToken(Exception):
    """A link that was tampered with, has expired, or was already used."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "n": subscriber.confirm_nonce}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber_id: int, secret: str) -> str:
    """The same token for a subscriber every time (no timestamp: an unsubscribe link never
    expires, and every edition carries the same `List-Unsubscribe` address)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"s": subscriber_id, "k": secret})


def confirm_url(organisation: Organisation, subscriber: Subscriber) -> str:
    path = reverse(
        "newsroom:newsletter_confirm",
        kwargs={"org": organisation.slug, "token": confirm_token(subscriber)},
    )
    return settings.SITE_URL + path


def unsubscribe_url(organisation: Organisation, subscriber_id: int, secret: str) -> str:
    path = reverse(
        "newsroom:newsletter_unsubscribe",
        kwargs={"org": organisation.slug, "token": unsubscribe_token(subscriber_id, secret)},
    )
    return settings.SITE_URL + path


def newsletter_settings(organisation: Organisation) -> NewsletterSettings:
    """The organisation's settings (unsaved defaults when it never changed them)."""
    found = NewsletterSettings.objects.filter(organisation=organisation).first()
    return found or NewsletterSettings(organisation=organisation)


# --- subscribing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscriptionMail:
    """What to e-mail after the commit: a confirmation link for a new or pending address, or
    a reminder with an unsubscribe link for an address already subscribed. The page shown is
    the same in every case, so nobody learns from it whether an address is subscribed."""

    email: str
    language: str
    already_subscribed: bool
    link: str


def subscription_request(
    *,
    organisation: Organisation,
    email: str,
    language: str,
    consent_text: str,
    rate_keys: dict[str, str] | None = None,
) -> SubscriptionMail:
    """Ask for the newsletter: a new address is kept as pending with a fresh confirmation
    link; a pending one gets a fresh link (the older one stops working); a confirmed one
    changes nothing. Raises RateLimited when the client or the address asked too often."""
    email = normalise_email(email)
    if language not in organisation.languages:
        raise ValueError(f"{language!r} is not a language of {organisation.slug}")
    if rate_keys:
        client = {k: v for k, v in rate_keys.items() if k == "newsletter-ip"}
        address = {k: v for k, v in rate_keys.items() if k == "newsletter-email"}
        if (client and not rate_allow(keys=client, limit=SUBSCRIBE_RATE_PER_HOUR_CLIENT)) or (
            address and not rate_allow(keys=address, limit=SUBSCRIBE_RATE_PER_HOUR_EMAIL)
        ):
            raise RateLimited
    now = timezone.now()
    try:
        with transaction.atomic():
            row = (
                Subscriber.objects.select_for_update()
                .filter(organisation=organisation, email=email)
                .first()
            )
            if row is not None and row.status == SubscriberStatus.CONFIRMED:
                return SubscriptionMail(
                    email=email,
                    language=row.language,
                    already_subscribed=True,
                    link=unsubscribe_url(organisation, row.pk, row.secret),
                )
            if row is None:
                row = Subscriber(organisation=organisation, email=email)
            row.language = language
            row.consent_text = consent_text[:600]
            row.requested_at = now
            row.confirm_nonce = new_secret()
            row.save()
            audit_record(
                organisation=organisation,
                actor=None,
                action="newsletter.subscription_requested",
                obj=row,
                changes={"language": language},
            )
    except IntegrityError:
        # The same address asked twice at the same moment: the other request made the row.
        return subscription_request(
            organisation=organisation, email=email, language=language, consent_text=consent_text
        )
    return SubscriptionMail(
        email=email,
        language=language,
        already_subscribed=False,
        link=confirm_url(organisation, row),
    )


def _pending_from(organisation: Organisation, token: str) -> Subscriber:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_HOURS * 3600)
    except signing.BadSignature:  # includes SignatureExpired
        raise InvalidToken from None
    if not isinstance(data, dict) or not data.get("n") or not isinstance(data.get("s"), int):
        raise InvalidToken
    row = Subscriber.objects.filter(
        organisation=organisation,
        pk=data["s"],
        status=SubscriberStatus.PENDING,
        confirm_nonce=str(data["n"]),
    ).first()
    if row is None:
        raise InvalidToken
    return row


def subscription_check(*, organisation: Organisation, token: str) -> Subscriber:
    """The pending subscriber a confirmation link names (InvalidToken otherwise); no write."""
    return _pending_from(organisation, token)


def subscription_confirm(*, organisation: Organisation, token: str) -> Subscriber:
    """Confirm the subscription a link names; the link cannot be used again."""
    row = _pending_from(organisation, token)
    with transaction.atomic():
        changed = Subscriber.objects.filter(
            pk=row.pk, status=SubscriberStatus.PENDING, confirm_nonce=row.confirm_nonce
        ).update(status=SubscriberStatus.CONFIRMED, confirmed_at=timezone.now(), confirm_nonce="")
        if not changed:  # used by a concurrent request
            raise InvalidToken
        audit_record(
            organisation=organisation,
            actor=None,
            action="newsletter.subscription_confirmed",
            obj=row,
            changes={"language": row.language},
        )
    return row


def unsubscribe_target(organisation: Organisation, token: str) -> int | None:
    """The subscriber id an unsubscribe link names when the link is genuine; None when the
    subscription is already gone. InvalidToken for a tampered link."""
    try:
        if token.count(":") == 1:
            data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
        else:  # a link of an edition sent before the tokens lost their timestamp
            data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError):
        raise InvalidToken from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise InvalidToken
    found = Subscriber.objects.filter(
        organisation=organisation, pk=data["s"], secret=str(data.get("k", ""))
    ).values_list("pk", flat=True)
    return next(iter(found), None)


def subscription_cancel(*, organisation: Organisation, token: str) -> bool:
    """Unsubscribe the address of an unsubscribe link: its row is deleted (its deliveries
    not yet sent are dropped with it); the journal records that a subscriber left and in
    which language, not the address nor the client's address. False when it was gone."""
    subscriber_id = unsubscribe_target(organisation, token)
    if subscriber_id is None:
        return False
    with transaction.atomic():
        row = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if row is None:
            return False
        Delivery.objects.filter(subscriber=row, status=DeliveryStatus.PENDING).delete()
        audit_record(
            organisation=organisation,
            actor=None,
            action="newsletter.unsubscribed",
            obj=row,
            changes={"was": row.status, "language": row.language},
        )
        row.delete()
    return True


def subscription_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the requests not confirmed within CONFIRM_HOURS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=CONFIRM_HOURS)
    deleted, _ = Subscriber.objects.filter(
        status=SubscriberStatus.PENDING, requested_at__lt=cutoff
    ).delete()
    return int(deleted)


# --- staff ---------------------------------------------------------------------------------


def newsletter_frequency_set(
    *,
    organisation: Organisation,
    actor: Any,
    frequency: str,
    request: HttpRequest | None = None,
) -> NewsletterSettings:
    frequency = Frequency(frequency).value
    with transaction.atomic():
        row, _ = NewsletterSettings.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        before = row.frequency
        row.frequency = frequency
        row.save(update_fields=["frequency"])
        audit_record(
            organisation=organisation,
            actor=actor,
            action="newsletter.frequency",
            obj=row,
            changes={"frequency": [before, frequency]},
            request=request,
        )
        # The home page's invitation to subscribe comes and goes with the newsletter.
        transaction.on_commit(lambda: public_changed(organisation))
    return row


def subscribers_export_record(
    *, organisation: Organisation, actor: Any, rows: int, request: HttpRequest | None = None
) -> None:
    """Journal an export of the subscribers: who and how many rows, never the addresses."""
    with transaction.atomic():
        audit_record(
            organisation=organisation,
            actor=actor,
            action="newsletter.export",
            changes={"rows": rows},
            request=request,
        )


# --- editions and deliveries -----------------------------------------------------------------


def last_edition_end(organisation: Organisation) -> datetime | None:
    return (
        Edition.objects.filter(organisation=organisation)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )


def edition_create(
    *,
    organisation: Organisation,
    since: datetime,
    until: datetime,
    items: dict[str, list[dict[str, str]]],
) -> Edition | None:
    """Make an edition of `items` (computed before, outside any transaction) with one
    pending delivery per confirmed subscriber. None when another worker made the edition
    after `since` meanwhile, or when nobody is subscribed."""
    count = max((len(found) for found in items.values()), default=0)
    if not count:
        return None
    with transaction.atomic():
        NewsletterSettings.objects.select_for_update().get_or_create(organisation=organisation)
        if last_edition_end(organisation) not in (None, since):
            return None
        subscriber_ids = list(
            Subscriber.objects.filter(
                organisation=organisation, status=SubscriberStatus.CONFIRMED
            ).values_list("pk", flat=True)
        )
        if not subscriber_ids:
            return None
        edition = Edition.objects.create(
            organisation=organisation,
            since=since,
            until=until,
            created_at=timezone.now(),
            items=items,
            item_count=count,
        )
        Delivery.objects.bulk_create(
            [Delivery(edition=edition, subscriber_id=pk) for pk in subscriber_ids],
            batch_size=1000,
        )
        audit_record(
            organisation=organisation,
            actor=None,
            action="newsletter.edition",
            obj=edition,
            changes={"items": count, "deliveries": len(subscriber_ids)},
        )
    return edition


def deliveries_settle_abandoned(*, now: datetime | None = None) -> int:
    """A delivery handed to the SMTP server by a worker that then died (attempted, never
    marked) may or may not have been accepted. It is not sent again — never twice to one
    address — but marked failed with the reason; returns how many."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING,
        attempted_at__isnull=False,
        claimed_at__lt=now - CLAIM_TIMEOUT,
    ).update(status=DeliveryStatus.FAILED, error=UNKNOWN_OUTCOME, claimed_at=None)


def deliveries_claim(*, limit: int, now: datetime | None = None) -> list[int]:
    """Claim up to `limit` deliveries to send, in one short transaction: those never
    claimed, and those of a dead worker never handed to the SMTP server. On PostgreSQL
    several workers claim at once and skip each other's rows."""
    now = now or timezone.now()
    with transaction.atomic():
        free = Delivery.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
            status=DeliveryStatus.PENDING,
            attempted_at__isnull=True,
        ).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            free = free.select_for_update(skip_locked=True)
        ids = list(free.values_list("id", flat=True)[:limit])
        Delivery.objects.filter(id__in=ids).update(claimed_at=now)
    return ids


def delivery_attempt(*, delivery_id: int) -> bool:
    """Mark the delivery as being handed to the SMTP server now (autocommit, one UPDATE);
    False when it is no longer ours to send (unsubscribed, already attempted)."""
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, attempted_at__isnull=True
        ).update(attempted_at=timezone.now())
    )


def delivery_sent(*, delivery_id: int) -> None:
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_at=None, error=""
    )


def delivery_release(*, delivery_id: int, error: str) -> None:
    """The SMTP server answered with a temporary error: the message was not accepted, so it
    is tried again by a later run (failed after MAX_ATTEMPTS)."""
    row = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True).first()
    if row is None:
        return
    attempts = row + 1
    status = DeliveryStatus.FAILED if attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
    Delivery.objects.filter(pk=delivery_id).update(
        status=status, attempts=attempts, attempted_at=None, claimed_at=None, error=error[:200]
    )


def delivery_fail(*, delivery_id: int, error: str) -> None:
    """The SMTP server refused the message for good (a bad address)."""
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.FAILED, claimed_at=None, error=error[:200]
    )


def deliveries_unclaim(*, ids: list[int]) -> None:
    """Give back claimed rows never attempted (the run stopped early), for the next run."""
    Delivery.objects.filter(
        id__in=ids, status=DeliveryStatus.PENDING, attempted_at__isnull=True
    ).update(claimed_at=None)
