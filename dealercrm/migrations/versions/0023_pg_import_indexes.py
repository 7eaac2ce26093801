"""pg import indexes: the contacts' (company_name, id) index, which no statement reads any more, dropped
on PostgreSQL

Revision ID: 0023_pg_import_indexes
Revises: 0022_kpi_cohorts
Create Date: 2026-12-06 22:30:00

Every contact written (an import above all: COPY of thousands of rows) updates every index of
`contacts`. Revision 0008 gave PostgreSQL `ix_contacts_company_id` (company_name NULLS FIRST, id NULLS
FIRST) for the contacts list's companies in name order; 0012 gave that stream the partial
`ix_contacts_companies_only` (same keys, `WHERE last_name IS NULL`), which every plan of it reads since.
Checked with EXPLAIN on the 100k dataset (1,077 distinct statements: the contacts list under every sort
key, both directions, first and next page and counts, unfiltered and with each filter (lifecycle, owner,
unassigned, source, score band, unscored, quiet days, name prefix and their combinations), salesperson
and manager; segment counts; the dashboard's month and year): no plan changes without the index, and
no statement of the list, search, workspace or dashboard benchmarks scanned it (pg_stat_user_indexes).

Kept, although they look redundant: `ix_contacts_created` (a count of the contacts created within a
year, and the cohort's contacts of a year in (created_at, id) order, took 4 times as long without it:
the planner reads neither twin the same way), `ix_contacts_kpi` (a salesperson's dashboard reads the
contacts of its period by owner), `ix_contacts_score` and `ix_contacts_lifecycle_score` (the list
filtered on a score band, with or without a lifecycle, took up to 5 times as long without them).

PostgreSQL only: SQLite never had the index (0008 made it for PostgreSQL alone). Frozen DDL.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023_pg_import_indexes"
down_revision: str | Sequence[str] | None = "0022_kpi_cohorts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _on_postgresql("DROP INDEX IF EXISTS ix_contacts_company_id")


def downgrade() -> None:
    _on_postgresql(
        "CREATE INDEX IF NOT EXISTS ix_contacts_company_id ON contacts "
        "(company_name ASC NULLS FIRST, id ASC NULLS FIRST)"
    )


def _on_postgresql(statement: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(statement)
