"""The events API: public events and registration for anyone; writing events, registering a
participant directly and reading the participants for the organisation's communications staff
(and admins) with a token or a session."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from municipium.accounts.services import user_for_token
from municipium.api_errors import ERRORS, PUBLIC_ERRORS
from municipium.api_idempotency import IDEMPOTENT_ERRORS, idempotent
from municipium.tenants.models import Organisation, Role
from municipium.tenants.scoping import Access, Scope, api_scope, resolve_scope

from .. import mail
from ..ics import uid_of
from ..models.events import (
    CAPACITY_MAX,
    PLACE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    TOWN_MAX,
    Event,
    EventKind,
    EventState,
)
from ..models.registrations import NAME_MAX, Registration, RegistrationStatus
from ..queries import events as queries
from ..services import events as services
from ..services import registrations as registration_services

router = Router(tags=["events"])

PUBLIC = Access(public=True)
EDITORS = Access(roles=frozenset({Role.COMMUNICATIONS}))
API_PAGE_SIZE = 20
PARTICIPANTS_PAGE_SIZE = 200
DESCRIPTION_API_MAX = 100_000


class TextOut(Schema):
    language: str
    title: str
    summary: str
    description: str = Field(..., description="sanitised HTML")


class EventOut(Schema):
    id: int
    uid: str = Field(..., description="the iCalendar UID, never changes")
    organisation: str
    co_organisers: list[str] = Field(..., description="slugs of the co-organisers on this site")
    registration_for: list[str] = Field(
        ..., description="slugs: only their active members may register; empty: anyone"
    )
    outside_organisers: list[str]
    slug: str
    url: str
    kind: EventKind
    state: EventState
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    languages: list[str]
    venue: str
    address: str
    town: str
    registration_enabled: bool
    capacity: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    sequence: int
    translations: list[TextOut]


class EventPage(Schema):
    items: list[EventOut]
    page: int
    pages: int
    total: int


class EventQuery(Schema):
    kind: EventKind | None = None
    town: str = Field("", max_length=TOWN_MAX)
    language: str = Field("", max_length=8)
    when: Literal["", "upcoming", "past"] = ""
    page: int = Field(1, ge=1, le=queries.MAX_PAGE)


class TextIn(Schema):
    title: str = Field(..., max_length=TITLE_MAX)
    summary: str = Field("", max_length=SUMMARY_MAX)
    description: str = Field("", max_length=DESCRIPTION_API_MAX, description="HTML; sanitised")


class EventIn(Schema):
    kind: EventKind
    title: str = Field(
        "", max_length=TITLE_MAX, description="the title in the organisation's main language"
    )
    texts: dict[str, TextIn] = Field({}, description="language code → the texts in it")
    slug: str = Field("", max_length=120)
    starts_at: datetime
    ends_at: datetime
    languages: list[str] = Field([], max_length=10)
    venue: str = Field("", max_length=PLACE_MAX)
    address: str = Field("", max_length=PLACE_MAX)
    town: str = Field("", max_length=TOWN_MAX)
    online_url: str = Field("", max_length=500)
    co_organisers: list[str] = Field([], max_length=services.CO_ORGANISERS_MAX)
    outside_organisers: list[str] = Field([], max_length=20)
    registration_enabled: bool = False
    registration_for: list[str] = Field(
        [],
        max_length=services.CO_ORGANISERS_MAX,
        description="slugs: only their active members may register; empty: anyone",
    )
    capacity: int | None = Field(None, description=f"0 to {CAPACITY_MAX}; none: no limit")
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None


class EventPatch(Schema):
    """Only the fields given change; `state` publishes or cancels."""

    kind: EventKind | None = None
    title: str | None = Field(None, max_length=TITLE_MAX)
    texts: dict[str, TextIn] | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    languages: list[str] | None = Field(None, max_length=10)
    venue: str | None = Field(None, max_length=PLACE_MAX)
    address: str | None = Field(None, max_length=PLACE_MAX)
    town: str | None = Field(None, max_length=TOWN_MAX)
    online_url: str | None = Field(None, max_length=500)
    co_organisers: list[str] | None = Field(None, max_length=services.CO_ORGANISERS_MAX)
    outside_organisers: list[str] | None = Field(None, max_length=20)
    registration_enabled: bool | None = None
    registration_for: list[str] | None = Field(None, max_length=services.CO_ORGANISERS_MAX)
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    reason: str = Field("", max_length=500, description="why the dates change (told to people)")
    state: Literal["published", "cancelled"] | None = None


class RegistrationIn(Schema):
    name: str = Field(..., max_length=NAME_MAX)
    email: str = Field(..., max_length=254)


class RegistrationOut(Schema):
    id: int | None = None
    status: Literal["pending", "confirmed", "waitlisted", "cancelled"]
    position: int | None = Field(None, description="place on the waiting list, 1 is next")
    cancel_token: str | None = Field(
        None, description="to cancel (DELETE); given to staff and to a verified registrant"
    )


class ParticipantOut(Schema):
    id: int
    name: str
    email: str
    status: RegistrationStatus
    position: int | None
    registered_at: datetime
    by_staff: bool


class ParticipantPage(Schema):
    items: list[ParticipantOut]
    counts: dict[str, int]
    page: int
    pages: int
    total: int


class PageQuery(Schema):
    status: RegistrationStatus | None = None
    page: int = Field(1, ge=1, le=queries.MAX_PAGE)


def _out(event: Event) -> EventOut:
    return EventOut(
        id=event.pk,
        uid=uid_of(event),
        organisation=event.organisation.slug,
        co_organisers=[org.slug for org in event.co_organisers.all()],
        registration_for=[org.slug for org in event.registration_for.all()],
        outside_organisers=event.outside_organiser_names,
        slug=event.slug,
        url=event.get_absolute_url(),
        kind=EventKind(event.kind),
        state=EventState(event.state),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        languages=list(event.languages),
        venue=event.venue,
        address=event.address,
        town=event.town,
        registration_enabled=event.registration_enabled,
        capacity=event.capacity,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        sequence=event.sequence,
        translations=[
            TextOut(
                language=t.language, title=t.title, summary=t.summary, description=t.description
            )
            for t in event.translations.all()
        ],
    )


def _co_organisers(slugs: list[str], field: str = "co_organisers") -> list[Organisation]:
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs, is_active=True)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError({field: _("Unknown organisations: %s.") % ", ".join(missing[:5])})
    return [found[slug] for slug in slugs]


def _texts(
    organisation: Organisation, title: str | None, texts: dict[str, TextIn] | None
) -> dict[str, services.EventText]:
    result = {
        language: services.EventText(title=t.title, summary=t.summary, description=t.description)
        for language, t in (texts or {}).items()
    }
    if title:
        main = organisation.main_language
        current = result.get(main)
        result[main] = services.EventText(
            title=title,
            summary=current.summary if current else "",
            description=current.description if current else "",
        )
    return result


@router.get(
    "/orgs/{org}/events",
    response={200: EventPage, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="Public events of the organisation (its own and co-organised), by kind, town, "
    "language and time; 20 a page",
)
def events_list(request: HttpRequest, org: str, filters: Query[EventQuery]) -> EventPage:
    organisation = resolve_scope(None, org).organisation
    chosen = queries.CalendarFilters(
        kind=filters.kind or "",
        town=" ".join(filters.town.split()),
        language=filters.language,
        when=filters.when,
    )
    events = queries.filtered(queries.public_events(organisation), chosen)
    total = events.count()
    start = (filters.page - 1) * API_PAGE_SIZE
    rows = list(queries.with_registration_for(events)[start : start + API_PAGE_SIZE])
    return EventPage(
        items=[_out(event) for event in rows],
        page=filters.page,
        pages=(total + API_PAGE_SIZE - 1) // API_PAGE_SIZE,
        total=total,
    )


def _staff_scope(request: HttpRequest, org: str, *, session: bool = True) -> Scope | None:
    """The caller's scope when they are the organisation's communications staff or admin
    (with a bearer token, or signed in when `session`: never for a write, which this public
    operation does without the session's CSRF check); None for anyone else."""
    user = request.user if session and request.user.is_authenticated else None
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
    if user is None:
        return None
    scope = resolve_scope(user, org)
    return scope if EDITORS.allows(scope) else None


@router.get(
    "/orgs/{org}/events/{event_id}",
    response={200: EventOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="One event (a draft only for the organisation's staff)",
)
def event_read(request: HttpRequest, org: str, event_id: int) -> EventOut:
    staff = _staff_scope(request, org)
    if staff is not None:
        return _out(queries.office_event(staff, event_id))
    scope = resolve_scope(None, org)
    events = scope.filter(queries.public_events(None))
    return _out(scope.get(events, pk=event_id))


@router.post(
    "/orgs/{org}/events",
    response={201: EventOut, **ERRORS, **IDEMPOTENT_ERRORS},
    **EDITORS.api(),
    summary="Create an event (a draft; publish it with PATCH state=published)",
)
@idempotent
def event_create(request: HttpRequest, org: str, payload: EventIn) -> Status:
    scope = api_scope(request, org, EDITORS)
    organisation = scope.organisation
    event = services.event_create(
        organisation=organisation,
        actor=request.auth,  # type: ignore[attr-defined]
        data=services.EventData(
            kind=payload.kind,
            texts=_texts(organisation, payload.title, payload.texts),
            slug=payload.slug,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            languages=payload.languages,
            venue=payload.venue,
            address=payload.address,
            town=payload.town,
            online_url=payload.online_url,
            co_organisers=_co_organisers(payload.co_organisers),
            registration_for=_co_organisers(payload.registration_for, "registration_for"),
            outside_organisers="\n".join(payload.outside_organisers),
            registration_enabled=payload.registration_enabled,
            capacity=payload.capacity,
            registration_opens_at=payload.registration_opens_at,
            registration_closes_at=payload.registration_closes_at,
        ),
        request=request,
    )
    return Status(201, _out(queries.office_event(scope, event.pk)))


@router.patch(
    "/orgs/{org}/events/{event_id}",
    response={200: EventOut, **ERRORS},
    **EDITORS.api(),
    summary="Change an event: the fields given; new dates keep the old ones in its history "
    "and tell the participants; state=published publishes, state=cancelled cancels",
)
def event_patch(request: HttpRequest, org: str, event_id: int, payload: EventPatch) -> EventOut:
    scope = api_scope(request, org, EDITORS)
    event = queries.office_event(scope, event_id)
    actor = request.auth  # type: ignore[attr-defined]
    given = payload.model_dump(exclude_unset=True)
    changes = {k: v for k, v in given.items() if k not in ("state", "reason")}
    if changes:
        current: dict[str, Any] = {
            "kind": event.kind,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "languages": event.languages,
            "venue": event.venue,
            "address": event.address,
            "town": event.town,
            "online_url": event.online_url,
            "registration_enabled": event.registration_enabled,
            "capacity": event.capacity,
            "registration_opens_at": event.registration_opens_at,
            "registration_closes_at": event.registration_closes_at,
        }
        texts = {
            t.language: services.EventText(
                title=t.title, summary=t.summary, description=t.description
            )
            for t in event.translations.all()
        }
        if "texts" in changes:
            texts.update(_texts(scope.organisation, None, payload.texts))
        if payload.title:
            texts.update(_texts(scope.organisation, payload.title, None))
        for name in current:
            if name in changes:
                current[name] = getattr(payload, name)
        co = (
            _co_organisers(payload.co_organisers or [])
            if "co_organisers" in changes
            else list(event.co_organisers.all())
        )
        allowed = (
            _co_organisers(payload.registration_for or [], "registration_for")
            if "registration_for" in changes
            else list(event.registration_for.all())
        )
        outside = (
            "\n".join(payload.outside_organisers or [])
            if "outside_organisers" in changes
            else event.outside_organisers
        )
        event = services.event_update(
            event=event,
            actor=actor,
            data=services.EventData(
                texts=texts,
                slug=event.slug,
                co_organisers=co,
                registration_for=allowed,
                outside_organisers=outside,
                **current,
            ),
            reason=payload.reason,
            request=request,
        )
    if payload.state == "published":
        event = services.event_publish(event=event, actor=actor, request=request)
    elif payload.state == "cancelled":
        event = services.event_cancel(
            event=event, actor=actor, reason=payload.reason, request=request
        )
    return _out(queries.office_event(scope, event.pk))


def _registration_out(result: registration_services.RegistrationResult, *, token: bool) -> Any:
    row = result.registration
    return RegistrationOut(
        id=row.pk if token else None,
        status=row.status,  # type: ignore[arg-type]
        position=result.position,
        cancel_token=row.secret if token else None,
    )


@router.post(
    "/orgs/{org}/events/{event_id}/registrations",
    response={201: RegistrationOut, 202: RegistrationOut, **ERRORS},
    **PUBLIC.api(),
    summary="Register. Staff (communications, admin) register a participant directly: 201 "
    "with status confirmed or waitlisted, position and cancel_token. Anyone else gets a "
    "confirmation link by e-mail: 202 with status pending (the place is held once the link "
    "is opened; the answer is the same for an address already registered). 403 when the event "
    "is only for members of some organisations and the caller (bearer token) is not one",
)
def registration_create(
    request: HttpRequest, org: str, event_id: int, payload: RegistrationIn
) -> Status:
    staff = _staff_scope(request, org, session=False)
    if staff is not None:
        event = queries.office_event(staff, event_id)
        result = registration_services.registration_add(
            event=event,
            actor=staff.user,
            name=payload.name,
            email=payload.email,
            request=request,
        )
        registration_id, outcome = result.registration.pk, result.outcome
        transaction.on_commit(lambda: mail.send_registration(registration_id, outcome))
        return Status(201, _registration_out(result, token=True))
    scope = resolve_scope(None, org)
    event = scope.get(
        scope.filter(queries.public_events(None)).filter(state=EventState.PUBLISHED), pk=event_id
    )
    # A signed-in caller (token) counts for an event only for members; a session does not,
    # as this write skips the session's CSRF check.
    header = request.headers.get("Authorization", "")
    caller = user_for_token(header[7:].strip()) if header.lower().startswith("bearer ") else None
    refusal = event.registration_refusal(caller)
    if refusal:
        return Status(403, {"detail": refusal, "code": "members_only"})
    result = registration_services.registration_request(
        event=event, name=payload.name, email=payload.email, user=caller
    )
    registration_id, outcome = result.registration.pk, result.outcome
    transaction.on_commit(lambda: mail.send_registration(registration_id, outcome))
    return Status(202, RegistrationOut(id=None, status="pending", position=None, cancel_token=None))


@router.delete(
    "/orgs/{org}/events/{event_id}/registrations/{cancel_token}",
    response={204: None, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="Cancel a registration by its cancel token (no sign-in); the first on the waiting "
    "list takes the place and is told by e-mail",
)
def registration_delete(request: HttpRequest, org: str, event_id: int, cancel_token: str) -> Status:
    organisation = resolve_scope(None, org).organisation
    found = registration_services.registration_by_secret(organisation, cancel_token)
    if found is None or found.event_id != event_id:
        raise Http404
    registration_services.registration_cancel(organisation=organisation, secret=cancel_token)
    return Status(204, None)


@router.get(
    "/orgs/{org}/events/{event_id}/registrations",
    response={200: ParticipantPage, **ERRORS},
    **EDITORS.api(),
    summary="The participants with status and waiting-list position (staff); 200 a page",
)
def registrations_list(
    request: HttpRequest, org: str, event_id: int, filters: Query[PageQuery]
) -> ParticipantPage:
    scope = api_scope(request, org, EDITORS)
    if not scope.has(Role.COMMUNICATIONS):
        raise PermissionDenied
    event = queries.office_event(scope, event_id)
    rows = queries.participants(event, filters.status or "")
    total = rows.count()
    start = (filters.page - 1) * PARTICIPANTS_PAGE_SIZE
    page: list[Registration] = list(rows[start : start + PARTICIPANTS_PAGE_SIZE])
    waiting = [r.queue for r in page if r.status == RegistrationStatus.WAITLISTED and r.queue]
    before = (
        queries.participants(event, RegistrationStatus.WAITLISTED)
        .filter(queue__lt=min(waiting))
        .count()
        if waiting
        else 0
    )
    positions = {queue: before + i + 1 for i, queue in enumerate(sorted(waiting))}
    return ParticipantPage(
        items=[
            ParticipantOut(
                id=r.pk,
                name=r.name,
                email=r.email,
                status=RegistrationStatus(r.status),
                position=positions.get(r.queue) if r.queue else None,
                registered_at=r.created_at,
                by_staff=r.by_staff,
            )
            for r in page
        ],
        counts=registration_services.counts_of(event),
        page=filters.page,
        pages=(total + PARTICIPANTS_PAGE_SIZE - 1) // PARTICIPANTS_PAGE_SIZE,
        total=total,
    )
