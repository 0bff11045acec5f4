"""Registrations for an event: one per e-mail address and event; a place is held only once
the address is confirmed; when the event is full the registration waits in line (`queue`,
its arrival order) and is promoted when a place frees up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .events import Event

NAME_MAX = 200


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("E-mail not confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=NAME_MAX)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    # Arrival order on the waiting list (1, 2, …, per event); empty when not waiting.
    queue = models.PositiveIntegerField(null=True, blank=True)
    # The secret of the cancel link (and the API's cancel_token).
    secret = models.CharField(max_length=64, unique=True)
    # Changes with every confirmation mail: only the latest link confirms.
    confirm_nonce = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    by_staff = models.BooleanField(default=False)
    # The language of the pages the person registered on: their e-mails speak it.
    language = models.CharField(max_length=8, blank=True)
    # The reminder the day before went out (at most once per registration).
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # Checked in by staff at the event (on a phone: by name or the ticket's QR code).
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The code printed on the certificate of attendance, checked on a public page.
    certificate_code = models.CharField(
        _("certificate code"), max_length=16, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "id"]
        indexes = [models.Index(fields=["event", "status", "queue"], name="registration_status")]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="registration_once"),
            models.UniqueConstraint(fields=["event", "queue"], name="registration_queue_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.email}"
