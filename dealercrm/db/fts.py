"""Full-text search: the SQLite FTS5 indexes over contacts, vehicles and claims, and the queries on them.

Everything dialect-specific about search lives here; services call `search()` / `search_ids()` with
portable SQLAlchemy selects and get ranked ids back.

Design:
- One external-content FTS5 table per indexed table, `<table>_fts` (sqlite-utils' naming), whose rowid
  is the table's integer primary key. sqlite-utils' `enable_fts(..., create_triggers=True)` creates it
  with the triggers `<table>_ai`, `<table>_ad` and `<table>_au` that keep it in sync with every insert,
  update and delete, whoever writes (ORM, Core, imports).
- Tokenizer `unicode61 remove_diacritics 2`: case and accents are ignored ("helene" finds "Hélène").
- Every token of a query is a prefix query. The contacts' index has an FTS5 prefix index for prefixes
  of 1 to 3 characters (`prefix='1 2 3'`, migration 0008): without it, a short prefix ("m", "de s",
  "06") expands into thousands of terms whose lists every MATCH merges again, so a search cost grew
  with the number of matches (10-80 ms at 100k contacts); with it, such a prefix is one list, read
  in rowid order and left after the LIMIT. sqlite-utils cannot declare one: `create_index(prefix=...)`
  writes the same table and triggers as sqlite-utils, with the option.
- The contacts also have an index of their names alone, `contacts_names_fts` (NAME_INDEXES, migration
  0017_search_names), where the name tiers below find their rows: a column filter on `contacts_fts`
  reads every row that holds the words in any column (a city, an e-mail domain) to keep those that hold
  them in a name. Its scores are not used (bm25 comes from `contacts_fts`). Without it (a database
  before 0017) the column filter is used.
- A word and a letter ("maggie r"): FTS5 answers `"maggie"* AND "r"*` by stepping through the letter's
  whole list, whose length grows with the dealership. When the contacts' word pairs are current
  (db/fts_pairs.py, migration 0025), the rows of the name tiers, the count and the newest matches are
  read there instead (`"nrmaggie"*`, `"armaggie"*`): the same rows in the same order (`_pair`, `_Every`).
- Ranking is bm25 (weights per column), then the caller's `then_by`. bm25 and the join to the table
  cost about 1.5 us a match, and a short prefix's position lists are merged again by every MATCH that
  scores it, so a prefix that matches thousands of rows ("orlé", "mar") is not ranked whole: past
  `RANK_ALL_UP_TO` matches only a bounded candidate set is, the most recent rows (highest ids) of each
  tier, ranked by tier: whole words in the index's `primary` columns (names, plates; by bm25),
  prefixes in the primary columns (in the caller's `then_by` order: names alphabetically), whole
  words anywhere (by bm25), any match (`then_by` order). So an exact surname comes before mere
  prefixes, a name before an e-mail or city match, and an exact city before city prefixes; what is
  left out are rows of a tier that has more candidates than the page holds, which the user narrows
  by typing on. The candidates reach the final query (visibility, tie-break) as one JSON parameter,
  with no second MATCH.
- bm25 first counts every row of each phrase of the MATCH (its IDF): for a common city or word at 1M
  contacts that count walks hundreds of thousands of rows (7-20 ms) to rank 150. A caller that keeps only
  the ids (the contacts list: `search(scores=False)`) has such a tier, when its MATCH is one phrase with
  rows, scored by bm25's per-row term alone (`_order_scores`: the phrase's instances from highlight(), the
  row's size from the docsize record, the average from the averages record), which is bm25 divided by
  that phrase's IDF: the same order. Used only where the count is estimated to cost more (tens of
  thousands of rows); results are the same either way.
- PostgreSQL: generated tsvector columns with GIN indexes (migration 0007), searched by
  dealercrm.db.fts_pg with the same query parsing (`parse_terms()`) and ranking tiers; the index DDL
  and repair functions here are no-ops there. Other dialects: `search()` raises FullTextUnavailable,
  a NotImplementedError.

A later migration that batch-alters (copies and renames) contacts, vehicles or claims drops that table's
triggers with the old table: it must call `create_index(..., replace=True, prefix=INDEXES[t].prefix)`
again afterwards, and for contacts `create_names_index(..., replace=True)` and `fts_pairs.repair()`.
`check_indexes()` reports missing triggers and indexes out of step with their tables.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import ColumnExpressionArgument, Connection, Engine, Select

from dealercrm.db import activity, fts_pairs
from dealercrm.db.options import WRITE_INTENT

if TYPE_CHECKING:
    import sqlite_utils

TOKENIZE = "unicode61 remove_diacritics 2"

# Longer input is cut: nobody types more to find a record, and it bounds the MATCH expression.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 64
# Longest phone number worth joining digit groups for (E.164 is at most 15 digits, plus a "00").
MAX_PHONE_DIGITS = 17
# Up to this many matches (or 4 x the limit) every match is ranked; past it, a bounded candidate set of
# at least CANDIDATES_PER_TIER (or 3 x the limit) rows a tier.
RANK_ALL_UP_TO = 500
CANDIDATES_PER_TIER = 150
# A word and a letter read their matches in the word pairs unless the word's whole-word pairs alone are
# more than this (see `_Every`).
PAIRS_MERGE_UP_TO = 5_000
_LOWEST_ROWID = -(2**63)


@dataclass(frozen=True)
class FtsIndex:
    """One indexed table as it is at the head revision; `weights` are bm25 weights, one per column;
    `primary` the columns whose matches rank first (the ones the heaviest weights are on), which a
    search over many matches looks at first."""

    table: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]
    primary: tuple[str, ...] = ()
    prefix: str = ""  # FTS5's `prefix` option ("1 2 3": prefix indexes of 1 to 3 characters), or none
    name: str = ""  # the FTS table's name when it is not `<table>_fts` (a names index, NAME_INDEXES)

    @property
    def fts_table(self) -> str:
        return self.name or f"{self.table}_fts"

    @property
    def triggers(self) -> tuple[str, str, str]:
        """The insert, delete and update triggers that keep the index in step (sqlite-utils' names for
        `<table>_fts`, `<name>_ai`... for a names index)."""
        stem = self.name.removesuffix("_fts") if self.name else self.table
        return (f"{stem}_ai", f"{stem}_ad", f"{stem}_au")


INDEXES: dict[str, FtsIndex] = {
    index.table: index
    for index in (
        FtsIndex(
            "contacts",
            ("first_name", "last_name", "company_name", "email", "city", "postal_code", "search_phones"),
            (6.0, 10.0, 8.0, 3.0, 2.0, 2.0, 4.0),
            ("first_name", "last_name", "company_name"),
            "1 2 3",
        ),
        FtsIndex(
            "vehicles",
            ("vin", "plate", "plate_compact", "make", "model"),
            (6.0, 10.0, 10.0, 2.0, 3.0),
            ("vin", "plate", "plate_compact"),
        ),
        FtsIndex("claims", ("description",), (1.0,), ("description",)),
    )
}

# An FTS5 index of a table's primary columns alone, beside its full index (migration 0017_search_names,
# contacts only): the search finds the rows whose names match there, without reading the rows that
# match in the other columns only (a city, an e-mail domain). Its update trigger fires on an update of
# those columns only; `content='<table>'` is in single quotes so that sqlite-utils' `detect_fts()`
# (`disable_fts`, `rebuild_fts`) keeps finding the full index. The weights are not used (scores come
# from the full index).
NAME_INDEXES: dict[str, FtsIndex] = {
    "contacts": FtsIndex(
        "contacts",
        ("first_name", "last_name", "company_name"),
        (1.0, 1.0, 1.0),
        ("first_name", "last_name", "company_name"),
        "1 2 3",
        name="contacts_names_fts",
    )
}


def all_indexes(tables: Iterable[str] = INDEXES) -> list[FtsIndex]:
    """Every FTS index of `tables`: each table's full index, then its names index if it has one."""
    return [
        index for table in tables for index in (INDEXES[table], NAME_INDEXES.get(table)) if index is not None
    ]


