from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Membership, Role, Unit
from municipium.tenants.scoping import Scope
from municipium.widgets import DateInput

from . import queries
from .models import (
    Channel,
    Confidentiality,
    CorrespondentKind,
    Direction,
    DocumentKind,
    FilePlanItem,
    IdentifierType,
    Register,
    RegisterScope,
    Status,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            cleaned = [single(item, initial) for item in data]
        else:
            cleaned = [single(data, initial)]
        return [item for item in cleaned if item]


def _file_help() -> str:
    from django.conf import settings

    from .files import accepted_extensions

    return _("Up to %(mb)d MB each. Accepted: %(types)s. The type is checked from the content.") % {
        "mb": settings.UPLOAD_MAX_MB,
        "types": accepted_extensions().replace(",", ", "),
    }


class RegistrationForm(forms.Form):
    """The registrar's fast form: the fields in the order they are read off a letter."""

    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    register = forms.ModelChoiceField(
        label=_("Register"), queryset=Register.objects.none(), to_field_name="code"
    )
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=DocumentKind.objects.none(), to_field_name="code"
    )
    subject = forms.CharField(label=_("Subject"), max_length=500)
    correspondent_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    correspondent_name = forms.CharField(
        label=_("Correspondent"),
        max_length=200,
        required=False,
        help_text=_(
            "A name, or an identifier such as an EGN, PESEL, EIK or NIP. An existing "
            "correspondent with the same identifier is reused."
        ),
    )
    correspondent_kind = forms.ChoiceField(
        label=_("Correspondent is a"),
        choices=CorrespondentKind.choices,
        required=False,
        initial=CorrespondentKind.PERSON,
    )
    identifier_type = forms.ChoiceField(
        label=_("Identifier type"), choices=IdentifierType.choices, required=False
    )
    identifier = forms.CharField(label=_("Identifier"), max_length=20, required=False)
    correspondent_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    correspondent_email = forms.EmailField(label=_("E-mail"), required=False)
    correspondent_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    channel = forms.ChoiceField(label=_("Delivery channel"), choices=Channel.choices)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())
    sheets = forms.IntegerField(label=_("Number of sheets"), min_value=0, initial=1)
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial="internal"
    )
    readers = forms.ModelMultipleChoiceField(
        label=_("Named readers"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Only for confidential documents: the people who may read it."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    upload = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .files import accepted_extensions

        self.fields["upload"].help_text = _file_help()
        self.fields["upload"].widget.attrs["accept"] = accepted_extensions()
        direction = self.data.get("direction") if self.is_bound else self.initial.get("direction")
        if direction == Direction.OUTGOING:
            # An outgoing letter is sent, not received (issue 16).
            self.fields["channel"].label = _("Sent by")
            del self.fields["received_on"]
        self.fields["correspondent_name"].widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse(
                    "registry:correspondents", kwargs={"org": scope.organisation.slug}
                ),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#correspondent-suggestions",
                "aria-controls": "correspondent-suggestions",
            }
        )
        self.fields["correspondent_name"].suggestions_box = "correspondent-suggestions"  # type: ignore[attr-defined]
        self.fields["register"].queryset = queries.registers_of(scope).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["kind"].queryset = queries.kinds_of(scope).filter(is_active=True)  # type: ignore[attr-defined]
        members = get_user_model().objects.filter(
            memberships__organisation=scope.organisation, memberships__is_active=True
        )
        self.fields["readers"].queryset = members.order_by("full_name")  # type: ignore[attr-defined]

    def clean_received_on(self) -> Any:
        value = self.cleaned_data.get("received_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A document cannot be received in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("identifier") and not cleaned.get("identifier_type"):
            self.add_error("identifier_type", _("Say what kind of identifier this is."))
        if cleaned.get("direction") == Direction.INCOMING and not (
            cleaned.get("correspondent_id") or cleaned.get("correspondent_name")
        ):
            self.add_error("correspondent_name", _("Say who sent the document."))
        return cleaned

    def correspondent_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data.get("correspondent_name") or "",
            "kind": data.get("correspondent_kind") or CorrespondentKind.PERSON,
            "identifier_type": data.get("identifier_type") or "",
            "identifier": data.get("identifier") or "",
            "address": data.get("correspondent_address") or "",
            "email": data.get("correspondent_email") or "",
            "phone": data.get("correspondent_phone") or "",
        }


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or subject"), required=False, max_length=200)
    register = forms.ChoiceField(label=_("Register"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Status.choices]
    )
    correspondent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", "—"), *Direction.choices]
    )
    due_week = forms.BooleanField(label=_("Due within a week"), required=False)
    holder = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    after = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registers = queries.registers_of(scope).values_list("code", "name")
        kinds = queries.kinds_of(scope).values_list("code", "name")
        self.fields["register"].choices = [("", "—"), *registers]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", "—"), *kinds]  # type: ignore[attr-defined]


class AnnulForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the annulment"), widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s, label) for s, label in Status.choices if s != Status.ANNULLED],
    )


