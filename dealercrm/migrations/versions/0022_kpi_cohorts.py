"""kpi cohorts: the contacts per UTC day of creation, channel and first sale day, and the customers'
lapses, kept by triggers, so that the channels' conversion and the churn of a period read a few rows
per day rather than each of its contacts or lapsing customers

Revision ID: 0022_kpi_cohorts
Revises: 0021_kpi_flat
Create Date: 2026-12-06 19:30:00

- kpi_cohort_days (UTC day of creation, channel, first sale day: contacts) is kept as 0021's
  kpi_buyer_days is: from the first-sale steps of 0014 (`buyers` of kpi_activity_steps) by triggers on
  the steps, and from contacts whose day of creation or channel changes (their steps moved);
- kpi_lapses (customer not lost, day a span of theirs ends: the day their next span starts, 9999-12-31
  for none; indexed on both days) is refreshed per customer from their spans (0011) by triggers on the
  spans and on contacts that become or stop being lost.
SQLite: row triggers. PostgreSQL: statement triggers on the steps and spans and row triggers on
contacts, each taking the writers' advisory lock of 0013 first (the steps and spans are written under
it). Filled here from the steps and spans.

The DDL is dealercrm/db/activity.py's (`cohorts_ddl`, `cohorts_drop_ddl`), written out: frozen, as
revisions do not import dealercrm (a test checks that both say the same).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022_kpi_cohorts"
down_revision: str | Sequence[str] | None = "0021_kpi_flat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = {
    "sqlite": [
        "CREATE TABLE kpi_cohort_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, first_on DATE "
        "NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, channel, first_on))",
        "CREATE TABLE kpi_lapses (contact_id INTEGER NOT NULL, ends_on DATE NOT NULL, next_on DATE NOT "
        "NULL, PRIMARY KEY (contact_id, ends_on))",
        "CREATE INDEX ix_kpi_lapses_ends ON kpi_lapses (ends_on, next_on)",
        "CREATE TRIGGER kpi_cohort_days_inserted AFTER INSERT ON kpi_activity_steps WHEN NEW.buyers <> "
        "0 BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(c.created_at), "
        "c.source_channel, NEW.day, NEW.buyers FROM contacts c WHERE c.id = NEW.contact_id AND "
        "NEW.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + "
        "excluded.n;\nEND",
        "CREATE TRIGGER kpi_cohort_days_deleted AFTER DELETE ON kpi_activity_steps WHEN OLD.buyers <> "
        "0 BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(c.created_at), "
        "c.source_channel, OLD.day, -OLD.buyers FROM contacts c WHERE c.id = OLD.contact_id AND "
        "OLD.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + "
        "excluded.n;\nEND",
        "CREATE TRIGGER kpi_cohort_days_updated AFTER UPDATE OF contact_id, day, buyers ON "
        "kpi_activity_steps BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT "
        "date(c.created_at), c.source_channel, OLD.day, -OLD.buyers FROM contacts c WHERE c.id = "
        "OLD.contact_id AND OLD.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = "
        "kpi_cohort_days.n + excluded.n;\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) "
        "SELECT date(c.created_at), c.source_channel, NEW.day, NEW.buyers FROM contacts c WHERE c.id = "
        "NEW.contact_id AND NEW.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = "
        "kpi_cohort_days.n + excluded.n;\nEND",
        "CREATE TRIGGER kpi_cohort_days_contact AFTER UPDATE OF created_at, source_channel ON contacts "
        "WHEN OLD.created_at IS NOT NEW.created_at OR OLD.source_channel IS NOT NEW.source_channel "
        "BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(OLD.created_at), "
        "OLD.source_channel, st.day, -SUM(st.buyers) FROM kpi_activity_steps st WHERE st.contact_id = "
        "OLD.id AND st.buyers <> 0 GROUP BY st.day ON CONFLICT (day, channel, first_on) DO UPDATE SET "
        "n = kpi_cohort_days.n + excluded.n;\n  INSERT INTO kpi_cohort_days (day, channel, first_on, "
        "n) SELECT date(NEW.created_at), NEW.source_channel, st.day, SUM(st.buyers) FROM "
        "kpi_activity_steps st WHERE st.contact_id = NEW.id AND st.buyers <> 0 GROUP BY st.day ON "
        "CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n;\nEND",
        "CREATE TRIGGER kpi_lapses_inserted AFTER INSERT ON kpi_activity_spans BEGIN\n  DELETE FROM "
        "kpi_lapses WHERE contact_id IN (NEW.contact_id);\n  INSERT INTO kpi_lapses (contact_id, "
        "ends_on, next_on) SELECT s.contact_id, s.ends_on, COALESCE(LEAD(s.starts_on) OVER (PARTITION "
        "BY s.contact_id ORDER BY s.starts_on), '9999-12-31') FROM kpi_activity_spans s WHERE "
        "s.contact_id IN (NEW.contact_id) AND NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = "
        "s.contact_id AND lc.lifecycle = 'lost');\nEND",
        "CREATE TRIGGER kpi_lapses_deleted AFTER DELETE ON kpi_activity_spans BEGIN\n  DELETE FROM "
        "kpi_lapses WHERE contact_id IN (OLD.contact_id);\n  INSERT INTO kpi_lapses (contact_id, "
        "ends_on, next_on) SELECT s.contact_id, s.ends_on, COALESCE(LEAD(s.starts_on) OVER (PARTITION "
        "BY s.contact_id ORDER BY s.starts_on), '9999-12-31') FROM kpi_activity_spans s WHERE "
        "s.contact_id IN (OLD.contact_id) AND NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = "
        "s.contact_id AND lc.lifecycle = 'lost');\nEND",
        "CREATE TRIGGER kpi_lapses_updated AFTER UPDATE ON kpi_activity_spans BEGIN\n  DELETE FROM "
        "kpi_lapses WHERE contact_id IN (OLD.contact_id, NEW.contact_id);\n  INSERT INTO kpi_lapses "
        "(contact_id, ends_on, next_on) SELECT s.contact_id, s.ends_on, COALESCE(LEAD(s.starts_on) "
        "OVER (PARTITION BY s.contact_id ORDER BY s.starts_on), '9999-12-31') FROM kpi_activity_spans "
        "s WHERE s.contact_id IN (OLD.contact_id, NEW.contact_id) AND NOT EXISTS (SELECT 1 FROM "
        "contacts lc WHERE lc.id = s.contact_id AND lc.lifecycle = 'lost');\nEND",
        "CREATE TRIGGER kpi_lapses_lost AFTER UPDATE OF lifecycle ON contacts WHEN (OLD.lifecycle = "
        "'lost') IS NOT (NEW.lifecycle = 'lost') BEGIN\n  DELETE FROM kpi_lapses WHERE contact_id IN "
        "(NEW.id);\n  INSERT INTO kpi_lapses (contact_id, ends_on, next_on) SELECT s.contact_id, "
        "s.ends_on, COALESCE(LEAD(s.starts_on) OVER (PARTITION BY s.contact_id ORDER BY s.starts_on), "
        "'9999-12-31') FROM kpi_activity_spans s WHERE s.contact_id IN (NEW.id) AND NOT EXISTS (SELECT "
        "1 FROM contacts lc WHERE lc.id = s.contact_id AND lc.lifecycle = 'lost');\nEND",
        "DELETE FROM kpi_cohort_days",
        "INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(c.created_at), "
        "c.source_channel, st.day, SUM(st.buyers) FROM kpi_activity_steps st JOIN contacts c ON c.id = "
        "st.contact_id WHERE st.buyers <> 0 GROUP BY date(c.created_at), c.source_channel, st.day ON "
        "CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n",
        "DELETE FROM kpi_lapses",
        "INSERT INTO kpi_lapses (contact_id, ends_on, next_on) SELECT s.contact_id, s.ends_on, "
        "COALESCE(LEAD(s.starts_on) OVER (PARTITION BY s.contact_id ORDER BY s.starts_on), "
        "'9999-12-31') FROM kpi_activity_spans s WHERE 1 = 1 AND NOT EXISTS (SELECT 1 FROM contacts lc "
        "WHERE lc.id = s.contact_id AND lc.lifecycle = 'lost')",
    ],
    "postgresql": [
        "CREATE TABLE kpi_cohort_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, first_on DATE "
        "NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, channel, first_on))",
        "CREATE TABLE kpi_lapses (contact_id INTEGER NOT NULL, ends_on DATE NOT NULL, next_on DATE NOT "
        "NULL, PRIMARY KEY (contact_id, ends_on))",
        "CREATE INDEX ix_kpi_lapses_ends ON kpi_lapses (ends_on, next_on)",
        "CREATE FUNCTION kpi_cohort_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  "
        "PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, "
        "first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, SUM(st.buyers) FROM "
        "new_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY "
        "CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO "
        "UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$",
        "CREATE TRIGGER kpi_cohort_days_inserted AFTER INSERT ON kpi_activity_steps REFERENCING NEW "
        "TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_days_inserted()",
        "CREATE FUNCTION kpi_cohort_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  "
        "PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, "
        "first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, -SUM(st.buyers) "
        "FROM old_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY "
        "CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO "
        "UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$",
        "CREATE TRIGGER kpi_cohort_days_deleted AFTER DELETE ON kpi_activity_steps REFERENCING OLD "
        "TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_days_deleted()",
        "CREATE FUNCTION kpi_cohort_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  "
        "PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, "
        "first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, -SUM(st.buyers) "
        "FROM old_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY "
        "CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO "
        "UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  INSERT INTO kpi_cohort_days (day, channel, "
        "first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, SUM(st.buyers) FROM "
        "new_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY "
        "CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO "
        "UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$",
        "CREATE TRIGGER kpi_cohort_days_updated AFTER UPDATE ON kpi_activity_steps REFERENCING OLD "
        "TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
        "kpi_cohort_days_updated()",
        "CREATE FUNCTION kpi_cohort_days_contact() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  "
        "PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, "
        "first_on, n) SELECT CAST(OLD.created_at AS DATE), OLD.source_channel, st.day, -SUM(st.buyers) "
        "FROM kpi_activity_steps st WHERE st.contact_id = OLD.id AND st.buyers <> 0 GROUP BY st.day ON "
        "CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  INSERT "
        "INTO kpi_cohort_days (day, channel, first_on, n) SELECT CAST(NEW.created_at AS DATE), "
        "NEW.source_channel, st.day, SUM(st.buyers) FROM kpi_activity_steps st WHERE st.contact_id = "
        "NEW.id AND st.buyers <> 0 GROUP BY st.day ON CONFLICT (day, channel, first_on) DO UPDATE SET "
        "n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$",
        "CREATE TRIGGER kpi_cohort_days_contact AFTER UPDATE OF created_at, source_channel ON contacts "
        "FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.source_channel IS "
        "DISTINCT FROM NEW.source_channel) EXECUTE FUNCTION kpi_cohort_days_contact()",
        "CREATE FUNCTION kpi_lapses_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  "
        "PERFORM pg_advisory_xact_lock(16011, 0);\n  DELETE FROM kpi_lapses WHERE contact_id IN "
        "(SELECT contact_id FROM new_rows);\n  INSERT INTO kpi_lapses (contact_id, ends_on, next_on) "
        "SELECT s.contact_id, s.ends_on, COALESCE(LEAD(s.starts_on) OVER (PARTITION BY s.contact_id "
        "ORDER BY s.starts_on), DATE '9999-12-31') FROM kpi_activity_spans s WHERE s.contact_id IN "
        "(SELECT contact_id FROM new_rows) AND NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = "
        "s.contact_id AND lc.lifecycle = 'lost');\n  RETURN NULL;\nEND $$",
        "CREATE TRIGGER kpi_lapses_inserted AFTER INSERT ON kpi_activity_spans REFERENCING NEW TABLE "
        "AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_lapses_inserted()",
        "CREATE FUNCTION kpi_lapses_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM "
        "pg_advisory_xact_lock(16011, 0);\n  DELETE FROM kpi_lapses WHERE contact_id IN (SELECT "
        "contact_id FROM old_rows);\n  INSERT INTO kpi_lapses (contact_id, ends_on, next_on) SELECT "
        "s.contact_id, s.ends_on, COALESCE(LEAD(s.starts_on) OVER (PARTITION BY s.contact_id ORDER BY "
        "s.starts_on), DATE '9999-12-31') FROM kpi_activity_spans s WHERE s.contact_id IN (SELECT "
        "contact_id FROM old_rows) AND NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = "
        "s.contact_id AND lc.lifecycle = 'lost');\n  RETURN NULL;\nEND $$",
        "CREATE TRIGGER kpi_lapses_deleted AFTER DELETE ON kpi_activity_spans REFERENCING OLD TABLE AS "
        "old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_lapses_deleted()",
        "CREATE FUNCTION kpi_lapses_updated() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM "
        "pg_advisory_xact_lock(16011, 0);\n  DELETE FROM kpi_lapses WHERE contact_id IN (SELECT "
        "contact_id FROM old_rows UNION SELECT contact_id FROM new_rows);\n  INSERT INTO kpi_lapses "
        "(contact_id, ends_on, next_on) SELECT s.contact_id, s.ends_on, COALESCE(LEAD(s.starts_on) "
        "OVER (PARTITION BY s.contact_id ORDER BY s.starts_on), DATE '9999-12-31') FROM "
        "kpi_activity_spans s WHERE s.contact_id IN (SELECT contact_id FROM old_rows UNION SELECT "
        "contact_id FROM new_rows) AND NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = "
        "s.contact_id AND lc.lifecycle = 'lost');\n  RETURN NULL;\nEND $$",
        "CREATE TRIGGER kpi_lapses_updated AFTER UPDATE ON kpi_activity_spans REFERENCING OLD TABLE AS "
        "old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_lapses_updated()",
        "CREATE FUNCTION kpi_lapses_lost() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM "
        "pg_advisory_xact_lock(16011, 0);\n  DELETE FROM kpi_lapses WHERE contact_id IN (NEW.id);\n  "
        "INSERT INTO kpi_lapses (contact_id, ends_on, next_on) SELECT s.contact_id, s.ends_on, "
        "COALESCE(LEAD(s.starts_on) OVER (PARTITION BY s.contact_id ORDER BY s.starts_on), DATE "
        "'9999-12-31') FROM kpi_activity_spans s WHERE s.contact_id IN (NEW.id) AND NOT EXISTS (SELECT "
        "1 FROM contacts lc WHERE lc.id = s.contact_id AND lc.lifecycle = 'lost');\n  RETURN "
        "NULL;\nEND $$",
        "CREATE TRIGGER kpi_lapses_lost AFTER UPDATE OF lifecycle ON contacts FOR EACH ROW WHEN "
        "((OLD.lifecycle = 'lost') IS DISTINCT FROM (NEW.lifecycle = 'lost')) EXECUTE FUNCTION "
        "kpi_lapses_lost()",
        "DELETE FROM kpi_cohort_days",
        "INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT CAST(c.created_at AS DATE), "
        "c.source_channel, st.day, SUM(st.buyers) FROM kpi_activity_steps st JOIN contacts c ON c.id = "
        "st.contact_id WHERE st.buyers <> 0 GROUP BY CAST(c.created_at AS DATE), c.source_channel, "
        "st.day ON CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n",
        "DELETE FROM kpi_lapses",
        "INSERT INTO kpi_lapses (contact_id, ends_on, next_on) SELECT s.contact_id, s.ends_on, "
        "COALESCE(LEAD(s.starts_on) OVER (PARTITION BY s.contact_id ORDER BY s.starts_on), DATE "
        "'9999-12-31') FROM kpi_activity_spans s WHERE 1 = 1 AND NOT EXISTS (SELECT 1 FROM contacts lc "
        "WHERE lc.id = s.contact_id AND lc.lifecycle = 'lost')",
    ],
}
DOWNGRADE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS kpi_cohort_days_inserted",
        "DROP TRIGGER IF EXISTS kpi_cohort_days_deleted",
        "DROP TRIGGER IF EXISTS kpi_cohort_days_updated",
        "DROP TRIGGER IF EXISTS kpi_cohort_days_contact",
        "DROP TRIGGER IF EXISTS kpi_lapses_inserted",
        "DROP TRIGGER IF EXISTS kpi_lapses_deleted",
        "DROP TRIGGER IF EXISTS kpi_lapses_updated",
        "DROP TRIGGER IF EXISTS kpi_lapses_lost",
        "DROP TABLE IF EXISTS kpi_cohort_days",
        "DROP TABLE IF EXISTS kpi_lapses",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS kpi_cohort_days_inserted ON kpi_activity_steps",
        "DROP TRIGGER IF EXISTS kpi_cohort_days_deleted ON kpi_activity_steps",
        "DROP TRIGGER IF EXISTS kpi_cohort_days_updated ON kpi_activity_steps",
        "DROP TRIGGER IF EXISTS kpi_cohort_days_contact ON contacts",
        "DROP FUNCTION IF EXISTS kpi_cohort_days_inserted()",
        "DROP FUNCTION IF EXISTS kpi_cohort_days_deleted()",
        "DROP FUNCTION IF EXISTS kpi_cohort_days_updated()",
        "DROP FUNCTION IF EXISTS kpi_cohort_days_contact()",
        "DROP TRIGGER IF EXISTS kpi_lapses_inserted ON kpi_activity_spans",
        "DROP TRIGGER IF EXISTS kpi_lapses_deleted ON kpi_activity_spans",
        "DROP TRIGGER IF EXISTS kpi_lapses_updated ON kpi_activity_spans",
        "DROP TRIGGER IF EXISTS kpi_lapses_lost ON contacts",
        "DROP FUNCTION IF EXISTS kpi_lapses_inserted()",
        "DROP FUNCTION IF EXISTS kpi_lapses_deleted()",
        "DROP FUNCTION IF EXISTS kpi_lapses_updated()",
        "DROP FUNCTION IF EXISTS kpi_lapses_lost()",
        "DROP TABLE IF EXISTS kpi_cohort_days",
        "DROP TABLE IF EXISTS kpi_lapses",
    ],
}


def upgrade() -> None:
    _run(UPGRADE)


def downgrade() -> None:
    _run(DOWNGRADE)


def _run(ddl: dict[str, list[str]]) -> None:
    """The statements of the database's dialect, in order."""
    for statement in ddl[op.get_bind().dialect.name]:
        op.execute(statement)
