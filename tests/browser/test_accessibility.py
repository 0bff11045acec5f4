"""Accessibility: axe-core finds no serious or critical violation on the main pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from ..conftest import World
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

# (test id, path, persona signed in or None)
PAGES = [
    ("instance-home", "/", None),
    ("organisation-public-home", "/alpha/", None),
    ("login", "/accounts/login/", None),
    ("signup", "/accounts/signup/", None),
    ("office-home", "/alpha/office/", "admin_a"),
    ("units", "/alpha/office/settings/units/", "admin_a"),
    ("people", "/alpha/office/settings/people/", "admin_a"),
    ("audit-journal", "/alpha/office/audit/", "admin_a"),
    ("api-tokens", "/accounts/tokens/", "admin_a"),
]


@pytest.mark.parametrize(("path", "persona"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_page_has_no_serious_or_critical_accessibility_violation(
    page: Any, world: World, sign_in: Any, path: str, persona: str | None
) -> None:
    if persona is not None:
        sign_in(page, getattr(world, persona))
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))  # not sent elsewhere to sign in
    expect(page.locator("main h1")).to_be_visible()
    assert_no_serious_violations(page)


def test_login_form_showing_errors_has_no_serious_or_critical_accessibility_violation(
    page: Any, world: World, fill_login_form: Any
) -> None:
    page.goto("/accounts/login/")
    fill_login_form(page, world.admin_a.email, "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_serious_violations(page)


def test_the_api_tokens_page_showing_a_new_token_has_no_serious_or_critical_violation(
    page: Any, world: World, sign_in: Any
) -> None:
    sign_in(page, world.admin_a)
    page.goto("/accounts/tokens/")
    form = page.locator("main form").last
    form.get_by_label("Name").fill("Reporting script")
    form.get_by_label("Valid for (days)").fill("30")
    form.get_by_role("button", name="Create").click()

    notice = page.get_by_role("status")
    expect(notice.locator("code.token")).to_have_text(re.compile(r"\S{20,}"))
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.get_by_role("button", name="Revoke “Reporting script”")).to_be_visible()
    assert_no_serious_violations(page)
