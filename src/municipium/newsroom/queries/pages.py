"""Reads of pages and contact points: the public ones (published pages only, whoever asks)
and the back office's (scoped to the organisation)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from municipium.tenants.models import Organisation, Role
from municipium.tenants.scoping import Scope

from ..models.pages import (
    ContactPoint,
    OpeningHours,
    Page,
    PageAttachment,
    PageState,
    PageTranslation,
)

EDITOR_ROLES = frozenset({Role.ADMIN, Role.COMMUNICATIONS})


def _texts() -> Any:
    return Prefetch(
        "translations",
        queryset=PageTranslation.objects.select_related("organisation").order_by("language"),
    )


def published_pages(organisation: Organisation) -> QuerySet[Page]:
    """The pages the public sees: published, and (for a sub-page) under a published parent."""
    return (
        Page.objects.filter(organisation=organisation, state=PageState.PUBLISHED)
        .filter(Q(parent__isnull=True) | Q(parent__state=PageState.PUBLISHED))
        .select_related("organisation")
    )


def public_top_pages(organisation: Organisation) -> list[Page]:
    """The published top-level pages in their order, with their texts (two queries)."""
    return list(
        published_pages(organisation).filter(parent__isnull=True).prefetch_related(_texts())
    )


@dataclass(frozen=True)
class Found:
    page: Page
    text: PageTranslation  # the one at the requested address


def _by_slug(pages: QuerySet[Page], slug: str, language: str) -> Found | None:
    """The page with a translation at `slug`: the current language's first, then any."""
    texts = PageTranslation.objects.filter(page__in=pages, slug=slug.lower()).select_related(
        "page", "page__organisation", "organisation"
    )
    found = sorted(texts, key=lambda t: (t.language != language, t.pk))
    if not found:
        return None
    return Found(page=found[0].page, text=found[0])


def public_page(
    organisation: Organisation, slug: str, language: str, parent_slug: str | None = None
) -> Found | None:
    """The published page at /pages/<slug>/ or /pages/<parent_slug>/<slug>/, or None."""
    pages = published_pages(organisation)
    if parent_slug is None:
        return _by_slug(pages.filter(parent__isnull=True), slug, language)
    parent = _by_slug(pages.filter(parent__isnull=True), parent_slug, language)
    if parent is None:
        return None
    found = _by_slug(pages.filter(parent=parent.page), slug, language)
    if found is not None:
        found.page.parent = parent.page
    return found


def page_texts(page: Page) -> list[PageTranslation]:
    """The page's translations (kept on the page, so its `translation()` reads them)."""
    prefetch_related_objects([page], _texts())
    texts = list(page.translations.all())
    if page.parent is not None:
        prefetch_related_objects([page.parent], _texts())
        for text in texts:
            text.parent = page.parent
    return texts


def public_children(page: Page) -> list[Page]:
    """The published sub-pages, with their texts (two queries, whatever their number)."""
    children = list(
        Page.objects.filter(parent=page, state=PageState.PUBLISHED)
        .select_related("organisation")
        .prefetch_related(_texts())
    )
    for child in children:
        child.parent = page
        for text in child.translations.all():
            text.parent = page
    return children


def page_attachments(page: Page) -> list[PageAttachment]:
    return list(page.attachments.select_related("file", "file__file", "file__organisation"))


def contact_points(organisation: Organisation) -> list[ContactPoint]:
    """The organisation's contact points with their opening hours (two queries)."""
    return list(
        ContactPoint.objects.filter(organisation=organisation)
        .select_related("organisation", "unit")
        .prefetch_related(
            Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )
    )


# --- the back office ----------------------------------------------------------------------------


def office_tree(scope: Scope) -> list[tuple[Page, list[Page]]]:
    """Every page of the organisation, drafts too, as (top-level page, its sub-pages)."""
    pages = list(
        scope.filter(Page.objects.all())
        .select_related("organisation", "changed_by")
        .prefetch_related(_texts())
        .order_by("position", "id")
    )
    children: dict[int, list[Page]] = {}
    for page in pages:
        if page.parent_id is not None:
            children.setdefault(page.parent_id, []).append(page)
    return [(page, children.get(page.pk, [])) for page in pages if page.parent_id is None]


def office_page(scope: Scope, page_id: int) -> Page:
    """One page of the organisation, or 404."""
    return scope.get(
        Page.objects.select_related("organisation", "parent", "changed_by", "created_by"),
        pk=page_id,
    )


def office_attachment(scope: Scope, page: Page, attachment_id: int) -> PageAttachment:
    return scope.get(
        PageAttachment.objects.select_related("page", "page__organisation", "file"),
        path="page__organisation",
        page=page,
        pk=attachment_id,
    )


def office_contact(scope: Scope, contact_id: int) -> ContactPoint:
    return scope.get(
        ContactPoint.objects.select_related("organisation", "unit").prefetch_related("hours"),
        pk=contact_id,
    )
