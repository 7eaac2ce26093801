"""Backup, restore and integrity checks of the database file (SQLite for now; PostgreSQL later gets
pg_dump-based equivalents here)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL

from dealercrm.db import sqlite
from dealercrm.db.engine import (
    OUR_TABLES,
    Database,
    DatabaseError,
    backups_dir,
    create_db_engine,
    default_db_path,
    open_database,
)
from dealercrm.i18n import _
from dealercrm.models.types import utcnow


def _require_sqlite(url: URL) -> Path:
    if url.get_backend_name() != "sqlite" or not url.database:
        raise DatabaseError(_("Backup and restore of a shared PostgreSQL database use pg_dump for now."))
    return Path(url.database)


def backup(db: Database, target: Path) -> Path:
    """A consistent, verified copy of the live database at `target` (which must not be the database);
    on PostgreSQL a verified `pg_dump` archive."""
    if db.url.get_backend_name() == "postgresql":
        from dealercrm.db import pg_backup

        return pg_backup.backup(db.engine, target)
    source = _require_sqlite(db.url)
    target = target.expanduser().resolve()
    if target == source.resolve():
        raise DatabaseError(_("The backup must go to another file than the database itself."))
    try:
        sqlite.backup_file(source, target)
    except (sqlite.SqliteFileProblem, OSError) as exc:
        raise DatabaseError(_("Backup failed: {exc}").format(exc=exc)) from exc
    return target


def restore(
    url: URL,
    source: Path,
    *,
    wait_seconds: float = 10.0,
    now: Callable[[], dt.datetime] = utcnow,
) -> Path:
    """Write the backup `source` into the database, keeping a verified copy of the current one first.

    Returns the path of that safety copy. Nothing is touched unless the source is a sound dealercrm
    database whose schema this version knows; a backup made by a newer version is refused before any copy
    is made. The live file is never replaced or renamed: the backup is written into it through SQLite's
    backup API (see `sqlite.restore_into`), so a program writing meanwhile loses nothing (its commits are
    in the safety copy, or made after the restore). Other copies of the app are waited for up to
    `wait_seconds`, then named in the refusal. A backup from an older version is upgraded afterwards.
    `now` is the clock (for naming the safety copy and telling live sessions from stale ones).
    """
    from dealercrm.db import presence

    if url.get_backend_name() == "postgresql":
        return _restore_postgres(url, source, wait_seconds=wait_seconds, now=now)
    target = _require_sqlite(url)
    source = source.expanduser().resolve()
    if not source.is_file():
        raise DatabaseError(_("{source} does not exist: nothing was restored.").format(source=source))
    if not target.exists():
        raise DatabaseError(
            _(
                "There is no database at {target}: nothing was restored. On a new computer, "
                "create it first with `dealercrm --db {target} db upgrade`, then restore into it."
            ).format(target=target)
        )
    if source == target.resolve() or _same_file(source, target):
        raise DatabaseError(_("A database cannot be restored from itself: nothing was restored."))
    try:
        sqlite.check_file(source)
    except sqlite.SqliteFileProblem as exc:
        raise DatabaseError(str(exc)) from exc
    problems = sqlite.quick_check(source)
    if problems:
        raise DatabaseError(
            _("{source} is damaged ({problem}): nothing was restored.").format(
                source=source, problem=problems[0]
            )
        )
    if not OUR_TABLES <= sqlite.table_names(source):
        raise DatabaseError(
            _("{source} is not a dealercrm backup: nothing was restored.").format(source=source)
        )
    _refuse_unknown_revision(source, sqlite.stored_revision(source))
    engine = create_db_engine(url)
    try:
        presence.wait_until_alone(engine, what="Restore", wait_seconds=wait_seconds, now=now)
    finally:
        engine.dispose()
    if sqlite.page_size(source) != sqlite.page_size(target):
        raise DatabaseError(
            _(
                "{source} uses another page size than the database: it cannot be restored into "
                "it (nothing was changed)."
            ).format(source=source)
        )
    stamp = now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = backups_dir(target) / f"{target.stem}-before-restore-{stamp}.sqlite3"
    from dealercrm.db import backups as db_backups

    owed = db_backups.compaction_owed(target)
    try:
        sqlite.restore_into(target, source, safety)
    except (sqlite.SqliteFileProblem, sqlite3.Error, OSError) as exc:
        raise DatabaseError(
            _("Nothing was restored: {exc}. The database was left as it was.").format(exc=exc)
        ) from exc
    if owed:  # the safety copy must not keep what an erasure not compacted yet left in the file
        db_backups.scrub_copy(safety)
    # A backup from an older version is brought up to date (in place, under the write lock).
    open_database(url, wait_seconds=wait_seconds, now=now).dispose()
    return safety


def _restore_postgres(url: URL, source: Path, *, wait_seconds: float, now: Callable[[], dt.datetime]) -> Path:
    """PostgreSQL: the archive is checked and its revision read first; then, once no other program is
    connected (waiting up to `wait_seconds`, then naming them), a verified safety dump is taken and the
    archive restored in one transaction, upgraded afterwards if it came from an older version."""
    import time

    from dealercrm.db import pg_backup, presence

    source = source.expanduser().resolve()
    if not source.is_file():
        raise DatabaseError(_("{source} does not exist: nothing was restored.").format(source=source))
    pg_backup.verify(url, source)
    _refuse_unknown_revision(source, pg_backup.stored_revision(url, source))
    engine = create_db_engine(url)
    try:
        presence.wait_until_alone(engine, what="Restore", wait_seconds=wait_seconds, now=now)
        deadline = time.monotonic() + max(0.0, wait_seconds)
        while others := pg_backup.other_connections(engine):
            if time.monotonic() >= deadline:
                raise presence.DatabaseBusy(
                    _(
                        "Restore refused: other programs are still connected to the database "
                        "({programs}). Ask them to close, then try again."
                    ).format(programs=", ".join(others))
                )
            time.sleep(0.5)
        stamp = now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        # A shared database has no folder of its own: the safety dump goes to this computer's data folder.
        safety = default_db_path().parent / "backups" / f"{url.database}-before-restore-{stamp}.dump"
        pg_backup.backup(engine, safety)
    finally:
        engine.dispose()
    pg_backup.restore(url, source)
    open_database(url, wait_seconds=wait_seconds, now=now, upgrade_shared=True).dispose()
    return safety


def _refuse_unknown_revision(source: Path, revision: str | None) -> None:
    """A backup whose schema revision this version does not know was made by a newer one."""
    from dealercrm.db import migrate

    if revision is None or not migrate.is_known_revision(revision):
        raise DatabaseError(
            _(
                "{source} was made by a newer version of dealercrm (revision {revision}): "
                "nothing was restored. Install that version or a newer one to restore it."
            ).format(source=source, revision=revision)
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def integrity_problems(db: Database) -> list[str]:
    """SQLite's own integrity and foreign-key checks, as sentences; empty when all is well. PostgreSQL
    enforces its constraints as it writes and checksums its pages itself: only the consistency rules
    (run by the caller) apply there."""
    if db.url.get_backend_name() == "postgresql":
        return []
    path = _require_sqlite(db.url)
    return sqlite.integrity_check(path)
