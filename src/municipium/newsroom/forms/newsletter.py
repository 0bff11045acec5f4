"""The newsletter's forms: the public subscription form and the staff's frequency setting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Organisation

from ..models.newsletter import Frequency


def consent_text(organisation: Organisation) -> str:
    """The wording a subscriber agrees to (kept with the subscription as its proof)."""
    return gettext(
        "I want to receive the newsletter of %(name)s at this address. %(name)s keeps my "
        "address and language only to send it; I can unsubscribe at any time with the link "
        "in every message."
    ) % {"name": organisation.name}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a link to this address; your subscription starts when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"))
    consent = forms.BooleanField(label="")
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))

    def __init__(self, *args: Any, organisation: Organisation, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, names.get(code, code)) for code in organisation.languages]
        field.initial = (
            language if language in organisation.languages else organisation.main_language
        )
        self.fields["consent"].label = consent_text(organisation)
        self.fields["consent"].error_messages["required"] = _(
            "Tick this box to agree to receive the newsletter."
        )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("The form was not sent by a person. Leave the last field empty.")
            )
        return ""


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often the digest is sent"), choices=Frequency.choices
    )