class FullTextUnavailable(NotImplementedError):
    """Full-text search is not implemented for this database's dialect yet."""


@dataclass(frozen=True)
class Match:
    """A matching row: its id and its score, lower is better (SQLite: bm25; PostgreSQL: its tier minus its
    normalised ts_rank)."""

    id: int
    score: float


def is_fts_table(name: str) -> bool:
    """Whether `name` is an FTS table or one of its shadow tables (`contacts_fts`, `contacts_fts_data`...)."""
    return name.endswith("_fts") or "_fts_" in name


# PostgreSQL's generated tsvector columns (migration 0007): every indexed column, and the primary ones
# alone (tables with other columns only); each has a GIN index, `ix_<table>_<column>`.
VECTOR_COLUMN = "search_vector"
PRIMARY_VECTOR_COLUMN = "search_primary"
VECTOR_COLUMNS = (VECTOR_COLUMN, PRIMARY_VECTOR_COLUMN)


def is_vector_index(name: str) -> bool:
    """Whether `name` is the GIN index of a tsvector column (`ix_contacts_search_vector`)."""
    return any(name.endswith(f"_{column}") for column in VECTOR_COLUMNS)


def include_object(_obj: Any, name: str | None, type_: str, _reflected: bool, _compare_to: Any) -> bool:
    """Alembic's `include_object` hook: autogenerate and `compare_metadata` must not offer to drop the
    full-text tables (SQLite) nor the tsvector columns and their indexes (PostgreSQL), which the models
    do not declare. Pass it as
    `MigrationContext.configure(conn, opts={"include_object": fts.include_object})`."""
    if name is None:
        return True
    if type_ == "table":
        # Nor the KPI activity tables, which belong to their triggers (db/activity.py).
        return not is_fts_table(name) and name not in activity.metadata.tables
    if type_ == "column":
        return name not in VECTOR_COLUMNS
    if type_ == "index":
        return not is_vector_index(name)
    return True


# --- Index DDL (migrations) -------------------------------------------------------------------------


def create_index(
    connection: Connection,
    *,
    table: str,
    columns: Sequence[str],
    tokenize: str = TOKENIZE,
    replace: bool = False,
    prefix: str = "",
) -> None:
    """Create `<table>_fts` over `columns` with its sync triggers, and index the rows already there.

    Runs inside the caller's transaction (sqlite-utils does not COMMIT when one is open). With
    `replace`, an index whose definition or triggers differ is dropped and rebuilt; an identical one is
    left as it is. `prefix` is FTS5's prefix option ("1 2 3"); sqlite-utils cannot declare it, so such
    an index is written here, as sqlite-utils writes one (same table, same triggers) plus the option.
    A no-op on other dialects.
    """
    db = _sqlite_utils_db(connection)
    if db is None:
        return
    if not prefix:
        db.table(table).enable_fts(list(columns), create_triggers=True, tokenize=tokenize, replace=replace)
        return
    fts_table = f"{table}_fts"
    quoted = ", ".join(_quote(c) for c in columns)
    create = (
        f"CREATE VIRTUAL TABLE {_quote(fts_table)} USING FTS5 (\n    {quoted},\n"
        f"    tokenize={db.quote(tokenize)},\n    prefix={db.quote(prefix)},\n    content={_quote(table)}\n)"
    )
    if db[fts_table].exists():
        triggers = {t.name for t in db.table(table).triggers}
        if replace and db[fts_table].schema == create and triggers >= _trigger_names(table):
            return
        db.table(table).disable_fts()
    raw = db.conn
    raw.execute(create)
    raw.execute(f"INSERT INTO {_quote(fts_table)} ({_quote(fts_table)}) VALUES ('rebuild')")
    old = ", ".join(f"old.{_quote(c)}" for c in columns)
    new = ", ".join(f"new.{_quote(c)}" for c in columns)
    t, f = _quote(table), _quote(fts_table)
    # sqlite-utils' triggers, word for word (check_indexes and disable_fts know them by these names).
    raw.execute(
        f"CREATE TRIGGER {_quote(table + '_ai')} AFTER INSERT ON {t} BEGIN\n"
        f"  INSERT INTO {f} (rowid, {quoted}) VALUES (new.rowid, {new});\nEND"
    )
    raw.execute(
        f"CREATE TRIGGER {_quote(table + '_ad')} AFTER DELETE ON {t} BEGIN\n"
        f"  INSERT INTO {f} ({f}, rowid, {quoted}) VALUES('delete', old.rowid, {old});\nEND"
    )
    raw.execute(
        f"CREATE TRIGGER {_quote(table + '_au')} AFTER UPDATE ON {t} BEGIN\n"
        f"  INSERT INTO {f} ({f}, rowid, {quoted}) VALUES('delete', old.rowid, {old});\n"
        f"  INSERT INTO {f} (rowid, {quoted}) VALUES (new.rowid, {new});\nEND"
    )


def create_names_index(connection: Connection, *, table: str, replace: bool = False) -> None:
    """Create `table`'s names index (NAME_INDEXES) with its triggers and index the rows already there, as
    migration 0017 does; with `replace`, one whose definition or triggers differ is made again (after a
    batch migration that copies the table, which drops its triggers). A no-op on other dialects and for
    tables without a names index."""
    index = NAME_INDEXES.get(table)
    if index is None or connection.dialect.name != "sqlite":
        return
    create, triggers = _names_ddl(index)
    found = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (index.fts_table,)
    ).scalar()
    if found is not None:
        present = _present_triggers(connection, table)
        if replace and found == create and present >= set(index.triggers):
            return
        _drop_names_index(connection, index)
    connection.exec_driver_sql(create)
    fts_table = _quote(index.fts_table)
    connection.exec_driver_sql(f"INSERT INTO {fts_table} ({fts_table}) VALUES ('rebuild')")
    for trigger in triggers:
        connection.exec_driver_sql(trigger)


def _names_ddl(index: FtsIndex) -> tuple[str, list[str]]:
    """The CREATE statements of a names index and of its triggers, as migration 0017 writes them."""
    cols = ", ".join(_quote(c) for c in index.columns)
    old = ", ".join(f"old.{_quote(c)}" for c in index.columns)
    new = ", ".join(f"new.{_quote(c)}" for c in index.columns)
    fts, table = _quote(index.fts_table), _quote(index.table)
    insert, delete, update = (_quote(t) for t in index.triggers)
    create = (
        f"CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    {cols},\n"
        f"    tokenize='{TOKENIZE}',\n    prefix='{index.prefix}',\n    content='{index.table}'\n)"
    )
    return create, [
        f"CREATE TRIGGER {insert} AFTER INSERT ON {table} BEGIN\n"
        f"  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});\nEND",
        f"CREATE TRIGGER {delete} AFTER DELETE ON {table} BEGIN\n"
        f"  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES('delete', old.rowid, {old});\nEND",
        f"CREATE TRIGGER {update} AFTER UPDATE OF {cols} ON {table} BEGIN\n"
        f"  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES('delete', old.rowid, {old});\n"
        f"  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});\nEND",
    ]


