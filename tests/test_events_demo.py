"""The demo's events: the real events of the news samples with their dates and places, and
upcoming ones of 2027 with registration open, one nearly full with a waiting list; a second run
changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from municipium.events.models import Event, Registration


def _local_day(event: Event) -> date:
    return event.starts_at.astimezone(event.zone).date()


def test_the_demo_holds_the_sample_events_and_upcoming_ones(db: Any) -> None:
    from municipium.demo.data import load_demo
    from municipium.events.demo import events_demo

    load_demo()
    events_demo()
    events = {e.slug: e for e in Event.objects.select_related("organisation")}
    seminar = events["komunikatsiya-bez-granitsi-2024"]
    assert seminar.organisation.slug == "skom"
    assert _local_day(seminar) == date(2024, 5, 30) and seminar.town == "София"
    assert seminar.translation("bg").title == "Комуникация без граници – в правилната посока!"
    assert _local_day(events["obshto-sabranie-2024"]) == date(2024, 5, 30)
    forum = events["forum-e-upravlenie-2019"]
    assert _local_day(forum) == date(2019, 2, 7)
    assert forum.ends_at.astimezone(forum.zone).date() == date(2019, 2, 8)
    # Held by the secretaries' association with the agency (both on the installation).
    assert forum.organisation.slug == "naso-rb"
    assert sorted(o.slug for o in forum.co_organisers.all()) == ["daeu", "primerovo"]
    assert events["rabotna-sreshta-naso-egov-2019"].organisation.slug == "naso-rb"
    assert Client().get("/daeu/events/").content.decode().count("forum-e-upravlenie-2019") >= 1
    conference = events["konferencja-podsumowujaca-2014"]
    assert (_local_day(conference), conference.ends_at.astimezone(conference.zone).date()) == (
        date(2014, 9, 23),
        date(2014, 9, 24),
    )
    assert "Śmiłowic" in conference.venue
    assert conference.sessions.count() == 2
    assert events["konferencja-konczaca-2014"].town == "Kraków"
    for slug in ("warsztaty-strategiczne-2014", "warsztaty-sas-2014", "warsztaty-konsultacje-2014"):
        assert _local_day(events[slug]).month == 10 and events[slug].town == "Gorlice / Zawiercie"

    upcoming = [e for e in events.values() if e.starts_at.year == 2027]
    assert len(upcoming) >= 3
    assert all(e.registration_enabled and e.state == "published" for e in upcoming)
    full = events["obuchenie-e-uslugi-2027"]
    rows = Registration.objects.filter(event=full)
    assert rows.filter(status="confirmed").count() == full.capacity
    assert list(
        rows.filter(status="waitlisted").order_by("queue").values_list("queue", flat=True)
    ) == [1, 2]

    # Public: the calendar of 2014-10 lists the network's workshops; the page of the full
    # event offers the waiting list (registration still open).
    page = Client().get("/calendar/?month=2014-10&view=month")
    assert page.status_code == 200
    assert "Warsztaty SAS" in page.content.decode()
    assert Client().get(full.get_absolute_url()).status_code == 200

    before = (Event.objects.count(), Registration.objects.count())
    load_demo()  # again: nothing new
    assert events_demo() == []
    assert (Event.objects.count(), Registration.objects.count()) == before
