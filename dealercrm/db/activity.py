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
    """Every span and customer total again from the history, for a window of `window_months`."""
    conn.execute(text("DELETE FROM kpi_activity_state"))
    conn.execute(
        text("INSERT INTO kpi_activity_state (id, window_months) VALUES (1, :w)"), {"w": window_months}
    )
    conn.execute(text("DELETE FROM kpi_activity_spans"))
    conn.execute(text(spans_sql(conn.dialect.name, "1 = 1")))
    conn.execute(text("DELETE FROM kpi_customers"))
    conn.execute(text(customers_sql("1 = 1")))


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


def spans_sql(dialect: str, where: str) -> str:
    """INSERT of the spans of the customers whose history rows match `where` (no CTE: SQLite's
    triggers take none). Islands: a day starts a new span when it is after every earlier day's E."""
    ends = last_active_day(dialect, "a.day", "st.window_months")
    order = "PARTITION BY contact_id ORDER BY day, last_day"
    return (
        "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) "
        "SELECT contact_id, MIN(day), MAX(last_day) FROM ("
        f"SELECT contact_id, day, last_day, SUM(fresh) OVER ({order} ROWS UNBOUNDED PRECEDING) AS island "
        "FROM ("
        "SELECT contact_id, day, last_day, CASE WHEN day <= MAX(last_day) OVER "
        f"({order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh "
        f"FROM (SELECT a.contact_id, a.day, {ends} AS last_day "
        f"FROM ({_history(where)}) a CROSS JOIN kpi_activity_state st WHERE st.id = 1) e"
        ") m) i GROUP BY contact_id, island"
    )


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


def _refresh(dialect: str, where: str) -> list[str]:
    return [
        f"DELETE FROM kpi_activity_spans WHERE {where}",
        spans_sql(dialect, where),
        f"DELETE FROM kpi_customers WHERE {where}",
        customers_sql(where),
    ]


def _set_window(dialect: str, value: str) -> list[str]:
    return [
        "DELETE FROM kpi_activity_state",
        f"INSERT INTO kpi_activity_state (id, window_months) VALUES (1, {value})",
        "DELETE FROM kpi_activity_spans",
        spans_sql(dialect, "1 = 1"),
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


def triggers_ddl(dialect: str) -> list[str]:
    """The triggers (and, on PostgreSQL, their functions) that keep the tables, as revision 0011 made
    them; on PostgreSQL, 0013 replaces two functions (`pg_serialized_ddl`)."""
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
            body = "".join(f"  {statement};\n" for statement in _refresh(dialect, where))
            ddl.append(f"CREATE TRIGGER kpi_{table}_{name} AFTER {event} ON {table} BEGIN\n{body}END")
    for name, event, row in (("set", "INSERT", "NEW"), ("changed", "UPDATE OF value", "NEW")):
        body = "".join(
            f"  {statement};\n" for statement in _set_window(dialect, f"CAST({row}.value AS INTEGER)")
        )
        ddl.append(
            f"CREATE TRIGGER kpi_window_{name} AFTER {event} ON settings "
            f"WHEN {row}.key = '{WINDOW_KEY}' BEGIN\n{body}END"
        )
    body = "".join(f"  {statement};\n" for statement in _set_window(dialect, str(DEFAULT_WINDOW)))
    ddl.append(
        f"CREATE TRIGGER kpi_window_reset AFTER DELETE ON settings WHEN OLD.key = '{WINDOW_KEY}' BEGIN\n"
        f"{body}END"
    )
    return ddl


def _pg_refresh_function(serialized: bool) -> str:
    refresh = "".join(
        f"  {statement};\n" for statement in _refresh("postgresql", "contact_id IN (SELECT unnest(ids))")
    )
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


def _pg_window_function(serialized: bool) -> str:
    window = "".join(f"  {statement};\n" for statement in _set_window("postgresql", "w"))
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
        ddl = [
            f"DROP TRIGGER IF EXISTS kpi_{t}_{n}"
            for t, _ in HISTORY_TABLES
            for n in ("inserted", "deleted", "updated")
        ]
        ddl += [f"DROP TRIGGER IF EXISTS kpi_window_{n}" for n in ("set", "changed", "reset")]
    return ddl + [
        "DROP TABLE IF EXISTS kpi_customers",
        "DROP TABLE IF EXISTS kpi_activity_spans",
        "DROP TABLE IF EXISTS kpi_activity_state",
    ]
