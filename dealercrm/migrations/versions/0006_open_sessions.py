"""open sessions: which copies of the app have the database open, for operations that must be alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 22:00:00

Restore, upgrade and an erasure's compaction wait for the people still working and name them when they
do not leave; each running app records itself here and refreshes `seen_at` every minute.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "open_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("workstation", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_sessions")),
    )


def downgrade() -> None:
    op.drop_table("open_sessions")
