"""The public sites: an organisation's home page is made of sections that the apps with
something to show register (so a new app adds its section without touching the others), and
anonymous public pages are cached whole, per organisation and language, until the
organisation changes something they show.

An app registers its sections in its AppConfig.ready():

    register_home_section(Section(key="news", order=20, template="newsroom/_home.html",
                                  context=latest_news))

`context(organisation, language)` returns the template's context, or None when the section
has nothing to show (then it is left out, never shown empty). The installation's own home
page (`/`) has sections too (`register_site_section`; `organisation` is None there).

A view that serves the same page to every anonymous visitor is decorated with
`@public_page` (inside `org_view(public=True)`); every service that changes what such pages
show calls `public_changed(organisation)`, which makes all of that organisation's cached
pages (and the installation's home page) stale at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .models import Organisation


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    template: str
    context: Callable[[Organisation | None, str], dict[str, Any] | None]


HOME_SECTIONS: dict[str, Section] = {}
SITE_SECTIONS: dict[str, Section] = {}


@dataclass(frozen=True)
class MenuLink:
    key: str  # stable, for the organisation's own order: "news", "page:12", "eservices"
    label: str
    url: str


@dataclass(frozen=True)
class MenuSource:
    """What an app offers to an organisation's public menu (its pages, news, events,
    e-services). `links(organisation, language)` returns nothing when the app has nothing to
    show for that organisation (never a link to an empty list)."""

    key: str
    order: int
    links: Callable[[Organisation, str], list[MenuLink]]


MENU_SOURCES: dict[str, MenuSource] = {}


def register_menu_source(source: MenuSource) -> None:
    MENU_SOURCES[source.key] = source


def menu_links(organisation: Organisation, language: str) -> list[MenuLink]:
    """Every link the apps offer, in their default order. The organisation's own menu
    (tenants) orders, hides and adds to them."""
    links: list[MenuLink] = []
    for source in sorted(MENU_SOURCES.values(), key=lambda s: (s.order, s.key)):
        links.extend(source.links(organisation, language))
    return links


def register_home_section(section: Section) -> None:
    HOME_SECTIONS[section.key] = section


def register_site_section(section: Section) -> None:
    SITE_SECTIONS[section.key] = section


def _shown(
    sections: dict[str, Section], organisation: Organisation | None, language: str
) -> list[tuple[Section, dict[str, Any]]]:
    shown = []
    for section in sorted(sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(organisation, language)
        if context is not None:
            shown.append((section, context))
    return shown


def home_sections(
    organisation: Organisation, language: str
) -> list[tuple[Section, dict[str, Any]]]:
    """The sections of an organisation's home page that have something to show, in order."""
    return _shown(HOME_SECTIONS, organisation, language)


def site_sections(language: str) -> list[tuple[Section, dict[str, Any]]]:
    """The sections of the installation's home page that have something to show."""
    return _shown(SITE_SECTIONS, None, language)


# --- the whole-page cache -----------------------------------------------------------------------

CACHE_SECONDS = 24 * 60 * 60  # an upper bound: a change makes the pages stale at once
SITE = "site"  # the installation's own pages (its home page, its feed, the sitemap)


def _owner(slug: str) -> str:
    # By slug, which never changes: a cached page is found before the organisation is read.
    return f"org:{slug}"


def _generation(owner: str) -> int:
    key = f"public:generation:{owner}"
    found = cache.get(key)
    if found is None:
        cache.add(key, 1, None)
        found = cache.get(key, 1)
    return int(found)


def public_changed(organisation: Organisation | None) -> None:
    """What the organisation's public pages show has changed: every cached page of it, and
    the installation's pages (which list all organisations), are stale from now on. Call it
    after the change is committed, or inside its transaction (a reader in between may cache
    the old page only until the next change — use `transaction.on_commit` when that matters)."""
    owners = [SITE] if organisation is None else [_owner(organisation.slug), SITE]
    for owner in owners:
        key = f"public:generation:{owner}"
        try:
            cache.incr(key)
        except ValueError:  # not cached yet (or evicted): start a new generation
            cache.set(key, 2, None)


def cached_organisation(slug: str) -> Organisation | None:
    """The active organisation `slug`, for anonymous visitors of its public pages: from the
    cache until the organisation changes anything (`public_changed`), so a page served from
    the cache costs no database query at all (with SQLite, each request opens a connection).
    The generation read here rides on the instance, so `public_page` need not read it again."""
    generation = _generation(_owner(slug))
    key = f"public:organisation:{slug}:{generation}"
    found = cache.get(key)
    if found is None:
        # Unknown addresses are not remembered: made-up ones would fill the cache.
        found = Organisation.objects.filter(slug=slug, is_active=True).first()
        if found is not None:
            cache.set(key, found, CACHE_SECONDS)
    if found is not None:
        found._public_generation = generation
    return found


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def _cache_key(request: HttpRequest, owner: str, generation: int | None = None) -> str:
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    if generation is None:
        generation = _generation(owner)
    return f"public:page:{owner}:{generation}:{get_language()}:{request.method}:{where}"


def public_page(view: V) -> V:
    """Serve the view's answer from the cache to anonymous visitors (GET and HEAD, answers
    200 without cookies of their own), per organisation (or the installation), language and
    full path. Signed-in people always get a fresh page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        cacheable = request.method in ("GET", "HEAD") and not request.user.is_authenticated
        if not cacheable:
            return view(request, *args, **kwargs)
        scope = getattr(request, "scope", None)
        owner = _owner(scope.organisation.slug) if scope is not None else SITE
        generation = getattr(scope.organisation, "_public_generation", None) if scope else None
        key = _cache_key(request, owner, generation)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        # A page with a CSRF token in it belongs to one visitor: never shared.
        personal = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies
        if response.status_code == 200 and not personal and not response.streaming:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, CACHE_SECONDS)
        return response

    return wrapper  # type: ignore[return-value]
