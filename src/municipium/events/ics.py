"""iCalendar (RFC 5545) for events, with the `icalendar` library: one event, an organisation's
events, the installation's. The UID never changes; SEQUENCE follows the event's changes;
a cancelled event is STATUS:CANCELLED; times carry their time zone (with its VTIMEZONE)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .models.events import Event

PRODID = "-//Municipium//Events//EN"


def uid_of(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "municipium"
    return f"{event.uid}@{host}"


def place_of(event: Event) -> str:
    return ", ".join(part for part in (event.venue, event.address, event.town) if part)


def _vevent(event: Event, language: str) -> VEvent:
    text = event.translation(language)
    zone = event.zone
    item = VEvent()
    item.add("uid", uid_of(event))
    item.add("dtstamp", event.updated_at or timezone.now())
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    item.add("sequence", event.sequence)
    item.add("summary", text.title if text else event.slug)
    if text and text.summary:
        item.add("description", text.summary)
    place = place_of(event)
    if place:
        item.add("location", place)
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("categories", [event.kind])
    if event.published_at:
        item.add("created", event.published_at)
    item.add("last-modified", event.updated_at or timezone.now())
    return item


def calendar_of(events: Iterable[Event], language: str, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, language))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
