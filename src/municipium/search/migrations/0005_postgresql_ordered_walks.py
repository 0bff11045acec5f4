"""PostgreSQL: the indexes a search walks in order and stops early (ADR 0023).

- ``search_entry_newest (organisation_id, generation, id)``: by relevance, the most recently
  indexed matches of an organisation's searched generation, read backwards with the tsquery
  as a filter until the window is full.
- ``search_recent`` becomes ``(organisation_id, generation, date DESC NULLS LAST, id DESC)``:
  by date, the same walk in the window's own order (an entry without a date last, as on
  SQLite). The name stays, so the models' state still describes an index of that name.

Built CONCURRENTLY (the migration is not atomic), so a running installation keeps writing
while they build. Nothing on SQLite: FTS5 drives its searches.
"""

from typing import Any

from django.db import migrations

FORWARD = [
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS search_entry_newest "
    "ON search_searchentry (organisation_id, generation, id)",
    "DROP INDEX CONCURRENTLY IF EXISTS search_recent_walk",
    "CREATE INDEX CONCURRENTLY search_recent_walk "
    "ON search_searchentry (organisation_id, generation, date DESC NULLS LAST, id DESC)",
    "DROP INDEX CONCURRENTLY IF EXISTS search_recent",
    "ALTER INDEX search_recent_walk RENAME TO search_recent",
]
BACKWARD = [
    "DROP INDEX CONCURRENTLY IF EXISTS search_entry_newest",
    "DROP INDEX CONCURRENTLY IF EXISTS search_recent",
    "CREATE INDEX CONCURRENTLY search_recent "
    "ON search_searchentry (organisation_id, generation, date DESC)",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("search", "0004_index_stamps_and_claims")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
