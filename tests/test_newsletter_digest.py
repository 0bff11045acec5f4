"""The digest: the worker makes an edition of what the digest sources published since the
last one, and sends it in batches through a real SMTP server, in each subscriber's language,
with one-click unsubscribe headers, never twice to one address, resuming after a failure."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from municipium.newsroom.digest import DigestItem, register_digest_source, unregister_digest_source
from municipium.newsroom.models import Delivery, Edition, Subscriber
from municipium.newsroom.newsletter_tasks import deliveries_send, editions_make, send_newsletters
from municipium.newsroom.services import newsletter as services
from municipium.tenants.models import Organisation

from .conftest import World, _Collector, run_together


class Published:
    """What the test's organisations "published": the data behind the test's digest source
    (registered through the same extension point as news and events)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, datetime]] = []  # org slug, language, title, when

    def add(self, org: Organisation, language: str, title: str, ago: timedelta) -> None:
        self.rows.append((org.slug, language, title, timezone.now() - ago))

    def items(
        self, organisation: Organisation, since: datetime, until: datetime, language: str
    ) -> list[DigestItem]:
        return [
            DigestItem(
                title=title,
                lead=f"Lead of {title}",
                url=f"https://mun.example.org/{slug}/news/{n}/",
                published_at=when,
            )
            for n, (slug, lang, title, when) in enumerate(self.rows)
            if slug == organisation.slug and lang == language and since <= when < until
        ]


@pytest.fixture
def published(settings: Any) -> Iterator[Published]:
    settings.SITE_URL = "https://mun.example.org"
    data = Published()
    register_digest_source("test-items", data.items)
    yield data
    unregister_digest_source("test-items")


def subscribed(org: Organisation, email: str, language: str) -> Subscriber:
    mail = services.subscription_request(
        organisation=org, email=email, language=language, consent_text="yes"
    )
    token = mail.link.rstrip("/").rsplit("/", 1)[1]
    return services.subscription_confirm(organisation=org, token=token)


class FlakySMTP(_Collector):
    """A real SMTP server that accepts `fail_after` messages, then answers 421 (service not
    available) or `code` to every further one, until `fail_after` is set to None."""

    def __init__(self) -> None:
        super().__init__()
        self.fail_after: int | None = None
        self.code = "421 4.3.2 Service shutting down"
        self.refused = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            self.refused += 1
            return self.code
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_smtp(settings: Any) -> Iterator[FlakySMTP]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = FlakySMTP()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    try:
        yield handler
    finally:
        controller.stop()


def recipients(server: Any) -> list[str]:
    return sorted(r for m in server.messages for r in m.recipients)


def test_every_confirmed_subscriber_gets_the_edition_once_with_unsubscribe_headers(
    world: World, published: Published, smtp_server: Any
) -> None:
    for n in range(3):
        subscribed(world.org_a, f"reader{n}@example.org", "en")
    services.subscription_request(
        organisation=world.org_a, email="pending@example.org", language="en", consent_text="y"
    )
    smtp_server.messages.clear()
    published.add(world.org_a, "en", "Roads repaired", timedelta(hours=3))
    published.add(world.org_a, "en", "Budget adopted", timedelta(days=2))
    published.add(world.org_a, "en", "Too old for this edition", timedelta(days=9))
    published.add(world.org_b, "pl", "Of another organisation", timedelta(hours=1))

    result = send_newsletters.call()
    assert result["editions"] == 1 and result["sent"] == 3

    assert recipients(smtp_server) == [f"reader{n}@example.org" for n in range(3)]
    for mail in smtp_server.messages:
        row = Subscriber.objects.get(email=mail.recipients[0])
        url = services.unsubscribe_url(world.org_a, row.pk, row.secret)
        assert url.startswith("https://mun.example.org/alpha/newsletter/unsubscribe/")
        assert mail.message["List-Unsubscribe"].strip() == f"<{url}>"  # folded: long
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "Roads repaired" in mail.body and "Budget adopted" in mail.body
        assert "https://mun.example.org/alpha/news/0/" in mail.body
        assert "Too old" not in mail.body and "another organisation" not in mail.body
        html = mail.message.get_body(preferencelist=("html",)).get_content()
        assert "Roads repaired" in html and url in html
    edition = Edition.objects.get()
    assert edition.item_count == 2
    assert Delivery.objects.filter(edition=edition, status="sent").count() == 3

    # Run again at once: nothing new, nothing due, nobody gets a second message.
    assert send_newsletters.call()["editions"] == 0
    assert len(smtp_server.messages) == 3


