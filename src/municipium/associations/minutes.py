"""The minutes of a meeting as PDF (WeasyPrint): attendance with proxies, quorum, every item
with its votes and result, and the names of the chair and the minute-taker who sign."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from municipium.registry.exports import _pdf

from .models import Attendance, Meeting


def minutes_html(meeting: Meeting) -> str:
    attendance = list(
        Attendance.objects.filter(meeting=meeting).select_related("member", "proxy_holder")
    )
    return render_to_string(
        "associations/minutes_pdf.html",
        {
            "meeting": meeting,
            "organisation": meeting.organisation,
            "attendance": attendance,
            "items": list(meeting.items.all()),
            "made_at": timezone.now(),
        },
    )


def minutes_pdf(meeting: Meeting) -> bytes:
    """Raises registry.exports.PdfUnavailable when this server cannot make PDFs."""
    return _pdf(minutes_html(meeting))