def _drop_names_index(connection: Connection, index: FtsIndex) -> None:
    for trigger in index.triggers:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_quote(trigger)}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_quote(index.fts_table)}")


def _present_triggers(connection: Connection, table: str) -> set[str]:
    return set(
        connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        ).scalars()
    )


def drop_index(connection: Connection, *, table: str) -> None:
    """Drop `<table>_fts` (and the table's names index, if any), their shadow tables and their triggers.
    A no-op on other dialects."""
    db = _sqlite_utils_db(connection)
    if db is None:
        return
    db.table(table).disable_fts()
    if table in NAME_INDEXES:
        _drop_names_index(connection, NAME_INDEXES[table])


def rebuild_indexes(connection: Connection, tables: Iterable[str] = INDEXES) -> None:
    """Re-index every row of `tables` from scratch, names indexes included (repair). A no-op on other
    dialects."""
    db = _sqlite_utils_db(connection)
    if db is None:
        return
    for table in tables:
        db.table(table).rebuild_fts()
        if table in NAME_INDEXES:
            fts_table = _quote(NAME_INDEXES[table].fts_table)
            connection.exec_driver_sql(f"INSERT INTO {fts_table} ({fts_table}) VALUES ('rebuild')")
        if table == fts_pairs.TABLE:
            fts_pairs.repair(_driver(connection))


def optimize_indexes(connection: Connection, tables: Iterable[str] = INDEXES) -> None:
    """Merge every segment of the indexes of `tables` into one (FTS5 'optimize'), which drops the terms
    of deleted and updated rows for good: until then an index's segments still hold them, so a GDPR
    erasure followed by VACUUM would leave the erased name in the file. A no-op on other dialects."""
    if connection.dialect.name != "sqlite":
        return
    tables = list(tables)
    pairs = fts_pairs.TABLE in tables and fts_pairs.present(_driver(connection))
    if pairs:
        fts_pairs.keep(_driver(connection))  # a changed contact's old pairs deleted, then merged away
    for fts_table in [index.fts_table for index in all_indexes(tables)] + (
        [fts_pairs.PAIRS] if pairs else []
    ):
        fts_table = _quote(fts_table)
        connection.exec_driver_sql(f"INSERT INTO {fts_table} ({fts_table}) VALUES ('optimize')")


# Pages written by one step of `keep_merged` (FTS5 writes 4 KB pages: about 2 MB, a few tens of ms).
MERGE_PAGES = 500


def keep_merged(engine: Engine, *, max_steps: int = 10_000) -> int:
    """Merge the segments of every full-text index into one, in short steps (FTS5's "merge" with a
    negative page count, each step its own transaction, until a step finds nothing to do: the same result
    as 'optimize', without holding the write lock for the whole index). Writes add segments, and each
    search reads every segment: at 100k contacts, after the demo or an import, a search's CPU p95 is
    about a third lower once merged (docs/PERFORMANCE.md). Returns the steps that did work; stops at
    `max_steps`. A no-op on other dialects."""
    if engine.dialect.name != "sqlite":
        return 0
    keep_search_pairs(engine)  # the changed contacts' pairs first: they are merged below with the rest
    worked = 0
    with engine.connect() as connection:
        tables = index_tables(_driver(connection))
    for fts_table in map(_quote, tables):
        while worked < max_steps:
            with engine.begin() as connection:
                before = connection.exec_driver_sql("SELECT total_changes()").scalar_one()
                connection.exec_driver_sql(
                    f"INSERT INTO {fts_table} ({fts_table}, rank) VALUES ('merge', ?)", (-MERGE_PAGES,)
                )
                after = connection.exec_driver_sql("SELECT total_changes()").scalar_one()
            if after - before < 2:  # FTS5's documented sign that the step had nothing to merge
                break
            worked += 1
    return worked


def index_tables(raw: sqlite3.Connection) -> list[str]:
    """The FTS5 tables present in the file: every full-text index, then the contacts' word pairs."""
    present = {str(name) for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = [index.fts_table for index in all_indexes()] + [fts_pairs.PAIRS]
    return [table for table in tables if table in present]


def keep_search_pairs(engine: Engine, *, batch: int = fts_pairs.BATCH) -> int:
    """Bring the contacts' word pairs up to date (db/fts_pairs.py), `batch` contacts a transaction, each
    taking the write lock at BEGIN; after a bulk change (an import, the demo) or another program's
    writes. Returns how many contacts were read. A no-op on other dialects."""
    if engine.dialect.name != "sqlite":
        return 0
    with engine.connect() as connection:
        if fts_pairs.current(_driver(connection)) or not fts_pairs.present(_driver(connection)):
            return 0  # nothing waits: no write lock taken
    done = 0
    while True:
        with engine.connect().execution_options(**{WRITE_INTENT: True}) as connection, connection.begin():
            read = fts_pairs.keep(_driver(connection), max_rows=batch)
        done += read
        if read < batch:
            return done


def check_indexes(connection: Connection, tables: Iterable[str] = INDEXES) -> list[str]:
    """What is wrong with the indexes of `tables`: a missing sync trigger (a table copied by a batch
    migration loses them; the contacts' word pairs' too), or an index that FTS5's integrity check finds
    out of step with its table. [] when all is well. On PostgreSQL: a missing tsvector column or GIN
    index."""
    tables = list(tables)
    if connection.dialect.name == "postgresql":
        from dealercrm.db import fts_pg

        return fts_pg.check_indexes(connection, tables)
    if connection.dialect.name != "sqlite":
        return []
    problems: list[str] = []
    for index in all_indexes(tables):
        present = _present_triggers(connection, index.table)
        if index.name and not _installed(connection, index, present):
            continue  # a database before 0017_search_names: the search does without it
        problems += [
            f"{index.table}: trigger {name} is missing" for name in sorted(set(index.triggers) - present)
        ]
        fts_table = _quote(index.fts_table)
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(
                    f"INSERT INTO {fts_table} ({fts_table}, rank) VALUES ('integrity-check', 1)"
                )
        except sa.exc.DBAPIError as exc:
            problems.append(f"{index.fts_table}: {exc.orig}")
    if fts_pairs.TABLE in tables:
        missing = fts_pairs.missing_triggers(_driver(connection))
        problems += [f"{fts_pairs.TABLE}: trigger {name} is missing" for name in missing]
    return problems


def _installed(connection: Connection, index: FtsIndex, triggers: set[str]) -> bool:
    """Whether any part of `index` (its table, a trigger) is in the database."""
    table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (index.fts_table,)
    ).scalar()
    return table is not None or bool(triggers & set(index.triggers))


def _trigger_names(table: str) -> set[str]:
    # sqlite-utils' names for the insert, delete and update triggers.
    return {f"{table}_ai", f"{table}_ad", f"{table}_au"}


def _sqlite_utils_db(connection: Connection) -> sqlite_utils.Database | None:
    import sqlite_utils  # heavy (it pulls numpy in): only index set-up needs it, never a search

    if connection.dialect.name != "sqlite":
        return None
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise FullTextUnavailable(f"full-text indexes need the sqlite3 driver, not {type(raw).__name__}")
    # sqlite-utils commits its own statements when no transaction is open: open the caller's (as
    # autobegin would; the caller commits or rolls back), and on connections without dealercrm's BEGIN
    # hook, where pysqlite defers BEGIN to the first write, begin the SQLite transaction now.
    if not connection.in_transaction():
        connection.begin()
    if not raw.in_transaction:
        raw.execute("BEGIN")
    # No recursive_triggers PRAGMA and no plugins: leave the connection as dealercrm configured it.
    return sqlite_utils.Database(raw, recursive_triggers=False, execute_plugins=False)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# --- Queries ----------------------------------------------------------------------------------------


