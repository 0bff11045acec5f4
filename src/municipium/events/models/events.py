"""Events (seminars, forums, conferences, workshops, …): their texts per language, their
programme, their co-organisers and the history of their dates."""

from __future__ import annotations

import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Membership

TITLE_MAX = 300
SLUG_MAX = 120
SUMMARY_MAX = 2_000
DESCRIPTION_MAX = 100_000
PLACE_MAX = 300
TOWN_MAX = 120
OUTSIDE_ORGANISERS_MAX = 1_000
REASON_MAX = 500
CAPACITY_MAX = 100_000
SESSIONS_PER_EVENT = 200
SPEAKERS_PER_SESSION = 20

# The time zone of an organisation's events follows its country (one zone per country we serve).
COUNTRY_TIME_ZONES = {
    "BG": "Europe/Sofia",
    "PL": "Europe/Warsaw",
    "RO": "Europe/Bucharest",
    "GR": "Europe/Athens",
    "HR": "Europe/Zagreb",
    "SK": "Europe/Bratislava",
    "CZ": "Europe/Prague",
}


def time_zone_of(organisation: object) -> str:
    country = getattr(organisation, "country", "")
    return COUNTRY_TIME_ZONES.get(country, settings.TIME_ZONE)


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    FORUM = "forum", _("Forum")
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    MEETING = "meeting", _("Meeting")


class EventState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="events"
    )
    # The iCalendar UID: never changes, whatever happens to the event.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=SLUG_MAX)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=EventState.choices, default=EventState.DRAFT
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    # The languages the event is held in (codes of settings.LANGUAGES).
    languages = models.JSONField(_("languages of the event"), default=list)
    venue = models.CharField(_("venue"), max_length=PLACE_MAX, blank=True)
    address = models.CharField(_("address"), max_length=PLACE_MAX, blank=True)
    town = models.CharField(_("town"), max_length=TOWN_MAX, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to confirmed participants, in their e-mail."),
    )
    co_organisers = models.ManyToManyField(
        "tenants.Organisation",
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("co-organisers on this site"),
    )
    outside_organisers = models.TextField(
        _("other co-organisers"),
        max_length=OUTSIDE_ORGANISERS_MAX,
        blank=True,
        help_text=_("One name per line."),
    )
    registration_enabled = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    # Empty: anyone may register; else only signed-in people with an active membership in one
    # of these organisations (staff still add anyone by hand).
    registration_for = models.ManyToManyField(
        "tenants.Organisation",
        blank=True,
        related_name="events_open_to_members",
        verbose_name=_("registration only for members of"),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    # RFC 5545 SEQUENCE: raised by every change that attendees' calendars must follow.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=REASON_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["organisation", "state", "starts_at"], name="event_org_list"),
            models.Index(fields=["state", "starts_at"], name="event_calendar"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="event_slug_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.slug}"

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"org": self.organisation.slug, "slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.state in (EventState.PUBLISHED, EventState.CANCELLED)

    @property
    def is_cancelled(self) -> bool:
        return self.state == EventState.CANCELLED

    @property
    def outside_organiser_names(self) -> list[str]:
        return [line.strip() for line in self.outside_organisers.splitlines() if line.strip()]

    def registration_open(self, now: object = None) -> bool:
        """Whether the public may register now (published, not over, inside the window)."""
        now = now or timezone.now()
        if not self.registration_enabled or self.state != EventState.PUBLISHED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:  # type: ignore[operator]
            return False
        if self.registration_closes_at and now >= self.registration_closes_at:  # type: ignore[operator]
            return False
        return now < self.ends_at  # type: ignore[operator]

    def registration_refusal(self, user: Any) -> str:
        """Why `user` (None when anonymous) may not register themselves; "" when they may.
        Reads the prefetched `registration_for` when there is."""
        allowed = list(self.registration_for.all())
        if not allowed:
            return ""
        names = ", ".join(org.name for org in allowed)
        if user is None or not getattr(user, "is_authenticated", False):
            return _("Registration is only for members of %(organisations)s: sign in first.") % {
                "organisations": names
            }
        if Membership.objects.filter(
            user=user, is_active=True, organisation__in=allowed, organisation__is_active=True
        ).exists():
            return ""
        return _("Registration is only for members of %(organisations)s.") % {
            "organisations": names
        }

    def translation(self, language: str) -> EventTranslation | None:
        """The texts in `language`, else in the organisation's main language, else any
        (reads the prefetched translations when there are)."""
        translations = list(self.translations.all())
        by_language = {t.language: t for t in translations}
        main = self.organisation.main_language
        return by_language.get(language) or by_language.get(main) or next(iter(translations), None)


class EventTranslation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="event_translation_once"),
        ]

    def __str__(self) -> str:
        return self.title


class EventMove(models.Model):
    """The dates an event had before it was moved (kept for ever, shown on its page)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="moves")
    old_starts_at = models.DateTimeField(_("old start"))
    old_ends_at = models.DateTimeField(_("old end"))
    new_starts_at = models.DateTimeField(_("new start"))
    new_ends_at = models.DateTimeField(_("new end"))
    reason = models.CharField(_("reason"), max_length=REASON_MAX, blank=True)
    moved_at = models.DateTimeField(_("when"), default=timezone.now)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("change of dates")
        verbose_name_plural = _("changes of dates")
        ordering = ["event", "-moved_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.old_starts_at} → {self.new_starts_at}"


class EventSession(models.Model):
    """One item of the programme: a time slot with its title, room and speakers
    (`speakers`: a list of {"name", "role", "organisation"})."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    room = models.CharField(_("room"), max_length=TOWN_MAX, blank=True)
    speakers = models.JSONField(_("speakers"), default=list, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title
