"""kpi flat: more of the dashboard's figures kept per day by triggers, so that a month reads its days'
sums rather than its rows (or, for the scores, every prospect)

Revision ID: 0021_kpi_flat
Revises: 0020_pg_search_words
Create Date: 2026-12-06 13:00:00

Tables of sums per key, each kept by triggers on one table from each row written alone (a delta: the
row adds itself and takes its old self off; no history read). SQLite: row triggers upserting one row
per key. PostgreSQL: statement triggers with transition tables that only INSERT, one row per key the
statement changed (no unique key, no lock: two writers never wait for each other, such as the
importer's batches in flight), folding the key's rows into one when the table's fold lock
(pg_try_advisory_xact_lock(16021, crc32 of the table's name)) is free; readers sum a key's rows. The
tallies reading another table (kpi_model_days) and the refreshes of kept rows (but for contacts just
inserted) take the writers' advisory lock of 0013 first (an UPDATE that changes none of the columns
read returns before it):
- kpi_prospect_scores (owner, score: prospects not erased) from contacts;
- kpi_contact_days (UTC day of creation, owner, channel: contacts) from contacts;
- kpi_opportunity_days (UTC day of closing, owner, stage: won or lost opportunities) from opportunities;
- kpi_claim_days (UTC day, event opened / resolved / finished, category: the dealership's claims,
  resolved by their due instant, seconds to resolution, satisfaction marks and their number, goodwill)
  from claims;
- kpi_visit_days (day: service visits, amount, margin) from service_visits;
- kpi_appointment_days (UTC day of the due instant, user: appointments) from tasks;
- kpi_campaign_reach (campaign: targets not excluded, targets reached) from campaign_targets;
- kpi_model_days (day, make, model: the dealership's sales, price, margin) from sales, and from
  vehicles whose make or model changes;
- kpi_buyer_days (day, channel: new customers) from the first-sale steps of 0014 (kpi_activity_steps)
  and from contacts whose channel changes;
- kpi_lead_contacts (contact: UTC day of creation, owner, whether they have a first contact, seconds to
  it) and kpi_lead_days (UTC day, owner: leads, leads contacted, seconds), refreshed for the contacts
  concerned by triggers on contacts and on kpi_first_contacts (0016);
- kpi_funnel_opportunities (opportunity won or lost: UTC day of closing, owner, furthest step) and
  kpi_funnel_days (UTC day, owner, step: opportunities), refreshed for the opportunities concerned by
  triggers on opportunities and interactions (the step depends on both).
Filled here from the history.

The DDL is dealercrm/db/activity.py's (`flat_ddl`, `flat_drop_ddl`), written out: frozen, as revisions
do not import dealercrm (a test checks that both say the same).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021_kpi_flat"
down_revision: str | Sequence[str] | None = "0020_pg_search_words"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = {
    'sqlite': [
        'CREATE TABLE kpi_prospect_scores (owner_key INTEGER NOT NULL, score_key INTEGER NOT '
        'NULL, n BIGINT NOT NULL, PRIMARY KEY (owner_key, score_key))',
        'CREATE TABLE kpi_contact_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, channel '
        'VARCHAR(32) NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, owner_key, channel))',
        'CREATE TABLE kpi_opportunity_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, stage '
        'VARCHAR(32) NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, owner_key, stage))',
        'CREATE TABLE kpi_claim_days (day DATE NOT NULL, event VARCHAR(16) NOT NULL, category '
        'VARCHAR(32) NOT NULL, n BIGINT NOT NULL, in_time BIGINT NOT NULL, seconds REAL NOT '
        'NULL, marks BIGINT NOT NULL, marked BIGINT NOT NULL, goodwill BIGINT NOT NULL, PRIMARY '
        'KEY (day, event, category))',
        'CREATE TABLE kpi_visit_days (day DATE NOT NULL, n BIGINT NOT NULL, amount BIGINT NOT '
        'NULL, margin BIGINT NOT NULL, PRIMARY KEY (day))',
        'CREATE TABLE kpi_appointment_days (day DATE NOT NULL, user_key INTEGER NOT NULL, n '
        'BIGINT NOT NULL, PRIMARY KEY (day, user_key))',
        'CREATE TABLE kpi_model_days (day DATE NOT NULL, make VARCHAR(40) NOT NULL, model '
        'VARCHAR(60) NOT NULL, n BIGINT NOT NULL, price BIGINT NOT NULL, margin BIGINT NOT NULL, '
        'PRIMARY KEY (day, make, model))',
        'CREATE TABLE kpi_campaign_reach (campaign_id INTEGER NOT NULL, targets BIGINT NOT NULL, '
        'reached BIGINT NOT NULL, PRIMARY KEY (campaign_id))',
        'CREATE TABLE kpi_funnel_opportunities (opportunity_id INTEGER NOT NULL PRIMARY KEY, day '
        'DATE NOT NULL, owner_key INTEGER NOT NULL, reached INTEGER NOT NULL)',
        'CREATE TABLE kpi_funnel_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, reached '
        'INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, owner_key, reached))',
        'CREATE TABLE kpi_buyer_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, n BIGINT '
        'NOT NULL, PRIMARY KEY (day, channel))',
        'CREATE TABLE kpi_lead_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, day DATE NOT '
        'NULL, owner_key INTEGER NOT NULL, answered INTEGER NOT NULL, seconds REAL NOT NULL)',
        'CREATE TABLE kpi_lead_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, n BIGINT NOT '
        'NULL, answered BIGINT NOT NULL, seconds REAL NOT NULL, PRIMARY KEY (day, owner_key))',
        'CREATE TRIGGER kpi_prospect_scores_inserted AFTER INSERT ON contacts BEGIN\n  INSERT '
        'INTO kpi_prospect_scores (owner_key, score_key, n) SELECT COALESCE(NEW.owner_id, 0), '
        "COALESCE(NEW.score, -1), (1) WHERE NEW.lifecycle = 'prospect' AND NEW.erased_at IS NULL "
        'ON CONFLICT (owner_key, score_key) DO UPDATE SET n = kpi_prospect_scores.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_prospect_scores_deleted AFTER DELETE ON contacts BEGIN\n  INSERT INTO '
        'kpi_prospect_scores (owner_key, score_key, n) SELECT COALESCE(OLD.owner_id, 0), '
        "COALESCE(OLD.score, -1), -(1) WHERE OLD.lifecycle = 'prospect' AND OLD.erased_at IS "
        'NULL ON CONFLICT (owner_key, score_key) DO UPDATE SET n = kpi_prospect_scores.n + '
        'excluded.n;\nEND',
        'CREATE TRIGGER kpi_prospect_scores_updated AFTER UPDATE OF lifecycle, erased_at, score, '
        'owner_id ON contacts WHEN OLD.lifecycle IS NOT NEW.lifecycle OR OLD.erased_at IS NOT '
        'NEW.erased_at OR OLD.score IS NOT NEW.score OR OLD.owner_id IS NOT NEW.owner_id BEGIN\n  '
        'INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT COALESCE(OLD.owner_id, '
        "0), COALESCE(OLD.score, -1), -(1) WHERE OLD.lifecycle = 'prospect' AND OLD.erased_at IS "
        'NULL ON CONFLICT (owner_key, score_key) DO UPDATE SET n = kpi_prospect_scores.n + '
        'excluded.n;\n  INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT '
        'COALESCE(NEW.owner_id, 0), COALESCE(NEW.score, -1), (1) WHERE NEW.lifecycle = '
        "'prospect' AND NEW.erased_at IS NULL ON CONFLICT (owner_key, score_key) DO UPDATE SET n "
        '= kpi_prospect_scores.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_contact_days_inserted AFTER INSERT ON contacts BEGIN\n  INSERT INTO '
        'kpi_contact_days (day, owner_key, channel, n) SELECT date(NEW.created_at), '
        'COALESCE(NEW.owner_id, 0), NEW.source_channel, (1) WHERE 1 = 1 ON CONFLICT (day, '
        'owner_key, channel) DO UPDATE SET n = kpi_contact_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_contact_days_deleted AFTER DELETE ON contacts BEGIN\n  INSERT INTO '
        'kpi_contact_days (day, owner_key, channel, n) SELECT date(OLD.created_at), '
        'COALESCE(OLD.owner_id, 0), OLD.source_channel, -(1) WHERE 1 = 1 ON CONFLICT (day, '
        'owner_key, channel) DO UPDATE SET n = kpi_contact_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_contact_days_updated AFTER UPDATE OF created_at, owner_id, '
        'source_channel ON contacts WHEN OLD.created_at IS NOT NEW.created_at OR OLD.owner_id IS '
        'NOT NEW.owner_id OR OLD.source_channel IS NOT NEW.source_channel BEGIN\n  INSERT INTO '
        'kpi_contact_days (day, owner_key, channel, n) SELECT date(OLD.created_at), '
        'COALESCE(OLD.owner_id, 0), OLD.source_channel, -(1) WHERE 1 = 1 ON CONFLICT (day, '
        'owner_key, channel) DO UPDATE SET n = kpi_contact_days.n + excluded.n;\n  INSERT INTO '
        'kpi_contact_days (day, owner_key, channel, n) SELECT date(NEW.created_at), '
        'COALESCE(NEW.owner_id, 0), NEW.source_channel, (1) WHERE 1 = 1 ON CONFLICT (day, '
        'owner_key, channel) DO UPDATE SET n = kpi_contact_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_opportunity_days_inserted AFTER INSERT ON opportunities BEGIN\n  '
        'INSERT INTO kpi_opportunity_days (day, owner_key, stage, n) SELECT date(NEW.closed_at), '
        "COALESCE(NEW.owner_id, 0), NEW.stage, (1) WHERE NEW.stage IN ('won', 'lost') AND "
        'NEW.closed_at IS NOT NULL ON CONFLICT (day, owner_key, stage) DO UPDATE SET n = '
        'kpi_opportunity_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_opportunity_days_deleted AFTER DELETE ON opportunities BEGIN\n  '
        'INSERT INTO kpi_opportunity_days (day, owner_key, stage, n) SELECT date(OLD.closed_at), '
        "COALESCE(OLD.owner_id, 0), OLD.stage, -(1) WHERE OLD.stage IN ('won', 'lost') AND "
        'OLD.closed_at IS NOT NULL ON CONFLICT (day, owner_key, stage) DO UPDATE SET n = '
        'kpi_opportunity_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_opportunity_days_updated AFTER UPDATE OF stage, closed_at, owner_id '
        'ON opportunities WHEN OLD.stage IS NOT NEW.stage OR OLD.closed_at IS NOT NEW.closed_at '
        'OR OLD.owner_id IS NOT NEW.owner_id BEGIN\n  INSERT INTO kpi_opportunity_days (day, '
        'owner_key, stage, n) SELECT date(OLD.closed_at), COALESCE(OLD.owner_id, 0), OLD.stage, '
        "-(1) WHERE OLD.stage IN ('won', 'lost') AND OLD.closed_at IS NOT NULL ON CONFLICT (day, "
        'owner_key, stage) DO UPDATE SET n = kpi_opportunity_days.n + excluded.n;\n  INSERT INTO '
        'kpi_opportunity_days (day, owner_key, stage, n) SELECT date(NEW.closed_at), '
        "COALESCE(NEW.owner_id, 0), NEW.stage, (1) WHERE NEW.stage IN ('won', 'lost') AND "
        'NEW.closed_at IS NOT NULL ON CONFLICT (day, owner_key, stage) DO UPDATE SET n = '
        'kpi_opportunity_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_claim_days_inserted AFTER INSERT ON claims BEGIN\n  INSERT INTO '
        'kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, goodwill) '
        "SELECT date(NEW.opened_at), 'opened', NEW.category, (1), (0), (0), (0), (0), (0) WHERE "
        '1 = 1 ON CONFLICT (day, event, category) DO UPDATE SET n = kpi_claim_days.n + '
        'excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, seconds = '
        'kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO kpi_claim_days (day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill) SELECT date(NEW.resolved_at), '
        "'resolved', NEW.category, (1), (CASE WHEN NEW.resolved_at <= NEW.due_at THEN 1 ELSE 0 "
        'END), (((julianday(NEW.resolved_at) - julianday(NEW.opened_at)) * 86400.0)), (0), (0), '
        '(0) WHERE NEW.resolved_at IS NOT NULL ON CONFLICT (day, event, category) DO UPDATE SET '
        'n = kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, '
        'seconds = kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO kpi_claim_days (day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill) SELECT '
        "date(COALESCE(NEW.closed_at, NEW.resolved_at)), 'finished', NEW.category, (1), (0), "
        '(0), (COALESCE(NEW.satisfaction, 0)), (CASE WHEN NEW.satisfaction IS NULL THEN 0 ELSE 1 '
        'END), (COALESCE(NEW.goodwill_cost, 0)) WHERE COALESCE(NEW.closed_at, NEW.resolved_at) '
        'IS NOT NULL ON CONFLICT (day, event, category) DO UPDATE SET n = kpi_claim_days.n + '
        'excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, seconds = '
        'kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\nEND',
        'CREATE TRIGGER kpi_claim_days_deleted AFTER DELETE ON claims BEGIN\n  INSERT INTO '
        'kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, goodwill) '
        "SELECT date(OLD.opened_at), 'opened', OLD.category, -(1), -(0), -(0), -(0), -(0), -(0) "
        'WHERE 1 = 1 ON CONFLICT (day, event, category) DO UPDATE SET n = kpi_claim_days.n + '
        'excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, seconds = '
        'kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO kpi_claim_days (day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill) SELECT date(OLD.resolved_at), '
        "'resolved', OLD.category, -(1), -(CASE WHEN OLD.resolved_at <= OLD.due_at THEN 1 ELSE 0 "
        'END), -(((julianday(OLD.resolved_at) - julianday(OLD.opened_at)) * 86400.0)), -(0), '
        '-(0), -(0) WHERE OLD.resolved_at IS NOT NULL ON CONFLICT (day, event, category) DO '
        'UPDATE SET n = kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + '
        'excluded.in_time, seconds = kpi_claim_days.seconds + excluded.seconds, marks = '
        'kpi_claim_days.marks + excluded.marks, marked = kpi_claim_days.marked + '
        'excluded.marked, goodwill = kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO '
        'kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, goodwill) '
        "SELECT date(COALESCE(OLD.closed_at, OLD.resolved_at)), 'finished', OLD.category, -(1), "
        '-(0), -(0), -(COALESCE(OLD.satisfaction, 0)), -(CASE WHEN OLD.satisfaction IS NULL THEN '
        '0 ELSE 1 END), -(COALESCE(OLD.goodwill_cost, 0)) WHERE COALESCE(OLD.closed_at, '
        'OLD.resolved_at) IS NOT NULL ON CONFLICT (day, event, category) DO UPDATE SET n = '
        'kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, '
        'seconds = kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\nEND',
        'CREATE TRIGGER kpi_claim_days_updated AFTER UPDATE OF opened_at, resolved_at, '
        'closed_at, due_at, category, satisfaction, goodwill_cost ON claims WHEN OLD.opened_at '
        'IS NOT NEW.opened_at OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.closed_at IS NOT '
        'NEW.closed_at OR OLD.due_at IS NOT NEW.due_at OR OLD.category IS NOT NEW.category OR '
        'OLD.satisfaction IS NOT NEW.satisfaction OR OLD.goodwill_cost IS NOT NEW.goodwill_cost '
        'BEGIN\n  INSERT INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, '
        "marked, goodwill) SELECT date(OLD.opened_at), 'opened', OLD.category, -(1), -(0), -(0), "
        '-(0), -(0), -(0) WHERE 1 = 1 ON CONFLICT (day, event, category) DO UPDATE SET n = '
        'kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, '
        'seconds = kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO kpi_claim_days (day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill) SELECT date(OLD.resolved_at), '
        "'resolved', OLD.category, -(1), -(CASE WHEN OLD.resolved_at <= OLD.due_at THEN 1 ELSE 0 "
        'END), -(((julianday(OLD.resolved_at) - julianday(OLD.opened_at)) * 86400.0)), -(0), '
        '-(0), -(0) WHERE OLD.resolved_at IS NOT NULL ON CONFLICT (day, event, category) DO '
        'UPDATE SET n = kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + '
        'excluded.in_time, seconds = kpi_claim_days.seconds + excluded.seconds, marks = '
        'kpi_claim_days.marks + excluded.marks, marked = kpi_claim_days.marked + '
        'excluded.marked, goodwill = kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO '
        'kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, goodwill) '
        "SELECT date(COALESCE(OLD.closed_at, OLD.resolved_at)), 'finished', OLD.category, -(1), "
        '-(0), -(0), -(COALESCE(OLD.satisfaction, 0)), -(CASE WHEN OLD.satisfaction IS NULL THEN '
        '0 ELSE 1 END), -(COALESCE(OLD.goodwill_cost, 0)) WHERE COALESCE(OLD.closed_at, '
        'OLD.resolved_at) IS NOT NULL ON CONFLICT (day, event, category) DO UPDATE SET n = '
        'kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, '
        'seconds = kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO kpi_claim_days (day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill) SELECT date(NEW.opened_at), '
        "'opened', NEW.category, (1), (0), (0), (0), (0), (0) WHERE 1 = 1 ON CONFLICT (day, "
        'event, category) DO UPDATE SET n = kpi_claim_days.n + excluded.n, in_time = '
        'kpi_claim_days.in_time + excluded.in_time, seconds = kpi_claim_days.seconds + '
        'excluded.seconds, marks = kpi_claim_days.marks + excluded.marks, marked = '
        'kpi_claim_days.marked + excluded.marked, goodwill = kpi_claim_days.goodwill + '
        'excluded.goodwill;\n  INSERT INTO kpi_claim_days (day, event, category, n, in_time, '
        "seconds, marks, marked, goodwill) SELECT date(NEW.resolved_at), 'resolved', "
        'NEW.category, (1), (CASE WHEN NEW.resolved_at <= NEW.due_at THEN 1 ELSE 0 END), '
        '(((julianday(NEW.resolved_at) - julianday(NEW.opened_at)) * 86400.0)), (0), (0), (0) '
        'WHERE NEW.resolved_at IS NOT NULL ON CONFLICT (day, event, category) DO UPDATE SET n = '
        'kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, '
        'seconds = kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\n  INSERT INTO kpi_claim_days (day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill) SELECT '
        "date(COALESCE(NEW.closed_at, NEW.resolved_at)), 'finished', NEW.category, (1), (0), "
        '(0), (COALESCE(NEW.satisfaction, 0)), (CASE WHEN NEW.satisfaction IS NULL THEN 0 ELSE 1 '
        'END), (COALESCE(NEW.goodwill_cost, 0)) WHERE COALESCE(NEW.closed_at, NEW.resolved_at) '
        'IS NOT NULL ON CONFLICT (day, event, category) DO UPDATE SET n = kpi_claim_days.n + '
        'excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, seconds = '
        'kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill;\nEND',
        'CREATE TRIGGER kpi_visit_days_inserted AFTER INSERT ON service_visits BEGIN\n  INSERT '
        'INTO kpi_visit_days (day, n, amount, margin) SELECT NEW.visited_on, (1), '
        '(COALESCE(NEW.amount, 0)), (COALESCE(NEW.margin, 0)) WHERE NEW.visited_on IS NOT NULL '
        'ON CONFLICT (day) DO UPDATE SET n = kpi_visit_days.n + excluded.n, amount = '
        'kpi_visit_days.amount + excluded.amount, margin = kpi_visit_days.margin + '
        'excluded.margin;\nEND',
        'CREATE TRIGGER kpi_visit_days_deleted AFTER DELETE ON service_visits BEGIN\n  INSERT '
        'INTO kpi_visit_days (day, n, amount, margin) SELECT OLD.visited_on, -(1), '
        '-(COALESCE(OLD.amount, 0)), -(COALESCE(OLD.margin, 0)) WHERE OLD.visited_on IS NOT NULL '
        'ON CONFLICT (day) DO UPDATE SET n = kpi_visit_days.n + excluded.n, amount = '
        'kpi_visit_days.amount + excluded.amount, margin = kpi_visit_days.margin + '
        'excluded.margin;\nEND',
        'CREATE TRIGGER kpi_visit_days_updated AFTER UPDATE OF visited_on, amount, margin ON '
        'service_visits WHEN OLD.visited_on IS NOT NEW.visited_on OR OLD.amount IS NOT '
        'NEW.amount OR OLD.margin IS NOT NEW.margin BEGIN\n  INSERT INTO kpi_visit_days (day, n, '
        'amount, margin) SELECT OLD.visited_on, -(1), -(COALESCE(OLD.amount, 0)), '
        '-(COALESCE(OLD.margin, 0)) WHERE OLD.visited_on IS NOT NULL ON CONFLICT (day) DO UPDATE '
        'SET n = kpi_visit_days.n + excluded.n, amount = kpi_visit_days.amount + '
        'excluded.amount, margin = kpi_visit_days.margin + excluded.margin;\n  INSERT INTO '
        'kpi_visit_days (day, n, amount, margin) SELECT NEW.visited_on, (1), '
        '(COALESCE(NEW.amount, 0)), (COALESCE(NEW.margin, 0)) WHERE NEW.visited_on IS NOT NULL '
        'ON CONFLICT (day) DO UPDATE SET n = kpi_visit_days.n + excluded.n, amount = '
        'kpi_visit_days.amount + excluded.amount, margin = kpi_visit_days.margin + '
        'excluded.margin;\nEND',
        'CREATE TRIGGER kpi_appointment_days_inserted AFTER INSERT ON tasks BEGIN\n  INSERT INTO '
        'kpi_appointment_days (day, user_key, n) SELECT date(NEW.due_at), COALESCE(NEW.user_id, '
        "0), (1) WHERE NEW.kind = 'appointment' ON CONFLICT (day, user_key) DO UPDATE SET n = "
        'kpi_appointment_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_appointment_days_deleted AFTER DELETE ON tasks BEGIN\n  INSERT INTO '
        'kpi_appointment_days (day, user_key, n) SELECT date(OLD.due_at), COALESCE(OLD.user_id, '
        "0), -(1) WHERE OLD.kind = 'appointment' ON CONFLICT (day, user_key) DO UPDATE SET n = "
        'kpi_appointment_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_appointment_days_updated AFTER UPDATE OF kind, due_at, user_id ON '
        'tasks WHEN OLD.kind IS NOT NEW.kind OR OLD.due_at IS NOT NEW.due_at OR OLD.user_id IS '
        'NOT NEW.user_id BEGIN\n  INSERT INTO kpi_appointment_days (day, user_key, n) SELECT '
        "date(OLD.due_at), COALESCE(OLD.user_id, 0), -(1) WHERE OLD.kind = 'appointment' ON "
        'CONFLICT (day, user_key) DO UPDATE SET n = kpi_appointment_days.n + excluded.n;\n  '
        'INSERT INTO kpi_appointment_days (day, user_key, n) SELECT date(NEW.due_at), '
        "COALESCE(NEW.user_id, 0), (1) WHERE NEW.kind = 'appointment' ON CONFLICT (day, "
        'user_key) DO UPDATE SET n = kpi_appointment_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_model_days_inserted AFTER INSERT ON sales BEGIN\n  INSERT INTO '
        'kpi_model_days (day, make, model, n, price, margin) SELECT NEW.sold_on, (SELECT v.make '
        'FROM vehicles v WHERE v.id = NEW.vehicle_id), (SELECT v.model FROM vehicles v WHERE '
        'v.id = NEW.vehicle_id), (1), (NEW.price), (NEW.margin) WHERE 1 = 1 ON CONFLICT (day, '
        'make, model) DO UPDATE SET n = kpi_model_days.n + excluded.n, price = '
        'kpi_model_days.price + excluded.price, margin = kpi_model_days.margin + excluded.margin;\nEND',
        'CREATE TRIGGER kpi_model_days_deleted AFTER DELETE ON sales BEGIN\n  INSERT INTO '
        'kpi_model_days (day, make, model, n, price, margin) SELECT OLD.sold_on, (SELECT v.make '
        'FROM vehicles v WHERE v.id = OLD.vehicle_id), (SELECT v.model FROM vehicles v WHERE '
        'v.id = OLD.vehicle_id), -(1), -(OLD.price), -(OLD.margin) WHERE 1 = 1 ON CONFLICT (day, '
        'make, model) DO UPDATE SET n = kpi_model_days.n + excluded.n, price = '
        'kpi_model_days.price + excluded.price, margin = kpi_model_days.margin + excluded.margin;\nEND',
        'CREATE TRIGGER kpi_model_days_updated AFTER UPDATE OF sold_on, vehicle_id, price, '
        'margin ON sales WHEN OLD.sold_on IS NOT NEW.sold_on OR OLD.vehicle_id IS NOT '
        'NEW.vehicle_id OR OLD.price IS NOT NEW.price OR OLD.margin IS NOT NEW.margin BEGIN\n  '
        'INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT OLD.sold_on, '
        '(SELECT v.make FROM vehicles v WHERE v.id = OLD.vehicle_id), (SELECT v.model FROM '
        'vehicles v WHERE v.id = OLD.vehicle_id), -(1), -(OLD.price), -(OLD.margin) WHERE 1 = 1 '
        'ON CONFLICT (day, make, model) DO UPDATE SET n = kpi_model_days.n + excluded.n, price = '
        'kpi_model_days.price + excluded.price, margin = kpi_model_days.margin + '
        'excluded.margin;\n  INSERT INTO kpi_model_days (day, make, model, n, price, margin) '
        'SELECT NEW.sold_on, (SELECT v.make FROM vehicles v WHERE v.id = NEW.vehicle_id), '
        '(SELECT v.model FROM vehicles v WHERE v.id = NEW.vehicle_id), (1), (NEW.price), '
        '(NEW.margin) WHERE 1 = 1 ON CONFLICT (day, make, model) DO UPDATE SET n = '
        'kpi_model_days.n + excluded.n, price = kpi_model_days.price + excluded.price, margin = '
        'kpi_model_days.margin + excluded.margin;\nEND',
        'CREATE TRIGGER kpi_campaign_reach_inserted AFTER INSERT ON campaign_targets BEGIN\n  '
        'INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT NEW.campaign_id, '
        "(CASE WHEN NEW.status <> 'excluded' THEN 1 ELSE 0 END), (CASE WHEN NEW.reached_at IS "
        'NULL THEN 0 ELSE 1 END) WHERE 1 = 1 ON CONFLICT (campaign_id) DO UPDATE SET targets = '
        'kpi_campaign_reach.targets + excluded.targets, reached = kpi_campaign_reach.reached + '
        'excluded.reached;\nEND',
        'CREATE TRIGGER kpi_campaign_reach_deleted AFTER DELETE ON campaign_targets BEGIN\n  '
        'INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT OLD.campaign_id, '
        "-(CASE WHEN OLD.status <> 'excluded' THEN 1 ELSE 0 END), -(CASE WHEN OLD.reached_at IS "
        'NULL THEN 0 ELSE 1 END) WHERE 1 = 1 ON CONFLICT (campaign_id) DO UPDATE SET targets = '
        'kpi_campaign_reach.targets + excluded.targets, reached = kpi_campaign_reach.reached + '
        'excluded.reached;\nEND',
        'CREATE TRIGGER kpi_campaign_reach_updated AFTER UPDATE OF campaign_id, status, '
        'reached_at ON campaign_targets WHEN OLD.campaign_id IS NOT NEW.campaign_id OR '
        'OLD.status IS NOT NEW.status OR OLD.reached_at IS NOT NEW.reached_at BEGIN\n  INSERT '
        'INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT OLD.campaign_id, -(CASE '
        "WHEN OLD.status <> 'excluded' THEN 1 ELSE 0 END), -(CASE WHEN OLD.reached_at IS NULL "
        'THEN 0 ELSE 1 END) WHERE 1 = 1 ON CONFLICT (campaign_id) DO UPDATE SET targets = '
        'kpi_campaign_reach.targets + excluded.targets, reached = kpi_campaign_reach.reached + '
        'excluded.reached;\n  INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) '
        "SELECT NEW.campaign_id, (CASE WHEN NEW.status <> 'excluded' THEN 1 ELSE 0 END), (CASE "
        'WHEN NEW.reached_at IS NULL THEN 0 ELSE 1 END) WHERE 1 = 1 ON CONFLICT (campaign_id) DO '
        'UPDATE SET targets = kpi_campaign_reach.targets + excluded.targets, reached = '
        'kpi_campaign_reach.reached + excluded.reached;\nEND',
        'CREATE TRIGGER kpi_model_days_vehicle AFTER UPDATE OF make, model ON vehicles WHEN '
        'OLD.make IS NOT NEW.make OR OLD.model IS NOT NEW.model BEGIN\n  INSERT INTO '
        'kpi_model_days (day, make, model, n, price, margin) SELECT s.sold_on, OLD.make, '
        'OLD.model, -COUNT(*), -SUM(s.price), -SUM(s.margin) FROM sales s WHERE s.vehicle_id = '
        'NEW.id GROUP BY s.sold_on ON CONFLICT (day, make, model) DO UPDATE SET n = '
        'kpi_model_days.n + excluded.n, price = kpi_model_days.price + excluded.price, margin = '
        'kpi_model_days.margin + excluded.margin;\n  INSERT INTO kpi_model_days (day, make, '
        'model, n, price, margin) SELECT s.sold_on, NEW.make, NEW.model, COUNT(*), SUM(s.price), '
        'SUM(s.margin) FROM sales s WHERE s.vehicle_id = NEW.id GROUP BY s.sold_on ON CONFLICT '
        '(day, make, model) DO UPDATE SET n = kpi_model_days.n + excluded.n, price = '
        'kpi_model_days.price + excluded.price, margin = kpi_model_days.margin + excluded.margin;\nEND',
        'CREATE TRIGGER kpi_funnel_opportunities_inserted AFTER INSERT ON opportunities BEGIN\n  '
        'INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, '
        'reached, -COUNT(*) FROM kpi_funnel_opportunities WHERE opportunity_id = NEW.id GROUP BY '
        'day, owner_key, reached ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = '
        'kpi_funnel_days.n + excluded.n;\n  DELETE FROM kpi_funnel_opportunities WHERE '
        'opportunity_id = NEW.id;\n  INSERT INTO kpi_funnel_opportunities (opportunity_id, day, '
        'owner_key, reached) SELECT o.id, date(o.closed_at), COALESCE(o.owner_id, 0), CASE WHEN '
        "o.stage = 'won' THEN 4 ELSE COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN "
        "i.type = 'test_drive' THEN 2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = "
        "o.id AND i.contact_id = o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote')), 0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') "
        'AND o.closed_at IS NOT NULL AND o.id = NEW.id;\n  INSERT INTO kpi_funnel_days (day, '
        'owner_key, reached, n) SELECT day, owner_key, reached, COUNT(*) FROM '
        'kpi_funnel_opportunities WHERE opportunity_id = NEW.id GROUP BY day, owner_key, reached '
        'ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_funnel_opportunities_deleted AFTER DELETE ON opportunities BEGIN\n  '
        'INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, '
        'reached, -COUNT(*) FROM kpi_funnel_opportunities WHERE opportunity_id = OLD.id GROUP BY '
        'day, owner_key, reached ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = '
        'kpi_funnel_days.n + excluded.n;\n  DELETE FROM kpi_funnel_opportunities WHERE '
        'opportunity_id = OLD.id;\n  INSERT INTO kpi_funnel_opportunities (opportunity_id, day, '
        'owner_key, reached) SELECT o.id, date(o.closed_at), COALESCE(o.owner_id, 0), CASE WHEN '
        "o.stage = 'won' THEN 4 ELSE COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN "
        "i.type = 'test_drive' THEN 2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = "
        "o.id AND i.contact_id = o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote')), 0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') "
        'AND o.closed_at IS NOT NULL AND o.id = OLD.id;\n  INSERT INTO kpi_funnel_days (day, '
        'owner_key, reached, n) SELECT day, owner_key, reached, COUNT(*) FROM '
        'kpi_funnel_opportunities WHERE opportunity_id = OLD.id GROUP BY day, owner_key, reached '
        'ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_funnel_opportunities_updated AFTER UPDATE OF stage, closed_at, '
        'owner_id, contact_id ON opportunities WHEN OLD.stage IS NOT NEW.stage OR OLD.closed_at '
        'IS NOT NEW.closed_at OR OLD.owner_id IS NOT NEW.owner_id OR OLD.contact_id IS NOT '
        'NEW.contact_id BEGIN\n  INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT '
        'day, owner_key, reached, -COUNT(*) FROM kpi_funnel_opportunities WHERE opportunity_id = '
        'NEW.id GROUP BY day, owner_key, reached ON CONFLICT (day, owner_key, reached) DO UPDATE '
        'SET n = kpi_funnel_days.n + excluded.n;\n  DELETE FROM kpi_funnel_opportunities WHERE '
        'opportunity_id = NEW.id;\n  INSERT INTO kpi_funnel_opportunities (opportunity_id, day, '
        'owner_key, reached) SELECT o.id, date(o.closed_at), COALESCE(o.owner_id, 0), CASE WHEN '
        "o.stage = 'won' THEN 4 ELSE COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN "
        "i.type = 'test_drive' THEN 2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = "
        "o.id AND i.contact_id = o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote')), 0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') "
        'AND o.closed_at IS NOT NULL AND o.id = NEW.id;\n  INSERT INTO kpi_funnel_days (day, '
        'owner_key, reached, n) SELECT day, owner_key, reached, COUNT(*) FROM '
        'kpi_funnel_opportunities WHERE opportunity_id = NEW.id GROUP BY day, owner_key, reached '
        'ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_funnel_interactions_inserted AFTER INSERT ON interactions WHEN '
        "NEW.opportunity_id IS NOT NULL AND NEW.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote') BEGIN\n  INSERT INTO kpi_funnel_days (day, owner_key, reached, n) "
        'SELECT day, owner_key, reached, -COUNT(*) FROM kpi_funnel_opportunities WHERE '
        'opportunity_id = NEW.opportunity_id GROUP BY day, owner_key, reached ON CONFLICT (day, '
        'owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\n  DELETE FROM '
        'kpi_funnel_opportunities WHERE opportunity_id = NEW.opportunity_id;\n  INSERT INTO '
        'kpi_funnel_opportunities (opportunity_id, day, owner_key, reached) SELECT o.id, '
        "date(o.closed_at), COALESCE(o.owner_id, 0), CASE WHEN o.stage = 'won' THEN 4 ELSE "
        "COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN i.type = 'test_drive' THEN "
        '2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = o.id AND i.contact_id = '
        "o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', 'quote')), "
        "0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') AND o.closed_at IS NOT "
        'NULL AND o.id = NEW.opportunity_id;\n  INSERT INTO kpi_funnel_days (day, owner_key, '
        'reached, n) SELECT day, owner_key, reached, COUNT(*) FROM kpi_funnel_opportunities '
        'WHERE opportunity_id = NEW.opportunity_id GROUP BY day, owner_key, reached ON CONFLICT '
        '(day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_funnel_interactions_deleted AFTER DELETE ON interactions WHEN '
        "OLD.opportunity_id IS NOT NULL AND OLD.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote') BEGIN\n  INSERT INTO kpi_funnel_days (day, owner_key, reached, n) "
        'SELECT day, owner_key, reached, -COUNT(*) FROM kpi_funnel_opportunities WHERE '
        'opportunity_id = OLD.opportunity_id GROUP BY day, owner_key, reached ON CONFLICT (day, '
        'owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\n  DELETE FROM '
        'kpi_funnel_opportunities WHERE opportunity_id = OLD.opportunity_id;\n  INSERT INTO '
        'kpi_funnel_opportunities (opportunity_id, day, owner_key, reached) SELECT o.id, '
        "date(o.closed_at), COALESCE(o.owner_id, 0), CASE WHEN o.stage = 'won' THEN 4 ELSE "
        "COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN i.type = 'test_drive' THEN "
        '2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = o.id AND i.contact_id = '
        "o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', 'quote')), "
        "0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') AND o.closed_at IS NOT "
        'NULL AND o.id = OLD.opportunity_id;\n  INSERT INTO kpi_funnel_days (day, owner_key, '
        'reached, n) SELECT day, owner_key, reached, COUNT(*) FROM kpi_funnel_opportunities '
        'WHERE opportunity_id = OLD.opportunity_id GROUP BY day, owner_key, reached ON CONFLICT '
        '(day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_funnel_interactions_updated AFTER UPDATE OF opportunity_id, '
        'contact_id, type ON interactions WHEN (OLD.opportunity_id IS NOT NEW.opportunity_id OR '
        'OLD.contact_id IS NOT NEW.contact_id OR OLD.type IS NOT NEW.type) AND '
        '(OLD.opportunity_id IS NOT NULL OR NEW.opportunity_id IS NOT NULL) BEGIN\n  INSERT INTO '
        'kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, reached, -COUNT(*) '
        'FROM kpi_funnel_opportunities WHERE opportunity_id IN (OLD.opportunity_id, '
        'NEW.opportunity_id) GROUP BY day, owner_key, reached ON CONFLICT (day, owner_key, '
        'reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\n  DELETE FROM '
        'kpi_funnel_opportunities WHERE opportunity_id IN (OLD.opportunity_id, '
        'NEW.opportunity_id);\n  INSERT INTO kpi_funnel_opportunities (opportunity_id, day, '
        'owner_key, reached) SELECT o.id, date(o.closed_at), COALESCE(o.owner_id, 0), CASE WHEN '
        "o.stage = 'won' THEN 4 ELSE COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN "
        "i.type = 'test_drive' THEN 2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = "
        "o.id AND i.contact_id = o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote')), 0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') "
        'AND o.closed_at IS NOT NULL AND o.id IN (OLD.opportunity_id, NEW.opportunity_id);\n  '
        'INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, '
        'reached, COUNT(*) FROM kpi_funnel_opportunities WHERE opportunity_id IN '
        '(OLD.opportunity_id, NEW.opportunity_id) GROUP BY day, owner_key, reached ON CONFLICT '
        '(day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_buyer_days_inserted AFTER INSERT ON kpi_activity_steps WHEN '
        'NEW.buyers <> 0 BEGIN\n  INSERT INTO kpi_buyer_days (day, channel, n) SELECT NEW.day, '
        'c.source_channel, NEW.buyers FROM contacts c WHERE c.id = NEW.contact_id ON CONFLICT '
        '(day, channel) DO UPDATE SET n = kpi_buyer_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_buyer_days_deleted AFTER DELETE ON kpi_activity_steps WHEN '
        'OLD.buyers <> 0 BEGIN\n  INSERT INTO kpi_buyer_days (day, channel, n) SELECT OLD.day, '
        'c.source_channel, -OLD.buyers FROM contacts c WHERE c.id = OLD.contact_id ON CONFLICT '
        '(day, channel) DO UPDATE SET n = kpi_buyer_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_buyer_days_updated AFTER UPDATE OF contact_id, day, buyers ON '
        'kpi_activity_steps BEGIN\n  INSERT INTO kpi_buyer_days (day, channel, n) SELECT OLD.day, '
        'c.source_channel, -OLD.buyers FROM contacts c WHERE c.id = OLD.contact_id ON CONFLICT '
        '(day, channel) DO UPDATE SET n = kpi_buyer_days.n + excluded.n;\n  INSERT INTO '
        'kpi_buyer_days (day, channel, n) SELECT NEW.day, c.source_channel, NEW.buyers FROM '
        'contacts c WHERE c.id = NEW.contact_id ON CONFLICT (day, channel) DO UPDATE SET n = '
        'kpi_buyer_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_buyer_days_channel AFTER UPDATE OF source_channel ON contacts WHEN '
        'OLD.source_channel IS NOT NEW.source_channel BEGIN\n  INSERT INTO kpi_buyer_days (day, '
        'channel, n) SELECT st.day, OLD.source_channel, -SUM(st.buyers) FROM kpi_activity_steps '
        'st WHERE st.contact_id = NEW.id AND st.buyers <> 0 GROUP BY st.day ON CONFLICT (day, '
        'channel) DO UPDATE SET n = kpi_buyer_days.n + excluded.n;\n  INSERT INTO kpi_buyer_days '
        '(day, channel, n) SELECT st.day, NEW.source_channel, SUM(st.buyers) FROM '
        'kpi_activity_steps st WHERE st.contact_id = NEW.id AND st.buyers <> 0 GROUP BY st.day '
        'ON CONFLICT (day, channel) DO UPDATE SET n = kpi_buyer_days.n + excluded.n;\nEND',
        'CREATE TRIGGER kpi_leads_contacts_inserted AFTER INSERT ON contacts BEGIN\n  INSERT INTO '
        'kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, -COUNT(*), '
        '-SUM(answered), -SUM(seconds) FROM kpi_lead_contacts WHERE contact_id = NEW.id GROUP BY '
        'day, owner_key ON CONFLICT (day, owner_key) DO UPDATE SET n = kpi_lead_days.n + '
        'excluded.n, answered = kpi_lead_days.answered + excluded.answered, seconds = '
        'kpi_lead_days.seconds + excluded.seconds;\n  DELETE FROM kpi_lead_contacts WHERE '
        'contact_id = NEW.id;\n  INSERT INTO kpi_lead_contacts (contact_id, day, owner_key, '
        'answered, seconds) SELECT c.id, date(c.created_at), COALESCE(c.owner_id, 0), CASE WHEN '
        'f.first_at IS NULL THEN 0 ELSE 1 END, COALESCE(((julianday(f.first_at) - '
        'julianday(c.created_at)) * 86400.0), 0) FROM contacts c LEFT JOIN kpi_first_contacts f '
        'ON f.contact_id = c.id WHERE c.id = NEW.id;\n  INSERT INTO kpi_lead_days (day, '
        'owner_key, n, answered, seconds) SELECT day, owner_key, COUNT(*), SUM(answered), '
        'SUM(seconds) FROM kpi_lead_contacts WHERE contact_id = NEW.id GROUP BY day, owner_key '
        'ON CONFLICT (day, owner_key) DO UPDATE SET n = kpi_lead_days.n + excluded.n, answered = '
        'kpi_lead_days.answered + excluded.answered, seconds = kpi_lead_days.seconds + '
        'excluded.seconds;\nEND',
        'CREATE TRIGGER kpi_leads_contacts_deleted AFTER DELETE ON contacts BEGIN\n  INSERT INTO '
        'kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, -COUNT(*), '
        '-SUM(answered), -SUM(seconds) FROM kpi_lead_contacts WHERE contact_id = OLD.id GROUP BY '
        'day, owner_key ON CONFLICT (day, owner_key) DO UPDATE SET n = kpi_lead_days.n + '
        'excluded.n, answered = kpi_lead_days.answered + excluded.answered, seconds = '
        'kpi_lead_days.seconds + excluded.seconds;\n  DELETE FROM kpi_lead_contacts WHERE '
        'contact_id = OLD.id;\n  INSERT INTO kpi_lead_contacts (contact_id, day, owner_key, '
        'answered, seconds) SELECT c.id, date(c.created_at), COALESCE(c.owner_id, 0), CASE WHEN '
        'f.first_at IS NULL THEN 0 ELSE 1 END, COALESCE(((julianday(f.first_at) - '
        'julianday(c.created_at)) * 86400.0), 0) FROM contacts c LEFT JOIN kpi_first_contacts f '
        'ON f.contact_id = c.id WHERE c.id = OLD.id;\n  INSERT INTO kpi_lead_days (day, '
        'owner_key, n, answered, seconds) SELECT day, owner_key, COUNT(*), SUM(answered), '
        'SUM(seconds) FROM kpi_lead_contacts WHERE contact_id = OLD.id GROUP BY day, owner_key '
        'ON CONFLICT (day, owner_key) DO UPDATE SET n = kpi_lead_days.n + excluded.n, answered = '
        'kpi_lead_days.answered + excluded.answered, seconds = kpi_lead_days.seconds + '
        'excluded.seconds;\nEND',
        'CREATE TRIGGER kpi_leads_contacts_updated AFTER UPDATE OF created_at, owner_id ON '
        'contacts WHEN OLD.created_at IS NOT NEW.created_at OR OLD.owner_id IS NOT NEW.owner_id '
        'BEGIN\n  INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, '
        'owner_key, -COUNT(*), -SUM(answered), -SUM(seconds) FROM kpi_lead_contacts WHERE '
        'contact_id = NEW.id GROUP BY day, owner_key ON CONFLICT (day, owner_key) DO UPDATE SET '
        'n = kpi_lead_days.n + excluded.n, answered = kpi_lead_days.answered + '
        'excluded.answered, seconds = kpi_lead_days.seconds + excluded.seconds;\n  DELETE FROM '
        'kpi_lead_contacts WHERE contact_id = NEW.id;\n  INSERT INTO kpi_lead_contacts '
        '(contact_id, day, owner_key, answered, seconds) SELECT c.id, date(c.created_at), '
        'COALESCE(c.owner_id, 0), CASE WHEN f.first_at IS NULL THEN 0 ELSE 1 END, '
        'COALESCE(((julianday(f.first_at) - julianday(c.created_at)) * 86400.0), 0) FROM '
        'contacts c LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id WHERE c.id = NEW.id;\n  '
        'INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, '
        'COUNT(*), SUM(answered), SUM(seconds) FROM kpi_lead_contacts WHERE contact_id = NEW.id '
        'GROUP BY day, owner_key ON CONFLICT (day, owner_key) DO UPDATE SET n = kpi_lead_days.n '
        '+ excluded.n, answered = kpi_lead_days.answered + excluded.answered, seconds = '
        'kpi_lead_days.seconds + excluded.seconds;\nEND',
        'CREATE TRIGGER kpi_leads_first_contacts_inserted AFTER INSERT ON kpi_first_contacts '
        'BEGIN\n  INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, '
        'owner_key, -COUNT(*), -SUM(answered), -SUM(seconds) FROM kpi_lead_contacts WHERE '
        'contact_id = NEW.contact_id GROUP BY day, owner_key ON CONFLICT (day, owner_key) DO '
        'UPDATE SET n = kpi_lead_days.n + excluded.n, answered = kpi_lead_days.answered + '
        'excluded.answered, seconds = kpi_lead_days.seconds + excluded.seconds;\n  DELETE FROM '
        'kpi_lead_contacts WHERE contact_id = NEW.contact_id;\n  INSERT INTO kpi_lead_contacts '
        '(contact_id, day, owner_key, answered, seconds) SELECT c.id, date(c.created_at), '
        'COALESCE(c.owner_id, 0), CASE WHEN f.first_at IS NULL THEN 0 ELSE 1 END, '
        'COALESCE(((julianday(f.first_at) - julianday(c.created_at)) * 86400.0), 0) FROM '
        'contacts c LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id WHERE c.id = '
        'NEW.contact_id;\n  INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) '
        'SELECT day, owner_key, COUNT(*), SUM(answered), SUM(seconds) FROM kpi_lead_contacts '
        'WHERE contact_id = NEW.contact_id GROUP BY day, owner_key ON CONFLICT (day, owner_key) '
        'DO UPDATE SET n = kpi_lead_days.n + excluded.n, answered = kpi_lead_days.answered + '
        'excluded.answered, seconds = kpi_lead_days.seconds + excluded.seconds;\nEND',
        'CREATE TRIGGER kpi_leads_first_contacts_deleted AFTER DELETE ON kpi_first_contacts '
        'BEGIN\n  INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, '
        'owner_key, -COUNT(*), -SUM(answered), -SUM(seconds) FROM kpi_lead_contacts WHERE '
        'contact_id = OLD.contact_id GROUP BY day, owner_key ON CONFLICT (day, owner_key) DO '
        'UPDATE SET n = kpi_lead_days.n + excluded.n, answered = kpi_lead_days.answered + '
        'excluded.answered, seconds = kpi_lead_days.seconds + excluded.seconds;\n  DELETE FROM '
        'kpi_lead_contacts WHERE contact_id = OLD.contact_id;\n  INSERT INTO kpi_lead_contacts '
        '(contact_id, day, owner_key, answered, seconds) SELECT c.id, date(c.created_at), '
        'COALESCE(c.owner_id, 0), CASE WHEN f.first_at IS NULL THEN 0 ELSE 1 END, '
        'COALESCE(((julianday(f.first_at) - julianday(c.created_at)) * 86400.0), 0) FROM '
        'contacts c LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id WHERE c.id = '
        'OLD.contact_id;\n  INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) '
        'SELECT day, owner_key, COUNT(*), SUM(answered), SUM(seconds) FROM kpi_lead_contacts '
        'WHERE contact_id = OLD.contact_id GROUP BY day, owner_key ON CONFLICT (day, owner_key) '
        'DO UPDATE SET n = kpi_lead_days.n + excluded.n, answered = kpi_lead_days.answered + '
        'excluded.answered, seconds = kpi_lead_days.seconds + excluded.seconds;\nEND',
        'CREATE TRIGGER kpi_leads_first_contacts_updated AFTER UPDATE ON kpi_first_contacts '
        'BEGIN\n  INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, '
        'owner_key, -COUNT(*), -SUM(answered), -SUM(seconds) FROM kpi_lead_contacts WHERE '
        'contact_id IN (OLD.contact_id, NEW.contact_id) GROUP BY day, owner_key ON CONFLICT '
        '(day, owner_key) DO UPDATE SET n = kpi_lead_days.n + excluded.n, answered = '
        'kpi_lead_days.answered + excluded.answered, seconds = kpi_lead_days.seconds + '
        'excluded.seconds;\n  DELETE FROM kpi_lead_contacts WHERE contact_id IN (OLD.contact_id, '
        'NEW.contact_id);\n  INSERT INTO kpi_lead_contacts (contact_id, day, owner_key, answered, '
        'seconds) SELECT c.id, date(c.created_at), COALESCE(c.owner_id, 0), CASE WHEN f.first_at '
        'IS NULL THEN 0 ELSE 1 END, COALESCE(((julianday(f.first_at) - julianday(c.created_at)) '
        '* 86400.0), 0) FROM contacts c LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id '
        'WHERE c.id IN (OLD.contact_id, NEW.contact_id);\n  INSERT INTO kpi_lead_days (day, '
        'owner_key, n, answered, seconds) SELECT day, owner_key, COUNT(*), SUM(answered), '
        'SUM(seconds) FROM kpi_lead_contacts WHERE contact_id IN (OLD.contact_id, '
        'NEW.contact_id) GROUP BY day, owner_key ON CONFLICT (day, owner_key) DO UPDATE SET n = '
        'kpi_lead_days.n + excluded.n, answered = kpi_lead_days.answered + excluded.answered, '
        'seconds = kpi_lead_days.seconds + excluded.seconds;\nEND',
        'DELETE FROM kpi_prospect_scores',
        'INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, c1, SUM(c2) FROM '
        '(SELECT COALESCE(r.owner_id, 0) AS c0, COALESCE(r.score, -1) AS c1, (1) AS c2 FROM '
        "contacts r WHERE r.lifecycle = 'prospect' AND r.erased_at IS NULL AND 1 = 1) p WHERE 1 "
        '= 1 GROUP BY c0, c1 ON CONFLICT (owner_key, score_key) DO UPDATE SET n = '
        'kpi_prospect_scores.n + excluded.n',
        'DELETE FROM kpi_contact_days',
        'INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, c1, c2, SUM(c3) '
        'FROM (SELECT date(r.created_at) AS c0, COALESCE(r.owner_id, 0) AS c1, r.source_channel '
        'AS c2, (1) AS c3 FROM contacts r WHERE 1 = 1 AND 1 = 1) p WHERE 1 = 1 GROUP BY c0, c1, '
        'c2 ON CONFLICT (day, owner_key, channel) DO UPDATE SET n = kpi_contact_days.n + excluded.n',
        'DELETE FROM kpi_opportunity_days',
        'INSERT INTO kpi_opportunity_days (day, owner_key, stage, n) SELECT c0, c1, c2, SUM(c3) '
        'FROM (SELECT date(r.closed_at) AS c0, COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, (1) '
        "AS c3 FROM opportunities r WHERE r.stage IN ('won', 'lost') AND r.closed_at IS NOT NULL "
        'AND 1 = 1) p WHERE 1 = 1 GROUP BY c0, c1, c2 ON CONFLICT (day, owner_key, stage) DO '
        'UPDATE SET n = kpi_opportunity_days.n + excluded.n',
        'DELETE FROM kpi_claim_days',
        'INSERT INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, '
        'goodwill) SELECT c0, c1, c2, SUM(c3), SUM(c4), SUM(c5), SUM(c6), SUM(c7), SUM(c8) FROM '
        "(SELECT date(r.opened_at) AS c0, 'opened' AS c1, r.category AS c2, (1) AS c3, (0) AS "
        'c4, (0) AS c5, (0) AS c6, (0) AS c7, (0) AS c8 FROM claims r WHERE 1 = 1 AND 1 = 1 '
        "UNION ALL SELECT date(r.resolved_at) AS c0, 'resolved' AS c1, r.category AS c2, (1) AS "
        'c3, (CASE WHEN r.resolved_at <= r.due_at THEN 1 ELSE 0 END) AS c4, '
        '(((julianday(r.resolved_at) - julianday(r.opened_at)) * 86400.0)) AS c5, (0) AS c6, (0) '
        'AS c7, (0) AS c8 FROM claims r WHERE r.resolved_at IS NOT NULL AND 1 = 1 UNION ALL '
        "SELECT date(COALESCE(r.closed_at, r.resolved_at)) AS c0, 'finished' AS c1, r.category "
        'AS c2, (1) AS c3, (0) AS c4, (0) AS c5, (COALESCE(r.satisfaction, 0)) AS c6, (CASE WHEN '
        'r.satisfaction IS NULL THEN 0 ELSE 1 END) AS c7, (COALESCE(r.goodwill_cost, 0)) AS c8 '
        'FROM claims r WHERE COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND 1 = 1) p WHERE '
        '1 = 1 GROUP BY c0, c1, c2 ON CONFLICT (day, event, category) DO UPDATE SET n = '
        'kpi_claim_days.n + excluded.n, in_time = kpi_claim_days.in_time + excluded.in_time, '
        'seconds = kpi_claim_days.seconds + excluded.seconds, marks = kpi_claim_days.marks + '
        'excluded.marks, marked = kpi_claim_days.marked + excluded.marked, goodwill = '
        'kpi_claim_days.goodwill + excluded.goodwill',
        'DELETE FROM kpi_visit_days',
        'INSERT INTO kpi_visit_days (day, n, amount, margin) SELECT c0, SUM(c1), SUM(c2), '
        'SUM(c3) FROM (SELECT r.visited_on AS c0, (1) AS c1, (COALESCE(r.amount, 0)) AS c2, '
        '(COALESCE(r.margin, 0)) AS c3 FROM service_visits r WHERE r.visited_on IS NOT NULL AND '
        '1 = 1) p WHERE 1 = 1 GROUP BY c0 ON CONFLICT (day) DO UPDATE SET n = kpi_visit_days.n + '
        'excluded.n, amount = kpi_visit_days.amount + excluded.amount, margin = '
        'kpi_visit_days.margin + excluded.margin',
        'DELETE FROM kpi_appointment_days',
        'INSERT INTO kpi_appointment_days (day, user_key, n) SELECT c0, c1, SUM(c2) FROM (SELECT '
        'date(r.due_at) AS c0, COALESCE(r.user_id, 0) AS c1, (1) AS c2 FROM tasks r WHERE r.kind '
        "= 'appointment' AND 1 = 1) p WHERE 1 = 1 GROUP BY c0, c1 ON CONFLICT (day, user_key) DO "
        'UPDATE SET n = kpi_appointment_days.n + excluded.n',
        'DELETE FROM kpi_model_days',
        'INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, c1, c2, '
        'SUM(c3), SUM(c4), SUM(c5) FROM (SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v '
        'WHERE v.id = r.vehicle_id) AS c1, (SELECT v.model FROM vehicles v WHERE v.id = '
        'r.vehicle_id) AS c2, (1) AS c3, (r.price) AS c4, (r.margin) AS c5 FROM sales r WHERE 1 '
        '= 1 AND 1 = 1) p WHERE 1 = 1 GROUP BY c0, c1, c2 ON CONFLICT (day, make, model) DO '
        'UPDATE SET n = kpi_model_days.n + excluded.n, price = kpi_model_days.price + '
        'excluded.price, margin = kpi_model_days.margin + excluded.margin',
        'DELETE FROM kpi_campaign_reach',
        'INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT c0, SUM(c1), '
        "SUM(c2) FROM (SELECT r.campaign_id AS c0, (CASE WHEN r.status <> 'excluded' THEN 1 ELSE "
        '0 END) AS c1, (CASE WHEN r.reached_at IS NULL THEN 0 ELSE 1 END) AS c2 FROM '
        'campaign_targets r WHERE 1 = 1 AND 1 = 1) p WHERE 1 = 1 GROUP BY c0 ON CONFLICT '
        '(campaign_id) DO UPDATE SET targets = kpi_campaign_reach.targets + excluded.targets, '
        'reached = kpi_campaign_reach.reached + excluded.reached',
        'DELETE FROM kpi_funnel_days',
        'DELETE FROM kpi_funnel_opportunities',
        'INSERT INTO kpi_funnel_opportunities (opportunity_id, day, owner_key, reached) SELECT '
        "o.id, date(o.closed_at), COALESCE(o.owner_id, 0), CASE WHEN o.stage = 'won' THEN 4 ELSE "
        "COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN i.type = 'test_drive' THEN "
        '2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = o.id AND i.contact_id = '
        "o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', 'test_drive', 'quote')), "
        "0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') AND o.closed_at IS NOT "
        'NULL AND 1 = 1',
        'INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, '
        'reached, COUNT(*) FROM kpi_funnel_opportunities WHERE 1 = 1 GROUP BY day, owner_key, '
        'reached ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + excluded.n',
        'DELETE FROM kpi_buyer_days',
        'INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, c.source_channel, '
        'SUM(st.buyers) FROM kpi_activity_steps st JOIN contacts c ON c.id = st.contact_id WHERE '
        'st.buyers <> 0 AND 1 = 1 GROUP BY st.day, c.source_channel ON CONFLICT (day, channel) '
        'DO UPDATE SET n = kpi_buyer_days.n + excluded.n',
        'DELETE FROM kpi_lead_days',
        'DELETE FROM kpi_lead_contacts',
        'INSERT INTO kpi_lead_contacts (contact_id, day, owner_key, answered, seconds) SELECT '
        'c.id, date(c.created_at), COALESCE(c.owner_id, 0), CASE WHEN f.first_at IS NULL THEN 0 '
        'ELSE 1 END, COALESCE(((julianday(f.first_at) - julianday(c.created_at)) * 86400.0), 0) '
        'FROM contacts c LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id WHERE 1 = 1',
        'INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, '
        'COUNT(*), SUM(answered), SUM(seconds) FROM kpi_lead_contacts WHERE 1 = 1 GROUP BY day, '
        'owner_key ON CONFLICT (day, owner_key) DO UPDATE SET n = kpi_lead_days.n + excluded.n, '
        'answered = kpi_lead_days.answered + excluded.answered, seconds = kpi_lead_days.seconds '
        '+ excluded.seconds',
    ],
    'postgresql': [
        'CREATE TABLE kpi_prospect_scores (owner_key INTEGER NOT NULL, score_key INTEGER NOT '
        'NULL, n BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_prospect_scores_keys ON kpi_prospect_scores (owner_key, score_key)',
        'CREATE TABLE kpi_contact_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, channel '
        'VARCHAR(32) NOT NULL, n BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_contact_days_keys ON kpi_contact_days (day, owner_key, channel)',
        'CREATE TABLE kpi_opportunity_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, stage '
        'VARCHAR(32) NOT NULL, n BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_opportunity_days_keys ON kpi_opportunity_days (day, owner_key, stage)',
        'CREATE TABLE kpi_claim_days (day DATE NOT NULL, event VARCHAR(16) NOT NULL, category '
        'VARCHAR(32) NOT NULL, n BIGINT NOT NULL, in_time BIGINT NOT NULL, seconds NUMERIC NOT '
        'NULL, marks BIGINT NOT NULL, marked BIGINT NOT NULL, goodwill BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_claim_days_keys ON kpi_claim_days (day, event, category)',
        'CREATE TABLE kpi_visit_days (day DATE NOT NULL, n BIGINT NOT NULL, amount BIGINT NOT '
        'NULL, margin BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_visit_days_keys ON kpi_visit_days (day)',
        'CREATE TABLE kpi_appointment_days (day DATE NOT NULL, user_key INTEGER NOT NULL, n '
        'BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_appointment_days_keys ON kpi_appointment_days (day, user_key)',
        'CREATE TABLE kpi_model_days (day DATE NOT NULL, make VARCHAR(40) NOT NULL, model '
        'VARCHAR(60) NOT NULL, n BIGINT NOT NULL, price BIGINT NOT NULL, margin BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_model_days_keys ON kpi_model_days (day, make, model)',
        'CREATE TABLE kpi_campaign_reach (campaign_id INTEGER NOT NULL, targets BIGINT NOT NULL, '
        'reached BIGINT NOT NULL)',
        'CREATE INDEX ix_kpi_campaign_reach_keys ON kpi_campaign_reach (campaign_id)',
        'CREATE TABLE kpi_funnel_opportunities (opportunity_id INTEGER NOT NULL PRIMARY KEY, day '
        'DATE NOT NULL, owner_key INTEGER NOT NULL, reached INTEGER NOT NULL)',
        'CREATE TABLE kpi_funnel_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, reached '
        'INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, owner_key, reached))',
        'CREATE TABLE kpi_buyer_days (day DATE NOT NULL, channel VARCHAR(32) NOT NULL, n BIGINT '
        'NOT NULL, PRIMARY KEY (day, channel))',
        'CREATE TABLE kpi_lead_contacts (contact_id INTEGER NOT NULL PRIMARY KEY, day DATE NOT '
        'NULL, owner_key INTEGER NOT NULL, answered INTEGER NOT NULL, seconds NUMERIC NOT NULL)',
        'CREATE TABLE kpi_lead_days (day DATE NOT NULL, owner_key INTEGER NOT NULL, n BIGINT NOT '
        'NULL, answered BIGINT NOT NULL, seconds NUMERIC NOT NULL)',
        'CREATE INDEX ix_kpi_lead_days_keys ON kpi_lead_days (day, owner_key)',
        'CREATE FUNCTION kpi_prospect_scores_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 384197118) THEN\n'
        '    WITH d AS (SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT COALESCE(r.owner_id, 0) AS c0, '
        "COALESCE(r.score, -1) AS c1, (1) AS c2 FROM new_rows r WHERE r.lifecycle = 'prospect' "
        'AND r.erased_at IS NULL AND 1 = 1) p GROUP BY c0, c1 HAVING SUM(c2) <> 0), gone AS '
        '(DELETE FROM kpi_prospect_scores t USING (SELECT DISTINCT c0, c1 FROM d) k WHERE '
        't.owner_key = k.c0 AND t.score_key = k.c1 RETURNING t.owner_key, t.score_key, t.n) '
        'INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, c1, SUM(c2) FROM '
        '(SELECT c0, c1, c2 FROM d UNION ALL SELECT owner_key, score_key, n FROM gone) a GROUP '
        'BY c0, c1 HAVING SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, c1, c2 FROM '
        '(SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT COALESCE(r.owner_id, 0) AS c0, '
        "COALESCE(r.score, -1) AS c1, (1) AS c2 FROM new_rows r WHERE r.lifecycle = 'prospect' "
        'AND r.erased_at IS NULL AND 1 = 1) p GROUP BY c0, c1 HAVING SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_prospect_scores_inserted AFTER INSERT ON contacts REFERENCING NEW '
        'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_prospect_scores_inserted()',
        'CREATE FUNCTION kpi_prospect_scores_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 384197118) THEN\n'
        '    WITH d AS (SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT COALESCE(r.owner_id, 0) AS c0, '
        "COALESCE(r.score, -1) AS c1, -(1) AS c2 FROM old_rows r WHERE r.lifecycle = 'prospect' "
        'AND r.erased_at IS NULL AND 1 = 1) p GROUP BY c0, c1 HAVING SUM(c2) <> 0), gone AS '
        '(DELETE FROM kpi_prospect_scores t USING (SELECT DISTINCT c0, c1 FROM d) k WHERE '
        't.owner_key = k.c0 AND t.score_key = k.c1 RETURNING t.owner_key, t.score_key, t.n) '
        'INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, c1, SUM(c2) FROM '
        '(SELECT c0, c1, c2 FROM d UNION ALL SELECT owner_key, score_key, n FROM gone) a GROUP '
        'BY c0, c1 HAVING SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, c1, c2 FROM '
        '(SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT COALESCE(r.owner_id, 0) AS c0, '
        "COALESCE(r.score, -1) AS c1, -(1) AS c2 FROM old_rows r WHERE r.lifecycle = 'prospect' "
        'AND r.erased_at IS NULL AND 1 = 1) p GROUP BY c0, c1 HAVING SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_prospect_scores_deleted AFTER DELETE ON contacts REFERENCING OLD '
        'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_prospect_scores_deleted()',
        'CREATE FUNCTION kpi_prospect_scores_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.lifecycle, o.erased_at, o.score, o.owner_id) IS DISTINCT FROM (n.lifecycle, '
        'n.erased_at, n.score, n.owner_id)) THEN RETURN NULL; END IF;\n'
        '  IF pg_try_advisory_xact_lock(16021, 384197118) THEN\n'
        '    WITH d AS (SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT COALESCE(r.owner_id, 0) AS c0, '
        "COALESCE(r.score, -1) AS c1, -(1) AS c2 FROM old_rows r WHERE r.lifecycle = 'prospect' "
        'AND r.erased_at IS NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON '
        'n.id = o.id WHERE (o.lifecycle, o.erased_at, o.score, o.owner_id) IS DISTINCT FROM '
        '(n.lifecycle, n.erased_at, n.score, n.owner_id)) UNION ALL SELECT COALESCE(r.owner_id, '
        '0) AS c0, COALESCE(r.score, -1) AS c1, (1) AS c2 FROM new_rows r WHERE r.lifecycle = '
        "'prospect' AND r.erased_at IS NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN "
        'new_rows n ON n.id = o.id WHERE (o.lifecycle, o.erased_at, o.score, o.owner_id) IS '
        'DISTINCT FROM (n.lifecycle, n.erased_at, n.score, n.owner_id))) p GROUP BY c0, c1 '
        'HAVING SUM(c2) <> 0), gone AS (DELETE FROM kpi_prospect_scores t USING (SELECT DISTINCT '
        'c0, c1 FROM d) k WHERE t.owner_key = k.c0 AND t.score_key = k.c1 RETURNING t.owner_key, '
        't.score_key, t.n) INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, '
        'c1, SUM(c2) FROM (SELECT c0, c1, c2 FROM d UNION ALL SELECT owner_key, score_key, n '
        'FROM gone) a GROUP BY c0, c1 HAVING SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, c1, c2 FROM '
        '(SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT COALESCE(r.owner_id, 0) AS c0, '
        "COALESCE(r.score, -1) AS c1, -(1) AS c2 FROM old_rows r WHERE r.lifecycle = 'prospect' "
        'AND r.erased_at IS NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON '
        'n.id = o.id WHERE (o.lifecycle, o.erased_at, o.score, o.owner_id) IS DISTINCT FROM '
        '(n.lifecycle, n.erased_at, n.score, n.owner_id)) UNION ALL SELECT COALESCE(r.owner_id, '
        '0) AS c0, COALESCE(r.score, -1) AS c1, (1) AS c2 FROM new_rows r WHERE r.lifecycle = '
        "'prospect' AND r.erased_at IS NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN "
        'new_rows n ON n.id = o.id WHERE (o.lifecycle, o.erased_at, o.score, o.owner_id) IS '
        'DISTINCT FROM (n.lifecycle, n.erased_at, n.score, n.owner_id))) p GROUP BY c0, c1 '
        'HAVING SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_prospect_scores_updated AFTER UPDATE ON contacts REFERENCING OLD '
        'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_prospect_scores_updated()',
        'CREATE FUNCTION kpi_contact_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 1036131608) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.created_at AS DATE) '
        'AS c0, COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, (1) AS c3 FROM new_rows r '
        'WHERE 1 = 1 AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0), gone AS (DELETE FROM '
        'kpi_contact_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 AND '
        't.owner_key = k.c1 AND t.channel = k.c2 RETURNING t.day, t.owner_key, t.channel, t.n) '
        'INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, c1, c2, SUM(c3) '
        'FROM (SELECT c0, c1, c2, c3 FROM d UNION ALL SELECT day, owner_key, channel, n FROM '
        'gone) a GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, c1, c2, c3 '
        'FROM (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.created_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, (1) AS c3 FROM new_rows r WHERE '
        '1 = 1 AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_contact_days_inserted AFTER INSERT ON contacts REFERENCING NEW TABLE '
        'AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_contact_days_inserted()',
        'CREATE FUNCTION kpi_contact_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 1036131608) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.created_at AS DATE) '
        'AS c0, COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, -(1) AS c3 FROM old_rows '
        'r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0), gone AS (DELETE '
        'FROM kpi_contact_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 '
        'AND t.owner_key = k.c1 AND t.channel = k.c2 RETURNING t.day, t.owner_key, t.channel, '
        't.n) INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, c1, c2, '
        'SUM(c3) FROM (SELECT c0, c1, c2, c3 FROM d UNION ALL SELECT day, owner_key, channel, n '
        'FROM gone) a GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, c1, c2, c3 '
        'FROM (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.created_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, -(1) AS c3 FROM old_rows r WHERE '
        '1 = 1 AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_contact_days_deleted AFTER DELETE ON contacts REFERENCING OLD TABLE '
        'AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_contact_days_deleted()',
        'CREATE FUNCTION kpi_contact_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.created_at, o.owner_id, o.source_channel) IS DISTINCT FROM (n.created_at, '
        'n.owner_id, n.source_channel)) THEN RETURN NULL; END IF;\n'
        '  IF pg_try_advisory_xact_lock(16021, 1036131608) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.created_at AS DATE) '
        'AS c0, COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, -(1) AS c3 FROM old_rows '
        'r WHERE 1 = 1 AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id '
        'WHERE (o.created_at, o.owner_id, o.source_channel) IS DISTINCT FROM (n.created_at, '
        'n.owner_id, n.source_channel)) UNION ALL SELECT CAST(r.created_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, (1) AS c3 FROM new_rows r WHERE '
        '1 = 1 AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.created_at, o.owner_id, o.source_channel) IS DISTINCT FROM (n.created_at, '
        'n.owner_id, n.source_channel))) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0), gone AS '
        '(DELETE FROM kpi_contact_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day '
        '= k.c0 AND t.owner_key = k.c1 AND t.channel = k.c2 RETURNING t.day, t.owner_key, '
        't.channel, t.n) INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, '
        'c1, c2, SUM(c3) FROM (SELECT c0, c1, c2, c3 FROM d UNION ALL SELECT day, owner_key, '
        'channel, n FROM gone) a GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, c1, c2, c3 '
        'FROM (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.created_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, -(1) AS c3 FROM old_rows r WHERE '
        '1 = 1 AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.created_at, o.owner_id, o.source_channel) IS DISTINCT FROM (n.created_at, '
        'n.owner_id, n.source_channel)) UNION ALL SELECT CAST(r.created_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.source_channel AS c2, (1) AS c3 FROM new_rows r WHERE '
        '1 = 1 AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.created_at, o.owner_id, o.source_channel) IS DISTINCT FROM (n.created_at, '
        'n.owner_id, n.source_channel))) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_contact_days_updated AFTER UPDATE ON contacts REFERENCING OLD TABLE '
        'AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_contact_days_updated()',
        'CREATE FUNCTION kpi_opportunity_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 36536369) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.closed_at AS DATE) '
        'AS c0, COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, (1) AS c3 FROM new_rows r WHERE '
        "r.stage IN ('won', 'lost') AND r.closed_at IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 "
        'HAVING SUM(c3) <> 0), gone AS (DELETE FROM kpi_opportunity_days t USING (SELECT '
        'DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 AND t.owner_key = k.c1 AND t.stage = '
        'k.c2 RETURNING t.day, t.owner_key, t.stage, t.n) INSERT INTO kpi_opportunity_days (day, '
        'owner_key, stage, n) SELECT c0, c1, c2, SUM(c3) FROM (SELECT c0, c1, c2, c3 FROM d '
        'UNION ALL SELECT day, owner_key, stage, n FROM gone) a GROUP BY c0, c1, c2 HAVING '
        'SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_opportunity_days (day, owner_key, stage, n) SELECT c0, c1, c2, c3 '
        'FROM (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.closed_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, (1) AS c3 FROM new_rows r WHERE r.stage '
        "IN ('won', 'lost') AND r.closed_at IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 HAVING "
        'SUM(c3) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_opportunity_days_inserted AFTER INSERT ON opportunities REFERENCING '
        'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_opportunity_days_inserted()',
        'CREATE FUNCTION kpi_opportunity_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 36536369) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.closed_at AS DATE) '
        'AS c0, COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, -(1) AS c3 FROM old_rows r WHERE '
        "r.stage IN ('won', 'lost') AND r.closed_at IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 "
        'HAVING SUM(c3) <> 0), gone AS (DELETE FROM kpi_opportunity_days t USING (SELECT '
        'DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 AND t.owner_key = k.c1 AND t.stage = '
        'k.c2 RETURNING t.day, t.owner_key, t.stage, t.n) INSERT INTO kpi_opportunity_days (day, '
        'owner_key, stage, n) SELECT c0, c1, c2, SUM(c3) FROM (SELECT c0, c1, c2, c3 FROM d '
        'UNION ALL SELECT day, owner_key, stage, n FROM gone) a GROUP BY c0, c1, c2 HAVING '
        'SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_opportunity_days (day, owner_key, stage, n) SELECT c0, c1, c2, c3 '
        'FROM (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.closed_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, -(1) AS c3 FROM old_rows r WHERE r.stage '
        "IN ('won', 'lost') AND r.closed_at IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 HAVING "
        'SUM(c3) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_opportunity_days_deleted AFTER DELETE ON opportunities REFERENCING '
        'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_opportunity_days_deleted()',
        'CREATE FUNCTION kpi_opportunity_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.stage, o.closed_at, o.owner_id) IS DISTINCT FROM (n.stage, n.closed_at, n.owner_id)) '
        'THEN RETURN NULL; END IF;\n'
        '  IF pg_try_advisory_xact_lock(16021, 36536369) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.closed_at AS DATE) '
        'AS c0, COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, -(1) AS c3 FROM old_rows r WHERE '
        "r.stage IN ('won', 'lost') AND r.closed_at IS NOT NULL AND r.id IN (SELECT o.id FROM "
        'old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.stage, o.closed_at, o.owner_id) IS '
        'DISTINCT FROM (n.stage, n.closed_at, n.owner_id)) UNION ALL SELECT CAST(r.closed_at AS '
        'DATE) AS c0, COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, (1) AS c3 FROM new_rows r '
        "WHERE r.stage IN ('won', 'lost') AND r.closed_at IS NOT NULL AND r.id IN (SELECT o.id "
        'FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.stage, o.closed_at, o.owner_id) '
        'IS DISTINCT FROM (n.stage, n.closed_at, n.owner_id))) p GROUP BY c0, c1, c2 HAVING '
        'SUM(c3) <> 0), gone AS (DELETE FROM kpi_opportunity_days t USING (SELECT DISTINCT c0, '
        'c1, c2 FROM d) k WHERE t.day = k.c0 AND t.owner_key = k.c1 AND t.stage = k.c2 RETURNING '
        't.day, t.owner_key, t.stage, t.n) INSERT INTO kpi_opportunity_days (day, owner_key, '
        'stage, n) SELECT c0, c1, c2, SUM(c3) FROM (SELECT c0, c1, c2, c3 FROM d UNION ALL '
        'SELECT day, owner_key, stage, n FROM gone) a GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_opportunity_days (day, owner_key, stage, n) SELECT c0, c1, c2, c3 '
        'FROM (SELECT c0, c1, c2, SUM(c3) AS c3 FROM (SELECT CAST(r.closed_at AS DATE) AS c0, '
        'COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, -(1) AS c3 FROM old_rows r WHERE r.stage '
        "IN ('won', 'lost') AND r.closed_at IS NOT NULL AND r.id IN (SELECT o.id FROM old_rows o "
        'JOIN new_rows n ON n.id = o.id WHERE (o.stage, o.closed_at, o.owner_id) IS DISTINCT '
        'FROM (n.stage, n.closed_at, n.owner_id)) UNION ALL SELECT CAST(r.closed_at AS DATE) AS '
        'c0, COALESCE(r.owner_id, 0) AS c1, r.stage AS c2, (1) AS c3 FROM new_rows r WHERE '
        "r.stage IN ('won', 'lost') AND r.closed_at IS NOT NULL AND r.id IN (SELECT o.id FROM "
        'old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.stage, o.closed_at, o.owner_id) IS '
        'DISTINCT FROM (n.stage, n.closed_at, n.owner_id))) p GROUP BY c0, c1, c2 HAVING SUM(c3) '
        '<> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_opportunity_days_updated AFTER UPDATE ON opportunities REFERENCING '
        'OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_opportunity_days_updated()',
        'CREATE FUNCTION kpi_claim_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 813092296) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5, SUM(c6) '
        'AS c6, SUM(c7) AS c7, SUM(c8) AS c8 FROM (SELECT CAST(r.opened_at AS DATE) AS c0, '
        "'opened' AS c1, r.category AS c2, (1) AS c3, (0) AS c4, (0) AS c5, (0) AS c6, (0) AS "
        'c7, (0) AS c8 FROM new_rows r WHERE 1 = 1 AND 1 = 1 UNION ALL SELECT CAST(r.resolved_at '
        "AS DATE) AS c0, 'resolved' AS c1, r.category AS c2, (1) AS c3, (CASE WHEN r.resolved_at "
        '<= r.due_at THEN 1 ELSE 0 END) AS c4, (EXTRACT(EPOCH FROM (r.resolved_at - '
        'r.opened_at))) AS c5, (0) AS c6, (0) AS c7, (0) AS c8 FROM new_rows r WHERE '
        'r.resolved_at IS NOT NULL AND 1 = 1 UNION ALL SELECT CAST(COALESCE(r.closed_at, '
        "r.resolved_at) AS DATE) AS c0, 'finished' AS c1, r.category AS c2, (1) AS c3, (0) AS "
        'c4, (0) AS c5, (COALESCE(r.satisfaction, 0)) AS c6, (CASE WHEN r.satisfaction IS NULL '
        'THEN 0 ELSE 1 END) AS c7, (COALESCE(r.goodwill_cost, 0)) AS c8 FROM new_rows r WHERE '
        'COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 '
        'HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR '
        'SUM(c8) <> 0), gone AS (DELETE FROM kpi_claim_days t USING (SELECT DISTINCT c0, c1, c2 '
        'FROM d) k WHERE t.day = k.c0 AND t.event = k.c1 AND t.category = k.c2 RETURNING t.day, '
        't.event, t.category, t.n, t.in_time, t.seconds, t.marks, t.marked, t.goodwill) INSERT '
        'INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, '
        'goodwill) SELECT c0, c1, c2, SUM(c3), SUM(c4), SUM(c5), SUM(c6), SUM(c7), SUM(c8) FROM '
        '(SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8 FROM d UNION ALL SELECT day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill FROM gone) a GROUP BY c0, c1, c2 '
        'HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR '
        'SUM(c8) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, '
        'marked, goodwill) SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8 FROM (SELECT c0, c1, c2, '
        'SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5, SUM(c6) AS c6, SUM(c7) AS c7, SUM(c8) AS '
        "c8 FROM (SELECT CAST(r.opened_at AS DATE) AS c0, 'opened' AS c1, r.category AS c2, (1) "
        'AS c3, (0) AS c4, (0) AS c5, (0) AS c6, (0) AS c7, (0) AS c8 FROM new_rows r WHERE 1 = '
        "1 AND 1 = 1 UNION ALL SELECT CAST(r.resolved_at AS DATE) AS c0, 'resolved' AS c1, "
        'r.category AS c2, (1) AS c3, (CASE WHEN r.resolved_at <= r.due_at THEN 1 ELSE 0 END) AS '
        'c4, (EXTRACT(EPOCH FROM (r.resolved_at - r.opened_at))) AS c5, (0) AS c6, (0) AS c7, '
        '(0) AS c8 FROM new_rows r WHERE r.resolved_at IS NOT NULL AND 1 = 1 UNION ALL SELECT '
        "CAST(COALESCE(r.closed_at, r.resolved_at) AS DATE) AS c0, 'finished' AS c1, r.category "
        'AS c2, (1) AS c3, (0) AS c4, (0) AS c5, (COALESCE(r.satisfaction, 0)) AS c6, (CASE WHEN '
        'r.satisfaction IS NULL THEN 0 ELSE 1 END) AS c7, (COALESCE(r.goodwill_cost, 0)) AS c8 '
        'FROM new_rows r WHERE COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND 1 = 1) p '
        'GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 '
        'OR SUM(c7) <> 0 OR SUM(c8) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_claim_days_inserted AFTER INSERT ON claims REFERENCING NEW TABLE AS '
        'new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_claim_days_inserted()',
        'CREATE FUNCTION kpi_claim_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 813092296) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5, SUM(c6) '
        'AS c6, SUM(c7) AS c7, SUM(c8) AS c8 FROM (SELECT CAST(r.opened_at AS DATE) AS c0, '
        "'opened' AS c1, r.category AS c2, -(1) AS c3, -(0) AS c4, -(0) AS c5, -(0) AS c6, -(0) "
        'AS c7, -(0) AS c8 FROM old_rows r WHERE 1 = 1 AND 1 = 1 UNION ALL SELECT '
        "CAST(r.resolved_at AS DATE) AS c0, 'resolved' AS c1, r.category AS c2, -(1) AS c3, "
        '-(CASE WHEN r.resolved_at <= r.due_at THEN 1 ELSE 0 END) AS c4, -(EXTRACT(EPOCH FROM '
        '(r.resolved_at - r.opened_at))) AS c5, -(0) AS c6, -(0) AS c7, -(0) AS c8 FROM old_rows '
        'r WHERE r.resolved_at IS NOT NULL AND 1 = 1 UNION ALL SELECT CAST(COALESCE(r.closed_at, '
        "r.resolved_at) AS DATE) AS c0, 'finished' AS c1, r.category AS c2, -(1) AS c3, -(0) AS "
        'c4, -(0) AS c5, -(COALESCE(r.satisfaction, 0)) AS c6, -(CASE WHEN r.satisfaction IS '
        'NULL THEN 0 ELSE 1 END) AS c7, -(COALESCE(r.goodwill_cost, 0)) AS c8 FROM old_rows r '
        'WHERE COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 '
        'HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR '
        'SUM(c8) <> 0), gone AS (DELETE FROM kpi_claim_days t USING (SELECT DISTINCT c0, c1, c2 '
        'FROM d) k WHERE t.day = k.c0 AND t.event = k.c1 AND t.category = k.c2 RETURNING t.day, '
        't.event, t.category, t.n, t.in_time, t.seconds, t.marks, t.marked, t.goodwill) INSERT '
        'INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, '
        'goodwill) SELECT c0, c1, c2, SUM(c3), SUM(c4), SUM(c5), SUM(c6), SUM(c7), SUM(c8) FROM '
        '(SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8 FROM d UNION ALL SELECT day, event, '
        'category, n, in_time, seconds, marks, marked, goodwill FROM gone) a GROUP BY c0, c1, c2 '
        'HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR '
        'SUM(c8) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, '
        'marked, goodwill) SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8 FROM (SELECT c0, c1, c2, '
        'SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5, SUM(c6) AS c6, SUM(c7) AS c7, SUM(c8) AS '
        "c8 FROM (SELECT CAST(r.opened_at AS DATE) AS c0, 'opened' AS c1, r.category AS c2, -(1) "
        'AS c3, -(0) AS c4, -(0) AS c5, -(0) AS c6, -(0) AS c7, -(0) AS c8 FROM old_rows r WHERE '
        "1 = 1 AND 1 = 1 UNION ALL SELECT CAST(r.resolved_at AS DATE) AS c0, 'resolved' AS c1, "
        'r.category AS c2, -(1) AS c3, -(CASE WHEN r.resolved_at <= r.due_at THEN 1 ELSE 0 END) '
        'AS c4, -(EXTRACT(EPOCH FROM (r.resolved_at - r.opened_at))) AS c5, -(0) AS c6, -(0) AS '
        'c7, -(0) AS c8 FROM old_rows r WHERE r.resolved_at IS NOT NULL AND 1 = 1 UNION ALL '
        "SELECT CAST(COALESCE(r.closed_at, r.resolved_at) AS DATE) AS c0, 'finished' AS c1, "
        'r.category AS c2, -(1) AS c3, -(0) AS c4, -(0) AS c5, -(COALESCE(r.satisfaction, 0)) AS '
        'c6, -(CASE WHEN r.satisfaction IS NULL THEN 0 ELSE 1 END) AS c7, '
        '-(COALESCE(r.goodwill_cost, 0)) AS c8 FROM old_rows r WHERE COALESCE(r.closed_at, '
        'r.resolved_at) IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR '
        'SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR SUM(c8) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_claim_days_deleted AFTER DELETE ON claims REFERENCING OLD TABLE AS '
        'old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_claim_days_deleted()',
        'CREATE FUNCTION kpi_claim_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.opened_at, o.resolved_at, o.closed_at, o.due_at, o.category, o.satisfaction, '
        'o.goodwill_cost) IS DISTINCT FROM (n.opened_at, n.resolved_at, n.closed_at, n.due_at, '
        'n.category, n.satisfaction, n.goodwill_cost)) THEN RETURN NULL; END IF;\n'
        '  IF pg_try_advisory_xact_lock(16021, 813092296) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5, SUM(c6) '
        'AS c6, SUM(c7) AS c7, SUM(c8) AS c8 FROM (SELECT CAST(r.opened_at AS DATE) AS c0, '
        "'opened' AS c1, r.category AS c2, -(1) AS c3, -(0) AS c4, -(0) AS c5, -(0) AS c6, -(0) "
        'AS c7, -(0) AS c8 FROM old_rows r WHERE 1 = 1 AND r.id IN (SELECT o.id FROM old_rows o '
        'JOIN new_rows n ON n.id = o.id WHERE (o.opened_at, o.resolved_at, o.closed_at, '
        'o.due_at, o.category, o.satisfaction, o.goodwill_cost) IS DISTINCT FROM (n.opened_at, '
        'n.resolved_at, n.closed_at, n.due_at, n.category, n.satisfaction, n.goodwill_cost)) '
        "UNION ALL SELECT CAST(r.resolved_at AS DATE) AS c0, 'resolved' AS c1, r.category AS c2, "
        '-(1) AS c3, -(CASE WHEN r.resolved_at <= r.due_at THEN 1 ELSE 0 END) AS c4, '
        '-(EXTRACT(EPOCH FROM (r.resolved_at - r.opened_at))) AS c5, -(0) AS c6, -(0) AS c7, '
        '-(0) AS c8 FROM old_rows r WHERE r.resolved_at IS NOT NULL AND r.id IN (SELECT o.id '
        'FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.opened_at, o.resolved_at, '
        'o.closed_at, o.due_at, o.category, o.satisfaction, o.goodwill_cost) IS DISTINCT FROM '
        '(n.opened_at, n.resolved_at, n.closed_at, n.due_at, n.category, n.satisfaction, '
        'n.goodwill_cost)) UNION ALL SELECT CAST(COALESCE(r.closed_at, r.resolved_at) AS DATE) '
        "AS c0, 'finished' AS c1, r.category AS c2, -(1) AS c3, -(0) AS c4, -(0) AS c5, "
        '-(COALESCE(r.satisfaction, 0)) AS c6, -(CASE WHEN r.satisfaction IS NULL THEN 0 ELSE 1 '
        'END) AS c7, -(COALESCE(r.goodwill_cost, 0)) AS c8 FROM old_rows r WHERE '
        'COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND r.id IN (SELECT o.id FROM old_rows '
        'o JOIN new_rows n ON n.id = o.id WHERE (o.opened_at, o.resolved_at, o.closed_at, '
        'o.due_at, o.category, o.satisfaction, o.goodwill_cost) IS DISTINCT FROM (n.opened_at, '
        'n.resolved_at, n.closed_at, n.due_at, n.category, n.satisfaction, n.goodwill_cost)) '
        "UNION ALL SELECT CAST(r.opened_at AS DATE) AS c0, 'opened' AS c1, r.category AS c2, (1) "
        'AS c3, (0) AS c4, (0) AS c5, (0) AS c6, (0) AS c7, (0) AS c8 FROM new_rows r WHERE 1 = '
        '1 AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.opened_at, o.resolved_at, o.closed_at, o.due_at, o.category, o.satisfaction, '
        'o.goodwill_cost) IS DISTINCT FROM (n.opened_at, n.resolved_at, n.closed_at, n.due_at, '
        'n.category, n.satisfaction, n.goodwill_cost)) UNION ALL SELECT CAST(r.resolved_at AS '
        "DATE) AS c0, 'resolved' AS c1, r.category AS c2, (1) AS c3, (CASE WHEN r.resolved_at <= "
        'r.due_at THEN 1 ELSE 0 END) AS c4, (EXTRACT(EPOCH FROM (r.resolved_at - r.opened_at))) '
        'AS c5, (0) AS c6, (0) AS c7, (0) AS c8 FROM new_rows r WHERE r.resolved_at IS NOT NULL '
        'AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.opened_at, o.resolved_at, o.closed_at, o.due_at, o.category, o.satisfaction, '
        'o.goodwill_cost) IS DISTINCT FROM (n.opened_at, n.resolved_at, n.closed_at, n.due_at, '
        'n.category, n.satisfaction, n.goodwill_cost)) UNION ALL SELECT '
        "CAST(COALESCE(r.closed_at, r.resolved_at) AS DATE) AS c0, 'finished' AS c1, r.category "
        'AS c2, (1) AS c3, (0) AS c4, (0) AS c5, (COALESCE(r.satisfaction, 0)) AS c6, (CASE WHEN '
        'r.satisfaction IS NULL THEN 0 ELSE 1 END) AS c7, (COALESCE(r.goodwill_cost, 0)) AS c8 '
        'FROM new_rows r WHERE COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND r.id IN '
        '(SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.opened_at, '
        'o.resolved_at, o.closed_at, o.due_at, o.category, o.satisfaction, o.goodwill_cost) IS '
        'DISTINCT FROM (n.opened_at, n.resolved_at, n.closed_at, n.due_at, n.category, '
        'n.satisfaction, n.goodwill_cost))) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) '
        '<> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR SUM(c8) <> 0), gone AS (DELETE '
        'FROM kpi_claim_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 '
        'AND t.event = k.c1 AND t.category = k.c2 RETURNING t.day, t.event, t.category, t.n, '
        't.in_time, t.seconds, t.marks, t.marked, t.goodwill) INSERT INTO kpi_claim_days (day, '
        'event, category, n, in_time, seconds, marks, marked, goodwill) SELECT c0, c1, c2, '
        'SUM(c3), SUM(c4), SUM(c5), SUM(c6), SUM(c7), SUM(c8) FROM (SELECT c0, c1, c2, c3, c4, '
        'c5, c6, c7, c8 FROM d UNION ALL SELECT day, event, category, n, in_time, seconds, '
        'marks, marked, goodwill FROM gone) a GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) '
        '<> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR SUM(c8) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, '
        'marked, goodwill) SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8 FROM (SELECT c0, c1, c2, '
        'SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5, SUM(c6) AS c6, SUM(c7) AS c7, SUM(c8) AS '
        "c8 FROM (SELECT CAST(r.opened_at AS DATE) AS c0, 'opened' AS c1, r.category AS c2, -(1) "
        'AS c3, -(0) AS c4, -(0) AS c5, -(0) AS c6, -(0) AS c7, -(0) AS c8 FROM old_rows r WHERE '
        '1 = 1 AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.opened_at, o.resolved_at, o.closed_at, o.due_at, o.category, o.satisfaction, '
        'o.goodwill_cost) IS DISTINCT FROM (n.opened_at, n.resolved_at, n.closed_at, n.due_at, '
        'n.category, n.satisfaction, n.goodwill_cost)) UNION ALL SELECT CAST(r.resolved_at AS '
        "DATE) AS c0, 'resolved' AS c1, r.category AS c2, -(1) AS c3, -(CASE WHEN r.resolved_at "
        '<= r.due_at THEN 1 ELSE 0 END) AS c4, -(EXTRACT(EPOCH FROM (r.resolved_at - '
        'r.opened_at))) AS c5, -(0) AS c6, -(0) AS c7, -(0) AS c8 FROM old_rows r WHERE '
        'r.resolved_at IS NOT NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON '
        'n.id = o.id WHERE (o.opened_at, o.resolved_at, o.closed_at, o.due_at, o.category, '
        'o.satisfaction, o.goodwill_cost) IS DISTINCT FROM (n.opened_at, n.resolved_at, '
        'n.closed_at, n.due_at, n.category, n.satisfaction, n.goodwill_cost)) UNION ALL SELECT '
        "CAST(COALESCE(r.closed_at, r.resolved_at) AS DATE) AS c0, 'finished' AS c1, r.category "
        'AS c2, -(1) AS c3, -(0) AS c4, -(0) AS c5, -(COALESCE(r.satisfaction, 0)) AS c6, -(CASE '
        'WHEN r.satisfaction IS NULL THEN 0 ELSE 1 END) AS c7, -(COALESCE(r.goodwill_cost, 0)) '
        'AS c8 FROM old_rows r WHERE COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND r.id '
        'IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.opened_at, '
        'o.resolved_at, o.closed_at, o.due_at, o.category, o.satisfaction, o.goodwill_cost) IS '
        'DISTINCT FROM (n.opened_at, n.resolved_at, n.closed_at, n.due_at, n.category, '
        'n.satisfaction, n.goodwill_cost)) UNION ALL SELECT CAST(r.opened_at AS DATE) AS c0, '
        "'opened' AS c1, r.category AS c2, (1) AS c3, (0) AS c4, (0) AS c5, (0) AS c6, (0) AS "
        'c7, (0) AS c8 FROM new_rows r WHERE 1 = 1 AND r.id IN (SELECT o.id FROM old_rows o JOIN '
        'new_rows n ON n.id = o.id WHERE (o.opened_at, o.resolved_at, o.closed_at, o.due_at, '
        'o.category, o.satisfaction, o.goodwill_cost) IS DISTINCT FROM (n.opened_at, '
        'n.resolved_at, n.closed_at, n.due_at, n.category, n.satisfaction, n.goodwill_cost)) '
        "UNION ALL SELECT CAST(r.resolved_at AS DATE) AS c0, 'resolved' AS c1, r.category AS c2, "
        '(1) AS c3, (CASE WHEN r.resolved_at <= r.due_at THEN 1 ELSE 0 END) AS c4, '
        '(EXTRACT(EPOCH FROM (r.resolved_at - r.opened_at))) AS c5, (0) AS c6, (0) AS c7, (0) AS '
        'c8 FROM new_rows r WHERE r.resolved_at IS NOT NULL AND r.id IN (SELECT o.id FROM '
        'old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.opened_at, o.resolved_at, '
        'o.closed_at, o.due_at, o.category, o.satisfaction, o.goodwill_cost) IS DISTINCT FROM '
        '(n.opened_at, n.resolved_at, n.closed_at, n.due_at, n.category, n.satisfaction, '
        'n.goodwill_cost)) UNION ALL SELECT CAST(COALESCE(r.closed_at, r.resolved_at) AS DATE) '
        "AS c0, 'finished' AS c1, r.category AS c2, (1) AS c3, (0) AS c4, (0) AS c5, "
        '(COALESCE(r.satisfaction, 0)) AS c6, (CASE WHEN r.satisfaction IS NULL THEN 0 ELSE 1 '
        'END) AS c7, (COALESCE(r.goodwill_cost, 0)) AS c8 FROM new_rows r WHERE '
        'COALESCE(r.closed_at, r.resolved_at) IS NOT NULL AND r.id IN (SELECT o.id FROM old_rows '
        'o JOIN new_rows n ON n.id = o.id WHERE (o.opened_at, o.resolved_at, o.closed_at, '
        'o.due_at, o.category, o.satisfaction, o.goodwill_cost) IS DISTINCT FROM (n.opened_at, '
        'n.resolved_at, n.closed_at, n.due_at, n.category, n.satisfaction, n.goodwill_cost))) p '
        'GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 '
        'OR SUM(c7) <> 0 OR SUM(c8) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_claim_days_updated AFTER UPDATE ON claims REFERENCING OLD TABLE AS '
        'old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_claim_days_updated()',
        'CREATE FUNCTION kpi_visit_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 555853614) THEN\n'
        '    WITH d AS (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2, SUM(c3) AS c3 FROM (SELECT '
        'r.visited_on AS c0, (1) AS c1, (COALESCE(r.amount, 0)) AS c2, (COALESCE(r.margin, 0)) '
        'AS c3 FROM new_rows r WHERE r.visited_on IS NOT NULL AND 1 = 1) p GROUP BY c0 HAVING '
        'SUM(c1) <> 0 OR SUM(c2) <> 0 OR SUM(c3) <> 0), gone AS (DELETE FROM kpi_visit_days t '
        'USING (SELECT DISTINCT c0 FROM d) k WHERE t.day = k.c0 RETURNING t.day, t.n, t.amount, '
        't.margin) INSERT INTO kpi_visit_days (day, n, amount, margin) SELECT c0, SUM(c1), '
        'SUM(c2), SUM(c3) FROM (SELECT c0, c1, c2, c3 FROM d UNION ALL SELECT day, n, amount, '
        'margin FROM gone) a GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) <> 0 OR SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_visit_days (day, n, amount, margin) SELECT c0, c1, c2, c3 FROM '
        '(SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2, SUM(c3) AS c3 FROM (SELECT r.visited_on AS '
        'c0, (1) AS c1, (COALESCE(r.amount, 0)) AS c2, (COALESCE(r.margin, 0)) AS c3 FROM '
        'new_rows r WHERE r.visited_on IS NOT NULL AND 1 = 1) p GROUP BY c0 HAVING SUM(c1) <> 0 '
        'OR SUM(c2) <> 0 OR SUM(c3) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_visit_days_inserted AFTER INSERT ON service_visits REFERENCING NEW '
        'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_visit_days_inserted()',
        'CREATE FUNCTION kpi_visit_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 555853614) THEN\n'
        '    WITH d AS (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2, SUM(c3) AS c3 FROM (SELECT '
        'r.visited_on AS c0, -(1) AS c1, -(COALESCE(r.amount, 0)) AS c2, -(COALESCE(r.margin, '
        '0)) AS c3 FROM old_rows r WHERE r.visited_on IS NOT NULL AND 1 = 1) p GROUP BY c0 '
        'HAVING SUM(c1) <> 0 OR SUM(c2) <> 0 OR SUM(c3) <> 0), gone AS (DELETE FROM '
        'kpi_visit_days t USING (SELECT DISTINCT c0 FROM d) k WHERE t.day = k.c0 RETURNING '
        't.day, t.n, t.amount, t.margin) INSERT INTO kpi_visit_days (day, n, amount, margin) '
        'SELECT c0, SUM(c1), SUM(c2), SUM(c3) FROM (SELECT c0, c1, c2, c3 FROM d UNION ALL '
        'SELECT day, n, amount, margin FROM gone) a GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) '
        '<> 0 OR SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_visit_days (day, n, amount, margin) SELECT c0, c1, c2, c3 FROM '
        '(SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2, SUM(c3) AS c3 FROM (SELECT r.visited_on AS '
        'c0, -(1) AS c1, -(COALESCE(r.amount, 0)) AS c2, -(COALESCE(r.margin, 0)) AS c3 FROM '
        'old_rows r WHERE r.visited_on IS NOT NULL AND 1 = 1) p GROUP BY c0 HAVING SUM(c1) <> 0 '
        'OR SUM(c2) <> 0 OR SUM(c3) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_visit_days_deleted AFTER DELETE ON service_visits REFERENCING OLD '
        'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_visit_days_deleted()',
        'CREATE FUNCTION kpi_visit_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.visited_on, o.amount, o.margin) IS DISTINCT FROM (n.visited_on, n.amount, n.margin)) '
        'THEN RETURN NULL; END IF;\n'
        '  IF pg_try_advisory_xact_lock(16021, 555853614) THEN\n'
        '    WITH d AS (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2, SUM(c3) AS c3 FROM (SELECT '
        'r.visited_on AS c0, -(1) AS c1, -(COALESCE(r.amount, 0)) AS c2, -(COALESCE(r.margin, '
        '0)) AS c3 FROM old_rows r WHERE r.visited_on IS NOT NULL AND r.id IN (SELECT o.id FROM '
        'old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.visited_on, o.amount, o.margin) IS '
        'DISTINCT FROM (n.visited_on, n.amount, n.margin)) UNION ALL SELECT r.visited_on AS c0, '
        '(1) AS c1, (COALESCE(r.amount, 0)) AS c2, (COALESCE(r.margin, 0)) AS c3 FROM new_rows r '
        'WHERE r.visited_on IS NOT NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n '
        'ON n.id = o.id WHERE (o.visited_on, o.amount, o.margin) IS DISTINCT FROM (n.visited_on, '
        'n.amount, n.margin))) p GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) <> 0 OR SUM(c3) <> '
        '0), gone AS (DELETE FROM kpi_visit_days t USING (SELECT DISTINCT c0 FROM d) k WHERE '
        't.day = k.c0 RETURNING t.day, t.n, t.amount, t.margin) INSERT INTO kpi_visit_days (day, '
        'n, amount, margin) SELECT c0, SUM(c1), SUM(c2), SUM(c3) FROM (SELECT c0, c1, c2, c3 '
        'FROM d UNION ALL SELECT day, n, amount, margin FROM gone) a GROUP BY c0 HAVING SUM(c1) '
        '<> 0 OR SUM(c2) <> 0 OR SUM(c3) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_visit_days (day, n, amount, margin) SELECT c0, c1, c2, c3 FROM '
        '(SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2, SUM(c3) AS c3 FROM (SELECT r.visited_on AS '
        'c0, -(1) AS c1, -(COALESCE(r.amount, 0)) AS c2, -(COALESCE(r.margin, 0)) AS c3 FROM '
        'old_rows r WHERE r.visited_on IS NOT NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN '
        'new_rows n ON n.id = o.id WHERE (o.visited_on, o.amount, o.margin) IS DISTINCT FROM '
        '(n.visited_on, n.amount, n.margin)) UNION ALL SELECT r.visited_on AS c0, (1) AS c1, '
        '(COALESCE(r.amount, 0)) AS c2, (COALESCE(r.margin, 0)) AS c3 FROM new_rows r WHERE '
        'r.visited_on IS NOT NULL AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON '
        'n.id = o.id WHERE (o.visited_on, o.amount, o.margin) IS DISTINCT FROM (n.visited_on, '
        'n.amount, n.margin))) p GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) <> 0 OR SUM(c3) <> '
        '0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_visit_days_updated AFTER UPDATE ON service_visits REFERENCING OLD '
        'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_visit_days_updated()',
        'CREATE FUNCTION kpi_appointment_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 1840001485) THEN\n'
        '    WITH d AS (SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT CAST(r.due_at AS DATE) AS c0, '
        "COALESCE(r.user_id, 0) AS c1, (1) AS c2 FROM new_rows r WHERE r.kind = 'appointment' "
        'AND 1 = 1) p GROUP BY c0, c1 HAVING SUM(c2) <> 0), gone AS (DELETE FROM '
        'kpi_appointment_days t USING (SELECT DISTINCT c0, c1 FROM d) k WHERE t.day = k.c0 AND '
        't.user_key = k.c1 RETURNING t.day, t.user_key, t.n) INSERT INTO kpi_appointment_days '
        '(day, user_key, n) SELECT c0, c1, SUM(c2) FROM (SELECT c0, c1, c2 FROM d UNION ALL '
        'SELECT day, user_key, n FROM gone) a GROUP BY c0, c1 HAVING SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_appointment_days (day, user_key, n) SELECT c0, c1, c2 FROM (SELECT '
        'c0, c1, SUM(c2) AS c2 FROM (SELECT CAST(r.due_at AS DATE) AS c0, COALESCE(r.user_id, 0) '
        "AS c1, (1) AS c2 FROM new_rows r WHERE r.kind = 'appointment' AND 1 = 1) p GROUP BY c0, "
        'c1 HAVING SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_appointment_days_inserted AFTER INSERT ON tasks REFERENCING NEW '
        'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_appointment_days_inserted()',
        'CREATE FUNCTION kpi_appointment_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 1840001485) THEN\n'
        '    WITH d AS (SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT CAST(r.due_at AS DATE) AS c0, '
        "COALESCE(r.user_id, 0) AS c1, -(1) AS c2 FROM old_rows r WHERE r.kind = 'appointment' "
        'AND 1 = 1) p GROUP BY c0, c1 HAVING SUM(c2) <> 0), gone AS (DELETE FROM '
        'kpi_appointment_days t USING (SELECT DISTINCT c0, c1 FROM d) k WHERE t.day = k.c0 AND '
        't.user_key = k.c1 RETURNING t.day, t.user_key, t.n) INSERT INTO kpi_appointment_days '
        '(day, user_key, n) SELECT c0, c1, SUM(c2) FROM (SELECT c0, c1, c2 FROM d UNION ALL '
        'SELECT day, user_key, n FROM gone) a GROUP BY c0, c1 HAVING SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_appointment_days (day, user_key, n) SELECT c0, c1, c2 FROM (SELECT '
        'c0, c1, SUM(c2) AS c2 FROM (SELECT CAST(r.due_at AS DATE) AS c0, COALESCE(r.user_id, 0) '
        "AS c1, -(1) AS c2 FROM old_rows r WHERE r.kind = 'appointment' AND 1 = 1) p GROUP BY "
        'c0, c1 HAVING SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_appointment_days_deleted AFTER DELETE ON tasks REFERENCING OLD TABLE '
        'AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_appointment_days_deleted()',
        'CREATE FUNCTION kpi_appointment_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.kind, o.due_at, o.user_id) IS DISTINCT FROM (n.kind, n.due_at, n.user_id)) THEN '
        'RETURN NULL; END IF;\n'
        '  IF pg_try_advisory_xact_lock(16021, 1840001485) THEN\n'
        '    WITH d AS (SELECT c0, c1, SUM(c2) AS c2 FROM (SELECT CAST(r.due_at AS DATE) AS c0, '
        "COALESCE(r.user_id, 0) AS c1, -(1) AS c2 FROM old_rows r WHERE r.kind = 'appointment' "
        'AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.kind, '
        'o.due_at, o.user_id) IS DISTINCT FROM (n.kind, n.due_at, n.user_id)) UNION ALL SELECT '
        'CAST(r.due_at AS DATE) AS c0, COALESCE(r.user_id, 0) AS c1, (1) AS c2 FROM new_rows r '
        "WHERE r.kind = 'appointment' AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n "
        'ON n.id = o.id WHERE (o.kind, o.due_at, o.user_id) IS DISTINCT FROM (n.kind, n.due_at, '
        'n.user_id))) p GROUP BY c0, c1 HAVING SUM(c2) <> 0), gone AS (DELETE FROM '
        'kpi_appointment_days t USING (SELECT DISTINCT c0, c1 FROM d) k WHERE t.day = k.c0 AND '
        't.user_key = k.c1 RETURNING t.day, t.user_key, t.n) INSERT INTO kpi_appointment_days '
        '(day, user_key, n) SELECT c0, c1, SUM(c2) FROM (SELECT c0, c1, c2 FROM d UNION ALL '
        'SELECT day, user_key, n FROM gone) a GROUP BY c0, c1 HAVING SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_appointment_days (day, user_key, n) SELECT c0, c1, c2 FROM (SELECT '
        'c0, c1, SUM(c2) AS c2 FROM (SELECT CAST(r.due_at AS DATE) AS c0, COALESCE(r.user_id, 0) '
        "AS c1, -(1) AS c2 FROM old_rows r WHERE r.kind = 'appointment' AND r.id IN (SELECT o.id "
        'FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.kind, o.due_at, o.user_id) IS '
        'DISTINCT FROM (n.kind, n.due_at, n.user_id)) UNION ALL SELECT CAST(r.due_at AS DATE) AS '
        'c0, COALESCE(r.user_id, 0) AS c1, (1) AS c2 FROM new_rows r WHERE r.kind = '
        "'appointment' AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
        'WHERE (o.kind, o.due_at, o.user_id) IS DISTINCT FROM (n.kind, n.due_at, n.user_id))) p '
        'GROUP BY c0, c1 HAVING SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_appointment_days_updated AFTER UPDATE ON tasks REFERENCING OLD TABLE '
        'AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_appointment_days_updated()',
        'CREATE FUNCTION kpi_model_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  IF pg_try_advisory_xact_lock(16021, 1395553803) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) AS '
        'c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, (1) AS c3, '
        '(r.price) AS c4, (r.margin) AS c5 FROM new_rows r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0, '
        'c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0), gone AS (DELETE FROM '
        'kpi_model_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 AND '
        't.make = k.c1 AND t.model = k.c2 RETURNING t.day, t.make, t.model, t.n, t.price, '
        't.margin) INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, '
        'c1, c2, SUM(c3), SUM(c4), SUM(c5) FROM (SELECT c0, c1, c2, c3, c4, c5 FROM d UNION ALL '
        'SELECT day, make, model, n, price, margin FROM gone) a GROUP BY c0, c1, c2 HAVING '
        'SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, c1, c2, '
        'c3, c4, c5 FROM (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) AS '
        'c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, (1) AS c3, '
        '(r.price) AS c4, (r.margin) AS c5 FROM new_rows r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0, '
        'c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_model_days_inserted AFTER INSERT ON sales REFERENCING NEW TABLE AS '
        'new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_model_days_inserted()',
        'CREATE FUNCTION kpi_model_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  IF pg_try_advisory_xact_lock(16021, 1395553803) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) AS '
        'c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, -(1) AS c3, '
        '-(r.price) AS c4, -(r.margin) AS c5 FROM old_rows r WHERE 1 = 1 AND 1 = 1) p GROUP BY '
        'c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0), gone AS (DELETE FROM '
        'kpi_model_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 AND '
        't.make = k.c1 AND t.model = k.c2 RETURNING t.day, t.make, t.model, t.n, t.price, '
        't.margin) INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, '
        'c1, c2, SUM(c3), SUM(c4), SUM(c5) FROM (SELECT c0, c1, c2, c3, c4, c5 FROM d UNION ALL '
        'SELECT day, make, model, n, price, margin FROM gone) a GROUP BY c0, c1, c2 HAVING '
        'SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, c1, c2, '
        'c3, c4, c5 FROM (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) AS '
        'c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, -(1) AS c3, '
        '-(r.price) AS c4, -(r.margin) AS c5 FROM old_rows r WHERE 1 = 1 AND 1 = 1) p GROUP BY '
        'c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_model_days_deleted AFTER DELETE ON sales REFERENCING OLD TABLE AS '
        'old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_model_days_deleted()',
        'CREATE FUNCTION kpi_model_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.sold_on, o.vehicle_id, o.price, o.margin) IS DISTINCT FROM (n.sold_on, n.vehicle_id, '
        'n.price, n.margin)) THEN RETURN NULL; END IF;\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  IF pg_try_advisory_xact_lock(16021, 1395553803) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) AS '
        'c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, -(1) AS c3, '
        '-(r.price) AS c4, -(r.margin) AS c5 FROM old_rows r WHERE 1 = 1 AND r.id IN (SELECT '
        'o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.sold_on, o.vehicle_id, '
        'o.price, o.margin) IS DISTINCT FROM (n.sold_on, n.vehicle_id, n.price, n.margin)) UNION '
        'ALL SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) '
        'AS c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, (1) AS c3, '
        '(r.price) AS c4, (r.margin) AS c5 FROM new_rows r WHERE 1 = 1 AND r.id IN (SELECT o.id '
        'FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.sold_on, o.vehicle_id, o.price, '
        'o.margin) IS DISTINCT FROM (n.sold_on, n.vehicle_id, n.price, n.margin))) p GROUP BY '
        'c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0), gone AS (DELETE FROM '
        'kpi_model_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day = k.c0 AND '
        't.make = k.c1 AND t.model = k.c2 RETURNING t.day, t.make, t.model, t.n, t.price, '
        't.margin) INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, '
        'c1, c2, SUM(c3), SUM(c4), SUM(c5) FROM (SELECT c0, c1, c2, c3, c4, c5 FROM d UNION ALL '
        'SELECT day, make, model, n, price, margin FROM gone) a GROUP BY c0, c1, c2 HAVING '
        'SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, c1, c2, '
        'c3, c4, c5 FROM (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) AS '
        'c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, -(1) AS c3, '
        '-(r.price) AS c4, -(r.margin) AS c5 FROM old_rows r WHERE 1 = 1 AND r.id IN (SELECT '
        'o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.sold_on, o.vehicle_id, '
        'o.price, o.margin) IS DISTINCT FROM (n.sold_on, n.vehicle_id, n.price, n.margin)) UNION '
        'ALL SELECT r.sold_on AS c0, (SELECT v.make FROM vehicles v WHERE v.id = r.vehicle_id) '
        'AS c1, (SELECT v.model FROM vehicles v WHERE v.id = r.vehicle_id) AS c2, (1) AS c3, '
        '(r.price) AS c4, (r.margin) AS c5 FROM new_rows r WHERE 1 = 1 AND r.id IN (SELECT o.id '
        'FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.sold_on, o.vehicle_id, o.price, '
        'o.margin) IS DISTINCT FROM (n.sold_on, n.vehicle_id, n.price, n.margin))) p GROUP BY '
        'c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_model_days_updated AFTER UPDATE ON sales REFERENCING OLD TABLE AS '
        'old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_model_days_updated()',
        'CREATE FUNCTION kpi_campaign_reach_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 893530308) THEN\n'
        '    WITH d AS (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2 FROM (SELECT r.campaign_id AS '
        "c0, (CASE WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS c1, (CASE WHEN r.reached_at "
        'IS NULL THEN 0 ELSE 1 END) AS c2 FROM new_rows r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0 '
        'HAVING SUM(c1) <> 0 OR SUM(c2) <> 0), gone AS (DELETE FROM kpi_campaign_reach t USING '
        '(SELECT DISTINCT c0 FROM d) k WHERE t.campaign_id = k.c0 RETURNING t.campaign_id, '
        't.targets, t.reached) INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) '
        'SELECT c0, SUM(c1), SUM(c2) FROM (SELECT c0, c1, c2 FROM d UNION ALL SELECT '
        'campaign_id, targets, reached FROM gone) a GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) '
        '<> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT c0, c1, c2 '
        'FROM (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2 FROM (SELECT r.campaign_id AS c0, (CASE '
        "WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS c1, (CASE WHEN r.reached_at IS NULL "
        'THEN 0 ELSE 1 END) AS c2 FROM new_rows r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0 HAVING '
        'SUM(c1) <> 0 OR SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_campaign_reach_inserted AFTER INSERT ON campaign_targets REFERENCING '
        'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_campaign_reach_inserted()',
        'CREATE FUNCTION kpi_campaign_reach_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF pg_try_advisory_xact_lock(16021, 893530308) THEN\n'
        '    WITH d AS (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2 FROM (SELECT r.campaign_id AS '
        "c0, -(CASE WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS c1, -(CASE WHEN "
        'r.reached_at IS NULL THEN 0 ELSE 1 END) AS c2 FROM old_rows r WHERE 1 = 1 AND 1 = 1) p '
        'GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) <> 0), gone AS (DELETE FROM '
        'kpi_campaign_reach t USING (SELECT DISTINCT c0 FROM d) k WHERE t.campaign_id = k.c0 '
        'RETURNING t.campaign_id, t.targets, t.reached) INSERT INTO kpi_campaign_reach '
        '(campaign_id, targets, reached) SELECT c0, SUM(c1), SUM(c2) FROM (SELECT c0, c1, c2 '
        'FROM d UNION ALL SELECT campaign_id, targets, reached FROM gone) a GROUP BY c0 HAVING '
        'SUM(c1) <> 0 OR SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT c0, c1, c2 '
        'FROM (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2 FROM (SELECT r.campaign_id AS c0, -(CASE '
        "WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS c1, -(CASE WHEN r.reached_at IS NULL "
        'THEN 0 ELSE 1 END) AS c2 FROM old_rows r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0 HAVING '
        'SUM(c1) <> 0 OR SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_campaign_reach_deleted AFTER DELETE ON campaign_targets REFERENCING '
        'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_campaign_reach_deleted()',
        'CREATE FUNCTION kpi_campaign_reach_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF NOT EXISTS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.campaign_id, o.status, o.reached_at) IS DISTINCT FROM (n.campaign_id, n.status, '
        'n.reached_at)) THEN RETURN NULL; END IF;\n'
        '  IF pg_try_advisory_xact_lock(16021, 893530308) THEN\n'
        '    WITH d AS (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2 FROM (SELECT r.campaign_id AS '
        "c0, -(CASE WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS c1, -(CASE WHEN "
        'r.reached_at IS NULL THEN 0 ELSE 1 END) AS c2 FROM old_rows r WHERE 1 = 1 AND r.id IN '
        '(SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.campaign_id, '
        'o.status, o.reached_at) IS DISTINCT FROM (n.campaign_id, n.status, n.reached_at)) UNION '
        "ALL SELECT r.campaign_id AS c0, (CASE WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS "
        'c1, (CASE WHEN r.reached_at IS NULL THEN 0 ELSE 1 END) AS c2 FROM new_rows r WHERE 1 = '
        '1 AND r.id IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE '
        '(o.campaign_id, o.status, o.reached_at) IS DISTINCT FROM (n.campaign_id, n.status, '
        'n.reached_at))) p GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) <> 0), gone AS (DELETE '
        'FROM kpi_campaign_reach t USING (SELECT DISTINCT c0 FROM d) k WHERE t.campaign_id = '
        'k.c0 RETURNING t.campaign_id, t.targets, t.reached) INSERT INTO kpi_campaign_reach '
        '(campaign_id, targets, reached) SELECT c0, SUM(c1), SUM(c2) FROM (SELECT c0, c1, c2 '
        'FROM d UNION ALL SELECT campaign_id, targets, reached FROM gone) a GROUP BY c0 HAVING '
        'SUM(c1) <> 0 OR SUM(c2) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT c0, c1, c2 '
        'FROM (SELECT c0, SUM(c1) AS c1, SUM(c2) AS c2 FROM (SELECT r.campaign_id AS c0, -(CASE '
        "WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS c1, -(CASE WHEN r.reached_at IS NULL "
        'THEN 0 ELSE 1 END) AS c2 FROM old_rows r WHERE 1 = 1 AND r.id IN (SELECT o.id FROM '
        'old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.campaign_id, o.status, o.reached_at) '
        'IS DISTINCT FROM (n.campaign_id, n.status, n.reached_at)) UNION ALL SELECT '
        "r.campaign_id AS c0, (CASE WHEN r.status <> 'excluded' THEN 1 ELSE 0 END) AS c1, (CASE "
        'WHEN r.reached_at IS NULL THEN 0 ELSE 1 END) AS c2 FROM new_rows r WHERE 1 = 1 AND r.id '
        'IN (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.campaign_id, '
        'o.status, o.reached_at) IS DISTINCT FROM (n.campaign_id, n.status, n.reached_at))) p '
        'GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_campaign_reach_updated AFTER UPDATE ON campaign_targets REFERENCING '
        'OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_campaign_reach_updated()',
        'CREATE FUNCTION kpi_model_days_vehicle() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  IF pg_try_advisory_xact_lock(16021, 1395553803) THEN\n'
        '    WITH d AS (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT s.sold_on AS c0, OLD.make AS c1, OLD.model AS c2, -1 AS c3, -s.price AS c4, '
        '-s.margin AS c5 FROM sales s WHERE s.vehicle_id = NEW.id UNION ALL SELECT s.sold_on, '
        'NEW.make, NEW.model, 1, s.price, s.margin FROM sales s WHERE s.vehicle_id = NEW.id) p '
        'GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0), gone AS '
        '(DELETE FROM kpi_model_days t USING (SELECT DISTINCT c0, c1, c2 FROM d) k WHERE t.day = '
        'k.c0 AND t.make = k.c1 AND t.model = k.c2 RETURNING t.day, t.make, t.model, t.n, '
        't.price, t.margin) INSERT INTO kpi_model_days (day, make, model, n, price, margin) '
        'SELECT c0, c1, c2, SUM(c3), SUM(c4), SUM(c5) FROM (SELECT c0, c1, c2, c3, c4, c5 FROM d '
        'UNION ALL SELECT day, make, model, n, price, margin FROM gone) a GROUP BY c0, c1, c2 '
        'HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, c1, c2, '
        'c3, c4, c5 FROM (SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM '
        '(SELECT s.sold_on AS c0, OLD.make AS c1, OLD.model AS c2, -1 AS c3, -s.price AS c4, '
        '-s.margin AS c5 FROM sales s WHERE s.vehicle_id = NEW.id UNION ALL SELECT s.sold_on, '
        'NEW.make, NEW.model, 1, s.price, s.margin FROM sales s WHERE s.vehicle_id = NEW.id) p '
        'GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> 0 OR SUM(c5) <> 0) d;\n'
        '  END IF;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_model_days_vehicle AFTER UPDATE OF make, model ON vehicles FOR EACH '
        'ROW WHEN ((OLD.make, OLD.model) IS DISTINCT FROM (NEW.make, NEW.model)) EXECUTE '
        'FUNCTION kpi_model_days_vehicle()',
        'CREATE FUNCTION kpi_funnel_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF cardinality(ids) = 0 THEN RETURN; END IF;\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, '
        'reached, -COUNT(*) FROM kpi_funnel_opportunities WHERE opportunity_id IN (SELECT '
        'unnest(ids)) GROUP BY day, owner_key, reached ON CONFLICT (day, owner_key, reached) DO '
        'UPDATE SET n = kpi_funnel_days.n + excluded.n;\n'
        '  DELETE FROM kpi_funnel_opportunities WHERE opportunity_id IN (SELECT unnest(ids));\n'
        '  INSERT INTO kpi_funnel_opportunities (opportunity_id, day, owner_key, reached) SELECT '
        "o.id, CAST(o.closed_at AS DATE), COALESCE(o.owner_id, 0), CASE WHEN o.stage = 'won' "
        "THEN 4 ELSE COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN i.type = "
        "'test_drive' THEN 2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = o.id AND "
        "i.contact_id = o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote')), 0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') "
        'AND o.closed_at IS NOT NULL AND o.id IN (SELECT unnest(ids));\n'
        '  INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, '
        'reached, COUNT(*) FROM kpi_funnel_opportunities WHERE opportunity_id IN (SELECT '
        'unnest(ids)) GROUP BY day, owner_key, reached ON CONFLICT (day, owner_key, reached) DO '
        'UPDATE SET n = kpi_funnel_days.n + excluded.n;\n'
        'END $$',
        'CREATE FUNCTION kpi_funnel_opportunities_inserted() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_funnel_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT id FROM new_rows) '
        'AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id));\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_funnel_opportunities_inserted AFTER INSERT ON opportunities '
        'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_funnel_opportunities_inserted()',
        'CREATE FUNCTION kpi_funnel_opportunities_deleted() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_funnel_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT id FROM old_rows) '
        'AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id));\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_funnel_opportunities_deleted AFTER DELETE ON opportunities '
        'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_funnel_opportunities_deleted()',
        'CREATE FUNCTION kpi_funnel_opportunities_updated() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_funnel_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT o.id FROM old_rows '
        'o JOIN new_rows n ON n.id = o.id WHERE (o.stage, o.closed_at, o.owner_id, o.contact_id) '
        'IS DISTINCT FROM (n.stage, n.closed_at, n.owner_id, n.contact_id)) AS r (id) WHERE r.id '
        'IS NOT NULL ORDER BY r.id));\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_funnel_opportunities_updated AFTER UPDATE ON opportunities '
        'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
        'FUNCTION kpi_funnel_opportunities_updated()',
        'CREATE FUNCTION kpi_funnel_interactions_inserted() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_funnel_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT opportunity_id '
        "FROM new_rows WHERE opportunity_id IS NOT NULL AND type IN ('call', 'email', 'sms', "
        "'visit', 'test_drive', 'quote')) AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id));\n"
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_funnel_interactions_inserted AFTER INSERT ON interactions '
        'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_funnel_interactions_inserted()',
        'CREATE FUNCTION kpi_funnel_interactions_deleted() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_funnel_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT opportunity_id '
        "FROM old_rows WHERE opportunity_id IS NOT NULL AND type IN ('call', 'email', 'sms', "
        "'visit', 'test_drive', 'quote')) AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id));\n"
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_funnel_interactions_deleted AFTER DELETE ON interactions REFERENCING '
        'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_funnel_interactions_deleted()',
        'CREATE FUNCTION kpi_funnel_interactions_updated() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_funnel_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT '
        'unnest(ARRAY[o.opportunity_id, n.opportunity_id]) FROM old_rows o JOIN new_rows n ON '
        'n.id = o.id WHERE (o.opportunity_id, o.contact_id, o.type) IS DISTINCT FROM '
        '(n.opportunity_id, n.contact_id, n.type)) AS r (id) WHERE r.id IS NOT NULL ORDER BY '
        'r.id));\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_funnel_interactions_updated AFTER UPDATE ON interactions REFERENCING '
        'OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_funnel_interactions_updated()',
        'CREATE FUNCTION kpi_buyer_days_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, c.source_channel, '
        'SUM(st.buyers) FROM new_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers '
        '<> 0 AND 1 = 1 GROUP BY st.day, c.source_channel ON CONFLICT (day, channel) DO UPDATE '
        'SET n = kpi_buyer_days.n + excluded.n;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_buyer_days_inserted AFTER INSERT ON kpi_activity_steps REFERENCING '
        'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_buyer_days_inserted()',
        'CREATE FUNCTION kpi_buyer_days_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, c.source_channel, '
        '-SUM(st.buyers) FROM old_rows st JOIN contacts c ON c.id = st.contact_id WHERE '
        'st.buyers <> 0 AND 1 = 1 GROUP BY st.day, c.source_channel ON CONFLICT (day, channel) '
        'DO UPDATE SET n = kpi_buyer_days.n + excluded.n;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_buyer_days_deleted AFTER DELETE ON kpi_activity_steps REFERENCING '
        'OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_buyer_days_deleted()',
        'CREATE FUNCTION kpi_buyer_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, c.source_channel, '
        '-SUM(st.buyers) FROM old_rows st JOIN contacts c ON c.id = st.contact_id WHERE '
        'st.buyers <> 0 AND 1 = 1 GROUP BY st.day, c.source_channel ON CONFLICT (day, channel) '
        'DO UPDATE SET n = kpi_buyer_days.n + excluded.n;\n'
        '  INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, c.source_channel, '
        'SUM(st.buyers) FROM new_rows st JOIN contacts c ON c.id = st.contact_id WHERE st.buyers '
        '<> 0 AND 1 = 1 GROUP BY st.day, c.source_channel ON CONFLICT (day, channel) DO UPDATE '
        'SET n = kpi_buyer_days.n + excluded.n;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_buyer_days_updated AFTER UPDATE ON kpi_activity_steps REFERENCING '
        'OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_buyer_days_updated()',
        'CREATE FUNCTION kpi_buyer_days_channel() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM pg_advisory_xact_lock(16011, 0);\n'
        '  INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, OLD.source_channel, '
        '-SUM(st.buyers) FROM kpi_activity_steps st WHERE st.contact_id = NEW.id AND st.buyers '
        '<> 0 GROUP BY st.day ON CONFLICT (day, channel) DO UPDATE SET n = kpi_buyer_days.n + '
        'excluded.n;\n'
        '  INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, NEW.source_channel, '
        'SUM(st.buyers) FROM kpi_activity_steps st WHERE st.contact_id = NEW.id AND st.buyers <> '
        '0 GROUP BY st.day ON CONFLICT (day, channel) DO UPDATE SET n = kpi_buyer_days.n + '
        'excluded.n;\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_buyer_days_channel AFTER UPDATE OF source_channel ON contacts FOR '
        'EACH ROW WHEN (OLD.source_channel IS DISTINCT FROM NEW.source_channel) EXECUTE FUNCTION '
        'kpi_buyer_days_channel()',
        'CREATE FUNCTION kpi_leads_refresh(ids integer[], serialized boolean) RETURNS void '
        'LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  IF cardinality(ids) = 0 THEN RETURN; END IF;\n'
        '  IF serialized THEN PERFORM pg_advisory_xact_lock(16011, 0); END IF;\n'
        '  WITH old AS (DELETE FROM kpi_lead_contacts WHERE contact_id IN (SELECT unnest(ids)) '
        'RETURNING day, owner_key, answered, seconds) INSERT INTO kpi_lead_days (day, owner_key, '
        'n, answered, seconds) SELECT day, owner_key, -COUNT(*), -SUM(answered), -SUM(seconds) '
        'FROM old GROUP BY day, owner_key;\n'
        '  INSERT INTO kpi_lead_contacts (contact_id, day, owner_key, answered, seconds) SELECT '
        'c.id, CAST(c.created_at AS DATE), COALESCE(c.owner_id, 0), CASE WHEN f.first_at IS NULL '
        'THEN 0 ELSE 1 END, COALESCE(EXTRACT(EPOCH FROM (f.first_at - c.created_at)), 0) FROM '
        'contacts c LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id WHERE c.id IN (SELECT '
        'unnest(ids));\n'
        '  IF pg_try_advisory_xact_lock(16021, 1301904097) THEN\n'
        '    WITH d AS (SELECT day AS c0, owner_key AS c1, COUNT(*) AS c2, SUM(answered) AS c3, '
        'SUM(seconds) AS c4 FROM kpi_lead_contacts WHERE contact_id IN (SELECT unnest(ids)) '
        'GROUP BY day, owner_key HAVING COUNT(*) <> 0), gone AS (DELETE FROM kpi_lead_days t '
        'USING (SELECT DISTINCT c0, c1 FROM d) k WHERE t.day = k.c0 AND t.owner_key = k.c1 '
        'RETURNING t.day, t.owner_key, t.n, t.answered, t.seconds) INSERT INTO kpi_lead_days '
        '(day, owner_key, n, answered, seconds) SELECT c0, c1, SUM(c2), SUM(c3), SUM(c4) FROM '
        '(SELECT c0, c1, c2, c3, c4 FROM d UNION ALL SELECT day, owner_key, n, answered, seconds '
        'FROM gone) a GROUP BY c0, c1 HAVING SUM(c2) <> 0 OR SUM(c3) <> 0 OR SUM(c4) <> 0;\n'
        '  ELSE\n'
        '    INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT c0, c1, c2, '
        'c3, c4 FROM (SELECT day AS c0, owner_key AS c1, COUNT(*) AS c2, SUM(answered) AS c3, '
        'SUM(seconds) AS c4 FROM kpi_lead_contacts WHERE contact_id IN (SELECT unnest(ids)) '
        'GROUP BY day, owner_key HAVING COUNT(*) <> 0) d;\n'
        '  END IF;\n'
        'END $$',
        'CREATE FUNCTION kpi_leads_contacts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM kpi_leads_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT id FROM new_rows) '
        'AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id), false);\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_leads_contacts_inserted AFTER INSERT ON contacts REFERENCING NEW '
        'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_leads_contacts_inserted()',
        'CREATE FUNCTION kpi_leads_contacts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM kpi_leads_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT id FROM old_rows) '
        'AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id), true);\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_leads_contacts_deleted AFTER DELETE ON contacts REFERENCING OLD '
        'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_leads_contacts_deleted()',
        'CREATE FUNCTION kpi_leads_contacts_updated() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        'BEGIN\n'
        '  PERFORM kpi_leads_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT o.id FROM old_rows '
        'o JOIN new_rows n ON n.id = o.id WHERE (o.created_at, o.owner_id) IS DISTINCT FROM '
        '(n.created_at, n.owner_id)) AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id), true);\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_leads_contacts_updated AFTER UPDATE ON contacts REFERENCING OLD '
        'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_leads_contacts_updated()',
        'CREATE FUNCTION kpi_leads_first_contacts_inserted() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_leads_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT contact_id FROM '
        'new_rows) AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id), true);\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_leads_first_contacts_inserted AFTER INSERT ON kpi_first_contacts '
        'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_leads_first_contacts_inserted()',
        'CREATE FUNCTION kpi_leads_first_contacts_deleted() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_leads_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT contact_id FROM '
        'old_rows) AS r (id) WHERE r.id IS NOT NULL ORDER BY r.id), true);\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_leads_first_contacts_deleted AFTER DELETE ON kpi_first_contacts '
        'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
        'kpi_leads_first_contacts_deleted()',
        'CREATE FUNCTION kpi_leads_first_contacts_updated() RETURNS trigger LANGUAGE plpgsql AS '
        '$$\n'
        'BEGIN\n'
        '  PERFORM kpi_leads_refresh(ARRAY(SELECT DISTINCT r.id FROM (SELECT contact_id FROM '
        'old_rows UNION SELECT contact_id FROM new_rows) AS r (id) WHERE r.id IS NOT NULL ORDER '
        'BY r.id), true);\n'
        '  RETURN NULL;\n'
        'END $$',
        'CREATE TRIGGER kpi_leads_first_contacts_updated AFTER UPDATE ON kpi_first_contacts '
        'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
        'FUNCTION kpi_leads_first_contacts_updated()',
        'DELETE FROM kpi_prospect_scores',
        'INSERT INTO kpi_prospect_scores (owner_key, score_key, n) SELECT c0, c1, SUM(c2) AS c2 '
        'FROM (SELECT COALESCE(r.owner_id, 0) AS c0, COALESCE(r.score, -1) AS c1, (1) AS c2 FROM '
        "contacts r WHERE r.lifecycle = 'prospect' AND r.erased_at IS NULL AND 1 = 1) p GROUP BY "
        'c0, c1 HAVING SUM(c2) <> 0',
        'DELETE FROM kpi_contact_days',
        'INSERT INTO kpi_contact_days (day, owner_key, channel, n) SELECT c0, c1, c2, SUM(c3) AS '
        'c3 FROM (SELECT CAST(r.created_at AS DATE) AS c0, COALESCE(r.owner_id, 0) AS c1, '
        'r.source_channel AS c2, (1) AS c3 FROM contacts r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0, '
        'c1, c2 HAVING SUM(c3) <> 0',
        'DELETE FROM kpi_opportunity_days',
        'INSERT INTO kpi_opportunity_days (day, owner_key, stage, n) SELECT c0, c1, c2, SUM(c3) '
        'AS c3 FROM (SELECT CAST(r.closed_at AS DATE) AS c0, COALESCE(r.owner_id, 0) AS c1, '
        "r.stage AS c2, (1) AS c3 FROM opportunities r WHERE r.stage IN ('won', 'lost') AND "
        'r.closed_at IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0',
        'DELETE FROM kpi_claim_days',
        'INSERT INTO kpi_claim_days (day, event, category, n, in_time, seconds, marks, marked, '
        'goodwill) SELECT c0, c1, c2, SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5, SUM(c6) AS '
        "c6, SUM(c7) AS c7, SUM(c8) AS c8 FROM (SELECT CAST(r.opened_at AS DATE) AS c0, 'opened' "
        'AS c1, r.category AS c2, (1) AS c3, (0) AS c4, (0) AS c5, (0) AS c6, (0) AS c7, (0) AS '
        'c8 FROM claims r WHERE 1 = 1 AND 1 = 1 UNION ALL SELECT CAST(r.resolved_at AS DATE) AS '
        "c0, 'resolved' AS c1, r.category AS c2, (1) AS c3, (CASE WHEN r.resolved_at <= r.due_at "
        'THEN 1 ELSE 0 END) AS c4, (EXTRACT(EPOCH FROM (r.resolved_at - r.opened_at))) AS c5, '
        '(0) AS c6, (0) AS c7, (0) AS c8 FROM claims r WHERE r.resolved_at IS NOT NULL AND 1 = 1 '
        "UNION ALL SELECT CAST(COALESCE(r.closed_at, r.resolved_at) AS DATE) AS c0, 'finished' "
        'AS c1, r.category AS c2, (1) AS c3, (0) AS c4, (0) AS c5, (COALESCE(r.satisfaction, 0)) '
        'AS c6, (CASE WHEN r.satisfaction IS NULL THEN 0 ELSE 1 END) AS c7, '
        '(COALESCE(r.goodwill_cost, 0)) AS c8 FROM claims r WHERE COALESCE(r.closed_at, '
        'r.resolved_at) IS NOT NULL AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR '
        'SUM(c4) <> 0 OR SUM(c5) <> 0 OR SUM(c6) <> 0 OR SUM(c7) <> 0 OR SUM(c8) <> 0',
        'DELETE FROM kpi_visit_days',
        'INSERT INTO kpi_visit_days (day, n, amount, margin) SELECT c0, SUM(c1) AS c1, SUM(c2) '
        'AS c2, SUM(c3) AS c3 FROM (SELECT r.visited_on AS c0, (1) AS c1, (COALESCE(r.amount, '
        '0)) AS c2, (COALESCE(r.margin, 0)) AS c3 FROM service_visits r WHERE r.visited_on IS '
        'NOT NULL AND 1 = 1) p GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) <> 0 OR SUM(c3) <> 0',
        'DELETE FROM kpi_appointment_days',
        'INSERT INTO kpi_appointment_days (day, user_key, n) SELECT c0, c1, SUM(c2) AS c2 FROM '
        '(SELECT CAST(r.due_at AS DATE) AS c0, COALESCE(r.user_id, 0) AS c1, (1) AS c2 FROM '
        "tasks r WHERE r.kind = 'appointment' AND 1 = 1) p GROUP BY c0, c1 HAVING SUM(c2) <> 0",
        'DELETE FROM kpi_model_days',
        'INSERT INTO kpi_model_days (day, make, model, n, price, margin) SELECT c0, c1, c2, '
        'SUM(c3) AS c3, SUM(c4) AS c4, SUM(c5) AS c5 FROM (SELECT r.sold_on AS c0, (SELECT '
        'v.make FROM vehicles v WHERE v.id = r.vehicle_id) AS c1, (SELECT v.model FROM vehicles '
        'v WHERE v.id = r.vehicle_id) AS c2, (1) AS c3, (r.price) AS c4, (r.margin) AS c5 FROM '
        'sales r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0, c1, c2 HAVING SUM(c3) <> 0 OR SUM(c4) <> '
        '0 OR SUM(c5) <> 0',
        'DELETE FROM kpi_campaign_reach',
        'INSERT INTO kpi_campaign_reach (campaign_id, targets, reached) SELECT c0, SUM(c1) AS '
        "c1, SUM(c2) AS c2 FROM (SELECT r.campaign_id AS c0, (CASE WHEN r.status <> 'excluded' "
        'THEN 1 ELSE 0 END) AS c1, (CASE WHEN r.reached_at IS NULL THEN 0 ELSE 1 END) AS c2 FROM '
        'campaign_targets r WHERE 1 = 1 AND 1 = 1) p GROUP BY c0 HAVING SUM(c1) <> 0 OR SUM(c2) '
        '<> 0',
        'DELETE FROM kpi_funnel_days',
        'DELETE FROM kpi_funnel_opportunities',
        'INSERT INTO kpi_funnel_opportunities (opportunity_id, day, owner_key, reached) SELECT '
        "o.id, CAST(o.closed_at AS DATE), COALESCE(o.owner_id, 0), CASE WHEN o.stage = 'won' "
        "THEN 4 ELSE COALESCE((SELECT MAX(CASE WHEN i.type = 'quote' THEN 3 WHEN i.type = "
        "'test_drive' THEN 2 ELSE 1 END) FROM interactions i WHERE i.opportunity_id = o.id AND "
        "i.contact_id = o.contact_id AND i.type IN ('call', 'email', 'sms', 'visit', "
        "'test_drive', 'quote')), 0) END FROM opportunities o WHERE o.stage IN ('won', 'lost') "
        'AND o.closed_at IS NOT NULL AND 1 = 1',
        'INSERT INTO kpi_funnel_days (day, owner_key, reached, n) SELECT day, owner_key, '
        'reached, COUNT(*) FROM kpi_funnel_opportunities WHERE 1 = 1 GROUP BY day, owner_key, '
        'reached ON CONFLICT (day, owner_key, reached) DO UPDATE SET n = kpi_funnel_days.n + '
        'excluded.n',
        'DELETE FROM kpi_buyer_days',
        'INSERT INTO kpi_buyer_days (day, channel, n) SELECT st.day, c.source_channel, '
        'SUM(st.buyers) FROM kpi_activity_steps st JOIN contacts c ON c.id = st.contact_id WHERE '
        'st.buyers <> 0 AND 1 = 1 GROUP BY st.day, c.source_channel ON CONFLICT (day, channel) '
        'DO UPDATE SET n = kpi_buyer_days.n + excluded.n',
        'DELETE FROM kpi_lead_days',
        'DELETE FROM kpi_lead_contacts',
        'INSERT INTO kpi_lead_contacts (contact_id, day, owner_key, answered, seconds) SELECT '
        'c.id, CAST(c.created_at AS DATE), COALESCE(c.owner_id, 0), CASE WHEN f.first_at IS NULL '
        'THEN 0 ELSE 1 END, COALESCE(EXTRACT(EPOCH FROM (f.first_at - c.created_at)), 0) FROM '
        'contacts c LEFT JOIN kpi_first_contacts f ON f.contact_id = c.id WHERE 1 = 1',
        'INSERT INTO kpi_lead_days (day, owner_key, n, answered, seconds) SELECT day, owner_key, '
        'COUNT(*), SUM(answered), SUM(seconds) FROM kpi_lead_contacts GROUP BY day, owner_key',
    ],
}

DOWNGRADE = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS kpi_prospect_scores_inserted',
        'DROP TRIGGER IF EXISTS kpi_prospect_scores_deleted',
        'DROP TRIGGER IF EXISTS kpi_prospect_scores_updated',
        'DROP TRIGGER IF EXISTS kpi_contact_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_contact_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_contact_days_updated',
        'DROP TRIGGER IF EXISTS kpi_opportunity_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_opportunity_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_opportunity_days_updated',
        'DROP TRIGGER IF EXISTS kpi_claim_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_claim_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_claim_days_updated',
        'DROP TRIGGER IF EXISTS kpi_visit_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_visit_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_visit_days_updated',
        'DROP TRIGGER IF EXISTS kpi_appointment_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_appointment_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_appointment_days_updated',
        'DROP TRIGGER IF EXISTS kpi_model_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_model_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_model_days_updated',
        'DROP TRIGGER IF EXISTS kpi_campaign_reach_inserted',
        'DROP TRIGGER IF EXISTS kpi_campaign_reach_deleted',
        'DROP TRIGGER IF EXISTS kpi_campaign_reach_updated',
        'DROP TRIGGER IF EXISTS kpi_model_days_vehicle',
        'DROP TRIGGER IF EXISTS kpi_funnel_opportunities_inserted',
        'DROP TRIGGER IF EXISTS kpi_funnel_opportunities_deleted',
        'DROP TRIGGER IF EXISTS kpi_funnel_opportunities_updated',
        'DROP TRIGGER IF EXISTS kpi_funnel_interactions_inserted',
        'DROP TRIGGER IF EXISTS kpi_funnel_interactions_deleted',
        'DROP TRIGGER IF EXISTS kpi_funnel_interactions_updated',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_inserted',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_deleted',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_updated',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_channel',
        'DROP TRIGGER IF EXISTS kpi_leads_contacts_inserted',
        'DROP TRIGGER IF EXISTS kpi_leads_contacts_deleted',
        'DROP TRIGGER IF EXISTS kpi_leads_contacts_updated',
        'DROP TRIGGER IF EXISTS kpi_leads_first_contacts_inserted',
        'DROP TRIGGER IF EXISTS kpi_leads_first_contacts_deleted',
        'DROP TRIGGER IF EXISTS kpi_leads_first_contacts_updated',
        'DROP TABLE IF EXISTS kpi_prospect_scores',
        'DROP TABLE IF EXISTS kpi_contact_days',
        'DROP TABLE IF EXISTS kpi_opportunity_days',
        'DROP TABLE IF EXISTS kpi_claim_days',
        'DROP TABLE IF EXISTS kpi_visit_days',
        'DROP TABLE IF EXISTS kpi_appointment_days',
        'DROP TABLE IF EXISTS kpi_model_days',
        'DROP TABLE IF EXISTS kpi_campaign_reach',
        'DROP TABLE IF EXISTS kpi_funnel_days',
        'DROP TABLE IF EXISTS kpi_funnel_opportunities',
        'DROP TABLE IF EXISTS kpi_buyer_days',
        'DROP TABLE IF EXISTS kpi_lead_days',
        'DROP TABLE IF EXISTS kpi_lead_contacts',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS kpi_prospect_scores_inserted ON contacts',
        'DROP TRIGGER IF EXISTS kpi_prospect_scores_deleted ON contacts',
        'DROP TRIGGER IF EXISTS kpi_prospect_scores_updated ON contacts',
        'DROP FUNCTION IF EXISTS kpi_prospect_scores_inserted()',
        'DROP FUNCTION IF EXISTS kpi_prospect_scores_deleted()',
        'DROP FUNCTION IF EXISTS kpi_prospect_scores_updated()',
        'DROP TRIGGER IF EXISTS kpi_contact_days_inserted ON contacts',
        'DROP TRIGGER IF EXISTS kpi_contact_days_deleted ON contacts',
        'DROP TRIGGER IF EXISTS kpi_contact_days_updated ON contacts',
        'DROP FUNCTION IF EXISTS kpi_contact_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_contact_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_contact_days_updated()',
        'DROP TRIGGER IF EXISTS kpi_opportunity_days_inserted ON opportunities',
        'DROP TRIGGER IF EXISTS kpi_opportunity_days_deleted ON opportunities',
        'DROP TRIGGER IF EXISTS kpi_opportunity_days_updated ON opportunities',
        'DROP FUNCTION IF EXISTS kpi_opportunity_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_opportunity_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_opportunity_days_updated()',
        'DROP TRIGGER IF EXISTS kpi_claim_days_inserted ON claims',
        'DROP TRIGGER IF EXISTS kpi_claim_days_deleted ON claims',
        'DROP TRIGGER IF EXISTS kpi_claim_days_updated ON claims',
        'DROP FUNCTION IF EXISTS kpi_claim_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_claim_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_claim_days_updated()',
        'DROP TRIGGER IF EXISTS kpi_visit_days_inserted ON service_visits',
        'DROP TRIGGER IF EXISTS kpi_visit_days_deleted ON service_visits',
        'DROP TRIGGER IF EXISTS kpi_visit_days_updated ON service_visits',
        'DROP FUNCTION IF EXISTS kpi_visit_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_visit_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_visit_days_updated()',
        'DROP TRIGGER IF EXISTS kpi_appointment_days_inserted ON tasks',
        'DROP TRIGGER IF EXISTS kpi_appointment_days_deleted ON tasks',
        'DROP TRIGGER IF EXISTS kpi_appointment_days_updated ON tasks',
        'DROP FUNCTION IF EXISTS kpi_appointment_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_appointment_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_appointment_days_updated()',
        'DROP TRIGGER IF EXISTS kpi_model_days_inserted ON sales',
        'DROP TRIGGER IF EXISTS kpi_model_days_deleted ON sales',
        'DROP TRIGGER IF EXISTS kpi_model_days_updated ON sales',
        'DROP FUNCTION IF EXISTS kpi_model_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_model_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_model_days_updated()',
        'DROP TRIGGER IF EXISTS kpi_campaign_reach_inserted ON campaign_targets',
        'DROP TRIGGER IF EXISTS kpi_campaign_reach_deleted ON campaign_targets',
        'DROP TRIGGER IF EXISTS kpi_campaign_reach_updated ON campaign_targets',
        'DROP FUNCTION IF EXISTS kpi_campaign_reach_inserted()',
        'DROP FUNCTION IF EXISTS kpi_campaign_reach_deleted()',
        'DROP FUNCTION IF EXISTS kpi_campaign_reach_updated()',
        'DROP TRIGGER IF EXISTS kpi_model_days_vehicle ON vehicles',
        'DROP FUNCTION IF EXISTS kpi_model_days_vehicle()',
        'DROP TRIGGER IF EXISTS kpi_funnel_opportunities_inserted ON opportunities',
        'DROP TRIGGER IF EXISTS kpi_funnel_opportunities_deleted ON opportunities',
        'DROP TRIGGER IF EXISTS kpi_funnel_opportunities_updated ON opportunities',
        'DROP TRIGGER IF EXISTS kpi_funnel_interactions_inserted ON interactions',
        'DROP TRIGGER IF EXISTS kpi_funnel_interactions_deleted ON interactions',
        'DROP TRIGGER IF EXISTS kpi_funnel_interactions_updated ON interactions',
        'DROP FUNCTION IF EXISTS kpi_funnel_opportunities_inserted()',
        'DROP FUNCTION IF EXISTS kpi_funnel_opportunities_deleted()',
        'DROP FUNCTION IF EXISTS kpi_funnel_opportunities_updated()',
        'DROP FUNCTION IF EXISTS kpi_funnel_interactions_inserted()',
        'DROP FUNCTION IF EXISTS kpi_funnel_interactions_deleted()',
        'DROP FUNCTION IF EXISTS kpi_funnel_interactions_updated()',
        'DROP FUNCTION IF EXISTS kpi_funnel_refresh(integer[])',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_inserted ON kpi_activity_steps',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_deleted ON kpi_activity_steps',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_updated ON kpi_activity_steps',
        'DROP TRIGGER IF EXISTS kpi_buyer_days_channel ON contacts',
        'DROP FUNCTION IF EXISTS kpi_buyer_days_inserted()',
        'DROP FUNCTION IF EXISTS kpi_buyer_days_deleted()',
        'DROP FUNCTION IF EXISTS kpi_buyer_days_updated()',
        'DROP FUNCTION IF EXISTS kpi_buyer_days_channel()',
        'DROP TRIGGER IF EXISTS kpi_leads_contacts_inserted ON contacts',
        'DROP TRIGGER IF EXISTS kpi_leads_contacts_deleted ON contacts',
        'DROP TRIGGER IF EXISTS kpi_leads_contacts_updated ON contacts',
        'DROP TRIGGER IF EXISTS kpi_leads_first_contacts_inserted ON kpi_first_contacts',
        'DROP TRIGGER IF EXISTS kpi_leads_first_contacts_deleted ON kpi_first_contacts',
        'DROP TRIGGER IF EXISTS kpi_leads_first_contacts_updated ON kpi_first_contacts',
        'DROP FUNCTION IF EXISTS kpi_leads_contacts_inserted()',
        'DROP FUNCTION IF EXISTS kpi_leads_contacts_deleted()',
        'DROP FUNCTION IF EXISTS kpi_leads_contacts_updated()',
        'DROP FUNCTION IF EXISTS kpi_leads_first_contacts_inserted()',
        'DROP FUNCTION IF EXISTS kpi_leads_first_contacts_deleted()',
        'DROP FUNCTION IF EXISTS kpi_leads_first_contacts_updated()',
        'DROP FUNCTION IF EXISTS kpi_leads_refresh(integer[], boolean)',
        'DROP TABLE IF EXISTS kpi_prospect_scores',
        'DROP TABLE IF EXISTS kpi_contact_days',
        'DROP TABLE IF EXISTS kpi_opportunity_days',
        'DROP TABLE IF EXISTS kpi_claim_days',
        'DROP TABLE IF EXISTS kpi_visit_days',
        'DROP TABLE IF EXISTS kpi_appointment_days',
        'DROP TABLE IF EXISTS kpi_model_days',
        'DROP TABLE IF EXISTS kpi_campaign_reach',
        'DROP TABLE IF EXISTS kpi_funnel_days',
        'DROP TABLE IF EXISTS kpi_funnel_opportunities',
        'DROP TABLE IF EXISTS kpi_buyer_days',
        'DROP TABLE IF EXISTS kpi_lead_days',
        'DROP TABLE IF EXISTS kpi_lead_contacts',
    ],
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
