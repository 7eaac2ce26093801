"""change feed: what each committed transaction changed, for the other workstations' live refresh

Revision ID: 0010_change_feed
Revises: 0009_purchase_model
Create Date: 2026-12-06 01:20:00

One compact row per committed transaction that changed business rows (`db/changes.py` writes it in the
same transaction); the other processes read the rows newer than the last they saw when PostgreSQL's
NOTIFY or SQLite's `data_version` tells them something was committed. Rows older than a day are pruned.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_change_feed"
down_revision: str | Sequence[str] | None = "0009_purchase_model"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("origin", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index("ix_change_log_at", "change_log", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_change_log_at", table_name="change_log")
    op.drop_table("change_log")
