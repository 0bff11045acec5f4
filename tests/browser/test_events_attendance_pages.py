"""The attendance pages on a phone (390 px) and a desk (1280 px), with and without JavaScript:
the participant's ticket with its QR code, the staff's check-in (search by name, one button),
the public check of a certificate's code, and the e-mail to the participants. axe-core and the
width check run where scripts run."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from municipium.events.services import attendance
from municipium.events.services import registrations as registration_services

from ..conftest import World
from ..events_support import make_event
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def _look(page: Any, path: str, scripts: bool) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if scripts:
            assert_no_serious_violations(page)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_ticket_check_in_and_certificate_check(
    new_context: Any, world: World, sign_in: Any, scripts: bool
) -> None:
    now = timezone.now()
    event = make_event(
        world,
        title="Семинар за присъствие",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=1),
    )
    row = registration_services.registration_add(
        event=event, actor=world.communications_a, name="Иван Петров", email="ivan@example.org"
    ).registration
    visitor = new_context(java_script_enabled=scripts).new_page()
    _look(visitor, f"/alpha/events/cancel/{row.secret}/", scripts)
    expect(visitor.get_by_role("heading", name="Your ticket")).to_be_visible()
    expect(visitor.locator("svg.ticket-qr")).to_be_visible()

    staff = new_context(java_script_enabled=scripts).new_page()
    sign_in(staff, world.communications_a)
    _look(staff, f"/alpha/office/events/{event.pk}/check-in/", scripts)
    staff.set_viewport_size({"width": 390, "height": 800})
    staff.get_by_label("Name or e-mail").fill("петров")
    staff.get_by_role("button", name="Search").click()
    staff.get_by_role("button", name="Check in: Иван Петров").click()
    expect(staff.get_by_text("Иван Петров is checked in.")).to_be_visible()
    expect(staff.get_by_role("button", name="Undo: Иван Петров")).to_be_visible()
    _look(staff, f"/alpha/office/events/{event.pk}/ticket/{row.secret}/", scripts)
    _look(staff, f"/alpha/office/events/{event.pk}/participants/message/", scripts)

    (issued,) = attendance.certificates_issue(event=event, actor=world.communications_a)
    code = attendance.format_code(issued.certificate_code or "")
    _look(visitor, "/alpha/events/verify/", scripts)
    visitor.get_by_label("Certificate code").fill(code)
    visitor.get_by_role("button", name="Check").click()
    expect(visitor.get_by_role("heading", name="This certificate is valid")).to_be_visible()
    expect(visitor.get_by_text("Иван Петров")).to_be_visible()
