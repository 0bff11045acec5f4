"""Reads of the news: the public ones (published items of an organisation, or of all of
them) and the office's (every item of the scope's organisation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from municipium.tenants.models import Organisation
from municipium.tenants.scoping import Scope

from ..models.news import NewsItem, NewsKind, NewsState, NewsTag, NewsTranslation, NewsVersion

EDITORS = ("communications",)  # admin implies every role (Scope.has)
PAGE_SIZE = 10
MAX_PAGE = 1000


def _with_related(items: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
    return items.select_related(
        "organisation", "lead_image__organisation", "author"
    ).prefetch_related(
        Prefetch("translations", queryset=NewsTranslation.objects.order_by("language")),
        Prefetch("tags", queryset=NewsTag.objects.order_by("name")),
    )


def public_news(organisation: Organisation | None = None) -> QuerySet[NewsItem]:
    """The published items (of one organisation, or of every active one), newest first."""
    items = NewsItem.objects.filter(state=NewsState.PUBLISHED, organisation__is_active=True)
    if organisation is not None:
        items = items.filter(organisation=organisation)
    return _with_related(items).order_by("-published_at", "-id")


def has_public_news(organisation: Organisation) -> bool:
    return NewsItem.objects.filter(organisation=organisation, state=NewsState.PUBLISHED).exists()


@dataclass(frozen=True)
class NewsFilters:
    kind: str = ""
    tag: str = ""
    year: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, data: Any) -> NewsFilters:
        """From a query string: unknown values are ignored (a public page never fails on them)."""
        kind = data.get("kind", "")
        tag = str(data.get("tag", ""))[:60]
        year = _number(data.get("year"), 1900, 2999)
        month = _number(data.get("month"), 1, 12) if year else None
        return cls(kind=kind if kind in NewsKind.values else "", tag=tag, year=year, month=month)

    def apply(self, items: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
        if self.kind:
            items = items.filter(kind=self.kind)
        if self.tag:
            items = items.filter(tags__slug=self.tag)
        if self.year:
            start = datetime(self.year, self.month or 1, 1, tzinfo=timezone.get_current_timezone())
            if self.month:
                end_month = (self.year + (self.month == 12), self.month % 12 + 1)
            else:
                end_month = (self.year + 1, 1)
            end = datetime(*end_month, 1, tzinfo=timezone.get_current_timezone())
            items = items.filter(published_at__gte=start, published_at__lt=end)
        return items

    def query(self) -> dict[str, str]:
        values = {"kind": self.kind, "tag": self.tag, "year": self.year, "month": self.month}
        return {k: str(v) for k, v in values.items() if v}


def _number(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def years_of(organisation: Organisation) -> list[int]:
    dates = NewsItem.objects.filter(organisation=organisation, state=NewsState.PUBLISHED).dates(
        "published_at", "year", order="DESC"
    )
    return [d.year for d in dates]


def tags_of(organisation: Organisation) -> QuerySet[NewsTag]:
    """The tags of the organisation's published items."""
    return (
        NewsTag.objects.filter(organisation=organisation, items__state=NewsState.PUBLISHED)
        .distinct()
        .order_by("name")
    )


def public_translation(organisation: Organisation, slug: str) -> NewsTranslation:
    """The published item's translation at this address, or 404."""
    translation = (
        NewsTranslation.objects.filter(
            organisation=organisation, slug=slug[:200], item__state=NewsState.PUBLISHED
        )
        .select_related(
            "item__organisation",
            "item__author",
            "item__published_by",
            "item__approved_by",
            "item__lead_image__organisation",
        )
        .first()
    )
    if translation is None:
        raise Http404
    item = translation.item
    # One query each for what the page shows of the item.
    item._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "translations": NewsTranslation.objects.filter(item=item).order_by("language"),
        "tags": NewsTag.objects.filter(items=item).order_by("name"),
        "attachments": item.attachments.select_related("organisation").order_by("id"),
    }
    for name in ("translations", "tags", "attachments"):
        item._prefetched_objects_cache[name] = list(item._prefetched_objects_cache[name])
    return translation


def versions_of(item: NewsItem) -> QuerySet[NewsVersion]:
    return item.versions.select_related("created_by").order_by("-number")


def version_of(item: NewsItem, number: Any) -> NewsVersion:
    found = _number(number, 1, 10**9)
    version = (
        item.versions.filter(number=found).select_related("created_by").first() if found else None
    )
    if version is None:
        raise Http404
    return version


# --- the office ------------------------------------------------------------------------------


def office_news(scope: Scope, state: str = "") -> QuerySet[NewsItem]:
    items = scope.filter(NewsItem.objects.all())
    if state in NewsState.values:
        items = items.filter(state=state)
    return _with_related(items).order_by("-updated_at", "-id")


def office_item(scope: Scope, item_id: Any) -> NewsItem:
    item = scope.get(
        NewsItem.objects.select_related(
            "organisation", "author", "lead_image", "published_by", "approved_by"
        ),
        pk=item_id,
    )
    return item

