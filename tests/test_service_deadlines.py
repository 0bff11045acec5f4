"""Deadlines on service pages read as a number of days with the legal basis, in the page's
language; "(verify)" marks stay for administrators; the appeal kinds count the office's step."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from municipium.eservices import services as eservices
from municipium.registry.defaults import registry_setup
from municipium.registry.models import DocumentKind
from municipium.tenants import services as tenants
from municipium.workdays.models import DeadlineRule, period_text, without_verify_marks

from .conftest import client_for
from .test_eservices_support import make_service


@pytest.fixture
def service(world: Any, registry: Any) -> Any:
    service = make_service(world, registry)
    return eservices.service_update(
        service=service,
        actor=world.admin_a,
        legal_basis="Закон за гражданската регистрация, чл. 24; Наредба № РД-02-20-9 (verify)",
    )


def test_the_public_page_states_the_period_and_basis_not_the_rules_name(world, service):
    body = client_for(None, "en").get("/alpha/services/heirs/").content.decode()
    assert "14 days (АПК чл. 57)" in body
    assert service.deadline_rule.name not in body
    assert "verify" not in body.lower()
    assert "Наредба № РД-02-20-9" in body


def test_the_public_api_gives_the_period_without_verify_marks(world, service):
    response = client_for(None, "en").get("/api/v1/orgs/alpha/services")
    row = response.json()[0]
    assert row["deadline"] == "14 days (АПК чл. 57)"
    assert "verify" not in row["legal_basis"]
    assert "verify" not in row["deadline_legal_basis"]


def test_administrators_still_see_the_verify_marks_in_the_rule_data(world, service):
    rule = DeadlineRule.objects.get(organisation=None, code="bg-apk-57-individual-act")
    assert "(verify)" in rule.note
    service.refresh_from_db()
    assert service.legal_basis.endswith("(verify)")


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (1, "calendar_days", "1 day"),
        (14, "calendar_days", "14 days"),
        (1, "months", "1 month"),
        (2, "months", "2 months"),
        (5, "working_days", "5 working days"),
    ],
)
def test_periods_read_in_words(amount, unit, text):
    with translation.override("en"):
        assert period_text(amount, unit) == text


def test_verify_marks_of_every_form_are_left_out():
    assert without_verify_marks("§50 (verify separators)") == "§50"
    assert without_verify_marks("ЗДОИ чл. 28 (Verify)") == "ЗДОИ чл. 28"
    assert without_verify_marks("KPA art. 133") == "KPA art. 133"


def test_a_new_bulgarian_organisation_forwards_an_appeal_within_three_days(world):
    org = tenants.organisation_create(
        actor=None, slug="gamma", name="Община Гама", kind="municipality", country="BG"
    )
    registry_setup(organisation=org, actor=None)
    kind = DocumentKind.objects.get(organisation=org, code="complaint")
    assert kind.name == "Жалба срещу административен акт"
    assert kind.deadline_rule.code == "bg-apk-88-appeal-forward"
    assert (kind.deadline_rule.amount, kind.deadline_rule.unit) == (3, "calendar_days")
    signal = DocumentKind.objects.get(organisation=org, code="proposal")
    assert signal.deadline_rule.code == "bg-apk-118-proposal-signal"


def test_a_new_polish_organisation_forwards_an_appeal_within_seven_days(world, registry):
    kind = DocumentKind.objects.get(organisation=world.org_b, code="appeal")
    assert kind.deadline_rule.code == "pl-kpa-133-appeal-forward"
    assert kind.deadline_rule.legal_basis == "KPA art. 133"
    assert (kind.deadline_rule.amount, kind.deadline_rule.unit) == (7, "calendar_days")


def test_the_migration_moves_only_kinds_still_as_shipped(world, registry):
    migration = importlib.import_module(
        "municipium.registry.migrations.0009_appeal_kinds_forwarding_rule"
    )
    old_signal = DeadlineRule.objects.get(organisation=None, code="bg-apk-118-proposal-signal")
    old_appeal = DeadlineRule.objects.get(organisation=None, code="pl-kpa-35-3-appeal")
    bg = DocumentKind.objects.get(organisation=world.org_a, code="complaint")
    bg.name, bg.deadline_rule = "Жалба", old_signal
    bg.save()
    pl = DocumentKind.objects.get(organisation=world.org_b, code="appeal")
    pl.deadline_rule = old_appeal
    pl.save()
    own = DocumentKind.objects.create(
        organisation=world.org_a, code="complaint-own", name="Жалба", deadline_rule=old_signal
    )
    migration.forwards(apps, None)
    bg.refresh_from_db()
    pl.refresh_from_db()
    own.refresh_from_db()
    assert (bg.name, bg.deadline_rule.code) == (
        "Жалба срещу административен акт",
        "bg-apk-88-appeal-forward",
    )
    assert pl.deadline_rule.code == "pl-kpa-133-appeal-forward"
    assert own.deadline_rule.code == "bg-apk-118-proposal-signal"  # not a shipped kind


def test_a_services_new_document_kind_says_what_is_filed_not_the_rules_name(world, registry):
    rule = DeadlineRule.objects.get(organisation=None, code="bg-apk-57-no-evidence")
    kind = eservices.kind_for_rule(organisation=world.org_a, rule=rule, actor=world.admin_a)
    assert rule.name not in kind.name
    assert "7" in kind.name and "АПК чл. 57" in kind.name
    assert "verify" not in kind.name
    assert kind.deadline_rule == rule
