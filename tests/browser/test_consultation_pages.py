"""The consultation pages pass axe-core at 1280 px and 390 px, with and without JavaScript,
without horizontal scrolling: the public list, a consultation's page and an article's
comments, and the office's editor, draft and comments pages. A resident comments and the
office answers through the browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.consultations.models import Article, Comment
from municipium.consultations.services import comments as comment_services

from ..conftest import World
from ..consultations_support import make_consultation
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def _fits(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > document.documentElement.clientWidth).slice(-3).map(e => e.outerHTML.slice(0, 120))"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px: {wide}"


def _check(page: Any, scripts: bool) -> None:
    """axe-core and the overflow measure are scripts run in the page: with JavaScript off the
    browser never fires their timers and `page.evaluate` waits forever (that was the hang).
    Without JavaScript the page must still render its heading; the layout is the same CSS."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if scripts:
        assert_no_serious_violations(page)
        _fits(page)


def _consultation(world: World) -> Any:
    consultation = make_consultation(world)
    article = Article.objects.get(version__consultation=consultation, label="Чл. 2")
    comment = comment_services.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Да се разрешат огньове на определени места, https://www.example.org/a/very/long/address/that/should/wrap",
        article_anchor=article.anchor,
        organisation_name="Сдружение „Зелен град“",
    )
    comment_services.answer_save(
        comment=comment, actor=world.official_a, outcome="rejected", reason="Опасно е."
    )
    return consultation, article


@pytest.mark.parametrize("scripts", [True, False])
def test_the_public_consultation_pages(new_context: Any, world: World, scripts: bool) -> None:
    consultation, article = _consultation(world)
    for width in WIDTHS:
        context = new_context(viewport={"width": width, "height": 900}, java_script_enabled=scripts)
        page = context.new_page()
        for path in (
            "/alpha/consultations/",
            f"/alpha/consultations/{consultation.pk}/",
            f"/alpha/consultations/{consultation.pk}/articles/{article.anchor}/",
        ):
            page.goto(path)
            _check(page, scripts)
        expect(page.get_by_text("Position of Сдружение „Зелен град“")).to_be_visible()
        expect(page.get_by_text("Not accepted")).to_be_visible()


@pytest.mark.parametrize("scripts", [True, False])
def test_the_office_editor_pages(
    new_context: Any, world: World, sign_in: Any, scripts: bool
) -> None:
    consultation, _article = _consultation(world)
    for width in WIDTHS:
        context = new_context(viewport={"width": width, "height": 900}, java_script_enabled=scripts)
        page = context.new_page()
        sign_in(page, world.official_a)
        for path in (
            "/alpha/office/consultations/",
            "/alpha/office/consultations/new/",
            f"/alpha/office/consultations/{consultation.pk}/",
            f"/alpha/office/consultations/{consultation.pk}/draft/",
            f"/alpha/office/consultations/{consultation.pk}/comments/",
            "/alpha/office/consultations/rules/",
        ):
            page.goto(path)
            _check(page, scripts)


def test_a_resident_comments_on_an_article_without_javascript(
    new_context: Any, world: World, sign_in: Any
) -> None:
    consultation, article = _consultation(world)
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, world.citizen)
    page.goto(f"/alpha/consultations/{consultation.pk}/articles/{article.anchor}/")
    page.get_by_label("Your comment").fill("Предлагам изключение за Еньовден.")
    page.get_by_role("button", name="Publish the comment").click()
    expect(page.get_by_text("Предлагам изключение за Еньовден.")).to_be_visible()
    assert Comment.objects.filter(body="Предлагам изключение за Еньовден.").exists()
