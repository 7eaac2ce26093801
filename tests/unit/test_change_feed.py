"""The change feed: every committed transaction leaves one change row naming what it changed; this
process's listeners hear it after the commit; another connection's listener thread hears the other
origins' rows (PostgreSQL NOTIFY or SQLite data_version), on both databases."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from dealercrm.db import Database, changes, open_database
from dealercrm.db.changes import Change, ChangeListener
from dealercrm.models import ChangeLogEntry, Contact, Interaction
from dealercrm.models.enums import ContactKind, InteractionType
from dealercrm.models.types import utcnow
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.permissions import SYSTEM_ACTOR

WAIT = 10.0  # seconds: an upper bound for a slow machine, not a timing assertion


def add_contact(db: Database, name: str = "Durand") -> int:
    with db.session_factory.begin() as session:
        contact = Contact(kind=ContactKind.PERSON, last_name=name)
        session.add(contact)
        session.flush()
        return contact.id


def log_rows(db: Database) -> list[ChangeLogEntry]:
    with db.session_factory() as session:
        return list(session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)))


class Heard:
    """Changes handed to a listener (from any thread), with a way to wait for one that matches."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self._cond = threading.Condition()

    def __call__(self, change: Change) -> None:
        with self._cond:
            self.changes.append(change)
            self._cond.notify_all()

    def wait_for(self, predicate: object) -> Change:
        assert callable(predicate)
        with self._cond:
            ok = self._cond.wait_for(lambda: any(predicate(c) for c in self.changes), timeout=WAIT)
        assert ok, f"nothing matching heard; heard {self.changes}"
        return next(c for c in self.changes if predicate(c))


@pytest.fixture
def other(db: Database, db_path: Path) -> Iterator[Database]:
    """A second opening of the same database: another workstation, with its own origin."""
    second = open_database(db_path)
    yield second
    second.dispose()


def test_a_commit_writes_one_row_naming_the_kinds_and_ids(db: Database) -> None:
    before = len(log_rows(db))
    cid = add_contact(db)
    with db.session_factory.begin() as session:
        session.add(Interaction(contact_id=cid, type=InteractionType.NOTE, summary="hello"))
    rows = log_rows(db)[before:]
    assert len(rows) == 2
    capture = changes.capture_of(db.session_factory)
    assert capture is not None and {r.origin for r in rows} == {capture.origin}
    assert Change.from_json(rows[0].payload) == Change({"contact": frozenset({cid})})
    logged = Change.from_json(rows[1].payload)
    assert logged.kinds == {"interaction", "contact"}  # a call changes its contact's row too
    assert logged.ids["contact"] == frozenset({cid})


def test_reads_and_rollbacks_write_nothing(db: Database) -> None:
    before = len(log_rows(db))
    with db.session_factory() as session:
        session.scalars(select(Contact)).all()
        session.commit()
    with pytest.raises(RuntimeError), db.session_factory.begin() as session:
        session.add(Contact(kind=ContactKind.PERSON, last_name="Gone"))
        session.flush()
        raise RuntimeError("abandoned")
    assert len(log_rows(db)) == before


def test_bulk_update_and_core_writes_are_recorded_as_all_of_a_kind(db: Database) -> None:
    add_contact(db)
    with db.session_factory.begin() as session:
        session.execute(update(Contact).values(city="Lyon"))
    assert Change.from_json(log_rows(db)[-1].payload).ids == {"contact": None}
    with db.engine.begin() as conn:  # a bulk loader writing through Core
        changes.note_change(conn, ["vehicle"], {"vehicle": [7, 8]})
    row = log_rows(db)[-1]
    assert row.origin == "" and Change.from_json(row.payload).ids == {"vehicle": frozenset({7, 8})}


def test_the_local_listener_hears_the_commit_once_it_is_committed(db: Database) -> None:
    capture = changes.capture_of(db.session_factory)
    assert capture is not None
    heard = Heard()
    capture.add_listener(heard)
    cid = add_contact(db)
    ContactEditService(db.session_factory, actor=SYSTEM_ACTOR).update(
        contact_id=cid, expected_version=1, changes={"city": "Tours", "postal_code": "37000"}
    )
    capture.remove_listener(heard)
    add_contact(db, "Unheard")
    assert [c.ids.get("contact") for c in heard.changes] == [frozenset({cid}), frozenset({cid})]


def test_changes_merge_and_survive_json() -> None:
    a = Change({"contact": frozenset({1}), "task": frozenset({4})})
    b = Change({"contact": frozenset({2}), "task": None})
    merged = a.merged(b)
    assert merged.ids == {"contact": frozenset({1, 2}), "task": None}
    assert Change.from_json(merged.to_json()) == merged
    assert Change.from_json("not json") == Change()


def test_old_rows_are_pruned(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            ChangeLogEntry.__table__.insert().values(at=utcnow() - changes.KEEP * 2, origin="x", payload="{}")
        )
    monkeypatch.setattr(changes, "PRUNE_EVERY", 1)
    add_contact(db)
    assert [r.origin for r in log_rows(db) if r.origin == "x"] == []


def test_another_connection_hears_other_origins_only(db: Database, other: Database) -> None:
    """The listener on workstation B hears A's commit with its ids; B's own commit it leaves to B."""
    b_capture = changes.capture_of(other.session_factory)
    assert b_capture is not None
    heard = Heard()
    listener = ChangeListener(other.engine, origin=b_capture.origin, on_change=heard)
    listener.start()
    try:
        assert listener.ready.wait(WAIT)
        own = add_contact(other, "Own")  # B's own commit: not handed back to B
        theirs = add_contact(db, "Theirs")
        change = heard.wait_for(lambda c: theirs in (c.ids.get("contact") or ()))
        assert change.kinds == {"contact"}
        assert all(own not in (c.ids.get("contact") or ()) for c in heard.changes)
    finally:
        listener.stop()
    assert not listener.running


def test_core_writes_on_a_sessions_connection_are_recorded_as_all_of_a_kind(db: Database) -> None:
    """The importer and the erasure write through Core or raw SQL on their unit of work's connection."""
    cid = add_contact(db)
    with db.session_factory.begin() as session:
        session.connection().execute(Contact.__table__.update().values(city="Blois"))  # type: ignore[attr-defined]
    assert Change.from_json(log_rows(db)[-1].payload).ids == {"contact": None}
    with db.session_factory.begin() as session:
        session.connection().exec_driver_sql("UPDATE vehicles SET make = make WHERE id = 0")
    assert Change.from_json(log_rows(db)[-1].payload).ids == {"vehicle": None}
    with db.session_factory.begin() as session:  # the ORM's own flush names its rows, not "all"
        session.get_one(Contact, cid).city = "Tours"
    assert Change.from_json(log_rows(db)[-1].payload).ids == {"contact": frozenset({cid})}
