"""Writes of the exchange groups and the good-practice library: keyword-only services, each in
one short transaction with its journal entry. Refusals raise ValidationError and change
nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import Membership, Organisation, Role
from municipium.tenants.public import public_changed

from .practices import (
    Adoption,
    Group,
    GroupMeeting,
    GroupMember,
    Outcome,
    Practice,
    PracticeReview,
    PracticeState,
)

STAFF_ROLES = (Role.ADMIN, Role.MANAGER)
ADOPTER_ROLES = (Role.ADMIN, Role.MANAGER, Role.COMMUNICATIONS)
REVIEWS_NEEDED = 2
PRACTICE_FIELDS = [
    "title",
    "problem",
    "done",
    "results",
    "costs",
    "duration",
    "contacts",
    "tags",
]


def _has_role(user: Any, organisation: Organisation | int, roles: tuple[str, ...]) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return Membership.objects.filter(
        user=user, organisation_id=org_id, is_active=True, roles__role__in=roles
    ).exists()


def is_staff(user: Any, organisation: Organisation) -> bool:
    return _has_role(user, organisation, STAFF_ROLES)


def can_manage_group(user: Any, group: Group) -> bool:
    """The association's staff, or the group's coordinator."""
    if user is not None and group.coordinator_id and group.coordinator_id == user.pk:
        return True
    return is_staff(user, group.organisation)


def is_group_member(user: Any, group: Group | None) -> bool:
    if group is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return group.coordinator_id == user.pk or group.members.filter(user=user).exists()


def can_edit_practice(user: Any, practice: Practice) -> bool:
    if practice.state == PracticeState.PUBLISHED:
        return is_staff(user, practice.organisation)
    if user is not None and practice.author_id == getattr(user, "pk", None):
        return True
    return is_staff(user, practice.organisation)


def may_review(user: Any, practice: Practice) -> bool:
    """A peer: not the author; staff of the association or a member of the practice's group."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if practice.author_id == user.pk:
        return False
    return is_staff(user, practice.organisation) or is_group_member(user, practice.group)


def _changed_on_commit(organisation: Organisation) -> None:
    transaction.on_commit(lambda: public_changed(organisation), robust=True)


def _text(values: dict[str, Any], name: str) -> str:
    return str(values.get(name) or "").strip()


# --- groups --------------------------------------------------------------------------------


def group_save(
    *,
    organisation: Organisation,
    actor: Any,
    name: str,
    purpose: str = "",
    coordinator: Any = None,
    group: Group | None = None,
    request: Any = None,
) -> Group:
    if group is not None and group.organisation_id != organisation.pk:
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Give the group's name.")})
    created = group is None
    group = group or Group(organisation=organisation)
    group.name, group.purpose, group.coordinator = name.strip(), purpose.strip(), coordinator
    with transaction.atomic():
        group.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.group_save",
            obj=group,
            changes={
                "name": group.name,
                "coordinator": getattr(coordinator, "pk", None),
                "created": created,
            },
            request=request,
        )
    return group


def group_member_add(
    *,
    group: Group,
    actor: Any,
    name: str,
    member_organisation: Organisation,
    user: Any = None,
    request: Any = None,
) -> GroupMember:
    if not name.strip():
        raise ValidationError({"name": _("Give the person's name.")})
    with transaction.atomic():
        member = GroupMember.objects.create(
            group=group, name=name.strip(), member_organisation=member_organisation, user=user
        )
        audit_record(
            organisation=group.organisation,
            actor=actor,
            action="associations.group_member_add",
            obj=member,
            changes={"group": group.pk, "name": member.name, "from": member_organisation.slug},
            request=request,
        )
    return member


def group_member_remove(*, member: GroupMember, actor: Any, request: Any = None) -> None:
    group = member.group
    with transaction.atomic():
        audit_record(
            organisation=group.organisation,
            actor=actor,
            action="associations.group_member_remove",
            obj=member,
            changes={"group": group.pk, "name": member.name},
            request=request,
        )
        member.delete()


