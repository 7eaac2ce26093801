"""Issue 16: the contacts' word-pair index (dealercrm/db/fts_pairs.py, migration 0025_search_pairs).

A search of a word and a letter ("maggie r") reads the contacts' pairs instead of walking the letter's
list: the same people in the same order, whoever wrote the contacts (dealercrm or another program),
and whether or not their pairs are up to date. SQLite only (PostgreSQL searches its own words table).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from dealercrm.db import Database, fts, fts_pairs, open_database
from dealercrm.db.migrate import alembic_config
from dealercrm.models import Contact
from dealercrm.models.enums import ContactKind, Lifecycle
from dealercrm.services.permissions import Actor
from dealercrm.services.search import SearchService

pytestmark = pytest.mark.sqlite_only


def add(db: Database, first: str | None, last: str | None, **kw: Any) -> int:
    with db.session_factory.begin() as s:
        contact = Contact(
            kind=ContactKind.PERSON, first_name=first, last_name=last, lifecycle=Lifecycle.PROSPECT, **kw
        )
        s.add(contact)
        s.flush()
        return contact.id


@contextlib.contextmanager
def other_program(db: Database) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to the file, as any other program has: no function of dealercrm's."""
    assert db.path is not None
    conn = sqlite3.connect(db.path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def current(db: Database) -> bool:
    with db.engine.connect() as conn:
        return fts_pairs.current(fts._driver(conn))  # noqa: SLF001


def pair_rows(db: Database, kind: str, initial: str, word: str) -> list[int]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT rowid FROM contacts_pairs_fts WHERE contacts_pairs_fts MATCH ? ORDER BY rowid",
            (fts_pairs.match(kind, (initial, word)),),
        )
        return list(rows.scalars())


@contextlib.contextmanager
def pairs_set_aside(db: Database) -> Iterator[None]:
    """The pairs not current (a change noted, not read yet), as after another program's write: the
    search walks the lists."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO contacts_pairs_fts_dirty (id) VALUES (-1)")
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM contacts_pairs_fts_dirty WHERE id = -1")


def both_ways(db: Database, actor: Actor, query: str, limit: int) -> tuple[list[int], list[int]]:
    """(through the pairs, walking the lists), asserting the pairs were read for the first."""
    service = SearchService(db.session_factory, actor=actor)
    assert current(db)
    read: list[str] = []
    original = fts_pairs.match

    def counted(*args: Any, **kw: Any) -> str:
        read.append(args[0])
        return original(*args, **kw)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fts_pairs, "match", counted)
        through_pairs = service.search_contacts(query=query, limit=limit)
    if fts_pairs.query_pair(query.split()) is not None:
        assert read, query  # the pairs were used
    with pairs_set_aside(db):
        walked = service.search_contacts(query=query, limit=limit)
    return through_pairs, walked


def test_which_searches_read_the_pairs() -> None:
    assert fts_pairs.query_pair(["maggie", "r"]) == ("r", "maggie")
    assert fts_pairs.query_pair(["R", "Hélène"]) == ("R", "Hélène")
    assert fts_pairs.query_pair(["jean", "d"]) == ("d", "jean")
    for words in (["ma", "r"], ["mag", "r"], ["maggie"], ["maggie", "ro"], ["maggie", "4"], ["06", "r"]):
        assert fts_pairs.query_pair(words) is None, words
    assert fts_pairs.query_pair(["maggie", "r", "x"]) is None
    assert fts_pairs.query_pair(["ma_gie", "r"]) is None  # not plain letters: as typed, not as stored


def test_a_contact_saved_by_dealercrm_is_in_its_pairs_when_committed(db: Database) -> None:
    hélène = add(db, "Hélène", "Dupont-Moreau", city="Saint-Jean-de-Braye", email="h.dupont@exemple.fr")
    assert current(db)
    # The names' words, each with the initial of every name word: FTS5's own tokens (folded, split).
    assert pair_rows(db, fts_pairs.NAMES, "d", "helene") == [hélène]
    assert pair_rows(db, fts_pairs.NAMES, "m", "dupont") == [hélène]
    assert pair_rows(db, fts_pairs.NAMES, "h", "moreau") == [hélène]
    assert pair_rows(db, fts_pairs.NAMES, "s", "helene") == []  # a city is not a name
    assert pair_rows(db, fts_pairs.EVERYWHERE, "s", "helene") == [hélène]
    assert pair_rows(db, fts_pairs.EVERYWHERE, "h", "braye") == [hélène]
    assert pair_rows(db, fts_pairs.EVERYWHERE, "e", "dupont") == [hélène]  # "exemple", the e-mail
    with db.session_factory.begin() as s:
        s.get_one(Contact, hélène).last_name = "Durand"
    assert current(db)
    assert pair_rows(db, fts_pairs.NAMES, "m", "dupont") == []
    assert pair_rows(db, fts_pairs.NAMES, "d", "helene") == [hélène]  # "durand"
    with db.session_factory.begin() as s:
        s.delete(s.get_one(Contact, hélène))
    assert current(db)
    assert pair_rows(db, fts_pairs.NAMES, "d", "helene") == []


def test_a_save_commits_even_when_its_pairs_cannot_be_written(
    db: Database, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pairs are an aid to the search: a failure to write them (here, after a first write) is
    undone alone, the contact is saved and stays noted, and the search finds it by walking the lists."""
    original = fts_pairs.keep

    def failing(raw: sqlite3.Connection, **kw: Any) -> int:
        original(raw, **kw)  # wrote its pairs, then fails
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(fts_pairs, "keep", failing)
    saved = add(db, "Maggie", "Robert")
    monkeypatch.setattr(fts_pairs, "keep", original)
    assert not current(db)
    assert pair_rows(db, fts_pairs.NAMES, "r", "maggie") == []  # its write undone with the failure
    assert SearchService(db.session_factory, actor=manager).search_contacts(query="maggie r") == [saved]
    assert fts.keep_search_pairs(db.engine) == 1
    assert pair_rows(db, fts_pairs.NAMES, "r", "maggie") == [saved]


