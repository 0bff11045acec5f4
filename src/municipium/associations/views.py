"""Pages of an association: the public directory, application form and bodies; the member's
own page; the office's statute, members, fees, applications and bodies."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from municipium.audit.services import audit_record
from municipium.tenants.models import Organisation, Role
from municipium.tenants.navigation import OFFICE_FIGURES, OFFICE_NAV, NavItem, office_nav
from municipium.tenants.public import Section, public_page, register_home_section
from municipium.tenants.scoping import Scope, org_view, require_role

from . import forms, queries, services
from .models import PUBLIC_FIELDS, ApplicationState

MAX_UPLOAD = services.MAX_IMPORT_BYTES


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined]


def _errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


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


# --- public --------------------------------------------------------------------------------


@org_view(public=True)
@public_page
def directory(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    labels = dict(forms.PUBLIC_FIELD_LABELS)
    rows = queries.directory(organisation)
    for row in rows:
        row["fields"] = [(labels[name], value) for name, value in row["fields"]]
    context = {"organisation": organisation, "rows": rows}
    return render(request, "associations/directory.html", context)


@org_view(public=True)
def apply(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    form = forms.ApplicationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_submit(
                organisation=organisation,
                kind=data["kind"],
                name=data["name"],
                email=data["email"],
                category=data["category"],
                delegate_name=data["delegate_name"],
                town=data["town"],
                motivation=data["motivation"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return render(request, "associations/applied.html", {"organisation": organisation})
    status = 400 if form.errors else 200
    context = {"organisation": organisation, "form": form}
    return render(request, "associations/apply.html", context, status=status)


@org_view(public=True)
@public_page
def bodies(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    today = timezone.localdate()
    rows = []
    for body in queries.bodies(organisation):
        mandates = list(body.mandates.all())
        current = next((m for m in mandates if m.is_valid_on(today)), None)
        rows.append(
            {
                "body": body,
                "current": current,
                "past": [m for m in mandates if m is not current and m.starts_on <= today],
            }
        )
    return render(request, "associations/bodies.html", {"organisation": organisation, "rows": rows})


@org_view(public=True)
def my_membership(request: HttpRequest) -> HttpResponse:
    """The member's own page: their standing and what the directory shows about them. Anyone
    may open it; it says so when they are not signed in or not a member."""
    organisation = _scope(request).organisation
    member = queries.member_of_user(organisation, request.user)
    form = None
    standing = None
    if member is not None:
        initial = {"listed": member.is_listed, "shown": member.public_fields}
        form = forms.DirectoryForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            services.member_directory_set(
                member=member,
                actor=request.user,
                fields=form.cleaned_data["shown"],
                listed=form.cleaned_data["listed"],
            )
            messages.success(request, _("Your choice for the directory is saved."))
            return redirect("associations:my_membership", org=organisation.slug)
        standing = queries.standings(organisation, [member])[member.pk]
    elif request.method == "POST":
        return render(
            request,
            "associations/my_membership.html",
            {"organisation": organisation, "member": None},
            status=403,
        )
    context = {
        "organisation": organisation,
        "member": member,
        "form": form,
        "standing": standing,
    }
    return render(request, "associations/my_membership.html", context)


# --- office: statute -------------------------------------------------------------------------


@org_view(roles=[Role.ADMIN])
def office_statute(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    statute = services.statute_of(scope.organisation)
    form = forms.StatuteForm(
        request.POST or None, instance=statute, organisation=scope.organisation
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data.get(name) for name in services.STATUTE_FIELDS}
        try:
            services.statute_save(
                organisation=scope.organisation, actor=request.user, values=values, request=request
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The statute's rules are saved."))
            return redirect("associations:office_statute", org=scope.organisation.slug)
    context = {"form": form, "missing": statute.missing}
    status = 400 if form.errors else 200
    return _office(request, "associations/office_statute.html", context, status=status)


# --- office: members -------------------------------------------------------------------------


@org_view(roles=queries.STAFF_ROLES)
def office_members(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = forms.MemberForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST":
        require_role(scope, Role.ADMIN)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.member_add(
                    organisation=scope.organisation,
                    actor=request.user,
                    data=services.MemberData(
                        kind=data["kind"],
                        name=data["name"],
                        category=data["category"],
                        starts_on=data["starts_on"],
                        email=data["email"],
                        delegate_name=data["delegate_name"],
                        town=data["town"],
                    ),
                    request=request,
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The member is added."))
                return redirect("associations:office_members", org=scope.organisation.slug)
    former = request.GET.get("former") == "1"
    page = Paginator(
        queries.staff_members(scope, include_former=former), queries.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    members = list(page.object_list)
    standing = queries.standings(scope.organisation, members)
    context = {
        "page": page,
        "rows": [{"member": m, "standing": standing[m.pk]} for m in members],
        "form": form,
        "former": former,
        "can_edit": scope.has(Role.ADMIN),
    }
    status = 400 if form.errors else 200
    return _office(request, "associations/office_members.html", context, status=status)


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@org_view(roles=[Role.ADMIN])
@require_POST
def office_members_export(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    members = list(queries.staff_members(scope, include_former=True))
    standing = queries.standings(scope.organisation, members)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            "number",
            "kind",
            "name",
            "delegate",
            "email",
            "phone",
            "town",
            "category",
            "starts_on",
            "ends_on",
            "end_reason",
            "good_standing",
        ]
    )
    for m in members:
        writer.writerow(
            [
                m.pk,
                m.kind,
                _cell(m.name),
                _cell(m.delegate_name),
                _cell(m.email),
                _cell(m.phone),
                _cell(m.town),
                m.category.code,
                m.starts_on.isoformat(),
                m.ends_on.isoformat() if m.ends_on else "",
                m.end_reason,
                "yes" if standing[m.pk].good else "no",
            ]
        )
    audit_record(
        organisation=scope.organisation,
        actor=request.user,
        action="associations.members_export",
        changes={"rows": len(members)},
        request=request,
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"members-{scope.organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@org_view(roles=queries.STAFF_ROLES)
def office_member(request: HttpRequest, member_id: int) -> HttpResponse:
    scope = _scope(request)
    member = queries.member(scope, member_id)
    payment_form = forms.PaymentForm(
        request.POST if request.POST.get("form") == "payment" else None,
        initial={"year": timezone.localdate().year},
    )
    end_form = forms.EndForm(request.POST if request.POST.get("form") == "end" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "payment" and payment_form.is_valid():
                data = payment_form.cleaned_data
                services.payment_record(
                    member=member,
                    actor=request.user,
                    year=data["year"],
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    reference=data["reference"],
                    request=request,
                )
                messages.success(request, _("The payment is recorded."))
                return redirect(
                    "associations:office_member", org=scope.organisation.slug, member_id=member.pk
                )
            if request.POST.get("form") == "end":
                require_role(scope, Role.ADMIN)
                if end_form.is_valid():
                    data = end_form.cleaned_data
                    services.member_end(
                        member=member,
                        actor=request.user,
                        reason=data["reason"],
                        ends_on=data["ends_on"],
                        decision=data["decision"],
                        request=request,
                    )
                    messages.success(request, _("The end of the membership is recorded."))
                    return redirect(
                        "associations:office_member",
                        org=scope.organisation.slug,
                        member_id=member.pk,
                    )
        except ValidationError as error:
            _errors(payment_form if request.POST.get("form") == "payment" else end_form, error)
    context = {
        "member": member,
        "standing": queries.standings(scope.organisation, [member])[member.pk],
        "payments": list(member.payments.all()[:50]),
        "payment_form": payment_form,
        "end_form": end_form,
        "can_end": scope.has(Role.ADMIN) and member.ends_on is None,
        "public_fields": [
            forms.PUBLIC_FIELD_LABELS[n] for n in PUBLIC_FIELDS if n in member.public_fields
        ],
    }
    status = 400 if payment_form.errors or end_form.errors else 200
    return _office(request, "associations/office_member.html", context, status=status)


# --- office: applications ------------------------------------------------------------------


@org_view(roles=queries.STAFF_ROLES)
def office_applications(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    items = list(queries.applications(scope)[:200])
    context = {
        "pending": [a for a in items if a.state == ApplicationState.PENDING],
        "decided": [a for a in items if a.state != ApplicationState.PENDING],
        "form": forms.DecisionForm(),
    }
    return _office(request, "associations/office_applications.html", context)


@org_view(roles=queries.STAFF_ROLES)
@require_POST
def office_application_decide(request: HttpRequest, join_id: int, decision: str) -> HttpResponse:
    scope = _scope(request)
    application = queries.pending_application(scope, join_id)
    if decision not in ("accept", "refuse"):
        return HttpResponse(_("Unknown decision."), status=400, content_type="text/plain")
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.application_decide(
                application=application,
                actor=request.user,
                accept=decision == "accept",
                decision=form.cleaned_data["decision"],
                starts_on=form.cleaned_data["starts_on"],
                request=request,
            )
        except ValidationError as error:
            _errors(form, error)
    if form.errors:
        items = list(queries.applications(scope)[:200])
        context = {
            "pending": [a for a in items if a.state == ApplicationState.PENDING],
            "decided": [a for a in items if a.state != ApplicationState.PENDING],
            "form": form,
            "failed": application.pk,
        }
        return _office(request, "associations/office_applications.html", context, status=400)
    messages.success(request, _("The board's decision is recorded."))
    return redirect("associations:office_applications", org=scope.organisation.slug)


# --- office: categories, fees, import ------------------------------------------------------


@org_view(roles=[Role.ADMIN])
def office_fees(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    which = request.POST.get("form")
    category_form = forms.CategoryForm(request.POST if which == "category" else None)
    fee_form = forms.FeeForm(
        request.POST if which == "fee" else None, organisation=scope.organisation
    )
    import_form = forms.ImportForm(
        request.POST if which == "import" else None, request.FILES if which == "import" else None
    )
    report = None
    if request.method == "POST":
        try:
            if which == "category" and category_form.is_valid():
                services.category_save(
                    organisation=scope.organisation,
                    actor=request.user,
                    code=category_form.cleaned_data["code"],
                    name=category_form.cleaned_data["name"],
                )
                messages.success(request, _("The category is saved."))
                return redirect("associations:office_fees", org=scope.organisation.slug)
            if which == "fee" and fee_form.is_valid():
                services.fee_set(
                    organisation=scope.organisation,
                    actor=request.user,
                    category=fee_form.cleaned_data["category"],
                    year=fee_form.cleaned_data["year"],
                    amount=fee_form.cleaned_data["amount"],
                )
                messages.success(request, _("The fee is saved."))
                return redirect("associations:office_fees", org=scope.organisation.slug)
            if which == "import" and import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                data = upload.read(MAX_UPLOAD + 1)
                report = services.payments_import(
                    organisation=scope.organisation, actor=request.user, data=data, request=request
                )
                if not report.errors:
                    messages.success(
                        request,
                        _("%(count)s payments are imported.") % {"count": report.imported},
                    )
                    return redirect("associations:office_fees", org=scope.organisation.slug)
        except ValidationError as error:
            _errors(category_form if which == "category" else fee_form, error)
    context = {
        "categories": list(queries.categories(scope.organisation)),
        "fees": list(queries.fees(scope)[:200]),
        "category_form": category_form,
        "fee_form": fee_form,
        "import_form": import_form,
        "report": report,
    }
    failed = (
        category_form.errors or fee_form.errors or import_form.errors or (report and report.errors)
    )
    return _office(request, "associations/office_fees.html", context, status=400 if failed else 200)


# --- office: bodies and mandates -------------------------------------------------------------


@org_view(roles=[Role.ADMIN])
def office_bodies(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = forms.BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_create(
                organisation=scope.organisation,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                request=request,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The body is added."))
            return redirect("associations:office_bodies", org=scope.organisation.slug)
    today = timezone.localdate()
    rows = [
        {
            "body": body,
            "current": queries.current_mandate(body, today),
            "mandates": list(body.mandates.all()),
        }
        for body in queries.bodies(scope.organisation)
    ]
    status = 400 if form.errors else 200
    return _office(
        request, "associations/office_bodies.html", {"rows": rows, "form": form}, status=status
    )


@org_view(roles=[Role.ADMIN])
def office_mandate_new(request: HttpRequest, body_id: int) -> HttpResponse:
    scope = _scope(request)
    body = queries.body(scope, body_id)
    form = forms.MandateForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mandate_create(
                body=body,
                actor=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                elected_by=data["elected_by"],
                seats=data["seats"],
                request=request,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The mandate is recorded."))
            return redirect("associations:office_bodies", org=scope.organisation.slug)
    status = 400 if form.errors else 200
    context = {"body": body, "form": form}
    return _office(request, "associations/office_mandate.html", context, status=status)


# --- registration ----------------------------------------------------------------------------


def bodies_section(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    """The home page's link to the bodies and members, once the association has a body."""
    if organisation is None:
        return None
    from .models import Body

    if not Body.objects.filter(organisation=organisation).exists():
        return None
    return {"organisation": organisation}


