"""kpi period: the customer base as step functions of the day, summed per day, so that the dashboard's
churn, loyalty and lifetime-value figures read the days of the period rather than the customers

Revision ID: 0014_kpi_period
Revises: 0013_kpi_pg_plans
Create Date: 2026-12-06 07:40:00

`kpi_activity_steps` (contact, day, one column per figure): what each customer adds to, or takes off,
each figure from that day on (active, buyers, repeat buyers, sales and service margins, recent and
serviced buyers, the last 12 months' margin); `kpi_activity_days`: the same summed over every customer
per day. A figure on day U is the sum of its column over the days before U. The triggers of 0011 (the
functions of 0013 on PostgreSQL) now also recompute a written customer's steps and move the per-day
sums by the difference; a change of the churn window rebuilds them; a contact that becomes or stops
being lost gets its steps again (a trigger on contacts). Filled here from the history. On PostgreSQL,
an index of the vehicles' condition, make and model by id for the dashboard's sales statements; on
both, an index of the claims' finishing instant (closed, else resolved) for the claims of a period.

The DDL is dealercrm/db/activity.py's, written out (frozen: revisions do not import dealercrm): each
trigger's statements are written once, with the customers they are about (<where>) or the window
(<value>) left to fill in, as the triggers of one table differ only by those; and each statement once for
both dialects, from its parts (the spans of activity over some events, each dialect's date maths, one
query per kind of step).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_kpi_period"
down_revision: str | Sequence[str] | None = "0013_kpi_pg_plans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WINDOW_KEY = "kpi.churn_window_months"
OLD = 4  # the first four statements of REFRESH are revision 0011's, the others this one's

TABLES = [
    "CREATE TABLE kpi_activity_steps (contact_id INTEGER NOT NULL, day DATE NOT NULL, active BIGINT "
    "NOT NULL, buyers BIGINT NOT NULL, repeaters BIGINT NOT NULL, sales_margin BIGINT NOT NULL, "
    "service_margin BIGINT NOT NULL, recent BIGINT NOT NULL, serviced BIGINT NOT NULL, margin_12 "
    "BIGINT NOT NULL, PRIMARY KEY (contact_id, day))",
    "CREATE TABLE kpi_activity_days (day DATE NOT NULL PRIMARY KEY, active BIGINT NOT NULL, buyers "
    "BIGINT NOT NULL, repeaters BIGINT NOT NULL, sales_margin BIGINT NOT NULL, service_margin BIGINT "
    "NOT NULL, recent BIGINT NOT NULL, serviced BIGINT NOT NULL, margin_12 BIGINT NOT NULL)",
]

# The dashboard's claims of a period: opened, resolved or finished in it (or overdue), each an index range.
INDEXES = [
    "CREATE INDEX ix_claims_finished ON claims ((coalesce(closed_at, resolved_at)))",
]

# PostgreSQL: the vehicles' condition, make and model by id, for the dashboard's sales statements.
PG_INDEXES = [
    "CREATE INDEX ix_vehicles_kpi ON vehicles (id) INCLUDE (condition, make, model)",
]

FIGURES = (
    "active",
    "buyers",
    "repeaters",
    "sales_margin",
    "service_margin",
    "recent",
    "serviced",
    "margin_12",
)
BOTH_ENDS = "CROSS JOIN (SELECT 1 AS k UNION ALL SELECT -1) b"  # b.k: 1 at a span's start, -1 at its end
# The history of the customers <where>: their sales (sale = 1) and service visits (sale = 0).
HISTORY = (
    "SELECT contact_id, sold_on AS day, margin, 1 AS sale FROM sales WHERE <where> UNION ALL SELECT "
    "contact_id, visited_on, margin, 0 FROM service_visits WHERE contact_id IS NOT NULL AND <where>"
)


def end_of(dialect: str, day: str, months: str) -> str:
    """The day `months` after `day`, clamped to the month's last day (each dialect's date maths)."""
    if dialect == "postgresql":
        return (
            f"CASE WHEN extract(day FROM ({day} + 1)) = 1 THEN (date_trunc('month', {day}) + "
            f"make_interval(months => ({months})::int + 1) - interval '1 day')::date ELSE ({day} + "
            f"make_interval(months => ({months})::int))::date END"
        )
    last = f"date({day}, 'start of month', '+' || ({months} + 1) || ' months', '-1 day')"
    return (
        f"CASE WHEN strftime('%d', {day}, '+1 day') = '01' OR CAST(strftime('%d', {day}) AS INTEGER) > "
        f"CAST(strftime('%d', {last}) AS INTEGER) THEN {last} ELSE date({day}, '+' || {months} || ' months') "
        "END"
    )


def islands(dialect: str, columns: str, events: str, months: str) -> str:
    """Each customer's spans (`columns`: their start and end) of activity over `events` (a.contact_id, a.day):
    an event keeps the customer active for `months`, and overlapping stretches make one span."""
    return (
        f"SELECT contact_id, {columns} FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY "
        "contact_id ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, "
        "last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS "
        "BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT a.contact_id, "
        f"a.day, {end_of(dialect, 'a.day', months)} AS last_day FROM {events}) e) m) i GROUP BY contact_id, "
        "island"
    )


def fixed_islands(dialect: str, events: str, months: str) -> str:
    """`islands` over `events` (a subquery of contact_id, day) with a window of `months`, as a subquery."""
    return islands(dialect, "MIN(day) AS starts_on, MAX(last_day) AS ends_on", f"({events}) a", months)


def step(alias: str, day: str, values: dict[str, str], source: str) -> str:
    """One kind of step: on `day`, the figures `values` (the others 0), for each row of `source`."""
    figures = ", ".join(f"{values.get(figure, '0')} AS {figure}" for figure in FIGURES)
    return f"SELECT {alias}.contact_id AS contact_id, {day} AS day, {figures} FROM {source}"


def not_lost(alias: str) -> str:
    lost = f"SELECT 1 FROM contacts lc WHERE lc.id = {alias}.contact_id AND lc.lifecycle = 'lost'"
    return f"WHERE NOT EXISTS ({lost})"


def steps(dialect: str) -> str:
    """The steps of the customers <where>: what each adds to, or takes off, each figure from a day on."""
    recent = fixed_islands(dialect, "SELECT contact_id, sold_on AS day FROM sales WHERE <where>", "60")
    visited = (
        "SELECT contact_id, visited_on AS day FROM service_visits WHERE contact_id IS NOT NULL AND <where>"
    )
    serviced = fixed_islands(dialect, visited, "12")
    kinds = [
        step(
            "sp",
            "CASE WHEN b.k = 1 THEN sp.starts_on ELSE sp.ends_on END",
            {"active": "b.k"},
            "(SELECT contact_id, starts_on, ends_on FROM kpi_activity_spans WHERE <where>) sp "
            f"{BOTH_ENDS} {not_lost('sp')}",
        ),
        step(
            "n",
            "n.sold_on",
            {
                "buyers": "CASE WHEN n.nth = 1 THEN 1 ELSE 0 END",
                "repeaters": "CASE WHEN n.nth = 2 THEN 1 ELSE 0 END",
                "sales_margin": "COALESCE(n.margin, 0)",
            },
            "(SELECT contact_id, sold_on, margin, ROW_NUMBER() OVER (PARTITION BY contact_id ORDER BY "
            "sold_on) AS nth FROM sales WHERE <where>) n",
        ),
        step(
            "v",
            "CASE WHEN v.visited_on > f.first_on THEN v.visited_on ELSE f.first_on END",
            {"service_margin": "COALESCE(v.margin, 0)"},
            "(SELECT contact_id, visited_on, margin FROM service_visits WHERE contact_id IS NOT NULL AND "
            "<where>) v JOIN (SELECT contact_id, MIN(sold_on) AS first_on FROM sales WHERE <where> GROUP BY "
            "contact_id) f ON f.contact_id = v.contact_id",
        ),
        step(
            "r",
            "CASE WHEN b.k = 1 THEN r.starts_on ELSE r.ends_on END",
            {"recent": "b.k"},
            f"({recent}) r {BOTH_ENDS}",
        ),
        step(
            "r",
            "CASE WHEN b.k = 1 THEN CASE WHEN r.starts_on > v.starts_on THEN r.starts_on ELSE v.starts_on "
            "END ELSE CASE WHEN r.ends_on < v.ends_on THEN r.ends_on ELSE v.ends_on END END",
            {"serviced": "b.k"},
            f"({recent}) r JOIN ({serviced}) v ON v.contact_id = r.contact_id AND r.starts_on < v.ends_on "
            f"AND v.starts_on < r.ends_on {BOTH_ENDS}",
        ),
        step(
            "h",
            f"CASE WHEN b.k = 1 THEN h.day ELSE {end_of(dialect, 'h.day', '12')} END",
            {"margin_12": "b.k * COALESCE(h.margin, 0)"},
            f"({HISTORY}) h {BOTH_ENDS} {not_lost('h')}",
        ),
    ]
    columns = ", ".join(FIGURES)
    sums = ", ".join(f"SUM({figure})" for figure in FIGURES)
    return (
        f"INSERT INTO kpi_activity_steps (contact_id, day, {columns}) SELECT contact_id, day, {sums} FROM "
        f"({' UNION ALL '.join(kinds)}) s GROUP BY contact_id, day"
    )


def days(sign: str) -> str:
    """The steps of the customers <where> added to (`sign` "") or taken off (`sign` "-") the per-day sums."""
    sums = ", ".join(f"{sign}SUM({figure})" for figure in FIGURES)
    added = ", ".join(f"{figure} = kpi_activity_days.{figure} + excluded.{figure}" for figure in FIGURES)
    columns = ", ".join(FIGURES)
    return (
        f"INSERT INTO kpi_activity_days (day, {columns}) SELECT day, {sums} FROM kpi_activity_steps WHERE "
        f"<where> GROUP BY day ON CONFLICT (day) DO UPDATE SET {added}"
    )


def spans(dialect: str) -> str:
    """0011's spans of the customers <where>, under the churn window in kpi_activity_state."""
    events = (
        "(SELECT contact_id, sold_on AS day FROM sales WHERE <where> UNION ALL SELECT contact_id, visited_on "
        "FROM service_visits WHERE contact_id IS NOT NULL AND <where>) a CROSS JOIN kpi_activity_state st "
        "WHERE st.id = 1"
    )
    select = islands(dialect, "MIN(day), MAX(last_day)", events, "st.window_months")
    return f"INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) {select}"


