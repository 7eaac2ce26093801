"""The change feed: what each committed transaction changed, for this process and the others.

Session events on the database's session factory (installed once, by `open_database`) collect the kinds
of record a transaction touched (`after_flush`: new, dirty and deleted objects; a cursor event on the
session's connection: Core and raw-SQL INSERT / UPDATE / DELETE outside the ORM's flush, with their ids
when their WHERE names them, else as "all of that kind") without any service knowing. Just before
the commit, one compact `change_log` row ({"contact": [ids], "deal": null}, its origin) is written in the
same transaction, and on PostgreSQL a `NOTIFY dealercrm_changes` goes with it. After the commit the
process's own listeners are called (on the committing thread).

Other processes learn of it through `ChangeListener`, a background thread with its own connection
(`db/change_wait.py` holds the per-dialect waiting: LISTEN on PostgreSQL, `PRAGMA data_version` polling
on SQLite): when woken it reads the `change_log` rows newer than those it has seen and hands those of
other origins to its callback. Core writes that bypass the ORM (raw SQL, bulk loads) call `note_change`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import BindParameter

from dealercrm.models import ChangeLogEntry
from dealercrm.models.types import utcnow

log = logging.getLogger(__name__)

# Table -> kind of record the pages know. Rows of a child table also name their parent record below.
KINDS_BY_TABLE: dict[str, str] = {
    "contacts": "contact",
    "contact_links": "contact",
    "consents": "contact",
    "opportunities": "deal",
    "tasks": "task",
    "claims": "claim",
    "claim_events": "claim",
    "vehicles": "vehicle",
    "service_visits": "vehicle",
    "interactions": "interaction",
    "sales": "sale",
    "campaigns": "campaign",
    "campaign_targets": "campaign",
    "campaign_cost_lines": "campaign",
    "users": "user",
    "settings": "setting",
    "segments": "segment",
    "objectives": "objective",
    "marketing_spend": "spend",
}
# Child tables whose rows stand for their parent (a consent is a change of its contact).
PARENT_COLUMN: dict[str, str] = {
    "contact_links": "from_contact_id",
    "consents": "contact_id",
    "claim_events": "claim_id",
    "service_visits": "vehicle_id",
    "campaign_targets": "campaign_id",
    "campaign_cost_lines": "campaign_id",
}
# A row that belongs to a contact or a vehicle also changes what that record's page shows (its last
# contact, its timeline, its open deals...).
RELATED: tuple[tuple[str, str], ...] = (
    ("contact_id", "contact"),
    ("owner_contact_id", "contact"),
    ("vehicle_id", "vehicle"),
)
MAX_IDS = 200  # more ids than this of one kind are sent as "all of that kind"
PRUNE_EVERY = 256  # every so many change rows, those older than KEEP are deleted
KEEP = dt.timedelta(days=1)
CHANNEL = "dealercrm_changes"

# A plain Core INSERT (not the ORM's insert of an entity, which goes through the ORM's bulk machinery):
# it is on every writing commit's path.
_INSERT = insert(cast(Table, ChangeLogEntry.__table__))

_PENDING = "dealercrm.changes.pending"
_COMMITTING = "dealercrm.changes.committing"
_CAPTURE = "dealercrm.changes.capture"
_CONNECTIONS = "dealercrm.changes.connections"
_FLUSHING = "dealercrm.changes.flushing"


@dataclass(frozen=True)
class Change:
    """Kinds of record changed, and for each the ids changed (None: any number of them, "all")."""

    ids: Mapping[str, frozenset[int] | None] = field(default_factory=dict)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def merged(self, other: Change) -> Change:
        out: dict[str, frozenset[int] | None] = dict(self.ids)
        for kind, ids in other.ids.items():
            mine = out.get(kind, frozenset())
            out[kind] = None if mine is None or ids is None else mine | ids
        return Change(out)

    def to_json(self) -> str:
        return json.dumps(
            {k: (None if v is None else sorted(v)) for k, v in sorted(self.ids.items())},
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Change:
        try:
            data = json.loads(text)
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(
            {
                str(k): (None if v is None else frozenset(int(i) for i in v))
                for k, v in data.items()
                if v is None or isinstance(v, list)
            }
        )


class _Pending:
    """Changes collected in a transaction so far (mutable, kept in session.info)."""

    __slots__ = ("ids",)

    def __init__(self) -> None:
        self.ids: dict[str, set[int] | None] = {}

    def add(self, kind: str, ident: int | None) -> None:
        current = self.ids.get(kind, set())
        if current is None:
            return
        if ident is None or len(current) >= MAX_IDS:
            self.ids[kind] = None
        else:
            current.add(ident)
            self.ids[kind] = current

    def freeze(self) -> Change:
        return Change({k: (None if v is None else frozenset(v)) for k, v in self.ids.items()})


Listener = Callable[[Change], None]


class ChangeCapture:
    """Installed on one session factory: writes the change row of every transaction that changed
    something and tells this process's listeners after the commit. `origin` names this opening of the
    database (process id and a random part), so that a process can skip the rows it wrote itself."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.origin = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.enabled = True
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._notify = engine.dialect.name == "postgresql"

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def install(self, factory: sessionmaker[Session]) -> None:
        factory.kw.setdefault("info", {})[_CAPTURE] = self
        event.listen(factory, "after_flush", _after_flush)
        event.listen(factory, "before_commit", _before_commit)
        event.listen(factory, "after_commit", _after_commit)
        event.listen(factory, "after_transaction_end", _after_transaction_end)
        # Core statements run on a session's connection (the importer's batches, an erasure's SQL): the
        # ORM does not see them, the connection does.
        event.listen(factory, "after_begin", _after_begin)
        event.listen(factory, "before_flush", _before_flush)
        event.listen(factory, "after_flush_postexec", _after_flush_postexec)
        event.listen(self.engine, "after_cursor_execute", _after_cursor_execute)

    # Called by the session events -----------------------------------------------------------------------
    def write(self, connection: Connection, change: Change) -> None:
        """The change row (and, on PostgreSQL, the notification) in the committing transaction."""
        now = utcnow()
        values = {"at": now, "origin": self.origin, "payload": change.to_json()}
        if self._notify:
            from dealercrm.db import change_wait

            new_id: int | None = change_wait.insert_and_notify(connection, CHANNEL, values)
        else:
            key = connection.execute(_INSERT, values).inserted_primary_key
            new_id = key[0] if key is not None and isinstance(key[0], int) else None
        if new_id is not None and new_id % PRUNE_EVERY == 0:
            connection.execute(delete(ChangeLogEntry).where(ChangeLogEntry.at < now - KEEP))

    def committed(self, change: Change) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(change)
            except Exception:  # a listener's bug must not fail a commit that already happened
                log.exception("change listener failed")


