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

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, Date, Integer, MetaData, Table, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from dealercrm.models.types import Money

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
    for statement in _rebuild_steps(conn.dialect.name):
        conn.execute(text(statement))


@contextmanager
def upkeep_deferred(conn: Connection) -> Iterator[None]:
    """A bulk load of history into an empty database (the demo), inside the caller's transaction: on SQLite
    the per-row triggers of sales, visits and lost contacts are dropped for the load, made again after it
    (as `steps_triggers_ddl`), and every span, total and step is rebuilt once from the history: what
    the triggers would have kept, for a fraction of the work. Other connections never see the triggers
    missing (SQLite's DDL is part of the transaction, which holds the write lock). PostgreSQL's triggers
    run once per statement, not per row: nothing is deferred there."""
    window = window_in_use(conn) if conn.dialect.name == "sqlite" else None
    if window is None:
        yield
        return
    for statement in (*_sqlite_history_triggers_drop(), "DROP TRIGGER IF EXISTS kpi_contacts_lost"):
        conn.execute(text(statement))
    yield
    for statement in steps_triggers_ddl("sqlite"):
        conn.execute(text(statement))
    rebuild(conn, window_in_use(conn) or window)  # the window's own triggers stayed on: the state follows


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
