"""Backup, restore and integrity checks of the database file (SQLite for now; PostgreSQL later gets
pg_dump-based equivalents here)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy.engine import URL

from dealercrm.db import sqlite
from dealercrm.db.engine import Database, DatabaseError, backups_dir, open_database


def _require_sqlite(url: URL) -> Path:
    if url.get_backend_name() != "sqlite" or not url.database:
        raise DatabaseError("Backup and restore of a shared PostgreSQL database use pg_dump for now.")
    return Path(url.database)


def backup(db: Database, target: Path) -> Path:
    """A consistent, verified copy of the live database at `target` (which must not be the database)."""
    source = _require_sqlite(db.url)
    target = target.expanduser().resolve()
    if target == source.resolve():
        raise DatabaseError("The backup must go to another file than the database itself.")
    try:
        sqlite.backup_file(source, target)
    except (sqlite.SqliteFileProblem, OSError) as exc:
        raise DatabaseError(f"Backup failed: {exc}") from exc
    return target


def restore(url: URL, source: Path) -> Path:
    """Replace the database with the backup `source`, keeping a verified copy of the current one first.

    Returns the path of that safety copy. The source is checked before anything is touched; the
    database is replaced by an atomic rename, then upgraded if the backup came from an older version.
    """
    target = _require_sqlite(url)
    source = source.expanduser().resolve()
    if not source.is_file():
        raise DatabaseError(f"{source} does not exist.")
    try:
        sqlite.check_file(source)
    except sqlite.SqliteFileProblem as exc:
        raise DatabaseError(str(exc)) from exc
    problems = sqlite.quick_check(source)
    if problems:
        raise DatabaseError(f"{source} is damaged ({problems[0]}): nothing was restored.")
    if not {"users", "contacts", "alembic_version"} <= sqlite.table_names(source):
        raise DatabaseError(f"{source} is not a dealercrm backup: nothing was restored.")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = backups_dir(target) / f"{target.stem}-before-restore-{stamp}.sqlite3"
    if target.exists() and target.stat().st_size > 0:
        try:
            sqlite.backup_file(target, safety)
        except (sqlite.SqliteFileProblem, OSError) as exc:
            raise DatabaseError(f"No restore: the current database could not be saved ({exc}).") from exc
    incoming = target.with_name(target.name + ".restoring")
    try:
        sqlite.backup_file(source, incoming)
    except (sqlite.SqliteFileProblem, OSError) as exc:
        incoming.unlink(missing_ok=True)
        raise DatabaseError(f"Restore failed while copying the backup: {exc}") from exc
    sqlite.remove_sidecars(target)
    os.replace(incoming, target)
    # A backup from an older version is brought up to date (itself with a safety copy).
    open_database(url).dispose()
    return safety


def integrity_problems(db: Database) -> list[str]:
    """SQLite's own integrity and foreign-key checks, as sentences; empty when all is well."""
    path = _require_sqlite(db.url)
    return sqlite.integrity_check(path)