def install(factory: sessionmaker[Session], engine: Engine) -> ChangeCapture:
    """Capture the changes of every session the factory makes (once per factory)."""
    existing = capture_of(factory)
    if existing is not None:
        return existing
    capture = ChangeCapture(engine)
    capture.install(factory)
    return capture


def capture_of(factory: sessionmaker[Session]) -> ChangeCapture | None:
    capture = factory.kw.get("info", {}).get(_CAPTURE)
    return capture if isinstance(capture, ChangeCapture) else None


def note_change(
    target: Session | Connection, kinds: Iterable[str], ids: Mapping[str, Iterable[int]] | None = None
) -> None:
    """Record a change the ORM did not see (Core or raw SQL writes: imports, the demo, an erasure).

    On a Session it joins the transaction's other changes; on a Connection (a Core transaction) the row is
    written at once, in that transaction, with no origin (every process, this one included, will hear of
    it through its listener)."""
    pending = _Pending()
    for kind in kinds:
        wanted = (ids or {}).get(kind)
        if wanted is None:
            pending.add(kind, None)
        else:
            for ident in wanted:
                pending.add(kind, ident)
    if isinstance(target, Session):
        mine = _pending(target)
        for kind, values in pending.ids.items():
            if values is None:
                mine.add(kind, None)
            else:
                for ident in values:
                    mine.add(kind, ident)
        return
    change = pending.freeze()
    target.execute(_INSERT, {"at": utcnow(), "origin": "", "payload": change.to_json()})
    if target.dialect.name == "postgresql":
        from dealercrm.db import change_wait

        change_wait.notify(target, CHANNEL)


def _pending(session: Session) -> _Pending:
    pending = session.info.get(_PENDING)
    if not isinstance(pending, _Pending):
        pending = session.info[_PENDING] = _Pending()
    return pending


