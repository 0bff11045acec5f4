"""What a newsletter digest is made of: the apps with something new to tell (news, events, …)
register a digest source, and the digest asks each of them for the items an organisation
published in a time window, in a language.

    register_digest_source("news", items=news_for_digest)

`items(organisation, since, until, language)` returns the items published in [since, until)
in that language (or in the organisation's main language when the item has no translation),
newest first, each with an absolute URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from municipium.tenants.models import Organisation

# An edition lists at most this many items of each source (the rest is one link away).
MAX_ITEMS_PER_SOURCE = 20


@dataclass(frozen=True)
class DigestItem:
    title: str
    lead: str
    url: str  # absolute: it is read in a mail client
    published_at: datetime


ItemsFunction = Callable[[Organisation, datetime, datetime, str], list[DigestItem]]


@dataclass(frozen=True)
class DigestSource:
    key: str
    items: ItemsFunction


DIGEST_SOURCES: dict[str, DigestSource] = {}


def register_digest_source(key: str, items: ItemsFunction) -> None:
    DIGEST_SOURCES[key] = DigestSource(key=key, items=items)


def unregister_digest_source(key: str) -> None:
    DIGEST_SOURCES.pop(key, None)


def digest_items(
    organisation: Organisation, since: datetime, until: datetime, language: str
) -> list[dict[str, str]]:
    """Every source's items of the window, as plain data to freeze in an edition."""
    found: list[dict[str, str]] = []
    for source in sorted(DIGEST_SOURCES.values(), key=lambda s: s.key):
        items = source.items(organisation, since, until, language)[:MAX_ITEMS_PER_SOURCE]
        for item in items:
            found.append(
                {
                    "source": source.key,
                    "title": item.title[:300],
                    "lead": item.lead[:1000],
                    "url": item.url[:2000],
                    "published_at": item.published_at.isoformat(),
                }
            )
    return found
