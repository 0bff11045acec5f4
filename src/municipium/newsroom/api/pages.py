"""The pages' API: the published pages of an organisation for anyone; writing, publishing
and unpublishing for its admins and communications staff (token or session)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from municipium.api_errors import ERRORS, PUBLIC_ERRORS
from municipium.api_idempotency import IDEMPOTENT_ERRORS, idempotent
from municipium.tenants.models import Role
from municipium.tenants.scoping import Access, api_scope, resolve_scope

from ..models.pages import BODY_MAX_CHARS, Page, PageTranslation
from ..queries import pages as queries
from ..services import pages as services
from ..services.pages import PageText

router = Router(tags=["pages"])

PUBLIC = Access(public=True)
EDITORS = Access(roles=frozenset({Role.ADMIN, Role.COMMUNICATIONS}))


class TextSummaryOut(Schema):
    language: str
    title: str
    slug: str
    summary: str
    url: str = Field(..., description="the page's public address in this language")


class TextOut(TextSummaryOut):
    body: str = Field(..., description="sanitised HTML")


class PageSummaryOut(Schema):
    id: int
    parent: int | None
    position: int
    texts: list[TextSummaryOut]


class AttachmentOut(Schema):
    title: str
    name: str
    mime: str
    size: int
    url: str


class PageOut(Schema):
    id: int
    parent: int | None
    position: int
    state: str = Field(..., description="draft or published")
    is_contacts: bool
    changed_at: datetime
    texts: list[TextOut]
    attachments: list[AttachmentOut]


class TextIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    slug: str = Field(
        ..., min_length=1, max_length=100, description="the page's address in the language"
    )
    summary: str = Field("", max_length=500)
    body: str = Field(
        "", max_length=BODY_MAX_CHARS, description="HTML; sanitised before it is stored"
    )


class PageIn(TextIn):
    language: str = Field(..., min_length=2, max_length=10, description="one of the organisation's")
    parent: int | None = Field(None, description="the top-level page this one is a sub-page of")
    is_contacts: bool = False


def _summary(text: PageTranslation) -> TextSummaryOut:
    return TextSummaryOut(
        language=text.language, title=text.title, slug=text.slug, summary=text.summary,
        url=text.get_absolute_url(),
    )  # fmt: skip


def _page_out(page: Page) -> PageOut:
    texts = queries.page_texts(page)
    return PageOut(
        id=page.pk,
        parent=page.parent_id,
        position=page.position,
        state=page.state,
        is_contacts=page.is_contacts,
        changed_at=page.changed_at,
        texts=[TextOut(**_summary(t).dict(), body=t.body) for t in texts],
        attachments=[
            AttachmentOut(
                title=a.file.title,
                name=a.file.name,
                mime=a.file.mime,
                size=a.file.file.size,
                url=a.file.get_absolute_url(),
            )
            for a in queries.page_attachments(page)
        ],
    )


@router.get(
    "/orgs/{org}/pages",
    response={200: list[PageSummaryOut], **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="The published pages, top-level pages first, in their order",
)
def page_list(request: HttpRequest, org: str) -> list[PageSummaryOut]:
    organisation = resolve_scope(None, org).organisation
    pages = list(
        queries.published_pages(organisation)
        .prefetch_related(queries._texts())
        .order_by("parent_id", "position", "id")
    )
    by_id = {page.pk: page for page in pages}
    out = []
    for page in sorted(pages, key=lambda p: (p.parent_id is not None, p.position, p.pk)):
        parent = by_id.get(page.parent_id) if page.parent_id else None
        texts = list(page.translations.all())
        for text in texts:
            text.parent = parent
        out.append(
            PageSummaryOut(
                id=page.pk,
                parent=page.parent_id,
                position=page.position,
                texts=[_summary(t) for t in texts],
            )
        )
    return out


def _published(org: str, page_id: int) -> Page:
    organisation = resolve_scope(None, org).organisation
    page = queries.published_pages(organisation).select_related("parent").filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page


@router.get(
    "/orgs/{org}/pages/{page_id}",
    response={200: PageOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="A published page with its texts in every language and its documents",
)
def page_read(request: HttpRequest, org: str, page_id: int) -> PageOut:
    return _page_out(_published(org, page_id))


@router.post(
    "/orgs/{org}/pages",
    response={201: PageOut, **ERRORS, **IDEMPOTENT_ERRORS},
    **EDITORS.api(),
    summary="Create a page (a draft) with its first text",
)
@idempotent
def page_create(request: HttpRequest, org: str, payload: PageIn) -> Status:
    scope = api_scope(request, org, EDITORS)
    parent = queries.office_page(scope, payload.parent) if payload.parent is not None else None
    page = services.page_create(
        organisation=scope.organisation,
        actor=request.auth,  # type: ignore[attr-defined]
        text=PageText(
            language=payload.language,
            title=payload.title,
            slug=payload.slug,
            summary=payload.summary,
            body=payload.body,
        ),
        parent=parent,
        is_contacts=payload.is_contacts,
        request=request,
    )
    return Status(201, _page_out(queries.office_page(scope, page.pk)))


@router.put(
    "/orgs/{org}/pages/{page_id}/texts/{language}",
    response={200: PageOut, **ERRORS},
    **EDITORS.api(),
    summary="Write the page's text in a language (a new translation or a change)",
)
def page_text_put(
    request: HttpRequest, org: str, page_id: int, language: str, payload: TextIn
) -> PageOut:
    scope = api_scope(request, org, EDITORS)
    page = queries.office_page(scope, page_id)
    services.page_text_save(
        page=page,
        actor=request.auth,  # type: ignore[attr-defined]
        text=PageText(
            language=language,
            title=payload.title,
            slug=payload.slug,
            summary=payload.summary,
            body=payload.body,
        ),
        request=request,
    )
    return _page_out(queries.office_page(scope, page.pk))


@router.post(
    "/orgs/{org}/pages/{page_id}/publish",
    response={200: PageOut, **ERRORS},
    **EDITORS.api(),
    summary="Publish the page",
)
def page_publish(request: HttpRequest, org: str, page_id: int) -> PageOut:
    scope = api_scope(request, org, EDITORS)
    page = queries.office_page(scope, page_id)
    services.page_publish(page=page, actor=request.auth, request=request)  # type: ignore[attr-defined]
    return _page_out(queries.office_page(scope, page.pk))


@router.post(
    "/orgs/{org}/pages/{page_id}/unpublish",
    response={200: PageOut, **ERRORS},
    **EDITORS.api(),
    summary="Take the page off the public site (nothing is deleted)",
)
def page_unpublish(request: HttpRequest, org: str, page_id: int) -> PageOut:
    scope = api_scope(request, org, EDITORS)
    page = queries.office_page(scope, page_id)
    services.page_unpublish(page=page, actor=request.auth, request=request)  # type: ignore[attr-defined]
    return _page_out(queries.office_page(scope, page.pk))
