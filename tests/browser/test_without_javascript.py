"""Every page works without JavaScript: the forms are plain HTML forms."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD, World

pytestmark = pytest.mark.browser


@pytest.fixture
def page(new_context: Any) -> Any:
    """A page in a browser context that runs no script at all."""
    return new_context(java_script_enabled=False).new_page()


def test_without_javascript_a_staff_user_signs_in_and_changes_the_language(
    page: Any, world: World, fill_login_form: Any
) -> None:
    page.goto("/accounts/login/")

    fill_login_form(page, world.registrar_a.email, "not the password")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The e-mail address or the password is wrong")
    expect(summary).not_to_be_focused()  # no script ran to move the focus there

    fill_login_form(page, world.registrar_a.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/alpha/office/$"))
    expect(page.locator("main")).to_contain_text(f"Welcome, {world.registrar_a.full_name}.")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switcher = page.locator("form.language-switcher")
    switcher.locator("select").select_option(label="Polski")
    switcher.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/alpha/office/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(switcher.locator("select")).to_have_value("pl")
    # Still signed in: the sign-out form is in the header, the office still opens.
    expect(page.locator('form[action="/accounts/logout/"] button')).to_have_count(1)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text(world.registrar_a.full_name)


def test_without_javascript_signing_out_works(page: Any, world: World, sign_in: Any) -> None:
    sign_in(page, world.official_a)
    page.goto("/alpha/office/")
    expect(page.locator("main")).to_contain_text(f"Welcome, {world.official_a.full_name}.")

    page.get_by_role("button", name=re.compile(r"^Sign out")).click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_have_count(0)
    page.goto("/alpha/office/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
