"""What changed between two versions of a service's form, field by field, in words an admin
reads: which fields were added or removed, and for the others which of their properties
changed (label, help, type, required, choices, conditions, limits) and where they moved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FieldType, translated

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


@dataclass(frozen=True)
class Difference:
    """One property of a field, before and after (texts for people)."""

    what: str
    before: str
    after: str


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    change: str  # ADDED, REMOVED or CHANGED
    differences: list[Difference] = field(default_factory=list)

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])


CHANGE_LABELS = {
    ADDED: gettext_lazy("added"),
    REMOVED: gettext_lazy("removed"),
    CHANGED: gettext_lazy("changed"),
}


def _texts(value: dict[str, str] | None, languages: list[str]) -> str:
    value = value or {}
    return " / ".join(f"{code}: {value[code]}" for code in languages if value.get(code))


def _choices(spec: dict[str, Any], languages: list[str]) -> str:
    return "; ".join(
        f"{choice['value']} ({_texts(choice.get('label'), languages)})"
        for choice in spec.get("choices") or []
    )


def _condition(spec: dict[str, Any]) -> str:
    show_if = spec.get("show_if")
    if not show_if:
        return _("always shown")
    return f"{show_if['field']} = {show_if.get('value') or '…'}"


def _yes_no(value: Any) -> str:
    return _("yes") if value else _("no")


def _properties(spec: dict[str, Any], languages: list[str]) -> list[tuple[str, str]]:
    return [
        (_("Label"), _texts(spec.get("label"), languages)),
        (_("Help text"), _texts(spec.get("help"), languages)),
        (_("Type"), str(FieldType(spec["type"]).label)),
        (_("Required"), _yes_no(spec.get("required"))),
        (_("Choices"), _choices(spec, languages)),
        (_("Identifier"), str(spec.get("identifier_type") or "").upper()),
        (_("Largest file (MB)"), str(spec.get("max_mb") or "")),
        (_("Shown when"), _condition(spec)),
    ]


def compare(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    *,
    language: str,
    languages: list[str],
) -> list[FieldChange]:
    """The fields of `after` in their order (with what changed), then those removed."""
    old = {spec["key"]: spec for spec in before}
    new_keys = [spec["key"] for spec in after]
    # Position among the fields both versions have: a field moved when its neighbours differ.
    kept_before = [key for key in old if key in set(new_keys)]
    kept_after = [key for key in new_keys if key in old]
    changes: list[FieldChange] = []
    for spec in after:
        key = spec["key"]
        label = translated(spec.get("label") or {}, language, languages) or key
        if key not in old:
            changes.append(FieldChange(key, label, ADDED))
            continue
        differences = [
            Difference(what, was, now)
            for (what, was), (_what, now) in zip(
                _properties(old[key], languages), _properties(spec, languages), strict=True
            )
            if was != now
        ]
        if kept_before.index(key) != kept_after.index(key):
            differences.append(
                Difference(
                    _("Position"),
                    str(kept_before.index(key) + 1),
                    str(kept_after.index(key) + 1),
                )
            )
        if differences:
            changes.append(FieldChange(key, label, CHANGED, differences))
    for key, spec in old.items():
        if key not in set(new_keys):
            label = translated(spec.get("label") or {}, language, languages) or key
            changes.append(FieldChange(key, label, REMOVED))
    return changes
