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
(<value>) left to fill in, as the triggers of one table differ only by those.
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

# A refresh of the customers <where> (0011: spans and totals; 0014: steps and per-day sums).
REFRESH = {
    "sqlite": [
        "DELETE FROM kpi_activity_spans WHERE <where>",
        "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
        "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id "
        "ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, "
        "last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT "
        "a.contact_id, a.day, CASE WHEN strftime('%d', a.day, '+1 day') = '01' OR CAST(strftime('%d', "
        "a.day) AS INTEGER) > CAST(strftime('%d', date(a.day, 'start of month', '+' || (st.window_months "
        "+ 1) || ' months', '-1 day')) AS INTEGER) THEN date(a.day, 'start of month', '+' || "
        "(st.window_months + 1) || ' months', '-1 day') ELSE date(a.day, '+' || st.window_months || ' "
        "months') END AS last_day FROM (SELECT contact_id, sold_on AS day FROM sales WHERE <where> UNION "
        "ALL SELECT contact_id, visited_on FROM service_visits WHERE contact_id IS NOT NULL AND <where>) "
        "a CROSS JOIN kpi_activity_state st WHERE st.id = 1) e) m) i GROUP BY contact_id, island",
        "DELETE FROM kpi_customers WHERE <where>",
        "INSERT INTO kpi_customers (contact_id, sales, last_sale_on, last_visit_on, last_day, "
        "sales_margin, service_margin) SELECT contact_id, SUM(sale), MAX(CASE WHEN sale = 1 THEN day "
        "END), MAX(CASE WHEN sale = 0 THEN day END), MAX(day), SUM(CASE WHEN sale = 1 THEN margin ELSE 0 "
        "END), SUM(CASE WHEN sale = 0 THEN margin ELSE 0 END) FROM (SELECT contact_id, sold_on AS day, "
        "margin, 1 AS sale FROM sales WHERE <where> UNION ALL SELECT contact_id, visited_on, margin, 0 "
        "FROM service_visits WHERE contact_id IS NOT NULL AND <where>) h GROUP BY contact_id",
        "INSERT INTO kpi_activity_days (day, active, buyers, repeaters, sales_margin, service_margin, "
        "recent, serviced, margin_12) SELECT day, -SUM(active), -SUM(buyers), -SUM(repeaters), "
        "-SUM(sales_margin), -SUM(service_margin), -SUM(recent), -SUM(serviced), -SUM(margin_12) FROM "
        "kpi_activity_steps WHERE <where> GROUP BY day ON CONFLICT (day) DO UPDATE SET active = "
        "kpi_activity_days.active + excluded.active, buyers = kpi_activity_days.buyers + "
        "excluded.buyers, repeaters = kpi_activity_days.repeaters + excluded.repeaters, sales_margin = "
        "kpi_activity_days.sales_margin + excluded.sales_margin, service_margin = "
        "kpi_activity_days.service_margin + excluded.service_margin, recent = kpi_activity_days.recent + "
        "excluded.recent, serviced = kpi_activity_days.serviced + excluded.serviced, margin_12 = "
        "kpi_activity_days.margin_12 + excluded.margin_12",
        "DELETE FROM kpi_activity_steps WHERE <where>",
        "INSERT INTO kpi_activity_steps (contact_id, day, active, buyers, repeaters, sales_margin, "
        "service_margin, recent, serviced, margin_12) SELECT contact_id, day, SUM(active), SUM(buyers), "
        "SUM(repeaters), SUM(sales_margin), SUM(service_margin), SUM(recent), SUM(serviced), "
        "SUM(margin_12) FROM (SELECT sp.contact_id AS contact_id, CASE WHEN b.k = 1 THEN sp.starts_on "
        "ELSE sp.ends_on END AS day, b.k AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, 0 AS "
        "service_margin, 0 AS recent, 0 AS serviced, 0 AS margin_12 FROM (SELECT contact_id, starts_on, "
        "ends_on FROM kpi_activity_spans WHERE <where>) sp CROSS JOIN (SELECT 1 AS k UNION ALL SELECT "
        "-1) b WHERE NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = sp.contact_id AND lc.lifecycle "
        "= 'lost') UNION ALL SELECT n.contact_id AS contact_id, n.sold_on AS day, 0 AS active, CASE WHEN "
        "n.nth = 1 THEN 1 ELSE 0 END AS buyers, CASE WHEN n.nth = 2 THEN 1 ELSE 0 END AS repeaters, "
        "COALESCE(n.margin, 0) AS sales_margin, 0 AS service_margin, 0 AS recent, 0 AS serviced, 0 AS "
        "margin_12 FROM (SELECT contact_id, sold_on, margin, ROW_NUMBER() OVER (PARTITION BY contact_id "
        "ORDER BY sold_on) AS nth FROM sales WHERE <where>) n UNION ALL SELECT v.contact_id AS "
        "contact_id, CASE WHEN v.visited_on > f.first_on THEN v.visited_on ELSE f.first_on END AS day, 0 "
        "AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, COALESCE(v.margin, 0) AS "
        "service_margin, 0 AS recent, 0 AS serviced, 0 AS margin_12 FROM (SELECT contact_id, visited_on, "
        "margin FROM service_visits WHERE contact_id IS NOT NULL AND <where>) v JOIN (SELECT contact_id, "
        "MIN(sold_on) AS first_on FROM sales WHERE <where> GROUP BY contact_id) f ON f.contact_id = "
        "v.contact_id UNION ALL SELECT r.contact_id AS contact_id, CASE WHEN b.k = 1 THEN r.starts_on "
        "ELSE r.ends_on END AS day, 0 AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, 0 AS "
        "service_margin, b.k AS recent, 0 AS serviced, 0 AS margin_12 FROM (SELECT contact_id, MIN(day) "
        "AS starts_on, MAX(last_day) AS ends_on FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER "
        "(PARTITION BY contact_id ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM "
        "(SELECT contact_id, day, last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id "
        "ORDER BY day, last_day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS "
        "fresh FROM (SELECT a.contact_id, a.day, CASE WHEN strftime('%d', a.day, '+1 day') = '01' OR "
        "CAST(strftime('%d', a.day) AS INTEGER) > CAST(strftime('%d', date(a.day, 'start of month', '+' "
        "|| (60 + 1) || ' months', '-1 day')) AS INTEGER) THEN date(a.day, 'start of month', '+' || (60 "
        "+ 1) || ' months', '-1 day') ELSE date(a.day, '+' || 60 || ' months') END AS last_day FROM "
        "(SELECT contact_id, sold_on AS day FROM sales WHERE <where>) a) e) m) i GROUP BY contact_id, "
        "island) r CROSS JOIN (SELECT 1 AS k UNION ALL SELECT -1) b UNION ALL SELECT r.contact_id AS "
        "contact_id, CASE WHEN b.k = 1 THEN CASE WHEN r.starts_on > v.starts_on THEN r.starts_on ELSE "
        "v.starts_on END ELSE CASE WHEN r.ends_on < v.ends_on THEN r.ends_on ELSE v.ends_on END END AS "
        "day, 0 AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, 0 AS service_margin, 0 AS "
        "recent, b.k AS serviced, 0 AS margin_12 FROM (SELECT contact_id, MIN(day) AS starts_on, "
        "MAX(last_day) AS ends_on FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY "
        "contact_id ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, "
        "day, last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, "
        "last_day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM "
        "(SELECT a.contact_id, a.day, CASE WHEN strftime('%d', a.day, '+1 day') = '01' OR "
        "CAST(strftime('%d', a.day) AS INTEGER) > CAST(strftime('%d', date(a.day, 'start of month', '+' "
        "|| (60 + 1) || ' months', '-1 day')) AS INTEGER) THEN date(a.day, 'start of month', '+' || (60 "
        "+ 1) || ' months', '-1 day') ELSE date(a.day, '+' || 60 || ' months') END AS last_day FROM "
        "(SELECT contact_id, sold_on AS day FROM sales WHERE <where>) a) e) m) i GROUP BY contact_id, "
        "island) r JOIN (SELECT contact_id, MIN(day) AS starts_on, MAX(last_day) AS ends_on FROM (SELECT "
        "contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS "
        "UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, last_day, CASE WHEN day <= "
        "MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS BETWEEN UNBOUNDED "
        "PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT a.contact_id, a.day, CASE "
        "WHEN strftime('%d', a.day, '+1 day') = '01' OR CAST(strftime('%d', a.day) AS INTEGER) > "
        "CAST(strftime('%d', date(a.day, 'start of month', '+' || (12 + 1) || ' months', '-1 day')) AS "
        "INTEGER) THEN date(a.day, 'start of month', '+' || (12 + 1) || ' months', '-1 day') ELSE "
        "date(a.day, '+' || 12 || ' months') END AS last_day FROM (SELECT contact_id, visited_on AS day "
        "FROM service_visits WHERE contact_id IS NOT NULL AND <where>) a) e) m) i GROUP BY contact_id, "
        "island) v ON v.contact_id = r.contact_id AND r.starts_on < v.ends_on AND v.starts_on < "
        "r.ends_on CROSS JOIN (SELECT 1 AS k UNION ALL SELECT -1) b UNION ALL SELECT h.contact_id AS "
        "contact_id, CASE WHEN b.k = 1 THEN h.day ELSE CASE WHEN strftime('%d', h.day, '+1 day') = '01' "
        "OR CAST(strftime('%d', h.day) AS INTEGER) > CAST(strftime('%d', date(h.day, 'start of month', "
        "'+' || (12 + 1) || ' months', '-1 day')) AS INTEGER) THEN date(h.day, 'start of month', '+' || "
        "(12 + 1) || ' months', '-1 day') ELSE date(h.day, '+' || 12 || ' months') END END AS day, 0 AS "
        "active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, 0 AS service_margin, 0 AS recent, 0 AS "
        "serviced, b.k * COALESCE(h.margin, 0) AS margin_12 FROM (SELECT contact_id, sold_on AS day, "
        "margin, 1 AS sale FROM sales WHERE <where> UNION ALL SELECT contact_id, visited_on, margin, 0 "
        "FROM service_visits WHERE contact_id IS NOT NULL AND <where>) h CROSS JOIN (SELECT 1 AS k UNION "
        "ALL SELECT -1) b WHERE NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = h.contact_id AND "
        "lc.lifecycle = 'lost')) s GROUP BY contact_id, day",
        "INSERT INTO kpi_activity_days (day, active, buyers, repeaters, sales_margin, service_margin, "
        "recent, serviced, margin_12) SELECT day, SUM(active), SUM(buyers), SUM(repeaters), "
        "SUM(sales_margin), SUM(service_margin), SUM(recent), SUM(serviced), SUM(margin_12) FROM "
        "kpi_activity_steps WHERE <where> GROUP BY day ON CONFLICT (day) DO UPDATE SET active = "
        "kpi_activity_days.active + excluded.active, buyers = kpi_activity_days.buyers + "
        "excluded.buyers, repeaters = kpi_activity_days.repeaters + excluded.repeaters, sales_margin = "
        "kpi_activity_days.sales_margin + excluded.sales_margin, service_margin = "
        "kpi_activity_days.service_margin + excluded.service_margin, recent = kpi_activity_days.recent + "
        "excluded.recent, serviced = kpi_activity_days.serviced + excluded.serviced, margin_12 = "
        "kpi_activity_days.margin_12 + excluded.margin_12",
    ],
    "postgresql": [
        "DELETE FROM kpi_activity_spans WHERE <where>",
        "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
        "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id "
        "ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, "
        "last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT "
        "a.contact_id, a.day, CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN (date_trunc('month', "
        "a.day) + make_interval(months => (st.window_months)::int + 1) - interval '1 day')::date ELSE "
        "(a.day + make_interval(months => (st.window_months)::int))::date END AS last_day FROM (SELECT "
        "contact_id, sold_on AS day FROM sales WHERE <where> UNION ALL SELECT contact_id, visited_on "
        "FROM service_visits WHERE contact_id IS NOT NULL AND <where>) a CROSS JOIN kpi_activity_state "
        "st WHERE st.id = 1) e) m) i GROUP BY contact_id, island",
        "DELETE FROM kpi_customers WHERE <where>",
        "INSERT INTO kpi_customers (contact_id, sales, last_sale_on, last_visit_on, last_day, "
        "sales_margin, service_margin) SELECT contact_id, SUM(sale), MAX(CASE WHEN sale = 1 THEN day "
        "END), MAX(CASE WHEN sale = 0 THEN day END), MAX(day), SUM(CASE WHEN sale = 1 THEN margin ELSE 0 "
        "END), SUM(CASE WHEN sale = 0 THEN margin ELSE 0 END) FROM (SELECT contact_id, sold_on AS day, "
        "margin, 1 AS sale FROM sales WHERE <where> UNION ALL SELECT contact_id, visited_on, margin, 0 "
        "FROM service_visits WHERE contact_id IS NOT NULL AND <where>) h GROUP BY contact_id",
        "INSERT INTO kpi_activity_days (day, active, buyers, repeaters, sales_margin, service_margin, "
        "recent, serviced, margin_12) SELECT day, -SUM(active), -SUM(buyers), -SUM(repeaters), "
        "-SUM(sales_margin), -SUM(service_margin), -SUM(recent), -SUM(serviced), -SUM(margin_12) FROM "
        "kpi_activity_steps WHERE <where> GROUP BY day ON CONFLICT (day) DO UPDATE SET active = "
        "kpi_activity_days.active + excluded.active, buyers = kpi_activity_days.buyers + "
        "excluded.buyers, repeaters = kpi_activity_days.repeaters + excluded.repeaters, sales_margin = "
        "kpi_activity_days.sales_margin + excluded.sales_margin, service_margin = "
        "kpi_activity_days.service_margin + excluded.service_margin, recent = kpi_activity_days.recent + "
        "excluded.recent, serviced = kpi_activity_days.serviced + excluded.serviced, margin_12 = "
        "kpi_activity_days.margin_12 + excluded.margin_12",
        "DELETE FROM kpi_activity_steps WHERE <where>",
        "INSERT INTO kpi_activity_steps (contact_id, day, active, buyers, repeaters, sales_margin, "
        "service_margin, recent, serviced, margin_12) SELECT contact_id, day, SUM(active), SUM(buyers), "
        "SUM(repeaters), SUM(sales_margin), SUM(service_margin), SUM(recent), SUM(serviced), "
        "SUM(margin_12) FROM (SELECT sp.contact_id AS contact_id, CASE WHEN b.k = 1 THEN sp.starts_on "
        "ELSE sp.ends_on END AS day, b.k AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, 0 AS "
        "service_margin, 0 AS recent, 0 AS serviced, 0 AS margin_12 FROM (SELECT contact_id, starts_on, "
        "ends_on FROM kpi_activity_spans WHERE <where>) sp CROSS JOIN (SELECT 1 AS k UNION ALL SELECT "
        "-1) b WHERE NOT EXISTS (SELECT 1 FROM contacts lc WHERE lc.id = sp.contact_id AND lc.lifecycle "
        "= 'lost') UNION ALL SELECT n.contact_id AS contact_id, n.sold_on AS day, 0 AS active, CASE WHEN "
        "n.nth = 1 THEN 1 ELSE 0 END AS buyers, CASE WHEN n.nth = 2 THEN 1 ELSE 0 END AS repeaters, "
        "COALESCE(n.margin, 0) AS sales_margin, 0 AS service_margin, 0 AS recent, 0 AS serviced, 0 AS "
        "margin_12 FROM (SELECT contact_id, sold_on, margin, ROW_NUMBER() OVER (PARTITION BY contact_id "
        "ORDER BY sold_on) AS nth FROM sales WHERE <where>) n UNION ALL SELECT v.contact_id AS "
        "contact_id, CASE WHEN v.visited_on > f.first_on THEN v.visited_on ELSE f.first_on END AS day, 0 "
        "AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, COALESCE(v.margin, 0) AS "
        "service_margin, 0 AS recent, 0 AS serviced, 0 AS margin_12 FROM (SELECT contact_id, visited_on, "
        "margin FROM service_visits WHERE contact_id IS NOT NULL AND <where>) v JOIN (SELECT contact_id, "
        "MIN(sold_on) AS first_on FROM sales WHERE <where> GROUP BY contact_id) f ON f.contact_id = "
        "v.contact_id UNION ALL SELECT r.contact_id AS contact_id, CASE WHEN b.k = 1 THEN r.starts_on "
        "ELSE r.ends_on END AS day, 0 AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, 0 AS "
        "service_margin, b.k AS recent, 0 AS serviced, 0 AS margin_12 FROM (SELECT contact_id, MIN(day) "
        "AS starts_on, MAX(last_day) AS ends_on FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER "
        "(PARTITION BY contact_id ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM "
        "(SELECT contact_id, day, last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id "
        "ORDER BY day, last_day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS "
        "fresh FROM (SELECT a.contact_id, a.day, CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN "
        "(date_trunc('month', a.day) + make_interval(months => (60)::int + 1) - interval '1 day')::date "
        "ELSE (a.day + make_interval(months => (60)::int))::date END AS last_day FROM (SELECT "
        "contact_id, sold_on AS day FROM sales WHERE <where>) a) e) m) i GROUP BY contact_id, island) r "
        "CROSS JOIN (SELECT 1 AS k UNION ALL SELECT -1) b UNION ALL SELECT r.contact_id AS contact_id, "
        "CASE WHEN b.k = 1 THEN CASE WHEN r.starts_on > v.starts_on THEN r.starts_on ELSE v.starts_on "
        "END ELSE CASE WHEN r.ends_on < v.ends_on THEN r.ends_on ELSE v.ends_on END END AS day, 0 AS "
        "active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, 0 AS service_margin, 0 AS recent, b.k "
        "AS serviced, 0 AS margin_12 FROM (SELECT contact_id, MIN(day) AS starts_on, MAX(last_day) AS "
        "ends_on FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id ORDER "
        "BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, last_day, "
        "CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS "
        "BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT "
        "a.contact_id, a.day, CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN (date_trunc('month', "
        "a.day) + make_interval(months => (60)::int + 1) - interval '1 day')::date ELSE (a.day + "
        "make_interval(months => (60)::int))::date END AS last_day FROM (SELECT contact_id, sold_on AS "
        "day FROM sales WHERE <where>) a) e) m) i GROUP BY contact_id, island) r JOIN (SELECT "
        "contact_id, MIN(day) AS starts_on, MAX(last_day) AS ends_on FROM (SELECT contact_id, day, "
        "last_day, SUM(fresh) OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS UNBOUNDED "
        "PRECEDING) AS island FROM (SELECT contact_id, day, last_day, CASE WHEN day <= MAX(last_day) "
        "OVER (PARTITION BY contact_id ORDER BY day, last_day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 "
        "PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT a.contact_id, a.day, CASE WHEN extract(day "
        "FROM (a.day + 1)) = 1 THEN (date_trunc('month', a.day) + make_interval(months => (12)::int + 1) "
        "- interval '1 day')::date ELSE (a.day + make_interval(months => (12)::int))::date END AS "
        "last_day FROM (SELECT contact_id, visited_on AS day FROM service_visits WHERE contact_id IS NOT "
        "NULL AND <where>) a) e) m) i GROUP BY contact_id, island) v ON v.contact_id = r.contact_id AND "
        "r.starts_on < v.ends_on AND v.starts_on < r.ends_on CROSS JOIN (SELECT 1 AS k UNION ALL SELECT "
        "-1) b UNION ALL SELECT h.contact_id AS contact_id, CASE WHEN b.k = 1 THEN h.day ELSE CASE WHEN "
        "extract(day FROM (h.day + 1)) = 1 THEN (date_trunc('month', h.day) + make_interval(months => "
        "(12)::int + 1) - interval '1 day')::date ELSE (h.day + make_interval(months => "
        "(12)::int))::date END END AS day, 0 AS active, 0 AS buyers, 0 AS repeaters, 0 AS sales_margin, "
        "0 AS service_margin, 0 AS recent, 0 AS serviced, b.k * COALESCE(h.margin, 0) AS margin_12 FROM "
        "(SELECT contact_id, sold_on AS day, margin, 1 AS sale FROM sales WHERE <where> UNION ALL SELECT "
        "contact_id, visited_on, margin, 0 FROM service_visits WHERE contact_id IS NOT NULL AND <where>) "
        "h CROSS JOIN (SELECT 1 AS k UNION ALL SELECT -1) b WHERE NOT EXISTS (SELECT 1 FROM contacts lc "
        "WHERE lc.id = h.contact_id AND lc.lifecycle = 'lost')) s GROUP BY contact_id, day",
        "INSERT INTO kpi_activity_days (day, active, buyers, repeaters, sales_margin, service_margin, "
        "recent, serviced, margin_12) SELECT day, SUM(active), SUM(buyers), SUM(repeaters), "
        "SUM(sales_margin), SUM(service_margin), SUM(recent), SUM(serviced), SUM(margin_12) FROM "
        "kpi_activity_steps WHERE <where> GROUP BY day ON CONFLICT (day) DO UPDATE SET active = "
        "kpi_activity_days.active + excluded.active, buyers = kpi_activity_days.buyers + "
        "excluded.buyers, repeaters = kpi_activity_days.repeaters + excluded.repeaters, sales_margin = "
        "kpi_activity_days.sales_margin + excluded.sales_margin, service_margin = "
        "kpi_activity_days.service_margin + excluded.service_margin, recent = kpi_activity_days.recent + "
        "excluded.recent, serviced = kpi_activity_days.serviced + excluded.serviced, margin_12 = "
        "kpi_activity_days.margin_12 + excluded.margin_12",
    ],
}

