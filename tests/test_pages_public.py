"""Pages on the public site: addresses in each language's own slug, fall back to the main
language with `lang` on the content, alternates for the language switch, sub-pages listed on
their page, breadcrumbs, drafts never shown, the cache renewed on every change."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache

from municipium.newsroom.services.pages import page_unpublish

from .conftest import client_for
from .pages_support import _empty_cache, add_text, make_page  # noqa: F401


@pytest.fixture
def about(world):
    page = make_page(world)
    add_text(world, page, "en", "About us", "about-us", "<p>Founded in 1880.</p>")
    return page


def test_a_published_page_is_shown_at_its_address_in_each_language(world, about) -> None:
    bulgarian = client_for(None, "bg").get("/alpha/pages/za-nas/")
    assert bulgarian.status_code == 200
    assert "Общината е основана през 1880 г." in bulgarian.content.decode()
    english = client_for(None, "en").get("/alpha/pages/about-us/")
    assert "Founded in 1880." in english.content.decode()
    assert "<h1>About us</h1>" in english.content.decode()


def test_the_page_names_its_other_languages_for_the_switch_and_for_search_engines(
    world, about
) -> None:
    html = client_for(None, "en").get("/alpha/pages/about-us/").content.decode()
    assert 'href="/alpha/pages/za-nas/" hreflang="bg" lang="bg"' in html
    # The site's language links (footer) go to the same page in that language too.
    assert 'href="/i18n/language/?language=bg&amp;next=/alpha/pages/za-nas/"' in html
    alternates = re.findall(
        r'<link rel="alternate" hreflang="(\w+)" href="http://testserver([^"]+)"', html
    )
    assert dict(alternates) == {"bg": "/alpha/pages/za-nas/", "en": "/alpha/pages/about-us/"}


def test_a_page_without_a_translation_falls_back_to_the_main_language_marked_with_lang(
    world,
) -> None:
    make_page(world, "Устав", "ustav", body="<p>Член 1.</p>")
    html = client_for(None, "en").get("/alpha/pages/ustav/").content.decode()
    assert '<article class="page-content" lang="bg">' in html
    assert "Член 1." in html


def test_a_draft_page_is_not_found(world) -> None:
    make_page(world, "Проект", "proekt", publish=False)
    assert client_for(None).get("/alpha/pages/proekt/").status_code == 404
    assert client_for(world.admin_a).get("/alpha/pages/proekt/").status_code == 404


def test_sub_pages_are_listed_on_their_page_with_breadcrumbs_on_theirs(world, about) -> None:
    board = make_page(world, "Управителен съвет", "savet", parent=about)
    make_page(world, "Скрита", "skrita", parent=about, publish=False)
    html = client_for(None, "bg").get("/alpha/pages/za-nas/").content.decode()
    assert '<a href="/alpha/pages/za-nas/savet/">Управителен съвет</a>' in html
    assert "Скрита" not in html
    sub = client_for(None, "bg").get("/alpha/pages/za-nas/savet/")
    assert sub.status_code == 200
    crumbs = sub.content.decode().split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<a href="/alpha/pages/za-nas/">За нас</a>' in crumbs
    assert 'aria-current="page"' in crumbs and "Управителен съвет" in crumbs
    assert board.get_absolute_url() in ("/alpha/pages/za-nas/savet/",)


def test_a_sub_page_of_an_unpublished_page_is_not_shown(world, about) -> None:
    make_page(world, "Съвет", "savet", parent=about)
    page_unpublish(page=about, actor=world.admin_a)
    assert client_for(None).get("/alpha/pages/za-nas/savet/").status_code == 404


def test_a_page_is_not_found_under_another_organisation(world, about) -> None:
    assert client_for(None).get("/beta/pages/za-nas/").status_code == 404


def _generation(organisation) -> int | None:
    return cache.get(f"public:generation:org:{organisation.slug}")


def test_the_cached_page_is_renewed_when_the_page_changes(
    world, about, django_capture_on_commit_callbacks
) -> None:
    visitor = client_for(None, "bg")
    assert "1880" in visitor.get("/alpha/pages/za-nas/").content.decode()
    before = _generation(world.org_a)
    with django_capture_on_commit_callbacks(execute=True):
        add_text(world, about, "bg", "За нас", "za-nas", "<p>Нов текст.</p>")
    assert _generation(world.org_a) != before  # every cached page of alpha is stale
    assert "Нов текст." in visitor.get("/alpha/pages/za-nas/").content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page_unpublish(page=about, actor=world.communications_a)
    assert callbacks  # public_changed, after the commit
    assert visitor.get("/alpha/pages/za-nas/").status_code == 404


def test_a_save_that_changes_nothing_leaves_the_cache_alone(
    world, about, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        add_text(world, about, "en", "About us", "about-us", "<p>Founded in 1880.</p>")
    assert not callbacks


def test_the_page_list_runs_a_bounded_number_of_queries(
    world, about, django_assert_max_num_queries
) -> None:
    for number in range(8):
        make_page(world, f"Раздел {number}", f"razdel-{number}", parent=about)
    with django_assert_max_num_queries(14):
        answer = client_for(None, "bg").get("/alpha/pages/za-nas/")
    assert answer.content.decode().count("/alpha/pages/za-nas/razdel-") == 8


def test_a_slug_may_be_in_the_languages_own_alphabet(world) -> None:
    page = make_page(world, "Устав", "Устав-на-общината")
    assert page.translations.get().slug == "устав-на-общината"
    answer = client_for(None, "bg").get("/alpha/pages/устав-на-общината/")
    assert answer.status_code == 200 and "<h1>Устав</h1>" in answer.content.decode()
    assert page.get_absolute_url() == "/alpha/pages/" + quote("устав-на-общината") + "/"