def test_a_contact_without_pairs_can_change_and_go(db: Database) -> None:
    """Words all shorter than 4 characters: the contact has words but no pairs, so nothing is deleted
    for it (FTS5 would count a row too few and find its index corrupt)."""
    short = add(db, "Léa", "Roy", city="Dax")
    assert current(db)
    for last in ("Ba", "Martin", "Ba"):
        with db.session_factory.begin() as s:
            s.get_one(Contact, short).last_name = last
    assert pair_rows(db, fts_pairs.NAMES, "m", "martin") == []
    with db.session_factory.begin() as s:
        s.delete(s.get_one(Contact, short))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO contacts_pairs_fts (contacts_pairs_fts) VALUES ('integrity-check')")
    kept = add(db, "Maggie", "Roy")
    assert pair_rows(db, fts_pairs.NAMES, "r", "maggie") == [kept]


def test_another_programs_writes_are_noted_then_read(db: Database, manager: Actor) -> None:
    kept = add(db, "Maggie", "Robert")
    with other_program(db) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(contacts)") if row[1] != "id"]
        values = ["'Renard'" if c == "last_name" else "NULL" if c == "email" else c for c in columns]
        copy = f"INSERT INTO contacts ({', '.join(columns)}) SELECT {', '.join(values)} FROM contacts"
        conn.execute(copy + " WHERE id = ?", (kept,))  # a copy of Maggie Robert named Maggie Renard
        conn.execute("UPDATE contacts SET last_name = 'Rivière' WHERE id = ?", (kept,))
    assert not current(db)  # noted: the search walks the lists meanwhile, and finds them
    service = SearchService(db.session_factory, actor=manager)
    found = service.search_contacts(query="maggie r")
    assert len(found) == 2 and kept in found
    assert fts.keep_search_pairs(db.engine) == 2
    assert current(db)
    assert sorted(pair_rows(db, fts_pairs.NAMES, "r", "maggie")) == sorted(found)
    assert pair_rows(db, fts_pairs.NAMES, "m", "riviere") == [kept]
    assert service.search_contacts(query="maggie r") == found
    with other_program(db) as conn:
        conn.execute("DELETE FROM contacts WHERE id = ?", (kept,))
    fts.keep_search_pairs(db.engine)
    assert kept not in pair_rows(db, fts_pairs.NAMES, "r", "maggie")
    # The old pairs went with the text they were indexed with (a contentless table keeps none).
    assert pair_rows(db, fts_pairs.NAMES, "m", "robert") == []
    assert pair_rows(db, fts_pairs.NAMES, "m", "riviere") == []
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO contacts_pairs_fts (contacts_pairs_fts) VALUES ('integrity-check')")
        assert conn.exec_driver_sql("SELECT count(*) FROM contacts_pairs_fts_words").scalar_one() == 1


