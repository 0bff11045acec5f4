"""Every write to organisations, units and memberships. Each call audits itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record, audited_create, diff

from .models import (
    Membership,
    MembershipRole,
    Organisation,
    PublicFile,
    PublicFileKind,
    Role,
    Unit,
)
from .public import public_changed

ORG_PROFILE_FIELDS = ("name", "short_name", "description", "website", "email", "phone", "address")


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def organisation_create(
    *, actor: Any, request: HttpRequest | None = None, **fields: Any
) -> Organisation:
    organisation = Organisation(**fields)
    return audited_create(
        organisation,
        organisation=organisation,
        actor=actor,
        action="organisation.create",
        changes={"slug": organisation.slug, "name": organisation.name},
        request=request,
    )


def organisation_update(
    *,
    organisation: Organisation,
    actor: Any,
    fields: dict[str, Any],
    request: HttpRequest | None = None,
) -> Organisation:
    if "slug" in fields and fields["slug"] != organisation.slug:
        # The slug is in every public link and names the organisation's audit chain.
        raise ValidationError({"slug": _("The address of an organisation cannot change.")})
    with transaction.atomic():
        before = _snapshot(organisation, fields)
        for name, value in fields.items():
            setattr(organisation, name, value)
        organisation.full_clean()
        organisation.save()
        changes = diff(before, _snapshot(organisation, fields))
        if changes:
            audit_record(
                organisation=organisation,
                actor=actor,
                action="organisation.update",
                obj=organisation,
                changes=changes,
                request=request,
            )
            transaction.on_commit(lambda: public_changed(organisation), robust=True)
    return organisation


def unit_create(
    *,
    organisation: Organisation,
    actor: Any,
    code: str,
    name: str,
    parent: Unit | None = None,
    request: HttpRequest | None = None,
) -> Unit:
    return audited_create(
        Unit(organisation=organisation, code=code, name=name, parent=parent),
        organisation=organisation,
        actor=actor,
        action="unit.create",
        changes={"code": code, "name": name, "parent": parent.code if parent else None},
        request=request,
    )


def unit_update(
    *, unit: Unit, actor: Any, fields: dict[str, Any], request: HttpRequest | None = None
) -> Unit:
    with transaction.atomic():
        before = _snapshot(unit, fields)
        for name, value in fields.items():
            setattr(unit, name, value)
        unit.full_clean()
        unit.save()
        changes = diff(before, _snapshot(unit, fields))
        if "parent" in changes:
            changes["parent"] = [
                getattr(before.get("parent"), "code", None),
                getattr(unit.parent, "code", None),
            ]
        if changes:
            audit_record(
                organisation=unit.organisation,
                actor=actor,
                action="unit.update",
                obj=unit,
                changes=changes,
                request=request,
            )
    return unit


def _set_roles(membership: Membership, roles: Iterable[str]) -> None:
    wanted = set(roles)
    valid = set(Role.values)
    if not wanted:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if wanted - valid:
        raise ValidationError({"roles": _("Unknown role.")})
    MembershipRole.objects.filter(membership=membership).exclude(role__in=wanted).delete()
    existing = set(membership.roles.values_list("role", flat=True))
    MembershipRole.objects.bulk_create(
        [MembershipRole(membership=membership, role=role) for role in sorted(wanted - existing)]
    )


def membership_add(
    *,
    organisation: Organisation,
    actor: Any,
    email: str,
    full_name: str,
    roles: Iterable[str],
    unit: Unit | None = None,
    position: str = "",
    request: HttpRequest | None = None,
) -> tuple[Membership, bool]:
    """Add a person to the organisation. Returns the membership and whether a new account
    was created (it then has no usable password until the person sets one by e-mail)."""
    User = get_user_model()
    roles = sorted(set(roles))
    with transaction.atomic():
        email = email.strip().lower()
        user = User.objects.filter(email=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError({"email": _("This person is already a member.")})
        membership = Membership(user=user, organisation=organisation, unit=unit, position=position)
        membership.full_clean()
        membership.save()
        _set_roles(membership, roles)
        audit_record(
            organisation=organisation,
            actor=actor,
            action="membership.add",
            obj=membership,
            changes={"email": email, "roles": roles, "unit": unit.code if unit else None},
            request=request,
        )
    return membership, created


def membership_update(
    *,
    membership: Membership,
    actor: Any,
    roles: Iterable[str],
    unit: Unit | None,
    position: str,
    is_active: bool,
    request: HttpRequest | None = None,
) -> Membership:
    roles = sorted(set(roles))
    with transaction.atomic():
        before = {
            "roles": membership.role_codes,
            "unit": membership.unit.code if membership.unit else None,
            "position": membership.position,
            "is_active": membership.is_active,
        }
        if membership.user_id == getattr(actor, "pk", None) and (
            Role.ADMIN not in roles or not is_active
        ):
            raise ValidationError(_("You cannot take away your own administrator role."))
        membership.unit = unit
        membership.position = position
        membership.is_active = is_active
        membership.full_clean()
        membership.save()
        _set_roles(membership, roles)
        after = {
            "roles": roles,
            "unit": unit.code if unit else None,
            "position": position,
            "is_active": is_active,
        }
        changes = diff(before, after)
        if changes:
            audit_record(
                organisation=membership.organisation,
                actor=actor,
                action="membership.update",
                obj=membership,
                changes=changes,
                request=request,
            )
    return membership


def public_file_add(
    *,
    organisation: Organisation,
    actor: Any,
    name: str,
    fileobj: Any,
    kind: str,
    alt_text: str = "",
    title: str = "",
    request: HttpRequest | None = None,
) -> PublicFile:
    """Check and store a file for the public site (an image needs its alternative text).
    The bytes are checked and written before the short transaction that records them;
    a refused file (UploadRefused, a ValidationError) stores nothing."""
    from municipium.registry.files import inspect_upload, store_file

    alt_text = alt_text.strip()
    if kind == PublicFileKind.IMAGE and not alt_text:
        raise ValidationError(
            {"alt_text": _("Describe the image: the alternative text is required.")}
        )
    inspected = inspect_upload(name, fileobj)
    if kind == PublicFileKind.IMAGE and not inspected.mime.startswith("image/"):
        raise ValidationError({"file": _("This file is not an image (PNG, JPEG, GIF or WebP).")})
    stored = store_file(inspected, fileobj)
    public_file = PublicFile(
        organisation=organisation,
        file=stored,
        kind=kind,
        name=inspected.name,
        mime=inspected.mime,
        title=title.strip(),
        alt_text=alt_text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    public_file.full_clean()
    with transaction.atomic():
        public_file.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action="public_file.add",
            obj=public_file,
            changes={"name": public_file.name, "kind": kind, "sha256": stored.sha256},
            request=request,
        )
    return public_file
