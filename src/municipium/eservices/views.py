from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.audit.services import client_key
from municipium.registry import files
from municipium.registry.exports import PdfUnavailable, receipt_pdf
from municipium.registry.models import Attachment, Document
from municipium.tenants.models import Organisation
from municipium.tenants.navigation import office_nav
from municipium.tenants.public import public_page
from municipium.tenants.scoping import org_view

from . import queries, services
from .forms import (
    ApplicationForm,
    EmailForm,
    FieldSpecForm,
    MessageForm,
    OfficeActionForm,
    ServiceForm,
    TrackForm,
    initial_from,
)
from .models import Application, ApplicationStatus, FieldType, translated
from .queries import BUILDER_ROLES, OFFICE_ROLES
from .status import public_status
from .versions import compare

VERIFY_SALT = "municipium.eservices.email"
VERIFY_MAX_AGE = 24 * 3600
SESSION_EMAIL = "es_email"
SESSION_APPS = "es_apps"
SESSION_CODES = "es_codes"
SESSION_TRACKED = "es_tracked"
NOT_FOUND = "No document matches this registry number and access code."


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request, template, {"organisation": _scope(request).organisation, **context}, status=status
    )


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


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            form.add_error(target, errors)
    else:
        form.add_error(None, error)


def _rate_limited(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "eservices/rate_limited.html",
        {"organisation": organisation},
        status=429,
    )


def _session_list(request: HttpRequest, key: str) -> list[int]:
    return list(request.session.get(key, []))


def _remember(request: HttpRequest, key: str, value: int) -> None:
    values = _session_list(request, key)
    if value not in values:
        request.session[key] = [*values, value][-50:]


# --- the catalogue -------------------------------------------------------------------------