def office_figures(scope: Scope) -> list[dict[str, Any]]:
    """One dashboard line per body with no valid mandate today."""
    if not scope.has(*queries.STAFF_ROLES):
        return []
    from django.urls import reverse

    url = reverse("associations:office_bodies", kwargs={"org": scope.organisation.slug})
    return [
        {
            "label": _("%(body)s has no valid mandate") % {"body": body.name},
            "value": "!",
            "url": url,
        }
        for body in queries.bodies_without_mandate(scope.organisation)
    ]


NAV = [
    NavItem(gettext_lazy("Members"), "associations:office_members", frozenset(queries.STAFF_ROLES)),
    NavItem(
        gettext_lazy("Applications to join"),
        "associations:office_applications",
        frozenset(queries.STAFF_ROLES),
    ),
    NavItem(
        gettext_lazy("Meetings"), "associations:office_meetings", frozenset(queries.STAFF_ROLES)
    ),
    NavItem(
        gettext_lazy("Elections"), "associations:office_elections", frozenset(queries.STAFF_ROLES)
    ),
    NavItem(gettext_lazy("Fees"), "associations:office_fees", frozenset({Role.ADMIN})),
    NavItem(
        gettext_lazy("Bodies and mandates"), "associations:office_bodies", frozenset({Role.ADMIN})
    ),
    NavItem(gettext_lazy("Statute"), "associations:office_statute", frozenset({Role.ADMIN})),
]


def register() -> None:
    register_home_section(
        Section(
            key="associations",
            order=60,
            template="associations/_home.html",
            context=bodies_section,
        )
    )
    for item in NAV:
        if item not in OFFICE_NAV:
            OFFICE_NAV.append(item)
    if office_figures not in OFFICE_FIGURES:
        OFFICE_FIGURES.append(office_figures)
