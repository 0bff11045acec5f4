"""News in the search: the office search finds every item of its organisation (through the
index's outbox, never in the request), the public search only published ones."""

from __future__ import annotations

from municipium.newsroom.search import public_search
from municipium.search.models import IndexPending, SearchEntry
from municipium.search.queries import search
from municipium.search.services import drain_index
from municipium.tenants.scoping import resolve_scope

from .news_support import published, write


def test_a_written_item_waits_in_the_outbox_and_the_indexer_indexes_it(world) -> None:
    item = write(world, "Заседание на общинския съвет")
    assert IndexPending.objects.filter(type="news", object_id=item.pk).exists()
    assert not SearchEntry.objects.filter(type="news").exists()
    drain_index()
    entry = SearchEntry.objects.get(type="news", object_id=item.pk)
    assert entry.title == "Заседание на общинския съвет" and entry.status == "draft"


def test_the_office_search_finds_news_by_another_form_of_the_word(world) -> None:
    item = published(world, "Заседание на общинския съвет")
    drain_index()
    results = search(resolve_scope(world.official_a, "alpha"), "общински съвети")
    assert [(h.type, h.object_id) for h in results.hits] == [("news", item.pk)]
    assert results.hits[0].url == f"/alpha/office/news/{item.pk}/"
    outsider = search(resolve_scope(world.admin_b, "alpha"), "съвет")
    assert outsider.hits == []


def test_the_public_search_finds_published_news_only_of_its_organisation(world) -> None:
    shown = published(world, "Ремонт на пътя")
    write(world, "Ремонт на училището")
    published(world, "Remont drogi", org=world.org_b, author=world.communications_b, language="pl")
    drain_index()
    assert list(public_search(world.org_a, "ремонт")) == [shown]
