"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always written yyyy-mm-dd, as HTML requires of
    <input type=date>, whatever the page's language: a localised value (01.01.2026 on a
    Polish page) leaves the field empty in browsers (issue 16). The browser shows the date in
    the user's own format and sends it back as yyyy-mm-dd, which a DateField always reads."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(attrs=attrs, **kwargs)
