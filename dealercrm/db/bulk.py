"""Bulk loading, per dialect: many new rows of one table in a few statements, their ids, and the search
index kept right. The importer and the demo generator write through here; nothing else needs to know how
each database likes to be loaded.

- Ids (`next_ids`): on SQLite the caller's transaction holds the write lock (BEGIN IMMEDIATE, see
  db/sqlite.py), so the next ids are max(id)+1... , given explicitly, in one contiguous range. On
  PostgreSQL other workstations insert meanwhile: the ids come from the table's own sequence
  (`nextval` over `generate_series`, one round trip), so the sequence stays ahead of every id and the next
  ordinary insert cannot collide.
- Rows (`insert_rows`): on SQLite one INSERT ... SELECT over a JSON array (SQLite steps once, without the
  GIL), or the driver's executemany with the values every row shares written into the statement once; on
  PostgreSQL `COPY ... FROM STDIN` through psycopg 3 (`cursor.copy()`), in the binary format where every
  column allows it, in the caller's transaction, so a batch is still whole or absent after a kill.
- Search index (`deferred_index`): SQLite's FTS5 tables are fed by insert triggers, which index one row at
  a time; for a large batch the trigger is dropped, the new rows indexed in one INSERT ... SELECT, and the
  trigger re-created verbatim, all inside the caller's transaction. PostgreSQL's search vectors are
  generated columns of the table itself (migration 0007, db/fts_pg.py): the server computes them as the
  rows arrive, nothing to do.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import json
import sqlite3
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnDefault,
    ColumnElement,
    Connection,
    Table,
    any_,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import QueryableAttribute

from dealercrm.db import fts

JSON_ROWS_FROM = 50  # rows from which an SQLite bulk insert passes them as one JSON array
INDEX_IN_BULK_FROM = 50  # rows from which the SQLite full-text trigger is set aside for one bulk insert

# What deferred_index() read of each full-text index's insert trigger and columns (by FTS table), kept for
# the next batches of a run.
IndexSchema = dict[str, tuple[str | None, list[str]]]


def next_ids(conn: Connection, table: Table, count: int) -> Sequence[int]:
    """`count` new ids for `table`, in increasing order (a contiguous range on SQLite)."""
    if count <= 0:
        return range(0)
    if conn.dialect.name == "postgresql":
        # One round trip and one value (an int[] that psycopg reads in C), not a row per id.
        idents: list[int | None] = conn.execute(
            text(
                "SELECT array(SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence(:table, 'id') AS seq)"
                " AS s, generate_series(1, :n))"
            ),
            {"table": _quote(table.name), "n": count},
        ).scalar_one()
        if not idents or idents[0] is None:
            raise ValueError(f"{table.name}.id has no sequence")
        return idents  # type: ignore[return-value]  # every one set when the first is
    start = int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return range(start, start + count)


def insert_rows(
    conn: Connection, table: Table, rows: list[dict[str, Any]], *, constants: dict[str, Any], ids: bool = True
) -> list[int]:
    """Insert `rows` (all with the same keys) plus `constants`, in the caller's transaction; returns the new
    ids in order (none when `ids` is False: the table's default numbers them)."""
    if not rows:
        return []
    new_ids = list(next_ids(conn, table, len(rows))) if ids else []
    if conn.dialect.name == "sqlite":
        _insert_sqlite(conn, table, rows, constants=constants, new_ids=new_ids, ids=ids)
    elif (
        conn.dialect.name == "postgresql"
        and (defaults := _python_defaults(table, rows[0], constants, ids)) is not None
    ):
        if defaults:
            rows = [{**row, **{name: make() for name, make in defaults.items()}} for row in rows]
        _copy_postgres(conn, table, rows, constants=constants, new_ids=new_ids)
    else:
        if ids:
            rows = [{**row, "id": ident} for row, ident in zip(rows, new_ids, strict=True)]
        conn.execute(insert(table).values(**constants), rows)
    return new_ids


@contextmanager
def deferred_index(conn: Connection, table: str, rows: int, schema: IndexSchema) -> Iterator[list[int]]:
    """Index the new rows of `table` that the caller appends to the yielded list at once, instead of row by
    row (see the module docstring). `schema` keeps what was read of the trigger for the next batches.

    FTS5 indexes a few thousand rows in one INSERT ... SELECT about ten times faster than the same rows one
    trigger call at a time. SQLite DDL is transactional, so a crash restores the trigger with everything
    else; the caller holds the write lock, so no other writer runs meanwhile. PostgreSQL, a small batch,
    or a table without the trigger: nothing special happens.
    """
    new_ids: list[int] = []
    if conn.dialect.name != "sqlite" or rows < INDEX_IN_BULK_FROM:
        yield new_ids
        return
    # Every full-text index of the table (contacts: contacts_fts and its names index), each fed by its
    # insert trigger.
    kept: list[tuple[str, str, str, list[str]]] = []
    for index in fts.all_indexes([table]) if table in fts.INDEXES else ():
        fts_table, trigger = index.fts_table, index.triggers[0]
        if fts_table not in schema:
            found = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
            ).scalar()
            schema[fts_table] = (
                found,
                [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{fts_table}")')],
            )
        trigger_sql, columns = schema[fts_table]
        if trigger_sql is not None:
            kept.append((fts_table, trigger, trigger_sql, columns))
    for _fts_table, trigger, _sql, _columns in kept:
        conn.exec_driver_sql(f'DROP TRIGGER "{trigger}"')
    yield new_ids
    for fts_table, _trigger, trigger_sql, columns in kept:
        if new_ids:
            _index_rows(conn, table, fts_table, columns, new_ids)
        conn.exec_driver_sql(trigger_sql)


def _index_rows(conn: Connection, table: str, fts_table: str, columns: list[str], new_ids: list[int]) -> None:
    quoted = ", ".join(f'"{name}"' for name in columns)
    select_new = f'INSERT INTO "{fts_table}" (rowid, {quoted}) SELECT id, {quoted} FROM "{table}" WHERE '
    low, high = min(new_ids), max(new_ids)
    if high - low + 1 == len(new_ids):
        # The usual case (ids given in sequence): a rowid range, not a scan.
        conn.exec_driver_sql(select_new + "id BETWEEN ? AND ?", (low, high))
    else:
        ordered = sorted(new_ids)
        for k in range(0, len(ordered), 500):
            chunk = tuple(ordered[k : k + 500])
            conn.exec_driver_sql(select_new + f"id IN ({', '.join('?' * len(chunk))})", chunk)


def among(
    column: ColumnElement[Any] | QueryableAttribute[Any], values: Sequence[Any], dialect: Any
) -> ColumnElement[bool]:
    """`column IN values` for many strings or integers, the values bound as one parameter, each still
    found through the column's index: SQLAlchemy's IN list binds and names one parameter per value,
    which cost more than the lookups themselves. SQLite reads a JSON array (json_each), PostgreSQL an
    array (= ANY)."""
    if dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 38):
        document = json.dumps(list(values), ensure_ascii=False)
        return column.in_(select(literal_column("value")).select_from(func.json_each(document)))
    if dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


