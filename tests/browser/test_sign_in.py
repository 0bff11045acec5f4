"""Signing in through the login form, as a person would."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from municipium.tenants.models import Role

from ..conftest import PASSWORD, World

pytestmark = pytest.mark.browser


def test_an_organisation_admin_signs_in_with_the_login_form_and_lands_on_their_back_office(
    page: Any, world: World, fill_login_form: Any
) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    fill_login_form(page, world.admin_a.email, PASSWORD)

    # One workplace only: the dashboard sends the admin straight to the office of 'alpha'.
    expect(page).to_have_url(re.compile(r"/alpha/office/$"))
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Back office")
    expect(main).to_contain_text(f"Welcome, {world.admin_a.full_name}.")
    with translation.override("en"):
        admin_label = str(Role.ADMIN.label)
    expect(main.locator("dl.details dd").first).to_have_text(admin_label)
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_be_visible()
    office_nav = page.get_by_role("navigation", name="Back office")
    expect(office_nav.get_by_role("link", name="Audit journal")).to_be_visible()
    expect(office_nav.locator('[aria-current="page"]')).to_have_text("Overview")


def test_a_wrong_password_shows_the_error_summary_and_stays_on_the_login_page(
    page: Any, world: World, fill_login_form: Any
) -> None:
    page.goto("/accounts/login/")

    fill_login_form(page, world.admin_a.email, "not the password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("The e-mail address or the password is wrong")
    # The page's script moves focus to the summary, so a screen reader reads it out first.
    expect(summary).to_be_focused()
    form = page.locator("main form")
    expect(form.get_by_label("E-mail")).to_have_value(world.admin_a.email)
    expect(form.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_have_count(0)
