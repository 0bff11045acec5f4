"""The office's pages: the list, a new consultation, its details, the draft's structure
(pasted text or an imported DOCX/ODT, corrected before publishing), documents, the steps
(publish, close, publish the report, act adopted), the comments with their answers and
moderation, comments received on paper, and the organisation's rule sets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipium.registry.files import UploadRefused
from municipium.tenants.models import PublicFileKind, Role
from municipium.tenants.navigation import office_nav
from municipium.tenants.scoping import org_view
from municipium.tenants.services import public_file_add

from .. import drafts
from ..forms.consultations import (
    AdoptForm,
    AnswerForm,
    ConsultationForm,
    DocumentForm,
    DraftForm,
    HideForm,
    PaperCommentForm,
    RuleSetForm,
)
from ..models import Comment, Consultation, Outcome, RuleSet, State
from ..queries import consultations as queries
from ..services import comments as comment_services
from ..services import consultations as services
from ..services import report as report_services
from ..services import rules as rule_services
from ..services.rules import rule_violations

EDITORS = (Role.MANAGER, Role.OFFICIAL)
COMMENTS_PER_PAGE = 20


def _scope(request: HttpRequest) -> Any:
    return request.scope  # type: ignore[attr-defined]


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
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


def _details(form: ConsultationForm) -> services.Details:
    data = form.cleaned_data
    return services.Details(
        title=data["title"],
        act_kind=data["act_kind"],
        summary=data.get("summary", ""),
        rule_set=data["rule_set"],
        responsible=data["responsible"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        unit=data.get("unit"),
        shortened_reason=data.get("shortened_reason", ""),
        forms=data.get("forms") or [],
        meetings=data.get("meetings", ""),
    )


@org_view(roles=EDITORS)
def office_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    rows = list(queries.office_list(scope)[:200])
    return _office(request, "consultations/office_list.html", {"rows": rows})


@org_view(roles=EDITORS)
def office_new(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    rule_services.rule_sets_ensure(organisation=scope.organisation)
    if request.method == "POST":
        form = ConsultationForm(request.POST, organisation=scope.organisation)
        if form.is_valid():
            try:
                consultation = services.consultation_create(
                    organisation=scope.organisation,
                    actor=request.user,
                    details=_details(form),
                    draft_text=form.cleaned_data.get("draft_text", ""),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The consultation is saved; it is not public yet."))
                return redirect(
                    "consultations:office_detail",
                    org=scope.organisation.slug,
                    consultation_id=consultation.pk,
                )
        status = 400
    else:
        now = timezone.localtime().replace(second=0, microsecond=0)
        default = RuleSet.objects.filter(organisation=scope.organisation, is_default=True).first()
        days = default.min_days if default else 30
        form = ConsultationForm(
            organisation=scope.organisation,
            initial={
                "rule_set": default,
                "responsible": request.user,
                "opens_at": now,
                "closes_at": now + timedelta(days=days),
            },
        )
        status = 200
    return _office(request, "consultations/office_new.html", {"form": form}, status=status)


def _detail_context(consultation: Consultation, form: ConsultationForm | None) -> dict[str, Any]:
    version = services.current_version(consultation)
    articles = queries.structure(version)
    plan_errors = (
        rule_violations(consultation.rule_set, services._plan(consultation))
        if consultation.state == State.DRAFT
        else {}
    )
    return {
        "consultation": consultation,
        "form": form,
        "version": version,
        "articles": articles,
        "documents": list(consultation.documents.select_related("file", "file__organisation")),
        "document_form": DocumentForm(),
        "adopt_form": AdoptForm(),
        "rule_problems": [m for messages_ in plan_errors.values() for m in messages_],
        "unanswered": len(report_services.unanswered(consultation))
        if consultation.state != State.DRAFT
        else 0,
        "can_close": consultation.state == State.OPEN and timezone.now() >= consultation.closes_at,
    }


def _initial(consultation: Consultation) -> dict[str, Any]:
    return {
        "title": consultation.title,
        "act_kind": consultation.act_kind,
        "summary": consultation.summary,
        "rule_set": consultation.rule_set,
        "unit": consultation.unit,
        "responsible": consultation.responsible,
        "opens_at": timezone.localtime(consultation.opens_at),
        "closes_at": timezone.localtime(consultation.closes_at),
        "shortened_reason": consultation.shortened_reason,
        "forms": consultation.forms,
        "meetings": consultation.meetings,
    }


@org_view(roles=EDITORS)
def office_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    scope = _scope(request)
    consultation = queries.office_consultation(scope, consultation_id)
    status = 200
    if request.method == "POST":
        form = ConsultationForm(request.POST, organisation=scope.organisation, editing=True)
        if form.is_valid():
            try:
                services.consultation_update(
                    consultation=consultation, actor=request.user, details=_details(form)
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The consultation is saved."))
                return redirect(
                    "consultations:office_detail",
                    org=scope.organisation.slug,
                    consultation_id=consultation.pk,
                )
        status = 400
    else:
        form = ConsultationForm(
            organisation=scope.organisation, editing=True, initial=_initial(consultation)
        )
    return _office(
        request,
        "consultations/office_detail.html",
        _detail_context(consultation, form),
        status=status,
    )


@org_view(roles=EDITORS)
def office_draft(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The draft as text with its article headings: staff correct the recognised structure
    (or import a DOCX/ODT file) and save; after publication a save makes a new version."""
    scope = _scope(request)
    consultation = queries.office_consultation(scope, consultation_id)
    version = services.current_version(consultation)
    status = 200
    if request.method == "POST":
        form = DraftForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lines = None
                if data.get("file"):
                    lines = services.read_import(data["file"].name, data["file"])
                services.draft_save(
                    consultation=consultation,
                    actor=request.user,
                    text=data.get("text") or "",
                    lines=lines,
                    note=data.get("note") or "",
                )
            except UploadRefused as refused:
                form.add_error("file", str(refused))
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("The draft is saved: check the articles recognised below.")
                )
                return redirect(
                    "consultations:office_draft",
                    org=scope.organisation.slug,
                    consultation_id=consultation.pk,
                )
        status = 400
    else:
        articles = queries.structure(version)
        form = DraftForm(initial={"text": drafts.serialise(articles)})
    context = {
        "consultation": consultation,
        "version": version,
        "articles": queries.structure(version),
        "form": form,
        "new_version": consultation.state != State.DRAFT,
    }
    return _office(request, "consultations/office_draft.html", context, status=status)


