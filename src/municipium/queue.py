"""Queueing background tasks together with the change that needs them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend


def enqueue_with_change(task: Task[Any, Any], *args: Any, **kwargs: Any) -> None:
    """Queue `task` for the change being made in the current transaction.

    With the database queue (the default) the task's row is written in that transaction: it
    commits with the change or not at all, and survives any crash after the commit. A backend
    that runs tasks at once (ImmediateBackend) runs it after the commit, never inside the
    transaction."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)
