"""The search index: one entry per indexed object, its visibility, and the outbox of changes.

The full-text part lives beside these tables, per database engine, created by the migration:
on SQLite the FTS5 table ``search_fts`` (rowid = the entry's id), on PostgreSQL the
``vector`` tsvector column of ``search_searchentry`` with a GIN index.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IndexState(models.Model):
    """Which generation of an organisation's entries the queries read; a rebuild writes the
    next one beside it and swaps in one short transaction."""

    organisation = models.OneToOneField(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    generation = models.PositiveIntegerField(default=1)
    building = models.PositiveIntegerField(null=True, blank=True)
    # Each transaction that writes entries adds one and stamps its entries with the count
    # (see services._index): a reading older than an entry never replaces it.
    writes = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.generation}"


class SearchEntry(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    generation = models.PositiveIntegerField(default=1)
    type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    stamp = models.PositiveBigIntegerField(default=0)  # IndexState.writes when written
    # Restricted entries are read only by the users in their grants (confidential documents).
    restricted = models.BooleanField(default=False)
    title = models.CharField(max_length=500)
    number = models.CharField(max_length=100, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    register = models.CharField(max_length=40, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "generation", "type", "object_id"],
                name="search_entry_once",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "generation", "-date"], name="search_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.object_id}"


class SearchText(models.Model):
    """The text snippets are cut from, beside its entry: kept out of the entries table, whose
    narrow rows every search reads for each match, it is read only for the page shown."""

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    body = models.TextField(blank=True)

    def __str__(self) -> str:
        return str(self.entry_id)


class SearchGrant(models.Model):
    """A user who may read a restricted entry."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="search_grant_once")]

    def __str__(self) -> str:
        return f"{self.entry_id}→{self.user_id}"


class IndexPending(models.Model):
    """The outbox: an object whose entry must be rebuilt. Written in the transaction of the
    change; the worker's indexer claims rows (`claimed_at`), indexes their objects and
    removes them (see services.drain_index)."""

    type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["type", "object_id"], name="search_pending_object"),
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.object_id}"
