"""Attendance: staff check confirmed participants in on a phone (by name, or by the QR code of
the participant's ticket page), certificates of attendance as PDF for those who attended once
the event is over, and the public page that checks a certificate's code. Who may do what:
alpha's communications staff; not an official, another organisation's staff or the public."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from municipium.audit.models import AuditEntry
from municipium.events.models import Registration
from municipium.events.services import registrations as registration_services

from .conftest import client_for
from .events_support import make_event


def _people(event: Any, world: Any, names: list[str]) -> list[Registration]:
    return [
        registration_services.registration_add(
            event=event, actor=world.communications_a, name=name, email=f"p{i}@example.org"
        ).registration
        for i, name in enumerate(names)
    ]


def _past_event(world: Any, **extra: Any) -> Any:
    now = timezone.now()
    return make_event(
        world,
        starts_at=now - timedelta(days=2, hours=8),
        ends_at=now - timedelta(days=2),
        capacity=2,
        **extra,
    )


def test_staff_check_in_by_name_on_the_check_in_page(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    event = make_event(world, capacity=2)
    petrov, ivanova, waiting = _people(event, world, ["Иван Петров", "Мария Иванова", "Чакащ"])
    assert waiting.status == "waitlisted"
    client = client_for(world.communications_a)
    url = f"/alpha/office/events/{event.pk}/check-in/"
    with django_assert_max_num_queries(20):
        page = client.get(url, {"q": "петров"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Иван Петров" in html and "Мария Иванова" not in html
    assert 'type="search"' in html and 'for="check-in-q"' in html

    response = client.post(f"{url}{petrov.pk}/", {"attended": "1", "q": "петров"})
    assert response.status_code == 302 and response["Location"].endswith(
        "?q=%D0%BF%D0%B5%D1%82%D1%80%D0%BE%D0%B2"
    )
    petrov.refresh_from_db()
    assert petrov.attended_at is not None and petrov.checked_in_by == world.communications_a
    assert AuditEntry.objects.filter(action="registration.check_in").count() == 1
    assert "1 of 2 confirmed participants checked in." in client.get(url).content.decode()

    # A waiting person has no place: refused, nothing changes.
    client.post(f"{url}{waiting.pk}/", {"attended": "1"})
    waiting.refresh_from_db()
    assert waiting.attended_at is None
    # Undo.
    client.post(f"{url}{petrov.pk}/", {"attended": "0"})
    petrov.refresh_from_db()
    assert petrov.attended_at is None and ivanova.attended_at is None


def test_only_the_organisations_communications_staff_check_in(world: Any) -> None:
    event = make_event(world)
    (person,) = _people(event, world, ["Иван Петров"])
    url = f"/alpha/office/events/{event.pk}/check-in/"
    assert client_for(world.official_a).get(url).status_code == 403
    assert client_for(world.communications_b).get(url).status_code in (403, 404)
    assert client_for(None).get(url).status_code == 302
    for user in (world.official_a, world.communications_b, None):
        client_for(user).post(f"{url}{person.pk}/", {"attended": "1"})
        ticket = f"/alpha/office/events/{event.pk}/ticket/{person.secret}/"
        assert person.name not in client_for(user).get(ticket).content.decode()
    person.refresh_from_db()
    assert person.attended_at is None
    # beta's staff cannot reach alpha's event through their own organisation either.
    other = f"/beta/office/events/{event.pk}/check-in/"
    assert client_for(world.communications_b).get(other).status_code == 404


def test_the_ticket_page_shows_a_qr_code_that_opens_the_staff_check_in(world: Any) -> None:
    event = make_event(world, capacity=1)
    person, waiting = _people(event, world, ["Иван Петров", "Чакащ"])
    ticket_page = client_for(None).get(f"/alpha/events/cancel/{person.secret}/")
    html = ticket_page.content.decode()
    assert ticket_page.status_code == 200
    assert re.search(r"<svg[^>]*ticket-qr", html) and "<title>" in html
    # Someone waiting has no ticket to show.
    waiting_page = client_for(None).get(f"/alpha/events/cancel/{waiting.secret}/")
    assert "ticket-qr" not in waiting_page.content.decode()

    staff = client_for(world.communications_a)
    opened = staff.get(f"/alpha/office/events/{event.pk}/ticket/{person.secret}/")
    assert opened.status_code == 200 and "Иван Петров" in opened.content.decode()
    unknown = staff.get(f"/alpha/office/events/{event.pk}/ticket/nonsense/")
    assert "This ticket is not for this event." in unknown.content.decode()
    assert "Check in</button>" not in unknown.content.decode()
    staff.post(f"/alpha/office/events/{event.pk}/check-in/{person.pk}/", {"attended": "1"})
    person.refresh_from_db()
    assert person.attended_at is not None


def test_certificates_after_the_event_and_their_public_check(world: Any) -> None:
    coming = make_event(world, title="Бъдещ семинар")
    (early,) = _people(coming, world, ["Рано"])
    staff = client_for(world.communications_a)
    staff.post(f"/alpha/office/events/{coming.pk}/check-in/{early.pk}/", {"attended": "1"})
    response = staff.post(f"/alpha/office/events/{coming.pk}/certificates.pdf")
    assert response.status_code == 302  # not yet: the event is not over
    early.refresh_from_db()
    assert early.certificate_code is None

    event = _past_event(world)
    came, absent = _people(event, world, ["Иван Петров", "Мария Иванова"])
    staff.post(f"/alpha/office/events/{event.pk}/check-in/{came.pk}/", {"attended": "1"})
    response = staff.post(f"/alpha/office/events/{event.pk}/certificates.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    came.refresh_from_db()
    absent.refresh_from_db()
    assert came.certificate_code and absent.certificate_code is None
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    code = f"{came.certificate_code[:5]}-{came.certificate_code[5:]}"
    assert "Иван Петров" in text and code in text and "Мария" not in text
    # A second download keeps the codes.
    staff.post(f"/alpha/office/events/{event.pk}/certificates.pdf")
    assert Registration.objects.get(pk=came.pk).certificate_code == came.certificate_code
    # Attendance stays once a certificate is out.
    staff.post(f"/alpha/office/events/{event.pk}/check-in/{came.pk}/", {"attended": "0"})
    assert Registration.objects.get(pk=came.pk).attended_at is not None

    # Anyone checks the code, typed loosely; a wrong code or another organiser's page finds
    # nothing and shows no name.
    page = client_for(None).get("/alpha/events/verify/", {"code": code.lower().replace("-", " ")})
    assert page.status_code == 200
    assert "Иван Петров" in page.content.decode() and "This certificate is valid" in (
        page.content.decode()
    )
    wrong = client_for(None).get("/alpha/events/verify/", {"code": "AAAAA-BBBBB"})
    assert wrong.status_code == 404 and "Иван Петров" not in wrong.content.decode()
    elsewhere = client_for(None).get("/beta/events/verify/", {"code": code})
    assert elsewhere.status_code == 404 and "Иван Петров" not in elsewhere.content.decode()
    assert client_for(None).get("/alpha/events/verify/").status_code == 200

    # The participant's own certificate from the ticket page; none for who did not come.
    mine = client_for(None).get(f"/alpha/events/cancel/{came.secret}/")
    assert "certificate.pdf" in mine.content.decode()
    own = client_for(None).get(f"/alpha/events/cancel/{came.secret}/certificate.pdf")
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    refused = client_for(None).get(f"/alpha/events/cancel/{absent.secret}/certificate.pdf")
    assert refused.status_code == 404
    assert Registration.objects.get(pk=absent.pk).certificate_code is None
    # Other staff get no certificates of alpha's event.
    assert client_for(world.communications_b).post(
        f"/alpha/office/events/{event.pk}/certificates.pdf"
    ).status_code in (403, 404)
