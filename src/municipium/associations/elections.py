"""Secret-ballot elections: candidates who accept, a voter list taken when voting opens, one
ballot per voter, ballots kept apart from voters, receipts, and the tally by the rule.

Secrecy: the voter list records only *that* a member voted (no time); a ballot row holds
its random receipt (its key), its election and its choices — no voter, no time, no sequence.
At the close the ballots are rewritten in random order, so not even the storage order follows
the order of voting. The journal records that someone voted, never what.

Verifiability: each voter sees their receipt once; after the close every receipt is published
with its choices, so a voter can find theirs and anyone can recount. This proves that the
published tally counts the published ballots and that one's own ballot is among them as cast;
it does not prove that no ballot was added for a member who did not vote, nor protect against
someone who runs the server and watches requests — for high-stakes votes use Helios or
Belenios.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record

from .models import (
    Ballot,
    Body,
    Candidate,
    Election,
    ElectionRule,
    ElectionState,
    Member,
    Voter,
)
from .queries import active_members, standings


def election_create(
    *, body: Body, actor: Any, title: str, seats: int, rule: str, request: Any = None
) -> Election:
    errors: dict[str, Any] = {}
    if not title.strip():
        errors["title"] = _("Give the election a title.")
    if not 1 <= seats <= 100:
        errors["seats"] = _("Between 1 and 100 seats.")
    if rule not in ElectionRule.values:
        errors["rule"] = _("Choose the rule.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        election = Election.objects.create(
            organisation=body.organisation, body=body, title=title.strip(), seats=seats, rule=rule
        )
        audit_record(
            organisation=body.organisation,
            actor=actor,
            action="associations.election_create",
            obj=election,
            changes={"body": body.pk, "seats": seats, "rule": rule},
            request=request,
        )
    return election


def candidate_nominate(
    *, election: Election, actor: Any, member: Member, request: Any = None
) -> Candidate:
    if election.state != ElectionState.PREPARING:
        raise ValidationError(_("Candidates are nominated before the voting opens."))
    if member.organisation_id != election.organisation_id or member.ends_on is not None:
        raise ValidationError({"member": _("Only a current member can be a candidate.")})
    if Candidate.objects.filter(election=election, member=member).exists():
        raise ValidationError({"member": _("This member is a candidate already.")})
    with transaction.atomic():
        candidate = Candidate.objects.create(
            election=election, member=member, name=member.delegate_name or member.name
        )
        audit_record(
            organisation=election.organisation,
            actor=actor,
            action="associations.candidate_nominate",
            obj=candidate,
            changes={"election": election.pk, "member": member.pk},
            request=request,
        )
    return candidate


def candidate_accept(*, candidate: Candidate, actor: Any, request: Any = None) -> Candidate:
    if candidate.election.state != ElectionState.PREPARING:
        raise ValidationError(_("Candidates accept before the voting opens."))
    with transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(accepted=True)
        audit_record(
            organisation=candidate.election.organisation,
            actor=actor,
            action="associations.candidate_accept",
            obj=candidate,
            request=request,
        )
    candidate.refresh_from_db()
    return candidate


def election_open(*, election: Election, actor: Any, request: Any = None) -> Election:
    """Open the voting: the voter list is taken now — members with voting rights (in good
    standing) for an election by the general assembly."""
    if election.state != ElectionState.PREPARING:
        raise ValidationError(_("This election is not being prepared."))
    accepted = Candidate.objects.filter(election=election, accepted=True).count()
    if accepted == 0:
        raise ValidationError(_("No candidate has accepted the nomination yet."))
    members = list(active_members(election.organisation))
    found = standings(election.organisation, members)
    eligible = [m for m in members if found[m.pk].good]
    with transaction.atomic():
        updated = Election.objects.filter(pk=election.pk, state=ElectionState.PREPARING).update(
            state=ElectionState.OPEN
        )
        if not updated:
            raise ValidationError(_("This election is not being prepared."))
        Voter.objects.bulk_create([Voter(election=election, member=m) for m in eligible])
        audit_record(
            organisation=election.organisation,
            actor=actor,
            action="associations.election_open",
            obj=election,
            changes={"voters": len(eligible), "candidates": accepted},
            request=request,
        )
    election.refresh_from_db()
    return election


class VoteRefused(ValidationError):
    pass


def ballot_cast(*, election: Election, user: Any, choices: list[int]) -> str:
    """Cast the ballot of the member whose account `user` is (a person, or an organisation's
    delegate) and return its receipt. Refused when the voting is not open, the member is not
    on the voter list, has voted already, or the choices are not valid."""
    if election.state != ElectionState.OPEN:
        raise VoteRefused(_("The voting is not open."))
    member = active_members(election.organisation).filter(user=user).first() if user else None
    if member is None:
        raise VoteRefused(_("You are not on the voter list of this election."))
    valid = set(
        Candidate.objects.filter(election=election, accepted=True).values_list("pk", flat=True)
    )
    picked = sorted(set(choices))
    if len(picked) != len(choices) or not set(picked) <= valid:
        raise VoteRefused(_("Choose among the candidates on the ballot, each at most once."))
    if len(picked) > election.seats:
        raise VoteRefused(_("Choose at most %(seats)s candidate(s).") % {"seats": election.seats})
    receipt = secrets.token_urlsafe(12)
    with transaction.atomic():
        # The election's row is locked for the cast: the close (which takes it too) waits
        # for casts in flight, and casts after it see it closed.
        if (
            not Election.objects.select_for_update()
            .filter(pk=election.pk, state=ElectionState.OPEN)
            .exists()
        ):
            raise VoteRefused(_("The voting is not open."))
        marked = Voter.objects.filter(election=election, member=member, has_voted=False).update(
            has_voted=True
        )
        if not marked:
            listed = Voter.objects.filter(election=election, member=member).exists()
            raise VoteRefused(
                _("You have voted already in this election.")
                if listed
                else _("You are not on the voter list of this election.")
            )
        Ballot.objects.create(receipt=receipt, election=election, choices=picked)
        # That this member voted — never the ballot, its receipt or its choices.
        audit_record(
            organisation=election.organisation,
            actor=user,
            action="associations.ballot_cast",
            obj=election,
            changes={"member": member.pk},
        )
    return receipt


def election_close(*, election: Election, actor: Any, request: Any = None) -> Election:
    """Close the voting and rewrite the ballots in random order, so that their storage order
    no longer follows the order in which they were cast."""
    with transaction.atomic():
        locked = Election.objects.select_for_update().filter(
            pk=election.pk, state=ElectionState.OPEN
        )
        updated = locked.update(state=ElectionState.CLOSED) if locked.exists() else 0
        if not updated:
            raise ValidationError(_("The voting is not open."))
        ballots = list(Ballot.objects.filter(election=election).values_list("receipt", "choices"))
        random.SystemRandom().shuffle(ballots)
        Ballot.objects.filter(election=election).delete()
        Ballot.objects.bulk_create(
            [Ballot(receipt=r, election=election, choices=c) for r, c in ballots]
        )
        audit_record(
            organisation=election.organisation,
            actor=actor,
            action="associations.election_close",
            obj=election,
            changes={"ballots": len(ballots)},
            request=request,
        )
    election.refresh_from_db()
    return election


@dataclass(frozen=True)
class Line:
    candidate: Candidate
    votes: int
    elected: bool


@dataclass(frozen=True)
class Tally:
    ballots: int
    lines: list[Line]
    second_round: bool  # seats left to fill by a second round (absolute rule) or a tie
    tie: bool


def tally(election: Election) -> Tally:
    """Count the published ballots by the election's rule."""
    candidates = list(Candidate.objects.filter(election=election, accepted=True))
    counts = {c.pk: 0 for c in candidates}
    ballots = 0
    for choices in Ballot.objects.filter(election=election).values_list("choices", flat=True):
        ballots += 1
        for pk in choices:
            if pk in counts:
                counts[pk] += 1
    ordered = sorted(candidates, key=lambda c: (-counts[c.pk], c.name))
    elected: set[int] = set()
    tie = False
    if election.rule == ElectionRule.ABSOLUTE:
        for c in ordered:
            if counts[c.pk] * 2 > ballots and len(elected) < election.seats:
                elected.add(c.pk)
    else:
        for c in ordered[: election.seats]:
            elected.add(c.pk)
        if len(ordered) > election.seats and election.seats > 0:
            last = counts[ordered[election.seats - 1].pk]
            if counts[ordered[election.seats].pk] == last:
                tie = True
                elected -= {c.pk for c in ordered if counts[c.pk] == last}
    lines = [Line(c, counts[c.pk], c.pk in elected) for c in ordered]
    left = election.seats - len(elected)
    return Tally(ballots=ballots, lines=lines, second_round=left > 0 and bool(ballots), tie=tie)


