"""The law's rules, as data on the organisation, refuse a consultation that breaks them with
a message naming the rule (ЗНА чл. 26 in Bulgaria; a gmina's resolution in Poland)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from municipium.audit.models import AuditEntry
from municipium.consultations.models import Consultation, RuleSet, State
from municipium.consultations.services import consultations as services
from municipium.consultations.services.rules import rule_set_save, rule_sets_ensure

from .conftest import World
from .consultations_support import details, make_consultation, rules_of


def _refusal(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_a_bulgarian_municipality_gets_the_zna_rule_set_with_its_basis(world: World) -> None:
    rules = rules_of(world.org_a)
    assert rules.min_days == 30
    assert rules.shortened_min_days == 14
    assert rules.requires_motives and rules.report_required
    assert "чл. 26" in rules.legal_basis
    assert "ЗНА" in rules.name


def test_a_polish_gmina_gets_its_resolution_rule_set_open_to_all_residents(world: World) -> None:
    rules = rules_of(world.org_b)
    assert "art. 5a" in rules.legal_basis
    assert rules.participants == "residents"
    assert set(rules.required_forms) == {"online", "written"}


def test_a_29_day_consultation_is_refused_naming_the_rule(world: World) -> None:
    consultation = make_consultation(world, days=29, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish(consultation=consultation, actor=world.official_a)
    message = _refusal(refused)
    assert "ЗНА, чл. 26" in message and "30" in message and "29" in message
    consultation.refresh_from_db()
    assert consultation.state == State.DRAFT
    assert not AuditEntry.objects.filter(action="consultation.publish").exists()


def test_a_14_day_consultation_without_reasons_is_refused(world: World) -> None:
    consultation = make_consultation(world, days=14, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish(consultation=consultation, actor=world.official_a)
    assert "shortened_reason" in refused.value.error_dict
    assert "ЗНА, чл. 26" in _refusal(refused)
    consultation.refresh_from_db()
    assert consultation.state == State.DRAFT


def test_a_14_day_consultation_with_its_reasons_is_published(world: World) -> None:
    consultation = make_consultation(
        world, days=14, reason="Спешна промяна, наложена от изменение на закона.", publish=False
    )
    consultation = services.consultation_publish(consultation=consultation, actor=world.official_a)
    assert consultation.state == State.OPEN
    assert AuditEntry.objects.filter(action="consultation.publish").count() == 1


def test_13_days_are_refused_even_with_reasons(world: World) -> None:
    consultation = make_consultation(world, days=13, reason="Спешно.", publish=False)
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish(consultation=consultation, actor=world.official_a)
    assert "14" in _refusal(refused)


def test_a_bulgarian_draft_without_its_motives_and_impact_assessment_is_refused(
    world: World,
) -> None:
    consultation = services.consultation_create(
        organisation=world.org_a,
        actor=world.official_a,
        details=details(world.org_a, world.official_a),
        draft_text="Чл. 1. Текст на члена.",
    )
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish(consultation=consultation, actor=world.official_a)
    assert "documents" in refused.value.error_dict
    assert "impact assessment" in _refusal(refused)


def test_a_draft_without_text_is_not_published(world: World) -> None:
    consultation = make_consultation(world, text="", publish=False)
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish(consultation=consultation, actor=world.official_a)
    assert "draft" in refused.value.error_dict


def test_the_gminas_own_minimum_applies(world: World) -> None:
    rules = rules_of(world.org_b)
    rule_set_save(
        organisation=world.org_b,
        actor=world.admin_b,
        rule_set=rules,
        code=rules.code,
        name="Uchwała nr XII/85/2025 Rady Gminy Beta",
        legal_basis="Uchwała nr XII/85/2025 z 12 marca 2025 r. (art. 5a usg)",
        min_days=21,
        required_forms=["online", "written"],
        is_default=True,
    )
    consultation = make_consultation(world, org="b", days=20, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish(consultation=consultation, actor=world.official_b)
    assert "Uchwała nr XII/85/2025" in _refusal(refused)
    assert "21" in _refusal(refused)
    ok = make_consultation(world, org="b", days=21)
    assert ok.state == State.OPEN


def test_a_form_the_resolution_requires_must_be_offered(world: World) -> None:
    from .consultations_support import add_documents

    consultation = services.consultation_create(
        organisation=world.org_b,
        actor=world.official_b,
        details=details(world.org_b, world.official_b, forms=["online"]),
        draft_text="Art. 1. Treść.",
    )
    add_documents(consultation, world.official_b)
    with pytest.raises(ValidationError) as refused:
        services.consultation_publish(consultation=consultation, actor=world.official_b)
    assert "forms" in refused.value.error_dict
    assert "Written opinions" in _refusal(refused)


def test_participants_cannot_be_narrowed_below_all_residents(world: World) -> None:
    rules = rules_of(world.org_b)
    before = RuleSet.objects.get(pk=rules.pk)
    with pytest.raises(ValidationError) as refused:
        rule_set_save(
            organisation=world.org_b,
            actor=world.admin_b,
            rule_set=rules,
            code=rules.code,
            name=rules.name,
            legal_basis=rules.legal_basis,
            min_days=14,
            participants="residents_15_plus",
        )
    assert "art. 5a" in _refusal(refused)
    after = RuleSet.objects.get(pk=rules.pk)
    assert (after.participants, after.min_days) == (before.participants, before.min_days)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"min_days": 0}, "min_days"),
        ({"min_days": 10_000}, "min_days"),
        ({"shortened_min_days": 40}, "shortened_min_days"),
        ({"name": "   "}, "name"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"legal_basis": "x\x00y"}, "legal_basis"),
        ({"required_forms": ["telepathy"]}, "required_forms"),
    ],
)
def test_bad_rule_sets_are_refused_and_change_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    rule_sets_ensure(organisation=world.org_a)
    count = RuleSet.objects.count()
    values: dict[str, Any] = {
        "code": "other",
        "name": "Друг ред",
        "legal_basis": "Решение на общинския съвет",
        "min_days": 30,
        "shortened_min_days": 14,
        **change,
    }
    with pytest.raises(ValidationError) as refused:
        rule_set_save(organisation=world.org_a, actor=world.admin_a, **values)
    assert field in refused.value.error_dict
    assert RuleSet.objects.count() == count


def test_a_rule_set_of_another_organisation_cannot_be_used(world: World) -> None:

    foreign = rules_of(world.org_b)
    count = Consultation.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            organisation=world.org_a,
            actor=world.official_a,
            details=details(world.org_a, world.official_a, rule_set=foreign),
        )
    assert "rule_set" in refused.value.error_dict
    assert Consultation.objects.count() == count


def test_an_open_consultation_cannot_be_shortened_below_the_rules(world: World) -> None:

    consultation = make_consultation(world)
    shorter = details(world.org_a, world.official_a, days=20, opens_at=consultation.opens_at)
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(
            consultation=consultation, actor=world.official_a, details=shorter
        )
    assert "ЗНА, чл. 26" in _refusal(refused)
    consultation.refresh_from_db()
    assert consultation.period_days == pytest.approx(30)


def test_the_consultation_cannot_be_closed_before_its_announced_end(world: World) -> None:
    consultation = make_consultation(world)
    with pytest.raises(ValidationError) as refused:
        services.consultation_close(consultation=consultation, actor=world.official_a)
    assert "ЗНА, чл. 26" in _refusal(refused)
