"""Demo events: the real events told in the news samples (../shared/samples/news/), with their
real dates and places, held by the demo organisations that stand for their organisers, and
upcoming events of 2027 with registration open, one of them nearly full with a waiting list.

Idempotent: an event is made only when its organisation has none with its address (slug);
participants only when the event has none."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from municipium.tenants.models import Membership, Organisation, Role

from .models import Event, Registration
from .services import events as services
from .services import registrations as registration_services

SOFIA = ZoneInfo("Europe/Sofia")
WARSAW = ZoneInfo("Europe/Warsaw")


@dataclass(frozen=True)
class DemoSession:
    starts: datetime
    ends: datetime
    title: str
    speakers: tuple[services.Speaker, ...] = ()
    room: str = ""


@dataclass(frozen=True)
class DemoEvent:
    organisation: str
    slug: str
    kind: str
    texts: dict[str, tuple[str, str]]  # language: (title, summary)
    starts: datetime
    ends: datetime
    venue: str = ""
    address: str = ""
    town: str = ""
    co_organisers: tuple[str, ...] = ()
    outside_organisers: str = ""
    capacity: int | None = None
    registration: bool = False
    # Participants registered by staff (the first `capacity` take the places, the rest wait).
    participants: int = 0
    sessions: tuple[DemoSession, ...] = ()
    description: dict[str, str] = field(default_factory=dict)


def _bg(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=SOFIA)


def _pl(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=WARSAW)


ASKO = "Асоциация на специалистите по комуникации в общините (АСКО)"

EVENTS = [
    # bg-asko-24-years.txt: the PR seminar of 30 May 2024 in Sofia with the general assembly.
    DemoEvent(
        organisation="skom",
        slug="komunikatsiya-bez-granitsi-2024",
        kind="seminar",
        texts={
            "bg": (
                "Комуникация без граници – в правилната посока!",
                "PR семинар с XXIV Общо отчетно-изборно събрание и 24-та годишнина на сдружението.",
            ),
            "en": (
                "Communication without borders – in the right direction!",
                "PR seminar with the 24th general assembly and the association's 24th anniversary.",
            ),
        },
        starts=_bg(2024, 5, 30, 9, 30),
        ends=_bg(2024, 5, 30, 17, 30),
        town="София",
        outside_organisers=ASKO,
        sessions=(
            DemoSession(_bg(2024, 5, 30, 9, 30), _bg(2024, 5, 30, 13), "PR семинар"),
            DemoSession(
                _bg(2024, 5, 30, 14),
                _bg(2024, 5, 30, 16),
                "XXIV Общо отчетно-изборно събрание",
            ),
            DemoSession(
                _bg(2024, 5, 30, 16, 30),
                _bg(2024, 5, 30, 17, 30),
                "24 години от основаването на сдружението",
            ),
        ),
    ),
    DemoEvent(
        organisation="skom",
        slug="obshto-sabranie-2024",
        kind="general_assembly",
        texts={
            "bg": (
                "XXIV Общо отчетно-изборно събрание",
                "Избор на управителни органи за мандат 2024 – 2028, в рамките на PR семинара.",
            ),
        },
        starts=_bg(2024, 5, 30, 14),
        ends=_bg(2024, 5, 30, 16),
        town="София",
        outside_organisers=ASKO,
    ),
    # bg-naso-egov-meeting.txt: the working meeting of 9 January 2019 in Sofia and the
    # national forum it set for 7–8 February 2019 (its town is not in the source), held by the
    # secretaries' association with the agency (both demo organisations).
    DemoEvent(
        organisation="naso-rb",
        slug="rabotna-sreshta-naso-egov-2019",
        kind="meeting",
        texts={
            "bg": (
                "Работна среща между НАСО РБ и ДА „Електронно управление“",
                "Формат на сътрудничеството и датите на Националния форум.",
            ),
        },
        starts=_bg(2019, 1, 9, 10),
        ends=_bg(2019, 1, 9, 13),
        town="София",
        co_organisers=("daeu",),
    ),
    DemoEvent(
        organisation="naso-rb",
        slug="forum-e-upravlenie-2019",
        kind="forum",
        texts={
            "bg": (
                "Национален форум „Е-управление и документооборот в общините“",
                "За секретари и IT експерти на общини, с представители на ДА „Електронно "
                "управление“.",
            ),
            "en": (
                "National forum “E-government and document flow in municipalities”",
                "For municipal secretaries and IT experts, with the e-government agency.",
            ),
        },
        starts=_bg(2019, 2, 7, 9),
        ends=_bg(2019, 2, 8, 16),
        co_organisers=("daeu", "primerovo"),
    ),
    # pl-konferencja-podsumowujaca.txt: the network's calendar of 2014.
    DemoEvent(
        organisation="siec-pogranicza",
        slug="konferencja-podsumowujaca-2014",
        kind="conference",
        texts={
            "pl": (
                "Konferencja podsumowująca",
                "Dwudniowa konferencja: pierwsze efekty projektu, komunikacja między "
                "samorządami obszaru funkcjonalnego i wewnątrz JST.",
            ),
            "en": ("Summary conference", "Two days on the project's first results."),
        },
        starts=_pl(2014, 9, 23, 10),
        ends=_pl(2014, 9, 24, 15),
        venue="Zespół Pałacowo-Parkowy w Śmiłowicach",
        town="Śmiłowice (Gmina Nowe Brzesko)",
        co_organisers=("przykladowo",),
        sessions=(
            DemoSession(
                _pl(2014, 9, 23, 10),
                _pl(2014, 9, 23, 16),
                "Od rywalizacji do kooperacji: narzędzia budowania współpracy",
                (
                    services.Speaker(
                        "dr hab. Jerzy Rosiński",
                        "Wydział Zarządzania i Komunikacji Społecznej",
                        "Uniwersytet Jagielloński",
                    ),
                ),
            ),
            DemoSession(
                _pl(2014, 9, 24, 9),
                _pl(2014, 9, 24, 15),
                "Nowoczesna komunikacja i cyfryzacja samorządów",
                (
                    services.Speaker(
                        "dr Samuel Nowak", "Instytut Socjologii", "Uniwersytet Jagielloński"
                    ),
                ),
            ),
        ),
    ),
    DemoEvent(
        organisation="siec-pogranicza",
        slug="warsztaty-strategiczne-2014",
        kind="workshop",
        texts={"pl": ("Warsztaty strategiczne", "Gorlice / Zawiercie, październik 2014.")},
        starts=_pl(2014, 10, 7, 10),
        ends=_pl(2014, 10, 7, 15),
        town="Gorlice / Zawiercie",
    ),
    DemoEvent(
        organisation="siec-pogranicza",
        slug="warsztaty-sas-2014",
        kind="workshop",
        texts={"pl": ("Warsztaty SAS", "Gorlice / Zawiercie, październik 2014.")},
        starts=_pl(2014, 10, 14, 10),
        ends=_pl(2014, 10, 14, 15),
        town="Gorlice / Zawiercie",
    ),
    DemoEvent(
        organisation="siec-pogranicza",
        slug="warsztaty-konsultacje-2014",
        kind="workshop",
        texts={
            "pl": (
                "Warsztaty z konsultacji społecznych",
                "Gorlice / Zawiercie, październik 2014.",
            )
        },
        starts=_pl(2014, 10, 21, 10),
        ends=_pl(2014, 10, 21, 15),
        town="Gorlice / Zawiercie",
    ),
    DemoEvent(
        organisation="siec-pogranicza",
        slug="konferencja-konczaca-2014",
        kind="conference",
        texts={"pl": ("Konferencja kończąca projekt", "Kraków, grudzień 2014.")},
        starts=_pl(2014, 12, 9, 10),
        ends=_pl(2014, 12, 9, 16),
        town="Kraków",
    ),
    # Upcoming, with registration open.
    DemoEvent(
        organisation="skom",
        slug="pr-seminar-2027",
        kind="seminar",
        texts={
            "bg": (
                "PR семинар 2027: общината в социалните мрежи",
                "Годишният семинар на сдружението с общо събрание.",
            ),
            "en": ("PR seminar 2027: the municipality on social media", "The annual seminar."),
        },
        starts=_bg(2027, 5, 27, 9, 30),
        ends=_bg(2027, 5, 28, 13),
        venue="Зала „Витоша“",
        address="ул. „Примерна“ 10",
        town="София",
        capacity=60,
        registration=True,
        participants=12,
    ),
    DemoEvent(
        organisation="primerovo",
        slug="obuchenie-e-uslugi-2027",
        kind="training",
        texts={
            "bg": (
                "Обучение: електронните услуги на общината",
                "Практическо обучение за служители на общинската администрация.",
            ),
        },
        starts=_bg(2027, 3, 16, 10),
        ends=_bg(2027, 3, 16, 16),
        venue="Заседателна зала",
        address="пл. „Централен“ 1",
        town="Примерово",
        capacity=20,
        registration=True,
        # Nearly full: 22 registered for 20 places, two wait.
        participants=22,
    ),
    DemoEvent(
        organisation="siec-pogranicza",
        slug="warsztaty-konsultacje-2027",
        kind="workshop",
        texts={
            "pl": (
                "Warsztaty z konsultacji społecznych 2027",
                "Dla pracowników urzędów gmin sieci.",
            ),
        },
        starts=_pl(2027, 4, 20, 10),
        ends=_pl(2027, 4, 20, 15),
        venue="Urząd Gminy",
        address="ul. Rynek 1",
        town="Przykładowo",
        co_organisers=("przykladowo",),
        capacity=30,
        registration=True,
        participants=5,
    ),
]


def _staff(organisation: Organisation) -> Any:
    """The organisation's communications officer, else an administrator."""
    memberships = list(
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .prefetch_related("roles")
    )
    for role in (Role.COMMUNICATIONS, Role.ADMIN):
        for membership in memberships:
            if role in membership.role_codes:
                return membership.user
    return None


