"""What pages add to the rest of the platform: a public menu link per published top-level
page, their entries in the search, and the back office's menu entry. Called from
NewsroomConfig.ready()."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipium.search.types import IndexedItem, SearchableType, register_dependents, register_type
from municipium.tenants.models import Organisation, Role
from municipium.tenants.navigation import OFFICE_NAV, NavItem
from municipium.tenants.public import MenuLink, MenuSource, register_menu_source

from .models.pages import Page, PageState
from .queries import pages as queries

TAG = re.compile(r"<[^>]*>")


def menu_links(organisation: Organisation, language: str) -> list[MenuLink]:
    """One link per published top-level page, titled in the language (or the main one)."""
    links = []
    for page in queries.public_top_pages(organisation):
        text = page.translation(language)
        if text is not None:
            links.append(
                MenuLink(key=f"page:{page.pk}", label=text.title, url=text.get_absolute_url())
            )
    return links


def plain(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def _build(page: Page) -> IndexedItem | None:
    """A published page is found by its titles, summaries and texts in every language; a
    draft (or a sub-page of a draft) leaves the index: whoever searches sees only what the
    public sees."""
    parent_hidden = page.parent is not None and page.parent.state != PageState.PUBLISHED
    texts = list(page.translations.all())
    if page.state != PageState.PUBLISHED or parent_hidden or not texts:
        return None
    main = page.translation(page.organisation.main_language)
    main = main or texts[0]
    bodies = {text.pk: plain(text.body) for text in texts}
    parts = [main.title]  # the title first
    for text in texts:
        parts += [text.title, text.summary, bodies[text.pk]]
    return IndexedItem(
        organisation_id=page.organisation_id,
        title=main.title,
        parts=[part for part in parts if part],
        body=bodies[main.pk],
        date=page.changed_at,
        kind="page",
        status=page.state,
    )


def _pages_of(organisation: Any) -> QuerySet[Page]:
    pages = Page.objects.select_related("organisation", "parent").prefetch_related("translations")
    return pages.filter(organisation=organisation) if organisation is not None else pages


def _url(org_slug: str, page_id: int) -> str:
    return reverse("newsroom:page_by_id", kwargs={"org": org_slug, "page_id": page_id})


PAGE_TYPE = SearchableType(
    name="page",
    label=_("Page"),
    model=Page,
    build=_build,
    objects_of=_pages_of,
    url=_url,
    facet_labels=lambda organisation: {"kind": {"page": str(_("Page"))}},
)

NAV = NavItem(_("Pages"), "newsroom:office_pages", frozenset({Role.COMMUNICATIONS}))


def register() -> None:
    register_menu_source(MenuSource(key="pages", order=10, links=menu_links))
    register_type(PAGE_TYPE)
    # A page taken off the site takes its sub-pages out of the search too.
    register_dependents(Page, lambda page: list(page.children.all()))
    if NAV not in OFFICE_NAV:
        OFFICE_NAV.append(NAV)
