"""Exchange groups of a network and its good-practice library.

A group gathers persons from several organisations of the installation around a coordinator;
it keeps dated meetings and outcomes. A practice goes draft → in review → published, and is
published only after two distinct peers (not its author; staff of the association or members
of its group) approved it. Other organisations mark it adopted with their own note and date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="exchange_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True, max_length=4000)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange group")
        verbose_name_plural = _("exchange groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    member_organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMeeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=10000)

    class Meta:
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.group_id} {self.held_on}"


class PracticeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class Practice(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="practices"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"), max_length=10000)
    done = models.TextField(_("what was done"), max_length=10000)
    results = models.TextField(_("results, with figures"), blank=True, max_length=10000)
    costs = models.CharField(_("costs"), max_length=300, blank=True)
    duration = models.CharField(_("duration"), max_length=200, blank=True)
    contacts = models.TextField(_("contacts"), blank=True, max_length=2000)
    tags = models.CharField(_("tags (comma-separated)"), max_length=300, blank=True)
    source_organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation it came from"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("group"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=PracticeState.choices, default=PracticeState.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class Outcome(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(_("outcome"), max_length=10000)
    reached_on = models.DateField(_("date"))
    practices = models.ManyToManyField(Practice, blank=True, related_name="outcomes")

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-reached_on"]

    def __str__(self) -> str:
        return f"{self.group_id} {self.reached_on}"


class PracticeReview(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved = models.BooleanField(_("approved"))
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("practice review")
        verbose_name_plural = _("practice reviews")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "reviewer"], name="practice_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.reviewer_id}"


class Adoption(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=4000)
    adopted_on = models.DateField(_("adopted on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-adopted_on"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "organisation"], name="adoption_once")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.organisation_id}"