def search(
    connection: Connection,
    table: str,
    query: str,
    limit: int,
    *,
    within: Select[int] | None = None,
    then_by: Sequence[ColumnExpressionArgument[Any]] = (),
    scores: bool = True,
) -> list[Match]:
    """The rows of `table` that match what the user typed, best first, at most `limit`.

    `within` selects the ids of `table` the caller may return (one column, `table`'s primary key, with
    any joins and filters, in portable SQL); by default every row. Ties in rank are broken by `then_by`.
    Any input is safe: what cannot be searched returns [].

    `scores=False` when the caller keeps the ids only (their order): a tier whose bm25 would first count
    every row of a common word or phrase may then be scored without that count (`_order_scores`): the
    same rows in the same order, the scores bm25's divided by a positive constant of that tier.

    On SQLite the two statements that join `within` are built once per `within` and `then_by` objects
    (a caller that searches often passes the same ones: see services/search.py) and the index scans run
    on the driver's connection, in the caller's transaction.
    """
    if connection.dialect.name == "postgresql":
        from dealercrm.db import fts_pg  # its own module: tsvector columns, tsquery text, ts_rank

        return fts_pg.search(connection, table, query, limit, within=within, then_by=then_by)
    if connection.dialect.name != "sqlite":
        raise FullTextUnavailable(f"full-text search is not available on {connection.dialect.name}")
    index = INDEXES[table]
    terms = parse_terms(query)
    expression = _render(terms)
    if expression is None or limit <= 0:
        return []
    if within is None:
        within = sa.select(sa.table(table, sa.column("id", sa.Integer)).c.id)
    statements = _statements(index, within, then_by)
    if not connection.in_transaction():
        connection.begin()  # as the first execute() would: every scan below reads the same snapshot
    # Scans read row ids only: an alternative that another one of its term holds ("mar" beside "mar"*)
    # adds no row, and each one costs a pass over its position lists.
    scan = _render(terms, scan=True) or expression
    pair = _pair(connection, index, terms)
    everything = _Every(connection, index, scan, limit, pair)
    if not _short_prefix(expression) and _more_whole_words_than_rank_all(connection, index, query, limit):
        everything.incomplete()  # and not empty: the newest matches are read only if the last tier needs them
    elif not _short_prefix(expression):
        every, complete = everything()
        if not every:
            return []  # nothing matches
        if complete:
            # Few matches, none through a short prefix: bm25 ranks them all cheaply.
            return statements.rank_every_match(connection, expression, limit)
    # With a short prefix the newest matches are read only if the name tiers do not settle the page.
    matches: list[Match] = []
    for candidates in _candidates(
        connection, index, query, expression, scan, limit, everything, scores, pair=pair
    ):
        # The candidates come with their tier and score: no second MATCH (merging a short prefix's
        # doclists again costs more than everything else). The table is joined only to keep the rows
        # the caller may return and to break ties; the candidates arrive as one JSON parameter.
        matches = statements.rank_candidates(connection, candidates, limit) if candidates else []
        if len(matches) == limit:
            # A page of visible rows from the better tiers: the worse ones would only come after them.
            return _in_rank_order(matches)
    if everything.complete:
        return _in_rank_order(matches)
    # Fewer visible candidates than the page holds, out of a bounded set (the actor sees few of the
    # many matches): rank every match.
    return statements.rank_every_match(connection, expression, limit)


class _Every:
    """`_every()` of a search, read when first asked for; `complete` alone costs less (a count).

    With `pair` (the search is a word and a letter, and the word-pair index is current: `_pair()`), the
    matches are read in the pairs (`fts_pairs.EVERYWHERE`): the same rows, without walking the letter's
    list. The word's whole-word pairs are counted first (one term's list, read lazily): past
    `RANK_ALL_UP_TO` the matches are known to be more, and past `PAIRS_MERGE_UP_TO` the letter's list is
    walked after all, as FTS5 would merge the lists of every pair term the word begins (a word found in
    a city, "jean d": 155,000 rows at 1M contacts, 17 ms against 9 ms for the walk)."""

    def __init__(
        self,
        connection: Connection,
        index: FtsIndex,
        expression: str,
        limit: int,
        pair: tuple[str, str] | None = None,
    ) -> None:
        self._args = connection, index.fts_table, expression, limit
        self._pairs: tuple[Connection, str, str, int] | None = None
        self._whole = ""
        if pair is not None:
            self._pairs = connection, fts_pairs.PAIRS, fts_pairs.match(fts_pairs.EVERYWHERE, pair), limit
            self._whole = fts_pairs.match(fts_pairs.EVERYWHERE, pair, prefix=False)
        self._found: tuple[list[tuple[int, float]], bool] | None = None
        self._complete: bool | None = None
        self._merge_too_long: bool | None = None

    def _in_pairs(self) -> tuple[Connection, str, str, int] | None:
        if self._pairs is None:
            return None
        if self._merge_too_long is None:
            connection, _table, _match, limit = self._pairs
            whole = _count_up_to(connection, fts_pairs.PAIRS, self._whole, PAIRS_MERGE_UP_TO + 1)
            if whole > max(RANK_ALL_UP_TO, 4 * limit):
                self._complete = False
            self._merge_too_long = whole > PAIRS_MERGE_UP_TO
        return None if self._merge_too_long else self._pairs

    def __call__(self) -> tuple[list[tuple[int, float]], bool]:
        if self._found is None:
            args = self._in_pairs() or self._args
            # Every match when they are known to be few: read forwards (faster), the same rows.
            self._found = _every(*args, oldest=self._complete is True)
            self._complete = self._found[1]
        return self._found

    @property
    def read(self) -> bool:
        return self._found is not None

    @property
    def known(self) -> bool:
        """Whether `complete` is known without reading or counting the matches."""
        return self._complete is not None

    def incomplete(self) -> None:
        """The matches are known to be more than `RANK_ALL_UP_TO` (or 4 x the limit)."""
        self._complete = False

    @property
    def complete(self) -> bool:
        """Whether the matches are at most `RANK_ALL_UP_TO` (or 4 x the limit), as `self()[1]` says; when
        they have not been read, counted up to one more in rowid order (FTS5 reads a doclist forwards
        faster than backwards, and the rows are not kept)."""
        if self._complete is None:
            args = self._in_pairs()
            if self._complete is None:
                self._complete = _at_most_rank_all(*(args or self._args))
        return self._complete


