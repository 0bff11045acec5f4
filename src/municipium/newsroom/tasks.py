"""The newsroom's periodic work for the worker (see municipium.periodic)."""

from __future__ import annotations

from django_tasks import task

from .services.news import news_publish_due


@task()
def publish_due_news() -> int:
    """Publish the scheduled news whose minute has come, end the display of those past
    their end (cheap when nothing is due; idempotent)."""
    return news_publish_due()
