"""kpi pg plans: an index of the contacts by lifecycle with their ids for the dashboard's lost customers,
and the activity spans' PostgreSQL writers serialized by one lock

Revision ID: 0013_kpi_pg_plans
Revises: 0012_pg_list_order
Create Date: 2026-12-06 05:30:00

Revision 0011's PostgreSQL refresh took one advisory lock per slot of customers (id % 256) as each
statement came, held to the end of the transaction: two transactions writing sales for the same two
customers in opposite orders deadlocked, and a change of the churn window (which took no lock) deadlocked
with, or rebuilt the spans beside, a sale's refresh. Both functions now take one lock, the same for every
customer, before they read the history (dealercrm/db/activity.py, `pg_serialized_ddl`): writers of sales
and visits take their turns and never wait for a second lock of these.

The dashboard's churn and lifetime-value statements (services/kpi/service.py, `_span_masks` and `_base`)
read the ids of the lost customers: PostgreSQL found them through ix_contacts_lifecycle_score, which holds
no id, and fetched them from the table (7,800 pages, 30 ms at 100,000 contacts, once in each parallel
worker: five times per dashboard); (lifecycle, id) reads them from the index alone (40 pages, 1.5 ms).

PostgreSQL only (SQLite's indexes hold the rowid, and SQLite has one writer). Frozen DDL.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_kpi_pg_plans"
down_revision: str | Sequence[str] | None = "0012_pg_list_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOST_INDEX = "CREATE INDEX ix_contacts_lifecycle_id ON contacts (lifecycle, id)"

# Revision 0011's statements: the spans of the customers <where>, and their totals.
SPANS = (
    "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
    "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id "
    "ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, last_day, "
    "CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS BETWEEN "
    "UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT a.contact_id, a.day, "
    "CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN (date_trunc('month', a.day) + make_interval(months "
    "=> (st.window_months)::int + 1) - interval '1 day')::date ELSE (a.day + make_interval(months => "
    "(st.window_months)::int))::date END AS last_day FROM (SELECT contact_id, sold_on AS day FROM sales "
    "WHERE <where> UNION ALL SELECT contact_id, visited_on FROM service_visits WHERE contact_id IS NOT "
    "NULL AND <where>) a CROSS JOIN kpi_activity_state st WHERE st.id = 1) e) m) i GROUP BY contact_id, "
    "island"
)
CUSTOMERS = (
    "INSERT INTO kpi_customers (contact_id, sales, last_sale_on, last_visit_on, last_day, "
    "sales_margin, service_margin) SELECT contact_id, SUM(sale), MAX(CASE WHEN sale = 1 THEN day END), "
    "MAX(CASE WHEN sale = 0 THEN day END), MAX(day), SUM(CASE WHEN sale = 1 THEN margin ELSE 0 END), "
    "SUM(CASE WHEN sale = 0 THEN margin ELSE 0 END) FROM (SELECT contact_id, sold_on AS day, margin, 1 "
    "AS sale FROM sales WHERE <where> UNION ALL SELECT contact_id, visited_on, margin, 0 FROM "
    "service_visits WHERE contact_id IS NOT NULL AND <where>) h GROUP BY contact_id"
)
IDS = "contact_id IN (SELECT unnest(ids))"

# The locks: this revision's one lock for every writer; 0011's one per slot of customers (id % 256).
ONE_LOCK = "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
SLOT_LOCKS = (
    "  FOR k IN SELECT DISTINCT c % 256 FROM unnest(ids) c ORDER BY 1 LOOP\n"
    "    PERFORM pg_advisory_xact_lock(16011, k);\n"
    "  END LOOP;\n"
)


def refresh_function(declare: str, lock: str) -> str:
    """kpi_refresh_contacts: the spans and totals of the customers `ids`, after taking `lock`."""
    return (
        "CREATE OR REPLACE FUNCTION kpi_refresh_contacts(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$\n"
        f"{declare}BEGIN\n"
        "  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
        f"{lock}"
        f"  DELETE FROM kpi_activity_spans WHERE {IDS};\n"
        f"  {SPANS.replace('<where>', IDS)};\n"
        f"  DELETE FROM kpi_customers WHERE {IDS};\n"
        f"  {CUSTOMERS.replace('<where>', IDS)};\n"
        "END $$"
    )


def window_function(lock: str) -> str:
    """kpi_window_changed: the churn window from the settings, then every span again, after `lock`."""
    return (
        "CREATE OR REPLACE FUNCTION kpi_window_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "DECLARE w integer;\n"
        "BEGIN\n"
        "  IF TG_OP = 'DELETE' THEN\n"
        "    IF OLD.key <> 'kpi.churn_window_months' THEN RETURN NULL; END IF;\n"
        "    w := 24;\n"
        "  ELSE\n"
        "    IF NEW.key <> 'kpi.churn_window_months' THEN RETURN NULL; END IF;\n"
        "    IF json_typeof(NEW.value::json) = 'number' THEN\n"
        "      w := floor((NEW.value::json #>> '{}')::numeric);\n"
        "    END IF;\n"
        "  END IF;\n"
        f"{lock}"
        "  DELETE FROM kpi_activity_state;\n"
        "  INSERT INTO kpi_activity_state (id, window_months) VALUES (1, w);\n"
        "  DELETE FROM kpi_activity_spans;\n"
        f"  {SPANS.replace('<where>', '1 = 1')};\n"
        "  RETURN NULL;\n"
        "END $$"
    )


PG_SERIALIZED = [refresh_function("", ONE_LOCK), window_function(ONE_LOCK)]
PG_UNSERIALIZED = [refresh_function("DECLARE k integer;\n", SLOT_LOCKS), window_function("")]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(LOST_INDEX)
    for statement in PG_SERIALIZED:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in PG_UNSERIALIZED:
        op.execute(statement)
    op.execute("DROP INDEX ix_contacts_lifecycle_id")
