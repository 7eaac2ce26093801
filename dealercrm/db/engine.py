"""Resolve which database to open, open it safely, and hand out sessions."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.db import sqlite
from dealercrm.i18n import _
from dealercrm.models.types import utcnow

ENV_VAR = "DEALERCRM_DB"
APP_NAME = "dealercrm"
OUR_TABLES = {"users", "contacts", "alembic_version"}
# The newest migration; a test checks it against Alembic's scripts. A database already at this revision
# opens without importing Alembic at all (it costs start-up time and is only needed to upgrade).
HEAD_REVISION = "0025_search_pairs"


class DatabaseError(Exception):
    """The database cannot be opened or used; str() is a sentence to show the user."""


class DatabaseMissing(DatabaseError):
    """No database at the given path, and this caller may not create one (only the first run, `demo` and
    `db upgrade` may): a mistyped `--db` must not quietly become an empty dealership."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            _(
                "There is no database at {path}: nothing was created. Check the path; "
                "`dealercrm demo` or `dealercrm db upgrade` create a new one."
            ).format(path=path)
        )


class ServerUnavailable(DatabaseError):
    """The PostgreSQL server could not be used (unreachable, password, no such database, TLS); `problem`
    (a postgres.Problem) says which, so that the app can offer the connection dialog again."""

    def __init__(self, message: str, *, problem: object) -> None:
        super().__init__(message)
        self.problem = problem


def backups_dir(db_path: Path) -> Path:
    """Where safety copies (before an upgrade or a restore) and automatic backups go by default."""
    return db_path.parent / "backups"


def default_db_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "dealercrm.sqlite3"


def resolve_url(db: str | os.PathLike[str] | None = None) -> URL:
    """`--db` wins, then $DEALERCRM_DB, then the file in the user data directory.

    A value with `://` is a SQLAlchemy URL; anything else is a path to an SQLite file.
    """
    value = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if value is None:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return URL.create("sqlite", database=str(path))
    if "://" in value:
        return make_url(value)
    return URL.create("sqlite", database=str(Path(value).expanduser().resolve()))


@dataclass
class Database:
    """An open database: its engine, a session factory, and where it lives."""

    url: URL
    engine: Engine
    session_factory: sessionmaker[Session] = field(repr=False)
    # The verified copy taken before this opening migrated the file, if it did.
    migration_backup: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    @property
    def label(self) -> str:
        """How the status bar names the database (never shows a password)."""
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """`with open_database(...) as db:` disposes of the engine at the end of the block."""
        self.dispose()


def create_db_engine(url: URL, *, read_only: bool = False) -> Engine:
    backend = url.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"timeout": sqlite.BUSY_TIMEOUT_MS / 1000})
        sqlite.install_connection_hooks(engine, read_only=read_only)
        return engine
    if backend == "postgresql":
        from dealercrm.db import postgres

        try:
            return postgres.create_pg_engine(url)
        except postgres.DriverMissing as exc:
            raise DatabaseError(str(exc)) from exc
    raise DatabaseError(
        _(
            "dealercrm works with an SQLite file or a PostgreSQL server, not {backend!r}: "
            "give a file path or a postgresql:// URL."
        ).format(backend=backend)
    )


