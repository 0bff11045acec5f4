"""Every write of an event: creation and change (texts per language, place, dates,
co-organisers, registration settings), publication, cancellation, a change of dates (the old
dates kept in its history), and the programme's sessions. Input is checked and sanitised
before the short transaction that stores it; each service writes its audit entry in that
transaction, and makes the public pages of the owner and of every co-organiser stale once
committed. Participants are told of a cancellation or a change of dates by e-mail after the
commit (events.mail)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from municipium.audit.services import audit_record
from municipium.newsroom.richtext import images_without_alt, sanitize
from municipium.newsroom.services.news import SLUG_RE, ascii_slug
from municipium.tenants.models import Organisation
from municipium.tenants.public import public_changed
from municipium.validators import check_plain_text, check_visible_text

from ..models.events import (
    CAPACITY_MAX,
    DESCRIPTION_MAX,
    OUTSIDE_ORGANISERS_MAX,
    PLACE_MAX,
    REASON_MAX,
    SESSIONS_PER_EVENT,
    SLUG_MAX,
    SPEAKERS_PER_SESSION,
    SUMMARY_MAX,
    TITLE_MAX,
    TOWN_MAX,
    Event,
    EventKind,
    EventMove,
    EventSession,
    EventState,
    EventTranslation,
    time_zone_of,
)

CO_ORGANISERS_MAX = 20
# Addresses under /<org>/events/ that the site uses itself.
RESERVED_SLUGS = frozenset({"confirm", "cancel", "calendar", "verify"})


@dataclass(frozen=True)
class EventText:
    """The event in one language, as the editor wrote it."""

    title: str
    summary: str = ""
    description: str = ""


@dataclass(frozen=True)
class EventData:
    """Everything an editor sets on an event (the same for creation and change)."""

    kind: str
    texts: dict[str, EventText]
    starts_at: datetime
    ends_at: datetime
    slug: str = ""
    languages: Sequence[str] = ()
    venue: str = ""
    address: str = ""
    town: str = ""
    online_url: str = ""
    co_organisers: Sequence[Organisation] = ()
    outside_organisers: str = ""
    registration_enabled: bool = False
    registration_for: Sequence[Organisation] = ()
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Clean:
    texts: list[tuple[str, str, str, str]]  # language, title, summary, description
    slug: str
    slug_given: bool
    languages: list[str]
    venue: str
    address: str
    town: str
    online_url: str
    outside_organisers: str
    co_organisers: list[Organisation]
    registration_for: list[Organisation]


def _line(value: str, limit: int, name: str, errors: dict[str, list[str]]) -> str:
    value = " ".join(str(value or "").split())
    if len(value) > limit:
        errors.setdefault(name, []).append(_("At most %d characters.") % limit)
        return ""
    try:
        check_plain_text(value)
    except ValidationError as error:
        errors.setdefault(name, []).append(error.messages[0])
    return value


def _check(organisation: Organisation, data: EventData) -> _Clean:
    """Check and sanitise the input (outside any transaction: linear in the bounded input).
    Raises ValidationError naming each wrong field."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.kind not in EventKind.values:
        refuse("kind", _("Choose a kind."))
    for name in ("starts_at", "ends_at"):
        value = getattr(data, name)
        if not isinstance(value, datetime) or timezone.is_naive(value):
            refuse(name, _("Give the date and time."))
    if not errors and data.ends_at < data.starts_at:
        refuse("ends_at", _("The end comes after the start."))
    if data.capacity is not None and (
        not isinstance(data.capacity, int) or data.capacity < 0 or data.capacity > CAPACITY_MAX
    ):
        refuse("capacity", _("Give a number of places from 0 to %d, or none.") % CAPACITY_MAX)
    opens, closes = data.registration_opens_at, data.registration_closes_at
    if opens is not None and closes is not None and closes <= opens:
        refuse("registration_closes_at", _("Registration closes after it opens."))
    texts = []
    if not isinstance(data.texts, dict):
        raise ValidationError({"texts": _("Give the event's texts per language.")})
    unknown = [code for code in data.texts if code not in organisation.languages]
    if unknown:
        refuse("texts", _("Not a language of the organisation: %s.") % ", ".join(unknown))
    for language in organisation.languages:
        text = data.texts.get(language)
        if text is None or not (text.title.strip() or text.summary.strip()):
            continue
        title = " ".join(text.title.split())
        try:
            check_visible_text(title)
        except ValidationError as error:
            refuse(f"title_{language}", error.messages[0])
        if len(title) > TITLE_MAX:
            refuse(f"title_{language}", _("At most %d characters.") % TITLE_MAX)
        summary = text.summary.strip()
        if len(summary) > SUMMARY_MAX:
            refuse(f"summary_{language}", _("At most %d characters.") % SUMMARY_MAX)
        try:
            check_plain_text(summary, multiline=True)
        except ValidationError as error:
            refuse(f"summary_{language}", error.messages[0])
        description = ""
        if len(text.description) > DESCRIPTION_MAX:
            refuse(f"description_{language}", _("At most %d characters.") % DESCRIPTION_MAX)
        else:
            description = sanitize(text.description).strip()
            if images_without_alt(description):
                refuse(
                    f"description_{language}",
                    _("Describe every image of the text: %d without alternative text.")
                    % images_without_alt(description),
                )
        texts.append((language, title, summary, description))
    if not texts and not errors:
        refuse(f"title_{organisation.main_language}", _("Give the title in at least one language."))
    known = {code for code, _name in settings.LANGUAGES}
    languages = [code for code in dict.fromkeys(data.languages) if code]
    if any(code not in known for code in languages):
        refuse("languages", _("Choose languages from the list."))
    slug = (data.slug or "").strip().lower()
    slug_given = bool(slug)
    if slug_given and (len(slug) > SLUG_MAX or not SLUG_RE.match(slug)):
        refuse("slug", _("Use lowercase Latin letters, digits and hyphens."))
    elif slug in RESERVED_SLUGS:
        refuse("slug", _("This address is reserved by the platform."))
    if not slug_given:
        slug = ascii_slug(texts[0][1] if texts else "", max_length=SLUG_MAX - 4) or "event"
    online_url = (data.online_url or "").strip()
    if online_url and (len(online_url) > 500 or not online_url.startswith("https://")):
        refuse("online_url", _("Give an https:// address."))
    outside = "\n".join(
        " ".join(line.split()) for line in (data.outside_organisers or "").splitlines()
    ).strip()
    if len(outside) > OUTSIDE_ORGANISERS_MAX:
        refuse("outside_organisers", _("At most %d characters.") % OUTSIDE_ORGANISERS_MAX)
    else:
        try:
            check_plain_text(outside, multiline=True)
        except ValidationError as error:
            refuse("outside_organisers", error.messages[0])
    co_organisers = list(dict.fromkeys(data.co_organisers))
    if len(co_organisers) > CO_ORGANISERS_MAX:
        refuse("co_organisers", _("At most %d co-organisers.") % CO_ORGANISERS_MAX)
    if any(org.pk == organisation.pk or not org.is_active for org in co_organisers):
        refuse("co_organisers", _("Choose other active organisations of this site."))
    registration_for = list(dict.fromkeys(data.registration_for))
    if len(registration_for) > CO_ORGANISERS_MAX:
        refuse("registration_for", _("At most %d organisations.") % CO_ORGANISERS_MAX)
    if any(not org.is_active for org in registration_for):
        refuse("registration_for", _("Choose active organisations of this site."))
    clean = _Clean(
        texts=texts,
        slug=slug,
        slug_given=slug_given,
        languages=languages,
        venue=_line(data.venue, PLACE_MAX, "venue", errors),
        address=_line(data.address, PLACE_MAX, "address", errors),
        town=_line(data.town, TOWN_MAX, "town", errors),
        online_url=online_url,
        outside_organisers=outside,
        co_organisers=co_organisers,
        registration_for=registration_for,
    )
    if errors:
        raise ValidationError(errors)
    return clean


