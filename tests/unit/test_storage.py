"""Opening, migrating and protecting the database file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from dealercrm.db import DatabaseError, fts, open_database, resolve_url
from dealercrm.db import migrate as migrations
from dealercrm.db.engine import create_db_engine
from dealercrm.models import Base, User


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _at_revision(path: Path, revision: str) -> None:
    url = resolve_url(path)
    engine = create_db_engine(url)
    try:
        migrations.upgrade_to_head(engine, url, revision=revision)
    finally:
        engine.dispose()


def test_new_database_is_created_at_head_and_matches_the_models(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite3", create=True)
    try:
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": fts.include_object})
            diff = compare_metadata(context, Base.metadata)
        assert diff == []
    finally:
        db.dispose()


def test_every_connection_gets_the_pragmas(tmp_path: Path) -> None:
    db = open_database(tmp_path / "p.sqlite3", create=True)
    seen: list[tuple[int, str, int, int]] = []

    def probe() -> None:
        with db.engine.connect() as conn:
            seen.append(
                (
                    conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one(),
                    conn.exec_driver_sql("PRAGMA journal_mode").scalar_one(),
                    conn.exec_driver_sql("PRAGMA synchronous").scalar_one(),
                    conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one(),
                )
            )

    threads = [threading.Thread(target=probe) for _ in range(4)]  # several pooled connections
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.dispose()
    assert len(seen) == 4
    for foreign_keys, journal, synchronous, busy in seen:
        assert foreign_keys == 1 and journal == "wal" and synchronous in (1, 2, 3) and busy >= 1000


def test_upgrade_of_an_older_revision_keeps_data_and_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _at_revision(path, "0001")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO users (login, display_name, role, password_hash, active, failed_logins, "
            "created_at, updated_at) VALUES ('julie', 'Julie', 'salesperson', 'x', 1, 0, "
            "'2026-01-01', '2026-01-01')"
        )
    db = open_database(path, create=True)
    try:
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        with db.session_factory() as session:
            user = session.scalars(select(User)).one()
        assert (user.login, user.language) == ("julie", "fr")
        assert db.migration_backup is not None and db.migration_backup.exists()
        with sqlite3.connect(db.migration_backup) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert conn.execute("SELECT login FROM users").fetchall() == [("julie",)]
    finally:
        db.dispose()
    assert not path.with_name(path.name + ".migrating").exists()


def test_failed_migration_leaves_the_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    _at_revision(path, "0001")  # closed cleanly: the WAL is folded back, the file alone holds the data
    assert not Path(f"{path}-wal").exists()
    before = _sha256(path)

    real_upgrade = command.upgrade

    def upgrade_then_fail(config, revision):  # type: ignore[no-untyped-def]
        real_upgrade(config, revision)  # the schema really changes (on the working copy)...
        raise RuntimeError("disk full")  # ...then something goes wrong

    monkeypatch.setattr(migrations.command, "upgrade", upgrade_then_fail)
    with pytest.raises(DatabaseError, match="left as it was"):
        open_database(path, create=True)
    assert _sha256(path) == before
    assert not path.with_name(path.name + ".migrating").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Dear diary, today I sold a Clio.")
    with pytest.raises(DatabaseError, match="not a database file"):
        open_database(path, create=True)
    assert path.read_text() == "Dear diary, today I sold a Clio."


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    before = _sha256(path)
    with pytest.raises(DatabaseError, match="not a dealercrm one"):
        open_database(path, create=True)
    assert _sha256(path) == before


def _root_page(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])


def _scribble(data: bytearray, page: int, *, keep: int = 0) -> None:
    page_size = int.from_bytes(data[16:18], "big")
    start = page_size * (page - 1) + keep
    data[start : page_size * page] = b"\x5a" * (page_size * page - start)


def test_a_database_with_a_damaged_schema_is_reported(tmp_path: Path, template_db: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    data = bytearray(template_db.read_bytes())
    _scribble(data, 1, keep=100)  # the schema table's page, after the file header
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="damaged|not a database"):
        open_database(path, create=True)


def test_a_read_only_database_is_reported(
    tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked through os.access, so that it holds under root (CI) too, where file modes do not bite."""
    path = tmp_path / "ro.sqlite3"
    path.write_bytes(template_db.read_bytes())
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode))
    with pytest.raises(DatabaseError, match="read-only"):
        open_database(path, create=True)