@org_view(public=True)
@public_page
def service_list(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    q = request.GET.get("q", "")[:200]
    rows = list(queries.public_services(organisation, q))
    return _public(request, "eservices/services.html", {"services": rows, "q": q})


@org_view(public=True)
@public_page
def service_detail(request: HttpRequest, service: str) -> HttpResponse:
    organisation = _scope(request).organisation
    row = queries.public_service(organisation, service)
    if row is None:
        raise Http404
    return _public(request, "eservices/service.html", {"service": row})


# --- applying ------------------------------------------------------------------------------


def _applicant(request: HttpRequest, organisation: Organisation) -> tuple[str, str] | None:
    """(e-mail, name) of who is applying: the signed-in user, or an e-mail address verified
    by a link in this session; None when neither."""
    if request.user.is_authenticated:
        return request.user.email, request.user.full_name
    email = request.session.get(SESSION_EMAIL, {}).get(organisation.slug)
    return (email, "") if email else None


def _verify_link(organisation: Organisation, service_slug: str, email: str) -> str:
    token = signing.dumps({"o": organisation.slug, "s": service_slug, "e": email}, salt=VERIFY_SALT)
    return settings.SITE_URL + reverse(
        "eservices:verify",
        kwargs={"org": organisation.slug, "service": service_slug, "token": token},
    )


@org_view(public=True)
def apply(request: HttpRequest, service: str) -> HttpResponseBase:
    organisation = _scope(request).organisation
    row = queries.public_service(organisation, service)
    version = queries.current_form(row) if row is not None else None
    if row is None or version is None:
        raise Http404
    applicant = _applicant(request, organisation)
    if applicant is None:
        return _ask_email(request, row)
    email, name = applicant
    language = (get_language() or organisation.main_language).split("-")[0]
    languages = organisation.languages
    form_kwargs = {"version": version, "language": language, "languages": languages}
    if request.method != "POST":
        draft = services.application_draft(row, email)
        initial = {"name": name}
        if draft is not None:
            initial = {"name": draft.name or name, **initial_from(draft.data)}
        form = ApplicationForm(initial=initial, **form_kwargs)
        return _public(
            request,
            "eservices/apply.html",
            {"service": row, "form": form, "email": email, "draft": draft, "version": version},
        )
    saving = "save_draft" in request.POST
    form = ApplicationForm(request.POST, request.FILES, for_draft=saving, **form_kwargs)
    if saving:
        data = form.raw_answers()
        services.application_save_draft(
            service=row,
            version=version,
            user=request.user,
            email=email,
            name=request.POST.get("name", ""),
            data=data,
            language=language,
            request=request,
        )
        messages.success(
            request,
            _(
                "Your draft is saved. Come back to this page to continue; "
                "files must be chosen again."
            ),
        )
        return redirect("eservices:apply", org=organisation.slug, service=row.slug)
    if form.is_valid():
        try:
            submission = services.application_submit(
                service=row,
                version=version,
                user=request.user,
                email=email,
                name=form.cleaned_data["name"],
                data=form.answers,
                files=form.uploads(),
                language=language,
                request=request,
                rate_keys={"apply-ip": client_key(request), "apply-email": email},
            )
        except services.RateLimited:
            return _rate_limited(request, organisation)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            document = submission.document
            _remember(request, SESSION_APPS, submission.application.pk)
            _remember(request, SESSION_TRACKED, document.pk)
            codes = dict(request.session.get(SESSION_CODES, {}))
            codes[str(document.pk)] = submission.access_code
            request.session[SESSION_CODES] = codes
            return redirect(
                "eservices:done", org=organisation.slug, application_id=submission.application.pk
            )
    return _public(
        request,
        "eservices/apply.html",
        {"service": row, "form": form, "email": email, "version": version},
        status=400,
    )


def _ask_email(request: HttpRequest, service: Any) -> HttpResponse:
    organisation = service.organisation
    form = EmailForm(request.POST or None)
    sent_to = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            limit = settings.APPLY_RATE_PER_HOUR
            if not services.rate_allow(
                keys={"apply-ip": client_key(request), "apply-email": email}, limit=limit
            ):
                return _rate_limited(request, organisation)
            link = _verify_link(organisation, service.slug, email)
            send_mail(
                subject=_("Confirm your e-mail address to apply: %(title)s")
                % {"title": service.title_text},
                message=render_to_string(
                    "eservices/email/verify.txt",
                    {"service": service, "organisation": organisation, "link": link},
                ),
                from_email=None,
                recipient_list=[email],
            )
            sent_to = email
        else:
            status = 400
    return _public(
        request,
        "eservices/email.html",
        {"service": service, "form": form, "sent_to": sent_to},
        status=status,
    )


@org_view(public=True)
def verify(request: HttpRequest, service: str, token: str) -> HttpResponseBase:
    organisation = _scope(request).organisation
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        data = None
    if not data or data.get("o") != organisation.slug or data.get("s") != service:
        return _public(request, "eservices/verify_failed.html", {}, status=400)
    emails = dict(request.session.get(SESSION_EMAIL, {}))
    emails[organisation.slug] = data["e"]
    request.session[SESSION_EMAIL] = emails
    messages.success(request, _("Your e-mail address is confirmed."))
    return redirect("eservices:apply", org=organisation.slug, service=service)


def _own_application(request: HttpRequest, application_id: int) -> Application:
    organisation = _scope(request).organisation
    application = (
        Application.objects.filter(organisation=organisation, pk=application_id)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("document", "service")
        .first()
    )
    if application is None:
        raise Http404
    mine = application.pk in _session_list(request, SESSION_APPS) or (
        request.user.is_authenticated and application.user_id == request.user.pk
    )
    if not mine:
        raise Http404
    return application


@org_view(public=True)
def done(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _own_application(request, application_id)
    document = application.document
    assert document is not None
    code = request.session.get(SESSION_CODES, {}).get(str(document.pk))
    return _public(
        request,
        "eservices/done.html",
        {"application": application, "document": document, "access_code": code},
    )


@org_view(public=True)
def receipt(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _own_application(request, application_id)
    document = application.document
    assert document is not None
    code = request.session.get(SESSION_CODES, {}).get(str(document.pk))
    if not code:
        raise Http404
    try:
        pdf = receipt_pdf(document, code)
    except PdfUnavailable as error:
        messages.error(request, str(error))
        context = {"application": application, "document": document, "access_code": code}
        return _public(request, "eservices/done.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{document.pk}.pdf"'
    return response


@org_view(public=True)
def my_applications(request: HttpRequest) -> HttpResponseBase:
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _scope(request).organisation
    rows = list(queries.my_applications(request.user, organisation))
    return _public(request, "eservices/mine.html", {"applications": rows})


# --- tracking ------------------------------------------------------------------------------


@org_view(public=True)
def track(request: HttpRequest) -> HttpResponseBase:
    organisation = _scope(request).organisation
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not services.rate_allow(
            keys={"track-ip": client_key(request)}, limit=settings.TRACK_RATE_PER_HOUR
        ):
            return _rate_limited(request, organisation)
        if form.is_valid():
            document = queries.track(
                organisation, form.cleaned_data["number"], form.cleaned_data["code"]
            )
            if document is not None:
                _remember(request, SESSION_TRACKED, document.pk)
                return redirect("eservices:tracked", org=organisation.slug, document_id=document.pk)
            form.add_error(None, _(NOT_FOUND))
            status = 404
        else:
            status = 400
    return _public(request, "eservices/track.html", {"form": form}, status=status)


def _tracked(request: HttpRequest, document_id: int) -> tuple[Document, Application | None]:
    organisation = _scope(request).organisation
    document = queries.tracked_document(organisation, document_id)
    if document is None:
        raise Http404
    application = queries.application_of_document(document)
    allowed = document.pk in _session_list(request, SESSION_TRACKED) or (
        application is not None
        and request.user.is_authenticated
        and application.user_id == request.user.pk
    )
    if not allowed:
        raise Http404
    return document, application


@org_view(public=True)
def tracked(request: HttpRequest, document_id: int) -> HttpResponseBase:
    organisation = _scope(request).organisation
    document, application = _tracked(request, document_id)
    form = None
    status = 200
    can_write = application is not None and application.status in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.INFO_REQUESTED,
    )
    if can_write:
        form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None or application is None:
            raise Http404
        limit = settings.APPLY_RATE_PER_HOUR
        if not services.rate_allow(keys={"apply-ip": client_key(request)}, limit=limit):
            return _rate_limited(request, organisation)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                services.application_reply(
                    application=application,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    uploads=[upload] if upload else [],
                    request=request,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your message was registered and sent to the office."))
                return redirect("eservices:tracked", org=organisation.slug, document_id=document.pk)
        status = 400
    stopped = document.suspensions.filter(end__isnull=True).exists()
    conversation = list(queries.messages_of(application)) if application is not None else []
    return _public(
        request,
        "eservices/tracked.html",
        {
            "document": document,
            "application": application,
            "status": public_status(document, application, stopped),
            "conversation": conversation,
            "form": form,
        },
        status=status,
    )


@org_view(public=True)
def tracked_file(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponseBase:
    """A file of the conversation: the applicant's own uploads and the office's letters."""
    document, application = _tracked(request, document_id)
    if application is None:
        raise Http404
    allowed = {document.pk, *application.messages.values_list("document_id", flat=True)}
    attachment = (
        Attachment.objects.filter(pk=attachment_id, document_id__in=allowed)
        .select_related("file", "document")
        .first()
    )
    if attachment is None:
        raise Http404
    # The same streamed response as in the office: inline only for PDFs and images, in a
    # sandbox, with the name encoded for any script.
    return files.file_response(
        attachment.file, attachment.filename, attachment.mime, inline=attachment.inline
    )


# --- the back office: applications ---------------------------------------------------------


@org_view(roles=OFFICE_ROLES)
def office_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    rows = list(queries.office_applications(scope, status)[:100])
    return _office(
        request,
        "eservices/office_list.html",
        {"applications": rows, "status": status, "statuses": ApplicationStatus.choices[1:]},
    )


def _answers(application: Application) -> list[dict[str, Any]]:
    languages = application.organisation.languages
    language = (get_language() or languages[0]).split("-")[0]
    rows = []
    for spec in application.form_version.fields:
        if spec["type"] == FieldType.FILE:
            continue
        value = application.data.get(spec["key"])
        if value in (None, "", []):
            continue
        rows.append(
            {
                "label": translated(spec["label"], language, languages),
                "value": services.display_value(spec, value, language, languages),
                "long": spec["type"] in (FieldType.TEXTAREA, FieldType.ADDRESS),
            }
        )
    return rows


# Lazy: the titles are read in each request's language, not the one active at import.
ACTIONS = {
    "request_info": gettext_lazy("Ask for more information"),
    "answer": gettext_lazy("Answer"),
    "refuse": gettext_lazy("Refuse"),
}


@org_view(roles=OFFICE_ROLES)
def office_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    scope = _scope(request)
    application = queries.office_application(scope, application_id)
    forms: dict[str, OfficeActionForm] = {}
    status = 200
    open_states = (ApplicationStatus.SUBMITTED, ApplicationStatus.INFO_REQUESTED)
    if application.status == ApplicationStatus.SUBMITTED:
        forms["request_info"] = OfficeActionForm(prefix="request_info", label=_("What is missing"))
    if application.status in open_states:
        forms["answer"] = OfficeActionForm(prefix="answer", label=_("The answer"))
        forms["refuse"] = OfficeActionForm(prefix="refuse", label=_("Reasons for the refusal"))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms:
            messages.error(request, _("This action is not possible now."))
            return redirect(
                "eservices:office_detail",
                org=scope.organisation.slug,
                application_id=application.pk,
            )
        form = OfficeActionForm(
            request.POST, request.FILES, prefix=action, label=forms[action].fields["text"].label
        )
        forms[action] = form
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            uploads = [upload] if upload else []
            text = form.cleaned_data["text"]
            try:
                if action == "request_info":
                    services.application_request_info(
                        application=application,
                        actor=request.user,
                        text=text,
                        uploads=uploads,
                        request=request,
                    )
                elif action == "answer":
                    services.application_answer(
                        application=application,
                        actor=request.user,
                        text=text,
                        uploads=uploads,
                        request=request,
                    )
                else:
                    services.application_refuse(
                        application=application,
                        actor=request.user,
                        reasons=text,
                        uploads=uploads,
                        request=request,
                    )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Done: the letter is registered in the case."))
                return redirect(
                    "eservices:office_detail",
                    org=scope.organisation.slug,
                    application_id=application.pk,
                )
        status = 400
    document = application.document
    assert document is not None
    conversation = list(queries.messages_of(application))
    return _office(
        request,
        "eservices/office_detail.html",
        {
            "application": application,
            "document": document,
            "answers": _answers(application),
            "attachments": list(document.attachments.all()),
            "conversation": conversation,
            "action_forms": [(name, ACTIONS[name], form) for name, form in forms.items()],
        },
        status,
    )


# --- the back office: catalogue and form builder ---------------------------------------------


@org_view(roles=BUILDER_ROLES)
def catalogue(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    rows = list(queries.services_of(scope).order_by("slug"))
    return _office(request, "eservices/catalogue.html", {"services": rows})


@org_view(roles=BUILDER_ROLES)
def service_edit(request: HttpRequest, service_id: int | None = None) -> HttpResponse:
    scope = _scope(request)
    organisation = scope.organisation
    row = scope.get(queries.services_of(scope), pk=service_id) if service_id else None
    initial = ServiceForm.initial_for(row) if row is not None else {}
    form = ServiceForm(request.POST or None, organisation=organisation, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = form.values()
            try:
                if row is None:
                    row = services.service_create(
                        organisation=organisation, actor=request.user, request=request, **values
                    )
                else:
                    row = services.service_update(
                        service=row, actor=request.user, request=request, **values
                    )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The service is saved."))
                return redirect("eservices:builder", org=organisation.slug, service_id=row.pk)
        status = 400
    return _office(request, "eservices/service_edit.html", {"form": form, "service": row}, status)


@org_view(roles=BUILDER_ROLES)
def builder(request: HttpRequest, service_id: int) -> HttpResponse:
    scope = _scope(request)
    row = scope.get(queries.services_of(scope), pk=service_id)
    languages = scope.organisation.languages
    draft = services.draft_version(row)
    published = services.published_version(row)
    shown = draft or published
    fields = shown.fields if shown is not None else []
    form = FieldSpecForm(request.POST or None, languages=languages, earlier=fields)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.form_field_add(
                    service=row, actor=request.user, spec=form.spec(), request=request
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The field is added to the draft."))
                return redirect("eservices:builder", org=scope.organisation.slug, service_id=row.pk)
        status = 400
    language = (get_language() or languages[0]).split("-")[0]
    listed = [
        {
            **spec,
            "label_text": translated(spec["label"], language, languages),
            "type_label": FieldType(spec["type"]).label,
        }
        for spec in fields
    ]
    return _office(
        request,
        "eservices/builder.html",
        {
            "service": row,
            "draft": draft,
            "published": published,
            "fields": listed,
            "form": form,
        },
        status,
    )


@org_view(roles=BUILDER_ROLES)
def versions(request: HttpRequest, service_id: int) -> HttpResponse:
    """The versions of a service's form (with the applications filed with each) and what
    changed between two of them — by default the newest and the one before it."""
    scope = _scope(request)
    row = scope.get(queries.services_of(scope), pk=service_id)
    languages = scope.organisation.languages
    rows = queries.form_versions(row)
    by_number = {version.number: version for version in rows}
    chosen: list[int] = []
    error = ""
    for name, default in (("a", rows[1:2]), ("b", rows[:1])):
        raw = request.GET.get(name, "")
        if not raw:
            chosen.extend(version.number for version in default)
            continue
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number not in by_number:
            error = _("Choose two versions of this form.")
        chosen.append(number)
    before = by_number.get(chosen[0]) if len(chosen) == 2 and not error else None
    after = by_number.get(chosen[1]) if len(chosen) == 2 and not error else None
    changes = None
    if before is not None and after is not None:
        language = (get_language() or languages[0]).split("-")[0]
        changes = compare(before.fields, after.fields, language=language, languages=languages)
    return _office(
        request,
        "eservices/versions.html",
        {
            "service": row,
            "versions": rows,
            "before": before,
            "after": after,
            "changes": changes,
            "error": error,
            "chosen": chosen,
        },
        status=400 if error else 200,
    )


@org_view(roles=BUILDER_ROLES)
def builder_field(request: HttpRequest, service_id: int, key: str) -> HttpResponse:
    scope = _scope(request)
    row = scope.get(queries.services_of(scope), pk=service_id)
    languages = scope.organisation.languages
    version = services.draft_version(row) or services.published_version(row)
    fields = version.fields if version else []
    index = next((i for i, f in enumerate(fields) if f["key"] == key), None)
    if index is None:
        raise Http404
    back = redirect("eservices:builder", org=scope.organisation.slug, service_id=row.pk)
    op = request.POST.get("op", "") if request.method == "POST" else ""
    if op in ("delete", "up", "down"):
        try:
            if op == "delete":
                services.form_field_delete(
                    service=row, actor=request.user, key=key, request=request
                )
            else:
                services.form_field_move(
                    service=row,
                    actor=request.user,
                    key=key,
                    offset=-1 if op == "up" else 1,
                    request=request,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return back
    initial = FieldSpecForm.initial_for(fields[index], languages)
    form = FieldSpecForm(
        request.POST or None,
        languages=languages,
        earlier=fields[:index],
        editing=True,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.form_field_update(
                    service=row, actor=request.user, key=key, spec=form.spec(), request=request
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The field is changed in the draft."))
                return back
        status = 400
    return _office(
        request,
        "eservices/builder_field.html",
        {"service": row, "form": form, "key": key},
        status,
    )


@org_view(roles=BUILDER_ROLES)
@require_POST
def publish(request: HttpRequest, service_id: int) -> HttpResponse:
    scope = _scope(request)
    row = scope.get(queries.services_of(scope), pk=service_id)
    try:
        version = services.form_publish(service=row, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Version %(n)d of the form is published.") % {"n": version.number}
        )
    return redirect("eservices:builder", org=scope.organisation.slug, service_id=row.pk)
