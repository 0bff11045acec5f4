from django.urls import path

from . import feeds, sitemaps
from .views import news

app_name = "newsroom"

urlpatterns: list = [
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("news/feed.atom", feeds.all_feed, name="all_news_feed"),
    path("<slug:org>/news/", news.news_list, name="news_list"),
    path("<slug:org>/news/feed.atom", feeds.organisation_feed, name="news_feed"),
    path("<slug:org>/news/<slug:slug>/", news.news_item, name="news_item"),
    path("<slug:org>/news/<slug:slug>/versions/", news.news_versions, name="news_versions"),
    path("<slug:org>/news/<slug:slug>/versions/compare/", news.news_compare, name="news_compare"),
    path("<slug:org>/office/news/", news.office_list, name="news_office"),
    path("<slug:org>/office/news/new/", news.office_edit, name="news_new"),
    path("<slug:org>/office/news/settings/", news.office_settings, name="news_settings"),
    path("<slug:org>/office/news/<int:item_id>/", news.office_edit, name="news_edit"),
    path(
        "<slug:org>/office/news/<int:item_id>/<slug:action>/",
        news.office_action,
        name="news_action",
    ),
]
