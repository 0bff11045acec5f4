"""The public site of an organisation (home, stylesheet, accessibility statement, privacy
notice), the installation's home page, the language links, and the back-office pages where
the organisation's administrators set what the public site shows about it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import queries, site_services
from .colours import darker
from .forms import OrganisationProfileForm
from .models import (
    AccessibilityStatement,
    Country,
    MenuItem,
    OrganisationKind,
    PrivacyNotice,
    Role,
)
from .public import home_sections, public_page, site_sections
from .scoping import org_view
from .site_forms import IdentityForm, MenuLinkForm, PrivacyForm, StatementForm
from .site_queries import menu_editor_rows
from .views import _apply_errors, _office


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _rendered(request: HttpRequest, shown: list[tuple[Any, dict[str, Any]]], **extra: Any):
    """Each section's template rendered with the context its app gave."""
    return [
        render_to_string(section.template, {**extra, **context}, request=request)
        for section, context in shown
    ]


# --- public pages --------------------------------------------------------------------------


@public_page
def site_home(request: HttpRequest) -> HttpResponse:
    """The installation's home: its organisations by kind, then country; then the sections
    the apps add (the latest news of all of them)."""
    kinds = dict(OrganisationKind.choices)
    countries = dict(Country.choices)
    grouped: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for organisation in queries.public_organisations():
        grouped[organisation.kind][organisation.country].append(organisation)
    groups = [
        {
            "kind": kind,
            "label": kinds[kind],
            "countries": [
                {
                    "code": code,
                    "label": countries.get(code, code),
                    "organisations": grouped[kind][code],
                }
                for code in sorted(grouped[kind], key=lambda c: str(countries.get(c, c)))
            ],
        }
        for kind in kinds
        if kind in grouped
    ]
    context = {"groups": groups, "sections": _rendered(request, site_sections(_language()))}
    return render(request, "tenants/home.html", context)


@org_view(public=True)
@public_page
def public_home(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    organisation = scope.organisation
    context = {
        "organisation": organisation,
        "sections": _rendered(
            request, home_sections(organisation, _language()), organisation=organisation
        ),
    }
    return render(request, "tenants/public_home.html", context)


@org_view(public=True)
@public_page
def site_css(request: HttpRequest) -> HttpResponse:
    """The organisation's colours as CSS custom properties (the Content-Security-Policy
    forbids inline styles). Its address carries the colour, so a changed colour is a new
    address and is seen at once; an address with the current version is cached for a year."""
    organisation = request.scope.organisation  # type: ignore[attr-defined]
    accent = organisation.accent_colour
    body = f":root {{ --brand: {accent}; --brand-dark: {darker(accent)}; }}\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == organisation.identity_version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=60"
    return response


@org_view(public=True)
@public_page
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    organisation = request.scope.organisation  # type: ignore[attr-defined]
    statement = AccessibilityStatement.objects.filter(organisation=organisation).first()
    context = {"organisation": organisation, "statement": statement}
    return render(request, "tenants/accessibility_statement.html", context)


@org_view(public=True)
@public_page
def privacy_notice(request: HttpRequest) -> HttpResponse:
    organisation = request.scope.organisation  # type: ignore[attr-defined]
    notice = PrivacyNotice.objects.filter(organisation=organisation).first()
    context = {"organisation": organisation, "notice": notice}
    return render(request, "tenants/privacy_notice.html", context)


@require_GET
def language_link(request: HttpRequest) -> HttpResponse:
    """The language links of the public pages, for visitors who are not signed in: the
    language cookie and back to the same page. Links rather than the switcher's form, whose
    CSRF token would make every page personal (and uncacheable). Signed-in people keep the
    form, which also stores their choice."""
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
    response["Cache-Control"] = "no-store"
    return response


# --- the back office -----------------------------------------------------------------------


def _settings_page(request: HttpRequest, profile: Any, identity: Any, status: int = 200):
    return _office(
        request,
        "tenants/settings_profile.html",
        {"form": profile, "identity_form": identity, "tab": "settings"},
        status,
    )


@org_view(roles=[Role.ADMIN])
@require_POST
def settings_identity(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    organisation = scope.organisation
    form = IdentityForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("logo")
        logo = None
        if upload:
            upload.seek(0)
            logo = site_services.LogoUpload(
                name=upload.name, fileobj=upload, alt_text=form.cleaned_data["logo_alt_text"]
            )
        try:
            site_services.organisation_identity_set(
                organisation=organisation,
                actor=request.user,
                accent_colour=form.cleaned_data["accent_colour"],
                logo=logo,
                remove_logo=form.cleaned_data["remove_logo"],
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "file" in error.error_dict:
                error = ValidationError({"logo": error.error_dict.pop("file"), **error.error_dict})
            _apply_errors(form, error)
        else:
            messages.success(request, _("The identity of the public site is saved."))
            return redirect("tenants:settings", org=organisation.slug)
    profile = OrganisationProfileForm(instance=organisation)
    return _settings_page(request, profile, form, status=400)


def _answers_page(
    request: HttpRequest,
    *,
    model: type[AccessibilityStatement] | type[PrivacyNotice],
    form_class: type[StatementForm] | type[PrivacyForm],
    setter: Any,
    template: str,
    tab: str,
    saved: str,
) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    organisation = scope.organisation
    instance = model.objects.filter(organisation=organisation).first()
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in form._meta.fields}  # type: ignore[union-attr]
        try:
            setter(organisation=organisation, actor=request.user, answers=answers, request=request)
        except ValidationError as error:
            _apply_errors(form, error)  # type: ignore[arg-type]
        else:
            messages.success(request, saved)
            return redirect(request.path)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "answered": instance is not None, "tab": tab}
    return _office(request, template, context, status)


@org_view(roles=[Role.ADMIN])
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest) -> HttpResponse:
    return _answers_page(
        request,
        model=AccessibilityStatement,
        form_class=StatementForm,
        setter=site_services.accessibility_statement_set,
        template="tenants/statement_edit.html",
        tab="statement",
        saved=_("The accessibility statement is saved and published."),
    )


