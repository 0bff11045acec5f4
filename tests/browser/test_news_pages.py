"""The news pages pass axe-core at 1280 px and 390 px without horizontal scrolling and break
no Content-Security-Policy (the JSON-LD block is data): the
public list, item, history and comparison, and the office's list and editor."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.newsroom.services.news import NewsText, news_update

from ..conftest import World
from ..news_support import published
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
LONG_BODY = (
    "<h2>Програма</h2><p>Паркът в центъра отваря врати в събота от 10 часа.</p>"
    "<ul><li>Откриване</li><li>Концерт</li></ul>"
    "<p>Адрес: https://www.example.org/a/very/long/address/that/should/wrap/and/not/scroll</p>"
)


def _item(world: World) -> Any:
    item = published(
        world,
        "Нов парк в центъра",
        body=LONG_BODY,
        tags=("Паркове",),
        more={"en": NewsText(title="A new park in the centre", lead="On Saturday.")},
    )
    news_update(
        item=item,
        actor=world.admin_a,
        kind="news",
        texts={
            "bg": NewsText(title="Нов парк в центъра", body=LONG_BODY.replace("събота", "неделя")),
            "en": NewsText(title="A new park in the centre", lead="On Sunday."),
        },
        tags=["Паркове"],
        reason="Денят на откриването",
    )
    return item


def _fits(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _check(page: Any, path: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        assert_no_serious_violations(page)
        _fits(page)


def test_the_public_news_pages(new_context: Any, world: World) -> None:
    item = _item(world)
    slug = item.translations.get(language="en").slug
    page = new_context().new_page()
    _check(page, "/alpha/news/")
    expect(page.get_by_role("link", name="A new park in the centre")).to_be_visible()
    _check(page, f"/alpha/news/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("A new park in the centre")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    _check(page, f"/alpha/news/{slug}/versions/")
    expect(page.get_by_text("Денят на откриването")).to_be_visible()
    _check(page, f"/alpha/news/{slug}/versions/compare/?from=1&to=2")
    expect(page.locator(".diff-added").first).to_be_visible()


def test_the_language_switch_goes_to_the_same_item(new_context: Any, world: World) -> None:
    item = _item(world)
    en = item.translations.get(language="en").slug
    bg = item.translations.get(language="bg").slug
    page = new_context().new_page()
    page.goto(f"/alpha/news/{en}/")
    page.get_by_label("Language", exact=True).select_option("bg")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(f"{page.url.split('/alpha/')[0]}/alpha/news/{bg}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Нов парк в центъра")


def test_the_office_list_and_editor(new_context: Any, sign_in: Any, world: World) -> None:
    item = _item(world)
    page = new_context().new_page()
    sign_in(page, world.communications_a)
    _check(page, "/alpha/office/news/")
    _check(page, "/alpha/office/news/new/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Title (Bulgarian)").fill("Съобщение")
    page.get_by_label("Text (Bulgarian)").fill('<p>Виж плана:</p><img src="plan.png">')
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_serious_violations(page)
    _check(page, f"/alpha/office/news/{item.pk}/")
    expect(page.get_by_label("Reason for the change")).to_be_visible()