def refresh(dialect: str) -> list[str]:
    """A refresh of the customers <where> (0011: spans and totals; 0014: steps and per-day sums)."""
    customers = (
        "INSERT INTO kpi_customers (contact_id, sales, last_sale_on, last_visit_on, last_day, sales_margin, "
        "service_margin) SELECT contact_id, SUM(sale), MAX(CASE WHEN sale = 1 THEN day END), MAX(CASE WHEN "
        "sale = 0 THEN day END), MAX(day), SUM(CASE WHEN sale = 1 THEN margin ELSE 0 END), SUM(CASE WHEN "
        f"sale = 0 THEN margin ELSE 0 END) FROM ({HISTORY}) h GROUP BY contact_id"
    )
    return [
        "DELETE FROM kpi_activity_spans WHERE <where>",
        spans(dialect),
        "DELETE FROM kpi_customers WHERE <where>",
        customers,
        days("-"),
        "DELETE FROM kpi_activity_steps WHERE <where>",
        steps(dialect),
        days(""),
    ]


REFRESH = {dialect: refresh(dialect) for dialect in ("sqlite", "postgresql")}

# The window set to <value>: every span again (0011); then every step and per-day sum (0014: `fill`).
WINDOW = {
    dialect: [
        "DELETE FROM kpi_activity_state",
        "INSERT INTO kpi_activity_state (id, window_months) VALUES (1, <value>)",
        "DELETE FROM kpi_activity_spans",
        spans(dialect).replace("<where>", "1 = 1"),
    ]
    for dialect in REFRESH
}

