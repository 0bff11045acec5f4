"""The newsletter in the back office: communications sees counts and editions, the
organisation's admins also the addresses and their export (journaled), nobody else anything."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.newsroom.digest import DigestItem, register_digest_source, unregister_digest_source
from municipium.newsroom.models import Edition, NewsletterSettings, Subscriber
from municipium.newsroom.newsletter_tasks import send_newsletters
from municipium.newsroom.services import newsletter as services

from .conftest import World, client_for

OFFICE = "/alpha/office/newsletter/"
ADDRESSES = "/alpha/office/newsletter/subscribers/"
EXPORT = "/alpha/office/newsletter/subscribers/export/"


def subscribe(world: World, email: str, *, confirm: bool = True) -> None:
    mail = services.subscription_request(
        organisation=world.org_a, email=email, language="bg", consent_text="yes"
    )
    if confirm:
        token = mail.link.rstrip("/").rsplit("/", 1)[1]
        services.subscription_confirm(organisation=world.org_a, token=token)


@pytest.fixture
def subscribers(world: World) -> list[str]:
    confirmed = [f"reader{n}@example.org" for n in range(3)]
    for email in confirmed:
        subscribe(world, email)
    subscribe(world, "waiting@example.org", confirm=False)
    subscribe_b = services.subscription_request(
        organisation=world.org_b, email="beta-reader@example.org", language="pl", consent_text="y"
    )
    assert subscribe_b.email
    return confirmed


def test_communications_sees_counts_and_editions_but_no_address(
    world: World, subscribers: list[str], smtp_server: Any, django_assert_max_num_queries: Any
) -> None:
    when = timezone.now() - timedelta(hours=1)
    item = DigestItem(title="Новина", lead="", url="https://x.example/1", published_at=when)
    register_digest_source("office-test", lambda org, since, until, lang: [item])
    try:
        send_newsletters.call()
    finally:
        unregister_digest_source("office-test")
    client = client_for(world.communications_a)
    with django_assert_max_num_queries(14):
        response = client.get(OFFICE)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<dd data-count="confirmed">3</dd>' in page
    assert '<dd data-count="pending">1</dd>' in page
    assert "<td>1</td><td>3</td><td>0</td><td>0</td>" in page  # items, sent, failed, waiting
    assert "@example.org" not in page
    assert ADDRESSES not in page
    assert client.get(ADDRESSES).status_code == 403
    assert client.post(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(action="newsletter.export").exists()


def test_an_admin_sees_the_addresses_of_their_organisation_only(
    world: World, subscribers: list[str], django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.admin_a)
    assert ADDRESSES in client.get(OFFICE).content.decode()
    with django_assert_max_num_queries(12):
        page = client.get(ADDRESSES).content.decode()
    for email in [*subscribers, "waiting@example.org"]:
        assert email in page
    assert "beta-reader@example.org" not in page


@pytest.mark.parametrize("persona", ["admin_b", "communications_b", "official_a", "citizen"])
def test_other_people_see_nothing(world: World, subscribers: list[str], persona: str) -> None:
    client = client_for(getattr(world, persona))
    for url in (OFFICE, ADDRESSES):
        response = client.get(url)
        assert response.status_code == 403
        assert b"reader0@example.org" not in response.content
    assert client.post(EXPORT).status_code == 403
    assert client.post(OFFICE, {"frequency": "off"}).status_code == 403
    assert not NewsletterSettings.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(world: World, subscribers: list[str]) -> None:
    client = client_for(None)
    for response in (client.get(OFFICE), client.get(ADDRESSES), client.post(EXPORT)):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_export_is_for_admins_and_journaled_without_the_addresses(
    world: World, subscribers: list[str]
) -> None:
    client = client_for(world.admin_a)
    assert client.get(EXPORT).status_code == 405  # an export is an action: POST
    response = client.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["email", "language", "status", "requested_at", "confirmed_at"]
    assert sorted(r[0] for r in rows[1:]) == sorted([*subscribers, "waiting@example.org"])
    entry = AuditEntry.objects.get(action="newsletter.export")
    assert entry.actor_id == world.admin_a.pk
    assert entry.organisation_id == world.org_a.pk
    assert entry.changes == {"rows": 4}
    assert "@" not in entry.object_repr + str(entry.changes)


def test_an_address_that_looks_like_a_formula_stays_text_in_the_export(world: World) -> None:
    subscribe(world, "=cmd@example.org")
    response = client_for(world.admin_a).post(EXPORT)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=cmd@example.org"


def test_communications_sets_the_frequency(world: World) -> None:
    client = client_for(world.communications_a)
    response = client.post(OFFICE, {"frequency": "daily"})
    assert response.status_code == 302
    assert NewsletterSettings.objects.get(organisation=world.org_a).frequency == "daily"
    entry = AuditEntry.objects.get(action="newsletter.frequency")
    assert entry.actor_id == world.communications_a.pk
    assert entry.changes == {"frequency": ["weekly", "daily"]}


def test_an_unknown_frequency_is_a_form_error_and_changes_nothing(world: World) -> None:
    response = client_for(world.admin_a).post(OFFICE, {"frequency": "hourly"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not NewsletterSettings.objects.exists()


def test_the_home_page_invites_to_subscribe_unless_the_newsletter_is_off(world: World) -> None:
    from municipium.tenants.public import home_sections

    keys = [section.key for section, _context in home_sections(world.org_a, "bg")]
    assert "newsletter" in keys
    services.newsletter_frequency_set(organisation=world.org_a, actor=None, frequency="off")
    keys = [section.key for section, _context in home_sections(world.org_a, "bg")]
    assert "newsletter" not in keys


def test_the_office_home_shows_the_subscriber_figure_to_communications(
    world: World, subscribers: list[str]
) -> None:
    page = client_for(world.communications_a).get("/alpha/office/").content.decode()
    assert "Newsletter subscribers" in page
    assert OFFICE in page
    official = client_for(world.official_a).get("/alpha/office/").content.decode()
    assert "Newsletter subscribers" not in official
    assert Subscriber.objects.filter(organisation=world.org_a).count() == 4


def test_changing_the_frequency_makes_the_public_pages_stale(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.cache import cache

    key = f"public:generation:org:{world.org_a.slug}"
    cache.set(key, 5, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.communications_a).post(OFFICE, {"frequency": "off"})
    assert response.status_code == 302
    assert cache.get(key) == 6


def _queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_office_lists_run_as_many_queries_whatever_their_length(
    world: World, smtp_server: Any
) -> None:
    from municipium.newsroom.services.newsletter import edition_create

    def grow(subscribers: int, editions: int) -> None:
        for _n in range(subscribers):
            subscribe(world, f"s{Subscriber.objects.count()}@example.org")
        for _n in range(editions):
            now = timezone.now() + timedelta(minutes=Edition.objects.count())
            since = services.last_edition_end(world.org_a) or now - timedelta(days=7)
            item = {"title": "t", "lead": "", "url": "https://x.example/", "source": "s",
                    "published_at": now.isoformat()}  # fmt: skip
            assert edition_create(organisation=world.org_a, since=since, until=now,
                                  items={"bg": [item]})  # fmt: skip

    client = client_for(world.admin_a)
    grow(2, 1)
    small = (_queries(client, OFFICE), _queries(client, ADDRESSES))
    grow(20, 6)
    assert (_queries(client, OFFICE), _queries(client, ADDRESSES)) == small
