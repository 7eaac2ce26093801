"""contact last contact: indexes for the contacts list sorted by last contact or by city

Revision ID: 0008_contact_last_contact
Revises: 0007
Create Date: 2026-12-06 01:30:00

Indexes only, declared in the models' __table_args__ too. No backfill: `contacts.last_contact_at` exists
since 0001 and every write path that records an interaction already moves it (interactions, sales,
phoning and messaging services, duplicates merge, the importer's history columns, the demo generator).

- contacts (last_contact_at, id) and contacts (coalesce(city, ''), id): the list pages by (key, id) and
  walks the index in order instead of sorting every visible contact for each page. On PostgreSQL both
  columns are NULLS FIRST, the list's order on every database (dealercrm.services.contacts._sql_order),
  so that the index is read forwards (ascending) or backwards (descending, NULLS LAST).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_contact_last_contact"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_contacts_last_contact ON contacts "
            "(last_contact_at ASC NULLS FIRST, id ASC NULLS FIRST)"
        )
        op.execute(
            "CREATE INDEX ix_contacts_city_key ON contacts "
            "((coalesce(city, '')) ASC NULLS FIRST, id ASC NULLS FIRST)"
        )
    else:
        op.create_index("ix_contacts_last_contact", "contacts", ["last_contact_at", "id"], unique=False)
        op.create_index(
            "ix_contacts_city_key", "contacts", [sa.text("coalesce(city, '')"), "id"], unique=False
        )


def downgrade() -> None:
    op.drop_index("ix_contacts_city_key", table_name="contacts")
    op.drop_index("ix_contacts_last_contact", table_name="contacts")
