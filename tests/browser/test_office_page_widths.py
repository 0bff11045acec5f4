"""Office pages fit the window (issue 16, item 2): at 1280 px and at 390 px (a phone) no page
is wider than the window. Measured as the document's scrollWidth, signed in as the
organisation's manager, on pages holding long values (fingerprints, a long subject).

The register list and the document page hold wide tables that do not yet become stacked rows
on a phone: those two cases are expected failures (strict, so the test says when they fit)."""

from __future__ import annotations

from typing import Any

import pytest

from municipium.audit.tasks import verify_journal
from municipium.tenants.models import Role

from ..conftest import World, add_member, make_user, register_letter
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

LONG_SUBJECT = "Искане-за-издаване-на-удостоверение-за-наследници-" * 3
NOT_YET = pytest.mark.xfail(
    strict=True, reason="wide tables are not yet stacked rows at 390 px (issue 16, item 2)"
)
CASES = [
    pytest.param("journal", 1280),
    pytest.param("journal", 390),
    pytest.param("document", 1280),
    pytest.param("document", 390, marks=NOT_YET),
    pytest.param("register", 1280),
    pytest.param("register", 390, marks=NOT_YET),
]


@pytest.mark.parametrize(("name", "width"), CASES)
def test_an_office_page_is_no_wider_than_the_window(
    new_context: Any, sign_in: Any, world: World, registry: Any, name: str, width: int
) -> None:
    manager = make_user("manager-a@example.org", full_name="Мениджър Алфа")
    add_member(world.org_a, manager, Role.MANAGER, unit=world.unit_a)
    document = register_letter(world, registry, subject=LONG_SUBJECT).document
    verify_journal.call()  # the journal page then shows the chain's status too
    path = {
        "journal": "/alpha/office/audit/",
        "document": f"/alpha/office/registry/documents/{document.pk}/",
        "register": "/alpha/office/registry/",
    }[name]
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, manager)
    page.goto(path)
    if name == "journal":  # the page this branch changed most: axe-core at both widths
        assert_no_serious_violations(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} is {scroll_width} px wide in a {width} px window"
