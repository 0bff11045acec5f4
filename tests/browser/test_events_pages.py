"""The events pages pass axe-core at 1280 px and 390 px, with and without JavaScript, without
horizontal scrolling and without breaking the Content-Security-Policy: the public list, an
event's page with its programme, the installation's calendar (month and list), the
registration form, and the office's editor and participants."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from municipium.events.services import events as services
from municipium.events.services import registrations as registration_services

from ..conftest import World
from ..events_support import make_event
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def _fits(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _scripts_on(page: Any) -> bool:
    return bool(getattr(page, "_municipium_scripts", True))


def _axe(page: Any) -> None:
    """axe-core and the measurements run as scripts in the page: only where scripts run (a
    page without JavaScript is the same HTML, checked by its twin test with scripts)."""
    if _scripts_on(page):
        assert_no_serious_violations(page)


def _check(page: Any, path: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if _scripts_on(page):
            _axe(page)
            _fits(page)


def _event(world: World) -> Any:
    start = (timezone.now() + timedelta(days=20)).replace(hour=9, minute=0, second=0,
                                                          microsecond=0)  # fmt: skip
    event = make_event(
        world,
        title="Е-управление и документооборот в общините",
        kind="forum",
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=8),
        co_organisers=[world.org_b],
        outside_organisers="Държавна агенция за електронно управление",
        description="<h2>За форума</h2><p>https://www.example.org/a/very/long/address/that/"
        "should/wrap/and/not/scroll/sideways/at/all</p>",
    )
    services.session_add(
        event=event,
        actor=world.communications_a,
        starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=2),
        title="Откриване на форума",
        room="Зала 1",
        speakers=[
            services.Speaker(
                name="Мария Иванова", role="председател", organisation="Сдружение на секретарите"
            )
        ],
    )
    registration_services.registration_add(
        event=event, actor=world.communications_a, name="Участник", email="p@example.org"
    )
    return event


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_the_public_events_pages(new_context: Any, world: World, scripts: bool) -> None:
    event = _event(world)
    page = new_context(java_script_enabled=scripts).new_page()
    page._municipium_scripts = scripts
    _check(page, "/alpha/events/")
    expect(
        page.get_by_role("link", name="Е-управление и документооборот в общините")
    ).to_be_visible()
    _check(page, f"/alpha/events/{event.slug}/")
    expect(page.get_by_role("heading", name="Programme")).to_be_visible()
    expect(page.get_by_text("Мария Иванова, председател")).to_be_visible()
    _check(page, f"/alpha/events/{event.slug}/register/")
    month = event.starts_at.strftime("%Y-%m")
    _check(page, f"/calendar/?month={month}")
    expect(page.locator("table.calendar-grid th").first).to_be_visible()
    _check(page, "/calendar/?view=list&kind=forum")
    _check(page, "/beta/events/")


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_registering_without_javascript_and_the_form_errors(
    new_context: Any, world: World, scripts: bool
) -> None:
    event = _event(world)
    page = new_context(java_script_enabled=scripts).new_page()
    page._municipium_scripts = scripts
    page.goto(f"/alpha/events/{event.slug}/register/")
    form = page.locator("main form")
    form.get_by_label("Your name").fill("Иван Петров")
    form.get_by_label("Your e-mail").fill("not-an-address")
    form.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _axe(page)
    page.locator("main form").get_by_label("Your e-mail").fill("ivan@example.org")
    page.locator("main form").get_by_role("button", name="Register").click()
    expect(page.get_by_text("Check your e-mail")).to_be_visible()
    _axe(page)


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_the_office_events_pages(
    new_context: Any, world: World, sign_in: Any, scripts: bool
) -> None:
    event = _event(world)
    page = new_context(java_script_enabled=scripts).new_page()
    page._municipium_scripts = scripts
    sign_in(page, world.communications_a)
    _check(page, "/alpha/office/events/")
    _check(page, "/alpha/office/events/new/")
    _check(page, f"/alpha/office/events/{event.pk}/")
    expect(page.get_by_role("heading", name="Programme")).to_be_visible()
    _check(page, f"/alpha/office/events/{event.pk}/participants/")
    expect(page.get_by_text("p@example.org")).to_be_visible()
    # The editor showing its errors.
    page.goto("/alpha/office/events/new/")
    page.locator("main form.event-editor").get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _axe(page)
