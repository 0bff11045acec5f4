"""The newsletter: an organisation's subscribers (double opt-in), the editions its digest
sends, and one delivery row per (edition, subscriber) so that nobody gets an edition twice."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# A confirmation link is valid this long; a request not confirmed in time is purged.
CONFIRM_HOURS = 48


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Off (no digest is sent)")


INTERVALS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


class NewsletterSettings(models.Model):
    """How often the organisation's digest goes out. An organisation without a row sends a
    weekly digest (the default)."""

    organisation = models.OneToOneField(
        "tenants.Organisation",
        on_delete=models.CASCADE,
        related_name="newsletter_settings",
        verbose_name=_("organisation"),
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )

    class Meta:
        verbose_name = _("newsletter settings")
        verbose_name_plural = _("newsletter settings")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.frequency}"

    @property
    def interval(self) -> timedelta | None:
        return INTERVALS.get(Frequency(self.frequency))


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class Subscriber(models.Model):
    """An address that asked for the organisation's newsletter. Pending until the link of the
    confirmation e-mail is followed; an unsubscribed address is deleted (the journal keeps
    only that someone unsubscribed, never the address)."""

    organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=SubscriberStatus.choices, default="pending"
    )
    # The wording the person agreed to, kept as the proof of consent.
    consent_text = models.CharField(_("consent"), max_length=600)
    requested_at = models.DateTimeField(_("requested"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Part of the confirmation link; emptied when it is used, so a link works once.
    confirm_nonce = models.CharField(max_length=40, blank=True, default="")
    # Part of every unsubscribe link: a link is worth nothing once the row is gone.
    secret = models.CharField(max_length=40, default=new_secret)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], name="newsletter_one_subscription"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="newsletter_subscriber_status"),
            models.Index(fields=["status", "requested_at"], name="newsletter_pending_age"),
        ]

    def __str__(self) -> str:
        # Never the address: this is what the journal keeps of the row.
        return f"subscriber {self.pk}"


class Edition(models.Model):
    """One digest of an organisation: the items published in [since, until), frozen when the
    edition is made (per language), so a run resumed after a crash sends the same text."""

    organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    since = models.DateTimeField(_("since"))
    until = models.DateTimeField(_("until"))
    created_at = models.DateTimeField(_("made"))
    # {language: [{"title", "lead", "url", "published_at", "source"}]}
    items = models.JSONField(_("items"), default=dict)
    item_count = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("newsletter edition")
        verbose_name_plural = _("newsletter editions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "until"], name="newsletter_one_edition_per_end"
            )
        ]

    def __str__(self) -> str:
        return f"edition {self.pk} ({self.until:%Y-%m-%d})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One edition to one subscriber. The unique constraint is what makes "never twice":
    a row is claimed in a short transaction, marked `attempted_at` just before the message
    is handed to the SMTP server, and marked sent once the server accepted it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    # Null once the person unsubscribed: the row stays for the edition's figures.
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempted_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="newsletter_once_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["status", "id"], name="newsletter_delivery_todo")]

    def __str__(self) -> str:
        return f"delivery {self.pk}: {self.status}"
