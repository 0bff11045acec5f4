"""The back-office menu. Each app adds its entries here; a user sees those their roles allow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role
from .scoping import Scope


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] = frozenset()  # empty: every member


OFFICE_NAV: list[NavItem] = [
    NavItem(_("Overview"), "tenants:office"),
    NavItem(_("Registry"), "registry:list"),
    NavItem(_("Search"), "search:search"),
    NavItem(_("Register a document"), "registry:new", frozenset({Role.REGISTRAR})),
    NavItem(_("E-mail intake"), "registry:intake", frozenset({Role.REGISTRAR})),
    NavItem(
        _("Applications"),
        "eservices:office_list",
        frozenset({Role.REGISTRAR, Role.MANAGER, Role.OFFICIAL}),
    ),
    NavItem(_("My tasks"), "registry:tasks"),
    NavItem(_("Figures"), "insights:overview"),
    NavItem(_("Cases"), "registry:cases"),
    NavItem(_("Registry book"), "registry:book"),
    NavItem(_("File plan"), "registry:file_plan"),
    NavItem(_("Registers"), "registry:registers", frozenset({Role.ADMIN})),
    NavItem(_("E-services"), "eservices:catalogue", frozenset({Role.ADMIN})),
    NavItem(_("Organisation"), "tenants:settings", frozenset({Role.ADMIN})),
    NavItem(_("Units"), "tenants:units", frozenset({Role.ADMIN})),
    NavItem(_("People and roles"), "tenants:members", frozenset({Role.ADMIN})),
    NavItem(_("Audit journal"), "audit:journal", frozenset({Role.ADMIN, Role.MANAGER})),
]


def office_nav(scope: Scope, current: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for item in OFFICE_NAV:
        if item.roles and not scope.has(*item.roles):
            continue
        url = reverse(item.url_name, kwargs={"org": scope.organisation.slug})
        items.append({"label": item.label, "url": url, "current": current == url})
    return items


# Figures shown on the back-office home: each app may add a function (scope) -> list of
# {"label", "value", "url"} dicts, registered in its AppConfig.ready().
OFFICE_FIGURES: list[Callable[[Scope], list[dict[str, Any]]]] = []


def office_figures(scope: Scope) -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = []
    for source in OFFICE_FIGURES:
        figures.extend(source(scope))
    return figures
