"""Citizen e-services: the catalogue, versioned forms, applications and their messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def translated(texts: Any, language: str | None = None, fallback: list[str] | None = None) -> str:
    """The text of a {language: text} dict in `language`, else in the first language that
    has one (the organisation's order when given)."""
    if not isinstance(texts, dict):
        return str(texts or "")
    language = (language or get_language() or "").split("-")[0]
    if texts.get(language):
        return str(texts[language])
    for code in fallback or []:
        if texts.get(code):
            return str(texts[code])
    return next((str(value) for value in texts.values() if value), "")


class Service(models.Model):
    """One service of the catalogue: what it is, who may ask, what it costs, which law sets
    its deadline, and where its applications are registered and filed."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="services"
    )
    slug = models.SlugField(_("address"), max_length=60)
    # Texts are {language code: text}, one entry per language of the organisation.
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    eligibility = models.JSONField(_("who may apply"), default=dict, blank=True)
    required_documents = models.JSONField(_("required documents"), default=dict, blank=True)
    fee = models.JSONField(_("fee"), default=dict, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    deadline_rule = models.ForeignKey(
        "workdays.DeadlineRule",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deadline rule"),
    )
    kind = models.ForeignKey(
        "registry.DocumentKind",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document kind"),
    )
    register = models.ForeignKey(
        "registry.Register", on_delete=models.PROTECT, related_name="+", verbose_name=_("register")
    )
    file_class = models.ForeignKey(
        "registry.FilePlanItem",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file plan class"),
    )
    unit = models.ForeignKey(
        "tenants.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    is_published = models.BooleanField(_("open for applications"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="service_slug_in_org")
        ]

    def __str__(self) -> str:
        return self.slug

    def text(self, name: str) -> str:
        return translated(getattr(self, name), fallback=self.organisation.languages)

    @property
    def title_text(self) -> str:
        return self.text("title")

    @property
    def public_legal_basis(self) -> str:
        """The legal basis without the administrators' "(verify)" marks."""
        from municipium.workdays.models import without_verify_marks

        return without_verify_marks(self.legal_basis)

    @property
    def description_text(self) -> str:
        return self.text("description")

    @property
    def eligibility_text(self) -> str:
        return self.text("eligibility")

    @property
    def required_documents_text(self) -> str:
        return self.text("required_documents")

    @property
    def fee_text(self) -> str:
        return self.text("fee")

    def clean(self) -> None:
        org = self.organisation_id
        for name in ("kind", "register", "file_class", "unit"):
            related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if related is not None and related.organisation_id != org:
                raise ValidationError({name: _("This belongs to another organisation.")})
        if not any(str(v).strip() for v in (self.title or {}).values()):
            raise ValidationError({"title": _("Give the title.")})


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    TEXTAREA = "textarea", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Single choice")
    MULTICHOICE = "multichoice", _("Multiple choice")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    IDENTIFIER = "identifier", _("Identifier (EGN, PESEL, EIK, NIP…)")
    ADDRESS = "address", _("Address")
    FILE = "file", _("File upload")
    CONSENT = "consent", _("Consent")


class FormVersion(models.Model):
    """A version of a service's form. The draft (published_at empty) is edited in the
    builder; publishing freezes it, and an application keeps the version it was filed with.

    `fields` is the schema: a list of {"key", "type", "required", "label": {lang: text},
    "help": {lang: text}, "choices": [{"value", "label": {lang: text}}], "identifier_type",
    "max_mb", "show_if": {"field", "value"} | null}."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    fields = models.JSONField(_("fields"), default=list)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="form_version_once"),
            # One draft per service at a time.
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(published_at__isnull=True),
                name="one_form_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


class Application(models.Model):
    """A citizen's application for a service: a draft until submitted, then a registered
    document (channel "portal") with its case."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="applications")
    form_version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("applicant"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    data = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    document = models.OneToOneField(
        "registry.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )
    case = models.ForeignKey(
        "registry.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    final_document = models.ForeignKey(
        "registry.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The public status the applicant was last e-mailed about, so one change sends one e-mail.
    notified_status = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("saved"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["organisation", "status", "-id"], name="application_status"),
            models.Index(fields=["user", "-id"], name="application_user"),
            models.Index(fields=["service", "email", "status"], name="application_draft"),
        ]

    def __str__(self) -> str:
        return f"application {self.pk}"


class MessageDirection(models.TextChoices):
    FROM_CITIZEN = "in", _("From the applicant")
    FROM_OFFICE = "out", _("From the office")


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    INFO_REQUEST = "info_request", _("Request for more information")
    ANSWER = "answer", _("Answer")
    REFUSAL = "refusal", _("Refusal")


class Message(models.Model):
    """A message of the application's conversation; each is a registered document of its case
    (incoming from the citizen, outgoing from the office)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="messages")
    direction = models.CharField(max_length=3, choices=MessageDirection.choices)
    kind = models.CharField(max_length=12, choices=MessageKind.choices)
    text = models.TextField(_("message"))
    document = models.ForeignKey("registry.Document", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "id"], name="message_application")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.kind}"


class RateAttempt(models.Model):
    """One counted attempt (tracking, applying) by a client address or an e-mail, kept in the
    database so every web worker sees the same counts; old rows are pruned."""

    bucket = models.CharField(max_length=40)
    key = models.CharField(max_length=64)  # SHA-256 of the address or e-mail
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["bucket", "key", "at"], name="rate_attempt_lookup")]

    def __str__(self) -> str:
        return f"{self.bucket} {self.at:%Y-%m-%d %H:%M}"
