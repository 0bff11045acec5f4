"""The news API: published items for anyone; writing, publishing and unpublishing for the
organisation's communications staff (and admins) with a token or a session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from municipium.api_errors import ERRORS, PUBLIC_ERRORS
from municipium.api_idempotency import IDEMPOTENT_ERRORS, idempotent
from municipium.tenants.models import Role
from municipium.tenants.scoping import Access, api_scope, resolve_scope

from ..models.news import (
    LEAD_MAX,
    REASON_MAX,
    SLUG_MAX,
    TAG_MAX,
    TAGS_PER_ITEM,
    TITLE_MAX,
    NewsItem,
    NewsKind,
    NewsState,
)
from ..queries import news as queries
from ..services import news as services

router = Router(tags=["news"])

PUBLIC = Access(public=True)
EDITORS = Access(roles=frozenset({Role.COMMUNICATIONS}))
API_PAGE_SIZE = 20
BODY_API_MAX = 100_000


class TextOut(Schema):
    language: str
    title: str
    slug: str
    lead: str
    body: str = Field(..., description="sanitised HTML")
    url: str


class NewsOut(Schema):
    id: int
    kind: NewsKind
    published_at: datetime | None
    changed_at: datetime | None
    display_until: datetime | None
    responsible: str
    tags: list[str]
    lead_image_url: str | None
    lead_image_alt: str | None
    attachments: list[str] = Field(..., description="addresses of the files to download")
    versions: int
    translations: list[TextOut]


class NewsStaffOut(NewsOut):
    state: NewsState
    publish_at: datetime | None


class NewsPage(Schema):
    items: list[NewsOut]
    page: int
    pages: int
    total: int


class NewsQuery(Schema):
    kind: NewsKind | None = None
    tag: str = Field("", max_length=TAG_MAX)
    year: int | None = Field(None, ge=1900, le=2999)
    month: int | None = Field(None, ge=1, le=12)
    page: int = Field(1, ge=1, le=queries.MAX_PAGE)


class TextIn(Schema):
    title: str = Field(..., max_length=TITLE_MAX)
    slug: str = Field("", max_length=SLUG_MAX)
    lead: str = Field("", max_length=LEAD_MAX)
    body: str = Field("", max_length=BODY_API_MAX, description="HTML; sanitised when stored")


class NewsIn(Schema):
    kind: NewsKind
    texts: dict[str, TextIn] = Field(..., description="language code → the item in it")
    tags: list[str] = Field([], max_length=TAGS_PER_ITEM)
    publish_at: datetime | None = None
    display_until: datetime | None = None
    responsible: str = Field("", max_length=200)


class NewsUpdateIn(NewsIn):
    reason: str = Field(
        "", max_length=REASON_MAX, description="required once the item is published"
    )


class ReasonIn(Schema):
    reason: str = Field("", max_length=REASON_MAX)


def _out(item: NewsItem, *, staff: bool = False) -> NewsOut:
    image = item.lead_image
    data: dict[str, Any] = {
        "id": item.pk,
        "kind": item.kind,
        "published_at": item.published_at,
        "changed_at": item.changed_at,
        "display_until": item.display_until,
        "responsible": item.responsible_text,
        "tags": [tag.name for tag in item.tags.all()],
        "lead_image_url": image.get_absolute_url() if image else None,
        "lead_image_alt": image.alt_text if image else None,
        "attachments": [f.get_absolute_url() for f in item.attachments.all()],
        "versions": len(item.versions.all()),
        "translations": [
            TextOut(
                language=t.language,
                title=t.title,
                slug=t.slug,
                lead=t.lead,
                body=t.body,
                url=t.get_absolute_url(),
            )
            for t in item.translations.all()
        ],
    }
    if staff:
        return NewsStaffOut(**data, state=NewsState(item.state), publish_at=item.publish_at)
    return NewsOut(**data)


def _with_all(items: Any) -> Any:
    return items.prefetch_related("attachments__organisation", "versions")


def _texts(payload: NewsIn) -> dict[str, services.NewsText]:
    return {
        language: services.NewsText(title=t.title, slug=t.slug, lead=t.lead, body=t.body)
        for language, t in payload.texts.items()
    }


@router.get(
    "/orgs/{org}/news",
    response={200: NewsPage, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="Published news, newest first, by kind, tag, year and month; 20 a page",
)
def news_list(request: HttpRequest, org: str, filters: Query[NewsQuery]) -> NewsPage:
    organisation = resolve_scope(None, org).organisation
    chosen = queries.NewsFilters(
        kind=filters.kind or "", tag=filters.tag, year=filters.year, month=filters.month
    )
    items = chosen.apply(queries.public_news(organisation))
    total = items.count()
    start = (filters.page - 1) * API_PAGE_SIZE
    rows = list(_with_all(items)[start : start + API_PAGE_SIZE])
    return NewsPage(
        items=[_out(item) for item in rows],
        page=filters.page,
        pages=(total + API_PAGE_SIZE - 1) // API_PAGE_SIZE,
        total=total,
    )


@router.get(
    "/orgs/{org}/news/{item_id}",
    response={200: NewsOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="One published news item with its translations",
)
def news_read(request: HttpRequest, org: str, item_id: int) -> NewsOut:
    scope = resolve_scope(None, org)
    items = _with_all(queries.public_news(scope.organisation))
    return _out(scope.get(items, pk=item_id))


def _editable(request: HttpRequest, org: str, item_id: int) -> tuple[Any, NewsItem]:
    scope = api_scope(request, org, EDITORS)
    return scope, queries.office_item(scope, item_id)


def _staff(scope: Any, item: NewsItem) -> NewsStaffOut:
    fresh = _with_all(queries.office_news(scope)).get(pk=item.pk)
    return _out(fresh, staff=True)  # type: ignore[return-value]


@router.post(
    "/orgs/{org}/news",
    response={201: NewsStaffOut, **ERRORS, **IDEMPOTENT_ERRORS},
    **EDITORS.api(),
    summary="Write a news item (a draft)",
)
@idempotent
def news_create(request: HttpRequest, org: str, payload: NewsIn) -> Status:
    scope = api_scope(request, org, EDITORS)
    item = services.news_create(
        organisation=scope.organisation,
        actor=request.auth,  # type: ignore[attr-defined]
        kind=payload.kind,
        texts=_texts(payload),
        tags=payload.tags,
        publish_at=payload.publish_at,
        display_until=payload.display_until,
        responsible=payload.responsible,
        request=request,
    )
    return Status(201, _staff(scope, item))


@router.put(
    "/orgs/{org}/news/{item_id}",
    response={200: NewsStaffOut, **ERRORS},
    **EDITORS.api(),
    summary="Change a news item (its lead image and attachments stay); a published one "
    "needs the reason, shown in its public history",
)
def news_update(
    request: HttpRequest, org: str, item_id: int, payload: NewsUpdateIn
) -> NewsStaffOut:
    scope, item = _editable(request, org, item_id)
    item = services.news_update(
        item=item,
        actor=request.auth,  # type: ignore[attr-defined]
        kind=payload.kind,
        texts=_texts(payload),
        tags=payload.tags,
        lead_image=item.lead_image,
        attachments=list(item.attachments.all()),
        publish_at=payload.publish_at,
        display_until=payload.display_until,
        responsible=payload.responsible,
        reason=payload.reason,
        request=request,
    )
    return _staff(scope, item)


@router.post(
    "/orgs/{org}/news/{item_id}/publish",
    response={200: NewsStaffOut, **ERRORS},
    **EDITORS.api(),
    summary="Publish now, or schedule for the item's publication time (with approval "
    "required, not by its author)",
)
def news_publish(request: HttpRequest, org: str, item_id: int) -> NewsStaffOut:
    scope, item = _editable(request, org, item_id)
    item = services.news_publish(
        item=item,
        actor=request.auth,  # type: ignore[attr-defined]
        request=request,
    )
    return _staff(scope, item)


@router.post(
    "/orgs/{org}/news/{item_id}/unpublish",
    response={200: NewsStaffOut, **ERRORS},
    **EDITORS.api(),
    summary="Take the item off the public site; its history stays",
)
def news_unpublish(request: HttpRequest, org: str, item_id: int, payload: ReasonIn) -> NewsStaffOut:
    scope, item = _editable(request, org, item_id)
    item = services.news_unpublish(
        item=item,
        actor=request.auth,  # type: ignore[attr-defined]
        reason=payload.reason,
        request=request,
    )
    return _staff(scope, item)
