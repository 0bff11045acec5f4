"""The office's pages of events for the communications staff: writing an event through the
form (times read in the event's time zone), publishing, cancelling (participants told by
e-mail), the programme, and the participants (counts, adding by hand, CSV export)."""

from __future__ import annotations

import csv
import io
from typing import Any

from municipium.events.models import Event, Registration
from municipium.events.services import registrations as registration_services

from .conftest import client_for
from .events_support import make_event


def _form(**extra: Any) -> dict[str, Any]:
    data = {
        "kind": "seminar",
        "starts_at": "2027-05-30T09:00",
        "ends_at": "2027-05-30T17:30",
        "title_bg": "Комуникация без граници – в правилната посока!",
        "summary_bg": "Семинар по връзки с обществеността",
        "description_bg": "<p>Общо събрание</p>",
        "languages": ["bg"],
        "venue": "Хотел Рила",
        "town": "София",
        "registration_enabled": "on",
        "capacity": "40",
    }
    data.update(extra)
    return data


def test_an_editor_writes_publishes_and_cancels_an_event(
    world: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.communications_a)
    response = client.post("/alpha/office/events/new/", _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    # 09:00 in Sofia (summer, UTC+3) is 06:00 UTC.
    assert event.starts_at.isoformat() == "2027-05-30T06:00:00+00:00"
    assert event.slug == "komunikatsiya-bez-granitsi-v-pravilnata-posoka"
    client.post(f"/alpha/office/events/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.state == "published"
    registration_services.registration_add(
        event=event, actor=world.communications_a, name="Участник", email="p@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/alpha/office/events/{event.pk}/cancel/", {"reason": "Болест"})
    event.refresh_from_db()
    assert event.state == "cancelled" and event.cancel_reason == "Болест"
    (mail,) = smtp_server.messages
    assert mail.recipients == ["p@example.org"] and "Отменено" in mail.subject
    body = client_for(None).get(f"/alpha/events/{event.slug}/").content.decode()
    assert "This event is cancelled." in body


def test_the_editor_refuses_bad_input_and_changes_nothing(world: Any) -> None:
    client = client_for(world.communications_a)
    for bad, message in (
        ({"ends_at": "2027-05-29T09:00"}, "The end comes after the start."),
        ({"capacity": "-1"}, "greater than or equal to 0"),
        ({"title_bg": "", "summary_bg": ""}, "Give the title in at least one language."),
        ({"registration_opens_at": "2027-05-01T09:00", "registration_closes_at":
          "2027-04-01T09:00"}, "Registration closes after it opens."),
    ):  # fmt: skip
        response = client.post("/alpha/office/events/new/", _form(**bad))
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Event.objects.exists()


def test_the_programme_is_built_in_the_editor_and_shown_on_the_page(world: Any) -> None:
    client = client_for(world.communications_a)
    client.post("/alpha/office/events/new/", _form())
    event = Event.objects.get()
    client.post(f"/alpha/office/events/{event.pk}/publish/")
    response = client.post(
        f"/alpha/office/events/{event.pk}/sessions/",
        {
            "starts_at": "2027-05-30T10:00",
            "ends_at": "2027-05-30T11:00",
            "title": "Общо събрание",
            "room": "Зала Витоша",
            "speakers": "Мария Иванова; председател; НСОРБ\nПетър Петров",
        },
    )
    assert response.status_code == 302
    session = event.sessions.get()
    assert session.speakers[1] == {"name": "Петър Петров", "role": "", "organisation": ""}
    page = client_for(None).get(f"/alpha/events/{event.slug}/").content.decode()
    assert "10:00" in page and "Зала Витоша" in page and "Мария Иванова, председател, НСОРБ" in page
    client.post(f"/alpha/office/events/{event.pk}/sessions/{session.pk}/delete/")
    assert not event.sessions.exists()


def test_participants_are_counted_listed_added_and_exported(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    event = make_event(world, capacity=2)
    client = client_for(world.communications_a)
    for number in range(4):
        response = client.post(
            f"/alpha/office/events/{event.pk}/participants/",
            {"name": f"=Участник {number}", "email": f"p{number}@example.org"},
        )
        assert response.status_code == 302
    response = client.post(
        f"/alpha/office/events/{event.pk}/participants/",
        {"name": "Пак", "email": "p0@example.org"},
    )
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 4
    with django_assert_max_num_queries(20):
        page = client.get(f"/alpha/office/events/{event.pk}/participants/").content.decode()
    assert "p3@example.org" in page and "On the waiting list (2)" in page
    response = client.get(f"/alpha/office/events/{event.pk}/participants.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Name", "E-mail", "Status"]
    assert len(rows) == 5
    assert all(row[0].startswith("'=") for row in rows[1:])  # no formula runs
    assert sorted(row[3] for row in rows[1:]) == ["", "", "1", "2"]


def test_other_organisations_and_other_roles_cannot_reach_the_participants(world: Any) -> None:
    event = make_event(world)
    registration_services.registration_add(
        event=event, actor=world.communications_a, name="Тайна", email="secret@example.org"
    )
    for user in (world.communications_b, world.official_a, world.citizen):
        client = client_for(user)
        for path in (
            f"/alpha/office/events/{event.pk}/participants/",
            f"/alpha/office/events/{event.pk}/participants.csv",
        ):
            response = client.get(path)
            assert response.status_code in (403, 404)
    # Beta's own office does not find alpha's event either.
    assert (
        client_for(world.communications_b).get(f"/beta/office/events/{event.pk}/").status_code
        == 404
    )