def group_meeting_add(
    *,
    group: Group,
    actor: Any,
    held_on: date,
    place: str = "",
    notes: str = "",
    request: Any = None,
) -> GroupMeeting:
    if held_on is None:
        raise ValidationError({"held_on": _("Give the meeting's date.")})
    with transaction.atomic():
        meeting = GroupMeeting.objects.create(
            group=group, held_on=held_on, place=place.strip(), notes=notes.strip()
        )
        audit_record(
            organisation=group.organisation,
            actor=actor,
            action="associations.group_meeting_add",
            obj=meeting,
            changes={"group": group.pk, "held_on": str(held_on), "place": meeting.place},
            request=request,
        )
    return meeting


def outcome_add(
    *,
    group: Group,
    actor: Any,
    text: str,
    reached_on: date,
    practices: list[Practice] | None = None,
    request: Any = None,
) -> Outcome:
    if not text.strip():
        raise ValidationError({"text": _("Describe the outcome.")})
    practices = practices or []
    if any(p.organisation_id != group.organisation_id for p in practices):
        raise ValidationError({"practices": _("Unknown practice.")})
    with transaction.atomic():
        outcome = Outcome.objects.create(group=group, text=text.strip(), reached_on=reached_on)
        outcome.practices.set(practices)
        audit_record(
            organisation=group.organisation,
            actor=actor,
            action="associations.outcome_add",
            obj=outcome,
            changes={
                "group": group.pk,
                "reached_on": str(reached_on),
                "practices": [p.pk for p in practices],
            },
            request=request,
        )
    return outcome


# --- practices -----------------------------------------------------------------------------


