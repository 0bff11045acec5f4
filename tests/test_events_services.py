"""Writing events: creation, change, publication, cancellation and moves (old dates kept),
each journaled; bad input gets a clear error and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from municipium.audit.models import AuditEntry
from municipium.events.models import Event, EventMove, EventSession, EventTranslation
from municipium.events.services import events as services

from .events_support import event_data, make_event, when


def _rows() -> tuple[int, int, int, int]:
    return (
        Event.objects.count(),
        EventTranslation.objects.count(),
        EventMove.objects.count(),
        EventSession.objects.count(),
    )


def test_an_editor_creates_a_draft_with_a_sanitised_text_and_an_ascii_address(world: Any) -> None:
    event = make_event(
        world,
        publish=False,
        description='<p onclick="x()">Текст</p><script>alert(1)</script>',
    )
    assert event.state == "draft"
    assert event.slug == "komunikatsiya-bez-granitsi"
    assert event.time_zone == "Europe/Sofia"
    text = event.translations.get()
    assert "script" not in text.description and "onclick" not in text.description
    assert AuditEntry.objects.filter(action="event.create").count() == 1


def test_a_polish_organisation_s_events_are_in_warsaw_time(world: Any) -> None:
    event = services.event_create(
        organisation=world.org_b,
        actor=world.communications_b,
        data=event_data(
            texts={"pl": services.EventText(title="Konferencja podsumowująca")}, languages=["pl"]
        ),
    )
    assert event.time_zone == "Europe/Warsaw"
    assert event.slug == "konferencja-podsumowujaca"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"starts_at": when(30, 17), "ends_at": when(30, 9)}, "ends_at"),
        ({"capacity": -1}, "capacity"),
        ({"kind": "party"}, "kind"),
        ({"registration_opens_at": when(5), "registration_closes_at": when(4)},
         "registration_closes_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"slug": "Not An Address"}, "slug"),
        ({"slug": "confirm"}, "slug"),
        ({"title": "", "summary": ""}, "title_bg"),
        ({"town": "x" * 500}, "town"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_the_field_named_and_nothing_changes(
    world: Any, extra: dict[str, Any], field: str
) -> None:
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        make_event(world, publish=False, **extra)
    assert field in refused.value.message_dict
    assert _rows() == before


def test_a_co_organiser_must_be_another_organisation(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        make_event(world, publish=False, co_organisers=[world.org_a])
    assert "co_organisers" in refused.value.message_dict


def test_moving_a_published_event_keeps_the_old_dates_and_raises_the_sequence(
    world: Any,
) -> None:
    event = make_event(world)
    old_start, sequence = event.starts_at, event.sequence
    moved = services.event_update(
        event=event,
        actor=world.communications_a,
        data=event_data(starts_at=when(40, 9), ends_at=when(41, 17)),
        reason="Залата е заета",
    )
    assert moved.starts_at == when(40, 9)
    assert moved.sequence > sequence
    move = moved.moves.get()
    assert move.old_starts_at == old_start and move.reason == "Залата е заета"
    assert AuditEntry.objects.filter(action="event.move").count() == 1


def test_a_cancelled_event_stays_public_and_cannot_be_changed(world: Any) -> None:
    event = make_event(world)
    event = services.event_cancel(event=event, actor=world.communications_a, reason="Болест")
    assert event.state == "cancelled" and event.is_public
    before = _rows()
    with pytest.raises(ValidationError):
        services.event_update(event=event, actor=world.communications_a, data=event_data())
    with pytest.raises(ValidationError):
        services.event_publish(event=event, actor=world.communications_a)
    assert _rows() == before


def test_sessions_must_fall_within_the_event_days(world: Any) -> None:
    event = make_event(world)
    session = services.session_add(
        event=event,
        actor=world.communications_a,
        starts_at=when(30, 9),
        ends_at=when(30, 10),
        title="Откриване",
        room="Зала 1",
        speakers=[services.Speaker(name="Мария Иванова", role="председател", organisation="НСОРБ")],
    )
    assert session.speakers == [
        {"name": "Мария Иванова", "role": "председател", "organisation": "НСОРБ"}
    ]
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        services.session_add(
            event=event,
            actor=world.communications_a,
            starts_at=when(35, 9),
            ends_at=when(35, 10),
            title="Извън събитието",
        )
    assert "starts_at" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.session_add(
            event=event,
            actor=world.communications_a,
            starts_at=when(30, 11),
            ends_at=when(30, 10),
            title="Наобратно",
        )
    assert "ends_at" in refused.value.message_dict
    assert _rows() == before