class _Statements:
    """The two statements of a search that join the caller's `within`, built once: every match ranked
    by bm25, and a candidate list (a JSON parameter) ranked by tier and score. Both order by `then_by`
    after the score and take the MATCH expression, the candidates and the limit as parameters."""

    def __init__(self, index: FtsIndex, within: Select[int], then_by: Sequence[Any]) -> None:
        self.within, self.then_by = within, tuple(then_by)  # held: the cache is keyed by their ids
        id_column = within.selected_columns[0]
        limit = sa.bindparam("fts_limit", type_=sa.Integer)
        fts = sa.table(index.fts_table, sa.column("rowid", sa.Integer), sa.column(index.fts_table))
        hidden = fts.c[index.fts_table]  # FTS5's hidden column named like the table: MATCH and bm25 take it
        score = sa.func.bm25(hidden, *index.weights, type_=sa.Float).label("score")
        self.every_match = (
            within.add_columns(score)
            .join(fts, fts.c.rowid == id_column)
            .where(hidden.op("MATCH")(sa.bindparam("fts_match", type_=sa.String)))
            .order_by(score, *then_by)
            .limit(limit)
        )
        # The candidates as one flat JSON array of integers, each `rank * base + id`: rank numbers the
        # distinct (tier, score) in their order, base is above every id. Integer arithmetic reads them;
        # a JSON array of [id, tier, score] triples took three json_extract() a row (about half of the
        # statement's time for 2,000 candidates, the list's search at 500 rows).
        listed = sa.func.json_each(sa.bindparam("fts_candidates", type_=sa.String)).table_valued(
            "value", name="candidates"
        )
        value, base = sa.type_coerce(listed.c.value, sa.Integer), sa.bindparam("fts_base", type_=sa.Integer)
        rank = value // base
        self.candidates = (
            within.add_columns(rank)
            .join(listed, value % base == id_column)
            .order_by(rank, *then_by)
            .limit(limit)
        )

    def rank_every_match(self, connection: Connection, expression: str, limit: int) -> list[Match]:
        rows = connection.execute(self.every_match, {"fts_match": expression, "fts_limit": limit})
        return [Match(id=int(row[0]), score=float(row[1])) for row in rows]

    def rank_candidates(
        self, connection: Connection, candidates: list[tuple[int, int, float]], limit: int
    ) -> list[Match]:
        """The best `limit` of `candidates` (id, tier, score) the caller may return, by tier, score and
        `then_by`, each with its score."""
        if not candidates:
            return []
        base = max(rowid for rowid, _tier, _score in candidates) + 1
        order = sorted({(tier, score) for _rowid, tier, score in candidates})
        scores = [score for _tier, score in order]
        rank = {key: i for i, key in enumerate(order)}
        # The packed values are SQLite's 64-bit integers: with ids too large for every rank at once
        # (past 4 * 10**15 for 2,000 ranks: never with the ids a table hands out), a statement per run
        # of ranks that fits, in rank order, until the page is full.
        per_statement = max(1, (2**63 - 1) // base)
        runs: dict[int, list[int]] = {}
        for rowid, tier, score in candidates:
            run, position = divmod(rank[tier, score], per_statement)
            runs.setdefault(run, []).append(position * base + rowid)
        found: list[Match] = []
        for run in sorted(runs):
            parameters = {
                "fts_candidates": json.dumps(runs[run]),
                "fts_base": base,
                "fts_limit": limit - len(found),
            }
            offset = run * per_statement
            found += (
                Match(id=int(row[0]), score=scores[offset + row[1]])
                for row in connection.execute(self.candidates, parameters)
            )
            if len(found) >= limit:
                break
        return found


_STATEMENTS: dict[tuple[int, ...], _Statements] = {}
_STATEMENTS_KEPT = 64  # callers that build `within` for each search replace them in turn
_STATEMENTS_LOCK = threading.Lock()


def _statements(index: FtsIndex, within: Select[int], then_by: Sequence[Any]) -> _Statements:
    """The statements for these `within` and `then_by` objects (by identity: a Select never changes once
    built; the entry holds them, so their ids are not reused while it lives)."""
    key = (id(index), id(within), *map(id, then_by))
    with _STATEMENTS_LOCK:
        found = _STATEMENTS.pop(key, None)
        if found is None:
            found = _Statements(index, within, then_by)
        elif len(_STATEMENTS) >= _STATEMENTS_KEPT:
            _STATEMENTS.pop(next(iter(_STATEMENTS)))
        _STATEMENTS[key] = found  # last: the most recently used
        while len(_STATEMENTS) > _STATEMENTS_KEPT:
            _STATEMENTS.pop(next(iter(_STATEMENTS)))
        return found


def _driver(connection: Connection) -> sqlite3.Connection:
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise FullTextUnavailable(f"full-text indexes need the sqlite3 driver, not {type(raw).__name__}")
    return raw


def _in_rank_order(matches: list[Match]) -> list[Match]:
    """Scores that never decrease down the list, so that merging kinds by score keeps a kind's order
    (candidates rank by tier first, and a better tier may hold a worse bm25 score)."""
    floor = float("-inf")
    ordered = []
    for match in matches:
        floor = max(floor, match.score)
        ordered.append(Match(id=match.id, score=floor))
    return ordered


def _every(
    connection: Connection, fts_table: str, expression: str, limit: int, *, oldest: bool = False
) -> tuple[list[tuple[int, float]], bool]:
    """The most recent matches, at most `RANK_ALL_UP_TO` (or 4 x the limit), as (rowid, 0.0), and whether
    they are every match; with `oldest`, the oldest ones instead (the same rows when they are every
    match, read faster)."""
    rank_all = max(RANK_ALL_UP_TO, 4 * limit)
    sql = _scan(_quote(fts_table), oldest=oldest)
    every = _driver(connection).execute(sql, (expression, rank_all + 1)).fetchall()
    return [(int(rowid), 0.0) for rowid, _ in every[:rank_all]], len(every) <= rank_all


def _count_up_to(connection: Connection, fts_table: str, expression: str, up_to: int) -> int:
    """How many rows match, counted up to `up_to` (FTS5 reads the lists forwards and stops there)."""
    table = _quote(fts_table)
    sql = f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?)"
    return int(_driver(connection).execute(sql, (expression, up_to)).fetchone()[0])


def _at_most_rank_all(connection: Connection, fts_table: str, expression: str, limit: int) -> bool:
    """Whether `_every()` would find every match, told by counting them up to one more than it reads."""
    rank_all = max(RANK_ALL_UP_TO, 4 * limit)
    return _count_up_to(connection, fts_table, expression, rank_all + 1) <= rank_all


def _more_whole_words_than_rank_all(connection: Connection, index: FtsIndex, query: str, limit: int) -> bool:
    """Whether the whole words of `query` (which every prefix query of it finds too) match more rows than
    `_every()` reads, when its expression holds a prefix longer than the index's prefix indexes: FTS5
    merges every doclist of such a prefix whatever the LIMIT (`"orleans"*`, a city: 237 000 rows at 1M
    contacts, 8-11 ms), where the whole word is read lazily and the count stops at the LIMIT. False
    when that prefix is not there or the whole words are fewer (then the newest matches are read)."""
    expression, exact = _expression(query, exact=False), _expression(query, exact=True)
    indexed = max((int(n) for n in index.prefix.split()), default=0)
    if expression is None or exact is None or exact == expression:
        return False
    if all(len((term.split() or [""])[-1]) <= indexed for term in _PREFIX_TERM.findall(expression)):
        return False
    return not _at_most_rank_all(connection, index.fts_table, exact, limit)


def _scan(fts_table: str, score: str = "0.0", *, bounded: bool = False, oldest: bool = False) -> str:
    """The newest rows (highest ids) matching a MATCH expression, at most a LIMIT, with `score`; with
    `bounded`, between two ids too (FTS5 reads the doclists of that range only); with `oldest`, the
    oldest rows instead (FTS5 reads doclists forwards faster than backwards)."""
    between = " AND rowid BETWEEN ? AND ?" if bounded else ""
    where = f"{fts_table} MATCH ?{between}"
    order = "" if oldest else " DESC"
    return f"SELECT rowid, {score} FROM {fts_table} WHERE {where} ORDER BY rowid{order} LIMIT ?"


