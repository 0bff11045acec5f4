"""Demo content of the associations app for the demo's three associations ("skom", "naso-rb",
"siec-pogranicza"): a statute, members (the board's people, and the demo municipality of the
association's country through its delegate), the management board with its 2024–2028
mandate, and for "skom" the general assembly of 30 May 2024 the news sample
bg-asko-24-years.txt tells of (the reporting and electing assembly that chose the board for
the four-year mandate 2024–2028, unanimously). The board's people are the made-up names of
``demo.public_content.BOARDS``.

Idempotent: an organisation that already has a body is left as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from municipium.demo.public_content import BOARDS
from municipium.tenants.models import Membership, Organisation, Role

from . import services
from .models import (
    AgendaItem,
    Body,
    BodyKind,
    DecisionKind,
    Initiator,
    Majority,
    Meeting,
    MeetingState,
    MemberKind,
    PostponedQuorum,
)

MANDATE_STARTS = date(2024, 5, 30)
MANDATE_ENDS = date(2028, 5, 29)
MEMBERS_SINCE = date(2020, 1, 1)

# The Polish network states its own statute (no statutory defaults in Poland).
PL_STATUTE: dict[str, Any] = {
    "convened_by_board": True,
    "request_share_numerator": 1,
    "request_share_denominator": 5,
    "notice_months": 0,
    "notice_days": 14,
    "channels": "e-mail do każdego członka; ogłoszenie na stronie internetowej",
    "quorum_numerator": 1,
    "quorum_denominator": 2,
    "quorum_strictly_more": True,
    "postponed_after_minutes": 30,
    "postponed_quorum": PostponedQuorum.ANY,
    "majority_ordinary": Majority.SIMPLE_PRESENT,
    "majority_statute": Majority.TWO_THIRDS_PRESENT,
    "majority_dissolution": Majority.TWO_THIRDS_PRESENT,
    "majority_membership": Majority.SIMPLE_PRESENT,
    "majority_election": Majority.SIMPLE_PRESENT,
    "proxies_allowed": True,
    "proxies_per_holder": 1,
    "vote_requires_good_standing": True,
}


@dataclass(frozen=True)
class DemoAssociation:
    slug: str
    municipality: str  # the demo municipality that is a member, through its delegate
    delegate: str
    categories: tuple[tuple[str, str], tuple[str, str]]  # (code, name): persons, municipalities
    board: str
    elected_by: str
    roles: tuple[str, ...]  # the seat role of each person of BOARDS[slug], in order


ASSOCIATIONS = [
    DemoAssociation(
        slug="skom",
        municipality="primerovo",
        delegate="Светла Иванова",
        categories=(("full", "Редовен член"), ("municipal", "Община")),
        board="Управителен съвет",
        elected_by="XXIV Общо отчетно-изборно събрание, 30.05.2024",
        roles=("chair", "deputy", "member", "member", "member"),
    ),
    DemoAssociation(
        slug="naso-rb",
        municipality="primerovo",
        delegate="Николай Стоянов",
        categories=(("full", "Редовен член"), ("municipal", "Община")),
        board="Управителен съвет",
        elected_by="Общо събрание, 30.05.2024",
        roles=("chair", "deputy", "member", "member", "member"),
    ),
    DemoAssociation(
        slug="siec-pogranicza",
        municipality="przykladowo",
        delegate="Tomasz Wójcik",
        categories=(("full", "Członek zwyczajny"), ("municipal", "Gmina")),
        board="Komitet Sterujący",
        elected_by="Walne Zebranie Członków, 30.05.2024",
        roles=("chair", "deputy", "member", "member"),
    ),
]


def _admin(organisation: Organisation) -> Any:
    for membership in Membership.objects.filter(
        organisation=organisation, is_active=True
    ).select_related("user"):
        if Role.ADMIN in membership.role_codes:
            return membership.user
    return None


def _assembly_2024(organisation: Organisation, actor: Any, voters: int, chair: str) -> Meeting:
    """The general assembly of 30 May 2024 as a record of the past: closed, its decisions
    taken unanimously (convening checks apply only to meetings still to come)."""
    assembly = services.body_create(
        organisation=organisation, actor=actor, kind=BodyKind.ASSEMBLY, name="Общо събрание"
    )
    sofia = ZoneInfo("Europe/Sofia")
    meeting = Meeting.objects.create(
        organisation=organisation,
        body=assembly,
        title="XXIV Общо отчетно-изборно събрание",
        initiator=Initiator.BOARD,
        starts_at=datetime(2024, 5, 30, 14, 0, tzinfo=sofia),
        place=(
            "гр. София, в рамките на PR семинара „Комуникация без граници – в правилната посока!“"
        ),
        convened_by=actor,
        state=MeetingState.CLOSED,
        opened_at=datetime(2024, 5, 30, 14, 0, tzinfo=sofia),
        voters=voters,
        present=voters,
        quorum_required=voters // 2 + 1,
        chair_name=chair,
        closed_at=datetime(2024, 5, 30, 16, 0, tzinfo=sofia),
    )
    items = [
        ("Отчет за дейността на сдружението", DecisionKind.ORDINARY),
        ("Избор на управителни органи за мандат 2024 – 2028", DecisionKind.ELECTION),
    ]
    for position, (title, kind) in enumerate(items, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=title,
            decision_kind=kind,
            yes=voters,
            no=0,
            abstain=0,
            present_at_vote=voters,
            rule=Majority.SIMPLE_PRESENT,
            needed=voters // 2 + 1,
            adopted=True,
            voted_at=meeting.closed_at,
        )
    return meeting


def associations_demo() -> list[str]:
    """Create the associations' demo content where missing; what was created."""
    created: list[str] = []
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for spec in ASSOCIATIONS:
        organisation = organisations.get(spec.slug)
        municipality = organisations.get(spec.municipality)
        if organisation is None or Body.objects.filter(organisation=organisation).exists():
            continue
        actor = _admin(organisation)
        if actor is None:
            continue
        with transaction.atomic():
            if organisation.country == "BG":
                services.statute_of(organisation)  # the ЗЮЛНЦ defaults
            else:
                services.statute_save(organisation=organisation, actor=actor, values=PL_STATUTE)
            (full_code, full_name), (town_code, town_name) = spec.categories
            full = services.category_save(
                organisation=organisation, actor=actor, code=full_code, name=full_name
            )
            municipal = services.category_save(
                organisation=organisation, actor=actor, code=town_code, name=town_name
            )
            people = BOARDS[spec.slug][: len(spec.roles)]
            members = [
                services.member_add(
                    organisation=organisation,
                    actor=actor,
                    data=services.MemberData(
                        kind=MemberKind.PERSON,
                        name=person.name,
                        category=full,
                        starts_on=MEMBERS_SINCE,
                    ),
                )
                for person in people
            ]
            if municipality is not None:
                members.append(
                    services.member_add(
                        organisation=organisation,
                        actor=actor,
                        data=services.MemberData(
                            kind=MemberKind.ORGANISATION,
                            name=municipality.name,
                            category=municipal,
                            starts_on=MEMBERS_SINCE,
                            delegate_name=spec.delegate,
                            member_organisation=municipality,
                            public_fields=["town"],
                        ),
                    )
                )
            board = services.body_create(
                organisation=organisation, actor=actor, kind=BodyKind.BOARD, name=spec.board
            )
            services.mandate_create(
                body=board,
                actor=actor,
                starts_on=MANDATE_STARTS,
                ends_on=MANDATE_ENDS,
                elected_by=spec.elected_by,
                seats=[
                    services.SeatData(member=member, person_name=person.name, role=role)
                    for member, person, role in zip(members, people, spec.roles, strict=False)
                ],
            )
            created.append(f"associations:{spec.slug}")
            if spec.slug == "skom":
                _assembly_2024(organisation, actor, voters=len(members), chair=people[0].name)
                created.append("associations:skom:assembly-2024-05-30")
    return created
