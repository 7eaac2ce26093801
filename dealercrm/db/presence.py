"""Who has the database open: each running app records itself (login, workstation, since when) in
`open_sessions`, and operations that must be alone (restore, upgrade, an erasure's compaction) wait a
bounded time for them to leave, then refuse with a sentence that names them.

This is about courtesy and clear messages; safety does not depend on it: every such operation also runs
under SQLite's own locks (or PostgreSQL's), so a program that never registered (a script, a second
command) loses nothing either. Portable SQL only: the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from dealercrm.db.engine import DatabaseError
from dealercrm.i18n import _
from dealercrm.models import OpenSession

HEARTBEAT_SECONDS = 60
# A session not refreshed for this long is a copy that crashed or lost its connection.
STALE_AFTER = dt.timedelta(seconds=3 * HEARTBEAT_SECONDS)


class DatabaseBusy(DatabaseError):
    """Others still have the database open after the wait; str() names them."""


@dataclass(frozen=True)
class Presence:
    id: int
    login: str
    workstation: str
    pid: int
    started_at: dt.datetime

    def describe(self) -> str:
        since = self.started_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        # TRANSLATORS: who has the database open: "marie on ws-3 (since 2026-11-27 14:30 UTC)"
        return _("{login} on {workstation} (since {since})").format(
            login=self.login, workstation=self.workstation, since=since
        )


def workstation() -> str:
    return socket.gethostname() or "this computer"


def register(engine: Engine, *, login: str, now: dt.datetime) -> int:
    """Record this process as an open session of `login`; returns its id (for heartbeat/unregister)."""
    row = {"login": login[:64], "workstation": workstation()[:255], "pid": os.getpid()}
    with engine.begin() as conn:
        result = conn.execute(insert(OpenSession).values(**row, started_at=now, seen_at=now))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def heartbeat(engine: Engine, session_id: int, *, now: dt.datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(OpenSession).where(OpenSession.id == session_id).values(seen_at=now))


def unregister(engine: Engine, session_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(OpenSession).where(OpenSession.id == session_id))


def others(engine: Engine, *, now: dt.datetime) -> list[Presence]:
    """The open sessions of other processes that are alive: refreshed recently, and (on this workstation)
    whose process still exists. A database without the table (older revision) has none recorded."""
    here = workstation()
    found: list[Presence] = []
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(OpenSession)
                .where(OpenSession.seen_at >= now - STALE_AFTER)
                .order_by(OpenSession.started_at)
            ).all()
    except SQLAlchemyError:
        return []  # no such table yet: an older schema, which no app of this version has open
    for row in rows:
        pid = int(row.pid)
        if row.workstation == here and (pid == os.getpid() or not _alive(pid)):
            continue
        found.append(Presence(int(row.id), row.login, row.workstation, pid, row.started_at))
    return found


def wait_until_alone(
    engine: Engine,
    *,
    what: Literal["Restore", "Upgrade"],
    wait_seconds: float,
    now: Callable[[], dt.datetime],
    poll_seconds: float = 0.5,
) -> None:
    """Return once no other app has the database open; after `wait_seconds`, raise DatabaseBusy naming
    who still has it ("Restore refused: ... still open by marie on ws-3 (since ...)")."""
    deadline = time.monotonic() + max(0.0, wait_seconds)
    while True:
        present = others(engine, now=now())
        if not present:
            return
        if time.monotonic() >= deadline:
            names = "; ".join(p.describe() for p in present)
            if what == "Upgrade":
                message = _(
                    "Upgrade refused: the database is still open in dealercrm by {names}. Ask them to "
                    "close the application (or log out), then try again."
                )
            else:
                message = _(
                    "Restore refused: the database is still open in dealercrm by {names}. Ask them to "
                    "close the application (or log out), then try again."
                )
            raise DatabaseBusy(message.format(names=names))
        time.sleep(poll_seconds)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or we cannot tell: assume alive)
    return True
