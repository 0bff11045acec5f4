"""The planner's statistics after a bulk write (ADR 0023).

PostgreSQL chooses its plans from statistics that only ANALYZE (or autovacuum, when it gets
round to it, and when it is on) refreshes. After a bulk load the statistics describe the
tables as they were: a search of a freshly loaded million-entry index did not use its GIN
index at all (150 ms for a word with no match) until ANALYZE ran. Every command that writes
many rows at once therefore ends with `analyze` of the tables it changed.

SQLite is left alone: its plans in this application were chosen and measured without
statistics (the search fixes its join order with CROSS JOIN; the other lists follow their
indexes), and ANALYZE would change all of them at once.
"""

from __future__ import annotations

from django.db import connection, models

# A write of fewer rows leaves the statistics to autovacuum: ANALYZE samples 30,000 rows of
# each table (about a second on a cold million-row table), too much for a small import.
ANALYZE_AFTER = 1000


def analyze(*tables: type[models.Model] | str) -> bool:
    """ANALYZE these tables (models or table names) on PostgreSQL; returns whether it ran."""
    if connection.vendor != "postgresql" or not tables:
        return False
    names = []
    for table in tables:
        name = table if isinstance(table, str) else table._meta.db_table
        if name not in names:
            names.append(name)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(n) for n in names))
    return True


def vacuum_analyze(*tables: type[models.Model] | str) -> bool:
    """VACUUM (ANALYZE) these tables on PostgreSQL, after a write that deleted many rows (a
    rebuilt index drops its previous generation: half the table's rows). Autovacuum would
    get there, throttled, minutes later; meanwhile the GIN index sends searches to the dead
    rows, and each rebuild grew the table by a generation when autovacuum was off. VACUUM
    cannot run inside a transaction: there, only ANALYZE. Returns whether anything ran."""
    if connection.vendor != "postgresql" or not tables:
        return False
    if connection.in_atomic_block:
        return analyze(*tables)
    names = list(dict.fromkeys(t if isinstance(t, str) else t._meta.db_table for t in tables))
    with connection.cursor() as cursor:
        if connection.pg_version >= 150000:  # type: ignore[attr-defined]
            # This session's own counts of the rows it just deleted are sent to the
            # statistics at its next idle moment, at most once a second: sent after the
            # VACUUM, they would count as dead rows again. Send them now.
            cursor.execute("SELECT pg_stat_force_next_flush()")
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        cursor.execute(f"VACUUM (ANALYZE) {quoted}")
    return True


def analyze_after_bulk(rows: int, *tables: type[models.Model] | str) -> bool:
    """`analyze` when a bulk write changed at least ANALYZE_AFTER rows."""
    return rows >= ANALYZE_AFTER and analyze(*tables)
