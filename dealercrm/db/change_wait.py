"""Waiting for other processes' commits, per dialect: the change feed's only dialect-specific code.

PostgreSQL: the committing transaction runs `pg_notify(channel)`; the waiter's own autocommit connection
has run `LISTEN channel` and sleeps in psycopg's `notifies()` until one arrives (or the timeout).
SQLite: `PRAGMA data_version` on a dedicated connection changes whenever another connection (in this
process or another) committed; the waiter polls it every POLL_SECONDS, ending its read transaction each
time so that it never holds a snapshot (which would keep the WAL from being checkpointed).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine, text

POLL_SECONDS = 0.25
T = TypeVar("T")


class Waiter(Protocol):
    def wait(self, timeout: float) -> bool:
        """True as soon as something may have been committed elsewhere; False after `timeout`."""
        ...

    def run(self, fn: Callable[[Connection], T]) -> T:
        """`fn` on the waiter's connection, its transaction (if any) ended after."""
        ...


def insert_and_notify(connection: Connection, channel: str, values: dict[str, Any]) -> int:
    """PostgreSQL: the change row and the notification in one round trip (a writing commit pays it)."""
    return int(
        connection.execute(
            text(
                "WITH row AS (INSERT INTO change_log (at, origin, payload) VALUES (:at, :origin, :payload) "
                "RETURNING id) SELECT id, pg_notify(:channel, '') FROM row"
            ),
            {**values, "at": values["at"].replace(tzinfo=None), "channel": channel},
        ).scalar_one()
    )


def notify(connection: Connection, channel: str) -> None:
    """PostgreSQL: wake the listeners when (and only if) the current transaction commits."""
    connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})


class _SqliteWaiter:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection
        self._version = self._data_version()

    def _data_version(self) -> int:
        try:
            return int(self._conn.exec_driver_sql("PRAGMA data_version").scalar() or 0)
        finally:
            self._conn.rollback()

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._version:
                self._version = version
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL_SECONDS, left))

    def run(self, fn: Callable[[Connection], T]) -> T:
        try:
            return fn(self._conn)
        finally:
            self._conn.rollback()


class _PostgresWaiter:
    def __init__(self, connection: Connection, channel: str) -> None:
        self._conn = connection
        self._driver: Any = connection.connection.driver_connection
        connection.exec_driver_sql(f"LISTEN {channel}")

    def wait(self, timeout: float) -> bool:
        for _notification in self._driver.notifies(timeout=timeout, stop_after=1):
            return True
        return False

    def run(self, fn: Callable[[Connection], T]) -> T:
        return fn(self._conn)


@contextmanager
def open_waiter(engine: Engine, channel: str) -> Iterator[Waiter]:
    """A waiter on its own connection, closed on exit."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            yield _PostgresWaiter(conn, channel)
        return
    with engine.connect() as conn:
        yield _SqliteWaiter(conn)
