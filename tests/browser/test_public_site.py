"""The public site of an organisation and its settings in the browser: axe-core finds no
serious violation at 1280 and 390 px, nothing scrolls sideways, the home page works with and
without JavaScript, the language links keep the page, and the identity and menu settings
work by hand."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.tenants import services, site_services

from ..conftest import World
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

FILES = Path(__file__).parent.parent / "files"
WIDTHS = [1280, 390]


def assert_fits(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def dress(world: World) -> None:
    """The organisation as a real one looks: contacts, a logo, a colour, an own menu link,
    its statement and privacy notice."""
    organisation = world.org_a
    services.organisation_update(
        organisation=organisation,
        actor=world.admin_a,
        fields={
            "description": "Община в Северозападна България с 12 000 жители.",
            "address": "пл. „Централен“ 1, 3700 Алфа",
            "phone": "+359 94 600 100",
            "email": "obshtina@alpha.example.org",
        },
    )
    site_services.organisation_identity_set(
        organisation=organisation,
        actor=world.admin_a,
        accent_colour="#7a1f2b",
        logo=site_services.LogoUpload(
            name="arms.png",
            fileobj=io.BytesIO((FILES / "accepted" / "scan.png").read_bytes()),
            alt_text="Гербът на община Алфа",
        ),
    )
    site_services.menu_link_add(
        organisation=organisation,
        actor=world.admin_a,
        labels={"bg": "Проследяване на документ", "en": "Track a document"},
        target="/alpha/track/",
    )
    site_services.accessibility_statement_set(
        organisation=organisation,
        actor=world.admin_a,
        answers={
            "status": "partial",
            "non_compliant": "Сканираните решения нямат текстов слой.",
            "out_of_scope": "Файлове, публикувани преди 23 септември 2018 г.",
            "prepared_on": "2026-03-02",
            "method": "self",
            "reviewed_on": "2026-11-20",
            "site_published_on": "2020-05-14",
            "contact_name": "Мария Иванова",
            "contact_email": "dostapnost@alpha.example.org",
            "architecture": "Рампа на главния вход.",
        },
    )
    site_services.privacy_notice_set(
        organisation=organisation,
        actor=world.admin_a,
        answers={
            "dpo_name": "Петър Петров",
            "dpo_email": "dpo@alpha.example.org",
            "purposes": "Регистриране на входяща кореспонденция",
            "legal_bases": ["c", "e"],
            "retention": "Според номенклатурата на делата.",
            "updated_on": "2026-11-01",
        },
    )


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_pages_pass_axe_and_fit_the_screen(
    new_context: Any, world: World, width: int, javascript: bool
) -> None:
    page = new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    ).new_page()
    page.goto("/alpha/accessibility/")  # before any answer: honest
    expect(page.locator("main")).to_contain_text("Status: not yet assessed.")
    if javascript:  # axe and the measurements run as scripts in the page
        assert_no_serious_violations(page)
        assert_fits(page)
    dress(world)
    for path in ("/alpha/", "/", "/alpha/accessibility/", "/alpha/privacy/"):
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        if javascript:
            assert_no_serious_violations(page)
            assert_fits(page)
    page.goto("/alpha/")
    expect(page.get_by_role("img", name="Гербът на община Алфа")).to_be_visible()
    menu = page.get_by_role("navigation", name=re.compile("^Menu of"))
    expect(menu.get_by_role("link", name="Track a document")).to_be_visible()
    if javascript:
        # The accent colour reaches the page through the per-organisation stylesheet.
        band = page.evaluate(
            "() => getComputedStyle(document.querySelector('.public-header .band')).backgroundColor"
        )
        assert band == "rgb(122, 31, 43)"
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page).to_have_url(re.compile(r"/alpha/accessibility/$"))
    expect(page.locator("main")).to_contain_text("partially compliant")


def test_without_javascript_the_language_links_keep_the_page(new_context: Any, world) -> None:
    dress(world)
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/alpha/privacy/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("footer").get_by_role("link", name="Български").click()
    expect(page).to_have_url(re.compile(r"/alpha/privacy/$"))
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    expect(page.locator("main h1")).to_have_text("Информация за защита на личните данни")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_identity_settings_and_the_menu_editor(
    new_context: Any, sign_in: Any, world: World, width: int
) -> None:
    site_services.menu_link_add(
        organisation=world.org_a,
        actor=world.admin_a,
        labels={"bg": "Проследяване", "en": "Tracking"},
        target="/alpha/track/",
    )
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, world.admin_a)
    page.goto("/alpha/office/settings/")
    assert_no_serious_violations(page)
    assert_fits(page)
    page.get_by_label("Accent colour").fill("#ff0000")
    page.get_by_role("button", name="Save the identity").click()
    expect(page.locator("main")).to_contain_text("3.99:1")
    expect(page.locator("main")).to_contain_text("#ee0000")
    assert_no_serious_violations(page)
    page.get_by_label("Accent colour").fill("#ee0000")
    page.get_by_label("New logo or coat of arms").set_input_files(
        str(FILES / "accepted" / "scan.png")
    )
    page.get_by_role("button", name="Save the identity").click()
    expect(page.locator("main")).to_contain_text("alternative text is required")
    page.get_by_label("New logo or coat of arms").set_input_files(
        str(FILES / "accepted" / "scan.png")
    )
    page.get_by_label("What the logo shows").fill("Герб с лъв")
    page.get_by_role("button", name="Save the identity").click()
    expect(page.get_by_role("status")).to_contain_text("The identity of the public site is saved.")

    page.get_by_role("link", name="Menu of the public site").click()
    assert_no_serious_violations(page)
    assert_fits(page)
    page.get_by_label("Label (Bulgarian)").fill("Портал")
    page.get_by_label("Label (English)").fill("Portal")
    page.get_by_label("Address").fill("javascript:alert(1)")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_role("alert")).to_contain_text("starting with https://")
    assert_no_serious_violations(page)
    page.get_by_label("Address").fill("https://portal.example.org/")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_role("status")).to_contain_text("The link is added to the menu.")
    page.get_by_role("button", name="Move “Portal” up").click()
    expect(page.locator("table.menu-editor tbody th").first).to_contain_text("Portal")
    assert_no_serious_violations(page)

    page.get_by_role("link", name="Accessibility statement").first.click()
    assert_no_serious_violations(page)
    assert_fits(page)
    page.get_by_role("link", name="Privacy notice").first.click()
    assert_no_serious_violations(page)
    assert_fits(page)

    visitor = new_context(viewport={"width": width, "height": 900}).new_page()
    visitor.goto("/alpha/")
    expect(visitor.get_by_role("img", name="Герб с лъв")).to_be_visible()
    expect(visitor.get_by_role("link", name="Portal")).to_be_visible()
