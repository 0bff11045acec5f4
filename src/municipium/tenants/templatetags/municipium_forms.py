"""Form rendering that ties each input to its help text and errors (WCAG 1.3.1, 3.3.1)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.fields import ChoiceField
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multiple_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple)


@register.simple_tag
def describe(field: BoundField) -> SafeString:
    """The widget with aria-describedby, aria-invalid and required set from the field."""
    attrs: dict[str, str | bool] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    _name_the_empty_choice(field)
    return field.as_widget(attrs=attrs)


DJANGO_EMPTY_LABEL = "---------"


def _name_the_empty_choice(field: BoundField) -> None:
    """Django's empty choice, "---------", reads as a broken list; it is "— choose —" in the
    page's language (issue 16)."""
    form_field = field.field
    if getattr(form_field, "empty_label", None) == DJANGO_EMPTY_LABEL:
        form_field.empty_label = _("— choose —")  # type: ignore[attr-defined]
        form_field.widget.choices = form_field.choices  # type: ignore[attr-defined]
    elif isinstance(form_field, ChoiceField):
        choices: list[Any] = list(form_field.choices)  # type: ignore[arg-type]
        if any(label == DJANGO_EMPTY_LABEL for _value, label in choices):
            form_field.choices = [
                (value, _("— choose —") if label == DJANGO_EMPTY_LABEL else label)
                for value, label in choices
            ]
