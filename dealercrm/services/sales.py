"""Sales: recording a sale (from a won opportunity or directly), trade-in appraisals that enter used
stock, service visits, and the purchase history of a customer.

Recording a sale is one transaction: the sale row (margin = price - cost, exact, stored for SUM()s),
the vehicle becomes customer-owned by the buyer, a prospect becomes a customer, the opportunity (if
any) is won, the trade-in enters used stock at the value offered, and a note on the buyer's timeline
says what was sold. The unit of work audits every row it touches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dealercrm import i18n
from dealercrm.i18n import _
from dealercrm.models import Contact, Interaction, Opportunity, Sale, ServiceVisit, User, Vehicle, utcnow
from dealercrm.models.enums import (
    Direction,
    Financing,
    Fuel,
    InteractionType,
    Lifecycle,
    ServiceKind,
    Stage,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, flush_or_conflict, get_vehicle, row_from
from dealercrm.services.due_dates import add_months, financing_end_on
from dealercrm.services.errors import ConflictError, NotFound, ValidationError
from dealercrm.services.permissions import SEES_ALL_CONTACTS, contact_visible, require
from dealercrm.services.pipeline import deal_conflict_message
from dealercrm.services.settings import dealership_today_of
from dealercrm.services.vehicles import SEES_COSTS, VisitLine, contact_name

SELLABLE = (StockStatus.IN_STOCK, StockStatus.RESERVED)


@dataclass(frozen=True)
class TradeInInput:
    """The customer's car taken in part-exchange, as appraised."""

    make: str
    model: str
    mileage_km: int
    value_offered: Decimal
    condition_notes: str = ""
    vin: str = ""
    plate: str = ""
    version: str = ""
    fuel: Fuel | None = None
    first_registration_on: dt.date | None = None
    list_price: Decimal | None = None  # the resale price, when already set


@dataclass(frozen=True)
class SaleSummary:
    id: int
    contact_id: int
    contact_name: str
    vehicle_id: int
    vehicle_label: str
    sold_on: dt.date
    price: Decimal
    cost: Decimal
    margin: Decimal
    financing: Financing
    financing_months: int | None
    financing_end_on: dt.date | None
    warranty_end_on: dt.date | None
    trade_in_vehicle_id: int | None
    trade_in_value: Decimal | None
    contact_became_customer: bool


@dataclass(frozen=True)
class PurchaseLine:
    """One sale in a customer's purchase history (cost and margin only for roles that see costs)."""

    id: int
    sold_on: dt.date
    vehicle_id: int
    vehicle_label: str
    plate: str | None
    price: Decimal
    margin: Decimal | None
    financing: Financing
    financing_end_on: dt.date | None
    warranty_end_on: dt.date | None
    salesperson_name: str | None
    trade_in_label: str | None


def compute_margin(price: Decimal, cost: Decimal) -> Decimal:
    """Price minus cost, exact to the cent (no float ever touches money)."""
    return (Decimal(price) - Decimal(cost)).quantize(Decimal("0.01"))