# --- PostgreSQL ---------------------------------------------------------------------------------------


def _copy_postgres(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    *,
    constants: dict[str, Any],
    new_ids: list[int],
) -> None:
    """COPY FROM STDIN on the connection's own psycopg connection, in its transaction: in PostgreSQL's
    binary format when every column's type has one psycopg writes from the values given here (see
    _binary_types), else in the text format.

    Values go in as SQLAlchemy would bind them (UTC datetimes made naive, money in cents, enums as their
    values, JSON documents as their text), then through psycopg's dumpers, which run in C for the plain
    types. Per row, only what varies is converted: the values every row shares (the caller's constants,
    and columns whose value is the same in every row) are bound once, a JSON document dumped once to its
    text; an enum member is a str whose text is its value (psycopg writes it as it is), and a UTC
    datetime is made naive by one call rather than through SQLAlchemy's processors.

    The binary format spares the client the text formatting and escaping of every value, and the server
    the parsing of each timestamp, number, flag and JSON document from its text (docs/PERFORMANCE.md:
    an imported row's COPYs took 8.7 us of client CPU in the text format, 3.4 in the binary one). A
    value of an unexpected type for its column (a str for an integer, say) fails in the binary format
    where the text format let the server read it: the binary COPY runs in a savepoint, and the batch is
    then copied again as text."""
    dialect = conn.dialect
    first = rows[0]
    skip = ("id",) if new_ids else ()
    converters = {name: _copy_converter(table, name, dialect) for name in first if name not in skip}
    # Only a column whose values are converted gains from being bound once: psycopg writes the same
    # plain value again for less than finding out, row by row, that it is the same.
    same = (
        {name: first[name] for name in shared_columns(rows, among=[n for n, c in converters.items() if c])}
        if len(rows) > 1
        else {}
    )
    bound = [name for name in first if name not in same and name not in skip]  # rows may bring ids
    extra = {**{k: x for k, x in constants.items() if k not in first}, **same}
    names = [*skip, *bound, *extra]
    converted = [(i, convert) for i, name in enumerate(bound) if (convert := converters[name])]
    shared = tuple(_copy_text(_bind(table, name, value, dialect)) for name, value in extra.items())
    columns = ", ".join(_quote(name) for name in names)
    pick = itemgetter(*bound) if len(bound) > 1 else None
    driver = conn.connection.driver_connection
    assert driver is not None

    def run_copy(binary: Sequence[int] | None) -> None:
        options = " (FORMAT BINARY)" if binary is not None else ""
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {_quote(table.name)} ({columns}) FROM STDIN{options}") as copying,
        ):
            if binary is not None:
                copying.set_types(binary)
            write = copying.write_row
            for n, row in enumerate(rows):
                values: tuple[Any, ...] | list[Any]
                values = pick(row) if pick else tuple(row[name] for name in bound)
                if converted:
                    values = list(values)
                    for i, convert in converted:
                        values[i] = convert(values[i])
                if new_ids:
                    write((new_ids[n], *values, *shared))
                else:
                    write((*values, *shared))

    binary = _binary_types(driver, table.name, names)
    if binary is None:
        run_copy(None)
        return
    driver.execute("SAVEPOINT dealercrm_bulk_copy")
    try:
        run_copy(binary)
    except (TypeError, ValueError, AttributeError, OverflowError, _psycopg_error()):
        driver.execute("ROLLBACK TO SAVEPOINT dealercrm_bulk_copy")
        driver.execute("RELEASE SAVEPOINT dealercrm_bulk_copy")
        run_copy(None)
        return
    driver.execute("RELEASE SAVEPOINT dealercrm_bulk_copy")


