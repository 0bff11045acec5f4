"""The newsroom's tables, one module per entity; each is imported here."""

from .newsletter import (  # noqa: F401
    Delivery,
    Edition,
    NewsletterSettings,
    Subscriber,
)
