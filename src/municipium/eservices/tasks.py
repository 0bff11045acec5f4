"""Background jobs of the e-services."""

from __future__ import annotations

from django_tasks import task

from .services import rate_prune


@task()
def prune_rate_attempts() -> int:
    """Rate-limit attempts older than the window are deleted (hourly)."""
    return rate_prune()
