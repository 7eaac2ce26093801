"""Per-customer activity spans and history totals for the KPIs, kept by the database on every write.

A customer is active on a day D when they have a sale or a service visit in [D - W months, D), W being
the setting `kpi.churn_window_months` (docs/KPI.md). One activity on day d therefore keeps its customer
active on the days d < D <= E(d), E(d) being the last day D with add_months(D, -W) <= d: the same day W
months later (clamped to that month's end), or that month's last day when d is its month's last day.
`kpi_activity_spans` holds, per customer, those day ranges merged: (starts_on, ends_on] with no two of
one customer touching, so that a customer is active on D when one of their spans has
starts_on < D <= ends_on. `kpi_customers` holds, per customer, the totals of their whole history that
the loyalty and lifetime-value figures read (number of sales, last sale and visit days, margins).

Both are kept by triggers on `sales` and `service_visits` (every write path: services, importer, demo
generator, PostgreSQL's COPY): a write recomputes its customer's rows from that customer's history (a
few rows, through the (contact, day, margin) indexes). The window the spans were made with is in
`kpi_activity_state`; a trigger on `settings` rebuilds every span when `kpi.churn_window_months` is
written. Readers check `window_in_use` against the setting and fall back to the history when they
differ (a setting reset to its default, whose value the triggers do not know).

The DDL is migration 0011_kpi_activity_spans's (frozen there, as revisions do not import dealercrm);
`rebuild` recomputes everything, as the migration does.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    select,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from dealercrm.models.types import Money, UTCDateTime

metadata = MetaData()  # not the models': these tables belong to the triggers

spans = Table(
    "kpi_activity_spans",
    metadata,
    Column("contact_id", Integer, primary_key=True),
    Column("starts_on", Date, primary_key=True),  # the customer is active after this day ...
    Column("ends_on", Date, nullable=False),  # ... up to and including this one
)
customers = Table(
    "kpi_customers",
    metadata,
    Column("contact_id", Integer, primary_key=True),
    Column("sales", Integer, nullable=False),
    Column("last_sale_on", Date),
    Column("last_visit_on", Date),
    Column("last_day", Date, nullable=False),  # the day of their latest sale or visit
    Column("sales_margin", Money, nullable=False),
    Column("service_margin", Money, nullable=False),
)
state = Table(
    "kpi_activity_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("window_months", Integer),
)


class mask_union(GenericFunction[int]):  # noqa: N801 - SQL functions are lower case
    """The union of disjoint bit masks (BIGINT), aggregated: bit_or on PostgreSQL, whose state is one
    BIGINT (sum's is a 128-bit accumulator, and 46,000 groups of them spilled to disk with the default
    work_mem); sum on SQLite, which has no bit_or (the same, the masks having no bit in common)."""

    type = BigInteger()
    inherit_cache = True
    name = "mask_union"


@compiles(mask_union)
def _mask_union_sum(element: mask_union, compiler: Any, **kw: Any) -> str:
    return f"sum({compiler.process(element.clauses, **kw)})"


@compiles(mask_union, "postgresql")
def _mask_union_bit_or(element: mask_union, compiler: Any, **kw: Any) -> str:
    return f"bit_or({compiler.process(element.clauses, **kw)})"


def window_in_use(conn: Connection) -> int | None:
    """The churn window (months) the spans were made with; None when they are not kept."""
    value = conn.execute(select(state.c.window_months).where(state.c.id == 1)).scalar()
    return None if value is None else int(value)


def rebuild(conn: Connection, window_months: int) -> None:
    """Every span, customer total and step again from the history, for a window of `window_months`."""
    conn.execute(text("DELETE FROM kpi_activity_state"))
    conn.execute(
        text("INSERT INTO kpi_activity_state (id, window_months) VALUES (1, :w)"), {"w": window_months}
    )
    conn.execute(text("DELETE FROM kpi_activity_spans"))
    conn.execute(text(spans_sql(conn.dialect.name, "1 = 1")))
    conn.execute(text("DELETE FROM kpi_customers"))
    conn.execute(text(customers_sql("1 = 1")))
    dialect = conn.dialect.name
    fills = [*_rebuild_steps(dialect), *daily_fill(dialect), *flat_fill(dialect), *cohorts_fill(dialect)]
    for statement in fills:
        conn.execute(text(statement))


@contextmanager
def upkeep_deferred(conn: Connection) -> Iterator[None]:
    """A bulk load of history into an empty database (the demo), inside the caller's transaction: on SQLite
    the per-row triggers of sales, visits and lost contacts are dropped for the load, made again after it
    (as `steps_triggers_ddl`), and every span, total and step is rebuilt once from the history: what
    the triggers would have kept, for a fraction of the work. Other connections never see the triggers
    missing (SQLite's DDL is part of the transaction, which holds the write lock). PostgreSQL's triggers
    run once per statement, not per row: nothing is deferred there. The leads' first contacts
    (migration 0016) and the tallies of migrations 0021 and 0022 are deferred and rebuilt the same way."""
    window = window_in_use(conn) if conn.dialect.name == "sqlite" else None
    if window is None:
        yield
        return
    drops = (*_sqlite_history_triggers_drop(), "DROP TRIGGER IF EXISTS kpi_contacts_lost")
    flat_drops = (*flat_triggers_drop("sqlite"), *cohorts_triggers_drop("sqlite"))
    for statement in (*drops, *daily_triggers_drop("sqlite"), *flat_drops):
        conn.execute(text(statement))
    yield
    for statement in (*steps_triggers_ddl("sqlite"), *daily_triggers_ddl("sqlite")):
        conn.execute(text(statement))
    rebuild(conn, window_in_use(conn) or window)  # the window's own triggers stayed on: the state follows
    # The tallies' triggers after the rebuild, which fills their tables last.
    for statement in (*flat_triggers_ddl("sqlite"), *cohorts_triggers_ddl("sqlite")):
        conn.execute(text(statement))


def last_active_day(dialect: str, day: str, window: str) -> str:
    """SQL for E(day): the last day an activity on `day` keeps its customer active."""
    if dialect == "postgresql":
        return (
            f"CASE WHEN extract(day FROM ({day} + 1)) = 1 "
            f"THEN (date_trunc('month', {day}) + make_interval(months => ({window})::int + 1)"
            f" - interval '1 day')::date "
            f"ELSE ({day} + make_interval(months => ({window})::int))::date END"
        )
    month_end = f"date({day}, 'start of month', '+' || ({window} + 1) || ' months', '-1 day')"
    return (
        f"CASE WHEN strftime('%d', {day}, '+1 day') = '01' "
        f"OR CAST(strftime('%d', {day}) AS INTEGER) > CAST(strftime('%d', {month_end}) AS INTEGER) "
        f"THEN {month_end} ELSE date({day}, '+' || {window} || ' months') END"
    )


def _history(where: str, margin: bool = False) -> str:
    extra = (", margin, 1 AS sale", ", margin, 0") if margin else ("", "")
    return (
        f"SELECT contact_id, sold_on AS day{extra[0]} FROM sales WHERE {where} "
        f"UNION ALL SELECT contact_id, visited_on{extra[1]} FROM service_visits "
        f"WHERE contact_id IS NOT NULL AND {where}"
    )


def _islands(source: str, ends: str, named: bool = False) -> str:
    """SELECT of (contact_id, first day, last day) of the islands of `source` ((contact_id, day) rows
    named `a`, maybe joined): an activity on `day` keeps its customer active up to `ends` (SQL over
    `a.day`); a day starts a new island when it is after every earlier day's end. `named`: the days are
    named starts_on and ends_on (for a subquery). No CTE: SQLite's triggers take none."""
    order = "PARTITION BY contact_id ORDER BY day, last_day"
    names = (" AS starts_on", " AS ends_on") if named else ("", "")
    return (
        f"SELECT contact_id, MIN(day){names[0]}, MAX(last_day){names[1]} FROM ("
        f"SELECT contact_id, day, last_day, SUM(fresh) OVER ({order} ROWS UNBOUNDED PRECEDING) AS island "
        "FROM ("
        "SELECT contact_id, day, last_day, CASE WHEN day <= MAX(last_day) OVER "
        f"({order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh "
        f"FROM (SELECT a.contact_id, a.day, {ends} AS last_day FROM {source}) e"
        ") m) i GROUP BY contact_id, island"
    )


def spans_sql(dialect: str, where: str) -> str:
    """INSERT of the spans of the customers whose history rows match `where`."""
    ends = last_active_day(dialect, "a.day", "st.window_months")
    source = f"({_history(where)}) a CROSS JOIN kpi_activity_state st WHERE st.id = 1"
    return "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) " + _islands(source, ends)


def customers_sql(where: str) -> str:
    """INSERT of the history totals of the customers whose history rows match `where`."""
    return (
        "INSERT INTO kpi_customers "
        "(contact_id, sales, last_sale_on, last_visit_on, last_day, sales_margin, service_margin) "
        "SELECT contact_id, SUM(sale), MAX(CASE WHEN sale = 1 THEN day END), "
        "MAX(CASE WHEN sale = 0 THEN day END), MAX(day), "
        "SUM(CASE WHEN sale = 1 THEN margin ELSE 0 END), SUM(CASE WHEN sale = 0 THEN margin ELSE 0 END) "
        f"FROM ({_history(where, margin=True)}) h GROUP BY contact_id"
    )


# Figures of the customer base as step functions of the day (migration 0014): each customer's steps
# (kpi_activity_steps: a row per customer and day, one column per figure) summed per day over every
# customer (kpi_activity_days); a figure on day U is the sum of its column over the days before U, so
# that the dashboard reads a few thousand days, not the customers. Per customer:
STEP_COLUMNS = (
    "active",  # +1 / -1 at each span's start and end (not for a lost customer): active on U
    "buyers",  # +1 at the first sale: a sale before U
    "repeaters",  # +1 at the second sale: two sales or more before U
    "sales_margin",  # each sale's margin (cents) on its day
    "service_margin",  # each visit's margin from the later of its day and the customer's first sale
    "recent",  # +1 / -1 at the bounds of the runs of days with a sale in the 60 months before
    "serviced",  # the same for the days that also have a visit in the 12 months before
    "margin_12",  # each sale's and visit's margin from its day to 12 months later (not lost)
)
steps = Table(
    "kpi_activity_steps",
    metadata,
    Column("contact_id", Integer, primary_key=True),
    Column("day", Date, primary_key=True),
    *(Column(name, BigInteger, nullable=False) for name in STEP_COLUMNS),
)
days = Table(
    "kpi_activity_days",
    metadata,
    Column("day", Date, primary_key=True),
    *(Column(name, BigInteger, nullable=False) for name in STEP_COLUMNS),
)
RECENT_MONTHS = 60  # services/kpi: a "recent" buyer bought in the last five years
SERVICED_MONTHS = 12


def _not_lost(alias: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = {alias}.contact_id AND lc.lifecycle = 'lost')"
    )


def _step(contact: str, day: str, source: str, **values: str) -> str:
    columns = ", ".join(f"{values.get(name, '0')} AS {name}" for name in STEP_COLUMNS)
    return f"SELECT {contact} AS contact_id, {day} AS day, {columns} FROM {source}"


def steps_sql(dialect: str, where: str) -> str:
    """INSERT of the steps of the customers whose rows match `where` (read after their spans)."""
    bounds = "CROSS JOIN (SELECT 1 AS k UNION ALL SELECT -1) b"
    visits = "(SELECT contact_id, visited_on AS day FROM service_visits WHERE contact_id IS NOT NULL"
    visits += f" AND {where}) a"
    recent = _islands(
        f"(SELECT contact_id, sold_on AS day FROM sales WHERE {where}) a",
        last_active_day(dialect, "a.day", str(RECENT_MONTHS)),
        named=True,
    )
    serviced = _islands(visits, last_active_day(dialect, "a.day", str(SERVICED_MONTHS)), named=True)
    year_later = last_active_day(dialect, "h.day", str(SERVICED_MONTHS))
    later = "CASE WHEN r.starts_on > v.starts_on THEN r.starts_on ELSE v.starts_on END"
    sooner = "CASE WHEN r.ends_on < v.ends_on THEN r.ends_on ELSE v.ends_on END"
    parts = [
        _step(
            "sp.contact_id",
            "CASE WHEN b.k = 1 THEN sp.starts_on ELSE sp.ends_on END",
            f"(SELECT contact_id, starts_on, ends_on FROM kpi_activity_spans WHERE {where}) sp {bounds} "
            f"WHERE {_not_lost('sp')}",
            active="b.k",
        ),
        _step(
            "n.contact_id",
            "n.sold_on",
            "(SELECT contact_id, sold_on, margin, ROW_NUMBER() OVER (PARTITION BY contact_id ORDER BY "
            f"sold_on) AS nth FROM sales WHERE {where}) n",
            buyers="CASE WHEN n.nth = 1 THEN 1 ELSE 0 END",
            repeaters="CASE WHEN n.nth = 2 THEN 1 ELSE 0 END",
            sales_margin="COALESCE(n.margin, 0)",
        ),
        _step(
            "v.contact_id",
            "CASE WHEN v.visited_on > f.first_on THEN v.visited_on ELSE f.first_on END",
            f"(SELECT contact_id, visited_on, margin FROM service_visits WHERE contact_id IS NOT NULL AND "
            f"{where}) v JOIN (SELECT contact_id, MIN(sold_on) AS first_on FROM sales WHERE {where} "
            "GROUP BY contact_id) f ON f.contact_id = v.contact_id",
            service_margin="COALESCE(v.margin, 0)",
        ),
        _step(
            "r.contact_id",
            "CASE WHEN b.k = 1 THEN r.starts_on ELSE r.ends_on END",
            f"({recent}) r {bounds}",
            recent="b.k",
        ),
        _step(
            "r.contact_id",
            f"CASE WHEN b.k = 1 THEN {later} ELSE {sooner} END",
            f"({recent}) r JOIN ({serviced}) v ON v.contact_id = r.contact_id AND r.starts_on < v.ends_on "
            f"AND v.starts_on < r.ends_on {bounds}",
            serviced="b.k",
        ),
        _step(
            "h.contact_id",
            f"CASE WHEN b.k = 1 THEN h.day ELSE {year_later} END",
            f"({_history(where, margin=True)}) h {bounds} WHERE {_not_lost('h')}",
            margin_12="b.k * COALESCE(h.margin, 0)",
        ),
    ]
    sums = ", ".join(f"SUM({name})" for name in STEP_COLUMNS)
    return (
        f"INSERT INTO kpi_activity_steps (contact_id, day, {', '.join(STEP_COLUMNS)}) "
        f"SELECT contact_id, day, {sums} FROM ({' UNION ALL '.join(parts)}) s GROUP BY contact_id, day"
    )