def test_database_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEALERCRM_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_url(None).database == str(tmp_path / "env.sqlite3")
    assert resolve_url(tmp_path / "arg.sqlite3").database == str(tmp_path / "arg.sqlite3")
    assert resolve_url("postgresql://u:secret@host/crm").get_backend_name() == "postgresql"
    monkeypatch.delenv("DEALERCRM_DB")
    default = resolve_url(None).database
    assert default is not None and default.endswith("dealercrm.sqlite3")


@pytest.mark.sqlite_only
def test_write_transactions_take_the_lock_at_begin(db_path: Path) -> None:
    """Two writers that both read first must not fail with 'database is locked' (BEGIN IMMEDIATE)."""
    from dealercrm.services.audit import unit_of_work
    from dealercrm.services.settings import read_setting, write_setting

    db = open_database(db_path, create=True)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for _ in range(20):
                with unit_of_work(db.session_factory, None) as session:
                    value = read_setting(session, "dealership.name")
                    write_setting(session, "dealership.name", f"{value}{n}"[-50:])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with db.engine.connect() as conn:
        audits = conn.execute(text("SELECT count(*) FROM audit_log WHERE entity = 'settings'")).scalar_one()
    db.dispose()
    assert errors == []
    assert audits == 40


def test_the_head_revision_constant_matches_the_migration_scripts() -> None:
    from dealercrm.db.engine import HEAD_REVISION

    assert HEAD_REVISION == migrations.head_revision()


def test_a_database_at_head_opens_without_importing_alembic(template_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(template_db.read_bytes())
    code = (
        "import sys; from dealercrm.db import open_database; "
        f"open_database({str(path)!r}, create=True).dispose(); print('alembic' in sys.modules)"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_after_a_crash_the_whole_file_is_checked(tmp_path: Path, template_db: Path) -> None:
    """A WAL left behind means the last session did not close cleanly: quick_check runs then."""
    path = tmp_path / "crashed.sqlite3"
    data = bytearray(template_db.read_bytes())
    _scribble(data, _root_page(template_db, "ix_contacts_name"))
    path.write_bytes(bytes(data))
    Path(f"{path}-wal").write_bytes(b"\0" * 32)
    with pytest.raises(DatabaseError, match="damaged"):
        open_database(path, create=True)


def test_migration_revisions_do_not_import_the_applications_code() -> None:
    """A revision must not change when the app's code does: each one is frozen, so none imports
    dealercrm (models, db helpers or services) and writes its DDL out itself."""
    versions = Path(migrations.__file__).parent.parent / "migrations" / "versions"
    offenders = [
        path.name
        for path in sorted(versions.glob("*.py"))
        if any(
            line.strip().startswith(("from dealercrm", "import dealercrm"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


@pytest.mark.sqlite_only
@pytest.mark.parametrize("revision", ["0003", "head"])
def test_the_frozen_search_index_ddl_is_what_the_live_code_would_create(
    tmp_path: Path, revision: str
) -> None:
    """Revisions 0003 and 0008 write their FTS5 DDL out; `fts.create_index(replace=True)` (used by
    repairs and the importer) must find the same definition and triggers and leave the index as it is."""
    path = tmp_path / "frozen.sqlite3"
    _at_revision(path, revision)
    engine = create_db_engine(resolve_url(path))
    schema = (
        "SELECT type, name, sql FROM sqlite_master WHERE name LIKE '%fts%' OR type = 'trigger' ORDER BY name"
    )
    try:
        with engine.begin() as conn:
            before = conn.execute(text(schema)).all()
            for table, index in fts.INDEXES.items():
                prefix = index.prefix if revision == "head" else ""
                fts.create_index(conn, table=table, columns=index.columns, replace=True, prefix=prefix)
            after = conn.execute(text(schema)).all()
    finally:
        engine.dispose()
    assert len(before) >= 3 * 4
    assert after == before
