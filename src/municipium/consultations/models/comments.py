"""Comments on a draft (on the whole draft, an article or a paragraph, by anchor), replies
one level deep, moderation, and the official answer to each comment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BODY_MAX = 10_000
NAME_MAX = 200
REASON_MAX = 2_000


class Channel(models.TextChoices):
    ONLINE = "online", _("On this site")
    PAPER = "paper", _("On paper")
    EMAIL = "email", _("By e-mail")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REJECTED = "rejected", _("Not accepted")
    OUTSIDE = "outside", _("Outside the subject")


class Comment(models.Model):
    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # The target: both empty — the whole draft; a paragraph's anchor implies its article's.
    article_anchor = models.PositiveIntegerField(null=True, blank=True)
    paragraph_anchor = models.PositiveIntegerField(null=True, blank=True)
    # What the target was called when the comment was written ("Чл. 5, ал. 2", version 1).
    target_label = models.CharField(max_length=80, blank=True)
    version_number = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("name"), max_length=NAME_MAX)
    show_name = models.BooleanField(_("my name may be published"), default=False)
    organisation_name = models.CharField(
        _("on behalf of an organisation"), max_length=NAME_MAX, blank=True
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registry_number = models.CharField(_("registry number"), max_length=100, blank=True)
    body = models.TextField(_("comment"), max_length=BODY_MAX)
    attachment = models.ForeignKey(
        "tenants.PublicFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["consultation", "id"]
        indexes = [
            models.Index(
                fields=["consultation", "article_anchor", "id"], name="consult_comment_at"
            ),
            models.Index(fields=["parent", "id"], name="consult_comment_reply"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def public_author(self) -> str:
        """The name the public sees: an organisation's name for its position, the person's
        name only with their consent, otherwise "a resident"."""
        if self.organisation_name:
            return self.organisation_name
        if self.show_name and self.author_name:
            return self.author_name
        return str(_("A resident"))


class Answer(models.Model):
    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="answer")
    outcome = models.CharField(_("answer"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reasons"), max_length=REASON_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self) -> str:
        return f"{self.comment_id}:{self.outcome}"
