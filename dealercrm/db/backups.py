"""File-level jobs behind automatic backups and GDPR erasure (SQLite for now).

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
from pathlib import Path

from sqlalchemy import Engine

from dealercrm.db import fts, sqlite
from dealercrm.db.engine import Database, DatabaseError

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


def database_file(db: Database) -> Path:
    """The SQLite file of `db`; DatabaseError for a server database (pg_dump will do those)."""
    if db.path is None:
        raise DatabaseError("Automatic backups of a shared PostgreSQL database use pg_dump for now.")
    return db.path


def online_backup(source: Path, target: Path) -> None:
    """A consistent, verified copy of the live database `source` at `target` (written beside it and
    renamed into place). Raises DatabaseError in plain words."""
    if target.resolve() == source.resolve():
        raise DatabaseError("The backup must go to another file than the database itself.")
    with contextlib.suppress(sqlite3.Error):
        # PASSIVE: fold what it can of the WAL without waiting for readers; the backup API reads a
        # consistent snapshot anyway, this only keeps the WAL short.
        with contextlib.closing(sqlite3.connect(source)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {sqlite.BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    try:
        _copy_verified(source, target)
    except (sqlite.SqliteFileProblem, sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"Backup failed: {exc}") from exc


def _copy_verified(source: Path, target: Path) -> None:
    """`sqlite.backup_file()`, made about twice as fast for the scheduler: the copy is written to a
    `.partial` file without journal or fsync per page (a crash leaves only a partial file, which the next
    run replaces), then checked with quick_check, synced once, and renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(source)) as src:
            src.execute(f"PRAGMA busy_timeout = {sqlite.BUSY_TIMEOUT_MS}")
            with contextlib.closing(sqlite3.connect(partial)) as dst:
                dst.execute("PRAGMA journal_mode = OFF")
                dst.execute("PRAGMA synchronous = OFF")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one file: no WAL beside it
        problems = sqlite.quick_check(partial)
        if problems:
            raise sqlite.SqliteFileProblem(f"The backup copy failed its check: {'; '.join(problems[:3])}")
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)


def iterdump(path: Path) -> list[str]:
    """Every SQL statement that rebuilds the file's content (to compare two databases)."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return list(conn.iterdump())


def storage_warning(path: Path) -> str | None:
    """A sentence when `path` seems to be on a network share or a removable drive, else None."""
    text = str(path)
    if sys.platform == "win32":
        return _windows_warning(path)
    if text.startswith("//") or text.startswith("\\\\"):
        return f"{path} is on a network share."
    mount, fstype = _mount_of(path)
    if fstype in NETWORK_FS or fstype.startswith("fuse.") and "ssh" in fstype:
        return f"{path} is on a network share ({fstype} at {mount})."
    if fstype in REMOVABLE_FS and (mount + "/").startswith(MEDIA_PREFIXES):
        return f"{path} is on a removable drive ({mount})."
    if sys.platform == "darwin" and text.startswith("/Volumes/"):
        return f"{path} is on an external or network volume."
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
        return f"{path} is on a network share."
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive)  # type: ignore[attr-defined]
    if kind == 4:  # DRIVE_REMOTE
        return f"{path} is on a network drive ({drive})."
    if kind == 2:  # DRIVE_REMOVABLE
        return f"{path} is on a removable drive ({drive})."
    return None


def reclaim_erased_space(engine: Engine) -> bool:
    """Make erased values leave the file: merge the full-text indexes, VACUUM, truncate the WAL.

    Returns False (and changes nothing more) when another connection holds the database busy; the
    next erasure or a later call finishes the job. A no-op on other dialects (PostgreSQL: VACUUM FULL is
    the server administrator's job)."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.begin() as connection:
        fts.optimize_indexes(connection)
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        if driver.in_transaction:
            driver.rollback()
        try:
            driver.execute("VACUUM")
            busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:
            return False
        return bool(busy is None or busy[0] == 0)
    finally:
        raw.close()
