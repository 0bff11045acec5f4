"""An organisation's privacy notice (GDPR Articles 13 and 14): the controller is the
organisation with its contacts; these are its answers about the data protection officer,
purposes, legal bases, retention and recipients. The public page adds the data subject's
rights and the supervisory authority of the organisation's country."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation

LONG_TEXT = 4000


class LegalBasis(models.TextChoices):
    CONSENT = "a", _("consent (Article 6(1)(a) GDPR)")
    CONTRACT = "b", _("a contract with the person (Article 6(1)(b) GDPR)")
    LEGAL_OBLIGATION = "c", _("a legal obligation of the controller (Article 6(1)(c) GDPR)")
    VITAL_INTERESTS = "d", _("vital interests (Article 6(1)(d) GDPR)")
    PUBLIC_TASK = (
        "e",
        _("a task in the public interest or official authority (Article 6(1)(e) GDPR)"),
    )
    LEGITIMATE_INTERESTS = "f", _("legitimate interests (Article 6(1)(f) GDPR)")


def validate_legal_bases(value: list[str]) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one legal basis."))
    if set(value) - set(LegalBasis.values):
        raise ValidationError(_("Unknown legal basis."))


class PrivacyNotice(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="privacy_notice"
    )
    dpo_name = models.CharField(_("data protection officer"), max_length=200)
    dpo_email = models.EmailField(_("data protection officer's e-mail"))
    dpo_phone = models.CharField(_("data protection officer's phone"), max_length=40, blank=True)
    dpo_address = models.CharField(
        _("data protection officer's postal address"), max_length=300, blank=True
    )
    purposes = models.TextField(
        _("purposes of the processing"),
        max_length=LONG_TEXT,
        help_text=_("One purpose per line, e.g. registering incoming letters."),
    )
    legal_bases = models.JSONField(_("legal bases"), validators=[validate_legal_bases])
    legal_basis_details = models.TextField(
        _("laws the processing rests on"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("The acts that oblige or allow the processing, one per line."),
    )
    retention = models.TextField(_("how long the data are kept"), max_length=LONG_TEXT)
    recipients = models.TextField(_("recipients of the data"), max_length=LONG_TEXT, blank=True)
    transfers = models.TextField(
        _("transfers outside the European Economic Area"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("Leave empty when the data are not transferred outside the EEA."),
    )
    updated_on = models.DateField(_("notice last updated on"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return str(self.organisation)

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]

    @property
    def purposes_list(self) -> list[str]:
        return self.lines("purposes")

    @property
    def legal_basis_details_list(self) -> list[str]:
        return self.lines("legal_basis_details")

    @property
    def recipients_list(self) -> list[str]:
        return self.lines("recipients")

    @property
    def legal_basis_labels(self) -> list[str]:
        return [str(LegalBasis(code).label) for code in sorted(self.legal_bases or [])]
