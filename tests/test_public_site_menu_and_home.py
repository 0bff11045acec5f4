"""The public menu the organisation edits, the home pages (sections that show only with
something in them, the installation's home by kind and country), the language links, and the
cache of anonymous pages (a change is seen at once; signed-in people get fresh pages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from municipium.tenants import services
from municipium.tenants.models import MenuItem
from municipium.tenants.public import (
    MENU_SOURCES,
    MenuLink,
    MenuSource,
    public_changed,
    register_menu_source,
)

from .conftest import client_for
from .test_eservices_support import make_service

MENU = "/alpha/office/settings/menu/"
OFFERED = {"on": True}


def _offered(organisation: Any, language: str) -> list[MenuLink]:
    if organisation.slug != "alpha" or not OFFERED["on"]:
        return []
    about = "About us" if language == "en" else "За нас"
    return [
        MenuLink(key="test:about", label=about, url="/alpha/about/"),
        MenuLink(key="test:board", label="Board", url="/alpha/board/"),
    ]


@pytest.fixture
def offered() -> Iterator[None]:
    """Two links offered by an app (as newsroom's pages will be)."""
    OFFERED["on"] = True
    register_menu_source(MenuSource(key="test", order=5, links=_offered))
    yield
    MENU_SOURCES.pop("test", None)


def _nav(page: str) -> str:
    start = page.index('class="site-menu"')
    return page[start : page.index("</nav>", start)]


def test_without_rows_the_menu_is_every_offered_link_in_order(world, offered) -> None:
    nav = _nav(client_for(None).get("/alpha/").content.decode())
    assert nav.index("About us") < nav.index("Board")
    assert "E-services" not in nav  # no published service: no link to an empty catalogue


def test_the_current_page_is_marked(world, offered) -> None:
    page = client_for(None, "bg").get("/alpha/").content.decode()
    assert 'href="/alpha/about/">За нас' in page
    assert 'aria-current="page"' not in _nav(page)


def test_the_admin_reorders_hides_adds_and_removes(
    world, offered, django_capture_on_commit_callbacks
) -> None:
    admin = client_for(world.admin_a)
    visitor = client_for(None)
    visitor.get("/alpha/")
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(MENU, {"action": "down", "ref": "test:about"}).status_code == 302
    nav = _nav(visitor.get("/alpha/").content.decode())
    assert nav.index("Board") < nav.index("About us")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(MENU, {"action": "hide", "ref": "test:board"})
    assert "Board" not in _nav(visitor.get("/alpha/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post(
            MENU,
            {"action": "add", "label_bg": "Регионален портал", "label_en": "Regional portal",
             "target": "https://region.example.org/"},
        )  # fmt: skip
    assert answer.status_code == 302
    nav = _nav(visitor.get("/alpha/").content.decode())
    assert 'href="https://region.example.org/">Regional portal' in nav
    own = MenuItem.objects.get(kind="own")
    assert "Регионален портал" in _nav(client_for(None, "bg").get("/alpha/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(MENU, {"action": "up", "ref": f"own:{own.pk}"})
    nav = _nav(visitor.get("/alpha/").content.decode())
    assert nav.index("Regional portal") < nav.index("About us")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(MENU, {"action": "remove", "ref": f"own:{own.pk}"})
    assert "Regional portal" not in visitor.get("/alpha/").content.decode()
    editor = admin.get(MENU).content.decode()
    assert "Show “Board”" in editor and "Move “About us” up" in editor


def test_a_link_whose_target_went_away_vanishes_and_a_new_one_comes_in(
    world, offered, django_capture_on_commit_callbacks
) -> None:
    admin = client_for(world.admin_a)
    admin.post(MENU, {"action": "down", "ref": "test:about"})
    OFFERED["on"] = False
    public_changed(world.org_a)  # as the app does when it unpublishes
    assert 'class="site-menu"' not in client_for(None).get("/alpha/").content.decode()
    assert "Not available now" in admin.get(MENU).content.decode()
    OFFERED["on"] = True
    MenuItem.objects.filter(key="test:board").delete()  # as if offered after the last edit
    public_changed(world.org_a)
    nav = _nav(client_for(None).get("/alpha/").content.decode())
    assert nav.index("About us") < nav.index("Board")


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", "http://plain.example.org/", "//evil.example.org/x", "about",
     "data:text/html,x", "/a b", "https://", "/\\evil.example.org"],
)  # fmt: skip
def test_a_bad_link_address_is_refused_and_nothing_is_saved(world, target: str) -> None:
    answer = client_for(world.admin_a).post(
        MENU, {"action": "add", "label_bg": "Връзка", "target": target}
    )
    assert answer.status_code == 400
    assert "starting with https://" in answer.content.decode()
    assert not MenuItem.objects.exists()


def test_an_own_link_needs_a_label_in_the_main_language(world) -> None:
    answer = client_for(world.admin_a).post(
        MENU, {"action": "add", "label_en": "Portal", "target": "/alpha/track/"}
    )
    assert answer.status_code == 400
    assert not MenuItem.objects.exists()


def test_an_offered_link_cannot_be_removed_only_hidden(world, offered) -> None:
    answer = client_for(world.admin_a).post(MENU, {"action": "remove", "ref": "test:about"})
    assert answer.status_code == 400
    assert "can be hidden, not removed" in answer.content.decode()
    assert not MenuItem.objects.filter(key="test:about", hidden=True).exists()


def test_only_the_organisations_admin_edits_the_menu(world, offered) -> None:
    for user in (world.admin_b, world.communications_a, world.official_a, world.citizen):
        assert client_for(user).get(MENU).status_code == 403
        answer = client_for(user).post(MENU, {"action": "hide", "ref": "test:about"})
        assert answer.status_code == 403
    assert client_for(None).post(MENU, {"action": "hide", "ref": "test:about"}).status_code == 302
    # Another organisation's row is not found from this one.
    client_for(world.admin_b).post(
        "/beta/office/settings/menu/",
        {"action": "add", "label_pl": "Portal", "target": "https://portal.example.org/"},
    )
    own_b = MenuItem.objects.get(organisation=world.org_b)
    answer = client_for(world.admin_a).post(MENU, {"action": "remove", "ref": f"own:{own_b.pk}"})
    assert answer.status_code == 404
    assert MenuItem.objects.filter(pk=own_b.pk).exists()


def test_services_appear_on_the_home_page_and_in_the_menu_only_when_published(
    world, registry, django_capture_on_commit_callbacks
) -> None:
    visitor = client_for(None)
    page = visitor.get("/alpha/").content.decode()
    assert 'href="/alpha/services/"' not in page
    assert 'href="/alpha/track/"' in page  # the tracking link stays
    with django_capture_on_commit_callbacks(execute=True):
        make_service(world, registry)
    page = visitor.get("/alpha/").content.decode()
    assert 'href="/alpha/services/heirs/">Certificate of heirs' in page
    assert 'href="/alpha/services/"' in _nav(page)


def test_the_home_page_shows_the_contacts_only_when_there_are_some(
    world, django_capture_on_commit_callbacks
) -> None:
    visitor = client_for(None)
    assert 'id="home-contacts"' not in visitor.get("/alpha/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_update(
            organisation=world.org_a,
            actor=world.admin_a,
            fields={"phone": "+359 2 000 1111", "address": "пл. Централен 1"},
        )
    page = visitor.get("/alpha/").content.decode()
    assert 'id="home-contacts"' in page and "пл. Централен 1" in page
    assert 'href="tel:+3592000' in page


def test_the_installation_home_groups_organisations_by_kind_and_country(
    world, django_assert_max_num_queries
) -> None:
    services.organisation_create(
        actor=None, slug="assoc", name="Сдружение на секретарите", kind="association",
        country="BG", languages=["bg"],
    )  # fmt: skip
    with django_assert_max_num_queries(5):
        page = client_for(None).get("/").content.decode()
    municipalities = page.index('id="kind-municipality"')
    associations = page.index('id="kind-association"')
    assert municipalities < page.index("Bulgaria") < page.index("Poland") < associations
    assert page.index("Gmina Beta") < associations < page.index("Сдружение на секретарите")


def test_the_language_links_keep_the_page_and_refuse_other_sites(world) -> None:
    visitor = client_for(None)
    page = visitor.get("/alpha/accessibility/").content.decode()
    assert 'href="/i18n/language/?language=bg&amp;next=/alpha/accessibility/"' in page
    assert "csrfmiddlewaretoken" not in page  # the same page for every visitor
    answer = visitor.get("/i18n/language/", {"language": "bg", "next": "/alpha/accessibility/"})
    assert answer.status_code == 302 and answer["Location"] == "/alpha/accessibility/"
    assert answer.cookies["municipium_language"].value == "bg"
    assert "Декларация за достъпност" in visitor.get("/alpha/accessibility/").content.decode()
    away = visitor.get("/i18n/language/", {"language": "pl", "next": "https://evil.example/"})
    assert away["Location"] == "/"
    assert visitor.get("/i18n/language/", {"language": "xx"}).status_code == 400


def test_anonymous_pages_come_from_the_cache_and_signed_in_people_get_fresh_ones(
    world, django_assert_max_num_queries
) -> None:
    visitor = client_for(None)
    first = visitor.get("/alpha/")
    with django_assert_max_num_queries(1):  # the organisation only
        second = visitor.get("/alpha/")
    assert second.content == first.content
    admin = client_for(world.admin_a)
    assert "Go to the back office" in admin.get("/alpha/").content.decode()
    assert "Go to the back office" not in visitor.get("/alpha/").content.decode()


def test_an_order_puts_the_named_items_first_and_journals_only_a_change(
    world, offered, django_capture_on_commit_callbacks
) -> None:
    from django.core.exceptions import ValidationError

    from municipium.audit.models import AuditEntry
    from municipium.tenants.site_services import menu_link_add, menu_order_set

    own = menu_link_add(
        organisation=world.org_a, actor=world.admin_a, labels={"en": "Map"}, target="/alpha/map/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        changed = menu_order_set(
            organisation=world.org_a, actor=world.admin_a, refs=[own.ref, "test:board"]
        )
    assert changed
    nav = _nav(client_for(None).get("/alpha/").content.decode())
    assert nav.index("Map") < nav.index("Board") < nav.index("About us")
    journaled = AuditEntry.objects.filter(action="menu.order").count()
    assert journaled == 1
    again = menu_order_set(organisation=world.org_a, actor=world.admin_a, refs=[own.ref])
    assert not again
    assert AuditEntry.objects.filter(action="menu.order").count() == journaled
    with pytest.raises(ValidationError):
        menu_order_set(organisation=world.org_a, actor=world.admin_a, refs=["page:999999"])
    with pytest.raises(ValidationError):
        menu_order_set(organisation=world.org_a, actor=world.admin_a, refs=[own.ref, own.ref])
