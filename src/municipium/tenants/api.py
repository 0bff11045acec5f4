from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from municipium.api_errors import ERRORS, PUBLIC_ERRORS

from . import queries, services
from .models import Role, Unit
from .scoping import Access, api_scope, resolve_scope

router = Router(tags=["organisations"])

PUBLIC = Access(public=True)
MEMBERS = Access()
ADMINS = Access(roles=frozenset({Role.ADMIN}))


class OrganisationOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    country: str
    languages: list[str]
    website: str
    email: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    parent: str | None = Field(None, description="The parent unit's symbol")
    is_active: bool


class UnitIn(Schema):
    code: str = Field(..., min_length=1, max_length=20)
    name: str = Field(..., min_length=1, max_length=200)
    parent: str | None = Field(None, description="The parent unit's symbol")


class MemberOut(Schema):
    id: int
    email: str
    full_name: str
    roles: list[str]
    unit: str | None
    position: str
    is_active: bool


def _unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        parent=unit.parent.code if unit.parent else None,
        is_active=unit.is_active,
    )


@router.get(
    "/orgs",
    response={200: list[OrganisationOut], **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="The organisations on this installation",
)
def organisations(request: HttpRequest) -> list[OrganisationOut]:
    return [OrganisationOut.from_orm(o) for o in queries.public_organisations()]


@router.get(
    "/orgs/{org}",
    response={200: OrganisationOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="One organisation's public profile",
)
def organisation(request: HttpRequest, org: str) -> OrganisationOut:
    return OrganisationOut.from_orm(resolve_scope(request.user, org).organisation)


@router.get(
    "/orgs/{org}/units",
    response={200: list[UnitOut], **ERRORS},
    **MEMBERS.api(),
    summary="The organisation's units",
)
def units(request: HttpRequest, org: str) -> list[UnitOut]:
    scope = api_scope(request, org, MEMBERS)
    return [_unit_out(unit) for unit in queries.units_of(scope)]


@router.post(
    "/orgs/{org}/units",
    response={201: UnitOut, **ERRORS},
    **ADMINS.api(),
    summary="Add a unit",
)
def unit_create(request: HttpRequest, org: str, payload: UnitIn) -> Status:
    scope = api_scope(request, org, ADMINS)
    parent = scope.get(queries.units_of(scope), code=payload.parent) if payload.parent else None
    unit = services.unit_create(
        organisation=scope.organisation,
        actor=request.auth,  # type: ignore[attr-defined]
        code=payload.code,
        name=payload.name,
        parent=parent,
        request=request,
    )
    return Status(201, _unit_out(unit))


@router.get(
    "/orgs/{org}/members",
    response={200: list[MemberOut], **ERRORS},
    **ADMINS.api(),
    summary="The organisation's people and their roles",
)
def members(request: HttpRequest, org: str) -> list[MemberOut]:
    scope = api_scope(request, org, ADMINS)
    return [
        MemberOut(
            id=m.pk,
            email=m.user.email,
            full_name=m.user.full_name,
            roles=[r.role for r in m.roles.all()],
            unit=m.unit.code if m.unit else None,
            position=m.position,
            is_active=m.is_active,
        )
        for m in queries.members_of(scope)
    ]
