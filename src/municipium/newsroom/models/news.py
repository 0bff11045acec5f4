"""News items and press releases: their translations, tags, versions (the public change
history of the Polish BIP rule) and the organisation's newsroom settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 300
SLUG_MAX = 120
LEAD_MAX = 2_000
BODY_MAX = 100_000
REASON_MAX = 500
TAG_MAX = 60
TAGS_PER_ITEM = 20
ATTACHMENTS_PER_ITEM = 20


class NewsKind(models.TextChoices):
    NEWS = "news", _("News")
    PRESS_RELEASE = "press_release", _("Press release")
    ANNOUNCEMENT = "announcement", _("Announcement")


class NewsState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class NewsSettings(models.Model):
    """An organisation's newsroom settings (one row, created when first changed)."""

    organisation = models.OneToOneField(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="news_settings"
    )
    require_approval = models.BooleanField(
        _("a second person must approve before publication"),
        default=False,
        help_text=_("The author of an item cannot publish it; another editor approves it."),
    )

    class Meta:
        verbose_name = _("newsroom settings")
        verbose_name_plural = _("newsroom settings")

    def __str__(self) -> str:
        return str(self.organisation_id)


class NewsTag(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="news_tags"
    )
    name = models.CharField(_("name"), max_length=TAG_MAX)
    slug = models.SlugField(_("address"), max_length=TAG_MAX)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="news_tag_once"),
        ]

    def __str__(self) -> str:
        return self.name


class NewsItem(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="news_items"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NewsKind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=NewsState.choices, default=NewsState.DRAFT
    )
    tags = models.ManyToManyField(NewsTag, blank=True, related_name="items", verbose_name=_("tags"))
    lead_image = models.ForeignKey(
        "tenants.PublicFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead image"),
    )
    attachments = models.ManyToManyField(
        "tenants.PublicFile", blank=True, related_name="+", verbose_name=_("attachments")
    )
    # The publication time the editor chose (a future one schedules the item); empty: now.
    publish_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    display_until = models.DateTimeField(_("end of display"), null=True, blank=True)
    responsible = models.CharField(
        _("responsible for the content"),
        max_length=200,
        blank=True,
        help_text=_("The person or unit answerable for the content; the author when empty."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # First publication; kept when the item is unpublished and published again.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Last change of what the public sees (a new version).
    changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["organisation", "state", "-published_at"], name="news_public_list"
            ),
            models.Index(fields=["state", "publish_at"], name="news_due"),
            models.Index(fields=["state", "display_until"], name="news_display_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(display_until__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(display_until__gt=models.F("publish_at")),
                name="news_display_after_publication",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.state == NewsState.PUBLISHED

    @property
    def responsible_text(self) -> str:
        return self.responsible or self.author.full_name

    def translation(self, language: str) -> NewsTranslation | None:
        """The translation in `language`, else in the organisation's main language, else any
        (reads the prefetched translations when there are)."""
        translations = list(self.translations.all())
        by_language = {t.language: t for t in translations}
        main = self.organisation.main_language
        return by_language.get(language) or by_language.get(main) or next(iter(translations), None)


class NewsTranslation(models.Model):
    """The item in one language of its organisation, with its own address."""

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="translations")
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="+"
    )  # the item's, here for the unique address per organisation and language
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    slug = models.SlugField(_("address"), max_length=SLUG_MAX)
    lead = models.TextField(_("lead"), max_length=LEAD_MAX, blank=True)
    body = models.TextField(_("body"), max_length=BODY_MAX, blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["item", "language"]
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="news_translation_once"),
            models.UniqueConstraint(
                fields=["organisation", "language", "slug"], name="news_slug_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "newsroom:news_item", kwargs={"org": self.item.organisation.slug, "slug": self.slug}
        )


class NewsVersion(models.Model):
    """What the public saw after one published change: a snapshot of the item, who made
    the change, when and why. Kept for ever, also after the item is unpublished."""

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(_("reason for the change"), max_length=REASON_MAX, blank=True)
    snapshot = models.JSONField()

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="news_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"
