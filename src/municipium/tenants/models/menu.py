"""The menu an organisation edits: ordered rows, each either a link the apps offer (by its
key, shown or hidden) or the organisation's own link (a label per language and an internal
path or an https address). No rows: every offered link, in the apps' order."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation

# An internal path: starts with one slash (never "//", which browsers read as another host),
# no backslash, spaces or control characters.
INTERNAL_PATH = re.compile(r"^/(?![/\\])[^\s\\\x00-\x1f\x7f]*$")
_https = URLValidator(schemes=["https"])
MAX_ITEMS = 30


class MenuItemKind(models.TextChoices):
    OFFERED = "offered", _("offered by the site")
    OWN = "own", _("own link")


def validate_menu_target(value: str) -> None:
    """An own link goes to a path of this site (/alpha/...) or to an https address."""
    if INTERNAL_PATH.match(value):
        return
    try:
        _https(value)
    except ValidationError:
        raise ValidationError(
            _("Give a path of this site starting with / or an address starting with https://."),
            code="target",
        ) from None


class MenuItem(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="menu_items"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=MenuItemKind.choices)
    key = models.CharField(max_length=100, blank=True)  # an offered link's key
    hidden = models.BooleanField(default=False)
    labels = models.JSONField(default=dict, blank=True)  # own link: {language: label}
    target = models.CharField(max_length=500, blank=True)  # own link

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"],
                condition=models.Q(kind="offered"),
                name="offered_menu_link_once",
            )
        ]

    def __str__(self) -> str:
        return self.key or self.target

    @property
    def ref(self) -> str:
        """How the menu editor names the row: the offered link's key, or own:<id>."""
        return self.key if self.kind == MenuItemKind.OFFERED else f"own:{self.pk}"

    def label_in(self, language: str, fallback: str) -> str:
        return (
            self.labels.get(language)
            or self.labels.get(fallback)
            or next(iter(self.labels.values()), self.target)
        )

    def clean(self) -> None:
        if self.kind == MenuItemKind.OWN:
            validate_menu_target(self.target)
            labels = {code: (text or "").strip() for code, text in (self.labels or {}).items()}
            if not any(labels.values()):
                raise ValidationError({"labels": _("Give the link a label.")})
            if any(len(text) > 80 for text in labels.values()):
                raise ValidationError({"labels": _("A label has at most 80 characters.")})
        elif not self.key:
            raise ValidationError({"key": _("An offered link needs its key.")})
