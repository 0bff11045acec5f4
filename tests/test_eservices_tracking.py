"""Tracking by registry number and access code: reveals nothing on any mistake, is rate
limited, works for counter and post documents too; the conversation and the final answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipium.eservices import services
from municipium.eservices.models import Application, ApplicationStatus, Message
from municipium.registry.models import Direction, Document

from .conftest import client_for, register_letter
from .test_eservices_support import answers, make_service, pdf_bytes

TRACK = reverse("eservices:track", kwargs={"org": "alpha"})


@pytest.fixture
def filed(world: Any, registry: Any) -> Any:
    service = make_service(world, registry)
    client = client_for(world.citizen)
    url = reverse("eservices:apply", kwargs={"org": "alpha", "service": service.slug})
    response = client.post(url, answers())
    assert response.status_code == 302
    page = client.get(response["Location"])
    application = Application.objects.get()
    return application, page.context["access_code"]


def test_the_right_number_and_code_show_the_status_in_plain_words(filed: Any) -> None:
    application, code = filed
    client = client_for(None)
    response = client.post(TRACK, {"number": application.document.number, "code": code.lower()})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Received and registered" in page.content.decode()


def test_a_counter_document_is_tracked_with_the_code_of_its_receipt(
    world: Any, registry: Any
) -> None:
    registration = register_letter(world, registry, channel="counter")
    client = client_for(None)
    response = client.post(
        TRACK, {"number": registration.document.number, "code": registration.access_code}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Received and registered" in page.content.decode()
    assert page.context["form"] is None  # no conversation for a letter


def test_wrong_code_other_organisation_and_guessed_number_get_the_same_answer(
    world: Any, registry: Any, filed: Any
) -> None:
    application, code = filed
    other = register_letter(
        world,
        registry,
        organisation=world.org_b,
        register=registry.rpw,
        kind=registry.pl_letter,
        actor=world.official_b,
    )
    attempts = [
        {"number": application.document.number, "code": "AAAAA-AAAAA"},
        {"number": other.document.number, "code": other.access_code},
        {"number": "99999/01.01.2026", "code": code},
    ]
    bodies = set()
    for data in attempts:
        response = client_for(None).post(TRACK, data)
        assert response.status_code == 404
        html = response.content.decode()
        assert "No document matches this registry number and access code." in html
        main = html.split('<main id="main"', 1)[1].split("</main>")[0]
        main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
        bodies.add(main.replace(data["number"], "N").replace(data["code"], "C"))
    assert len(bodies) == 1


def test_tracking_is_rate_limited_per_address(filed: Any, settings: Any) -> None:
    application, code = filed
    settings.TRACK_RATE_PER_HOUR = 3
    client = client_for(None)
    for _ in range(3):
        assert client.post(TRACK, {"number": "1", "code": "X"}).status_code == 404
    response = client.post(TRACK, {"number": application.document.number, "code": code})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_a_tracked_page_needs_the_code_in_this_session(world: Any, filed: Any) -> None:
    application, _code = filed
    url = reverse(
        "eservices:tracked", kwargs={"org": "alpha", "document_id": application.document_id}
    )
    assert client_for(None).get(url).status_code == 404
    assert client_for(world.official_b).get(url).status_code == 404
    assert client_for(world.citizen).get(url).status_code == 200  # their own application


def test_office_asks_citizen_answers_office_decides_with_emails_at_each_change(
    world: Any, filed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application, code = filed
    document = application.document
    mail.outbox.clear()
    office = client_for(world.official_a)
    detail = reverse(
        "eservices:office_detail", kwargs={"org": "alpha", "application_id": application.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            detail, {"action": "request_info", "request_info-text": "Приложете акт за смърт."}
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.suspensions.filter(end__isnull=True).exists()
    request = Message.objects.get()
    assert request.document.direction == Direction.OUTGOING
    assert request.document.case_id == document.case_id
    assert len(mail.outbox) == 1 and "more information" in mail.outbox[0].body

    citizen = client_for(None)
    citizen.post(TRACK, {"number": document.number, "code": code})
    tracked = reverse("eservices:tracked", kwargs={"org": "alpha", "document_id": document.pk})
    page = citizen.get(tracked).content.decode()
    assert "Приложете акт за смърт." in page
    assert "needs more information" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(
            tracked,
            {
                "text": "Прилагам акта.",
                "file": SimpleUploadedFile("act.pdf", pdf_bytes(), "application/pdf"),
            },
        )
    assert response.status_code == 302
    reply = Message.objects.latest("id")
    assert reply.document.direction == Direction.INCOMING
    assert reply.document.case_id == document.case_id
    assert reply.document.attachments.count() == 1
    document.refresh_from_db()
    assert not document.suspensions.filter(end__isnull=True).exists()
    assert application.__class__.objects.get().status == ApplicationStatus.SUBMITTED
    assert len(mail.outbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            detail,
            {
                "action": "answer",
                "answer-text": "Удостоверението е издадено.",
                "answer-file": SimpleUploadedFile("answer.pdf", pdf_bytes(), "application/pdf"),
            },
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == "answered"
    final = Application.objects.get().final_document
    assert final.reply_to_id == document.pk
    assert len(mail.outbox) == 3 and "has answered" in mail.outbox[2].body
    page = citizen.get(tracked)
    assert "The office has answered" in page.content.decode()
    answer_file = final.attachments.get()
    download = citizen.get(
        reverse(
            "eservices:tracked_file",
            kwargs={"org": "alpha", "document_id": document.pk, "attachment_id": answer_file.pk},
        )
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Security-Policy"] == "sandbox"
    # no more actions once answered; a refusal now changes nothing
    response = office.post(detail, {"action": "refuse", "refuse-text": "Не."})
    assert response.status_code == 302
    assert Application.objects.get().status == ApplicationStatus.ANSWERED
    assert Document.objects.filter(direction=Direction.OUTGOING).count() == 2


def test_refusal_needs_reasons_and_is_a_registered_decision(world: Any, filed: Any) -> None:
    application, _code = filed
    office = client_for(world.official_a)
    detail = reverse(
        "eservices:office_detail", kwargs={"org": "alpha", "application_id": application.pk}
    )
    response = office.post(detail, {"action": "refuse", "refuse-text": ""})
    assert response.status_code == 400
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    message = services.application_refuse(
        application=application, actor=world.official_a, reasons="Няма основание."
    )
    assert message.document.reply_to_id == application.document_id
    assert Application.objects.get().status == ApplicationStatus.REFUSED


def test_the_office_pages_are_for_the_organisations_officials(world: Any, filed: Any) -> None:
    application, _code = filed
    list_url = reverse("eservices:office_list", kwargs={"org": "alpha"})
    detail = reverse(
        "eservices:office_detail", kwargs={"org": "alpha", "application_id": application.pk}
    )
    page = client_for(world.registrar_a).get(list_url)
    assert application.document.number in page.content.decode()
    detail_page = client_for(world.official_a).get(detail).content.decode()
    assert "Петър Петров" in detail_page and "At the office" in detail_page
    assert client_for(world.citizen).get(list_url).status_code == 403
    assert client_for(world.official_b).get(detail).status_code == 403
    assert client_for(None).get(detail).status_code == 302
    beta_detail = reverse(
        "eservices:office_detail", kwargs={"org": "beta", "application_id": application.pk}
    )
    assert client_for(world.official_b).get(beta_detail).status_code == 404


def test_the_office_list_runs_a_bounded_number_of_queries(
    world: Any, registry: Any, django_assert_max_num_queries: Any
) -> None:
    service = make_service(world, registry)
    url = reverse("eservices:apply", kwargs={"org": "alpha", "service": service.slug})
    client = client_for(world.citizen)
    for _ in range(5):
        client.post(url, answers())
    office = client_for(world.registrar_a)
    with django_assert_max_num_queries(12):
        response = office.get(reverse("eservices:office_list", kwargs={"org": "alpha"}))
    assert response.content.decode().count("/office/applications/") >= 5
