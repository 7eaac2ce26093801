"""Alembic migrations, run so that a failed upgrade never damages the user's database.

SQLite: after a verified backup (kept under backups/), the live file is migrated in place, in one
transaction that holds the write lock from its BEGIN (SQLite's DDL is transactional): a failure rolls back
to the file as it was, and other programs wait rather than lose a commit. The file is never copied over or
renamed. PostgreSQL: the upgrade runs in one transaction (transactional DDL).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL

from dealercrm.db import sqlite
from dealercrm.db.engine import DatabaseError, backups_dir
from dealercrm.db.options import WRITE_INTENT
from dealercrm.i18n import _
from dealercrm.models.types import utcnow

log = logging.getLogger(__name__)


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


def is_known_revision(revision: str) -> bool:
    """Whether this version of dealercrm has the migration `revision` (a newer version's is unknown)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade_to_head(
    engine: Engine,
    url: URL,
    *,
    revision: str = "head",
    wait_seconds: float = 10.0,
    now: Callable[[], dt.datetime] = utcnow,
) -> Path | None:
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
    backup = _upgrade_sqlite_in_place(engine, path, current, target, wait_seconds=wait_seconds, now=now)
    _read_what_revisions_noted(engine)
    return backup


def _read_what_revisions_noted(engine: Engine) -> None:
    """What a revision left for the application's code to compute once the upgrade committed (a revision
    is frozen: it imports none of dealercrm): the contacts' search word pairs (0025). In transactions of
    their own: the upgrade is already whole, and until this is done the search does without them, so a
    file kept busy by another program leaves them to the main window's upkeep instead of failing the
    opening."""
    from dealercrm.db import fts

    try:
        fts.keep_search_pairs(engine)
    except (sa.exc.OperationalError, sqlite3.OperationalError):
        log.warning("the contacts' search pairs were left for the upkeep: the file was busy", exc_info=True)


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table'").scalar_one()
    return int(count) == 0


def _run_upgrade(engine: Engine, target: str) -> None:
    """Every step of the upgrade in one transaction that takes the write lock at BEGIN (SQLite's DDL is
    transactional): other connections wait, then see the whole new schema or, if it fails, nothing."""
    from dealercrm.db import postgres

    config = alembic_config()
    with engine.connect().execution_options(**{WRITE_INTENT: True}) as conn, conn.begin():
        postgres.lock_for_upgrade(conn)  # a second workstation waits, then finds the work done
        if MigrationContext.configure(conn).get_current_revision() == target:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, target)
        record_written_by(conn)


WRITTEN_BY_KEY = "schema.written_by"  # the dealercrm version whose upgrade made the schema


_SETTINGS = sa.table(
    "settings", sa.column("key", sa.String), sa.column("value", sa.JSON), sa.column("updated_at", sa.DateTime)
)


def record_written_by(conn: Connection) -> None:
    """Note, in the settings table, which version of dealercrm upgraded the schema: a workstation with
    an older one can then say which version it needs."""
    from dealercrm import __version__

    stamp, key = utcnow(), _SETTINGS.c.key
    done = conn.execute(
        sa.update(_SETTINGS).where(key == WRITTEN_BY_KEY).values(value=__version__, updated_at=stamp)
    )
    if not done.rowcount:
        conn.execute(sa.insert(_SETTINGS).values(key=WRITTEN_BY_KEY, value=__version__, updated_at=stamp))


def written_by(engine: Engine) -> str | None:
    """The dealercrm version that last upgraded the database, if it said (None for older ones)."""
    try:
        with engine.connect() as conn:
            value = conn.execute(
                sa.select(_SETTINGS.c.value).where(_SETTINGS.c.key == WRITTEN_BY_KEY)
            ).scalar()
    except sa.exc.DBAPIError:
        return None
    return str(value) if value else None


def _upgrade_sqlite_in_place(
    engine: Engine,
    path: Path,
    current: str | None,
    target: str,
    *,
    wait_seconds: float,
    now: Callable[[], dt.datetime],
) -> Path:
    """Upgrade the live file in place, after a verified backup, once no other copy of the app has it open.

    The file is never copied over, renamed or replaced: the migration is one SQLite transaction, so a
    program that writes meanwhile waits for it (busy_timeout) and loses nothing, and a failed migration
    rolls back to the file as it was."""
    from dealercrm.db import backups as db_backups
    from dealercrm.db import presence

    presence.wait_until_alone(engine, what="Upgrade", wait_seconds=wait_seconds, now=now)
    stamp = now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = backups_dir(path) / f"{path.stem}-before-{target}-{stamp}.sqlite3"
    try:
        sqlite.backup_file(path, backup)
        if db_backups.compaction_owed(path):
            db_backups.scrub_copy(backup)  # an erasure not compacted yet must not live on in the copy
    except (sqlite.SqliteFileProblem, OSError, sqlite3.Error, DatabaseError) as exc:
        raise DatabaseError(
            _("No upgrade: the safety backup could not be made ({exc}).").format(exc=exc)
        ) from exc
    try:
        _run_upgrade(engine, target)
    except Exception as exc:
        raise DatabaseError(
            _(
                "The database upgrade from {current} to {target} failed ({exc}); your database was "
                "left as it was. A backup is in {backup}."
            ).format(current=current or _("an empty schema"), target=target, exc=exc, backup=backup)
        ) from exc
    return backup
