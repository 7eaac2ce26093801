"""kpi activity spans: per-customer activity spans and history totals for the dashboard's churn,
loyalty and lifetime-value figures, kept by triggers

Revision ID: 0011_kpi_activity_spans
Revises: 0010_change_feed
Create Date: 2026-12-06 04:20:00

`kpi_activity_spans` (contact, starts_on, ends_on): the customer is active on the days after starts_on
up to ends_on, from their sales and service visits and the churn window (`kpi_activity_state`);
`kpi_customers`: each customer's number of sales, last sale and visit days, margins. Triggers on `sales`
and `service_visits` recompute a customer's rows on every write (row triggers on SQLite, statement
triggers with transition tables on PostgreSQL, so that COPY is covered); a trigger on `settings`
rebuilds the spans when `kpi.churn_window_months` is written. Filled here from the history.
The DDL is dealercrm/db/activity.py's, written out (frozen): revisions do not import dealercrm.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_kpi_activity_spans"
down_revision: str | Sequence[str] | None = "0010_change_feed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WINDOW_KEY = "kpi.churn_window_months"
DEFAULT_WINDOW = 24

TABLES = [
    "CREATE TABLE kpi_activity_state (id INTEGER NOT NULL PRIMARY KEY, window_months INTEGER)",
    "CREATE TABLE kpi_activity_spans (contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE "
    "CASCADE, starts_on DATE NOT NULL, ends_on DATE NOT NULL, PRIMARY KEY (contact_id, starts_on))",
    "CREATE INDEX ix_kpi_activity_spans_ends ON kpi_activity_spans (ends_on)",
    "CREATE TABLE kpi_customers (contact_id INTEGER NOT NULL PRIMARY KEY REFERENCES contacts (id) ON DELETE "
    "CASCADE, sales INTEGER NOT NULL, last_sale_on DATE, last_visit_on DATE, last_day DATE NOT NULL, "
    "sales_margin BIGINT NOT NULL, service_margin BIGINT NOT NULL)",
    "CREATE INDEX ix_kpi_customers_last_day ON kpi_customers (last_day)",
]

# The customers' end of activity after an event on `a.day`: the churn window later, clamped to the month's
# last day (the two dialects' date maths), and revision 0011's statements about the customers <where>:
# their spans (from that end) and their totals.
LAST_DAY = {
    "sqlite": (
        "CASE WHEN strftime('%d', a.day, '+1 day') = '01' OR CAST(strftime('%d', a.day) AS INTEGER) > "
        "CAST(strftime('%d', date(a.day, 'start of month', '+' || (st.window_months + 1) || ' months', '-1 "
        "day')) AS INTEGER) THEN date(a.day, 'start of month', '+' || (st.window_months + 1) || ' months', "
        "'-1 day') ELSE date(a.day, '+' || st.window_months || ' months') END"
    ),
    "postgresql": (
        "CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN (date_trunc('month', a.day) + make_interval(months "
        "=> (st.window_months)::int + 1) - interval '1 day')::date ELSE (a.day + make_interval(months => "
        "(st.window_months)::int))::date END"
    ),
}
SPANS = (
    "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
    "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id ORDER BY "
    "day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, last_day, CASE WHEN day "
    "<= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS BETWEEN UNBOUNDED PRECEDING "
    "AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT a.contact_id, a.day, <last_day> AS last_day "
    "FROM (SELECT contact_id, sold_on AS day FROM sales WHERE <where> UNION ALL SELECT contact_id, "
    "visited_on FROM service_visits WHERE contact_id IS NOT NULL AND <where>) a CROSS JOIN "
    "kpi_activity_state st WHERE st.id = 1) e) m) i GROUP BY contact_id, island"
)
CUSTOMERS = (
    "INSERT INTO kpi_customers (contact_id, sales, last_sale_on, last_visit_on, last_day, sales_margin, "
    "service_margin) SELECT contact_id, SUM(sale), MAX(CASE WHEN sale = 1 THEN day END), MAX(CASE WHEN sale "
    "= 0 THEN day END), MAX(day), SUM(CASE WHEN sale = 1 THEN margin ELSE 0 END), SUM(CASE WHEN sale = 0 "
    "THEN margin ELSE 0 END) FROM (SELECT contact_id, sold_on AS day, margin, 1 AS sale FROM sales WHERE "
    "<where> UNION ALL SELECT contact_id, visited_on, margin, 0 FROM service_visits WHERE contact_id IS NOT "
    "NULL AND <where>) h GROUP BY contact_id"
)


def spans(dialect: str, where: str) -> str:
    return SPANS.replace("<last_day>", LAST_DAY[dialect]).replace("<where>", where)


def refresh(dialect: str, where: str) -> str:
    """The statements of a refresh of the customers `where`, each on its line of a trigger's body."""
    return (
        f"  DELETE FROM kpi_activity_spans WHERE {where};\n"
        f"  {spans(dialect, where)};\n"
        f"  DELETE FROM kpi_customers WHERE {where};\n"
        f"  {CUSTOMERS.replace('<where>', where)};\n"
    )