def second_round_create(*, election: Election, actor: Any) -> Election:
    """A second round for the seats left: the best placed candidates not elected, two per
    seat (more when tied at the cut)."""
    if election.state != ElectionState.CLOSED:
        raise ValidationError(_("The first round is not closed."))
    result = tally(election)
    if not result.second_round:
        raise ValidationError(_("Every seat is filled: no second round is needed."))
    left = election.seats - sum(1 for line in result.lines if line.elected)
    rest = [line for line in result.lines if not line.elected]
    cut = rest[: 2 * left]
    if cut:
        cut += [line for line in rest[2 * left :] if line.votes == cut[-1].votes]
    with transaction.atomic():
        second = Election.objects.create(
            organisation=election.organisation,
            body=election.body,
            title=election.title,
            seats=left,
            rule=election.rule,
            round=election.round + 1,
            previous=election,
        )
        Candidate.objects.bulk_create(
            [
                Candidate(
                    election=second,
                    member=line.candidate.member,
                    name=line.candidate.name,
                    accepted=True,
                )
                for line in cut
            ]
        )
        audit_record(
            organisation=election.organisation,
            actor=actor,
            action="associations.election_second_round",
            obj=second,
            changes={"previous": election.pk, "seats": left, "candidates": len(cut)},
        )
    return second
