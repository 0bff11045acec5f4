"""The HTTP API: OpenAPI document, authentication, one error shape, organisations and units."""

from __future__ import annotations

import json

from django.test import Client

from municipium.audit.models import AuditEntry
from municipium.tenants.models import Unit

from .conftest import client_for


def test_the_openapi_document_is_served_and_describes_the_routes(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert {"/api/v1/me", "/api/v1/orgs", "/api/v1/orgs/{org}/units"} <= set(schema["paths"])
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "swagger-ui" in page and "/api/v1/openapi.json" in page


def test_anonymous_callers_get_401_in_the_error_shape(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication required: a session or a bearer token.",
        "code": "not_authenticated",
    }
    assert response["WWW-Authenticate"] == "Bearer"


def test_me_describes_the_user_and_their_memberships(world):
    body = client_for(world.registrar_a).get("/api/v1/me").json()
    assert body["email"] == "registrar-a@example.org"
    assert body["memberships"] == [
        {
            "organisation": "alpha",
            "organisation_name": "Община Алфа",
            "roles": ["registrar"],
            "unit": "ADM",
        }
    ]


def test_orgs_lists_active_organisations_publicly(world):
    body = Client().get("/api/v1/orgs").json()
    assert [o["slug"] for o in body] == ["alpha", "beta"] or [o["slug"] for o in body] == [
        "beta",
        "alpha",
    ]
    assert set(body[0]) == {
        "slug",
        "name",
        "short_name",
        "kind",
        "country",
        "languages",
        "website",
        "email",
    }


def test_unknown_organisation_and_unknown_route_answer_404_in_the_error_shape(db):
    response = Client().get("/api/v1/orgs/nowhere")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    response = Client().get("/api/v1/nothing/here")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_admin_creates_a_unit_through_the_api(world):
    response = client_for(world.admin_a).post(
        "/api/v1/orgs/alpha/units",
        data={"code": "IT", "name": "Информационни технологии", "parent": "ADM"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["parent"] == "ADM"
    unit = Unit.objects.get(organisation=world.org_a, code="IT")
    assert AuditEntry.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


def test_invalid_input_answers_422_with_the_field_and_changes_nothing(world):
    before = Unit.objects.count()
    response = client_for(world.admin_a).post(
        "/api/v1/orgs/alpha/units", data={"name": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {tuple(e["loc"][-1:]) for e in body["errors"]} >= {("code",), ("name",)}
    assert isinstance(body["detail"], str) and body["detail"]
    assert Unit.objects.count() == before


def test_malformed_json_is_a_client_error_not_a_crash(world):
    response = client_for(world.admin_a).post(
        "/api/v1/orgs/alpha/units", data="{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_a_rule_broken_in_the_model_answers_400_and_changes_nothing(world):
    before = AuditEntry.objects.count()
    response = client_for(world.admin_a).post(
        "/api/v1/orgs/alpha/units",
        data={"code": "ADM", "name": "Duplicate"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert AuditEntry.objects.count() == before


def test_a_parent_unit_of_another_organisation_is_not_found(world):
    response = client_for(world.admin_a).post(
        "/api/v1/orgs/alpha/units",
        data={"code": "NEW", "name": "x", "parent": "OR"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Unit.objects.filter(code="NEW").exists()


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    response = client.post(
        "/api/v1/orgs/alpha/units",
        data=json.dumps({"code": "C1", "name": "x"}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert not Unit.objects.filter(code="C1").exists()


def test_audit_endpoint_pages_by_keyset(world):
    client = client_for(world.admin_a)
    first = client.get("/api/v1/orgs/alpha/audit", {"limit": 2}).json()
    assert len(first["items"]) == 2
    second = client.get("/api/v1/orgs/alpha/audit", {"limit": 2, "before": first["next_before"]})
    assert second.json()["items"][0]["seq"] == first["items"][-1]["seq"] - 1


def test_out_of_range_paging_is_refused_with_422(world):
    client = client_for(world.admin_a)
    for params in ({"limit": 0}, {"limit": 201}, {"before": 0}, {"before": 2**70}):
        response = client.get("/api/v1/orgs/alpha/audit", params)
        assert response.status_code == 422, params
        assert response.json()["code"] == "invalid"
