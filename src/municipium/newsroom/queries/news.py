"""Reads of the news: the public ones (published items of an organisation, or of all of
them) and the office's (every item of the scope's organisation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from municipium.tenants.models import Organisation
from municipium.tenants.scoping import Scope

from ..models.news import NewsItem, NewsKind, NewsState, NewsTag, NewsTranslation, NewsVersion

EDITORS = ("communications",)  # admin implies every role (Scope.has)
PAGE_SIZE = 10
MAX_PAGE = 1000


def _with_related(items: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
    return items.select_related(
        "organisation", "lead_image__organisation", "author"
    ).prefetch_related(
        Prefetch("translations", queryset=NewsTranslation.objects.order_by("language")),
        Prefetch("tags", queryset=NewsTag.objects.order_by("name")),
    )


def public_news(organisation: Organisation | None = None) -> QuerySet[NewsItem]:
    """The published items (of one organisation, or of every active one), newest first."""
    items = NewsItem.objects.filter(state=NewsState.PUBLISHED, organisation__is_active=True)
    if organisation is not None:
        items = items.filter(organisation=organisation)
    return _with_related(items).order_by("-published_at", "-id")


def has_public_news(organisation: Organisation) -> bool:
    return NewsItem.objects.filter(organisation=organisation, state=NewsState.PUBLISHED).exists()


@dataclass(frozen=True)
class NewsFilters:
    kind: str = ""
    tag: str = ""
    year: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, data: Any) -> NewsFilters:
        """From a query string: unknown values are ignored (a public page never fails on them)."""
        kind = data.get("kind", "")
        tag = str(data.get("tag", ""))[:60]
        year = _number(data.get("year"), 1900, 2999)
        month = _number(data.get("month"), 1, 12) if year else None
        return cls(kind=kind if kind in NewsKind.values else "", tag=tag, year=year, month=month)

    def apply(self, items: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
        if self.kind:
            items = items.filter(kind=self.kind)
        if self.tag:
            items = items.filter(tags__slug=self.tag)
        if self.year:
            start = datetime(self.year, self.month or 1, 1, tzinfo=timezone.get_current_timezone())
            if self.month:
                end_month = (self.year + (self.month == 12), self.month % 12 + 1)
            else:
                end_month = (self.year + 1, 1)
            end = datetime(*end_month, 1, tzinfo=timezone.get_current_timezone())
            items = items.filter(published_at__gte=start, published_at__lt=end)
        return items

    def query(self) -> dict[str, str]:
        values = {"kind": self.kind, "tag": self.tag, "year": self.year, "month": self.month}
        return {k: str(v) for k, v in values.items() if v}


def _number(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def years_of(organisation: Organisation) -> list[int]:
    dates = NewsItem.objects.filter(organisation=organisation, state=NewsState.PUBLISHED).dates(
        "published_at", "year", order="DESC"
    )
    return [d.year for d in dates]


def tags_of(organisation: Organisation) -> QuerySet[NewsTag]:
    """The tags of the organisation's published items."""
    return (
        NewsTag.objects.filter(organisation=organisation, items__state=NewsState.PUBLISHED)
        .distinct()
        .order_by("name")
    )


def public_translation(organisation: Organisation, slug: str) -> NewsTranslation:
    """The published item's translation at this address, or 404."""
    translation = (
        NewsTranslation.objects.filter(
            organisation=organisation, slug=slug[:200], item__state=NewsState.PUBLISHED
        )
        .select_related(
            "item__organisation",
            "item__author",
            "item__published_by",
            "item__approved_by",
            "item__lead_image__organisation",
        )
        .first()
    )
    if translation is None:
        raise Http404
    item = translation.item
    # One query each for what the page shows of the item.
    prefetched = {
        "translations": NewsTranslation.objects.filter(item=item).order_by("language"),
        "tags": NewsTag.objects.filter(items=item).order_by("name"),
        "attachments": item.attachments.select_related("organisation").order_by("id"),
    }
    for name in ("translations", "tags", "attachments"):
        prefetched[name] = list(prefetched[name])  # type: ignore[assignment]
    item._prefetched_objects_cache = prefetched  # type: ignore[attr-defined]
    return translation