@org_view(roles=[Role.ADMIN])
@require_http_methods(["GET", "POST"])
def privacy_edit(request: HttpRequest) -> HttpResponse:
    return _answers_page(
        request,
        model=PrivacyNotice,
        form_class=PrivacyForm,
        setter=site_services.privacy_notice_set,
        template="tenants/privacy_edit.html",
        tab="privacy",
        saved=_("The privacy notice is saved and published."),
    )


MENU_ACTIONS = {"up", "down", "hide", "show", "remove"}


@org_view(roles=[Role.ADMIN])
@require_http_methods(["GET", "POST"])
def menu_edit(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    organisation = scope.organisation
    form = MenuLinkForm(
        request.POST if request.POST.get("action") == "add" else None, organisation=organisation
    )
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        ref = request.POST.get("ref", "")[:120]
        common = {"organisation": organisation, "actor": request.user, "request": request}
        try:
            if action == "add":
                if form.is_valid():
                    site_services.menu_link_add(
                        labels=form.labels(), target=form.cleaned_data["target"], **common
                    )
                    messages.success(request, _("The link is added to the menu."))
                    return redirect("tenants:menu", org=organisation.slug)
            elif action in ("up", "down"):
                site_services.menu_item_move(ref=ref, offset=-1 if action == "up" else 1, **common)
                return redirect("tenants:menu", org=organisation.slug)
            elif action in ("hide", "show"):
                site_services.menu_item_show(ref=ref, shown=action == "show", **common)
                return redirect("tenants:menu", org=organisation.slug)
            elif action == "remove":
                site_services.menu_link_remove(ref=ref, **common)
                messages.success(request, _("The link is removed from the menu."))
                return redirect("tenants:menu", org=organisation.slug)
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except MenuItem.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            if form.is_bound:
                _apply_errors(form, error)
            else:
                errors = error.messages
    status = 400 if request.method == "POST" else 200
    context = {
        "errors": errors,
        "form": form,
        "rows": menu_editor_rows(organisation, _language()),
        "tab": "menu",
    }
    return _office(request, "tenants/menu_edit.html", context, status)
