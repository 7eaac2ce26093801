"""kpi daily: the leads' first contacts kept per contact, and two indexes, so that the dashboard's
figures of a year read what the year needs rather than every row of it with a look-up each

Revision ID: 0016_kpi_daily
Revises: 0015_pg_import
Create Date: 2026-12-06 10:00:00

`kpi_first_contacts` (contact, instant): the first interaction of a contacting type (not a note) at or
after the contact's creation; only contacts with one have a row. Kept by triggers on interactions
(an interaction written moves its contact's instant earlier; one deleted or changed recomputes its
contacts) and on contacts (a new creation instant recomputes); on PostgreSQL, statement triggers whose
functions take the writers' advisory lock of 0013 first. Filled here from the history.

Indexes (both dialects): the customers' first-sale steps by day (`kpi_activity_steps` rows with
buyers = 1, one per customer: the new customers of a period), and the service visits' day, amount and
margin (the after-sales sums of a period from the index alone).

The DDL is dealercrm/db/activity.py's (`daily_ddl`, `daily_drop_ddl`), written out: frozen, as revisions
do not import dealercrm (a test checks that both say the same). Each statement is written once, with the
rows it is about left to fill in (NEW or OLD, the transition tables, the whole history), as the triggers
of one table and the fill differ only by those.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_kpi_daily"
down_revision: str | Sequence[str] | None = "0015_pg_import"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTACTING = "('call', 'email', 'sms', 'visit', 'test_drive', 'quote')"  # interaction types that contact
LOCK = "PERFORM pg_advisory_xact_lock(16011, 0)"  # revision 0013's writers' lock
TRANSITION = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}
SALES_DAYS_SUM = (
    "ON CONFLICT (day, seller, condition) DO UPDATE SET sales = kpi_sales_days.sales + excluded.sales, price "
    "= kpi_sales_days.price + excluded.price, margin = kpi_sales_days.margin + excluded.margin"
)
INTERACTION_DAYS_SUM = (
    "ON CONFLICT (day, type, user_key) DO UPDATE SET n = kpi_interaction_days.n + excluded.n"
)
INTERACTION_DAY = {"sqlite": "date(r.occurred_at)", "postgresql": "CAST(r.occurred_at AS DATE)"}
INDEXES = [
    "CREATE INDEX ix_kpi_activity_steps_first ON kpi_activity_steps (day, contact_id) WHERE buyers = 1",
    "CREATE INDEX ix_service_visits_kpi ON service_visits (visited_on, amount, margin)",
    "CREATE INDEX ix_contacts_kpi ON contacts (created_at, owner_id, source_channel)",
]
SALES_DAYS_TABLE = (
    "CREATE TABLE kpi_sales_days (day DATE NOT NULL, seller INTEGER NOT NULL, condition VARCHAR(16) NOT "
    "NULL, sales BIGINT NOT NULL, price BIGINT NOT NULL, margin BIGINT NOT NULL, PRIMARY KEY (day, seller, "
    "condition))"
)
INTERACTION_DAYS_TABLE = (
    "CREATE TABLE kpi_interaction_days (day DATE NOT NULL, type VARCHAR(16) NOT NULL, user_key INTEGER NOT "
    "NULL, n BIGINT NOT NULL, PRIMARY KEY (day, type, user_key))"
)


def first_contacts(where: str) -> str:
    """The first contacts of the contacts c <where>, computed again from their interactions."""
    return (
        "INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM (SELECT c.id AS id, "
        "(SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id AND i.occurred_at >= "
        f"c.created_at AND i.type IN {CONTACTING} ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts "
        f"c WHERE {where}) f WHERE first_at IS NOT NULL"
    )


def sale_day(row: str, sign: str) -> str:
    """SQLite: the sale `row` (NEW or OLD) added to (`sign` "") or taken off (`sign` "-") its day's sums."""
    return (
        f"INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT {row}.sold_on, "
        f"COALESCE({row}.salesperson_id, 0), v.condition, {sign}1, {sign}{row}.price, {sign}{row}.margin "
        f"FROM vehicles v WHERE v.id = {row}.vehicle_id {SALES_DAYS_SUM}"
    )


