"""The search page in a browser: searching, narrowing with a facet link, a malformed query's
error, with and without JavaScript, and axe-core on each state."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.search.services import drain_index

from ..conftest import World, register_letter
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

SEARCH = "/alpha/office/search/"


@pytest.fixture
def letters(world: World, registry: Any) -> None:
    for n in range(3):
        register_letter(world, registry, subject=f"Жалба за улица {n}", description="Дупки")
    register_letter(world, registry, subject="Покана за общото събрание")
    drain_index()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_member_searches_narrows_and_reads_the_count(
    new_context: Any, world: World, sign_in: Any, letters: None, javascript: bool
) -> None:
    page = new_context(java_script_enabled=javascript).new_page()
    sign_in(page, world.official_a)
    page.goto(SEARCH)
    expect(page.locator("main h1")).to_have_text("Search")
    page.get_by_label("Search for").fill("жалби")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("3 results")
    expect(page.locator(".search-results > li")).to_have_count(3)
    expect(page.locator(".search-results mark").first).to_have_text("Жалба")
    if javascript:
        assert_no_serious_violations(page)
    page.locator(".facets").get_by_role("link", name="Document").click()
    expect(page.locator(".facets [aria-current='true']")).to_contain_text("Document")
    expect(page.get_by_role("status")).to_contain_text("3 results")


def test_a_malformed_query_is_explained_next_to_the_field(
    page: Any, world: World, sign_in: Any, letters: None
) -> None:
    sign_in(page, world.official_a)
    page.goto(SEARCH)
    page.get_by_label("Search for").fill('"не е затворено')
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("A quotation mark is not closed.")
    expect(page.get_by_label("Search for")).to_have_attribute(
        "aria-describedby", "id_q_help id_q_error"
    )
    assert_no_serious_violations(page)
