"""What happens with a contact: interactions (the timeline) and tasks / appointments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dealercrm.models.base import Base, Timestamped, enum_column
from dealercrm.models.enums import CallOutcome, Direction, InteractionType, TaskKind
from dealercrm.models.people import Contact, User
from dealercrm.models.types import Money, utcnow


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_contact_time", "contact_id", "occurred_at"),
        Index("ix_interactions_user_time", "user_id", "occurred_at"),
        Index("ix_interactions_type_time", "type", "occurred_at"),
        Index("ix_interactions_campaign", "campaign_id", "contact_id"),
        # KPIs: calls and test drives of a period per user; the funnel's evidence per opportunity.
        Index("ix_interactions_type_user_time", "type", "user_id", "occurred_at"),
        Index("ix_interactions_opportunity", "opportunity_id", "contact_id", "type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    type: Mapped[InteractionType] = mapped_column(enum_column(InteractionType, "interaction_type"))
    direction: Mapped[Direction] = mapped_column(
        enum_column(Direction, "direction"), default=Direction.OUTBOUND
    )
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    outcome: Mapped[CallOutcome | None] = mapped_column(enum_column(CallOutcome, "interaction_outcome"))
    duration_seconds: Mapped[int | None]
    amount: Mapped[Decimal | None] = mapped_column(Money)  # a quote's amount
    summary: Mapped[str | None] = mapped_column(Text)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id", ondelete="SET NULL"))

    contact: Mapped[Contact] = relationship()
    user: Mapped[User | None] = relationship()


class Task(Timestamped, Base):
    """A call back, appointment, test drive, delivery or follow-up, due at a time, done or not."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_user_open_due", "user_id", "done_at", "due_at"),
        Index("ix_tasks_contact", "contact_id", "due_at"),
        Index("ix_tasks_opportunity", "opportunity_id", "due_at"),  # a board's next steps (0024)
        Index("ix_tasks_kind_due", "kind", "due_at", "user_id"),  # KPIs: appointments of a period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[TaskKind] = mapped_column(enum_column(TaskKind, "task_kind"))
    title: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[dt.datetime]
    duration_minutes: Mapped[int] = mapped_column(default=30)
    location: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[dt.datetime | None]
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id", ondelete="SET NULL"))

    contact: Mapped[Contact | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
