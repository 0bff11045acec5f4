"""Password-reset e-mails are limited: one address gets a few per hour whoever asks (so nobody
can flood a mailbox through us), and one network address can ask only so often (so nobody can
probe addresses in bulk). The page answers the same whether an e-mail went out or not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from municipium.accounts.models import PasswordResetRequest

STRANGER = "203.0.113.66"
OTHER = "198.51.100.10"


def _ask(email: str, address: str) -> Any:
    client = Client()
    client.cookies["municipium_language"] = "en"
    return client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address)


def test_an_address_gets_three_reset_mails_an_hour_and_the_page_says_the_same_after(
    world: Any, smtp_server: Any
) -> None:
    for _ in range(3):
        assert _ask(world.citizen.email, STRANGER).status_code == 302
    fourth = _ask(world.citizen.email, OTHER)
    assert fourth.status_code == 302
    assert fourth["Location"] == "/accounts/password/reset/sent/"
    assert len(smtp_server.messages) == 3
    assert {m.recipients[0] for m in smtp_server.messages} == {world.citizen.email}


def test_the_address_limit_ends_after_an_hour(world: Any, smtp_server: Any) -> None:
    for _ in range(3):
        _ask(world.citizen.email, STRANGER)
    PasswordResetRequest.objects.update(at=timezone.now() - timedelta(minutes=61))
    _ask(world.citizen.email, STRANGER)
    assert len(smtp_server.messages) == 4


def test_one_network_address_asking_for_many_accounts_is_refused_after_ten(
    world: Any, smtp_server: Any
) -> None:
    emails = [f"someone{i}@example.org" for i in range(10)]
    for email in emails:
        assert _ask(email, STRANGER).status_code == 302
    refused = _ask(world.admin_a.email, STRANGER)
    assert refused.status_code == 429
    assert "Too many password-reset requests" in refused.content.decode()
    assert PasswordResetRequest.objects.count() == 10  # the refused one counted nothing
    assert smtp_server.messages == []  # none of the ten had an account; the admin got none
    assert _ask(world.admin_a.email, OTHER).status_code == 302
    assert [m.recipients for m in smtp_server.messages] == [[world.admin_a.email]]


def test_an_invalid_address_is_a_form_error_and_counts_nothing(world: Any) -> None:
    answer = _ask("not an address", STRANGER)
    assert answer.status_code == 200
    assert "Enter a valid email address." in answer.content.decode()
    assert not PasswordResetRequest.objects.exists()


def test_the_refusal_is_translated(world: Any, settings: Any) -> None:
    settings.PASSWORD_RESET_CLIENT_LIMIT = 1
    _ask("a@example.org", STRANGER)
    client = Client()
    client.cookies["municipium_language"] = "pl"
    refused = client.post(
        "/accounts/password/reset/", {"email": "b@example.org"}, REMOTE_ADDR=STRANGER
    )
    assert refused.status_code == 429
    assert "Zbyt wiele" in refused.content.decode()
