"""Every list page and list endpoint runs the same number of queries whatever its length."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipium.tenants import services
from municipium.tenants.models import Role

from .conftest import add_member, client_for, make_user, register_letter

LISTS = [
    "/",
    "/alpha/office/settings/units/",
    "/alpha/office/settings/people/",
    "/alpha/office/audit/",
    "/api/v1/orgs",
    "/api/v1/orgs/alpha/units",
    "/api/v1/orgs/alpha/members",
    "/api/v1/orgs/alpha/audit",
    "/dashboard/",
    "/alpha/office/registry/",
    "/alpha/office/registry/?overdue=on&kind=letter",
    "/api/v1/orgs/alpha/registry/documents",
    "/api/v1/orgs/alpha/registry/registers",
    "/alpha/office/figures/",
]


def _grow(world: Any, registry: Any, start: int, count: int) -> None:
    for index in range(start, start + count):
        register_letter(world, registry, subject=f"Letter {index}")
        register_letter(
            world,
            registry,
            subject=f"Secret {index}",
            confidentiality="confidential",
            readers=[world.admin_a],
        )
        other = services.organisation_create(
            actor=None, slug=f"org-{index}", name=f"Org {index}", kind="agency", country="BG"
        )
        services.unit_create(
            organisation=world.org_a,
            actor=world.admin_a,
            code=f"Q{index}",
            name=f"Unit {index}",
            parent=world.unit_a,
        )
        add_member(
            world.org_a,
            make_user(f"person{index}@example.org"),
            Role.OFFICIAL,
            Role.VIEWER,
            unit=world.unit_a,
        )
        if index % 2:  # the dashboard lists the admin's workplaces
            add_member(other, world.admin_a, Role.VIEWER)


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


@pytest.mark.parametrize("path", LISTS)
def test_list_query_count_does_not_grow_with_the_rows(world: Any, registry: Any, path: str) -> None:
    client = client_for(world.admin_a)
    _grow(world, registry, 0, 3)
    small = _queries(client, path)
    _grow(world, registry, 3, 12)
    large = _queries(client, path)
    assert large == small, f"{path}: {small} queries with few rows, {large} with more"
    assert small <= 12, f"{path}: {small} queries"
