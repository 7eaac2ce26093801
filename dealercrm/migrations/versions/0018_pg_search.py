"""pg search: a covering index that the contacts search walks newest first on PostgreSQL

Revision ID: 0018_pg_search
Revises: 0017_search_names
Create Date: 2026-12-06 10:00:00

dealercrm.db.fts_pg takes the candidates of a search over many matches as the newest matches of each
tier (`ORDER BY id DESC LIMIT n`, the same rows at every call, as SQLite's FTS5 reads them). When the
matches are dense (a name prefix such as "mar", 10,000 contacts; a phone prefix "06", 67,000), the
newest ones are found by walking the ids backwards and testing each row; on the table itself each row
read is a heap page of its own (about three contacts a page), on this index about thirty. It holds what
those scans read: both search vectors, the columns of the visibility rule (owner, lifecycle, erasure)
and of the name order (last, first, company name), so that they are index-only scans (27 MB at 100k
contacts).

PostgreSQL only (SQLite's FTS5 reads its doclists in rowid order already). Frozen DDL.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018_pg_search"
down_revision: str | Sequence[str] | None = "0017_search_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX ix_contacts_search_walk ON contacts (id) INCLUDE "
        "(search_vector, search_primary, erased_at, owner_id, lifecycle, last_name, company_name, first_name)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_contacts_search_walk")
