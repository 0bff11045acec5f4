"""Background jobs of the figures."""

from __future__ import annotations

from django_tasks import task

from .services import figures_update

PASSES = 50  # a run stops after this many passes; the next run goes on


@task()
def update_figures() -> int:
    """Bring the facts and daily aggregates up to date with the registry (every minute);
    returns the number of documents taken."""
    done = 0
    for _ in range(PASSES):
        taken = figures_update()
        if not taken:
            break
        done += taken
    return done
