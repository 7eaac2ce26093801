"""task deal index: the open tasks of a page of deals found through their deal, not by reading every task

Revision ID: 0024_task_deal_index
Revises: 0023_pg_import_indexes
Create Date: 2026-12-07 05:30:00

The pipeline board shows each open deal's next step: its own first open task, else its contact's
(`PipelineService._with_next_tasks`, one statement per column of up to 60 deals: `done_at IS NULL AND
(opportunity_id IN (...) OR contact_id IN (...))`). `tasks` had an index by contact, none by deal, so
SQLite read every task (162,000 at 100k contacts) for each of the six open columns: 22 ms a column, 130
ms a board. With `ix_tasks_opportunity` both halves of the OR are index searches (0.6 ms). It also serves
the deal's own tasks and the `ON DELETE SET NULL` of a deleted deal. Declared in the model too; both
databases.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024_task_deal_index"
down_revision: str | Sequence[str] | None = "0023_pg_import_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_tasks_opportunity", "tasks", ["opportunity_id", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tasks_opportunity", table_name="tasks")
