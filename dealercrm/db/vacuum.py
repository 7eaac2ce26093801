"""PostgreSQL's side of "an erasure leaves no readable copy": rewrite the tables it touched.

An UPDATE or DELETE leaves the old row version in the table's file (a dead tuple) until VACUUM; plain
VACUUM marks that space free but does not overwrite it, and a GIN index (the search vectors, db/fts_pg.py)
keeps the erased words as keys even once no row points to them. `VACUUM (FULL)` writes each table and its
indexes (and its TOAST table) into new files holding only the live rows, and removes the old files: the
equivalent of SQLite's VACUUM after the full-text merge (db/backups.py). It takes each table's ACCESS
EXCLUSIVE lock while it copies it (seconds at 100k contacts, see docs/PERFORMANCE.md), so it waits for
other workstations' transactions on that table, at most `wait_seconds`, and reports failure otherwise: the
caller then keeps the compaction owed, as on SQLite.

What it cannot reach, like SQLite's VACUUM cannot reach copies outside the file: the write-ahead log
segments not yet recycled and the server's backups hold the old values until they are rotated.

VACUUM cannot run inside a transaction block: it runs on an autocommit connection of its own.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

# LockNotAvailable (lock_timeout expired) and QueryCanceled: another connection kept the table busy.
BUSY_STATES = frozenset({"55P03", "57014"})


def rewrite_tables(engine: Engine, tables: Sequence[str], *, wait_seconds: float) -> bool:
    """`VACUUM (FULL, ANALYZE)` each of `tables` (all the schema's tables when empty) on PostgreSQL; True
    once every one was rewritten, False when one stayed locked by other connections beyond `wait_seconds`
    (those already rewritten stay so). A no-op returning True on other dialects."""
    if engine.dialect.name != "postgresql":
        return True
    deadline = time.monotonic() + max(0.0, wait_seconds)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        names = list(tables) or [
            str(name)
            for (name,) in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
            )
        ]
        present = {
            str(name)
            for (name,) in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            )
        }
        pause = 0.05
        pending = [name for name in names if name in present]
        while pending:
            remaining = deadline - time.monotonic()
            conn.exec_driver_sql(f"SET lock_timeout = {max(50, int(min(remaining, 10.0) * 1000))}")
            try:
                conn.exec_driver_sql(f"VACUUM (FULL, ANALYZE) {_quote(pending[0])}")
            except OperationalError as exc:
                if getattr(exc.orig, "sqlstate", None) not in BUSY_STATES:
                    raise
                if time.monotonic() >= deadline:
                    conn.exec_driver_sql("RESET lock_timeout")
                    return False
                time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
                pause = min(pause * 2, 1.0)
                continue
            pending.pop(0)
        conn.exec_driver_sql("RESET lock_timeout")
    return True


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
