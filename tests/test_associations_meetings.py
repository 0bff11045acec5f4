"""General assemblies and board sessions: notice checked against the statute, invitations
with proof of sending, attendance with proxies and their limits, quorum and the postponed
sitting, votes whose result is computed by the rule, minutes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipium.associations import meetings, services
from municipium.associations.minutes import minutes_html
from municipium.associations.models import (
    AgendaItem,
    Attendance,
    Body,
    Invitation,
    Meeting,
    Member,
)

from .associations_support import Assoc, add_person, make_assoc
from .conftest import World, client_for

NOW = timezone.now()
YEAR = timezone.localdate().year


@pytest.fixture
def assoc(world: World) -> Assoc:
    return make_assoc(world)


@pytest.fixture
def assembly(assoc: Assoc) -> Body:
    return services.body_create(
        organisation=assoc.world.org_a,
        actor=assoc.world.admin_a,
        kind="assembly",
        name="Общо събрание",
    )


def _pay(assoc: Assoc, *members: Member) -> None:
    for member in members:
        amount = Decimal("200") if member.category == assoc.municipal else Decimal("30")
        services.payment_record(
            member=member,
            actor=assoc.world.admin_a,
            year=YEAR,
            amount=amount,
            paid_on=timezone.localdate(),
        )


def _items() -> list[meetings.ItemData]:
    return [
        meetings.ItemData(title="Отчет на УС", decision_kind="ordinary"),
        meetings.ItemData(title="Промени в устава", decision_kind="statute"),
    ]


def _convene(assoc: Assoc, body: Body, **changes: Any) -> Meeting:
    values: dict[str, Any] = {
        "body": body,
        "actor": assoc.world.admin_a,
        "title": "XXVI общо събрание",
        "starts_at": NOW + timedelta(days=40),
        "place": "София, зала 1",
        "items": _items(),
        **changes,
    }
    return meetings.meeting_convene(**values)


def _started(meeting: Meeting) -> Meeting:
    """The meeting's hour has come (moved into the past, as if time had passed)."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=NOW - timedelta(minutes=5))
    meeting.refresh_from_db()
    return meeting


# --- convocation --------------------------------------------------------------------------------


def test_an_assembly_convened_with_less_than_the_statutes_notice_is_refused(
    assoc: Assoc, assembly: Body
) -> None:
    with pytest.raises(ValidationError) as caught:
        _convene(assoc, assembly, starts_at=NOW + timedelta(days=10))
    message = " ".join(caught.value.message_dict["starts_at"])
    assert "notice of 1 month(s)" in message and "at the earliest" in message
    assert not Meeting.objects.exists()