def days_sql(where: str, sign: str = "") -> str:
    """Upsert of the steps of the customers matching `where` into the per-day sums (`sign` "-": taken
    off)."""
    sums = ", ".join(f"{sign}SUM({name})" for name in STEP_COLUMNS)
    updates = ", ".join(f"{name} = kpi_activity_days.{name} + excluded.{name}" for name in STEP_COLUMNS)
    return (
        f"INSERT INTO kpi_activity_days (day, {', '.join(STEP_COLUMNS)}) SELECT day, {sums} "
        f"FROM kpi_activity_steps WHERE {where} GROUP BY day ON CONFLICT (day) DO UPDATE SET {updates}"
    )


def _refresh_steps(dialect: str, where: str) -> list[str]:
    return [
        days_sql(where, "-"),
        f"DELETE FROM kpi_activity_steps WHERE {where}",
        steps_sql(dialect, where),
        days_sql(where),
    ]


def _rebuild_steps(dialect: str) -> list[str]:
    return [
        "DELETE FROM kpi_activity_steps",
        steps_sql(dialect, "1 = 1"),
        "DELETE FROM kpi_activity_days",
        days_sql("1 = 1"),
    ]


def steps_tables_ddl() -> list[str]:
    """Migration 0014's tables (both dialects). No foreign key to contacts: a customer's steps go when
    their history does (a contact with sales cannot be deleted; their visits are set to no one first),
    through the refresh that also takes them off the per-day sums."""
    columns = ", ".join(f"{name} BIGINT NOT NULL" for name in STEP_COLUMNS)
    return [
        f"CREATE TABLE kpi_activity_steps (contact_id INTEGER NOT NULL, day DATE NOT NULL, {columns}, "
        "PRIMARY KEY (contact_id, day))",
        f"CREATE TABLE kpi_activity_days (day DATE NOT NULL PRIMARY KEY, {columns})",
    ]


def indexes_ddl() -> list[str]:
    """Migration 0014's index for the dashboard's claims statement (services/kpi, `_summary`), whose
    claims of the period are those opened, resolved or finished (closed, else resolved) in it, or
    overdue: with the finishing instant indexed, each of the four is an index range (SQLite: a
    multi-index OR) rather than a scan of every claim."""
    return ["CREATE INDEX ix_claims_finished ON claims ((coalesce(closed_at, resolved_at)))"]


def pg_indexes_ddl() -> list[str]:
    """Migration 0014's PostgreSQL index for the dashboard's sales statements (services/kpi), which
    join each sale of the period to its vehicle's condition, make and model: an index-only scan rather
    than a read of the vehicles' table. SQLite reaches a row by its id directly."""
    return ["CREATE INDEX ix_vehicles_kpi ON vehicles (id) INCLUDE (condition, make, model)"]


def steps_fill(dialect: str) -> list[str]:
    """Migration 0014's fill: every customer's steps and the per-day sums."""
    return _rebuild_steps(dialect)


WINDOW_KEY = "kpi.churn_window_months"
DEFAULT_WINDOW = 24  # the setting's default when its row is deleted (readers check it anyway)
HISTORY_TABLES = (("sales", "sold_on"), ("service_visits", "visited_on"))
# PostgreSQL: a refresh of customers, and a rebuild for a new window, take pg_advisory_xact_lock(LOCK_CLASS,
# WRITERS_LOCK) first, so that two transactions never refresh one customer from two snapshots (a refresh
# reads the history a concurrent transaction has not committed yet). One lock for every customer, held to
# the end of the transaction (migration 0013): writers of sales and visits take their turns, and, as a
# transaction never waits for a second lock of these, two of them writing the same customers in opposite
# orders cannot deadlock. Revision 0011 took one lock per slot (id % LOCK_SLOTS) as each statement came,
# which deadlocked then, and none for a new window, whose rebuild deadlocked with a sale's refresh.
LOCK_CLASS = 16011
LOCK_SLOTS = 256  # revision 0011's
WRITERS_LOCK = 0


def _refresh(dialect: str, where: str, steps: bool = False) -> list[str]:
    return [
        f"DELETE FROM kpi_activity_spans WHERE {where}",
        spans_sql(dialect, where),
        f"DELETE FROM kpi_customers WHERE {where}",
        customers_sql(where),
        *(_refresh_steps(dialect, where) if steps else ()),
    ]


def _set_window(dialect: str, value: str, steps: bool = False) -> list[str]:
    return [
        "DELETE FROM kpi_activity_state",
        f"INSERT INTO kpi_activity_state (id, window_months) VALUES (1, {value})",
        "DELETE FROM kpi_activity_spans",
        spans_sql(dialect, "1 = 1"),
        *(_rebuild_steps(dialect) if steps else ()),
    ]


def tables_ddl() -> list[str]:
    """The three tables (both dialects)."""
    return [
        "CREATE TABLE kpi_activity_state (id INTEGER NOT NULL PRIMARY KEY, window_months INTEGER)",
        "CREATE TABLE kpi_activity_spans (contact_id INTEGER NOT NULL "
        "REFERENCES contacts (id) ON DELETE CASCADE, starts_on DATE NOT NULL, ends_on DATE NOT NULL, "
        "PRIMARY KEY (contact_id, starts_on))",
        "CREATE INDEX ix_kpi_activity_spans_ends ON kpi_activity_spans (ends_on)",
        "CREATE TABLE kpi_customers (contact_id INTEGER NOT NULL PRIMARY KEY "
        "REFERENCES contacts (id) ON DELETE CASCADE, sales INTEGER NOT NULL, last_sale_on DATE, "
        "last_visit_on DATE, last_day DATE NOT NULL, sales_margin BIGINT NOT NULL, "
        "service_margin BIGINT NOT NULL)",
        "CREATE INDEX ix_kpi_customers_last_day ON kpi_customers (last_day)",
    ]


def _body(statements: list[str]) -> str:
    return "".join(f"  {statement};\n" for statement in statements)


def triggers_ddl(dialect: str, steps: bool = False) -> list[str]:
    """The triggers (and, on PostgreSQL, their functions) that keep the tables, as revision 0011 made
    them; on PostgreSQL, 0013 replaces two functions (`pg_serialized_ddl`). `steps`: SQLite's triggers
    as revision 0014 makes them (the steps too: `steps_triggers_ddl`)."""
    if dialect == "postgresql":
        return _pg_triggers()
    ddl = []
    for table, day in HISTORY_TABLES:
        cases = (
            ("inserted", "INSERT", "contact_id = NEW.contact_id"),
            ("deleted", "DELETE", "contact_id = OLD.contact_id"),
            (
                "updated",
                f"UPDATE OF contact_id, {day}, margin",
                "contact_id IN (OLD.contact_id, NEW.contact_id)",
            ),
        )
        for name, event, where in cases:
            body = _body(_refresh(dialect, where, steps))
            ddl.append(f"CREATE TRIGGER kpi_{table}_{name} AFTER {event} ON {table} BEGIN\n{body}END")
    for name, event, row in (("set", "INSERT", "NEW"), ("changed", "UPDATE OF value", "NEW")):
        body = _body(_set_window(dialect, f"CAST({row}.value AS INTEGER)", steps))
        ddl.append(
            f"CREATE TRIGGER kpi_window_{name} AFTER {event} ON settings "
            f"WHEN {row}.key = '{WINDOW_KEY}' BEGIN\n{body}END"
        )
    body = _body(_set_window(dialect, str(DEFAULT_WINDOW), steps))
    ddl.append(
        f"CREATE TRIGGER kpi_window_reset AFTER DELETE ON settings WHEN OLD.key = '{WINDOW_KEY}' BEGIN\n"
        f"{body}END"
    )
    return ddl


LOST_CHANGED = "(OLD.lifecycle = 'lost') IS NOT (NEW.lifecycle = 'lost')"


def steps_triggers_ddl(dialect: str) -> list[str]:
    """Revision 0014's triggers: those of 0011 (functions of 0013 on PostgreSQL) keeping the steps and
    per-day sums as well, and one on contacts that becomes or stops being lost (their steps again)."""
    lost = _refresh_steps(dialect, "contact_id = NEW.id")
    if dialect == "postgresql":
        return [
            _pg_refresh_function(True, steps=True),
            _pg_window_function(True, steps=True),
            "CREATE FUNCTION kpi_contact_lost() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n{_body(lost)}"
            "  RETURN NULL;\nEND $$",
            "CREATE TRIGGER kpi_contacts_lost AFTER UPDATE OF lifecycle ON contacts FOR EACH ROW "
            f"WHEN ({LOST_CHANGED.replace('IS NOT', 'IS DISTINCT FROM')}) "
            "EXECUTE FUNCTION kpi_contact_lost()",
        ]
    return [
        *_sqlite_triggers_drop(),
        *triggers_ddl(dialect, steps=True),
        f"CREATE TRIGGER kpi_contacts_lost AFTER UPDATE OF lifecycle ON contacts WHEN {LOST_CHANGED} "
        f"BEGIN\n{_body(lost)}END",
    ]


def steps_drop_ddl(dialect: str) -> list[str]:
    """What `steps_tables_ddl` and `steps_triggers_ddl` made, undone (0011's triggers, 0013's functions)."""
    if dialect == "postgresql":
        ddl = [
            "DROP INDEX IF EXISTS ix_vehicles_kpi",
            "DROP TRIGGER IF EXISTS kpi_contacts_lost ON contacts",
            "DROP FUNCTION IF EXISTS kpi_contact_lost()",
            *pg_serialized_ddl(),
        ]
    else:
        ddl = [
            "DROP TRIGGER IF EXISTS kpi_contacts_lost",
            *_sqlite_triggers_drop(),
            *triggers_ddl(dialect),
        ]
    return [
        *ddl,
        "DROP INDEX IF EXISTS ix_claims_finished",
        "DROP TABLE IF EXISTS kpi_activity_days",
        "DROP TABLE IF EXISTS kpi_activity_steps",
    ]


def _sqlite_history_triggers_drop() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS kpi_{t}_{n}"
        for t, _ in HISTORY_TABLES
        for n in ("inserted", "deleted", "updated")
    ]


def _sqlite_triggers_drop() -> list[str]:
    return _sqlite_history_triggers_drop() + [
        f"DROP TRIGGER IF EXISTS kpi_window_{n}" for n in ("set", "changed", "reset")
    ]


def _pg_refresh_function(serialized: bool, steps: bool = False) -> str:
    refresh = _body(_refresh("postgresql", "contact_id IN (SELECT unnest(ids))", steps))
    if serialized:
        declare, lock = "", f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
    else:
        declare = "DECLARE k integer;\n"
        lock = (
            f"  FOR k IN SELECT DISTINCT c % {LOCK_SLOTS} FROM unnest(ids) c ORDER BY 1 LOOP\n"
            f"    PERFORM pg_advisory_xact_lock({LOCK_CLASS}, k);\n"
            "  END LOOP;\n"
        )
    return (
        f"CREATE {'OR REPLACE ' if serialized else ''}FUNCTION kpi_refresh_contacts(ids integer[]) "
        f"RETURNS void LANGUAGE plpgsql AS $$\n{declare}BEGIN\n"
        "  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
        f"{lock}{refresh}END $$"
    )


def _pg_window_function(serialized: bool, steps: bool = False) -> str:
    window = _body(_set_window("postgresql", "w", steps))
    lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n" if serialized else ""
    return (
        f"CREATE {'OR REPLACE ' if serialized else ''}FUNCTION kpi_window_changed() RETURNS trigger "
        "LANGUAGE plpgsql AS $$\n"
        "DECLARE w integer;\nBEGIN\n"
        "  IF TG_OP = 'DELETE' THEN\n"
        f"    IF OLD.key <> '{WINDOW_KEY}' THEN RETURN NULL; END IF;\n"
        f"    w := {DEFAULT_WINDOW};\n"
        "  ELSE\n"
        f"    IF NEW.key <> '{WINDOW_KEY}' THEN RETURN NULL; END IF;\n"
        "    IF json_typeof(NEW.value::json) = 'number' THEN\n"
        "      w := floor((NEW.value::json #>> '{}')::numeric);\n"
        "    END IF;\n"
        "  END IF;\n"
        f"{lock}{window}  RETURN NULL;\nEND $$"
    )


def pg_serialized_ddl() -> list[str]:
    """Migration 0013's: the PostgreSQL refresh and window functions taking the one writers' lock."""
    return [_pg_refresh_function(True), _pg_window_function(True)]


def pg_unserialized_ddl() -> list[str]:
    """Migration 0013's downgrade: revision 0011's functions again."""
    return [
        _pg_refresh_function(False).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
        _pg_window_function(False).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
    ]