# PostgreSQL: the refresh, window and lost functions; <body>: their statements.
PG_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION kpi_refresh_contacts(ids integer[]) RETURNS void LANGUAGE plpgsql AS "
    "$$\n"
    "BEGIN\n"
    "  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
    "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
    "<body>END $$",
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
    "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
    "<body>  RETURN NULL;\n"
    "END $$",
    "CREATE FUNCTION kpi_contact_lost() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
    "<body>  RETURN NULL;\n"
    "END $$",
]

PG_LOST_TRIGGER = [
    "CREATE TRIGGER kpi_contacts_lost AFTER UPDATE OF lifecycle ON contacts FOR EACH ROW WHEN "
    "((OLD.lifecycle = 'lost') IS DISTINCT FROM (NEW.lifecycle = 'lost')) EXECUTE FUNCTION "
    "kpi_contact_lost()",
]

# SQLite: the trigger on contacts becoming or ceasing to be lost; <body>: its statements.
SQLITE_LOST = [
    "CREATE TRIGGER kpi_contacts_lost AFTER UPDATE OF lifecycle ON contacts WHEN (OLD.lifecycle = "
    "'lost') IS NOT (NEW.lifecycle = 'lost') BEGIN\n"
    "<body>END",
]

# SQLite: each trigger of 0011, by what fires it, and the customers it refreshes or the window it sets.
SQLITE_REFRESHES = [
    ("kpi_sales_inserted AFTER INSERT ON sales", "contact_id = NEW.contact_id"),
    ("kpi_sales_deleted AFTER DELETE ON sales", "contact_id = OLD.contact_id"),
    (
        "kpi_sales_updated AFTER UPDATE OF contact_id, sold_on, margin ON sales",
        "contact_id IN (OLD.contact_id, NEW.contact_id)",
    ),
    ("kpi_service_visits_inserted AFTER INSERT ON service_visits", "contact_id = NEW.contact_id"),
    ("kpi_service_visits_deleted AFTER DELETE ON service_visits", "contact_id = OLD.contact_id"),
    (
        "kpi_service_visits_updated AFTER UPDATE OF contact_id, visited_on, margin ON service_visits",
        "contact_id IN (OLD.contact_id, NEW.contact_id)",
    ),
]
SQLITE_WINDOWS = [
    (f"kpi_window_set AFTER INSERT ON settings WHEN NEW.key = '{WINDOW_KEY}'", "CAST(NEW.value AS INTEGER)"),
    (
        f"kpi_window_changed AFTER UPDATE OF value ON settings WHEN NEW.key = '{WINDOW_KEY}'",
        "CAST(NEW.value AS INTEGER)",
    ),
    (f"kpi_window_reset AFTER DELETE ON settings WHEN OLD.key = '{WINDOW_KEY}'", "24"),
]


