"""Public pages of consultations: the list (open, closed, with report), a consultation's page
(its rules, dates, documents, the draft by article with the comments' counts, the comments on
the whole draft), an article's comments paged by cursor, a comment's replies on demand, the
comparison of two versions and the report in PDF, CSV and JSON. Anonymous pages are cached
whole; commenting needs a signed-in person."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.registry.exports import PdfUnavailable
from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from .. import drafts
from ..forms.consultations import CommentForm
from ..models import Comment, Version
from ..queries import consultations as queries
from ..services import comments as comment_services
from ..services import report as report_services

PHASES = ("open", "closed", "report")
MAX_ID = 2**62


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _cursor(request: HttpRequest) -> int | None:
    raw = request.GET.get("after", "")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_ID:
        raise ValueError(raw)
    return int(raw)


@org_view(public=True)
@public_page
def consultation_list(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    phase = request.GET.get("phase", "")
    status = 200
    if phase and phase not in PHASES:
        phase, status = "", 400
    rows = list(queries.list_filter(queries.public_consultations(organisation), phase)[:200])
    context = {
        "organisation": organisation,
        "rows": rows,
        "phase": phase,
        "phases": [
            ("", _("All")),
            ("open", _("Open for comments")),
            ("closed", _("Closed")),
            ("report", _("With report")),
        ],
        "error": _("Choose a state from the list.") if status == 400 else "",
    }
    return render(request, "consultations/list.html", context, status=status)


def _version(consultation: Any, number: str | None) -> Version:
    found = consultation.versions.order_by("-number")
    if number:
        if not number.isdigit() or len(number) > 6:
            raise Http404
        found = found.filter(number=int(number))
    version = found.first()
    if version is None:
        raise Http404
    return version


@org_view(public=True)
@public_page
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    organisation = _scope(request).organisation
    consultation = queries.public_consultation(organisation, consultation_id)
    version = _version(consultation, None)
    articles = queries.structure(version)
    counts = queries.comment_counts(consultation)
    in_draft = {a.anchor for a in articles}
    try:
        page = queries.comment_page(
            consultation, article_anchor=None, whole=True, after=_cursor(request)
        )
    except ValueError:
        raise Http404 from None
    gone = sorted(a for a in counts if a is not None and a not in in_draft)
    context = {
        "organisation": organisation,
        "consultation": consultation,
        "rules": consultation.rule_set,
        "version": version,
        "versions": queries.versions(consultation),
        "articles": [{"article": a, "count": counts.get(a.anchor, 0)} for a in articles],
        "whole_count": counts.get(None, 0),
        "total": sum(counts.values()),
        "gone": [{"anchor": a, "count": counts[a]} for a in gone],
        "documents": list(consultation.documents.select_related("file", "file__organisation")),
        "page": page,
        "form": CommentForm() if consultation.accepts_comments() else None,
    }
    return render(request, "consultations/detail.html", context)


@org_view(public=True)
@public_page
def article_comments(request: HttpRequest, consultation_id: int, anchor: int) -> HttpResponse:
    organisation = _scope(request).organisation
    consultation = queries.public_consultation(organisation, consultation_id)
    version = _version(consultation, None)
    article = queries.article_of(version, anchor)
    try:
        page = queries.comment_page(
            consultation, article_anchor=anchor, whole=False, after=_cursor(request)
        )
    except ValueError:
        raise Http404 from None
    if article is None and not page.comments and request.GET.get("after") is None:
        raise Http404
    gone_label = ""
    if article is None:
        first = Comment.objects.filter(consultation=consultation, article_anchor=anchor).first()
        gone_label = first.target_label if first else ""
    context = {
        "organisation": organisation,
        "consultation": consultation,
        "version": version,
        "article": article,
        "anchor": anchor,
        "gone_label": gone_label,
        "page": page,
        "form": CommentForm(initial={"article": anchor})
        if article is not None and consultation.accepts_comments()
        else None,
    }
    return render(request, "consultations/article.html", context)


@org_view(public=True)
@public_page
def comment_replies(request: HttpRequest, consultation_id: int, comment_id: int) -> HttpResponse:
    organisation = _scope(request).organisation
    consultation = queries.public_consultation(organisation, consultation_id)
    parent, found = queries.replies(consultation, comment_id)
    context = {
        "organisation": organisation,
        "consultation": consultation,
        "comment": parent,
        "replies": found,
        "form": CommentForm(initial={"parent": parent.pk})
        if consultation.accepts_comments() and not parent.is_hidden
        else None,
    }
    return render(request, "consultations/replies.html", context)


@org_view(public=True)
@require_POST
def comment_post(request: HttpRequest, consultation_id: int) -> HttpResponseBase:
    """A signed-in person's comment (anonymous visitors are sent to sign in first)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _scope(request).organisation
    consultation = queries.public_consultation(organisation, consultation_id)
    form = CommentForm(request.POST)
    back = consultation.get_absolute_url()
    if form.is_valid():
        data = form.cleaned_data
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(consultation=consultation, pk=data["parent"]).first()
            if parent is None:
                form.add_error(None, _("Reply to a comment of this consultation."))
        if not form.errors:
            try:
                comment = comment_services.comment_add(
                    consultation=consultation,
                    user=request.user,
                    body=data["body"],
                    article_anchor=data.get("article"),
                    paragraph_anchor=data.get("paragraph"),
                    parent=parent,
                    show_name=data["show_name"],
                    organisation_name=data.get("organisation_name", ""),
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your comment is published."))
                if comment.parent_id:
                    target = f"{back}comments/{comment.parent_id}/"
                elif comment.article_anchor:
                    target = f"{back}articles/{comment.article_anchor}/"
                else:
                    target = back
                return redirect(f"{target}#comment-{comment.pk}")
    context = {
        "organisation": organisation,
        "consultation": consultation,
        "form": form,
    }
    return render(request, "consultations/comment_refused.html", context, status=400)


@org_view(public=True)
@public_page
def compare(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """Any two versions, article by article (matched by anchor), with the words changed."""
    organisation = _scope(request).organisation
    consultation = queries.public_consultation(organisation, consultation_id)
    all_versions = queries.versions(consultation)
    numbers = [v.number for v in all_versions]
    try:
        a = int(request.GET.get("a") or (numbers[-1] if numbers else 0))
        b = int(request.GET.get("b") or (numbers[0] if numbers else 0))
    except ValueError:
        a = b = -1
    if a not in numbers or b not in numbers:
        context = {
            "organisation": organisation,
            "consultation": consultation,
            "versions": all_versions,
            "error": _("Choose two versions of the draft."),
        }
        return render(request, "consultations/compare.html", context, status=400)
    by_number = {v.number: v for v in all_versions}
    old = {x.anchor: x for x in queries.structure(by_number[a])}
    new = queries.structure(by_number[b])
    rows = []
    seen = set()
    for article in new:
        seen.add(article.anchor)
        before = old.get(article.anchor)
        before_text = before.text if before else ""
        rows.append(
            {
                "label": str(article),
                "was": str(before) if before and str(before) != str(article) else "",
                "state": _change(before, before_text, article.text),
                "diff": drafts.word_diff(before_text, article.text),
            }
        )
    for anchor, article in old.items():
        if anchor not in seen:
            rows.append(
                {
                    "label": str(article),
                    "was": "",
                    "state": "removed",
                    "diff": drafts.word_diff(article.text, ""),
                }
            )
    context = {
        "organisation": organisation,
        "consultation": consultation,
        "versions": all_versions,
        "a": a,
        "b": b,
        "rows": rows,
    }
    return render(request, "consultations/compare.html", context)


def _change(before: Any, before_text: str, text: str) -> str:
    if before is None:
        return "added"
    return "same" if before_text == text else "changed"


REPORT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@org_view(public=True)
@public_page
def report(request: HttpRequest, consultation_id: int, fmt: str) -> HttpResponse:
    organisation = _scope(request).organisation
    consultation = queries.public_consultation(organisation, consultation_id)
    if fmt not in REPORT_TYPES or consultation.report is None:
        raise Http404
    content = consultation.report
    if fmt == "csv":
        body = report_services.report_csv(content)
    elif fmt == "json":
        body = report_services.report_json(content)
    else:
        try:
            body = report_services.report_pdf_stored(consultation, get_language())
        except PdfUnavailable as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=REPORT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.pk}-report.{fmt}"'
    )
    return response
