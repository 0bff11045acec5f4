"""Rule sets: the presets each country's law gives, staff's own rule sets (a Polish gmina's
council resolution), and the check that refuses a consultation breaking its rules, naming
the rule it breaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation
from municipium.validators import check_plain_text, check_visible_text

from ..models.rules import BASIS_MAX, NAME_MAX, Form, Participants, RuleSet

ZNA_BASIS = (
    "Закон за нормативните актове, чл. 26: проектът се публикува с мотивите (доклада) и "
    "частичната предварителна оценка на въздействието; срокът за предложения и становища е "
    "не по-кратък от 30 дни, а в изключителни случаи — не по-кратък от 14 дни, с посочени "
    "причини; преди приемането се публикува справка за постъпилите предложения с "
    "обосновка за неприетите, и когато не са постъпили предложения."
)
PL_BASIS = (
    "Ustawa o samorządzie gminnym, art. 5a; zasady i tryb konsultacji określa uchwała rady "
    "gminy (wpisz jej numer i datę)."
)


@dataclass(frozen=True)
class Preset:
    code: str
    name: str
    legal_basis: str
    min_days: int
    shortened_min_days: int | None
    requires_motives: bool
    report_required: bool
    required_forms: tuple[str, ...]


PRESETS: dict[str, list[Preset]] = {
    "BG": [
        Preset(
            code="bg-zna-26",
            name="ЗНА, чл. 26 — обществена консултация",
            legal_basis=ZNA_BASIS,
            min_days=30,
            shortened_min_days=14,
            requires_motives=True,
            report_required=True,
            required_forms=(Form.ONLINE,),
        )
    ],
    "PL": [
        Preset(
            code="pl-uchwala",
            name="Konsultacje społeczne wg uchwały rady gminy",
            legal_basis=PL_BASIS,
            min_days=14,
            shortened_min_days=None,
            requires_motives=False,
            report_required=True,
            required_forms=(Form.ONLINE, Form.WRITTEN),
        )
    ],
}


def rule_sets_ensure(*, organisation: Organisation) -> list[RuleSet]:
    """The organisation's rule sets; the first time, its country's presets (the first one
    is the default). Editable data afterwards, never code."""
    existing = list(RuleSet.objects.filter(organisation=organisation))
    if existing:
        return existing
    with transaction.atomic():
        created = []
        for index, preset in enumerate(PRESETS.get(organisation.country, [])):
            rule_set, _made = RuleSet.objects.get_or_create(
                organisation=organisation,
                code=preset.code,
                defaults={
                    "name": preset.name,
                    "legal_basis": preset.legal_basis,
                    "min_days": preset.min_days,
                    "shortened_min_days": preset.shortened_min_days,
                    "requires_motives": preset.requires_motives,
                    "report_required": preset.report_required,
                    "required_forms": list(preset.required_forms),
                    "is_default": index == 0,
                },
            )
            created.append(rule_set)
    return created


def rule_set_save(
    *,
    organisation: Organisation,
    actor: Any,
    rule_set: RuleSet | None = None,
    code: str,
    name: str,
    legal_basis: str,
    min_days: int,
    shortened_min_days: int | None = None,
    requires_motives: bool = False,
    report_required: bool = True,
    participants: str = Participants.ALL_RESIDENTS,
    required_forms: list[str] | tuple[str, ...] = (Form.ONLINE,),
    is_default: bool = False,
) -> RuleSet:
    """Create or change a rule set. Who may take part can never be narrowed below all
    residents; a shortened period is shorter than the minimum; the basis is required."""
    errors: dict[str, list[str]] = {}
    name = " ".join(name.split())
    legal_basis = legal_basis.strip()
    for field_name, value, limit in (
        ("name", name, NAME_MAX),
        ("legal_basis", legal_basis, BASIS_MAX),
    ):
        try:
            check_visible_text(value)
            check_plain_text(value, multiline=True)
        except ValidationError as error:
            errors.setdefault(field_name, []).append(error.messages[0])
        if len(value) > limit:
            errors.setdefault(field_name, []).append(_("At most %d characters.") % limit)
    if not isinstance(min_days, int) or not 1 <= min_days <= 365:
        errors.setdefault("min_days", []).append(_("Between 1 and 365 days."))
    elif shortened_min_days is not None and not 1 <= shortened_min_days < min_days:
        errors.setdefault("shortened_min_days", []).append(
            _("A shortened period is at least one day and shorter than the minimum.")
        )
    if participants not in Participants.values:
        errors.setdefault("participants", []).append(
            _(
                "Consultations are open to all residents at least (ustawa o samorządzie "
                "gminnym art. 5a): the group of participants cannot be narrowed."
            )
        )
    forms = list(dict.fromkeys(required_forms))
    if any(f not in Form.values for f in forms):
        errors.setdefault("required_forms", []).append(_("Choose forms from the list."))
    if errors:
        raise ValidationError(errors)
    target = rule_set or RuleSet(organisation=organisation)
    if target.organisation_id != organisation.pk:
        raise ValidationError(_("This rule set belongs to another organisation."))
    before = {"min_days": target.min_days, "name": target.name} if rule_set else None
    target.code = code
    target.name = name
    target.legal_basis = legal_basis
    target.min_days = min_days
    target.shortened_min_days = shortened_min_days
    target.requires_motives = requires_motives
    target.report_required = report_required
    target.participants = participants
    target.required_forms = forms
    target.is_default = is_default
    try:
        with transaction.atomic():
            if is_default:
                RuleSet.objects.filter(organisation=organisation).exclude(pk=target.pk).update(
                    is_default=False
                )
            target.save()
            audit_record(
                organisation=organisation,
                actor=actor,
                action="consultation_rules.save",
                obj=target,
                changes={"before": before, "min_days": min_days, "name": name},
            )
    except IntegrityError:
        raise ValidationError({"code": _("Another rule set has this code.")}) from None
    return target


@dataclass(frozen=True)
class Plan:
    """What a consultation is about to be opened with, checked against its rules."""

    opens_at: datetime
    closes_at: datetime
    shortened_reason: str
    forms: list[str]
    document_kinds: set[str]
    has_draft: bool


def rule_violations(rule_set: RuleSet, plan: Plan) -> dict[str, list[str]]:
    """Every rule the plan breaks, as messages naming the rule, by field."""
    errors: dict[str, list[str]] = {}
    rule = rule_set.name

    def refuse(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    days = (plan.closes_at - plan.opens_at).total_seconds() / 86400
    if plan.closes_at <= plan.opens_at:
        refuse("closes_at", _("The consultation closes after it opens."))
    elif days < rule_set.min_days:
        shortest = rule_set.shortened_min_days
        whole = int(days)
        if shortest is None:
            refuse(
                "closes_at",
                _("%(rule)s: comments stay open at least %(min)d days; this period has %(days)d.")
                % {"rule": rule, "min": rule_set.min_days, "days": whole},
            )
        elif days < shortest:
            refuse(
                "closes_at",
                _(
                    "%(rule)s: comments stay open at least %(min)d days, or at least "
                    "%(short)d days with the reasons stated; this period has %(days)d."
                )
                % {"rule": rule, "min": rule_set.min_days, "short": shortest, "days": whole},
            )
        elif not plan.shortened_reason.strip():
            refuse(
                "shortened_reason",
                _(
                    "%(rule)s: a period shorter than %(min)d days needs its reasons stated; "
                    "this period has %(days)d."
                )
                % {"rule": rule, "min": rule_set.min_days, "days": whole},
            )
    if rule_set.requires_motives:
        for kind, label in (
            ("motives", _("the motives (or report)")),
            ("impact", _("the preliminary impact assessment")),
        ):
            if kind not in plan.document_kinds:
                refuse(
                    "documents",
                    _("%(rule)s: the draft is published with %(what)s; add it to the documents.")
                    % {"rule": rule, "what": label},
                )
    labels = dict(Form.choices)
    for form in rule_set.required_forms:
        if form not in plan.forms:
            refuse(
                "forms",
                _("%(rule)s: the consultation offers this form: %(form)s.")
                % {"rule": rule, "form": labels.get(form, form)},
            )
    if not plan.has_draft:
        refuse("draft", _("Give the draft's text before the consultation opens."))
    return errors
