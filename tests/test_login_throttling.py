"""Sign-in is throttled per account and per address, and a stranger can never lock an account's
owner out for good: a password reset lifts the lock, and a browser the owner signed in from is
not held back by strangers' failures."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from municipium.accounts.devices import COOKIE
from municipium.accounts.models import LoginFailure
from municipium.audit.models import AuditEntry

from .conftest import PASSWORD, make_user

STRANGER = "203.0.113.66"
ADMIN_HOME = "198.51.100.10"
NEW_PASSWORD = "a brand new passphrase"


def _browser() -> Client:
    """A browser of its own, with the interface in English."""
    client = Client()
    client.cookies["municipium_language"] = "en"
    return client


def _login(client: Client, email: str, password: str, address: str) -> Any:
    return client.post(
        "/accounts/login/", {"email": email, "password": password}, REMOTE_ADDR=address
    )


# Signing out is a POST to the page, as in the browser: Client.logout() would also drop the
# browser's other cookies.


def _reset_password(client: Client, email: str, smtp_server: Any, address: str) -> Any:
    client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address)
    body = smtp_server.messages[-1].body
    path = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", body).group(0)
    form_url = client.get(path, follow=True, REMOTE_ADDR=address).redirect_chain[-1][0]
    return client.post(
        form_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR=address,
    )


def test_a_stranger_locks_the_admins_account_and_the_admin_opens_it_with_a_reset(
    world: Any, settings: Any, smtp_server: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    stranger = _browser()
    for _ in range(3):
        assert _login(stranger, world.admin_a.email, "guess", STRANGER).status_code == 400
    admin = _browser()
    locked = _login(admin, world.admin_a.email, PASSWORD, ADMIN_HOME)
    assert locked.status_code == 429
    assert "reset your password" in locked.content.decode()
    assert "_auth_user_id" not in admin.session

    assert _reset_password(admin, world.admin_a.email, smtp_server, ADMIN_HOME).status_code == 302
    assert not LoginFailure.objects.filter(email=world.admin_a.email).exists()
    assert AuditEntry.objects.filter(
        action="account.password_reset", object_id=str(world.admin_a.pk)
    ).exists()
    assert _login(admin, world.admin_a.email, NEW_PASSWORD, ADMIN_HOME).status_code == 302
    assert admin.session["_auth_user_id"] == str(world.admin_a.pk)


def test_the_stranger_locking_again_does_not_stop_the_admins_own_browser(
    world: Any, settings: Any, smtp_server: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    admin = _browser()
    _reset_password(admin, world.admin_a.email, smtp_server, ADMIN_HOME)
    admin.post(
        "/accounts/logout/"
    )  # signs out, as a person does: the browser keeps its other cookies
    stranger = _browser()
    for _ in range(5):
        _login(stranger, world.admin_a.email, "guess", STRANGER)
    assert _login(stranger, world.admin_a.email, NEW_PASSWORD, STRANGER).status_code == 429
    # Another browser of the owner's, never used for this account, is a stranger too.
    assert _login(_browser(), world.admin_a.email, NEW_PASSWORD, ADMIN_HOME).status_code == 429
    assert _login(admin, world.admin_a.email, NEW_PASSWORD, ADMIN_HOME).status_code == 302


def test_a_browser_that_signed_in_before_is_not_locked_out_by_a_stranger(
    world: Any, settings: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    official = _browser()
    assert _login(official, world.official_a.email, PASSWORD, ADMIN_HOME).status_code == 302
    assert COOKIE in official.cookies
    official.post(
        "/accounts/logout/"
    )  # signs out, as a person does: the browser keeps its other cookies
    for _ in range(3):
        _login(_browser(), world.official_a.email, "guess", STRANGER)
    assert _login(_browser(), world.official_a.email, PASSWORD, STRANGER).status_code == 429
    assert _login(official, world.official_a.email, PASSWORD, ADMIN_HOME).status_code == 302


def test_the_owners_browser_still_has_its_own_lock_out(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    official = _browser()
    _login(official, world.official_a.email, PASSWORD, ADMIN_HOME)
    official.post(
        "/accounts/logout/"
    )  # signs out, as a person does: the browser keeps its other cookies
    for _ in range(3):
        assert _login(official, world.official_a.email, "typo", ADMIN_HOME).status_code == 400
    assert _login(official, world.official_a.email, PASSWORD, ADMIN_HOME).status_code == 429


def test_a_forged_device_cookie_counts_as_a_stranger(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(_browser(), world.official_a.email, "guess", STRANGER)
    forger = _browser()
    forger.cookies[COOKIE] = "0123456789abcdef01234567:1tX9ab:forgedsignature"
    assert _login(forger, world.official_a.email, PASSWORD, STRANGER).status_code == 429


def test_one_address_spraying_one_password_across_20_accounts_is_refused_after_the_limit(
    world: Any, settings: Any
) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    victims = [make_user(f"clerk{n}@example.org") for n in range(20)]
    sprayer = _browser()
    statuses = [
        _login(sprayer, victim.email, "Summer2026!", STRANGER).status_code for victim in victims
    ]
    assert statuses[:5] == [400] * 5
    assert statuses[5:] == [429] * 15
    refused = _login(sprayer, victims[-1].email, "Summer2026!", STRANGER)
    assert "Too many failed sign-ins from your network address" in refused.content.decode()
    assert refused.context["form"].has_error("__all__", "throttled")
    # Refused before any password is checked, so nothing more is counted, and even the right
    # password does not get through from there.
    assert LoginFailure.objects.filter(client=STRANGER).count() == 5
    assert _login(_browser(), victims[0].email, PASSWORD, STRANGER).status_code == 429
    assert AuditEntry.objects.filter(action="login.throttled").count() == 1
    # No account was locked, and other addresses sign in as usual.
    assert _login(_browser(), victims[7].email, PASSWORD, ADMIN_HOME).status_code == 302


def test_a_throttled_office_address_does_not_stop_colleagues_on_their_own_browsers(
    world: Any, settings: Any
) -> None:
    office = "192.0.2.1"  # everyone behind the town hall's one public address
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    registrar = _browser()
    assert _login(registrar, world.registrar_a.email, PASSWORD, office).status_code == 302
    registrar.post(
        "/accounts/logout/"
    )  # signs out, as a person does: the browser keeps its other cookies
    for n in range(3):
        _login(_browser(), f"nobody{n}@example.org", "guess", office)
    assert _login(_browser(), world.official_a.email, PASSWORD, office).status_code == 429
    assert _login(registrar, world.registrar_a.email, PASSWORD, office).status_code == 302


def test_the_address_limit_ends_after_the_window(world: Any, settings: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    for n in range(2):
        _login(_browser(), f"nobody{n}@example.org", "guess", STRANGER)
    assert _login(_browser(), world.official_a.email, PASSWORD, STRANGER).status_code == 429
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=60))
    assert _login(_browser(), world.official_a.email, PASSWORD, STRANGER).status_code == 302


def test_throttling_messages_are_translated(world: Any, settings: Any) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1
    _login(_browser(), "nobody@example.org", "guess", STRANGER)
    client = _browser()
    client.cookies["municipium_language"] = "bg"
    page = _login(client, world.official_a.email, PASSWORD, STRANGER).content.decode()
    assert "Too many failed sign-ins" not in page
    assert "мрежов адрес" in page
