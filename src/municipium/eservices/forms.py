"""Forms of the e-services: the application form built from a published schema, the builder's
field form, the catalogue entry, tracking and the office's actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from municipium.registry.models import FilePlanItem, IdentifierType, Register, validate_identifier
from municipium.tenants.models import Organisation, Unit
from municipium.widgets import DateInput
from municipium.workdays.models import DeadlineRule
from municipium.workdays.queries import deadline_rules_for

from .models import FieldType, FormVersion, translated
from .services import IDENTIFIER_TYPES

FIELD_PREFIX = "f_"
phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{6,20}$", _("Write a phone number of digits, e.g. +359 2 123 4567.")
)


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def _visible(field: dict[str, Any], values: dict[str, Any]) -> bool:
    """Whether a conditional field applies, given the answers to the fields before it."""
    rule = field.get("show_if")
    if not rule:
        return True
    value = values.get(rule["field"])
    expected = rule.get("value") or ""
    if isinstance(value, list):
        return expected in value if expected else bool(value)
    if isinstance(value, bool):
        return value
    if not expected:
        return value not in (None, "")
    return str(value or "").strip().lower() == expected.lower()


# Dates an application may give (births, events, periods): a year like 0001 or 9999 is a
# typing slip, and the registry and its exports need dates they can print.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


class ApplicationForm(forms.Form):
    """The form of a published version. Conditional fields are checked (and required) only
    when the field they depend on has the value; otherwise their answer is dropped."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # A honeypot: hidden from people (the wrapper has the `hidden` attribute), filled by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(
        self,
        *args: Any,
        version: FormVersion,
        language: str,
        languages: list[str],
        for_draft: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.for_draft = for_draft
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for spec in version.fields:
            field = self._make(spec, language, languages)
            field.label = translated(spec["label"], language, languages)
            field.help_text = translated(spec.get("help") or {}, language, languages)
            field.spec = spec  # type: ignore[attr-defined]
            if spec.get("show_if"):
                # Required only when shown: checked in clean(), marked on the page.
                field.required_when_shown = bool(spec.get("required"))  # type: ignore[attr-defined]
                field.required = False
                field.show_if = {  # type: ignore[attr-defined]
                    "field": FIELD_PREFIX + spec["show_if"]["field"],
                    "value": spec["show_if"].get("value") or "",
                }
            if for_draft:
                field.required = False
            self.fields[FIELD_PREFIX + spec["key"]] = field

    @staticmethod
    def _make(spec: dict[str, Any], language: str, languages: list[str]) -> forms.Field:
        required = bool(spec.get("required"))
        kind = spec["type"]
        choices = [
            (c["value"], translated(c["label"], language, languages))
            for c in spec.get("choices") or []
        ]
        field: forms.Field
        if kind == FieldType.TEXTAREA:
            field = forms.CharField(required=required, max_length=10000, widget=forms.Textarea)
        elif kind == FieldType.NUMBER:
            field = forms.DecimalField(required=required, max_digits=18, decimal_places=4)
        elif kind == FieldType.DATE:
            field = forms.DateField(
                required=required,
                widget=DateInput(
                    attrs={
                        "min": EARLIEST_DATE.isoformat(),
                        "max": LATEST_DATE.isoformat(),
                    }
                ),
                validators=[
                    MinValueValidator(EARLIEST_DATE, _("Give a date on or after %(limit_value)s.")),
                    MaxValueValidator(LATEST_DATE, _("Give a date on or before %(limit_value)s.")),
                ],
            )
        elif kind == FieldType.CHOICE:
            field = forms.ChoiceField(required=required, choices=choices, widget=forms.RadioSelect)
            field.es_group = True  # type: ignore[attr-defined]
        elif kind == FieldType.MULTICHOICE:
            field = forms.MultipleChoiceField(
                required=required, choices=choices, widget=forms.CheckboxSelectMultiple
            )
            field.es_group = True  # type: ignore[attr-defined]
        elif kind == FieldType.EMAIL:
            field = forms.EmailField(
                required=required, widget=forms.EmailInput(attrs={"autocomplete": "email"})
            )
        elif kind == FieldType.PHONE:
            field = forms.CharField(
                required=required,
                max_length=40,
                validators=[phone_validator],
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            )
        elif kind == FieldType.ADDRESS:
            field = forms.CharField(
                required=required,
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
            )
        elif kind == FieldType.FILE:
            field = forms.FileField(required=required)
        elif kind == FieldType.CONSENT:
            field = forms.BooleanField(required=required)
        else:  # text and identifier
            field = forms.CharField(required=required, max_length=500)
        return field

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(
                _("The form was not sent by a person. Leave the last field empty.")
            )
        return ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers: dict[str, Any] = {}
        for spec in self.version.fields:
            name = FIELD_PREFIX + spec["key"]
            if not _visible(spec, answers):
                self.errors.pop(name, None)
                cleaned.pop(name, None)
                continue
            value = cleaned.get(name)
            if name in self.errors:
                continue
            if spec["type"] == FieldType.IDENTIFIER and value:
                try:
                    value = validate_identifier(spec["identifier_type"], value)
                except ValidationError:
                    self.add_error(
                        name,
                        _("This is not a valid %(kind)s: check the digits.")
                        % {"kind": IdentifierType(spec["identifier_type"]).label},
                    )
                    continue
                cleaned[name] = value
            if spec["type"] == FieldType.FILE and value:
                limit = min(spec.get("max_mb") or settings.UPLOAD_MAX_MB, settings.UPLOAD_MAX_MB)
                if value.size > limit * 1024 * 1024:
                    self.add_error(name, _("The file is larger than %(mb)d MB.") % {"mb": limit})
                    continue
            empty = value in (None, "", [], False)
            if spec.get("show_if") and spec.get("required") and empty and not self.for_draft:
                self.add_error(name, _("This field is required."))
                continue
            if spec["type"] != FieldType.FILE:
                answers[spec["key"]] = _json(value)
        self.answers = answers
        return cleaned

    def uploads(self) -> dict[str, Any]:
        return {
            spec["key"]: self.cleaned_data[FIELD_PREFIX + spec["key"]]
            for spec in self.version.fields
            if spec["type"] == FieldType.FILE and self.cleaned_data.get(FIELD_PREFIX + spec["key"])
        }

    def raw_answers(self) -> dict[str, Any]:
        """What was typed, unchecked, for a draft."""
        data: dict[str, Any] = {}
        for spec in self.version.fields:
            name = FIELD_PREFIX + spec["key"]
            if spec["type"] == FieldType.MULTICHOICE:
                data[spec["key"]] = self.data.getlist(name)  # type: ignore[attr-defined]
            elif spec["type"] == FieldType.CONSENT:
                data[spec["key"]] = bool(self.data.get(name))
            elif spec["type"] != FieldType.FILE and name in self.data:
                data[spec["key"]] = self.data.get(name)
        return data


