"""Pages of the exchange groups and the good-practice library: the network's public list of
practices (with a tag filter) and a page per practice with its adoptions; a group's page for
its coordinator and members; the practice's working page (edit, send for review, review,
publish); the office's groups and the table of practices that spread."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.tenants.models import Organisation
from municipium.tenants.public import public_page
from municipium.tenants.scoping import Scope, org_view

from . import practice_forms as forms
from . import practice_services as ps
from .practices import Adoption, Group, Practice, PracticeState
from .queries import STAFF_ROLES


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined]


def _errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _user_by_email(email: str) -> Any:
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def _published(organisation: Organisation) -> Any:
    return Practice.objects.filter(organisation=organisation, state=PracticeState.PUBLISHED)


# --- public --------------------------------------------------------------------------------


@org_view(public=True)
@public_page
def practices(request: HttpRequest) -> HttpResponse:
    organisation = _scope(request).organisation
    tag = request.GET.get("tag", "").strip()[:60]
    rows = list(
        _published(organisation)
        .select_related("source_organisation")
        .annotate(adopted=Count("adoptions"))
        .order_by("-published_at")
    )
    tags = sorted({t for p in rows for t in p.tag_list}, key=str.casefold)
    if tag:
        rows = [p for p in rows if tag.casefold() in (t.casefold() for t in p.tag_list)]
    context = {"organisation": organisation, "rows": rows, "tags": tags, "tag": tag}
    return render(request, "associations/practices.html", context)


def _adopter_organisations(request: HttpRequest, practice: Practice) -> Any:
    if not request.user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            memberships__user=request.user,
            memberships__is_active=True,
            memberships__roles__role__in=ps.ADOPTER_ROLES,
            is_active=True,
        )
        .exclude(pk=practice.source_organisation_id)
        .distinct()
        .order_by("name")
    )


@org_view(public=True)
@public_page
def practice(request: HttpRequest, practice_id: int) -> HttpResponse:
    organisation = _scope(request).organisation
    found = get_object_or_404(
        _published(organisation).select_related("source_organisation", "group"), pk=practice_id
    )
    adoptions = list(found.adoptions.select_related("organisation").order_by("adopted_on"))
    organisations = _adopter_organisations(request, found)
    form = forms.AdoptionForm(organisations=organisations) if organisations.exists() else None
    context = {
        "organisation": organisation,
        "practice": found,
        "adoptions": adoptions,
        "form": form,
    }
    return render(request, "associations/practice.html", context)


@org_view(public=True)
@require_POST
def practice_adopt(request: HttpRequest, practice_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _scope(request).organisation
    found = get_object_or_404(_published(organisation), pk=practice_id)
    organisations = _adopter_organisations(request, found)
    if not organisations.exists():
        raise PermissionDenied
    form = forms.AdoptionForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            ps.adoption_mark(
                practice=found,
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Your organisation is shown as having adopted it."))
            return redirect("associations:practice", org=organisation.slug, practice_id=found.pk)
    context = {
        "organisation": organisation,
        "practice": found,
        "adoptions": list(found.adoptions.select_related("organisation")),
        "form": form,
    }
    return render(request, "associations/practice.html", context, status=400)


# --- groups --------------------------------------------------------------------------------


@org_view(roles=STAFF_ROLES)
def office_groups(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = forms.GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["coordinator_email"]
        coordinator = _user_by_email(email)
        if email and coordinator is None:
            form.add_error("coordinator_email", _("No account has this e-mail address."))
        else:
            group = ps.group_save(
                organisation=scope.organisation,
                actor=request.user,
                name=form.cleaned_data["name"],
                purpose=form.cleaned_data["purpose"],
                coordinator=coordinator,
                request=request,
            )
            messages.success(request, _("The group is created."))
            return redirect("associations:group", org=scope.organisation.slug, group_id=group.pk)
    groups = (
        Group.objects.filter(organisation=scope.organisation)
        .select_related("coordinator")
        .annotate(people=Count("members", distinct=True))
    )
    from municipium.tenants.navigation import office_nav

    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        "groups": groups,
        "form": form,
    }
    return render(
        request, "associations/office_groups.html", context, status=400 if form.errors else 200
    )


GROUP_FORMS = {
    "member": forms.GroupMemberForm,
    "meeting": forms.GroupMeetingForm,
    "outcome": forms.OutcomeForm,
}


@org_view(public=True)
def group(request: HttpRequest, group_id: int) -> HttpResponse:
    """The group's page: its members see it; its coordinator and the association's staff add
    members, meetings and outcomes."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _scope(request).organisation
    found = get_object_or_404(
        Group.objects.select_related("coordinator", "organisation"),
        pk=group_id,
        organisation=organisation,
    )
    manager = ps.can_manage_group(request.user, found)
    if not manager and not ps.is_group_member(request.user, found):
        raise PermissionDenied
    kind = request.POST.get("form", "")
    bound: dict[str, BaseForm] = {}
    for name, form_class in GROUP_FORMS.items():
        data = request.POST if request.method == "POST" and kind == name else None
        extra = {"group": found} if name == "outcome" else {}
        bound[name] = form_class(data, prefix=name, **extra)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        form = bound.get(kind)
        if form is None:
            raise Http404
        if form.is_valid():
            values: dict[str, Any] = form.cleaned_data
            try:
                if kind == "member":
                    ps.group_member_add(
                        group=found,
                        actor=request.user,
                        name=values["name"],
                        member_organisation=values["member_organisation"],
                        user=_user_by_email(values["email"]),
                        request=request,
                    )
                elif kind == "meeting":
                    ps.group_meeting_add(
                        group=found,
                        actor=request.user,
                        held_on=values["held_on"],
                        place=values["place"],
                        notes=values["notes"],
                        request=request,
                    )
                else:
                    ps.outcome_add(
                        group=found,
                        actor=request.user,
                        text=values["text"],
                        reached_on=values["reached_on"],
                        practices=list(values["practices"]),
                        request=request,
                    )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("associations:group", org=organisation.slug, group_id=found.pk)
    status = 400 if any(form.errors for form in bound.values()) else 200
    context = {
        "organisation": organisation,
        "group": found,
        "manager": manager,
        "members": found.members.select_related("member_organisation"),
        "meetings": found.meetings.all(),
        "outcomes": found.outcomes.prefetch_related("practices"),
        "practices": found.practices.all(),
        "forms": bound,
    }
    return render(request, "associations/group.html", context, status=status)


