"""Attachments on documents: upload, refusal, originals never change, draft versions, serving
with the document's access rules, confidential downloads journaled."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipium.audit.models import AuditEntry
from municipium.registry import services
from municipium.registry.files import UploadRefused
from municipium.registry.models import Attachment, StoredFile
from tests.conftest import client_for, register_letter
from tests.files.fixtures import accepted, media, refused

__all__ = ["media"]


def _upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, accepted(name) if data is None else data)


def _url(name: str, document: Any, attachment: Any | None = None, **extra: Any) -> str:
    kwargs = {"org": document.organisation.slug, "document_id": document.pk, **extra}
    if attachment is not None:
        kwargs["attachment_id"] = attachment.pk
    return reverse(f"registry:{name}", kwargs=kwargs)


@pytest.fixture
def letter(world: Any, registry: Any, media: Path) -> Any:
    return register_letter(world, registry).document


@pytest.fixture
def draft(world: Any, registry: Any, media: Path) -> Any:
    return register_letter(world, registry, direction="outgoing", channel="email").document


def test_a_registrar_uploads_several_files_to_a_document(world: Any, letter: Any) -> None:
    client = client_for(world.registrar_a)
    response = client.post(
        _url("attachment_upload", letter),
        {"upload": [_upload("letter.pdf"), _upload("scan.png")]},
    )
    assert response.status_code == 302
    files = list(letter.attachments.order_by("id"))
    assert [(a.filename, a.mime, a.kind) for a in files] == [
        ("letter.pdf", "application/pdf", "original"),
        ("scan.png", "image/png", "original"),
    ]
    assert files[0].uploaded_by == world.registrar_a
    entry = AuditEntry.objects.filter(action="attachment.add").latest("seq")
    assert entry.object_id == str(letter.pk)
    assert entry.changes["filename"] == "scan.png"


def test_a_refused_file_stores_nothing_and_says_why(world: Any, letter: Any) -> None:
    client = client_for(world.registrar_a)
    response = client.post(
        _url("attachment_upload", letter),
        {"upload": [_upload("letter.pdf"), _upload("program.pdf", refused("program-named.pdf"))]},
    )
    assert response.status_code == 400
    assert "program.pdf: Programs and scripts are not accepted." in response.content.decode()
    assert not Attachment.objects.exists()
    assert not StoredFile.objects.exists()


def test_the_same_file_on_two_documents_is_stored_once(
    world: Any, registry: Any, letter: Any
) -> None:
    other = register_letter(world, registry).document
    one = services.attachment_add(document=letter, upload=_upload("letter.pdf"), actor=None)
    two = services.attachment_add(document=other, upload=_upload("letter.pdf"), actor=None)
    assert one.file_id == two.file_id
    assert StoredFile.objects.count() == 1


def test_an_original_never_gets_a_new_version(world: Any, letter: Any) -> None:
    original = services.attachment_add(document=letter, upload=_upload("letter.pdf"), actor=None)
    with pytest.raises(ValidationError):
        services.attachment_new_version(
            attachment=original, upload=_upload("letter.docx"), actor=world.registrar_a
        )
    assert letter.attachments.count() == 1


def test_a_draft_of_an_unsent_outgoing_document_gets_versions_with_history(
    world: Any, draft: Any
) -> None:
    client = client_for(world.official_a)
    world.membership(world.official_a, world.org_a)  # an official edits drafts
    first = services.attachment_add(
        document=draft, upload=_upload("letter.docx"), actor=world.registrar_a
    )
    assert first.kind == "draft"
    response = client.post(
        _url("attachment_version", draft, first), {"file": _upload("letter.odt")}
    )
    assert response.status_code == 302
    second = Attachment.objects.get(replaces=first)
    assert (second.version, second.kind, second.filename) == (2, "draft", "letter.odt")
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    # An older version cannot branch.
    with pytest.raises(ValidationError):
        services.attachment_new_version(
            attachment=first, upload=_upload("utf8.txt"), actor=world.registrar_a
        )
    # Once sent, the drafts are final.
    type(draft).objects.filter(pk=draft.pk).update(sent_on="2026-11-20")
    draft.refresh_from_db()
    second.document = draft
    with pytest.raises(ValidationError):
        services.attachment_new_version(
            attachment=second, upload=_upload("utf8.txt"), actor=world.registrar_a
        )
    assert draft.attachments.count() == 2


def test_an_annulled_document_takes_no_files(world: Any, letter: Any) -> None:
    services.document_annul(document=letter, actor=world.registrar_a, reason="mistake")
    letter.refresh_from_db()
    with pytest.raises(ValidationError):
        services.attachment_add(document=letter, upload=_upload("letter.pdf"), actor=None)


def test_pdfs_are_shown_in_a_sandbox_and_other_files_are_downloaded(
    world: Any, letter: Any
) -> None:
    pdf = services.attachment_add(
        document=letter, upload=_upload("заявление.pdf", accepted("letter.pdf")), actor=None
    )
    docx = services.attachment_add(document=letter, upload=_upload("letter.docx"), actor=None)
    client = client_for(world.official_a)
    shown = client.get(_url("attachment_view", letter, pdf))
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content) == accepted("letter.pdf")  # type: ignore[attr-defined]
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Security-Policy"] == "sandbox"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert shown["Content-Disposition"].startswith("inline;")
    assert f"filename*=UTF-8''{quote('заявление.pdf')}" in shown["Content-Disposition"]
    downloaded = client.get(_url("attachment_view", letter, docx))  # asks to view: not inline
    assert downloaded["Content-Disposition"].startswith("attachment;")
    assert downloaded["Content-Security-Policy"] == "sandbox"


def test_files_follow_the_documents_access_rules(world: Any, registry: Any, letter: Any) -> None:
    attachment = services.attachment_add(document=letter, upload=_upload("letter.pdf"), actor=None)
    url = _url("attachment", letter, attachment)
    assert client_for(world.official_b).get(url).status_code == 403  # not a member here
    through_beta = reverse(
        "registry:attachment",
        kwargs={"org": "beta", "document_id": letter.pk, "attachment_id": attachment.pk},
    )
    assert client_for(world.official_b).get(through_beta).status_code == 404
    assert client_for(world.citizen).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302  # to sign in
    # Another organisation's attachment id under our document's URL is not found either.
    other = register_letter(world, registry).document
    assert (
        client_for(world.official_a).get(_url("attachment", other, attachment)).status_code == 404
    )


def test_a_confidential_file_is_served_to_named_readers_only_and_each_download_is_journaled(
    world: Any, registry: Any, media: Path
) -> None:
    secret = register_letter(
        world, registry, confidentiality="confidential", readers=[world.registrar_a]
    ).document
    attachment = services.attachment_add(
        document=secret, upload=_upload("letter.pdf"), actor=world.registrar_a
    )
    added = AuditEntry.objects.filter(action="attachment.add").latest("seq")
    assert "filename" not in added.changes  # a name can tell as much as a subject
    url = _url("attachment", secret, attachment)
    assert client_for(world.official_a).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="attachment.download").exists()
    response = client_for(world.registrar_a).get(url)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="attachment.download")
    assert entry.actor_id == world.registrar_a.pk
    assert entry.changes["sha256"] == attachment.file.sha256


def test_downloads_of_ordinary_files_are_not_journaled(world: Any, letter: Any) -> None:
    attachment = services.attachment_add(document=letter, upload=_upload("letter.pdf"), actor=None)
    client_for(world.official_a).get(_url("attachment", letter, attachment))
    assert not AuditEntry.objects.filter(action="attachment.download").exists()


def test_only_editors_upload(world: Any, registry: Any, letter: Any) -> None:
    from municipium.tenants.models import Role
    from tests.conftest import add_member, make_user

    viewer = make_user("viewer@alpha.example")
    add_member(world.org_a, viewer, Role.VIEWER)
    url = _url("attachment_upload", letter)
    assert client_for(viewer).post(url, {"upload": _upload("letter.pdf")}).status_code == 403
    assert client_for(world.official_b).post(
        url, {"upload": _upload("letter.pdf")}
    ).status_code in (403, 404)
    assert not Attachment.objects.exists()


def test_the_document_page_lists_files_with_their_text_state_in_bounded_queries(
    world: Any, letter: Any, settings: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(index: int) -> None:
        services.attachment_add(
            document=letter,
            upload=_upload(f"note-{index}.txt", f"note {index}".encode()),
            actor=None,
        )

    client = client_for(world.registrar_a)
    add(0)
    client.get(_url("document", letter))  # warm the OCR language probe
    with CaptureQueriesContext(connection) as one_file:
        client.get(_url("document", letter))
    for index in range(1, 12):
        add(index)
    failed = letter.attachments.first()
    Attachment.objects.filter(pk=failed.pk).update(
        extraction_status="failed", extraction_error="The PDF cannot be read: EOF"
    )
    # 23 with 12 files, none per file: the history's glossary (5, one per kind of coded thing)
    # and the assignees with their roles (2) are read once a page
    with CaptureQueriesContext(connection) as twelve_files:
        response = client.get(_url("document", letter))
    assert len(twelve_files) <= 23
    assert len(twelve_files) == len(one_file)  # flat in the number of files
    page = response.content.decode()
    assert "note-11.txt" in page
    assert "The PDF cannot be read: EOF" in page
    assert "Read again" in page


def test_the_page_says_when_ocr_is_unavailable(world: Any, letter: Any, settings: Any) -> None:
    settings.TESSERACT = "/nonexistent/tesseract"
    page = client_for(world.official_a).get(_url("document", letter)).content.decode()
    assert "OCR is not available on this server" in page


def test_attachment_add_refuses_with_upload_refused(world: Any, letter: Any) -> None:
    with pytest.raises(UploadRefused) as refusal:
        services.attachment_add(
            document=letter, upload=_upload("a.pdf", refused("archive-named.pdf")), actor=None
        )
    assert refusal.value.code == "archive"


def _registration(**extra: Any) -> dict[str, Any]:
    return {
        "direction": "incoming",
        "register": "general",
        "kind": "letter",
        "subject": "Искане за информация",
        "channel": "counter",
        "sheets": "2",
        "confidentiality": "internal",
        "correspondent_name": "Иван Петров",
        **extra,
    }


def test_files_handed_in_at_the_counter_are_attached_at_registration(
    world: Any, registry: Any, media: Path
) -> None:
    client = client_for(world.registrar_a)
    response = client.post(
        reverse("registry:new", kwargs={"org": "alpha"}),
        _registration(upload=[_upload("scan.png"), _upload("letter.pdf")]),
    )
    assert response.status_code == 302
    document = world.org_a.documents.get()
    assert [a.filename for a in document.attachments.order_by("id")] == ["scan.png", "letter.pdf"]
    assert {a.kind for a in document.attachments.all()} == {"original"}


def test_a_refused_file_at_the_counter_stops_the_registration_and_takes_no_number(
    world: Any, registry: Any, media: Path
) -> None:
    client = client_for(world.registrar_a)
    url = reverse("registry:new", kwargs={"org": "alpha"})
    response = client.post(
        url, _registration(upload=[_upload("x.pdf", refused("archive-named.pdf"))])
    )
    assert response.status_code == 400
    assert "x.pdf: Archives are not accepted." in response.content.decode()
    assert not world.org_a.documents.exists()
    assert not StoredFile.objects.exists()
    client.post(url, _registration())
    assert world.org_a.documents.get().seq == 1  # no number was used up