def window(dialect: str, value: str) -> str:
    """The statements that set the churn window to `value` and compute every span again."""
    return (
        "  DELETE FROM kpi_activity_state;\n"
        f"  INSERT INTO kpi_activity_state (id, window_months) VALUES (1, {value});\n"
        "  DELETE FROM kpi_activity_spans;\n"
        f"  {spans(dialect, '1 = 1')};\n"
    )


# SQLite: a row trigger per write on sales and visits (the tables of activity, with their day), refreshing
# the customers it is about; and one per write of the window's setting (the row holding it, the value set).
ACTIVITY = [("sales", "sold_on"), ("service_visits", "visited_on")]
SQLITE_WRITES = [
    ("inserted", "INSERT", "contact_id = NEW.contact_id"),
    ("deleted", "DELETE", "contact_id = OLD.contact_id"),
    ("updated", "UPDATE OF contact_id, {day}, margin", "contact_id IN (OLD.contact_id, NEW.contact_id)"),
]
SQLITE_WINDOW_WRITES = [
    ("set", "INSERT", "NEW", "CAST(NEW.value AS INTEGER)"),
    ("changed", "UPDATE OF value", "NEW", "CAST(NEW.value AS INTEGER)"),
    ("reset", "DELETE", "OLD", str(DEFAULT_WINDOW)),
]
SQLITE_TRIGGERS = [
    *(
        f"CREATE TRIGGER kpi_{table}_{name} AFTER {write.format(day=day)} ON {table} BEGIN\n"
        f"{refresh('sqlite', where)}END"
        for table, day in ACTIVITY
        for name, write, where in SQLITE_WRITES
    ),
    *(
        f"CREATE TRIGGER kpi_window_{name} AFTER {write} ON settings WHEN {row}.key = '{WINDOW_KEY}' BEGIN\n"
        f"{window('sqlite', value)}END"
        for name, write, row, value in SQLITE_WINDOW_WRITES
    ),
]

