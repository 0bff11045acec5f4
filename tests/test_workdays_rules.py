"""Deadline rules: the ones shipped for Bulgaria and Poland, an organisation's own, the audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from municipium.audit.models import AuditEntry
from municipium.audit.services import audit_verify
from municipium.workdays import services
from municipium.workdays.deadlines import Suspension
from municipium.workdays.models import DeadlineRule
from municipium.workdays.queries import deadline_rule_for, deadline_rules_for

from .conftest import client_for

SHIPPED = {
    # code: (country, legal basis, amount, unit)
    "pl-kpa-35-3-evidence": ("PL", "KPA art. 35 §3", 1, "months"),
    "pl-kpa-35-3-complicated": ("PL", "KPA art. 35 §3", 2, "months"),
    "pl-kpa-35-3-appeal": ("PL", "KPA art. 35 §3", 1, "months"),
    "pl-kpa-133-appeal-forward": ("PL", "KPA art. 133", 7, "calendar_days"),
    "pl-kpa-217-3-certificate": ("PL", "KPA art. 217 §3", 7, "calendar_days"),
    "pl-kpa-237-1-complaint": ("PL", "KPA art. 237 §1", 1, "months"),
    "pl-kpa-244-request": ("PL", "KPA art. 244 §1 w zw. z art. 237 §1", 1, "months"),
    "pl-udip-13-public-information": ("PL", "UDIP art. 13", 14, "calendar_days"),
    "bg-apk-53-2-opinion": ("BG", "АПК чл. 53(2)", 14, "calendar_days"),
    "bg-apk-57-individual-act": ("BG", "АПК чл. 57", 14, "calendar_days"),
    "bg-apk-57-no-evidence": ("BG", "АПК чл. 57", 7, "calendar_days"),
    "bg-apk-88-appeal-forward": ("BG", "АПК чл. 88(1)", 3, "calendar_days"),
    "bg-apk-118-proposal-signal": ("BG", "АПК чл. 118", 2, "months"),
    "bg-apk-118-result-notice": ("BG", "АПК чл. 118", 7, "calendar_days"),
    "bg-zdoi-28-public-information": ("BG", "ЗДОИ чл. 28(1)", 14, "calendar_days"),
}


def _platform(code: str) -> DeadlineRule:
    return DeadlineRule.objects.get(organisation=None, code=code)


def _state() -> tuple[list[tuple[object, ...]], int]:
    """Every rule and the number of journal entries, to show that nothing changed."""
    rules = list(DeadlineRule.objects.order_by("pk").values_list())
    return rules, AuditEntry.objects.count()


@pytest.mark.django_db
def test_the_platform_ships_the_bulgarian_and_polish_rules_with_their_legal_basis():
    shipped = {
        rule.code: (rule.country, rule.legal_basis, rule.amount, rule.unit)
        for rule in DeadlineRule.objects.filter(organisation=None)
    }
    assert shipped == SHIPPED
    assert all(rule.roll_to_working_day and rule.is_active for rule in DeadlineRule.objects.all())
    assert all(rule.name for rule in DeadlineRule.objects.all())


@pytest.mark.django_db
def test_rules_from_secondary_sources_are_marked_to_be_verified():
    for code in (
        "bg-apk-57-individual-act",
        "bg-apk-57-no-evidence",
        "bg-zdoi-28-public-information",
    ):
        assert "(verify)" in _platform(code).note


@pytest.mark.django_db
def test_a_polish_public_information_request_is_due_in_14_days_and_at_most_2_months():
    rule = _platform("pl-udip-13-public-information")
    received = date(2026, 10, 28)
    deadline = rule.deadline_for(start=received)
    assert deadline == date(2026, 11, 12)  # day 14 is Independence Day
    # UDIP art. 13 ust. 2 counts the 2 months from the request, not from the deadline.
    assert rule.longest_extension(start=received, deadline=deadline) == date(2026, 12, 28)
    assert rule.notice_required


@pytest.mark.django_db
def test_a_bulgarian_public_information_request_may_be_extended_by_ten_days():
    rule = _platform("bg-zdoi-28-public-information")
    deadline = rule.deadline_for(start=date(2026, 11, 2))
    assert deadline == date(2026, 11, 16)
    assert rule.longest_extension(start=date(2026, 11, 2), deadline=deadline) == date(2026, 11, 26)


@pytest.mark.django_db
def test_a_kpa_case_has_no_fixed_longest_extension():
    rule = _platform("pl-kpa-35-3-evidence")
    assert rule.longest_extension(start=date(2026, 1, 31), deadline=date(2026, 3, 2)) is None
    assert rule.deadline_for(start=date(2026, 1, 31)) == date(2026, 3, 2)


@pytest.mark.django_db
def test_a_rule_counts_the_suspensions_of_the_case():
    rule = _platform("pl-kpa-217-3-certificate")
    deadline = rule.deadline_for(
        start=date(2026, 11, 2),
        suspensions=[Suspension(start=date(2026, 11, 4), end=None)],
        today=date(2026, 11, 5),
    )
    assert deadline == date(2026, 11, 12)  # 9 November + 2 days, then past 11 November


def test_an_organisation_adds_its_own_rule_and_the_journal_records_it(world):
    rule = services.deadline_rule_create(
        organisation=world.org_b,
        actor=world.admin_b,
        code="beta-tree-felling",
        name="Zezwolenie na usunięcie drzewa",
        legal_basis="Uchwała Rady Gminy nr 12/2026",
        amount=21,
        unit="calendar_days",
        notice_required=True,
    )
    assert (rule.country, rule.organisation) == ("PL", world.org_b)
    entry = AuditEntry.objects.filter(chain="beta").latest("seq")
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "deadline_rule.create",
        world.admin_b.pk,
        str(rule.pk),
    )
    assert entry.changes["amount"] == 21
    assert entry.changes["legal_basis"] == "Uchwała Rady Gminy nr 12/2026"
    assert audit_verify(chain="beta") == (AuditEntry.objects.filter(chain="beta").count(), [])


def test_a_platform_rule_is_recorded_in_the_platform_journal(world):
    rule = services.deadline_rule_create(
        organisation=None,
        actor=world.platform_admin,
        code="ro-cpa-general",
        country="RO",
        name="Termen general",
        legal_basis="Codul administrativ",
        amount=30,
        unit="calendar_days",
    )
    entry = AuditEntry.objects.filter(chain="_platform").latest("seq")
    assert (entry.action, entry.object_id, entry.organisation_id) == (
        "deadline_rule.create",
        str(rule.pk),
        None,
    )


def test_an_update_records_what_changed(world):
    rule = services.deadline_rule_create(
        organisation=world.org_a,
        actor=world.admin_a,
        code="alpha-permit",
        name="Разрешение",
        legal_basis="Наредба 1",
        amount=14,
        unit="calendar_days",
    )
    services.deadline_rule_update(
        rule=rule,
        actor=world.admin_a,
        fields={
            "amount": 1,
            "unit": "months",
            "extendable_by_amount": 14,
            "extendable_by_unit": "calendar_days",
        },
    )
    rule.refresh_from_db()
    assert (rule.amount, rule.unit, rule.extendable_by_amount) == (1, "months", 14)
    entry = AuditEntry.objects.filter(chain="alpha").latest("seq")
    assert entry.action == "deadline_rule.update"
    assert entry.changes == {
        "amount": [14, 1],
        "extendable_by_amount": [None, 14],
        "extendable_by_unit": ["", "calendar_days"],
        "unit": ["calendar_days", "months"],
    }


def test_an_update_that_changes_nothing_writes_no_entry(world):
    rule = services.deadline_rule_create(
        organisation=world.org_a,
        actor=world.admin_a,
        code="alpha-permit",
        name="Разрешение",
        legal_basis="Наредба 1",
        amount=14,
        unit="calendar_days",
    )
    before = AuditEntry.objects.count()
    services.deadline_rule_update(rule=rule, actor=world.admin_a, fields={"amount": 14})
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"unit": "fortnights"}, "unit"),
        ({"country": "XX"}, "country"),
        ({"country": "BG"}, "country"),  # the organisation is Polish
        ({"code": "Not a slug!"}, "code"),
        ({"extendable_by_amount": 10}, "extendable_by_unit"),
        ({"extendable_by_unit": "months"}, "extendable_by_amount"),
        ({"legal_basis": ""}, "legal_basis"),
    ],
)
def test_a_rule_with_bad_input_is_refused_and_nothing_changes(world, changes, field):
    valid = {
        "code": "beta-permit",
        "name": "Zezwolenie",
        "legal_basis": "Uchwała 1",
        "amount": 14,
        "unit": "calendar_days",
    }
    before = _state()
    with pytest.raises(ValidationError) as raised:
        services.deadline_rule_create(
            organisation=world.org_b, actor=world.admin_b, **{**valid, **changes}
        )
    assert field in raised.value.message_dict
    assert _state() == before


def test_a_platform_rule_for_an_unknown_country_is_refused(world):
    before = _state()
    for country in ("XX", None):
        with pytest.raises(ValidationError) as raised:
            services.deadline_rule_create(
                organisation=None,
                actor=world.platform_admin,
                code="xx-general",
                country=country,
                name="General",
                legal_basis="Act",
                amount=30,
                unit="calendar_days",
            )
        assert "country" in raised.value.message_dict
    assert _state() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": 0},
        {"unit": "weeks"},
        {"amount": 30, "unit": "weeks"},
        {"extendable_by_amount": 2},
        {"organisation": None},
        {"country": "BG"},
    ],
)
def test_an_update_with_bad_input_changes_nothing_in_the_database_or_the_rule(world, fields):
    rule = services.deadline_rule_create(
        organisation=world.org_b,
        actor=world.admin_b,
        code="beta-permit",
        name="Zezwolenie",
        legal_basis="Uchwała 1",
        amount=14,
        unit="calendar_days",
    )
    before = _state()
    with pytest.raises(ValidationError):
        services.deadline_rule_update(rule=rule, actor=world.admin_b, fields=fields)
    assert _state() == before
    assert (rule.amount, rule.unit, rule.extendable_by_amount, rule.organisation_id) == (
        14,
        "calendar_days",
        None,
        world.org_b.pk,
    )


def test_a_code_is_unique_in_an_organisation_and_on_the_platform(world):
    kwargs = {
        "name": "Zezwolenie",
        "legal_basis": "Uchwała 1",
        "amount": 14,
        "unit": "calendar_days",
    }
    services.deadline_rule_create(
        organisation=world.org_b, actor=world.admin_b, code="permit", **kwargs
    )
    before = _state()
    with pytest.raises(ValidationError, match="already has a rule with this code"):
        services.deadline_rule_create(
            organisation=world.org_b, actor=world.admin_b, code="permit", **kwargs
        )
    with pytest.raises(ValidationError, match="already has a rule with this code"):
        services.deadline_rule_create(
            organisation=None,
            actor=world.platform_admin,
            code="pl-kpa-217-3-certificate",
            country="PL",
            **kwargs,
        )
    assert _state() == before
    # Another organisation may use the same code.
    services.deadline_rule_create(
        organisation=world.org_a, actor=world.admin_a, code="permit", **kwargs
    )


def test_an_organisation_sees_its_countrys_rules_and_its_own_in_one_query(
    world, django_assert_num_queries
):
    services.deadline_rule_create(
        organisation=world.org_a,
        actor=world.admin_a,
        code="alpha-permit",
        name="Разрешение",
        legal_basis="Наредба 1",
        amount=14,
        unit="calendar_days",
    )
    with django_assert_num_queries(1):
        alpha = [rule.code for rule in deadline_rules_for(organisation=world.org_a)]
    beta = [rule.code for rule in deadline_rules_for(organisation=world.org_b)]
    assert alpha == sorted([code for code in SHIPPED if code.startswith("bg-")] + ["alpha-permit"])
    assert beta == sorted(code for code in SHIPPED if code.startswith("pl-"))


def test_an_organisations_own_rule_takes_the_place_of_the_platform_rule_with_its_code(world):
    own = services.deadline_rule_create(
        organisation=world.org_a,
        actor=world.admin_a,
        code="bg-apk-57-individual-act",
        name="Индивидуален акт (по вътрешни правила)",
        legal_basis="АПК чл. 57; Вътрешни правила",
        amount=10,
        unit="calendar_days",
    )
    assert deadline_rule_for(organisation=world.org_a, code="bg-apk-57-individual-act") == own
    rules = deadline_rules_for(organisation=world.org_a)
    assert [r.pk for r in rules if r.code == "bg-apk-57-individual-act"] == [own.pk]
    # Other organisations keep the platform rule.
    assert DeadlineRule.objects.filter(organisation=None, code=own.code).exists()

    services.deadline_rule_update(rule=own, actor=world.admin_a, fields={"is_active": False})
    assert deadline_rule_for(organisation=world.org_a, code="bg-apk-57-individual-act") is None
    assert "bg-apk-57-individual-act" not in {
        r.code for r in deadline_rules_for(organisation=world.org_a)
    }


def test_an_organisation_never_gets_another_organisations_or_countrys_rule(world):
    services.deadline_rule_create(
        organisation=world.org_b,
        actor=world.admin_b,
        code="beta-permit",
        name="Zezwolenie",
        legal_basis="Uchwała 1",
        amount=14,
        unit="calendar_days",
    )
    assert deadline_rule_for(organisation=world.org_a, code="beta-permit") is None
    assert deadline_rule_for(organisation=world.org_a, code="pl-kpa-217-3-certificate") is None
    assert deadline_rule_for(organisation=world.org_b, code="beta-permit") is not None


def test_platform_rules_are_read_only_in_the_admin(world):
    client = client_for(world.platform_admin)
    rule = _platform("pl-kpa-217-3-certificate")
    url = f"/admin/workdays/deadlinerule/{rule.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "KPA art. 217 §3" in page.content.decode()
    assert 'name="amount"' not in page.content.decode()
    before = _state()
    response = client.post(
        url, {"amount": 1, "unit": "calendar_days", "name": "x", "legal_basis": "x"}
    )
    assert response.status_code == 403
    assert _state() == before


def test_an_organisation_rule_changed_in_the_admin_is_audited(world):
    rule = services.deadline_rule_create(
        organisation=world.org_b,
        actor=world.admin_b,
        code="beta-permit",
        name="Zezwolenie",
        legal_basis="Uchwała 1",
        amount=14,
        unit="calendar_days",
    )
    client = client_for(world.platform_admin)
    response = client.post(
        f"/admin/workdays/deadlinerule/{rule.pk}/change/",
        {
            "code": "beta-permit",
            "name": "Zezwolenie",
            "legal_basis": "Uchwała 2",
            "note": "",
            "amount": 21,
            "unit": "calendar_days",
            "roll_to_working_day": "on",
            "extendable_by_amount": "",
            "extendable_by_unit": "",
            "extension_from": "deadline",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.amount, rule.legal_basis, rule.organisation) == (21, "Uchwała 2", world.org_b)
    entry = AuditEntry.objects.filter(chain="beta").latest("seq")
    assert (entry.action, entry.actor_id) == ("deadline_rule.update", world.platform_admin.pk)
    assert entry.changes == {"amount": [14, 21], "legal_basis": ["Uchwała 1", "Uchwała 2"]}


def test_an_organisation_rule_added_in_the_admin_is_audited(world):
    client = client_for(world.platform_admin)
    response = client.post(
        "/admin/workdays/deadlinerule/add/",
        {
            "organisation": world.org_b.pk,
            "code": "beta-permit",
            "name": "Zezwolenie",
            "legal_basis": "Uchwała 1",
            "note": "",
            "amount": 14,
            "unit": "calendar_days",
            "roll_to_working_day": "on",
            "extendable_by_amount": "",
            "extendable_by_unit": "",
            "extension_from": "deadline",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule = DeadlineRule.objects.get(organisation=world.org_b, code="beta-permit")
    assert rule.country == "PL"
    entry = AuditEntry.objects.filter(chain="beta").latest("seq")
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "deadline_rule.create",
        world.platform_admin.pk,
        str(rule.pk),
    )


def test_an_admin_rule_without_an_organisation_is_a_form_error(world):
    client = client_for(world.platform_admin)
    before = _state()
    response = client.post(
        "/admin/workdays/deadlinerule/add/",
        {
            "code": "anywhere",
            "name": "x",
            "legal_basis": "x",
            "amount": 14,
            "unit": "calendar_days",
            "extension_from": "deadline",
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert _state() == before
