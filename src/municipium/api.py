"""The HTTP API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every 4xx answers with one shape: {"detail": "...", "code": "..."} (validation errors add
"errors", the list of what was wrong where).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from municipium import __version__
from municipium.api_auth import auth_for

AUTH = auth_for()

api = NinjaAPI(
    title="Municipium API",
    version="1",
    description="Document flow, e-services and networks for municipalities.",
    auth=AUTH,
    urls_namespace="api",
    openapi_extra={"info": {"x-municipium-version": __version__}},
)


def error(request: HttpRequest, status: int, detail: Any, code: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


def _ctx(item: dict[str, Any], name: str) -> Any:
    return (item.get("ctx") or {}).get(name)


# pydantic's messages are English only: the common ones are said in the caller's language.
_MESSAGES: dict[str, Any] = {
    "missing": lambda item: _("This field is required."),
    "string_too_short": lambda item: (
        _("Write at least %(count)s characters.") % {"count": _ctx(item, "min_length")}
    ),
    "string_too_long": lambda item: (
        _("Too long: write at most %(count)s characters.") % {"count": _ctx(item, "max_length")}
    ),
    "too_short": lambda item: (
        _("Give at least %(count)s items.") % {"count": _ctx(item, "min_length")}
    ),
    "too_long": lambda item: (
        _("Too many: give at most %(count)s items.") % {"count": _ctx(item, "max_length")}
    ),
    "greater_than_equal": lambda item: (
        _("Give a number of at least %(limit)s.") % {"limit": _ctx(item, "ge")}
    ),
    "greater_than": lambda item: _("Give a number above %(limit)s.") % {"limit": _ctx(item, "gt")},
    "less_than_equal": lambda item: (
        _("Give a number of at most %(limit)s.") % {"limit": _ctx(item, "le")}
    ),
    "less_than": lambda item: _("Give a number below %(limit)s.") % {"limit": _ctx(item, "lt")},
    "int_parsing": lambda item: _("Give a whole number."),
    "int_type": lambda item: _("Give a whole number."),
    "int_from_float": lambda item: _("Give a whole number."),
    "date_parsing": lambda item: _("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda item: _("Give a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": lambda item: _("Give a date as YYYY-MM-DD."),
    "date_type": lambda item: _("Give a date as YYYY-MM-DD."),
    "bool_parsing": lambda item: _("Give true or false."),
    "bool_type": lambda item: _("Give true or false."),
    "enum": lambda item: _("Choose one of: %(choices)s.") % {"choices": _ctx(item, "expected")},
    "literal_error": lambda item: (
        _("Choose one of: %(choices)s.") % {"choices": _ctx(item, "expected")}
    ),
    "string_type": lambda item: _("Give a text."),
    "string_pattern_mismatch": lambda item: _("This does not have the expected form."),
    "json_invalid": lambda item: _("The body is not valid JSON."),
    "list_type": lambda item: _("Give a list."),
    "dict_type": lambda item: _("Give an object."),
    "model_type": lambda item: _("Give an object."),
    "model_attributes_type": lambda item: _("Give an object."),
}


def _message(item: dict[str, Any]) -> str:
    translate = _MESSAGES.get(str(item.get("type", "")))
    return str(translate(item)) if translate is not None else str(item.get("msg", ""))


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"loc": [str(part) for part in item.get("loc", [])], "msg": _message(item)}
        for item in exc.errors
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid input"}
    where = ".".join(first["loc"][1:] or first["loc"])
    detail = f"{where}: {first['msg']}" if where else first["msg"]
    return error(request, 422, detail, "invalid", errors=errors)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": [field], "msg": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": [], "msg": str(message)} for message in exc.messages]
    first = errors[0]
    detail = f"{first['loc'][0]}: {first['msg']}" if first["loc"] else first["msg"]
    return error(request, 400, detail, "invalid", errors=errors)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error(
        request,
        401,
        _("Authentication required: a session or a bearer token."),
        "not_authenticated",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, _("You may not do this here."), "permission_denied")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, _("Not found."), "not_found")


@api.exception_handler(MultiPartParserError)
def on_unreadable_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # Django's own answer would be its HTML 400 page (a 500 in tests).
    return error(
        request,
        400,
        _("The body cannot be read as multipart/form-data (%(reason)s).") % {"reason": exc},
        "bad_request",
    )


@api.exception_handler(UnreadablePostError)
def on_unreadable_body(request: HttpRequest, exc: UnreadablePostError) -> HttpResponse:
    return error(request, 400, _("The body of the request could not be read."), "bad_request")


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    request._mark_post_parse_error()  # type: ignore[attr-defined]
    return error(request, 413, _("The body of the request is too large."), "too_large")


@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def on_too_many_parts(
    request: HttpRequest, exc: TooManyFieldsSent | TooManyFilesSent
) -> HttpResponse:
    request._mark_post_parse_error()  # type: ignore[attr-defined]
    return error(request, 400, _("The request has too many fields or files."), "bad_request")


_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "rate_limited",
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, str(exc), _CODES.get(exc.status_code, "error"))


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/: the API's 404, not the site's HTML page."""
    return error(request, 404, _("No API route at %(path)s.") % {"path": request.path}, "not_found")


not_found.access = None  # type: ignore[attr-defined]


def _register_routers() -> None:
    from municipium.accounts.api import router as accounts_router
    from municipium.audit.api import router as audit_router
    from municipium.eservices.api import router as eservices_router
    from municipium.events.api.events import router as events_router
    from municipium.insights.api import router as insights_router
    from municipium.newsroom.api.news import router as news_router
    from municipium.newsroom.api.pages import router as pages_router
    from municipium.registry.api import router as registry_router
    from municipium.search.api import router as search_router
    from municipium.tenants.api import router as tenants_router

    api.add_router("/", accounts_router)
    api.add_router("/", tenants_router)
    api.add_router("/", audit_router)
    api.add_router("/", registry_router)
    api.add_router("/", search_router)
    api.add_router("/", eservices_router)
    api.add_router("/", pages_router)
    api.add_router("/", news_router)
    api.add_router("/", events_router)
    api.add_router("/", insights_router)
    # consultations (issue 14)
    from municipium.consultations.api import router as consultations_router

    api.add_router("/", consultations_router)
    # associations (issue 13)
    from municipium.associations.api import router as associations_router

    api.add_router("/", associations_router)


_register_routers()
