"""File-level jobs behind automatic backups and GDPR erasure (SQLite; PostgreSQL's erasure: db/vacuum.py).

- `online_backup()`: a passive WAL checkpoint (never waits for readers), then the online backup API
  with `quick_check` on the copy.
- `storage_warning()`: whether a file lives on a network share or a removable drive, where the live
  database must never be (SQLite's locking is not reliable there; a pulled USB stick corrupts it).
- `reclaim_erased_space()`: after an erasure, merge the full-text indexes (their segments still hold
  deleted terms), VACUUM (free pages still hold deleted rows) and truncate the WAL (its old frames too),
  so that the file on disk no longer contains what was erased.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from dealercrm.db import fts, fts_pairs, sqlite
from dealercrm.db.engine import Database, DatabaseError
from dealercrm.db.paths import written_in_full
from dealercrm.i18n import _

NETWORK_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "davfs",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "fuse.davfs2",
    }
)
# File systems of USB sticks and SD cards; only counted removable when mounted under a media folder.
REMOVABLE_FS = frozenset({"vfat", "exfat", "ntfs", "ntfs3", "fuseblk", "msdos"})
MEDIA_PREFIXES = ("/media/", "/run/media/", "/mnt/", "/Volumes/")
# How long an erasure waits for other connections before leaving the compaction for later, and how long
# one attempt waits for one lock.
RECLAIM_WAIT_SECONDS = 10.0
BUSY_SECONDS = 2.0


def database_file(db: Database) -> Path:
    """The SQLite file of `db`; DatabaseError for a server database (pg_dump will do those)."""
    if db.path is None:
        raise DatabaseError(_("Automatic backups of a shared PostgreSQL database use pg_dump for now."))
    return db.path


def online_backup(source: Path, target: Path) -> None:
    """A consistent, verified copy of the live database `source` at `target` (written beside it and
    renamed into place). Raises DatabaseError in plain words."""
    if target.resolve() == source.resolve():
        raise DatabaseError(_("The backup must go to another file than the database itself."))
    with contextlib.suppress(sqlite3.Error):
        # PASSIVE: fold what it can of the WAL without waiting for readers; the backup API reads a
        # consistent snapshot anyway, this only keeps the WAL short.
        with contextlib.closing(sqlite3.connect(source)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {sqlite.BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    try:
        _copy_verified(source, target)
    except (sqlite.SqliteFileProblem, sqlite3.Error, OSError) as exc:
        raise DatabaseError(_("Backup failed: {exc}").format(exc=exc)) from exc


def _copy_verified(source: Path, target: Path) -> None:
    """`sqlite.backup_file()`, made about twice as fast for the scheduler: the copy is written to a
    `.partial` file without journal or fsync per page (a crash leaves only a partial file, which the next
    run replaces), then checked with quick_check, synced once, and renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_in_full(target) as partial:
        with contextlib.closing(sqlite3.connect(source)) as src:
            src.execute(f"PRAGMA busy_timeout = {sqlite.BUSY_TIMEOUT_MS}")
            with contextlib.closing(sqlite3.connect(partial)) as dst:
                dst.execute("PRAGMA journal_mode = OFF")
                dst.execute("PRAGMA synchronous = OFF")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one file: no WAL beside it
        problems = sqlite.quick_check(partial)
        if problems:
            raise sqlite.SqliteFileProblem(
                _("The backup copy failed its check: {problems}").format(problems="; ".join(problems[:3]))
            )
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())