class BookForm(forms.Form):
    register = forms.ModelChoiceField(
        label=_("Register"), queryset=Register.objects.none(), to_field_name="code"
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", "PDF"), ("csv", "CSV"), ("ods", "ODS (LibreOffice, Excel)")],
        initial="pdf",
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = queries.registers_of(scope)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (end - start).days > 366 * 5:
                raise forms.ValidationError(_("A book covers at most five years."))
        return cleaned


class FilePlanItemForm(forms.Form):
    code = forms.CharField(label=_("Symbol"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=300)
    retention = forms.CharField(label=_("Retention category"), max_length=20, required=False)
    parent = forms.ModelChoiceField(
        label=_("Parent class"), queryset=FilePlanItem.objects.none(), required=False
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = queries.file_plan_of(scope)  # type: ignore[attr-defined]


class FilePlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: code, title, retention, parent. UTF-8, comma-separated."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class MemberChoiceField(forms.ModelChoiceField):
    """A person chosen by name, role and unit ("Мария Петрова — Official, Администрация"):
    two people of the same name, or a manager and an official, are told apart."""

    def label_from_instance(self, obj: Any) -> str:
        memberships = getattr(obj, "here", None) or []
        if not memberships:
            return str(obj)
        membership = memberships[0]
        roles = ", ".join(str(Role(r.role).label) for r in membership.roles.all())
        parts = [p for p in (roles, membership.unit.name if membership.unit else "") if p]
        return f"{obj} — {', '.join(parts)}" if parts else str(obj)


class CaseOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    file_class = forms.ModelChoiceField(
        label=_("File plan class"), queryset=FilePlanItem.objects.none()
    )
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    responsible = MemberChoiceField(
        label=_("Responsible official"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file_class"].queryset = queries.file_plan_of(scope).filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation=scope.organisation, is_active=True
        )
        self.fields["responsible"].queryset = _members(scope)  # type: ignore[attr-defined]


class CaseAddForm(forms.Form):
    mark = forms.CharField(label=_("Case mark"), max_length=100)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskAssignForm(forms.Form):
    assignee = MemberChoiceField(
        label=_("Official"), queryset=get_user_model().objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("or unit"), queryset=Unit.objects.none(), required=False)
    instruction = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _members(scope)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation=scope.organisation, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("assignee") and not cleaned.get("unit"):
            raise forms.ValidationError(_("Choose an official or a unit."))
        return cleaned


class TaskOutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _members(scope: Scope) -> Any:
    """The organisation's active staff, each with their membership here (roles, unit) for
    the choice labels, in three queries whatever their number."""
    here = (
        Membership.objects.filter(organisation=scope.organisation, is_active=True)
        .select_related("unit")
        .prefetch_related("roles")
    )
    return (
        get_user_model()
        .objects.filter(memberships__organisation=scope.organisation, memberships__is_active=True)
        .prefetch_related(Prefetch("memberships", queryset=here, to_attr="here"))
        .order_by("full_name")
    )


class ExtendForm(forms.Form):
    deadline_new = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=150)
    scope = forms.ChoiceField(label=_("Directions"), choices=RegisterScope.choices)
    mask = forms.CharField(
        label=_("Number mask"),
        max_length=80,
        help_text=_(
            "Placeholders: {seq}, {seq:05} (five digits), {yyyy}, {yy}, {mm}, {dd}, {register}; "
            "any other text is kept. For example {seq}/{dd}.{mm}.{yyyy} or RPW/{seq}/{yyyy}."
        ),
    )
    restart_yearly = forms.BooleanField(
        label=_("Numbering restarts each year"), required=False, initial=True
    )


class RelatedForm(forms.Form):
    number = forms.CharField(label=_("Registry number of the related document"), max_length=100)


class HandOverForm(forms.Form):
    assignee = MemberChoiceField(
        label=_("Hand over to"), queryset=get_user_model().objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("or unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _members(scope)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation=scope.organisation, is_active=True
        )


class AttachmentUploadForm(forms.Form):
    upload = MultipleFileField(label=_("Files to add"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .files import accepted_extensions

        self.fields["upload"].help_text = _file_help()
        self.fields["upload"].widget.attrs["accept"] = accepted_extensions()


class AttachmentVersionForm(forms.Form):
    file = forms.FileField(label=_("New version"))


class IntakeUploadForm(forms.Form):
    upload = MultipleFileField(
        label=_("E-mail messages (.eml)"),
        help_text=_("Save the messages from your mail program as .eml files; several at once."),
        widget=MultipleFileInput(attrs={"accept": ".eml,message/rfc822"}),
    )


class IntakeRegisterForm(forms.Form):
    """What the registrar checks before an e-mail is registered; prefilled from the message."""

    register = forms.ModelChoiceField(
        label=_("Register"), queryset=Register.objects.none(), to_field_name="code"
    )
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=DocumentKind.objects.none(), to_field_name="code"
    )
    subject = forms.CharField(label=_("Subject"), max_length=500)
    correspondent_name = forms.CharField(label=_("Correspondent"), max_length=200)
    correspondent_email = forms.EmailField(
        label=_("Correspondent's e-mail"),
        required=False,
        help_text=_("An existing correspondent with this e-mail address is reused."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial="internal"
    )
    readers = forms.ModelMultipleChoiceField(
        label=_("Named readers"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Only for confidential documents: the people who may read it."),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registers = queries.registers_of(scope).filter(is_active=True)
        self.fields["register"].queryset = registers.filter(  # type: ignore[attr-defined]
            scope__in=[RegisterScope.INCOMING, RegisterScope.MIXED]
        )
        self.fields["kind"].queryset = queries.kinds_of(scope).filter(is_active=True)  # type: ignore[attr-defined]
        members = get_user_model().objects.filter(
            memberships__organisation=scope.organisation, memberships__is_active=True
        )
        self.fields["readers"].queryset = members.order_by("full_name")  # type: ignore[attr-defined]
