from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from municipium.api_errors import ERRORS
from municipium.tenants.models import Role
from municipium.tenants.scoping import Access, api_scope

from . import queries
from .queries import MAX_SEQ

router = Router(tags=["audit"])

# Administrators and managers read their organisation's journal (as on the journal page).
ADMINS = Access(roles=frozenset({Role.ADMIN, Role.MANAGER}))


class EntryOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    hash: str


class JournalFilters(Schema):
    action: str | None = None
    actor: str | None = None
    object_type: str | None = None
    before: int | None = Field(None, ge=1, le=MAX_SEQ, description="show entries before this")
    limit: int = Field(50, ge=1, le=200)


class JournalPage(Schema):
    items: list[EntryOut]
    next_before: int | None


@router.get(
    "/orgs/{org}/audit",
    response={200: JournalPage, **ERRORS},
    **ADMINS.api(),
    summary="The organisation's audit journal, newest first (keyset on `before`)",
)
def journal(request: HttpRequest, org: str, filters: Query[JournalFilters]) -> JournalPage:
    scope = api_scope(request, org, ADMINS)
    entries = queries.journal(scope, filters.dict())
    rows, next_before = queries.page(entries, before=filters.before, size=filters.limit)
    items = [
        EntryOut(
            seq=e.seq,
            at=e.at,
            actor=e.actor_label,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            object_repr=e.object_repr,
            changes=e.changes,
            hash=e.hash,
        )
        for e in rows
    ]
    return JournalPage(items=items, next_before=next_before)
