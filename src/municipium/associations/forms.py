"""Forms of the associations app: they parse input; the rules live in models and services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Organisation

from .models import (
    PUBLIC_FIELDS,
    VERIFY,
    Body,
    BodyKind,
    EndReason,
    Member,
    MemberCategory,
    MemberKind,
    SeatRole,
    Statute,
)
from .rules import BG_DEFAULTS
from .services import STATUTE_FIELDS

PUBLIC_FIELD_LABELS = {
    "email": _("E-mail"),
    "phone": _("Phone"),
    "town": _("Town"),
    "position": _("Position"),
}


class StatuteForm(forms.ModelForm):
    class Meta:
        model = Statute
        fields = STATUTE_FIELDS

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if organisation.country == "BG" and name in BG_DEFAULTS:
                field.help_text = VERIFY
            if isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
                field.required = False

    def _post_clean(self) -> None:
        # The model's own rules run in the service (statute_save), so that the API and the
        # page refuse the same things; here only the fields' types are parsed.
        pass


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)


class FeeForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=MemberCategory.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Yearly fee"), min_value=0, max_digits=10, decimal_places=2)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MemberCategory.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["year"].initial = timezone.localdate().year


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (CSV)"),
        help_text=_(
            "Columns: member, year, amount, date, reference (member is the member's number; "
            "date as YYYY-MM-DD). Nothing is imported unless every row is correct."
        ),
    )


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MemberKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    delegate_name = forms.CharField(
        label=_("Delegate (for an organisation)"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    town = forms.CharField(label=_("Town"), max_length=100, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=MemberCategory.objects.none())
    starts_on = forms.DateField(
        label=_("Member since"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MemberCategory.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("I apply as"), choices=MemberKind.choices)
    name = forms.CharField(label=_("Name (of the person or organisation)"), max_length=200)
    delegate_name = forms.CharField(
        label=_("Delegate (for an organisation)"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("E-mail"))
    town = forms.CharField(label=_("Town"), max_length=100, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=MemberCategory.objects.none())
    motivation = forms.CharField(
        label=_("Why you wish to join"), widget=forms.Textarea, max_length=4000, required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MemberCategory.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision of the board (number and date)"), max_length=300)
    starts_on = forms.DateField(
        label=_("Member from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PaymentForm(forms.Form):
    year = forms.IntegerField(label=_("For the year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Amount"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference"), max_length=140, required=False)


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
    ends_on = forms.DateField(
        label=_("Member until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision = forms.CharField(label=_("Decision"), max_length=300, required=False)


class DirectoryForm(forms.Form):
    listed = forms.BooleanField(label=_("List me in the public directory"), required=False)
    shown = forms.MultipleChoiceField(
        label=_("Shown in the directory"),
        choices=[(name, PUBLIC_FIELD_LABELS[name]) for name in PUBLIC_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)


class MandateForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Start of the mandate"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("End of the mandate"), widget=forms.DateInput(attrs={"type": "date"})
    )
    elected_by = forms.CharField(label=_("Electing decision"), max_length=300)
    seats = forms.CharField(
        label=_("Composition"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One line per seat: member number, role (chair, deputy, secretary, member), and "
            "optionally the person's name, separated by commas."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_seats(self) -> list[Any]:
        from .services import SeatData

        members = {m.pk: m for m in Member.objects.filter(organisation=self.organisation)}
        seats = []
        for number, line in enumerate(self.cleaned_data["seats"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            try:
                found = members[int(parts[0])]
            except (KeyError, ValueError):
                raise forms.ValidationError(
                    _("Line %(line)s: no member with this number.") % {"line": number}
                ) from None
            role = parts[1] if len(parts) > 1 else ""
            if role not in SeatRole.values:
                raise forms.ValidationError(
                    _("Line %(line)s: the role is one of chair, deputy, secretary, member.")
                    % {"line": number}
                )
            seats.append(
                SeatData(member=found, person_name=parts[2] if len(parts) > 2 else "", role=role)
            )
        return seats


class ConveneForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online at"), required=False)
    initiator = forms.ChoiceField(label=_("Convened on the initiative of"), choices=[])
    members_request = forms.CharField(
        label=_("The members' request"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("Who asked, when, and how many members signed."),
    )
    items = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One item per line: the kind of decision (ordinary, statute, dissolution, "
            "membership, election), a vertical bar, the item's title."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        from .models import Body, Initiator

        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["initiator"].choices = Initiator.choices  # type: ignore[attr-defined]

    def clean_items(self) -> list[Any]:
        from .meetings import ItemData
        from .models import DecisionKind

        items = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            kind, sep, title = line.partition("|")
            if not sep or kind.strip() not in DecisionKind.values or not title.strip():
                raise forms.ValidationError(
                    _("Line %(line)s: write the kind of decision, a vertical bar, the title.")
                    % {"line": number}
                )
            items.append(ItemData(title=title.strip(), decision_kind=kind.strip()))
        return items


class AttendForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    mode = forms.ChoiceField(label=_("Present"), choices=[])
    proxy_holder = forms.ModelChoiceField(
        label=_("Proxy holder"), queryset=Member.objects.none(), required=False
    )
    proxy_document = forms.CharField(label=_("Proxy document"), max_length=300, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        from .models import AttendanceMode

        super().__init__(*args, **kwargs)
        members = Member.objects.filter(organisation=organisation, ends_on__isnull=True)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["proxy_holder"].queryset = members  # type: ignore[attr-defined]
        self.fields["mode"].choices = AttendanceMode.choices  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    yes = forms.IntegerField(label=_("For"), min_value=0)
    no = forms.IntegerField(label=_("Against"), min_value=0)
    abstain = forms.IntegerField(label=_("Abstained"), min_value=0)


class CloseForm(forms.Form):
    chair_name = forms.CharField(label=_("Chair of the meeting"), max_length=200)
    minutes_taker = forms.CharField(label=_("Minute-taker"), max_length=200)