NAMES = ["Maggie", "Magali", "Rémi", "Robert", "Renée", "Martin", "Martine", "Dupont", "Durand", "d'Arc"]
CITIES = ["Orléans", "Rouen", "Saint-Jean-de-Braye", "Metz", "Dreux", None]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.lists(st.sampled_from(NAMES), min_size=1, max_size=2),
            st.lists(st.sampled_from(NAMES), min_size=1, max_size=2),
            st.sampled_from(CITIES),
            st.booleans(),  # an e-mail made of the names
        ),
        min_size=5,
        max_size=25,
    ),
    word=st.sampled_from(["magg", "maggie", "Marti", "MARTINE", "remi", "rémi", "dupo", "durand", "renee"]),
    letter=st.sampled_from("mrdsoaxé"),
    letter_first=st.booleans(),
    limit=st.integers(min_value=1, max_value=4),
    merge_up_to=st.sampled_from([0, 2, 5_000]),
)
def test_any_corpus_finds_the_same_people_through_the_pairs(
    db: Database,
    manager: Actor,
    salesperson: Actor,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[list[str], list[str], str | None, bool]],
    word: str,
    letter: str,
    letter_first: bool,
    limit: int,
    merge_up_to: int,
) -> None:
    """Names, cities and e-mails drawn from a few words (accents, hyphens, repeats), past small caps so
    that every tier, count and quota of the search is reached, and with the whole-word pairs past or
    under the merge's bound: the same ids in the same order through the pairs as by walking the lists,
    for a manager and a salesperson who sees some of them."""
    monkeypatch.setattr(fts, "RANK_ALL_UP_TO", 4)
    monkeypatch.setattr(fts, "CANDIDATES_PER_TIER", 3)
    monkeypatch.setattr(fts, "PAIRS_MERGE_UP_TO", merge_up_to)  # the walk after all past it
    julie = salesperson
    with db.session_factory.begin() as s:
        s.execute(delete(Contact))
        for n, (first, last, city, email) in enumerate(rows):
            s.add(
                Contact(
                    kind=ContactKind.PERSON,
                    first_name=" ".join(first),
                    last_name="-".join(last),
                    city=city,
                    email=f"{first[0]}.{last[0]}{n}@exemple.fr".lower().replace("'", "") if email else None,
                    lifecycle=Lifecycle.PROSPECT,
                    owner_id=julie.id if n % 2 else None,
                )
            )
    fts.keep_search_pairs(db.engine)
    query = f"{letter} {word}" if letter_first else f"{word} {letter}"
    for actor in (manager, julie):
        through_pairs, walked = both_ways(db, actor, query, limit)
        assert through_pairs == walked, (actor.role, query)


