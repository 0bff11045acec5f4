from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from municipium.api_errors import ERRORS
from municipium.tenants.scoping import Access, api_scope

from .analysis import QueryError
from .queries import COUNT_LIMIT, MAX_PAGE, SearchFilters, search
from .types import TYPES

router = Router(tags=["search"])

MEMBERS = Access()


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=500, description="the query (see below)")
    type: str = Field(
        "", max_length=40, description="a type of entry: document, case, correspondent, …"
    )
    # Not `register`: pydantic's BaseModel has an attribute of that name.
    register_code: str = Field("", alias="register", max_length=40, description="a register's code")
    year: int | None = Field(None, ge=1900, le=2999)
    kind: str = Field("", max_length=40, description="a document kind's code")
    status: str = Field("", max_length=20)
    sort: str = Field("relevance", pattern="^(relevance|date)$")
    page: int = Field(1, ge=1, le=MAX_PAGE)


class HitOut(Schema):
    type: str
    id: int
    title: str
    number: str
    date: datetime | None
    url: str
    snippet: str = Field(..., description="HTML: escaped text, matches in <mark>")


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    total: int = Field(
        ...,
        description=(
            f"the number of matches, counted up to {COUNT_LIMIT:,}: when more match, "
            f"`total` is {COUNT_LIMIT:,} and `total_exact` is false"
        ),
    )
    total_exact: bool = Field(
        ...,
        description=(
            f"false when more than {COUNT_LIMIT:,} entries match; the facet counts (and, by "
            f"relevance, the ranked items) are then those of the {COUNT_LIMIT:,} matches "
            "registered or changed most recently"
        ),
    )
    page: int
    pages: int
    items: list[HitOut]
    facets: dict[str, list[FacetOut]]


@router.get(
    "/orgs/{org}/search",
    response={200: SearchOut, **ERRORS},
    **MEMBERS.api(),
    summary="Full-text search of the organisation's documents, cases and correspondents",
    description=(
        "Words are matched in all their inflected forms (Bulgarian, Polish, English) and "
        'without diacritics. All words must match; `OR` between two terms; `-term` excludes; `"a '
        'phrase"`; `term*` for words starting with term. Only what the caller may read is '
        "returned or counted. A query that cannot be understood gets 400."
    ),
)
def search_org(request: HttpRequest, org: str, params: Query[SearchQuery]) -> SearchOut:
    scope = api_scope(request, org, MEMBERS)
    if params.type and params.type not in TYPES:
        known = ", ".join(sorted(TYPES))
        raise ValidationError({"type": f"Unknown type {params.type!r}; one of: {known}."})
    filters = SearchFilters(
        type=params.type,
        register=params.register_code,
        year=params.year,
        kind=params.kind,
        status=params.status,
    )
    try:
        results = search(scope, params.q, filters=filters, sort=params.sort, page=params.page)
    except QueryError as error:
        raise ValidationError({"q": str(error)}) from None
    return SearchOut(
        total=results.total,
        total_exact=results.total_exact,
        page=results.page,
        pages=results.pages,
        items=[
            HitOut(
                type=hit.type,
                id=hit.object_id,
                title=hit.title,
                number=hit.number,
                date=hit.date,
                url=hit.url,
                snippet=str(hit.snippet),
            )
            for hit in results.hits
        ],
        facets={
            name: [FacetOut(value=f.value, label=f.label, count=f.count) for f in values]
            for name, values in results.facets.items()
        },
    )
