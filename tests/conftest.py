"""Shared fixtures: a real SQLite file per test, copied from one migrated template; users per role."""

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


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "dealercrm.sqlite3"
    shutil.copyfile(template_db, path)
    return path


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
        role: Role = Role.SALESPERSON, login: str | None = None, display_name: str | None = None
    ) -> Actor:
        n = next(counter)
        with db.session_factory.begin() as session:
            user = User(
                login=login or f"{role.value}{n}",
                display_name=display_name or f"{role.value.title()} {n}",
                role=role,
                password_hash=_PASSWORD_HASH,
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
def pg_server() -> Iterator[Any]:
    from tests import pgserver

    try:
        server = pgserver.start()
    except pgserver.NoServer as exc:
        if os.environ.get("CI"):
            raise  # CI installs the server: a missing one is a failure, not a skip
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