# PostgreSQL types (by oid) whose binary form psycopg writes from the Python values insert_rows passes:
# bool, int2/int4/int8, text, varchar, bpchar, float8, date, timestamp (naive UTC). A json column gets
# the document's text, which is also json's binary form (written as text, oid 25). Other types
# (timestamptz, numeric, jsonb, arrays, ...) keep the text format.
_BINARY_AS = {16: 16, 20: 20, 21: 21, 23: 23, 25: 25, 1043: 1043, 1042: 1042, 701: 701, 1082: 1082}
_BINARY_AS |= {1114: 1114, 114: 25}
# Per psycopg connection (a pooled connection keeps it): {table: {column: type oid}}, read once.
_COLUMN_TYPES: weakref.WeakKeyDictionary[Any, dict[str, dict[str, int]]] = weakref.WeakKeyDictionary()


def _binary_types(driver: Any, table: str, names: Sequence[str]) -> list[int] | None:
    """The type oids to write `names` of `table` in COPY's binary format, None when one has no binary
    form here (or the table's columns cannot be read)."""
    known = _COLUMN_TYPES.setdefault(driver, {})
    types = known.get(table)
    if types is None:
        rows = driver.execute(
            "SELECT attname, atttypid::int FROM pg_catalog.pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            (_quote(table),),
        ).fetchall()
        types = known[table] = {name: oid for name, oid in rows}
    oids = [_BINARY_AS.get(types.get(name, 0)) for name in names]
    return None if None in oids else oids  # type: ignore[return-value]  # no None left


def _psycopg_error() -> type[Exception]:
    from psycopg import Error  # PostgreSQL only: psycopg may not be installed

    return Error