def open_database(
    db: str | os.PathLike[str] | URL | None = None,
    *,
    migrate: bool = True,
    create: bool = False,
    wait_seconds: float = 10.0,
    now: Callable[[], dt.datetime] = utcnow,
    upgrade_shared: bool = False,
) -> Database:
    """Open (migrating as needed) the dealership database; with `create`, an SQLite file that does not
    exist yet is created, else DatabaseMissing names the path.

    A database made by a newer version is refused as it is (no copy, no change). An older one is upgraded
    in place, under the write lock, after a verified backup, once no other copy of the app has it open
    (waiting up to `wait_seconds`, then naming who still has it). A shared (PostgreSQL) database is never
    upgraded by a workstation on its own: only `dealercrm db upgrade` (`upgrade_shared`) does it, and an
    empty one is set up only with `create`.

    Raises DatabaseError with a plain-words message for a file that is not ours, corrupt, or
    read-only, and for a migration that failed (the original file is then left untouched).
    """
    url = db if isinstance(db, URL) else resolve_url(db)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not create and not path.exists():
            raise DatabaseMissing(path)
        try:
            sqlite.check_file(path)
        except sqlite.SqliteFileProblem as exc:
            raise DatabaseError(str(exc)) from exc
        if path.exists() and path.stat().st_size > 0:
            _check_is_ours(path)
    engine = create_db_engine(url)
    backup: Path | None = None
    try:
        revision = stored_revision(engine)
        if revision != HEAD_REVISION:
            from dealercrm.db import migrate as migrations

            if revision is not None and not migrations.is_known_revision(revision):
                newer = migrations.written_by(engine)
                version = f"dealercrm {newer} or newer" if newer else "that version or a newer one"
                raise DatabaseError(
                    _(
                        "{url} was made by a newer version of dealercrm (revision {revision}): install "
                        "{version} to open it. Nothing was changed."
                    ).format(url=_name(url), revision=revision, version=version)
                )
            if not migrate:
                raise DatabaseError(_("The database needs an upgrade: run `dealercrm db upgrade`."))
            if url.get_backend_name() != "sqlite":
                if revision is None and not (create or upgrade_shared):
                    raise DatabaseError(
                        _(
                            "{url} is empty: the administrator sets it up with `dealercrm --db URL db "
                            "upgrade` (or the first-run dialog)."
                        ).format(url=_name(url))
                    )
                if revision is not None and not upgrade_shared:
                    raise DatabaseError(
                        _(
                            "{url} needs an upgrade to this version of dealercrm (revision {revision} -> "
                            "{HEAD_REVISION}): the administrator runs `dealercrm --db URL db upgrade`, "
                            "while the other workstations wait."
                        ).format(url=_name(url), revision=revision, HEAD_REVISION=HEAD_REVISION)
                    )
            backup = migrations.upgrade_to_head(engine, url, wait_seconds=wait_seconds, now=now)
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        if url.get_backend_name() == "postgresql":
            from dealercrm.db import postgres

            problem = postgres.classify_connect_error(exc)
            if problem is not postgres.Problem.OTHER:
                detail = str(getattr(exc, "orig", None) or exc).strip()
                raise ServerUnavailable(postgres.describe(problem, url, detail), problem=problem) from exc
        raise DatabaseError(_("The database could not be opened: {exc}").format(exc=exc)) from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    from dealercrm.db import changes  # every commit records what it changed, for the live refresh

    changes.install(factory, engine)
    return Database(url=url, engine=engine, session_factory=factory, migration_backup=backup)


def _name(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)


def stored_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database (None for a new, empty one)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(value) if value is not None else None


def _check_is_ours(path: Path) -> None:
    """Refuse a damaged file or another program's database before anything writes to it.

    The full `quick_check` reads the whole file (seconds at 100k contacts), so it runs only when the last
    session did not close cleanly (its WAL is still there); otherwise reading the schema catches a
    damaged file header, and the automatic backup at start verifies a full copy in the background.
    """
    damaged = _(
        "{path} is damaged and cannot be opened safely ({problem}). "
        "Restore a backup with `dealercrm db restore FILE`."
    )
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        problems = sqlite.quick_check(path)
        if problems:
            raise DatabaseError(damaged.format(path=path, problem=problems[0]))
    try:
        tables = sqlite.table_names(path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(damaged.format(path=path, problem=exc)) from exc
    if tables and not OUR_TABLES <= tables:
        raise DatabaseError(
            _("{path} is an SQLite database, but not a dealercrm one: it was left untouched.").format(
                path=path
            )
        )


def table_exists(engine: Engine, name: str) -> bool:
    return inspect(engine).has_table(name)
