"""Helpers of the pages' tests: pages made through the services, as staff would."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from municipium.newsroom.models import Page
from municipium.newsroom.services.pages import PageText, page_create, page_publish, page_text_save


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def make_page(
    world: Any,
    title: str = "За нас",
    slug: str = "za-nas",
    *,
    body: str = "<p>Общината е основана през 1880 г.</p>",
    parent: Page | None = None,
    publish: bool = True,
    language: str = "bg",
    organisation: Any = None,
    **extra: Any,
) -> Page:
    organisation = organisation or world.org_a
    page = page_create(
        organisation=organisation,
        actor=world.communications_a,
        text=PageText(language=language, title=title, slug=slug, body=body),
        parent=parent,
        **extra,
    )
    if publish:
        page_publish(page=page, actor=world.communications_a)
    return page


def add_text(world: Any, page: Page, language: str, title: str, slug: str, body: str = "") -> None:
    page_text_save(
        page=page,
        actor=world.communications_a,
        text=PageText(language=language, title=title, slug=slug, body=body),
    )
