"""The search indexes kept in one segment each (db/fts.keep_merged): after writes, after the demo, and by
the automatic backup; the same people found before and after."""

from __future__ import annotations

import datetime as dt

import pytest

from dealercrm.db import Database, fts
from dealercrm.services.backups import BackupService
from dealercrm.services.permissions import Actor
from dealercrm.services.search import SearchService
from tests.unit.test_vehicles_service import add_contact

NOW = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
NAMES = ("Martin", "Martineau", "Dupont", "Dupuis", "Moreau", "Morel", "Lefèvre", "Leroy")
QUERIES = ("mar", "martin", "du", "mor", "lef", "paul", "le", "m")


def _write_one_by_one(db: Database, n: int) -> None:
    """n contacts, each in its own transaction: each adds segments to the indexes."""
    for i in range(n):
        add_contact(db, last_name=NAMES[i % len(NAMES)], first_name=("Paul", "Jeanne", "Luc")[i % 3])


def _found(db: Database, actor: Actor) -> dict[str, list[int]]:
    search = SearchService(db.session_factory, actor=actor)
    return {q: search.search_contacts(query=q, limit=50) for q in QUERIES}


@pytest.mark.sqlite_only
def test_merging_leaves_one_segment_and_finds_the_same_people(db: Database, manager: Actor) -> None:
    _write_one_by_one(db, 40)
    before = _found(db, manager)
    assert any(before.values())

    assert fts.keep_merged(db.engine) >= 1  # there was something to merge
    assert fts.keep_merged(db.engine) == 0  # and now there is nothing left: one segment

    assert _found(db, manager) == before
    with db.engine.connect() as connection:
        assert fts.check_indexes(connection) == []
    added = add_contact(db, last_name="Martin", first_name="Zoé")  # the triggers still index new rows
    assert SearchService(db.session_factory, actor=manager).search_contacts(query="martin zo") == [added]


@pytest.mark.sqlite_only
def test_merging_in_steps_stops_where_asked(db: Database) -> None:
    _write_one_by_one(db, 40)
    assert fts.keep_merged(db.engine, max_steps=1) == 1
    assert fts.keep_merged(db.engine) >= 0
    assert fts.keep_merged(db.engine) == 0


@pytest.mark.sqlite_only
def test_the_automatic_backup_merges_the_day_s_writes(db: Database, salesperson: Actor) -> None:
    _write_one_by_one(db, 30)
    BackupService(db, actor=salesperson).automatic(now=NOW)
    assert fts.keep_merged(db.engine) == 0


def test_a_server_database_has_nothing_to_merge(db: Database) -> None:
    _write_one_by_one(db, 5)
    if db.is_sqlite:
        fts.keep_merged(db.engine)
    assert fts.keep_merged(db.engine) == 0  # on PostgreSQL a no-op; on SQLite merged already
