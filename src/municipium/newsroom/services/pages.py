"""Every write of pages, their attachments and images, and contact points. The rich text is
sanitised (and checked for images without alt text) before the short transaction that
stores it; each service journals its change and marks the organisation's public pages stale
when the transaction commits."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import time
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.newsroom.richtext import images_without_alt, sanitize
from municipium.tenants.models import Organisation, PublicFileKind, Unit
from municipium.tenants.public import public_changed
from municipium.tenants.services import public_file_add

from ..models.pages import (
    BODY_MAX_CHARS,
    ContactPoint,
    OpeningHours,
    Page,
    PageAttachment,
    PageImage,
    PageState,
    PageTranslation,
)

MAX_PAGES = 500  # per organisation: a site, not a document store
MAX_FILES_PER_PAGE = 100


@dataclass(frozen=True)
class PageText:
    """What a translation says, as typed (cleaned by `page_text_prepare`)."""

    language: str
    title: str
    slug: str
    summary: str = ""
    body: str = ""


def _changed_on_commit(organisation: Organisation) -> None:
    transaction.on_commit(lambda: public_changed(organisation), robust=True)


def page_text_prepare(text: PageText) -> PageText:
    """The text with its body sanitised (no script, event handlers, styles, `javascript:`
    links) and its slug in lower case; refuses an image without alt text. Runs outside any
    transaction: sanitising is computing."""
    if len(text.body) > BODY_MAX_CHARS:
        raise ValidationError(
            {
                "body": _("The text is too long: at most %(count)s characters.")
                % {"count": BODY_MAX_CHARS}
            }
        )
    body = sanitize(text.body.replace("\x00", ""))
    missing = images_without_alt(body)
    if missing:
        raise ValidationError(
            {
                "body": _(
                    "%(count)s image(s) in the text have no alternative text: describe each "
                    "image in its alt attribute."
                )
                % {"count": missing}
            }
        )
    return PageText(
        language=text.language,
        title=text.title.strip(),
        slug=text.slug.strip().lower(),
        summary=text.summary.strip(),
        body=body,
    )


def _check_language(organisation: Organisation, language: str) -> None:
    if language not in organisation.languages:
        raise ValidationError(
            {"language": _("The organisation does not publish in this language.")}
        )


def _slug_taken(page: Page, text: PageText, own: PageTranslation | None) -> bool:
    siblings = PageTranslation.objects.filter(
        organisation=page.organisation, language=text.language, slug=text.slug
    )
    siblings = (
        siblings.filter(parent__isnull=True)
        if page.parent_id is None
        else siblings.filter(parent_id=page.parent_id)
    )
    if own is not None and own.pk is not None:
        siblings = siblings.exclude(pk=own.pk)
    return siblings.exists()


def _slug_taken_error() -> ValidationError:
    return ValidationError(
        {"slug": _("This address is taken by another page in this language; choose another.")}
    )


def _save_text(translation: PageTranslation, page: Page, text: PageText, actor: Any) -> None:
    translation.title = text.title
    translation.slug = text.slug
    translation.summary = text.summary
    translation.body = text.body
    translation.changed_by = actor if getattr(actor, "pk", None) else None
    translation.full_clean(exclude=["page", "organisation", "parent"], validate_constraints=False)
    if _slug_taken(page, text, translation):
        raise _slug_taken_error()
    try:
        with transaction.atomic():  # a savepoint: a concurrent taker of the slug loses cleanly
            translation.save()
    except IntegrityError:
        raise _slug_taken_error() from None


def page_create(
    *,
    organisation: Organisation,
    actor: Any,
    text: PageText,
    parent: Page | None = None,
    is_contacts: bool = False,
    request: HttpRequest | None = None,
) -> Page:
    """A new draft page (a sub-page of `parent` when given) with its first translation."""
    text = page_text_prepare(text)
    _check_language(organisation, text.language)
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        if Page.objects.filter(organisation=organisation).count() >= MAX_PAGES:
            raise ValidationError(_("The organisation has the most pages a site may have."))
        siblings = Page.objects.filter(organisation=organisation, parent=parent)
        last = siblings.aggregate(last=Max("position"))["last"]
        page = Page(
            organisation=organisation,
            parent=parent,
            position=0 if last is None else last + 1,
            is_contacts=is_contacts,
            created_by=user,
            changed_by=user,
        )
        page.full_clean()
        page.save()
        translation = PageTranslation(
            page=page, organisation=organisation, parent=parent, language=text.language
        )
        _save_text(translation, page, text, actor)
        audit_record(
            organisation=organisation,
            actor=actor,
            action="page.create",
            obj=page,
            changes={
                "parent": parent.pk if parent is not None else None,
                "language": text.language,
                "title": text.title,
                "slug": text.slug,
            },
            request=request,
        )
        _changed_on_commit(organisation)
    return page


def page_text_save(
    *, page: Page, actor: Any, text: PageText, request: HttpRequest | None = None
) -> PageTranslation:
    """Write the page's translation in `text.language` (a new one or a change)."""
    text = page_text_prepare(text)
    organisation = page.organisation
    _check_language(organisation, text.language)
    with transaction.atomic():
        translation = PageTranslation.objects.filter(page=page, language=text.language).first()
        created = translation is None
        before = {} if translation is None else _text_fields(translation)
        if translation is None:
            translation = PageTranslation(
                page=page,
                organisation=organisation,
                parent_id=page.parent_id,
                language=text.language,
            )
        _save_text(translation, page, text, actor)
        after = _text_fields(translation)
        changes = {
            name: {"from": before.get(name, ""), "to": value}
            for name, value in after.items()
            if before.get(name, "") != value
        }
        Page.objects.filter(pk=page.pk).update(
            changed_by=actor if getattr(actor, "pk", None) else None, changed_at=timezone.now()
        )
        if changes:
            audit_record(
                organisation=organisation,
                actor=actor,
                action="page.text_add" if created else "page.text_change",
                obj=page,
                changes={"language": text.language, **_short(changes)},
                request=request,
            )
            _changed_on_commit(organisation)
    return translation


