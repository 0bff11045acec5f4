"""Subscribing to an organisation's newsletter: double opt-in with a confirmation link that
expires and works once, the same answer whatever the address's state, rate limits, bad input,
and one-click unsubscribe (RFC 8058) — through a real SMTP server."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.newsroom.models import Subscriber
from municipium.newsroom.newsletter_tasks import purge_newsletter_requests
from municipium.newsroom.services import newsletter as services

from .conftest import World, client_for

LINK = re.compile(r"https?://\S+/newsletter/(?:confirm|unsubscribe)/\S+/")


def subscribe(client: Client, email: str, language: str = "en", **extra: Any) -> Any:
    ip = extra.pop("ip", "192.0.2.10")
    data = {"email": email, "language": language, "consent": "on", "website": "", **extra}
    return client.post("/alpha/newsletter/", data, REMOTE_ADDR=ip)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def old_token(payload: dict[str, Any], salt: str, hours: float) -> str:
    """A genuine token signed `hours` ago."""

    class Past(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time() - hours * 3600))

    return Past(salt=salt).sign_object(payload)


def test_subscribing_sends_a_link_and_confirming_it_starts_the_subscription(
    world: World, smtp_server: Any
) -> None:
    response = subscribe(client_for(None), "Reader@Example.org", language="en")
    assert response.status_code == 200
    assert b"Check your e-mail" in response.content
    row = Subscriber.objects.get(organisation=world.org_a)
    assert (row.email, row.language, row.status) == ("reader@example.org", "en", "pending")
    assert "newsletter of" in row.consent_text and "Община Алфа" in row.consent_text
    [mail] = smtp_server.messages
    assert mail.recipients == ["reader@example.org"]
    assert "Confirm your subscription" in mail.subject
    link = path_of(LINK.search(mail.body).group(0))

    anonymous = client_for(None)
    page = anonymous.get(link)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    assert Subscriber.objects.get().status == "pending"

    done = anonymous.post(link)
    assert done.status_code == 200 and b"You are subscribed" in done.content
    row.refresh_from_db()
    assert row.status == "confirmed" and row.confirmed_at is not None
    actions = list(
        AuditEntry.objects.filter(organisation=world.org_a, action__startswith="newsletter.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["newsletter.subscription_requested", "newsletter.subscription_confirmed"]


def test_a_confirmation_link_works_once(world: World, smtp_server: Any) -> None:
    subscribe(client_for(None), "once@example.org")
    link = path_of(LINK.search(smtp_server.messages[0].body).group(0))
    client = client_for(None)
    assert client.post(link).status_code == 200
    again = client.post(link)
    assert again.status_code == 400
    assert b"already used" in again.content
    assert client.get(link).status_code == 400


def test_a_confirmation_link_expires_after_48_hours(world: World, smtp_server: Any) -> None:
    subscribe(client_for(None), "late@example.org")
    row = Subscriber.objects.get()
    payload = {"s": row.pk, "n": row.confirm_nonce}
    client = client_for(None)

    expired = old_token(payload, services.CONFIRM_SALT, hours=48.1)
    response = client.post(f"/alpha/newsletter/confirm/{expired}/")
    assert response.status_code == 400 and b"has expired" in response.content
    assert Subscriber.objects.get().status == "pending"

    in_time = old_token(payload, services.CONFIRM_SALT, hours=47)
    assert client.post(f"/alpha/newsletter/confirm/{in_time}/").status_code == 200
    assert Subscriber.objects.get().status == "confirmed"


def test_a_tampered_or_foreign_link_is_refused_and_changes_nothing(
    world: World, smtp_server: Any
) -> None:
    subscribe(client_for(None), "tamper@example.org")
    link = path_of(LINK.search(smtp_server.messages[0].body).group(0))
    token = link.rstrip("/").rsplit("/", 1)[1]
    client = client_for(None)
    for bad in (token[:-2] + "xx", "not-a-token", token.upper()):
        assert client.post(f"/alpha/newsletter/confirm/{bad}/").status_code == 400
    # A genuine link of alpha does not work under another organisation's address.
    assert client.post(f"/beta/newsletter/confirm/{token}/").status_code == 400
    # A link for an unsubscribe is no confirmation (another salt).
    row = Subscriber.objects.get()
    unsub = services.unsubscribe_token(row.pk, row.secret)
    assert client.post(f"/alpha/newsletter/confirm/{unsub}/").status_code == 400
    assert Subscriber.objects.get().status == "pending"


def _answer(response: Any) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_answer_is_the_same_for_a_new_a_pending_and_a_subscribed_address(
    world: World, smtp_server: Any
) -> None:
    subscribe(client_for(None), "known@example.org")
    link = path_of(LINK.search(smtp_server.messages[0].body).group(0))
    client_for(None).post(link)  # known@ is now subscribed
    subscribe(client_for(None), "waiting@example.org")  # waiting@ is pending

    answers = {}
    for email in ("known@example.org", "waiting@example.org", "new@example.org"):
        response = subscribe(client_for(None), email, ip="192.0.2.77")
        assert response.status_code == 200
        answers[email] = _answer(response).replace(email, "ADDRESS")
    assert answers["known@example.org"] == answers["waiting@example.org"]
    assert answers["waiting@example.org"] == answers["new@example.org"]

    # The owner of the address learns it in their mailbox, nobody else.
    last = {m.recipients[0]: m for m in smtp_server.messages}
    assert "You are subscribed" in last["known@example.org"].subject
    assert "/newsletter/unsubscribe/" in last["known@example.org"].body
    assert "Confirm your subscription" in last["waiting@example.org"].subject
    assert "Confirm your subscription" in last["new@example.org"].subject
    assert Subscriber.objects.get(email="known@example.org").status == "confirmed"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "not-an-address"}, b"Enter a valid email address"),
        ({"email": "a" * 250 + "@example.org"}, b"at most 254 characters"),
        ({"language": "de"}, b"Select a valid choice"),
        ({"language": "pl"}, b"Select a valid choice"),  # not a language of alpha
        ({"consent": ""}, b"Tick this box"),
        ({"website": "http://spam.example"}, b"not sent by a person"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(
    world: World, smtp_server: Any, data: dict[str, str], error: bytes
) -> None:
    fields = {"email": "ok@example.org", "language": "bg", "consent": "on", "website": ""}
    fields.update(data)
    response = client_for(None).post("/alpha/newsletter/", fields)
    assert response.status_code == 400
    assert error in response.content
    assert not Subscriber.objects.exists()
    assert not smtp_server.messages


def test_the_form_is_rate_limited_per_address_and_per_client(
    world: World, smtp_server: Any
) -> None:
    for _attempt in range(services.SUBSCRIBE_RATE_PER_HOUR_EMAIL):
        assert subscribe(client_for(None), "flood@example.org").status_code == 200
    limited = subscribe(client_for(None), "flood@example.org", ip="198.51.100.1")
    assert limited.status_code == 429 and b"Too many attempts" in limited.content
    assert len(smtp_server.messages) == services.SUBSCRIBE_RATE_PER_HOUR_EMAIL

    for n in range(services.SUBSCRIBE_RATE_PER_HOUR_CLIENT):
        subscribe(client_for(None), f"other{n}@example.org", ip="203.0.113.9")
    limited = subscribe(client_for(None), "one-more@example.org", ip="203.0.113.9")
    assert limited.status_code == 429
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_unconfirmed_requests_are_deleted_once_their_link_expired(
    world: World, smtp_server: Any
) -> None:
    subscribe(client_for(None), "old@example.org")
    subscribe(client_for(None), "fresh@example.org")
    Subscriber.objects.filter(email="old@example.org").update(
        requested_at=timezone.now() - timedelta(hours=49)
    )
    assert purge_newsletter_requests.call() == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["fresh@example.org"]


def test_the_newsletter_page_says_so_when_the_organisation_sends_none(world: World) -> None:
    services.newsletter_frequency_set(organisation=world.org_a, actor=None, frequency="off")
    response = client_for(None).get("/alpha/newsletter/")
    assert b"does not send a newsletter" in response.content
    assert b'<form method="post"' not in response.content
    assert subscribe(client_for(None), "x@example.org").status_code == 200
    assert not Subscriber.objects.exists()


# --- unsubscribing -------------------------------------------------------------------------


def _subscribed(world: World, email: str = "leaver@example.org") -> Subscriber:
    mail = services.subscription_request(
        organisation=world.org_a, email=email, language="bg", consent_text="yes"
    )
    services.subscription_confirm(
        organisation=world.org_a, token=mail.link.rstrip("/").rsplit("/", 1)[1]
    )
    return Subscriber.objects.get(email=email)


def test_one_click_unsubscribe_works_without_session_or_csrf_token(world: World) -> None:
    row = _subscribed(world)
    url = services.unsubscribe_url(world.org_a, row.pk, row.secret)
    mail_client = Client(enforce_csrf_checks=True)  # what a mail provider's server does
    response = mail_client.post(
        path_of(url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    # No cookie, no session: the page speaks the organisation's language.
    assert "Отписахте се" in response.content.decode()
    assert not Subscriber.objects.filter(pk=row.pk).exists()
    entry = AuditEntry.objects.get(action="newsletter.unsubscribed")
    # The journal keeps that someone left, not who: no address, no client address.
    assert "leaver" not in entry.object_repr and "leaver" not in str(entry.changes)
    assert entry.ip_address is None and entry.actor_id is None
    # The same link again: still a clear answer, nothing to do.
    again = mail_client.post(path_of(url), "List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert again.status_code == 200
    assert AuditEntry.objects.filter(action="newsletter.unsubscribed").count() == 1


def test_opening_the_unsubscribe_link_shows_a_button_and_changes_nothing(world: World) -> None:
    row = _subscribed(world)
    url = path_of(services.unsubscribe_url(world.org_a, row.pk, row.secret))
    page = client_for(None).get(url)
    assert page.status_code == 200
    assert b'<form method="post">' in page.content and b"Unsubscribe</button>" in page.content
    assert Subscriber.objects.filter(pk=row.pk).exists()


def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(world: World) -> None:
    row = _subscribed(world)
    other = _subscribed(world, "stays@example.org")
    client = Client(enforce_csrf_checks=True)
    forged = services.unsubscribe_token(row.pk, "guessed-secret")
    token = services.unsubscribe_token(row.pk, row.secret)
    for bad in (token[:-3] + "abc", token.replace(":", ":x", 1), "garbage"):
        assert client.post(f"/alpha/newsletter/unsubscribe/{bad}/").status_code == 400
        assert client.get(f"/alpha/newsletter/unsubscribe/{bad}/").status_code == 400
    # Signed by us but naming another secret (a row deleted and its id taken again), or
    # another organisation: nobody to unsubscribe.
    assert client.post(f"/alpha/newsletter/unsubscribe/{forged}/").status_code == 200
    assert client.post(f"/beta/newsletter/unsubscribe/{token}/").status_code == 200
    assert Subscriber.objects.filter(pk__in=[row.pk, other.pk]).count() == 2


def test_an_empty_form_is_refused_with_its_errors(world: World, smtp_server: Any) -> None:
    response = client_for(None).post("/alpha/newsletter/", {})
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert not Subscriber.objects.exists() and not smtp_server.messages


def test_the_unsubscribe_link_is_the_same_in_every_edition_and_old_links_still_work(
    world: World,
) -> None:
    row = _subscribed(world)
    token = services.unsubscribe_token(row.pk, row.secret)
    time.sleep(1.1)  # a timestamped token would differ after a second
    assert services.unsubscribe_token(row.pk, row.secret) == token
    # A link from an edition sent while the tokens carried a timestamp still unsubscribes.
    old = signing.dumps({"s": row.pk, "k": row.secret}, salt=services.UNSUBSCRIBE_SALT)
    assert old != token
    assert client_for(None).post(f"/alpha/newsletter/unsubscribe/{old}/").status_code == 200
    assert not Subscriber.objects.filter(pk=row.pk).exists()