# The window set to <value>: every span again (0011); then every step and per-day sum (0014: `fill`).
WINDOW = {
    "sqlite": [
        "DELETE FROM kpi_activity_state",
        "INSERT INTO kpi_activity_state (id, window_months) VALUES (1, <value>)",
        "DELETE FROM kpi_activity_spans",
        "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
        "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id "
        "ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, "
        "last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT "
        "a.contact_id, a.day, CASE WHEN strftime('%d', a.day, '+1 day') = '01' OR CAST(strftime('%d', "
        "a.day) AS INTEGER) > CAST(strftime('%d', date(a.day, 'start of month', '+' || (st.window_months "
        "+ 1) || ' months', '-1 day')) AS INTEGER) THEN date(a.day, 'start of month', '+' || "
        "(st.window_months + 1) || ' months', '-1 day') ELSE date(a.day, '+' || st.window_months || ' "
        "months') END AS last_day FROM (SELECT contact_id, sold_on AS day FROM sales WHERE 1 = 1 UNION "
        "ALL SELECT contact_id, visited_on FROM service_visits WHERE contact_id IS NOT NULL AND 1 = 1) a "
        "CROSS JOIN kpi_activity_state st WHERE st.id = 1) e) m) i GROUP BY contact_id, island",
    ],
    "postgresql": [
        "DELETE FROM kpi_activity_state",
        "INSERT INTO kpi_activity_state (id, window_months) VALUES (1, <value>)",
        "DELETE FROM kpi_activity_spans",
        "INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
        "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id "
        "ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, "
        "last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT "
        "a.contact_id, a.day, CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN (date_trunc('month', "
        "a.day) + make_interval(months => (st.window_months)::int + 1) - interval '1 day')::date ELSE "
        "(a.day + make_interval(months => (st.window_months)::int))::date END AS last_day FROM (SELECT "
        "contact_id, sold_on AS day FROM sales WHERE 1 = 1 UNION ALL SELECT contact_id, visited_on FROM "
        "service_visits WHERE contact_id IS NOT NULL AND 1 = 1) a CROSS JOIN kpi_activity_state st WHERE "
        "st.id = 1) e) m) i GROUP BY contact_id, island",
    ],
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

# PostgreSQL: revision 0013's functions, for the downgrade.
PG_0013 = [
    "CREATE OR REPLACE FUNCTION kpi_refresh_contacts(ids integer[]) RETURNS void LANGUAGE plpgsql AS "
    "$$\n"
    "BEGIN\n"
    "  IF cardinality(ids) = 0 THEN RETURN; END IF;\n"
    "  PERFORM pg_advisory_xact_lock(16011, 0);\n"
    "  DELETE FROM kpi_activity_spans WHERE contact_id IN (SELECT unnest(ids));\n"
    "  INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
    "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id "
    "ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, "
    "last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day "
    "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT "
    "a.contact_id, a.day, CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN (date_trunc('month', "
    "a.day) + make_interval(months => (st.window_months)::int + 1) - interval '1 day')::date ELSE "
    "(a.day + make_interval(months => (st.window_months)::int))::date END AS last_day FROM (SELECT "
    "contact_id, sold_on AS day FROM sales WHERE contact_id IN (SELECT unnest(ids)) UNION ALL SELECT "
    "contact_id, visited_on FROM service_visits WHERE contact_id IS NOT NULL AND contact_id IN "
    "(SELECT unnest(ids))) a CROSS JOIN kpi_activity_state st WHERE st.id = 1) e) m) i GROUP BY "
    "contact_id, island;\n"
    "  DELETE FROM kpi_customers WHERE contact_id IN (SELECT unnest(ids));\n"
    "  INSERT INTO kpi_customers (contact_id, sales, last_sale_on, last_visit_on, last_day, "
    "sales_margin, service_margin) SELECT contact_id, SUM(sale), MAX(CASE WHEN sale = 1 THEN day "
    "END), MAX(CASE WHEN sale = 0 THEN day END), MAX(day), SUM(CASE WHEN sale = 1 THEN margin ELSE 0 "
    "END), SUM(CASE WHEN sale = 0 THEN margin ELSE 0 END) FROM (SELECT contact_id, sold_on AS day, "
    "margin, 1 AS sale FROM sales WHERE contact_id IN (SELECT unnest(ids)) UNION ALL SELECT "
    "contact_id, visited_on, margin, 0 FROM service_visits WHERE contact_id IS NOT NULL AND "
    "contact_id IN (SELECT unnest(ids))) h GROUP BY contact_id;\n"
    "END $$",
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
    "  DELETE FROM kpi_activity_state;\n"
    "  INSERT INTO kpi_activity_state (id, window_months) VALUES (1, w);\n"
    "  DELETE FROM kpi_activity_spans;\n"
    "  INSERT INTO kpi_activity_spans (contact_id, starts_on, ends_on) SELECT contact_id, MIN(day), "
    "MAX(last_day) FROM (SELECT contact_id, day, last_day, SUM(fresh) OVER (PARTITION BY contact_id "
    "ORDER BY day, last_day ROWS UNBOUNDED PRECEDING) AS island FROM (SELECT contact_id, day, "
    "last_day, CASE WHEN day <= MAX(last_day) OVER (PARTITION BY contact_id ORDER BY day, last_day "
    "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh FROM (SELECT "
    "a.contact_id, a.day, CASE WHEN extract(day FROM (a.day + 1)) = 1 THEN (date_trunc('month', "
    "a.day) + make_interval(months => (st.window_months)::int + 1) - interval '1 day')::date ELSE "
    "(a.day + make_interval(months => (st.window_months)::int))::date END AS last_day FROM (SELECT "
    "contact_id, sold_on AS day FROM sales WHERE 1 = 1 UNION ALL SELECT contact_id, visited_on FROM "
    "service_visits WHERE contact_id IS NOT NULL AND 1 = 1) a CROSS JOIN kpi_activity_state st WHERE "
    "st.id = 1) e) m) i GROUP BY contact_id, island;\n"
    "  RETURN NULL;\n"
    "END $$",
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
            *PG_0013,
        ]
    else:
        ddl = ["DROP TRIGGER IF EXISTS kpi_contacts_lost", *sqlite_drop_triggers(), *sqlite_triggers(False)]
    tables = ["DROP TABLE IF EXISTS kpi_activity_days", "DROP TABLE IF EXISTS kpi_activity_steps"]
    return [*ddl, "DROP INDEX IF EXISTS ix_claims_finished", *tables]


def downgrade() -> None:
    for statement in drop(op.get_bind().dialect.name):
        op.execute(statement)
