"""The events' periodic job: the reminder e-mail the day before, once per registration."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from .models.events import EventState
from .models.registrations import Registration, RegistrationStatus

# An event starting within this window from now is "tomorrow": its confirmed participants get
# their reminder (the job runs every 15 minutes, so each gets it about a day before).
REMINDER_AHEAD = timedelta(hours=24)


def remind_due(now: datetime | None = None) -> int:
    """Send the reminders due; each registration is claimed (reminded_at set) in its own
    short write before its e-mail goes, so two workers never send the same reminder. A
    reminder whose sending failed is released to be tried at the next run."""
    from . import mail

    now = now or timezone.now()
    due = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            event__state=EventState.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_AHEAD,
        )
        .order_by("event_id", "pk")
        .values_list("pk", flat=True)[:2_000]
    )
    claimed = [
        pk
        for pk in due
        if Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now)
    ]
    sent = mail.send_reminders(claimed)
    if claimed and not sent:
        Registration.objects.filter(pk__in=claimed, reminded_at=now).update(reminded_at=None)
    return sent


@task()
def send_event_reminders() -> int:
    """Remind confirmed participants the day before their event."""
    return remind_due()
