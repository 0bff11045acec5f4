"""Every read of events: public ones (an organisation's own and those it co-organises, the
installation's calendar with its filters), and the office's (scoped to the organisation)."""

from __future__ import annotations

import calendar as calendar_module
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from municipium.tenants.models import Organisation
from municipium.tenants.scoping import Scope

from ..models.events import Event, EventKind, EventSession, EventState
from ..models.registrations import Registration

PAGE_SIZE = 20
MAX_PAGE = 1_000
CALENDAR_MAX = 2_000  # events in one .ics or one month (bounded whatever the data)
PUBLIC_STATES = (EventState.PUBLISHED, EventState.CANCELLED)


def _with_texts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("organisation").prefetch_related(
        "translations",
        Prefetch("co_organisers", queryset=Organisation.objects.only("slug", "name", "short_name")),
    )


def with_registration_for(events: QuerySet[Event]) -> QuerySet[Event]:
    """Also the organisations whose members alone may register (for the API's lists)."""
    return events.prefetch_related(
        Prefetch(
            "registration_for", queryset=Organisation.objects.only("slug", "name", "short_name")
        )
    )


def public_events(organisation: Organisation | None) -> QuerySet[Event]:
    """Published (and cancelled) events of an organisation, as owner or co-organiser; of the
    whole installation when None."""
    events = Event.objects.filter(state__in=PUBLIC_STATES, organisation__is_active=True)
    if organisation is not None:
        events = events.filter(
            Q(organisation=organisation) | Q(co_organisers=organisation)
        ).distinct()
    return _with_texts(events).order_by("starts_at", "id")


def has_public_events(organisation: Organisation) -> bool:
    return (
        Event.objects.filter(state=EventState.PUBLISHED)
        .filter(Q(organisation=organisation) | Q(co_organisers=organisation))
        .exists()
    )


def upcoming(events: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    return events.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")


def past(events: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    return events.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")


def public_event(organisation: Organisation, slug: str) -> Event:
    """The organisation's own public event at `slug`, with its programme; 404 otherwise."""
    event = (
        _with_texts(Event.objects.filter(organisation=organisation, state__in=PUBLIC_STATES))
        .prefetch_related(
            Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "id")),
            "moves",
        )
        .filter(slug=slug[:200])
        .first()
    )
    if event is None:
        raise Http404
    return event


@dataclass(frozen=True)
class CalendarFilters:
    """The calendar's filters, from the query string (anything unknown is ignored)."""

    organisation: str = ""
    kind: str = ""
    town: str = ""
    language: str = ""
    when: str = ""  # "", "upcoming" or "past"

    @classmethod
    def parse(cls, query: QueryDict) -> CalendarFilters:
        kind = query.get("kind", "")
        language = query.get("language", "")
        when = query.get("when", "")
        return cls(
            organisation=query.get("org", "")[:50],
            kind=kind if kind in EventKind.values else "",
            town=" ".join(query.get("town", "").split())[:120],
            language=language if language in dict(settings.LANGUAGES) else "",
            when=when if when in ("upcoming", "past") else "",
        )

    def apply(self, events: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
        if self.organisation:
            events = events.filter(
                Q(organisation__slug=self.organisation) | Q(co_organisers__slug=self.organisation)
            ).distinct()
        if self.kind:
            events = events.filter(kind=self.kind)
        if self.town:
            events = events.filter(town__iexact=self.town)
        if self.when == "upcoming":
            events = upcoming(events, now)
        elif self.when == "past":
            events = past(events, now)
        return events

    def query(self) -> dict[str, str]:
        found = {
            "org": self.organisation,
            "kind": self.kind,
            "town": self.town,
            "language": self.language,
            "when": self.when,
        }
        return {key: value for key, value in found.items() if value}


def language_filter_supported() -> bool:
    from django.db import connection

    return connection.features.supports_json_field_contains


def apply_language(events: QuerySet[Event], language: str) -> QuerySet[Event]:
    """Events held in `language` (JSON containment where the database has it, else a text
    match on the stored list, which holds only language codes)."""
    if language_filter_supported():
        return events.filter(languages__contains=[language])
    return events.filter(languages__icontains=f'"{language}"')


def filtered(events: QuerySet[Event], filters: CalendarFilters) -> QuerySet[Event]:
    language = filters.language
    events = CalendarFilters(
        organisation=filters.organisation, kind=filters.kind, town=filters.town, when=filters.when
    ).apply(events)
    return apply_language(events, language) if language else events


def towns() -> list[str]:
    return sorted(
        set(
            Event.objects.filter(state__in=PUBLIC_STATES)
            .exclude(town="")
            .values_list("town", flat=True)
            .distinct()[:500]
        )
    )


def calendar_organisations() -> list[Organisation]:
    return list(
        Organisation.objects.filter(is_active=True, events__state__in=PUBLIC_STATES)
        .distinct()
        .only("slug", "name", "short_name")
        .order_by("name")
    )


def month_of(value: str, today: date) -> date:
    """The first day of the month `YYYY-MM`, or of the current month."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def month_grid(
    events: QuerySet[Event], first: date, zone: Any
) -> tuple[list[list[dict[str, Any]]], list[Event]]:
    """The weeks of the month (Monday first), each day with the events on it (multi-day ones
    on each of their days), and the month's events in order."""
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = timezone.make_aware(datetime.combine(weeks[0][0], time.min), zone)
    end = timezone.make_aware(datetime.combine(weeks[-1][-1] + timedelta(days=1), time.min), zone)
    found = list(
        events.filter(starts_at__lt=end, ends_at__gte=start).order_by("starts_at", "id")[
            :CALENDAR_MAX
        ]
    )
    by_day: dict[date, list[Event]] = {}
    for event in found:
        day = max(event.starts_at.astimezone(zone).date(), weeks[0][0])
        last = min(event.ends_at.astimezone(zone).date(), weeks[-1][-1])
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    grid = [
        [{"day": day, "in_month": day.month == first.month, "events": by_day.get(day, [])}
         for day in week]
        for week in weeks
    ]  # fmt: skip
    last_day = first.replace(day=calendar_module.monthrange(first.year, first.month)[1])
    in_month = [
        event
        for event in found
        if event.starts_at.astimezone(zone).date() <= last_day
        and event.ends_at.astimezone(zone).date() >= first
    ]
    return grid, in_month


# --- the office -----------------------------------------------------------------------------


def office_events(scope: Scope, state: str = "") -> QuerySet[Event]:
    events = scope.filter(Event.objects.all())
    if state in EventState.values:
        events = events.filter(state=state)
    return _with_texts(events).select_related("created_by").order_by("-starts_at", "-id")


def office_event(scope: Scope, event_id: int) -> Event:
    return scope.get(
        _with_texts(Event.objects.all()).prefetch_related(
            Prefetch("sessions", queryset=EventSession.objects.order_by("starts_at", "id")),
            "moves",
        ),
        pk=event_id,
    )


def participants(event: Event, status: str = "") -> QuerySet[Registration]:
    rows = Registration.objects.filter(event=event)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("status", "queue", "created_at", "id")
