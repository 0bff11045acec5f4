"""The events API, as scripts use it: public lists and reads, staff writing and publishing
with a token, staff registering participants directly (status, position, cancel_token), the
public path by e-mail confirmation, cancellation by token (promoting the next), the staff's
participant list; bad input answered 4xx and nothing changed."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from municipium.accounts.services import api_token_create
from municipium.events.models import Event, Registration

from .events_support import make_event, when

BASE = "/api/v1/orgs/alpha/events"


def _bearer(user: Any) -> dict[str, str]:
    issued = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}


def _send(
    method: str, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Any:
    return getattr(Client(), method)(
        path, json.dumps(body, default=str), content_type="application/json", **(headers or {})
    )


def _event_body(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Форум за е-управление",
        "kind": "forum",
        "starts_at": when(20, 9).isoformat(),
        "ends_at": when(21, 17).isoformat(),
        "capacity": 2,
        "registration_enabled": True,
        "venue": "НДК",
        "town": "София",
        "co_organisers": ["beta"],
    }
    body.update(extra)
    return body


def test_staff_create_publish_and_anyone_reads(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    staff = _bearer(world.communications_a)
    response = _send("post", BASE, _event_body(), staff)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["state"] == "draft" and created["co_organisers"] == ["beta"]
    assert created["time_zone"] == "Europe/Sofia"
    assert Client().get(f"{BASE}/{created['id']}").status_code == 404  # a draft is not public
    response = _send("patch", f"{BASE}/{created['id']}", {"state": "published"}, staff)
    assert response.status_code == 200 and response.json()["state"] == "published"
    for number in range(5):
        make_event(world, title=f"Семинар {number}")
    with django_assert_max_num_queries(10):
        listed = Client().get(f"{BASE}?kind=forum").json()
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    assert Client().get("/api/v1/orgs/beta/events").json()["total"] == 1  # co-organised
    read = Client().get(f"{BASE}/{created['id']}").json()
    assert read["translations"][0]["title"] == "Форум за е-управление"


def test_a_patch_of_the_dates_keeps_history_and_raises_the_sequence(world: Any) -> None:
    event = make_event(world)
    staff = _bearer(world.communications_a)
    response = _send(
        "patch",
        f"{BASE}/{event.pk}",
        {"starts_at": when(32, 9).isoformat(), "ends_at": when(32, 18).isoformat(),
         "reason": "Нова зала"},
        staff,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["sequence"] > event.sequence
    assert event.moves.get().reason == "Нова зала"


def test_bad_input_is_refused_and_changes_nothing(world: Any) -> None:
    staff = _bearer(world.communications_a)
    for body in (
        _event_body(ends_at=when(19).isoformat()),
        _event_body(capacity=-1),
        _event_body(co_organisers=["nowhere"]),
        _event_body(kind="party"),
        _event_body(title=""),
    ):
        response = _send("post", BASE, body, staff)
        assert response.status_code in (400, 422), (body, response.content)
        assert response.json()["detail"]
    assert not Event.objects.exists()
    event = make_event(world)
    response = _send("patch", f"{BASE}/{event.pk}", {"capacity": -5}, staff)
    assert response.status_code in (400, 422)
    event.refresh_from_db()
    assert event.capacity == 3


def test_staff_register_directly_and_the_waitlist_is_promoted_on_cancel(world: Any) -> None:
    event = make_event(world, capacity=1)
    staff = _bearer(world.communications_a)
    path = f"{BASE}/{event.pk}/registrations"
    first = _send("post", path, {"name": "Първи", "email": "one@example.org"}, staff).json()
    second = _send("post", path, {"name": "Втори", "email": "two@example.org"}, staff).json()
    assert first["status"] == "confirmed" and first["cancel_token"]
    assert second["status"] == "waitlisted" and second["position"] == 1
    duplicate = _send("post", path, {"name": "Пак", "email": "ONE@example.org"}, staff)
    assert duplicate.status_code in (400, 422)
    assert duplicate.json()["errors"] == [
        {"loc": ["email"], "msg": "Този адрес вече е регистриран за това събитие."}
    ]
    listed = Client().get(path, **staff).json()
    assert listed["counts"]["confirmed"] == 1 and listed["counts"]["waitlisted"] == 1
    assert [(i["email"], i["position"]) for i in listed["items"]] == [
        ("one@example.org", None), ("two@example.org", 1)
    ]  # fmt: skip
    response = Client().delete(f"{path}/{first['cancel_token']}")
    assert response.status_code == 204
    assert Registration.objects.get(email="two@example.org").status == "confirmed"
    assert Client().delete(f"{path}/not-a-token").status_code == 404


def test_the_public_path_needs_the_e_mail_confirmation(world: Any) -> None:
    event = make_event(world)
    path = f"{BASE}/{event.pk}/registrations"
    response = _send("post", path, {"name": "Иван", "email": "ivan@example.org"})
    assert response.status_code == 202
    assert response.json() == {"id": None, "status": "pending", "position": None,
                               "cancel_token": None}  # fmt: skip
    assert Registration.objects.get().status == "pending"
    again = _send("post", path, {"name": "Иван", "email": "ivan@example.org"})
    assert again.json() == response.json()  # nobody learns whether an address is registered
    assert Registration.objects.count() == 1


def test_other_organisations_staff_see_no_participants(world: Any) -> None:
    event = make_event(world)
    path = f"{BASE}/{event.pk}/registrations"
    _send("post", path, {"name": "Тайна", "email": "secret@example.org"},
          _bearer(world.communications_a))  # fmt: skip
    for user in (world.communications_b, world.official_a):
        response = Client().get(path, **_bearer(user))
        assert response.status_code == 403
        assert "secret@example.org" not in response.content.decode()
    response = _send("post", path, {"name": "X", "email": "x@example.org"},
                     _bearer(world.communications_b))  # fmt: skip
    assert response.status_code == 202  # the public path, not a direct registration
    assert Registration.objects.get(email="x@example.org").status == "pending"
