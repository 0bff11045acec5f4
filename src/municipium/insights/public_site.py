"""What the figures add to an organisation's public site: the menu link "Figures" to
`/<org>/figures/`, only while the organisation publishes its figures (never a link to a page
that answers 404). Publishing or withdrawing them makes the cached public pages stale
(services.figures_publish_set), so the menu follows at once. Registered by
InsightsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from municipium.tenants.models import Organisation
from municipium.tenants.public import MenuLink, MenuSource, register_menu_source

from . import publication


def menu(organisation: Organisation, language: str) -> list[MenuLink]:
    if not publication.publishes(organisation):
        return []
    url = reverse("insights:public", kwargs={"org": organisation.slug})
    return [MenuLink(key="figures", label=_("Figures"), url=url)]


def register() -> None:
    register_menu_source(MenuSource(key="figures", order=40, links=menu))
