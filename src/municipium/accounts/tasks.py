from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .models import LoginFailure

FAILURES_KEPT_DAYS = 30


@task()
def prune_login_failures() -> int:
    """Failed sign-ins are kept 30 days for review, then removed."""
    cutoff = timezone.now() - timedelta(days=FAILURES_KEPT_DAYS)
    deleted, _ = LoginFailure.objects.filter(at__lt=cutoff).delete()
    return deleted


@task()
def prune_idempotency_keys() -> int:
    """API idempotency keys are kept 24 hours, then removed (accounts/idempotency.py)."""
    from .idempotency import idempotency_prune

    return idempotency_prune()
