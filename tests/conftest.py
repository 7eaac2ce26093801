"""Shared fixtures: a real database per test, made from one migrated template; users per role.

The suite runs on SQLite (a file per test, copied from a template file) or, with `--db-backend=postgresql`
or `DEALERCRM_TEST_BACKEND=postgresql`, on PostgreSQL (a database per test, created from a template
database on the throwaway server of tests/pgserver.py, or on $DEALERCRM_TEST_DATABASE_URL's server).
Tests that only make sense on an SQLite file are marked `sqlite_only` and skipped on PostgreSQL.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from dealercrm.db import Database, open_database
from dealercrm.models import User
from dealercrm.models.enums import Role
from dealercrm.services.auth import actor_of, hash_password
from dealercrm.services.permissions import Actor

TEST_PASSWORD = "correct horse 42"


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring so that tests never need (or touch) a real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._store.pop((service, username), None)


BACKEND_ENV = "DEALERCRM_TEST_BACKEND"
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-backend",
        choices=BACKENDS,
        default=os.environ.get(BACKEND_ENV) or "sqlite",
        help=f"database the shared fixtures use (default: ${BACKEND_ENV} or sqlite)",
    )


def on_postgresql(config: pytest.Config) -> bool:
    return bool(config.getoption("--db-backend") == "postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not on_postgresql(config):
        return
    skip = pytest.mark.skip(reason="needs an SQLite file (sqlite_only)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Services, PDFs of the user and the CLI speak English in tests unless a test chooses a language
    (`i18n.use("fr")`, `i18n.set_language`, `DEALERCRM_LANGUAGE`), as the widgets do (tests/ui/conftest.py
    sets an English QLocale); the app's default is French."""
    from dealercrm import i18n

    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user data directory or $DEALERCRM_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("DEALERCRM_DB", raising=False)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(path, create=True)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database on the test server, the template of every test's database. No connection
    may stay open on it (CREATE DATABASE ... TEMPLATE refuses then), hence the dispose."""
    server = request.getfixturevalue("pg_server")
    name = f"dealercrm_template_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        database = open_database(make_url(server.url).set(database=name), create=True)
        database.dispose()
        yield name
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """Where the test's database lives: an SQLite file copied from the template, or, on PostgreSQL, the
    URL (as a string: `--db`, `open_database` and `str()` take it as they take a path) of a database
    created from the template database and dropped after the test."""
    if not on_postgresql(request.config):
        path = tmp_path / "dealercrm.sqlite3"
        shutil.copyfile(request.getfixturevalue("template_db"), path)
        yield path
        return
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = make_url(server.url).set(database=name).render_as_string(hide_password=False)
        yield url  # type: ignore[misc]
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path, create=True)
    yield database
    database.dispose()


# One argon2 hash for every test user: hashing is deliberately slow.
_PASSWORD_HASH = hash_password(TEST_PASSWORD)


@pytest.fixture
def make_user(db: Database) -> Callable[..., Actor]:
    """Create a user directly in the database (tests only) and return it as an Actor."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.SALESPERSON,
        login: str | None = None,
        display_name: str | None = None,
        language: str = "fr",
    ) -> Actor:
        n = next(counter)
        with db.session_factory.begin() as session:
            user = User(
                login=login or f"{role.value}{n}",
                display_name=display_name or f"{role.value.title()} {n}",
                role=role,
                password_hash=_PASSWORD_HASH,
                language=language,
            )
            session.add(user)
            session.flush()
            return actor_of(user)

    return make


@pytest.fixture
def admin(make_user: Callable[..., Actor]) -> Actor:
    return make_user(Role.ADMIN, login="admin", display_name="Alice Admin")


@pytest.fixture
def manager(make_user: Callable[..., Actor]) -> Actor:
    return make_user(Role.MANAGER, login="marc", display_name="Marc Manager")


@pytest.fixture
def salesperson(make_user: Callable[..., Actor]) -> Actor:
    return make_user(Role.SALESPERSON, login="julie", display_name="Julie Vendeuse")


@pytest.fixture
def aftersales(make_user: Callable[..., Actor]) -> Actor:
    return make_user(Role.AFTERSALES, login="sophie", display_name="Sophie SAV")


@pytest.fixture
def marketing(make_user: Callable[..., Actor]) -> Actor:
    return make_user(Role.MARKETING, login="karim", display_name="Karim Marketing")


# PostgreSQL: a throwaway server for the session (tests/pgserver.py), a fresh database for each test ------


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> Iterator[Any]:
    from tests import pgserver

    try:
        server = pgserver.start()
    except pgserver.NoServer as exc:
        if os.environ.get("CI") or on_postgresql(request.config):
            raise  # CI installs the server, and a PostgreSQL run needs it: a failure, not a skip
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: Any) -> Iterator[URL]:
    """The URL of a new, empty database on the test server, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(pg_server.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(pg_server.url).set(database=name)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def copy_db(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst
