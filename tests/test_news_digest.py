"""Published news are what the newsletter's digest tells: the news of the edition's window,
in the subscriber's language (or the organisation's main one), with their absolute address;
drafts, older news and another organisation's news are left out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from municipium.newsroom.news_public import news_for_digest
from municipium.newsroom.newsletter_tasks import send_newsletters
from municipium.newsroom.services.news import NewsText
from municipium.newsroom.services.newsletter import subscription_confirm, subscription_request

from .conftest import World
from .news_support import published, write


def test_the_window_holds_the_published_news_of_the_organisation_only(
    world: World, settings: Any
) -> None:
    settings.SITE_URL = "https://mun.example.org"
    english = NewsText(title="The new park opens", lead="Saturday, 10 am.")
    item = published(world, "Новият парк отваря", more={"en": english})
    published(world, "Бюджет 2027")
    write(world, "Чернова")
    published(world, "Nowy park", org=world.org_b, author=world.communications_b, language="pl")
    now = timezone.now()
    window = (now - timedelta(hours=1), now + timedelta(seconds=1))

    bulgarian = news_for_digest(world.org_a, *window, "bg")
    assert [i.title for i in bulgarian] == ["Бюджет 2027", "Новият парк отваря"]
    english_items = news_for_digest(world.org_a, *window, "en")
    assert [i.title for i in english_items] == ["Бюджет 2027", "The new park opens"]
    slug = item.translations.get(language="en").slug
    assert english_items[1].url == f"https://mun.example.org/alpha/news/{slug}/"
    assert english_items[1].lead == "Saturday, 10 am."
    assert (
        news_for_digest(world.org_a, now - timedelta(days=9), now - timedelta(days=1), "bg") == []
    )


def test_a_subscriber_gets_the_news_in_the_digest_by_e_mail(
    world: World, smtp_server: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://mun.example.org"
    mail = subscription_request(
        organisation=world.org_a, email="reader@example.org", language="bg", consent_text="да"
    )
    subscription_confirm(organisation=world.org_a, token=mail.link.rstrip("/").rsplit("/", 1)[1])
    smtp_server.messages.clear()
    item = published(world, "Новият парк отваря")

    assert send_newsletters.call()["sent"] == 1
    (message,) = smtp_server.messages
    assert message.recipients == ["reader@example.org"]
    assert "Новият парк отваря" in message.body
    slug = item.translations.get().slug
    assert f"https://mun.example.org/alpha/news/{slug}/" in message.body