def _candidates(
    connection: Connection,
    index: FtsIndex,
    query: str,
    expression: str,
    scan: str,
    limit: int,
    everything: _Every,
    scores: bool = True,
    *,
    pair: tuple[str, str] | None = None,
) -> Iterator[list[tuple[int, int, float]]]:
    """The rows worth ranking as (id, tier, score): the better tiers first, when they may fill a page,
    then every tier (the caller stops when a page is full). `scan` is `expression` for row ids only;
    `everything()` the newest matches and whether they are all (`complete`).

    When `complete` (`every` holds every match) each tier is read whole, so that no row falls to a worse
    tier than its own; otherwise the most recent rows of each tier (see the module's docstring). A row
    is listed in its best tier: whole words in the primary columns, prefixes in the primary columns,
    whole words anywhere, any match. Whole-word tiers are scored by bm25 for their own expression;
    prefix tiers, whose scores would cost more than the rest of the search (a short prefix's position
    lists merged), score 0 and are left to the caller's tie-break (names in alphabetical order).

    Shortcuts that leave the candidates as they were:
    - the rows of the primary-column tiers are found in the table's names index (NAME_INDEXES) when it
      has one, which holds those columns alone; the full index's column filter finds the same rows but
      reads every row that holds the words in any column. The names index gives the rows; bm25 scores
      come from the full index, read between the lowest and the highest of those rows (the same rows:
      the newest ones of the tier), and not at all when there are none;
    - whole words in the primary columns are among the prefixes there, so when the prefixes' tier is
      read whole (few rows, often none: a city, an e-mail domain) the whole words are looked for
      between its lowest and highest id only;
    - the worse tiers are read only when the better ones hold fewer visible rows than the page (the
      caller tries them first: the worse tiers' rows would rank after them all); the newest matches too,
      when the quota is known without them (a city's whole word past the cap: its long prefix merges
      every doclist of its terms), and they are read forwards when known to be every match;
    - when the name prefixes are fewer than either quota, they are read whole whether or not `complete`:
      the name tiers are then the same either way, and the newest matches (whose only use is then
      `complete` and the last tier) are read only if those tiers do not fill the page;
    - whole words in the names are read first, and when they are fewer than either quota (they are then
      every whole word, the tier under either quota) the ranking runs on them alone if they may fill the
      page: the prefixes, the count and the newest matches are not read when it does;
    - the names' prefixes are read `bounded_quota` at a time: when there are more, `complete` is asked
      of a count (forwards, cheaper than the newest rows read backwards), and only when the quota is
      then `rank_all` are the older ones read (forwards). At 1M contacts a two-word search ("jean d")
      spends most of its time in FTS5 reading the one-letter prefix's long list: these reads cover less
      of it.
    - without `scores` (the caller keeps the ids), a whole-word tier of one phrase that bm25 would count
      over many rows is scored by `_order_scores` instead: the same order, without the count."""
    raw = _driver(connection)
    fts_table = _quote(index.fts_table)
    rank_all, bounded_quota = max(RANK_ALL_UP_TO, 4 * limit), max(CANDIDATES_PER_TIER, 3 * limit)

    def quota() -> int:
        return rank_all if everything.complete else bounded_quota

    scored = f"bm25({fts_table}, {', '.join(str(w) for w in index.weights)})"
    primary = "{" + " ".join(index.primary or index.columns) + "}"
    names = NAME_INDEXES.get(index.table)
    found: dict[int, tuple[int, int, float]] = {}

    def add(tier: int, rows: Iterable[Sequence[Any]]) -> None:
        for rowid, score in rows:
            found.setdefault(int(rowid), (int(rowid), tier, float(score)))

    def read(sql: str, *args: Any, limit: int) -> list[Sequence[Any]]:
        return raw.execute(sql, (*args, limit)).fetchall()

    def in_primary(
        match: str, bounds: Sequence[int] = (), *, limit: int, oldest: bool = False
    ) -> list[Sequence[Any]]:
        """The newest rows (score 0) matching `match` in the primary columns, between `bounds` if any;
        with `oldest`, the oldest ones."""
        if pair is not None and match == scan:  # a word and a letter: their pairs in the names
            sql = _scan(_quote(fts_pairs.PAIRS), bounded=bool(bounds), oldest=oldest)
            return read(sql, fts_pairs.match(fts_pairs.NAMES, pair), *bounds, limit=limit)
        if names is not None:
            try:
                sql = _scan(_quote(names.fts_table), bounded=bool(bounds), oldest=oldest)
                return read(sql, match, *bounds, limit=limit)
            except sqlite3.OperationalError:  # no names index (a database before 0017): the column filter
                if _present(raw, names.fts_table):
                    raise
        sql = _scan(fts_table, bounded=bool(bounds), oldest=oldest)
        return read(sql, f"{primary} : ({match})", *bounds, limit=limit)

    def scored_in_primary(
        match: str, bounds: Sequence[int] = (), *, limit: int, rows: list[Sequence[Any]] | None = None
    ) -> list[Sequence[Any]]:
        """The newest rows matching `match` in the primary columns, between `bounds` if any, with their
        bm25 score in the full index; `rows` are those rows from `in_primary()` when already read."""
        if names is not None:
            rows = in_primary(match, bounds, limit=limit) if rows is None else rows
            if not rows:
                return []
            bounds = (int(rows[-1][0]), int(rows[0][0]))
            if not scores:
                ordered = _order_scores(raw, index, match, bounds, limit, within=names)
                if ordered is not None:
                    return list(ordered)
        match = f"{primary} : ({match})"
        return read(_scan(fts_table, scored, bounded=bool(bounds)), match, *bounds, limit=limit)

    exact = _expression(query, exact=True)
    if exact is None or exact == expression:
        everything()  # read below anyway: it tells the quota too
        add(0, scored_in_primary(expression, limit=quota()))
    else:
        whole: list[Sequence[Any]] | None = None
        if names is not None:
            # Whole words in the primary columns first: when they are fewer than either quota, they are
            # the tier whatever the quota (below, `whole` is every one of them in either case), and when
            # the actor sees a page of them, the rows of the worse tiers would only come after them.
            words = in_primary(exact, limit=bounded_quota)
            if len(words) < bounded_quota:
                whole = scored_in_primary(exact, limit=bounded_quota, rows=words)
                add(0, whole)
                if len(found) >= limit:
                    yield list(found.values())
        # The newest rank_all rows: the first `quota()` of them are the tier, whichever the quota. Unless
        # the quota is known, the newest bounded_quota first: when they are all, so is the tier; when
        # the quota is rank_all (every match ranked: there are few), the rest.
        if everything.read:
            newest = in_primary(scan, limit=quota())
        else:
            newest = in_primary(scan, limit=bounded_quota)
            if len(newest) == bounded_quota and everything.complete:
                # Every match of the tier: the older ones, forwards (the same rows, read faster).
                below = (_LOWEST_ROWID, int(newest[-1][0]) - 1)
                newest += in_primary(scan, below, limit=rank_all - bounded_quota, oldest=True)[::-1]
        if len(newest) < bounded_quota:  # the whole tier under either quota
            prefixes, per_tier = newest, rank_all  # no quota binds below
        else:
            per_tier = quota()
            prefixes = newest[:per_tier]
        if whole is not None:
            pass  # every whole word, read above
        elif len(prefixes) < per_tier:  # the whole tier: its whole words lie among these rows
            ids = [int(rowid) for rowid, _ in prefixes]
            whole = scored_in_primary(exact, (min(ids), max(ids)), limit=per_tier) if ids else []
        else:
            whole = scored_in_primary(exact, limit=per_tier)
        add(0, whole)
        add(1, prefixes)
        if len(found) >= limit:
            yield list(found.values())
        if not everything.known:
            everything()  # read below anyway: it tells the quota too
        ordered = None if scores else _order_scores(raw, index, exact, (), quota())
        add(2, read(_scan(fts_table, scored), exact, limit=quota()) if ordered is None else ordered)
        if not everything.read and len(found) >= limit:
            # The newest matches only if these do not fill a page: they would only come after them
            # (a city's long prefix, "orleans"*, merges every doclist of its terms, 1-4 ms at 1M).
            yield list(found.values())
    tiers = 1 if exact is None or exact == expression else 3
    add(tiers, everything()[0][: quota()])
    yield list(found.values())


