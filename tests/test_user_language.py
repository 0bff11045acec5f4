"""Signed-in people get pages, form errors and API errors in their own language, whatever
their browser asks for; anonymous visitors get the language of Accept-Language (or of the
language cookie)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.utils import translation

from municipium.accounts.models import User
from municipium.accounts.services import api_token_create
from municipium.audit.models import AuditEntry
from municipium.registry.models import Document, IdentifierType

from .conftest import client_for

API = "/api/v1/orgs/alpha/registry/documents"
BAD_PESEL = {
    "register_code": "general",
    "direction": "incoming",
    "kind": "letter",
    "subject": "Pismo",
    "channel": "post",
    "correspondent": {"name": "Anna", "identifier_type": "pesel", "identifier": "44051401358"},
}


def said_in(language: str, message: str, **values: Any) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


def polish(user: User) -> User:
    User.objects.filter(pk=user.pk).update(language="pl")
    user.refresh_from_db()
    return user


def test_a_polish_user_gets_polish_form_errors_whatever_the_browser_asks(
    world: Any, registry: Any
) -> None:
    polish(world.registrar_a)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["municipium_language"] = "en"
    client.force_login(world.registrar_a)
    response = client.post(
        "/alpha/office/registry/new/",
        {
            "direction": "incoming",
            "register": "general",
            "kind": "letter",
            "subject": "Pismo\x07",
            "channel": "counter",
            "sheets": "1",
            "confidentiality": "internal",
            "correspondent_name": "Anna Nowak",
        },
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "pl"
    expected = said_in("pl", "The text holds a control character (U+%(code)04X); remove it.")
    assert expected != "The text holds a control character (U+%(code)04X); remove it."
    assert response.context["form"].errors["subject"] == [expected % {"code": 7}]
    assert not Document.objects.exists()


def test_a_polish_user_gets_polish_api_errors_with_a_token_or_a_session(
    world: Any, registry: Any
) -> None:
    user = polish(world.registrar_a)
    token = api_token_create(user=user, name="t").raw
    with translation.override("pl"):
        kind = str(IdentifierType("pesel").label)
    expected = said_in("pl", "This is not a valid %(kind)s.", kind=kind)
    by_token = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        API,
        json.dumps(BAD_PESEL),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert by_token.status_code == 400
    assert by_token.json()["detail"] == f"identifier: {expected}"
    session = Client(HTTP_ACCEPT_LANGUAGE="en")
    session.force_login(user)
    by_session = session.post(API, json.dumps(BAD_PESEL), content_type="application/json")
    assert by_session.json()["detail"] == f"identifier: {expected}"
    too_long = session.get(API, {"q": "ж" * 1000})
    assert too_long.status_code == 422
    assert too_long.json()["detail"] == "q: " + said_in(
        "pl", "Too long: write at most %(count)s characters.", count=200
    )
    assert not Document.objects.exists()


def test_anonymous_callers_get_the_language_their_browser_asks_for(db: Any) -> None:
    for language in ("pl", "en", "bg"):
        response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["detail"] == said_in(
            language, "Authentication required: a session or a bearer token."
        )
    assert said_in("pl", "Authentication required: a session or a bearer token.") != said_in(
        "en", "Authentication required: a session or a bearer token."
    )


def test_the_language_switcher_changes_a_signed_in_persons_language(world: Any) -> None:
    client = client_for(world.official_a, "en")
    response = client.post("/i18n/setlang/", {"language": "pl", "next": "/"})
    assert response.status_code == 302
    world.official_a.refresh_from_db()
    assert world.official_a.language == "pl"
    entry = AuditEntry.objects.get(action="user.language")
    assert entry.changes == {"language": ["en", "pl"]}
    page = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "pl"
    refused = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert refused.status_code == 302
    world.official_a.refresh_from_db()
    assert world.official_a.language == "pl"