def iterdump(path: Path) -> list[str]:
    """The file's content as lines of text, to compare two databases: each schema object's SQL, then each
    table's rows in the order SQLite keeps them (its key's). A virtual table's rows are left out (an FTS5
    table's data is in its shadow tables, listed like any table; a contentless one, the search's word
    pairs, cannot even be read whole, which is why `sqlite3.Connection.iterdump()` is not used)."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        lines: list[str] = []
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
        for kind, name, sql in schema:
            lines.append(f"{sql};")
            if kind == "table" and not str(sql).upper().startswith("CREATE VIRTUAL TABLE"):
                quoted = '"' + str(name).replace('"', '""') + '"'
                lines += [f"{name}: {row!r}" for row in conn.execute(f"SELECT * FROM {quoted}")]
        return lines


def storage_warning(path: Path) -> str | None:
    """A sentence when `path` seems to be on a network share or a removable drive, else None."""
    text = str(path)
    if sys.platform == "win32":
        return _windows_warning(path)
    if text.startswith("//") or text.startswith("\\\\"):
        return _("{path} is on a network share.").format(path=path)
    mount, fstype = _mount_of(path)
    if fstype in NETWORK_FS or fstype.startswith("fuse.") and "ssh" in fstype:
        return _("{path} is on a network share ({fstype} at {mount}).").format(
            path=path, fstype=fstype, mount=mount
        )
    if fstype in REMOVABLE_FS and (mount + "/").startswith(MEDIA_PREFIXES):
        return _("{path} is on a removable drive ({mount}).").format(path=path, mount=mount)
    if sys.platform == "darwin" and text.startswith("/Volumes/"):
        return _("{path} is on an external or network volume.").format(path=path)
    return None


def _mount_of(path: Path) -> tuple[str, str]:
    """(mount point, file system type) of the longest /proc/mounts entry holding `path`."""
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "", ""
    target = os.path.realpath(path)
    best = ("", "")
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best[0]):
            best = (mount, parts[2])
    return best


def _windows_warning(path: Path) -> str | None:  # pragma: no cover - Windows only
    text = str(path)
    if text.startswith("\\\\"):
        return _("{path} is on a network share.").format(path=path)
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive)  # type: ignore[attr-defined]
    if kind == 4:  # DRIVE_REMOTE
        return _("{path} is on a network drive ({drive}).").format(path=path, drive=drive)
    if kind == 2:  # DRIVE_REMOVABLE
        return _("{path} is on a removable drive ({mount}).").format(path=path, mount=drive)
    return None


def reclaim_erased_space(
    engine: Engine, *, wait_seconds: float = RECLAIM_WAIT_SECONDS, tables: Sequence[str] = ()
) -> bool:
    """Make erased values leave the file: merge the full-text indexes, VACUUM, truncate the WAL.

    Another connection in a read transaction keeps the WAL from being truncated (its snapshot still needs
    the old frames), and one in a write transaction keeps VACUUM out: the whole job is retried with a
    short backoff for up to `wait_seconds`, then False is returned and the caller records that the job is
    still owed. PostgreSQL: `tables` (every table when empty) are rewritten by VACUUM FULL, their search
    indexes with them (db/vacuum.py), within the same bound."""
    if engine.dialect.name == "postgresql":
        from dealercrm.db import vacuum

        return vacuum.rewrite_tables(engine, tables, wait_seconds=wait_seconds)
    if engine.dialect.name != "sqlite":
        return True
    deadline = time.monotonic() + max(0.0, wait_seconds)
    pause = 0.05
    while True:
        remaining = deadline - time.monotonic()
        if _reclaim_once(engine, busy_ms=int(min(max(remaining, 0.05), BUSY_SECONDS) * 1000)):
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(pause, remaining))
        pause = min(pause * 2, 1.0)


def _reclaim_once(engine: Engine, *, busy_ms: int) -> bool:
    """One attempt at `reclaim_erased_space`, each lock waited for at most `busy_ms`."""
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        if driver.in_transaction:
            driver.rollback()
        driver.execute(f"PRAGMA busy_timeout = {busy_ms}")
        try:
            driver.execute("BEGIN IMMEDIATE")
            try:
                fts_pairs.keep(driver)  # the erased contact's word pairs rewritten, then merged below
                for table in fts.index_tables(driver):
                    table = table.replace('"', '""')
                    driver.execute(f'INSERT INTO "{table}" ("{table}") VALUES (\'optimize\')')
                driver.execute("COMMIT")
            except BaseException:
                driver.rollback()
                raise
            driver.execute("VACUUM")
            busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:
            return False
        finally:
            driver.execute(f"PRAGMA busy_timeout = {sqlite.BUSY_TIMEOUT_MS}")
        return bool(busy is None or busy[0] == 0)
    finally:
        raw.close()


def compaction_owed(path: Path) -> bool:
    """Whether the database at `path` still owes the compaction of an erasure (the
    `gdpr.compaction_pending` setting, see services/gdpr.py): copies of it must then be scrubbed."""
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {sqlite.BUSY_TIMEOUT_MS}")
            row = conn.execute("SELECT value FROM settings WHERE key = 'gdpr.compaction_pending'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and str(row[0]).strip().strip('"') not in ("", "0", "null", "false")


def scrub_copy(path: Path) -> None:
    """Make a backup copy that nobody else has open forget what was erased in it (full-text indexes
    merged, VACUUM), for a copy taken while the live database could not be compacted. Raises
    DatabaseError in plain words."""
    try:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            fts_pairs.keep(conn)  # an erased contact's word pairs, if not rewritten yet
            for table in fts.index_tables(conn):
                table = table.replace('"', '""')
                conn.execute(f'INSERT INTO "{table}" ("{table}") VALUES (\'optimize\')')
            conn.execute("COMMIT")
            conn.execute("VACUUM")
        problems = sqlite.quick_check(path)
    except (sqlite.SqliteFileProblem, sqlite3.Error, OSError) as exc:
        raise DatabaseError(
            _("Backup failed: the copy could not be compacted: {exc}").format(exc=exc)
        ) from exc
    if problems:
        raise DatabaseError(
            _("Backup failed: the compacted copy failed its check: {problems}").format(
                problems="; ".join(problems[:3])
            )
        )
