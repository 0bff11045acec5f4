"""`Idempotency-Key` on the API operations that create things.

A client that did not get an answer (a timeout, a dropped connection) sends the same request
again with the same key: within 24 hours it gets the first answer again — same status, same
body, `Idempotent-Replayed: true` — and nothing is created twice. The same key with another
request (another body, path or method) is refused with 422; while the first request is still
being answered, a second gets 409. Keys belong to one caller (the signed-in user, by token or
session alike) in one organisation. See docs/decisions/0016-api-idempotency-and-input-rules.md.

Usage, below the router's decorator:

    @router.post("/orgs/{org}/…", response={201: …, **ERRORS, **IDEMPOTENT_ERRORS}, …)
    @idempotent
    def create_something(request, org, payload): …
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Status
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from municipium.accounts.idempotency import (
    KeyInProgress,
    KeyReused,
    Replay,
    idempotency_claim,
    idempotency_finish,
    idempotency_release,
)
from municipium.api_errors import ErrorOut
from municipium.audit.services import client_ip
from municipium.tenants.models import Organisation

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# The key is kept for the request being answered, between the two halves below.
_ENTRY = "_municipium_idempotency_entry"
# Answers not worth keeping: a retry should run the request again.
_NOT_KEPT = {409, 429}

IDEMPOTENT_ERRORS: dict[int, type[ErrorOut]] = {409: ErrorOut}

PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": (
        "Any unique text (a UUID, say) chosen by the client for this creation. Sent again with "
        "the same request within 24 hours, it gets the first answer again (same status and "
        "body, header `Idempotent-Replayed: true`) and nothing is created twice. The same key "
        "with a different request: 422; while the first request is still running: 409. Keys "
        "are per caller and organisation."
    ),
}


def caller_of(request: HttpRequest) -> str:
    """Whose keys these are: the signed-in user (token or session alike); an anonymous
    caller is told apart by the client address."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{client_ip(request) or '-'}"


def _file_digest(upload: Any) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def fingerprint_of(request: HttpRequest) -> str:
    """The request's method, path and body, as a digest. A JSON body counts by its content (key
    order and spacing aside); a multipart one by its fields and its files' names and bytes, as
    clients draw a new boundary each time they send it."""
    parts: list[Any] = [request.method, request.path]
    if request.content_type == "multipart/form-data":
        parts.append(sorted((name, request.POST.getlist(name)) for name in request.POST))
        parts.append(
            sorted(
                (name, [(f.name, f.size, _file_digest(f)) for f in request.FILES.getlist(name)])
                for name in request.FILES
            )
        )
    else:
        body = request.body
        try:
            parts.append(json.loads(body))
        except ValueError:
            parts.append(body.decode("latin-1"))
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class _BadKey(Exception):
    pass


def _key_of(request: HttpRequest) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not (0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()):
        raise _BadKey
    return key


def _replay(replay: Replay) -> HttpResponse:
    response = HttpResponse(replay.body, status=replay.status, content_type=replay.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _keep_answer(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around the whole operation (authentication, parsing, the view, errors): keep the answer
    for the key the view claimed, or give the key back when the request failed."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            entry = getattr(request, _ENTRY, None)
            if entry is not None:
                idempotency_release(entry=entry)
            raise
        entry = getattr(request, _ENTRY, None)
        if entry is None:
            return response
        delattr(request, _ENTRY)
        status = response.status_code
        if status >= 500 or status in _NOT_KEPT or not isinstance(response, HttpResponse):
            idempotency_release(entry=entry)
        else:
            idempotency_finish(
                entry=entry,
                status=status,
                content_type=response.get("Content-Type", ""),
                body=response.content.decode(response.charset or "utf-8", "replace"),
            )
        return response

    return wrapper


def _document(operation: Any) -> None:
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), PARAMETER]
    operation.openapi_extra = extra


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Make an API operation that creates something honour `Idempotency-Key`. The view
    itself is left as it is (ninja reads its signature); its operation is wrapped."""

    def wrap(operation: Any) -> None:
        operation.view_func = _claiming(operation.view_func)

    contribute_operation_callback(view, wrap)
    decorate_view(_keep_answer)(view)
    contribute_operation_callback(view, _document)
    return view


def _claiming(view: Callable[..., Any]) -> Callable[..., Any]:
    """Before the view, after authentication and parsing: take the key, or answer for it."""

    @wraps(view)
    def claim(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            key = _key_of(request)
        except _BadKey:
            return Status(
                400,
                ErrorOut(
                    detail=_(
                        "The %(header)s header must be 1 to %(count)d printable ASCII characters."
                    )
                    % {"header": HEADER, "count": MAX_KEY_LENGTH},
                    code="bad_request",
                ),
            )
        organisation = (
            Organisation.objects.filter(slug=kwargs.get("org"), is_active=True).first()
            if key is not None
            else None
        )
        if key is None or organisation is None:  # no key, or the view answers 404 itself
            return view(request, *args, **kwargs)
        try:
            outcome = idempotency_claim(
                organisation=organisation,
                caller=caller_of(request),
                key=key,
                fingerprint=fingerprint_of(request),
            )
        except KeyReused:
            return Status(
                422,
                ErrorOut(
                    detail=_(
                        "This Idempotency-Key was used for a different request; use a new "
                        "key for a new request."
                    ),
                    code="idempotency_key_reused",
                ),
            )
        except KeyInProgress:
            return Status(
                409,
                ErrorOut(
                    detail=_(
                        "A request with this Idempotency-Key is still being answered; "
                        "try again in a moment."
                    ),
                    code="idempotency_key_in_use",
                ),
            )
        if isinstance(outcome, Replay):
            return _replay(outcome)
        setattr(request, _ENTRY, outcome)
        return view(request, *args, **kwargs)

    return claim