def _participants(event: Event, actor: Any, count: int, language: str) -> None:
    names = {
        "bg": ["Мария", "Иван", "Елена", "Николай", "Светла", "Георги", "Десислава", "Петър"],
        "pl": ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Marek", "Ewa", "Jan"],
    }.get(language, ["Alex", "Sam", "Robin", "Kim"])
    for i in range(count):
        registration_services.registration_add(
            event=event,
            actor=actor,
            name=f"{names[i % len(names)]} {'Демо' if language == 'bg' else 'Demo'} {i + 1}",
            email=f"participant{i + 1}.{event.slug}@example.org",
            language=language,
        )


def events_demo() -> list[str]:
    """Create the demo events missing; the slugs of those created."""
    created: list[str] = []
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for spec in EVENTS:
        organisation = organisations.get(spec.organisation)
        if (
            organisation is None
            or Event.objects.filter(organisation=organisation, slug=spec.slug).exists()
        ):
            continue
        actor = _staff(organisation)
        if actor is None:
            continue
        with transaction.atomic():
            event = services.event_create(
                organisation=organisation,
                actor=actor,
                data=services.EventData(
                    kind=spec.kind,
                    texts={
                        language: services.EventText(
                            title=title,
                            summary=summary,
                            description=spec.description.get(language, ""),
                        )
                        for language, (title, summary) in spec.texts.items()
                        if language in organisation.languages
                    },
                    slug=spec.slug,
                    starts_at=spec.starts,
                    ends_at=spec.ends,
                    languages=[next(iter(spec.texts))],
                    venue=spec.venue,
                    address=spec.address,
                    town=spec.town,
                    co_organisers=[
                        organisations[slug] for slug in spec.co_organisers if slug in organisations
                    ],
                    outside_organisers=spec.outside_organisers,
                    registration_enabled=spec.registration,
                    capacity=spec.capacity,
                ),
            )
            for session in spec.sessions:
                services.session_add(
                    event=event,
                    actor=actor,
                    starts_at=session.starts,
                    ends_at=session.ends,
                    title=session.title,
                    room=session.room,
                    speakers=session.speakers,
                )
            event = services.event_publish(event=event, actor=actor)
            if spec.participants and not Registration.objects.filter(event=event).exists():
                _participants(event, actor, spec.participants, next(iter(spec.texts)))
        created.append(f"event {organisation.slug}/{spec.slug}")
    return created
