"""E-services end to end, in the browser: a citizen confirms an e-mail address, files an
application with an attachment; the registrar sees it with its number; an official asks for
more information, the citizen answers, the official answers finally; the citizen tracks it
and downloads the answer. The e-mails go through a real SMTP server; axe-core checks every
public page of the flow."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.eservices.models import Application, ApplicationStatus

from ..conftest import World
from ..test_eservices_support import make_service, pdf_bytes
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser


def test_a_citizen_applies_is_asked_for_more_answers_and_gets_the_answer(
    new_context: Any,
    sign_in: Any,
    world: World,
    registry: Any,
    smtp_server: Any,
    live_server: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_URL = live_server.url
    make_service(world, registry)
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(pdf_bytes())
    answer_file = tmp_path / "answer.pdf"
    answer_file.write_bytes(pdf_bytes())

    citizen = new_context(accept_downloads=True).new_page()
    citizen.goto("/alpha/services/")
    assert_no_serious_violations(citizen)
    citizen.get_by_role("link", name="Certificate of heirs").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Certificate of heirs")
    assert_no_serious_violations(citizen)
    citizen.get_by_role("link", name="Apply online").click()

    # No account: the e-mail address is confirmed by a link.
    citizen.get_by_role("button", name="Send me the link").click()
    expect(citizen.get_by_role("alert")).to_contain_text("Your e-mail address")
    assert_no_serious_violations(citizen)
    citizen.get_by_label("Your e-mail address").fill("maria@example.net")
    citizen.get_by_role("button", name="Send me the link").click()
    expect(citizen.get_by_role("status").first).to_contain_text("maria@example.net")
    assert_no_serious_violations(citizen)
    verify = smtp_server.messages[-1]
    assert verify.recipients == ["maria@example.net"]
    link = re.search(r"https?://\S+/verify/\S+", verify.body)
    assert link is not None
    citizen.goto(link.group(0))

    # The form: errors first, announced and linked to the fields.
    form = citizen.locator("form.application")
    form.get_by_role("button", name="Submit the application").click()
    summary = citizen.get_by_role("alert")
    expect(summary).to_contain_text("Deceased: This field is required.")
    expect(citizen.get_by_label("Deceased")).to_have_attribute("aria-invalid", "true")
    assert_no_serious_violations(citizen)
    # The delivery address shows only when the letter goes by post.
    address = citizen.get_by_label("Delivery address")
    expect(address).to_be_hidden()
    citizen.get_by_label("By post").check()
    expect(address).to_be_visible()
    citizen.get_by_label("At the office").check()
    expect(address).to_be_hidden()
    citizen.get_by_label("Your name").fill("Мария Иванова")
    citizen.get_by_label("Deceased").fill("Иван Иванов")
    citizen.get_by_label("Personal number").fill("7501020018")
    citizen.get_by_label("I agree").check()
    citizen.get_by_label("Supporting document").set_input_files(str(proof))
    form.get_by_role("button", name="Submit the application").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Your application is registered")
    assert_no_serious_violations(citizen)
    number = citizen.get_by_test_id("number").inner_text().strip()
    code = citizen.get_by_test_id("code").inner_text().strip()
    confirmation = smtp_server.messages[-1]
    assert number in confirmation.subject and code in confirmation.body
    application = Application.objects.get()
    assert application.document.number == number
    assert application.document.attachments.get().filename == "proof.pdf"
    with citizen.expect_download() as receipt:
        citizen.get_by_role("link", name="Download the receipt (PDF)").click()
    assert Path(receipt.value.path()).read_bytes().startswith(b"%PDF")

    # The registrar sees it among the applications, with its number.
    registrar = new_context().new_page()
    sign_in(registrar, world.registrar_a)
    registrar.goto("/alpha/office/applications/")
    expect(registrar.get_by_role("link", name=number)).to_be_visible()
    assert_no_serious_violations(registrar)

    # The official asks for more information: the clock stops, the citizen is told.
    official = new_context().new_page()
    sign_in(official, world.official_a)
    official.goto(f"/alpha/office/applications/{application.pk}/")
    expect(official.locator("dl.answers")).to_contain_text("Иван Иванов")
    assert_no_serious_violations(official)
    asking = official.locator("form", has=official.locator("input[value='request_info']"))
    asking.get_by_label("What is missing").fill("Моля, приложете акта за смърт.")
    asking.get_by_role("button", name="Ask for more information").click()
    expect(official.locator(".messages")).to_contain_text("registered in the case")
    assert "more information" in smtp_server.messages[-1].body

    # The citizen tracks it with the number and the code, and answers with a file.
    tracker = new_context(accept_downloads=True).new_page()
    tracker.goto("/alpha/track/")
    assert_no_serious_violations(tracker)
    tracker.get_by_label("Registry number").fill(number)
    tracker.get_by_label("Access code").fill("WRONG-CODE0")
    tracker.get_by_role("button", name="Show the status").click()
    expect(tracker.get_by_role("alert")).to_contain_text("No document matches")
    assert_no_serious_violations(tracker)
    tracker.get_by_label("Access code").fill(code)
    tracker.get_by_role("button", name="Show the status").click()
    expect(tracker.get_by_test_id("status")).to_contain_text("needs more information")
    expect(tracker.locator("main")).to_contain_text("Моля, приложете акта за смърт.")
    assert_no_serious_violations(tracker)
    tracker.get_by_label("Your message").fill("Прилагам акта.")
    tracker.get_by_label("Attach a file").set_input_files(str(proof))
    tracker.get_by_role("button", name="Send").click()
    expect(tracker.locator(".messages")).to_contain_text("registered and sent")
    assert_no_serious_violations(tracker)

    # The official answers finally, with the answer file.
    official.reload()
    answering = official.locator("form", has=official.locator("input[value='answer']"))
    answering.get_by_label("The answer").fill("Удостоверението е издадено.")
    answering.get_by_label("File").set_input_files(str(answer_file))
    answering.get_by_role("button", name="Answer").click()
    expect(official.locator(".messages")).to_contain_text("registered in the case")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ANSWERED
    assert "has answered" in smtp_server.messages[-1].body

    # The citizen sees the answer and downloads it.
    tracker.reload()
    expect(tracker.get_by_test_id("status")).to_contain_text("The office has answered")
    assert_no_serious_violations(tracker)
    with tracker.expect_download() as download:
        tracker.get_by_role("link", name="Download answer.pdf").click()
    assert Path(download.value.path()).read_bytes() == answer_file.read_bytes()
    sent_to_citizen = [m for m in smtp_server.messages if m.recipients == ["maria@example.net"]]
    assert len(sent_to_citizen) >= 4  # link, confirmation, request, answer
