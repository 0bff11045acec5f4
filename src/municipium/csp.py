"""Content-Security-Policy for every HTML page (Django 5.2 has none built in).

Pages load scripts, styles, images and fonts only from this site, never inline and never by
`eval`; nothing may frame them, and forms post only here. Our templates keep it: no `<script>`
without `src`, no `style` attribute or `<style>` block, no `on…=` handler (tests/browser fails
a test on any violation). htmx is told the same through its `htmx-config` meta tag in
base.html (no eval, no inline styles or scripts of its own).

Responses that bring their own policy keep it: a file shown in place (registry.files) has
`sandbox`. Other types (JSON, PDF, CSV) need none: a browser runs no script from them.
With DEBUG on, the policy is only reported (`…-Report-Only`): Django's own error pages for
developers use inline scripts and styles; violations still show in the browser console.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def policy() -> str:
    # X-Frame-Options (DENY) says the same to older browsers.
    ancestors = "'none'" if settings.X_FRAME_OPTIONS.upper() == "DENY" else "'self'"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.policy = policy()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.split(";", 1)[0].strip().lower() != "text/html":
            return response
        if HEADER in response or REPORT_ONLY_HEADER in response:
            return response
        response[REPORT_ONLY_HEADER if settings.DEBUG else HEADER] = self.policy
        return response