def _body(statements: list[str], mark: str, value: str) -> str:
    return "".join(f"  {statement.replace(mark, value)};\n" for statement in statements)


def sqlite_triggers(steps: bool) -> list[str]:
    """SQLite's triggers on sales, visits and settings: this revision's (`steps`) or 0011's."""
    refresh = REFRESH["sqlite"] if steps else REFRESH["sqlite"][:OLD]
    window = WINDOW["sqlite"] + fill("sqlite") if steps else WINDOW["sqlite"]
    triggers = [(head, _body(refresh, "<where>", where)) for head, where in SQLITE_REFRESHES]
    triggers += [(head, _body(window, "<value>", value)) for head, value in SQLITE_WINDOWS]
    return [f"CREATE TRIGGER {head} BEGIN\n{body}END" for head, body in triggers]


def sqlite_drop_triggers() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {head.split()[0]}" for head, _ in SQLITE_REFRESHES + SQLITE_WINDOWS]


def pg_functions() -> list[str]:
    """This revision's PostgreSQL refresh, window and lost functions."""
    ids = "contact_id IN (SELECT unnest(ids))"
    bodies = [
        _body(REFRESH["postgresql"], "<where>", ids),
        _body(WINDOW["postgresql"] + fill("postgresql"), "<value>", "w"),
        _body(REFRESH["postgresql"][OLD:], "<where>", "contact_id = NEW.id"),
    ]
    return [function.replace("<body>", body) for function, body in zip(PG_FUNCTIONS, bodies, strict=True)]


def pg_0013() -> list[str]:
    """Revision 0013's PostgreSQL refresh and window functions, for the downgrade."""
    bodies = [
        _body(REFRESH["postgresql"][:OLD], "<where>", "contact_id IN (SELECT unnest(ids))"),
        _body(WINDOW["postgresql"], "<value>", "w"),
    ]
    return [function.replace("<body>", body) for function, body in zip(PG_FUNCTIONS[:2], bodies, strict=True)]


def sqlite_lost_trigger() -> str:
    return SQLITE_LOST[0].replace("<body>", _body(REFRESH["sqlite"][OLD:], "<where>", "contact_id = NEW.id"))


def fill(dialect: str) -> list[str]:
    """Every step and per-day sum from the history: REFRESH's steps and sums for every customer."""
    steps, days = (statement.replace("<where>", "1 = 1") for statement in REFRESH[dialect][OLD + 2 :])
    return ["DELETE FROM kpi_activity_steps", steps, "DELETE FROM kpi_activity_days", days]


def triggers(dialect: str) -> list[str]:
    """This revision's triggers (SQLite: 0011's replaced) and functions (PostgreSQL: 0013's replaced)."""
    if dialect == "postgresql":
        return [*pg_functions(), *PG_LOST_TRIGGER]
    return [*sqlite_drop_triggers(), *sqlite_triggers(True), sqlite_lost_trigger()]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    indexes = [*INDEXES, *PG_INDEXES] if dialect == "postgresql" else INDEXES
    for statement in [*TABLES, *triggers(dialect), *indexes, *fill(dialect)]:
        op.execute(statement)


def drop(dialect: str) -> list[str]:
    """What `upgrade` made, undone: 0011's triggers on SQLite, 0013's functions on PostgreSQL."""
    if dialect == "postgresql":
        ddl = [
            "DROP INDEX IF EXISTS ix_vehicles_kpi",
            "DROP TRIGGER IF EXISTS kpi_contacts_lost ON contacts",
            "DROP FUNCTION IF EXISTS kpi_contact_lost()",
            *pg_0013(),
        ]
    else:
        ddl = ["DROP TRIGGER IF EXISTS kpi_contacts_lost", *sqlite_drop_triggers(), *sqlite_triggers(False)]
    tables = ["DROP TABLE IF EXISTS kpi_activity_days", "DROP TABLE IF EXISTS kpi_activity_steps"]
    return [*ddl, "DROP INDEX IF EXISTS ix_claims_finished", *tables]


def downgrade() -> None:
    for statement in drop(op.get_bind().dialect.name):
        op.execute(statement)
