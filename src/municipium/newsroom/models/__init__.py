"""The newsroom's tables, one module per entity; each is imported here."""

from .news import NewsItem, NewsKind, NewsSettings, NewsState, NewsTag, NewsTranslation, NewsVersion  # noqa: F401
from .newsletter import (  # noqa: F401
    Delivery,
    Edition,
    NewsletterSettings,
    Subscriber,
)
from .pages import (  # noqa: F401
    ContactPoint,
    OpeningHours,
    Page,
    PageAttachment,
    PageImage,
    PageState,
    PageTranslation,
)
