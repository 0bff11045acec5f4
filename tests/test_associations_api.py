"""The associations' API: members for staff, bodies and meetings for anyone, votes by show of
hands computed by the rule, the ballot for voters, results only after the close."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from municipium.associations import elections, meetings, services
from municipium.associations.models import Ballot

from .associations_support import Assoc, add_person, make_assoc
from .conftest import World, client_for, make_user

BASE = "/api/v1/orgs/alpha/associations"


@pytest.fixture
def assoc(world: World) -> Assoc:
    return make_assoc(world)


def test_staff_read_the_members_with_their_standing_others_cannot(assoc: Assoc) -> None:
    response = client_for(assoc.board_member).get(f"{BASE}/members")
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()}
    assert rows["Община Примерна"]["delegate"] == "Delegate Person"
    assert rows["Person 0"]["good_standing"] is False
    assert client_for(assoc.delegate).get(f"{BASE}/members").status_code == 403
    assert client_for(assoc.world.official_b).get(f"{BASE}/members").status_code == 403
    assert client_for(None).get(f"{BASE}/members").status_code == 401


def test_anyone_reads_the_bodies_and_their_current_mandate(assoc: Assoc) -> None:
    board = services.body_create(
        organisation=assoc.world.org_a, actor=None, kind="board", name="УС"
    )
    today = timezone.localdate()
    services.mandate_create(
        body=board,
        actor=None,
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=900),
        elected_by="ОС",
        seats=[services.SeatData(member=assoc.members[0], person_name="", role="chair")],
    )
    body = client_for(None).get(f"{BASE}/bodies").json()[0]
    assert body["current"]["seats"] == [
        {"person": "Person 0", "role": "chair", "member": "Person 0"}
    ]


def test_a_show_of_hands_through_the_api_gets_its_result_computed(assoc: Assoc) -> None:
    everyone = [*assoc.members, assoc.delegate_member]
    for member in everyone:
        services.payment_record(
            member=member,
            actor=None,
            year=timezone.localdate().year,
            amount=Decimal("200"),
            paid_on=timezone.localdate(),
        )
    assembly = services.body_create(
        organisation=assoc.world.org_a, actor=None, kind="assembly", name="ОС"
    )
    meeting = meetings.meeting_convene(
        body=assembly,
        actor=None,
        title="ОС",
        starts_at=timezone.now() + timedelta(days=40),
        place="Зала",
        items=[meetings.ItemData(title="Устав", decision_kind="statute")],
    )
    for member in everyone[:3]:
        meetings.attendance_register(meeting=meeting, actor=None, member=member, mode="in_person")
    meeting.starts_at = timezone.now() - timedelta(minutes=1)
    meeting.save(update_fields=["starts_at"])
    meetings.meeting_open(meeting=meeting, actor=None)
    item = meeting.items.get()
    url = f"{BASE}/meetings/{meeting.pk}/items/{item.pk}/vote"
    client = client_for(assoc.board_member)
    too_many = client.post(url, {"yes": 4, "no": 0, "abstain": 0}, content_type="application/json")
    assert too_many.status_code == 422 and "exceed" in too_many.json()["detail"]
    done = client.post(url, {"yes": 2, "no": 1, "abstain": 0}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["adopted"] is True  # two thirds of 3 present: 2 votes for suffice
    public = client_for(None).get(f"{BASE}/meetings/{meeting.pk}").json()
    assert public["items"][0]["yes"] == 2


def test_a_voter_casts_a_ballot_through_the_api_and_results_wait_for_the_close(
    assoc: Assoc,
) -> None:
    user = make_user("api-voter@example.org")
    member = add_person(assoc.world, "API Voter", assoc.full, user=user)
    services.payment_record(
        member=member,
        actor=None,
        year=timezone.localdate().year,
        amount=Decimal("30"),
        paid_on=timezone.localdate(),
    )
    board = services.body_create(
        organisation=assoc.world.org_a, actor=None, kind="board", name="УС"
    )
    election = elections.election_create(
        body=board, actor=None, title="УС", seats=1, rule="plurality"
    )
    candidate = elections.candidate_nominate(election=election, actor=None, member=member)
    elections.candidate_accept(candidate=candidate, actor=None)
    elections.election_open(election=election, actor=None)
    url = f"{BASE}/elections/{election.pk}/ballot"
    body = json.dumps({"candidates": [candidate.pk]})
    assert client_for(None).post(url, body, content_type="application/json").status_code == 401
    stranger = client_for(assoc.world.official_b).post(url, body, content_type="application/json")
    assert stranger.status_code == 422 and "voter list" in stranger.json()["detail"]
    results = f"{BASE}/elections/{election.pk}/results"
    assert client_for(None).get(results).status_code == 404
    client = client_for(user)
    cast = client.post(url, body, content_type="application/json")
    assert cast.status_code == 201
    receipt = cast.json()["receipt"]
    assert client.post(url, body, content_type="application/json").status_code == 422
    elections.election_close(election=election, actor=None)
    published = client_for(None).get(results).json()
    assert published["ballots"] == 1 and published["lines"][0]["elected"] is True
    assert published["published"] == [{"receipt": receipt, "candidates": ["API Voter"]}]
    assert Ballot.objects.count() == 1
