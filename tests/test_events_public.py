"""The public side of events: an organisation's list (its own and co-organised events), an
event's page with its programme, the installation's calendar (month grid and list, filters),
the iCalendar files, the home section, the menu link and the newsletter digest; anonymous
pages are cached and go stale for the owner and the co-organisers when the event changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from icalendar import Calendar

from municipium.events.public import events_for_digest, events_links, home_events
from municipium.events.services import events as services
from municipium.tenants.public import MENU_SOURCES

from .conftest import client_for
from .events_support import event_data, make_event, when


def _ics(response: Any) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_list_shows_upcoming_and_past_events_and_hides_drafts(world: Any) -> None:
    make_event(world, title="Бъдещ семинар")
    make_event(world, title="Минал форум", starts_at=when(-40, 9), ends_at=when(-39, 17))
    make_event(world, title="Чернова", publish=False)
    body = client_for(None).get("/alpha/events/").content.decode()
    upcoming, past = body.split('id="events-past"')
    assert "Бъдещ семинар" in upcoming and "Минал форум" in past
    assert "Чернова" not in body


def test_the_event_page_shows_place_programme_and_co_organisers_but_not_the_online_link(
    world: Any,
) -> None:
    event = make_event(
        world,
        co_organisers=[world.org_b],
        outside_organisers="Агенция за електронно управление",
        online_url="https://meet.example.org/secret-room",
    )
    services.session_add(
        event=event,
        actor=world.communications_a,
        starts_at=when(30, 9),
        ends_at=when(30, 10),
        title="Откриване",
        room="Зала 1",
        speakers=[services.Speaker(name="Мария Иванова", role="председател")],
    )
    body = client_for(None).get(f"/alpha/events/{event.slug}/").content.decode()
    for shown in (
        "Хотел Рила",
        "София",
        "Gmina Beta",
        "Агенция за електронно управление",
        "Откриване",
        "Зала 1",
        "Мария Иванова, председател",
        "Programme",
    ):
        assert shown in body, shown  # fmt: skip
    assert "secret-room" not in body


def test_the_event_shows_on_the_co_organiser_s_list_and_menu(world: Any) -> None:
    assert events_links(world.org_b, "pl") == []
    make_event(world, title="Общ форум", co_organisers=[world.org_b])
    body = client_for(None).get("/beta/events/").content.decode()
    assert "Общ форум" in body and "Община Алфа" in body
    assert [link.key for link in events_links(world.org_b, "pl")] == ["events"]


def test_the_home_section_lists_upcoming_published_events(world: Any) -> None:
    assert home_events(world.org_a, "bg") is None
    make_event(world, title="Семинар")
    context = home_events(world.org_a, "bg")
    assert context is not None and [row["text"].title for row in context["rows"]] == ["Семинар"]


def test_publishing_makes_the_cached_pages_of_owner_and_co_organiser_stale(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(None)
    assert "Нов форум" not in client.get("/beta/events/").content.decode()
    assert "Нов форум" not in client.get("/alpha/events/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_event(world, title="Нов форум", co_organisers=[world.org_b])
    assert "Нов форум" in client.get("/beta/events/").content.decode()
    assert "Нов форум" in client.get("/alpha/events/").content.decode()


def test_the_calendar_month_is_a_table_with_headers_and_filters_work(world: Any) -> None:
    start = (timezone.now() + timedelta(days=40)).replace(day=10, hour=9)
    make_event(world, title="Семинар в София", starts_at=start, ends_at=start + timedelta(days=1))
    make_event(
        world,
        title="Работилница в Пловдив",
        kind="workshop",
        town="Пловдив",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    month = start.strftime("%Y-%m")
    client = client_for(None)
    body = client.get(f"/calendar/?month={month}").content.decode()
    assert '<table class="calendar-grid">' in body and '<th scope="col">' in body
    assert "Семинар в София" in body and "Работилница в Пловдив" in body
    body = client.get(f"/calendar/?month={month}&kind=workshop").content.decode()
    assert "Семинар в София" not in body and "Работилница в Пловдив" in body
    body = client.get(f"/calendar/?month={month}&town=Пловдив").content.decode()
    assert "Семинар в София" not in body
    body = client.get("/calendar/?view=list&language=pl").content.decode()
    assert "Семинар в София" not in body
    body = client.get("/calendar/?view=list&language=bg&org=alpha").content.decode()
    assert "Семинар в София" in body
    # Nonsense filters are ignored, never an error.
    assert client.get("/calendar/?month=99-99&kind=x&when=y&page=zz").status_code == 200


def test_icalendar_files_have_stable_uids_sequences_time_zones_and_cancellations(
    world: Any,
) -> None:
    event = make_event(world)
    client = client_for(None)
    first = _ics(client.get(f"/alpha/events/{event.slug}/event.ics"))
    (vevent,) = first.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Sofia"
    assert first.walk("VTIMEZONE")
    assert vevent["STATUS"] == "CONFIRMED"
    sequence = int(vevent["SEQUENCE"])
    services.event_update(
        event=event, actor=world.communications_a, data=event_data(starts_at=when(31, 9),
                                                                    ends_at=when(31, 17))
    )  # fmt: skip
    services.event_cancel(event=event, actor=world.communications_a)
    from django.core.cache import cache

    cache.clear()
    (after,) = _ics(client.get(f"/alpha/events/{event.slug}/event.ics")).walk("VEVENT")
    assert after["UID"] == vevent["UID"]
    assert int(after["SEQUENCE"]) > sequence
    assert after["STATUS"] == "CANCELLED"
    (org,) = _ics(client.get("/alpha/events/calendar.ics")).walk("VEVENT")
    assert org["UID"] == vevent["UID"]
    assert len(_ics(client.get("/calendar.ics?kind=seminar")).walk("VEVENT")) == 1
    assert len(_ics(client.get("/calendar.ics?kind=forum")).walk("VEVENT")) == 0


def test_the_digest_lists_events_published_in_the_window(world: Any) -> None:
    before = timezone.now() - timedelta(minutes=1)
    make_event(world, title="Семинар")
    items = events_for_digest(world.org_a, before, timezone.now() + timedelta(minutes=1), "bg")
    assert [item.title for item in items] == ["Семинар"]
    assert items[0].url.endswith("/alpha/events/komunikatsiya-bez-granitsi/") is False
    assert "/alpha/events/" in items[0].url


def test_list_pages_run_a_bounded_number_of_queries(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    for number in range(12):
        make_event(world, title=f"Събитие {number}", co_organisers=[world.org_b])
        make_event(world, title=f"Минало {number}", starts_at=when(-40, 9), ends_at=when(-40, 17))
    client = client_for(None)
    month = when(30).strftime("%Y-%m")
    for path in ("/alpha/events/", f"/calendar/?month={month}", "/calendar/?view=list",
                 "/alpha/events/calendar.ics", "/calendar.ics"):  # fmt: skip
        from django.core.cache import cache

        cache.clear()
        # 9 for the page, one per app that may offer a link in the site's menu.
        with django_assert_max_num_queries(9 + len(MENU_SOURCES)):
            assert client.get(path).status_code == 200, path


def test_a_calendar_reuses_each_unchanged_events_vevent_and_shows_a_change_at_once(
    world: Any, monkeypatch: Any
) -> None:
    from django.core.cache import cache

    from municipium.events import ics
    from municipium.events.models import Event

    cache.clear()
    events = [make_event(world, title=f"Семинар {n}") for n in range(3)]
    polish = services.EventText(title="Seminarium", summary="Spotkanie.", description="")
    events.append(
        make_event(
            world, organisation=world.org_b, actor=world.communications_b, texts={"pl": polish}
        )
    )

    def load() -> list[Event]:
        return list(Event.objects.filter(pk__in=[e.pk for e in events]).order_by("pk"))

    built: list[int] = []
    serialise = ics._vevent

    def counted(event: Event, language: str) -> Any:
        built.append(event.pk)
        return serialise(event, language)

    monkeypatch.setattr(ics, "_vevent", counted)
    query = Event.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")
    first = Calendar.from_ical(ics.calendar_of_query(query, 100, "bg", "Календар"))
    assert sorted(built) == sorted(e.pk for e in events)
    assert first["X-WR-CALNAME"] == "Календар" and first["PRODID"] == ics.PRODID
    zones = [str(z["TZID"]) for z in first.walk("VTIMEZONE")]
    assert zones == ["Europe/Sofia", "Europe/Warsaw"]  # once per zone
    assert first.get_missing_tzids() == set()
    # Same content as the library writing the whole calendar itself.
    whole = Calendar()
    for event in load():
        whole.add_component(serialise(event, "bg"))
    assert [c.to_ical() for c in first.walk("VEVENT")] == [
        c.to_ical() for c in whole.walk("VEVENT")
    ]

    built.clear()
    services.event_update(
        event=events[1], actor=world.communications_a, data=event_data(title="Нов заглавие")
    )
    second = Calendar.from_ical(ics.calendar_of_query(query, 100, "bg", ""))
    assert built == [events[1].pk]  # only the changed event is serialised again
    titles = [str(v["SUMMARY"]) for v in second.walk("VEVENT")]
    assert "Нов заглавие" in titles and "Семинар 1" not in titles and "Семинар 2" in titles
    assert Calendar.from_ical(ics.calendar_of(load()[:2], "bg")).walk("VEVENT")[1]["SUMMARY"] == (
        "Нов заглавие"
    )  # the same VEVENTs for loaded events
    assert built == [events[1].pk]
    empty = ics.calendar_of_query(query.none(), 100, "bg", "")
    assert empty.endswith(b"END:VCALENDAR\r\n") and b"VEVENT" not in empty
