"""Pages of secret-ballot elections: the office prepares, opens and closes them; members vote
on the election's public page (works without JavaScript, on a phone), where the results and
every receipt with its choices are published after the close."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from municipium.tenants.scoping import org_view

from . import elections, queries
from .models import Ballot, Body, Candidate, Election, ElectionRule, ElectionState, Member, Voter
from .views import _errors, _office, _scope


class ElectionForm(django_forms.Form):
    body = django_forms.ModelChoiceField(
        label=gettext_lazy("Body elected"), queryset=Body.objects.none()
    )
    title = django_forms.CharField(label=gettext_lazy("Title"), max_length=200)
    seats = django_forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, max_value=100)
    rule = django_forms.ChoiceField(label=gettext_lazy("Rule"), choices=ElectionRule.choices)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


def _election(request: HttpRequest, election_id: int) -> Election:
    return _scope(request).get(
        Election.objects.select_related("body", "organisation"), pk=election_id
    )


@org_view(roles=queries.STAFF_ROLES)
def office_elections(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = ElectionForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            election = elections.election_create(
                body=form.cleaned_data["body"],
                actor=request.user,
                title=form.cleaned_data["title"],
                seats=form.cleaned_data["seats"],
                rule=form.cleaned_data["rule"],
                request=request,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect(
                "associations:office_election", org=scope.organisation.slug, election_id=election.pk
            )
    rows = list(scope.filter(Election.objects.select_related("body"))[:100])
    status = 400 if form.errors else 200
    return _office(
        request,
        "associations/office_elections.html",
        {"form": form, "elections": rows},
        status=status,
    )


def _office_context(election: Election, error: str = "") -> dict[str, Any]:
    return {
        "election": election,
        "candidates": list(Candidate.objects.filter(election=election).select_related("member")),
        "members": list(
            Member.objects.filter(
                organisation=election.organisation, ends_on__isnull=True
            ).order_by("name")
        ),
        "voters": Voter.objects.filter(election=election).count(),
        "voted": Voter.objects.filter(election=election, has_voted=True).count(),
        "tally": elections.tally(election) if election.state == ElectionState.CLOSED else None,
        "error": error,
    }


@org_view(roles=queries.STAFF_ROLES)
def office_election(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _election(request, election_id)
    return _office(request, "associations/office_election.html", _office_context(election))


@org_view(roles=queries.STAFF_ROLES)
@require_POST
def office_election_step(request: HttpRequest, election_id: int, step: str) -> HttpResponse:
    scope = _scope(request)
    election = _election(request, election_id)
    try:
        if step == "nominate":
            member = Member.objects.filter(
                organisation=scope.organisation, pk=request.POST.get("member") or 0
            ).first()
            if member is None:
                raise ValidationError(_("Choose a member."))
            elections.candidate_nominate(
                election=election, actor=request.user, member=member, request=request
            )
        elif step == "accept":
            candidate = Candidate.objects.filter(
                election=election, pk=request.POST.get("candidate") or 0
            ).first()
            if candidate is None:
                raise ValidationError(_("Choose a candidate."))
            elections.candidate_accept(candidate=candidate, actor=request.user, request=request)
        elif step == "open":
            elections.election_open(election=election, actor=request.user, request=request)
        elif step == "close":
            elections.election_close(election=election, actor=request.user, request=request)
        elif step == "second-round":
            second = elections.second_round_create(election=election, actor=request.user)
            return redirect(
                "associations:office_election", org=scope.organisation.slug, election_id=second.pk
            )
        else:
            raise ValidationError(_("Unknown step."))
    except ValidationError as error:
        election.refresh_from_db()
        context = _office_context(election, " ".join(error.messages))
        return _office(request, "associations/office_election.html", context, status=400)
    return redirect(
        "associations:office_election", org=scope.organisation.slug, election_id=election.pk
    )


@org_view(public=True)
def election(request: HttpRequest, election_id: int) -> HttpResponse:
    """The ballot for a member on the voter list while the voting is open; the results and
    the published receipts after the close; a receipt check for anyone."""
    item = _election(request, election_id)
    member = queries.member_of_user(item.organisation, request.user)
    voter = (
        Voter.objects.filter(election=item, member=member).first() if member is not None else None
    )
    receipt = ""
    error = ""
    status = 200
    if request.method == "POST":
        choices = request.POST.getlist("candidate")
        try:
            picked = [int(c) for c in choices]
            receipt = elections.ballot_cast(election=item, user=request.user, choices=picked)
        except ValueError:
            error, status = _("Choose among the candidates on the ballot, each at most once."), 400
        except elections.VoteRefused as refused:
            error, status = " ".join(refused.messages), 400
        if receipt:
            messages.success(request, _("Your vote is recorded."))
            voter = Voter.objects.filter(election=item, member=member).first()
    check = request.GET.get("receipt", "").strip()[:40]
    checked: Ballot | None = None
    if check and item.state == ElectionState.CLOSED:
        checked = Ballot.objects.filter(election=item, receipt=check).first()
    candidates = list(Candidate.objects.filter(election=item, accepted=True))
    names = {c.pk: c.name for c in candidates}
    published = []
    result = None
    if item.state == ElectionState.CLOSED:
        result = elections.tally(item)
        published = [
            (b.receipt, [names.get(pk, "?") for pk in b.choices])
            for b in Ballot.objects.filter(election=item).order_by("receipt")
        ]
    context = {
        "organisation": item.organisation,
        "election": item,
        "candidates": candidates,
        "member": member,
        "voter": voter,
        "receipt": receipt,
        "error": error,
        "tally": result,
        "published": published,
        "check": check,
        "checked": checked,
        "checked_names": [names.get(pk, "?") for pk in checked.choices] if checked else [],
    }
    response = render(request, "associations/election.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
