"""The figures pages in a browser: axe-core finds no serious violation at 1280 and 390 px,
nothing scrolls sideways, and every chart has a text alternative."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.insights.services import figures_publish_set

from ..conftest import World
from ..test_insights_pages import make_busy
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def busy(world: World, registry: Any) -> dict[str, Any]:
    return make_busy(world, registry)


WIDTHS = [1280, 390]


def _fits(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .filter((e) => !e.closest('.table-scroll')).slice(0, 8)
            .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)"""
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px: {wide}"


def _charts_are_described(page: Any) -> None:
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 1
    for index in range(charts.count()):
        chart = charts.nth(index)
        ids = (chart.get_attribute("aria-labelledby") or "").split()
        assert len(ids) == 2
        for id_ in ids:
            assert (page.locator(f"[id='{id_}']").text_content() or "").strip()
        # The same data follows as a table.
        assert page.locator("table").count() >= 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_figures_and_the_comparison(
    new_context: Any,
    world: World,
    busy: dict[str, Any],
    width: int,
) -> None:
    figures_publish_set(organisation=world.org_a, actor=None, publish=True)
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/alpha/figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How we serve, in figures")
    expect(page.get_by_role("img", name="Documents received")).to_be_visible()
    _charts_are_described(page)
    assert_no_serious_violations(page)
    _fits(page)
    page.get_by_label("From (month)").fill("2020-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("Choose at most 36 months.")
    assert_no_serious_violations(page)
    page.goto("/figures/")
    expect(page.get_by_role("link", name="Община Алфа")).to_be_visible()
    assert_no_serious_violations(page)
    _fits(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_managers_overview(
    new_context: Any,
    sign_in: Any,
    world: World,
    busy: dict[str, Any],
    width: int,
) -> None:
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, busy["manager"])
    page.goto("/alpha/office/figures/")
    expect(page.get_by_role("heading", name="Overdue")).to_be_visible()
    _charts_are_described(page)
    assert_no_serious_violations(page)
    _fits(page)
    page.get_by_role("table", name="Documents with an open task, per official").get_by_role(
        "link"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registry")
