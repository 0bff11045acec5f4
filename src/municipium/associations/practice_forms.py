"""Forms of the exchange groups and the good-practice library."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Organisation

from .practices import Group, Practice


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, max_length=4000, widget=forms.Textarea
    )
    coordinator_email = forms.EmailField(
        label=_("Coordinator's e-mail (an account of the installation)"), required=False
    )


class GroupMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    member_organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    email = forms.EmailField(label=_("E-mail of their account (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(is_active=True).order_by("name")


class GroupMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=10000, required=False, widget=forms.Textarea
    )


class OutcomeForm(forms.Form):
    text = forms.CharField(label=_("Outcome"), max_length=10000, widget=forms.Textarea)
    reached_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    practices = forms.ModelMultipleChoiceField(
        label=_("Practices it led to"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practices"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Practice.objects.filter(organisation_id=group.organisation_id)


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("Problem"), max_length=10000, widget=forms.Textarea)
    done = forms.CharField(label=_("What was done"), max_length=10000, widget=forms.Textarea)
    results = forms.CharField(
        label=_("Results, with figures"), max_length=10000, required=False, widget=forms.Textarea
    )
    costs = forms.CharField(label=_("Costs"), max_length=300, required=False)
    duration = forms.CharField(label=_("Duration"), max_length=200, required=False)
    contacts = forms.CharField(
        label=_("Contacts"), max_length=2000, required=False, widget=forms.Textarea
    )
    tags = forms.CharField(label=_("Tags (comma-separated)"), max_length=300, required=False)
    source_organisation = forms.ModelChoiceField(
        label=_("Organisation it came from"), queryset=Organisation.objects.none()
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source_organisation"]
        group = self.fields["group"]
        assert isinstance(source, forms.ModelChoiceField)
        assert isinstance(group, forms.ModelChoiceField)
        source.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        group.queryset = Group.objects.filter(organisation=organisation)


class ReviewForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Your review"),
        choices=[("yes", _("Approve for publication")), ("no", _("Send back to the author"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the author"), max_length=4000, required=False, widget=forms.Textarea
    )


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Your organisation"), queryset=Organisation.objects.none()
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"adopted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
