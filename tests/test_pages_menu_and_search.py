"""Published top-level pages give the public menu one link each, titled in the language;
published pages are found by the search, drafts never."""

from __future__ import annotations

from municipium.newsroom import site_pages
from municipium.newsroom.services.pages import page_unpublish
from municipium.search.queries import search
from municipium.search.services import drain_index
from municipium.tenants.public import menu_links
from municipium.tenants.scoping import resolve_scope

from .conftest import client_for
from .pages_support import _empty_cache, add_text, make_page  # noqa: F401


def test_each_published_top_level_page_gives_one_menu_link_in_the_language(world) -> None:
    about = make_page(world)
    add_text(world, about, "en", "About us", "about-us")
    statute = make_page(world, "Устав", "ustav")
    make_page(world, "Съвет", "savet", parent=about)
    make_page(world, "Чернова", "chernova", publish=False)
    links = [link for link in menu_links(world.org_a, "en") if link.key.startswith("page:")]
    assert [(link.key, link.label, link.url) for link in links] == [
        (f"page:{about.pk}", "About us", "/alpha/pages/about-us/"),
        (f"page:{statute.pk}", "Устав", "/alpha/pages/ustav/"),
    ]
    bulgarian = [
        link.label for link in menu_links(world.org_a, "bg") if link.key.startswith("page:")
    ]
    assert bulgarian == ["За нас", "Устав"]
    assert not [link for link in menu_links(world.org_b, "pl") if link.key.startswith("page:")]


def test_the_menu_links_cost_two_queries_whatever_the_number_of_pages(
    world, django_assert_max_num_queries
) -> None:
    for number in range(10):
        make_page(world, f"Раздел {number}", f"razdel-{number}")
    with django_assert_max_num_queries(2):
        links = site_pages.menu_links(world.org_a, "bg")
    assert len(links) == 10


def _found(user, text: str) -> list[str]:
    return [hit.title for hit in search(resolve_scope(user, "alpha"), text).hits]


def test_published_pages_are_found_and_drafts_are_not(world) -> None:
    about = make_page(world, body="<p>Общината има читалище и музей.</p>")
    make_page(world, "Проект", "proekt", body="<p>Тайният музей.</p>", publish=False)
    drain_index()
    assert _found(world.official_a, "музей") == ["За нас"]
    page_unpublish(page=about, actor=world.communications_a)
    drain_index()
    assert _found(world.official_a, "музей") == []


def test_a_found_page_links_to_its_public_address(world) -> None:
    make_page(world, body="<p>Читалище.</p>")
    drain_index()
    hit = search(resolve_scope(world.official_a, "alpha"), "читалище").hits[0]
    answer = client_for(None, "bg").get(hit.url)
    assert "<h1>За нас</h1>" in answer.content.decode()
    assert answer.context["canonical_url"] == "/alpha/pages/za-nas/"


def test_the_address_by_number_of_a_draft_is_not_found(world) -> None:
    page = make_page(world, publish=False)
    assert client_for(None).get(f"/alpha/page/{page.pk}/").status_code == 404
    assert client_for(None).get(f"/beta/page/{page.pk}/").status_code == 404


def test_sub_pages_leave_the_search_with_their_page(world) -> None:
    about = make_page(world)
    make_page(world, "Съвет", "savet", body="<p>Председател на съвета.</p>", parent=about)
    drain_index()
    assert _found(world.official_a, "председател") == ["Съвет"]
    page_unpublish(page=about, actor=world.communications_a)
    drain_index()
    assert _found(world.official_a, "председател") == []
