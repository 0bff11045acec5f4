"""What the tenants app adds to the public sites: the contacts section of an organisation's
home page."""

from __future__ import annotations

from typing import Any

from .models import Organisation
from .public import Section, register_home_section


def contacts(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    if organisation is None:
        return None
    found = {name: getattr(organisation, name) for name in ("address", "phone", "email", "website")}
    return found if any(found.values()) else None


def register() -> None:
    register_home_section(
        Section(
            key="contacts", order=90, template="public/sections/contacts.html", context=contacts
        )
    )
