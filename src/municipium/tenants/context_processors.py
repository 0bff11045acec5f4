from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info

import municipium


def _public_site(request: HttpRequest) -> dict[str, Any]:
    """What templates/public/base.html shows around every public page of an organisation:
    its menu (with the current page marked) and its languages. Lazy: pages that do not
    show it (the back office) never compute it."""
    from .site_queries import organisation_menu

    scope = getattr(request, "scope", None)
    if scope is None:
        return {}
    organisation = scope.organisation
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    names = dict(settings.LANGUAGES)
    path = request.path
    menu = []
    for link in organisation_menu(organisation, language):
        if link.url == path:
            current = "page"
        elif link.url.startswith("/") and len(link.url) > 1 and path.startswith(link.url):
            current = "true"
        else:
            current = ""
        menu.append({"label": link.label, "url": link.url, "current": current})
    # A page in several languages (a page, a news item) names the address of each one in
    # `request.language_urls`: the switch goes to the same content, not to the same address.
    same_page = request.get_full_path()
    language_urls: dict[str, str] = getattr(request, "language_urls", None) or {}
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "current": code == language,
            "next": language_urls.get(code, same_page),
        }
        for code in organisation.languages
        if code in names
    ]
    return {"organisation": organisation, "menu": menu, "languages": languages}


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "MUNICIPIUM_VERSION": municipium.__version__,
        "DEBUG": settings.DEBUG,
        "scope": getattr(request, "scope", None),
        "public_site": SimpleLazyObject(lambda: _public_site(request)),
    }