@org_view(roles=EDITORS)
@require_POST
def office_document(request: HttpRequest, consultation_id: int) -> HttpResponse:
    scope = _scope(request)
    consultation = queries.office_consultation(scope, consultation_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            file = public_file_add(
                organisation=scope.organisation,
                actor=request.user,
                name=data["file"].name,
                fileobj=data["file"],
                kind=PublicFileKind.DOCUMENT,
                title=data.get("title", ""),
                request=request,
            )
            services.document_add(
                consultation=consultation, actor=request.user, kind=data["kind"], file=file
            )
        except ValidationError as error:  # UploadRefused is one
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The document is added."))
    else:
        messages.error(request, _("Choose the kind of document and its file."))
    return redirect(
        "consultations:office_detail", org=scope.organisation.slug, consultation_id=consultation.pk
    )


ACTIONS = ("publish", "close", "report", "adopt")


@org_view(roles=EDITORS)
@require_POST
def office_action(request: HttpRequest, consultation_id: int, action: str) -> HttpResponse:
    scope = _scope(request)
    consultation = queries.office_consultation(scope, consultation_id)
    back = redirect(
        "consultations:office_detail", org=scope.organisation.slug, consultation_id=consultation.pk
    )
    if action not in ACTIONS:
        messages.error(request, _("This action is not possible."))
        return back
    try:
        if action == "publish":
            services.consultation_publish(consultation=consultation, actor=request.user)
            messages.success(request, _("The consultation is published."))
        elif action == "close":
            services.consultation_close(consultation=consultation, actor=request.user)
            messages.success(request, _("The consultation is closed."))
        elif action == "report":
            report_services.report_publish(consultation=consultation, actor=request.user)
            messages.success(request, _("The report is published."))
        else:
            adopt = AdoptForm(request.POST)
            note = adopt.cleaned_data["note"] if adopt.is_valid() else ""
            services.consultation_adopt(consultation=consultation, actor=request.user, note=note)
            messages.success(request, _("The act is recorded as adopted."))
    except ValidationError as error:
        if action == "publish":
            # The rules broken, as errors on the fields they concern.
            form = ConsultationForm(
                organisation=scope.organisation,
                editing=True,
                data={
                    **{k: v for k, v in _initial(consultation).items() if k != "forms"},
                    "rule_set": consultation.rule_set.pk,
                    "responsible": consultation.responsible.pk,
                    "unit": consultation.unit.pk if consultation.unit else "",
                    "opens_at": timezone.localtime(consultation.opens_at).strftime(
                        "%Y-%m-%dT%H:%M"
                    ),
                    "closes_at": timezone.localtime(consultation.closes_at).strftime(
                        "%Y-%m-%dT%H:%M"
                    ),
                    "forms": consultation.forms,
                },
            )
            form.is_valid()
            _apply_errors(form, error)
            return _office(
                request,
                "consultations/office_detail.html",
                _detail_context(consultation, form),
                status=400,
            )
        for message in error.messages:
            messages.error(request, message)
    return back


def _comment_rows(
    consultation: Consultation, after: int | None
) -> tuple[list[Comment], int | None]:
    rows = Comment.objects.filter(consultation=consultation, parent__isnull=True)
    if after is not None:
        rows = rows.filter(id__gt=after)
    found = list(
        rows.select_related("answer", "answer__answered_by").order_by("id")[: COMMENTS_PER_PAGE + 1]
    )
    more = len(found) > COMMENTS_PER_PAGE
    found = found[:COMMENTS_PER_PAGE]
    return found, (found[-1].pk if more and found else None)


@org_view(roles=EDITORS)
def office_comments(request: HttpRequest, consultation_id: int) -> HttpResponse:
    scope = _scope(request)
    consultation = queries.office_consultation(scope, consultation_id)
    raw = request.GET.get("after", "")
    after = int(raw) if raw.isdigit() and len(raw) < 18 else None
    version = services.current_version(consultation)
    choices = [("", _("The whole draft"))] + [
        (str(a.anchor), str(a)) for a in version.articles.all()
    ]
    status = 200
    if request.method == "POST":
        form = PaperCommentForm(request.POST)
        form.fields["article"].widget.choices = choices
        if form.is_valid():
            data = form.cleaned_data
            try:
                comment_services.comment_enter(
                    consultation=consultation,
                    actor=request.user,
                    body=data["body"],
                    author_name=data["author_name"],
                    channel=data["channel"],
                    received_at=data["received_at"],
                    show_name=data["show_name"],
                    organisation_name=data.get("organisation_name", ""),
                    registry_number=data.get("registry_number", ""),
                    article_anchor=data.get("article"),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The comment is entered."))
                return redirect(
                    "consultations:office_comments",
                    org=scope.organisation.slug,
                    consultation_id=consultation.pk,
                )
        status = 400
    else:
        form = PaperCommentForm(
            initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
        form.fields["article"].widget.choices = choices
    comments, next_after = _comment_rows(consultation, after)
    context = {
        "consultation": consultation,
        "rows": [
            {
                "comment": c,
                "answer_form": AnswerForm(
                    prefix=f"c{c.pk}",
                    initial={"outcome": c.answer.outcome, "reason": c.answer.reason}
                    if hasattr(c, "answer")
                    else {},
                ),
            }
            for c in comments
        ],
        "next_after": next_after,
        "form": form,
        "hide_form": HideForm(),
        "outcomes": Outcome.choices,
        "can_enter": consultation.state in (State.OPEN, State.CLOSED)
        and not consultation.report_published_at,
    }
    return _office(request, "consultations/office_comments.html", context, status=status)


COMMENT_ACTIONS = ("answer", "hide", "show")


@org_view(roles=EDITORS)
@require_POST
def office_comment(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    scope = _scope(request)
    comment = queries.office_comment(scope, comment_id)
    back = redirect(
        "consultations:office_comments",
        org=scope.organisation.slug,
        consultation_id=comment.consultation_id,
    )
    try:
        if action == "answer":
            form: Form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
            if not form.is_valid():
                raise ValidationError(_("Choose an answer from the list."))
            comment_services.answer_save(
                comment=comment,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data.get("reason", ""),
            )
            messages.success(request, _("The answer is saved."))
        elif action == "hide":
            form = HideForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the reason, which is shown instead."))
            comment_services.comment_hide(
                comment=comment, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The comment is hidden."))
        elif action == "show":
            comment_services.comment_show(comment=comment, actor=request.user)
            messages.success(request, _("The comment is shown again."))
        else:
            messages.error(request, _("This action is not possible."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"#{comment.pk}: {message}")
    return back


@org_view(roles=EDITORS)
def office_rules(request: HttpRequest, rule_set_id: int | None = None) -> HttpResponse:
    scope = _scope(request)
    rule_services.rule_sets_ensure(organisation=scope.organisation)
    rule_set = scope.get(RuleSet.objects.all(), pk=rule_set_id) if rule_set_id else None
    status = 200
    if request.method == "POST":
        form = RuleSetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                rule_services.rule_set_save(
                    organisation=scope.organisation,
                    actor=request.user,
                    rule_set=rule_set,
                    code=data["code"],
                    name=data["name"],
                    legal_basis=data["legal_basis"],
                    min_days=data["min_days"],
                    shortened_min_days=data.get("shortened_min_days"),
                    requires_motives=data["requires_motives"],
                    report_required=data["report_required"],
                    participants=data["participants"],
                    required_forms=data.get("required_forms") or [],
                    is_default=data["is_default"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The rule set is saved."))
                return redirect("consultations:office_rules", org=scope.organisation.slug)
        status = 400
    elif rule_set is not None:
        form = RuleSetForm(
            initial={
                "code": rule_set.code,
                "name": rule_set.name,
                "legal_basis": rule_set.legal_basis,
                "min_days": rule_set.min_days,
                "shortened_min_days": rule_set.shortened_min_days,
                "requires_motives": rule_set.requires_motives,
                "report_required": rule_set.report_required,
                "participants": rule_set.participants,
                "required_forms": rule_set.required_forms,
                "is_default": rule_set.is_default,
            }
        )
    else:
        form = RuleSetForm(initial={"report_required": True, "required_forms": ["online"]})
    context = {
        "rule_sets": list(RuleSet.objects.filter(organisation=scope.organisation)),
        "rule_set": rule_set,
        "form": form,
    }
    return _office(request, "consultations/office_rules.html", context, status=status)