def test_the_office_page_says_why_an_early_date_is_refused(assoc: Assoc, assembly: Body) -> None:
    when = timezone.localtime(NOW + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(assoc.world.admin_a).post(
        "/alpha/office/association/meetings/",
        {
            "body": assembly.pk,
            "title": "Извънредно",
            "starts_at": when,
            "place": "София",
            "initiator": "board",
            "items": "ordinary | Бюджет",
        },
    )
    assert response.status_code == 400
    assert "at the earliest" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_assembly_asked_for_by_members_records_their_request(
    assoc: Assoc, assembly: Body
) -> None:
    with pytest.raises(ValidationError) as caught:
        _convene(assoc, assembly, initiator="members")
    assert "members_request" in caught.value.message_dict
    meeting = _convene(
        assoc, assembly, initiator="members", members_request="Искане от 14 членове, 02.11.2026"
    )
    assert meeting.members_request.startswith("Искане от 14")
    assert [i.title for i in meeting.items.all()] == ["Отчет на УС", "Промени в устава"]


def test_a_polish_association_must_state_its_rules_before_convening(world: World) -> None:
    body = services.body_create(
        organisation=world.org_b, actor=world.admin_b, kind="assembly", name="Walne zebranie"
    )
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_convene(
            body=body,
            actor=world.admin_b,
            title="Walne",
            starts_at=NOW + timedelta(days=60),
            place="Sala",
            items=[meetings.ItemData(title="Budżet", decision_kind="ordinary")],
        )
    assert "complete it first" in " ".join(caught.value.messages)


def test_a_board_session_needs_no_assembly_notice(assoc: Assoc) -> None:
    board = services.body_create(
        organisation=assoc.world.org_a, actor=assoc.world.admin_a, kind="board", name="УС"
    )
    meeting = _convene(assoc, board, starts_at=NOW + timedelta(days=2))
    assert meeting.pk


# --- invitations --------------------------------------------------------------------------------


def test_every_member_is_invited_and_the_proof_is_kept_per_member(
    assoc: Assoc, assembly: Body, world: World, mailoutbox: list[Any]
) -> None:
    nomail = add_person(world, "Без поща", assoc.full)
    meeting = _convene(assoc, assembly)
    sent, failed = meetings.invitations_send(meeting=meeting, actor=world.admin_a)
    assert (sent, failed) == (4, 1)
    assert len(mailoutbox) == 4
    by_address = {m.to[0]: m for m in mailoutbox}
    for invitation in Invitation.objects.filter(meeting=meeting, sent_at__isnull=False):
        message = by_address[invitation.email]
        assert message.extra_headers["Message-ID"] == invitation.message_id
        assert "Промени в устава" in message.body
    missing = Invitation.objects.get(meeting=meeting, member=nomail)
    assert missing.sent_at is None and missing.error == "no e-mail address"
    # sending again reaches only those not reached
    Member.objects.filter(pk=nomail.pk).update(email="late@example.org")
    assert meetings.invitations_send(meeting=meeting, actor=world.admin_a) == (1, 0)
    assert len(mailoutbox) == 5


def test_the_invitation_is_published_on_the_site(assoc: Assoc, assembly: Body) -> None:
    meeting = _convene(assoc, assembly)
    page = client_for(None).get(f"/alpha/assemblies/{meeting.pk}/").content.decode()
    assert "XXVI общо събрание" in page and "София, зала 1" in page and "Промени в устава" in page


# --- attendance, quorum, postponed sitting ------------------------------------------------------


def test_a_member_not_in_good_standing_is_registered_without_a_vote(
    assoc: Assoc, assembly: Body
) -> None:
    _pay(assoc, assoc.members[0])
    meeting = _convene(assoc, assembly)
    paid = meetings.attendance_register(
        meeting=meeting, actor=None, member=assoc.members[0], mode="in_person"
    )
    unpaid = meetings.attendance_register(
        meeting=meeting, actor=None, member=assoc.members[1], mode="online"
    )
    assert paid.votes and not unpaid.votes
    assert meetings.voters_count(meeting) == 1


def test_proxies_over_the_statutes_limit_are_refused(assoc: Assoc, assembly: Body) -> None:
    a, b, c, d = [*assoc.members, assoc.delegate_member]
    _pay(assoc, a, b, c, d)
    meeting = _convene(assoc, assembly)
    with pytest.raises(ValidationError) as caught:
        meetings.attendance_register(
            meeting=meeting,
            actor=None,
            member=b,
            mode="proxy",
            proxy_holder=a,
            proxy_document="Пълномощно 1",
        )
    assert "registered as present" in " ".join(caught.value.messages)
    meetings.attendance_register(meeting=meeting, actor=None, member=a, mode="in_person")
    meetings.attendance_register(
        meeting=meeting,
        actor=None,
        member=b,
        mode="proxy",
        proxy_holder=a,
        proxy_document="Пълномощно 1",
    )
    with pytest.raises(ValidationError) as caught:
        meetings.attendance_register(
            meeting=meeting,
            actor=None,
            member=c,
            mode="proxy",
            proxy_holder=a,
            proxy_document="Пълномощно 2",
        )
    assert "the statute's limit" in " ".join(caught.value.messages)
    with pytest.raises(ValidationError):  # no document
        meetings.attendance_register(
            meeting=meeting,
            actor=None,
            member=c,
            mode="proxy",
            proxy_holder=d,
            proxy_document="",
        )
    assert Attendance.objects.filter(meeting=meeting).count() == 2


def test_no_proxies_when_the_statute_forbids_them(assoc: Assoc, assembly: Body) -> None:
    services.statute_save(
        organisation=assoc.world.org_a,
        actor=None,
        values={"proxies_allowed": False, "proxies_per_holder": None},
    )
    meeting = _convene(assoc, assembly)
    meetings.attendance_register(
        meeting=meeting, actor=None, member=assoc.members[0], mode="in_person"
    )
    with pytest.raises(ValidationError) as caught:
        meetings.attendance_register(
            meeting=meeting,
            actor=None,
            member=assoc.members[1],
            mode="proxy",
            proxy_holder=assoc.members[0],
            proxy_document="x",
        )
    assert "does not allow voting by proxy" in " ".join(caught.value.messages)


def test_the_meeting_opens_with_more_than_half_of_the_voters(assoc: Assoc, assembly: Body) -> None:
    everyone = [*assoc.members, assoc.delegate_member]
    _pay(assoc, *everyone)
    meeting = _convene(assoc, assembly)
    for member in everyone[:3]:
        meetings.attendance_register(meeting=meeting, actor=None, member=member, mode="in_person")
    meeting = meetings.meeting_open(meeting=_started(meeting), actor=None)
    assert (meeting.state, meeting.voters, meeting.present, meeting.quorum_required) == (
        "open",
        4,
        3,
        3,
    )
    assert not meeting.postponed


def test_without_quorum_the_postponed_sitting_opens_one_hour_later_with_any_number(
    assoc: Assoc, assembly: Body
) -> None:
    everyone = [*assoc.members, assoc.delegate_member]
    _pay(assoc, *everyone)
    meeting = _started(_convene(assoc, assembly))
    meetings.attendance_register(meeting=meeting, actor=None, member=everyone[0], mode="in_person")
    meetings.attendance_register(meeting=meeting, actor=None, member=everyone[1], mode="online")
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_open(meeting=meeting, actor=None, now=NOW)
    message = " ".join(caught.value.messages)
    assert "No quorum: 2 of 4 voters present, 3 needed" in message
    assert "postponed sitting may open at" in message
    meeting.refresh_from_db()
    assert meeting.state == "convened"
    opened = meetings.meeting_open(meeting=meeting, actor=None, now=NOW + timedelta(minutes=56))
    assert opened.state == "open" and opened.postponed
    assert "postponed sitting" in minutes_html(opened)


def test_the_postponed_sitting_keeps_the_quorum_when_the_statute_says_so(
    assoc: Assoc, assembly: Body
) -> None:
    services.statute_save(
        organisation=assoc.world.org_a, actor=None, values={"postponed_quorum": "same"}
    )
    _pay(assoc, *assoc.members)
    meeting = _started(_convene(assoc, assembly))
    meetings.attendance_register(
        meeting=meeting, actor=None, member=assoc.members[0], mode="in_person"
    )
    with pytest.raises(ValidationError) as caught:
        meetings.meeting_open(meeting=meeting, actor=None, now=NOW + timedelta(hours=2))
    assert "postponed sitting either" in " ".join(caught.value.messages)


# --- votes --------------------------------------------------------------------------------------


@pytest.fixture
def sitting(assoc: Assoc, assembly: Body) -> Meeting:
    everyone = [*assoc.members, assoc.delegate_member]
    _pay(assoc, *everyone)
    meeting = _convene(assoc, assembly)
    for member in everyone[:3]:
        meetings.attendance_register(meeting=meeting, actor=None, member=member, mode="in_person")
    return meetings.meeting_open(meeting=_started(meeting), actor=None)


def test_the_result_is_computed_by_the_items_majority(sitting: Meeting) -> None:
    ordinary, statute = sitting.items.all()
    ordinary = meetings.item_vote(item=ordinary, actor=None, yes=2, no=1, abstain=0)
    assert ordinary.adopted and ordinary.needed == 2 and ordinary.rule == "simple_present"
    statute = meetings.item_vote(item=statute, actor=None, yes=1, no=1, abstain=1)
    assert statute.adopted is False and statute.needed == 2 and statute.rule == "two_thirds_present"


def test_counts_above_those_present_and_second_votes_are_refused(sitting: Meeting) -> None:
    item = sitting.items.first()
    assert item is not None
    with pytest.raises(ValidationError) as caught:
        meetings.item_vote(item=item, actor=None, yes=3, no=1, abstain=0)
    assert "exceed the 3 voters present" in " ".join(caught.value.messages)
    item.refresh_from_db()
    assert item.adopted is None
    meetings.item_vote(item=item, actor=None, yes=3, no=0, abstain=0)
    with pytest.raises(ValidationError):
        meetings.item_vote(item=item, actor=None, yes=0, no=3, abstain=0)
    item.refresh_from_db()
    assert item.yes == 3


def test_the_secretary_records_votes_on_the_page_and_never_types_the_result(
    sitting: Meeting, assoc: Assoc
) -> None:
    item = sitting.items.first()
    assert item is not None
    url = f"/alpha/office/association/meetings/{sitting.pk}/vote/"
    client = client_for(assoc.board_member)
    bad = client.post(url, {"item": item.pk, "yes": 5, "no": 0, "abstain": 0})
    assert bad.status_code == 400 and "exceed" in bad.content.decode()
    ok = client.post(url, {"item": item.pk, "yes": 2, "no": 0, "abstain": 1, "adopted": "False"})
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.adopted is True


def test_members_and_other_organisations_cannot_run_the_meeting(
    sitting: Meeting, assoc: Assoc
) -> None:
    item = sitting.items.first()
    assert item is not None
    url = f"/alpha/office/association/meetings/{sitting.pk}/vote/"
    for user in (assoc.delegate, assoc.world.official_b, assoc.world.official_a):
        response = client_for(user).post(url, {"item": item.pk, "yes": 3, "no": 0, "abstain": 0})
        assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert item.adopted is None


def test_the_minutes_list_attendance_quorum_votes_and_signatures(
    sitting: Meeting, assoc: Assoc
) -> None:
    ordinary, _statute = sitting.items.all()
    meetings.item_vote(item=ordinary, actor=None, yes=3, no=0, abstain=0)
    with pytest.raises(ValidationError):
        meetings.meeting_close(meeting=sitting, actor=None, chair_name="", minutes_taker="")
    meeting = meetings.meeting_close(
        meeting=sitting, actor=None, chair_name="Иван Иванов", minutes_taker="Мария Петрова"
    )
    html = minutes_html(meeting)
    for text in (
        "Person 0",
        "3 of 4 members with voting rights present",
        "Adopted",
        "Not voted.",
        "Иван Иванов",
        "Мария Петрова",
    ):
        assert text in html
    response = client_for(assoc.board_member).get(
        f"/alpha/office/association/meetings/{meeting.pk}/minutes.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    decisions = client_for(None).get("/alpha/assemblies/").content.decode()
    assert "Отчет на УС" in decisions


def test_a_board_session_counts_the_boards_composition_as_voters(assoc: Assoc) -> None:
    board = services.body_create(
        organisation=assoc.world.org_a, actor=assoc.world.admin_a, kind="board", name="УС"
    )
    services.mandate_create(
        body=board,
        actor=None,
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=1000),
        elected_by="ОС",
        seats=[
            services.SeatData(member=assoc.members[0], person_name="", role="chair"),
            services.SeatData(member=assoc.members[1], person_name="", role="member"),
        ],
    )
    meeting = _convene(assoc, board, starts_at=NOW + timedelta(days=1))
    assert meetings.voters_count(meeting) == 2  # unpaid fees do not matter on the board
    with pytest.raises(ValidationError):
        meetings.attendance_register(
            meeting=meeting, actor=None, member=assoc.members[2], mode="in_person"
        )
    assert not AgendaItem.objects.filter(meeting=meeting, adopted__isnull=False).exists()
