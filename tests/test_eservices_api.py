"""The e-services API: catalogue and schema (public), applying (signed in), tracking."""

from __future__ import annotations

import json
from typing import Any

import pytest

from municipium.eservices import services
from municipium.registry.models import Document

from .conftest import client_for
from .test_eservices_support import make_service

BASE = "/api/v1/orgs/alpha"


@pytest.fixture
def service(world: Any, registry: Any) -> Any:
    service = make_service(world, registry)
    # a second, file-less service for the API
    other = make_service(world, registry, slug="heirs-api")
    services.form_field_delete(service=other, actor=world.admin_a, key="proof")
    services.form_publish(service=other, actor=world.admin_a)
    return service


def post(client: Any, path: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


GOOD = {
    "name": "Мария Иванова",
    "answers": {"deceased": "Иван", "egn": "7501020018", "delivery": "office", "consent": True},
}


def test_anyone_lists_services_and_reads_a_form_schema(
    service: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(None)
    with django_assert_max_num_queries(4):
        rows = client.get(f"{BASE}/services").json()
    assert {row["slug"] for row in rows} == {"heirs", "heirs-api"}
    assert rows[0]["deadline_legal_basis"] == "АПК чл. 57"
    assert client.get(f"{BASE}/services?q=heirs").json()[0]["title"] == "Certificate of heirs"
    assert client.get(f"{BASE}/services?q=nothing-like-this").json() == []
    schema = client.get(f"{BASE}/services/heirs/form").json()
    assert schema["version"] == 1
    assert [f["key"] for f in schema["fields"]][:2] == ["deceased", "egn"]
    missing = client.get(f"{BASE}/services/nope/form")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/v1/orgs/beta/services/heirs/form").status_code == 404


def test_a_signed_in_citizen_applies_through_the_api(world: Any, service: Any) -> None:
    client = client_for(world.citizen)
    response = post(client, f"{BASE}/services/heirs-api/applications", GOOD)
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(number=body["number"])
    assert document.channel == "portal"
    tracked = post(
        client_for(None), f"{BASE}/track", {"number": body["number"], "code": body["access_code"]}
    )
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "received"


def test_bad_answers_get_the_shared_error_shape_and_register_nothing(
    world: Any, service: Any
) -> None:
    client = client_for(world.citizen)
    bad = {**GOOD, "answers": {**GOOD["answers"], "egn": "1234567890"}}
    response = post(client, f"{BASE}/services/heirs-api/applications", bad)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("egn:")
    unknown = {**GOOD, "answers": {**GOOD["answers"], "surprise": "x"}}
    assert post(client, f"{BASE}/services/heirs-api/applications", unknown).status_code == 400
    files = post(client, f"{BASE}/services/heirs/applications", GOOD)
    assert files.status_code == 400 and "files" in files.json()["detail"]
    assert Document.objects.count() == 0


def test_applying_needs_a_signed_in_person(service: Any) -> None:
    response = post(client_for(None), f"{BASE}/services/heirs-api/applications", GOOD)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Document.objects.count() == 0


def test_tracking_says_the_same_for_every_mistake_and_is_rate_limited(
    world: Any, service: Any, settings: Any
) -> None:
    created = post(
        client_for(world.citizen), f"{BASE}/services/heirs-api/applications", GOOD
    ).json()
    client = client_for(None)
    answers = [
        post(client, f"{BASE}/track", {"number": created["number"], "code": "WRONG-CODE1"}),
        post(client, f"{BASE}/track", {"number": "1/01.01.2020", "code": created["access_code"]}),
        post(
            client,
            "/api/v1/orgs/beta/track",
            {"number": created["number"], "code": created["access_code"]},
        ),
    ]
    assert {r.status_code for r in answers} == {404}
    assert len({json.dumps(r.json()) for r in answers}) == 1
    settings.TRACK_RATE_PER_HOUR = 3
    limited = post(
        client, f"{BASE}/track", {"number": created["number"], "code": created["access_code"]}
    )
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"


def test_an_application_without_answers_does_not_fit_the_schema(world: Any, service: Any) -> None:
    response = post(
        client_for(world.citizen), f"{BASE}/services/heirs-api/applications", {"name": "x"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert Document.objects.count() == 0
