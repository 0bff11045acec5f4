"""The language switcher in the page header."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from ..conftest import World

pytestmark = pytest.mark.browser

SKIP_LINK = "Skip to main content"


def translated(message: str, language: str) -> str:
    """What the installed catalogue (the compiled .mo file) says for `message`."""
    with translation.override(language):
        return translation.gettext(message)


def test_choosing_polski_in_the_language_switcher_turns_the_interface_into_polish(
    page: Any, world: World
) -> None:
    page.goto("/alpha/")
    html = page.locator("html")
    switcher = page.locator("form.language-switcher")
    select = switcher.get_by_label("Language")
    expect(html).to_have_attribute("lang", "en")
    expect(select).to_have_value("en")
    expect(page.locator("a.skip-link")).to_have_text(SKIP_LINK)

    select.select_option(label="Polski")
    switcher.locator("button[type=submit]").click()

    # Back on the same page, now in Polish.
    expect(page).to_have_url(re.compile(r"/alpha/$"))
    expect(html).to_have_attribute("lang", "pl")
    expect(switcher.locator("select")).to_have_value("pl")
    expect(switcher.locator("option[selected]")).to_have_text("Polski")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.org_a.name)
    # Whatever the Polish catalogue says for the skip link is on the page; once the
    # catalogue translates it, it is no longer the English text.
    expected = translated(SKIP_LINK, "pl")
    expect(page.locator("a.skip-link")).to_have_text(expected)
    if expected != SKIP_LINK:
        expect(page.locator("a.skip-link")).not_to_have_text(SKIP_LINK)

    # The choice is remembered in the language cookie, for every page.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get(settings.LANGUAGE_COOKIE_NAME) == "pl"
    page.goto("/")
    expect(html).to_have_attribute("lang", "pl")

    # And back, with the switcher that now speaks Polish.
    switcher.locator("select").select_option("bg")
    switcher.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(html).to_have_attribute("lang", "bg")
    expect(switcher.locator("select")).to_have_value("bg")
    expect(page.locator("a.skip-link")).to_have_text(translated(SKIP_LINK, "bg"))
