"""Keyboard focus: the skip link and the error summary; the stylesheet that hides the skip link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from ..conftest import World
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser


def test_empty_login_form_marks_the_fields_in_error_accessibly(page: Any) -> None:
    page.goto("/accounts/login/")
    page.locator("main form").get_by_role("button", name="Sign in").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_count(2)  # one per field, each to its input
    email = page.locator("main form").get_by_label("E-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bid_email_error\b"))
    summary.get_by_role("link").first.click()
    expect(email).to_be_focused()
    assert_no_serious_violations(page)


@pytest.mark.parametrize(
    ("path", "persona"),
    [("/", None), ("/alpha/office/", "admin_a")],
    ids=["instance-home", "office-home"],
)
def test_the_first_tab_focuses_the_skip_link_which_moves_focus_to_the_main_content(
    page: Any, world: World, sign_in: Any, path: str, persona: str | None
) -> None:
    if persona is not None:
        sign_in(page, getattr(world, persona))
    page.goto(path)
    skip = page.locator("a.skip-link")

    page.keyboard.press("Tab")

    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_in_viewport()  # shown on focus, not left off-screen

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile(re.escape(path) + "#main$"))
    expect(skip).not_to_be_in_viewport()


def test_pages_load_their_stylesheet_and_scripts(page: Any, world: World) -> None:
    failed: list[str] = []
    page.on(
        "response",
        lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))
    page.goto("/alpha/")
    page.wait_for_load_state("load")

    assert not [f for f in failed if "/static/" in f], failed
    # The stylesheet is applied: the skip link sits off-screen until it gets focus.
    expect(page.locator("a.skip-link")).not_to_be_in_viewport()
    assert page.evaluate("typeof window.htmx") == "object"
