"""Alembic migrations, run so that a failed upgrade never damages the user's database.

SQLite: the upgrade runs on a verified copy made with the backup API; only a copy that migrated and
passed quick_check replaces the original (an atomic rename), and a verified backup of the original is
kept under backups/. PostgreSQL: the upgrade runs in one transaction (transactional DDL).
"""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from dealercrm.db import sqlite
from dealercrm.db.engine import DatabaseError, backups_dir, create_db_engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("dealercrm") / "migrations"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine, url: URL, *, revision: str = "head") -> Path | None:
    """Bring the database to `revision`; returns the path of the pre-upgrade backup, if one was made."""
    target = head_revision() if revision == "head" else revision
    current = current_revision(engine)
    if current == target:
        return None
    if url.get_backend_name() != "sqlite":
        _run_upgrade(engine, target)
        return None
    path = Path(url.database or "")
    if current is None and _is_empty(engine):
        # A brand-new file: nothing to protect, migrate in place.
        _run_upgrade(engine, target)
        return None
    return _upgrade_sqlite_copy(engine, path, current, target)


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table'").scalar_one()
    return int(count) == 0


def _run_upgrade(engine: Engine, target: str) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)


def _upgrade_sqlite_copy(engine: Engine, path: Path, current: str | None, target: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = backups_dir(path) / f"{path.stem}-before-{target}-{stamp}.sqlite3"
    work = path.with_name(path.name + ".migrating")
    engine.dispose()
    try:
        sqlite.backup_file(path, backup)
    except (sqlite.SqliteFileProblem, OSError) as exc:
        raise DatabaseError(f"No upgrade: the safety backup could not be made ({exc}).") from exc
    try:
        sqlite.backup_file(path, work)
        work_engine = create_db_engine(URL.create("sqlite", database=str(work)))
        try:
            _run_upgrade(work_engine, target)
        finally:
            work_engine.dispose()
        sqlite.checkpoint(work)
        problems = sqlite.quick_check(work)
        if problems:
            raise DatabaseError(f"The upgraded copy failed its check: {problems[0]}")
    except Exception as exc:
        work.unlink(missing_ok=True)
        sqlite.remove_sidecars(work)
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(
            f"The database upgrade from {current or 'an empty schema'} to {target} failed ({exc}); "
            f"your database was left as it was. A backup is in {backup}."
        ) from exc
    sqlite.checkpoint(path)
    sqlite.remove_sidecars(work)
    os.replace(work, path)
    sqlite.remove_sidecars(path)
    return backup
