"""The public consultations as an Atom feed (/<org>/consultations/feed.atom: a consultation
appears when it opens and is updated when it closes or its report is published) and as an
iCalendar file of closing dates (/<org>/consultations/closing.ics: one event per consultation,
at the moment comments close), for residents' calendars."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from .models import Consultation
from .queries.consultations import public_consultations

FEED_ITEMS = 30


class ConsultationFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return request.scope.organisation  # type: ignore[attr-defined]

    def title(self, obj: Any) -> str:
        return _("Public consultations of %s") % obj.name

    def link(self, obj: Any) -> str:
        return reverse("consultations:list", kwargs={"org": obj.slug})

    def feed_url(self, obj: Any) -> str:
        return reverse("consultations:feed", kwargs={"org": obj.slug})

    def items(self, obj: Any) -> list[Consultation]:
        return list(public_consultations(obj)[:FEED_ITEMS])

    def item_title(self, item: Consultation) -> str:
        return item.title

    def item_description(self, item: Consultation) -> str:
        closes = timezone.localtime(item.closes_at).strftime("%Y-%m-%d %H:%M")
        return _("Comments until %(when)s. %(summary)s") % {"when": closes, "summary": item.summary}

    def item_link(self, item: Consultation) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Consultation) -> str:
        return f"tag:municipium,{item.created_at.date().isoformat()}:consultation/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Consultation) -> datetime | None:
        return item.published_at or item.opens_at

    def item_updateddate(self, item: Consultation) -> datetime | None:
        return max(
            d
            for d in (item.published_at, item.closed_at, item.report_published_at, item.opens_at)
            if d
        )


_feed = ConsultationFeed()


@org_view(public=True)
@public_page
def consultation_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request)


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )  # fmt: skip


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (CRLF and a space), never inside a character."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def closing_calendar(organisation: Any, rows: list[Consultation], base: str) -> str:
    now = _stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Municipium//Consultations//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(str(_('Public consultations of %s') % organisation.name))}",
    ]
    for row in rows:
        summary = _("Comments close: %s") % row.title
        lines += [
            "BEGIN:VEVENT",
            f"UID:consultation-{row.pk}-closes@municipium",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(row.closes_at)}",
            f"DTEND:{_stamp(row.closes_at)}",
            f"SUMMARY:{_escape(str(summary))}",
            f"URL:{base}{row.get_absolute_url()}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


@org_view(public=True)
@public_page
def closing_ics(request: HttpRequest) -> HttpResponse:
    organisation = request.scope.organisation  # type: ignore[attr-defined]
    rows = list(public_consultations(organisation)[:200])
    body = closing_calendar(organisation, rows, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{organisation.slug}-consultations.ics"'
    return response
