"""Every write of general assemblies and board sessions: convocation (with the statute's
notice), invitations with proof of sending, the attendance register with proxies, opening
on a quorum (or at the postponed sitting), votes by show of hands whose result is computed by
the statute's rule, and the close. Each write is one short transaction with its journal
entry; e-mails are rendered and sent outside any transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.public import public_changed

from . import rules
from .models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    Body,
    BodyKind,
    DecisionKind,
    Initiator,
    Invitation,
    Meeting,
    MeetingState,
    Member,
    PostponedQuorum,
)
from .queries import active_members, standings
from .services import statute_of

MAX_ITEMS = 50


@dataclass(frozen=True)
class ItemData:
    title: str
    decision_kind: str
    materials: str = ""


def _local(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def meeting_convene(
    *,
    body: Body,
    actor: Any,
    title: str,
    starts_at: datetime,
    place: str,
    online_url: str = "",
    initiator: str = Initiator.BOARD,
    members_request: str = "",
    items: list[ItemData],
    request: Any = None,
) -> Meeting:
    """Convene a general assembly (or a session of a body) with its agenda. A general
    assembly's date must respect the statute's notice period counted from today; the statute
    must state its quorum and majorities first."""
    organisation = body.organisation
    statute = statute_of(organisation)
    errors: dict[str, Any] = {}
    if statute.missing:
        raise ValidationError(
            _(
                "The statute does not state all the rules of the assembly yet (notice, quorum, "
                "majorities): complete it first."
            )
        )
    if not title.strip():
        errors["title"] = _("Give the meeting a title.")
    if not place.strip() and not online_url.strip():
        errors["place"] = _("Give the place, or the address of the online meeting.")
    if initiator not in Initiator.values:
        errors["initiator"] = _("Choose who convenes the meeting.")
    elif initiator == Initiator.MEMBERS and not members_request.strip():
        errors["members_request"] = _("Record the members' request: who asked and when.")
    if not items:
        errors["items"] = _("The agenda needs at least one item.")
    elif len(items) > MAX_ITEMS:
        errors["items"] = _("At most 50 items.")
    elif any(i.decision_kind not in DecisionKind.values or not i.title.strip() for i in items):
        errors["items"] = _("Every item needs a title and a kind of decision.")
    now = timezone.now()
    if starts_at <= now:
        errors["starts_at"] = _("The meeting must be in the future.")
    elif body.kind == BodyKind.ASSEMBLY:
        earliest = statute.notice_ends(timezone.localdate())
        if timezone.localtime(starts_at).date() < earliest:
            errors["starts_at"] = _(
                "The statute requires a notice of %(months)s month(s) and %(days)s day(s): "
                "convened today, the assembly may sit on %(date)s at the earliest."
            ) % {
                "months": statute.notice_months or 0,
                "days": statute.notice_days or 0,
                "date": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organisation=organisation,
            body=body,
            title=title.strip(),
            initiator=initiator,
            members_request=members_request.strip(),
            starts_at=starts_at,
            place=place.strip(),
            online_url=online_url.strip(),
            convened_by=actor,
        )
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=item.title.strip(),
                    decision_kind=item.decision_kind,
                    materials=item.materials.strip(),
                )
                for position, item in enumerate(items, start=1)
            ]
        )
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.meeting_convene",
            obj=meeting,
            changes={
                "body": body.pk,
                "starts_at": starts_at.isoformat(),
                "initiator": initiator,
                "agenda_items": len(items),
            },
            request=request,
        )
        transaction.on_commit(lambda: public_changed(organisation), robust=True)
    return meeting


# --- voters ------------------------------------------------------------------------------------


def invitees(meeting: Meeting) -> list[Member]:
    """Who is invited: every member for a general assembly, the body's current composition
    for a session of a body."""
    day = timezone.localtime(meeting.starts_at).date()
    if meeting.body.kind == BodyKind.ASSEMBLY:
        return list(active_members(meeting.organisation, day).select_related("category"))
    mandate = meeting.body.mandates.filter(starts_on__lte=day, ends_on__gte=day).first()
    if mandate is None:
        return []
    ids = mandate.seats.values_list("member_id", flat=True)
    return list(active_members(meeting.organisation, day).filter(pk__in=ids))


def voting_rights(meeting: Meeting, members: list[Member]) -> dict[int, bool]:
    """Who of `members` may vote: for a general assembly, members in good standing today
    (when the statute says so); for a body's session, its seat holders."""
    if meeting.body.kind != BodyKind.ASSEMBLY:
        return {m.pk: True for m in members}
    statute = statute_of(meeting.organisation)
    if not statute.vote_requires_good_standing:
        return {m.pk: True for m in members}
    # Rights are taken when the register is: on the day of the sitting.
    found = standings(meeting.organisation, members, timezone.localdate())
    return {m.pk: found[m.pk].good for m in members}


