"""Everything PostgreSQL-specific: the engine and its per-connection settings, sequences after bulk loads,
and the advisory lock that serialises schema upgrades between workstations.

Every connection is named (`application_name`: dealercrm:USER@WORKSTATION, visible in
pg_stat_activity) and bounded, so that one hung workstation cannot block the others for ever:
`lock_timeout` (waiting for a row or table lock), `statement_timeout` (one statement), and
`idle_in_transaction_session_timeout` (a transaction left open).
"""

from __future__ import annotations

import getpass
import socket
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError

LOCK_TIMEOUT_MS = 10_000
STATEMENT_TIMEOUT_MS = 300_000  # the longest report or import batch is far below
IDLE_IN_TRANSACTION_MS = 600_000
# pg_advisory_xact_lock key of schema upgrades ("dealercrm" in ASCII, folded into a bigint).
UPGRADE_LOCK_KEY = 0x6465616C657263


class DriverMissing(Exception):
    """psycopg is not installed; str() says which extra to install."""


def normalise_url(url: URL) -> URL:
    """`postgresql://` means psycopg 3 (SQLAlchemy would otherwise look for psycopg2)."""
    if url.drivername == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    return url


def application_name() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"dealercrm:{user}@{socket.gethostname()}"[:63]


def connect_args() -> dict[str, Any]:
    return {
        "application_name": application_name(),
        "options": (
            f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
            f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
        ),
    }


def create_pg_engine(url: URL) -> Engine:
    url = normalise_url(url)
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args())
    except (NoSuchModuleError, ImportError) as exc:
        raise DriverMissing(
            "PostgreSQL needs its driver, which is not installed: "
            "pip install 'dealercrm[postgres]' (psycopg 3)."
        ) from exc


def reset_sequences(connection: Connection) -> None:
    """Move every id sequence past the largest id in its table: after rows were inserted with explicit ids
    (the demo generator, bulk loads), the next ordinary insert must not collide. A no-op elsewhere."""
    if connection.dialect.name != "postgresql":
        return
    rows = connection.execute(
        text(
            "SELECT c.table_name, c.column_name, "
            "pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq "
            "FROM information_schema.columns c "
            "WHERE c.table_schema = current_schema() "
            "AND (c.column_default LIKE 'nextval%' OR c.is_identity = 'YES')"
        )
    ).all()
    for table, column, sequence in rows:
        if sequence is None:
            continue
        connection.execute(
            text(f'SELECT setval(:seq, COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'),
            {"seq": sequence},
        )


def lock_for_upgrade(connection: Connection) -> None:
    """Serialise schema upgrades: the second workstation waits for the first one's transaction, then
    finds the schema already at its revision."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