def _free_slug(organisation: Organisation, slug: str) -> str:
    taken = set(
        Event.objects.filter(organisation=organisation, slug__startswith=slug).values_list(
            "slug", flat=True
        )
    )
    candidate, number = slug, 2
    while candidate in taken or candidate in RESERVED_SLUGS:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def _write_texts(event: Event, texts: list[tuple[str, str, str, str]]) -> None:
    existing = {t.language: t for t in event.translations.all()}
    for language, title, summary, description in texts:
        row = existing.pop(language, None) or EventTranslation(event=event, language=language)
        row.title, row.summary, row.description = title, summary, description
        row.save()
    for removed in existing.values():
        removed.delete()


def owners_of(event: Event) -> list[Organisation]:
    """The organisations whose public pages show the event."""
    return [event.organisation, *event.co_organisers.all()]


def _changed_on_commit(organisations: list[Organisation]) -> None:
    def changed() -> None:
        for organisation in organisations:
            public_changed(organisation)

    transaction.on_commit(changed)


def event_create(
    *,
    organisation: Organisation,
    actor: Any,
    data: EventData,
    request: HttpRequest | None = None,
) -> Event:
    """A new draft event; it shows on the public sites once published (event_publish)."""
    clean = _check(organisation, data)
    try:
        with transaction.atomic():
            slug = clean.slug
            if clean.slug_given:
                if Event.objects.filter(organisation=organisation, slug=slug).exists():
                    raise ValidationError({"slug": _("This address is taken.")})
            else:
                slug = _free_slug(organisation, slug)
            event = Event.objects.create(
                organisation=organisation,
                slug=slug,
                kind=data.kind,
                starts_at=data.starts_at,
                ends_at=data.ends_at,
                time_zone=time_zone_of(organisation),
                languages=clean.languages,
                venue=clean.venue,
                address=clean.address,
                town=clean.town,
                online_url=clean.online_url,
                outside_organisers=clean.outside_organisers,
                registration_enabled=bool(data.registration_enabled),
                capacity=data.capacity,
                registration_opens_at=data.registration_opens_at,
                registration_closes_at=data.registration_closes_at,
                created_by=actor,
            )
            _write_texts(event, clean.texts)
            event.co_organisers.set(clean.co_organisers)
            event.registration_for.set(clean.registration_for)
            audit_record(
                organisation=organisation,
                actor=actor,
                action="event.create",
                obj=event,
                changes={"kind": data.kind, "starts_at": data.starts_at.isoformat()},
                request=request,
            )
    except IntegrityError:
        raise ValidationError({"slug": _("This address is taken.")}) from None
    return event


