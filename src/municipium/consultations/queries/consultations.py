"""Reads of consultations, scoped to the organisation: the public list and page (a bounded
number of queries whatever the number of comments), comments paged by cursor, and the
office's lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from municipium.tenants.models import Organisation
from municipium.tenants.scoping import Scope

from ..models import Article, Comment, Consultation, Paragraph, State, Version

COMMENTS_PER_PAGE = 20
PUBLIC_STATES = (State.OPEN, State.CLOSED, State.ADOPTED)


def public_consultations(organisation: Organisation) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(organisation=organisation, state__in=PUBLIC_STATES)
        .select_related("rule_set", "organisation")
        .order_by("-opens_at", "-id")
    )


def has_public_consultations(organisation: Organisation) -> bool:
    return Consultation.objects.filter(organisation=organisation, state__in=PUBLIC_STATES).exists()


def public_consultation(organisation: Organisation, consultation_id: int) -> Consultation:
    found = (
        public_consultations(organisation)
        .select_related("responsible", "unit")
        .filter(pk=consultation_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def office_consultation(scope: Scope, consultation_id: int) -> Consultation:
    return scope.get(
        Consultation.objects.select_related("rule_set", "responsible", "unit", "organisation"),
        pk=consultation_id,
    )


def versions(consultation: Consultation) -> list[Version]:
    return list(consultation.versions.order_by("-number"))


def structure(version: Version) -> list[Article]:
    return list(
        version.articles.order_by("position").prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("position"))
        )
    )


def comment_counts(consultation: Consultation) -> dict[int | None, int]:
    """Visible comments (not replies) per article anchor; None: on the whole draft."""
    rows = (
        Comment.objects.filter(consultation=consultation, parent__isnull=True)
        .values("article_anchor")
        .annotate(n=Count("id"))
    )
    return {row["article_anchor"]: row["n"] for row in rows}


@dataclass
class CommentPage:
    comments: list[Comment]
    next_after: int | None
    reply_counts: dict[int, int]


def comment_page(
    consultation: Consultation, *, article_anchor: int | None, whole: bool, after: int | None
) -> CommentPage:
    """One page of the comments on an article (or on the whole draft, or all of them), in
    the order received, after the comment `after` (a cursor, not an offset: the same cost on
    page 1 and page 500). Three queries: comments with their answers, reply counts, nothing
    else."""
    comments = Comment.objects.filter(consultation=consultation, parent__isnull=True)
    if whole:
        comments = comments.filter(article_anchor__isnull=True)
    elif article_anchor is not None:
        comments = comments.filter(article_anchor=article_anchor)
    if after is not None:
        comments = comments.filter(id__gt=after)
    found = list(comments.select_related("answer").order_by("id")[: COMMENTS_PER_PAGE + 1])
    more = len(found) > COMMENTS_PER_PAGE
    found = found[:COMMENTS_PER_PAGE]
    counts: dict[int, int] = {}
    if found:
        counts = dict(
            Comment.objects.filter(parent_id__in=[c.pk for c in found])
            .values("parent_id")
            .annotate(n=Count("id"))
            .values_list("parent_id", "n")
        )
    return CommentPage(found, found[-1].pk if more and found else None, counts)


def replies(consultation: Consultation, comment_id: int) -> tuple[Comment, list[Comment]]:
    parent = (
        Comment.objects.filter(consultation=consultation, pk=comment_id, parent__isnull=True)
        .select_related("answer")
        .first()
    )
    if parent is None:
        raise Http404
    return parent, list(parent.replies.order_by("id")[:200])


def office_comment(scope: Scope, comment_id: int) -> Comment:
    return scope.get(
        Comment.objects.select_related("consultation", "consultation__organisation"),
        path="consultation__organisation",
        pk=comment_id,
    )


def office_list(scope: Scope) -> QuerySet[Consultation]:
    return (
        scope.filter(Consultation.objects.all())
        .select_related("rule_set", "responsible")
        .annotate(
            comment_total=Count("comments", filter=Q(comments__parent__isnull=True)),
            answered=Count("comments__answer"),
        )
        .order_by("-created_at", "-id")
    )


def list_filter(rows: QuerySet[Consultation], phase: str) -> QuerySet[Consultation]:
    from django.utils import timezone

    now = timezone.now()
    if phase == "open":
        return rows.filter(state=State.OPEN, opens_at__lte=now, closes_at__gt=now)
    if phase == "closed":
        return rows.filter(report_published_at__isnull=True).filter(
            Q(state=State.CLOSED) | Q(state=State.OPEN, closes_at__lte=now)
        )
    if phase == "report":
        return rows.filter(report_published_at__isnull=False)
    return rows


def article_of(version: Version, anchor: int) -> Article | None:
    return version.articles.filter(anchor=anchor).prefetch_related("paragraphs").first()


def anchors_in(version: Version) -> dict[int, Any]:
    return {a.anchor: a for a in version.articles.all()}
