"""Service-quality figures: one fact row per incoming document, kept up to date from the
registry, and daily aggregates of the facts, so no page ever scans the registry.

A fact holds only what the figures need. A confidential document's fact keeps its dates,
deadline and channel (it counts in the totals) but never its kind, service, unit or holder,
and it is left out of every breakdown.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    ALL = "all", _("All documents")
    KIND = "kind", _("Kind")
    SERVICE = "service", _("E-service")
    CHANNEL = "channel", _("Channel")
    UNIT = "unit", _("Unit")


# Channels through which a person reaches the office without coming in.
ONLINE_CHANNELS = ("portal", "email")


class DocumentFact(models.Model):
    organisation = models.ForeignKey("tenants.Organisation", on_delete=models.CASCADE)
    document = models.OneToOneField(
        "registry.Document", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    received_on = models.DateField()
    channel = models.CharField(max_length=10)
    confidential = models.BooleanField(default=False)
    # None for a confidential document.
    kind = models.ForeignKey(
        "registry.DocumentKind", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    service = models.ForeignKey(
        "eservices.Service", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unit = models.ForeignKey("tenants.Unit", on_delete=models.SET_NULL, null=True, related_name="+")
    deadline = models.DateField(null=True)
    answered_on = models.DateField(null=True)
    is_open = models.BooleanField(default=True)
    on_time = models.BooleanField(null=True)  # None: not answered, or no deadline
    days = models.PositiveIntegerField(null=True)  # calendar days from receipt to the answer
    suspensions = models.PositiveIntegerField(default=0)
    extensions = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "received_on"], name="fact_received"),
            models.Index(fields=["organisation", "answered_on"], name="fact_answered"),
            models.Index(fields=["organisation", "is_open", "deadline"], name="fact_open"),
        ]

    def __str__(self) -> str:
        return f"fact {self.document_id}"


class DayFigure(models.Model):
    """The figures of one day in one group (`dimension`, `key`: all documents, a kind, a
    service, a channel, a unit). Received-side counts belong to the day of receipt,
    answered-side counts to the day of the answer."""

    organisation = models.ForeignKey("tenants.Organisation", on_delete=models.CASCADE)
    day = models.DateField()
    month = models.DateField()  # the first of the day's month, to sum months in SQL
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.CharField(max_length=40, blank=True)
    received = models.PositiveIntegerField(default=0)
    online = models.PositiveIntegerField(default=0)
    counter = models.PositiveIntegerField(default=0)
    suspended = models.PositiveIntegerField(default=0)
    extended = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    with_deadline = models.PositiveIntegerField(default=0)  # answered, with a deadline
    on_time = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dimension", "key", "day"], name="one_day_figure"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "dimension", "month"], name="day_figure_month"),
            models.Index(fields=["organisation", "day"], name="day_figure_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}:{self.key}"


class MonthDays(models.Model):
    """How many documents of a group answered in `month` took `days` days: the histogram the
    median and the 90th percentile come from (per month, not per day: periods are whole
    months, and a month's histogram has some twenty times fewer rows to sum)."""

    organisation = models.ForeignKey("tenants.Organisation", on_delete=models.CASCADE)
    month = models.DateField()
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.CharField(max_length=40, blank=True)
    days = models.PositiveIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "dimension", "month"], name="month_days_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.dimension}:{self.key} {self.days}d×{self.count}"


class FactPending(models.Model):
    """The outbox: a document whose fact must be recomputed. Written by the journal listener
    in the transaction of the change; the updater takes the rows and removes them."""

    document_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["document_id"], name="fact_pending_document")]

    def __str__(self) -> str:
        return str(self.document_id)


class Watermark(models.Model):
    """The highest document id the updater has seen (documents above it are new)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class FiguresSettings(models.Model):
    """An organisation's choice to publish its figures (off until its admin turns it on)."""

    organisation = models.OneToOneField(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="figures_settings"
    )
    publish = models.BooleanField(_("publish the figures"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("figures settings")
        verbose_name_plural = _("figures settings")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.publish}"
