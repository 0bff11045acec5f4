"""The news API: published items for anyone, writing and publishing for communications staff
with a token; bad input answered 4xx and nothing changed."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from municipium.accounts.services import api_token_create
from municipium.newsroom.models import NewsItem, NewsState
from municipium.newsroom.services.news import news_settings_update

from .news_support import published, write


def _bearer(user) -> dict[str, str]:
    issued = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}


def _post(path: str, body: dict, user=None):
    headers = _bearer(user) if user is not None else {}
    return Client().post(path, json.dumps(body), content_type="application/json", **headers)


def test_anyone_lists_and_reads_published_news_only(world, django_assert_max_num_queries) -> None:
    for number in range(5):
        published(world, f"Новина {number}", tags=("съвет",))
    draft = write(world, "Чернова")
    client = Client()
    with django_assert_max_num_queries(10):
        answer = client.get("/api/v1/orgs/alpha/news")
    assert answer.status_code == 200
    data = answer.json()
    assert data["total"] == 5 and len(data["items"]) == 5
    first = data["items"][0]
    assert first["translations"][0]["language"] == "bg" and first["tags"] == ["съвет"]
    assert "state" not in first
    assert client.get(f"/api/v1/orgs/alpha/news/{first['id']}").status_code == 200
    assert client.get(f"/api/v1/orgs/alpha/news/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/orgs/beta/news/{first['id']}").status_code == 404
    assert client.get("/api/v1/orgs/alpha/news?kind=nonsense").status_code == 422


def test_an_editor_writes_and_publishes_with_a_token(world) -> None:
    body = {
        "kind": "press_release",
        "texts": {
            "bg": {"title": "Съобщение", "body": "<p onclick='x()'>Текст</p><script>1</script>"}
        },
        "tags": ["преса"],
    }
    created = _post("/api/v1/orgs/alpha/news", body, world.communications_a)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == "draft"
    assert data["translations"][0]["body"] == "<p>Текст</p>"
    published_answer = _post(
        f"/api/v1/orgs/alpha/news/{data['id']}/publish", {}, world.communications_a
    )
    assert published_answer.status_code == 200 and published_answer.json()["state"] == "published"
    update = {**body, "texts": {"bg": {"title": "Съобщение 2"}}}
    headers = _bearer(world.communications_a)
    refused = Client().put(
        f"/api/v1/orgs/alpha/news/{data['id']}",
        json.dumps(update),
        content_type="application/json",
        **headers,
    )
    assert refused.status_code in (400, 422) and "reason" in refused.content.decode()
    changed = Client().put(
        f"/api/v1/orgs/alpha/news/{data['id']}",
        json.dumps({**update, "reason": "Заглавие"}),
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200 and changed.json()["versions"] == 2
    gone = _post(f"/api/v1/orgs/alpha/news/{data['id']}/unpublish", {"reason": "x"}, world.admin_a)
    assert gone.status_code == 200 and gone.json()["state"] == "unpublished"


@pytest.mark.parametrize("persona", ["official_a", "admin_b", "citizen", None])
def test_others_cannot_write(world, persona) -> None:
    user = getattr(world, persona) if persona else None
    answer = _post(
        "/api/v1/orgs/alpha/news",
        {"kind": "news", "texts": {"bg": {"title": "Опит"}}},
        user,
    )
    assert answer.status_code == (401 if user is None else 403)
    assert not NewsItem.objects.exists()


def test_bad_input_is_a_clear_error_and_changes_nothing(world) -> None:
    editor = world.communications_a
    for body in (
        {"kind": "news", "texts": {"xx": {"title": "Опит"}}},
        {"kind": "news", "texts": {"bg": {"title": "   "}}},
        {"kind": "news", "texts": {"bg": {"title": "Снимка", "body": "<img src='a.png'>"}}},
        {"kind": "news", "texts": {"bg": {"title": "Опит\u0000"}}},
        {"kind": "rumour", "texts": {"bg": {"title": "Опит"}}},
    ):
        answer = _post("/api/v1/orgs/alpha/news", body, editor)
        assert answer.status_code in (400, 422), (body, answer.content)
        assert answer.json()["detail"]
    assert not NewsItem.objects.exists()


def test_the_author_cannot_publish_through_the_api_when_approval_is_required(world) -> None:
    news_settings_update(organisation=world.org_a, actor=world.admin_a, require_approval=True)
    item = write(world)
    refused = _post(f"/api/v1/orgs/alpha/news/{item.pk}/publish", {}, world.communications_a)
    assert refused.status_code == 400
    assert NewsItem.objects.get().state == NewsState.DRAFT
    approved = _post(f"/api/v1/orgs/alpha/news/{item.pk}/publish", {}, world.admin_a)
    assert approved.status_code == 200 and approved.json()["state"] == "published"