def sales_sums(sign: str, sales: str, condition: str, source: str, by_condition: str) -> str:
    """The sales `sales` (an alias) of `source`, summed per day, seller and `condition`, added to (`sign` "")
    or taken off (`sign` "-") the per-day sums."""
    seller = f"COALESCE({sales}.salesperson_id, 0)"
    return (
        f"INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT {sales}.sold_on, "
        f"{seller}, {condition}, {sign}COUNT(*), {sign}SUM({sales}.price), {sign}SUM({sales}.margin) FROM "
        f"{source} GROUP BY {sales}.sold_on, {seller}{by_condition} {SALES_DAYS_SUM}"
    )


def sales_days(rows: str, sign: str, where: str) -> str:
    """The sales `rows` <where>, with their vehicles' condition."""
    source = f"{rows} r JOIN vehicles v ON v.id = r.vehicle_id WHERE {where}"
    return sales_sums(sign, "r", "v.condition", source, ", v.condition")


def vehicle_sales_days(condition: str, sign: str) -> str:
    """The sales of the vehicle NEW, as of `condition`."""
    return sales_sums(sign, "s", condition, "sales s WHERE s.vehicle_id = NEW.id", "")


def interaction_day(row: str, sign: str) -> str:
    """SQLite: the interaction `row` (NEW or OLD) added to or taken off its day's count."""
    return (
        f"INSERT INTO kpi_interaction_days (day, type, user_key, n) VALUES (date({row}.occurred_at), "
        f"{row}.type, COALESCE({row}.user_id, 0), {sign}1) {INTERACTION_DAYS_SUM}"
    )


def interaction_days(dialect: str, rows: str, sign: str, where: str) -> str:
    """The interactions `rows` <where> added to or taken off their days' counts."""
    day = INTERACTION_DAY[dialect]
    return (
        f"INSERT INTO kpi_interaction_days (day, type, user_key, n) SELECT {day}, r.type, "
        f"COALESCE(r.user_id, 0), {sign}COUNT(*) FROM {rows} r WHERE {where} GROUP BY {day}, r.type, "
        f"COALESCE(r.user_id, 0) {INTERACTION_DAYS_SUM}"
    )


def fill(dialect: str) -> list[str]:
    """Every table filled from the history."""
    return [
        "DELETE FROM kpi_first_contacts",
        first_contacts("1 = 1"),
        "DELETE FROM kpi_sales_days",
        sales_days("sales", "", "1 = 1"),
        "DELETE FROM kpi_interaction_days",
        interaction_days(dialect, "interactions", "", "1 = 1"),
    ]


def sqlite_trigger(head: str, *statements: str) -> str:
    body = "".join(f"  {statement};\n" for statement in statements)
    return f"CREATE TRIGGER {head} BEGIN\n{body}END"


