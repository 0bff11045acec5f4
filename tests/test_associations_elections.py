"""Secret-ballot elections: one ballot per voter (also when submitted at the same moment),
ballots stored with nothing that links them to a voter, receipts published after the close,
the tally by the rule, the second round."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from municipium.accounts.models import User
from municipium.associations import elections, services
from municipium.associations.models import Ballot, Body, Election, Member, Voter
from municipium.audit.models import AuditEntry

from .associations_support import Assoc, add_person, make_assoc
from .conftest import World, client_for, make_user, run_together

YEAR = timezone.localdate().year


@pytest.fixture
def assoc(world: World) -> Assoc:
    return make_assoc(world)


def _voters(assoc: Assoc, count: int) -> list[tuple[Member, User]]:
    """Members in good standing, each with their own account."""
    found = []
    for i in range(count):
        user = make_user(f"voter{i}@example.org", full_name=f"Voter {i}")
        member = add_person(assoc.world, f"Voter {i}", assoc.full, user=user, email=user.email)
        services.payment_record(
            member=member,
            actor=None,
            year=YEAR,
            amount=Decimal("30"),
            paid_on=timezone.localdate(),
        )
        found.append((member, user))
    return found


def _election(
    assoc: Assoc,
    voters: list[tuple[Member, User]],
    *,
    seats: int = 1,
    rule: str = "plurality",
    candidates: int = 3,
) -> Election:
    body = Body.objects.filter(organisation=assoc.world.org_a, kind="board").first() or (
        services.body_create(organisation=assoc.world.org_a, actor=None, kind="board", name="УС")
    )
    election = elections.election_create(
        body=body, actor=None, title="Избор на УС", seats=seats, rule=rule
    )
    for member, _user in voters[:candidates]:
        candidate = elections.candidate_nominate(election=election, actor=None, member=member)
        elections.candidate_accept(candidate=candidate, actor=None)
    return elections.election_open(election=election, actor=None)


def _candidates(election: Election) -> list[int]:
    return list(election.candidates.order_by("name").values_list("pk", flat=True))


def test_only_members_in_good_standing_are_on_the_voter_list(assoc: Assoc) -> None:
    voters = _voters(assoc, 3)
    election = _election(assoc, voters)
    listed = set(Voter.objects.filter(election=election).values_list("member_id", flat=True))
    assert listed == {m.pk for m, _u in voters}  # the fixture's members have not paid
    assoc.delegate_member.refresh_from_db()
    with pytest.raises(elections.VoteRefused) as refused:
        elections.ballot_cast(
            election=election, user=assoc.delegate, choices=_candidates(election)[:1]
        )
    assert "not on the voter list" in " ".join(refused.value.messages)
    assert not Ballot.objects.exists()


def test_a_second_ballot_is_refused(assoc: Assoc) -> None:
    voters = _voters(assoc, 3)
    election = _election(assoc, voters)
    first = _candidates(election)[0]
    elections.ballot_cast(election=election, user=voters[0][1], choices=[first])
    with pytest.raises(elections.VoteRefused) as refused:
        elections.ballot_cast(election=election, user=voters[0][1], choices=[first])
    assert "voted already" in " ".join(refused.value.messages)
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("choices", "message"),
    [([0, 1], "at most 1"), ([0, 0], "each at most once"), ([999999], "each at most once")],
)
def test_an_invalid_ballot_is_refused_and_the_voter_may_vote_again(
    assoc: Assoc, choices: list[int], message: str
) -> None:
    voters = _voters(assoc, 3)
    election = _election(assoc, voters)
    ids = _candidates(election)
    picked = [ids[c] if c < len(ids) else c for c in choices]
    with pytest.raises(elections.VoteRefused) as refused:
        elections.ballot_cast(election=election, user=voters[1][1], choices=picked)
    assert message in " ".join(refused.value.messages)
    assert not Ballot.objects.exists()
    assert not Voter.objects.filter(has_voted=True).exists()


def _snapshot() -> dict[str, dict[Any, dict[str, Any]]]:
    rows: dict[str, dict[Any, dict[str, Any]]] = {}
    for model in apps.get_models():
        rows[model._meta.label] = {
            row["pk"] if "pk" in row else row.get(model._meta.pk.attname): row
            for row in model._default_manager.values()
        }
    return rows


def test_no_row_written_during_a_vote_links_a_voter_to_a_choice(assoc: Assoc) -> None:
    voters = _voters(assoc, 4)
    election = _election(assoc, voters)
    ids = _candidates(election)
    before = _snapshot()
    receipts = [
        elections.ballot_cast(election=election, user=voters[0][1], choices=[ids[0]]),
        elections.ballot_cast(election=election, user=voters[1][1], choices=[ids[1]]),
    ]
    after = _snapshot()
    written = []
    for label, rows in after.items():
        for pk, row in rows.items():
            if before.get(label, {}).get(pk) != row:
                written.append((label, row))
    labels = sorted({label for label, _row in written})
    assert labels == [
        "associations.Ballot",
        "associations.Voter",
        "audit.AuditEntry",
        "audit.AuditHead",
    ]
    identities: set[str] = set()
    for member, user in voters[:2]:
        identities |= {str(member.pk), str(user.pk), user.email, member.name}
    for label, row in written:
        text = json.dumps(row, default=str)
        if label == "associations.Ballot":
            assert set(row) == {"receipt", "election_id", "choices"}
            assert not any(isinstance(v, datetime | date) for v in row.values())
            assert row["receipt"] in receipts
        elif label == "associations.Voter":
            assert set(row) == {"id", "election_id", "member_id", "has_voted"}  # no time
            assert not any(receipt in text for receipt in receipts)
        else:
            # the journal says that a member voted, never the receipt or the choice
            assert not any(receipt in text for receipt in receipts)
            if label == "audit.AuditEntry":
                assert set(row["changes"]) == {"member"}
    # and the ballots carry nothing of the voters
    for ballot in Ballot.objects.values():
        text = json.dumps(ballot, default=str)
        assert not any(f'"{identity}"' in text for identity in identities if identity)


def test_at_the_close_the_ballots_are_published_with_their_receipts_and_the_tally(
    assoc: Assoc,
) -> None:
    voters = _voters(assoc, 5)
    election = _election(assoc, voters, seats=1)
    ids = _candidates(election)
    receipts = [
        elections.ballot_cast(election=election, user=user, choices=[ids[0] if i < 3 else ids[1]])
        for i, (_member, user) in enumerate(voters)
    ]
    client = client_for(voters[0][1])
    open_page = client.get(f"/alpha/elections/{election.pk}/").content.decode()
    assert "Results" not in open_page and receipts[0] not in open_page  # hidden until the close
    elections.election_close(election=election, actor=None)
    page = client_for(None).get(f"/alpha/elections/{election.pk}/").content.decode()
    assert all(receipt in page for receipt in receipts)
    result = elections.tally(election)
    assert result.ballots == 5
    assert [(line.candidate.pk, line.votes, line.elected) for line in result.lines][:2] == [
        (ids[0], 3, True),
        (ids[1], 2, False),
    ]
    checked = client_for(None).get(f"/alpha/elections/{election.pk}/?receipt={receipts[4]}")
    assert 'data-checked="found"' in checked.content.decode()
    missing = client_for(None).get(f"/alpha/elections/{election.pk}/?receipt=forged")
    assert 'data-checked="missing"' in missing.content.decode()
    with pytest.raises(elections.VoteRefused):
        elections.ballot_cast(election=election, user=voters[0][1], choices=[ids[0]])


def test_without_an_absolute_majority_a_second_round_takes_the_best_placed(assoc: Assoc) -> None:
    voters = _voters(assoc, 6)
    election = _election(assoc, voters, seats=1, rule="absolute", candidates=3)
    a, b, c = _candidates(election)
    for (_member, user), choice in zip(voters, [a, a, b, b, c, a], strict=True):
        elections.ballot_cast(election=election, user=user, choices=[choice])
    elections.election_close(election=election, actor=None)
    result = elections.tally(election)
    assert result.second_round and not any(line.elected for line in result.lines)  # 3 of 6
    second = elections.second_round_create(election=election, actor=None)
    assert second.round == 2 and second.seats == 1
    names = {candidate.pk: candidate.name for candidate in election.candidates.all()}
    assert sorted(c.name for c in second.candidates.all()) == sorted([names[a], names[b]])


def test_voters_vote_on_the_page_without_javascript(assoc: Assoc) -> None:
    voters = _voters(assoc, 3)
    election = _election(assoc, voters)
    ids = _candidates(election)
    url = f"/alpha/elections/{election.pk}/"
    assert "Sign in" in client_for(None).get(url).content.decode()
    client = client_for(voters[2][1])
    page = client.get(url).content.decode()
    assert 'name="candidate"' in page
    response = client.post(url, {"candidate": [str(ids[1])]})
    assert response.status_code == 200
    receipt = Ballot.objects.get().receipt
    assert receipt in response.content.decode()
    again = client.post(url, {"candidate": [str(ids[1])]})
    assert again.status_code == 400 and "voted already" in again.content.decode()
    other = client_for(assoc.world.official_b).post(url, {"candidate": [str(ids[1])]})
    assert other.status_code == 400
    assert Ballot.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_count_one_ballot_per_voter(world: World) -> None:
    assoc = make_assoc(world)
    voters = _voters(assoc, 12)
    election = _election(assoc, voters)
    ids = _candidates(election)
    outcomes: list[str] = []

    def vote(user: User) -> Any:
        def run() -> None:
            try:
                elections.ballot_cast(election=election, user=user, choices=[ids[0]])
                outcomes.append("cast")
            except elections.VoteRefused:
                outcomes.append("refused")

        return run

    same = voters[0][1]
    workers = [vote(same) for _ in range(4)] + [vote(user) for _m, user in voters[1:]]
    run_together(*workers, timeout=120)
    assert outcomes.count("cast") == 12 and outcomes.count("refused") == 3
    assert Ballot.objects.filter(election=election).count() == 12
    assert Voter.objects.filter(election=election, has_voted=True).count() == 12
    assert AuditEntry.objects.filter(action="associations.ballot_cast").count() == 12