def initial_from(data: dict[str, Any]) -> dict[str, Any]:
    return {FIELD_PREFIX + key: value for key, value in data.items()}


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to this address; open it to continue with the application."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(
                _("The form was not sent by a person. Leave the last field empty.")
            )
        return ""


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Registry number"),
        max_length=100,
        help_text=_("As written on your receipt, e.g. 123/21.11.2026 or RPW/123/2026."),
    )
    code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        help_text=_("The code on your receipt or in the confirmation e-mail, e.g. ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), max_length=10000, widget=forms.Textarea)
    file = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("Optional. PDF, images, office documents; at most %(mb)d MB.")
        % {"mb": settings.UPLOAD_MAX_MB},
    )


class OfficeActionForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=10000, widget=forms.Textarea)
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["text"].label = label


TEXT_FIELDS = (
    ("title", _("Title"), False),
    ("description", _("Description"), True),
    ("eligibility", _("Who may apply"), True),
    ("required_documents", _("Required documents"), True),
    ("fee", _("Fee"), True),
)


class ServiceForm(forms.Form):
    """The catalogue entry; texts in each of the organisation's languages."""

    slug = forms.SlugField(
        label=_("Address"), max_length=60, help_text=_("Part of the page address, e.g. heirs.")
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    deadline_rule = forms.ModelChoiceField(
        label=_("Deadline rule"), queryset=DeadlineRule.objects.none()
    )
    register = forms.ModelChoiceField(label=_("Register"), queryset=Register.objects.none())
    file_class = forms.ModelChoiceField(
        label=_("File plan class"), queryset=FilePlanItem.objects.none()
    )
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    is_published = forms.BooleanField(
        label=_("Open for applications"),
        required=False,
        help_text=_("Needs a published form."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = organisation.languages
        rules = deadline_rules_for(organisation=organisation)
        rule_field: Any = self.fields["deadline_rule"]
        rule_field.queryset = DeadlineRule.objects.filter(pk__in=[r.pk for r in rules])
        rule_field.label_from_instance = lambda r: f"{r.name} ({r.legal_basis})"
        register_field: Any = self.fields["register"]
        register_field.queryset = Register.objects.filter(
            organisation=organisation, is_active=True, scope__in=("incoming", "mixed")
        )
        class_field: Any = self.fields["file_class"]
        class_field.queryset = FilePlanItem.objects.filter(
            organisation=organisation, is_active=True
        )
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = Unit.objects.filter(organisation=organisation, is_active=True)
        for name, label, long in TEXT_FIELDS:
            for code in self.languages:
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=f"{label} ({language_name(code)})",
                    required=name == "title",
                    max_length=10000 if long else 200,
                    widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput,
                )
        order = [f"{n}_{c}" for n, _l, _g in TEXT_FIELDS for c in self.languages]
        self.order_fields(["slug", *order])

    @staticmethod
    def initial_for(service: Any) -> dict[str, Any]:
        initial = {
            "slug": service.slug,
            "legal_basis": service.legal_basis,
            "deadline_rule": service.deadline_rule_id,
            "register": service.register_id,
            "file_class": service.file_class_id,
            "unit": service.unit_id,
            "is_published": service.is_published,
        }
        for name, _label, _long in TEXT_FIELDS:
            for code, text in (getattr(service, name) or {}).items():
                initial[f"{name}_{code}"] = text
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in ("slug", "legal_basis", "deadline_rule", "register", "file_class", "unit")
        }
        values["is_published"] = bool(data.get("is_published"))
        for name, _label, _long in TEXT_FIELDS:
            values[name] = {code: data.get(f"{name}_{code}", "") for code in self.languages}
        return values


class FieldSpecForm(forms.Form):
    """One field of the form, in the builder."""

    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        help_text=_("A short name for the data, e.g. birth_date (Latin letters, digits, _)."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For single and multiple choice: one choice a line, its label in each language "
            "separated by |, in the order of the organisation's languages."
        ),
    )
    identifier_type = forms.ChoiceField(
        label=_("Identifier"),
        required=False,
        choices=[("", "—"), *[(c, IdentifierType(c).label) for c in IDENTIFIER_TYPES]],
    )
    max_mb = forms.IntegerField(
        label=_("Largest file (MB)"), required=False, min_value=1, max_value=1024
    )
    show_if_field = forms.ChoiceField(
        label=_("Show only when the field"), required=False, choices=[("", "—")]
    )
    show_if_value = forms.CharField(
        label=_("has the value"),
        required=False,
        max_length=200,
        help_text=_("A choice's value, or empty for any answer (a ticked consent)."),
    )

    def __init__(
        self,
        *args: Any,
        languages: list[str],
        earlier: list[dict[str, Any]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        if editing:
            self.fields["key"].disabled = True
        show_if_field: Any = self.fields["show_if_field"]
        show_if_field.choices = [
            ("", "—"),
            *[(f["key"], translated(f["label"], None, languages)) for f in earlier],
        ]
        for code in languages:
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Label (%(language)s)") % {"language": language_name(code)},
                max_length=300,
            )
            self.fields[f"help_{code}"] = forms.CharField(
                label=_("Help text (%(language)s)") % {"language": language_name(code)},
                max_length=1000,
                required=False,
            )
        self.order_fields(
            ["type", "key", *[f"{p}_{c}" for c in languages for p in ("label", "help")]]
        )

    @classmethod
    def initial_for(cls, spec: dict[str, Any], languages: list[str]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "type": spec["type"],
            "key": spec["key"],
            "required": spec.get("required", False),
            "identifier_type": spec.get("identifier_type") or "",
            "max_mb": spec.get("max_mb"),
            "show_if_field": (spec.get("show_if") or {}).get("field", ""),
            "show_if_value": (spec.get("show_if") or {}).get("value", ""),
            "choices": "\n".join(
                " | ".join(c["label"].get(code, "") for code in languages) + f" = {c['value']}"
                for c in spec.get("choices") or []
            ),
        }
        for code in languages:
            initial[f"label_{code}"] = spec["label"].get(code, "")
            initial[f"help_{code}"] = (spec.get("help") or {}).get(code, "")
        return initial

    def spec(self) -> dict[str, Any]:
        data = self.cleaned_data
        choices: list[dict[str, Any]] = []
        for line in (data.get("choices") or "").splitlines():
            if not line.strip():
                continue
            value = ""
            if " = " in line:
                line, value = line.rsplit(" = ", 1)
            labels = [part.strip() for part in line.split("|")]
            label = {
                code: labels[i] if i < len(labels) else labels[0]
                for i, code in enumerate(self.languages)
            }
            value = value.strip() or slugify(labels[0])[:40] or f"c{len(choices) + 1}"
            choices.append({"value": value, "label": label})
        return {
            "type": data["type"],
            "key": data["key"],
            "required": data.get("required", False),
            "label": {code: data.get(f"label_{code}", "") for code in self.languages},
            "help": {code: data.get(f"help_{code}", "") for code in self.languages},
            "choices": choices,
            "identifier_type": data.get("identifier_type") or "",
            "max_mb": data.get("max_mb"),
            "show_if": {"field": data["show_if_field"], "value": data.get("show_if_value", "")}
            if data.get("show_if_field")
            else None,
        }