def _record_object(pending: _Pending, obj: Any) -> None:
    table = getattr(obj, "__tablename__", None)
    kind = KINDS_BY_TABLE.get(table or "")
    if kind is None:
        return
    parent = PARENT_COLUMN.get(table or "")
    ident = getattr(obj, parent if parent else "id", None)
    pending.add(kind, ident if isinstance(ident, int) else None)
    for column, related in RELATED:
        if related == kind:
            continue
        value = getattr(obj, column, None)
        if isinstance(value, int):
            pending.add(related, value)


def _after_flush(session: Session, _context: Any) -> None:
    capture = session.info.get(_CAPTURE)
    if not isinstance(capture, ChangeCapture) or not capture.enabled:
        return
    pending = _pending(session)
    for obj in session.new:
        _record_object(pending, obj)
    for obj in session.deleted:
        _record_object(pending, obj)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            _record_object(pending, obj)


def _before_commit(session: Session) -> None:
    capture = session.info.get(_CAPTURE)
    if not isinstance(capture, ChangeCapture) or not capture.enabled:
        return
    # The commit flushes after this event: flush now so that its changes are in the row.
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if not isinstance(pending, _Pending) or not pending.ids:
        return
    change = pending.freeze()
    capture.write(session.connection(), change)
    if "contact" in change.kinds:
        _keep_search_pairs(session.connection())
    session.info[_COMMITTING] = change


def _keep_search_pairs(connection: Connection) -> None:
    """The contacts' word pairs of what this transaction changed, written with it (SQLite; see
    db/fts_pairs.py): a saved contact is found through them as soon as it is committed. In a savepoint:
    should reading them fail, the save still commits, its contacts stay noted and the search walks the
    lists for them (the same rows)."""
    if connection.dialect.name != "sqlite":
        return
    from dealercrm.db import fts_pairs

    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        return
    raw.execute("SAVEPOINT dealercrm_pairs")
    try:
        fts_pairs.keep_if_few(raw)
    except sqlite3.Error:
        raw.execute("ROLLBACK TO dealercrm_pairs")
        log.exception("the saved contacts' search pairs could not be written; left for the upkeep")
    raw.execute("RELEASE dealercrm_pairs")


def _after_commit(session: Session) -> None:
    change = session.info.pop(_COMMITTING, None)
    capture = session.info.get(_CAPTURE)
    if isinstance(change, Change) and isinstance(capture, ChangeCapture):
        capture.committed(change)


def _after_transaction_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost transaction ended (committed or rolled back)
        session.info.pop(_PENDING, None)
        session.info.pop(_COMMITTING, None)
        for connection in session.info.pop(_CONNECTIONS, ()):
            _SESSIONS.pop(connection, None)


# The session each open Connection works for (a Connection object lives for one session transaction).
_SESSIONS: weakref.WeakKeyDictionary[Connection, Session] = weakref.WeakKeyDictionary()


def _after_begin(session: Session, _transaction: Any, connection: Connection) -> None:
    capture = session.info.get(_CAPTURE)
    if isinstance(capture, ChangeCapture):
        _SESSIONS[connection] = session
        session.info.setdefault(_CONNECTIONS, []).append(connection)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    session.info[_FLUSHING] = True


def _after_flush_postexec(session: Session, _context: Any) -> None:
    session.info[_FLUSHING] = False


_WRITE_SQL = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def _after_cursor_execute(
    connection: Connection, _cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool
) -> None:
    """A Core INSERT / UPDATE / DELETE (or raw SQL) on a session's connection, outside the ORM's flush:
    recorded in the session's pending changes, with its ids when its WHERE names them, else as "all of
    that kind"."""
    compiled = getattr(context, "compiled", None)
    element: UpdateBase | None = None
    if compiled is not None:
        if not (context.isinsert or context.isupdate or context.isdelete):
            return
        if not isinstance(compiled.statement, UpdateBase):
            return
        element = compiled.statement
        name = getattr(getattr(element, "table", None), "name", None)
    elif statement.lstrip()[:1] in ("I", "U", "D", "i", "u", "d"):
        match = _WRITE_SQL.match(statement)
        name = match.group(1) if match else None
    else:
        return
    kind = KINDS_BY_TABLE.get(name or "")
    if kind is None:
        return
    session = _SESSIONS.get(connection)
    if session is None or session.info.get(_FLUSHING):
        return  # not in a session of ours, or the ORM's own flush (after_flush names the rows)
    # Only now, for a write the flush does not report: the ids its WHERE names.
    ids = _ids_of(element, context.compiled_parameters, None) if element is not None else None
    capture = session.info.get(_CAPTURE)
    if isinstance(capture, ChangeCapture) and capture.enabled:
        pending = _pending(session)
        for ident in ids if ids is not None else (None,):
            pending.add(kind, ident)


