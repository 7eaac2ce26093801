"""Several programs on one database file: a writer process keeps committing while another process
restores, upgrades or backs up. Afterwards every commit the writer saw acknowledged is in the database or
in a backup, and every file passes `PRAGMA integrity_check`. Real processes, real files: POSIX locks are
per process, so threads would prove nothing."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dealercrm.db import Database, DatabaseError, maintenance, open_database, presence, resolve_url
from dealercrm.db import migrate as migrations
from dealercrm.db.engine import backups_dir, create_db_engine
from dealercrm.services.permissions import Actor

pytestmark = pytest.mark.sqlite_only  # SQLite's file locks, WAL and online backup between processes

# Commits one settings row at a time and prints its key once SQLite has acknowledged the commit; a commit
# that fails (locked past the busy timeout, schema changed under it) is retried and never printed.
WRITER = r"""
import sqlite3, sys, time
path, prefix, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = sqlite3.connect(path, isolation_level=None, timeout=30)
conn.execute("PRAGMA busy_timeout = 30000")
n = 0
while n < limit:
    key = f"{prefix}-{n:06d}"
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, '1', '2026-12-01 10:00:00')", (key,)
        )
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        time.sleep(0.005)
        continue
    print(key, flush=True)
    n += 1
    time.sleep(0.002)
