"""After-sales complaints (claims) and the history of each one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dealercrm.models.base import Base, Timestamped, enum_column
from dealercrm.models.enums import Channel, ClaimCategory, ClaimStatus, Severity
from dealercrm.models.people import Contact, User
from dealercrm.models.types import Money, utcnow


class Claim(Timestamped, Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_status_due", "status", "due_at"),
        Index("ix_claims_assignee_status", "assignee_id", "status"),
        Index("ix_claims_contact", "contact_id"),
        Index("ix_claims_vehicle", "vehicle_id"),
        Index("ix_claims_opened", "opened_at"),
        Index("ix_claims_category", "category", "opened_at"),
        Index("ix_claims_resolved", "resolved_at"),  # KPIs: claims resolved in a period
        CheckConstraint("satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="RESTRICT"))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id", ondelete="SET NULL"))
    category: Mapped[ClaimCategory] = mapped_column(enum_column(ClaimCategory, "claim_category"))
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "severity"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "claim_channel"))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[ClaimStatus] = mapped_column(
        enum_column(ClaimStatus, "claim_status"), default=ClaimStatus.OPEN
    )
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    due_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)
    satisfaction: Mapped[int | None]
    goodwill_cost: Mapped[Decimal | None] = mapped_column(Money)
    lock_version: Mapped[int] = mapped_column(default=1)

    contact: Mapped[Contact] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    events: Mapped[list[ClaimEvent]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimEvent.at"
    )

    __mapper_args__ = {"version_id_col": lock_version}


class ClaimEvent(Base):
    """A status change or a note on a claim; reopening a claim keeps every earlier event."""

    __tablename__ = "claim_events"
    __table_args__ = (Index("ix_claim_events_claim", "claim_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[ClaimStatus | None] = mapped_column(enum_column(ClaimStatus, "claim_event_from"))
    to_status: Mapped[ClaimStatus | None] = mapped_column(enum_column(ClaimStatus, "claim_event_to"))
    note: Mapped[str | None] = mapped_column(String(2000))

    claim: Mapped[Claim] = relationship(back_populates="events")
