"""The consultations' API: the public consultations of an organisation, their draft by article
and their comments with the official answers for anyone; answering and moderating comments for
the office's managers and officials (token or session)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from municipium.api_errors import ERRORS, PUBLIC_ERRORS
from municipium.tenants.scoping import Access, api_scope, resolve_scope

from .models import Comment, Consultation
from .models.comments import REASON_MAX, Outcome
from .public import EDITORS as EDITOR_ROLES
from .queries import consultations as queries
from .services import comments as comment_services

router = Router(tags=["consultations"])

PUBLIC = Access(public=True)
EDITORS = Access(roles=EDITOR_ROLES)


class ConsultationSummaryOut(Schema):
    id: int
    title: str
    act_kind: str
    phase: str = Field(..., description="open, closed or with the report published")
    opens_at: datetime
    closes_at: datetime
    url: str


class ParagraphOut(Schema):
    anchor: int
    text: str


class ArticleOut(Schema):
    anchor: int = Field(..., description="stable across versions; comments point to it")
    label: str
    heading: str
    comments: int
    paragraphs: list[ParagraphOut]


class ConsultationOut(ConsultationSummaryOut):
    summary: str
    rules: str
    legal_basis: str
    version: int | None
    comments_on_the_whole_draft: int
    articles: list[ArticleOut]
    report_published_at: datetime | None


class AnswerOut(Schema):
    outcome: str
    reason: str
    answered_at: datetime


class CommentOut(Schema):
    id: int
    article_anchor: int | None
    paragraph_anchor: int | None
    target_label: str
    author: str = Field(..., description="an organisation's name, a person's only with consent")
    body: str = Field(..., description="empty when hidden")
    hidden_reason: str
    created_at: datetime
    replies: int
    answer: AnswerOut | None


class CommentPageOut(Schema):
    comments: list[CommentOut]
    next_after: int | None = Field(..., description="give it as `after` for the next page")


class AnswerIn(Schema):
    outcome: Outcome
    reason: str = Field("", max_length=REASON_MAX)


class HideIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


def _summary(row: Consultation) -> ConsultationSummaryOut:
    return ConsultationSummaryOut(
        id=row.pk, title=row.title, act_kind=row.act_kind, phase=row.phase,
        opens_at=row.opens_at, closes_at=row.closes_at, url=row.get_absolute_url(),
    )  # fmt: skip


def _comment(comment: Comment, replies: int) -> CommentOut:
    answer = getattr(comment, "answer", None) if comment.parent_id is None else None
    return CommentOut(
        id=comment.pk,
        article_anchor=comment.article_anchor,
        paragraph_anchor=comment.paragraph_anchor,
        target_label=comment.target_label,
        author=comment.public_author,
        body="" if comment.is_hidden else comment.body,
        hidden_reason=comment.hidden_reason if comment.is_hidden else "",
        created_at=comment.created_at,
        replies=replies,
        answer=AnswerOut(
            outcome=answer.outcome, reason=answer.reason, answered_at=answer.answered_at
        )
        if answer
        else None,
    )


@router.get(
    "/orgs/{org}/consultations",
    response={200: list[ConsultationSummaryOut], **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="The published consultations, the latest first",
)
def consultation_list(request: HttpRequest, org: str) -> list[ConsultationSummaryOut]:
    organisation = resolve_scope(None, org).organisation
    return [_summary(row) for row in queries.public_consultations(organisation)[:500]]


@router.get(
    "/orgs/{org}/consultations/{consultation_id}",
    response={200: ConsultationOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="A published consultation: its rules, dates and the draft by article with counts",
)
def consultation_read(request: HttpRequest, org: str, consultation_id: int) -> ConsultationOut:
    organisation = resolve_scope(None, org).organisation
    row = queries.public_consultation(organisation, consultation_id)
    version = row.versions.order_by("-number").first()
    counts = queries.comment_counts(row)
    articles = queries.structure(version) if version else []
    return ConsultationOut(
        **_summary(row).dict(),
        summary=row.summary,
        rules=row.rule_set.name,
        legal_basis=row.rule_set.legal_basis,
        version=version.number if version else None,
        comments_on_the_whole_draft=counts.get(None, 0),
        articles=[
            ArticleOut(
                anchor=a.anchor,
                label=a.label,
                heading=a.heading,
                comments=counts.get(a.anchor, 0),
                paragraphs=[ParagraphOut(anchor=p.anchor, text=p.text) for p in a.paragraphs.all()],
            )
            for a in articles
        ],
        report_published_at=row.report_published_at,
    )


class CommentFilter(Schema):
    article: int | None = Field(None, ge=1, description="an article's anchor")
    whole: bool = Field(False, description="only the comments on the whole draft")
    after: int | None = Field(None, ge=1, description="the cursor: `next_after` of the last page")


@router.get(
    "/orgs/{org}/consultations/{consultation_id}/comments",
    response={200: CommentPageOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="The comments (not replies) with their answers, 20 a page, by cursor",
)
def comment_list(
    request: HttpRequest, org: str, consultation_id: int, filters: Query[CommentFilter]
) -> CommentPageOut:
    organisation = resolve_scope(None, org).organisation
    row = queries.public_consultation(organisation, consultation_id)
    page = queries.comment_page(
        row, article_anchor=filters.article, whole=filters.whole, after=filters.after
    )
    return CommentPageOut(
        comments=[_comment(c, page.reply_counts.get(c.pk, 0)) for c in page.comments],
        next_after=page.next_after,
    )


@router.put(
    "/orgs/{org}/consultations/comments/{comment_id}/answer",
    response={200: CommentOut, **ERRORS},
    **EDITORS.api(),
    summary="Give or change the official answer to a comment (reasons required unless accepted "
    "or outside the subject)",
)
def comment_answer(
    request: HttpRequest, org: str, comment_id: int, payload: AnswerIn
) -> CommentOut:
    scope = api_scope(request, org, EDITORS)
    comment = queries.office_comment(scope, comment_id)
    comment_services.answer_save(
        comment=comment,
        actor=request.auth,  # type: ignore[attr-defined]
        outcome=str(payload.outcome),
        reason=payload.reason,
    )
    comment = queries.office_comment(scope, comment_id)
    return _comment(comment, comment.replies.count())


@router.post(
    "/orgs/{org}/consultations/comments/{comment_id}/hide",
    response={200: CommentOut, **ERRORS},
    **EDITORS.api(),
    summary="Hide a comment under the code of conduct; the reason is shown in its place",
)
def comment_hide(request: HttpRequest, org: str, comment_id: int, payload: HideIn) -> CommentOut:
    scope = api_scope(request, org, EDITORS)
    comment = queries.office_comment(scope, comment_id)
    comment_services.comment_hide(
        comment=comment,
        actor=request.auth,  # type: ignore[attr-defined]
        reason=payload.reason,
    )
    comment = queries.office_comment(scope, comment_id)
    return _comment(comment, comment.replies.count())
