"""The statute as data: Bulgarian defaults marked to verify, none for Polish associations,
the rules computed from it, and the admin's edit page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from municipium.associations import rules, services
from municipium.associations.models import Majority, Statute
from municipium.audit.models import AuditEntry

from .associations_support import Assoc, make_assoc
from .conftest import World, client_for


@pytest.fixture
def assoc(world: World) -> Assoc:
    return make_assoc(world)


URL = "/alpha/office/association/statute/"


def _form_values(statute: Statute, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in services.STATUTE_FIELDS:
        value = getattr(statute, name)
        if isinstance(value, bool):
            if value:
                values[name] = "on"
        elif value is not None:
            values[name] = value
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return values


def test_a_bulgarian_association_starts_from_the_zjulnc_defaults(world: World) -> None:
    statute = services.statute_of(world.org_a)
    assert statute.convened_by_board
    assert (statute.request_share_numerator, statute.request_share_denominator) == (1, 3)
    assert statute.notice_months == 1
    assert (statute.quorum_numerator, statute.quorum_denominator) == (1, 2)
    assert statute.quorum_strictly_more
    assert statute.postponed_after_minutes == 60
    assert statute.postponed_quorum == "any"
    assert statute.majority_ordinary == Majority.SIMPLE_PRESENT
    assert statute.majority_statute == Majority.TWO_THIRDS_PRESENT
    assert statute.majority_dissolution == Majority.TWO_THIRDS_PRESENT
    assert statute.missing == []


def test_a_polish_association_has_no_defaults_its_statute_decides(world: World) -> None:
    statute = services.statute_of(world.org_b)
    assert statute.quorum_numerator is None
    assert statute.majority_ordinary == ""
    assert set(statute.missing) >= {"quorum_numerator", "majority_ordinary", "notice_days"}


def test_the_quorum_is_more_than_half_of_the_voters() -> None:
    assert rules.quorum(voters=10, present=5, numerator=1, denominator=2, strictly_more=True) == (
        rules.Quorum(required=6, present=5, reached=False)
    )
    assert rules.quorum(voters=9, present=5, numerator=1, denominator=2, strictly_more=True).reached
    # "at least half" in another statute
    assert rules.quorum(
        voters=10, present=5, numerator=1, denominator=2, strictly_more=False
    ).reached


def test_the_postponed_sitting_is_valid_with_any_number_present_when_the_statute_says_so() -> None:
    first = rules.quorum(voters=40, present=3, numerator=1, denominator=2, strictly_more=True)
    later = rules.quorum(
        voters=40,
        present=3,
        numerator=1,
        denominator=2,
        strictly_more=True,
        postponed_rule="any",
        postponed=True,
    )
    same = rules.quorum(
        voters=40,
        present=3,
        numerator=1,
        denominator=2,
        strictly_more=True,
        postponed_rule="same",
        postponed=True,
    )
    assert not first.reached and later.reached and not same.reached


@pytest.mark.parametrize(
    ("rule", "yes", "no", "abstain", "present", "voters", "adopted"),
    [
        (Majority.SIMPLE_PRESENT, 11, 5, 4, 20, 40, True),
        (Majority.SIMPLE_PRESENT, 10, 5, 5, 20, 40, False),  # half is not a majority
        (Majority.SIMPLE_VOTES, 6, 5, 9, 20, 40, True),
        (Majority.TWO_THIRDS_PRESENT, 14, 6, 0, 21, 40, True),
        (Majority.TWO_THIRDS_PRESENT, 13, 7, 0, 20, 40, False),
        (Majority.ABSOLUTE_MEMBERS, 20, 0, 0, 20, 40, False),
        (Majority.ABSOLUTE_MEMBERS, 21, 0, 0, 25, 40, True),
    ],
)
def test_each_majority_is_computed_by_its_rule(
    rule: str, yes: int, no: int, abstain: int, present: int, voters: int, adopted: bool
) -> None:
    result = rules.majority_result(
        rule=rule, yes=yes, no=no, abstain=abstain, present=present, voters=voters
    )
    assert result.adopted is adopted


def test_counts_above_those_present_are_refused() -> None:
    with pytest.raises(rules.CountError):
        rules.majority_result(
            rule=Majority.SIMPLE_PRESENT, yes=10, no=10, abstain=1, present=20, voters=40
        )


def test_a_months_notice_ends_on_the_same_day_or_the_months_last(world: World) -> None:
    statute = services.statute_of(world.org_a)
    assert statute.notice_ends(date(2027, 1, 31)) == date(2027, 2, 28)
    assert statute.notice_ends(date(2027, 3, 15)) == date(2027, 4, 15)


def test_the_admin_sees_the_defaults_marked_to_verify_against_the_law(world: World) -> None:
    response = client_for(world.admin_a).get(URL)
    assert response.status_code == 200
    assert "to verify against the law" in response.content.decode()


def test_the_admin_changes_a_rule_and_the_change_is_journaled(world: World) -> None:
    statute = services.statute_of(world.org_a)
    response = client_for(world.admin_a).post(
        URL, _form_values(statute, notice_days=14, notice_months=0, proxies_per_holder=2)
    )
    assert response.status_code == 302
    statute.refresh_from_db()
    assert (statute.notice_months, statute.notice_days, statute.proxies_per_holder) == (0, 14, 2)
    entry = AuditEntry.objects.filter(action="associations.statute_save").latest("seq")
    assert entry.changes["notice_days"] == ["0", "14"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quorum_numerator": 3, "quorum_denominator": 2}, "fraction between 0 and 1"),
        ({"proxies_per_holder": None}, "how many proxies"),
        ({"postponed_after_minutes": None}, "after how many minutes"),
        ({"quorum_denominator": None}, "both parts"),
    ],
)
def test_an_inconsistent_statute_is_refused_with_a_clear_message_and_nothing_changes(
    world: World, changes: dict[str, Any], message: str
) -> None:
    statute = services.statute_of(world.org_a)
    before = {name: getattr(statute, name) for name in services.STATUTE_FIELDS}
    response = client_for(world.admin_a).post(URL, _form_values(statute, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    statute.refresh_from_db()
    assert {name: getattr(statute, name) for name in services.STATUTE_FIELDS} == before


def test_only_the_association_admin_edits_the_statute(world: World, assoc: Assoc) -> None:
    statute = services.statute_of(world.org_a)
    for user in (assoc.board_member, assoc.delegate, world.official_b):
        client = client_for(user)
        assert client.get(URL).status_code in (403, 404)
        response = client.post(URL, _form_values(statute, notice_days=1))
        assert response.status_code in (403, 404)
    anonymous = client_for(None).post(URL, _form_values(statute, notice_days=1))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    statute.refresh_from_db()
    assert statute.notice_days == 0
