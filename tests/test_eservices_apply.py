"""Applying online: the form, conditional fields, drafts, and what a submission registers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipium.audit.models import AuditEntry
from municipium.eservices.models import Application, ApplicationStatus
from municipium.registry.models import Document

from .conftest import client_for
from .test_eservices_support import answers, make_service, pdf_bytes


@pytest.fixture
def service(world: Any, registry: Any) -> Any:
    return make_service(world, registry)


def apply_url(service: Any) -> str:
    return reverse("eservices:apply", kwargs={"org": "alpha", "service": service.slug})


def test_signed_in_citizen_files_an_application_that_becomes_a_registered_document(
    world: Any, service: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.citizen)
    proof = SimpleUploadedFile("proof.pdf", pdf_bytes(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(service), {**answers(), "f_proof": proof})
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    document = application.document
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.user == world.citizen
    assert document.channel == "portal"
    assert document.subject == "Удостоверение за наследници — Иван Петров"
    assert document.kind.deadline_rule.code == "bg-apk-57-individual-act"
    assert document.deadline is not None
    assert document.case is not None and document.case.file_class.code == "02-03"
    assert application.case == document.case
    assert document.correspondent.identifier == "7501020018"
    assert document.correspondent.email == world.citizen.email
    assert [a.filename for a in document.attachments.all()] == ["proof.pdf"]
    assert "Deceased: Петър Петров" not in document.description  # the main language's labels
    assert "Починал: Петър Петров" in document.description
    assert AuditEntry.objects.filter(action="application.submit").count() == 1
    # the confirmation page shows the number and the access code; the e-mail has both
    page = client.get(response["Location"])
    assert document.number in page.content.decode()
    code = page.context["access_code"]
    assert len(mail.outbox) == 1
    assert document.number in mail.outbox[0].subject
    assert code in mail.outbox[0].body
    receipt = client.get(
        reverse("eservices:receipt", kwargs={"org": "alpha", "application_id": application.pk})
    )
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


def test_missing_and_invalid_answers_are_listed_and_nothing_is_registered(
    world: Any, service: Any
) -> None:
    client = client_for(world.citizen)
    response = client.post(
        apply_url(service), answers(f_egn="7501020019", f_deceased="", f_consent=None)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="#id_f_deceased"' in html
    assert "not a valid EGN" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_f_egn_help id_f_egn_error"' in html
    assert Document.objects.count() == 0
    assert Application.objects.count() == 0


def test_a_conditional_field_is_required_only_when_its_condition_holds(
    world: Any, service: Any
) -> None:
    client = client_for(world.citizen)
    response = client.post(apply_url(service), answers(f_delivery="post"))
    assert response.status_code == 400
    assert "Delivery address: This field is required." in response.content.decode()
    response = client.post(apply_url(service), answers(f_address="ignored, not by post"))
    assert response.status_code == 302
    assert "address" not in Application.objects.get().data


def test_honeypot_refuses_and_registers_nothing(world: Any, service: Any) -> None:
    response = client_for(world.citizen).post(apply_url(service), answers(website="http://spam"))
    assert response.status_code == 400
    assert "not sent by a person" in response.content.decode()
    assert Document.objects.count() == 0


def test_a_refused_file_changes_nothing_and_says_why(world: Any, service: Any) -> None:
    exe = SimpleUploadedFile("proof.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client_for(world.citizen).post(apply_url(service), {**answers(), "f_proof": exe})
    assert response.status_code == 400
    assert "proof.pdf" in response.content.decode()
    assert Document.objects.count() == 0
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (3 * 1024 * 1024))
    response = client_for(world.citizen).post(apply_url(service), {**answers(), "f_proof": big})
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    assert Document.objects.count() == 0


def test_a_draft_is_saved_and_resumed_and_the_submission_reuses_it(
    world: Any, service: Any
) -> None:
    client = client_for(world.citizen)
    response = client.post(apply_url(service), {"save_draft": "1", "f_deceased": "Петър"})
    assert response.status_code == 302
    draft = Application.objects.get()
    assert draft.status == ApplicationStatus.DRAFT and draft.document is None
    page = client.get(apply_url(service))
    assert 'value="Петър"' in page.content.decode()
    assert client.post(apply_url(service), answers()).status_code == 302
    assert Application.objects.get().pk == draft.pk
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_anonymous_applies_after_verifying_the_email_by_link(world: Any, service: Any) -> None:
    client = client_for(None)
    page = client.get(apply_url(service))
    assert "Your e-mail address" in page.content.decode()
    assert client.post(apply_url(service), answers()).status_code == 400  # no e-mail yet
    assert Document.objects.count() == 0
    response = client.post(apply_url(service), {"email": "someone@example.net"})
    assert response.status_code == 200
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/verify/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 302
    response = client.post(apply_url(service), answers())
    assert response.status_code == 302
    assert Application.objects.get().email == "someone@example.net"
    assert Application.objects.get().user is None


def test_a_tampered_verification_link_is_refused(world: Any, service: Any) -> None:
    url = reverse(
        "eservices:verify", kwargs={"org": "alpha", "service": service.slug, "token": "x:y:z"}
    )
    client = client_for(None)
    assert client.get(url).status_code == 400
    assert "Your e-mail address" in client.get(apply_url(service)).content.decode()


def test_applying_is_rate_limited_per_email(world: Any, service: Any, settings: Any) -> None:
    settings.APPLY_RATE_PER_HOUR = 2
    client = client_for(world.citizen)
    assert client.post(apply_url(service), answers()).status_code == 302
    assert client.post(apply_url(service), answers()).status_code == 302
    response = client.post(apply_url(service), answers())
    assert response.status_code == 429
    assert Document.objects.count() == 2


def test_another_organisations_service_is_not_found(world: Any, service: Any) -> None:
    url = reverse("eservices:apply", kwargs={"org": "beta", "service": service.slug})
    assert client_for(world.citizen).get(url).status_code == 404


def test_old_rate_attempts_are_pruned(world: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from municipium.eservices.models import RateAttempt
    from municipium.eservices.services import rate_allow, rate_prune

    assert rate_allow(keys={"track-ip": "10.0.0.1", "apply-email": "a@b.c"}, limit=1)
    assert not rate_allow(keys={"track-ip": "10.0.0.1"}, limit=1)
    assert rate_allow(keys={"track-ip": "10.0.0.2"}, limit=1)  # another address
    assert rate_prune(now=timezone.now() + timedelta(hours=2)) == 3
    assert RateAttempt.objects.count() == 0
    assert rate_allow(keys={"track-ip": "10.0.0.1"}, limit=1)


def test_every_status_change_of_an_application_sends_one_email(
    world: Any, service: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from municipium.eservices import services as es
    from municipium.registry import services as registry

    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.citizen).post(apply_url(service), answers())
    application = Application.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registry.document_set_status(
            document=application.document, actor=world.official_a, status="in_progress"
        )
    assert len(mail.outbox) == 1 and "An official is working on it." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        registry.document_set_status(
            document=application.document, actor=world.official_a, status="assigned"
        )
    assert len(mail.outbox) == 1  # the same public status: no second e-mail
    with django_capture_on_commit_callbacks(execute=True):
        es.application_refuse(application=application, actor=world.official_a, reasons="Не.")
    assert len(mail.outbox) == 2 and "refused" in mail.outbox[1].body


def test_my_applications_lists_only_mine_with_bounded_queries(
    world: Any, registry: Any, service: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.citizen)
    for _ in range(4):
        assert client.post(apply_url(service), answers()).status_code == 302
    client_for(world.official_b).post(apply_url(service), answers(name="Чужд"))
    url = reverse("eservices:mine", kwargs={"org": "alpha"})
    with django_assert_max_num_queries(8):
        page = client.get(url)
    rows = page.context["applications"]
    assert len(rows) == 4 and all(a.user == world.citizen for a in rows)
    assert client_for(None).get(url).status_code == 302


def test_a_date_outside_1900_to_2100_is_a_form_error_and_nothing_is_registered(
    world: Any, registry: Any
) -> None:
    from municipium.eservices import services as es_services

    service = make_service(world, registry)
    es_services.form_field_add(
        service=service,
        actor=world.admin_a,
        spec={
            "key": "died_on",
            "type": "date",
            "required": True,
            "label": {"bg": "Дата", "en": "Date"},
        },
    )
    es_services.form_publish(service=service, actor=world.admin_a)
    client = client_for(world.citizen)
    for typed, message in (
        ("0001-01-01", "on or after 1900-01-01"),
        ("9999-12-31", "on or before 2100-12-31"),
    ):
        response = client.post(apply_url(service), answers(f_died_on=typed))
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Document.objects.count() == 0
    page = client.get(apply_url(service)).content.decode()
    assert 'min="1900-01-01"' in page and 'max="2100-12-31"' in page
    ok = client.post(apply_url(service), answers(f_died_on="2024-03-01"))
    assert ok.status_code == 302
    assert Application.objects.get().data["died_on"] == "2024-03-01"
