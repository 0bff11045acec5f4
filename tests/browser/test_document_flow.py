"""The registry office end to end, in the browser: a registrar registers an incoming letter,
a manager assigns it, the official answers with an outgoing document in the same case.
axe-core checks every page on the way."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from municipium.registry.models import Document, FilePlanItem, Task
from municipium.tenants.models import Role

from ..conftest import World, add_member, make_user
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser


def test_a_letter_is_registered_assigned_and_answered_in_one_case(
    new_context: Any, sign_in: Any, world: World, registry: Any
) -> None:
    manager = make_user("manager-a@example.org", full_name="Мениджър Алфа")
    add_member(world.org_a, manager, Role.MANAGER)

    # The registrar registers the letter, with a new correspondent.
    registrar = new_context().new_page()
    sign_in(registrar, world.registrar_a)
    registrar.goto("/alpha/office/registry/new/")
    assert_no_serious_violations(registrar)
    form = registrar.locator("main form.registration")
    form.get_by_role("combobox", name="Direction", exact=True).select_option("incoming")
    form.get_by_role("combobox", name="Register", exact=True).select_option("general")
    form.get_by_role("combobox", name="Kind", exact=True).select_option("application")
    form.get_by_role("textbox", name="Subject", exact=True).fill("Искане за удостоверение")
    form.get_by_role("textbox", name="Correspondent", exact=True).fill("Петър Петров")
    form.get_by_role("combobox", name="Delivery channel", exact=True).select_option("counter")
    form.get_by_role("button", name="Register", exact=True).click()
    expect(registrar).to_have_url(re.compile(r"/alpha/office/registry/documents/\d+/$"))
    letter = Document.objects.get(subject="Искане за удостоверение")
    expect(registrar.get_by_role("heading", level=1)).to_contain_text(letter.number)
    expect(registrar.locator(".messages")).to_contain_text("Access code for the sender")
    assert_no_serious_violations(registrar)

    # It opens a case for it.
    case_form = registrar.locator("form[action$='/case/']")
    case_form.get_by_role("combobox", name="File plan class", exact=True).select_option(
        str(FilePlanItem.objects.get(organisation=world.org_a, code="02-01").pk)
    )
    case_form.get_by_role("combobox", name="Responsible unit", exact=True).select_option(
        str(world.unit_a.pk)
    )
    case_form.get_by_role("button", name="Open the case").click()
    expect(registrar).to_have_url(re.compile(r"/alpha/office/registry/cases/\d+/$"))
    assert_no_serious_violations(registrar)
    letter.refresh_from_db()
    assert letter.case is not None

    # The manager assigns it to the official.
    manager_page = new_context().new_page()
    sign_in(manager_page, manager)
    manager_page.goto(f"/alpha/office/registry/documents/{letter.pk}/")
    assign = manager_page.locator("form[action$='/assign/']")
    assign.get_by_role("combobox", name="Official", exact=True).select_option(
        str(world.official_a.pk)
    )
    assign.get_by_role("textbox", name="Instruction", exact=True).fill("Изгответе отговор")
    due = timezone.localdate() + timedelta(days=5)
    assign.locator("input[name=due_on]").fill(due.isoformat())
    assign.get_by_role("button", name="Assign").click()
    expect(manager_page.locator(".messages")).to_contain_text("The document is assigned.")
    assert_no_serious_violations(manager_page)

    # The official finds it in the inbox and accepts it.
    official = new_context().new_page()
    sign_in(official, world.official_a)
    official.goto("/alpha/office/tasks/")
    assert_no_serious_violations(official)
    task_card = official.locator(".task-list li").first
    expect(task_card).to_contain_text(letter.number)
    expect(task_card).to_contain_text("Изгответе отговор")
    task_card.get_by_role("button", name="Accept").click()
    expect(official.locator(".messages")).to_contain_text("The task is updated.")

    # The registrar registers the outgoing answer from the letter's page.
    registrar.goto(f"/alpha/office/registry/documents/{letter.pk}/")
    registrar.get_by_role("link", name="Register the answer").click()
    expect(registrar.locator(".notice")).to_contain_text(letter.number)
    assert_no_serious_violations(registrar)
    answer_form = registrar.locator("main form.registration")
    expect(answer_form.get_by_role("combobox", name="Direction", exact=True)).to_have_value(
        "outgoing"
    )
    expect(answer_form.get_by_role("combobox", name="Kind", exact=True)).to_have_value("letter")
    answer_form.get_by_role("textbox", name="Subject", exact=True).fill("Отговор: удостоверение")
    answer_form.get_by_role("button", name="Register").click()
    expect(registrar).to_have_url(re.compile(r"/alpha/office/registry/documents/\d+/$"))

    answer = Document.objects.get(subject="Отговор: удостоверение")
    letter.refresh_from_db()
    assert answer.case_id == letter.case_id
    assert answer.reply_to_id == letter.pk
    assert letter.status == "answered"

    # The official marks the task done; the case page shows both documents.
    official.goto("/alpha/office/tasks/")
    card = official.locator(".task-list li").first
    card.get_by_role("textbox", name="Outcome or reason", exact=True).fill("Отговорено с писмо")
    card.get_by_role("button", name="Mark done").click()
    expect(official.locator(".task-list")).to_contain_text("No open tasks.")
    assert Task.objects.get().status == "done"
    official.goto(f"/alpha/office/registry/cases/{letter.case_id}/")
    documents = official.locator("main table").first
    expect(documents).to_contain_text(letter.number)
    expect(documents).to_contain_text(answer.number)
    assert_no_serious_violations(official)
