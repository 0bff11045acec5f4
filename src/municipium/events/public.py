"""What events add to the public sites: the "upcoming events" section of an organisation's
home page, the menu link "Events" (only for an organisation with published events, its own
or co-organised), the newsletter's digest source, and the office menu entry. Registered by
EventsConfig.ready()."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipium.newsroom.digest import MAX_ITEMS_PER_SOURCE, DigestItem, register_digest_source
from municipium.tenants.models import Organisation, Role
from municipium.tenants.navigation import OFFICE_NAV, NavItem
from municipium.tenants.public import (
    MenuLink,
    MenuSource,
    Section,
    register_home_section,
    register_menu_source,
)

from .models.events import EventState
from .queries.events import has_public_events, public_events, upcoming

HOME_UPCOMING = 5


def rows_of(events: list[Any], language: str) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        text = event.translation(language)
        if text is not None:
            rows.append({"event": event, "text": text})
    return rows


def home_events(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    assert organisation is not None
    events = upcoming(public_events(organisation).filter(state=EventState.PUBLISHED))
    rows = rows_of(list(events[:HOME_UPCOMING]), language)
    if not rows:
        return None
    return {
        "rows": rows,
        "list_url": reverse("events:list", kwargs={"org": organisation.slug}),
    }


def events_links(organisation: Organisation, language: str) -> list[MenuLink]:
    if not has_public_events(organisation):
        return []
    url = reverse("events:list", kwargs={"org": organisation.slug})
    return [MenuLink(key="events", label=_("Events"), url=url)]


def events_for_digest(
    organisation: Organisation, since: datetime, until: datetime, language: str
) -> list[DigestItem]:
    """The newsletter's events: those the organisation (or a co-organiser) published in
    [since, until), newest first."""
    events = (
        public_events(organisation)
        .filter(state=EventState.PUBLISHED, published_at__gte=since, published_at__lt=until)
        .order_by("-published_at", "-id")
    )
    found = []
    for event in events[:MAX_ITEMS_PER_SOURCE]:
        text = event.translation(language)
        if text is None or event.published_at is None:
            continue
        found.append(
            DigestItem(
                title=text.title,
                lead=text.summary,
                url=settings.SITE_URL + event.get_absolute_url(),
                published_at=event.published_at,
            )
        )
    return found


def register() -> None:
    register_home_section(
        Section(key="events", order=15, template="events/_home.html", context=home_events)
    )
    register_menu_source(MenuSource(key="events", order=25, links=events_links))
    register_digest_source("events", items=events_for_digest)
    entry = NavItem(gettext_lazy("Events"), "events:office", frozenset({Role.COMMUNICATIONS}))
    if all(existing.url_name != entry.url_name for existing in OFFICE_NAV):
        OFFICE_NAV.append(entry)
