"""Reads for an organisation's public site: its menu as visitors see it and as its editor
shows it, its statement and privacy notice."""

from __future__ import annotations

from dataclasses import dataclass

from .models import MenuItem, MenuItemKind, Organisation
from .public import MenuLink, menu_links


def organisation_menu(organisation: Organisation, language: str) -> list[MenuLink]:
    """The menu visitors see: the organisation's rows in order (hidden ones and links whose
    target is no longer offered left out), then offered links that are new since the menu
    was last edited. No rows: every offered link in the apps' order."""
    offered = menu_links(organisation, language)
    rows = list(MenuItem.objects.filter(organisation=organisation))
    if not rows:
        return offered
    by_key = {link.key: link for link in offered}
    shown: list[MenuLink] = []
    mentioned: set[str] = set()
    for row in rows:
        if row.kind == MenuItemKind.OFFERED:
            mentioned.add(row.key)
            link = by_key.get(row.key)
            if link is not None and not row.hidden:
                shown.append(link)
        else:
            label = row.label_in(language, organisation.main_language)
            shown.append(MenuLink(key=row.ref, label=label, url=row.target))
    shown.extend(link for link in offered if link.key not in mentioned)
    return shown


@dataclass(frozen=True)
class EditorRow:
    ref: str
    label: str
    url: str
    own: bool
    hidden: bool
    available: bool  # an offered link whose target exists now


def menu_editor_rows(organisation: Organisation, language: str) -> list[EditorRow]:
    """Every row of the menu editor, in order, whether shown or not."""
    offered = menu_links(organisation, language)
    by_key = {link.key: link for link in offered}
    rows = list(MenuItem.objects.filter(organisation=organisation))
    result: list[EditorRow] = []
    mentioned: set[str] = set()
    for row in rows:
        if row.kind == MenuItemKind.OFFERED:
            mentioned.add(row.key)
            link = by_key.get(row.key)
            result.append(
                EditorRow(
                    ref=row.ref,
                    label=link.label if link else row.key,
                    url=link.url if link else "",
                    own=False,
                    hidden=row.hidden,
                    available=link is not None,
                )
            )
        else:
            result.append(
                EditorRow(
                    ref=row.ref,
                    label=row.label_in(language, organisation.main_language),
                    url=row.target,
                    own=True,
                    hidden=False,
                    available=True,
                )
            )
    for link in offered:
        if link.key not in mentioned:
            result.append(EditorRow(link.key, link.label, link.url, False, False, True))
    return result
