"""E-mail intake: .eml files become draft incoming documents; a registrar registers (the
files become the document's originals, the same blobs) or discards them."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipium.audit.models import AuditEntry
from municipium.registry import services
from municipium.registry.files import UploadRefused
from municipium.registry.intake import parse_eml, poll_folder
from municipium.registry.models import Correspondent, IntakeMessage, StoredFile
from municipium.registry.tasks import poll_intake
from tests.conftest import client_for
from tests.files.fixtures import accepted, media, refused
from tests.files.make_corpus import BG_TEXT

__all__ = ["media"]


def simple_eml(
    message_id: str = "<m1@example.pl>", subject: str = "Wniosek", **headers: str
) -> bytes:
    message = EmailMessage()
    message["From"] = headers.get("sender", "Anna Nowak <anna@example.pl>")
    message["To"] = "kancelaria@beta.example"
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message["Date"] = "Tue, 17 Nov 2026 10:00:00 +0100"
    message.set_content("Proszę o wydanie zaświadczenia.")
    return message.as_bytes()


def receive(world: Any, data: bytes, name: str = "m.eml", org: Any = None) -> Any:
    return services.intake_receive(
        organisation=org or world.org_a, name=name, data=data, actor=world.registrar_a
    )


def test_a_message_is_parsed_with_sender_subject_date_and_attachments() -> None:
    parsed = parse_eml(accepted("complaint.eml"))
    assert parsed.sender_name == "Иван Петров"
    assert parsed.sender_email == "ivan.petrov@example.bg"
    assert parsed.subject == "Жалба за уличното осветление"
    assert parsed.message_id == "<complaint-42@example.bg>"
    assert parsed.sent_at is not None and parsed.sent_at.isoformat() == "2026-11-16T09:30:00+02:00"
    assert "ул. Липа" in parsed.body
    assert [name for name, _ in parsed.attachments] == ["заявление.docx", "invoice.exe"]


def test_a_received_message_keeps_the_eml_and_its_accepted_attachments(
    world: Any, media: Path
) -> None:
    result = receive(world, accepted("complaint.eml"))
    message = result.message
    assert result.created
    assert message.status == "draft"
    assert message.eml.mime == "message/rfc822"
    assert [(f.filename, f.mime) for f in message.files.all()] == [
        (
            "заявление.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    ]
    assert message.refused_files == [
        {"name": "invoice.exe", "reason": "Programs and scripts are not accepted."}
    ]
    assert AuditEntry.objects.filter(action="intake.receive", object_id=str(message.pk)).exists()


def test_the_same_message_twice_is_one_draft(world: Any, media: Path) -> None:
    first = receive(world, accepted("complaint.eml"))
    second = receive(world, accepted("complaint.eml"), name="again.eml")
    assert second.created is False
    assert second.message.pk == first.message.pk
    assert IntakeMessage.objects.count() == 1
    # Without a Message-ID the bytes identify the message.
    assert receive(world, simple_eml(message_id="")).created
    assert not receive(world, simple_eml(message_id="")).created
    # Another organisation receiving the same message gets its own draft.
    assert receive(world, accepted("complaint.eml"), org=world.org_b).created


def test_a_file_that_is_not_an_email_is_refused_and_nothing_is_kept(
    world: Any, media: Path
) -> None:
    with pytest.raises(UploadRefused):
        receive(world, accepted("letter.pdf"), name="letter.eml")
    with pytest.raises(UploadRefused):
        receive(world, refused("program.exe"), name="x.eml")
    assert not IntakeMessage.objects.exists()
    assert not StoredFile.objects.exists()


def test_registering_a_draft_makes_an_incoming_email_document_with_the_same_blobs(
    world: Any, registry: Any, media: Path
) -> None:
    message = receive(world, accepted("complaint.eml")).message
    blobs = {message.eml_id, *message.files.values_list("file_id", flat=True)}
    registration = services.intake_register(
        message=message,
        actor=world.registrar_a,
        register=registry.general,
        kind=registry.letter,
        subject="Жалба за осветлението",
        new_correspondent={
            "name": "Иван Петров",
            "kind": "person",
            "email": "ivan.petrov@example.bg",
        },
    )
    document = registration.document
    assert (document.channel, document.direction, document.subject) == (
        "email",
        "incoming",
        "Жалба за осветлението",
    )
    assert str(document.received_on) == "2026-11-16"
    assert document.correspondent is not None
    assert document.correspondent.email == "ivan.petrov@example.bg"
    attachments = list(document.attachments.order_by("id"))
    assert [a.filename for a in attachments] == ["заявление.docx", "message.eml"]
    assert {a.kind for a in attachments} == {"original"}
    assert {a.file_id for a in attachments} == blobs  # no copies
    assert StoredFile.objects.count() == 2
    message.refresh_from_db()
    assert (message.status, message.document_id) == ("registered", document.pk)
    with pytest.raises(ValidationError):
        services.intake_register(
            message=message,
            actor=world.registrar_a,
            register=registry.general,
            kind=registry.letter,
            subject="again",
        )
    assert document.organisation.documents.count() == 1


def test_discarding_needs_a_reason_and_is_journaled(world: Any, media: Path) -> None:
    message = receive(world, simple_eml()).message
    with pytest.raises(ValidationError):
        services.intake_discard(message=message, actor=world.registrar_a, reason="  ")
    message.refresh_from_db()
    assert message.status == "draft"
    services.intake_discard(message=message, actor=world.registrar_a, reason="spam")
    message.refresh_from_db()
    assert (message.status, message.discard_reason) == ("discarded", "spam")
    entry = AuditEntry.objects.get(action="intake.discard")
    assert entry.changes["reason"] == "spam"


def _eml_upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="message/rfc822")


def test_a_registrar_uploads_several_emails_and_sees_them_listed(
    world: Any, media: Path, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.registrar_a)
    url = reverse("registry:intake", kwargs={"org": "alpha"})
    response = client.post(
        url,
        {
            "upload": [
                _eml_upload("a.eml", accepted("complaint.eml")),
                _eml_upload("b.eml", simple_eml()),
                _eml_upload("c.eml", simple_eml()),  # the same message again
            ]
        },
    )
    assert response.status_code == 302
    assert IntakeMessage.objects.count() == 2
    for index in range(10):
        receive(world, simple_eml(message_id=f"<n{index}@example.pl>"))
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Жалба за уличното осветление" in page
    assert page.count("Wniosek") == 11


def test_an_upload_with_a_file_that_is_not_an_email_keeps_nothing(world: Any, media: Path) -> None:
    client = client_for(world.registrar_a)
    response = client.post(
        reverse("registry:intake", kwargs={"org": "alpha"}),
        {
            "upload": [
                _eml_upload("a.eml", simple_eml()),
                _eml_upload("b.eml", accepted("letter.pdf")),
            ]
        },
    )
    assert response.status_code == 400
    assert "b.eml: " in response.content.decode()
    assert not IntakeMessage.objects.exists()


def test_the_registrar_registers_from_the_page_with_the_sender_matched_by_email(
    world: Any, registry: Any, media: Path
) -> None:
    known = services.correspondent_create(
        organisation=world.org_a,
        actor=None,
        name="Иван Петров (ЕГН …)",
        kind="person",
        email="Ivan.Petrov@example.bg",
    )
    message = receive(world, accepted("complaint.eml")).message
    client = client_for(world.registrar_a)
    url = reverse("registry:intake_message", kwargs={"org": "alpha", "intake_id": message.pk})
    page = client.get(url).content.decode()
    assert 'value="Жалба за уличното осветление"' in page
    assert "Иван Петров (ЕГН …)" in page  # matched correspondent announced
    assert "invoice.exe" in page  # refused attachment listed with its reason
    response = client.post(
        url,
        {
            "register": "general",
            "kind": "letter",
            "subject": "Жалба за уличното осветление",
            "correspondent_name": "Иван Петров",
            "correspondent_email": "ivan.petrov@example.bg",
            "confidentiality": "internal",
        },
    )
    assert response.status_code == 302
    message.refresh_from_db()
    document = message.document
    assert document is not None
    assert response["Location"].endswith(f"/documents/{document.pk}/")
    assert document.correspondent_id == known.pk
    assert Correspondent.objects.filter(organisation=world.org_a).count() == 1


def test_a_bad_registration_form_changes_nothing(world: Any, registry: Any, media: Path) -> None:
    message = receive(world, simple_eml()).message
    client = client_for(world.registrar_a)
    url = reverse("registry:intake_message", kwargs={"org": "alpha", "intake_id": message.pk})
    response = client.post(url, {"register": "general", "kind": "letter", "subject": ""})
    assert response.status_code == 400
    message.refresh_from_db()
    assert message.status == "draft"
    assert not world.org_a.documents.exists()


def test_intake_is_for_registrars_of_the_organisation(world: Any, media: Path) -> None:
    message = receive(world, simple_eml()).message
    urls = [
        reverse("registry:intake", kwargs={"org": "alpha"}),
        reverse("registry:intake_message", kwargs={"org": "alpha", "intake_id": message.pk}),
        reverse("registry:intake_eml", kwargs={"org": "alpha", "intake_id": message.pk}),
    ]
    for url in urls:
        assert client_for(world.official_a).get(url).status_code == 403
        assert client_for(world.admin_b).get(url).status_code == 403
        assert client_for(world.citizen).get(url).status_code == 403
        assert client_for(None).get(url).status_code == 302
        assert client_for(world.registrar_a).get(url).status_code == 200
    through_beta = reverse(
        "registry:intake_message", kwargs={"org": "beta", "intake_id": message.pk}
    )
    assert client_for(world.admin_b).get(through_beta).status_code == 404


def test_the_discard_button_needs_a_reason(world: Any, media: Path) -> None:
    message = receive(world, simple_eml()).message
    client = client_for(world.registrar_a)
    url = reverse("registry:intake_discard", kwargs={"org": "alpha", "intake_id": message.pk})
    client.post(url, {"discard-reason": ""})
    message.refresh_from_db()
    assert message.status == "draft"
    assert client.post(url, {"discard-reason": "sent twice"}).status_code == 302
    message.refresh_from_db()
    assert message.status == "discarded"


def test_the_intake_folder_is_polled_and_files_are_moved(
    world: Any, media: Path, tmp_path: Path, settings: Any
) -> None:
    root = tmp_path / "intake"
    alpha = root / "alpha"
    alpha.mkdir(parents=True)
    (root / "no-such-org").mkdir()
    (root / "no-such-org" / "x.eml").write_bytes(simple_eml())
    (alpha / "one.eml").write_bytes(accepted("complaint.eml"))
    (alpha / "two.eml").write_bytes(accepted("complaint.eml"))  # the same message
    (alpha / "bad.eml").write_bytes(refused("program.exe"))
    (alpha / "notes.txt").write_text("not an e-mail, not looked at")
    settings.INTAKE_DIR = str(root)
    assert poll_intake.call() == 1
    assert sorted(p.name for p in (alpha / "done").iterdir()) == ["one.eml", "two.eml"]
    assert sorted(p.name for p in (alpha / "failed").iterdir()) == ["bad.eml", "bad.eml.reason"]
    assert "Programs and scripts" in (alpha / "failed" / "bad.eml.reason").read_text()
    assert (alpha / "notes.txt").exists()
    assert (root / "no-such-org" / "x.eml").exists()
    assert IntakeMessage.objects.get().organisation == world.org_a
    assert poll_folder().received == 0  # nothing left


def test_no_intake_folder_means_nothing_to_poll(settings: Any, db: Any) -> None:
    settings.INTAKE_DIR = ""
    assert poll_intake.call() == 0


def test_the_text_of_a_registered_email_is_read_from_its_files(
    world: Any, registry: Any, media: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    message = receive(world, accepted("complaint.eml")).message
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.intake_register(
            message=message,
            actor=world.registrar_a,
            register=registry.general,
            kind=registry.letter,
            subject="Жалба",
            new_correspondent={"name": "Иван Петров", "kind": "person"},
        )
    texts = [a.extracted_text for a in registration.document.attachments.order_by("id")]
    assert BG_TEXT in texts[0]
    assert "ул. Липа" in texts[1]


def test_the_intake_list_pages_through_older_emails(world: Any, media: Path, settings: Any) -> None:
    from municipium.registry import views

    for index in range(views.PAGE_SIZE + 3):
        receive(
            world, simple_eml(message_id=f"<p{index}@example.pl>", subject=f"Wniosek {index:03d}")
        )
    client = client_for(world.registrar_a)
    url = reverse("registry:intake", kwargs={"org": "alpha"})
    first = client.get(url)
    assert first.context["drafts"][0].subject == f"Wniosek {views.PAGE_SIZE + 2:03d}"
    older = first.context["older"]
    assert older is not None
    second = client.get(url, {"before": older})
    assert [m.subject for m in second.context["drafts"]] == [
        "Wniosek 002",
        "Wniosek 001",
        "Wniosek 000",
    ]
    assert second.context["older"] is None
