"""purchase model: the learnt probability of a purchase within 90 days

Revision ID: 0009_purchase_model
Revises: 0008_contact_last_contact
Create Date: 2026-12-06 01:20:00

`purchase_models` keeps every training run (coefficients, feature means and scales, the honest test
figures and the reliability diagram) as data, not as a pickle; `purchase_probabilities` holds each
contact's latest probability (indexed, so the list can sort and filter on it). A table of its own rather
than a column of contacts: rescoring everyone must not rewrite every contact row, which would also
re-index each one for search (SQLite's FTS triggers, PostgreSQL's generated search columns).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_purchase_model"
down_revision: str | Sequence[str] | None = "0008_contact_last_contact"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "purchase_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("usable", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("n_train", sa.Integer(), nullable=False),
        sa.Column("n_test", sa.Integer(), nullable=False),
        sa.Column("buyers_train", sa.Integer(), nullable=False),
        sa.Column("buyers_test", sa.Integer(), nullable=False),
        sa.Column("auc_model", sa.Double(), nullable=True),
        sa.Column("auc_rules", sa.Double(), nullable=True),
        sa.Column("brier", sa.Double(), nullable=True),
        sa.Column("ece", sa.Double(), nullable=True),
        sa.Column("intercept", sa.Double(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("reliability", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("trained_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_models")),
    )
    op.create_index("ix_purchase_models_trained_at", "purchase_models", ["trained_at"])
    op.create_table(
        "purchase_probabilities",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("probability", sa.Double(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("scored_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_purchase_probabilities_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_purchase_probabilities")),
    )
    op.create_index(
        "ix_purchase_probabilities_probability", "purchase_probabilities", ["probability", "contact_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_purchase_probabilities_probability", table_name="purchase_probabilities")
    op.drop_table("purchase_probabilities")
    op.drop_index("ix_purchase_models_trained_at", table_name="purchase_models")
    op.drop_table("purchase_models")