def voters_count(meeting: Meeting) -> int:
    members = invitees(meeting)
    return sum(voting_rights(meeting, members).values())


def present_voters(meeting: Meeting) -> int:
    return Attendance.objects.filter(meeting=meeting, votes=True).count()


# --- invitations -------------------------------------------------------------------------------


def invitations_send(*, meeting: Meeting, actor: Any) -> tuple[int, int]:
    """E-mail the invitation to every invitee not yet reached; keeps, per member, when it went
    to which address with which message id (or why it could not). Returns (sent, failed)."""
    done = set(
        Invitation.objects.filter(meeting=meeting, sent_at__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    items = list(meeting.items.all())
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    sent = failed = 0
    for member in invitees(meeting):
        if member.pk in done:
            continue
        message_id = ""
        error = ""
        sent_at = None
        if not member.email:
            error = "no e-mail address"
        else:
            with translation.override(
                meeting.organisation.languages[0] if meeting.organisation.languages else None
            ):
                subject = _("Invitation: %(title)s, %(when)s") % {
                    "title": meeting.title,
                    "when": _local(meeting.starts_at),
                }
                body = render_to_string(
                    "associations/email/invitation.txt",
                    {
                        "meeting": meeting,
                        "items": items,
                        "member": member,
                        "site": settings.SITE_URL,
                    },
                )
            message_id = make_msgid(domain=domain)
            message = EmailMessage(
                subject, body, None, [member.email], headers={"Message-ID": message_id}
            )
            try:
                message.send(fail_silently=False)
            except Exception as exc:  # any transport failure is recorded, then retried
                error = str(exc)[:300] or exc.__class__.__name__
                message_id = ""
            else:
                sent_at = timezone.now()
        with transaction.atomic():
            Invitation.objects.update_or_create(
                meeting=meeting,
                member=member,
                defaults={
                    "email": member.email,
                    "sent_at": sent_at,
                    "message_id": message_id,
                    "error": error,
                },
            )
            audit_record(
                organisation=meeting.organisation,
                actor=actor,
                action="associations.invitation_send",
                obj=meeting,
                changes={"member": member.pk, "message_id": message_id, "error": error},
            )
        if sent_at:
            sent += 1
        else:
            failed += 1
    return sent, failed


# --- attendance --------------------------------------------------------------------------------


def attendance_register(
    *,
    meeting: Meeting,
    actor: Any,
    member: Member,
    mode: str,
    proxy_holder: Member | None = None,
    proxy_document: str = "",
    request: Any = None,
) -> Attendance:
    """Register a member as present (in person, online, or by proxy within the statute's
    limits). Whether they vote is decided here, from their rights on the meeting's date."""
    statute = statute_of(meeting.organisation)
    errors: dict[str, Any] = {}
    if meeting.state == MeetingState.CLOSED:
        raise ValidationError(_("The meeting is closed."))
    invited = {m.pk: m for m in invitees(meeting)}
    if member.pk not in invited:
        errors["member"] = _("%(name)s is not among those convened to this meeting.") % {
            "name": member.name
        }
    if mode not in AttendanceMode.values:
        errors["mode"] = _("Choose how the member is present.")
    if mode == AttendanceMode.PROXY:
        if not statute.proxies_allowed:
            errors["mode"] = _("The statute does not allow voting by proxy.")
        elif proxy_holder is None or proxy_holder.pk == member.pk:
            errors["proxy_holder"] = _("Name the member who holds the proxy.")
        elif not proxy_document.strip():
            errors["proxy_document"] = _("Record the proxy document (its number or reference).")
        else:
            holder = Attendance.objects.filter(meeting=meeting, member=proxy_holder).first()
            if holder is None or holder.mode == AttendanceMode.PROXY:
                errors["proxy_holder"] = _(
                    "The proxy holder must be registered as present in person or online first."
                )
            else:
                carried = Attendance.objects.filter(
                    meeting=meeting, proxy_holder=proxy_holder
                ).count()
                if carried >= (statute.proxies_per_holder or 0):
                    errors["proxy_holder"] = _(
                        "%(name)s already carries %(count)s proxy(ies), the statute's limit."
                    ) % {"name": proxy_holder.name, "count": carried}
    elif proxy_holder is not None:
        errors["proxy_holder"] = _("Only a member present by proxy has a proxy holder.")
    if errors:
        raise ValidationError(errors)
    votes = voting_rights(meeting, [member])[member.pk]
    try:
        with transaction.atomic():
            if mode == AttendanceMode.PROXY and proxy_holder is not None:
                # Lock the holder's row so two proxies registered at once cannot both pass.
                Attendance.objects.select_for_update().filter(
                    meeting=meeting, member=proxy_holder
                ).first()
                carried = Attendance.objects.filter(
                    meeting=meeting, proxy_holder=proxy_holder
                ).count()
                if carried >= (statute.proxies_per_holder or 0):
                    raise ValidationError(
                        {"proxy_holder": _("The proxy holder has reached the statute's limit.")}
                    )
            attendance = Attendance.objects.create(
                meeting=meeting,
                member=member,
                mode=mode,
                proxy_holder=proxy_holder if mode == AttendanceMode.PROXY else None,
                proxy_document=proxy_document.strip() if mode == AttendanceMode.PROXY else "",
                votes=votes,
            )
            audit_record(
                organisation=meeting.organisation,
                actor=actor,
                action="associations.attendance_register",
                obj=meeting,
                changes={"member": member.pk, "mode": mode, "votes": votes},
                request=request,
            )
    except IntegrityError:
        raise ValidationError(
            {"member": _("%(name)s is registered already.") % {"name": member.name}}
        ) from None
    return attendance


# --- sitting -----------------------------------------------------------------------------------


def meeting_open(*, meeting: Meeting, actor: Any, now: datetime | None = None) -> Meeting:
    """Open the sitting when the quorum is present; without it, a general assembly opens as
    the postponed sitting at the statute's time with the statute's rule for it."""
    now = now or timezone.now()
    statute = statute_of(meeting.organisation)
    if meeting.state != MeetingState.CONVENED:
        raise ValidationError(_("The meeting is not waiting to open."))
    if now < meeting.starts_at:
        raise ValidationError(
            _("The meeting starts at %(when)s.") % {"when": _local(meeting.starts_at)}
        )
    voters = voters_count(meeting)
    present = present_voters(meeting)

    def count(postponed: bool = False) -> rules.Quorum:
        return rules.quorum(
            voters=voters,
            present=present,
            numerator=statute.quorum_numerator or 1,
            denominator=statute.quorum_denominator or 2,
            strictly_more=statute.quorum_strictly_more,
            postponed_rule=statute.postponed_quorum,
            postponed=postponed,
        )

    first = count()
    postponed = False
    result = first
    if not first.reached:
        can_postpone = (
            meeting.body.kind == BodyKind.ASSEMBLY
            and statute.postponed_quorum in (PostponedQuorum.ANY, PostponedQuorum.SAME)
            and statute.postponed_after_minutes
        )
        if not can_postpone:
            raise ValidationError(
                _("No quorum: %(present)s of %(voters)s voters present, %(required)s needed.")
                % {"present": present, "voters": voters, "required": first.required}
            )
        later = meeting.starts_at + timedelta(minutes=statute.postponed_after_minutes or 0)
        if now < later:
            raise ValidationError(
                _(
                    "No quorum: %(present)s of %(voters)s voters present, %(required)s needed. "
                    "The postponed sitting may open at %(when)s."
                )
                % {
                    "present": present,
                    "voters": voters,
                    "required": first.required,
                    "when": _local(later),
                }
            )
        result = count(postponed=True)
        if not result.reached:
            raise ValidationError(
                _("No quorum at the postponed sitting either: %(present)s of %(voters)s present.")
                % {"present": present, "voters": voters}
            )
        postponed = True
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, state=MeetingState.CONVENED).update(
            state=MeetingState.OPEN,
            opened_at=now,
            postponed=postponed,
            voters=voters,
            present=present,
            quorum_required=result.required,
        )
        if not updated:
            raise ValidationError(_("The meeting is not waiting to open."))
        audit_record(
            organisation=meeting.organisation,
            actor=actor,
            action="associations.meeting_open",
            obj=meeting,
            changes={
                "voters": voters,
                "present": present,
                "required": result.required,
                "postponed": postponed,
            },
        )
    meeting.refresh_from_db()
    return meeting


def item_vote(
    *, item: AgendaItem, actor: Any, yes: int, no: int, abstain: int, request: Any = None
) -> AgendaItem:
    """Record a show of hands: the counts are checked against the voters present now, and the
    result is computed by the statute's majority for the item's kind."""
    meeting = item.meeting
    if meeting.state != MeetingState.OPEN:
        raise ValidationError(_("Votes are taken while the meeting is in session."))
    if item.adopted is not None:
        raise ValidationError(_("This item has been voted already."))
    statute = statute_of(meeting.organisation)
    rule = statute.majority_for(item.decision_kind)
    present = present_voters(meeting)
    try:
        result = rules.majority_result(
            rule=rule, yes=yes, no=no, abstain=abstain, present=present, voters=meeting.voters or 0
        )
    except rules.CountError:
        raise ValidationError(
            _(
                "The counts (%(total)s) must not be negative nor exceed the %(present)s voters "
                "present."
            )
            % {"total": yes + no + abstain, "present": present}
        ) from None
    with transaction.atomic():
        updated = AgendaItem.objects.filter(pk=item.pk, adopted__isnull=True).update(
            yes=yes,
            no=no,
            abstain=abstain,
            present_at_vote=present,
            rule=rule,
            needed=result.needed,
            adopted=result.adopted,
            voted_at=timezone.now(),
        )
        if not updated:
            raise ValidationError(_("This item has been voted already."))
        audit_record(
            organisation=meeting.organisation,
            actor=actor,
            action="associations.item_vote",
            obj=item,
            changes={
                "yes": yes,
                "no": no,
                "abstain": abstain,
                "present": present,
                "rule": rule,
                "adopted": result.adopted,
            },
            request=request,
        )
        transaction.on_commit(lambda: public_changed(meeting.organisation), robust=True)
    item.refresh_from_db()
    return item


def meeting_close(
    *, meeting: Meeting, actor: Any, chair_name: str, minutes_taker: str, request: Any = None
) -> Meeting:
    if meeting.state != MeetingState.OPEN:
        raise ValidationError(_("Only a meeting in session can be closed."))
    errors = {}
    if not chair_name.strip():
        errors["chair_name"] = _("Name the chair of the meeting.")
    if not minutes_taker.strip():
        errors["minutes_taker"] = _("Name the minute-taker.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            state=MeetingState.CLOSED,
            closed_at=timezone.now(),
            chair_name=chair_name.strip(),
            minutes_taker=minutes_taker.strip(),
        )
        audit_record(
            organisation=meeting.organisation,
            actor=actor,
            action="associations.meeting_close",
            obj=meeting,
            changes={"chair": chair_name, "minutes_taker": minutes_taker},
            request=request,
        )
        transaction.on_commit(lambda: public_changed(meeting.organisation), robust=True)
    meeting.refresh_from_db()
    return meeting
