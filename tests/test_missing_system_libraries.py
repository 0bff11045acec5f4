"""A machine without libmagic or without Pango: the platform starts, and what needs the missing
library says so clearly (an upload refused with its reason, a page instead of a PDF) and
changes nothing. The libraries are taken away the way Python sees a missing one: their
binding cannot be imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.eservices.models import Application
from municipium.registry import services
from municipium.registry.files import UploadRefused
from municipium.registry.models import Attachment, Document, StoredFile
from tests.files.fixtures import accepted, media

from .conftest import client_for, register_letter
from .test_eservices_support import answers, make_service, pdf_bytes

__all__ = ["media"]


@pytest.fixture
def without_libmagic(monkeypatch: pytest.MonkeyPatch) -> None:
    # python-magic raises ImportError when it cannot load libmagic; None in sys.modules makes
    # every `import magic` fail the same way.
    monkeypatch.setitem(sys.modules, "magic", None)


@pytest.fixture
def without_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint cannot be imported without Pango (its loader raises OSError).
    monkeypatch.setitem(sys.modules, "weasyprint", None)


def test_the_platform_starts_without_libmagic(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['magic'] = None\n"
        "import django; django.setup()\n"
        "from django.urls import resolve\n"
        "import municipium.registry.files, municipium.registry.views\n"
        "print(resolve('/healthz').func.__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "MUNICIPIUM_VAR_DIR": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_an_upload_without_libmagic_is_refused_with_the_reason_and_stores_nothing(
    world: Any, registry: Any, media: Path, without_libmagic: None
) -> None:
    letter = register_letter(world, registry).document
    with pytest.raises(UploadRefused) as refusal:
        services.attachment_add(
            document=letter,
            upload=SimpleUploadedFile("letter.pdf", accepted("letter.pdf")),
            actor=world.official_a,
        )
    assert refusal.value.code == "unavailable"
    assert "libmagic is missing" in refusal.value.reason
    assert not Attachment.objects.exists()
    assert not StoredFile.objects.exists()
    assert not media.exists() or not any(media.rglob("*"))


def test_the_upload_page_says_why_without_libmagic(
    world: Any, registry: Any, media: Path, without_libmagic: None
) -> None:
    letter = register_letter(world, registry).document
    response = client_for(world.official_a).post(
        f"/alpha/office/registry/documents/{letter.pk}/attachments/",
        {"upload": SimpleUploadedFile("letter.pdf", accepted("letter.pdf"))},
    )
    assert response.status_code == 400
    assert "libmagic is missing" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_receipt_without_pango_is_a_page_saying_so_and_the_access_code_stays(
    world: Any, registry: Any, without_pango: None
) -> None:
    registration = register_letter(world, registry)
    document = registration.document
    digest = document.access_code_digest
    response = client_for(world.registrar_a).post(
        f"/alpha/office/registry/documents/{document.pk}/receipt/"
    )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "the Pango library is missing" in response.content.decode()
    document.refresh_from_db()
    assert document.access_code_digest == digest, "the old code must keep working"
    assert not AuditEntry.objects.filter(action="document.receipt").exists()


def test_the_registry_book_as_pdf_without_pango_is_the_form_saying_so(
    world: Any, registry: Any, without_pango: None
) -> None:
    register_letter(world, registry)
    today = timezone.localdate().isoformat()
    client = client_for(world.official_a)
    params = {"register": "general", "date_from": today, "date_to": today}
    response = client.get("/alpha/office/registry/book/", {**params, "format": "pdf"})
    assert response.status_code == 503
    assert "the Pango library is missing" in response.content.decode()
    # the other formats do not need Pango
    csv = client.get("/alpha/office/registry/book/", {**params, "format": "csv"})
    assert csv.status_code == 200
    assert Document.objects.get().number in b"".join(csv.streaming_content).decode()


def test_a_citizens_receipt_without_pango_is_a_page_saying_so(
    world: Any, registry: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    service = make_service(world, registry)
    client = client_for(world.citizen)
    proof = SimpleUploadedFile("proof.pdf", pdf_bytes(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("eservices:apply", kwargs={"org": "alpha", "service": service.slug}),
            {**answers(), "f_proof": proof},
        )
    application = Application.objects.get()
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = client.get(
        reverse("eservices:receipt", kwargs={"org": "alpha", "application_id": application.pk})
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "the Pango library is missing" in page
    assert application.document.number in page  # the number is still there to write down
