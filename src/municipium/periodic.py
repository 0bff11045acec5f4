"""Periodic jobs, enqueued by `municipium worker`.

Each job is an ordinary task with an interval. Any worker may enqueue a due job: it is due when
no run of it was enqueued within its interval, so several workers sharing a PostgreSQL queue
enqueue it about once (a rare double run is harmless: every periodic job is idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

TASK_RESULTS_KEPT_DAYS = 14
# A task still "running" after this long was claimed by a worker that died (killed, the
# machine restarted): longer than any of our tasks runs (extraction stops at
# MUNICIPIUM_EXTRACT_TIMEOUT).
ABANDONED_AFTER = timedelta(hours=1)


@task()
def prune_task_results() -> int:
    """Finished task results are kept two weeks."""
    cutoff = timezone.now() - timedelta(days=TASK_RESULTS_KEPT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def requeue_abandoned_tasks() -> int:
    """Put the tasks of a dead worker back in the queue (every task of ours may run twice
    without harm); returns how many."""
    cutoff = timezone.now() - max(ABANDONED_AFTER, timedelta(seconds=2 * settings.EXTRACT_TIMEOUT))
    return DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).update(
        status="READY", run_after=timezone.now()
    )


@dataclass(frozen=True)
class PeriodicJob:
    task: Task
    every: timedelta

    @property
    def path(self) -> str:
        return self.task.module_path


def periodic_jobs() -> list[PeriodicJob]:
    from municipium.accounts.tasks import prune_idempotency_keys, prune_login_failures
    from municipium.associations.tasks import alert_mandates_ending
    from municipium.audit.tasks import verify_journal
    from municipium.eservices.tasks import prune_rate_attempts
    from municipium.events.tasks import send_event_reminders
    from municipium.insights.tasks import update_figures
    from municipium.newsroom.newsletter_tasks import purge_newsletter_requests, send_newsletters
    from municipium.newsroom.tasks import publish_due_news
    from municipium.registry.tasks import poll_intake, send_task_digest

    return [
        PeriodicJob(verify_journal, timedelta(days=1)),
        PeriodicJob(prune_login_failures, timedelta(hours=1)),
        PeriodicJob(prune_task_results, timedelta(days=1)),
        PeriodicJob(requeue_abandoned_tasks, timedelta(minutes=10)),
        PeriodicJob(send_task_digest, timedelta(days=1)),
        PeriodicJob(poll_intake, timedelta(minutes=1)),
        PeriodicJob(prune_rate_attempts, timedelta(hours=1)),
        PeriodicJob(prune_idempotency_keys, timedelta(hours=1)),
        # Scheduled news go out within their minute.
        PeriodicJob(publish_due_news, timedelta(seconds=30)),
        PeriodicJob(send_newsletters, timedelta(minutes=5)),
        PeriodicJob(purge_newsletter_requests, timedelta(hours=1)),
        PeriodicJob(update_figures, timedelta(minutes=1)),
        # Events (issue 12): the reminder the day before, once per registration.
        PeriodicJob(send_event_reminders, timedelta(minutes=15)),
        # associations (issue 13): alerts before a mandate ends
        PeriodicJob(alert_mandates_ending, timedelta(hours=6)),
    ]


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job with no run enqueued within its interval; returns their paths."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        recent = DBTaskResult.objects.filter(
            task_path=job.path, enqueued_at__gt=now - job.every
        ).exists()
        if not recent:
            job.task.enqueue()
            enqueued.append(job.path)
    return enqueued