def test_a_bulk_import_leaves_its_contacts_noted_for_the_upkeep(
    db: Database, admin: Actor, tmp_path: Path
) -> None:
    """An import's batches are too many contacts to read in their own transactions: they stay noted (the
    search walks the lists meanwhile, and finds them) until the upkeep reads them."""
    from dealercrm.services.importing import ImportService, MappingStore

    source = tmp_path / "clients.csv"
    lines = ["NOM;Prénom;E-mail;Ville"] + [f"Rolland{n};Maggie;m{n}@exemple.fr;Brest" for n in range(700)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    service = ImportService(db.session_factory, actor=admin, mapping_store=MappingStore(tmp_path / "m.json"))
    result = service.run(path=source, kind="contacts", batch_size=300)  # batches past KEEP_ON_COMMIT
    assert (result.status, result.created) == ("done", 700)
    assert not current(db)
    search = SearchService(db.session_factory, actor=admin)
    walked = search.search_contacts(query="maggie r", limit=500)
    assert len(walked) == 500
    assert search.keep_index() == 700  # what the main window's upkeep thread calls
    assert current(db)
    assert len(pair_rows(db, fts_pairs.NAMES, "r", "maggie")) == 700
    assert search.search_contacts(query="maggie r", limit=500) == walked
    assert search.keep_index() == 0  # nothing waits: one read


def test_migration_0025_notes_the_contacts_already_there_and_the_upgrade_reads_them(
    db: Database, manager: Actor
) -> None:
    ids = [add(db, "Maggie", "Robert"), add(db, "Magali", "Renard", city="Rouen")]
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0024_task_deal_index")
    assert not current(db)  # no pairs: the search walks the lists
    service = SearchService(db.session_factory, actor=manager)
    assert sorted(service.search_contacts(query="mag r")) == sorted(ids)
    ids.append(add(db, "Maggie", "Rivière"))  # written below 0025
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert not current(db)  # noted by the revision (frozen: it imports none of dealercrm)...
    assert sorted(service.search_contacts(query="mag r")) == sorted(ids)  # ...and found meanwhile
    with db.engine.connect() as conn:  # the frozen DDL is what db/fts_pairs.py makes on repair
        names = (fts_pairs.PAIRS, fts_pairs.WORDS, fts_pairs.DIRTY, *fts_pairs.TRIGGERS)
        found = conn.exec_driver_sql(
            f"SELECT sql FROM sqlite_master WHERE name IN ({', '.join('?' * len(names))})", names
        )
        assert set(found.scalars()) == set(fts_pairs.ddl())

    # Opened by dealercrm, a file below 0025 is upgraded, then its contacts' pairs are read.
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0024_task_deal_index")
    assert db.path is not None
    db.dispose()
    upgraded = open_database(db.path)
    try:
        with upgraded.engine.connect() as conn:
            assert fts_pairs.current(fts._driver(conn))  # noqa: SLF001
            assert fts.check_indexes(conn) == []
        assert sorted(pair_rows(upgraded, fts_pairs.NAMES, "r", "mag")) == sorted(ids)
        through_pairs, walked = both_ways(upgraded, manager, "maggie r", 50)
        assert through_pairs == walked and len(walked) == 2
    finally:
        upgraded.dispose()


def test_an_upgrade_opens_the_file_even_when_the_pairs_cannot_be_read_yet(
    db: Database, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holding the file right after the upgrade: the file opens upgraded, its contacts
    stay noted for the main window's upkeep, and the search walks the lists meanwhile."""
    from sqlalchemy.exc import OperationalError

    kept = add(db, "Maggie", "Robert")
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0024_task_deal_index")
    assert db.path is not None
    db.dispose()

    def busy(_engine: Any, **_kw: Any) -> int:
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(fts, "keep_search_pairs", busy)
    upgraded = open_database(db.path)
    monkeypatch.undo()
    try:
        assert not current(upgraded)
        search = SearchService(upgraded.session_factory, actor=manager)
        assert search.search_contacts(query="maggie r") == [kept]
        assert fts.keep_search_pairs(upgraded.engine) == 1
        assert current(upgraded)
    finally:
        upgraded.dispose()


def test_missing_pair_triggers_are_reported_and_repaired(db: Database) -> None:
    kept = add(db, "Maggie", "Robert")
    with db.engine.begin() as conn:
        conn.exec_driver_sql('DROP TRIGGER "contacts_pairs_au"')
        assert fts.check_indexes(conn) == ["contacts: trigger contacts_pairs_au is missing"]
        fts.rebuild_indexes(conn)
        assert fts.check_indexes(conn) == []
    with db.session_factory.begin() as s:
        s.get_one(Contact, kept).last_name = "Durand"
    assert current(db)
    assert pair_rows(db, fts_pairs.NAMES, "d", "maggie") == [kept]


WORD = st.text(alphabet="abdeémrzß0", min_size=1, max_size=7)


@given(names=st.lists(WORD, max_size=4), others=st.lists(WORD, max_size=6))
def test_the_pairs_are_every_initial_before_every_long_word(names: list[str], others: list[str]) -> None:
    """What `keep()` writes, from FTS5's tokens of a contact's columns, is the rule: in the names, each
    initial of a name word before each name word of 4 characters or more; in all the columns, the same
    over every word; no pair starts with a digit. (Words of these letters are their own tokens, "é"
    folded to "e".)"""
    raw = sqlite3.connect(":memory:", isolation_level=None)
    raw.execute(f"CREATE TABLE contacts (id INTEGER PRIMARY KEY, {', '.join(fts_pairs.COLUMNS)})")
    for statement in fts_pairs.ddl():
        raw.execute(statement)
    raw.execute(
        "INSERT INTO contacts (id, first_name, last_name, email, city) VALUES (1, ?, ?, ?, ?)",
        (" ".join(names[:2]), " ".join(names[2:]), ".".join(others[:3]) or None, " ".join(others[3:])),
    )
    raw.execute("BEGIN")
    assert fts_pairs.keep(raw) == 1
    stored = raw.execute(f"SELECT * FROM {fts_pairs.WORDS}").fetchall()
    terms = fts_pairs.pair_text(*stored[0][1:]).split() if stored else []

    def rule(kind: str, words: set[str]) -> set[str]:
        initials = {w[0] for w in words if not w[0].isdigit()}
        return {f"{kind}{i}{w}" for w in words if len(w) >= 4 and not w[0].isdigit() for i in initials}

    name_words = {w.replace("é", "e") for w in names}
    every = name_words | {w.replace("é", "e") for w in others}
    assert len(terms) == len(set(terms))  # each pair once
    assert set(terms) == rule(fts_pairs.NAMES, name_words) | rule(fts_pairs.EVERYWHERE, every)
    if terms:  # and the pairs table holds them
        found = raw.execute(
            "SELECT rowid FROM contacts_pairs_fts WHERE contacts_pairs_fts MATCH ?", (f'"{terms[0]}"',)
        ).fetchall()
        assert found == [(1,)]