def _pg_triggers() -> list[str]:
    """As revision 0011 made them (0013 replaces the two functions: `pg_serialized_ddl`)."""
    ddl = [
        _pg_refresh_function(False),
        _pg_window_function(False),
        "CREATE TRIGGER kpi_window AFTER INSERT OR UPDATE OR DELETE ON settings "
        "FOR EACH ROW EXECUTE FUNCTION kpi_window_changed()",
    ]
    sources = {
        "inserted": "SELECT contact_id FROM new_rows",
        "deleted": "SELECT contact_id FROM old_rows",
        "updated": "SELECT contact_id FROM old_rows UNION SELECT contact_id FROM new_rows",
    }
    for name, source in sources.items():
        ddl.append(
            f"CREATE FUNCTION kpi_activity_{name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            "  PERFORM kpi_refresh_contacts(ARRAY(SELECT DISTINCT contact_id "
            f"FROM ({source}) r WHERE contact_id IS NOT NULL ORDER BY contact_id));\n"
            "  RETURN NULL;\nEND $$"
        )
    transitions = {
        "inserted": ("INSERT", "NEW TABLE AS new_rows"),
        "deleted": ("DELETE", "OLD TABLE AS old_rows"),
        "updated": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    }
    for table, _day in HISTORY_TABLES:
        for name, (event, referencing) in transitions.items():
            ddl.append(
                f"CREATE TRIGGER kpi_{table}_{name} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION kpi_activity_{name}()"
            )
    return ddl


def drop_ddl(dialect: str) -> list[str]:
    """What `tables_ddl` and `triggers_ddl` made, dropped."""
    if dialect == "postgresql":
        ddl = [
            f"DROP TRIGGER IF EXISTS kpi_{t}_{n} ON {t}"
            for t, _ in HISTORY_TABLES
            for n in ("inserted", "deleted", "updated")
        ]
        ddl += ["DROP TRIGGER IF EXISTS kpi_window ON settings"]
        ddl += [f"DROP FUNCTION IF EXISTS kpi_activity_{n}()" for n in ("inserted", "deleted", "updated")]
        ddl += [
            "DROP FUNCTION IF EXISTS kpi_window_changed()",
            "DROP FUNCTION IF EXISTS kpi_refresh_contacts(integer[])",
        ]
    else:
        ddl = _sqlite_triggers_drop()
    return ddl + [
        "DROP TABLE IF EXISTS kpi_customers",
        "DROP TABLE IF EXISTS kpi_activity_spans",
        "DROP TABLE IF EXISTS kpi_activity_state",
    ]


# The leads' first contacts (migration 0016): per contact, the instant of their first contacting
# interaction (services/kpi CONTACT_TYPES: not a note) at or after their creation, for the dashboard's
# "leads answered" and "hours to first contact" of the leads created in a period (a read of those
# leads and one look-up each, rather than a walk of each lead's interactions). Only contacts with such an
# interaction have a row. Kept by triggers: an interaction of a contacting type written moves its
# contact's instant earlier (an upsert, no history read); one deleted or changed, or a contact's creation
# instant changed, recomputes the instant of the contacts concerned from their interactions. No foreign
# key: a contact's row goes with their interactions (deleted with the contact), through the same triggers.
first_contacts = Table(
    "kpi_first_contacts",
    metadata,
    Column("contact_id", Integer, primary_key=True),
    Column("first_at", UTCDateTime, nullable=False),
)
CONTACTING_TYPES = "('call', 'email', 'sms', 'visit', 'test_drive', 'quote')"


def first_contacts_table_ddl(dialect: str) -> list[str]:
    """Migration 0016's table (timestamps as the models' UTCDateTime columns of each dialect)."""
    moment = "TIMESTAMP WITHOUT TIME ZONE" if dialect == "postgresql" else "DATETIME"
    return [
        "CREATE TABLE kpi_first_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, "
        f"first_at {moment} NOT NULL)"
    ]


def first_contacts_sql(where: str) -> str:
    """INSERT of the first contacts of the contacts `c` matching `where`, from their interactions: for
    each, the first row of a walk of the (contact, time) index from their creation that stops at the
    first contacting type (a tenth of the time of MIN() over all of them, on SQLite)."""
    return (
        "INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM "
        "(SELECT c.id AS id, (SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id "
        "AND i.occurred_at >= c.created_at "
        f"AND i.type IN {CONTACTING_TYPES} ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts c "
        f"WHERE {where}) f WHERE first_at IS NOT NULL"
    )


def _first_contacts_refresh(where: str) -> list[str]:
    """The first contacts of the contacts whose id matches `where` (an SQL condition on `id`) again."""
    return [
        f"DELETE FROM kpi_first_contacts WHERE {where.replace('{id}', 'contact_id')}",
        first_contacts_sql(where.replace("{id}", "c.id")),
    ]


def first_contacts_fill() -> list[str]:
    """Every first contact from the history (migration 0016's fill; `rebuild`)."""
    return ["DELETE FROM kpi_first_contacts", first_contacts_sql("1 = 1")]


_EARLIER = (
    "ON CONFLICT (contact_id) DO UPDATE SET first_at = excluded.first_at "
    "WHERE excluded.first_at < kpi_first_contacts.first_at"
)
FIRST_CONTACT_TRIGGERS = ("inserted", "deleted", "updated")


def first_contacts_triggers_ddl(dialect: str) -> list[str]:
    """Migration 0016's triggers on interactions and contacts (and, on PostgreSQL, their functions: each
    takes the writers' lock first, as every refresh of 0013)."""
    if dialect == "postgresql":
        return _pg_first_contacts_triggers()
    contacting = f"type IN {CONTACTING_TYPES}"
    inserted = (
        "INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT c.id, NEW.occurred_at FROM contacts c "
        f"WHERE c.id = NEW.contact_id AND NEW.occurred_at >= c.created_at {_EARLIER}"
    )
    heads = {
        # Most interactions come after their contact's first: a look-up of the narrow first contacts
        # rather than of the contact's row.
        "inserted": (
            f"AFTER INSERT ON interactions WHEN NEW.{contacting} AND NOT EXISTS (SELECT 1 FROM "
            "kpi_first_contacts WHERE contact_id = NEW.contact_id AND first_at <= NEW.occurred_at)",
            [inserted],
        ),
        "deleted": (
            f"AFTER DELETE ON interactions WHEN OLD.{contacting}",
            _first_contacts_refresh("{id} = OLD.contact_id"),
        ),
        "updated": (
            "AFTER UPDATE OF contact_id, type, occurred_at ON interactions "
            f"WHEN OLD.{contacting} OR NEW.{contacting}",
            _first_contacts_refresh("{id} IN (OLD.contact_id, NEW.contact_id)"),
        ),
    }
    ddl = [
        f"CREATE TRIGGER kpi_first_contact_{name} {head} BEGIN\n{_body(body)}END"
        for name, (head, body) in heads.items()
    ]
    ddl.append(
        "CREATE TRIGGER kpi_first_contact_created AFTER UPDATE OF created_at ON contacts "
        "WHEN OLD.created_at IS NOT NEW.created_at "
        f"BEGIN\n{_body(_first_contacts_refresh('{id} = NEW.id'))}END"
    )
    return ddl


def _pg_first_contacts_triggers() -> list[str]:
    lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
    refresh = _body(_first_contacts_refresh("{id} IN (SELECT unnest(ids))"))
    changed = (
        "SELECT unnest(ARRAY[o.contact_id, n.contact_id]) AS contact_id FROM old_rows o "
        "JOIN new_rows n ON n.id = o.id "
        "WHERE (o.contact_id, o.type, o.occurred_at) IS DISTINCT FROM (n.contact_id, n.type, n.occurred_at) "
        f"AND (o.type IN {CONTACTING_TYPES} OR n.type IN {CONTACTING_TYPES})"
    )
    sources = {
        "deleted": f"SELECT contact_id FROM old_rows WHERE type IN {CONTACTING_TYPES}",
        "updated": changed,
    }
    ddl = [
        "CREATE FUNCTION kpi_first_contacts_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n  IF cardinality(ids) = 0 THEN RETURN; END IF;\n{lock}{refresh}END $$",
        "CREATE FUNCTION kpi_first_contact_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"  IF NOT EXISTS (SELECT 1 FROM new_rows WHERE type IN {CONTACTING_TYPES}) THEN RETURN NULL; "
        "END IF;\n"
        f"{lock}"
        "  INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT c.id, MIN(n.occurred_at) "
        "FROM new_rows n JOIN contacts c ON c.id = n.contact_id AND n.occurred_at >= c.created_at "
        f"WHERE n.type IN {CONTACTING_TYPES} GROUP BY c.id {_EARLIER};\n"
        "  RETURN NULL;\nEND $$",
    ]
    for name, source in sources.items():
        ddl.append(
            f"CREATE FUNCTION kpi_first_contact_{name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            "  PERFORM kpi_first_contacts_refresh(ARRAY(SELECT DISTINCT contact_id "
            f"FROM ({source}) r ORDER BY contact_id));\n"
            "  RETURN NULL;\nEND $$"
        )
    ddl.append(
        "CREATE FUNCTION kpi_first_contact_created() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        "  PERFORM kpi_first_contacts_refresh(ARRAY[NEW.id]);\n  RETURN NULL;\nEND $$"
    )
    transitions = {
        "inserted": ("INSERT", "NEW TABLE AS new_rows"),
        "deleted": ("DELETE", "OLD TABLE AS old_rows"),
        "updated": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    }
    for name, (event, referencing) in transitions.items():
        ddl.append(
            f"CREATE TRIGGER kpi_first_contact_{name} AFTER {event} ON interactions "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION kpi_first_contact_{name}()"
        )
    ddl.append(
        "CREATE TRIGGER kpi_first_contact_created AFTER UPDATE OF created_at ON contacts FOR EACH ROW "
        "WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at) EXECUTE FUNCTION kpi_first_contact_created()"
    )
    return ddl


def first_contacts_drop_triggers(dialect: str) -> list[str]:
    """The triggers of `first_contacts_triggers_ddl` dropped (SQLite: what upkeep_deferred sets aside)."""
    if dialect == "postgresql":
        ddl = [
            f"DROP TRIGGER IF EXISTS kpi_first_contact_{n} ON interactions" for n in FIRST_CONTACT_TRIGGERS
        ]
        ddl.append("DROP TRIGGER IF EXISTS kpi_first_contact_created ON contacts")
        ddl += [
            f"DROP FUNCTION IF EXISTS kpi_first_contact_{n}()" for n in (*FIRST_CONTACT_TRIGGERS, "created")
        ]
        return [*ddl, "DROP FUNCTION IF EXISTS kpi_first_contacts_refresh(integer[])"]
    return [f"DROP TRIGGER IF EXISTS kpi_first_contact_{n}" for n in (*FIRST_CONTACT_TRIGGERS, "created")]


_PG_TRANSITIONS = {
    "inserted": ("INSERT", "NEW TABLE AS new_rows"),
    "deleted": ("DELETE", "OLD TABLE AS old_rows"),
    "updated": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
}


def _pg_statement_triggers(prefix: str, table: str, lock: str, bodies: dict[str, list[str]]) -> list[str]:
    """PostgreSQL: per event of `bodies`, a function `{prefix}_{event}()` running its statements after the
    writers' `lock`, and the statement trigger on `table` (with its transition tables) that calls it."""
    ddl = []
    for name, body in bodies.items():
        event, referencing = _PG_TRANSITIONS[name]
        ddl += [
            f"CREATE FUNCTION {prefix}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{lock}{_body(body)}  RETURN NULL;\nEND $$",
            f"CREATE TRIGGER {prefix}_{name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_{name}()",
        ]
    return ddl


# The sales per day (migration 0016): per day, salesperson (0: none) and vehicle condition, the number
# of sales and their price and margin (cents), so that the dashboard's sales of a period, its months and
# its ranking are sums over the period's days. Kept by triggers: each sale written adds itself to its
# day's row and takes itself off the row it was in (a delta, no history read); a vehicle whose condition
# changes moves its sales between the conditions' rows. Rows may fall to zero; they are not deleted.
sales_days = Table(
    "kpi_sales_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("seller", Integer, primary_key=True),  # sales.salesperson_id, 0 for none
    Column("condition", String(16), primary_key=True),
    Column("sales", BigInteger, nullable=False),
    Column("price", Money, nullable=False),
    Column("margin", Money, nullable=False),
)
_SALES_DAYS_UPSERT = (
    "ON CONFLICT (day, seller, condition) DO UPDATE SET sales = kpi_sales_days.sales + excluded.sales, "
    "price = kpi_sales_days.price + excluded.price, margin = kpi_sales_days.margin + excluded.margin"
)


def sales_days_table_ddl() -> list[str]:
    """Migration 0016's table of sales per day (both dialects)."""
    return [
        "CREATE TABLE kpi_sales_days (day DATE NOT NULL, seller INTEGER NOT NULL, condition VARCHAR(16) "
        "NOT NULL, sales BIGINT NOT NULL, price BIGINT NOT NULL, margin BIGINT NOT NULL, "
        "PRIMARY KEY (day, seller, condition))"
    ]


def _sales_days_add(rows: str, sign: str, where: str = "1 = 1") -> str:
    """Upsert of the sales `rows` (a FROM item named r) into the per-day sums, added (`sign` "")
    or taken off ("-")."""
    return (
        "INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) "
        f"SELECT r.sold_on, COALESCE(r.salesperson_id, 0), v.condition, {sign}COUNT(*), {sign}SUM(r.price), "
        f"{sign}SUM(r.margin) FROM {rows} r JOIN vehicles v ON v.id = r.vehicle_id WHERE {where} "
        f"GROUP BY r.sold_on, COALESCE(r.salesperson_id, 0), v.condition {_SALES_DAYS_UPSERT}"
    )


def sales_days_fill() -> list[str]:
    """Every day's sales from the history (migration 0016's fill; `rebuild`)."""
    return ["DELETE FROM kpi_sales_days", _sales_days_add("sales", "")]


def _sqlite_sale_row(row: str, sign: str) -> str:
    return (
        "INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) "
        f"SELECT {row}.sold_on, COALESCE({row}.salesperson_id, 0), v.condition, {sign}1, {sign}{row}.price, "
        f"{sign}{row}.margin FROM vehicles v WHERE v.id = {row}.vehicle_id {_SALES_DAYS_UPSERT}"
    )


def _vehicle_moved(condition: str, sign: str) -> str:
    """A vehicle's sales (NEW: the vehicle row) added to / taken off the rows of `condition`."""
    return (
        "INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) "
        f"SELECT s.sold_on, COALESCE(s.salesperson_id, 0), {condition}, {sign}COUNT(*), {sign}SUM(s.price), "
        f"{sign}SUM(s.margin) FROM sales s WHERE s.vehicle_id = NEW.id "
        f"GROUP BY s.sold_on, COALESCE(s.salesperson_id, 0) {_SALES_DAYS_UPSERT}"
    )


SALES_DAYS_TRIGGERS = ("inserted", "deleted", "updated")
_SALE_CHANGED = "(o.sold_on, o.salesperson_id, o.vehicle_id, o.price, o.margin) IS DISTINCT FROM " + (
    "(n.sold_on, n.salesperson_id, n.vehicle_id, n.price, n.margin)"
)


def sales_days_triggers_ddl(dialect: str) -> list[str]:
    """Migration 0016's triggers on sales and vehicles (PostgreSQL: statement triggers on sales, whose
    functions take the writers' lock first as every KPI upkeep of 0013 does)."""
    vehicle_body = [_vehicle_moved("OLD.condition", "-"), _vehicle_moved("NEW.condition", "")]
    if dialect == "postgresql":
        lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
        changed = (
            f"r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_SALE_CHANGED})"
        )
        bodies = {
            "inserted": [_sales_days_add("new_rows", "")],
            "deleted": [_sales_days_add("old_rows", "-")],
            "updated": [_sales_days_add("old_rows", "-", changed), _sales_days_add("new_rows", "", changed)],
        }
        ddl = _pg_statement_triggers("kpi_sales_days", "sales", lock, bodies)
        ddl.append(
            "CREATE FUNCTION kpi_sales_days_vehicle() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"{lock}{_body(vehicle_body)}  RETURN NULL;\nEND $$"
        )
        ddl.append(
            "CREATE TRIGGER kpi_sales_days_vehicle AFTER UPDATE OF condition ON vehicles FOR EACH ROW "
            "WHEN (OLD.condition IS DISTINCT FROM NEW.condition) EXECUTE FUNCTION kpi_sales_days_vehicle()"
        )
        return ddl
    heads = {
        "inserted": ("AFTER INSERT ON sales", [_sqlite_sale_row("NEW", "")]),
        "deleted": ("AFTER DELETE ON sales", [_sqlite_sale_row("OLD", "-")]),
        "updated": (
            "AFTER UPDATE OF sold_on, salesperson_id, vehicle_id, price, margin ON sales",
            [_sqlite_sale_row("OLD", "-"), _sqlite_sale_row("NEW", "")],
        ),
        "vehicle": (
            "AFTER UPDATE OF condition ON vehicles WHEN OLD.condition IS NOT NEW.condition",
            vehicle_body,
        ),
    }
    return [
        f"CREATE TRIGGER kpi_sales_days_{name} {head} BEGIN\n{_body(body)}END"
        for name, (head, body) in heads.items()
    ]


def sales_days_drop_triggers(dialect: str) -> list[str]:
    """The triggers of `sales_days_triggers_ddl` dropped (SQLite: what upkeep_deferred sets aside)."""
    names = (*SALES_DAYS_TRIGGERS, "vehicle")
    if dialect == "postgresql":
        ddl = [f"DROP TRIGGER IF EXISTS kpi_sales_days_{n} ON sales" for n in SALES_DAYS_TRIGGERS]
        ddl.append("DROP TRIGGER IF EXISTS kpi_sales_days_vehicle ON vehicles")
        return ddl + [f"DROP FUNCTION IF EXISTS kpi_sales_days_{n}()" for n in names]
    return [f"DROP TRIGGER IF EXISTS kpi_sales_days_{n}" for n in names]


# The interactions per day (migration 0016): per UTC day of `occurred_at`, type and user (0: none), their
# number, so that the calls, test drives and quotes of a period are sums over its whole UTC days plus
# the interactions of the few hours at its ends (a period's bounds are the dealership's local midnights).
# Kept by triggers as the sales per day are (deltas).
interaction_days = Table(
    "kpi_interaction_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("user_key", Integer, primary_key=True),  # interactions.user_id, 0 for none
    Column("n", BigInteger, nullable=False),
)
_INTERACTION_DAYS_UPSERT = (
    "ON CONFLICT (day, type, user_key) DO UPDATE SET n = kpi_interaction_days.n + excluded.n"
)


def interaction_days_table_ddl() -> list[str]:
    """Migration 0016's table of interactions per day (both dialects)."""
    return [
        "CREATE TABLE kpi_interaction_days (day DATE NOT NULL, type VARCHAR(16) NOT NULL, "
        "user_key INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, type, user_key))"
    ]


def _utc_day(dialect: str, moment: str) -> str:
    return f"CAST({moment} AS DATE)" if dialect == "postgresql" else f"date({moment})"


def _interaction_days_add(dialect: str, rows: str, sign: str, where: str = "1 = 1") -> str:
    day = _utc_day(dialect, "r.occurred_at")
    return (
        "INSERT INTO kpi_interaction_days (day, type, user_key, n) "
        f"SELECT {day}, r.type, COALESCE(r.user_id, 0), {sign}COUNT(*) FROM {rows} r WHERE {where} "
        f"GROUP BY {day}, r.type, COALESCE(r.user_id, 0) {_INTERACTION_DAYS_UPSERT}"
    )


def interaction_days_fill(dialect: str) -> list[str]:
    """Every day's interactions from the history (migration 0016's fill; `rebuild`)."""
    return ["DELETE FROM kpi_interaction_days", _interaction_days_add(dialect, "interactions", "")]


INTERACTION_DAYS_TRIGGERS = ("inserted", "deleted", "updated")
_INTERACTION_CHANGED = (
    "(o.occurred_at, o.type, o.user_id) IS DISTINCT FROM (n.occurred_at, n.type, n.user_id)"
)


def interaction_days_triggers_ddl(dialect: str) -> list[str]:
    """Migration 0016's triggers on interactions (PostgreSQL: statement triggers whose functions take
    the writers' lock first)."""
    if dialect == "postgresql":
        lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
        changed = (
            "r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
            f"WHERE {_INTERACTION_CHANGED})"
        )
        bodies = {
            "inserted": [_interaction_days_add(dialect, "new_rows", "")],
            "deleted": [_interaction_days_add(dialect, "old_rows", "-")],
            "updated": [
                _interaction_days_add(dialect, "old_rows", "-", changed),
                _interaction_days_add(dialect, "new_rows", "", changed),
            ],
        }
        ddl = _pg_statement_triggers("kpi_interaction_days", "interactions", lock, bodies)
        return ddl

    def row(ref: str, sign: str) -> str:
        return (
            "INSERT INTO kpi_interaction_days (day, type, user_key, n) "
            f"VALUES (date({ref}.occurred_at), {ref}.type, COALESCE({ref}.user_id, 0), {sign}1) "
            f"{_INTERACTION_DAYS_UPSERT}"
        )

    heads = {
        "inserted": ("AFTER INSERT ON interactions", [row("NEW", "")]),
        "deleted": ("AFTER DELETE ON interactions", [row("OLD", "-")]),
        "updated": (
            "AFTER UPDATE OF occurred_at, type, user_id ON interactions",
            [row("OLD", "-"), row("NEW", "")],
        ),
    }
    return [
        f"CREATE TRIGGER kpi_interaction_days_{name} {head} BEGIN\n{_body(body)}END"
        for name, (head, body) in heads.items()
    ]


def interaction_days_drop_triggers(dialect: str) -> list[str]:
    """The triggers of `interaction_days_triggers_ddl` dropped (SQLite: what upkeep_deferred sets aside)."""
    names = INTERACTION_DAYS_TRIGGERS
    if dialect == "postgresql":
        ddl = [f"DROP TRIGGER IF EXISTS kpi_interaction_days_{n} ON interactions" for n in names]
        return ddl + [f"DROP FUNCTION IF EXISTS kpi_interaction_days_{n}()" for n in names]
    return [f"DROP TRIGGER IF EXISTS kpi_interaction_days_{n}" for n in names]


def daily_indexes_ddl() -> list[str]:
    """Migration 0016's indexes (both dialects): the customers' first-sale steps by day (the new
    customers of a period and their channels: one row per new customer, rather than the period's sales
    each checked for an earlier one), and the service visits' day, amount and margin (the after-sales
    sums of a period read from the index alone), and the contacts' creation instant, owner and channel
    (the leads and prospects of a period, with their owner and channel, from the index alone)."""
    return [
        "CREATE INDEX ix_kpi_activity_steps_first ON kpi_activity_steps (day, contact_id) WHERE buyers = 1",
        "CREATE INDEX ix_service_visits_kpi ON service_visits (visited_on, amount, margin)",
        "CREATE INDEX ix_contacts_kpi ON contacts (created_at, owner_id, source_channel)",
    ]


def daily_drop_ddl(dialect: str) -> list[str]:
    """What migration 0016 made, undone."""
    return [
        *first_contacts_drop_triggers(dialect),
        *sales_days_drop_triggers(dialect),
        *interaction_days_drop_triggers(dialect),
        "DROP TABLE IF EXISTS kpi_interaction_days",
        "DROP TABLE IF EXISTS kpi_sales_days",
        "DROP TABLE IF EXISTS kpi_first_contacts",
        "DROP INDEX IF EXISTS ix_contacts_kpi",
        "DROP INDEX IF EXISTS ix_kpi_activity_steps_first",
        "DROP INDEX IF EXISTS ix_service_visits_kpi",
    ]


def daily_fill(dialect: str) -> list[str]:
    """Migration 0016's tables filled again from the history."""
    return [*first_contacts_fill(), *sales_days_fill(), *interaction_days_fill(dialect)]


def daily_triggers_ddl(dialect: str) -> list[str]:
    return [
        *first_contacts_triggers_ddl(dialect),
        *sales_days_triggers_ddl(dialect),
        *interaction_days_triggers_ddl(dialect),
    ]


def daily_triggers_drop(dialect: str) -> list[str]:
    return [
        *first_contacts_drop_triggers(dialect),
        *sales_days_drop_triggers(dialect),
        *interaction_days_drop_triggers(dialect),
    ]


def daily_ddl(dialect: str) -> list[str]:
    """Migration 0016's upgrade: tables, triggers, indexes, then the fill."""
    return [
        *first_contacts_table_ddl(dialect),
        *first_contacts_triggers_ddl(dialect),
        *sales_days_table_ddl(),
        *sales_days_triggers_ddl(dialect),
        *interaction_days_table_ddl(),
        *interaction_days_triggers_ddl(dialect),
        *daily_indexes_ddl(),
        *first_contacts_fill(),
        *sales_days_fill(),
        *interaction_days_fill(dialect),
    ]


# More figures kept per day or per key (migration 0021_kpi_flat): what the month's dashboard read row by
# row (the period's claims, visits, appointments, new prospects, closed opportunities, the reach of the
# campaigns, and every prospect for the scores), kept as sums per key by triggers on their table, so that
# a month reads its days' sums. Each table is a `Tally`: one or more `Part`s, each a row of the tally per
# source row matching its condition (a claim counts on the day it was opened, the day it was resolved and
# the day it was finished), its keys and its sums read from the source row alone: each row written adds
# itself and takes its old self off (deltas, no history read), as the interactions per day of 0016 are
# kept. A timestamp's day is its UTC day (`DAY(...)` below): a period, whose bounds are local midnights,
# reads the sums of the UTC days nearest its bounds and the rows themselves of the hour or two between
# each bound and its nearest UTC midnight (services/kpi). Readers sum a key's rows (`SUM ... GROUP BY`).
#
# SQLite (one writer at a time): one row per key, upserted by row triggers; rows may fall to zero.
# PostgreSQL: writers run side by side, and an upsert of a shared row (a day's contacts created) would
# make a second uncommitted transaction writing the same day wait for the first (the importer copies a
# batch's contacts while the previous batch is still uncommitted). So a statement trigger only INSERTs
# rows there: one per key its statement changed, the change (`delta_sql`; keys whose change sums to zero
# left out), with no unique key and no lock: two transactions never touch one row, and each delta comes
# from the statement's own rows (transition tables), whose old versions PostgreSQL's row locks order, so
# no lock is needed for the sums to stay right (a tally reading another table, `locked`, still takes the
# writers' lock of 0013). A key's rows are folded back into one (`_pg_keep`) by the statement that wrote
# it, when it gets the table's fold lock without waiting (pg_try_advisory_xact_lock): a fold deletes the
# key's committed rows and writes their sum with its own, and only folds delete rows, so a fold never
# waits for another transaction (the one that holds the fold lock is the only one that deletes, and the
# rows it deleted are gone once it commits), and a writer that does not get the lock just adds its delta
# row, which a later fold of that key takes in. A key thus has one row plus those of the writers that
# overlapped, and no row whose sums are all zero is written.
FOLD_CLASS = 16021  # pg_try_advisory_xact_lock(FOLD_CLASS, fold_key(table)): who folds a table's rows


def fold_key(table: str) -> int:
    """The fold lock's key of `table` (PostgreSQL): a stable 31-bit number from its name."""
    return zlib.crc32(table.encode()) & 0x7FFFFFFF


def _pg_keep(table: str, keys: tuple[str, ...], sums: tuple[str, ...], delta: str) -> str:
    """PL/pgSQL: the rows of `delta` (a SELECT of c0, c1... in the order of `keys` then `sums`, one row per
    key) added to `table` (PostgreSQL's tallies), folded with the key's rows already there when the
    table's fold lock is free, else written as rows of their own."""
    names = ", ".join((*keys, *sums))
    width = len(keys)
    key_columns = ", ".join(f"c{k}" for k in range(width))
    columns = ", ".join(f"c{k}" for k in range(width + len(sums)))
    totals = ", ".join(f"SUM(c{width + k})" for k in range(len(sums)))
    nonzero = " OR ".join(f"SUM(c{width + k}) <> 0" for k in range(len(sums)))
    same = " AND ".join(f"t.{name} = k.c{n}" for n, name in enumerate(keys))
    gone = ", ".join(f"t.{name}" for name in (*keys, *sums))
    fold = (
        f"WITH d AS ({delta}), gone AS (DELETE FROM {table} t USING (SELECT DISTINCT {key_columns} FROM d) k "
        f"WHERE {same} RETURNING {gone}) INSERT INTO {table} ({names}) SELECT {key_columns}, {totals} FROM "
        f"(SELECT {columns} FROM d UNION ALL SELECT {names} FROM gone) a GROUP BY {key_columns} "
        f"HAVING {nonzero}"
    )
    add = f"INSERT INTO {table} ({names}) SELECT {columns} FROM ({delta}) d"
    return (
        f"  IF pg_try_advisory_xact_lock({FOLD_CLASS}, {fold_key(table)}) THEN\n    {fold};\n"
        f"  ELSE\n    {add};\n  END IF;\n"
    )


def _pg_tally_table(table: str, columns: str, keys: str) -> list[str]:
    """A PostgreSQL tally: no unique key (a key may have several rows), an index on the keys."""
    return [f"CREATE TABLE {table} ({columns})", f"CREATE INDEX ix_{table}_keys ON {table} ({keys})"]


class Part:
    """One row of a tally per source row `{r}` with `when`: its `keys` and `sums` (SQL over `{r}`, in
    the order of the tally's columns; `DAY(x)` is the UTC day of the timestamp x)."""

    def __init__(self, when: str, keys: tuple[str, ...], sums: tuple[str, ...]) -> None:
        self.when, self.keys, self.sums = when, keys, sums


class Tally:
    """A table of sums kept by statement (PostgreSQL) or row (SQLite) triggers on `source` (whose
    `columns` the parts read: an UPDATE of other columns is not looked at). `locked`: the parts read
    another table too, whose writers take the writers' lock: so do this tally's triggers (PostgreSQL)."""

    def __init__(
        self,
        table: str,
        source: str,
        keys: tuple[tuple[str, str], ...],
        sums: tuple[tuple[str, str], ...],
        parts: tuple[Part, ...],
        columns: tuple[str, ...],
        locked: bool = False,
    ) -> None:
        self.table, self.source, self.keys, self.sums = table, source, keys, sums
        self.parts, self.columns, self.locked = parts, columns, locked

    @property
    def key_names(self) -> str:
        return ", ".join(name for name, _ in self.keys)

    @property
    def names(self) -> str:
        return ", ".join([*(name for name, _ in self.keys), *(name for name, _ in self.sums)])

    def table_ddl(self, dialect: str) -> list[str]:
        def sql_type(kind: str) -> str:
            if kind == "SECONDS":  # seconds between two instants: EXTRACT's NUMERIC, julianday's REAL
                return "NUMERIC" if dialect == "postgresql" else "REAL"
            return kind

        keys = ", ".join(f"{name} {sql_type(kind)} NOT NULL" for name, kind in self.keys)
        sums = ", ".join(f"{name} {sql_type(kind)} NOT NULL" for name, kind in self.sums)
        if dialect == "postgresql":
            return _pg_tally_table(self.table, f"{keys}, {sums}", self.key_names)
        return [f"CREATE TABLE {self.table} ({keys}, {sums}, PRIMARY KEY ({self.key_names}))"]

    def upsert(self) -> str:
        updates = ", ".join(f"{name} = {self.table}.{name} + excluded.{name}" for name, _ in self.sums)
        return f"ON CONFLICT ({self.key_names}) DO UPDATE SET {updates}"

    def _rows(self, dialect: str, ref: str, sign: str, alias: bool) -> list[str]:
        """SELECTs of the parts' (keys, signed sums) for the row(s) `ref` (alias: FROM `ref` r, the
        columns named c0, c1...)."""
        r = "r" if alias else ref
        selects = []
        for part in self.parts:
            values = [_days(dialect, k.format(r=r)) for k in part.keys]
            values += [f"{sign}({_days(dialect, v.format(r=r))})" for v in part.sums]
            if alias:
                names = ", ".join(f"{value} AS c{k}" for k, value in enumerate(values))
                selects.append(f"SELECT {names} FROM {ref} r WHERE {part.when.format(r=r)}")
            else:
                selects.append(f"SELECT {', '.join(values)} WHERE {part.when.format(r=r)}")
        return selects

    def add_rows(self, dialect: str, rows: str, sign: str, where: str = "1 = 1") -> str:
        """SQLite: upsert of the sums of the source `rows` (a table) matching `where` (over r), added
        (`sign` "") or taken off ("-")."""
        parts = " UNION ALL ".join(
            f"{select} AND {where}" for select in self._rows(dialect, rows, "", alias=True)
        )
        width = len(self.keys)
        groups = ", ".join(f"c{k}" for k in range(width))
        sums = ", ".join(f"{sign}SUM(c{width + k})" for k in range(len(self.sums)))
        return (
            f"INSERT INTO {self.table} ({self.names}) SELECT {groups}, {sums} FROM ({parts}) p "
            f"WHERE 1 = 1 GROUP BY {groups} {self.upsert()}"
        )

    def delta_sql(self, sources: tuple[tuple[str, str, str], ...]) -> str:
        """PostgreSQL: SELECT of the change, per key (c0, c1...: the keys then the sums), of the rows of
        each (`rows`, `sign`, `where`) of `sources`: a table or transition table, "" to add its rows or
        "-" to take them off, a condition over r. Keys whose sums all come to zero are left out."""
        parts = " UNION ALL ".join(
            f"{select} AND {where}"
            for rows, sign, where in sources
            for select in self._rows("postgresql", rows, sign, alias=True)
        )
        width = len(self.keys)
        groups = ", ".join(f"c{k}" for k in range(width))
        sums = ", ".join(f"SUM(c{width + k}) AS c{width + k}" for k in range(len(self.sums)))
        nonzero = " OR ".join(f"SUM(c{width + k}) <> 0" for k in range(len(self.sums)))
        return f"SELECT {groups}, {sums} FROM ({parts}) p GROUP BY {groups} HAVING {nonzero}"

    def keep(self, sources: tuple[tuple[str, str, str], ...]) -> str:
        """PostgreSQL (PL/pgSQL): the change of `sources` (`delta_sql`) added to the table."""
        keys = tuple(name for name, _ in self.keys)
        return _pg_keep(self.table, keys, tuple(name for name, _ in self.sums), self.delta_sql(sources))

    def fill(self, dialect: str) -> list[str]:
        if dialect == "postgresql":
            delta = self.delta_sql(((self.source, "", "1 = 1"),))
            return [f"DELETE FROM {self.table}", f"INSERT INTO {self.table} ({self.names}) {delta}"]
        return [f"DELETE FROM {self.table}", self.add_rows(dialect, self.source, "")]

    def _sqlite_row(self, ref: str, sign: str) -> list[str]:
        return [
            f"INSERT INTO {self.table} ({self.names}) {select} {self.upsert()}"
            for select in self._rows("sqlite", ref, sign, alias=False)
        ]

    def triggers_ddl(self, dialect: str) -> list[str]:
        name, source = self.table, self.source
        if dialect == "postgresql":
            lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n" if self.locked else ""
            old = ", ".join(f"o.{c}" for c in self.columns)
            new = ", ".join(f"n.{c}" for c in self.columns)
            changed = (
                f"SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM "
                f"({new})"
            )
            moved = f"r.id IN ({changed})"
            bodies = {
                "inserted": self.keep((("new_rows", "", "1 = 1"),)),
                "deleted": self.keep((("old_rows", "-", "1 = 1"),)),
                "updated": self.keep((("old_rows", "-", moved), ("new_rows", "", moved))),
            }
            ddl = []
            for event, body in bodies.items():
                operation, referencing = _PG_TRANSITIONS[event]
                first = (
                    f"  IF NOT EXISTS ({changed}) THEN RETURN NULL; END IF;\n" if event == "updated" else ""
                )
                ddl += [
                    f"CREATE FUNCTION {name}_{event}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    f"BEGIN\n{first}{lock}{body}  RETURN NULL;\nEND $$",
                    f"CREATE TRIGGER {name}_{event} AFTER {operation} ON {source} REFERENCING {referencing} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_{event}()",
                ]
            return ddl
        moved = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in self.columns)
        heads = {
            "inserted": (f"AFTER INSERT ON {source}", self._sqlite_row("NEW", "")),
            "deleted": (f"AFTER DELETE ON {source}", self._sqlite_row("OLD", "-")),
            "updated": (
                f"AFTER UPDATE OF {', '.join(self.columns)} ON {source} WHEN {moved}",
                self._sqlite_row("OLD", "-") + self._sqlite_row("NEW", ""),
            ),
        }
        return [
            f"CREATE TRIGGER {name}_{event} {head} BEGIN\n{_body(body)}END"
            for event, (head, body) in heads.items()
        ]

    def drop_triggers(self, dialect: str) -> list[str]:
        events = ("inserted", "deleted", "updated")
        if dialect == "postgresql":
            ddl = [f"DROP TRIGGER IF EXISTS {self.table}_{e} ON {self.source}" for e in events]
            return ddl + [f"DROP FUNCTION IF EXISTS {self.table}_{e}()" for e in events]
        return [f"DROP TRIGGER IF EXISTS {self.table}_{e}" for e in events]


def _days(dialect: str, sql: str) -> str:
    """`DAY(x)` in `sql` as the UTC day of x; `SECONDS(a, b)` as the seconds from a to b (services/kpi's
    `seconds_between`)."""
    import re

    sql = re.sub(r"DAY\(([^()]*(?:\([^()]*\))?[^()]*)\)", lambda m: _utc_day(dialect, m.group(1)), sql)
    if dialect == "postgresql":
        return re.sub(r"SECONDS\(([^,()]*), ([^,()]*)\)", r"EXTRACT(EPOCH FROM (\2 - \1))", sql)
    return re.sub(r"SECONDS\(([^,()]*), ([^,()]*)\)", r"((julianday(\2) - julianday(\1)) * 86400.0)", sql)


_ONE = "1"
_OPEN_CLAIM = "('open', 'in_progress', 'waiting_customer', 'waiting_parts')"
TALLIES = (
    # The prospects (not erased) per owner (0: none) and score (-1: none): the dashboard's scores.
    Tally(
        "kpi_prospect_scores",
        "contacts",
        (("owner_key", "INTEGER"), ("score_key", "INTEGER")),
        (("n", "BIGINT"),),
        (
            Part(
                "{r}.lifecycle = 'prospect' AND {r}.erased_at IS NULL",
                ("COALESCE({r}.owner_id, 0)", "COALESCE({r}.score, -1)"),
                (_ONE,),
            ),
        ),
        ("lifecycle", "erased_at", "score", "owner_id"),
    ),
    # The contacts created per UTC day, owner (0: none) and channel: the new prospects of a period.
    Tally(
        "kpi_contact_days",
        "contacts",
        (("day", "DATE"), ("owner_key", "INTEGER"), ("channel", "VARCHAR(32)")),
        (("n", "BIGINT"),),
        (Part("1 = 1", ("DAY({r}.created_at)", "COALESCE({r}.owner_id, 0)", "{r}.source_channel"), (_ONE,)),),
        ("created_at", "owner_id", "source_channel"),
    ),
    # The opportunities won or lost per UTC day of closing, owner (0: none) and stage.
    Tally(
        "kpi_opportunity_days",
        "opportunities",
        (("day", "DATE"), ("owner_key", "INTEGER"), ("stage", "VARCHAR(32)")),
        (("n", "BIGINT"),),
        (
            Part(
                "{r}.stage IN ('won', 'lost') AND {r}.closed_at IS NOT NULL",
                ("DAY({r}.closed_at)", "COALESCE({r}.owner_id, 0)", "{r}.stage"),
                (_ONE,),
            ),
        ),
        ("stage", "closed_at", "owner_id"),
    ),
    # The claims per UTC day, event (opened, resolved, finished: closed, else resolved) and category: how
    # many; of those resolved, how many by their due instant and the seconds they took; of those
    # finished, the satisfaction marks (sum and number) and the goodwill (cents). The dealership's: one
    # salesperson's claims are read from the rows.
    Tally(
        "kpi_claim_days",
        "claims",
        (("day", "DATE"), ("event", "VARCHAR(16)"), ("category", "VARCHAR(32)")),
        (
            ("n", "BIGINT"),
            ("in_time", "BIGINT"),
            ("seconds", "SECONDS"),
            ("marks", "BIGINT"),
            ("marked", "BIGINT"),
            ("goodwill", "BIGINT"),
        ),
        (
            Part(
                "1 = 1", ("DAY({r}.opened_at)", "'opened'", "{r}.category"), (_ONE, "0", "0", "0", "0", "0")
            ),
            Part(
                "{r}.resolved_at IS NOT NULL",
                ("DAY({r}.resolved_at)", "'resolved'", "{r}.category"),
                (
                    _ONE,
                    "CASE WHEN {r}.resolved_at <= {r}.due_at THEN 1 ELSE 0 END",
                    "SECONDS({r}.opened_at, {r}.resolved_at)",
                    "0",
                    "0",
                    "0",
                ),
            ),
            Part(
                "COALESCE({r}.closed_at, {r}.resolved_at) IS NOT NULL",
                ("DAY(COALESCE({r}.closed_at, {r}.resolved_at))", "'finished'", "{r}.category"),
                (
                    _ONE,
                    "0",
                    "0",
                    "COALESCE({r}.satisfaction, 0)",
                    "CASE WHEN {r}.satisfaction IS NULL THEN 0 ELSE 1 END",
                    "COALESCE({r}.goodwill_cost, 0)",
                ),
            ),
        ),
        ("opened_at", "resolved_at", "closed_at", "due_at", "category", "satisfaction", "goodwill_cost"),
    ),
    # The service visits per day: how many, their amount and margin (cents).
    Tally(
        "kpi_visit_days",
        "service_visits",
        (("day", "DATE"),),
        (("n", "BIGINT"), ("amount", "BIGINT"), ("margin", "BIGINT")),
        (
            Part(
                "{r}.visited_on IS NOT NULL",
                ("{r}.visited_on",),
                (_ONE, "COALESCE({r}.amount, 0)", "COALESCE({r}.margin, 0)"),
            ),
        ),
        ("visited_on", "amount", "margin"),
    ),
    # The appointments per UTC day of their due instant and user (0: none).
    Tally(
        "kpi_appointment_days",
        "tasks",
        (("day", "DATE"), ("user_key", "INTEGER")),
        (("n", "BIGINT"),),
        (Part("{r}.kind = 'appointment'", ("DAY({r}.due_at)", "COALESCE({r}.user_id, 0)"), (_ONE,)),),
        ("kind", "due_at", "user_id"),
    ),
    # The sales per day, make and model (the dealership's: one salesperson's are read from the rows): how
    # many, their price and margin (cents). A vehicle whose make or model changes moves its sales
    # (`models_vehicle_ddl`).
    Tally(
        "kpi_model_days",
        "sales",
        (("day", "DATE"), ("make", "VARCHAR(40)"), ("model", "VARCHAR(60)")),
        (("n", "BIGINT"), ("price", "BIGINT"), ("margin", "BIGINT")),
        (
            Part(
                "1 = 1",
                (
                    "{r}.sold_on",
                    "(SELECT v.make FROM vehicles v WHERE v.id = {r}.vehicle_id)",
                    "(SELECT v.model FROM vehicles v WHERE v.id = {r}.vehicle_id)",
                ),
                (_ONE, "{r}.price", "{r}.margin"),
            ),
        ),
        ("sold_on", "vehicle_id", "price", "margin"),
        locked=True,  # a sale's make and model are its vehicle's, whose trigger reads the sales
    ),
    # The targets of each campaign: how many not excluded, how many reached.
    Tally(
        "kpi_campaign_reach",
        "campaign_targets",
        (("campaign_id", "INTEGER"),),
        (("targets", "BIGINT"), ("reached", "BIGINT")),
        (
            Part(
                "1 = 1",
                ("{r}.campaign_id",),
                (
                    "CASE WHEN {r}.status <> 'excluded' THEN 1 ELSE 0 END",
                    "CASE WHEN {r}.reached_at IS NULL THEN 0 ELSE 1 END",
                ),
            ),
        ),
        ("campaign_id", "status", "reached_at"),
    ),
)


def flat_tables(tallies: tuple[Tally, ...] = TALLIES) -> dict[str, Table]:
    """The tallies as SQLAlchemy tables (for the readers)."""
    tables = {}
    for tally in tallies:
        columns: list[Column[Any]] = []
        for name, kind in tally.keys:
            key_type: Any = Date if kind == "DATE" else String(32) if kind.startswith("VARCHAR") else Integer
            columns.append(Column(name, key_type, primary_key=True))
        for name, kind in tally.sums:
            columns.append(Column(name, Numeric(asdecimal=False) if kind == "SECONDS" else BigInteger))
        tables[tally.table] = Table(tally.table, metadata, *columns)
    return tables


FLAT = flat_tables()


# The funnel (migration 0021): per opportunity won or lost, the furthest step it reached (4: won; else
# 3 with a quote, 2 with a test drive, 1 with any other contacting interaction linked to it and its
# contact, 0 without: services/kpi `_funnel`), and per UTC day of closing, owner (0: none) and step, how
# many. A step depends on two tables: the triggers on opportunities and on their interactions refresh
# the opportunities concerned (their kept rows taken off the days' sums, computed again from what the
# tables hold then, added back), so that whatever order the writes of a statement come in (a deleted
# opportunity's interactions set to none by their foreign key), the last refresh leaves what the tables
# hold.
FUNNEL_TYPES = CONTACTING_TYPES


def funnel_tables_ddl() -> list[str]:
    return [
        "CREATE TABLE kpi_funnel_opportunities (opportunity_id INTEGER NOT NULL PRIMARY KEY, day DATE NOT "
        "NULL, owner_key INTEGER NOT NULL, reached INTEGER NOT NULL)",
        "CREATE TABLE kpi_funnel_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, reached INTEGER NOT "
        "NULL, n BIGINT NOT NULL, PRIMARY KEY (day, owner_key, reached))",
    ]


_FUNNEL_UPSERT = "ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n"


def _funnel_days(where: str, sign: str) -> str:
    return (
        f"INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, reached, "
        f"{sign}COUNT(*) FROM kpi_funnel_opportunities WHERE {where} GROUP BY day, owner_key, reached "
        f"{_FUNNEL_UPSERT}"
    )


def _funnel_refresh(dialect: str, where: str) -> list[str]:
    """The kept steps of the opportunities whose id matches `where` (SQL over `{id}`) again."""
    kept = where.replace("{id}", "opportunity_id")
    evidence = (
        "(SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN i.type = 'test_drive' THEN 2 ELSE 1 END) "
        f"FROM interactions i WHERE i.opportunity_id = o.id AND i.contact_id = o.contact_id "
        f"AND i.type IN {FUNNEL_TYPES})"
    )
    return [
        _funnel_days(kept, "-"),
        f"DELETE FROM kpi_funnel_opportunities WHERE {kept}",
        "INSERT INTO kpi_funnel_opportunities (opportunity_id, day, owner_key, reached) "
        f"SELECT o.id, {_utc_day(dialect, 'o.closed_at')}, COALESCE(o.owner_id, 0), "
        f"CASE WHEN o.stage = 'won' THEN 4 ELSE COALESCE({evidence}, 0) END FROM opportunities o "
        f"WHERE o.stage IN ('won', 'lost') AND o.closed_at IS NOT NULL AND {where.replace('{id}', 'o.id')}",
        _funnel_days(kept, ""),
    ]


def funnel_fill(dialect: str) -> list[str]:
    return [
        "DELETE FROM kpi_funnel_days",
        "DELETE FROM kpi_funnel_opportunities",
        *_funnel_refresh(dialect, "1 = 1")[2:],
    ]


_OPPORTUNITY_COLUMNS = ("stage", "closed_at", "owner_id", "contact_id")
_LINK_COLUMNS = ("opportunity_id", "contact_id", "type")


def funnel_triggers_ddl(dialect: str) -> list[str]:
    if dialect == "postgresql":
        lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
        ddl = [
            "CREATE FUNCTION kpi_funnel_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  IF cardinality(ids) = 0 THEN RETURN; END IF;\n{lock}"
            f"{_body(_funnel_refresh(dialect, '{id} IN (SELECT unnest(ids))'))}END $$"
        ]

        def changed(columns: tuple[str, ...]) -> str:
            old = ", ".join(f"o.{c}" for c in columns)
            new = ", ".join(f"n.{c}" for c in columns)
            return f"FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})"

        linked = f"opportunity_id IS NOT NULL AND type IN {FUNNEL_TYPES}"
        sources = {
            ("opportunities", "inserted"): "SELECT id FROM new_rows",
            ("opportunities", "deleted"): "SELECT id FROM old_rows",
            ("opportunities", "updated"): f"SELECT o.id {changed(_OPPORTUNITY_COLUMNS)}",
            ("interactions", "inserted"): f"SELECT opportunity_id FROM new_rows WHERE {linked}",
            ("interactions", "deleted"): f"SELECT opportunity_id FROM old_rows WHERE {linked}",
            ("interactions", "updated"): "SELECT unnest(ARRAY[o.opportunity_id, n.opportunity_id]) "
            f"{changed(_LINK_COLUMNS)}",
        }
        for (table, event), source in sources.items():
            name = f"kpi_funnel_{table}_{event}"
            operation, referencing = _PG_TRANSITIONS[event]
            ddl += [
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                "  PERFORM kpi_funnel_refresh(ARRAY(SELECT DISTINCT r.id FROM "
                f"({source}) AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id));\n"
                "  RETURN NULL;\nEND $$",
                f"CREATE TRIGGER {name} AFTER {operation} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
        return ddl

    def moved(columns: tuple[str, ...]) -> str:
        return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)

    linked = "{row}.opportunity_id IS NOT NULL AND {row}." + f"type IN {FUNNEL_TYPES}"
    heads = {
        ("opportunities", "inserted"): ("AFTER INSERT ON opportunities", "{id} = NEW.id"),
        ("opportunities", "deleted"): ("AFTER DELETE ON opportunities", "{id} = OLD.id"),
        ("opportunities", "updated"): (
            f"AFTER UPDATE OF {', '.join(_OPPORTUNITY_COLUMNS)} ON opportunities "
            f"WHEN {moved(_OPPORTUNITY_COLUMNS)}",
            "{id} = NEW.id",
        ),
        ("interactions", "inserted"): (
            f"AFTER INSERT ON interactions WHEN {linked.format(row='NEW')}",
            "{id} = NEW.opportunity_id",
        ),
        ("interactions", "deleted"): (
            f"AFTER DELETE ON interactions WHEN {linked.format(row='OLD')}",
            "{id} = OLD.opportunity_id",
        ),
        ("interactions", "updated"): (
            f"AFTER UPDATE OF {', '.join(_LINK_COLUMNS)} ON interactions WHEN ({moved(_LINK_COLUMNS)}) "
            "AND (OLD.opportunity_id IS NOT NULL OR NEW.opportunity_id IS NOT NULL)",
            "{id} IN (OLD.opportunity_id, NEW.opportunity_id)",
        ),
    }
    return [
        f"CREATE TRIGGER kpi_funnel_{table}_{event} {head} BEGIN\n{_body(_funnel_refresh(dialect, where))}END"
        for (table, event), (head, where) in heads.items()
    ]


def funnel_triggers_drop(dialect: str) -> list[str]:
    names = [(t, e) for t in ("opportunities", "interactions") for e in ("inserted", "deleted", "updated")]
    if dialect == "postgresql":
        ddl = [f"DROP TRIGGER IF EXISTS kpi_funnel_{t}_{e} ON {t}" for t, e in names]
        ddl += [f"DROP FUNCTION IF EXISTS kpi_funnel_{t}_{e}()" for t, e in names]
        return [*ddl, "DROP FUNCTION IF EXISTS kpi_funnel_refresh(integer[])"]
    return [f"DROP TRIGGER IF EXISTS kpi_funnel_{t}_{e}" for t, e in names]


FUNNEL_KEPT = Table(  # each opportunity's kept row
    "kpi_funnel_opportunities",
    metadata,
    Column("opportunity_id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("owner_key", Integer, nullable=False),
    Column("reached", Integer, nullable=False),
)
FUNNEL = Table(
    "kpi_funnel_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("owner_key", Integer, primary_key=True),
    Column("reached", Integer, primary_key=True),
    Column("n", BigInteger, nullable=False),
)


_MODEL_UPSERT = (
    "ON CONFLICT (day, make, model) DO UPDATE SET n = kpi_model_days.n + excluded.n, "
    "price = kpi_model_days.price + excluded.price, margin = kpi_model_days.margin + excluded.margin"
)


def _vehicle_models(make: str, model: str, sign: str) -> str:
    """A vehicle's sales (NEW: the vehicle row) added to / taken off the rows of `make` and `model`."""
    return (
        f"INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT s.sold_on, {make}, {model}, "
        f"{sign}COUNT(*), {sign}SUM(s.price), {sign}SUM(s.margin) FROM sales s WHERE s.vehicle_id = NEW.id "
        f"GROUP BY s.sold_on {_MODEL_UPSERT}"
    )


def _pg_vehicle_models() -> str:
    """PostgreSQL: a vehicle's sales moved from its old make and model to its new ones (a delta per day)."""
    sales = "FROM sales s WHERE s.vehicle_id = NEW.id"
    delta = (
        "SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM ("
        f"SELECT s.sold_on AS c0, OLD.make AS c1, OLD.model AS c2, -1 AS c3, -s.price AS c4, -s.margin AS c5 "
        f"{sales} UNION ALL SELECT s.sold_on, NEW.make, NEW.model, 1, s.price, s.margin {sales}) p "
        "GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0"
    )
    return _pg_keep("kpi_model_days", ("day", "make", "model"), ("n", "price", "margin"), delta)


def models_vehicle_ddl(dialect: str) -> list[str]:
    """The trigger moving a vehicle's sales between the makes and models per day when it changes."""
    if dialect == "postgresql":
        lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
        return [
            "CREATE FUNCTION kpi_model_days_vehicle() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"{lock}{_pg_vehicle_models()}  RETURN NULL;\nEND $$",
            "CREATE TRIGGER kpi_model_days_vehicle AFTER UPDATE OF make, model ON vehicles FOR EACH ROW WHEN "
            "((OLD.make, OLD.model) IS DISTINCT FROM (NEW.make, NEW.model)) EXECUTE FUNCTION "
            "kpi_model_days_vehicle()",
        ]
    body = _body(
        [_vehicle_models("OLD.make", "OLD.model", "-"), _vehicle_models("NEW.make", "NEW.model", "")]
    )
    return [
        "CREATE TRIGGER kpi_model_days_vehicle AFTER UPDATE OF make, model ON vehicles WHEN OLD.make IS NOT "
        f"NEW.make OR OLD.model IS NOT NEW.model BEGIN\n{body}END"
    ]


def models_vehicle_drop(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS kpi_model_days_vehicle ON vehicles",
            "DROP FUNCTION IF EXISTS kpi_model_days_vehicle()",
        ]
    return ["DROP TRIGGER IF EXISTS kpi_model_days_vehicle"]


# The new customers per day and channel (migration 0021): the first-sale steps of 0014 (`buyers` of
# kpi_activity_steps: 1 on a customer's first sale day) summed per day and the customer's channel, kept
# by triggers on the steps (written by the triggers of 0014 on sales and visits) and on the contacts whose
# channel changes (their steps moved). A customer has sales, so is never deleted with steps left.
_BUYERS_UPSERT = "ON CONFLICT (day, channel) DO UPDATE SET n = kpi_buyer_days.n + excluded.n"


def buyers_table_ddl() -> list[str]:
    return [
        "CREATE TABLE kpi_buyer_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, n BIGINT NOT NULL, "
        "PRIMARY KEY (day, channel))"
    ]


def _buyers_add(steps: str, sign: str, where: str = "1 = 1") -> str:
    return (
        f"INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, c.source_channel, {sign}SUM(st.buyers) "
        f"FROM {steps} st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 AND {where} "
        f"GROUP BY st.day, c.source_channel {_BUYERS_UPSERT}"
    )


def _buyers_moved(channel: str, sign: str) -> str:
    return (
        f"INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, {channel}, {sign}SUM(st.buyers) "
        "FROM kpi_activity_steps st WHERE st.contact_id = NEW.id AND st.buyers <> 0 GROUP BY st.day "
        f"{_BUYERS_UPSERT}"
    )


def buyers_fill() -> list[str]:
    return ["DELETE FROM kpi_buyer_days", _buyers_add("kpi_activity_steps", "")]


def _buyer_steps_triggers(
    dialect: str,
    table: str,
    add: Callable[[str, str], str],
    row: Callable[[str, str], str],
    contact: tuple[str, str, str, list[str]],
) -> list[str]:
    """The triggers keeping `table` (a tally of the first-sale steps of kpi_activity_steps, per contact
    attribute) up to date: `add(steps, sign)` adds (sign "") or takes off ("-") a set of steps on
    PostgreSQL, `row(ref, sign)` the step OLD or NEW on SQLite; `contact` is the trigger moving a
    contact's steps when the attributes change: its name, the columns it watches, the condition that
    they changed ("IS {op}" between OLD and NEW) and its statements."""
    name, columns, changed, moved = contact
    if dialect == "postgresql":
        lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
        bodies = {
            "inserted": [add("new_rows", "")],
            "deleted": [add("old_rows", "-")],
            "updated": [add("old_rows", "-"), add("new_rows", "")],
        }
        return [
            *_pg_statement_triggers(table, "kpi_activity_steps", lock, bodies),
            f"CREATE FUNCTION {table}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"{lock}{_body(moved)}  RETURN NULL;\nEND $$",
            f"CREATE TRIGGER {table}_{name} AFTER UPDATE OF {columns} ON contacts FOR EACH ROW "
            f"WHEN ({changed.format(op='DISTINCT FROM')}) EXECUTE FUNCTION {table}_{name}()",
        ]
    heads = {
        "inserted": ("AFTER INSERT ON kpi_activity_steps WHEN NEW.buyers <> 0", [row("NEW", "")]),
        "deleted": ("AFTER DELETE ON kpi_activity_steps WHEN OLD.buyers <> 0", [row("OLD", "-")]),
        "updated": (
            "AFTER UPDATE OF contact_id, day, buyers ON kpi_activity_steps",
            [row("OLD", "-"), row("NEW", "")],
        ),
        name: (f"AFTER UPDATE OF {columns} ON contacts WHEN {changed.format(op='NOT')}", moved),
    }
    return [
        f"CREATE TRIGGER {table}_{name} {head} BEGIN\n{_body(body)}END"
        for name, (head, body) in heads.items()
    ]


def _buyer_steps_triggers_drop(dialect: str, table: str, contact: str) -> list[str]:
    if dialect == "postgresql":
        ddl = [f"DROP TRIGGER IF EXISTS {table}_{e} ON kpi_activity_steps" for e in _PG_TRANSITIONS]
        ddl.append(f"DROP TRIGGER IF EXISTS {table}_{contact} ON contacts")
        return ddl + [f"DROP FUNCTION IF EXISTS {table}_{e}()" for e in (*_PG_TRANSITIONS, contact)]
    return [f"DROP TRIGGER IF EXISTS {table}_{e}" for e in (*_PG_TRANSITIONS, contact)]


def buyers_triggers_ddl(dialect: str) -> list[str]:
    def row(ref: str, sign: str) -> str:
        return (
            "INSERT INTO kpi_buyer_days (day, channel, n) "
            f"SELECT {ref}.day, c.source_channel, {sign}{ref}.buyers "
            f"FROM contacts c WHERE c.id = {ref}.contact_id {_BUYERS_UPSERT}"
        )

    moved = [_buyers_moved("OLD.source_channel", "-"), _buyers_moved("NEW.source_channel", "")]
    channel = ("channel", "source_channel", "OLD.source_channel IS {op} NEW.source_channel", moved)
    return _buyer_steps_triggers(dialect, "kpi_buyer_days", _buyers_add, row, channel)


BUYERS = Table(
    "kpi_buyer_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("channel", String(32), primary_key=True),
    Column("n", BigInteger, nullable=False),
)


# The leads per day (migration 0021): per contact, the UTC day of their creation, their owner (0: none),
# whether they have a first contact (kpi_first_contacts of 0016) and the seconds from their creation to
# it; per day and owner, those summed (the dashboard's leads, leads contacted and response time). A row
# depends on the contact and on their first contact: the triggers on both refresh the contacts concerned
# (kept rows taken off the days' sums, computed again, added back), in whatever order a statement's
# writes come. PostgreSQL: the days' sums are rows added as the tallies' are (`_pg_keep`: no unique key);
# a refresh takes the writers' lock, so that two transactions never refresh one contact from two
# snapshots, but for contacts just inserted, which no other transaction sees yet (the importer's batches
# in flight do not wait for each other).
def leads_tables_ddl(dialect: str) -> list[str]:
    seconds = "NUMERIC" if dialect == "postgresql" else "REAL"
    kept = (
        "CREATE TABLE kpi_lead_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, day DATE NOT NULL, "
        f"owner_key INTEGER NOT NULL, answered INTEGER NOT NULL, seconds {seconds} NOT NULL)"
    )
    columns = (
        "day DATE NOT NULL, owner_key INTEGER NOT NULL, n BIGINT NOT NULL, answered BIGINT NOT NULL, "
        f"seconds {seconds} NOT NULL"
    )
    if dialect == "postgresql":
        return [kept, *_pg_tally_table("kpi_lead_days", columns, "day, owner_key")]
    return [kept, f"CREATE TABLE kpi_lead_days ({columns}, PRIMARY KEY (day, owner_key))"]


def _lead_days(where: str, sign: str) -> str:
    return (
        "INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, "
        f"{sign}COUNT(*), {sign}SUM(answered), {sign}SUM(seconds) FROM kpi_lead_contacts WHERE {where} "
        "GROUP BY day, owner_key ON CONFLICT (day, owner_key) DO UPDATE SET "
        "n = kpi_lead_days.n + excluded.n, answered = kpi_lead_days.answered + excluded.answered, "
        "seconds = kpi_lead_days.seconds + excluded.seconds"
    )


def _lead_contacts(dialect: str, where: str) -> str:
    """INSERT of the kept leads of the contacts whose id matches `where` (SQL over `{id}`)."""
    seconds = _days(dialect, "SECONDS(c.created_at, f.first_at)")
    return (
        "INSERT INTO kpi_lead_contacts (contact_id, day, owner_key, answered, seconds) "
        f"SELECT c.id, {_utc_day(dialect, 'c.created_at')}, COALESCE(c.owner_id, 0), "
        f"CASE WHEN f.first_at IS NULL THEN 0 ELSE 1 END, COALESCE({seconds}, 0) FROM contacts c "
        f"LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id WHERE {where.replace('{id}', 'c.id')}"
    )


def _leads_refresh(dialect: str, where: str) -> list[str]:
    """SQLite: the kept leads of the contacts whose id matches `where` (SQL over `{id}`) again."""
    kept = where.replace("{id}", "contact_id")
    return [
        _lead_days(kept, "-"),
        f"DELETE FROM kpi_lead_contacts WHERE {kept}",
        _lead_contacts(dialect, where),
        _lead_days(kept, ""),
    ]


_LEAD_SUMS = "SUM(answered) AS c3, SUM(seconds) AS c4 FROM kpi_lead_contacts WHERE"


def _pg_leads_refresh() -> str:
    """PostgreSQL: the function refreshing the kept leads of the contacts `ids` (`serialized`: after the
    writers' lock). Their old rows are taken off the days' sums as rows of their own, and the new ones
    added by `_pg_keep`, whose fold of the keys takes in the old rows of the same keys."""
    lock = f"PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});"
    ids = "contact_id IN (SELECT unnest(ids))"
    old = (
        f"WITH old AS (DELETE FROM kpi_lead_contacts WHERE {ids} RETURNING day, owner_key, answered, "
        "seconds) INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, "
        "-COUNT(*), -SUM(answered), -SUM(seconds) FROM old GROUP BY day, owner_key"
    )
    new = (
        f"SELECT day AS c0, owner_key AS c1, COUNT(*) AS c2, {_LEAD_SUMS} {ids} GROUP BY day, owner_key "
        "HAVING COUNT(*) <> 0"
    )
    keep = _pg_keep("kpi_lead_days", ("day", "owner_key"), ("n", "answered", "seconds"), new)
    return (
        "CREATE FUNCTION kpi_leads_refresh(ids integer[], serialized boolean) RETURNS void LANGUAGE plpgsql "
        "AS $$\nBEGIN\n  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
        f"  IF serialized THEN {lock} END IF;\n"
        f"{_body([old, _lead_contacts('postgresql', '{id} IN (SELECT unnest(ids))')])}{keep}END $$"
    )


def leads_fill(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            "DELETE FROM kpi_lead_days",
            "DELETE FROM kpi_lead_contacts",
            _lead_contacts(dialect, "1 = 1"),
            "INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, "
            "COUNT(*), SUM(answered), SUM(seconds) FROM kpi_lead_contacts GROUP BY day, owner_key",
        ]
    return [
        "DELETE FROM kpi_lead_days",
        "DELETE FROM kpi_lead_contacts",
        *_leads_refresh(dialect, "1 = 1")[2:],
    ]


def leads_triggers_ddl(dialect: str) -> list[str]:
    if dialect == "postgresql":
        ddl = [_pg_leads_refresh()]
        moved = (
            "FROM old_rows o JOIN new_rows n ON n.id = o.id "
            "WHERE (o.created_at, o.owner_id) IS DISTINCT FROM (n.created_at, n.owner_id)"
        )
        sources = {
            ("contacts", "inserted"): "SELECT id FROM new_rows",
            ("contacts", "deleted"): "SELECT id FROM old_rows",
            ("contacts", "updated"): f"SELECT o.id {moved}",
            ("first_contacts", "inserted"): "SELECT contact_id FROM new_rows",
            ("first_contacts", "deleted"): "SELECT contact_id FROM old_rows",
            (
                "first_contacts",
                "updated",
            ): "SELECT contact_id FROM old_rows UNION SELECT contact_id FROM new_rows",
        }
        for (table, event), source in sources.items():
            name = f"kpi_leads_{table}_{event}"
            operation, referencing = _PG_TRANSITIONS[event]
            on = "contacts" if table == "contacts" else "kpi_first_contacts"
            serialized = "false" if (table, event) == ("contacts", "inserted") else "true"
            ddl += [
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                "  PERFORM kpi_leads_refresh(ARRAY(SELECT DISTINCT r.id FROM "
                f"({source}) AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id), {serialized});\n"
                "  RETURN NULL;\nEND $$",
                f"CREATE TRIGGER {name} AFTER {operation} ON {on} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
        return ddl
    heads = {
        ("contacts", "inserted"): ("AFTER INSERT ON contacts", "{id} = NEW.id"),
        ("contacts", "deleted"): ("AFTER DELETE ON contacts", "{id} = OLD.id"),
        ("contacts", "updated"): (
            "AFTER UPDATE OF created_at, owner_id ON contacts "
            "WHEN OLD.created_at IS NOT NEW.created_at OR OLD.owner_id IS NOT NEW.owner_id",
            "{id} = NEW.id",
        ),
        ("first_contacts", "inserted"): ("AFTER INSERT ON kpi_first_contacts", "{id} = NEW.contact_id"),
        ("first_contacts", "deleted"): ("AFTER DELETE ON kpi_first_contacts", "{id} = OLD.contact_id"),
        ("first_contacts", "updated"): (
            "AFTER UPDATE ON kpi_first_contacts",
            "{id} IN (OLD.contact_id, NEW.contact_id)",
        ),
    }
    return [
        f"CREATE TRIGGER kpi_leads_{table}_{event} {head} BEGIN\n{_body(_leads_refresh(dialect, where))}END"
        for (table, event), (head, where) in heads.items()
    ]


def leads_triggers_drop(dialect: str) -> list[str]:
    names = [(t, e) for t in ("contacts", "first_contacts") for e in ("inserted", "deleted", "updated")]
    if dialect == "postgresql":
        ons = {"contacts": "contacts", "first_contacts": "kpi_first_contacts"}
        ddl = [f"DROP TRIGGER IF EXISTS kpi_leads_{t}_{e} ON {ons[t]}" for t, e in names]
        ddl += [f"DROP FUNCTION IF EXISTS kpi_leads_{t}_{e}()" for t, e in names]
        return [*ddl, "DROP FUNCTION IF EXISTS kpi_leads_refresh(integer[], boolean)"]
    return [f"DROP TRIGGER IF EXISTS kpi_leads_{t}_{e}" for t, e in names]


LEADS_KEPT = Table(  # each contact's kept row
    "kpi_lead_contacts",
    metadata,
    Column("contact_id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("owner_key", Integer, nullable=False),
    Column("answered", Integer, nullable=False),
    Column("seconds", Numeric(asdecimal=False), nullable=False),
)
LEADS = Table(
    "kpi_lead_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("owner_key", Integer, primary_key=True),
    Column("n", BigInteger, nullable=False),
    Column("answered", BigInteger, nullable=False),
    Column("seconds", Numeric(asdecimal=False), nullable=False),
)


def flat_triggers_ddl(dialect: str) -> list[str]:
    tallies = [statement for tally in TALLIES for statement in tally.triggers_ddl(dialect)]
    return [
        *tallies,
        *models_vehicle_ddl(dialect),
        *funnel_triggers_ddl(dialect),
        *buyers_triggers_ddl(dialect),
        *leads_triggers_ddl(dialect),
    ]


def flat_triggers_drop(dialect: str) -> list[str]:
    tallies = [statement for tally in TALLIES for statement in tally.drop_triggers(dialect)]
    return [
        *tallies,
        *models_vehicle_drop(dialect),
        *funnel_triggers_drop(dialect),
        *_buyer_steps_triggers_drop(dialect, "kpi_buyer_days", "channel"),
        *leads_triggers_drop(dialect),
    ]


def flat_fill(dialect: str) -> list[str]:
    """Migration 0021's tables filled again from the history."""
    return [
        *(statement for tally in TALLIES for statement in tally.fill(dialect)),
        *funnel_fill(dialect),
        *buyers_fill(),
        *leads_fill(dialect),
    ]


def flat_ddl(dialect: str) -> list[str]:
    """Migration 0021's upgrade: the tables, their triggers, then the fill."""
    return [
        *(statement for tally in TALLIES for statement in tally.table_ddl(dialect)),
        *funnel_tables_ddl(),
        *buyers_table_ddl(),
        *leads_tables_ddl(dialect),
        *flat_triggers_ddl(dialect),
        *flat_fill(dialect),
    ]


def flat_drop_ddl(dialect: str) -> list[str]:
    """What migration 0021 made, undone."""
    tables = [
        *(tally.table for tally in TALLIES),
        "kpi_funnel_days",
        "kpi_funnel_opportunities",
        "kpi_buyer_days",
        "kpi_lead_days",
        "kpi_lead_contacts",
    ]
    return [*flat_triggers_drop(dialect), *(f"DROP TABLE IF EXISTS {table}" for table in tables)]


# The cohorts per UTC day of creation (migration 0022_kpi_cohorts): per UTC day of a contact's creation,
# their channel and their first sale day (the first-sale steps of 0014, `buyers` of kpi_activity_steps),
# how many contacts: the prospects of a period who bought before its end (the channels' conversion) are
# the rows of its creation days whose first sale day comes before its end, not its contacts each probed
# for a sale. Kept as kpi_buyer_days is: by triggers on the steps (written by the triggers of 0014 on
# sales and visits) and on the contacts whose day of creation or channel changes (their steps moved); a
# customer has sales, so is never deleted with steps left. PostgreSQL: the writers' lock of 0013 first
# (the steps are written under it), then an upsert of the one row per key.
_COHORT_UPSERT = "ON CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n"


def cohort_table_ddl() -> list[str]:
    return [
        "CREATE TABLE kpi_cohort_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, first_on DATE NOT "
        "NULL, n BIGINT NOT NULL, PRIMARY KEY (day, channel, first_on))"
    ]


def _cohort_add(dialect: str, steps: str, sign: str) -> str:
    """Upsert of the first-sale steps of `steps` (a table), added (`sign` "") or taken off ("-")."""
    day = _utc_day(dialect, "c.created_at")
    return (
        f"INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT {day}, c.source_channel, st.day, "
        f"{sign}SUM(st.buyers) FROM {steps} st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 "
        f"GROUP BY {day}, c.source_channel, st.day {_COHORT_UPSERT}"
    )


def _cohort_moved(dialect: str, ref: str, sign: str) -> str:
    """The first-sale steps of the contact `ref` (OLD or NEW) taken off (`sign` "-") or added under its
    day of creation and channel."""
    day = _utc_day(dialect, f"{ref}.created_at")
    return (
        f"INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT {day}, {ref}.source_channel, "
        f"st.day, {sign}SUM(st.buyers) FROM kpi_activity_steps st "
        f"WHERE st.contact_id = {ref}.id AND st.buyers <> 0 GROUP BY st.day {_COHORT_UPSERT}"
    )


def cohort_fill(dialect: str) -> list[str]:
    return ["DELETE FROM kpi_cohort_days", _cohort_add(dialect, "kpi_activity_steps", "")]


_COHORT_CONTACT_CHANGED = (
    "OLD.created_at IS {op} NEW.created_at OR OLD.source_channel IS {op} NEW.source_channel"
)


def cohort_triggers_ddl(dialect: str) -> list[str]:
    def row(ref: str, sign: str) -> str:
        return (
            "INSERT INTO kpi_cohort_days (day, channel, first_on, n) "
            f"SELECT {_utc_day(dialect, 'c.created_at')}, c.source_channel, {ref}.day, {sign}{ref}.buyers "
            f"FROM contacts c WHERE c.id = {ref}.contact_id AND {ref}.buyers <> 0 {_COHORT_UPSERT}"
        )

    def add(steps: str, sign: str) -> str:
        return _cohort_add(dialect, steps, sign)

    moved = [_cohort_moved(dialect, "OLD", "-"), _cohort_moved(dialect, "NEW", "")]
    contact = ("contact", "created_at, source_channel", _COHORT_CONTACT_CHANGED, moved)
    return _buyer_steps_triggers(dialect, "kpi_cohort_days", add, row, contact)


COHORTS = Table(
    "kpi_cohort_days",
    metadata,
    Column("day", Date, primary_key=True),  # the UTC day of the contacts' creation
    Column("channel", String(32), primary_key=True),
    Column("first_on", Date, primary_key=True),  # their first sale day
    Column("n", BigInteger, nullable=False),
)


# The lapses (migration 0022_kpi_cohorts): per activity span of a customer not lost, the day it ends and
# the day their next span starts (9999-12-31: none), with an index on both, so that the churn of a pair
# of days (start, end) no more than the churn window apart is a count of index entries: the customers
# active on `start` and not on `end` are those with a span ending in [start, end) whose next span starts
# on or after `end` (a span lasts the window at least, services/kpi `_churned`), rather than every
# lapsing customer's spans and lifecycle read. Refreshed per customer (their rows again from their spans)
# by triggers on the spans (written by the triggers of 0011) and on contacts that become or stop being
# lost. PostgreSQL: statement triggers on the spans, a row trigger on contacts, after the writers' lock.
NO_NEXT_SPAN = "9999-12-31"


def lapses_tables_ddl() -> list[str]:
    return [
        "CREATE TABLE kpi_lapses (contact_id INTEGER NOT NULL, ends_on DATE NOT NULL, next_on DATE NOT NULL, "
        "PRIMARY KEY (contact_id, ends_on))",
        "CREATE INDEX ix_kpi_lapses_ends ON kpi_lapses (ends_on, next_on)",
    ]


def _lapses_insert(dialect: str, where: str) -> str:
    """INSERT of the lapses of the customers whose spans `s` match `where`."""
    none = f"DATE '{NO_NEXT_SPAN}'" if dialect == "postgresql" else f"'{NO_NEXT_SPAN}'"
    return (
        "INSERT INTO kpi_lapses (contact_id, ends_on, next_on) SELECT s.contact_id, s.ends_on, "
        f"COALESCE(LEAD(s.starts_on) OVER (PARTITION BY s.contact_id ORDER BY s.starts_on), {none}) "
        f"FROM kpi_activity_spans s WHERE {where} AND {_not_lost('s')}"
    )


def _lapses_refresh(dialect: str, contacts: str) -> list[str]:
    """The lapses of the customers `contacts` (SQL: one id, or a SELECT of ids) again."""
    return [
        f"DELETE FROM kpi_lapses WHERE contact_id IN ({contacts})",
        _lapses_insert(dialect, f"s.contact_id IN ({contacts})"),
    ]


def lapses_fill(dialect: str) -> list[str]:
    return ["DELETE FROM kpi_lapses", _lapses_insert(dialect, "1 = 1")]


def lapses_triggers_ddl(dialect: str) -> list[str]:
    lost = _lapses_refresh(dialect, "NEW.id")
    if dialect == "postgresql":
        lock = f"  PERFORM pg_advisory_xact_lock({LOCK_CLASS}, {WRITERS_LOCK});\n"
        bodies = {
            "inserted": _lapses_refresh(dialect, "SELECT contact_id FROM new_rows"),
            "deleted": _lapses_refresh(dialect, "SELECT contact_id FROM old_rows"),
            "updated": _lapses_refresh(
                dialect, "SELECT contact_id FROM old_rows UNION SELECT contact_id FROM new_rows"
            ),
        }
        return [
            *_pg_statement_triggers("kpi_lapses", "kpi_activity_spans", lock, bodies),
            "CREATE FUNCTION kpi_lapses_lost() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"{lock}{_body(lost)}  RETURN NULL;\nEND $$",
            "CREATE TRIGGER kpi_lapses_lost AFTER UPDATE OF lifecycle ON contacts FOR EACH ROW "
            f"WHEN ({LOST_CHANGED.replace('IS NOT', 'IS DISTINCT FROM')}) EXECUTE FUNCTION kpi_lapses_lost()",
        ]
    heads = {
        "inserted": ("AFTER INSERT ON kpi_activity_spans", _lapses_refresh(dialect, "NEW.contact_id")),
        "deleted": ("AFTER DELETE ON kpi_activity_spans", _lapses_refresh(dialect, "OLD.contact_id")),
        "updated": (
            "AFTER UPDATE ON kpi_activity_spans",
            _lapses_refresh(dialect, "OLD.contact_id, NEW.contact_id"),
        ),
        "lost": (f"AFTER UPDATE OF lifecycle ON contacts WHEN {LOST_CHANGED}", lost),
    }
    return [
        f"CREATE TRIGGER kpi_lapses_{name} {head} BEGIN\n{_body(body)}END"
        for name, (head, body) in heads.items()
    ]


def lapses_triggers_drop(dialect: str) -> list[str]:
    if dialect == "postgresql":
        ddl = [f"DROP TRIGGER IF EXISTS kpi_lapses_{e} ON kpi_activity_spans" for e in _PG_TRANSITIONS]
        ddl.append("DROP TRIGGER IF EXISTS kpi_lapses_lost ON contacts")
        return ddl + [f"DROP FUNCTION IF EXISTS kpi_lapses_{e}()" for e in (*_PG_TRANSITIONS, "lost")]
    return [f"DROP TRIGGER IF EXISTS kpi_lapses_{e}" for e in (*_PG_TRANSITIONS, "lost")]


LAPSES = Table(
    "kpi_lapses",
    metadata,
    Column("contact_id", Integer, primary_key=True),
    Column("ends_on", Date, primary_key=True),  # a span of a customer not lost ends on this day ...
    Column("next_on", Date, nullable=False),  # ... and their next one starts on this one (NO_NEXT_SPAN)
)


def cohorts_triggers_ddl(dialect: str) -> list[str]:
    """Migration 0022's triggers (the cohorts', the lapses')."""
    return [*cohort_triggers_ddl(dialect), *lapses_triggers_ddl(dialect)]


def cohorts_triggers_drop(dialect: str) -> list[str]:
    return [
        *_buyer_steps_triggers_drop(dialect, "kpi_cohort_days", "contact"),
        *lapses_triggers_drop(dialect),
    ]


def cohorts_fill(dialect: str) -> list[str]:
    """Migration 0022's tables filled again from the steps and spans."""
    return [*cohort_fill(dialect), *lapses_fill(dialect)]


def cohorts_ddl(dialect: str) -> list[str]:
    """Migration 0022's upgrade: the tables, their triggers, then the fill."""
    return [
        *cohort_table_ddl(),
        *lapses_tables_ddl(),
        *cohorts_triggers_ddl(dialect),
        *cohorts_fill(dialect),
    ]


def cohorts_drop_ddl(dialect: str) -> list[str]:
    """What migration 0022 made, undone."""
    return [
        *cohorts_triggers_drop(dialect),
        "DROP TABLE IF EXISTS kpi_cohort_days",
        "DROP TABLE IF EXISTS kpi_lapses",
    ]