def sqlite_upgrade() -> list[str]:
    return [
        "CREATE TABLE kpi_first_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, first_at DATETIME NOT "
        "NULL)",
        sqlite_trigger(
            f"kpi_first_contact_inserted AFTER INSERT ON interactions WHEN NEW.type IN {CONTACTING} AND NOT "
            "EXISTS (SELECT 1 FROM kpi_first_contacts WHERE contact_id = NEW.contact_id AND first_at <= "
            "NEW.occurred_at)",
            "INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT c.id, NEW.occurred_at FROM "
            "contacts c WHERE c.id = NEW.contact_id AND NEW.occurred_at >= c.created_at ON CONFLICT "
            "(contact_id) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < "
            "kpi_first_contacts.first_at",
        ),
        *(
            sqlite_trigger(
                head,
                f"DELETE FROM kpi_first_contacts WHERE contact_id {which}",
                first_contacts(f"c.id {which}"),
            )
            for head, which in [
                (
                    f"kpi_first_contact_deleted AFTER DELETE ON interactions WHEN OLD.type IN {CONTACTING}",
                    "= OLD.contact_id",
                ),
                (
                    "kpi_first_contact_updated AFTER UPDATE OF contact_id, type, occurred_at ON interactions "
                    f"WHEN OLD.type IN {CONTACTING} OR NEW.type IN {CONTACTING}",
                    "IN (OLD.contact_id, NEW.contact_id)",
                ),
                (
                    "kpi_first_contact_created AFTER UPDATE OF created_at ON contacts WHEN OLD.created_at IS "
                    "NOT NEW.created_at",
                    "= NEW.id",
                ),
            ]
        ),
        SALES_DAYS_TABLE,
        sqlite_trigger("kpi_sales_days_inserted AFTER INSERT ON sales", sale_day("NEW", "")),
        sqlite_trigger("kpi_sales_days_deleted AFTER DELETE ON sales", sale_day("OLD", "-")),
        sqlite_trigger(
            "kpi_sales_days_updated AFTER UPDATE OF sold_on, salesperson_id, vehicle_id, price, margin ON "
            "sales",
            sale_day("OLD", "-"),
            sale_day("NEW", ""),
        ),
        sqlite_trigger(
            "kpi_sales_days_vehicle AFTER UPDATE OF condition ON vehicles WHEN OLD.condition IS NOT "
            "NEW.condition",
            vehicle_sales_days("OLD.condition", "-"),
            vehicle_sales_days("NEW.condition", ""),
        ),
        INTERACTION_DAYS_TABLE,
        sqlite_trigger(
            "kpi_interaction_days_inserted AFTER INSERT ON interactions", interaction_day("NEW", "")
        ),
        sqlite_trigger(
            "kpi_interaction_days_deleted AFTER DELETE ON interactions", interaction_day("OLD", "-")
        ),
        sqlite_trigger(
            "kpi_interaction_days_updated AFTER UPDATE OF occurred_at, type, user_id ON interactions",
            interaction_day("OLD", "-"),
            interaction_day("NEW", ""),
        ),
        *INDEXES,
        *fill("sqlite"),
    ]


def pg_function(name: str, *statements: str) -> str:
    """A PostgreSQL trigger function running `statements`."""
    body = "".join(f"  {statement};\n" for statement in [*statements, "RETURN NULL"])
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}END $$"


def pg_trigger(name: str, event: str, table: str) -> str:
    """A statement trigger on `event` (INSERT, DELETE, UPDATE) calling the function of the same name."""
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {TRANSITION[event]} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {name}()"
    )


def pg_changed(columns: tuple[str, ...]) -> str:
    """The rows r of an UPDATE statement whose `columns` changed."""
    old, new = (", ".join(f"{alias}.{column}" for column in columns) for alias in "on")
    changed = (
        f"SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})"
    )
    return f"r.id IN ({changed})"


def pg_refresh_first_contacts(contacts: str) -> str:
    ids = f"ARRAY(SELECT DISTINCT contact_id FROM ({contacts}) r ORDER BY contact_id)"
    return f"PERFORM kpi_first_contacts_refresh({ids})"


