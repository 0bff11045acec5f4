"""PDFs with JavaScript, launch actions, embedded files, rich media or XFA are refused like other
active content, at every entry point, with the reason; ordinary PDFs (links, bookmarks, forms
without scripts) pass; the check stays bounded on huge or hostile files."""

from __future__ import annotations

import io
import json
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipium.accounts.services import api_token_create
from municipium.eservices.models import Application
from municipium.registry import services
from municipium.registry.files import (
    PDF,
    PDF_MAX_OBJECTS,
    UploadRefused,
    inspect_upload,
)
from municipium.registry.models import Attachment, Document, StoredFile
from tests.conftest import client_for, register_letter
from tests.files.fixtures import media, refused
from tests.files.make_corpus import pdf_with_text, raw_pdf

from .test_eservices_support import answers, make_service

__all__ = ["media"]

SCRIPT = "The PDF contains JavaScript, which we do not accept."


@pytest.fixture
def letter(world: Any, registry: Any, media: Path) -> Any:
    return register_letter(world, registry).document


def _nothing_stored() -> bool:
    return not Attachment.objects.exists() and not StoredFile.objects.exists()


def test_a_registrar_uploading_a_pdf_with_a_script_on_the_page_is_refused(
    world: Any, letter: Any
) -> None:
    url = reverse("registry:attachment_upload", kwargs={"org": "alpha", "document_id": letter.pk})
    upload = SimpleUploadedFile("invoice.pdf", refused("open-action-script.pdf"))
    response = client_for(world.registrar_a).post(url, {"upload": [upload]})
    assert response.status_code == 400
    assert f"invoice.pdf: {SCRIPT}" in response.content.decode()
    assert _nothing_stored()