def _text_fields(translation: PageTranslation) -> dict[str, str]:
    return {
        "title": translation.title,
        "slug": translation.slug,
        "summary": translation.summary,
        "body": translation.body,
    }


def _short(changes: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The journal keeps the changed titles and slugs; of a body, only its new length."""
    out: dict[str, Any] = {}
    for name, change in changes.items():
        out[name] = {"length": len(change["to"])} if name == "body" else change
    return out


def page_settings_save(
    *, page: Page, actor: Any, is_contacts: bool, request: HttpRequest | None = None
) -> Page:
    with transaction.atomic():
        if page.is_contacts == is_contacts:
            return page
        page.is_contacts = is_contacts
        page.changed_by = actor if getattr(actor, "pk", None) else None
        page.save(update_fields=["is_contacts", "changed_by", "changed_at"])
        audit_record(
            organisation=page.organisation,
            actor=actor,
            action="page.settings",
            obj=page,
            changes={"is_contacts": is_contacts},
            request=request,
        )
        _changed_on_commit(page.organisation)
    return page


def _set_state(page: Page, actor: Any, state: str, request: HttpRequest | None) -> Page:
    with transaction.atomic():
        locked = Page.objects.select_for_update().get(pk=page.pk)
        if locked.state == state:
            return locked
        locked.state = state
        locked.changed_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["state", "changed_by", "changed_at"])
        audit_record(
            organisation=page.organisation,
            actor=actor,
            action="page.publish" if state == PageState.PUBLISHED else "page.unpublish",
            obj=locked,
            changes={"state": state},
            request=request,
        )
        _changed_on_commit(page.organisation)
    page.state = state
    return page


def page_publish(*, page: Page, actor: Any, request: HttpRequest | None = None) -> Page:
    """Show the page on the public site (a sub-page shows once its parent does too)."""
    return _set_state(page, actor, PageState.PUBLISHED, request)


def page_unpublish(*, page: Page, actor: Any, request: HttpRequest | None = None) -> Page:
    """Take the page (and so its sub-pages) off the public site; nothing is deleted."""
    return _set_state(page, actor, PageState.DRAFT, request)


def page_move(
    *,
    page: Page,
    actor: Any,
    direction: Literal["up", "down"],
    request: HttpRequest | None = None,
) -> Page:
    """Swap the page with its previous or next sibling (nothing happens at either end)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a page up or down."))
    with transaction.atomic():
        siblings = list(
            Page.objects.select_for_update()
            .filter(organisation=page.organisation, parent_id=page.parent_id)
            .order_by("position", "id")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == page.pk)
        other = index - 1 if direction == "up" else index + 1
        if other < 0 or other >= len(siblings):
            return page
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])
        audit_record(
            organisation=page.organisation,
            actor=actor,
            action="page.move",
            obj=page,
            changes={"direction": direction},
            request=request,
        )
        _changed_on_commit(page.organisation)
    return page


