from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Country

from .publication import MAX_MONTHS, Period, months_count

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str) -> date:
    match = MONTH.match(value.strip())
    if not match:
        raise forms.ValidationError(_("Give a month as YYYY-MM."))
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise forms.ValidationError(_("Give a month as YYYY-MM."))
    return date(year, month, 1)


class PeriodForm(forms.Form):
    start = forms.CharField(
        label=_("From (month)"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    end = forms.CharField(
        label=_("To (month)"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    def clean_start(self) -> date | None:
        value = self.cleaned_data.get("start") or ""
        return _month(value) if value else None

    def clean_end(self) -> date | None:
        value = self.cleaned_data.get("end") or ""
        return _month(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default = Period.default(timezone.localdate())
        end = data.get("end") or default.last
        start = data.get("start") or Period.default(end).first
        if start > end:
            raise forms.ValidationError(_("The first month comes after the last."))
        if months_count(start, end) > MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(count)s months.") % {"count": MAX_MONTHS}
            )
        data["period"] = Period(first=start, last=end)
        return data


class CountryForm(PeriodForm):
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries")), *Country.choices]
    )