def _check_practice(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not _text(values, "title"):
        errors["title"] = _("Give the practice a title.")
    if not _text(values, "problem"):
        errors["problem"] = _("Describe the problem it solved.")
    if not _text(values, "done"):
        errors["done"] = _("Describe what was done.")
    if errors:
        raise ValidationError(errors)


def practice_save(
    *,
    organisation: Organisation,
    actor: Any,
    values: dict[str, Any],
    source_organisation: Organisation,
    group: Group | None = None,
    practice: Practice | None = None,
    request: Any = None,
) -> Practice:
    """Create or change a practice. A practice in review goes back to draft when its text
    changes, and its reviews so far no longer count."""
    if practice is not None and practice.organisation_id != organisation.pk:
        raise PermissionDenied
    if group is not None and group.organisation_id != organisation.pk:
        raise ValidationError({"group": _("Unknown group.")})
    _check_practice(values)
    created = practice is None
    if practice is None:
        practice = Practice(organisation=organisation, author=actor)
    before = {name: getattr(practice, name) for name in PRACTICE_FIELDS}
    for name in PRACTICE_FIELDS:
        setattr(practice, name, _text(values, name))
    practice.source_organisation = source_organisation
    practice.group = group
    changes: dict[str, Any] = {
        name: [before[name], getattr(practice, name)]
        for name in PRACTICE_FIELDS
        if before[name] != getattr(practice, name)
    }
    changes["created"] = created
    with transaction.atomic():
        if practice.state == PracticeState.REVIEW and not created:
            practice.state = PracticeState.DRAFT
            changes["state"] = [PracticeState.REVIEW, PracticeState.DRAFT]
        practice.save()
        if practice.state == PracticeState.PUBLISHED:
            _changed_on_commit(organisation)
        audit_record(
            organisation=organisation,
            actor=actor,
            action="associations.practice_save",
            obj=practice,
            changes=changes,
            request=request,
        )
    return practice


def practice_submit(*, practice: Practice, actor: Any, request: Any = None) -> Practice:
    if practice.state != PracticeState.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    with transaction.atomic():
        # Reviews of an earlier version do not count for the new one.
        practice.reviews.all().delete()
        practice.state = PracticeState.REVIEW
        practice.save(update_fields=["state", "changed_at"])
        audit_record(
            organisation=practice.organisation,
            actor=actor,
            action="associations.practice_submit",
            obj=practice,
            changes={"state": [PracticeState.DRAFT, PracticeState.REVIEW]},
            request=request,
        )
    return practice


def practice_review(
    *, practice: Practice, actor: Any, approved: bool, comment: str = "", request: Any = None
) -> PracticeReview:
    """One peer's review. The author cannot review, nor the same peer twice; a refusal sends
    the practice back to draft with the comment kept for the author."""
    if practice.state != PracticeState.REVIEW:
        raise ValidationError(_("This practice is not in review."))
    if practice.author_id == getattr(actor, "pk", None):
        raise ValidationError(_("The author cannot review their own practice."))
    if not may_review(actor, practice):
        raise PermissionDenied
    if practice.reviews.filter(reviewer=actor).exists():
        raise ValidationError(_("You have already reviewed this practice."))
    if not approved and not comment.strip():
        raise ValidationError({"comment": _("Say what the author should change.")})
    with transaction.atomic():
        review = PracticeReview.objects.create(
            practice=practice, reviewer=actor, approved=approved, comment=comment.strip()
        )
        if not approved:
            practice.state = PracticeState.DRAFT
            practice.save(update_fields=["state", "changed_at"])
        audit_record(
            organisation=practice.organisation,
            actor=actor,
            action="associations.practice_review",
            obj=practice,
            changes={"approved": approved, "comment": review.comment},
            request=request,
        )
    return review


def approvals(practice: Practice) -> int:
    """Distinct peers (never the author) who approved the version in review."""
    return (
        practice.reviews.filter(approved=True)
        .exclude(reviewer_id=practice.author_id)
        .values("reviewer")
        .distinct()
        .count()
    )


def practice_publish(*, practice: Practice, actor: Any, request: Any = None) -> Practice:
    """Publish after two distinct peers approved; only the association's staff publish."""
    if not is_staff(actor, practice.organisation):
        raise PermissionDenied
    if practice.state != PracticeState.REVIEW:
        raise ValidationError(_("Only a practice in review can be published."))
    if approvals(practice) < REVIEWS_NEEDED:
        raise ValidationError(_("Two different peers must approve the practice first."))
    with transaction.atomic():
        practice.state = PracticeState.PUBLISHED
        practice.published_at = timezone.now()
        practice.save(update_fields=["state", "published_at", "changed_at"])
        _changed_on_commit(practice.organisation)
        audit_record(
            organisation=practice.organisation,
            actor=actor,
            action="associations.practice_publish",
            obj=practice,
            changes={"state": [PracticeState.REVIEW, PracticeState.PUBLISHED]},
            request=request,
        )
    return practice


# --- adoption ------------------------------------------------------------------------------


def adoption_mark(
    *,
    practice: Practice,
    organisation: Organisation,
    actor: Any,
    adopted_on: date,
    note: str = "",
    request: Any = None,
) -> Adoption:
    """An organisation's staff mark a published practice adopted, with their note and date;
    marking again changes the note and date."""
    if practice.state != PracticeState.PUBLISHED:
        raise ValidationError(_("Only a published practice can be adopted."))
    if not _has_role(actor, organisation, ADOPTER_ROLES):
        raise PermissionDenied
    if organisation.pk == practice.source_organisation_id:
        raise ValidationError({"organisation": _("The practice comes from this organisation.")})
    if adopted_on is None or adopted_on > timezone.localdate():
        raise ValidationError(
            {"adopted_on": _("Give the date it was adopted (not in the future).")}
        )
    with transaction.atomic():
        adoption, created = Adoption.objects.update_or_create(
            practice=practice,
            organisation=organisation,
            defaults={"note": note.strip(), "adopted_on": adopted_on, "by": actor},
        )
        _changed_on_commit(practice.organisation)
        for org in {practice.organisation, organisation}:
            audit_record(
                organisation=org,
                actor=actor,
                action="associations.adoption_mark",
                obj=adoption,
                changes={
                    "practice": practice.pk,
                    "organisation": organisation.slug,
                    "adopted_on": str(adopted_on),
                    "created": created,
                },
                request=request,
            )
    return adoption
