"""Capacity is exact under concurrency, on the test database in use (SQLite or PostgreSQL):
many clients registering at once fill exactly the places, the rest wait in a gapless line, and
cancellations promote exactly the next ones."""

from __future__ import annotations

from typing import Any

import pytest

from municipium.audit.services import audit_verify
from municipium.events.models import Registration
from municipium.events.services import registrations as services

from .conftest import run_together
from .events_support import make_event

CLIENTS = 5
EACH = 6
PLACES = 7


@pytest.mark.django_db(transaction=True)
def test_registrations_at_once_fill_exactly_the_places(world: Any) -> None:
    event = make_event(world, capacity=PLACES)

    def client(number: int) -> Any:
        def run() -> None:
            for i in range(EACH):
                services.registration_add(
                    event=event,
                    actor=world.communications_a,
                    name=f"Клиент {number}-{i}",
                    email=f"c{number}-{i}@example.org",
                )

        return run

    run_together(*(client(n) for n in range(CLIENTS)), timeout=300)
    rows = Registration.objects.filter(event=event)
    assert rows.count() == CLIENTS * EACH
    assert rows.filter(status="confirmed").count() == PLACES
    waiting = list(rows.filter(status="waitlisted").order_by("queue"))
    assert [r.queue for r in waiting] == list(range(1, CLIENTS * EACH - PLACES + 1))
    # Arrival order: whoever waited first registered after every confirmed one.
    last_confirmed = max(r.confirmed_at for r in rows.filter(status="confirmed"))
    assert all(r.confirmed_at >= last_confirmed for r in waiting)

    confirmed = list(rows.filter(status="confirmed").order_by("pk"))[:3]

    def canceller(row: Registration) -> Any:
        return lambda: services.registration_cancel(organisation=world.org_a, secret=row.secret)

    run_together(*(canceller(r) for r in confirmed), timeout=300)
    assert rows.filter(status="confirmed").count() == PLACES
    promoted = {r.pk for r in waiting[:3]}
    assert (
        set(
            rows.filter(pk__in=[r.pk for r in waiting], status="confirmed").values_list(
                "pk", flat=True
            )
        )
        == promoted
    )
    assert audit_verify(chain="alpha")[1] == []
