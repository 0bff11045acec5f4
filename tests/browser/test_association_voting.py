"""The voting screens pass axe-core and fit the screen at 1280 and 390 px (members vote on
phones), with and without JavaScript: the ballot, the receipt, the published results with the
receipt check."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from municipium.associations import elections, services
from municipium.associations.models import Ballot

from ..associations_support import add_person, make_assoc
from ..conftest import World, make_user
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def check(page: Any, scripts: bool) -> None:
    if not scripts:
        return
    assert_no_serious_violations(page)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_a_member_votes_on_a_phone_and_finds_their_receipt_after_the_close(
    new_context: Any, sign_in: Any, world: World, scripts: bool
) -> None:
    assoc = make_assoc(world)
    body = services.body_create(organisation=world.org_a, actor=None, kind="board", name="УС")
    election = elections.election_create(
        body=body, actor=None, title="Избор на управителен съвет", seats=2, rule="plurality"
    )
    voters = []
    for width in WIDTHS:
        user = make_user(f"voter-{width}@example.org")
        member = add_person(world, f"Кандидат с дълго име {width}", assoc.full, user=user)
        services.payment_record(
            member=member,
            actor=None,
            year=timezone.localdate().year,
            amount=Decimal("30"),
            paid_on=timezone.localdate(),
        )
        candidate = elections.candidate_nominate(election=election, actor=None, member=member)
        elections.candidate_accept(candidate=candidate, actor=None)
        voters.append((width, user))
    elections.election_open(election=election, actor=None)
    url = f"/alpha/elections/{election.pk}/"
    receipts = []
    for width, user in voters:
        page = new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=scripts
        ).new_page()
        sign_in(page, user)
        page.goto(url)
        check(page, scripts)
        page.get_by_label(f"Кандидат с дълго име {width}").check()
        page.get_by_role("button", name="Cast my vote").click()
        receipt = page.locator("[data-receipt]")
        expect(receipt).to_be_visible()
        check(page, scripts)
        receipts.append(receipt.inner_text())
    assert sorted(receipts) == sorted(Ballot.objects.values_list("receipt", flat=True))
    elections.election_close(election=election, actor=None)
    for width in WIDTHS:
        page = new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=scripts
        ).new_page()
        page.goto(url)
        expect(page.get_by_role("heading", name="Results")).to_be_visible()
        check(page, scripts)
        page.get_by_label("Receipt code").fill(receipts[0])
        page.get_by_role("button", name="Check").click()
        expect(page.locator('[data-checked="found"]')).to_be_visible()
        check(page, scripts)