def event_update(
    *,
    event: Event,
    actor: Any,
    data: EventData,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Event:
    """Change an event. New dates of a public event keep the old ones in its history and tell
    every participant; any change raises the iCalendar SEQUENCE. Raising the capacity
    promotes the waiting list in order, in the same transaction."""
    from .registrations import promote_waiting

    organisation = event.organisation
    clean = _check(organisation, data)
    errors: dict[str, list[str]] = {}
    reason = _line(reason, REASON_MAX, "reason", errors)
    if errors:
        raise ValidationError(errors)
    promoted: list[int] = []
    moved = False
    try:
        with transaction.atomic():
            event = (
                Event.objects.select_for_update().select_related("organisation").get(pk=event.pk)
            )
            if event.state == EventState.CANCELLED:
                raise ValidationError(_("A cancelled event cannot be changed."))
            before = owners_of(event)
            slug = event.slug
            if clean.slug_given and clean.slug != event.slug:
                if event.state != EventState.DRAFT:
                    raise ValidationError(
                        {"slug": _("The address of a published event does not change.")}
                    )
                if Event.objects.filter(organisation=organisation, slug=clean.slug).exists():
                    raise ValidationError({"slug": _("This address is taken.")})
                slug = clean.slug
            moved = event.state == EventState.PUBLISHED and (
                event.starts_at != data.starts_at or event.ends_at != data.ends_at
            )
            if moved:
                EventMove.objects.create(
                    event=event,
                    old_starts_at=event.starts_at,
                    old_ends_at=event.ends_at,
                    new_starts_at=data.starts_at,
                    new_ends_at=data.ends_at,
                    reason=reason,
                    moved_by=actor if getattr(actor, "pk", None) else None,
                )
            event.slug = slug
            event.kind = data.kind
            event.starts_at = data.starts_at
            event.ends_at = data.ends_at
            event.languages = clean.languages
            event.venue, event.address, event.town = clean.venue, clean.address, clean.town
            event.online_url = clean.online_url
            event.outside_organisers = clean.outside_organisers
            event.registration_enabled = bool(data.registration_enabled)
            event.capacity = data.capacity
            event.registration_opens_at = data.registration_opens_at
            event.registration_closes_at = data.registration_closes_at
            event.sequence += 1
            event.save()
            _write_texts(event, clean.texts)
            event.co_organisers.set(clean.co_organisers)
            event.registration_for.set(clean.registration_for)
            promoted = promote_waiting(event)
            audit_record(
                organisation=organisation,
                actor=actor,
                action="event.move" if moved else "event.update",
                obj=event,
                changes={
                    "starts_at": event.starts_at.isoformat(),
                    "ends_at": event.ends_at.isoformat(),
                    "capacity": event.capacity,
                    "sequence": event.sequence,
                    "promoted": len(promoted),
                    "reason": reason,
                },
                request=request,
            )
            if event.is_public:
                _changed_on_commit(list({o.pk: o for o in before + owners_of(event)}.values()))
    except IntegrityError:
        raise ValidationError({"slug": _("This address is taken.")}) from None
    from .. import mail

    if promoted:
        transaction.on_commit(lambda: mail.send_promoted(promoted))
    if moved:
        event_id = event.pk
        transaction.on_commit(lambda: mail.send_event_changed(event_id, "moved"))
    return event


def event_publish(*, event: Event, actor: Any, request: HttpRequest | None = None) -> Event:
    """Put the event on the public sites of its organisation and co-organisers."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("organisation").get(pk=event.pk)
        if event.state == EventState.PUBLISHED:
            return event
        if event.state == EventState.CANCELLED:
            raise ValidationError(_("A cancelled event cannot be published again."))
        event.state = EventState.PUBLISHED
        event.published_at = event.published_at or timezone.now()
        event.sequence += 1
        event.save()
        audit_record(
            organisation=event.organisation,
            actor=actor,
            action="event.publish",
            obj=event,
            request=request,
        )
        _changed_on_commit(owners_of(event))
    return event


def event_cancel(
    *, event: Event, actor: Any, reason: str = "", request: HttpRequest | None = None
) -> Event:
    """Cancel the event: it stays on the public sites marked as cancelled (STATUS:CANCELLED
    in calendars) and every registered participant is told by e-mail."""
    errors: dict[str, list[str]] = {}
    reason = _line(reason, REASON_MAX, "reason", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("organisation").get(pk=event.pk)
        if event.state == EventState.CANCELLED:
            return event
        was = event.state
        event.state = EventState.CANCELLED
        event.cancelled_at = timezone.now()
        event.cancel_reason = reason
        event.sequence += 1
        event.save()
        audit_record(
            organisation=event.organisation,
            actor=actor,
            action="event.cancel",
            obj=event,
            changes={"was": was, "reason": reason},
            request=request,
        )
        if was == EventState.PUBLISHED:
            _changed_on_commit(owners_of(event))
    from .. import mail

    event_id = event.pk
    if was == EventState.PUBLISHED:
        transaction.on_commit(lambda: mail.send_event_changed(event_id, "cancelled"))
    return event


# --- the programme --------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str = ""
    organisation: str = ""


def session_add(
    *,
    event: Event,
    actor: Any,
    starts_at: datetime,
    ends_at: datetime,
    title: str,
    room: str = "",
    speakers: Sequence[Speaker] = (),
    request: HttpRequest | None = None,
) -> EventSession:
    """Add a session to the programme (within the event's days)."""
    errors: dict[str, list[str]] = {}
    title = _line(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = [_("Give the title.")]
    room = _line(room, TOWN_MAX, "room", errors)
    if ends_at < starts_at:
        errors.setdefault("ends_at", []).append(_("The end comes after the start."))
    zone = zoneinfo.ZoneInfo(event.time_zone)
    first = event.starts_at.astimezone(zone).date()
    last = event.ends_at.astimezone(zone).date()
    if not first <= starts_at.astimezone(zone).date() <= last:
        errors.setdefault("starts_at", []).append(_("The session is within the event's days."))
    if len(speakers) > SPEAKERS_PER_SESSION:
        errors.setdefault("speakers", []).append(_("At most %d speakers.") % SPEAKERS_PER_SESSION)
    people = []
    for speaker in speakers:
        person = {
            "name": _line(speaker.name, 200, "speakers", errors),
            "role": _line(speaker.role, 200, "speakers", errors),
            "organisation": _line(speaker.organisation, 200, "speakers", errors),
        }
        if person["name"]:
            people.append(person)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("organisation").get(pk=event.pk)
        if event.sessions.count() >= SESSIONS_PER_EVENT:
            raise ValidationError(_("At most %d sessions.") % SESSIONS_PER_EVENT)
        session = EventSession.objects.create(
            event=event,
            starts_at=starts_at,
            ends_at=ends_at,
            title=title,
            room=room,
            speakers=people,
        )
        audit_record(
            organisation=event.organisation,
            actor=actor,
            action="event.session_add",
            obj=event,
            changes={"session": session.pk, "title": title},
            request=request,
        )
        if event.is_public:
            _changed_on_commit(owners_of(event))
    return session


def session_delete(
    *, session: EventSession, actor: Any, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        event = (
            Event.objects.select_for_update()
            .select_related("organisation")
            .get(pk=session.event_id)
        )
        deleted, _rows = EventSession.objects.filter(pk=session.pk, event=event).delete()
        if not deleted:
            return
        audit_record(
            organisation=event.organisation,
            actor=actor,
            action="event.session_delete",
            obj=event,
            changes={"session": session.pk, "title": session.title},
            request=request,
        )
        if event.is_public:
            _changed_on_commit(owners_of(event))
