"""Helpers of the events tests: an event of organisation alpha, drafted or published."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from municipium.events.models import Event
from municipium.events.services import events as services

SOFIA = timezone.get_fixed_timezone(120)


def when(days: int, hour: int = 10) -> datetime:
    """A time `days` from now at `hour` (aware)."""
    base = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    return base.replace(hour=hour)


def event_data(**extra: Any) -> services.EventData:
    values: dict[str, Any] = {
        "kind": "seminar",
        "texts": {
            "bg": services.EventText(
                title=extra.pop("title", "Комуникация без граници"),
                summary=extra.pop("summary", "Годишен семинар по връзки с обществеността."),
                description=extra.pop("description", "<p>Програма и общо събрание.</p>"),
            )
        },
        "starts_at": when(30, 9),
        "ends_at": when(30, 17),
        "venue": "Хотел Рила",
        "address": "ул. Света София 6",
        "town": "София",
        "languages": ["bg"],
        "registration_enabled": True,
        "capacity": 3,
    }
    values.update(extra)
    return services.EventData(**values)


def make_event(world: Any, *, publish: bool = True, **extra: Any) -> Event:
    event = services.event_create(
        organisation=extra.pop("organisation", world.org_a),
        actor=extra.pop("actor", world.communications_a),
        data=event_data(**extra),
    )
    if publish:
        event = services.event_publish(event=event, actor=world.communications_a)
    return event
