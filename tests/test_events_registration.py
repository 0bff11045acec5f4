"""Registration: by e-mail with a confirmation link, by a signed-in person, by staff; one per
address and event; the waiting list in arrival order; a cancel link that frees the place and
promotes the first waiting, in the same transaction, telling them by e-mail (through a real
SMTP server) with the event's .ics attached."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from municipium.events.models import Registration
from municipium.events.services import events as event_services
from municipium.events.services import registrations as services

from .conftest import client_for
from .events_support import event_data, make_event, when


def _add(event: Any, world: Any, n: int) -> list[Any]:
    return [
        services.registration_add(
            event=event,
            actor=world.communications_a,
            name=f"Участник {i}",
            email=f"p{i}@example.org",
        )
        for i in range(n)
    ]


def test_staff_fill_the_places_and_the_rest_wait_in_arrival_order(world: Any) -> None:
    event = make_event(world, capacity=2)
    results = _add(event, world, 5)
    assert [r.outcome for r in results] == [
        "confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"
    ]  # fmt: skip
    assert [r.position for r in results] == [None, None, 1, 2, 3]


def test_a_cancellation_promotes_the_first_waiting_and_tells_them(
    world: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(world, capacity=1, online_url="https://meet.example.org/seminar")
    first, second, third = _add(event, world, 3)
    with django_capture_on_commit_callbacks(execute=True):
        row, promoted = services.registration_cancel(
            organisation=world.org_a, secret=first.registration.secret
        )
    assert row.status == "cancelled" and promoted == [second.registration.pk]
    assert Registration.objects.get(pk=second.registration.pk).status == "confirmed"
    assert services.position_of(Registration.objects.get(pk=third.registration.pk)) == 1
    (mail,) = smtp_server.messages
    assert mail.recipients == ["p1@example.org"]
    assert "Има свободно място за вас" in mail.subject  # the event's language
    assert "https://meet.example.org/seminar" in mail.body
    attachment = next(mail.message.iter_attachments())
    calendar = Calendar.from_ical(attachment.get_content())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]).startswith(str(event.uid))


def test_raising_the_capacity_promotes_in_order(world: Any) -> None:
    event = make_event(world, capacity=1)
    results = _add(event, world, 4)
    event_services.event_update(
        event=event, actor=world.communications_a, data=event_data(capacity=3)
    )
    statuses = [Registration.objects.get(pk=r.registration.pk).status for r in results]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]


def test_the_public_registers_by_e_mail_and_the_place_is_held_only_after_the_link(
    world: Any, smtp_server: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(world, capacity=1)
    client = client_for(None)
    url = f"/alpha/events/{event.slug}/register/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Иван Петров", "email": "ivan@example.org"})
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    row = Registration.objects.get(email="ivan@example.org")
    assert row.status == "pending"
    (mail,) = smtp_server.messages
    link = re.search(r"https?://\S+/confirm/\S+/", mail.body).group(0)  # type: ignore[union-attr]
    path = link.replace(settings.SITE_URL, "")
    assert client.get(path).status_code == 200
    assert Registration.objects.get(pk=row.pk).status == "pending"  # opening confirms nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 200
    assert Registration.objects.get(pk=row.pk).status == "confirmed"
    confirmed = smtp_server.messages[-1]
    assert "confirmed" in confirmed.subject
    assert any(part.get_filename() == "event.ics" for part in confirmed.message.iter_attachments())
    cancel = re.search(r"https?://\S+/cancel/\S+/", confirmed.body).group(0)  # type: ignore[union-attr]
    response = client.post(cancel.replace(settings.SITE_URL, ""))
    assert response.status_code == 302
    assert Registration.objects.get(pk=row.pk).status == "cancelled"


def test_a_signed_in_person_with_a_verified_address_gets_a_place_at_once(world: Any) -> None:
    world.citizen.email_verified_at = timezone.now()
    world.citizen.save()
    event = make_event(world)
    response = client_for(world.citizen).post(
        f"/alpha/events/{event.slug}/register/",
        {"name": "Гражданин", "email": world.citizen.email},
    )
    assert response.status_code == 200
    assert Registration.objects.get(email=world.citizen.email).status == "confirmed"


def test_a_duplicate_address_changes_nothing(world: Any) -> None:
    event = make_event(world)
    _add(event, world, 1)
    before = list(Registration.objects.values_list("pk", "status", "name"))
    with pytest.raises(ValidationError) as refused:
        services.registration_add(
            event=event, actor=world.communications_a, name="Друг", email="P0@EXAMPLE.org"
        )
    assert "already registered" in refused.value.message_dict["email"][0]
    result = services.registration_request(event=event, name="Друг", email="p0@example.org")
    assert result.outcome == "already"
    assert list(Registration.objects.values_list("pk", "status", "name")) == before


def test_a_registration_after_the_close_is_refused_and_changes_nothing(world: Any) -> None:
    event = make_event(
        world,
        registration_opens_at=when(-10),
        registration_closes_at=timezone.now() - timedelta(minutes=1),
    )
    response = client_for(None).post(
        f"/alpha/events/{event.slug}/register/", {"name": "Късно", "email": "late@example.org"}
    )
    assert response.status_code == 400
    assert "Registration for this event is closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_bad_names_and_addresses_are_refused(world: Any) -> None:
    event = make_event(world)
    client = client_for(None)
    for data in ({"name": "", "email": "a@example.org"}, {"name": "Име", "email": "not-mail"}):
        response = client.post(f"/alpha/events/{event.slug}/register/", data)
        assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.registration_request(event=event, name="\x00", email="a@example.org")
    assert not Registration.objects.exists()


def test_a_forged_or_old_confirmation_link_confirms_nothing(world: Any) -> None:
    event = make_event(world)
    result = services.registration_request(event=event, name="Иван", email="ivan@example.org")
    old = services.confirm_token(result.registration)
    services.registration_request(event=event, name="Иван", email="ivan@example.org")
    client = client_for(None)
    assert client.post(f"/alpha/events/confirm/{old}/").status_code == 404
    assert client.post("/alpha/events/confirm/forged/").status_code == 404
    assert Registration.objects.get().status == "pending"
