"""The public page, the contacts page and the pages' office editor pass axe-core at 1280 and
390 px, fit the screen, and raise no Content-Security-Policy violation (the JSON-LD data
block is data, not script)."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.newsroom.services.pages import contact_point_save

from ..conftest import World
from ..pages_support import _empty_cache, add_text, make_page  # noqa: F401
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]


def _fits(page: Any) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url}: {overflow}px of horizontal scroll"


def _site(world: World) -> None:
    contact_point_save(
        organisation=world.org_a,
        actor=world.admin_a,
        names={"bg": "Деловодство", "en": "Registry office"},
        address="пл. Свобода 1, 1000 София",
        phone="+359 2 123 4567",
        email="delovodstvo@alfa.example.org",
        hours=[(0, time(8, 30), time(12)), (0, time(13), time(17)), (4, time(8, 30), time(12))],
    )
    about = make_page(
        world,
        body="<h2>История</h2><p>Общината е основана през 1880 г.</p>"
        "<table><caption>Кметове</caption>"
        "<tr><th scope='col'>Име</th><th scope='col'>Години</th></tr>"
        "<tr><td>Иван Иванов</td><td>1880–1890</td></tr></table>",
    )
    add_text(world, about, "en", "About us", "about-us", "<p>Founded in 1880.</p>")
    make_page(world, "Управителен съвет", "savet", parent=about)
    make_page(world, "Контакти", "kontakti", is_contacts=True, body="<p>Пишете ни.</p>")


@pytest.mark.parametrize(("width", "scripts"), [(1280, True), (390, True), (390, False)])
def test_the_public_page_and_the_contacts_page(
    new_context: Any, world: World, width: int, scripts: bool
) -> None:
    _site(world)
    context = new_context(viewport={"width": width, "height": 900}, java_script_enabled=scripts)
    page = context.new_page()
    page.goto("/alpha/pages/about-us/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    others = page.get_by_role("navigation", name="This page in other languages")
    expect(others.get_by_role("link", name="Български")).to_have_attribute(
        "href", "/alpha/pages/za-nas/"
    )
    footer = page.get_by_role("contentinfo")  # the site's language links: the same page too
    expect(footer.get_by_role("link", name="Български")).to_have_attribute(
        "href", "/i18n/language/?language=bg&next=/alpha/pages/za-nas/"
    )
    if scripts:  # axe and the measure run as scripts in the page
        assert_no_serious_violations(page)
        _fits(page)
    page.goto("/alpha/pages/za-nas/savet/")
    expect(page.get_by_role("navigation", name="Breadcrumbs")).to_contain_text("За нас")
    if scripts:  # axe and the measure run as scripts in the page
        assert_no_serious_violations(page)
        _fits(page)
    page.goto("/alpha/pages/kontakti/")
    expect(page.locator("table.opening-hours")).to_contain_text("08:30–12:00, 13:00–17:00")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    if scripts:  # axe and the measure run as scripts in the page
        assert_no_serious_violations(page)
        _fits(page)
    page.goto("/alpha/contacts/")
    expect(page.get_by_role("heading", level=3)).to_have_text("Registry office")
    if scripts:  # axe and the measure run as scripts in the page
        assert_no_serious_violations(page)
        _fits(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_office_editor(new_context: Any, sign_in: Any, world: World, width: int) -> None:
    _site(world)
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, world.communications_a)
    page.goto("/alpha/office/pages/")
    assert_no_serious_violations(page)
    _fits(page)
    page.get_by_role("link", name="Add a page").click()
    page.get_by_label("Title").fill("Устав")
    page.get_by_label("Text").fill('<p>Чл. 1</p><img src="/x.png">')
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("alert")).to_contain_text("have no alternative text")
    assert_no_serious_violations(page)
    page.get_by_label("Text").fill("<p>Чл. 1</p>")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator(".messages")).to_contain_text("The page is saved as a draft.")
    assert_no_serious_violations(page)
    _fits(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("The page is published.")
    page.get_by_role("link", name="Add the text in English").click()
    assert_no_serious_violations(page)
    _fits(page)
    page.goto("/alpha/office/contacts/")
    page.get_by_role("link", name="Registry office").click()
    assert_no_serious_violations(page)
    _fits(page)
