"""Every write to deadline rules, each audited, and the letter telling a party of a delay."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record, diff
from municipium.tenants.models import Organisation

from .models import DeadlineRule, ExtensionBase

# What an update may change. The organisation and the country stay: the rule is counted
# with that country's holidays and cases already refer to it.
EDITABLE_FIELDS = (
    "code",
    "name",
    "legal_basis",
    "note",
    "amount",
    "unit",
    "roll_to_working_day",
    "extendable_by_amount",
    "extendable_by_unit",
    "extension_from",
    "notice_required",
    "is_active",
)
AUDITED_FIELDS = ("country", *EDITABLE_FIELDS)


def _snapshot(rule: DeadlineRule, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in fields}


def deadline_rule_create(
    *,
    organisation: Organisation | None,
    actor: Any,
    code: str,
    name: str,
    legal_basis: str,
    amount: int,
    unit: str,
    country: str | None = None,
    roll_to_working_day: bool = True,
    extendable_by_amount: int | None = None,
    extendable_by_unit: str = "",
    extension_from: str = ExtensionBase.DEADLINE,
    notice_required: bool = False,
    note: str = "",
    is_active: bool = True,
    request: HttpRequest | None = None,
) -> DeadlineRule:
    """Add a rule for an organisation, or for the platform when `organisation` is None.

    An organisation's rule takes the organisation's country unless `country` is given (it
    must then be the same); a platform rule needs `country`. Raises ValidationError and
    writes nothing when the rule is not valid.
    """
    if country is None:
        if organisation is None:
            raise ValidationError({"country": _("Give the country of a platform rule.")})
        country = organisation.country
    with transaction.atomic():
        rule = DeadlineRule(
            organisation=organisation,
            code=code,
            country=country,
            name=name,
            legal_basis=legal_basis,
            note=note,
            amount=amount,
            unit=unit,
            roll_to_working_day=roll_to_working_day,
            extendable_by_amount=extendable_by_amount,
            extendable_by_unit=extendable_by_unit,
            extension_from=extension_from,
            notice_required=notice_required,
            is_active=is_active,
        )
        rule.full_clean()
        rule.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="deadline_rule.create",
            obj=rule,
            changes=_snapshot(rule, AUDITED_FIELDS),
            request=request,
        )
    return rule


def deadline_rule_update(
    *,
    rule: DeadlineRule,
    actor: Any,
    fields: dict[str, Any],
    request: HttpRequest | None = None,
) -> DeadlineRule:
    """Change a rule's fields (see EDITABLE_FIELDS). Raises ValidationError, and leaves both
    the database and `rule` as they were, when a field may not change or the result is not
    valid."""
    fixed = sorted(set(fields) - set(EDITABLE_FIELDS))
    if fixed:
        raise ValidationError({name: _("This field cannot be changed.") for name in fixed})
    before = _snapshot(rule, list(fields))
    try:
        with transaction.atomic():
            for name, value in fields.items():
                setattr(rule, name, value)
            rule.full_clean()
            rule.save()
            changes = diff(before, _snapshot(rule, list(fields)))
            if changes:
                audit_record(
                    organisation=rule.organisation,
                    actor=actor,
                    action="deadline_rule.update",
                    obj=rule,
                    changes=changes,
                    request=request,
                )
    except Exception:
        for name, value in before.items():
            setattr(rule, name, value)
        raise
    return rule


def extension_notice(
    *,
    deadline_old: date,
    deadline_new: date,
    reason: str,
    legal_basis: str,
    language: str,
    organisation_name: str,
    subject: str,
    party_name: str,
    instruction: str = "",
) -> str:
    """A draft letter telling the party that its case will be settled later, and why.

    The law asks for the reason and the new date (KPA art. 36 §1; in Bulgaria the end date
    of the procedure, АПК чл. 26(1)). `instruction` is an optional closing paragraph, e.g.
    the instruction on the right to a ponaglenie that KPA art. 36 §1 also requires. The
    letter is plain text in `language`, with dates written as that language writes them.
    """
    errors: dict[str, str] = {}
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Unknown language.")
    if deadline_new <= deadline_old:
        errors["deadline_new"] = _("The new deadline must be later than the current one.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the delay.")
    if not legal_basis.strip():
        errors["legal_basis"] = _("Give the legal basis.")
    if errors:
        raise ValidationError(errors)
    context = {
        "deadline_old": deadline_old,
        "deadline_new": deadline_new,
        "reason": reason.strip(),
        "legal_basis": legal_basis.strip(),
        "organisation_name": organisation_name.strip(),
        "subject": subject.strip(),
        "party_name": party_name.strip(),
        "instruction": instruction.strip(),
    }
    with translation.override(language):
        text = render_to_string("workdays/extension_notice.txt", context)
    # Template tags leave blank lines behind; a letter has at most one between paragraphs.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
