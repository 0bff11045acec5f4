from django.urls import path

from .views import newsletter

app_name = "newsroom"

urlpatterns: list = [
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
