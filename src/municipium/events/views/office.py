"""The office's pages of events, for the communications staff and admins: the list, the
editor (with the programme), publication and cancellation, and the participants (counts,
the lists, a participant added by hand or cancelled, the CSV export)."""

from __future__ import annotations

import csv
import zoneinfo
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.tenants.models import Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.scoping import org_view

from .. import mail
from ..forms.events import CancelForm, EventForm, ParticipantForm, SessionForm
from ..models.events import EventSession, EventState, time_zone_of
from ..models.registrations import RegistrationStatus
from ..public import rows_of
from ..queries import events as queries
from ..services import events as services
from ..services import registrations as registration_services

EDITORS = (Role.COMMUNICATIONS,)


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _office(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    scope = _scope(request)
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        **context,
    }
    return render(request, template, context, status=status)


@org_view(roles=EDITORS)
def office_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    state = request.GET.get("state", "")
    paginator = Paginator(queries.office_events(scope, state), 25)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "rows": rows_of(list(page.object_list), get_language() or "en"),
        "page": page,
        "state": state if state in EventState.values else "",
        "query": urlencode({"state": state}) if state in EventState.values else "",
        "states": EventState.choices,
    }
    return _office(request, "events/office_list.html", context)


@org_view(roles=EDITORS)
def office_edit(request: HttpRequest, event_id: int | None = None) -> HttpResponse:
    scope = _scope(request)
    organisation = scope.organisation
    event = queries.office_event(scope, event_id) if event_id is not None else None
    zone = event.zone if event is not None else zoneinfo.ZoneInfo(time_zone_of(organisation))
    status = 200
    with timezone.override(zone):
        if request.method == "POST":
            form = EventForm(request.POST, organisation=organisation, event=event)
            if form.is_valid():
                try:
                    if event is None:
                        event = services.event_create(
                            organisation=organisation,
                            actor=request.user,
                            data=form.data_for_service(),
                            request=request,
                        )
                        messages.success(request, _("The draft is saved."))
                    else:
                        event = services.event_update(
                            event=event,
                            actor=request.user,
                            data=form.data_for_service(),
                            reason=form.cleaned_data.get("reason", ""),
                            request=request,
                        )
                        messages.success(request, _("The event is saved."))
                    return redirect("events:office_edit", org=organisation.slug, event_id=event.pk)
                except ValidationError as error:
                    _apply_errors(form, error)
            status = 400
        else:
            initial = EventForm.initial_for(event) if event is not None else {}
            form = EventForm(initial=initial, organisation=organisation, event=event)
    context = {
        "form": form,
        "event": event,
        "time_zone": str(zone),
        "session_form": SessionForm(),
        "cancel_form": CancelForm(),
        "sessions": list(event.sessions.all()) if event is not None else [],
        "moves": list(event.moves.all()) if event is not None else [],
        "counts": registration_services.counts_of(event) if event is not None else {},
    }
    return _office(request, "events/office_edit.html", context, status=status)