def _pair(connection: Connection, index: FtsIndex, terms: Sequence[Term]) -> tuple[str, str] | None:
    """(letter, word) when the search is two words, one a letter ("maggie r"), and the contacts' word-pair
    index holds every contact as it is (db/fts_pairs.py): its rows are then read there. None otherwise
    (the letter's list is walked, as before: the same rows)."""
    if index.table != fts_pairs.TABLE or len(terms) != 2:
        return None
    words = []
    for term in terms:
        # A word of one part: itself as a prefix, then as a whole word (`_word_term`).
        if len(term) != 2 or any(len(alt) != 1 or len(alt[0].words) != 1 for alt in term):
            return None
        if not term[0][0].prefix:
            return None
        words.append(term[0][0].words[0])
    pair = fts_pairs.query_pair(words)
    if pair is None or not fts_pairs.current(_driver(connection)):
        return None
    return pair


# FTS5's bm25(): k1 and b (fts5_aux.c), and where it keeps the index's row count and column sizes.
_BM25_K1, _BM25_B = 1.2, 0.75
_AVERAGES_ROWID = 1
# bm25 first counts every row of each phrase (its IDF, one pass over the phrase's doclists); the per-row
# term below costs about 10 us a row listed (highlight() of each column). Past these estimated counts of
# the phrase's rows the count costs more: a phrase of several words walks each word's longer list.
ORDER_ONLY_FROM_ROWS = 50_000
ORDER_ONLY_PHRASE_FROM_ROWS = 5_000
_PHRASE = re.compile(r'"((?:[^"]|"")*)"(\*?)')


def _one_phrase(raw: sqlite3.Connection, fts_table: str, match: str) -> str | None:
    """The one phrase of `match` (a whole-word expression: phrases, perhaps OR'ed) that has rows in
    `fts_table`, when every other is a single word with none; None for anything else (AND, a prefix, two
    phrases with rows, a phrase whose words repeat, which could overlap itself)."""
    if any(op in match for op in (" AND ", " NOT ", "NEAR", ":")):
        return None
    phrases = _PHRASE.findall(match)
    if not phrases or any(star for _text, star in phrases):
        return None
    found: list[str] = []
    for text, _star in phrases:
        text = text.replace('""', '"')
        words = re.findall(r"[^\W_]+", text)
        if len(words) != len(set(words)):
            return None
        if len(phrases) > 1 and len(words) == 1:
            sql = f"SELECT 1 FROM {fts_table} WHERE {fts_table} MATCH ? LIMIT 1"
            if raw.execute(sql, (_phrase(text),)).fetchone() is None:
                continue  # no row: its bm25 term is 0 in every row
        found.append(text)
    return found[0] if len(found) == 1 else None