def versions_of(item: NewsItem) -> QuerySet[NewsVersion]:
    return item.versions.select_related("created_by").order_by("-number")


def version_of(item: NewsItem, number: Any) -> NewsVersion:
    found = _number(number, 1, 10**9)
    version = (
        item.versions.filter(number=found).select_related("created_by").first() if found else None
    )
    if version is None:
        raise Http404
    return version


# --- the office ------------------------------------------------------------------------------


def office_news(scope: Scope, state: str = "") -> QuerySet[NewsItem]:
    items = scope.filter(NewsItem.objects.all())
    if state in NewsState.values:
        items = items.filter(state=state)
    return _with_related(items).order_by("-updated_at", "-id")


def office_item(scope: Scope, item_id: Any) -> NewsItem:
    item = scope.get(
        NewsItem.objects.select_related(
            "organisation", "author", "lead_image", "published_by", "approved_by"
        ),
        pk=item_id,
    )
    return item


# --- what changed between two versions ---------------------------------------------------------

DIFF_MAX_LINES = 4_000  # beyond it, a field is shown as replaced whole (bounded cost)
DIFF_CONTEXT = 2
_BLOCKS = frozenset(
    {"p", "br", "h2", "h3", "h4", "li", "blockquote", "pre", "hr", "figure", "figcaption", "tr"}
)  # fmt: skip


def html_text(html: str) -> str:
    """The text of sanitised rich text, one line per paragraph, heading or list item."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _BLOCKS:
                self.parts.append("\n")
            if tag == "img":
                alt = dict(attrs).get("alt") or ""
                self.parts.append(f"[{alt}]")

        def handle_endtag(self, tag: str) -> None:
            if tag in _BLOCKS:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same", "removed", "added", "gap" (unchanged lines left out)
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str  # "title", "lead", "body", "kind", "tags", …
    language: str  # of a translated field, else ""
    lines: list[DiffLine]


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """A line diff of two texts, unchanged runs cut to their context. Linear beyond
    DIFF_MAX_LINES: the old text removed, the new one added."""
    import difflib

    a, b = old.splitlines(), new.splitlines()
    if len(a) + len(b) > DIFF_MAX_LINES:
        return [DiffLine("removed", line) for line in a] + [DiffLine("added", line) for line in b]
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = a[i1:i2]
            if len(same) > 2 * DIFF_CONTEXT + 1:
                head = same[:DIFF_CONTEXT] if out else []
                tail = same[-DIFF_CONTEXT:] if i2 < len(a) or j2 < len(b) else []
                out += [DiffLine("same", line) for line in head]
                out.append(DiffLine("gap", ""))
                out += [DiffLine("same", line) for line in tail]
            else:
                out += [DiffLine("same", line) for line in same]
            continue
        out += [DiffLine("removed", line) for line in a[i1:i2]]
        out += [DiffLine("added", line) for line in b[j1:j2]]
    return out


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{v}" for v in value.values() if v)
    return str(value)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """What changed from one version's snapshot to another's, field by field."""
    changes: list[FieldChange] = []
    for field in ("kind", "tags", "lead_image", "attachments", "display_until", "responsible"):
        a, b = _plain(old.get(field)), _plain(new.get(field))
        if a != b:
            changes.append(FieldChange(field, "", diff_lines(a, b)))
    old_texts, new_texts = old.get("translations", {}), new.get("translations", {})
    for language in sorted(set(old_texts) | set(new_texts)):
        a_text, b_text = old_texts.get(language, {}), new_texts.get(language, {})
        for field in ("title", "slug", "lead", "body"):
            a, b = a_text.get(field, ""), b_text.get(field, "")
            if field == "body":
                a, b = html_text(a), html_text(b)
            if a != b:
                changes.append(FieldChange(field, language, diff_lines(a, b)))
    return changes
