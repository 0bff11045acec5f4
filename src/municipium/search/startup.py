"""The lemma table is built when the platform is installed or started, never on a request.

`migrate` (after the search app's migrations), `demo`, `serve`, `worker` and the WSGI
application call `prepare_lemmas`: the first of them on a new installation builds the table
(some 20 seconds, once) and shows its progress on a terminal; the others find it ready.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from .lemmas import ensure_table, table_path


def prepare_lemmas(stream: TextIO | None = None) -> Path:
    """Build the lemma table unless it exists, with a progress bar on `stream` (standard
    error by default) when it is a terminal."""
    if table_path().exists():
        return table_path()
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream or sys.stderr)
    with Progress(
        TextColumn("search: building the dictionary of word forms (once)"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("lemmas", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        path = ensure_table(progress=progress)
    console.print(f"search: dictionary of word forms ready ({path})")
    return path


def after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate receiver of the search app: `migrate` ends with the table ready."""
    prepare_lemmas()