def _ids_of(statement: UpdateBase, multiparams: Any, params: Any) -> list[int] | None:
    """The ids an UPDATE or DELETE `WHERE id = :x` / `WHERE id IN (...)` touches (None: unknown, "all")."""
    where = getattr(statement, "whereclause", None)
    left, right = getattr(where, "left", None), getattr(where, "right", None)
    if getattr(left, "key", None) != "id" or not isinstance(right, BindParameter):
        return None
    if right.value is not None and not right.callable:
        values = right.value if isinstance(right.value, list | tuple) else [right.value]
    else:
        rows = multiparams if isinstance(multiparams, list | tuple) and multiparams else [params or {}]
        values = [row.get(right.key) for row in rows if isinstance(row, Mapping)]
    if not values or not all(isinstance(v, int) for v in values):
        return None
    return [int(v) for v in values]


# Reading the feed ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedRow:
    id: int
    origin: str
    change: Change


def last_id(connection: Connection) -> int:
    return int(
        connection.execute(select(ChangeLogEntry.id).order_by(ChangeLogEntry.id.desc()).limit(1)).scalar()
        or 0
    )


def rows_after(connection: Connection, floor: int) -> list[FeedRow]:
    rows = connection.execute(
        select(ChangeLogEntry.id, ChangeLogEntry.origin, ChangeLogEntry.payload)
        .where(ChangeLogEntry.id > floor)
        .order_by(ChangeLogEntry.id)
    ).all()
    return [FeedRow(int(r.id), str(r.origin), Change.from_json(str(r.payload))) for r in rows]


# On PostgreSQL, ids are taken from the sequence before commit: a transaction that took id 10 may commit
# after the one that took 11. So the reader looks back this many ids behind the newest it saw.
LOOK_BACK = 200
SAFETY_READ_SECONDS = 5.0  # read the feed at least this often, even without a wake-up


class ChangeListener:
    """A background thread that hands `on_change` the changes other processes (other origins) committed.

    `on_change` is called on the listener's thread; it must only pass the change on (a queued signal).
    """

    def __init__(self, engine: Engine, *, origin: str, on_change: Listener) -> None:
        self.engine = engine
        self.origin = origin
        self.on_change = on_change
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ready = threading.Event()  # set once the listener is waiting (for tests)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="dealercrm-change-listener", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        thread, self._thread = self._thread, None
        self._stop.set()
        if thread is not None:
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        from dealercrm.db import change_wait

        seen: set[int] = set()
        newest: int | None = None
        while not self._stop.is_set():
            try:
                with change_wait.open_waiter(self.engine, CHANNEL) as waiter:
                    if newest is None:
                        newest = waiter.run(last_id)
                    self.ready.set()
                    quiet = 0.0
                    while not self._stop.is_set():
                        woke = waiter.wait(0.5)
                        quiet += 0.5
                        if not woke and quiet < SAFETY_READ_SECONDS:
                            continue
                        quiet = 0.0
                        floor = max(0, newest - LOOK_BACK)
                        rows = waiter.run(partial(rows_after, floor=floor))
                        fresh = [r for r in rows if r.id not in seen]
                        for row in fresh:
                            seen.add(row.id)
                            newest = max(newest, row.id)
                        seen = {i for i in seen if i > newest - LOOK_BACK}
                        change = Change()
                        for row in fresh:
                            if row.origin != self.origin:
                                change = change.merged(row.change)
                        if change:
                            self.on_change(change)
            except Exception:  # the server went away, the file is locked...: try again shortly
                log.warning("change listener: reconnecting", exc_info=True)
                self._stop.wait(2.0)


def table_exists(engine: Engine) -> bool:
    return bool(inspect(engine).has_table(ChangeLogEntry.__tablename__))
