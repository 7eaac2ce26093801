"""kpi cohorts: the contacts per UTC day of creation, channel and first sale day, kept by triggers, so
that the channels' conversion of a period (its prospects who bought before its end) reads its days'
rows rather than probing each of its contacts for a sale

Revision ID: 0022_kpi_cohorts
Revises: 0021_kpi_flat
Create Date: 2026-12-06 19:30:00

kpi_cohort_days (UTC day of creation, channel, first sale day: contacts) is kept as 0021's
kpi_buyer_days is: from the first-sale steps of 0014 (`buyers` of kpi_activity_steps) by triggers on the
steps, and from contacts whose day of creation or channel changes (their steps moved). SQLite: row
triggers upserting one row per key. PostgreSQL: statement triggers on the steps and a row trigger on
contacts, each taking the writers' advisory lock of 0013 first (the steps are written under it), then
upserting. Filled here from the steps.

The DDL is dealercrm/db/activity.py's (`cohort_ddl`, `cohort_drop_ddl`), written out: frozen, as
revisions do not import dealercrm (a test checks that both say the same).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022_kpi_cohorts"
down_revision: str | Sequence[str] | None = "0021_kpi_flat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = {
    'sqlite': [
        'CREATE TABLE kpi_cohort_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, first_on DATE '
        'NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, channel, first_on))',
        'CREATE TRIGGER kpi_cohort_days_inserted AFTER INSERT ON kpi_activity_steps WHEN NEW.buyers <> '
        '0 BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(c.created_at), '
        'c.source_channel, NEW.day, NEW.buyers FROM contacts c WHERE c.id = NEW.contact_id AND '
        'NEW.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + '
        'excluded.n;\nEND',
        'CREATE TRIGGER kpi_cohort_days_deleted AFTER DELETE ON kpi_activity_steps WHEN OLD.buyers <> '
        '0 BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(c.created_at), '
        'c.source_channel, OLD.day, -OLD.buyers FROM contacts c WHERE c.id = OLD.contact_id AND '
        'OLD.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + '
        'excluded.n;\nEND',
        'CREATE TRIGGER kpi_cohort_days_updated AFTER UPDATE OF contact_id, day, buyers ON '
        'kpi_activity_steps BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT '
        'date(c.created_at), c.source_channel, OLD.day, -OLD.buyers FROM contacts c WHERE c.id = '
        'OLD.contact_id AND OLD.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = '
        'kpi_cohort_days.n + excluded.n;\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) '
        'SELECT date(c.created_at), c.source_channel, NEW.day, NEW.buyers FROM contacts c WHERE c.id = '
        'NEW.contact_id AND NEW.buyers <> 0 ON CONFLICT (day, channel, first_on) DO UPDATE SET n = '
        'kpi_cohort_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_cohort_days_contact AFTER UPDATE OF created_at, source_channel ON contacts '
        'WHEN OLD.created_at IS NOT NEW.created_at OR OLD.source_channel IS NOT NEW.source_channel '
        'BEGIN\n  INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(OLD.created_at), '
        'OLD.source_channel, st.day, -SUM(st.buyers) FROM kpi_activity_steps st WHERE st.contact_id = '
        'OLD.id AND st.buyers <> 0 GROUP BY st.day ON CONFLICT (day, channel, first_on) DO UPDATE SET '
        'n = kpi_cohort_days.n + excluded.n;\n  INSERT INTO kpi_cohort_days (day, channel, first_on, '
        'n) SELECT date(NEW.created_at), NEW.source_channel, st.day, SUM(st.buyers) FROM '
        'kpi_activity_steps st WHERE st.contact_id = NEW.id AND st.buyers <> 0 GROUP BY st.day ON '
        'CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n;\nEND',
        'DELETE FROM kpi_cohort_days',
        'INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT date(c.created_at), '
        'c.source_channel, st.day, SUM(st.buyers) FROM kpi_activity_steps st JOIN contacts c ON c.id = '
        'st.contact_id WHERE st.buyers <> 0 GROUP BY date(c.created_at), c.source_channel, st.day ON '
        'CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n',
    ],
    'postgresql': [
        'CREATE TABLE kpi_cohort_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, first_on DATE '
        'NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, channel, first_on))',
        'CREATE FUNCTION kpi_cohort_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  '
        'PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, '
        'first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, SUM(st.buyers) FROM '
        'new_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY '
        'CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO '
        'UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$',
        'CREATE TRIGGER kpi_cohort_days_inserted AFTER INSERT ON kpi_activity_steps REFERENCING NEW '
        'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_days_inserted()',
        'CREATE FUNCTION kpi_cohort_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  '
        'PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, '
        'first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, -SUM(st.buyers) '
        'FROM old_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY '
        'CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO '
        'UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$',
        'CREATE TRIGGER kpi_cohort_days_deleted AFTER DELETE ON kpi_activity_steps REFERENCING OLD '
        'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_days_deleted()',
        'CREATE FUNCTION kpi_cohort_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  '
        'PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, '
        'first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, -SUM(st.buyers) '
        'FROM old_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY '
        'CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO '
        'UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  INSERT INTO kpi_cohort_days (day, channel, '
        'first_on, n) SELECT CAST(c.created_at AS DATE), c.source_channel, st.day, SUM(st.buyers) FROM '
        'new_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers <> 0 GROUP BY '
        'CAST(c.created_at AS DATE), c.source_channel, st.day ON CONFLICT (day, channel, first_on) DO '
        'UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$',
        'CREATE TRIGGER kpi_cohort_days_updated AFTER UPDATE ON kpi_activity_steps REFERENCING OLD '
        'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_cohort_days_updated()',
        'CREATE FUNCTION kpi_cohort_days_contact() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  '
        'PERFORM pg_advisory_xact_lock(16011, 0);\n  INSERT INTO kpi_cohort_days (day, channel, '
        'first_on, n) SELECT CAST(OLD.created_at AS DATE), OLD.source_channel, st.day, -SUM(st.buyers) '
        'FROM kpi_activity_steps st WHERE st.contact_id = OLD.id AND st.buyers <> 0 GROUP BY st.day ON '
        'CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n;\n  INSERT '
        'INTO kpi_cohort_days (day, channel, first_on, n) SELECT CAST(NEW.created_at AS DATE), '
        'NEW.source_channel, st.day, SUM(st.buyers) FROM kpi_activity_steps st WHERE st.contact_id = '
        'NEW.id AND st.buyers <> 0 GROUP BY st.day ON CONFLICT (day, channel, first_on) DO UPDATE SET '
        'n = kpi_cohort_days.n + excluded.n;\n  RETURN NULL;\nEND $$',
        'CREATE TRIGGER kpi_cohort_days_contact AFTER UPDATE OF created_at, source_channel ON contacts '
        'FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.source_channel IS '
        'DISTINCT FROM NEW.source_channel) EXECUTE FUNCTION kpi_cohort_days_contact()',
        'DELETE FROM kpi_cohort_days',
        'INSERT INTO kpi_cohort_days (day, channel, first_on, n) SELECT CAST(c.created_at AS DATE), '
        'c.source_channel, st.day, SUM(st.buyers) FROM kpi_activity_steps st JOIN contacts c ON c.id = '
        'st.contact_id WHERE st.buyers <> 0 GROUP BY CAST(c.created_at AS DATE), c.source_channel, '
        'st.day ON CONFLICT (day, channel, first_on) DO UPDATE SET n = kpi_cohort_days.n + excluded.n',
    ],
}
DOWNGRADE = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS kpi_cohort_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_cohort_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_cohort_days_updated',
        'DROP TRIGGER IF EXISTS kpi_cohort_days_contact',
        'DROP TABLE IF EXISTS kpi_cohort_days',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS kpi_cohort_days_inserted ON kpi_activity_steps',
        'DROP TRIGGER IF EXISTS kpi_cohort_days_deleted ON kpi_activity_steps',
        'DROP TRIGGER IF EXISTS kpi_cohort_days_updated ON kpi_activity_steps',
        'DROP TRIGGER IF EXISTS kpi_cohort_days_contact ON contacts',
        'DROP FUNCTION IF EXISTS kpi_cohort_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_cohort_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_cohort_days_updated()',
        'DROP FUNCTION IF EXISTS kpi_cohort_days_contact()',
        'DROP TABLE IF EXISTS kpi_cohort_days',
    ],
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
