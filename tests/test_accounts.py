"""Signing in, lock-out, citizen sign-up with e-mail verification, password reset, demo accounts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from municipium.accounts.models import LoginFailure, User
from municipium.audit.models import AuditEntry

from .conftest import PASSWORD, make_user


def _login(client: Client, email: str, password: str, **extra):
    return client.post("/accounts/login/", {"email": email, "password": password, **extra})


def test_staff_member_signs_in_and_lands_in_their_back_office(world):
    client = Client()
    response = _login(client, "ADMIN-A@example.org ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/")["Location"] == "/alpha/office/"


def test_sign_in_follows_a_safe_next_and_ignores_a_foreign_one(world):
    response = _login(Client(), world.admin_a.email, PASSWORD, next="/alpha/office/audit/")
    assert response["Location"] == "/alpha/office/audit/"
    response = _login(Client(), world.admin_a.email, PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/dashboard/"


def test_wrong_password_is_refused_with_a_message_and_counted(world):
    client = Client()
    response = _login(client, world.official_a.email, "wrong password")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert "error-summary" in response.content.decode()
    assert LoginFailure.objects.filter(email=world.official_a.email).count() == 1


def test_account_locks_after_repeated_failures_even_for_the_right_password(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _login(client, world.official_a.email, "wrong password")
    response = _login(client, world.official_a.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert response.context["form"].has_error("__all__", "locked")
    assert AuditEntry.objects.filter(action="account.locked", chain="_platform").exists()


def test_lock_out_ends_after_its_window(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(Client(), world.official_a.email, "wrong password")
    from datetime import timedelta

    from django.utils import timezone

    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=60))
    assert _login(Client(), world.official_a.email, PASSWORD).status_code == 302


def test_success_clears_earlier_failures(world):
    _login(Client(), world.official_a.email, "wrong password")
    _login(Client(), world.official_a.email, PASSWORD)
    assert not LoginFailure.objects.filter(email=world.official_a.email).exists()


def test_citizen_signs_up_confirms_by_e_mail_and_then_signs_in(
    db, smtp_server, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "full_name": "Йордан Йорданов",
                "email": "Yordan@Example.org",
                "password": "a long enough passphrase",
                "language": "bg",
            },
        )
    assert response.status_code == 200
    user = User.objects.get(email="yordan@example.org")
    assert not user.is_active
    assert user.memberships.count() == 0
    assert _login(Client(), "yordan@example.org", "a long enough passphrase").status_code == 400

    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail.recipients == ["yordan@example.org"]
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.body).group(0)
    response = client.get("/accounts/verify/" + link.split("/accounts/verify/", 1)[1])
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    assert _login(Client(), "yordan@example.org", "a long enough passphrase").status_code == 302


def test_verification_e_mail_is_in_the_citizens_language(
    db, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/accounts/signup/",
            {
                "full_name": "Jan Nowak",
                "email": "jan@example.org",
                "password": "a long enough passphrase",
                "language": "pl",
            },
        )
    english = "Please confirm your e-mail address"
    assert english not in smtp_server.messages[0].body


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("email", {"email": "not-an-address"}),
        ("password", {"password": "12345678901"}),
        ("password", {"password": "short"}),
        ("email", {"email": "admin-a@example.org"}),
        ("language", {"language": "xx"}),
    ],
)
def test_bad_sign_up_is_refused_field_by_field_and_creates_nothing(world, field, data):
    before = User.objects.count()
    payload = {
        "full_name": "Someone",
        "email": "someone@example.org",
        "password": "a long enough passphrase",
        "language": "en",
        **data,
    }
    response = Client().post("/accounts/signup/", payload)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert User.objects.count() == before


def test_a_forged_or_tampered_verification_link_activates_nothing(db):
    user = make_user("new@example.org", is_active=False)
    from municipium.accounts.services import verification_link

    link = verification_link(user)
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = Client().get("/" + tampered.split("/", 3)[3])
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_password_reset_sends_a_link_that_sets_a_new_password(world, smtp_server):
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": world.official_a.email})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    path = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", smtp_server.messages[0].body)
    response = client.get(path.group(0), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand new passphrase", "new_password2": "brand new passphrase"}
    )
    assert response.status_code == 302
    assert _login(Client(), world.official_a.email, "brand new passphrase").status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing_and_sends_nothing(db, smtp_server):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert smtp_server.messages == []


def test_demo_accounts_cannot_sign_in_when_debug_is_off(db, settings):
    settings.DEBUG = False
    User.objects.create_user(
        email="demo@example.org", password=PASSWORD, full_name="Demo", is_demo=True
    )
    assert _login(Client(), "demo@example.org", PASSWORD).status_code == 400
    settings.DEBUG = True
    assert _login(Client(), "demo@example.org", PASSWORD).status_code == 302


def test_sign_out_needs_a_post(world):
    client = Client()
    client.force_login(world.admin_a)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
