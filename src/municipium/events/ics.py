"""iCalendar (RFC 5545) for events, with the `icalendar` library: one event, an organisation's
events, the installation's. The UID never changes; SEQUENCE follows the event's changes;
a cancelled event is STATUS:CANCELLED; times carry their time zone (with its VTIMEZONE).

A calendar of thousands of events is assembled from each event's VEVENT, serialised once by
the library and kept in the cache under the event's id, SEQUENCE (raised by every change),
last change, language and address, so a cache miss of a filtered `.ics` only serialises the
events that changed; each time zone's VTIMEZONE is built once per process."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from .models.events import Event

PRODID = "-//Municipium//Events//EN"
FRAGMENT_SECONDS = 7 * 24 * 3600
END = b"END:VCALENDAR\r\n"


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


def _fragment_key(pk: int, sequence: int, changed: Any, slug: str, org: str, main: str,
                  language: str) -> str:  # fmt: skip
    stamp = changed.timestamp() if changed else 0
    return f"events:vevent:{pk}:{sequence}:{stamp}:{language}:{org}:{main}:{slug}"


def _key_of(event: Event, language: str) -> str:
    organisation = event.organisation
    return _fragment_key(
        event.pk,
        event.sequence,
        event.updated_at,
        event.slug,
        organisation.slug,
        organisation.main_language,
        language,
    )


KEY_FIELDS = (
    "pk",
    "sequence",
    "updated_at",
    "slug",
    "organisation__slug",
    "organisation__languages",
    "time_zone",
)


def _main(languages: list[str] | None) -> str:
    """`Organisation.main_language` from the stored list."""
    return languages[0] if languages else settings.LANGUAGE_CODE


@lru_cache(maxsize=64)
def _vtimezone(tzid: str) -> bytes:
    """The zone's VTIMEZONE as `Calendar.add_missing_timezones` writes it (its default span)."""
    return bytes(Timezone.from_tzid(tzid).to_ical())


def _assemble(blocks: list[bytes], zones: Iterable[str], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    head = bytes(calendar.to_ical())
    assert head.endswith(END)
    return b"".join([head[: -len(END)], *(_vtimezone(z) for z in zones), *blocks, END])


def calendar_of(events: Iterable[Event], language: str, name: str = "") -> bytes:
    """The calendar of these (loaded) events, each VEVENT from the cache when unchanged."""
    events = list(events)
    keys = [_key_of(event, language) for event in events]
    cached = cache.get_many(keys) if events else {}
    fresh: dict[str, bytes] = {}
    blocks: list[bytes] = []
    for event, key in zip(events, keys, strict=True):
        block = cached.get(key)
        if block is None:
            block = fresh[key] = bytes(_vevent(event, language).to_ical())
        blocks.append(block)
    if fresh:
        cache.set_many(fresh, FRAGMENT_SECONDS)
    return _assemble(blocks, dict.fromkeys(e.time_zone for e in events), name)


def calendar_of_query(events: QuerySet[Event], limit: int, language: str, name: str) -> bytes:
    """The calendar of the first `limit` events of a query: one narrow query for what makes
    each event's cache key, the cached VEVENTs, and only the events missing from the cache
    loaded whole (with their texts) and serialised — so a feed of thousands of unchanged
    events costs a query and a cache read, not thousands of serialisations."""
    rows = list(events.select_related(None).prefetch_related(None).values_list(*KEY_FIELDS)[:limit])
    keys = {
        pk: _fragment_key(pk, sequence, changed, slug, org, _main(languages), language)
        for pk, sequence, changed, slug, org, languages, _zone in rows
    }
    cached = cache.get_many(list(keys.values())) if rows else {}
    missing = [pk for pk, key in keys.items() if key not in cached]
    fresh: dict[str, bytes] = {}
    if missing:
        loaded = Event.objects.filter(pk__in=missing).select_related("organisation")
        for event in loaded.prefetch_related("translations"):
            fresh[_key_of(event, language)] = bytes(_vevent(event, language).to_ical())
        cache.set_many(fresh, FRAGMENT_SECONDS)
    blocks = []
    for key in keys.values():
        block = cached.get(key) or fresh.get(key)
        if block is not None:  # changed between the two queries: left for the next build
            blocks.append(block)
    return _assemble(blocks, dict.fromkeys(row[6] for row in rows), name)


def ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
