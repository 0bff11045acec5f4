"""What the news add to the public sites: the "lead news and latest news" section of an
organisation's home page, the installation home's latest news of every organisation, the
menu link "News" (only for an organisation with published news), and the office menu entry.
Registered by NewsroomConfig.ready()."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipium.tenants.models import Organisation, Role
from municipium.tenants.navigation import OFFICE_NAV, NavItem
from municipium.tenants.public import (
    MenuLink,
    MenuSource,
    Section,
    register_home_section,
    register_menu_source,
    register_site_section,
)

from .digest import MAX_ITEMS_PER_SOURCE, DigestItem, register_digest_source
from .queries.news import has_public_news, public_news

HOME_LATEST = 5
SITE_LATEST = 8


def _rows(items: list[Any], language: str) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        text = item.translation(language)
        if text is not None:
            rows.append({"item": item, "text": text})
    return rows


def home_news(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    assert organisation is not None
    rows = _rows(list(public_news(organisation)[: HOME_LATEST + 1]), language)
    if not rows:
        return None
    return {
        "lead": rows[0],
        "latest": rows[1:],
        "list_url": reverse("newsroom:news_list", kwargs={"org": organisation.slug}),
    }


def site_news(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    rows = _rows(list(public_news(None)[:SITE_LATEST]), language)
    if not rows:
        return None
    return {"latest": rows, "feed_url": reverse("newsroom:all_news_feed")}


def news_links(organisation: Organisation, language: str) -> list[MenuLink]:
    if not has_public_news(organisation):
        return []
    url = reverse("newsroom:news_list", kwargs={"org": organisation.slug})
    return [MenuLink(key="news", label=_("News"), url=url)]


def news_for_digest(
    organisation: Organisation, since: datetime, until: datetime, language: str
) -> list[DigestItem]:
    """The newsletter's news: what the organisation published in [since, until), newest
    first, in the subscriber's language or else the organisation's main one."""
    items = public_news(organisation).filter(published_at__gte=since, published_at__lt=until)
    found = []
    for item in items[:MAX_ITEMS_PER_SOURCE]:
        text = item.translation(language)
        if text is None or item.published_at is None:
            continue
        found.append(
            DigestItem(
                title=text.title,
                lead=text.lead,
                url=settings.SITE_URL + text.get_absolute_url(),
                published_at=item.published_at,
            )
        )
    return found


def register() -> None:
    register_home_section(
        Section(key="news", order=10, template="newsroom/news/_home.html", context=home_news)
    )
    register_site_section(
        Section(key="news", order=20, template="newsroom/news/_site.html", context=site_news)
    )
    register_menu_source(MenuSource(key="news", order=20, links=news_links))
    register_digest_source("news", items=news_for_digest)
    entry = NavItem(gettext_lazy("News"), "newsroom:news_office", frozenset({Role.COMMUNICATIONS}))
    if all(existing.url_name != entry.url_name for existing in OFFICE_NAV):
        OFFICE_NAV.append(entry)