conn.close()
"""


def _start_writer(path: Path, prefix: str, limit: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(limit)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_acks(proc: subprocess.Popen[str], count: int, acked: list[str]) -> None:
    assert proc.stdout is not None
    while len(acked) < count:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"the writer stopped early: {proc.stderr.read() if proc.stderr else ''}")
        acked.append(line.strip())


def _finish(proc: subprocess.Popen[str], acked: list[str]) -> None:
    out, err = proc.communicate(timeout=120)
    acked.extend(line.strip() for line in out.splitlines() if line.strip())
    assert proc.returncode == 0, err


def _keys(path: Path, prefix: str) -> set[str]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return {r[0] for r in conn.execute("SELECT key FROM settings WHERE key LIKE ?", (f"{prefix}-%",))}


def _integrity(path: Path) -> str:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300, check=False
    )


RESTORE = r"""
import sys
from pathlib import Path
from dealercrm.db import maintenance, resolve_url
print(maintenance.restore(resolve_url(sys.argv[1]), Path(sys.argv[2]), wait_seconds=0))
"""


def test_restore_while_another_process_writes_loses_no_acknowledged_commit(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        backup = maintenance.backup(db, db_path.parent / "saved" / "before.sqlite3")
    finally:
        db.dispose()
    writer = _start_writer(db_path, "w", 600)
    acked: list[str] = []
    try:
        _wait_for_acks(writer, 100, acked)
        result = _run_python(RESTORE, str(db_path), str(backup))  # mid-stream, in another process
        assert result.returncode == 0, result.stderr
        safety = Path(result.stdout.strip())
    finally:
        _finish(writer, acked)
    assert len(acked) == 600
    in_db, in_safety = _keys(db_path, "w"), _keys(safety, "w")
    lost = [k for k in acked if k not in in_db and k not in in_safety]
    assert lost == []
    # The restore really happened in the middle: the safety copy has the first commits, the restored
    # database only the ones made after it (the backup had none).
    assert in_safety and in_db and max(in_safety) < min(in_db)
    assert _integrity(db_path) == "ok" and _integrity(safety) == "ok"


UPGRADE = r"""
import sys
from dealercrm.db import open_database
db = open_database(sys.argv[1], wait_seconds=0)
print(db.migration_backup)
db.dispose()
"""


def test_upgrade_while_another_process_writes_loses_no_acknowledged_commit(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    url = resolve_url(path)
    engine = create_db_engine(url)
    try:
        migrations.upgrade_to_head(engine, url, revision="0005")
    finally:
        engine.dispose()
    inode = path.stat().st_ino
    writer = _start_writer(path, "u", 600)
    acked: list[str] = []
    try:
        _wait_for_acks(writer, 100, acked)
        result = _run_python(UPGRADE, str(path))
        assert result.returncode == 0, result.stderr
    finally:
        _finish(writer, acked)
    assert len(acked) == 600
    assert set(acked) <= _keys(path, "u")  # migrated in place: everything is in the live file
    assert path.stat().st_ino == inode  # never replaced
    assert _integrity(path) == "ok"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrations.head_revision(),
        )
    backup = Path(result.stdout.strip())
    assert backup.exists() and _integrity(backup) == "ok"


BACKUP = r"""
import sys
from pathlib import Path
from dealercrm.db import maintenance, open_database
db = open_database(sys.argv[1])
print(maintenance.backup(db, Path(sys.argv[2])))
db.dispose()
"""


def test_backup_while_another_process_writes(db_path: Path) -> None:
    writer = _start_writer(db_path, "b", 400)
    acked: list[str] = []
    try:
        _wait_for_acks(writer, 100, acked)
        result = _run_python(BACKUP, str(db_path), str(db_path.parent / "copy.sqlite3"))
        assert result.returncode == 0, result.stderr
    finally:
        _finish(writer, acked)
    copy = Path(result.stdout.strip())
    assert set(acked) <= _keys(db_path, "b")
    in_copy = _keys(copy, "b")
    assert len(in_copy) >= 100 and in_copy <= set(acked)
    assert _integrity(db_path) == "ok" and _integrity(copy) == "ok"


def _now() -> dt.datetime:
    return dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)


def test_restore_waits_for_other_apps_then_names_them(db_path: Path) -> None:
    db = open_database(db_path)
    backup = maintenance.backup(db, db_path.parent / "saved.sqlite3")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        session = presence.register(db.engine, login="marie", now=_now())
        with db.engine.begin() as conn:  # as if the app ran in that other process
            conn.exec_driver_sql(f"UPDATE open_sessions SET pid = {other.pid} WHERE id = {session}")
        started = time.monotonic()
        with pytest.raises(presence.DatabaseBusy, match=r"marie on .*since"):
            maintenance.restore(db.url, backup, wait_seconds=0.6, now=_now)
        assert time.monotonic() - started >= 0.5
        assert not list(backups_dir(db_path).glob("*before-restore*"))  # nothing was done
        # The other app quits (its process is gone): the restore goes ahead at once.
        other.kill()
        other.wait()
        safety = maintenance.restore(db.url, backup, wait_seconds=0, now=_now)
        assert safety.exists()
    finally:
        other.kill()
        db.dispose()


def test_a_backup_from_a_newer_version_is_refused_before_any_copy(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        backup = maintenance.backup(db, db_path.parent / "newer.sqlite3")
    finally:
        db.dispose()
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match=r"newer version of dealercrm \(revision 0099\)"):
        maintenance.restore(resolve_url(db_path), backup, wait_seconds=0, now=_now)
    assert not backups_dir(db_path).exists() or not list(backups_dir(db_path).iterdir())
    assert db_path.read_bytes() == before


def test_opening_a_newer_database_is_refused_without_a_copy(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    for _ in range(2):
        with pytest.raises(DatabaseError, match=r"newer version of dealercrm \(revision 0099\)"):
            open_database(db_path)
    assert not backups_dir(db_path).exists() or not list(backups_dir(db_path).iterdir())


def test_restore_of_an_older_backup_upgrades_it_in_place(db_path: Path, tmp_path: Path) -> None:
    old = tmp_path / "old-backup.sqlite3"
    url = resolve_url(old)
    engine = create_db_engine(url)
    try:
        migrations.upgrade_to_head(engine, url, revision="0005")
    finally:
        engine.dispose()
    sqlite3.connect(old).execute("PRAGMA journal_mode = DELETE").close()
    inode = db_path.stat().st_ino
    maintenance.restore(resolve_url(db_path), old, wait_seconds=0, now=_now)
    assert db_path.stat().st_ino == inode
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrations.head_revision(),
        )


def test_the_database_file_is_never_replaced_by_a_restore(db_path: Path) -> None:
    """The live file keeps its inode and its sidecars are not deleted under an open connection."""
    db = open_database(db_path)
    try:
        backup = maintenance.backup(db, db_path.parent / "b.sqlite3")
        with db.engine.connect() as conn:  # an open connection, as the app keeps
            conn.exec_driver_sql("SELECT count(*) FROM users").scalar_one()
            inode = db_path.stat().st_ino
            wal = Path(f"{db_path}-wal")
            assert wal.exists()
            wal_inode = wal.stat().st_ino
            maintenance.restore(db.url, backup, wait_seconds=0, now=_now)
            assert db_path.stat().st_ino == inode
            assert wal.exists() and wal.stat().st_ino == wal_inode
            assert os.path.exists(f"{db_path}-shm")
    finally:
        db.dispose()


def test_a_backup_is_never_written_over_the_database_or_its_journal_files(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1").scalar_one()
            wal = Path(f"{db_path}-wal")
            wal_before = wal.read_bytes() if wal.exists() else None
            link = db_path.parent / "alias.sqlite3"
            link.symlink_to(db_path)
            for target in (db_path, wal, Path(f"{db_path}-shm"), link, db_path.parent / "." / db_path.name):
                with pytest.raises(DatabaseError, match="nothing was written|another file"):
                    maintenance.backup(db, target)
            assert (wal.read_bytes() if wal.exists() else None) == wal_before
            assert _integrity(db_path) == "ok"
    finally:
        db.dispose()


def test_copies_made_while_an_erasure_still_owes_its_compaction_do_not_keep_it(
    db: Database, manager: Actor
) -> None:
    """The safety copy of a restore is scrubbed when the live file still holds erased bytes (here in the
    full-text index's segments, which keep an overwritten name until they are merged)."""
    from dealercrm.services.contact_edit import ContactEditService

    secret = "Zyxwvutsrqponm"
    assert db.path is not None
    backup = maintenance.backup(db, db.path.parent / "before.sqlite3")
    saved = ContactEditService(db.session_factory, actor=manager).create(
        values={"first_name": "Erased", "last_name": secret}
    )
    with db.engine.begin() as conn:  # "erased", its compaction still owed
        conn.exec_driver_sql(f"UPDATE contacts SET last_name = 'Anonyme' WHERE id = {saved.id}")
        conn.exec_driver_sql(
            "INSERT INTO settings (key, value, updated_at) VALUES ('gdpr.compaction_pending', '1', "
            "'2026-12-01 10:00:00')"
        )
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    assert secret.lower().encode() in db.path.read_bytes()  # the premise: still in the file
    safety = maintenance.restore(db.url, backup, wait_seconds=0, now=_now)
    assert secret.lower().encode() not in safety.read_bytes()
    assert _integrity(safety) == "ok"