def _naive_utc(value: dt.datetime | None) -> dt.datetime | None:
    """UTCDateTime's bind processing in one call: an aware datetime as naive UTC (naive ones refused)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime: store timezone-aware values only")
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _copy_converter(table: Table, name: str, dialect: Any) -> Callable[[Any], Any] | None:
    """What a value of column `name` goes through before psycopg dumps it; None: nothing."""
    column_type = table.c[name].type
    kind = type(column_type).__name__
    if kind == "UTCDateTime":
        return _naive_utc
    if kind == "Enum" and issubclass(getattr(column_type, "enum_class", None) or object, enum.StrEnum):
        return None  # a member is a str holding its value; a bad one fails the table's CHECK constraint
    processor: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(dialect)
    if processor is None:
        return None
    if kind == "JSON":
        return lambda value: _copy_text(processor(value))
    return processor


def _copy_text(value: Any) -> Any:
    """A bound value as COPY will write it: a JSON document (psycopg's Json wrapper) as its text."""
    from psycopg.types.json import Json, Jsonb  # PostgreSQL only: psycopg may not be installed

    if isinstance(value, Json | Jsonb):
        text = (value.dumps or json.dumps)(value.obj)
        return text.decode() if isinstance(text, bytes) else text
    return value


def _python_defaults(
    table: Table, first: dict[str, Any], constants: dict[str, Any], ids: bool
) -> dict[str, Callable[[], Any]] | None:
    """The Python-side defaults of the columns left out (COPY knows only the server's), as makers of a
    value per row; None when one is not a plain value or callable (SQLAlchemy's INSERT must then run)."""
    given = {*first, *constants, *(("id",) if ids else ())}
    makers: dict[str, Callable[[], Any]] = {}
    for column in table.c:
        default = column.default
        if default is None or column.name in given:
            continue
        if not isinstance(default, ColumnDefault):
            return None
        if default.is_scalar:
            makers[column.name] = functools.partial(copy.copy, default.arg)
        elif default.is_callable:
            makers[column.name] = functools.partial(default.arg, None)
        else:
            return None
    return makers


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# --- SQLite -------------------------------------------------------------------------------------------


def _insert_sqlite(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    *,
    constants: dict[str, Any],
    new_ids: list[int],
    ids: bool,
) -> None:
    """The values every row shares are written into the statement once, in the form SQLite stores them,
    instead of being bound and converted again for every row (half the cost of a row); the other values
    go to the driver's executemany as tuples, converted by the very bind processors SQLAlchemy would apply
    (its per-row parameter handling costs more than SQLite's insert). From JSON_ROWS_FROM rows, the whole
    batch is one statement reading one JSON parameter."""
    start = new_ids[0] if new_ids else 0
    if len(rows) >= JSON_ROWS_FROM:
        prepared = json_insert(table, rows, constants=constants, dialect=conn.dialect, new_ids=ids)
        if prepared is not None:
            prepared.run(conn, start)
            return
    first = rows[0]
    shared = {**constants, **{name: first[name] for name in shared_columns(rows)}}
    literals: dict[str, str] = {}
    for name, value in shared.items():
        literal = _sqlite_literal(table, name, value)
        if literal is not None:
            literals[name] = literal
    bound = [name for name in first if name not in literals and name != "id"]
    bound_constants = {k: x for k, x in constants.items() if k not in literals and k not in first}
    given = {*literals, *bound, *bound_constants, *(("id",) if ids else ())}
    if any(c.default is not None and c.name not in given for c in table.c):
        # A column with a Python-side default left out: let SQLAlchemy fill it in.
        if ids:
            for ident, row in zip(new_ids, rows, strict=True):
                row["id"] = ident
        literal_values: dict[str, Any] = {k: literal_column(x) for k, x in literals.items()}
        if any(name in literals for name in first):
            rows = [{k: x for k, x in row.items() if k not in literals} for row in rows]
        conn.execute(insert(table).values(**literal_values, **bound_constants), rows)
        return
    dialect = conn.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in bound]
    constant_values = tuple(_bind(table, name, value, dialect) for name, value in bound_constants.items())
    names = [*(("id",) if ids else ()), *bound, *bound_constants, *literals]
    marks = ["?"] * (len(names) - len(literals)) + list(literals.values())
    columns = ", ".join('"' + name + '"' for name in names)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join(marks)})'
    converted = [(i, proc) for i, proc in enumerate(processors) if proc is not None]
    params: list[tuple[Any, ...]] = []
    append = params.append
    for n, row in enumerate(rows):
        values = [row[name] for name in bound]
        for i, proc in converted:
            values[i] = proc(values[i])
        if ids:
            append((new_ids[n], *values, *constant_values))
        else:
            append((*values, *constant_values))
    conn.exec_driver_sql(sql, params)


def shared_columns(
    rows: list[dict[str, Any]], skip: Sequence[str] = (), *, among: Sequence[str] | None = None
) -> list[str]:
    """The keys (of `among`, by default all) whose value (and its type) is the same in every row."""
    first = rows[0]
    shared = []
    for name in first if among is None else among:
        value = first[name]
        if name in skip or rows[-1][name] != value:
            continue  # the usual case for a column that varies
        column = list(map(itemgetter(name), rows))  # map and count run in C: this is per value
        if column.count(value) == len(column) and set(map(type, column)) == {type(value)}:
            shared.append(name)
    return shared


