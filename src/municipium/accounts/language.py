"""Which language a request is answered in.

A signed-in person is answered in their own language (`User.language`), pages and API
alike, whatever their browser's Accept-Language says: the same person gets the same words on
every device. Anonymous visitors keep Django's choice (the language cookie, then
Accept-Language). The language switcher changes a signed-in person's language for good.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


def use_language_of(request: HttpRequest, user: Any) -> None:
    """Answer this request in the user's language (when it is one the platform speaks)."""
    language = getattr(user, "language", "")
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language


class UserLanguageMiddleware:
    """After authentication: a signed-in user's own language replaces the one LocaleMiddleware
    chose. API calls with a bearer token get theirs in authentication (api_auth)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            use_language_of(request, user)
        return self.get_response(request)


@require_POST
def language_set(request: HttpRequest) -> HttpResponseBase:
    """The language switcher: Django's own (the cookie and the way back), and for a signed-in
    person their language too, which decides for them from then on."""
    from .services import user_language_set

    response = set_language(request)
    if request.user.is_authenticated:
        user_language_set(
            user=request.user,
            language=request.POST.get("language", ""),
            request=request,
        )
    return response
