"""The newsletter's pages: subscribing, confirming and unsubscribing (public), and the staff's
page of figures, editions, frequency and (for admins) addresses and their export."""

from __future__ import annotations

import csv
import io
import logging
import smtplib
from typing import Any

from django.contrib import messages
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from municipium.audit.services import client_key
from municipium.tenants.models import Organisation, Role
from municipium.tenants.navigation import OFFICE_FIGURES, OFFICE_NAV, NavItem, office_nav
from municipium.tenants.public import Section, register_home_section
from municipium.tenants.scoping import Scope, org_view

from ..forms.newsletter import FrequencyForm, SubscribeForm, consent_text
from ..models.newsletter import CONFIRM_HOURS, Frequency
from ..queries import newsletter as queries
from ..services import newsletter as services

log = logging.getLogger(__name__)
SUBSCRIBERS_PER_PAGE = 100


def _safe_cell(value: str) -> str:
    """An address a spreadsheet would run as a formula (=, +, -, @) stays text."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined]


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {"organisation": _scope(request).organisation, **context}
    return render(request, template, context, status=status)


def _is_off(organisation: Organisation) -> bool:
    return services.newsletter_settings(organisation).frequency == Frequency.OFF


def send_subscription_mail(organisation: Organisation, mail: services.SubscriptionMail) -> None:
    """The confirmation link (or, for an address already subscribed, a reminder with the
    unsubscribe link). A mail server that is down is logged; the page says the same."""
    template = "already" if mail.already_subscribed else "confirm"
    with translation.override(mail.language):
        context = {"organisation": organisation, "link": mail.link, "hours": CONFIRM_HOURS}
        subject = (
            _("You are subscribed to the newsletter of %(name)s")
            if mail.already_subscribed
            else _("Confirm your subscription to the newsletter of %(name)s")
        ) % {"name": organisation.name}
        try:
            send_mail(
                subject=subject,
                message=render_to_string(f"newsroom/newsletter/email/{template}.txt", context),
                from_email=None,
                recipient_list=[mail.email],
            )
        except (OSError, smtplib.SMTPException):
            log.exception("could not e-mail a newsletter subscription link")


@org_view(public=True)
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponseBase:
    organisation = _scope(request).organisation
    if _is_off(organisation):
        return _public(request, "newsroom/newsletter/off.html", {})
    data = request.POST if request.method == "POST" else None
    form = SubscribeForm(data, organisation=organisation, language=get_language() or "")
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            mail = services.subscription_request(
                organisation=organisation,
                email=email,
                language=form.cleaned_data["language"],
                consent_text=consent_text(organisation),
                rate_keys={"newsletter-ip": client_key(request), "newsletter-email": email},
            )
        except services.RateLimited:
            return _public(request, "newsroom/newsletter/rate_limited.html", {}, status=429)
        send_subscription_mail(organisation, mail)
        # The same answer for a new, a pending and a subscribed address.
        return _public(
            request,
            "newsroom/newsletter/requested.html",
            {"email": services.normalise_email(email), "hours": CONFIRM_HOURS},
        )
    status = 400 if request.method == "POST" else 200
    return _public(request, "newsroom/newsletter/subscribe.html", {"form": form}, status=status)


@org_view(public=True)
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponseBase:
    """GET shows a button (so a mail scanner that opens links confirms nothing); POST
    confirms."""
    organisation = _scope(request).organisation
    try:
        if request.method == "POST":
            services.subscription_confirm(organisation=organisation, token=token)
            return _public(request, "newsroom/newsletter/confirmed.html", {})
        services.subscription_check(organisation=organisation, token=token)
    except services.InvalidToken:
        return _public(
            request, "newsroom/newsletter/link_invalid.html", {"hours": CONFIRM_HOURS}, status=400
        )
    return _public(request, "newsroom/newsletter/confirm.html", {})


@csrf_exempt  # RFC 8058: mail clients POST without a session; the signed token is the proof
@org_view(public=True)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponseBase:
    """GET shows a button; POST (the button, or a mail client's one-click request with
    `List-Unsubscribe=One-Click`) unsubscribes at once."""
    organisation = _scope(request).organisation
    try:
        if request.method == "POST":
            services.subscription_cancel(organisation=organisation, token=token)
            return _public(request, "newsroom/newsletter/unsubscribed.html", {})
        subscribed = services.unsubscribe_target(organisation, token) is not None
    except services.InvalidToken:
        return _public(
            request, "newsroom/newsletter/link_invalid.html", {"unsubscribe": True}, status=400
        )
    if not subscribed:
        return _public(request, "newsroom/newsletter/unsubscribed.html", {})
    return _public(request, "newsroom/newsletter/unsubscribe.html", {})


# --- staff -------------------------------------------------------------------------------


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


@org_view(roles=queries.STAFF_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def office(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    organisation = scope.organisation
    current = services.newsletter_settings(organisation).frequency
    data = request.POST if request.method == "POST" else None
    form = FrequencyForm(data, initial={"frequency": current})
    if request.method == "POST" and form.is_valid():
        services.newsletter_frequency_set(
            organisation=organisation,
            actor=request.user,
            frequency=form.cleaned_data["frequency"],
            request=request,
        )
        messages.success(request, _("The frequency of the newsletter is saved."))
        return redirect("newsroom:newsletter_office", org=organisation.slug)
    context = {
        "form": form,
        "counts": queries.subscriber_counts(scope),
        "editions": list(queries.editions(scope)),
        "can_see_addresses": queries.can_see_addresses(scope),
    }
    return _office(
        request, "newsroom/newsletter/office.html", context, status=400 if form.errors else 200
    )


@org_view(roles=[Role.ADMIN])
def subscribers(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    pages = Paginator(queries.subscribers(scope), SUBSCRIBERS_PER_PAGE)
    page = pages.get_page(request.GET.get("page"))
    context = {"page": page, "counts": queries.subscriber_counts(scope)}
    return _office(request, "newsroom/newsletter/subscribers.html", context)


@org_view(roles=[Role.ADMIN])
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The subscribers as CSV (UTF-8 with a byte-order mark); the export is journaled with
    who and how many rows, never the addresses."""
    scope = _scope(request)
    rows = list(
        queries.subscribers(scope).values_list(
            "email", "language", "status", "requested_at", "confirmed_at"
        )
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["email", "language", "status", "requested_at", "confirmed_at"])
    for email, language, status, requested, confirmed in rows:
        writer.writerow(
            [
                _safe_cell(email),
                language,
                status,
                timezone.localtime(requested).isoformat(),
                timezone.localtime(confirmed).isoformat() if confirmed else "",
            ]
        )
    services.subscribers_export_record(
        organisation=scope.organisation, actor=request.user, rows=len(rows), request=request
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"newsletter-{scope.organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def home_section(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    """The organisation home page's invitation to subscribe (absent while the newsletter is
    off)."""
    if organisation is None or _is_off(organisation):
        return None
    return {"organisation": organisation}


def register() -> None:
    """The newsletter's place on the public site and in the back office (AppConfig.ready)."""
    register_home_section(
        Section(
            key="newsletter",
            order=90,
            template="newsroom/newsletter/_home.html",
            context=home_section,
        )
    )
    entry = NavItem(
        gettext_lazy("Newsletter"), "newsroom:newsletter_office", frozenset(queries.STAFF_ROLES)
    )
    if entry not in OFFICE_NAV:
        OFFICE_NAV.append(entry)
    if office_figures not in OFFICE_FIGURES:
        OFFICE_FIGURES.append(office_figures)


def office_figures(scope: Scope) -> list[dict[str, Any]]:
    """The back-office home's figure of confirmed subscribers, for the staff who write."""
    if not scope.has(*queries.STAFF_ROLES):
        return []
    counts = queries.subscriber_counts(scope)
    return [
        {
            "label": _("Newsletter subscribers"),
            "value": counts.confirmed,
            "url": reverse("newsroom:newsletter_office", kwargs={"org": scope.organisation.slug}),
        }
    ]