# PostgreSQL: statement triggers (transition tables, so that COPY is covered) calling one refresh function.
PG_ACTIVITY = [
    ("inserted", "SELECT contact_id FROM new_rows", "REFERENCING NEW TABLE AS new_rows", "INSERT"),
    ("deleted", "SELECT contact_id FROM old_rows", "REFERENCING OLD TABLE AS old_rows", "DELETE"),
    (
        "updated",
        "SELECT contact_id FROM old_rows UNION SELECT contact_id FROM new_rows",
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "UPDATE",
    ),
]
PG_TRIGGERS = [
    "CREATE FUNCTION kpi_refresh_contacts(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$\n"
    "DECLARE k integer;\n"
    "BEGIN\n"
    "  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
    "  FOR k IN SELECT DISTINCT c % 256 FROM unnest(ids) c ORDER BY 1 LOOP\n"
    "    PERFORM pg_advisory_xact_lock(16011, k);\n"
    "  END LOOP;\n"
    f"{refresh('postgresql', 'contact_id IN (SELECT unnest(ids))')}"
    "END $$",
    "CREATE FUNCTION kpi_window_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "DECLARE w integer;\n"
    "BEGIN\n"
    "  IF TG_OP = 'DELETE' THEN\n"
    f"    IF OLD.key <> '{WINDOW_KEY}' THEN RETURN NULL; END IF;\n"
    f"    w := {DEFAULT_WINDOW};\n"
    "  ELSE\n"
    f"    IF NEW.key <> '{WINDOW_KEY}' THEN RETURN NULL; END IF;\n"
    "    IF json_typeof(NEW.value::json) = 'number' THEN\n"
    "      w := floor((NEW.value::json #>> '{}')::numeric);\n"
    "    END IF;\n"
    "  END IF;\n"
    f"{window('postgresql', 'w')}"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE TRIGGER kpi_window AFTER INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW EXECUTE FUNCTION "
    "kpi_window_changed()",
    *(
        f"CREATE FUNCTION kpi_activity_{event}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"  PERFORM kpi_refresh_contacts(ARRAY(SELECT DISTINCT contact_id FROM ({rows}) r "
        "WHERE contact_id IS NOT NULL ORDER BY contact_id));\n"
        "  RETURN NULL;\n"
        "END $$"
        for event, rows, _, _ in PG_ACTIVITY
    ),
    *(
        f"CREATE TRIGGER kpi_{table}_{event} AFTER {verb} ON {table} {transition} FOR EACH STATEMENT EXECUTE "
        f"FUNCTION kpi_activity_{event}()"
        for table, _ in ACTIVITY
        for event, _, transition, verb in PG_ACTIVITY
    ),
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS kpi_sales_inserted",
    "DROP TRIGGER IF EXISTS kpi_sales_deleted",
    "DROP TRIGGER IF EXISTS kpi_sales_updated",
    "DROP TRIGGER IF EXISTS kpi_service_visits_inserted",
    "DROP TRIGGER IF EXISTS kpi_service_visits_deleted",
    "DROP TRIGGER IF EXISTS kpi_service_visits_updated",
    "DROP TRIGGER IF EXISTS kpi_window_set",
    "DROP TRIGGER IF EXISTS kpi_window_changed",
    "DROP TRIGGER IF EXISTS kpi_window_reset",
    "DROP TABLE IF EXISTS kpi_customers",
    "DROP TABLE IF EXISTS kpi_activity_spans",
    "DROP TABLE IF EXISTS kpi_activity_state",
]

PG_DROP = [
    "DROP TRIGGER IF EXISTS kpi_sales_inserted ON sales",
    "DROP TRIGGER IF EXISTS kpi_sales_deleted ON sales",
    "DROP TRIGGER IF EXISTS kpi_sales_updated ON sales",
    "DROP TRIGGER IF EXISTS kpi_service_visits_inserted ON service_visits",
    "DROP TRIGGER IF EXISTS kpi_service_visits_deleted ON service_visits",
    "DROP TRIGGER IF EXISTS kpi_service_visits_updated ON service_visits",
    "DROP TRIGGER IF EXISTS kpi_window ON settings",
    "DROP FUNCTION IF EXISTS kpi_activity_inserted()",
    "DROP FUNCTION IF EXISTS kpi_activity_deleted()",
    "DROP FUNCTION IF EXISTS kpi_activity_updated()",
    "DROP FUNCTION IF EXISTS kpi_window_changed()",
    "DROP FUNCTION IF EXISTS kpi_refresh_contacts(integer[])",
    "DROP TABLE IF EXISTS kpi_customers",
    "DROP TABLE IF EXISTS kpi_activity_spans",
    "DROP TABLE IF EXISTS kpi_activity_state",
]

FILL = {dialect: [spans(dialect, "1 = 1"), CUSTOMERS.replace("<where>", "1 = 1")] for dialect in LAST_DAY}


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    for statement in TABLES:
        op.execute(statement)
    for statement in PG_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)
    stored = bind.execute(sa.text("SELECT value FROM settings WHERE key = :k"), {"k": WINDOW_KEY}).scalar()
    if isinstance(stored, str):
        try:
            stored = json.loads(stored)
        except ValueError:
            stored = None
    window = int(stored) if isinstance(stored, int | float) else DEFAULT_WINDOW
    bind.execute(sa.text("INSERT INTO kpi_activity_state (id, window_months) VALUES (1, :w)"), {"w": window})
    for statement in FILL[dialect]:
        op.execute(statement)


def downgrade() -> None:
    for statement in PG_DROP if op.get_bind().dialect.name == "postgresql" else SQLITE_DROP:
        op.execute(statement)
