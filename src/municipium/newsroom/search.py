"""News items in the search index (the office search finds every item of its organisation,
drafts included), and the public search of published news, with the same language analysis.

Items enter the index through the outbox: every journaled change of an item marks it
(search.services.on_journal); the worker's indexer does the analysis."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipium.search.analysis import parse_query
from municipium.search.backends import backend
from municipium.search.types import IndexedItem, SearchableType, register_type
from municipium.tenants.models import Organisation

from .models.news import NewsItem, NewsKind, NewsState, NewsTranslation
from .queries.news import html_text, public_news

TYPE = "news"


def _items(organisation: Any) -> QuerySet[NewsItem]:
    items = NewsItem.objects.prefetch_related("translations", "tags")
    return items.filter(organisation=organisation) if organisation is not None else items


def _build(item: NewsItem) -> IndexedItem:
    translations: list[NewsTranslation] = list(item.translations.all())
    main = next((t for t in translations if t.language == item.organisation.main_language), None)
    shown = main or (translations[0] if translations else None)
    title = shown.title if shown is not None else ""
    parts = [title]
    bodies = []
    for translation in translations:
        text = html_text(translation.body)
        parts += [translation.title, translation.lead, text]
        bodies.append("\n".join(p for p in (translation.lead, text) if p))
    parts += [tag.name for tag in item.tags.all()]
    date = item.published_at or item.created_at
    return IndexedItem(
        organisation_id=item.organisation_id,
        title=title[:500],
        parts=parts,
        body="\n\n".join(bodies),
        date=date,
        year=date.year,
        kind=item.kind,
        status=item.state,
    )


def _labels(organisation: Any) -> dict[str, dict[str, str]]:
    return {
        "kind": {str(k): str(v) for k, v in NewsKind.choices},
        "status": {str(k): str(v) for k, v in NewsState.choices},
    }


register_type(
    SearchableType(
        name=TYPE,
        label=_("News item"),
        model=NewsItem,
        build=_build,
        objects_of=lambda organisation: _items(organisation).select_related("organisation"),
        url=lambda org, pk: reverse("newsroom:news_edit", kwargs={"org": org, "item_id": pk}),
        facet_labels=_labels,
    )
)


def public_search(organisation: Organisation, text: str) -> QuerySet[NewsItem]:
    """The organisation's published items matching `text` (the query language of the office
    search), newest first. Whatever the index holds, only published items come out: the
    match is joined to the public list. Raises search.analysis.QueryError."""
    query = parse_query(text)
    match = backend().match(query)
    sql = (
        f"SELECT e.object_id FROM {match.source} "  # noqa: S608 — our own SQL pieces only
        "JOIN search_indexstate s ON s.organisation_id = e.organisation_id "
        "AND s.generation = e.generation "
        f"WHERE {match.condition} AND e.organisation_id = %s AND e.type = %s"
    )
    ids = RawSQL(sql, [*match.params, organisation.pk, TYPE])  # noqa: S611
    return public_news(organisation).filter(pk__in=ids)
