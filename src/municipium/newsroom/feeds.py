"""Atom 1.0 feeds of published news (Django's syndication framework): one per organisation
at /<org>/news/feed.atom and one of every organisation at /news/feed.atom. Served through
the whole-page cache of public pages, so they cost nothing until something is published."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from .models.news import NewsItem, NewsTranslation
from .queries.news import public_news

FEED_ITEMS = 30


class NewsAtomFeed(Atom1Feed):
    """Atom with each entry's own language (`xml:lang`): an item is in the language of its
    text, which may differ from the feed's."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, Any]:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class _NewsFeed(Feed):
    feed_type = NewsAtomFeed

    def _text(self, item: NewsItem) -> NewsTranslation:
        translation = item.translation(get_language())
        assert translation is not None  # a published item has a translation
        return translation

    def items(self, obj: Any) -> list[NewsItem]:
        return [i for i in public_news(obj)[:FEED_ITEMS] if i.translations.all()]

    def item_title(self, item: NewsItem) -> str:
        return self._text(item).title

    def item_description(self, item: NewsItem) -> str:
        return self._text(item).lead

    def item_link(self, item: NewsItem) -> str:
        return self._text(item).get_absolute_url()

    def item_guid(self, item: NewsItem) -> str:
        # A stable id (RFC 4151 tag URI) that does not change with the item's address.
        created = item.created_at.date().isoformat()
        return f"tag:municipium,{created}:news/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsItem) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> datetime | None:
        return item.changed_at or item.published_at

    def item_author_name(self, item: NewsItem) -> str:
        return item.responsible_text

    def item_categories(self, item: NewsItem) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item: NewsItem) -> dict[str, Any]:
        return {"language": self._text(item).language}


class OrganisationNewsFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return request.scope.organisation  # type: ignore[attr-defined]

    def title(self, obj: Any) -> str:
        return _("News of %s") % obj.name

    def link(self, obj: Any) -> str:
        return reverse("newsroom:news_list", kwargs={"org": obj.slug})

    def feed_url(self, obj: Any) -> str:
        return reverse("newsroom:news_feed", kwargs={"org": obj.slug})

    def subtitle(self, obj: Any) -> str:
        return obj.description[:300]


class AllNewsFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return None

    def title(self) -> str:
        return _("News of all organisations")

    def link(self) -> str:
        return reverse("home")

    def feed_url(self) -> str:
        return reverse("newsroom:all_news_feed")

    def item_title(self, item: NewsItem) -> str:
        return f"{self._text(item).title} ({item.organisation.name})"


_organisation_feed = OrganisationNewsFeed()
_all_feed = AllNewsFeed()


@org_view(public=True)
@public_page
def organisation_feed(request: HttpRequest) -> HttpResponse:
    return _organisation_feed(request)


@public_page
def all_feed(request: HttpRequest) -> HttpResponse:
    return _all_feed(request)
