"""What e-services add to an organisation's public site: a menu link to the catalogue and a
home-page section with its services, both only when the organisation has published services
(never a link to an empty catalogue), and the "track a document" section, always. The cached
public pages are made stale when a service changes."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from municipium.audit.models import AuditEntry
from municipium.audit.services import journal_listen
from municipium.tenants.models import Organisation
from municipium.tenants.public import (
    MenuLink,
    MenuSource,
    Section,
    public_changed,
    register_home_section,
    register_menu_source,
)

from .models import Service, translated

HOME_SERVICES = 6
SERVICE_ACTIONS = frozenset({"service.create", "service.update", "form.publish"})


def _published(organisation: Organisation) -> Any:
    return Service.objects.filter(organisation=organisation, is_published=True)


def menu(organisation: Organisation, language: str) -> list[MenuLink]:
    if not _published(organisation).exists():
        return []
    url = reverse("eservices:services", kwargs={"org": organisation.slug})
    return [MenuLink(key="eservices", label=_("E-services"), url=url)]


def services_section(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    if organisation is None:
        return None
    found = list(_published(organisation).order_by("id")[: HOME_SERVICES + 1])
    if not found:
        return None
    fallback = list(organisation.languages)
    services = [
        {
            "title": translated(service.title, language, fallback),
            "url": reverse(
                "eservices:service", kwargs={"org": organisation.slug, "service": service.slug}
            ),
        }
        for service in found[:HOME_SERVICES]
    ]
    return {
        "organisation": organisation,
        "services": services,
        "more": len(found) > HOME_SERVICES,
    }


def track_section(organisation: Organisation | None, language: str) -> dict[str, Any] | None:
    return None if organisation is None else {"organisation": organisation}


def on_journal(entry: AuditEntry, obj: models.Model | None) -> None:
    """A service opened, closed or changed: the organisation's public pages are stale."""
    if entry.action in SERVICE_ACTIONS and entry.organisation_id is not None:
        organisation = entry.organisation
        transaction.on_commit(lambda: public_changed(organisation), robust=True)


def register() -> None:
    register_menu_source(MenuSource(key="eservices", order=30, links=menu))
    register_home_section(
        Section(
            key="services", order=40, template="public/sections/services.html",
            context=services_section,
        )
    )  # fmt: skip
    register_home_section(
        Section(key="track", order=80, template="public/sections/track.html", context=track_section)
    )
    journal_listen(on_journal)