@dataclass(frozen=True)
class JsonInsert:
    """INSERT ... SELECT ... FROM json_each(:rows) (SQLite), made ready ahead of time (on the importer's
    planning thread): `run()` binds the batch's first id (`:start`: the new ids, and columns that hold a
    place in the batch, are :start plus an offset) and SQLite does the rest in one step, without the GIL."""

    sql: str
    params: dict[str, Any]

    def run(self, conn: Connection, start: int) -> None:
        conn.exec_driver_sql(self.sql, {**self.params, "start": start})


def json_insert(
    table: Table,
    rows: list[dict[str, Any]],
    *,
    constants: dict[str, Any],
    dialect: Any,
    new_ids: bool = False,
    offsets: Sequence[str] = (),
) -> JsonInsert | None:
    """`rows` (all with the same keys) plus `constants` as one SQLite statement; `new_ids`: the id column
    is :start + the row's place; `offsets`: columns whose value is added to :start. None when a value
    cannot travel as JSON or a column would need a Python-side default (use insert_rows)."""
    if not rows or sqlite3.sqlite_version_info < (3, 38):
        return None
    first = rows[0]
    literals: dict[str, str] = {}
    constant_params: dict[str, Any] = {}
    for name, value in constants.items():
        if name in first:
            continue  # the rows' own value
        literal = _sqlite_literal(table, name, value)
        if literal is not None:
            literals[name] = literal
        else:
            constant_params[name] = _bind(table, name, value, dialect)
    for name in shared_columns(rows, skip=offsets):
        literal = _sqlite_literal(table, name, first[name])
        if literal is not None:
            literals[name] = literal
        elif name != "id":
            # Bound once for the batch (an import's own time as every new contact's creation date).
            constant_params[name] = _bind(table, name, first[name], dialect)
    bound = [name for name in first if name not in literals and name not in constant_params and name != "id"]
    given = {*literals, *bound, *constant_params, *(("id",) if new_ids else ())}
    if any(c.default is not None and c.name not in given for c in table.c):
        return None
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in bound]
    converted = [(i, proc) for i, proc in enumerate(processors) if proc is not None]
    values: list[list[Any]] = []
    append = values.append
    for row in rows:
        cells = [row[name] for name in bound]
        for i, proc in converted:
            cells[i] = proc(cells[i])
        append(cells)
    try:
        document = json.dumps(values, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None
    names = [*(("id",) if new_ids else ()), *bound, *constant_params, *literals]
    picks = [*(("(:start + key)",) if new_ids else ())]
    picks += [
        f"(:start + value->>{i})" if name in offsets else f"value->>{i}" for i, name in enumerate(bound)
    ]
    picks += [f":c{i}" for i in range(len(constant_params))] + list(literals.values())
    columns = ", ".join('"' + name + '"' for name in names)
    sql = f'INSERT INTO "{table.name}" ({columns}) SELECT {", ".join(picks)} FROM json_each(:rows)'
    params = {f"c{i}": value for i, value in enumerate(constant_params.values())}
    return JsonInsert(sql, {**params, "rows": document})


def _bind(table: Table, name: str, value: Any, dialect: Any) -> Any:
    proc = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
    return proc(value) if proc is not None else value


def _sqlite_literal(table: Table, name: str, value: Any) -> str | None:
    """A shared value as SQL text in the form SQLite stores it, or None to bind it as usual."""
    column_type = table.c[name].type
    kind = type(column_type).__name__
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int) and kind in ("Integer", "BigInteger"):
        return str(value)
    if isinstance(value, str) and kind in ("String", "Text", "Enum"):
        text = value.value if isinstance(value, enum.Enum) else value
        return "'" + str(text).replace("'", "''") + "'"
    if isinstance(value, dt.datetime) and kind == "UTCDateTime":
        naive = value.astimezone(dt.UTC).replace(tzinfo=None)
        return "'" + naive.strftime("%Y-%m-%d %H:%M:%S.%f") + "'"
    if isinstance(value, dict | list) and kind == "JSON":
        return "'" + json.dumps(value).replace("'", "''") + "'"
    return None
