"""Reads of deadline rules: the platform's rules for a country and an organisation's own."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from municipium.tenants.models import Organisation

from .models import DeadlineRule


def _applicable(organisation: Organisation) -> QuerySet[DeadlineRule]:
    return DeadlineRule.objects.filter(
        Q(organisation=organisation) | Q(organisation__isnull=True, country=organisation.country)
    )


def deadline_rules_for(
    *, organisation: Organisation, include_inactive: bool = False
) -> list[DeadlineRule]:
    """The rules that apply in an organisation, ordered by code, in one query.

    They are the platform's rules for the organisation's country and the organisation's own.
    An own rule with the code of a platform rule takes its place, so an organisation can
    correct a shipped rule without touching other organisations. An inactive own rule still
    hides the platform rule of the same code: that is how an organisation switches one off.
    """
    chosen = _prefer_own(_applicable(organisation).order_by("code"))
    return [rule for rule in chosen.values() if include_inactive or rule.is_active]


def deadline_rule_for(*, organisation: Organisation, code: str) -> DeadlineRule | None:
    """The rule with this code that applies in the organisation, or None when there is no
    such rule or it is switched off."""
    rule = _prefer_own(_applicable(organisation).filter(code=code)).get(code)
    return rule if rule is not None and rule.is_active else None


def _prefer_own(rules: Iterable[DeadlineRule]) -> dict[str, DeadlineRule]:
    by_code: dict[str, DeadlineRule] = {}
    for rule in rules:
        if rule.code not in by_code or rule.organisation_id is not None:
            by_code[rule.code] = rule
    return by_code
