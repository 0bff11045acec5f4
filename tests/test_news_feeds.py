"""Atom 1.0 feeds of the news (one organisation's, and the installation's) and the sitemap."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

from django.utils import timezone

from municipium.newsroom.services.news import NewsText, news_update
from municipium.newsroom.sitemaps import SECTIONS

from .conftest import client_for
from .news_support import published, write

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _feed(path: str) -> ElementTree.Element:
    answer = client_for(None, "bg").get(path)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(answer.content)  # noqa: S314 — our own answer


def test_the_organisation_feed_is_atom_with_absolute_links_languages_and_times(world) -> None:
    at = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.get_current_timezone())
    item = published(world, "Нов парк", at=at, tags=("Паркове",))
    news_update(
        item=item,
        actor=world.admin_a,
        kind="news",
        texts={"bg": NewsText(title="Нов парк", body="<p>Отваря в неделя.</p>")},
        tags=["Паркове"],
        reason="Денят",
    )
    write(world, "Чернова")
    feed = _feed("/alpha/news/feed.atom")
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id", "").startswith("http://testserver/alpha/news/")
    assert feed.find(f"{ATOM}updated") is not None
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert (
        self_link is not None and self_link.get("href") == "http://testserver/alpha/news/feed.atom"
    )
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    [entry] = entries
    assert entry.findtext(f"{ATOM}title") == "Нов парк"
    assert entry.findtext(f"{ATOM}id") == f"tag:municipium,{item.created_at.date()}:news/{item.pk}"
    link = entry.find(f"{ATOM}link")
    slug = item.translations.get().slug
    assert link is not None and link.get("href") == f"http://testserver/alpha/news/{slug}/"
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "bg"
    assert entry.findtext(f"{ATOM}published", "").startswith("2025-03-10")
    item.refresh_from_db()
    assert entry.findtext(f"{ATOM}updated") == item.changed_at.isoformat()
    assert entry.find(f"{ATOM}category").get("term") == "Паркове"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "press-a"


def test_the_installation_feed_has_every_organisations_news(world) -> None:
    published(world, "Новина на Алфа")
    published(
        world, "Aktualność Bety", org=world.org_b, author=world.communications_b, language="pl"
    )
    feed = _feed("/news/feed.atom")
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert sorted(titles) == ["Aktualność Bety (Gmina Beta)", "Новина на Алфа (Община Алфа)"]
    hrefs = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert all(h.startswith("http://testserver/") for h in hrefs)
    languages = sorted(
        e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in feed.findall(f"{ATOM}entry")
    )
    assert languages == ["bg", "pl"]


def test_an_unknown_organisation_has_no_feed(world) -> None:
    assert client_for(None).get("/nowhere/news/feed.atom").status_code == 404


def test_the_sitemap_lists_organisations_and_published_news(world) -> None:
    item = published(world, "Нов парк")
    write(world, "Чернова")
    answer = client_for(None).get("/sitemap.xml")
    assert answer.status_code == 200
    urlset = ElementTree.fromstring(answer.content)  # noqa: S314 — our own answer
    locations = [u.findtext(f"{SITEMAP}loc") for u in urlset.findall(f"{SITEMAP}url")]
    slug = item.translations.get().slug
    assert "http://testserver/alpha/" in locations and "http://testserver/beta/" in locations
    assert f"http://testserver/alpha/news/{slug}/" in locations
    assert len(locations) == 3


def test_other_apps_add_their_sections_to_the_sitemap() -> None:
    assert set(SECTIONS) >= {"organisations", "news"}
    assert isinstance(SECTIONS, dict)
