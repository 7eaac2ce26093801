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
do not import dealercrm (a test checks that both say the same).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_kpi_daily"
down_revision: str | Sequence[str] | None = "0015_pg_import"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = {
    "sqlite": [
        "CREATE TABLE kpi_first_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, first_at DATETIME "
        "NOT NULL)",
        "CREATE TRIGGER kpi_first_contact_inserted AFTER INSERT ON interactions WHEN NEW.type IN "
        "('call', 'email', 'sms', 'visit', 'test_drive', 'quote') AND NOT EXISTS (SELECT 1 FROM "
        "kpi_first_contacts WHERE contact_id = NEW.contact_id AND first_at <= NEW.occurred_at) BEGIN\n"
        "  INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT c.id, NEW.occurred_at FROM "
        "contacts c WHERE c.id = NEW.contact_id AND NEW.occurred_at >= c.created_at ON CONFLICT "
        "(contact_id) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < "
        "kpi_first_contacts.first_at;\n"
        "END",
        "CREATE TRIGGER kpi_first_contact_deleted AFTER DELETE ON interactions WHEN OLD.type IN "
        "('call', 'email', 'sms', 'visit', 'test_drive', 'quote') BEGIN\n"
        "  DELETE FROM kpi_first_contacts WHERE contact_id = OLD.contact_id;\n"
        "  INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM (SELECT "
        "c.id AS id, (SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id AND "
        "i.occurred_at >= c.created_at AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote') ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts c WHERE c.id = "
        "OLD.contact_id) f WHERE first_at IS NOT NULL;\n"
        "END",
        "CREATE TRIGGER kpi_first_contact_updated AFTER UPDATE OF contact_id, type, occurred_at ON "
        "interactions WHEN OLD.type IN ('call', 'email', 'sms', 'visit', 'test_drive', 'quote') OR "
        "NEW.type IN ('call', 'email', 'sms', 'visit', 'test_drive', 'quote') BEGIN\n"
        "  DELETE FROM kpi_first_contacts WHERE contact_id IN (OLD.contact_id, NEW.contact_id);\n"
        "  INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM (SELECT "
        "c.id AS id, (SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id AND "
        "i.occurred_at >= c.created_at AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote') ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts c WHERE c.id IN "
        "(OLD.contact_id, NEW.contact_id)) f WHERE first_at IS NOT NULL;\n"
        "END",
        "CREATE TRIGGER kpi_first_contact_created AFTER UPDATE OF created_at ON contacts WHEN "
        "OLD.created_at IS NOT NEW.created_at BEGIN\n"
        "  DELETE FROM kpi_first_contacts WHERE contact_id = NEW.id;\n"
        "  INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM (SELECT "
        "c.id AS id, (SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id AND "
        "i.occurred_at >= c.created_at AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote') ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts c WHERE c.id = NEW.id) f "
        "WHERE first_at IS NOT NULL;\n"
        "END",
        "CREATE TABLE kpi_sales_days (day DATE NOT NULL, seller INTEGER NOT NULL, condition "
        "VARCHAR(16) NOT NULL, sales BIGINT NOT NULL, price BIGINT NOT NULL, margin BIGINT NOT NULL, "
        "PRIMARY KEY (day, seller, condition))",
        "CREATE TRIGGER kpi_sales_days_inserted AFTER INSERT ON sales BEGIN\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "NEW.sold_on, COALESCE(NEW.salesperson_id, 0), v.condition, 1, NEW.price, NEW.margin FROM "
        "vehicles v WHERE v.id = NEW.vehicle_id ON CONFLICT (day, seller, condition) DO UPDATE SET "
        "sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin;\n"
        "END",
        "CREATE TRIGGER kpi_sales_days_deleted AFTER DELETE ON sales BEGIN\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "OLD.sold_on, COALESCE(OLD.salesperson_id, 0), v.condition, -1, -OLD.price, -OLD.margin FROM "
        "vehicles v WHERE v.id = OLD.vehicle_id ON CONFLICT (day, seller, condition) DO UPDATE SET "
        "sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin;\n"
        "END",
        "CREATE TRIGGER kpi_sales_days_updated AFTER UPDATE OF sold_on, salesperson_id, vehicle_id, "
        "price, margin ON sales BEGIN\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "OLD.sold_on, COALESCE(OLD.salesperson_id, 0), v.condition, -1, -OLD.price, -OLD.margin FROM "
        "vehicles v WHERE v.id = OLD.vehicle_id ON CONFLICT (day, seller, condition) DO UPDATE SET "
        "sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin;\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "NEW.sold_on, COALESCE(NEW.salesperson_id, 0), v.condition, 1, NEW.price, NEW.margin FROM "
        "vehicles v WHERE v.id = NEW.vehicle_id ON CONFLICT (day, seller, condition) DO UPDATE SET "
        "sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin;\n"
        "END",
        "CREATE TRIGGER kpi_sales_days_vehicle AFTER UPDATE OF condition ON vehicles WHEN "
        "OLD.condition IS NOT NEW.condition BEGIN\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "s.sold_on, COALESCE(s.salesperson_id, 0), OLD.condition, -COUNT(*), -SUM(s.price), "
        "-SUM(s.margin) FROM sales s WHERE s.vehicle_id = NEW.id GROUP BY s.sold_on, "
        "COALESCE(s.salesperson_id, 0) ON CONFLICT (day, seller, condition) DO UPDATE SET sales = "
        "kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + excluded.price, "
        "margin = kpi_sales_days.margin + excluded.margin;\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "s.sold_on, COALESCE(s.salesperson_id, 0), NEW.condition, COUNT(*), SUM(s.price), "
        "SUM(s.margin) FROM sales s WHERE s.vehicle_id = NEW.id GROUP BY s.sold_on, "
        "COALESCE(s.salesperson_id, 0) ON CONFLICT (day, seller, condition) DO UPDATE SET sales = "
        "kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + excluded.price, "
        "margin = kpi_sales_days.margin + excluded.margin;\n"
        "END",
        "CREATE TABLE kpi_interaction_days (day DATE NOT NULL, type VARCHAR(16) NOT NULL, user_key "
        "INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, type, user_key))",
        "CREATE TRIGGER kpi_interaction_days_inserted AFTER INSERT ON interactions BEGIN\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) VALUES (date(NEW.occurred_at), "
        "NEW.type, COALESCE(NEW.user_id, 0), 1) ON CONFLICT (day, type, user_key) DO UPDATE SET n = "
        "kpi_interaction_days.n + excluded.n;\n"
        "END",
        "CREATE TRIGGER kpi_interaction_days_deleted AFTER DELETE ON interactions BEGIN\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) VALUES (date(OLD.occurred_at), "
        "OLD.type, COALESCE(OLD.user_id, 0), -1) ON CONFLICT (day, type, user_key) DO UPDATE SET n = "
        "kpi_interaction_days.n + excluded.n;\n"
        "END",
        "CREATE TRIGGER kpi_interaction_days_updated AFTER UPDATE OF occurred_at, type, user_id ON "
        "interactions BEGIN\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) VALUES (date(OLD.occurred_at), "
        "OLD.type, COALESCE(OLD.user_id, 0), -1) ON CONFLICT (day, type, user_key) DO UPDATE SET n = "
        "kpi_interaction_days.n + excluded.n;\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) VALUES (date(NEW.occurred_at), "
        "NEW.type, COALESCE(NEW.user_id, 0), 1) ON CONFLICT (day, type, user_key) DO UPDATE SET n = "
        "kpi_interaction_days.n + excluded.n;\n"
        "END",
        "CREATE INDEX ix_kpi_activity_steps_first ON kpi_activity_steps (day, contact_id) WHERE buyers = 1",
        "CREATE INDEX ix_service_visits_kpi ON service_visits (visited_on, amount, margin)",
        "CREATE INDEX ix_contacts_kpi ON contacts (created_at, owner_id, source_channel)",
        "DELETE FROM kpi_first_contacts",
        "INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM (SELECT c.id "
        "AS id, (SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id AND "
        "i.occurred_at >= c.created_at AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote') ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts c WHERE 1 = 1) f WHERE "
        "first_at IS NOT NULL",
        "DELETE FROM kpi_sales_days",
        "INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT r.sold_on, "
        "COALESCE(r.salesperson_id, 0), v.condition, COUNT(*), SUM(r.price), SUM(r.margin) FROM "
        "sales r JOIN vehicles v ON v.id = r.vehicle_id WHERE 1 = 1 GROUP BY r.sold_on, "
        "COALESCE(r.salesperson_id, 0), v.condition ON CONFLICT (day, seller, condition) DO UPDATE "
        "SET sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin",
        "DELETE FROM kpi_interaction_days",
        "INSERT INTO kpi_interaction_days (day, type, user_key, n) SELECT date(r.occurred_at), "
        "r.type, COALESCE(r.user_id, 0), COUNT(*) FROM interactions r WHERE 1 = 1 GROUP BY "
        "date(r.occurred_at), r.type, COALESCE(r.user_id, 0) ON CONFLICT (day, type, user_key) DO "
        "UPDATE SET n = kpi_interaction_days.n + excluded.n",
    ],
    "postgresql": [
        "CREATE TABLE kpi_first_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, first_at "
        "TIMESTAMP WITHOUT TIME ZONE NOT NULL)",
        "CREATE FUNCTION kpi_first_contacts_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS "
        "$$\n"
        "BEGIN\n"
        "  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  DELETE FROM kpi_first_contacts WHERE contact_id IN (SELECT unnest(ids));\n"
        "  INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM (SELECT "
        "c.id AS id, (SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id AND "
        "i.occurred_at >= c.created_at AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote') ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts c WHERE c.id IN (SELECT "
        "unnest(ids))) f WHERE first_at IS NOT NULL;\n"
        "END $$",
        "CREATE FUNCTION kpi_first_contact_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  IF NOT EXISTS (SELECT 1 FROM new_rows WHERE type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote')) THEN RETURN NULL; END IF;\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT c.id, MIN(n.occurred_at) "
        "FROM new_rows n JOIN contacts c ON c.id = n.contact_id AND n.occurred_at >= c.created_at "
        "WHERE n.type IN ('call', 'email', 'sms', 'visit', 'test_drive', 'quote') GROUP BY c.id ON "
        "CONFLICT (contact_id) DO UPDATE SET first_at = excluded.first_at WHERE excluded.first_at < "
        "kpi_first_contacts.first_at;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE FUNCTION kpi_first_contact_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM kpi_first_contacts_refresh(ARRAY(SELECT DISTINCT contact_id FROM (SELECT "
        "contact_id FROM old_rows WHERE type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote')) r ORDER BY contact_id));\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE FUNCTION kpi_first_contact_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM kpi_first_contacts_refresh(ARRAY(SELECT DISTINCT contact_id FROM (SELECT "
        "unnest(ARRAY[o.contact_id, n.contact_id]) AS contact_id FROM old_rows o JOIN new_rows n ON "
        "n.id = o.id WHERE (o.contact_id, o.type, o.occurred_at) IS DISTINCT FROM (n.contact_id, "
        "n.type, n.occurred_at) AND (o.type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote') OR n.type IN ('call', 'email', 'sms', 'visit', 'test_drive', 'quote'))) r ORDER BY "
        "contact_id));\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE FUNCTION kpi_first_contact_created() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM kpi_first_contacts_refresh(ARRAY[NEW.id]);\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_first_contact_inserted AFTER INSERT ON interactions REFERENCING NEW "
        "TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_first_contact_inserted()",
        "CREATE TRIGGER kpi_first_contact_deleted AFTER DELETE ON interactions REFERENCING OLD TABLE "
        "AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_first_contact_deleted()",
        "CREATE TRIGGER kpi_first_contact_updated AFTER UPDATE ON interactions REFERENCING OLD TABLE "
        "AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        "kpi_first_contact_updated()",
        "CREATE TRIGGER kpi_first_contact_created AFTER UPDATE OF created_at ON contacts FOR EACH "
        "ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at) EXECUTE FUNCTION "
        "kpi_first_contact_created()",
        "CREATE TABLE kpi_sales_days (day DATE NOT NULL, seller INTEGER NOT NULL, condition "
        "VARCHAR(16) NOT NULL, sales BIGINT NOT NULL, price BIGINT NOT NULL, margin BIGINT NOT NULL, "
        "PRIMARY KEY (day, seller, condition))",
        "CREATE FUNCTION kpi_sales_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "r.sold_on, COALESCE(r.salesperson_id, 0), v.condition, COUNT(*), SUM(r.price), "
        "SUM(r.margin) FROM new_rows r JOIN vehicles v ON v.id = r.vehicle_id WHERE 1 = 1 GROUP BY "
        "r.sold_on, COALESCE(r.salesperson_id, 0), v.condition ON CONFLICT (day, seller, condition) "
        "DO UPDATE SET sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_sales_days_inserted AFTER INSERT ON sales REFERENCING NEW TABLE AS "
        "new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_sales_days_inserted()",
        "CREATE FUNCTION kpi_sales_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "r.sold_on, COALESCE(r.salesperson_id, 0), v.condition, -COUNT(*), -SUM(r.price), "
        "-SUM(r.margin) FROM old_rows r JOIN vehicles v ON v.id = r.vehicle_id WHERE 1 = 1 GROUP BY "
        "r.sold_on, COALESCE(r.salesperson_id, 0), v.condition ON CONFLICT (day, seller, condition) "
        "DO UPDATE SET sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_sales_days_deleted AFTER DELETE ON sales REFERENCING OLD TABLE AS "
        "old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_sales_days_deleted()",
        "CREATE FUNCTION kpi_sales_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "r.sold_on, COALESCE(r.salesperson_id, 0), v.condition, -COUNT(*), -SUM(r.price), "
        "-SUM(r.margin) FROM old_rows r JOIN vehicles v ON v.id = r.vehicle_id WHERE r.id IN (SELECT "
        "o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.sold_on, o.salesperson_id, "
        "o.vehicle_id, o.price, o.margin) IS DISTINCT FROM (n.sold_on, n.salesperson_id, "
        "n.vehicle_id, n.price, n.margin)) GROUP BY r.sold_on, COALESCE(r.salesperson_id, 0), "
        "v.condition ON CONFLICT (day, seller, condition) DO UPDATE SET sales = kpi_sales_days.sales "
        "+ excluded.sales, price = kpi_sales_days.price + excluded.price, margin = "
        "kpi_sales_days.margin + excluded.margin;\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "r.sold_on, COALESCE(r.salesperson_id, 0), v.condition, COUNT(*), SUM(r.price), "
        "SUM(r.margin) FROM new_rows r JOIN vehicles v ON v.id = r.vehicle_id WHERE r.id IN (SELECT "
        "o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.sold_on, o.salesperson_id, "
        "o.vehicle_id, o.price, o.margin) IS DISTINCT FROM (n.sold_on, n.salesperson_id, "
        "n.vehicle_id, n.price, n.margin)) GROUP BY r.sold_on, COALESCE(r.salesperson_id, 0), "
        "v.condition ON CONFLICT (day, seller, condition) DO UPDATE SET sales = kpi_sales_days.sales "
        "+ excluded.sales, price = kpi_sales_days.price + excluded.price, margin = "
        "kpi_sales_days.margin + excluded.margin;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_sales_days_updated AFTER UPDATE ON sales REFERENCING OLD TABLE AS "
        "old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_sales_days_updated()",
        "CREATE FUNCTION kpi_sales_days_vehicle() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "s.sold_on, COALESCE(s.salesperson_id, 0), OLD.condition, -COUNT(*), -SUM(s.price), "
        "-SUM(s.margin) FROM sales s WHERE s.vehicle_id = NEW.id GROUP BY s.sold_on, "
        "COALESCE(s.salesperson_id, 0) ON CONFLICT (day, seller, condition) DO UPDATE SET sales = "
        "kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + excluded.price, "
        "margin = kpi_sales_days.margin + excluded.margin;\n"
        "  INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT "
        "s.sold_on, COALESCE(s.salesperson_id, 0), NEW.condition, COUNT(*), SUM(s.price), "
        "SUM(s.margin) FROM sales s WHERE s.vehicle_id = NEW.id GROUP BY s.sold_on, "
        "COALESCE(s.salesperson_id, 0) ON CONFLICT (day, seller, condition) DO UPDATE SET sales = "
        "kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + excluded.price, "
        "margin = kpi_sales_days.margin + excluded.margin;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_sales_days_vehicle AFTER UPDATE OF condition ON vehicles FOR EACH ROW "
        "WHEN (OLD.condition IS DISTINCT FROM NEW.condition) EXECUTE FUNCTION "
        "kpi_sales_days_vehicle()",
        "CREATE TABLE kpi_interaction_days (day DATE NOT NULL, type VARCHAR(16) NOT NULL, user_key "
        "INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, type, user_key))",
        "CREATE FUNCTION kpi_interaction_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) SELECT CAST(r.occurred_at AS "
        "DATE), r.type, COALESCE(r.user_id, 0), COUNT(*) FROM new_rows r WHERE 1 = 1 GROUP BY "
        "CAST(r.occurred_at AS DATE), r.type, COALESCE(r.user_id, 0) ON CONFLICT (day, type, "
        "user_key) DO UPDATE SET n = kpi_interaction_days.n + excluded.n;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_interaction_days_inserted AFTER INSERT ON interactions REFERENCING NEW "
        "TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_interaction_days_inserted()",
        "CREATE FUNCTION kpi_interaction_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) SELECT CAST(r.occurred_at AS "
        "DATE), r.type, COALESCE(r.user_id, 0), -COUNT(*) FROM old_rows r WHERE 1 = 1 GROUP BY "
        "CAST(r.occurred_at AS DATE), r.type, COALESCE(r.user_id, 0) ON CONFLICT (day, type, "
        "user_key) DO UPDATE SET n = kpi_interaction_days.n + excluded.n;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_interaction_days_deleted AFTER DELETE ON interactions REFERENCING OLD "
        "TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_interaction_days_deleted()",
        "CREATE FUNCTION kpi_interaction_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) SELECT CAST(r.occurred_at AS "
        "DATE), r.type, COALESCE(r.user_id, 0), -COUNT(*) FROM old_rows r WHERE r.id IN (SELECT o.id "
        "FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.occurred_at, o.type, o.user_id) IS "
        "DISTINCT FROM (n.occurred_at, n.type, n.user_id)) GROUP BY CAST(r.occurred_at AS DATE), "
        "r.type, COALESCE(r.user_id, 0) ON CONFLICT (day, type, user_key) DO UPDATE SET n = "
        "kpi_interaction_days.n + excluded.n;\n"
        "  INSERT INTO kpi_interaction_days (day, type, user_key, n) SELECT CAST(r.occurred_at AS "
        "DATE), r.type, COALESCE(r.user_id, 0), COUNT(*) FROM new_rows r WHERE r.id IN (SELECT o.id "
        "FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.occurred_at, o.type, o.user_id) IS "
        "DISTINCT FROM (n.occurred_at, n.type, n.user_id)) GROUP BY CAST(r.occurred_at AS DATE), "
        "r.type, COALESCE(r.user_id, 0) ON CONFLICT (day, type, user_key) DO UPDATE SET n = "
        "kpi_interaction_days.n + excluded.n;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER kpi_interaction_days_updated AFTER UPDATE ON interactions REFERENCING OLD "
        "TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        "kpi_interaction_days_updated()",
        "CREATE INDEX ix_kpi_activity_steps_first ON kpi_activity_steps (day, contact_id) WHERE buyers = 1",
        "CREATE INDEX ix_service_visits_kpi ON service_visits (visited_on, amount, margin)",
        "CREATE INDEX ix_contacts_kpi ON contacts (created_at, owner_id, source_channel)",
        "DELETE FROM kpi_first_contacts",
        "INSERT INTO kpi_first_contacts (contact_id, first_at) SELECT id, first_at FROM (SELECT c.id "
        "AS id, (SELECT i.occurred_at FROM interactions i WHERE i.contact_id = c.id AND "
        "i.occurred_at >= c.created_at AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', "
        "'quote') ORDER BY i.occurred_at LIMIT 1) AS first_at FROM contacts c WHERE 1 = 1) f WHERE "
        "first_at IS NOT NULL",
        "DELETE FROM kpi_sales_days",
        "INSERT INTO kpi_sales_days (day, seller, condition, sales, price, margin) SELECT r.sold_on, "
        "COALESCE(r.salesperson_id, 0), v.condition, COUNT(*), SUM(r.price), SUM(r.margin) FROM "
        "sales r JOIN vehicles v ON v.id = r.vehicle_id WHERE 1 = 1 GROUP BY r.sold_on, "
        "COALESCE(r.salesperson_id, 0), v.condition ON CONFLICT (day, seller, condition) DO UPDATE "
        "SET sales = kpi_sales_days.sales + excluded.sales, price = kpi_sales_days.price + "
        "excluded.price, margin = kpi_sales_days.margin + excluded.margin",
        "DELETE FROM kpi_interaction_days",
        "INSERT INTO kpi_interaction_days (day, type, user_key, n) SELECT CAST(r.occurred_at AS "
        "DATE), r.type, COALESCE(r.user_id, 0), COUNT(*) FROM interactions r WHERE 1 = 1 GROUP BY "
        "CAST(r.occurred_at AS DATE), r.type, COALESCE(r.user_id, 0) ON CONFLICT (day, type, "
        "user_key) DO UPDATE SET n = kpi_interaction_days.n + excluded.n",
    ],
}

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
        "DROP TABLE IF EXISTS kpi_interaction_days",
        "DROP TABLE IF EXISTS kpi_sales_days",
        "DROP TABLE IF EXISTS kpi_first_contacts",
        "DROP INDEX IF EXISTS ix_contacts_kpi",
        "DROP INDEX IF EXISTS ix_kpi_activity_steps_first",
        "DROP INDEX IF EXISTS ix_service_visits_kpi",
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
        "DROP TABLE IF EXISTS kpi_interaction_days",
        "DROP TABLE IF EXISTS kpi_sales_days",
        "DROP TABLE IF EXISTS kpi_first_contacts",
        "DROP INDEX IF EXISTS ix_contacts_kpi",
        "DROP INDEX IF EXISTS ix_kpi_activity_steps_first",
        "DROP INDEX IF EXISTS ix_service_visits_kpi",
    ],
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
