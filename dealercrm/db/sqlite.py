"""Everything SQLite-specific: connection PRAGMAs, transaction handling, file checks, backup.

Nothing outside dealercrm/db imports sqlite3 directly; PostgreSQL gets its own module later.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from dealercrm.db.options import WRITE_INTENT
from dealercrm.i18n import _

BUSY_TIMEOUT_MS = 5000

# Applied on every new DBAPI connection, in this order.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA temp_store = MEMORY",
    # Pages are read through a memory map shared with the OS file cache rather than copied into a large
    # per-connection cache: less CPU on big aggregates (KPIs) and less resident memory per connection.
    "PRAGMA cache_size = -16384",  # 16 MiB per connection
    "PRAGMA mmap_size = 67108864",  # 64 MiB
)
READ_ONLY_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA query_only = ON",
)


class SqliteFileProblem(Exception):
    """The file cannot be used as a dealercrm database; the message says why, in plain words."""


def install_connection_hooks(engine: Engine, *, read_only: bool = False) -> None:
    """Set the PRAGMAs on every connection and let SQLAlchemy, not pysqlite, drive transactions.

    pysqlite's own implicit BEGIN breaks SAVEPOINT and lets SELECTs run outside a transaction; the
    documented SQLAlchemy recipe takes that over so that `session.begin_nested()` works.
    """
    pragmas = READ_ONLY_PRAGMAS if read_only else CONNECTION_PRAGMAS

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A transaction that means to write takes the write lock at once (waiting up to busy_timeout):
        # a deferred one that read first could not upgrade once another connection has committed.
        immediate = conn.get_execution_options().get(WRITE_INTENT) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def check_file(path: Path) -> None:
    """Refuse, with a clear message, a file that is not an SQLite database or cannot be written."""
    if not path.exists():
        parent = path.parent
        if parent.exists() and not os.access(parent, os.W_OK):
            raise SqliteFileProblem(
                _("The folder {parent} is read-only: the database cannot be created there.").format(
                    parent=parent
                )
            )
        return
    if path.is_dir():
        raise SqliteFileProblem(_("{path} is a folder, not a database file.").format(path=path))
    # Read through SQLite, never with open(): closing any other descriptor on a database file drops the
    # POSIX locks that SQLite's connections in this process hold on it.
    if path.stat().st_size > 0 and not is_sqlite_file(path):
        raise SqliteFileProblem(
            _("{path} is not a database file (it is not in SQLite format).").format(path=path)
        )
    if not os.access(path, os.W_OK):
        raise SqliteFileProblem(
            _("{path} is read-only: dealercrm needs to write to its database.").format(path=path)
        )
    if not os.access(path.parent, os.W_OK):
        raise SqliteFileProblem(
            _(
                "The folder {parent} is read-only: SQLite needs it to keep its journal beside the database."
            ).format(parent=path.parent)
        )


SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")


def database_files(path: Path) -> list[Path]:
    """The database file and the journal files SQLite keeps beside it (whether they exist or not)."""
    resolved = path.expanduser().resolve()
    return [resolved, *(resolved.with_name(resolved.name + s) for s in SIDECAR_SUFFIXES)]


def refuse_target(database: Path, target: Path) -> None:
    """Refuse to write `target` when it is the database `database` or one of its journal files (by path
    or, for an existing file, by identity: a link or another spelling of the same file)."""
    resolved = target.expanduser().resolve()
    for own in database_files(database):
        same = resolved == own
        if not same and resolved.exists() and own.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(resolved, own)
        if same:
            raise SqliteFileProblem(
                _("{target} is the database or one of its journal files: nothing was written there.").format(
                    target=target
                )
            )


def is_sqlite_file(path: Path) -> bool:
    """Whether SQLite reads `path` as a database (its header checked by SQLite itself)."""
    try:
        with contextlib.closing(_connect_ro(path)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        return "not a database" not in str(exc)  # locked, busy...: SQLite knows it; it is one
    return True


def quick_check(path: Path) -> list[str]:
    """`PRAGMA quick_check` on a file; an empty list means the file is sound."""
    try:
        with contextlib.closing(_connect_ro(path)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def integrity_check(path: Path) -> list[str]:
    """The full `PRAGMA integrity_check`; an empty list means the file is sound."""
    try:
        with contextlib.closing(_connect_ro(path)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            rows += [
                f"foreign key violation in {r[0]} row {r[1]}"
                for r in conn.execute("PRAGMA foreign_key_check")
            ]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else [r for r in rows if r != "ok"]


def table_names(path: Path) -> set[str]:
    with contextlib.closing(_connect_ro(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def backup_file(source: Path, target: Path) -> None:
    """Copy a live database with the online backup API (consistent even while others write), then
    verify the copy with quick_check. The copy is written beside the target and renamed into place,
    so a failed backup never leaves a half-written file under the target's name."""
    # Imported here: db.paths imports db.engine, which imports this module.
    from dealercrm.db.paths import written_in_full

    refuse_target(source, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_in_full(target) as partial:
        with contextlib.closing(sqlite3.connect(source)) as src:
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            with contextlib.closing(sqlite3.connect(partial)) as dst:
                src.backup(dst)
                # A backup is a single file: no WAL beside it.
                dst.execute("PRAGMA journal_mode = DELETE")
        problems = quick_check(partial)
        if problems:
            raise SqliteFileProblem(
                _("The backup copy failed its check: {problems}").format(problems="; ".join(problems[:3]))
            )


def restore_into(live: Path, source: Path, safety: Path) -> None:
    """Write the database `source` into the live database `live` through the online backup API, after a
    verified copy of `live` was written to `safety`, so that every commit any program saw acknowledged is
    in one of the two.

    The live file is never renamed, replaced or truncated: SQLite writes the pages as one transaction under
    its own locks, so other connections (the app, a script) wait for it, then read the restored data. The
    safety copy is taken while that transaction already holds the live database's write lock and before
    it commits (from the first step's progress callback, by another connection that still reads the last
    committed state): no writer can slip a commit in between. If the safety copy fails, the restore is
    abandoned and rolled back."""
    saved = False

    def after_step(status: int, _remaining: int, _total: int) -> None:
        nonlocal saved
        if saved or status != sqlite3.SQLITE_OK:
            return  # BUSY / LOCKED: the write lock is not ours yet; the step is retried
        backup_file(live, safety)  # raises (and so aborts the restore) unless verified
        saved = True

    with contextlib.closing(_connect_ro(source)) as src:
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        with contextlib.closing(sqlite3.connect(live, isolation_level=None)) as dst:
            dst.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # One page per step: the first step must never finish the copy before the safety copy is made.
            src.backup(dst, pages=1, progress=after_step, sleep=0.05)
            if not saved:  # cannot happen with pages=1 (a database has more than one page); never trust it
                raise SqliteFileProblem(_("The restore finished before the safety copy was made."))
            with contextlib.suppress(sqlite3.Error):
                dst.execute("PRAGMA wal_checkpoint(PASSIVE)")


def page_size(path: Path) -> int:
    with contextlib.closing(_connect_ro(path)) as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def stored_revision(path: Path) -> str | None:
    """The Alembic revision recorded in a database file (None when it has none)."""
    with contextlib.closing(_connect_ro(path)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return None if row is None else str(row[0])


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection with our PRAGMAs, for file-level jobs (migration copies, restore)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in CONNECTION_PRAGMAS:
            conn.execute(pragma)
        yield conn
    finally:
        conn.close()


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
