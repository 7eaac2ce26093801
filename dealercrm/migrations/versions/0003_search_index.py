"""search index: FTS5 full-text indexes over contacts, vehicles and claims

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:00:00

Each index is an external-content FTS5 table `<table>_fts` with sync triggers, created and filled
from the rows already there by dealercrm.db.fts (sqlite-utils), inside Alembic's transaction. The
indexed columns and the tokenizer are written out here so that this revision keeps doing what it did
when dealercrm.db.fts.INDEXES changes. Other dialects: nothing to do (dealercrm.db.fts decides).
"""

from collections.abc import Sequence

from alembic import op

from dealercrm.db import fts

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "unicode61 remove_diacritics 2"
INDEXED_COLUMNS: dict[str, tuple[str, ...]] = {
    "contacts": (
        "first_name",
        "last_name",
        "company_name",
        "email",
        "city",
        "postal_code",
        "search_phones",
    ),
    "vehicles": ("vin", "plate", "plate_compact", "make", "model"),
    "claims": ("description",),
}


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in INDEXED_COLUMNS.items():
        fts.create_index(bind, table=table, columns=columns, tokenize=TOKENIZE, replace=True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in INDEXED_COLUMNS:
        fts.drop_index(bind, table=table)
