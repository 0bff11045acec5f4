"""Text out of files: each format, OCR for scans, failures kept with their reason and retried."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from municipium.audit.models import AuditEntry
from municipium.registry import services
from municipium.registry.files import inspect_upload
from municipium.registry.models import Attachment, ExtractionStatus, StoredFile
from municipium.search.extractors import (
    ExtractionFailed,
    OcrUnavailable,
    TesseractOcr,
    decode_text,
    extract_text,
)
from tests.conftest import register_letter
from tests.files.fixtures import accepted, media
from tests.files.make_corpus import BG_TEXT, PL_TEXT

__all__ = ["media"]


class FakeOcr:
    """Reads nothing, but says what it was asked: enough to test the routing to OCR."""

    def __init__(self, available: bool = True) -> None:
        self._available = available
        self.pages = 0

    def available(self) -> bool:
        return self._available

    def image_to_text(self, png: bytes) -> str:
        assert png.startswith(b"\x89PNG")
        self.pages += 1
        return f"page {self.pages}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("letter.pdf", BG_TEXT),
        ("letter.docx", BG_TEXT),
        ("letter.odt", PL_TEXT),
        ("letter.rtf", BG_TEXT),
        ("cp1251.txt", BG_TEXT),
        ("cp1250.txt", PL_TEXT),
        ("utf8.txt", PL_TEXT),
    ],
)
def test_text_formats_give_their_text_without_ocr(name: str, expected: str) -> None:
    data = accepted(name)
    extracted = extract_text(data, inspect_upload(name, io.BytesIO(data)).mime, ocr=FakeOcr())
    assert expected in extracted.text
    assert extracted.ocr is False


def test_an_email_gives_its_sender_subject_body_and_readable_attachments() -> None:
    extracted = extract_text(accepted("complaint.eml"), "message/rfc822", ocr=FakeOcr())
    assert "ivan.petrov@example.bg" in extracted.text
    assert "Жалба за уличното осветление" in extracted.text
    assert "ул. Липа не работи" in extracted.text
    assert BG_TEXT in extracted.text  # from the attached DOCX
    assert "invoice.exe" not in extracted.text  # refused attachments are not read


def test_the_encoding_of_plain_text_is_guessed_between_cyrillic_and_central_european() -> None:
    assert decode_text("Добър ден".encode("cp1251")) == "Добър ден"
    assert decode_text("Dzień dobry, żółć".encode("cp1250")) == "Dzień dobry, żółć"
    assert decode_text("\ufeffUTF-8 с BOM".encode()) == "UTF-8 с BOM"


def test_an_image_only_pdf_goes_to_ocr_page_by_page() -> None:
    ocr = FakeOcr()
    extracted = extract_text(accepted("scan.pdf"), "application/pdf", ocr=ocr)
    assert extracted.ocr is True
    assert extracted.text == "page 1"


def test_a_scan_without_ocr_is_reported_as_unavailable() -> None:
    with pytest.raises(OcrUnavailable):
        extract_text(accepted("scan.png"), "image/png", ocr=FakeOcr(available=False))
    with pytest.raises(OcrUnavailable):
        extract_text(accepted("scan.pdf"), "application/pdf", ocr=FakeOcr(available=False))


def test_a_damaged_file_fails_with_a_reason() -> None:
    with pytest.raises(ExtractionFailed) as failure:
        extract_text(b"%PDF-1.4 nothing else", "application/pdf", ocr=FakeOcr())
    assert "PDF" in str(failure.value)


def test_tesseract_reads_polish_and_bulgarian_scans() -> None:
    ocr = TesseractOcr()
    if not ocr.available():
        pytest.skip("Tesseract is not installed here")
    assert set(ocr.languages) <= {"bul", "pol", "eng"}
    extracted = extract_text(accepted("scan.png"), "image/png", ocr=ocr)
    assert extracted.ocr is True
    assert "zaświadczenia" in extracted.text
    assert "niezaleganiu" in extract_text(accepted("scan.pdf"), "application/pdf", ocr=ocr).text


def test_tesseract_keeps_only_installed_languages(settings: Any) -> None:
    settings.OCR_LANGUAGES = "klingon+pol"
    ocr = TesseractOcr()
    if not TesseractOcr().available():
        pytest.skip("Tesseract is not installed here")
    assert ocr.languages == ["pol"]
    settings.OCR_LANGUAGES = "klingon"
    assert TesseractOcr().available() is False


def test_a_missing_tesseract_means_ocr_is_unavailable(settings: Any) -> None:
    settings.TESSERACT = "/nonexistent/tesseract"
    assert TesseractOcr().available() is False
    with pytest.raises(OcrUnavailable):
        extract_text(accepted("scan.png"), "image/png")


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, accepted(name))


def test_registration_commits_first_then_the_text_is_extracted(
    world: Any,
    registry: Any,
    media: Path,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = register_letter(world, registry).document
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        attachment = services.attachment_add(
            document=document, upload=_upload("letter.docx"), actor=world.registrar_a
        )
        assert Attachment.objects.get(pk=attachment.pk).extraction_status == "pending"
    assert callbacks
    attachment.refresh_from_db()
    assert attachment.extraction_status == ExtractionStatus.DONE
    assert BG_TEXT in attachment.extracted_text
    assert AuditEntry.objects.filter(
        action="attachment.extract", object_id=str(attachment.pk)
    ).exists()


def test_a_failed_extraction_is_kept_with_its_reason_and_can_be_retried(
    world: Any,
    registry: Any,
    media: Path,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = register_letter(world, registry).document
    # A blob that passed the checks once but no longer reads (say, a parser update).
    broken = StoredFile.objects.create(
        sha256="0" * 64, size=10, mime="application/pdf", name=StoredFile.storage_name("0" * 64)
    )
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save(broken.name, ContentFile(b"%PDF-1.4 x"))
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_attach(
            document=document, stored=broken, filename="bad.pdf", actor=world.registrar_a
        )
    attachment.refresh_from_db()
    assert attachment.extraction_status == ExtractionStatus.FAILED
    assert "PDF" in attachment.extraction_error
    assert document.status == "registered"  # the registration stands

    default_storage.delete(broken.name)
    default_storage.save(broken.name, ContentFile(accepted("letter.pdf")))
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_retry_extraction(attachment=attachment, actor=world.registrar_a)
    attachment.refresh_from_db()
    assert attachment.extraction_status == ExtractionStatus.DONE
    assert BG_TEXT in attachment.extracted_text
    assert attachment.extraction_error == ""


def test_only_failed_or_unavailable_extractions_are_retried(
    world: Any, registry: Any, media: Path
) -> None:
    from django.core.exceptions import ValidationError

    document = register_letter(world, registry).document
    attachment = services.attachment_add(
        document=document, upload=_upload("utf8.txt"), actor=world.registrar_a
    )
    with pytest.raises(ValidationError):
        services.attachment_retry_extraction(attachment=attachment, actor=world.registrar_a)


def test_a_scan_without_tesseract_is_marked_unavailable(
    world: Any, registry: Any, media: Path, settings: Any
) -> None:
    settings.TESSERACT = "/nonexistent/tesseract"
    document = register_letter(world, registry).document
    attachment = services.attachment_add(
        document=document, upload=_upload("scan.png"), actor=world.registrar_a
    )
    services.attachment_extract(attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.extraction_status == ExtractionStatus.UNAVAILABLE
    assert "OCR" in attachment.extraction_error


def test_an_html_only_email_gives_its_text_without_tags() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "a@example.pl"
    message["Subject"] = "HTML"
    message.set_content(
        "<html><body><p>Szanowni Państwo &amp; Rada</p><script>alert(1)</script></body></html>",
        subtype="html",
    )
    text = extract_text(message.as_bytes(), "message/rfc822", ocr=FakeOcr()).text
    assert "Szanowni Państwo & Rada" in text
    assert "<p>" not in text and "alert" not in text


def test_a_scanned_letter_is_found_by_the_words_ocr_read_from_it(
    world: Any,
    registry: Any,
    media: Path,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from municipium.search.queries import search
    from municipium.search.services import drain_index
    from municipium.tenants.scoping import resolve_scope

    if not TesseractOcr().available():
        pytest.skip("Tesseract is not installed here")
    with django_capture_on_commit_callbacks(execute=True):  # each service commits on its own
        document = register_letter(world, registry, subject="Писмо без думи в темата").document
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(document=document, upload=_upload("scan.png"), actor=None)
    assert document.attachments.get().ocr is True
    drain_index()  # the worker's indexer
    hits = search(resolve_scope(world.official_a, "alpha"), "zaświadczenia").hits
    assert [hit.object_id for hit in hits] == [document.pk]


def test_the_worker_reads_a_file_in_a_child_process_with_the_same_result() -> None:
    from municipium.search.sandbox import extract_in_child

    data = accepted("letter.odt")
    mime = inspect_upload("letter.odt", io.BytesIO(data)).mime
    assert extract_in_child(data, mime) == extract_text(data, mime, ocr=FakeOcr())
    with pytest.raises(ExtractionFailed, match=r"^The PDF cannot be read: "):
        extract_in_child(b"%PDF-1.4 nothing else", "application/pdf")


def test_a_reading_that_runs_too_long_is_stopped_with_a_reason(settings: Any) -> None:
    from municipium.search.sandbox import extract_in_child

    settings.EXTRACT_TIMEOUT = 0.01  # no child starts that fast
    with pytest.raises(ExtractionFailed) as failed:
        extract_in_child(accepted("letter.pdf"), "application/pdf")
    assert str(failed.value) == "Reading the file took longer than 0.01 seconds and was stopped."


def test_a_reader_stopped_by_the_memory_limit_fails_with_a_reason(settings: Any) -> None:
    from municipium.search.sandbox import extract_in_child

    settings.EXTRACT_MEMORY_MB = 16  # too little for Django and the parsers
    with pytest.raises(ExtractionFailed) as failed:
        extract_in_child(accepted("letter.pdf"), "application/pdf")
    assert str(failed.value).startswith("The reader of the file stopped: ")


def test_a_stopped_extraction_is_kept_on_the_attachment_and_can_be_retried(
    world: Any, registry: Any, media: Path, settings: Any
) -> None:
    document = register_letter(world, registry).document
    attachment = services.attachment_add(
        document=document, upload=_upload("letter.pdf"), actor=world.registrar_a
    )
    settings.EXTRACT_TIMEOUT = 0.01
    services.attachment_extract(attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.extraction_status == ExtractionStatus.FAILED
    assert "was stopped" in attachment.extraction_error
    settings.EXTRACT_TIMEOUT = 300
    services.attachment_extract(attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.extraction_status == ExtractionStatus.DONE
    assert BG_TEXT in attachment.extracted_text
