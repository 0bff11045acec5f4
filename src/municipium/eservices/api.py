"""The e-services API: the catalogue and form schemas (public), applying (a signed-in
citizen, session or token), and tracking by registry number and access code (public,
rate limited)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from ninja import Field, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticValidationError

from municipium.api_auth import auth_for
from municipium.api_errors import ERRORS, PUBLIC_ERRORS, ErrorOut
from municipium.api_idempotency import IDEMPOTENT_ERRORS, idempotent
from municipium.audit.services import client_key
from municipium.tenants.models import Organisation
from municipium.tenants.scoping import Access, resolve_scope
from municipium.workdays.models import without_verify_marks

from . import queries, services
from .forms import FIELD_PREFIX, ApplicationForm
from .models import FieldType, Service
from .status import public_status

router = Router(tags=["eservices"])

PUBLIC = Access(public=True)
# Applying needs a signed-in person (any account, member of the organisation or not).
APPLICANTS: dict[str, Any] = {
    "auth": auth_for(None),
    "openapi_extra": {"x-access": {"public": False, "roles": [], "authenticated": True}},
}
NOT_FOUND = "No document matches this registry number and access code."


class ServiceOut(Schema):
    slug: str
    title: str
    description: str
    eligibility: str
    required_documents: str
    fee: str
    legal_basis: str
    deadline_rule: str
    deadline_legal_basis: str
    deadline: str = Field(
        ..., description='the time limit in the request\'s language, e.g. "14 days (АПК чл. 57)"'
    )


class ServiceQuery(Schema):
    q: str = Field("", max_length=200)


class FormOut(Schema):
    service: str
    version: int
    fields: list[dict[str, Any]]


class ApplicationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    answers: dict[str, Any] = Field(
        ..., description="field key → value (list for multiple choice, true/false for consent)"
    )


class ApplicationCreated(Schema):
    id: int
    number: str
    registered_at: datetime
    deadline: date | None
    access_code: str = Field(..., description="for status checks; shown only now")


class TrackIn(Schema):
    number: str = Field(..., min_length=1, max_length=100)
    code: str = Field(..., min_length=1, max_length=20)


class TrackOut(Schema):
    number: str
    status: str = Field(..., description="received, in_progress, info_requested, answered, …")
    status_text: str
    registered_at: datetime
    deadline: date | None
    answered_on: date | None


def _organisation(org: str) -> Organisation:
    return resolve_scope(None, org).organisation


def _service_out(service: Service) -> ServiceOut:
    return ServiceOut(
        slug=service.slug,
        title=service.title_text,
        description=service.description_text,
        eligibility=service.eligibility_text,
        required_documents=service.required_documents_text,
        fee=service.fee_text,
        legal_basis=service.public_legal_basis,
        deadline_rule=service.deadline_rule.name,
        deadline_legal_basis=without_verify_marks(service.deadline_rule.legal_basis),
        deadline=service.deadline_rule.public_text,
    )


@router.get(
    "/orgs/{org}/services",
    response={200: list[ServiceOut], **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="The services open for applications; q searches titles and descriptions",
)
def service_list(request: HttpRequest, org: str, filters: Query[ServiceQuery]) -> list[ServiceOut]:
    organisation = _organisation(org)
    rows = queries.public_services(organisation, filters.q).select_related(
        "deadline_rule", "organisation"
    )
    return [_service_out(row) for row in rows]


@router.get(
    "/orgs/{org}/services/{slug}/form",
    response={200: FormOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="The published form of a service: its version and the schema of its fields",
)
def service_form(request: HttpRequest, org: str, slug: str) -> FormOut:
    service = queries.public_service(_organisation(org), slug)
    version = queries.current_form(service) if service is not None else None
    if service is None or version is None:
        raise Http404
    return FormOut(service=service.slug, version=version.number, fields=version.fields)


def _as_form_data(version: Any, payload: ApplicationIn) -> MultiValueDict[str, Any]:
    data: MultiValueDict[str, Any] = MultiValueDict({"name": [payload.name]})
    for spec in version.fields:
        value = payload.answers.get(spec["key"])
        if value is None:
            continue
        name = FIELD_PREFIX + spec["key"]
        if spec["type"] == FieldType.MULTICHOICE:
            data.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
        elif spec["type"] == FieldType.CONSENT:
            if value is True:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def _submit(
    request: HttpRequest,
    org: str,
    slug: str,
    payload: ApplicationIn,
    files: MultiValueDict[str, Any] | None = None,
) -> Status:
    organisation = _organisation(org)
    version = queries.published_form(organisation, slug)
    if version is None:
        raise Http404
    service = version.service
    file_keys = {spec["key"] for spec in version.fields if spec["type"] == FieldType.FILE}
    if files is None and file_keys:
        raise HttpError(
            400,
            "This form takes files: send the application as multipart/form-data to "
            f"{request.path.rstrip('/')}/multipart.",
        )
    answer_keys = {spec["key"] for spec in version.fields} - file_keys
    unknown = sorted(set(payload.answers) - answer_keys)
    unknown += sorted(set(files or ()) - file_keys)
    if unknown:
        raise ValidationError({unknown[0]: "This form has no such field."})
    uploads: MultiValueDict[str, Any] = files if files is not None else MultiValueDict()
    for key in uploads:
        if len(uploads.getlist(key)) > 1:
            raise ValidationError({key: "Send one file for this field."})
    user = request.auth  # type: ignore[attr-defined]
    language = (get_language() or organisation.main_language).split("-")[0]
    form = ApplicationForm(
        _as_form_data(version, payload),
        MultiValueDict({FIELD_PREFIX + key: [uploads[key]] for key in uploads}),
        version=version,
        language=language,
        languages=organisation.languages,
    )
    if not form.is_valid():
        errors = {
            (key[len(FIELD_PREFIX) :] if key.startswith(FIELD_PREFIX) else key): [
                str(m) for m in messages
            ]
            for key, messages in form.errors.items()
        }
        raise ValidationError(errors)
    try:
        submission = services.application_submit(
            service=service,
            version=version,
            user=user,
            email=user.email,
            name=form.cleaned_data["name"],
            data=form.answers,
            files=form.uploads(),
            language=language,
            request=request,
            rate_keys={"apply-ip": client_key(request), "apply-email": user.email},
        )
    except services.RateLimited:
        raise HttpError(429, "Too many applications in the last hour; try again later.") from None
    document = submission.document
    return Status(
        201,
        ApplicationCreated(
            id=submission.application.pk,
            number=document.number,
            registered_at=document.registered_at,
            deadline=document.deadline,
            access_code=submission.access_code,
        ),
    )


@router.post(
    "/orgs/{org}/services/{slug}/applications",
    response={201: ApplicationCreated, 429: ErrorOut, **ERRORS, **IDEMPOTENT_ERRORS},
    **APPLICANTS,
    summary="File an application (forms without file fields); it is registered at once",
)
@idempotent
def application_submit(request: HttpRequest, org: str, slug: str, payload: ApplicationIn) -> Status:
    return _submit(request, org, slug, payload)


# ninja describes a Form parameter as a url-encoded body, which this operation also takes
# (for forms without files); the multipart body with the files is added to the description.
_MULTIPART_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "application": {
                            "type": "string",
                            "description": "the JSON of the JSON endpoint: name and answers",
                        }
                    },
                    "required": ["application"],
                    "additionalProperties": {"type": "string", "format": "binary"},
                }
            }
        }
    }
}


@router.post(
    "/orgs/{org}/services/{slug}/applications/multipart",
    response={201: ApplicationCreated, 429: ErrorOut, **ERRORS, **IDEMPOTENT_ERRORS},
    auth=APPLICANTS["auth"],
    openapi_extra={**APPLICANTS["openapi_extra"], **_MULTIPART_BODY},
    summary="File an application with its files (multipart/form-data); registered at once",
    description=(
        "`application` is the JSON of the JSON endpoint (name and answers); each file field "
        "of the form is one more part, named by the field's key. The files pass the same "
        "checks as uploads on the web page."
    ),
)
@idempotent
def application_submit_with_files(
    request: HttpRequest, org: str, slug: str, application: Form[str]
) -> Status:
    try:
        payload = ApplicationIn.model_validate_json(application)
    except PydanticValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem.get("loc", ())) or "application"
        raise ValidationError({"application": f"{where}: {problem['msg']}"}) from None
    return _submit(request, org, slug, payload, request.FILES)


@router.post(
    "/orgs/{org}/track",
    response={200: TrackOut, 400: ErrorOut, 429: ErrorOut, **PUBLIC_ERRORS},
    **PUBLIC.api(),
    summary="The status of a document by its registry number and access code",
)
def track(request: HttpRequest, org: str, payload: TrackIn) -> TrackOut:
    organisation = _organisation(org)
    if not services.rate_allow(
        keys={"track-ip": client_key(request)}, limit=settings.TRACK_RATE_PER_HOUR
    ):
        raise HttpError(429, "Too many attempts in the last hour; try again later.")
    document = queries.track(organisation, payload.number, payload.code)
    if document is None:
        raise HttpError(404, NOT_FOUND)
    application = queries.application_of_document(document)
    stopped = document.suspensions.filter(end__isnull=True).exists()
    status = public_status(document, application, stopped)
    return TrackOut(
        number=document.number,
        status=status.code,
        status_text=status.text,
        registered_at=document.registered_at,
        deadline=document.deadline,
        answered_on=document.answered_on,
    )
