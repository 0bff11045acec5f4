"""The network's public good-practice list and a practice's page pass axe-core and fit the
screen at 1280 and 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from municipium.associations import practice_services as ps
from municipium.tenants.models import Role

from ..conftest import World, add_member, make_user
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def test_the_public_practice_list_and_page_are_accessible(new_context: Any, world: World) -> None:
    author = make_user("author@example.org")
    add_member(world.org_a, author, Role.OFFICIAL)
    peer = make_user("peer@example.org")
    add_member(world.org_a, peer, Role.MANAGER)
    practice = ps.practice_save(
        organisation=world.org_a,
        actor=author,
        values={
            "title": "Отворени бюджетни вечери с дълго заглавие за телефона",
            "problem": "Малко жители четат бюджета.",
            "done": "Месечни срещи в кметството.",
            "results": "От 12 на 140 участници за година.",
            "costs": "2 000 лв. годишно",
            "tags": "бюджет, участие",
        },
        source_organisation=world.org_a,
    )
    ps.practice_submit(practice=practice, actor=author)
    ps.practice_review(practice=practice, actor=peer, approved=True)
    ps.practice_review(practice=practice, actor=world.admin_a, approved=True)
    ps.practice_publish(practice=practice, actor=world.admin_a)
    ps.adoption_mark(
        practice=practice,
        organisation=world.org_b,
        actor=world.communications_b,
        adopted_on=timezone.localdate(),
        note="Co tydzień",
    )
    for width in WIDTHS:
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        for url in ("/alpha/practices/", f"/alpha/practices/{practice.pk}/"):
            page.goto(url)
            assert_no_serious_violations(page)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} at {width}px scrolls sideways by {overflow}px"
