"""The reminder the day before: the worker's periodic job e-mails each confirmed participant of
an event starting within a day, once, through a real SMTP server; nobody waiting, cancelled or
of another event is reminded; a failed sending is tried again at the next run."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from municipium.events.models import Registration
from municipium.events.services import registrations as registration_services
from municipium.events.tasks import remind_due
from municipium.periodic import periodic_jobs

from .events_support import make_event


def _register(event: Any, actor: Any, n: int) -> list[Registration]:
    return [
        registration_services.registration_add(
            event=event, actor=actor, name=f"Участник {i}", email=f"p{i}-{event.pk}@example.org"
        ).registration
        for i in range(n)
    ]


def test_the_reminder_goes_once_the_day_before(world: Any, smtp_server: Any) -> None:
    now = timezone.now()
    tomorrow = make_event(
        world,
        capacity=2,
        starts_at=now + timedelta(hours=20),
        ends_at=now + timedelta(hours=28),
        online_url="https://meet.example.org/room",
    )
    later = make_event(
        world,
        title="Друг семинар",
        capacity=5,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=4),
    )
    first, second, waiting = _register(tomorrow, world.communications_a, 3)
    _register(later, world.communications_a, 1)
    assert waiting.status == "waitlisted"
    registration_services.registration_cancel(organisation=world.org_a, secret=second.secret)
    # The cancellation promoted the waiting one: two confirmed now, first and waiting.

    assert remind_due() == 2
    got = sorted(m.recipients[0] for m in smtp_server.messages)
    assert got == sorted([first.email, waiting.email])
    mail = smtp_server.messages[0]
    assert mail.subject.startswith("Утре:") or "Tomorrow" in mail.subject
    assert "https://meet.example.org/room" in mail.body
    assert "/alpha/events/cancel/" in mail.body
    attachments = [part.get_filename() for part in mail.message.iter_attachments()]
    assert attachments == ["event.ics"]

    # Once per registration: the next run sends nothing.
    assert remind_due() == 0
    assert len(smtp_server.messages) == 2
    assert Registration.objects.filter(event=tomorrow, reminded_at__isnull=False).count() == 2


def test_a_reminder_that_could_not_go_is_tried_again(world: Any, settings: Any) -> None:
    now = timezone.now()
    event = make_event(world, starts_at=now + timedelta(hours=5), ends_at=now + timedelta(hours=8))
    (row,) = _register(event, world.communications_a, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert remind_due() == 0
    row.refresh_from_db()
    assert row.reminded_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert remind_due() == 1
    row.refresh_from_db()
    assert row.reminded_at is not None


def test_the_worker_runs_the_reminders() -> None:
    assert "municipium.events.tasks.send_event_reminders" in {j.path for j in periodic_jobs()}
