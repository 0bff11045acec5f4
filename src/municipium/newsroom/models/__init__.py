"""The newsroom's tables, one module per entity; each is imported here."""

from .news import NewsItem, NewsKind, NewsSettings, NewsState, NewsTag, NewsTranslation, NewsVersion  # noqa: F401
