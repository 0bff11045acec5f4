from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Role, Unit


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "description", "website", "email", "phone", "address"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Symbol"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Parent unit"), queryset=Unit.objects.none(), required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class _RolesMixin(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )


class MemberAddForm(_RolesMixin):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    field_order = ["email", "full_name", "roles", "unit", "position"]


class MemberEditForm(_RolesMixin):
    is_active = forms.BooleanField(label=_("Active"), required=False)
