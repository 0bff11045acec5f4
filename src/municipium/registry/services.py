"""Every write of the registry office. Each service runs in one transaction with its audit entry."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation
from municipium.workdays.deadlines import compute_deadline

from . import masks
from .models import (
    Confidentiality,
    Correspondent,
    Direction,
    Document,
    DocumentKind,
    Register,
    RegisterCounter,
    Status,
    access_code_digest,
    validate_identifier,
)

# Letters and digits that cannot be mistaken for one another when read aloud or typed.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_access_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def register_create(
    *,
    organisation: Organisation,
    actor: Any,
    code: str,
    name: str,
    mask: str,
    scope: str = "mixed",
    restart_yearly: bool = True,
    request: HttpRequest | None = None,
) -> Register:
    with transaction.atomic():
        register = Register(
            organisation=organisation,
            code=code,
            name=name,
            mask=mask,
            scope=scope,
            restart_yearly=restart_yearly,
        )
        register.full_clean()
        register.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="register.create",
            obj=register,
            changes={"code": code, "mask": mask, "scope": scope},
            request=request,
        )
    return register


def correspondent_create(
    *, organisation: Organisation, actor: Any, request: HttpRequest | None = None, **fields: Any
) -> Correspondent:
    with transaction.atomic():
        correspondent = Correspondent(organisation=organisation, **fields)
        correspondent.full_clean()
        correspondent.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="correspondent.create",
            obj=correspondent,
            changes={"name": correspondent.name, "kind": correspondent.kind},
            request=request,
        )
    return correspondent


def next_number(*, register: Register, on: date) -> tuple[int, int]:
    """Take the next number of the register for the period of `on`: (period, seq).

    Must run inside the transaction that inserts the document: the counter row stays locked
    until it commits, and a rollback gives the number back, so numbers never have gaps.
    """
    period = on.year if register.restart_yearly else 0
    counter = (
        RegisterCounter.objects.select_for_update().filter(register=register, period=period).first()
    )
    if counter is None:
        RegisterCounter.objects.bulk_create(
            [RegisterCounter(register=register, period=period, last=0)], ignore_conflicts=True
        )
        counter = RegisterCounter.objects.select_for_update().get(register=register, period=period)
    counter.last += 1
    RegisterCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return period, counter.last


@dataclass(frozen=True)
class Registration:
    document: Document
    access_code: str  # given to the party once (receipt); only its digest is stored


def document_register(
    *,
    organisation: Organisation,
    actor: Any,
    register: Register,
    direction: str,
    kind: DocumentKind,
    subject: str,
    channel: str,
    description: str = "",
    correspondent: Correspondent | None = None,
    received_on: date | None = None,
    sent_on: date | None = None,
    language: str = "",
    sheets: int = 0,
    confidentiality: str = Confidentiality.INTERNAL,
    readers: list[Any] | None = None,
    reply_to: Document | None = None,
    request: HttpRequest | None = None,
) -> Registration:
    """Register a document: it gets the next number of its register, its deadline from the
    rule of its kind (incoming documents), an access code for status checks, and its journal
    entry — all in one transaction."""
    for related, label in ((register, "register"), (kind, "kind")):
        if related.organisation_id != organisation.pk:
            raise ValidationError({label: _("This belongs to another organisation.")})
    if correspondent is not None and correspondent.organisation_id != organisation.pk:
        raise ValidationError({"correspondent": _("This belongs to another organisation.")})
    if reply_to is not None and reply_to.organisation_id != organisation.pk:
        raise ValidationError({"reply_to": _("This belongs to another organisation.")})
    if not register.is_active:
        raise ValidationError({"register": _("This register is closed.")})
    if not register.accepts(direction):
        raise ValidationError(
            {"register": _("This register does not take documents of this direction.")}
        )
    if confidentiality == Confidentiality.CONFIDENTIAL and not readers:
        raise ValidationError(
            {"readers": _("Name at least one reader of a confidential document.")}
        )

    now = timezone.now()
    today = timezone.localdate(now)
    received_on = received_on or (today if direction == Direction.INCOMING else None)
    deadline = None
    if direction == Direction.INCOMING and kind.deadline_rule is not None:
        rule = kind.deadline_rule
        deadline = compute_deadline(
            start=received_on or today,
            amount=rule.amount,
            unit=rule.unit,
            country=organisation.country,
            roll_to_working_day=rule.roll_to_working_day,
        )
    access_code = new_access_code()
    with transaction.atomic():
        period, seq = next_number(register=register, on=today)
        document = Document(
            organisation=organisation,
            register=register,
            period=period,
            seq=seq,
            number=masks.render(register.mask, seq=seq, on=today, register=register.code),
            direction=direction,
            kind=kind,
            subject=subject,
            description=description,
            correspondent=correspondent,
            received_on=received_on,
            registered_at=now,
            sent_on=sent_on,
            channel=channel,
            language=language or organisation.main_language,
            sheets=sheets,
            confidentiality=confidentiality,
            reply_to=reply_to,
            deadline=deadline,
            access_code_digest=access_code_digest(access_code),
            registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        document.full_clean(exclude=["readers", "related"])
        document.save(force_insert=True)
        if confidentiality == Confidentiality.CONFIDENTIAL:
            document.readers.set(readers or [])
        audit_record(
            organisation=organisation,
            actor=actor,
            action="document.register",
            obj=document,
            changes={
                "number": document.number,
                "register": register.code,
                "direction": direction,
                "kind": kind.code,
                "confidentiality": confidentiality,
                "deadline": deadline.isoformat() if deadline else None,
            },
            request=request,
        )
    return Registration(document=document, access_code=access_code)


def document_annul(
    *, document: Document, actor: Any, reason: str, request: HttpRequest | None = None
) -> Document:
    """A mistaken registration is annulled with a reason and keeps its number for ever."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the annulment.")})
    if document.status in (Status.ANNULLED, Status.CLOSED):
        raise ValidationError(_("A closed or annulled document cannot be annulled."))
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        before = locked.status
        locked.status = Status.ANNULLED
        locked.annulment_reason = reason
        locked.save(update_fields=["status", "annulment_reason"])
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="document.annul",
            obj=locked,
            changes={"status": [before, Status.ANNULLED], "reason": reason},
            request=request,
        )
    return locked


