from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value: Any) -> str:
    """0.8731 → 87%; None → —."""
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.filter
def number(value: Any) -> str:
    return "—" if value is None else str(value)


@register.simple_tag
def fewer_than_five() -> str:
    return _("fewer than 5")
