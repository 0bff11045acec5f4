"""The public news pages (list with its filters and search, item with its metadata and the
language switch) and the office's pages, with the personas of the isolation matrix."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from municipium.newsroom.models import NewsItem, NewsState
from municipium.newsroom.services.news import NewsText, news_settings_update, news_unpublish
from municipium.search.services import drain_index

from .conftest import client_for
from .news_support import published, write


def _when(year: int, month: int) -> datetime:
    return datetime(year, month, 10, 9, 0, tzinfo=timezone.get_current_timezone())


def test_the_list_shows_published_news_only_newest_first(world) -> None:
    published(world, "Първа новина", at=_when(2025, 1))
    published(world, "Втора новина", at=_when(2025, 3))
    write(world, "Чернова")
    page = client_for(None, "bg").get("/alpha/news/").content.decode()
    assert page.index("Втора новина") < page.index("Първа новина")
    assert "Чернова" not in page


def test_the_list_filters_by_kind_tag_year_and_month(world) -> None:
    published(world, "Съобщение за пресата", kind="press_release", at=_when(2024, 5))
    published(world, "Пътят е ремонтиран", tags=("Пътища",), at=_when(2025, 2))
    published(world, "Обява", kind="announcement", at=_when(2025, 3))
    anonymous = client_for(None, "bg")

    def titles(query: str) -> set[str]:
        page = anonymous.get("/alpha/news/?" + query).content.decode()
        return {t for t in ("Съобщение за пресата", "Пътят е ремонтиран", "Обява") if t in page}

    assert titles("kind=press_release") == {"Съобщение за пресата"}
    assert titles("tag=patishta") == {"Пътят е ремонтиран"}
    assert titles("year=2025") == {"Пътят е ремонтиран", "Обява"}
    assert titles("year=2025&month=3") == {"Обява"}
    assert titles("kind=nonsense&year=abc&month=99") == {
        "Съобщение за пресата",
        "Пътят е ремонтиран",
        "Обява",
    }


def test_the_list_is_paged_with_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
) -> None:
    for number in range(23):
        published(world, f"Новина {number}", tags=("a", "b"), at=_when(2025, 1 + number % 12))
    anonymous = client_for(None, "bg")
    with django_assert_max_num_queries(14):
        first = anonymous.get("/alpha/news/")
    assert first.content.decode().count('class="card news-card"') == 10
    third = anonymous.get("/alpha/news/?page=3").content.decode()
    assert third.count('class="card news-card"') == 3


def test_the_office_list_runs_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
) -> None:
    for number in range(30):
        write(world, f"Новина {number}", tags=("a",))
    editor = client_for(world.communications_a)
    with django_assert_max_num_queries(14):
        answer = editor.get("/alpha/office/news/")
    assert answer.content.decode().count("/alpha/office/news/") >= 25


def test_the_public_search_box_finds_published_news_only(world) -> None:
    published(world, "Ремонт на общинските пътища")
    write(world, "Ремонт на училището", body="<p>чернова</p>")
    drain_index()
    page = client_for(None, "bg").get("/alpha/news/?q=пътища").content.decode()
    assert "Ремонт на общинските пътища" in page
    draft = client_for(None, "bg").get("/alpha/news/?q=училището").content.decode()
    assert "Ремонт на училището" not in draft


def test_the_item_page_is_in_the_language_of_its_address_with_its_data(world) -> None:
    item = published(
        world,
        "Нов парк",
        more={"en": NewsText(title="A new park", lead="On Saturday", body="<p>Opens.</p>")},
    )
    bg = item.translations.get(language="bg")
    en = item.translations.get(language="en")
    # A visitor who never chose a language reads the address's language.
    answer = client_for(None).get(f"/alpha/news/{en.slug}/")
    answer_bg = client_for(None)
    answer_bg.cookies.clear()
    page = answer_bg.get(f"/alpha/news/{bg.slug}/").content.decode()
    assert '<article class="news-item" lang="bg">' in page and "Нов парк" in page
    assert f'href="/alpha/news/{en.slug}/" hreflang="en"' in page
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert data is not None
    article = json.loads(data.group(1))
    assert article["@type"] == "NewsArticle" and article["headline"] == "Нов парк"
    assert article["inLanguage"] == "bg" and article["url"].startswith("http://testserver/")
    assert answer.status_code == 200


def test_the_language_switch_goes_to_the_same_item_in_the_chosen_language(world) -> None:
    item = published(world, "Нов парк", more={"en": NewsText(title="A new park")})
    bg = item.translations.get(language="bg")
    en = item.translations.get(language="en")
    switched = client_for(None, "en").get(f"/alpha/news/{bg.slug}/")
    assert switched.status_code == 302 and switched["Location"] == f"/alpha/news/{en.slug}/"
    # An item without that language stays in its own.
    only_bg = published(world, "Само на български")
    slug = only_bg.translations.get().slug
    assert client_for(None, "en").get(f"/alpha/news/{slug}/").status_code == 200


def test_the_item_has_open_graph_canonical_and_alternate_links(world) -> None:
    item = published(world, "Нов парк", more={"en": NewsText(title="A new park")})
    bg = item.translations.get(language="bg")
    anonymous = client_for(None)
    anonymous.cookies.clear()
    page = anonymous.get(f"/alpha/news/{bg.slug}/").content.decode()
    assert f'<link rel="canonical" href="http://testserver/alpha/news/{bg.slug}/">' in page
    assert 'hreflang="en"' in page and '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Нов парк">' in page
    # The site's language links go to the same item in that language.
    en = item.translations.get(language="en")
    assert f'href="/i18n/language/?language=en&amp;next=/alpha/news/{en.slug}/"' in page


def test_drafts_scheduled_and_unpublished_items_are_not_found(world) -> None:
    draft = write(world, "Чернова")
    scheduled = published(world, "По-късно", at=timezone.now() + timedelta(days=1))
    gone = published(world, "Оттеглена")
    news_unpublish(item=gone, actor=world.admin_a, reason="грешка")
    for item in (draft, scheduled, gone):
        slug = item.translations.get().slug
        assert client_for(None).get(f"/alpha/news/{slug}/").status_code == 404
        assert client_for(world.admin_a).get(f"/alpha/news/{slug}/").status_code == 404


def test_an_item_is_found_only_under_its_own_organisation(world) -> None:
    item = published(world, "Нов парк")
    slug = item.translations.get().slug
    assert client_for(None).get(f"/beta/news/{slug}/").status_code == 404


def test_publishing_makes_the_cached_list_fresh(world, django_capture_on_commit_callbacks) -> None:
    published(world, "Първа")
    anonymous = client_for(None, "bg")
    assert "Първа" in anonymous.get("/alpha/news/").content.decode()
    item = write(world, "Втора")
    assert "Втора" not in anonymous.get("/alpha/news/").content.decode()  # cached, unchanged
    from municipium.newsroom.services.news import news_publish

    with django_capture_on_commit_callbacks(execute=True):  # the cached list goes stale
        news_publish(item=item, actor=world.communications_a)
    assert "Втора" in anonymous.get("/alpha/news/").content.decode()


def test_the_home_page_section_and_menu_link_appear_with_published_news(world) -> None:
    from municipium.tenants.public import home_sections, menu_links, site_sections

    assert [s.key for s, _ in home_sections(world.org_a, "bg")].count("news") == 0
    assert not [link for link in menu_links(world.org_a, "bg") if link.key == "news"]
    published(world, "Водеща новина")
    published(world, "Последна новина")
    sections = dict((s.key, c) for s, c in home_sections(world.org_a, "bg"))
    assert sections["news"]["lead"]["text"].title == "Последна новина"
    assert [r["text"].title for r in sections["news"]["latest"]] == ["Водеща новина"]
    assert [link.url for link in menu_links(world.org_a, "bg") if link.key == "news"] == [
        "/alpha/news/"
    ]
    site = dict((s.key, c) for s, c in site_sections("bg"))
    assert len(site["news"]["latest"]) == 2


# --- the office -------------------------------------------------------------------------------

PERSONAS = {
    "admin_a": 200,
    "communications_a": 200,
    "official_a": 403,
    "admin_b": 403,
    "citizen": 403,
}


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_only_communications_and_admins_reach_the_office_pages(world, persona) -> None:
    item = write(world)
    user = None if persona == "anonymous" else getattr(world, persona)
    client = client_for(user)
    for path in (
        "/alpha/office/news/",
        "/alpha/office/news/new/",
        f"/alpha/office/news/{item.pk}/",
    ):
        answer = client.get(path)
        if user is None:
            assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
        else:
            assert answer.status_code == PERSONAS[persona], (persona, path)
    answer = client.post(f"/alpha/office/news/{item.pk}/publish/")
    assert NewsItem.objects.get(pk=item.pk).state == (
        NewsState.PUBLISHED if persona in ("admin_a", "communications_a") else NewsState.DRAFT
    )


def test_an_editor_writes_and_publishes_through_the_office(world) -> None:
    client = client_for(world.communications_a)
    answer = client.post(
        "/alpha/office/news/new/",
        {
            "kind": "press_release",
            "title_bg": "Прессъобщение",
            "lead_bg": "Кратко",
            "body_bg": '<p>Текст <a href="javascript:alert(1)">тук</a></p><script>x()</script>',
            "tags": "съвет, пътища",
        },
    )
    assert answer.status_code == 302
    item = NewsItem.objects.get()
    assert item.kind == "press_release" and "javascript" not in item.translations.get().body
    client.post(f"/alpha/office/news/{item.pk}/publish/")
    assert NewsItem.objects.get().state == NewsState.PUBLISHED
    # A change of the published item without a reason is a form error.
    refused = client.post(
        f"/alpha/office/news/{item.pk}/",
        {"kind": "press_release", "title_bg": "Ново заглавие", "body_bg": "<p>Текст</p>"},
    )
    assert refused.status_code == 400
    assert "Give the reason for the change" in refused.content.decode()
    accepted = client.post(
        f"/alpha/office/news/{item.pk}/",
        {
            "kind": "press_release",
            "title_bg": "Ново заглавие",
            "body_bg": "<p>Текст</p>",
            "reason": "Точно заглавие",
        },
    )
    assert accepted.status_code == 302
    assert item.versions.count() == 2


def test_an_image_without_alt_text_is_a_form_error_and_nothing_is_saved(world) -> None:
    answer = client_for(world.communications_a).post(
        "/alpha/office/news/new/",
        {"kind": "news", "title_bg": "Снимка", "body_bg": '<img src="a.png">'},
    )
    assert answer.status_code == 400
    assert "without alternative text" in answer.content.decode()
    assert not NewsItem.objects.exists()


def test_the_office_refuses_the_authors_own_publication_when_approval_is_required(world) -> None:
    news_settings_update(organisation=world.org_a, actor=world.admin_a, require_approval=True)
    item = write(world)
    author = client_for(world.communications_a)
    page = author.get(f"/alpha/office/news/{item.pk}/").content.decode()
    assert "Send for approval" in page and "Approve and publish" not in page
    author.post(f"/alpha/office/news/{item.pk}/publish/")
    assert NewsItem.objects.get().state == NewsState.DRAFT
    author.post(f"/alpha/office/news/{item.pk}/submit/")
    assert NewsItem.objects.get().state == NewsState.AWAITING_APPROVAL
    client_for(world.admin_a).post(f"/alpha/office/news/{item.pk}/publish/")
    assert NewsItem.objects.get().state == NewsState.PUBLISHED


def test_only_an_admin_changes_the_newsroom_settings(world) -> None:
    assert client_for(world.communications_a).get("/alpha/office/news/settings/").status_code == 403
    answer = client_for(world.admin_a).post(
        "/alpha/office/news/settings/", {"require_approval": "on"}
    )
    assert answer.status_code == 302
    from municipium.newsroom.services.news import settings_of

    assert settings_of(world.org_a).require_approval


def test_the_editor_adds_a_lead_image_with_alt_text_and_an_attachment(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = Path(__file__).parent / "files" / "accepted"
    client = client_for(world.communications_a)
    refused = client.post(
        "/alpha/office/news/new/",
        {
            "kind": "news",
            "title_bg": "Със снимка",
            "lead_image": SimpleUploadedFile("park.png", (files / "scan.png").read_bytes()),
        },
    )
    assert refused.status_code == 400 and not NewsItem.objects.exists()
    answer = client.post(
        "/alpha/office/news/new/",
        {
            "kind": "news",
            "title_bg": "Със снимка",
            "lead_image": SimpleUploadedFile("park.png", (files / "scan.png").read_bytes()),
            "lead_image_alt": "Алея в новия парк",
            "attachment": SimpleUploadedFile("plan.pdf", (files / "letter.pdf").read_bytes()),
            "attachment_title": "План на парка",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    item = NewsItem.objects.get()
    assert item.lead_image.alt_text == "Алея в новия парк"
    assert [f.title for f in item.attachments.all()] == ["План на парка"]
    client.post(f"/alpha/office/news/{item.pk}/publish/")
    page = client_for(None).get(f"/alpha/news/{item.translations.get().slug}/").content.decode()
    assert 'alt="Алея в новия парк"' in page and "План на парка" in page