def _varints(blob: bytes) -> list[int]:
    """SQLite's big-endian varints (FTS5's docsize and averages records)."""
    values, i = [], 0
    while i < len(blob):
        value = 0
        for k in range(9):
            byte = blob[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values


def _order_scores(
    raw: sqlite3.Connection,
    index: FtsIndex,
    match: str,
    bounds: Sequence[int],
    limit: int,
    *,
    within: FtsIndex | None = None,
) -> list[tuple[int, float]] | None:
    """The newest rows matching `match` (between `bounds` if any), at most `limit`, each with bm25's score
    in `index` divided by its phrase's IDF (a positive constant): the same order as bm25, without bm25's
    count of every row of the phrase. `within` is the table's names index when `match` is meant in the
    primary columns only: its rows and instances are those of the full index's column filter. None when
    bm25 must be used: `match` is not one phrase with rows (`_one_phrase`), or its rows are estimated too
    few for the count to cost more (from how close together its newest rows are).

    Per row, bm25 is IDF x f x (k1 + 1) / (f + k1 x (1 - b + b x D / avgdl)), where f is the sum of the
    column weights over the phrase's instances in the row and D the row's size in tokens; avgdl is the
    index's average size. The instances are counted from highlight() (one mark each: a phrase whose words
    do not repeat cannot overlap itself), D read from the docsize record and avgdl from the averages one,
    computed as FTS5 computes them."""
    table = within or index
    fts_table, full = _quote(table.fts_table), _quote(index.fts_table)
    phrase = _one_phrase(raw, fts_table, match)
    if phrase is None:
        return None
    # bm25's count walks the phrase in every column of the full index: how many rows, about?
    newest = raw.execute(_scan(full), (_phrase(phrase), limit)).fetchall()
    averages = raw.execute(f'SELECT block FROM "{index.fts_table}_data" WHERE id = ?', (_AVERAGES_ROWID,))
    record = averages.fetchone()
    row_count, *column_sizes = _varints(record[0]) if record is not None and record[0] else [0]
    if len(newest) < limit or not row_count:
        return None
    estimated = limit * row_count / max(1, int(newest[0][0]) - int(newest[-1][0]) + 1)
    several_words = len(re.findall(r"[^\W_]+", phrase)) > 1
    if estimated < (ORDER_ONLY_PHRASE_FROM_ROWS if several_words else ORDER_ONLY_FROM_ROWS):
        return None
    avgdl = float(sum(column_sizes)) / float(row_count)
    weights = [index.weights[index.columns.index(column)] for column in table.columns]
    marked = ", ".join(f"highlight({fts_table}, {i}, char(1), '')" for i in range(len(table.columns)))
    texts = ", ".join(_quote(column) for column in table.columns)
    size = f'(SELECT sz FROM "{index.fts_table}_docsize" WHERE id = {fts_table}.rowid)'
    between = " AND rowid BETWEEN ? AND ?" if bounds else ""
    sql = (
        f"SELECT rowid, {marked}, {texts}, {size} FROM {fts_table} WHERE {fts_table} MATCH ?{between}"
        " ORDER BY rowid DESC LIMIT ?"
    )
    try:
        rows = raw.execute(sql, (match, *bounds, limit)).fetchall()
    except sqlite3.OperationalError:  # an index without its docsize table (columnsize=0): bm25 then
        return None
    n = len(table.columns)
    scored: list[tuple[int, float]] = []
    for row in rows:
        f = 0.0
        for i, weight in enumerate(weights):
            marked_text, text = row[1 + i], row[1 + n + i]
            # One mark added per instance (highlight() gives the column's value as text).
            instances = (len(marked_text) if marked_text is not None else 0) - (
                len(str(text)) if text is not None else 0
            )
            f += weight * instances
        d = float(sum(_varints(row[1 + 2 * n] or b"")))
        term = (f * (_BM25_K1 + 1.0)) / (f + _BM25_K1 * (1 - _BM25_B + _BM25_B * d / avgdl))
        scored.append((int(row[0]), -1.0 * term))
    return scored


def _present(raw: sqlite3.Connection, table: str) -> bool:
    return raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None


_PREFIX_TERM = re.compile(r'"((?:[^"]|"")*)"\*')
SHORT_PREFIX = 3  # a prefix this short expands into many terms, which every MATCH on it merges again


def _short_prefix(expression: str) -> bool:
    """Does `expression` hold a prefix shorter than SHORT_PREFIX characters ("le g", "jean.g")? In a
    phrase ("jean g"*) the prefix is its last word."""
    return any(len((term.split() or [""])[-1]) < SHORT_PREFIX for term in _PREFIX_TERM.findall(expression))


def search_ids(
    connection: Connection,
    table: str,
    query: str,
    limit: int,
    *,
    within: Select[int] | None = None,
    then_by: Sequence[ColumnExpressionArgument[Any]] = (),
) -> list[int]:
    """`search()` without the scores."""
    found = search(connection, table, query, limit, within=within, then_by=then_by, scores=False)
    return [m.id for m in found]


# --- Query parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chunk:
    """One whitespace-separated piece of the input, split into runs of token characters."""

    parts: tuple[str, ...]
    plus: bool  # typed with a leading "+" (an international phone number)

    @property
    def digits(self) -> bool:
        return all(part.isascii() and part.isdigit() for part in self.parts)


def parse_query(text: str) -> str | None:
    """What a user typed, as a safe FTS5 MATCH expression; None when there is nothing to search.

    - Words are split on anything unicode61 treats as a separator (punctuation, FTS syntax, quotes), and
      each piece is a quoted prefix phrase, so no input is an FTS5 syntax error. The words are ANDed.
    - "AB-123-CD" and "jean.dup" are phrases ("ab 123 cd"*) or'ed with their compact form ("ab123cd"*,
      which plate_compact holds); an exact match of a word ranks above a mere prefix match.
    - Digit groups of a phone number ("06 12 34", "+33 6 12", "06.12.34", "0033 6 12") are joined into one
      prefix ("061234"*, "33612"*), which search_phones holds in national and international form. Digit
      groups that do not look like a phone number are joined only when the whole input is digits, or'ed
      with the groups themselves ("69 003" finds postal code 69003, "2019 208" still finds both numbers).
    """
    return _expression(text, exact=False)


def _expression(text: str, *, exact: bool) -> str | None:
    """`parse_query()`; with `exact`, words match whole words only (phone digits stay prefixes)."""
    return _render(parse_terms(text, exact=exact))


def _render(terms: Sequence[Term], *, scan: bool = False) -> str | None:
    """Terms as an FTS5 MATCH expression; with `scan`, for the row ids alone: without the alternatives
    that another alternative of their term finds anyway (a whole word or phrase beside the same as a
    prefix), which add nothing to the rows but would be read once more (bm25 scores them apart)."""
    if scan:
        terms = [tuple(a for a in term if not _subsumed(a, term)) for term in terms]
    return " AND ".join(_fts5_term(term) for term in terms) or None


def _subsumed(alternative: Alternative, term: Term) -> bool:
    """Whether `term` also holds `alternative` as a prefix (`"a b"*` finds every row that `"a b"` finds)."""
    if len(alternative) != 1 or alternative[0].prefix:
        return False
    return (Phrase(alternative[0].words, prefix=True),) in term


@dataclass(frozen=True)
class Phrase:
    """Words that follow one another in a column; with `prefix`, the last one is a prefix."""

    words: tuple[str, ...]
    prefix: bool


# A query is a list of terms, all of which must match; a term matches when one of its alternatives does;
# an alternative is phrases that must all match (usually one). Words hold token characters only.
Alternative = tuple[Phrase, ...]
Term = tuple[Alternative, ...]


def parse_terms(text: str, *, exact: bool = False) -> list[Term]:
    """What a user typed as terms, the dialect-neutral form of `parse_query()` (PostgreSQL renders the same
    terms as a tsquery); with `exact`, words match whole words only (phone digits stay prefixes)."""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    text = text.replace("(0)", " ")  # "+33 (0)6 12 ..."
    chunks = [chunk for chunk in map(_chunk, text.split()) if chunk.parts]
    only_digits = bool(chunks) and all(chunk.digits for chunk in chunks)
    terms: list[Term] = []
    i = 0
    while i < len(chunks) and len(terms) < MAX_TERMS:
        chunk = chunks[i]
        phone_like = chunk.digits and (chunk.plus or chunk.parts[0].startswith("0"))
        if phone_like or (chunk.digits and only_digits):
            run = _digit_run(chunks, i)
            terms.append(_digits_term(run, plus=chunk.plus, groups_too=not phone_like))
            i += len(run)
        else:
            terms.append(_word_term(chunk.parts, exact=exact))
            i += 1
    return terms


def _fts5_term(term: Term) -> str:
    alternatives = [_fts5_alternative(alternative) for alternative in term]
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def _fts5_alternative(alternative: Alternative) -> str:
    phrases = [_phrase(" ".join(p.words)) + ("*" if p.prefix else "") for p in alternative]
    return phrases[0] if len(phrases) == 1 else "(" + " AND ".join(phrases) + ")"


def _chunk(raw: str) -> _Chunk:
    parts: list[str] = []
    current: list[str] = []
    for char in raw:
        if _is_token_char(char):
            current.append(char)
        elif current:
            parts.append("".join(current))
            current = []
    if current:
        parts.append("".join(current))
    return _Chunk(parts=tuple(part[:MAX_TERM_CHARS] for part in parts), plus=raw.startswith("+"))


def _is_token_char(char: str) -> bool:
    # unicode61's default token characters are letters, numbers and private-use characters; combining
    # marks stay attached so that decomposed accents are folded by the tokenizer, not split on.
    category = unicodedata.category(char)
    return category[0] in "LN" or category in ("Co", "Mn", "Mc")


def _digit_run(chunks: Sequence[_Chunk], start: int) -> list[_Chunk]:
    """The digit chunks from `start` that make up one number: stops at a "+", a word, or a full number."""
    run = [chunks[start]]
    digits = "".join(chunks[start].parts)
    for chunk in chunks[start + 1 :]:
        if not chunk.digits or chunk.plus or _complete_number(digits, plus=chunks[start].plus):
            break
        more = "".join(chunk.parts)
        if len(digits) + len(more) > MAX_PHONE_DIGITS:
            break
        run.append(chunk)
        digits += more
    return run


def _complete_number(digits: str, *, plus: bool) -> bool:
    """Whether `digits` already make a whole French number (then what follows is another term)."""
    if plus:
        return digits.startswith("33") and len(digits) >= 11
    if digits.startswith("0033"):
        return len(digits) >= 13
    return digits.startswith("0") and not digits.startswith("00") and len(digits) >= 10


def _digits_term(run: Sequence[_Chunk], *, plus: bool, groups_too: bool) -> Term:
    groups = [part for chunk in run for part in chunk.parts]
    digits = "".join(groups)[:MAX_PHONE_DIGITS]
    alternatives: list[Alternative] = [(Phrase((digits,), prefix=True),)]
    if not plus and digits.startswith("00") and len(digits) > 2:
        alternatives.append((Phrase((digits[2:],), prefix=True),))  # "0033 6 12" is "+33 6 12"
    if groups_too and len(groups) > 1:
        alternatives.append(tuple(Phrase((g,), prefix=True) for g in groups[:MAX_TERMS]))
    return tuple(alternatives)


def _word_term(parts: Sequence[str], *, exact: bool = False) -> Term:
    words = tuple(parts)
    compact = ("".join(parts)[:MAX_TERM_CHARS],)
    if exact:
        alternatives = [Phrase(words, prefix=False)] + (
            [Phrase(compact, prefix=False)] if len(parts) > 1 else []
        )
    else:
        alternatives = [Phrase(words, prefix=True), Phrase(words, prefix=False)] + (
            [Phrase(compact, prefix=True)] if len(parts) > 1 else []
        )
    return tuple((phrase,) for phrase in alternatives)


def _phrase(text: str) -> str:
    # Parts hold token characters only, so there is no '"' to escape; doubling it keeps that true anyway.
    return '"' + text.replace('"', '""') + '"'
