"""Vehicles (stock and customer-owned), opportunities, sales and service visits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dealercrm.models.base import Base, Timestamped, enum_column
from dealercrm.models.enums import (
    BodyType,
    Financing,
    Fuel,
    ServiceKind,
    SourceChannel,
    Stage,
    StockStatus,
    VehicleCondition,
)
from dealercrm.models.people import Contact, User
from dealercrm.models.search_terms import compact_plate
from dealercrm.models.types import Money, utcnow


class Vehicle(Timestamped, Base):
    __tablename__ = "vehicles"
    __table_args__ = (
        Index("ix_vehicles_vin", "vin", unique=True),
        Index("ix_vehicles_plate", "plate"),
        Index("ix_vehicles_plate_compact", "plate_compact"),
        Index("ix_vehicles_status", "stock_status", "condition"),
        Index("ix_vehicles_make_model", "make", "model"),
        Index("ix_vehicles_owner", "owner_contact_id"),
        CheckConstraint("vin IS NULL OR length(vin) = 17", name="vin_length"),
        CheckConstraint("mileage_km IS NULL OR mileage_km >= 0", name="mileage_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vin: Mapped[str | None] = mapped_column(String(17))
    plate: Mapped[str | None] = mapped_column(String(12))  # normalised, e.g. AB-123-CD
    plate_compact: Mapped[str | None] = mapped_column(String(12))  # AB123CD, derived, for search
    make: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(60))
    version: Mapped[str | None] = mapped_column(String(120))
    body: Mapped[BodyType | None] = mapped_column(enum_column(BodyType, "vehicle_body"))
    fuel: Mapped[Fuel | None] = mapped_column(enum_column(Fuel, "vehicle_fuel"))
    color: Mapped[str | None] = mapped_column(String(40))
    first_registration_on: Mapped[dt.date | None]
    mileage_km: Mapped[int | None]
    condition: Mapped[VehicleCondition] = mapped_column(enum_column(VehicleCondition, "vehicle_condition"))
    stock_status: Mapped[StockStatus] = mapped_column(enum_column(StockStatus, "stock_status"))
    in_stock_since: Mapped[dt.date | None]
    purchase_cost: Mapped[Decimal | None] = mapped_column(Money)
    list_price: Mapped[Decimal | None] = mapped_column(Money)
    condition_notes: Mapped[str | None] = mapped_column(Text)
    owner_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    reserved_for_opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL", use_alter=True)
    )
    lock_version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[Contact | None] = relationship(foreign_keys=[owner_contact_id])

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.make, self.model, self.plate or self.vin) if p)


@event.listens_for(Vehicle, "before_insert")
@event.listens_for(Vehicle, "before_update")
def _derive_search_columns(_mapper: Any, _connection: Any, vehicle: Vehicle) -> None:
    vehicle.plate_compact = compact_plate(vehicle.plate)


class Opportunity(Timestamped, Base):
    """A deal in the pipeline: one contact, one car wanted or offered."""

    __tablename__ = "opportunities"
    __table_args__ = (
        Index("ix_opportunities_owner_stage", "owner_id", "stage"),
        Index("ix_opportunities_contact", "contact_id"),
        Index("ix_opportunities_stage_close", "stage", "expected_close_on"),
        Index("ix_opportunities_closed", "closed_at"),
        # KPIs: opportunities won / lost in a period (covering, with the owner and contact).
        Index("ix_opportunities_stage_closed", "stage", "closed_at", "owner_id", "contact_id"),
        CheckConstraint("stage <> 'lost' OR lost_reason IS NOT NULL", name="lost_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id", ondelete="SET NULL"))
    wanted_model: Mapped[str | None] = mapped_column(String(80))
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "stage"), default=Stage.NEW_LEAD)
    stage_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    expected_close_on: Mapped[dt.date | None]
    closed_at: Mapped[dt.datetime | None]
    lost_reason: Mapped[str | None] = mapped_column(String(200))
    source_channel: Mapped[SourceChannel] = mapped_column(
        enum_column(SourceChannel, "opportunity_source"), default=SourceChannel.OTHER
    )
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    lock_version: Mapped[int] = mapped_column(default=1)

    contact: Mapped[Contact] = relationship()
    owner: Mapped[User | None] = relationship()
    vehicle: Mapped[Vehicle | None] = relationship(foreign_keys=[vehicle_id])

    __mapper_args__ = {"version_id_col": lock_version}


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        Index("ix_sales_sold_on", "sold_on"),
        Index("ix_sales_contact", "contact_id", "sold_on"),
        Index("ix_sales_salesperson", "salesperson_id", "sold_on"),
        Index("ix_sales_vehicle", "vehicle_id"),
        Index("ix_sales_financing_end", "financing_end_on"),
        Index("ix_sales_warranty_end", "warranty_end_on"),
        # KPIs (churn, loyalty, CLV): each customer's sales read in order, without the table.
        Index("ix_sales_contact_day_margin", "contact_id", "sold_on", "margin"),
        CheckConstraint("price >= 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="RESTRICT"))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id", ondelete="RESTRICT"))
    salesperson_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sold_on: Mapped[dt.date]
    price: Mapped[Decimal] = mapped_column(Money)
    cost: Mapped[Decimal] = mapped_column(Money)
    # price - cost, stored so that every margin aggregate is one SUM(); the sales service keeps it true.
    margin: Mapped[Decimal] = mapped_column(Money)
    financing: Mapped[Financing] = mapped_column(enum_column(Financing, "financing"), default=Financing.CASH)
    financing_months: Mapped[int | None]
    financing_end_on: Mapped[dt.date | None]
    warranty_end_on: Mapped[dt.date | None]
    trade_in_vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id", ondelete="SET NULL"))
    trade_in_value: Mapped[Decimal | None] = mapped_column(Money)
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id", ondelete="SET NULL"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship()
    vehicle: Mapped[Vehicle] = relationship(foreign_keys=[vehicle_id])
    salesperson: Mapped[User | None] = relationship()


class ServiceVisit(Base):
    """Maintenance, contrôle technique or repair of a vehicle at the workshop."""

    __tablename__ = "service_visits"
    __table_args__ = (
        Index("ix_service_visits_vehicle", "vehicle_id", "visited_on"),
        Index("ix_service_visits_contact", "contact_id", "visited_on"),
        Index("ix_service_visits_visited_on", "visited_on"),
        # KPIs (churn, loyalty, CLV): each customer's visits read in order, without the table.
        Index("ix_service_visits_contact_day_margin", "contact_id", "visited_on", "margin"),
        # The dashboard's visits of a period, from the index alone (migration 0016).
        Index("ix_service_visits_kpi", "visited_on", "amount", "margin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    visited_on: Mapped[dt.date]
    kind: Mapped[ServiceKind] = mapped_column(enum_column(ServiceKind, "service_kind"))
    mileage_km: Mapped[int | None]
    amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    margin: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    vehicle: Mapped[Vehicle] = relationship()
