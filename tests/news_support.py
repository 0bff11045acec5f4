"""Helpers of the news tests: an item written and published in a few words."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from municipium.newsroom.services.news import NewsText, news_create, news_publish


def write(
    world: Any,
    title: str = "Новият парк отваря",
    *,
    org: Any = None,
    author: Any = None,
    body: str = "<p>Паркът в центъра отваря врати в събота.</p>",
    lead: str = "Събота, 10 ч.",
    kind: str = "news",
    tags: tuple[str, ...] = (),
    language: str = "bg",
    more: dict[str, NewsText] | None = None,
    **extra: Any,
) -> Any:
    texts = {language: NewsText(title=title, lead=lead, body=body), **(more or {})}
    return news_create(
        organisation=org or world.org_a,
        actor=author or world.communications_a,
        kind=kind,
        texts=texts,
        tags=list(tags),
        **extra,
    )


def published(
    world: Any, title: str = "Новият парк отваря", *, at: datetime | None = None, **kwargs: Any
) -> Any:
    item = write(world, title, publish_at=at, **kwargs)
    publisher = kwargs.get("author") or world.communications_a
    return news_publish(item=item, actor=publisher)
