from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from municipium.api_errors import ERRORS
from municipium.tenants.scoping import memberships_of

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    organisation: str
    organisation_name: str
    roles: list[str]
    unit: str | None


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    date_joined: datetime
    memberships: list[MembershipOut]


@router.get(
    "/me",
    response={200: MeOut, **ERRORS},
    summary="The signed-in user and their memberships",
    openapi_extra={"x-access": {"public": False, "roles": [], "authenticated": True}},
)
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    memberships = [
        MembershipOut(
            organisation=m.organisation.slug,
            organisation_name=m.organisation.name,
            roles=m.role_codes,
            unit=m.unit.code if m.unit else None,
        )
        for m in memberships_of(user)
    ]
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        language=user.language,
        date_joined=user.date_joined,
        memberships=memberships,
    )
