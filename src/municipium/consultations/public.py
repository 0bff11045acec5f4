"""What consultations add to the public sites: a home section with the open consultations,
the menu link (only for an organisation with published consultations) and the office menu
entry. Registered by ConsultationsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipium.tenants.models import Organisation, Role
from municipium.tenants.navigation import OFFICE_NAV, NavItem
from municipium.tenants.public import (
    MenuLink,
    MenuSource,
    Section,
    register_home_section,
    register_menu_source,
)

from .queries.consultations import has_public_consultations, list_filter, public_consultations

HOME_LATEST = 5
EDITORS = frozenset({Role.MANAGER, Role.OFFICIAL})


def home_consultations(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    assert organisation is not None
    rows = list(list_filter(public_consultations(organisation), "open")[:HOME_LATEST])
    if not rows:
        return None
    return {
        "consultations": rows,
        "list_url": reverse("consultations:list", kwargs={"org": organisation.slug}),
    }


def consultation_links(organisation: Organisation, language: str) -> list[MenuLink]:
    if not has_public_consultations(organisation):
        return []
    url = reverse("consultations:list", kwargs={"org": organisation.slug})
    return [MenuLink(key="consultations", label=_("Consultations"), url=url)]


def register() -> None:
    register_home_section(
        Section(
            key="consultations",
            order=30,
            template="consultations/_home.html",
            context=home_consultations,
        )
    )
    register_menu_source(MenuSource(key="consultations", order=30, links=consultation_links))
    entry = NavItem(gettext_lazy("Consultations"), "consultations:office_list", EDITORS)
    if all(existing.url_name != entry.url_name for existing in OFFICE_NAV):
        OFFICE_NAV.append(entry)
