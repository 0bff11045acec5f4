"""Organisations (tenants), their units and the people who work for them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    ASSOCIATION = "association", _("Association")
    AGENCY = "agency", _("Agency")
    NETWORK = "network", _("Project network")


class Country(models.TextChoices):
    BG = "BG", _("Bulgaria")
    PL = "PL", _("Poland")
    RO = "RO", _("Romania")
    GR = "GR", _("Greece")
    HR = "HR", _("Croatia")
    SK = "SK", _("Slovakia")
    CZ = "CZ", _("Czechia")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    REGISTRAR = "registrar", _("Registrar")
    MANAGER = "manager", _("Manager")
    OFFICIAL = "official", _("Official")
    COMMUNICATIONS = "communications", _("Communications")
    VIEWER = "viewer", _("Viewer")


# URL segments an organisation slug may not take, because the site uses them itself.
RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "accounts", "static", "media", "i18n", "office", "track", "healthz",
        "me", "dashboard", "news", "calendar", "figures", "consultations", "search", "data",
    }
)  # fmt: skip

slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
    _("Use 1-50 lowercase Latin letters, digits and hyphens, not starting or ending with one."),
)


def validate_language_codes(value: list[str]) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one language."))
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


def default_languages() -> list[str]:
    return ["bg"]


DEFAULT_ACCENT = "#0b4f8a"


def validate_accent_colour(value: str) -> None:
    """The accent is the header band behind white text and the colour of links on white:
    it must reach 4.5:1 against white (WCAG 2.1 AA for normal text)."""
    from ..colours import AA_NORMAL_TEXT, HEX_COLOUR, WHITE, contrast_ratio, darker_passing

    if not isinstance(value, str) or not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Give the colour as # and six hexadecimal digits, e.g. #0b4f8a."), code="format"
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "%(colour)s has a contrast of %(ratio)s:1 against white; text needs at least "
                "4.5:1. The nearest darker colour that passes is %(suggestion)s."
            ),
            code="contrast",
            params={
                "colour": value,
                "ratio": f"{int(ratio * 100) / 100:.2f}",
                "suggestion": darker_passing(value),
            },
        )


class Organisation(models.Model):
    slug = models.SlugField(_("address"), max_length=50, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    languages = models.JSONField(
        _("languages"),
        default=default_languages,
        validators=[validate_language_codes],
        help_text=_("Language codes of the content, the first is the main one."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The public site's identity: the logo (an image of its public files, with alt text)
    # and the accent colour of the header band and the links.
    logo = models.ForeignKey(
        "tenants.PublicFile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[validate_accent_colour],
        help_text=_("# and six hexadecimal digits; at least 4.5:1 against white."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved by the platform.")})
        if self.logo is not None and (
            self.logo.organisation_id != self.pk or self.logo.kind != PublicFileKind.IMAGE
        ):
            raise ValidationError({"logo": _("The logo must be an image of this organisation.")})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def identity_version(self) -> str:
        """Changes whenever the per-organisation stylesheet changes (its URL carries it)."""
        return self.accent_colour.lstrip("#")

    @property
    def main_language(self) -> str:
        return self.languages[0] if self.languages else settings.LANGUAGE_CODE


class Unit(models.Model):
    """A department of the office (дирекция, отдел / wydział, referat), in a tree."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    code = models.CharField(
        _("symbol"),
        max_length=20,
        help_text=_("Short symbol used in case marks, e.g. OR or ADM."),
        validators=[RegexValidator(r"^[\w.-]+$", _("Use letters, digits, dots and hyphens."))],
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent is not None and self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("The parent unit belongs to another organisation.")})
        seen: set[int] = set()
        node: Unit | None = self.parent
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
            seen.add(node.pk)
            node = node.parent


class Membership(models.Model):
    """A user working for an organisation, with one or more roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    def clean(self) -> None:
        if self.unit is not None and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("The unit belongs to another organisation.")})

    @property
    def role_codes(self) -> list[str]:
        return sorted(role.role for role in self.roles.all())


class MembershipRole(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="role_once_per_membership")
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class PublicFileKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document to download")


class PublicFile(models.Model):
    """A file an organisation shows on its public site: its logo, an image in a page or news
    item (with its alt text), a document to download. The bytes are a registry blob (checked
    by the same upload gate as every other file, stored once by their SHA-256)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="public_files"
    )
    file = models.ForeignKey("registry.StoredFile", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PublicFileKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    mime = models.CharField(max_length=120)
    title = models.CharField(_("title"), max_length=200, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public file")
        verbose_name_plural = _("public files")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title or self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "tenants:public_file",
            kwargs={"org": self.organisation.slug, "public_file_id": self.pk, "name": self.name},
        )

    def clean(self) -> None:
        if self.kind == PublicFileKind.IMAGE:
            if not self.mime.startswith("image/"):
                raise ValidationError({"kind": _("This file is not an image.")})
            if not self.alt_text.strip():
                raise ValidationError(
                    {"alt_text": _("Describe the image: the alternative text is required.")}
                )