def test_the_unsubscribe_header_of_a_digest_unsubscribes_in_one_click(
    world: World, published: Published, smtp_server: Any
) -> None:
    subscribed(world.org_a, "leaver@example.org", "bg")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    send_newsletters.call()
    [mail] = smtp_server.messages
    url = mail.message["List-Unsubscribe"].strip().strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        url.replace("https://mun.example.org", ""),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="leaver@example.org").exists()
    assert Delivery.objects.get().status == "sent"  # the edition's figures stay


def test_nothing_new_makes_no_edition(world: World, published: Published, smtp_server: Any) -> None:
    subscribed(world.org_a, "reader@example.org", "bg")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Old news", timedelta(days=30))
    assert editions_make() == 0
    assert not Edition.objects.exists()
    assert send_newsletters.call()["sent"] == 0
    assert not smtp_server.messages


def test_an_edition_waits_for_its_interval_and_takes_what_came_since_the_last(
    world: World, published: Published, smtp_server: Any
) -> None:
    services.newsletter_frequency_set(organisation=world.org_a, actor=None, frequency="daily")
    subscribed(world.org_a, "daily@example.org", "bg")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Първа", timedelta(hours=5))
    assert editions_make() == 1
    first = Edition.objects.get()
    published.add(world.org_a, "bg", "Втора", timedelta(0))
    assert editions_make(now=timezone.now() + timedelta(hours=2)) == 0  # not due yet
    assert editions_make(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    second = Edition.objects.exclude(pk=first.pk).get()
    assert second.since == first.until
    assert [i["title"] for i in second.items["bg"]] == ["Втора"]


def test_the_off_frequency_sends_nothing(
    world: World, published: Published, smtp_server: Any
) -> None:
    subscribed(world.org_a, "reader@example.org", "bg")
    services.newsletter_frequency_set(organisation=world.org_a, actor=None, frequency="off")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    assert send_newsletters.call()["editions"] == 0
    assert not smtp_server.messages


def test_each_subscriber_gets_the_message_in_their_language(
    world: World, published: Published, smtp_server: Any
) -> None:
    subscribed(world.org_a, "bg@example.org", "bg")
    subscribed(world.org_a, "en@example.org", "en")
    subscribed(world.org_b, "pl@example.org", "pl")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Ремонт на пътя", timedelta(hours=1))
    published.add(world.org_a, "en", "Road repairs", timedelta(hours=1))
    published.add(world.org_b, "pl", "Remont drogi", timedelta(hours=1))
    send_newsletters.call()
    by_address = {m.recipients[0]: m for m in smtp_server.messages}
    bulgarian, english, polish = (
        by_address["bg@example.org"],
        by_address["en@example.org"],
        by_address["pl@example.org"],
    )
    assert "Ремонт на пътя" in bulgarian.body and "Road repairs" not in bulgarian.body
    assert "какво ново" in bulgarian.subject
    html = bulgarian.message.get_body(preferencelist=("html",)).get_content()
    assert "Отписване" in html and '<html lang="bg">' in html
    assert bulgarian.message["Content-Language"] == "bg"
    assert "Road repairs" in english.body and "what is new" in english.subject
    assert "Remont drogi" in polish.body and "co nowego" in polish.subject
    assert "wypisać" in polish.body


def test_a_language_without_items_gets_those_of_the_main_language(
    world: World, published: Published, smtp_server: Any
) -> None:
    subscribed(world.org_a, "en@example.org", "en")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Само на български", timedelta(hours=1))
    send_newsletters.call()
    [mail] = smtp_server.messages
    assert "Само на български" in mail.body and "what is new" in mail.subject


def test_a_failing_mail_server_stops_the_run_and_the_next_run_resumes_exactly_once(
    world: World, published: Published, flaky_smtp: FlakySMTP
) -> None:
    emails = [f"reader{n:02}@example.org" for n in range(11)]
    for email in emails:
        subscribed(world.org_a, email, "bg")
    flaky_smtp.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    assert editions_make() == 1

    flaky_smtp.fail_after = 5  # batches of 3: the server fails in the middle of the second
    first = deliveries_send(batch_size=3)
    assert (first.sent, first.retry) == (5, 1) and first.stopped
    assert flaky_smtp.refused == 1
    statuses = dict(Delivery.objects.values_list("subscriber__email", "status"))
    assert sorted(statuses.values()).count("sent") == 5
    # Nothing left claimed: the rest is free for the next run at once.
    assert not Delivery.objects.filter(status="pending", claimed_at__isnull=False).exists()
    assert Delivery.objects.filter(attempts=1, status="pending").count() == 1

    flaky_smtp.fail_after = None  # the server is back
    second = deliveries_send(batch_size=3)
    assert (second.sent, second.failed, second.stopped) == (6, 0, "")
    assert recipients(flaky_smtp) == emails  # each address exactly once
    assert Delivery.objects.filter(status="sent").count() == 11
    assert deliveries_send(batch_size=3).sent == 0


def test_a_permanent_refusal_is_a_failed_delivery_and_the_others_go_on(
    world: World, published: Published, flaky_smtp: FlakySMTP
) -> None:
    for n in range(3):
        subscribed(world.org_a, f"r{n}@example.org", "bg")
    flaky_smtp.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    editions_make()
    flaky_smtp.fail_after, flaky_smtp.code = 1, "550 5.1.1 No such mailbox"
    report = deliveries_send(batch_size=10)
    assert (report.sent, report.failed) == (1, 2)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent", "failed"}
    flaky_smtp.fail_after = None
    assert deliveries_send().sent == 0  # never retried
    assert len(flaky_smtp.messages) == 1


def test_the_message_in_flight_when_a_worker_died_is_never_sent_twice(
    world: World, published: Published, smtp_server: Any
) -> None:
    """A worker claimed a batch, handed its first message to the server and died before it
    could mark it sent. After the claim timeout the next run sends the rest of the batch; the
    message in flight is marked failed (outcome unknown), not sent again."""
    for n in range(4):
        subscribed(world.org_a, f"r{n}@example.org", "bg")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    editions_make()
    died_at = timezone.now() - services.CLAIM_TIMEOUT - timedelta(minutes=1)
    claimed = services.deliveries_claim(limit=3, now=died_at)
    assert len(claimed) == 3
    assert services.delivery_attempt(delivery_id=claimed[0])
    in_flight = Delivery.objects.get(pk=claimed[0])

    report = deliveries_send()
    assert report.sent == 3
    in_flight.refresh_from_db()
    assert in_flight.status == "failed" and "stopped" in in_flight.error
    assert in_flight.subscriber.email not in recipients(smtp_server)
    assert len(recipients(smtp_server)) == len(set(recipients(smtp_server))) == 3


def test_a_batch_claimed_by_a_live_worker_is_left_to_it(
    world: World, published: Published, smtp_server: Any
) -> None:
    for n in range(4):
        subscribed(world.org_a, f"r{n}@example.org", "bg")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    editions_make()
    other_worker = services.deliveries_claim(limit=3)
    assert deliveries_send().sent == 1
    assert not Delivery.objects.filter(pk__in=other_worker, status="sent").exists()


def test_who_unsubscribes_before_the_edition_is_sent_gets_nothing(
    world: World, published: Published, smtp_server: Any
) -> None:
    stays = subscribed(world.org_a, "stays@example.org", "bg")
    leaves = subscribed(world.org_a, "leaves@example.org", "bg")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    editions_make()
    token = services.unsubscribe_token(leaves.pk, leaves.secret)
    assert services.subscription_cancel(organisation=world.org_a, token=token)
    deliveries_send()
    assert recipients(smtp_server) == [stays.email]


def test_unconfirmed_addresses_never_get_a_digest(
    world: World, published: Published, smtp_server: Any
) -> None:
    services.subscription_request(
        organisation=world.org_a, email="pending@example.org", language="bg", consent_text="y"
    )
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    assert send_newsletters.call() == {
        "editions": 0,
        "sent": 0,
        "failed": 0,
        "retry": 0,
        "stopped": "",
    }
    assert not smtp_server.messages


@pytest.mark.django_db(transaction=True)
def test_workers_sending_at_once_share_the_deliveries_and_send_each_once(
    world: World, published: Published, smtp_server: Any
) -> None:
    """On PostgreSQL the claims skip each other's locked rows; on SQLite they take turns."""
    emails = [f"r{n:02}@example.org" for n in range(24)]
    for email in emails:
        subscribed(world.org_a, email, "bg")
    smtp_server.messages.clear()
    published.add(world.org_a, "bg", "Новина", timedelta(hours=1))
    assert editions_make() == 1
    reports: list[Any] = []

    def sender() -> None:
        reports.append(deliveries_send(batch_size=4))

    run_together(sender, sender, sender, timeout=300)
    assert sum(r.sent for r in reports) == len(emails)
    assert recipients(smtp_server) == emails
    assert Delivery.objects.filter(status="sent").count() == len(emails)
