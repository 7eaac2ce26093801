"""Campaigns and their targets, marketing spend, objectives, segments, suppression and Bloctel lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dealercrm.models.base import Base, Timestamped, enum_column
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    ObjectiveMetric,
    SourceChannel,
    SpendChannel,
    TargetStatus,
)
from dealercrm.models.people import User
from dealercrm.models.types import Money, utcnow


class Segment(Timestamped, Base):
    """A saved filter over contacts, reused by the contacts list, campaigns and reports."""

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    shared: Mapped[bool] = mapped_column(default=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str | None] = mapped_column(Text)


class Campaign(Timestamped, Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        Index("ix_campaigns_period", "starts_on", "ends_on"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[CampaignKind] = mapped_column(enum_column(CampaignKind, "campaign_kind"))
    objective: Mapped[CampaignObjective] = mapped_column(enum_column(CampaignObjective, "campaign_objective"))
    status: Mapped[CampaignStatus] = mapped_column(
        enum_column(CampaignStatus, "campaign_status"), default=CampaignStatus.DRAFT
    )
    # The acquisition channel its cost is booked to for CAC (usually "campaign").
    channel: Mapped[SourceChannel] = mapped_column(
        enum_column(SourceChannel, "campaign_channel"), default=SourceChannel.CAMPAIGN
    )
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id", ondelete="SET NULL"))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cost: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    script: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    frozen_at: Mapped[dt.datetime | None]

    owner: Mapped[User | None] = relationship()
    cost_lines: Mapped[list[CampaignCostLine]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan"
    )


class CampaignCostLine(Base):
    __tablename__ = "campaign_cost_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(160))
    amount: Mapped[Decimal] = mapped_column(Money)

    campaign: Mapped[Campaign] = relationship(back_populates="cost_lines")


class CampaignTarget(Base):
    """One contact in a campaign's frozen list, with who calls them and how it went."""

    __tablename__ = "campaign_targets"
    __table_args__ = (
        UniqueConstraint("campaign_id", "contact_id"),
        Index("ix_campaign_targets_assignee", "campaign_id", "assigned_user_id", "status"),
        Index("ix_campaign_targets_contact", "contact_id"),
        Index("ix_campaign_targets_callback", "assigned_user_id", "callback_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    assigned_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[TargetStatus] = mapped_column(
        enum_column(TargetStatus, "target_status"), default=TargetStatus.PENDING
    )
    excluded_reason: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    last_outcome: Mapped[CallOutcome | None] = mapped_column(enum_column(CallOutcome, "target_outcome"))
    last_attempt_at: Mapped[dt.datetime | None]
    reached_at: Mapped[dt.datetime | None]
    callback_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(200))


class MarketingSpend(Base):
    __tablename__ = "marketing_spend"
    __table_args__ = (UniqueConstraint("channel", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[SpendChannel] = mapped_column(enum_column(SpendChannel, "spend_channel"))
    month: Mapped[dt.date]  # first day of the month
    amount: Mapped[Decimal] = mapped_column(Money)
    notes: Mapped[str | None] = mapped_column(String(300))


class Objective(Base):
    """A monthly target for one salesperson, or for the whole dealership when user_id is NULL."""

    __tablename__ = "objectives"
    __table_args__ = (
        UniqueConstraint("user_id", "month", "metric"),
        CheckConstraint("target >= 0", name="target_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    month: Mapped[dt.date]
    metric: Mapped[ObjectiveMetric] = mapped_column(enum_column(ObjectiveMetric, "objective_metric"))
    # Euros for margin, a count for the others; Money keeps it exact either way.
    target: Mapped[Decimal] = mapped_column(Money)


class SuppressionEntry(Base):
    """Liste repoussoir: an opted-out phone or e-mail, kept only as a SHA-256 of its normal form."""

    __tablename__ = "suppression_list"
    __table_args__ = (UniqueConstraint("kind", "value_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "phone" | "email"
    value_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BloctelEntry(Base):
    """A number from the Bloctel opposition list, stored as a SHA-256 of its E.164 form."""

    __tablename__ = "bloctel_numbers"

    number_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
