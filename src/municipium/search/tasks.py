"""Background jobs of the search index."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def drain_index() -> int:
    """Index what the outbox still holds (changes whose on-commit indexing did not run or
    failed); returns the number of outbox rows done. Runs every minute."""
    total = 0
    while indexed := services.drain_index(limit=2000):
        total += indexed
    return total
