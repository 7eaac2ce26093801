"""pg list order: the contacts list's companies, by name, walked from an index of their own on PostgreSQL

Revision ID: 0012_pg_list_order
Revises: 0011_kpi_activity_spans
Create Date: 2026-12-06 04:30:00

The list sorted by name pages persons and companies in two statements (services/contacts.py). The
companies' one filters on `last_name IS NULL` and sorts by (company_name, id): the only company index
also holds every person who works for a company, so PostgreSQL fetched every row with a company name
(14,000 at 100k contacts) and sorted them for each page (385 ms). A partial index of the companies alone,
in the list's order (NULLS FIRST, read backwards when descending), lets it stop after the page.

PostgreSQL only: SQLite walks ix_contacts_company in order already (its statement keeps the filter
opaque). Frozen DDL.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_pg_list_order"
down_revision: str | Sequence[str] | None = "0011_kpi_activity_spans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX ix_contacts_companies_only ON contacts "
        "(company_name ASC NULLS FIRST, id ASC NULLS FIRST) WHERE last_name IS NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_contacts_companies_only")