def pg_upgrade() -> list[str]:
    sale_changed = pg_changed(("sold_on", "salesperson_id", "vehicle_id", "price", "margin"))
    interaction_changed = pg_changed(("occurred_at", "type", "user_id"))
    return [
        "CREATE TABLE kpi_first_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, first_at TIMESTAMP "
        "WITHOUT TIME ZONE NOT NULL)",
        "CREATE FUNCTION kpi_first_contacts_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
        f"  {LOCK};\n"
        "  DELETE FROM kpi_first_contacts WHERE contact_id IN (SELECT unnest(ids));\n"
        f"  {first_contacts('c.id IN (SELECT unnest(ids))')};\n"
        "END $$",
        pg_function(
            "kpi_first_contact_inserted",
            f"IF NOT EXISTS (SELECT 1 FROM new_rows WHERE type IN {CONTACTING}) THEN RETURN NULL; END IF",
            LOCK,
            "INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT c.id, MIN(n.occurred_at) FROM "
            "new_rows n JOIN contacts c ON c.id = n.contact_id AND n.occurred_at >= c.created_at WHERE "
            f"n.type IN {CONTACTING} GROUP BY c.id ON CONFLICT (contact_id) DO UPDATE SET first_at = "
            "excluded.first_at WHERE excluded.first_at < kpi_first_contacts.first_at",
        ),
        pg_function(
            "kpi_first_contact_deleted",
            pg_refresh_first_contacts(f"SELECT contact_id FROM old_rows WHERE type IN {CONTACTING}"),
        ),
        pg_function(
            "kpi_first_contact_updated",
            pg_refresh_first_contacts(
                "SELECT unnest(ARRAY[o.contact_id, n.contact_id]) AS contact_id FROM old_rows o JOIN "
                "new_rows n ON n.id = o.id WHERE (o.contact_id, o.type, o.occurred_at) IS DISTINCT FROM "
                f"(n.contact_id, n.type, n.occurred_at) AND (o.type IN {CONTACTING} OR n.type IN "
                f"{CONTACTING})"
            ),
        ),
        pg_function("kpi_first_contact_created", "PERFORM kpi_first_contacts_refresh(ARRAY[NEW.id])"),
        pg_trigger("kpi_first_contact_inserted", "INSERT", "interactions"),
        pg_trigger("kpi_first_contact_deleted", "DELETE", "interactions"),
        pg_trigger("kpi_first_contact_updated", "UPDATE", "interactions"),
        "CREATE TRIGGER kpi_first_contact_created AFTER UPDATE OF created_at ON contacts FOR EACH ROW WHEN "
        "(OLD.created_at IS DISTINCT FROM NEW.created_at) EXECUTE FUNCTION kpi_first_contact_created()",
        SALES_DAYS_TABLE,
        pg_function("kpi_sales_days_inserted", LOCK, sales_days("new_rows", "", "1 = 1")),
        pg_trigger("kpi_sales_days_inserted", "INSERT", "sales"),
        pg_function("kpi_sales_days_deleted", LOCK, sales_days("old_rows", "-", "1 = 1")),
        pg_trigger("kpi_sales_days_deleted", "DELETE", "sales"),
        pg_function(
            "kpi_sales_days_updated",
            LOCK,
            sales_days("old_rows", "-", sale_changed),
            sales_days("new_rows", "", sale_changed),
        ),
        pg_trigger("kpi_sales_days_updated", "UPDATE", "sales"),
        pg_function(
            "kpi_sales_days_vehicle",
            LOCK,
            vehicle_sales_days("OLD.condition", "-"),
            vehicle_sales_days("NEW.condition", ""),
        ),
        "CREATE TRIGGER kpi_sales_days_vehicle AFTER UPDATE OF condition ON vehicles FOR EACH ROW WHEN "
        "(OLD.condition IS DISTINCT FROM NEW.condition) EXECUTE FUNCTION kpi_sales_days_vehicle()",
        INTERACTION_DAYS_TABLE,
        pg_function(
            "kpi_interaction_days_inserted", LOCK, interaction_days("postgresql", "new_rows", "", "1 = 1")
        ),
        pg_trigger("kpi_interaction_days_inserted", "INSERT", "interactions"),
        pg_function(
            "kpi_interaction_days_deleted", LOCK, interaction_days("postgresql", "old_rows", "-", "1 = 1")
        ),
        pg_trigger("kpi_interaction_days_deleted", "DELETE", "interactions"),
        pg_function(
            "kpi_interaction_days_updated",
            LOCK,
            interaction_days("postgresql", "old_rows", "-", interaction_changed),
            interaction_days("postgresql", "new_rows", "", interaction_changed),
        ),
        pg_trigger("kpi_interaction_days_updated", "UPDATE", "interactions"),
        *INDEXES,
        *fill("postgresql"),
    ]


