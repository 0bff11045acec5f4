"""Who is calling the API, and may they use this organisation's operation.

The organisation check runs inside authentication, before the request body is parsed, so a
caller without access is refused (403) whatever they send, and learns nothing from
validation errors about an operation they may not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from municipium.accounts.language import use_language_of
from municipium.accounts.services import user_for_token

if TYPE_CHECKING:
    from municipium.tenants.scoping import Access


class BearerToken(HttpBearer):
    """`Authorization: Bearer mun_…`, a personal API token."""

    def __init__(self, access: Access | None = None) -> None:
        super().__init__()
        self.access = access

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        use_language_of(request, user)
        return check_organisation(request, user, self.access)


class Session(APIKeyCookie):
    """The browser session cookie; unsafe methods also need the CSRF token."""

    param_name = "sessionid"

    def __init__(self, access: Access | None = None) -> None:
        super().__init__()
        self.access = access

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session there is nobody to protect from forged requests: the
        # caller gets 401 (no or bad credentials), not the CSRF check's 403.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        return check_organisation(request, request.user, self.access)


def check_organisation(request: HttpRequest, user: Any, access: Access | None) -> Any:
    """For an operation under /orgs/{org}/: resolve the scope (404 for an unknown organisation),
    refuse (403) a caller the operation's Access does not admit, keep the scope on the request."""
    if access is None:
        return user
    from municipium.tenants.scoping import resolve_scope

    match = request.resolver_match
    slug = match.kwargs.get("org") if match is not None else None
    if slug is None:
        return user
    scope = resolve_scope(user, slug)
    if not access.allows(scope):
        raise PermissionDenied
    request.scope = scope  # type: ignore[attr-defined]
    return user


def auth_for(access: Access | None = None) -> list[Any]:
    return [BearerToken(access), Session(access)]
