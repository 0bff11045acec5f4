from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(_show(item) for item in value)
    return str(value)


@register.filter
def change(value: Any) -> str:
    """[old, new] as "old → new"; any other recorded value as itself."""
    if isinstance(value, list) and len(value) == 2:
        return f"{_show(value[0])} → {_show(value[1])}"
    return _show(value)


@register.simple_tag
def describe_entry(entry: Any, glossary: Any = None) -> Any:
    """The entry as a sentence and its changes with translated names and values; with the
    page's `glossary`, coded things (kinds, registers, units) by their names."""
    from municipium.audit.phrases import describe

    return describe(entry, glossary or None)
