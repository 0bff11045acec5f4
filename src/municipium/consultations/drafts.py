"""The draft's text as articles and paragraphs: recognising article headings ("Чл. 1.",
"§ 1.", "Art. 1.") in pasted text, DOCX and ODT, and matching a new structure to the previous
one so that each article keeps its identity (its anchor) across versions.

Pure functions, no database: the work is linear in the bounded input and is done before any
transaction."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models.consultations import (
    ARTICLES_MAX,
    DRAFT_MAX,
    HEADING_MAX,
    PARAGRAPH_MAX,
    PARAGRAPHS_MAX,
)

# A heading at the start of a line: the marker, the number ("12", "12а", "12a") and a dot.
HEADING_RE = re.compile(
    r"^\s*(?P<marker>Чл\.|Член|§|Art\.|Artykuł)\s*(?P<number>\d{1,4}[a-zа-я]?)\s*\.?(?:\s+|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
# "Чл. 5. (Заглавие)" or "Art. 5. Title" — a short line without a full stop is a heading.
HEADING_TEXT_MAX = 150
SIMILAR_SAME_NUMBER = 0.4
SIMILAR_RENUMBERED = 0.75
SIMILARITY_CHARS = 2_000
# A renumbered article is looked for among this many articles around its position, so the
# matching stays linear in the number of articles.
SEARCH_WINDOW = 25


@dataclass
class ParsedArticle:
    number: str = ""
    label: str = ""
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    anchor: int | None = None
    paragraph_anchors: list[int | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _marker(raw: str) -> str:
    lowered = raw.lower()
    if lowered.startswith("чл"):
        return "Чл."
    if lowered.startswith("art"):
        return "Art."
    return "§"


def parse_lines(lines: Iterable[str]) -> list[ParsedArticle]:
    """Articles from the lines of a draft. Lines before the first heading make an
    introduction (an article without number); every other non-empty line is a paragraph.
    Raises ValidationError when the draft is empty or too big."""
    articles: list[ParsedArticle] = []
    current: ParsedArticle | None = None
    total = 0
    for raw in lines:
        line = " ".join(str(raw).split())
        if not line:
            continue
        total += len(line)
        if total > DRAFT_MAX:
            raise ValidationError(_("The draft is too long: at most %d characters.") % DRAFT_MAX)
        match = HEADING_RE.match(line)
        if match:
            marker = _marker(match["marker"])
            number = match["number"]
            current = ParsedArticle(number=number, label=f"{marker} {number}")
            articles.append(current)
            rest = match["rest"].strip()
            if rest:
                is_heading = (
                    len(rest) <= HEADING_TEXT_MAX and not rest.endswith((".", ";", ":"))
                ) or (rest.startswith("(") and rest.endswith(")") and len(rest) <= HEADING_MAX)
                if is_heading:
                    current.heading = rest.strip("()").strip()[:HEADING_MAX]
                else:
                    current.paragraphs.append(rest)
            continue
        if current is None:
            current = ParsedArticle()
            articles.append(current)
        if len(line) > PARAGRAPH_MAX:
            raise ValidationError(
                _("A paragraph is too long: at most %d characters.") % PARAGRAPH_MAX
            )
        current.paragraphs.append(line)
        if len(current.paragraphs) > PARAGRAPHS_MAX:
            raise ValidationError(
                _("%(label)s has more than %(max)d paragraphs.")
                % {"label": current.label or _("The introduction"), "max": PARAGRAPHS_MAX}
            )
    if len(articles) > ARTICLES_MAX:
        raise ValidationError(_("At most %d articles.") % ARTICLES_MAX)
    if not articles:
        raise ValidationError(_("The draft has no text."))
    seen: set[str] = set()
    for article in articles:
        if article.label and article.label in seen:
            raise ValidationError(
                _("%(label)s appears twice: number the articles once each.")
                % {"label": article.label}
            )
        seen.add(article.label)
    return articles


def parse_text(text: str) -> list[ParsedArticle]:
    if len(text) > DRAFT_MAX * 2:
        raise ValidationError(_("The draft is too long: at most %d characters.") % DRAFT_MAX)
    return parse_lines(text.splitlines())


def docx_lines(fileobj: IO[bytes] | Any) -> list[str]:
    """The paragraphs of a DOCX file, in order (tables' cells too)."""
    import docx

    document = docx.Document(fileobj)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return lines


def odt_lines(fileobj: IO[bytes] | Any) -> list[str]:
    """The headings and paragraphs of an ODT file, in document order (inside lists too)."""
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(fileobj)
    wanted = {(TEXTNS, "h"), (TEXTNS, "p")}
    lines: list[str] = []

    def walk(node: Any) -> None:
        for child in node.childNodes:
            if getattr(child, "qname", None) in wanted:
                lines.append(teletype.extractText(child))
            elif getattr(child, "childNodes", None):
                walk(child)

    walk(document.text)
    return lines


def serialise(articles: Iterable[Any]) -> str:
    """A structure back as text in the heading format (for the editor)."""
    blocks = []
    for article in articles:
        lines = []
        if article.label:
            head = f"{article.label}."
            if article.heading:
                head += f" {article.heading}"
            lines.append(head)
        paragraphs = (
            article.paragraphs
            if isinstance(article, ParsedArticle)
            else [p.text for p in article.paragraphs.all()]
        )
        lines.extend(paragraphs)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1 (on their first characters: bounded cost)."""
    if not a and not b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a[:SIMILARITY_CHARS], b[:SIMILARITY_CHARS])
    if matcher.real_quick_ratio() < SIMILAR_SAME_NUMBER:
        return matcher.real_quick_ratio()
    quick = matcher.quick_ratio()
    if quick < SIMILAR_SAME_NUMBER:
        return quick
    return matcher.ratio()


@dataclass(frozen=True)
class OldArticle:
    anchor: int
    label: str
    text: str
    paragraphs: list[tuple[int, str]]  # (anchor, text)


def match_anchors(old: list[OldArticle], new: list[ParsedArticle], next_anchor: int) -> int:
    """Give each new article (and paragraph) the anchor of the old one it continues: first
    the one with the same text, then the same label with similar text, then any unmatched
    article with very similar text nearby (a renumbered article). The others get new
    anchors. Returns the next free anchor."""
    unmatched = {a.anchor: a for a in old}
    by_label = {a.label: a for a in old}
    # An article whose text is unchanged keeps its anchor, whatever its number now.
    by_text: dict[str, list[OldArticle]] = {}
    for candidate in old:
        if candidate.text:
            by_text.setdefault(candidate.text, []).append(candidate)
    for article in new:
        same = by_text.get(article.text) if article.text else None
        if same and len(same) == 1 and same[0].anchor in unmatched:
            article.anchor = same[0].anchor
            unmatched.pop(article.anchor)
    for article in new:
        if article.anchor is not None:
            continue
        found = by_label.get(article.label)
        if (
            found is not None
            and found.anchor in unmatched
            and (not found.text or similarity(found.text, article.text) >= SIMILAR_SAME_NUMBER)
        ):
            article.anchor = found.anchor
    for article in new:
        if article.anchor is not None:
            unmatched.pop(article.anchor, None)
    position_of = {a.anchor: i for i, a in enumerate(old)}
    for index, article in enumerate(new):
        if article.anchor is not None:
            continue
        best, best_score = None, SIMILAR_RENUMBERED
        nearby = [
            a for a in unmatched.values() if abs(position_of[a.anchor] - index) <= SEARCH_WINDOW
        ]
        for candidate in nearby:
            score = similarity(candidate.text, article.text)
            if score >= best_score:
                best, best_score = candidate, score
        if best is not None:
            article.anchor = best.anchor
            unmatched.pop(best.anchor)
    old_by_anchor = {a.anchor: a for a in old}
    for article in new:
        if article.anchor is None:
            article.anchor = next_anchor
            next_anchor += 1
        previous = old_by_anchor.get(article.anchor)
        free = dict(previous.paragraphs) if previous else {}
        anchors: list[int | None] = []
        for position, text in enumerate(article.paragraphs):
            chosen = None
            if previous is not None and position < len(previous.paragraphs):
                anchor, old_text = previous.paragraphs[position]
                if anchor in free and similarity(old_text, text) >= SIMILAR_SAME_NUMBER:
                    chosen = anchor
            if chosen is None and len(free) <= PARAGRAPHS_MAX:
                scored = [(similarity(t, text), a) for a, t in free.items()]
                scored = [s for s in scored if s[0] >= SIMILAR_RENUMBERED]
                if scored:
                    chosen = max(scored)[1]
            if chosen is None:
                chosen = next_anchor
                next_anchor += 1
            free.pop(chosen, None)
            anchors.append(chosen)
        article.paragraph_anchors = anchors
    return next_anchor


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(operation, text) pieces: "=" unchanged, "-" removed, "+" added, word by word."""
    a, b = old.split(" "), new.split(" ")
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("=", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                pieces.append(("-", " ".join(a[i1:i2])))
            if j2 > j1:
                pieces.append(("+", " ".join(b[j1:j2])))
    return pieces
