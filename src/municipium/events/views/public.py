"""Public pages of events: an organisation's list (upcoming and past, its own and those it
co-organises), an event's page with its programme, the installation's calendar (a month grid
and a list, with filters), the iCalendar files, and registration (the form, the e-mailed
confirmation and cancel links). Anonymous pages without a form are cached whole."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from .. import mail
from ..forms.events import RegistrationForm
from ..ics import calendar_of, calendar_of_query, ics_response, place_of
from ..models.events import EventKind, EventState
from ..public import rows_of
from ..queries import events as queries
from ..services import registrations as registration_services

UPCOMING_MAX = 100


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


@org_view(public=True)
@public_page
def event_list(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    events = queries.public_events(organisation)
    language = _language()
    coming = list(queries.upcoming(events)[:UPCOMING_MAX])
    paginator = Paginator(queries.past(events), queries.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "upcoming": rows_of(coming, language),
        "past": rows_of(list(page.object_list), language),
        "page": page,
        "query": "",
        "ics_url": reverse("events:org_ics", kwargs={"org": organisation.slug}),
    }
    return render(request, "events/list.html", context)


@org_view(public=True)
@public_page
def event_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _scope(request).organisation
    event = queries.public_event(organisation, slug)
    language = _language()
    text = event.translation(language)
    zone = event.zone
    days: dict[Any, list[Any]] = {}
    for session in event.sessions.all():
        days.setdefault(session.starts_at.astimezone(zone).date(), []).append(session)
    context = {
        "organisation": organisation,
        "event": event,
        "text": text,
        "place": place_of(event),
        "programme": sorted(days.items()),
        "moves": list(event.moves.all()),
        "registration_open": event.registration_open(),
        "ics_url": reverse("events:event_ics", kwargs={"org": organisation.slug, "slug": slug}),
    }
    return render(request, "events/event.html", context)


@org_view(public=True)
@public_page
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.public_event(_scope(request).organisation, slug)
    return ics_response(calendar_of([event], _language()), f"{event.slug}.ics")


@org_view(public=True)
@public_page
def org_ics(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    events = queries.public_events(organisation).order_by("-starts_at", "-id")
    events = queries.filtered(events, queries.CalendarFilters.parse(request.GET))
    data = calendar_of_query(events, queries.CALENDAR_MAX, _language(), organisation.name)
    return ics_response(data, f"{organisation.slug}-events.ics")


# --- the installation's calendar --------------------------------------------------------------


@public_page
def calendar(request: HttpRequest) -> HttpResponse:
    filters = queries.CalendarFilters.parse(request.GET)
    view = "list" if request.GET.get("view") == "list" else "month"
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.now().astimezone(zone).date()
    first = queries.month_of(request.GET.get("month", ""), today)
    events = queries.filtered(queries.public_events(None), filters)
    language = _language()
    context: dict[str, Any] = {
        "filters": filters,
        "view": view,
        "kinds": EventKind.choices,
        "towns": queries.towns(),
        "organisations": queries.calendar_organisations(),
        "languages": settings.LANGUAGES,
        "month": first,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "next": (first + timedelta(days=32)).replace(day=1),
        "query": urlencode(filters.query()),
        "ics_url": reverse("events:calendar_ics") + (f"?{urlencode(filters.query())}"),
    }
    if view == "month":
        grid, in_month = queries.month_grid(events, first, zone)
        texts = {row["event"].pk: row["text"] for row in rows_of(in_month, language)}
        context["weeks"] = [
            [
                {**day, "rows": [{"event": e, "text": texts.get(e.pk)} for e in day["events"]]}
                for day in week
            ]
            for week in grid
        ]
        context["rows"] = rows_of(in_month, language)
    else:
        if not filters.when:
            events = queries.upcoming(events)
        paginator = Paginator(events, queries.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context["page"] = page
        context["rows"] = rows_of(list(page.object_list), language)
        context["query"] = urlencode({**filters.query(), "view": "list"})
    return render(request, "events/calendar.html", context)


@public_page
def calendar_ics(request: HttpRequest) -> HttpResponse:
    filters = queries.CalendarFilters.parse(request.GET)
    events = queries.filtered(queries.public_events(None), filters).order_by("-starts_at", "-id")
    data = calendar_of_query(events, queries.CALENDAR_MAX, _language(), "Municipium")
    return ics_response(data, "calendar.ics")


# --- registration ---------------------------------------------------------------------------


def _send_after_commit(result: registration_services.RegistrationResult) -> None:
    registration_id, outcome = result.registration.pk, result.outcome
    transaction.on_commit(lambda: mail.send_registration(registration_id, outcome))


@org_view(public=True)
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """The registration form. A signed-in person with a verified address registering it gets
    a place (or the waiting list) at once; anyone else gets a confirmation link by e-mail."""
    organisation = _scope(request).organisation
    event = queries.public_event(organisation, slug)
    text = event.translation(_language())
    user = request.user if request.user.is_authenticated else None
    refusal = event.registration_refusal(user)
    status = 200
    if refusal:
        form = RegistrationForm()
        status = 403 if request.method == "POST" else 200
    elif request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                result = registration_services.registration_request(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    user=user,
                    language=_language(),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                _send_after_commit(result)
                context = {
                    "organisation": organisation,
                    "event": event,
                    "text": text,
                    "result": result,
                }
                return render(request, "events/registered.html", context)
        status = 400
    else:
        initial = {"name": user.full_name, "email": user.email} if user is not None else {}
        form = RegistrationForm(initial=initial)
    context = {
        "organisation": organisation,
        "event": event,
        "text": text,
        "form": form,
        "registration_open": event.registration_open(),
        "refusal": refusal,
    }
    return render(request, "events/register.html", context, status=status)


@org_view(public=True)
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed confirmation link: a page with one button (mail scanners that open links
    confirm nothing), whose POST takes the place."""
    organisation = _scope(request).organisation
    try:
        pending = registration_services.pending_from(organisation, token)
    except ValidationError as error:
        context = {"organisation": organisation, "error": error.messages[0]}
        return render(request, "events/link_invalid.html", context, status=404)
    event = pending.event
    text = event.translation(_language())
    if request.method == "POST":
        try:
            result = registration_services.registration_confirm(
                organisation=organisation, token=token
            )
        except ValidationError as error:
            context = {"organisation": organisation, "error": error.messages[0]}
            return render(request, "events/link_invalid.html", context, status=400)
        _send_after_commit(result)
        context = {"organisation": organisation, "event": event, "text": text, "result": result}
        return render(request, "events/registered.html", context)
    context = {"organisation": organisation, "event": event, "text": text, "pending": pending}
    return render(request, "events/confirm.html", context)


