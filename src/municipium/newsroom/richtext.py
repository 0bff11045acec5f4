"""Rich text written by staff (pages, news, events) is sanitised with nh3 against one
allow-list before it is stored, so a page never carries script, event handlers, styles or
`javascript:` links, whatever was pasted into the editor."""

from __future__ import annotations

from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "ul", "ol", "li", "blockquote", "a", "abbr", "code", "pre", "hr", "figure",
        "figcaption", "img", "table", "caption", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "*": {"lang"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize(html: str) -> str:
    """The HTML with only the allowed tags, attributes and link schemes (links get
    rel="noopener noreferrer"; script and style elements are dropped with their content)."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def images_without_alt(html: str) -> int:
    """How many <img> of the (sanitised) HTML have no alt text: a page or item with one is
    refused with a form error (WCAG 1.1.1)."""

    class _Finder(HTMLParser):
        missing = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img" and not (dict(attrs).get("alt") or "").strip():
                self.missing += 1

    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.missing
