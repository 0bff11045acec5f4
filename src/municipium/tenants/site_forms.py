"""Forms of the public site's settings: identity, accessibility statement, privacy notice,
the menu's own links."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import (
    AccessibilityStatement,
    LegalBasis,
    Organisation,
    PrivacyNotice,
    validate_accent_colour,
)
from .models.menu import validate_menu_target
from .site_services import PRIVACY_FIELDS, STATEMENT_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class IdentityForm(forms.Form):
    accent_colour = forms.CharField(
        label=_("Accent colour"),
        max_length=7,
        help_text=_(
            "# and six hexadecimal digits, e.g. #0b4f8a. The header band behind white text "
            "and the links use it: it must reach 4.5:1 against white."
        ),
    )
    logo = forms.ImageField(
        label=_("New logo or coat of arms"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP."),
    )
    logo_alt_text = forms.CharField(
        label=_("What the logo shows"),
        max_length=300,
        required=False,
        help_text=_("The alternative text, for people who cannot see the image."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_accent_colour(self) -> str:
        value = self.cleaned_data["accent_colour"].strip().lower()
        validate_accent_colour(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("logo") and not (data.get("logo_alt_text") or "").strip():
            self.add_error(
                "logo_alt_text", _("Describe the image: the alternative text is required.")
            )
        return data


class StatementForm(forms.ModelForm):
    class Meta:
        model = AccessibilityStatement
        fields = list(STATEMENT_FIELDS)
        widgets = {
            "status": forms.RadioSelect,
            "method": forms.RadioSelect,
            "prepared_on": DateInput(),
            "reviewed_on": DateInput(),
            "site_published_on": DateInput(),
            "site_updated_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "non_compliant", "disproportionate_burden", "out_of_scope", "alternatives",
                    "architecture", "sign_language", "mobile_apps",
                )
            },
        }  # fmt: skip


class PrivacyForm(forms.ModelForm):
    legal_bases = forms.MultipleChoiceField(
        label=_("Legal bases"), choices=LegalBasis.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PrivacyNotice
        fields = list(PRIVACY_FIELDS)
        widgets = {
            "updated_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "purposes", "legal_basis_details", "retention", "recipients", "transfers",
                )
            },
        }  # fmt: skip


class MenuLinkForm(forms.Form):
    target = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_("A path of this site starting with /, or an address starting with https://."),
        validators=[validate_menu_target],
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.languages = list(organisation.languages)
        for index, code in enumerate(self.languages):
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Label (%(language)s)") % {"language": names.get(code, code)},
                max_length=80,
                required=index == 0,
            )
        self.order_fields([f"label_{code}" for code in self.languages] + ["target"])

    def labels(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"label_{code}", "") for code in self.languages}
