"""The report (справка / raport): every comment, its author (a person's name only with their
consent, otherwise "a resident"; an organisation's name for its position), what it is about,
the answer and its reasons. It is frozen when published — also when no comment was received
— and the PDF, CSV and JSON are made from that frozen content."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record

from ..models import Comment, Consultation, Outcome, State
from .consultations import _changed

MAX_UNANSWERED_LISTED = 10


def report_content(consultation: Consultation) -> dict[str, Any]:
    """The report's content as it stands (hidden comments listed with the reason they were
    hidden, without their text). Linear in the comments, read in chunks."""
    labels = dict(Outcome.choices)
    rows: list[dict[str, Any]] = []
    comments = (
        Comment.objects.filter(consultation=consultation, parent__isnull=True)
        .select_related("answer")
        .order_by("id")
    )
    for comment in comments.iterator(chunk_size=2000):
        answer = getattr(comment, "answer", None)
        rows.append(
            {
                "number": len(rows) + 1,
                "id": comment.pk,
                "received": timezone.localtime(comment.created_at).date().isoformat(),
                "channel": comment.channel,
                "author": comment.public_author,
                "is_organisation": bool(comment.organisation_name),
                "about": comment.target_label or _("The whole draft"),
                "article_anchor": comment.article_anchor,
                "text": "" if comment.is_hidden else comment.body,
                "hidden_reason": comment.hidden_reason,
                "outcome": answer.outcome if answer else "",
                "outcome_label": str(labels.get(answer.outcome, "")) if answer else "",
                "reason": answer.reason if answer else "",
            }
        )
    counts = {value: sum(1 for r in rows if r["outcome"] == value) for value in Outcome.values}
    return {
        "organisation": consultation.organisation.name,
        "consultation": consultation.title,
        "consultation_id": consultation.pk,
        "act_kind": consultation.get_act_kind_display(),
        "rule_set": consultation.rule_set.name,
        "legal_basis": consultation.rule_set.legal_basis,
        "opens_at": consultation.opens_at.isoformat(),
        "closes_at": consultation.closes_at.isoformat(),
        "responsible": consultation.responsible.full_name,
        "unit": consultation.unit.name if consultation.unit else "",
        "comments": rows,
        "counts": counts,
        "total": len(rows),
    }


def unanswered(consultation: Consultation) -> list[int]:
    return list(
        Comment.objects.filter(
            consultation=consultation,
            parent__isnull=True,
            hidden_at__isnull=True,
            answer__isnull=True,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def report_publish(*, consultation: Consultation, actor: Any) -> Consultation:
    """Publish the report of a closed consultation: refused while a comment has no official
    answer. The content is built before the short transaction that stores it."""
    if consultation.state != State.CLOSED:
        raise ValidationError(_("The report is published once the consultation is closed."))
    if consultation.report_published_at:
        raise ValidationError(_("The report is published already."))
    missing = unanswered(consultation)
    if missing:
        raise ValidationError(
            _(
                "Every comment gets an official answer before the report: "
                "%(n)d without one (%(ids)s)."
            )
            % {
                "n": len(missing),
                "ids": ", ".join(f"#{i}" for i in missing[:MAX_UNANSWERED_LISTED]),
            }
        )
    content = report_content(consultation)
    now = timezone.now()
    content["published_at"] = now.isoformat()
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.state != State.CLOSED or locked.report_published_at:
            raise ValidationError(_("The consultation changed meanwhile: reload the page."))
        if (
            Comment.objects.filter(consultation=locked, parent__isnull=True).count()
            != content["total"]
        ):
            raise ValidationError(_("A comment arrived meanwhile: publish the report again."))
        locked.report = content
        locked.report_published_at = now
        locked.save(update_fields=["report", "report_published_at"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="consultation.report_publish",
            obj=locked,
            changes={"comments": content["total"], "counts": content["counts"]},
        )
        _changed(locked.organisation)
    return locked


CSV_COLUMNS = ["number", "received", "channel", "author", "about", "text", "hidden_reason",
               "outcome", "reason"]  # fmt: skip


def report_csv(report: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in report["comments"]:
        writer.writerow([_safe_cell(row[c]) for c in CSV_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode()


def _safe_cell(value: Any) -> str:
    """No cell starts a formula in a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_json(report: dict[str, Any]) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=1).encode()


def report_pdf_stored(consultation: Consultation, language: str) -> bytes:
    """The published report's PDF in that language: made once from the frozen content, then
    kept as a file (the content never changes after publication), so only the first reader
    waits for WeasyPrint. Call it with no transaction open, as the public view does: making
    the PDF of 10,000 comments takes seconds."""
    if consultation.report is None or consultation.report_published_at is None:
        raise ValueError("the report is not published")
    published = consultation.report_published_at.strftime("%Y%m%dT%H%M%S%f")
    name = (
        f"consultations/reports/{consultation.organisation_id}/"
        f"{consultation.pk}-{published}-{language}.pdf"
    )
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return bytes(stored.read())
    pdf = report_pdf(consultation.report, language)
    if not default_storage.exists(name):  # two first readers at once: one file is kept
        default_storage.save(name, ContentFile(pdf))
    return pdf


def report_pdf(report: dict[str, Any], language: str) -> bytes:
    """The report as PDF (PdfUnavailable when this server cannot make PDFs). Seconds for
    thousands of comments: call it outside transactions (`report_pdf_stored` does)."""
    from municipium.registry.exports import PdfUnavailable

    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _("PDFs cannot be made on this server at the moment. Please tell the administrator.")
        ) from exc
    html = render_to_string(
        "consultations/report_pdf.html", {"report": report, "language": language}
    )
    return bytes(HTML(string=html).write_pdf())
