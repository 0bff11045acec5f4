"""Callers without valid credentials get 401 with `WWW-Authenticate: Bearer` on every method
and body type; a signed-in browser session without its CSRF token gets 403; bodies that
cannot be read get the API's JSON error, never a crash or an HTML page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from municipium.accounts.services import api_token_create, api_token_revoke
from municipium.registry.models import Document
from municipium.tenants.models import Unit

from .test_eservices_api import service

__all__ = ["service"]

REGISTER = "/api/v1/orgs/alpha/registry/documents"
LETTER = {
    "register_code": "general",
    "direction": "incoming",
    "kind": "letter",
    "subject": "Писмо",
    "channel": "post",
}


def assert_401(response: Any) -> None:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Bearer"
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_authenticated"


@pytest.fixture
def revoked(world: Any) -> str:
    issued = api_token_create(user=world.registrar_a, name="old")
    api_token_revoke(token=issued.token, actor=world.registrar_a)
    return f"Bearer {issued.raw}"


@pytest.mark.parametrize("credentials", ["none", "revoked", "garbage"])
def test_a_post_without_valid_credentials_is_401_not_a_csrf_failure(
    world: Any, registry: Any, revoked: str, credentials: str
) -> None:
    headers = {
        "none": {},
        "revoked": {"HTTP_AUTHORIZATION": revoked},
        "garbage": {"HTTP_AUTHORIZATION": "Bearer mun_nothing_like_a_token"},
    }[credentials]
    # As a real client: Django's test client skips the CSRF check unless told not to.
    response = Client(enforce_csrf_checks=True).post(
        REGISTER, json.dumps(LETTER), content_type="application/json", **headers
    )
    assert_401(response)
    assert_401(Client(enforce_csrf_checks=True).get(REGISTER, **headers))
    assert not Document.objects.exists()


def test_a_multipart_post_without_credentials_is_401(world: Any, registry: Any) -> None:
    document_url = f"{REGISTER}/1/attachments"
    assert_401(Client(enforce_csrf_checks=True).post(document_url, {"file": b"x"}))
    assert_401(
        Client(enforce_csrf_checks=True).post(
            "/api/v1/orgs/alpha/services/heirs/applications/multipart",
            {"application": "{}"},
        )
    )


def test_a_signed_in_session_without_the_csrf_token_is_still_403(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    response = client.post(
        "/api/v1/orgs/alpha/units",
        data=json.dumps({"code": "C1", "name": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Unit.objects.filter(code="C1").exists()


def _no_boundary(client: Any, url: str, **headers: Any) -> Any:
    return client.generic(
        "POST", url, b"--x\r\nContent-Disposition: form-data", "multipart/form-data", **headers
    )


def test_multipart_without_a_boundary_is_a_json_400_on_both_multipart_endpoints(
    world: Any, registry: Any, service: Any
) -> None:
    from municipium.registry.services import document_register

    document = document_register(
        organisation=world.org_a,
        actor=world.registrar_a,
        register=registry.general,
        direction="incoming",
        kind=registry.letter,
        subject="Писмо",
        channel="post",
    ).document
    registrar = api_token_create(user=world.registrar_a, name="t").raw
    citizen = api_token_create(user=world.citizen, name="t").raw
    before = Document.objects.count()
    for url, token in [
        (f"{REGISTER}/{document.pk}/attachments", registrar),
        ("/api/v1/orgs/alpha/services/heirs/applications/multipart", citizen),
    ]:
        response = _no_boundary(Client(), url, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "bad_request"
        assert "multipart/form-data" in body["detail"]
        # A browser session takes the same way, through the CSRF check that reads the body
        # for its token when no header carries it.
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(world.registrar_a if token == registrar else world.citizen)
        browser.cookies["csrftoken"] = "a" * 32
        session = _no_boundary(browser, url)
        assert session.status_code == 400, session.content
        assert session.json()["code"] == "bad_request"
    assert Document.objects.count() == before
    assert not document.attachments.exists()
