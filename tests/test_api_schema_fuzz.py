"""Property-based checks of the whole API against its own OpenAPI document (schemathesis).

Generated requests — valid and invalid — must never crash the server, and every answer must
match what the document says: its status codes, content type and response schemas.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from municipium.accounts.services import api_token_create
from municipium.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open() -> Any:
    """Like Django's test client: the WSGI app must not close the test's connection (and
    its transaction) when each request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(world: Any) -> str:
    return api_token_create(user=world.admin_a, name="fuzz").raw


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_as_documented(case: Any, admin_token: str) -> None:
    org = (case.path_parameters or {}).get("org")
    if org is not None and len(org) % 2 == 0:
        # Half the time aim at a real organisation, so the operation itself is exercised.
        case.path_parameters["org"] = "alpha"
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)


def _multipart_operations() -> list[tuple[str, str]]:
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    )


def test_every_multipart_operation_answers_a_body_without_boundary_with_a_json_400(
    world: Any, admin_token: str
) -> None:
    """Generated requests always carry a boundary; this is the one they cannot make."""
    from django.test import Client

    operations = _multipart_operations()
    assert len(operations) >= 2
    for method, path in operations:
        url = path.replace("{org}", "alpha").replace("{slug}", "heirs")
        url = url.replace("{document_id}", "1")
        response = Client().generic(
            method,
            url,
            b"--b\r\nContent-Disposition: form-data; name=file\r\n\r\nx\r\n--b--\r\n",
            "multipart/form-data",
            HTTP_AUTHORIZATION=f"Bearer {admin_token}",
        )
        assert response.status_code == 400, (path, response.content)
        assert response.json()["code"] == "bad_request"
