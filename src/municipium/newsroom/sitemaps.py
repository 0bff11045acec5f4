"""The installation's sitemap.xml (Django's sitemaps framework): `SECTIONS` is a dict other
apps add their section to (`SECTIONS["pages"] = PagesSitemap()`, in their AppConfig.ready())."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from municipium.tenants.models import Organisation
from municipium.tenants.public import public_page

from .models.news import NewsState, NewsTranslation


class OrganisationSitemap(Sitemap):
    """Every active organisation's home page."""

    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Organisation]:
        return Organisation.objects.filter(is_active=True).order_by("slug")

    def location(self, item: Organisation) -> str:
        return reverse("tenants:public_home", kwargs={"org": item.slug})


class NewsSitemap(Sitemap):
    """Every published news item, each of its languages at its own address."""

    changefreq = "monthly"
    priority = 0.6
    limit = 10_000

    def items(self) -> QuerySet[NewsTranslation]:
        return (
            NewsTranslation.objects.filter(
                item__state=NewsState.PUBLISHED, item__organisation__is_active=True
            )
            .select_related("item__organisation")
            .order_by("-item__published_at", "id")
        )

    def location(self, item: NewsTranslation) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: NewsTranslation) -> datetime | None:
        return item.item.changed_at or item.item.published_at


SECTIONS: dict[str, type[Sitemap] | Sitemap] = {
    "organisations": OrganisationSitemap(),
    "news": NewsSitemap(),
}


@public_page
def sitemap_xml(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return sitemap(request, sitemaps=SECTIONS, template_name="newsroom/news/sitemap.xml", **kwargs)
