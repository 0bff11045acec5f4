"""Files and e-mail intake in a browser: adding files to a document (also without
JavaScript), a refused file explained, a PDF shown in place, and an e-mail registered from the
intake page; axe-core on each page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.registry import services
from municipium.registry.models import IntakeMessage
from tests.files.fixtures import ACCEPTED, REFUSED, accepted, media

from ..conftest import World, register_letter
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser
__all__ = ["media"]


def _document_url(document: Any) -> str:
    return f"/alpha/office/registry/documents/{document.pk}/"


def test_a_registrar_adds_files_and_sees_them_listed(
    page: Any, sign_in: Callable[..., None], world: World, registry: Any, media: Path
) -> None:
    document = register_letter(world, registry).document
    sign_in(page, world.registrar_a)
    page.goto(_document_url(document))
    form = page.locator("form[aria-labelledby='upload-heading']")
    form.get_by_label("Files to add").set_input_files(
        [str(ACCEPTED / "letter.pdf"), str(ACCEPTED / "letter.docx")]
    )
    form.get_by_role("button", name="Add the files").click()
    expect(page.get_by_text("2 files are added; their text is being read.")).to_be_visible()
    table = page.locator("section[aria-labelledby='files-heading'] table")
    expect(table).to_contain_text("letter.pdf")
    expect(table).to_contain_text("letter.docx")
    assert_no_serious_violations(page)


def test_a_refused_file_is_explained_next_to_the_field(
    page: Any, sign_in: Callable[..., None], world: World, registry: Any, media: Path
) -> None:
    document = register_letter(world, registry).document
    sign_in(page, world.registrar_a)
    page.goto(_document_url(document))
    form = page.locator("form[aria-labelledby='upload-heading']")
    form.get_by_label("Files to add").set_input_files(str(REFUSED / "program-named.pdf"))
    form.get_by_role("button", name="Add the files").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "program-named.pdf: Programs and scripts are not accepted."
    )
    field = page.locator("#id_upload")
    assert "upload_error" in (field.get_attribute("aria-describedby") or "")
    assert_no_serious_violations(page)
    assert document.attachments.count() == 0


def test_without_javascript_files_are_added_too(
    new_context: Callable[..., Any],
    sign_in: Callable[..., None],
    world: World,
    registry: Any,
    media: Path,
) -> None:
    document = register_letter(world, registry).document
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, world.registrar_a)
    page.goto(_document_url(document))
    form = page.locator("form[aria-labelledby='upload-heading']")
    form.get_by_label("Files to add").set_input_files(str(ACCEPTED / "scan.png"))
    form.get_by_role("button", name="Add the files").click()
    expect(page.locator("section[aria-labelledby='files-heading'] table")).to_contain_text(
        "scan.png"
    )


def test_a_pdf_opens_in_place_in_a_sandbox(
    page: Any, sign_in: Callable[..., None], world: World, registry: Any, media: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = register_letter(world, registry).document
    attachment = services.attachment_add(
        document=document,
        upload=SimpleUploadedFile("letter.pdf", accepted("letter.pdf")),
        actor=world.registrar_a,
    )
    sign_in(page, world.official_a)
    page.goto(_document_url(document))
    with page.expect_response(
        lambda r: r.url.endswith(f"/attachments/{attachment.pk}/view/")
    ) as info:
        page.get_by_role("link", name="letter.pdf", exact=True).click()
    response = info.value
    assert response.status == 200
    headers = response.all_headers()  # `headers` leaves out the security ones
    assert headers["content-type"] == "application/pdf"
    assert headers["content-security-policy"] == "sandbox"
    assert headers["content-disposition"].startswith("inline;")


def test_a_registrar_registers_an_email_from_the_intake_page(
    page: Any, sign_in: Callable[..., None], world: World, registry: Any, media: Path
) -> None:
    sign_in(page, world.registrar_a)
    page.goto("/alpha/office/registry/intake/")
    expect(page.locator("main h1")).to_have_text("E-mails waiting for registration")
    assert_no_serious_violations(page)
    form = page.locator("main form")
    form.get_by_label("E-mail messages (.eml)").set_input_files(str(ACCEPTED / "complaint.eml"))
    form.get_by_role("button", name="Add the e-mails").click()
    expect(page.get_by_text("1 e-mail is waiting for registration.")).to_be_visible()
    page.get_by_role("link", name="Жалба за уличното осветление").click()
    expect(page.locator("main h1")).to_contain_text("Жалба за уличното осветление")
    expect(page.locator("#id_correspondent_name")).to_have_value("Иван Петров")
    expect(page.get_by_text("invoice.exe: Programs and scripts are not accepted.")).to_be_visible()
    assert_no_serious_violations(page)
    page.get_by_label("Kind").select_option("letter")
    page.locator("form[aria-labelledby='register-heading']").get_by_role(
        "button", name="Register"
    ).click()
    expect(page.locator("p.message.success")).to_contain_text("Registered as")
    expect(page.locator("section[aria-labelledby='files-heading'] table")).to_contain_text(
        "message.eml"
    )
    assert IntakeMessage.objects.get().status == "registered"
