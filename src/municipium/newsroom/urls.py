from django.urls import path

from . import feeds, sitemaps
from .views import news, newsletter, pages

app_name = "newsroom"

urlpatterns: list = [
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("news/feed.atom", feeds.all_feed, name="all_news_feed"),
    # pages
    path("<slug:org>/pages/<str:slug>/", pages.page, name="page"),
    path("<slug:org>/pages/<str:parent>/<str:slug>/", pages.subpage, name="subpage"),
    path("<slug:org>/page/<int:page_id>/", pages.page_by_id, name="page_by_id"),
    path("<slug:org>/contacts/", pages.contacts, name="contacts"),
    path("<slug:org>/office/pages/", pages.office_pages, name="office_pages"),
    path("<slug:org>/office/pages/new/", pages.office_page_new, name="office_page_new"),
    path("<slug:org>/office/pages/<int:page_id>/", pages.office_page, name="office_page"),
    path(
        "<slug:org>/office/pages/<int:page_id>/text/<str:language>/",
        pages.office_page_text,
        name="office_page_text",
    ),
    path(
        "<slug:org>/office/pages/<int:page_id>/<str:action>/",
        pages.office_page_action,
        name="office_page_action",
    ),
    path(
        "<slug:org>/office/pages/<int:page_id>/attachments/<int:attachment_id>/remove/",
        pages.office_attachment_remove,
        name="office_attachment_remove",
    ),
    path("<slug:org>/office/contacts/", pages.office_contacts, name="office_contacts"),
    path("<slug:org>/office/contacts/new/", pages.office_contact, name="office_contact_new"),
    path(
        "<slug:org>/office/contacts/<int:contact_id>/", pages.office_contact, name="office_contact"
    ),
    # news
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
    # newsletter
    path("<slug:org>/newsletter/", newsletter.subscribe, name="newsletter"),
    path(
        "<slug:org>/newsletter/confirm/<str:token>/",
        newsletter.confirm,
        name="newsletter_confirm",
    ),
    path(
        "<slug:org>/newsletter/unsubscribe/<str:token>/",
        newsletter.unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("<slug:org>/office/newsletter/", newsletter.office, name="newsletter_office"),
    path(
        "<slug:org>/office/newsletter/subscribers/",
        newsletter.subscribers,
        name="newsletter_subscribers",
    ),
    path(
        "<slug:org>/office/newsletter/subscribers/export/",
        newsletter.export,
        name="newsletter_export",
    ),
]
