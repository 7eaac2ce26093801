"""pg import indexes: two contacts indexes that their NULLS FIRST twins cover, dropped on PostgreSQL

Revision ID: 0019_pg_import_indexes
Revises: 0018_pg_search
Create Date: 2026-12-06 10:00:00

Every contact written (an import above all: COPY of thousands of rows) updates every index of
`contacts`. Revision 0008 gave PostgreSQL the list's sort keys in the list's order, (last_name NULLS
FIRST, first_name NULLS FIRST, id NULLS FIRST) and (company_name NULLS FIRST, id NULLS FIRST); the
older `ix_contacts_name` (last_name, first_name) and `ix_contacts_company` (company_name) of 0001 hold
the same keys less the id, so every plan that read them reads the twins instead: checked with EXPLAIN
on the 100k dataset for the contacts list (every order, both directions, first and next page, with and
without filters, salesperson and manager), its counts, the searches and the dashboard's month and year
statements (same plan shapes, the twin's name in place of the old index).

Kept: `ix_contacts_created` and `ix_contacts_score`, although their twins hold the same keys too: the
dashboard's year statements over `created_at` went from an index scan to a sequential scan without the
former (130 -> 205 ms), and the list filtered on a minimum score lost a BitmapAnd without the latter.

PostgreSQL only: SQLite's list walks `ix_contacts_name` and `ix_contacts_company` by name (INDEXED BY,
services/contacts.py), and has no twins. The models keep declaring both indexes for SQLite. Frozen DDL.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019_pg_import_indexes"
down_revision: str | Sequence[str] | None = "0018_pg_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_contacts_name")
    op.execute("DROP INDEX IF EXISTS ix_contacts_company")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_contacts_name ON contacts (last_name, first_name)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_contacts_company ON contacts (company_name)")
