"""An organisation's accessibility statement: its answers to the questions of the EU model
statement (Commission Implementing Decision (EU) 2018/1523) and of the Polish "deklaracja
dostępności" (ustawa z 4 kwietnia 2019 r. o dostępności cyfrowej). The public page is
generated from these answers; free text is in the language its author writes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation

LONG_TEXT = 4000


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("a self-assessment by the organisation")
    THIRD_PARTY = "third_party", _("an assessment by a third party")


class AccessibilityStatement(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="accessibility_statement"
    )
    status = models.CharField(
        _("compliance status"), max_length=10, choices=ComplianceStatus.choices
    )
    non_compliant = models.TextField(
        _("content not accessible because it does not comply"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("One item per line: what is not accessible and which requirement it fails."),
    )
    disproportionate_burden = models.TextField(
        _("content not made accessible because of a disproportionate burden"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("One item per line, with the reason of the assessment."),
    )
    out_of_scope = models.TextField(
        _("content outside the scope of the law"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("One item per line, e.g. office files published before 23 September 2018."),
    )
    alternatives = models.TextField(_("accessible alternatives"), max_length=LONG_TEXT, blank=True)
    prepared_on = models.DateField(_("statement prepared on"))
    method = models.CharField(
        _("assessment method"), max_length=12, choices=AssessmentMethod.choices
    )
    assessor = models.CharField(_("third party that assessed the site"), max_length=200, blank=True)
    reviewed_on = models.DateField(_("statement last reviewed on"))
    site_published_on = models.DateField(_("website published on"))
    site_updated_on = models.DateField(
        _("website last substantially updated on"), null=True, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("days to answer a request"),
        default=7,
        help_text=_("The law allows at most 7 days in Poland; say what you commit to."),
    )
    architecture = models.TextField(
        _("accessibility of the buildings"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("Entrances, ramps, lifts, parking, assistance dogs, induction loops."),
    )
    sign_language = models.TextField(
        _("sign language interpreting"), max_length=LONG_TEXT, blank=True
    )
    mobile_apps = models.TextField(_("mobile applications"), max_length=LONG_TEXT, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.method == AssessmentMethod.THIRD_PARTY and not self.assessor.strip():
            errors["assessor"] = _("Name the third party that assessed the site.")
        if self.reviewed_on and self.prepared_on and self.reviewed_on < self.prepared_on:
            errors["reviewed_on"] = _("The review cannot come before the statement.")
        if self.status == ComplianceStatus.FULL and (
            self.non_compliant.strip() or self.disproportionate_burden.strip()
        ):
            errors["status"] = _(
                "A fully compliant site has no inaccessible content: choose partially "
                "compliant, or empty the lists."
            )
        if self.status in (ComplianceStatus.PARTIAL, ComplianceStatus.NONE) and not (
            self.non_compliant.strip() or self.disproportionate_burden.strip()
        ):
            errors["non_compliant"] = _(
                "Say which content is not accessible (here or under disproportionate burden)."
            )
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def non_compliant_items(self) -> list[str]:
        return self._lines(self.non_compliant)

    @property
    def burden_items(self) -> list[str]:
        return self._lines(self.disproportionate_burden)

    @property
    def out_of_scope_items(self) -> list[str]:
        return self._lines(self.out_of_scope)
