"""The full-text part of the index, per engine: an FTS5 table on SQLite; a tsvector column
with a GIN index on PostgreSQL ('simple' configuration: we feed it lemmas)."""

from typing import Any

from django.db import migrations

FORWARD = {
    "sqlite": [
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "terms, tokenize = 'unicode61 remove_diacritics 0')",
    ],
    "postgresql": [
        "ALTER TABLE search_searchentry ADD COLUMN vector tsvector",
        "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
    ],
}
BACKWARD = {
    "sqlite": ["DROP TABLE search_fts"],
    "postgresql": [
        "DROP INDEX search_entry_vector",
        "ALTER TABLE search_searchentry DROP COLUMN vector",
    ],
}


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"full-text search is not available on {vendor}")
        for statement in statements[vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