@org_view(roles=EDITORS)
@require_POST
def office_action(request: HttpRequest, event_id: int, action: str) -> HttpResponse:
    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    back = redirect("events:office_edit", org=scope.organisation.slug, event_id=event.pk)
    form = CancelForm(request.POST)
    if action not in ("publish", "cancel") or not form.is_valid():
        messages.error(request, _("This action is not possible."))
        return back
    try:
        if action == "publish":
            services.event_publish(event=event, actor=request.user, request=request)
            messages.success(request, _("The event is published."))
        else:
            services.event_cancel(
                event=event,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, _("The event is cancelled; the participants are told."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return back


@org_view(roles=EDITORS)
@require_POST
def office_session_add(request: HttpRequest, event_id: int) -> HttpResponse:
    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    with timezone.override(event.zone):
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                services.session_add(
                    event=event,
                    actor=request.user,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    title=form.cleaned_data["title"],
                    room=form.cleaned_data.get("room", ""),
                    speakers=form.speaker_list(),
                    request=request,
                )
                messages.success(request, _("The session is added to the programme."))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        else:
            for field, errors in form.errors.items():
                label = str(form.fields[field].label) if field in form.fields else ""
                for error_text in errors:
                    text = str(error_text)
                    messages.error(request, f"{label}: {text}" if label else text)
    return redirect("events:office_edit", org=scope.organisation.slug, event_id=event.pk)


@org_view(roles=EDITORS)
@require_POST
def office_session_delete(request: HttpRequest, event_id: int, session_id: int) -> HttpResponse:
    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    session = EventSession.objects.filter(event=event, pk=session_id).first()
    if session is not None:
        services.session_delete(session=session, actor=request.user, request=request)
        messages.success(request, _("The session is removed from the programme."))
    return redirect("events:office_edit", org=scope.organisation.slug, event_id=event.pk)


# --- participants ---------------------------------------------------------------------------


@org_view(roles=EDITORS)
def office_participants(request: HttpRequest, event_id: int) -> HttpResponse:
    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    status = request.GET.get("status", "")
    status = status if status in RegistrationStatus.values else ""
    answer = 200
    if request.method == "POST":
        form = ParticipantForm(request.POST)
        if form.is_valid():
            try:
                result = registration_services.registration_add(
                    event=event,
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    request=request,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                registration_id, outcome = result.registration.pk, result.outcome
                transaction.on_commit(lambda: mail.send_registration(registration_id, outcome))
                messages.success(request, _("The participant is registered."))
                return redirect("events:office_participants", org=scope.organisation.slug,
                                event_id=event.pk)  # fmt: skip
        answer = 400
    else:
        form = ParticipantForm()
    paginator = Paginator(queries.participants(event, status), 100)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    waiting = sorted(r.queue for r in rows if r.status == RegistrationStatus.WAITLISTED and r.queue)
    # Positions on the waiting list: the rank of each queue number among those still waiting.
    before = (
        queries.participants(event, RegistrationStatus.WAITLISTED)
        .filter(queue__lt=waiting[0])
        .count()
        if waiting
        else 0
    )
    positions = {queue: before + index + 1 for index, queue in enumerate(waiting)}
    context = {
        "event": event,
        "text": event.translation(get_language() or "en"),
        "counts": registration_services.counts_of(event),
        "rows": [{"r": r, "position": positions.get(r.queue)} for r in rows],
        "page": page,
        "status": status,
        "statuses": RegistrationStatus.choices,
        "query": urlencode({"status": status}) if status else "",
        "form": form,
    }
    return _office(request, "events/office_participants.html", context, status=answer)


@org_view(roles=EDITORS)
@require_POST
def office_participant_cancel(
    request: HttpRequest, event_id: int, registration_id: int
) -> HttpResponse:
    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    row = queries.participants(event).filter(pk=registration_id).first()
    if row is not None:
        registration_services.registration_cancel(
            organisation=scope.organisation, secret=row.secret, actor=request.user, request=request
        )
        messages.success(request, _("The registration is cancelled."))
    return redirect("events:office_participants", org=scope.organisation.slug, event_id=event.pk)


class _Echo:
    def write(self, value: str) -> str:
        return value


@org_view(roles=EDITORS)
def office_participants_csv(request: HttpRequest, event_id: int) -> StreamingHttpResponse:
    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    writer = csv.writer(_Echo())

    def safe(value: str) -> str:
        # A cell starting like a formula is not run by a spreadsheet.
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    def lines() -> Any:
        yield writer.writerow(
            [_("Name"), _("E-mail"), _("Status"), _("Waiting list"), _("Registered")]
        )
        position = 0
        rows = queries.participants(event).iterator(chunk_size=500)
        for row in rows:
            if row.status == RegistrationStatus.WAITLISTED:
                position += 1
            yield writer.writerow(
                [
                    safe(row.name),
                    safe(row.email),
                    row.get_status_display(),
                    position if row.status == RegistrationStatus.WAITLISTED else "",
                    row.created_at.isoformat(),
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.csv"'
    return response


# --- attendance: check-in on a phone, certificates --------------------------------------------


def _check_in_url(organisation: Any, event: Any) -> str:
    from django.urls import reverse

    return reverse(
        "events:office_check_in", kwargs={"org": organisation.slug, "event_id": event.pk}
    )


@org_view(roles=EDITORS)
def office_check_in(request: HttpRequest, event_id: int) -> HttpResponse:
    """Check-in at the door, on a phone: search by name (or e-mail), one button per person;
    or scan the QR code of the participant's ticket page, which opens `office_ticket`."""
    from ..services import attendance

    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    query = " ".join(request.GET.get("q", "").split())[:100]
    rows = attendance.check_in_candidates(event, query)
    total = len(rows)
    context = {
        "event": event,
        "text": event.translation(get_language() or "en"),
        "q": query,
        "rows": list(rows[: attendance.SEARCH_MAX]),
        "total": total,
        "more": total > attendance.SEARCH_MAX,
        "counts": registration_services.counts_of(event),
        "attended_count": queries.participants(event).filter(attended_at__isnull=False).count(),
    }
    return _office(request, "events/office_check_in.html", context)


@org_view(roles=EDITORS)
@require_POST
def office_check_in_mark(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    from ..services import attendance

    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    attended = request.POST.get("attended", "1") == "1"
    try:
        row = attendance.check_in(
            event=event,
            registration_id=registration_id,
            actor=request.user,
            attended=attended,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if attended:
            messages.success(request, _("%(name)s is checked in.") % {"name": row.name})
        else:
            messages.success(request, _("%(name)s is no longer checked in.") % {"name": row.name})
    back = request.POST.get("q", "")
    url = _check_in_url(scope.organisation, event)
    return redirect(f"{url}?{urlencode({'q': back})}" if back else url)


@org_view(roles=EDITORS)
def office_ticket(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """Where the QR code of a participant's ticket leads a member of staff: who it is, their
    status, and the button to check them in."""
    from ..services import attendance

    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    row = attendance.ticket(scope.organisation, event, token)
    context = {
        "event": event,
        "text": event.translation(get_language() or "en"),
        "row": row,
    }
    return _office(request, "events/office_ticket.html", context)


@org_view(roles=EDITORS)
@require_POST
def office_certificates(request: HttpRequest, event_id: int) -> HttpResponse:
    """The certificates of attendance of everyone who attended, one PDF (POST: codes are
    issued on the first download; later downloads give the same codes)."""
    from django.urls import reverse

    from municipium.registry.exports import PdfUnavailable

    from ..services import attendance

    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    back = redirect(_check_in_url(scope.organisation, event))
    try:
        rows = attendance.certificates_issue(event=event, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return back
    if not rows:
        messages.error(request, _("Nobody is checked in as attended."))
        return back
    verify_url = settings_site_url() + reverse(
        "events:verify", kwargs={"org": scope.organisation.slug}
    )
    language = event.organisation.main_language
    try:
        data = attendance.certificates_pdf(event, rows, language, verify_url)
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return back
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-certificates.pdf"'
    return response


def settings_site_url() -> str:
    from django.conf import settings

    return str(settings.SITE_URL)


@org_view(roles=EDITORS)
def office_participants_ods(request: HttpRequest, event_id: int) -> HttpResponse:
    """The participants as an OpenDocument spreadsheet (the same columns as the CSV)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    document = OpenDocumentSpreadsheet()
    table = Table(name=_("Participants")[:31])

    def add_row(values: list[Any]) -> None:
        row = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)

    add_row(
        [_("Name"), _("E-mail"), _("Status"), _("Waiting list"), _("Attended"), _("Registered")]
    )
    position = 0
    for row in queries.participants(event).iterator(chunk_size=500):
        waiting = row.status == RegistrationStatus.WAITLISTED
        position += 1 if waiting else 0
        add_row(
            [
                row.name,
                row.email,
                str(row.get_status_display()),
                position if waiting else "",
                _("yes") if row.attended_at else "",
                row.created_at.isoformat(),
            ]
        )
    document.spreadsheet.addElement(table)
    import io

    buffer = io.BytesIO()
    document.write(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.oasis.opendocument.spreadsheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.ods"'
    return response


@org_view(roles=EDITORS)
def office_participants_message(request: HttpRequest, event_id: int) -> HttpResponse:
    """E-mail every confirmed participant (and those waiting, if chosen): one e-mail each,
    sent after the journal entry is committed."""
    from municipium.audit.services import audit_record

    from ..forms.events import ParticipantsMessageForm

    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    status = 200
    if request.method == "POST":
        form = ParticipantsMessageForm(request.POST)
        if form.is_valid():
            statuses = [RegistrationStatus.CONFIRMED]
            if form.cleaned_data["include_waiting"]:
                statuses.append(RegistrationStatus.WAITLISTED)
            ids = list(
                queries.participants(event).filter(status__in=statuses).values_list("pk", flat=True)
            )
            subject = form.cleaned_data["subject"]
            body = form.cleaned_data["body"]
            reply_to = scope.organisation.email or ""
            with transaction.atomic():
                audit_record(
                    organisation=scope.organisation,
                    actor=request.user,
                    action="event.message",
                    obj=event,
                    changes={"subject": subject[:200], "recipients": len(ids)},
                    request=request,
                )
                transaction.on_commit(
                    lambda: mail.send_to_participants(ids, subject, body, reply_to)
                )
            messages.success(
                request, _("The message goes to %(n)d participants.") % {"n": len(ids)}
            )
            return redirect(
                "events:office_participants", org=scope.organisation.slug, event_id=event.pk
            )
        status = 400
    else:
        form = ParticipantsMessageForm()
    context = {
        "event": event,
        "text": event.translation(get_language() or "en"),
        "form": form,
        "counts": registration_services.counts_of(event),
    }
    return _office(request, "events/office_message.html", context, status=status)


@org_view(roles=EDITORS)
@require_POST
def office_participant_move(
    request: HttpRequest, event_id: int, registration_id: int
) -> HttpResponse:
    """Move a participant to the other list (a place now, or the end of the waiting list)."""
    scope = _scope(request)
    event = queries.office_event(scope, event_id)
    try:
        row, promoted = registration_services.registration_move(
            event=event,
            registration_id=registration_id,
            to=request.POST.get("to", ""),
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        kind = "promoted" if row.status == RegistrationStatus.CONFIRMED else "waitlisted"
        moved = row.pk
        transaction.on_commit(lambda: mail.send_registration(moved, kind))
        if promoted:
            transaction.on_commit(lambda: mail.send_promoted(promoted))
        messages.success(request, _("%(name)s is moved.") % {"name": row.name})
    return redirect("events:office_participants", org=scope.organisation.slug, event_id=event.pk)
