"""The newsletter's pages pass axe-core and fit the screen at 1280 and 390 px, with and without
JavaScript: subscribing (and its form errors), confirming, unsubscribing, the back office."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.newsroom.models import Subscriber
from municipium.newsroom.services import newsletter as services

from ..conftest import World
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
LINK = re.compile(r"https?://\S+(/alpha/newsletter/confirm/\S+/)")


def check(page: Any, scripts: bool = True) -> None:
    """axe-core and the width check run scripts: in a page without JavaScript the flow itself
    is the test (axe runs on the same pages with JavaScript on)."""
    if not scripts:
        return
    assert_no_serious_violations(page)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_subscribing_confirming_and_unsubscribing(
    new_context: Any, world: World, smtp_server: Any, scripts: bool
) -> None:
    for width in WIDTHS:
        email = f"reader-{width}@example.org"
        page = new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=scripts
        ).new_page()
        page.goto("/alpha/newsletter/")
        check(page, scripts)
        page.get_by_role("button", name="Subscribe").click()
        expect(page.get_by_role("alert")).to_be_visible()
        check(page, scripts)
        page.get_by_label("Your e-mail address").fill(email)
        page.get_by_label("Language of the newsletter").select_option("en")
        page.get_by_label(re.compile("I want to receive the newsletter")).check()
        page.get_by_role("button", name="Subscribe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
        check(page, scripts)

        mail = next(m for m in smtp_server.messages if m.recipients == [email])
        page.goto(LINK.search(mail.body).group(1))
        check(page, scripts)
        page.get_by_role("button", name="Confirm my subscription").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
        check(page, scripts)
        page.goto(LINK.search(mail.body).group(1))  # used: refused
        expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
        check(page, scripts)

        row = Subscriber.objects.get(email=email)
        url = services.unsubscribe_url(world.org_a, row.pk, row.secret)
        page.goto(url.split("/alpha/", 1)[1].join(["/alpha/", ""]))
        check(page, scripts)
        page.get_by_role("button", name="Unsubscribe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
        check(page, scripts)
        assert not Subscriber.objects.filter(email=email).exists()


def test_the_back_office_pages(new_context: Any, sign_in: Any, world: World) -> None:
    for n in range(3):
        services.subscription_request(
            organisation=world.org_a,
            email=f"a-rather-long-address-number-{n}@subdomain.example.org",
            language="bg",
            consent_text="yes",
        )
    for width in WIDTHS:
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        sign_in(page, world.admin_a)
        page.goto("/alpha/office/newsletter/")
        check(page)
        page.get_by_label("How often the digest is sent").select_option("daily")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text("The frequency of the newsletter")
        check(page)
        page.get_by_role("link", name="Addresses and export").click()
        expect(page.get_by_role("table")).to_contain_text("a-rather-long-address-number-0")
        check(page)
