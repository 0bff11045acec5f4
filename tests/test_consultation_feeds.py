"""The consultations' Atom feed and the .ics of closing dates: only published consultations of
the organisation, one entry / event each, valid iCalendar (escaped text, folded lines, CRLF)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.test import Client

from .consultations_support import make_consultation


def test_the_feed_lists_the_published_consultations_only(world: Any) -> None:
    shown = make_consultation(world)
    draft = make_consultation(world, publish=False)
    other = make_consultation(world, org="b")
    response = Client().get("/alpha/consultations/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert f"consultation/{shown.pk}<" in body
    assert f"consultation/{draft.pk}<" not in body and f"consultation/{other.pk}<" not in body
    assert Client().get("/nowhere/consultations/feed.atom").status_code == 404


def test_the_calendar_has_one_event_at_each_closing_time(world: Any) -> None:
    shown = make_consultation(world)
    make_consultation(world, publish=False)
    response = Client().get("/alpha/consultations/closing.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    closes = shown.closes_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{closes}\r\n" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert (
        f"SUMMARY:Край на консултацията: {shown.title}" in unfolded
    )  # the organisation's language
    assert f"/alpha/consultations/{shown.pk}/" in unfolded


def test_text_is_escaped(world: Any) -> None:
    from municipium.consultations.feeds import _escape

    assert _escape("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
