"""The associations' API under /api/v1/orgs/<org>/associations/…: members (staff), bodies
and meetings (public), votes by show of hands (staff), elections: the ballot (a member on
the voter list), the results and receipts (after the close), a receipt check."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from municipium.api_auth import auth_for
from municipium.api_errors import ERRORS, PUBLIC_ERRORS
from municipium.tenants.models import Role
from municipium.tenants.scoping import Access, api_scope, resolve_scope

from . import elections, meetings, queries
from .models import AgendaItem, Ballot, Election, ElectionState, Meeting

router = Router(tags=["associations"])

PUBLIC = Access(public=True)
STAFF = Access(roles=frozenset({Role.ADMIN, Role.MANAGER}))
VOTERS: dict[str, Any] = {
    "auth": auth_for(None),
    "openapi_extra": {"x-access": {"public": False, "roles": [], "authenticated": True}},
}


class AssociationMemberOut(Schema):
    number: int
    kind: str
    name: str
    delegate: str
    category: str
    starts_on: date
    ends_on: date | None
    good_standing: bool


class AssociationSeatOut(Schema):
    person: str
    role: str
    member: str


class AssociationMandateOut(Schema):
    starts_on: date
    ends_on: date
    elected_by: str
    seats: list[AssociationSeatOut]


class AssociationBodyOut(Schema):
    id: int
    kind: str
    name: str
    current: AssociationMandateOut | None
    past: list[AssociationMandateOut]


class AssociationItemOut(Schema):
    id: int
    position: int
    title: str
    decision_kind: str
    yes: int | None
    no: int | None
    abstain: int | None
    adopted: bool | None = Field(..., description="computed by the statute's majority rule")


class AssociationMeetingOut(Schema):
    id: int
    title: str
    body: str
    starts_at: datetime
    place: str
    online_url: str
    state: str
    postponed: bool
    items: list[AssociationItemOut]


class AssociationCountsIn(Schema):
    yes: int = Field(..., ge=0, le=1_000_000)
    no: int = Field(..., ge=0, le=1_000_000)
    abstain: int = Field(..., ge=0, le=1_000_000)


class AssociationBallotIn(Schema):
    candidates: list[int] = Field(..., max_length=100)


class AssociationReceiptOut(Schema):
    receipt: str


class AssociationLineOut(Schema):
    candidate: str
    votes: int
    elected: bool


class AssociationPublishedBallot(Schema):
    receipt: str
    candidates: list[str]


class AssociationResultsOut(Schema):
    ballots: int
    lines: list[AssociationLineOut]
    second_round: bool
    tie: bool
    published: list[AssociationPublishedBallot]


def _mandate(mandate: Any) -> AssociationMandateOut:
    return AssociationMandateOut(
        starts_on=mandate.starts_on,
        ends_on=mandate.ends_on,
        elected_by=mandate.elected_by,
        seats=[
            AssociationSeatOut(person=s.person_name, role=s.role, member=s.member.name)
            for s in mandate.seats.all()
        ],
    )


@router.get(
    "/orgs/{org}/associations/members",
    response={200: list[AssociationMemberOut], **ERRORS},
    **STAFF.api(),
    summary="Current members with their good standing (staff)",
)
def member_list(request: HttpRequest, org: str) -> list[AssociationMemberOut]:
    scope = api_scope(request, org, STAFF)
    members = list(queries.staff_members(scope)[:5000])
    standing = queries.standings(scope.organisation, members)
    return [
        AssociationMemberOut(
            number=m.pk,
            kind=m.kind,
            name=m.name,
            delegate=m.delegate_name,
            category=m.category.code,
            starts_on=m.starts_on,
            ends_on=m.ends_on,
            good_standing=standing[m.pk].good,
        )
        for m in members
    ]


@router.get(
    "/orgs/{org}/associations/bodies",
    response={200: list[AssociationBodyOut], **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="Bodies with their current composition and past mandates",
)
def body_list(request: HttpRequest, org: str) -> list[AssociationBodyOut]:
    from django.utils import timezone

    organisation = resolve_scope(None, org).organisation
    today = timezone.localdate()
    out = []
    for body in queries.bodies(organisation):
        mandates = list(body.mandates.all())
        current = next((m for m in mandates if m.is_valid_on(today)), None)
        out.append(
            AssociationBodyOut(
                id=body.pk,
                kind=body.kind,
                name=body.name,
                current=_mandate(current) if current else None,
                past=[_mandate(m) for m in mandates if m is not current and m.starts_on <= today],
            )
        )
    return out


@router.get(
    "/orgs/{org}/associations/meetings/{meeting_id}",
    response={200: AssociationMeetingOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="A convened meeting with its agenda and the results of its votes",
)
def meeting_read(request: HttpRequest, org: str, meeting_id: int) -> AssociationMeetingOut:
    organisation = resolve_scope(None, org).organisation
    meeting = (
        Meeting.objects.filter(organisation=organisation, pk=meeting_id)
        .select_related("body")
        .first()
    )
    if meeting is None:
        raise Http404
    return AssociationMeetingOut(
        id=meeting.pk,
        title=meeting.title,
        body=meeting.body.name,
        starts_at=meeting.starts_at,
        place=meeting.place,
        online_url=meeting.online_url,
        state=meeting.state,
        postponed=meeting.postponed,
        items=[
            AssociationItemOut(
                id=i.pk,
                position=i.position,
                title=i.title,
                decision_kind=i.decision_kind,
                yes=i.yes,
                no=i.no,
                abstain=i.abstain,
                adopted=i.adopted,
            )
            for i in meeting.items.all()
        ],
    )


@router.post(
    "/orgs/{org}/associations/meetings/{meeting_id}/items/{item_id}/vote",
    response={200: AssociationItemOut, **ERRORS},
    **STAFF.api(),
    summary="Record a show of hands; the result is computed by the statute's rule",
)
def item_vote(
    request: HttpRequest, org: str, meeting_id: int, item_id: int, payload: AssociationCountsIn
) -> AssociationItemOut:
    scope = api_scope(request, org, STAFF)
    item = scope.get(
        AgendaItem.objects.select_related("meeting__organisation", "meeting__body"),
        path="meeting__organisation",
        pk=item_id,
        meeting_id=meeting_id,
    )
    try:
        item = meetings.item_vote(
            item=item, actor=scope.user, yes=payload.yes, no=payload.no, abstain=payload.abstain
        )
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return AssociationItemOut(
        id=item.pk,
        position=item.position,
        title=item.title,
        decision_kind=item.decision_kind,
        yes=item.yes,
        no=item.no,
        abstain=item.abstain,
        adopted=item.adopted,
    )


def _election(org: str, election_id: int) -> Election:
    organisation = resolve_scope(None, org).organisation
    found = Election.objects.filter(organisation=organisation, pk=election_id).first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/orgs/{org}/associations/elections/{election_id}/ballot",
    response={201: AssociationReceiptOut, **ERRORS},
    **VOTERS,
    summary="Cast one's secret ballot; returns the receipt code (shown once)",
)
def ballot_cast(
    request: HttpRequest, org: str, election_id: int, payload: AssociationBallotIn
) -> Status:
    election = _election(org, election_id)
    user = getattr(request, "auth", None) or request.user
    try:
        receipt = elections.ballot_cast(
            election=election, user=user, choices=list(payload.candidates)
        )
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(201, AssociationReceiptOut(receipt=receipt))


@router.get(
    "/orgs/{org}/associations/elections/{election_id}/results",
    response={200: AssociationResultsOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="After the close: the tally and every ballot with its receipt",
)
def election_results(request: HttpRequest, org: str, election_id: int) -> AssociationResultsOut:
    election = _election(org, election_id)
    if election.state != ElectionState.CLOSED:
        raise HttpError(404, "The results are published when the voting closes.")
    result = elections.tally(election)
    names = {line.candidate.pk: line.candidate.name for line in result.lines}
    return AssociationResultsOut(
        ballots=result.ballots,
        lines=[
            AssociationLineOut(
                candidate=line.candidate.name, votes=line.votes, elected=line.elected
            )
            for line in result.lines
        ],
        second_round=result.second_round,
        tie=result.tie,
        published=[
            AssociationPublishedBallot(
                receipt=b.receipt, candidates=[names.get(pk, "?") for pk in b.choices]
            )
            for b in Ballot.objects.filter(election=election).order_by("receipt")
        ],
    )
