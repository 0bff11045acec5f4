"""Personal API tokens: shown once, stored hashed, revocable, expiring; demo tokens refused."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from municipium.accounts.models import ApiToken, token_digest
from municipium.accounts.services import api_token_create


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_is_shown_once_and_only_its_digest_is_stored(world):
    client = Client()
    client.force_login(world.official_a)
    response = client.post("/accounts/tokens/", {"name": "registry script"})
    assert response.status_code == 200
    raw = response.context["issued"].raw
    assert raw.startswith("mun_") and raw in response.content.decode()
    token = ApiToken.objects.get(user=world.official_a)
    assert token.digest == token_digest(raw)
    assert raw not in {token.digest, token.prefix, token.name}
    assert raw not in client.get("/accounts/tokens/").content.decode()


def test_a_bearer_token_authenticates_the_api(world):
    raw = api_token_create(user=world.official_a, name="t").raw
    response = Client().get("/api/v1/me", **_bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == world.official_a.email
    assert response.json()["memberships"][0]["roles"] == ["official"]
    assert ApiToken.objects.get(user=world.official_a).last_used_at is not None


def test_a_revoked_token_no_longer_works(world):
    issued = api_token_create(user=world.official_a, name="t")
    client = Client()
    client.force_login(world.official_a)
    response = client.post(f"/accounts/tokens/{issued.token.pk}/revoke/")
    assert response.status_code == 302
    response = Client().get("/api/v1/me", **_bearer(issued.raw))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_expired_or_unknown_token_is_refused(world):
    issued = api_token_create(user=world.official_a, name="t", expires_in_days=1)
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - timedelta(1))
    assert Client().get("/api/v1/me", **_bearer(issued.raw)).status_code == 401
    assert Client().get("/api/v1/me", **_bearer("mun_deadbeef_nothing")).status_code == 401
    assert Client().get("/api/v1/me", **_bearer("garbage")).status_code == 401


def test_nobody_can_revoke_another_persons_token(world):
    issued = api_token_create(user=world.admin_a, name="t")
    client = Client()
    client.force_login(world.official_a)
    assert client.post(f"/accounts/tokens/{issued.token.pk}/revoke/").status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_a_token_form_with_bad_input_creates_nothing(world):
    client = Client()
    client.force_login(world.official_a)
    response = client.post("/accounts/tokens/", {"name": "", "expires_in_days": "0"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "expires_in_days"}
    assert not ApiToken.objects.exists()


def test_a_demo_accounts_token_is_refused_when_debug_is_off(world, settings):
    world.official_a.is_demo = True
    world.official_a.save()
    issued = api_token_create(user=world.official_a, name="t")
    settings.DEBUG = False
    assert Client().get("/api/v1/me", **_bearer(issued.raw)).status_code == 401
