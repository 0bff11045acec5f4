"""The HTTP API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every 4xx answers with one shape: {"detail": "...", "code": "..."} (validation errors add
"errors", the list of what was wrong where).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
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


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"loc": [str(part) for part in item.get("loc", [])], "msg": item.get("msg", "")}
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
        request, 401, "Authentication required: a session or a bearer token.", "not_authenticated"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "You may not do this here.", "permission_denied")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "Not found.", "not_found")


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
    return error(request, 404, f"No API route at {request.path}.", "not_found")


not_found.access = None  # type: ignore[attr-defined]


def _register_routers() -> None:
    from municipium.accounts.api import router as accounts_router
    from municipium.audit.api import router as audit_router
    from municipium.eservices.api import router as eservices_router
    from municipium.registry.api import router as registry_router
    from municipium.search.api import router as search_router
    from municipium.tenants.api import router as tenants_router

    api.add_router("/", accounts_router)
    api.add_router("/", tenants_router)
    api.add_router("/", audit_router)
    api.add_router("/", registry_router)
    api.add_router("/", search_router)
    api.add_router("/", eservices_router)


_register_routers()
