"""kpi indexes: covering indexes for the dashboard's key figures

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:00:00

Indexes only (no data change), declared in the models' __table_args__ too:
- sales / service_visits (contact, day, margin): churn, loyalty and lifetime value read each
  customer's history in contact order, merged, without touching the tables;
- interactions (type, user, time): calls and test drives of a period per user, already grouped;
- interactions (opportunity, contact, type): the funnel's evidence, one probe per opportunity;
- opportunities (stage, closed time, owner, contact): opportunities won / lost in a period;
- tasks (kind, due time, user): appointments of a period;
- contacts (lifecycle, erased, score, owner): score distribution of the open prospects;
- claims (resolved time): claims resolved in a period (with ix_claims_opened, an OR of two ranges).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_sales_contact_day_margin", "sales", ["contact_id", "sold_on", "margin"]),
    ("ix_service_visits_contact_day_margin", "service_visits", ["contact_id", "visited_on", "margin"]),
    ("ix_interactions_type_user_time", "interactions", ["type", "user_id", "occurred_at"]),
    ("ix_interactions_opportunity", "interactions", ["opportunity_id", "contact_id", "type"]),
    ("ix_opportunities_stage_closed", "opportunities", ["stage", "closed_at", "owner_id", "contact_id"]),
    ("ix_tasks_kind_due", "tasks", ["kind", "due_at", "user_id"]),
    ("ix_contacts_lifecycle_score", "contacts", ["lifecycle", "erased_at", "score", "owner_id"]),
    ("ix_claims_resolved", "claims", ["resolved_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