@org_view(public=True)
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed cancel link (no sign-in): a page with one button; its POST cancels and
    gives the place to the first on the waiting list."""
    organisation = _scope(request).organisation
    found = registration_services.registration_by_secret(organisation, token)
    if found is None:
        context = {"organisation": organisation, "error": _("No registration has this link.")}
        return render(request, "events/link_invalid.html", context, status=404)
    event = found.event
    text = event.translation(_language())
    if request.method == "POST":
        registration_services.registration_cancel(organisation=organisation, secret=token)
        messages.success(request, _("Your registration is cancelled."))
        return redirect("events:cancel", org=organisation.slug, token=token)
    context = {
        "organisation": organisation,
        "event": event,
        "text": text,
        "registration": found,
        "position": registration_services.position_of(found),
        "is_cancelled": found.status == "cancelled",
        "EventState": EventState,
        "qr": _ticket_qr(found) if found.status == "confirmed" and not event.is_cancelled else "",
        "certificate": found.attended_at is not None and timezone.now() >= event.ends_at,
    }
    return render(request, "events/cancel.html", context)


def _ticket_qr(registration: Any) -> str:
    """The QR code of the ticket (inline SVG): it opens the staff's check-in of this
    participant (staff only; to anyone else it is a page they cannot open)."""
    import segno

    url = settings.SITE_URL + reverse(
        "events:office_ticket",
        kwargs={
            "org": registration.event.organisation.slug,
            "event_id": registration.event_id,
            "token": registration.secret,
        },
    )
    return str(
        segno.make(url, error="m").svg_inline(
            scale=4, title=_("QR code of your ticket"), omitsize=False, svgclass="ticket-qr"
        )
    )


@org_view(public=True)
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own certificate of attendance (PDF), from their ticket page."""
    from municipium.registry.exports import PdfUnavailable

    from ..services import attendance

    organisation = _scope(request).organisation
    found = registration_services.registration_by_secret(organisation, token)
    if found is None:
        context = {"organisation": organisation, "error": _("No registration has this link.")}
        return render(request, "events/link_invalid.html", context, status=404)
    try:
        row = attendance.certificate_of(found)
        verify_url = settings.SITE_URL + reverse("events:verify", kwargs={"org": organisation.slug})
        data = attendance.certificates_pdf(found.event, [row], _language(), verify_url)
    except (ValidationError, PdfUnavailable) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        context = {"organisation": organisation, "error": message}
        return render(request, "events/link_invalid.html", context, status=404)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.event.slug}-certificate.pdf"'
    return response


@org_view(public=True)
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a certificate of attendance by its code (GET: no state changes)."""
    from ..services import attendance

    organisation = _scope(request).organisation
    code = request.GET.get("code", "")
    found = attendance.verify(organisation, code) if code else None
    context = {
        "organisation": organisation,
        "code": code[:40],
        "asked": bool(code),
        "found": found,
        "text": found.event.translation(_language()) if found else None,
        "shown_code": attendance.format_code(found.certificate_code or "") if found else "",
    }
    return render(request, "events/verify.html", context, status=200 if found or not code else 404)
