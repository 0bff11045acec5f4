"""The other e-services pages pass axe-core: the catalogue and form builder of the back
office, a citizen's applications, a failed link, the rate-limit page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.eservices import services

from ..conftest import World
from ..test_eservices_support import make_service
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser


def test_the_back_office_catalogue_and_builder_pages(
    new_context: Any, sign_in: Any, world: World, registry: Any
) -> None:
    service = make_service(world, registry)
    page = new_context().new_page()
    sign_in(page, world.admin_a)
    page.goto("/alpha/office/services/")
    assert_no_serious_violations(page)
    page.goto("/alpha/office/services/new/")
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Legal basis: This field is required.")
    assert_no_serious_violations(page)
    page.goto(f"/alpha/office/services/{service.pk}/")
    assert_no_serious_violations(page)
    page.goto(f"/alpha/office/services/{service.pk}/form/")
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Move “I agree” up").click()
    expect(page.locator(".messages")).to_have_count(0)
    keys = [f["key"] for f in services.draft_version(service).fields]  # type: ignore[union-attr]
    assert keys[-2:] == ["consent", "proof"]
    page.get_by_role("link", name="Deceased").click()
    assert_no_serious_violations(page)
    page.get_by_label("Label (English)").fill("Name of the deceased")
    page.get_by_role("button", name="Save the field").click()
    expect(page.get_by_role("link", name="Name of the deceased")).to_be_visible()
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.locator(".messages")).to_contain_text("Version 2 of the form is published.")
    assert_no_serious_violations(page)
    # What changed from version 1 to 2: the label and the moved consent.
    page.get_by_role("link", name="Versions and what changed").click()
    changes = page.get_by_role("table", name="From version 1 to version 2")
    expect(changes).to_contain_text("Name of the deceased")
    expect(changes).to_contain_text("Position")
    assert_no_serious_violations(page)
    page.get_by_label("with version").select_option("1")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_text("The two versions have the same fields.")).to_be_visible()
    assert_no_serious_violations(page)


def test_my_applications_and_the_failure_pages(
    new_context: Any, sign_in: Any, world: World, registry: Any, settings: Any
) -> None:
    make_service(world, registry)
    page = new_context().new_page()
    sign_in(page, world.citizen)
    page.goto("/alpha/services/heirs/apply/")
    page.get_by_label("Deceased").fill("Иван")
    page.get_by_role("button", name="Save a draft").click()
    expect(page.locator(".messages")).to_contain_text("Your draft is saved")
    assert_no_serious_violations(page)
    page.goto("/alpha/applications/")
    expect(page.get_by_role("link", name="Certificate of heirs")).to_be_visible()
    assert_no_serious_violations(page)
    page.goto("/alpha/services/heirs/verify/bad-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The link does not work")
    assert_no_serious_violations(page)
    settings.TRACK_RATE_PER_HOUR = 1
    anonymous = new_context().new_page()
    anonymous.goto("/alpha/track/")
    for _ in range(2):
        anonymous.get_by_label("Registry number").fill("1")
        anonymous.get_by_label("Access code").fill("X")
        anonymous.get_by_role("button", name="Show the status").click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    assert_no_serious_violations(anonymous)
