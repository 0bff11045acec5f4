"""Staff tools on the participants: the ODS export and an e-mail to all participants (each
their own, through the SMTP server, journaled); who may use them."""

from __future__ import annotations

import io
from typing import Any

from odf.opendocument import load
from odf.table import TableRow
from odf.text import P

from municipium.audit.models import AuditEntry
from municipium.events.models import Registration
from municipium.events.services import registrations as registration_services

from .conftest import client_for
from .events_support import make_event


def _people(event: Any, world: Any, names: list[str]) -> list[Any]:
    return [
        registration_services.registration_add(
            event=event, actor=world.communications_a, name=name, email=f"s{i}@example.org"
        ).registration
        for i, name in enumerate(names)
    ]


def test_the_participants_as_ods(world: Any) -> None:
    event = make_event(world, capacity=1)
    _people(event, world, ["Иван Петров", "=cmd()"])
    response = client_for(world.communications_a).get(
        f"/alpha/office/events/{event.pk}/participants.ods"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    document = load(io.BytesIO(response.content))
    rows = [
        [str(p) for p in row.getElementsByType(P)]
        for row in document.spreadsheet.getElementsByType(TableRow)
    ]
    assert rows[0][:3] == ["Name", "E-mail", "Status"]
    assert rows[1][:3] == ["Иван Петров", "s0@example.org", "Confirmed"]
    assert rows[2][:4] == ["=cmd()", "s1@example.org", "On the waiting list", "1"]
    for user in (world.official_a, world.communications_b):
        other = client_for(user).get(f"/alpha/office/events/{event.pk}/participants.ods")
        assert other.status_code in (403, 404) and b"s0@example.org" not in other.content


def test_an_email_to_all_participants(
    world: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(world, capacity=2)
    _people(event, world, ["Първи", "Втори", "Чакащ"])
    smtp_server.messages.clear()
    url = f"/alpha/office/events/{event.pk}/participants/message/"
    client = client_for(world.communications_a)
    assert client.get(url).status_code == 200
    # Bad input: nothing sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"subject": "", "body": ""}).status_code == 400
    assert smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Зала 2", "body": "Семинарът е в зала 2."})
    assert response.status_code == 302
    assert sorted(m.recipients[0] for m in smtp_server.messages) == [
        "s0@example.org",
        "s1@example.org",
    ]
    assert all("Семинарът е в зала 2." in m.body for m in smtp_server.messages)
    assert all("/alpha/events/cancel/" in m.body for m in smtp_server.messages)
    assert AuditEntry.objects.filter(action="event.message").count() == 1
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"subject": "Всички", "body": "И чакащите.", "include_waiting": "on"})
    assert len(smtp_server.messages) == 3
    # Nobody else may send.
    smtp_server.messages.clear()
    for user in (world.official_a, world.communications_b, None):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(user).post(url, {"subject": "x", "body": "y"})
    assert smtp_server.messages == []


def test_staff_move_participants_between_the_lists(
    world: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(world, capacity=2)
    first, _second, third, fourth = _people(event, world, ["Първи", "Втори", "Трети", "Четвърти"])
    assert (third.status, fourth.status) == ("waitlisted", "waitlisted")
    client = client_for(world.communications_a)
    base = f"/alpha/office/events/{event.pk}/participants/"
    smtp_server.messages.clear()
    # A confirmed one to the waiting list: its place goes to the first waiting (third), and
    # it waits at the end, after fourth.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}{first.pk}/move/", {"to": "waitlisted"})
    rows = {r.pk: r for r in Registration.objects.filter(event=event)}
    assert rows[first.pk].status == "waitlisted" and rows[third.pk].status == "confirmed"
    assert rows[fourth.pk].queue < rows[first.pk].queue
    assert {m.recipients[0] for m in smtp_server.messages} == {first.email, third.email}
    # Staff give a place beyond the capacity.
    client.post(f"{base}{fourth.pk}/move/", {"to": "confirmed"})
    assert Registration.objects.get(pk=fourth.pk).status == "confirmed"
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3
    # Bad input and other people: nothing changes.
    client.post(f"{base}{first.pk}/move/", {"to": "cancelled"})
    for user in (world.official_a, world.communications_b, None):
        client_for(user).post(f"{base}{first.pk}/move/", {"to": "confirmed"})
    assert Registration.objects.get(pk=first.pk).status == "waitlisted"
    assert AuditEntry.objects.filter(action="registration.move").count() == 2
