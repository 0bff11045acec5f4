from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .analysis import QueryError, parse_query
from .queries import MAX_PAGE


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=500,
        help_text=_(
            "All words must match, in any of their forms. Use OR between alternatives, -word to "
            'exclude, "quotes" for a phrase and word* for words starting with it.'
        ),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date, newest first"))],
    )
    # Facets, set by the filter links.
    type = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    register = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    year = forms.IntegerField(
        required=False, min_value=1900, max_value=2999, widget=forms.HiddenInput
    )
    kind = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    status = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def clean_q(self) -> str:
        text: str = self.cleaned_data["q"]
        try:
            parse_query(text)
        except QueryError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("type", "register", "year", "kind", "status", "page"):
            if name in self.errors:
                # A hand-edited facet or page in the address: the search box reports it.
                raise forms.ValidationError(_("The address has a filter that is not valid."))
        return data
