"""Every write to what an organisation's public site shows about itself: its identity (logo,
accent colour), its accessibility statement, its privacy notice and its menu. Each call
audits itself and makes the organisation's cached public pages stale once it commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record, diff

from .models import (
    AccessibilityStatement,
    MenuItem,
    MenuItemKind,
    Organisation,
    PrivacyNotice,
    PublicFile,
    PublicFileKind,
    validate_accent_colour,
)
from .models.menu import MAX_ITEMS
from .public import MenuLink, menu_links, public_changed
from .services import public_file_add


def _changed_on_commit(organisation: Organisation) -> None:
    transaction.on_commit(lambda: public_changed(organisation), robust=True)


@dataclass(frozen=True)
class LogoUpload:
    name: str
    fileobj: IO[bytes]
    alt_text: str


def organisation_identity_set(
    *,
    organisation: Organisation,
    actor: Any,
    accent_colour: str,
    logo: LogoUpload | None = None,
    remove_logo: bool = False,
    request: HttpRequest | None = None,
) -> Organisation:
    """Set the accent colour and the logo (a new image through the upload gate, or none).
    The colour is checked before the image is stored, so a refused colour stores nothing."""
    accent_colour = accent_colour.strip().lower()
    try:
        validate_accent_colour(accent_colour)
    except ValidationError as error:
        raise ValidationError({"accent_colour": error.messages}) from None
    new_logo: PublicFile | None = None
    if logo is not None:
        new_logo = public_file_add(
            organisation=organisation,
            actor=actor,
            name=logo.name,
            fileobj=logo.fileobj,
            kind=PublicFileKind.IMAGE,
            alt_text=logo.alt_text,
            title=_("Logo"),
            request=request,
        )
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = {"accent_colour": locked.accent_colour, "logo": locked.logo_id}
        locked.accent_colour = accent_colour
        if new_logo is not None:
            locked.logo = new_logo
        elif remove_logo:
            locked.logo = None
        locked.full_clean()
        locked.save(update_fields=["accent_colour", "logo"])
        changes = diff(before, {"accent_colour": locked.accent_colour, "logo": locked.logo_id})
        if changes:
            audit_record(
                organisation=locked,
                actor=actor,
                action="organisation.identity",
                obj=locked,
                changes=changes,
                request=request,
            )
            _changed_on_commit(locked)
    organisation.accent_colour, organisation.logo = locked.accent_colour, locked.logo
    return organisation


# --- the accessibility statement and the privacy notice ------------------------------------

STATEMENT_FIELDS = (
    "status",
    "non_compliant",
    "disproportionate_burden",
    "out_of_scope",
    "alternatives",
    "prepared_on",
    "method",
    "assessor",
    "reviewed_on",
    "site_published_on",
    "site_updated_on",
    "contact_name",
    "contact_email",
    "contact_phone",
    "response_days",
    "architecture",
    "sign_language",
    "mobile_apps",
)
PRIVACY_FIELDS = (
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "dpo_address",
    "purposes",
    "legal_bases",
    "legal_basis_details",
    "retention",
    "recipients",
    "transfers",
    "updated_on",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _answers_set(
    model: type[AccessibilityStatement] | type[PrivacyNotice],
    names: Iterable[str],
    *,
    organisation: Organisation,
    actor: Any,
    answers: dict[str, Any],
    action: str,
    request: HttpRequest | None,
) -> Any:
    names = tuple(names)
    unknown = set(answers) - set(names)
    if unknown:
        raise ValidationError(_("Unknown answers: %(names)s.") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        row = model.objects.select_for_update().filter(organisation=organisation).first()
        created = row is None
        if row is None:
            row = model(organisation=organisation)
        before = {name: _plain(getattr(row, name)) for name in names} if not created else {}
        for name, value in answers.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        row.updated_by = actor if getattr(actor, "pk", None) else None
        row.full_clean(exclude=["organisation"])
        row.save()
        after = {name: _plain(getattr(row, name)) for name in names}
        changes = diff(before, after)
        if changes:
            audit_record(
                organisation=organisation,
                actor=actor,
                action=action,
                obj=row,
                changes=changes,
                request=request,
            )
            _changed_on_commit(organisation)
    return row


def accessibility_statement_set(
    *,
    organisation: Organisation,
    actor: Any,
    answers: dict[str, Any],
    request: HttpRequest | None = None,
) -> AccessibilityStatement:
    """Create or replace the organisation's answers for its accessibility statement."""
    return _answers_set(
        AccessibilityStatement,
        STATEMENT_FIELDS,
        organisation=organisation,
        actor=actor,
        answers=answers,
        action="accessibility_statement.set",
        request=request,
    )


def privacy_notice_set(
    *,
    organisation: Organisation,
    actor: Any,
    answers: dict[str, Any],
    request: HttpRequest | None = None,
) -> PrivacyNotice:
    """Create or replace the organisation's answers for its privacy notice."""
    return _answers_set(
        PrivacyNotice,
        PRIVACY_FIELDS,
        organisation=organisation,
        actor=actor,
        answers=answers,
        action="privacy_notice.set",
        request=request,
    )


# --- the menu ----------------------------------------------------------------------------