def test_a_pdf_with_a_script_handed_in_at_the_counter_takes_no_number(
    world: Any, registry: Any, media: Path
) -> None:
    with pytest.raises(UploadRefused) as refusal:
        services.attachment_add(
            document=register_letter(world, registry).document,
            upload=SimpleUploadedFile("a.pdf", refused("launch.pdf")),
            actor=world.registrar_a,
        )
    assert refusal.value.code == "pdf_launch"
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("data_name", "code"),
    [
        ("script.pdf", "pdf_javascript"),
        ("launch.pdf", "pdf_launch"),
        ("embedded-file.pdf", "pdf_embedded_file"),
        ("xfa-form.pdf", "pdf_xfa"),
    ],
)
def test_the_api_refuses_active_pdfs_with_the_reason_and_its_code(
    world: Any, letter: Any, data_name: str, code: str
) -> None:
    raw = api_token_create(user=world.registrar_a, name="test").raw
    response = client_for(None).post(
        f"/api/v1/orgs/alpha/registry/documents/{letter.pk}/attachments",
        {"file": SimpleUploadedFile("scan.pdf", refused(data_name))},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"].startswith("The PDF ")
    assert _nothing_stored()


def test_a_citizen_applying_with_a_scripted_pdf_is_refused_and_nothing_is_registered(
    world: Any, registry: Any, media: Path
) -> None:
    service = make_service(world, registry)
    url = reverse("eservices:apply", kwargs={"org": "alpha", "service": service.slug})
    proof = SimpleUploadedFile("proof.pdf", refused("field-script.pdf"))
    response = client_for(world.citizen).post(url, {**answers(), "f_proof": proof})
    assert response.status_code == 400
    assert f"proof.pdf: {SCRIPT}" in response.content.decode()
    assert Document.objects.count() == 0
    assert not Application.objects.exclude(status="draft").exists()
    assert _nothing_stored()


def test_an_api_application_with_an_embedded_file_is_refused(
    world: Any, registry: Any, media: Path
) -> None:
    make_service(world, registry)
    application = {
        "name": "Иван Петров",
        "answers": {
            "deceased": "Петър Петров",
            "egn": "7501020018",
            "delivery": "office",
            "consent": True,
        },
    }
    response = client_for(world.citizen).post(
        "/api/v1/orgs/alpha/services/heirs/applications/multipart",
        {
            "application": json.dumps(application),
            "proof": SimpleUploadedFile("proof.pdf", refused("embedded-file.pdf")),
        },
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith("proof.pdf: The PDF carries files embedded")
    assert Document.objects.count() == 0
    assert _nothing_stored()


def test_an_e_mailed_pdf_with_a_script_is_kept_out_with_its_reason(world: Any, media: Path) -> None:
    message = EmailMessage()
    message["From"] = "Иван Петров <ivan@example.bg>"
    message["To"] = "deloviodstvo@alpha.example"
    message["Subject"] = "Фактура"
    message["Message-ID"] = "<invoice-1@example.bg>"
    message.set_content("Приложена е фактурата.")
    message.add_attachment(
        refused("link-script.pdf"), maintype="application", subtype="pdf", filename="f.pdf"
    )
    result = services.intake_receive(
        organisation=world.org_a, name="m.eml", data=message.as_bytes(), actor=world.registrar_a
    )
    assert list(result.message.files.all()) == []
    ((refusal),) = result.message.refused_files
    assert refusal["name"] == "f.pdf" and refusal["reason"].startswith(SCRIPT)


def test_ordinary_pdfs_with_links_bookmarks_and_plain_forms_are_accepted() -> None:
    html = (
        "<h1>Раздел 1</h1><p><a href='https://example.org/'>външна връзка</a> "
        "<a href='#second'>вътрешна</a></p>"
        "<h2 id='second' style='page-break-before: always'>Раздел 2</h2>"
    )
    linked = pdf_with_text(html)
    assert inspect_upload("report.pdf", io.BytesIO(linked)).mime == PDF
    form = raw_pdf(
        b"/AcroForm << /Fields [4 0 R] >> /Outlines 5 0 R",
        b"/Annots [4 0 R 7 0 R]",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [0 0 100 20] /P 3 0 R >>",
        b"<< /Type /Outlines /First 6 0 R /Last 6 0 R /Count 1 >>",
        b"<< /Title (Start) /Parent 5 0 R /A << /S /GoTo /D [3 0 R /Fit] >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] "
        b"/A << /S /URI /URI (https://example.org/) >> >>",
    )
    assert inspect_upload("form.pdf", io.BytesIO(form)).mime == PDF


def test_reference_cycles_are_walked_once() -> None:
    cyclic = raw_pdf(
        b"/Extra 4 0 R",
        b"/Parent 2 0 R",
        b"<< /Next 5 0 R >>",
        b"<< /Next 4 0 R /Also [4 0 R 5 0 R 1 0 R] >>",
    )
    assert inspect_upload("cyclic.pdf", io.BytesIO(cyclic)).mime == PDF


def _many_objects(count: int) -> bytes:
    """A valid PDF whose catalog reaches `count` small objects (arrays of references)."""
    first, chunk = 10, 5000
    chunks = [
        list(range(start, min(first + count, start + chunk)))
        for start in range(first, first + count, chunk)
    ]
    chunk_ids = list(range(first + count, first + count + len(chunks)))
    out = io.BytesIO()
    offsets: dict[int, int] = {}

    def write(number: int, body: bytes) -> None:
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    out.write(b"%PDF-1.7\n")
    write(1, b"<< /Type /Catalog /Pages 2 0 R /Extra 4 0 R >>")
    write(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    write(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
    write(4, b"[" + b" ".join(b"%d 0 R" % c for c in chunk_ids) + b"]")
    for chunk_id, numbers in zip(chunk_ids, chunks, strict=True):
        write(chunk_id, b"[" + b" ".join(b"%d 0 R" % n for n in numbers) + b"]")
    for number in range(first, first + count):
        write(number, b"<< /N %d >>" % number)
    size = max(offsets) + 1
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % size)
    for number in range(size):
        out.write(
            b"%010d 00000 n \n" % offsets[number] if number in offsets else b"%010d 65535 f \n" % 0
        )
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def test_a_pdf_with_more_objects_than_the_check_visits_is_refused_in_bounded_time() -> None:
    huge = _many_objects(PDF_MAX_OBJECTS + 10)
    started = time.perf_counter()
    with pytest.raises(UploadRefused) as refusal:
        inspect_upload("huge.pdf", io.BytesIO(huge))
    elapsed = time.perf_counter() - started
    assert refusal.value.code == "pdf_too_complex"
    assert "too many parts" in str(refusal.value)
    assert elapsed < 30, elapsed  # about 2 s on one core; the bound is what matters


def test_a_pdf_just_within_the_limit_is_checked_and_accepted() -> None:
    assert inspect_upload("big.pdf", io.BytesIO(_many_objects(2000))).mime == PDF


def test_deeply_nested_arrays_are_refused_without_exhausting_the_stack() -> None:
    deep = raw_pdf(b"/Extra 4 0 R", b"", b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(UploadRefused) as refusal:
        inspect_upload("deep.pdf", io.BytesIO(deep))
    assert refusal.value.code in {"malformed", "pdf_too_complex"}