def document_set_status(
    *, document: Document, actor: Any, status: str, request: HttpRequest | None = None
) -> Document:
    if status == Status.ANNULLED:
        raise ValidationError(_("Use the annulment, which needs a reason."))
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if not locked.can_move_to(status):
            raise ValidationError(
                _("A document cannot go from “%(old)s” to “%(new)s”.")
                % {"old": locked.get_status_display(), "new": Status(status).label}
            )
        before = locked.status
        locked.status = status
        fields = ["status"]
        if status == Status.ANSWERED and locked.answered_on is None:
            locked.answered_on = timezone.localdate()
            fields.append("answered_on")
        locked.save(update_fields=fields)
        audit_record(
            organisation=locked.organisation,
            actor=actor,
            action="document.status",
            obj=locked,
            changes={"status": [before, status]},
            request=request,
        )
    return locked


def correspondent_resolve(
    *,
    organisation: Organisation,
    actor: Any,
    fields: dict[str, Any],
    request: HttpRequest | None = None,
) -> Correspondent | None:
    """The correspondent a registration names: the same identifier reuses the existing one;
    otherwise a new correspondent is created. None when nothing is given."""
    if not fields.get("name") and not fields.get("identifier"):
        return None
    probe = Correspondent(organisation=organisation, **fields)
    if fields.get("identifier"):
        probe.identifier = validate_identifier(fields["identifier_type"], fields["identifier"])
        existing = Correspondent.objects.filter(
            organisation=organisation,
            identifier_type=probe.identifier_type,
            identifier=probe.identifier,
        ).first()
        if existing is not None:
            return existing
    if not fields.get("name"):
        raise ValidationError({"correspondent_name": _("Give the correspondent's name.")})
    return correspondent_create(organisation=organisation, actor=actor, request=request, **fields)


def document_reissue_access_code(
    *, document: Document, actor: Any, request: HttpRequest | None = None
) -> str:
    """A new access code for a new receipt; the old code stops working."""
    code = new_access_code()
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(access_code_digest=access_code_digest(code))
        document.access_code_digest = access_code_digest(code)
        audit_record(
            organisation=document.organisation,
            actor=actor,
            action="document.receipt",
            obj=document,
            request=request,
        )
    return code
