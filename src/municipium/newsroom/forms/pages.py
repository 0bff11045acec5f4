"""Forms of the pages' back office: a page's text in one language, its settings, an
attachment, an image, a contact point with its opening hours."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from municipium.tenants.models import Organisation, Unit

from ..models.pages import BODY_MAX_CHARS, ContactPoint, Weekday


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class PageTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.CharField(
        label=_("Address"),
        max_length=100,
        required=False,
        help_text=_(
            "The last part of the page's address, e.g. about-us. Empty: made from the title."
        ),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in lists of pages."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "rich-text"}),
        help_text=_(
            "HTML: paragraphs, headings (h2–h4), lists, links, tables and images with their "
            "alternative text. Scripts, styles and event handlers are removed."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("slug"):
            data["slug"] = slugify(data["title"], allow_unicode=True)[:100].strip("-")
        return data


class PageNewForm(PageTextForm):
    language = forms.ChoiceField(label=_("Language"))
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    is_contacts = forms.BooleanField(
        label=_("Contacts page"),
        required=False,
        help_text=_("Shows the contact points with their opening hours below the text."),
    )

    field_order = ["language", "title", "slug", "summary", "body", "is_contacts", "parent"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(c, language_name(c)) for c in organisation.languages]
        self.fields["language"].initial = organisation.main_language


class PageSettingsForm(forms.Form):
    is_contacts = forms.BooleanField(
        label=_("Contacts page"),
        required=False,
        help_text=_("Shows the contact points with their opening hours below the text."),
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(label=_("Document"), max_length=200)


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image"), max_length=200)
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )


INTERVAL = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_intervals(value: str) -> list[tuple[time, time]]:
    """'08:30-12:00, 13:00-17:00' → [(08:30, 12:00), (13:00, 17:00)]."""
    intervals = []
    for part in [p for p in value.split(",") if p.strip()][:6]:
        match = INTERVAL.match(part)
        if not match:
            raise forms.ValidationError(
                _("Write the hours as 08:30-12:00, 13:00-17:00."), code="hours"
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            opens, closes = time(h1, m1), time(h2, m2)
        except ValueError:
            raise forms.ValidationError(
                _("%(value)s is not a time of day.") % {"value": part.strip()}
            ) from None
        if opens >= closes:
            raise forms.ValidationError(_("The closing time must be after the opening time."))
        intervals.append((opens, closes))
    return intervals


class ContactPointForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        contact: ContactPoint | None = None,
        **kwargs: Any,
    ) -> None:
        if contact is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(contact, organisation)
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.filter(organisation=organisation, is_active=True)
        for code in organisation.languages:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": language_name(code)},
                max_length=200,
                required=code == organisation.main_language,
            )
        for day in Weekday:
            self.fields[f"hours_{day.value}"] = forms.CharField(
                label=day.label,
                max_length=100,
                required=False,
                help_text=_("e.g. 08:30-12:00, 13:00-17:00; empty: closed"),
            )
        names = [f"name_{code}" for code in organisation.languages]
        hours = [f"hours_{day.value}" for day in Weekday]
        self.order_fields([*names, "unit", "address", "phone", "email", *hours])

    def name_fields(self) -> list[Any]:
        return [self[f"name_{code}"] for code in self.organisation.languages]

    def detail_fields(self) -> list[Any]:
        return [self[name] for name in ("unit", "address", "phone", "email")]

    def hour_fields(self) -> list[Any]:
        return [self[f"hours_{day.value}"] for day in Weekday]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours: list[tuple[int, time, time]] = []
        for day in Weekday:
            name = f"hours_{day.value}"
            try:
                hours += [(day.value, o, c) for o, c in parse_intervals(data.get(name) or "")]
            except forms.ValidationError as error:
                self.add_error(name, error)
        data["hours"] = hours
        data["names"] = {code: data.get(f"name_{code}", "") for code in self.organisation.languages}
        return data


def initial_from(contact: ContactPoint, organisation: Organisation) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "unit": contact.unit_id,
        "address": contact.address,
        "phone": contact.phone,
        "email": contact.email,
    }
    for code in organisation.languages:
        initial[f"name_{code}"] = contact.names.get(code, "")
    by_day: dict[int, list[str]] = {}
    for interval in contact.hours.all():
        by_day.setdefault(interval.weekday, []).append(
            f"{interval.opens:%H:%M}-{interval.closes:%H:%M}"
        )
    for day, parts in by_day.items():
        initial[f"hours_{day}"] = ", ".join(parts)
    return initial