class SaleService(Service):
    # Trade-in ---------------------------------------------------------------------------------
    def appraise_trade_in(
        self, *, contact_id: int, trade_in: TradeInInput, today: dt.date | None = None
    ) -> int:
        """Record the customer's car at the value offered; it enters used stock at once (in stock
        since today, purchase cost = value offered). Returns the new vehicle's id."""
        require(self._actor, "sales.record")
        today = today or dealership_today_of(self._session_factory)
        with unit_of_work(self._session_factory, self._actor) as session:
            contact = self._contact(session, contact_id)
            vehicle = self._add_trade_in(session, contact, trade_in, today)
            session.add(
                Interaction(
                    contact_id=contact.id,
                    user_id=self._user_id,
                    type=InteractionType.NOTE,
                    direction=Direction.INBOUND,
                    summary=_("Trade-in appraised: {vehicle}, {km} km, {amount} offered").format(
                        vehicle=vehicle.label,
                        km=i18n.number(trade_in.mileage_km),
                        amount=i18n.money(trade_in.value_offered, decimals=0),
                    ),
                    amount=trade_in.value_offered,
                    vehicle_id=vehicle.id,
                )
            )
            return vehicle.id

    # Sale -------------------------------------------------------------------------------------
    def record_sale(
        self,
        *,
        contact_id: int,
        vehicle_id: int,
        sold_on: dt.date,
        price: Decimal,
        cost: Decimal | None = None,
        salesperson_id: int | None = None,
        financing: Financing = Financing.CASH,
        financing_months: int | None = None,
        warranty_months: int | None = None,
        warranty_end_on: dt.date | None = None,
        trade_in: TradeInInput | None = None,
        trade_in_vehicle_id: int | None = None,
        opportunity_id: int | None = None,
        opportunity_version: int | None = None,
    ) -> SaleSummary:
        """Sell `vehicle_id` to `contact_id`. `cost` defaults to the vehicle's purchase cost; the
        financing end is `financing_months` after the sale; the warranty end is given, or
        `warranty_months` after the sale. A trade-in is either appraised here (`trade_in`) or was
        appraised before (`trade_in_vehicle_id`). `opportunity_version` is the deal's version the user saw
        (`OpportunityRow.version`): if someone saved the deal since, ConflictError says who, when and
        where it stands, and nothing is saved."""
        require(self._actor, "sales.record")
        errors: dict[str, str] = {}
        if price < 0:
            errors["price"] = _("cannot be negative")
        if financing is not Financing.CASH and not financing_months:
            errors["financing_months"] = _("say over how many months")
        if financing_months is not None and not 1 <= financing_months <= 120:
            errors["financing_months"] = _("between 1 and 120 months")
        if warranty_months is not None and warranty_months < 0:
            errors["warranty_months"] = _("cannot be negative")
        if trade_in is not None:
            if trade_in.value_offered < 0:
                errors["trade_in_value"] = _("cannot be negative")
            if trade_in.mileage_km < 0:
                errors["trade_in_mileage"] = _("cannot be negative")
        with unit_of_work(self._session_factory, self._actor) as session:
            contact = self._contact(session, contact_id)
            vehicle = get_vehicle(session, vehicle_id)
            opportunity = session.get(Opportunity, opportunity_id) if opportunity_id is not None else None
            if opportunity_id is not None and opportunity is None:
                raise NotFound(_("No opportunity #{opportunity_id}.").format(opportunity_id=opportunity_id))
            if opportunity is not None and opportunity.contact_id != contact_id:
                errors["opportunity"] = _("this opportunity is another contact's")
            if (
                opportunity is not None
                and opportunity_version is not None
                and opportunity.lock_version != opportunity_version
            ):
                raise ConflictError(deal_conflict_message(session, opportunity, opportunity_version))
            if vehicle.stock_status not in SELLABLE:
                errors["vehicle"] = _("this vehicle is not in stock")
            elif (
                vehicle.stock_status is StockStatus.RESERVED
                and vehicle.reserved_for_opportunity_id is not None
                and vehicle.reserved_for_opportunity_id != opportunity_id
            ):
                errors["vehicle"] = _("reserved for opportunity #{reserved_for_opportunity_id}").format(
                    reserved_for_opportunity_id=vehicle.reserved_for_opportunity_id
                )
            if cost is None:
                cost = vehicle.purchase_cost
                if cost is None:
                    errors["cost"] = _("the vehicle has no purchase cost: give the cost")
            elif cost < 0:
                errors["cost"] = _("cannot be negative")
            if errors:
                raise ValidationError(errors)
            assert cost is not None
            traded: Vehicle | None = None
            if trade_in is not None:
                traded = self._add_trade_in(session, contact, trade_in, sold_on)
            elif trade_in_vehicle_id is not None:
                traded = session.get(Vehicle, trade_in_vehicle_id)
                if traded is None:
                    raise NotFound(
                        _("No vehicle #{trade_in_vehicle_id}.").format(
                            trade_in_vehicle_id=trade_in_vehicle_id
                        )
                    )
            was_prospect = contact.lifecycle is not Lifecycle.CUSTOMER
            financing_end = financing_end_on(sold_on, financing, financing_months)
            warranty_end = warranty_end_on
            if warranty_end is None and warranty_months:
                warranty_end = add_months(sold_on, warranty_months)
            margin = compute_margin(price, cost)
            sale = Sale(
                contact_id=contact.id,
                vehicle_id=vehicle.id,
                salesperson_id=salesperson_id or self._user_id,
                sold_on=sold_on,
                price=price,
                cost=cost,
                margin=margin,
                financing=financing,
                financing_months=financing_months if financing is not Financing.CASH else None,
                financing_end_on=financing_end,
                warranty_end_on=warranty_end,
                trade_in_vehicle_id=traded.id if traded is not None else None,
                trade_in_value=traded.purchase_cost if traded is not None else None,
                opportunity_id=opportunity_id,
                campaign_id=opportunity.campaign_id if opportunity is not None else None,
            )
            session.add(sale)
            vehicle.stock_status = StockStatus.CUSTOMER_OWNED
            vehicle.owner_contact_id = contact.id
            vehicle.reserved_for_opportunity_id = None
            if was_prospect:
                contact.lifecycle = Lifecycle.CUSTOMER
                contact.lost_reason = None
            now = utcnow()
            contact.last_contact_at = now
            if opportunity is not None and opportunity.stage is not Stage.WON:
                opportunity.stage = Stage.WON
                opportunity.stage_changed_at = now
                opportunity.closed_at = now
                opportunity.lost_reason = None
                opportunity.amount = price
                opportunity.vehicle_id = vehicle.id
            session.add(
                Interaction(
                    contact_id=contact.id,
                    user_id=self._user_id,
                    type=InteractionType.NOTE,
                    direction=Direction.OUTBOUND,
                    occurred_at=now,
                    summary=_sale_summary(vehicle, price, financing, financing_months, traded),
                    amount=price,
                    opportunity_id=opportunity_id,
                    vehicle_id=vehicle.id,
                )
            )
            flush_or_conflict(
                session,
                _(
                    "Someone saved this deal at the same moment: the sale was not recorded. "
                    "Record it again to record it on their version."
                ),
            )
            return row_from(
                SaleSummary,
                sale,
                contact_name=contact.display_name,
                vehicle_label=vehicle.label,
                contact_became_customer=was_prospect,
            )

    # History ----------------------------------------------------------------------------------
    def purchase_history(self, *, contact_id: int) -> list[PurchaseLine]:
        """Every car the dealership sold this contact, newest first."""
        require(self._actor, "sales.read")
        costs = self._actor.role in SEES_COSTS
        with self._session_factory() as session:
            self._contact(session, contact_id, write=False)
            traded = Vehicle.__table__.alias("traded")
            rows = session.execute(
                select(
                    Sale,
                    Vehicle.make,
                    Vehicle.model,
                    Vehicle.plate,
                    User.display_name,
                    traded.c.make.label("t_make"),
                    traded.c.model.label("t_model"),
                    traded.c.plate.label("t_plate"),
                )
                .join(Vehicle, Vehicle.id == Sale.vehicle_id)
                .outerjoin(User, User.id == Sale.salesperson_id)
                .outerjoin(traded, traded.c.id == Sale.trade_in_vehicle_id)
                .where(Sale.contact_id == contact_id)
                .order_by(Sale.sold_on.desc(), Sale.id.desc())
            )
            return [
                row_from(
                    PurchaseLine,
                    s,
                    vehicle_label=f"{make} {model}",
                    plate=plate,
                    margin=s.margin if costs else None,
                    salesperson_name=salesperson,
                    trade_in_label=" ".join(p for p in (t_make, t_model, t_plate) if p) or None,
                )
                for s, make, model, plate, salesperson, t_make, t_model, t_plate in rows
            ]

    # Service visits ---------------------------------------------------------------------------
    def record_service_visit(
        self,
        *,
        vehicle_id: int,
        visited_on: dt.date,
        kind: ServiceKind,
        mileage_km: int | None = None,
        amount: Decimal = Decimal("0"),
        notes: str = "",
    ) -> VisitLine:
        """A maintenance, contrôle technique or repair at the workshop; the vehicle's mileage follows,
        and with the visit its next maintenance or CT (services.due_dates). Audited."""
        require(self._actor, "service.log")
        errors: dict[str, str] = {}
        if visited_on > dealership_today_of(self._session_factory):
            errors["visited_on"] = _("cannot be in the future")
        if mileage_km is not None and mileage_km < 0:
            errors["mileage_km"] = _("cannot be negative")
        if amount < 0:
            errors["amount"] = _("cannot be negative")
        if errors:
            raise ValidationError(errors)
        with unit_of_work(self._session_factory, self._actor) as session:
            vehicle = get_vehicle(session, vehicle_id)
            visit = ServiceVisit(
                vehicle_id=vehicle_id,
                contact_id=vehicle.owner_contact_id,
                visited_on=visited_on,
                kind=kind,
                mileage_km=mileage_km,
                amount=amount,
                notes=notes.strip() or None,
            )
            session.add(visit)
            if mileage_km is not None and (vehicle.mileage_km or 0) < mileage_km:
                vehicle.mileage_km = mileage_km
            session.flush()
            return VisitLine(
                visit.id, visit.visited_on, visit.kind, visit.mileage_km, visit.amount, visit.notes
            )

    # Helpers ----------------------------------------------------------------------------------
    def _contact(self, session: Session, contact_id: int, *, write: bool = True) -> Contact:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.erased_at is not None:
            raise NotFound(_("No contact #{contact_id}.").format(contact_id=contact_id))
        if self._actor.role not in SEES_ALL_CONTACTS and not contact_visible(
            self._actor, owner_id=contact.owner_id, lifecycle=contact.lifecycle
        ):
            raise NotFound(_("No contact #{contact_id}.").format(contact_id=contact_id))
        return contact

    @staticmethod
    def _add_trade_in(session: Session, contact: Contact, trade_in: TradeInInput, today: dt.date) -> Vehicle:
        from dealercrm.services.vehicles import VehicleInput, validate_vehicle

        errors, values = validate_vehicle(
            VehicleInput(
                make=trade_in.make,
                model=trade_in.model,
                condition=VehicleCondition.USED,
                vin=trade_in.vin,
                plate=trade_in.plate,
                version=trade_in.version,
                fuel=trade_in.fuel,
                first_registration_on=trade_in.first_registration_on,
                mileage_km=trade_in.mileage_km,
                list_price=trade_in.list_price,
                purchase_cost=trade_in.value_offered,
                condition_notes=trade_in.condition_notes,
            ),
            today=today,
        )
        if values["vin"] is not None and "vin" not in errors:
            existing = session.scalar(select(Vehicle).where(Vehicle.vin == values["vin"]))
            if existing is not None:
                if existing.owner_contact_id != contact.id:
                    errors["vin"] = _("already recorded for vehicle #{id}, owned by someone else").format(
                        id=existing.id
                    )
                else:  # the car we sold them comes back: same record, a new life in stock
                    if errors:
                        raise ValidationError({f"trade_in_{k}": v for k, v in errors.items()})
                    existing.stock_status = StockStatus.IN_STOCK
                    existing.condition = VehicleCondition.USED
                    existing.in_stock_since = today
                    existing.mileage_km = trade_in.mileage_km
                    existing.purchase_cost = trade_in.value_offered
                    existing.condition_notes = values["condition_notes"]
                    existing.owner_contact_id = None
                    if trade_in.list_price is not None:
                        existing.list_price = trade_in.list_price
                    session.flush()
                    return existing
        if errors:
            raise ValidationError({f"trade_in_{k}": v for k, v in errors.items()})
        vehicle = Vehicle(**values, stock_status=StockStatus.IN_STOCK, in_stock_since=today)
        session.add(vehicle)
        session.flush()
        return vehicle


def _sale_summary(
    vehicle: Vehicle, price: Decimal, financing: Financing, months: int | None, traded: Vehicle | None
) -> str:
    text = f"Sale: {vehicle.label}, {price} €"
    if financing is not Financing.CASH:
        text += f", {financing.value.upper()} {months} months"
    if traded is not None:
        text += f", trade-in {traded.label}"
    return text


__all__ = [
    "PurchaseLine",
    "SaleService",
    "SaleSummary",
    "TradeInInput",
    "compute_margin",
    "contact_name",
]
