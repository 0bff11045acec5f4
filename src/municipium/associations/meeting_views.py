"""Pages of general assemblies and board sessions: the public invitation and register of
decisions; the office's convocation, invitations, attendance register, sitting, votes,
close and minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.registry.exports import PdfUnavailable
from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from . import forms, meetings, queries
from .minutes import minutes_pdf
from .models import AgendaItem, Attendance, Invitation, Meeting, MeetingState
from .views import _errors, _office, _scope


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return _scope(request).get(
        Meeting.objects.select_related("body", "organisation"), pk=meeting_id
    )


# --- public ------------------------------------------------------------------------------------


@org_view(public=True)
@public_page
def public_meetings(request: HttpRequest) -> HttpResponse:
    """Convened meetings and the register of decisions taken."""
    organisation = _scope(request).organisation
    rows = list(
        Meeting.objects.filter(organisation=organisation)
        .select_related("body")
        .order_by("-starts_at")[:100]
    )
    decisions = list(
        AgendaItem.objects.filter(meeting__organisation=organisation, adopted__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position")[:500]
    )
    context = {"organisation": organisation, "meetings": rows, "decisions": decisions}
    return render(request, "associations/meetings.html", context)


@org_view(public=True)
@public_page
def public_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    context = {
        "organisation": meeting.organisation,
        "meeting": meeting,
        "items": list(meeting.items.all()),
    }
    return render(request, "associations/meeting.html", context)


# --- office ------------------------------------------------------------------------------------


@org_view(roles=queries.STAFF_ROLES)
def office_meetings(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = forms.ConveneForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.meeting_convene(
                body=data["body"],
                actor=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                place=data["place"],
                online_url=data["online_url"],
                initiator=data["initiator"],
                members_request=data["members_request"],
                items=data["items"],
                request=request,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The meeting is convened. Send the invitations now."))
            return redirect(
                "associations:office_meeting", org=scope.organisation.slug, meeting_id=meeting.pk
            )
    rows = list(scope.filter(Meeting.objects.select_related("body"))[:100])
    status = 400 if form.errors else 200
    return _office(
        request,
        "associations/office_meetings.html",
        {"form": form, "meetings": rows},
        status=status,
    )


def _meeting_context(request: HttpRequest, meeting: Meeting, **forms_: Any) -> dict[str, Any]:
    scope = _scope(request)
    invited = meetings.invitees(meeting)
    rights = meetings.voting_rights(meeting, invited)
    invitations = {i.member_id: i for i in Invitation.objects.filter(meeting=meeting)}
    attendance = list(
        Attendance.objects.filter(meeting=meeting).select_related("member", "proxy_holder")
    )
    statute = queries.Statute.objects.filter(organisation=meeting.organisation).first()
    voters = sum(rights.values())
    present = sum(1 for a in attendance if a.votes)
    quorum = None
    if statute is not None and statute.quorum_numerator and statute.quorum_denominator:
        quorum = meetings.rules.quorum(
            voters=voters,
            present=present,
            numerator=statute.quorum_numerator,
            denominator=statute.quorum_denominator,
            strictly_more=statute.quorum_strictly_more,
        )
    return {
        "meeting": meeting,
        "items": list(meeting.items.all()),
        "invitees": [
            {"member": m, "votes": rights[m.pk], "invitation": invitations.get(m.pk)}
            for m in invited
        ],
        "attendance": attendance,
        "voters": voters,
        "present": present,
        "quorum": quorum,
        "attend_form": forms_.get("attend_form")
        or forms.AttendForm(organisation=scope.organisation),
        "close_form": forms_.get("close_form") or forms.CloseForm(),
        "vote_error": forms_.get("vote_error"),
        "error": forms_.get("error"),
    }


@org_view(roles=queries.STAFF_ROLES)
def office_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    return _office(request, "associations/office_meeting.html", _meeting_context(request, meeting))


STEPS = ("invite", "attend", "open", "vote", "close")


@org_view(roles=queries.STAFF_ROLES)
@require_POST
def office_meeting_step(request: HttpRequest, meeting_id: int, step: str) -> HttpResponse:
    scope = _scope(request)
    meeting = _meeting(request, meeting_id)
    back = redirect(
        "associations:office_meeting", org=scope.organisation.slug, meeting_id=meeting.pk
    )
    extra: dict[str, Any] = {}
    try:
        if step == "invite":
            sent, failed = meetings.invitations_send(meeting=meeting, actor=request.user)
            messages.success(
                request,
                _("Invitations sent: %(sent)s; not sent: %(failed)s.")
                % {"sent": sent, "failed": failed},
            )
            return back
        if step == "attend":
            form = forms.AttendForm(request.POST, organisation=scope.organisation)
            extra["attend_form"] = form
            if form.is_valid():
                data = form.cleaned_data
                meetings.attendance_register(
                    meeting=meeting,
                    actor=request.user,
                    member=data["member"],
                    mode=data["mode"],
                    proxy_holder=data["proxy_holder"],
                    proxy_document=data["proxy_document"],
                    request=request,
                )
                return back
        elif step == "open":
            meetings.meeting_open(meeting=meeting, actor=request.user)
            messages.success(request, _("The meeting is open."))
            return back
        elif step == "vote":
            vote_form = forms.VoteForm(request.POST)
            if vote_form.is_valid():
                data = vote_form.cleaned_data
                item = AgendaItem.objects.filter(meeting=meeting, pk=data["item"]).first()
                if item is None:
                    extra["vote_error"] = _("Unknown agenda item.")
                else:
                    meetings.item_vote(
                        item=item,
                        actor=request.user,
                        yes=data["yes"],
                        no=data["no"],
                        abstain=data["abstain"],
                        request=request,
                    )
                    return back
            else:
                extra["vote_error"] = _(
                    "Give the counts for, against and abstained as whole numbers."
                )
        elif step == "close":
            close_form = forms.CloseForm(request.POST)
            extra["close_form"] = close_form
            if close_form.is_valid():
                meetings.meeting_close(
                    meeting=meeting,
                    actor=request.user,
                    chair_name=close_form.cleaned_data["chair_name"],
                    minutes_taker=close_form.cleaned_data["minutes_taker"],
                    request=request,
                )
                return back
        else:
            extra["error"] = _("Unknown step.")
    except ValidationError as error:
        target = extra.get("attend_form") or extra.get("close_form")
        if target is not None and hasattr(error, "error_dict"):
            _errors(target, error)
        else:
            key = "vote_error" if step == "vote" else "error"
            extra[key] = " ".join(error.messages)
    meeting.refresh_from_db()
    context = _meeting_context(request, meeting, **extra)
    return _office(request, "associations/office_meeting.html", context, status=400)


@org_view(roles=queries.STAFF_ROLES)
def office_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if meeting.state != MeetingState.CLOSED:
        context = {"meeting": meeting}
        return _office(request, "associations/minutes_waiting.html", context)
    try:
        pdf = minutes_pdf(meeting)
    except PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
