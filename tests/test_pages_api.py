"""The pages' API: published pages for anyone; create, write texts, publish and unpublish for
the organisation's admins and communications staff with a token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from municipium.accounts.services import api_token_create
from municipium.newsroom.models import Page, PageState, PageTranslation

from .pages_support import _empty_cache, add_text, make_page  # noqa: F401

BASE = "/api/v1/orgs/alpha/pages"


def _auth(user) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').raw}"}


def _post(url, payload=None, **headers):
    return Client().post(url, json.dumps(payload or {}), content_type="application/json", **headers)


def test_anyone_lists_and_reads_the_published_pages_only(
    world, django_assert_max_num_queries
) -> None:
    about = make_page(world)
    add_text(world, about, "en", "About us", "about-us")
    for number in range(5):
        make_page(world, f"Раздел {number}", f"razdel-{number}", parent=about)
    make_page(world, "Чернова", "chernova", publish=False)
    with django_assert_max_num_queries(6):
        answer = Client().get(BASE)
    assert answer.status_code == 200
    pages = answer.json()
    assert len(pages) == 6 and pages[0]["id"] == about.pk and pages[0]["parent"] is None
    assert {t["url"] for t in pages[0]["texts"]} == {
        "/alpha/pages/za-nas/",
        "/alpha/pages/about-us/",
    }
    assert pages[1]["texts"][0]["url"] == "/alpha/pages/za-nas/razdel-0/"
    read = Client().get(f"{BASE}/{about.pk}").json()
    assert read["texts"][0]["body"] == "<p>Общината е основана през 1880 г.</p>"
    draft = Page.objects.get(state=PageState.DRAFT)
    assert Client().get(f"{BASE}/{draft.pk}").status_code == 404
    assert Client().get(f"/api/v1/orgs/beta/pages/{about.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["admin_a", "communications_a"])
def test_editors_create_write_and_publish_a_page(world, persona) -> None:
    auth = _auth(getattr(world, persona))
    created = _post(
        BASE,
        {"language": "bg", "title": "Устав", "slug": "ustav", "body": '<p onclick="x()">Чл. 1</p>'},
        **auth,
    )
    assert created.status_code == 201, created.content
    page_id = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert created.json()["texts"][0]["body"] == "<p>Чл. 1</p>"
    text = Client().put(
        f"{BASE}/{page_id}/texts/en",
        json.dumps({"title": "Statute", "slug": "statute"}),
        content_type="application/json",
        **auth,
    )
    assert text.status_code == 200 and len(text.json()["texts"]) == 2
    assert _post(f"{BASE}/{page_id}/publish", **auth).json()["state"] == "published"
    assert Client().get(f"{BASE}/{page_id}").status_code == 200
    assert _post(f"{BASE}/{page_id}/unpublish", **auth).json()["state"] == "draft"
    assert Client().get(f"{BASE}/{page_id}").status_code == 404


@pytest.mark.parametrize("persona", ["official_a", "citizen", "admin_b"])
def test_others_may_not_write_pages(world, persona) -> None:
    page = make_page(world, publish=False)
    auth = _auth(getattr(world, persona))
    answer = _post(BASE, {"language": "bg", "title": "X", "slug": "x"}, **auth)
    assert answer.status_code == 403
    assert _post(f"{BASE}/{page.pk}/publish", **auth).status_code == 403
    assert Page.objects.count() == 1 and Page.objects.get().state == PageState.DRAFT


def test_anonymous_callers_get_401(world) -> None:
    assert _post(BASE, {"language": "bg", "title": "X", "slug": "x"}).status_code == 401


def test_bad_input_is_a_4xx_with_a_message_and_nothing_is_saved(world) -> None:
    make_page(world)
    auth = _auth(world.communications_a)
    taken = _post(BASE, {"language": "bg", "title": "Друга", "slug": "za-nas"}, **auth)
    assert taken.status_code == 400 and taken.json()["code"] == "invalid"
    assert taken.json()["detail"].startswith("slug: This address is taken")
    no_alt = _post(
        BASE, {"language": "bg", "title": "И", "slug": "i", "body": '<img src="/a">'}, **auth
    )
    assert no_alt.status_code == 400 and no_alt.json()["detail"].startswith("body:")
    other_language = _post(BASE, {"language": "pl", "title": "O", "slug": "o"}, **auth)
    assert other_language.status_code == 400
    too_long = _post(BASE, {"language": "bg", "title": "Т" * 201, "slug": "t"}, **auth)
    assert too_long.status_code == 422
    assert PageTranslation.objects.count() == 1 and Page.objects.count() == 1


def test_a_third_level_is_refused_through_the_api(world) -> None:
    about = make_page(world)
    board = make_page(world, "Съвет", "savet", parent=about)
    auth = _auth(world.communications_a)
    answer = _post(
        BASE, {"language": "bg", "title": "Член", "slug": "chlen", "parent": board.pk}, **auth
    )
    assert answer.status_code == 400 and "two levels" in answer.json()["detail"]
    other = _post(
        "/api/v1/orgs/beta/pages",
        {"language": "pl", "title": "P", "slug": "p", "parent": about.pk},
        **_auth(world.communications_b),
    )
    assert other.status_code == 404
    assert Page.objects.count() == 2