# --- practices: writing, review, publication -------------------------------------------------


def _may_write(user: Any, organisation: Organisation) -> bool:
    return ps.is_staff(user, organisation) or (
        Group.objects.filter(organisation=organisation, coordinator=user).exists()
        or Group.objects.filter(organisation=organisation, members__user=user).exists()
    )


@org_view(public=True)
def practice_edit(request: HttpRequest, practice_id: int | None = None) -> HttpResponse:
    """Write a practice (new, or a draft of one's own): group members, coordinators and the
    association's staff."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _scope(request).organisation
    found = None
    if practice_id is not None:
        found = get_object_or_404(Practice, pk=practice_id, organisation=organisation)
        if not ps.can_edit_practice(request.user, found):
            raise PermissionDenied
    elif not _may_write(request.user, organisation):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    if found is not None:
        initial = {name: getattr(found, name) for name in ps.PRACTICE_FIELDS}
        initial |= {"source_organisation": found.source_organisation, "group": found.group}
    form = forms.PracticeForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = ps.practice_save(
                organisation=organisation,
                actor=request.user,
                values=form.cleaned_data,
                source_organisation=form.cleaned_data["source_organisation"],
                group=form.cleaned_data["group"],
                practice=found,
                request=request,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The practice is saved."))
            return redirect(
                "associations:practice_work", org=organisation.slug, practice_id=saved.pk
            )
    context = {"organisation": organisation, "practice": found, "form": form}
    return render(
        request, "associations/practice_edit.html", context, status=400 if form.errors else 200
    )


@org_view(public=True)
def practice_work(request: HttpRequest, practice_id: int) -> HttpResponse:
    """The practice's working page: its author edits and sends it for review and reads the
    reviewers' comments; peers review; the association's staff publish."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = _scope(request).organisation
    found = get_object_or_404(
        Practice.objects.select_related("source_organisation", "group", "author"),
        pk=practice_id,
        organisation=organisation,
    )
    user = request.user
    author = found.author_id == user.pk
    staff = ps.is_staff(user, organisation)
    reviewer = ps.may_review(user, found)
    if not (author or staff or reviewer):
        raise PermissionDenied
    review_form = forms.ReviewForm(request.POST if request.POST.get("step") == "review" else None)
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "submit" and (author or staff):
                ps.practice_submit(practice=found, actor=user, request=request)
                messages.success(request, _("The practice is sent for review."))
            elif step == "publish":
                ps.practice_publish(practice=found, actor=user, request=request)
                messages.success(request, _("The practice is published."))
            elif step == "review":
                if not review_form.is_valid():
                    raise ValidationError(_("Choose approve or send back."))
                ps.practice_review(
                    practice=found,
                    actor=user,
                    approved=review_form.cleaned_data["approved"],
                    comment=review_form.cleaned_data["comment"],
                    request=request,
                )
                messages.success(request, _("Your review is recorded."))
            else:
                raise PermissionDenied
        except ValidationError as error:
            _errors(review_form, error)
        else:
            return redirect(
                "associations:practice_work", org=organisation.slug, practice_id=found.pk
            )
    reviews = list(found.reviews.select_related("reviewer"))
    context = {
        "organisation": organisation,
        "practice": found,
        "reviews": reviews,
        "approvals": ps.approvals(found),
        "needed": ps.REVIEWS_NEEDED,
        "may_edit": ps.can_edit_practice(user, found),
        "may_submit": (author or staff) and found.state == PracticeState.DRAFT,
        "may_review": reviewer
        and found.state == PracticeState.REVIEW
        and all(r.reviewer_id != user.pk for r in reviews),
        "may_publish": staff and found.state == PracticeState.REVIEW,
        "review_form": review_form,
    }
    return render(
        request,
        "associations/practice_work.html",
        context,
        status=400 if review_form.errors else 200,
    )


@org_view(roles=STAFF_ROLES)
def office_practices(request: HttpRequest) -> HttpResponse:
    """Every practice of the network with its state, and which ones spread: the adoptions
    count and the organisations that adopted each."""
    scope = _scope(request)
    rows = list(
        Practice.objects.filter(organisation=scope.organisation)
        .select_related("source_organisation")
        .annotate(adopted=Count("adoptions"))
        .order_by("-adopted", "title")
    )
    adopters: dict[int, list[str]] = {}
    for adoption in Adoption.objects.filter(practice__organisation=scope.organisation).values(
        "practice_id", "organisation__name"
    ):
        adopters.setdefault(adoption["practice_id"], []).append(adoption["organisation__name"])
    for row in rows:
        row.adopters = sorted(adopters.get(row.pk, []))  # type: ignore[attr-defined]
    from municipium.tenants.navigation import office_nav

    context = {
        "organisation": scope.organisation,
        "nav": office_nav(scope, request.path),
        "rows": rows,
    }
    return render(request, "associations/office_practices.html", context)
