"""Rule sets: the law (or the council's resolution) a consultation is held under, as data on
the organisation with its legal basis, so the rules can be shown and enforced."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

NAME_MAX = 200
BASIS_MAX = 2_000


class Participants(models.TextChoices):
    # Nothing narrower than all residents can be stored (ustawa o samorządzie gminnym art. 5a).
    ALL_RESIDENTS = "residents", _("All residents")
    EVERYONE = "everyone", _("Everyone (residents and others)")


class Form(models.TextChoices):
    ONLINE = "online", _("Comments on this site")
    WRITTEN = "written", _("Written opinions")
    MEETING = "meeting", _("Open meetings")


class RuleSet(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="consultation_rules"
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    legal_basis = models.TextField(
        _("legal basis"),
        max_length=BASIS_MAX,
        help_text=_("The law or the council's resolution, with its number and date."),
    )
    min_days = models.PositiveSmallIntegerField(_("minimum period in days"))
    shortened_min_days = models.PositiveSmallIntegerField(
        _("shortest period with stated reasons, in days"),
        null=True,
        blank=True,
        help_text=_("Empty: the period can never be shorter than the minimum."),
    )
    requires_motives = models.BooleanField(
        _("the motives and the impact assessment are published with the draft"), default=False
    )
    report_required = models.BooleanField(
        _("a report is published before the act is adopted"), default=True
    )
    participants = models.CharField(
        _("who may take part"),
        max_length=12,
        choices=Participants.choices,
        default=Participants.ALL_RESIDENTS,
    )
    required_forms = models.JSONField(_("forms the rules require"), default=list, blank=True)
    is_default = models.BooleanField(_("default for new consultations"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation rule set")
        verbose_name_plural = _("consultation rule sets")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="consultation_rules_code"
            ),
            models.CheckConstraint(
                condition=models.Q(min_days__gte=1), name="consultation_rules_min_days"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_required_forms_display(self) -> list[str]:
        labels = dict(Form.choices)
        return [str(labels[f]) for f in self.required_forms if f in labels]