def _rows(organisation: Organisation, offered: list[MenuLink]) -> list[MenuItem]:
    """The organisation's rows, locked; made from the offered links on the first edit, and
    with offered links that appeared since then added at the end."""
    rows = list(MenuItem.objects.select_for_update().filter(organisation=organisation))
    known = {row.key for row in rows if row.kind == MenuItemKind.OFFERED}
    for link in offered:
        if link.key not in known:
            row = MenuItem(
                organisation=organisation,
                position=len(rows),
                kind=MenuItemKind.OFFERED,
                key=link.key,
            )
            row.save()
            rows.append(row)
    return rows


def _renumber(rows: list[MenuItem]) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _menu_write(
    organisation: Organisation,
    actor: Any,
    action: str,
    changes: dict[str, Any],
    request: HttpRequest | None,
) -> None:
    audit_record(
        organisation=organisation,
        actor=actor,
        action=action,
        obj=organisation,
        changes=changes,
        request=request,
    )
    _changed_on_commit(organisation)


def menu_item_move(
    *,
    organisation: Organisation,
    actor: Any,
    ref: str,
    offset: int,
    request: HttpRequest | None = None,
) -> None:
    """Move a row up (offset -1) or down (+1)."""
    if offset not in (-1, 1):
        raise ValidationError(_("A menu item moves one place at a time."))
    offered = menu_links(organisation, organisation.main_language)
    with transaction.atomic():
        rows = _rows(organisation, offered)
        index = next((i for i, row in enumerate(rows) if row.ref == ref), None)
        if index is None:
            raise MenuItem.DoesNotExist
        other = index + offset
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
            _renumber(rows)
            _menu_write(
                organisation,
                actor,
                "menu.move",
                {"item": str(rows[other]), "position": [index, other]},
                request,
            )


def menu_order_set(
    *,
    organisation: Organisation,
    actor: Any,
    refs: list[str],
    request: HttpRequest | None = None,
) -> bool:
    """Put the named rows (by `ref`, as the editor names them) first, in that order; the
    others follow in their present order. Changes and journals nothing when the menu already
    starts so (and says False). An unknown ref is refused."""
    if len(set(refs)) != len(refs):
        raise ValidationError(_("A menu item is named twice."))
    offered = menu_links(organisation, organisation.main_language)
    with transaction.atomic():
        rows = _rows(organisation, offered)
        by_ref = {row.ref: row for row in rows}
        unknown = [ref for ref in refs if ref not in by_ref]
        if unknown:
            raise ValidationError(_("Not in the menu: %(refs)s.") % {"refs": ", ".join(unknown)})
        named = [by_ref[ref] for ref in refs]
        ordered = named + [row for row in rows if row.ref not in set(refs)]
        before = [row.ref for row in rows]
        after = [row.ref for row in ordered]
        _renumber(ordered)
        if before == after:
            return False
        _menu_write(organisation, actor, "menu.order", {"order": [before, after]}, request)
    return True


def menu_item_show(
    *,
    organisation: Organisation,
    actor: Any,
    ref: str,
    shown: bool,
    request: HttpRequest | None = None,
) -> None:
    """Show or hide an offered link (an own link is removed instead)."""
    offered = menu_links(organisation, organisation.main_language)
    with transaction.atomic():
        rows = _rows(organisation, offered)
        row = next((row for row in rows if row.ref == ref), None)
        if row is None:
            raise MenuItem.DoesNotExist
        if row.hidden == (not shown):
            return
        row.hidden = not shown
        row.save(update_fields=["hidden"])
        _menu_write(organisation, actor, "menu.show", {"item": str(row), "shown": shown}, request)


def menu_link_add(
    *,
    organisation: Organisation,
    actor: Any,
    labels: dict[str, str],
    target: str,
    request: HttpRequest | None = None,
) -> MenuItem:
    """Add the organisation's own link at the end of its menu."""
    labels = {code: text.strip() for code, text in labels.items() if text and text.strip()}
    unknown = set(labels) - set(organisation.languages)
    if unknown:
        raise ValidationError({"labels": _("Give labels only in the organisation's languages.")})
    item = MenuItem(
        organisation=organisation, position=0, kind=MenuItemKind.OWN, labels=labels,
        target=target.strip(),
    )  # fmt: skip
    item.full_clean(exclude=["organisation", "position"])
    offered = menu_links(organisation, organisation.main_language)
    with transaction.atomic():
        rows = _rows(organisation, offered)
        if len(rows) >= MAX_ITEMS:
            raise ValidationError(_("A menu has at most %(count)s items.") % {"count": MAX_ITEMS})
        item.position = len(rows)
        item.save()
        _menu_write(
            organisation, actor, "menu.add", {"labels": labels, "target": item.target}, request
        )
    return item


def menu_link_remove(
    *,
    organisation: Organisation,
    actor: Any,
    ref: str,
    request: HttpRequest | None = None,
) -> None:
    """Remove an own link (an offered link can only be hidden: it would come back)."""
    offered = menu_links(organisation, organisation.main_language)
    with transaction.atomic():
        rows = _rows(organisation, offered)
        row = next((row for row in rows if row.ref == ref), None)
        if row is None:
            raise MenuItem.DoesNotExist
        if row.kind != MenuItemKind.OWN:
            raise ValidationError(_("A link the site offers can be hidden, not removed."))
        row.delete()
        rows.remove(row)
        _renumber(rows)
        _menu_write(
            organisation,
            actor,
            "menu.remove",
            {"labels": row.labels, "target": row.target},
            request,
        )
