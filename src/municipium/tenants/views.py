from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from municipium.accounts.services import send_invitation
from municipium.registry.files import file_response

from . import queries, services
from .forms import MemberAddForm, MemberEditForm, OrganisationProfileForm, UnitForm
from .models import Membership, PublicFile, Role, Unit
from .navigation import office_figures, office_nav
from .scoping import memberships_of, org_view


def _office(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    scope = request.scope  # type: ignore[attr-defined]
    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        **context,
    }
    return render(request, template, context, status=status)


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def home(request: HttpRequest) -> HttpResponse:
    """The installation's home page (its view lives with the public site's)."""
    from .site_views import site_home

    return site_home(request)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("tenants:office", org=memberships[0].organisation.slug)
    return render(request, "tenants/dashboard.html", {"memberships": memberships})


@org_view(public=True)
def public_file(request: HttpRequest, public_file_id: int, name: str) -> HttpResponseBase:
    """A file of the organisation's public site (anyone may read it): images in place,
    documents as downloads, never sniffed; cached by browsers, since its bytes never change
    under its address."""
    scope = request.scope  # type: ignore[attr-defined]
    found = scope.get(PublicFile.objects.select_related("file"), pk=public_file_id)
    if found.name != name:
        raise Http404
    response = file_response(found.file, found.name, found.mime, inline=found.kind == "image")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@org_view()
def office_home(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    role_labels = [Role(code).label for code in sorted(scope.roles)]
    context = {"role_labels": role_labels, "figures": office_figures(scope)}
    return _office(request, "tenants/office_home.html", context)


@org_view(roles=[Role.ADMIN])
def settings_profile(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    organisation = scope.organisation
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.ORG_PROFILE_FIELDS}
        organisation.refresh_from_db()  # the form wrote into the instance; diff from the stored row
        services.organisation_update(
            organisation=organisation, actor=request.user, fields=fields, request=request
        )
        messages.success(request, _("The organisation's details are saved."))
        return redirect("tenants:settings", org=organisation.slug)
    from .site_forms import IdentityForm

    identity = IdentityForm(initial={"accent_colour": organisation.accent_colour})
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "identity_form": identity, "tab": "settings"}
    return _office(request, "tenants/settings_profile.html", context, status)


@org_view(roles=[Role.ADMIN])
def units(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = UnitForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                organisation=scope.organisation,
                actor=request.user,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The unit %(unit)s is added.") % {"unit": unit})
            return redirect("tenants:units", org=scope.organisation.slug)
    unit_list = queries.units_of(scope).annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    )
    status = 400 if request.method == "POST" else 200
    return _office(request, "tenants/units.html", {"form": form, "units": unit_list}, status)


@org_view(roles=[Role.ADMIN])
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    unit = scope.get(Unit.objects.select_related("parent"), pk=unit_id)
    initial = {
        "code": unit.code,
        "name": unit.name,
        "parent": unit.parent,
        "is_active": unit.is_active,
    }
    form = UnitForm(request.POST or None, initial=initial, organisation=scope.organisation)
    form.fields["parent"].queryset = queries.units_of(scope).exclude(pk=unit.pk)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                unit=unit, actor=request.user, fields=dict(form.cleaned_data), request=request
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The unit is saved."))
            return redirect("tenants:units", org=scope.organisation.slug)
    status = 400 if request.method == "POST" else 200
    return _office(request, "tenants/unit_edit.html", {"form": form, "unit": unit}, status)


@org_view(roles=[Role.ADMIN])
def members(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form = MemberAddForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = services.membership_add(
                organisation=scope.organisation,
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                roles=form.cleaned_data["roles"],
                unit=form.cleaned_data["unit"],
                position=form.cleaned_data["position"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if created:
                send_invitation(
                    user=membership.user,
                    organisation_name=scope.organisation.name,
                    invited_by=request.user,
                )
                messages.success(
                    request,
                    _("%(name)s is added and has been sent an invitation by e-mail.")
                    % {"name": membership.user},
                )
            else:
                messages.success(request, _("%(name)s is added.") % {"name": membership.user})
            return redirect("tenants:members", org=scope.organisation.slug)
    status = 400 if request.method == "POST" else 200
    return _office(
        request,
        "tenants/members.html",
        {"form": form, "members": queries.members_of(scope)},
        status,
    )


@org_view(roles=[Role.ADMIN])
def member_edit(request: HttpRequest, membership_id: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    membership = scope.get(Membership.objects.select_related("user", "unit"), pk=membership_id)
    initial = {
        "roles": membership.role_codes,
        "unit": membership.unit,
        "position": membership.position,
        "is_active": membership.is_active,
    }
    form = MemberEditForm(request.POST or None, initial=initial, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=membership,
                actor=request.user,
                roles=form.cleaned_data["roles"],
                unit=form.cleaned_data["unit"],
                position=form.cleaned_data["position"],
                is_active=form.cleaned_data["is_active"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("The roles of %(name)s are saved.") % {"name": membership.user}
            )
            return redirect("tenants:members", org=scope.organisation.slug)
    status = 400 if request.method == "POST" else 200
    return _office(
        request, "tenants/member_edit.html", {"form": form, "membership": membership}, status
    )
