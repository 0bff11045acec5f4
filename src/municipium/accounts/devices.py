"""Browsers an account has signed in from: a signed cookie lets its owner past a lock-out that
strangers caused (OWASP's "device cookies").

The cookie holds short keyed digests of the e-mail addresses that signed in (or reset their
password) in this browser, never the addresses themselves. It grants nothing by itself: the
password is still checked, and failures from a known browser have their own count.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac

COOKIE = "municipium_device"
SALT = "municipium.accounts.device"
MAX_AGE = 365 * 24 * 3600
ACCOUNTS_KEPT = 5  # a shared counter computer keeps its last few staff members


def _digest(email: str) -> str:
    return salted_hmac(SALT, email.strip().lower()).hexdigest()[:24]


def _known(request: HttpRequest | None) -> list[str]:
    if request is None:
        return []
    value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
    return [digest for digest in str(value).split(".") if digest][:ACCOUNTS_KEPT]


def device_knows(request: HttpRequest | None, email: str) -> bool:
    """Whether this browser has signed in to the account before."""
    return _digest(email) in _known(request)


def device_remember(request: HttpRequest, response: HttpResponseBase, email: str) -> None:
    """Mark the browser as one the account signs in from (newest first)."""
    digest = _digest(email)
    known = [digest] + [d for d in _known(request) if d != digest]
    response.set_signed_cookie(
        COOKIE,
        ".".join(known[:ACCOUNTS_KEPT]),
        salt=SALT,
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