def page_attachment_add(
    *,
    page: Page,
    actor: Any,
    name: str,
    fileobj: Any,
    title: str = "",
    request: HttpRequest | None = None,
) -> PageAttachment:
    """A document to download on the page, through the upload gate (a refused file raises
    its ValidationError and nothing is stored)."""
    if page.attachments.count() >= MAX_FILES_PER_PAGE:
        raise ValidationError(_("The page has the most attachments a page may have."))
    public_file = public_file_add(
        organisation=page.organisation,
        actor=actor,
        name=name,
        fileobj=fileobj,
        kind=PublicFileKind.DOCUMENT,
        title=title,
        request=request,
    )
    with transaction.atomic():
        last = page.attachments.aggregate(last=Max("position"))["last"]
        attachment = PageAttachment.objects.create(
            page=page, file=public_file, position=0 if last is None else last + 1
        )
        audit_record(
            organisation=page.organisation,
            actor=actor,
            action="page.attachment_add",
            obj=page,
            changes={"file": public_file.pk, "name": public_file.name, "title": public_file.title},
            request=request,
        )
        _changed_on_commit(page.organisation)
    return attachment


def page_attachment_remove(
    *, attachment: PageAttachment, actor: Any, request: HttpRequest | None = None
) -> None:
    """Take the document off the page (the stored file stays: its address may be linked)."""
    page = attachment.page
    with transaction.atomic():
        changes = {"file": attachment.file_id}
        attachment.delete()
        audit_record(
            organisation=page.organisation,
            actor=actor,
            action="page.attachment_remove",
            obj=page,
            changes=changes,
            request=request,
        )
        _changed_on_commit(page.organisation)


def page_image_add(
    *,
    page: Page,
    actor: Any,
    name: str,
    fileobj: Any,
    alt_text: str,
    request: HttpRequest | None = None,
) -> PageImage:
    """An image for the page's text, with its required alternative text, through the upload
    gate; the text refers to it by its address."""
    if page.images.count() >= MAX_FILES_PER_PAGE:
        raise ValidationError(_("The page has the most images a page may have."))
    public_file = public_file_add(
        organisation=page.organisation,
        actor=actor,
        name=name,
        fileobj=fileobj,
        kind=PublicFileKind.IMAGE,
        alt_text=alt_text,
        request=request,
    )
    with transaction.atomic():
        image = PageImage.objects.create(page=page, file=public_file)
        audit_record(
            organisation=page.organisation,
            actor=actor,
            action="page.image_add",
            obj=page,
            changes={"file": public_file.pk, "name": public_file.name},
            request=request,
        )
    return image


# --- contact points -----------------------------------------------------------------------------

Interval = tuple[int, time, time]
MAX_INTERVALS = 7 * 6


def contact_point_save(
    *,
    organisation: Organisation,
    actor: Any,
    names: dict[str, str],
    address: str = "",
    phone: str = "",
    email: str = "",
    unit: Unit | None = None,
    hours: list[Interval] | None = None,
    contact: ContactPoint | None = None,
    request: HttpRequest | None = None,
) -> ContactPoint:
    """Create a contact point, or change `contact`, with all of its opening hours."""
    names = {
        code: str(value).strip()
        for code, value in names.items()
        if code in dict(settings.LANGUAGES) and str(value).strip()
    }
    hours = sorted(hours or [])
    if len(hours) > MAX_INTERVALS:
        raise ValidationError({"hours": _("Too many opening intervals.")})
    intervals = [OpeningHours(weekday=d, opens=o, closes=c) for d, o, c in hours]
    for interval in intervals:
        interval.full_clean(exclude=["contact"])
    for before, after in itertools.pairwise(intervals):
        if before.weekday == after.weekday and after.opens < before.closes:
            raise ValidationError(
                {
                    "hours": _("Two opening intervals of %(day)s overlap.")
                    % {"day": before.get_weekday_display()}
                }
            )
    created = contact is None
    if contact is None:
        last = ContactPoint.objects.filter(organisation=organisation).aggregate(
            last=Max("position")
        )
        contact = ContactPoint(
            organisation=organisation,
            position=0 if last["last"] is None else last["last"] + 1,
        )
    contact.names = names
    contact.address = address.strip()
    contact.phone = phone.strip()
    contact.email = email.strip()
    contact.unit = unit
    contact.full_clean()
    with transaction.atomic():
        contact.save()
        contact.hours.all().delete()
        for interval in intervals:
            interval.contact = contact
        OpeningHours.objects.bulk_create(intervals)
        audit_record(
            organisation=organisation,
            actor=actor,
            action="contact_point.create" if created else "contact_point.change",
            obj=contact,
            changes={
                "names": names,
                "address": contact.address,
                "phone": contact.phone,
                "email": contact.email,
                "unit": unit.pk if unit is not None else None,
                "hours": [str(i) for i in intervals],
            },
            request=request,
        )
        _changed_on_commit(organisation)
    return contact


def contact_point_delete(
    *, contact: ContactPoint, actor: Any, request: HttpRequest | None = None
) -> None:
    organisation = contact.organisation
    with transaction.atomic():
        audit_record(
            organisation=organisation,
            actor=actor,
            action="contact_point.delete",
            obj=contact,
            changes={"names": contact.names},
            request=request,
        )
        contact.delete()
        _changed_on_commit(organisation)
