"""Pages of an organisation's public site (about, statute, board, contacts, documents to
download): a tree of at most two levels, one translation per language, and the contact points
(departments with their opening hours) a contacts page shows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Organisation, PublicFile, Unit
from municipium.validators import check_plain_text, check_visible_text

BODY_MAX_CHARS = 200_000
MAX_DEPTH = 2  # a page and its sub-pages

page_slug_validator = RegexValidator(
    r"^[^\W_](?:[\w-]{0,98}[^\W_])?$",
    _("Use 1-100 letters, digits and hyphens (any alphabet), not starting or ending with one."),
)


class PageState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Page(models.Model):
    """One page of the site; its texts are its translations."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pages", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=PageState.choices, default=PageState.DRAFT
    )
    is_contacts = models.BooleanField(
        _("contacts page"),
        default=False,
        help_text=_("Shows the contact points with their opening hours below the text."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["organisation", "parent", "position"])]

    def __str__(self) -> str:
        return f"page {self.pk}"

    def get_absolute_url(self) -> str:
        text = self.translation()
        return text.get_absolute_url() if text is not None else ""

    @property
    def is_published(self) -> bool:
        return self.state == PageState.PUBLISHED

    def clean(self) -> None:
        parent = self.parent
        if parent is None:
            return
        if parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("The parent page belongs to another organisation.")})
        if self.pk is not None and parent.pk == self.pk:
            raise ValidationError({"parent": _("A page cannot be placed under itself.")})
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Pages have two levels: a sub-page cannot have sub-pages.")}
            )

    def translation(self, language: str | None = None) -> PageTranslation | None:
        """The text in `language` (the current one by default), else in the organisation's
        main language, else any. Reads the prefetched translations when there are."""
        language = (language or get_language() or "").split("-")[0]
        found = list(self.translations.all())
        by_language = {t.language: t for t in found}
        if language in by_language:
            return by_language[language]
        main = self.organisation.main_language
        if main in by_language:
            return by_language[main]
        return found[0] if found else None


class PageTranslation(models.Model):
    """A page's text in one language, at its own address (the slug is the language's own)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translations")
    # Copies of the page's, for the uniqueness of slugs among siblings in the database.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    slug = models.CharField(
        _("address"),
        max_length=100,
        validators=[page_slug_validator],
        help_text=_("The last part of the page's address in this language, e.g. about-us."),
    )
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True, max_length=BODY_MAX_CHARS)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("page translation")
        verbose_name_plural = _("page translations")
        ordering = ["page", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="page_text_once_per_language"
            ),
            models.UniqueConstraint(
                fields=["organisation", "language", "slug"],
                condition=Q(parent__isnull=True),
                name="page_slug_unique_at_top",
            ),
            models.UniqueConstraint(
                fields=["parent", "language", "slug"],
                condition=Q(parent__isnull=False),
                name="page_slug_unique_among_siblings",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        org = self.organisation.slug
        if self.parent_id is None:
            return reverse("newsroom:page", kwargs={"org": org, "slug": self.slug})
        parent = self.parent.translation(self.language)  # type: ignore[union-attr]
        parent_slug = parent.slug if parent is not None else str(self.parent_id)
        return reverse(
            "newsroom:subpage", kwargs={"org": org, "parent": parent_slug, "slug": self.slug}
        )

    def clean(self) -> None:
        try:
            check_visible_text(self.title)
        except ValidationError as error:
            raise ValidationError({"title": error.messages}) from None
        try:
            check_plain_text(self.summary, multiline=True)
        except ValidationError as error:
            raise ValidationError({"summary": error.messages}) from None


class PageAttachment(models.Model):
    """A document to download, listed on the page."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey(PublicFile, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.file)


class PageImage(models.Model):
    """An image uploaded for a page's text (the text refers to it by its address)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="images")
    file = models.ForeignKey(PublicFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.file)


class ContactPoint(models.Model):
    """A department or office people can reach: its name per language, address, phone,
    e-mail and opening hours."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_points"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    names = models.JSONField(_("name"), default=dict, help_text=_("language code → name"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        from municipium.eservices.models import translated

        return translated(self.names, language, fallback=[self.organisation.main_language])

    def clean(self) -> None:
        if self.unit is not None and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("The unit belongs to another organisation.")})
        if not isinstance(self.names, dict) or not any(str(v).strip() for v in self.names.values()):
            raise ValidationError({"names": _("Give the name in at least one language.")})


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class OpeningHours(models.Model):
    """One interval of a weekday when the contact point is open (several a day allowed)."""

    contact = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="opens_before_closes"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValidationError({"closes": _("The closing time must be after the opening time.")})

    def schema_org(self) -> dict[str, Any]:
        return {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[self.weekday]}",
            "opens": f"{self.opens:%H:%M}",
            "closes": f"{self.closes:%H:%M}",
        }
