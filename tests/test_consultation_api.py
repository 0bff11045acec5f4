"""The consultations' API: anyone reads the published consultations, their draft by article
and the comments with their answers (by cursor, bounded queries); the office's managers and
officials answer and hide comments with a token; others are refused and nothing changes; bad
input is answered 422 with the field named."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from municipium.accounts.services import api_token_create
from municipium.consultations.models import Answer, Article, Comment
from municipium.consultations.services import comments as comment_services

from .consultations_support import make_consultation


def _bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test').raw}"}


def _send(method: str, path: str, body: dict, user=None):
    headers = _bearer(user) if user is not None else {}
    return getattr(Client(), method)(
        path, json.dumps(body), content_type="application/json", **headers
    )


def _with_comments(world, count: int = 3):
    consultation = make_consultation(world)
    article = Article.objects.get(version__consultation=consultation, label="Чл. 2")
    made = [
        comment_services.comment_add(
            consultation=consultation,
            user=world.citizen,
            body=f"Предложение {n}",
            article_anchor=article.anchor,
        )
        for n in range(count)
    ]
    return consultation, article, made


@pytest.mark.django_db
def test_anyone_reads_the_consultation_its_draft_and_comments(
    world, django_assert_max_num_queries
) -> None:
    consultation, article, made = _with_comments(world, 25)
    comment_services.answer_save(
        comment=made[0], actor=world.official_a, outcome="rejected", reason="Опасно е."
    )
    make_consultation(world, publish=False)  # a draft: never shown
    client = Client()
    listed = client.get("/api/v1/orgs/alpha/consultations").json()
    assert [row["id"] for row in listed] == [consultation.pk]
    body = client.get(f"/api/v1/orgs/alpha/consultations/{consultation.pk}").json()
    assert body["legal_basis"] and body["version"] == 1
    by_label = {a["label"]: a for a in body["articles"]}
    assert by_label["Чл. 2"]["comments"] == 25 and by_label["Чл. 2"]["anchor"] == article.anchor
    url = f"/api/v1/orgs/alpha/consultations/{consultation.pk}/comments?article={article.anchor}"
    with django_assert_max_num_queries(8):
        first = client.get(url).json()
    assert len(first["comments"]) == 20 and first["next_after"]
    assert first["comments"][0]["answer"] == {
        "outcome": "rejected",
        "reason": "Опасно е.",
        "answered_at": first["comments"][0]["answer"]["answered_at"],
    }
    # No consent: no name, "A resident" in the organisation's language.
    assert first["comments"][0]["author"] == "Жител"
    with django_assert_max_num_queries(8):
        second = client.get(f"{url}&after={first['next_after']}").json()
    assert len(second["comments"]) == 5 and second["next_after"] is None


@pytest.mark.django_db
def test_another_organisations_consultation_is_not_found_under_this_one(world) -> None:
    other = make_consultation(world, org="b")
    assert Client().get(f"/api/v1/orgs/alpha/consultations/{other.pk}").status_code == 404
    assert Client().get(f"/api/v1/orgs/alpha/consultations/{other.pk}/comments").status_code == 404


@pytest.mark.django_db
def test_an_official_answers_and_hides_with_a_token(world) -> None:
    _consultation, _article, made = _with_comments(world, 1)
    path = f"/api/v1/orgs/alpha/consultations/comments/{made[0].pk}"
    refused = _send(
        "put", f"{path}/answer", {"outcome": "rejected", "reason": ""}, world.official_a
    )
    assert refused.status_code == 400, refused.json()
    assert refused.json()["errors"][0]["loc"] == ["reason"]
    assert not Answer.objects.exists()
    unknown = _send("put", f"{path}/answer", {"outcome": "maybe"}, world.official_a)
    assert unknown.status_code == 422 and not Answer.objects.exists()
    done = _send("put", f"{path}/answer", {"outcome": "accepted"}, world.official_a)
    assert done.status_code == 200, done.json()
    assert done.json()["answer"]["outcome"] == "accepted"
    hidden = _send("post", f"{path}/hide", {"reason": "Обиди."}, world.admin_a)
    assert hidden.status_code == 200
    assert hidden.json()["body"] == "" and hidden.json()["hidden_reason"] == "Обиди."
    assert Comment.objects.get(pk=made[0].pk).is_hidden


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "citizen", "communications_a", "official_b"])
def test_others_cannot_answer_or_hide(world, persona) -> None:
    _consultation, _article, made = _with_comments(world, 1)
    user = None if persona == "anonymous" else getattr(world, persona)
    path = f"/api/v1/orgs/alpha/consultations/comments/{made[0].pk}"
    answered = _send("put", f"{path}/answer", {"outcome": "accepted"}, user)
    hidden = _send("post", f"{path}/hide", {"reason": "x"}, user)
    assert answered.status_code in (401, 403, 404) and hidden.status_code in (401, 403, 404)
    assert not Answer.objects.exists()
    assert not Comment.objects.get(pk=made[0].pk).is_hidden