UPGRADE = {"sqlite": sqlite_upgrade(), "postgresql": pg_upgrade()}

DROP_TABLES = [
    "DROP TABLE IF EXISTS kpi_interaction_days",
    "DROP TABLE IF EXISTS kpi_sales_days",
    "DROP TABLE IF EXISTS kpi_first_contacts",
    "DROP INDEX IF EXISTS ix_contacts_kpi",
    "DROP INDEX IF EXISTS ix_kpi_activity_steps_first",
    "DROP INDEX IF EXISTS ix_service_visits_kpi",
]
DOWNGRADE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS kpi_first_contact_inserted",
        "DROP TRIGGER IF EXISTS kpi_first_contact_deleted",
        "DROP TRIGGER IF EXISTS kpi_first_contact_updated",
        "DROP TRIGGER IF EXISTS kpi_first_contact_created",
        "DROP TRIGGER IF EXISTS kpi_sales_days_inserted",
        "DROP TRIGGER IF EXISTS kpi_sales_days_deleted",
        "DROP TRIGGER IF EXISTS kpi_sales_days_updated",
        "DROP TRIGGER IF EXISTS kpi_sales_days_vehicle",
        "DROP TRIGGER IF EXISTS kpi_interaction_days_inserted",
        "DROP TRIGGER IF EXISTS kpi_interaction_days_deleted",
        "DROP TRIGGER IF EXISTS kpi_interaction_days_updated",
        *DROP_TABLES,
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS kpi_first_contact_inserted ON interactions",
        "DROP TRIGGER IF EXISTS kpi_first_contact_deleted ON interactions",
        "DROP TRIGGER IF EXISTS kpi_first_contact_updated ON interactions",
        "DROP TRIGGER IF EXISTS kpi_first_contact_created ON contacts",
        "DROP FUNCTION IF EXISTS kpi_first_contact_inserted()",
        "DROP FUNCTION IF EXISTS kpi_first_contact_deleted()",
        "DROP FUNCTION IF EXISTS kpi_first_contact_updated()",
        "DROP FUNCTION IF EXISTS kpi_first_contact_created()",
        "DROP FUNCTION IF EXISTS kpi_first_contacts_refresh(integer[])",
        "DROP TRIGGER IF EXISTS kpi_sales_days_inserted ON sales",
        "DROP TRIGGER IF EXISTS kpi_sales_days_deleted ON sales",
        "DROP TRIGGER IF EXISTS kpi_sales_days_updated ON sales",
        "DROP TRIGGER IF EXISTS kpi_sales_days_vehicle ON vehicles",
        "DROP FUNCTION IF EXISTS kpi_sales_days_inserted()",
        "DROP FUNCTION IF EXISTS kpi_sales_days_deleted()",
        "DROP FUNCTION IF EXISTS kpi_sales_days_updated()",
        "DROP FUNCTION IF EXISTS kpi_sales_days_vehicle()",
        "DROP TRIGGER IF EXISTS kpi_interaction_days_inserted ON interactions",
        "DROP TRIGGER IF EXISTS kpi_interaction_days_deleted ON interactions",
        "DROP TRIGGER IF EXISTS kpi_interaction_days_updated ON interactions",
        "DROP FUNCTION IF EXISTS kpi_interaction_days_inserted()",
        "DROP FUNCTION IF EXISTS kpi_interaction_days_deleted()",
        "DROP FUNCTION IF EXISTS kpi_interaction_days_updated()",
        *DROP_TABLES,
    ],
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
