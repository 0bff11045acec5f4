"""Statutory deadline rules: how long the office has to settle a kind of case, and why.

The platform ships the rules of each country's laws (organisation empty); an organisation may
add its own, and one with the same code as a platform rule takes its place for that
organisation (see `queries.deadline_rules_for`). Rules are data, not code, because laws change
and some periods are still to be verified against the text of the law.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from municipium.tenants.models import Country, Organisation

from .deadlines import DeadlineUnit, Suspension, compute_deadline, extend

# "(verify)" and "(verify separators)" marks: notes to administrators that a value still has to
# be checked against the law. They stay in the data and on office pages, never on public ones.
_VERIFY_MARK = re.compile(r"\s*\(\s*verify\b[^)]*\)", re.IGNORECASE)


def without_verify_marks(text: str) -> str:
    """The text as the public reads it: the administrators' "(verify)" marks left out."""
    return _VERIFY_MARK.sub("", text).strip()


def period_text(amount: int, unit: str) -> str:
    """A period in the active language: "14 days", "7 working days", "2 months"."""
    if unit == DeadlineUnit.MONTHS:
        return ngettext("%(count)d month", "%(count)d months", amount) % {"count": amount}
    if unit == DeadlineUnit.WORKING_DAYS:
        return ngettext("%(count)d working day", "%(count)d working days", amount) % {
            "count": amount
        }
    return ngettext("%(count)d day", "%(count)d days", amount) % {"count": amount}


class ExtensionBase(models.TextChoices):
    DEADLINE = "deadline", _("from the current deadline")
    START = "start", _("from the day of receipt")


class DeadlineRule(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadline_rules",
        verbose_name=_("organisation"),
        help_text=_("Empty for a rule shipped with the platform for its country."),
    )
    code = models.SlugField(
        _("code"),
        max_length=80,
        help_text=_("Stable identifier, e.g. pl-kpa-35-3-evidence."),
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, help_text=_("E.g. KPA art. 35 §3 or АПК чл. 57.")
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("What to keep in mind about the rule, e.g. what is still to be verified."),
    )
    amount = models.PositiveIntegerField(_("period"), validators=[MinValueValidator(1)])
    unit = models.CharField(
        pgettext_lazy("period", "unit"), max_length=20, choices=DeadlineUnit.choices
    )
    roll_to_working_day = models.BooleanField(
        _("ends on a working day"),
        default=True,
        help_text=_(
            "When the last day is a Saturday, Sunday or public holiday, the deadline moves "
            "to the next working day."
        ),
    )
    extendable_by_amount = models.PositiveIntegerField(
        _("extension"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    extendable_by_unit = models.CharField(
        _("extension unit"), max_length=20, choices=DeadlineUnit.choices, blank=True
    )
    extension_from = models.CharField(
        _("extension counted"),
        max_length=20,
        choices=ExtensionBase.choices,
        default=ExtensionBase.DEADLINE,
        help_text=_(
            "Whether the longest extension is counted from the deadline it extends or from "
            "the day of receipt (UDIP: at most 2 months from the request)."
        ),
    )
    notice_required = models.BooleanField(
        _("party must be told of a delay"),
        default=False,
        help_text=_("The party must be told the reason and the new date (KPA art. 36)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["country", "code"]
        constraints = [
            # NULLs are distinct in a unique constraint, so platform rules need their own.
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=Q(organisation__isnull=False),
                name="deadline_rule_code_unique_in_org",
                violation_error_message=_("The organisation already has a rule with this code."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(organisation__isnull=True),
                name="deadline_rule_code_unique_on_platform",
                violation_error_message=_("The platform already has a rule with this code."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=1), name="deadline_rule_amount_positive"
            ),
            models.CheckConstraint(
                condition=(
                    Q(extendable_by_amount__isnull=True, extendable_by_unit="")
                    | (Q(extendable_by_amount__gte=1) & ~Q(extendable_by_unit=""))
                ),
                name="deadline_rule_extension_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_basis})"

    @property
    def period_text(self) -> str:
        return period_text(self.amount, self.unit)

    @property
    def public_text(self) -> str:
        """The time limit as a public page states it: "14 days (АПК чл. 57)", in the page's
        language, without the rule's internal name or its "(verify)" marks."""
        basis = without_verify_marks(self.legal_basis)
        return f"{self.period_text} ({basis})" if basis else self.period_text

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        has_amount = self.extendable_by_amount is not None
        if has_amount and not self.extendable_by_unit:
            errors["extendable_by_unit"] = ValidationError(_("Give the unit of the extension."))
        if self.extendable_by_unit and not has_amount:
            errors["extendable_by_amount"] = ValidationError(_("Give the length of the extension."))
        if (
            self.organisation_id is not None
            and self.organisation is not None
            and self.country
            and self.country != self.organisation.country
        ):
            # The rule is counted with its country's holidays; it must be the organisation's.
            errors["country"] = ValidationError(
                _("The rule must be for the organisation's country.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_platform_rule(self) -> bool:
        return self.organisation_id is None

    def deadline_for(
        self,
        *,
        start: date,
        suspensions: Sequence[Suspension] = (),
        today: date | None = None,
    ) -> date:
        """The deadline of a case received on `start` under this rule."""
        return compute_deadline(
            start=start,
            amount=self.amount,
            unit=self.unit,
            country=self.country,
            roll_to_working_day=self.roll_to_working_day,
            suspensions=suspensions,
            today=today,
        )

    def longest_extension(self, *, start: date, deadline: date) -> date | None:
        """The latest date the deadline may be moved to, or None when the rule sets no limit.

        KPA cases have no fixed limit: the authority names a new date (art. 36).
        """
        if self.extendable_by_amount is None:
            return None
        if self.extension_from == ExtensionBase.START:
            return compute_deadline(
                start=start,
                amount=self.extendable_by_amount,
                unit=self.extendable_by_unit,
                country=self.country,
            )
        return extend(
            deadline=deadline,
            amount=self.extendable_by_amount,
            unit=self.extendable_by_unit,
            country=self.country,
        )
