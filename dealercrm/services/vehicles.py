"""Vehicles: the stock on sale and the cars customers own, with what happened to each one.

Lists are read page by page (keyset over the make/model index) so that 100 000 vehicles cost the same
as 100. The owner of a vehicle is a contact: a salesperson never sees the name of another salesperson's
private prospect, only that the vehicle has an owner.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import Claim, Contact, Opportunity, Sale, ServiceVisit, User, Vehicle
from dealercrm.models.enums import (
    BodyType,
    ClaimCategory,
    ClaimStatus,
    Financing,
    Fuel,
    Role,
    ServiceKind,
    Severity,
    StockStatus,
    VehicleCondition,
)
from dealercrm.models.people import contact_display_name, display_name_sql
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, get_vehicle, row_from
from dealercrm.services.errors import ConflictError, NotFound, ValidationError
from dealercrm.services.permissions import can, require, visible_contacts_clause
from dealercrm.services.settings import dealership_today, dealership_today_of

OPEN_CLAIM_STATUSES = (
    ClaimStatus.OPEN,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.WAITING_CUSTOMER,
    ClaimStatus.WAITING_PARTS,
)
# Purchase cost and margins are the dealership's business, not every role's.
SEES_COSTS = frozenset({Role.MANAGER, Role.ADMIN})


class StockFilter(StrEnum):
    """Which vehicles a list shows, by stock status."""

    STOCK = "stock"  # in stock or reserved: what can be sold
    SOLD = "sold"
    CUSTOMER_OWNED = "customer_owned"
    ALL = "all"


STOCK_FILTER_STATUSES: dict[StockFilter, tuple[StockStatus, ...]] = {
    StockFilter.STOCK: (StockStatus.IN_STOCK, StockStatus.RESERVED),
    StockFilter.SOLD: (StockStatus.SOLD,),
    StockFilter.CUSTOMER_OWNED: (StockStatus.CUSTOMER_OWNED,),
    StockFilter.ALL: tuple(StockStatus),
}


# The name a contact is shown by, from its columns: the one rule, in the models.
contact_name = contact_display_name


def normalise_search(text: str) -> str:
    """ "ab-123 cd" -> "AB123CD": plates and VINs are searched in their compact upper-case form."""
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def prefix_range(column: Any, prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`, written as a range so that the column's index is used
    (SQLite's LIKE is case-insensitive and cannot use an ordinary index)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


@dataclass(frozen=True)
class VehicleRow:
    """One line of the vehicles list."""

    id: int
    vin: str | None
    plate: str | None
    make: str
    model: str
    version: str | None
    fuel: Fuel | None
    condition: VehicleCondition
    stock_status: StockStatus
    in_stock_since: dt.date | None
    days_in_stock: int | None  # only for vehicles in stock or reserved
    list_price: Decimal | None
    owner_id: int | None  # None when there is no owner or the actor may not see them
    owner_name: str | None
    has_owner: bool
    purchase_cost: Decimal | None = None  # None for roles that do not see costs
    reserved_for_opportunity_id: int | None = None

    @property
    def expected_margin(self) -> Decimal | None:
        """List price minus purchase cost, for stock the actor may see the costs of."""
        if self.list_price is None or self.purchase_cost is None:
            return None
        return self.list_price - self.purchase_cost

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.make, self.model, self.plate or self.vin) if p)


@dataclass(frozen=True)
class SaleLine:
    id: int
    sold_on: dt.date
    contact_id: int | None  # None when the buyer is not visible to the actor
    contact_name: str | None
    salesperson_name: str | None
    price: Decimal
    financing: Financing
    financing_months: int | None
    trade_in: bool  # True when this vehicle was taken as a trade-in in the sale


@dataclass(frozen=True)
class VisitLine:
    id: int
    visited_on: dt.date
    kind: ServiceKind
    mileage_km: int | None
    amount: Decimal
    notes: str | None


@dataclass(frozen=True)
class ClaimLine:
    id: int
    opened_at: dt.datetime
    category: ClaimCategory
    severity: Severity
    status: ClaimStatus
    due_at: dt.datetime


@dataclass(frozen=True)
class VehicleDetail:
    """Everything the detail pane shows about one vehicle."""

    row: VehicleRow
    body: BodyType | None
    color: str | None
    first_registration_on: dt.date | None
    mileage_km: int | None
    purchase_cost: Decimal | None  # None for roles that do not see costs
    condition_notes: str | None
    sales: tuple[SaleLine, ...]
    sales_visible: bool  # False when the actor may not read sales
    visits: tuple[VisitLine, ...]
    open_claims: tuple[ClaimLine, ...]
    claims_visible: bool
    lock_version: int = 1
    can_release: bool = False  # reserved, and the actor may put it back on sale (as `release` would)


@dataclass(frozen=True)
class OpportunityOption:
    """An open opportunity a vehicle can be reserved for."""

    id: int
    title: str
    contact_name: str
    stage: str


@dataclass(frozen=True)
class VehicleInput:
    """What the vehicle form sends: as typed, validated and normalised by the service."""

    make: str
    model: str
    condition: VehicleCondition
    vin: str = ""
    plate: str = ""
    version: str = ""
    body: BodyType | None = None
    fuel: Fuel | None = None
    color: str = ""
    first_registration_on: dt.date | None = None
    mileage_km: int | None = None
    list_price: Decimal | None = None
    purchase_cost: Decimal | None = None
    in_stock_since: dt.date | None = None
    condition_notes: str = ""


def validate_vehicle(data: VehicleInput, *, today: dt.date) -> tuple[dict[str, str], dict[str, Any]]:
    """(errors by field, normalised column values). VIN: 17 characters, no I/O/Q, check digit where it
    applies; plate: a French SIV or FNI plate, stored in its canonical spelling."""
    from dealercrm.services.vehicle_ids import check_vin, normalise_plate

    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field in ("make", "model"):
        text = getattr(data, field).strip()
        if not text:
            errors[field] = "required"
        values[field] = text
    vin = None
    if data.vin.strip():
        checked = check_vin(data.vin)
        if not checked.valid:
            errors["vin"] = checked.error or "not a VIN"
        vin = checked.vin
    plate = None
    if data.plate.strip():
        plate = normalise_plate(data.plate)
        if plate is None:
            errors["plate"] = _("not a French plate (AB-123-CD, or 123 ABC 45 before 2009)")
    if data.first_registration_on is not None and data.first_registration_on > today:
        errors["first_registration_on"] = _("cannot be in the future")
    if data.mileage_km is not None and data.mileage_km < 0:
        errors["mileage_km"] = _("cannot be negative")
    for field in ("list_price", "purchase_cost"):
        amount = getattr(data, field)
        if amount is not None and amount < 0:
            errors[field] = _("cannot be negative")
    values.update(
        vin=vin,
        plate=plate,
        version=data.version.strip() or None,
        body=data.body,
        fuel=data.fuel,
        color=data.color.strip() or None,
        first_registration_on=data.first_registration_on,
        mileage_km=data.mileage_km,
        condition=data.condition,
        list_price=data.list_price,
        purchase_cost=data.purchase_cost,
        condition_notes=data.condition_notes.strip() or None,
    )
    return errors, values


class VehicleService(Service):
    """Reading vehicles: the paged list and one vehicle with its history."""

    # Lists ---------------------------------------------------------------------------------------
    def list_page(
        self,
        *,
        after: VehicleRow | None = None,
        limit: int = 200,
        stock: StockFilter = StockFilter.STOCK,
        condition: VehicleCondition | None = None,
        make: str | None = None,
        search: str = "",
        today: dt.date | None = None,
    ) -> list[VehicleRow]:
        """The `limit` vehicles after `after`, ordered by make, model and id.

        `search` is a plate or VIN, or the beginning of one, typed in any case with or without dashes
        or spaces; it is matched by prefix over the compact plate and the VIN indexes.
        """
        require(self._actor, "vehicles.read")
        stmt = self._list_select().where(*self._filters(stock, condition, make, search))
        if after is not None:
            stmt = stmt.where(
                tuple_(Vehicle.make, Vehicle.model, Vehicle.id) > tuple_(after.make, after.model, after.id)
            )
        stmt = stmt.order_by(Vehicle.make, Vehicle.model, Vehicle.id).limit(limit)
        with self._session_factory() as session:
            day = today or dealership_today(session)  # in the page's own session: no second one per page
            return [self._row(r, day, costs=self._actor.role in SEES_COSTS) for r in session.execute(stmt)]

    def count(
        self,
        *,
        stock: StockFilter = StockFilter.STOCK,
        condition: VehicleCondition | None = None,
        make: str | None = None,
        search: str = "",
    ) -> int:
        """How many vehicles `list_page` would show with the same filters (one COUNT over indexes)."""
        require(self._actor, "vehicles.read")
        stmt = select(func.count()).select_from(Vehicle).where(*self._filters(stock, condition, make, search))
        with self._session_factory() as session:
            return int(session.scalar(stmt) or 0)

    def makes(self) -> list[str]:
        """Every make present in the vehicles table, alphabetically (for the make filter)."""
        require(self._actor, "vehicles.read")
        with self._session_factory() as session:
            return list(session.scalars(select(Vehicle.make).distinct().order_by(Vehicle.make)))

    # One vehicle ---------------------------------------------------------------------------------
    def get(self, *, vehicle_id: int, today: dt.date | None = None) -> VehicleDetail:
        """One vehicle with its owner, the sales it was part of, its service visits and open claims."""
        require(self._actor, "vehicles.read")
        with self._session_factory() as session:
            today = today or dealership_today(session)
            found = session.execute(self._list_select().where(Vehicle.id == vehicle_id)).first()
            vehicle = session.get(Vehicle, vehicle_id)
            if found is None or vehicle is None:
                raise NotFound(_("No vehicle #{vehicle_id}.").format(vehicle_id=vehicle_id))
            sales_visible = can(self._actor, "sales.read")
            claims_visible = can(self._actor, "claims.read")
            can_release = vehicle.stock_status is StockStatus.RESERVED and self._may_release(session, vehicle)
            return VehicleDetail(
                row=self._row(found, today, costs=self._actor.role in SEES_COSTS),
                body=vehicle.body,
                color=vehicle.color,
                first_registration_on=vehicle.first_registration_on,
                mileage_km=vehicle.mileage_km,
                purchase_cost=vehicle.purchase_cost if self._actor.role in SEES_COSTS else None,
                condition_notes=vehicle.condition_notes,
                sales=self._sales(session, vehicle_id) if sales_visible else (),
                sales_visible=sales_visible,
                visits=self._visits(session, vehicle_id),
                open_claims=self._open_claims(session, vehicle_id) if claims_visible else (),
                claims_visible=claims_visible,
                lock_version=vehicle.lock_version,
                can_release=can_release,
            )

    def find_by_vin(self, *, vin: str) -> int | None:
        """The id of the vehicle with this exact VIN (typed in any case), if any: one unique-index probe."""
        require(self._actor, "vehicles.read")
        with self._session_factory() as session:
            return session.scalar(select(Vehicle.id).where(Vehicle.vin == normalise_search(vin)))

    def find_by_plate(self, *, plate: str) -> list[int]:
        """Ids of the vehicles with this plate, typed any way ("ab123cd", "AB 123 CD"): index probe."""
        require(self._actor, "vehicles.read")
        compact = normalise_search(plate)
        if not compact:
            return []
        with self._session_factory() as session:
            return list(session.scalars(select(Vehicle.id).where(Vehicle.plate_compact == compact).limit(20)))

    def owned_by(self, *, contact_id: int) -> list[VehicleRow]:
        """The vehicles a contact owns (the quick claim entry offers them), newest first."""
        require(self._actor, "vehicles.read")
        stmt = self._list_select().where(Vehicle.owner_contact_id == contact_id).order_by(Vehicle.id.desc())
        with self._session_factory() as session:
            today = dealership_today(session)
            return [self._row(r, today) for r in session.execute(stmt.limit(50))]

    def reservable_opportunities(self, *, limit: int = 300) -> list[OpportunityOption]:
        """Open opportunities the actor works (all of them for a manager), most recently moved first."""
        require(self._actor, "opportunities.manage")
        from dealercrm.models.enums import OPEN_STAGES

        stmt = (
            select(
                Opportunity.id,
                Opportunity.title,
                Opportunity.stage,
                display_name_sql().label("contact_name"),
            )
            .join(Contact, Contact.id == Opportunity.contact_id)
            .where(Opportunity.stage.in_(OPEN_STAGES), visible_contacts_clause(self._actor))
            .order_by(Opportunity.stage_changed_at.desc(), Opportunity.id.desc())
            .limit(limit)
        )
        if self._actor.role is Role.SALESPERSON:
            stmt = stmt.where(or_(Opportunity.owner_id.is_(None), Opportunity.owner_id == self._actor.id))
        with self._session_factory() as session:
            return [
                OpportunityOption(
                    r.id,
                    r.title,
                    r.contact_name,
                    r.stage.value,
                )
                for r in session.execute(stmt)
            ]

    # Writing -------------------------------------------------------------------------------------
    def create(self, *, data: VehicleInput, today: dt.date | None = None) -> VehicleDetail:
        """Add a vehicle to stock (new or used, in stock from `data.in_stock_since` or today).

        Raises ValidationError with a message per field (VIN, plate, make, model...)."""
        require(self._actor, "vehicles.manage")
        today = today or dealership_today_of(self._session_factory)
        errors, values = validate_vehicle(data, today=today)
        with unit_of_work(self._session_factory, self._actor) as session:
            self._check_unique_vin(session, values["vin"], None, errors)
            if errors:
                raise ValidationError(errors)
            vehicle = Vehicle(
                **values,
                stock_status=StockStatus.IN_STOCK,
                in_stock_since=data.in_stock_since or today,
            )
            session.add(vehicle)
            session.flush()
            vehicle_id = vehicle.id
        return self.get(vehicle_id=vehicle_id, today=today)

    def update(
        self,
        *,
        vehicle_id: int,
        data: VehicleInput,
        expected_version: int | None = None,
        today: dt.date | None = None,
    ) -> VehicleDetail:
        """Change a vehicle's description and prices; its status changes through sales and reservations."""
        require(self._actor, "vehicles.manage")
        today = today or dealership_today_of(self._session_factory)
        errors, values = validate_vehicle(data, today=today)
        if self._actor.role not in SEES_COSTS:
            values.pop("purchase_cost")  # a role that cannot see the cost cannot overwrite it either
        with unit_of_work(self._session_factory, self._actor) as session:
            vehicle = get_vehicle(session, vehicle_id)
            if expected_version is not None and vehicle.lock_version != expected_version:
                raise ConflictError(_("Someone else changed this vehicle meanwhile: it has been reloaded."))
            self._check_unique_vin(session, values["vin"], vehicle_id, errors)
            if errors:
                raise ValidationError(errors)
            for key, value in values.items():
                if getattr(vehicle, key) != value:
                    setattr(vehicle, key, value)
            if data.in_stock_since is not None:
                vehicle.in_stock_since = data.in_stock_since
        return self.get(vehicle_id=vehicle_id, today=today)

    def reserve(self, *, vehicle_id: int, opportunity_id: int, today: dt.date | None = None) -> VehicleDetail:
        """Hold a vehicle in stock for an open opportunity; it leaves the sellable stock."""
        require(self._actor, "vehicles.manage")
        with unit_of_work(self._session_factory, self._actor) as session:
            vehicle = session.get(Vehicle, vehicle_id)
            opportunity = session.get(Opportunity, opportunity_id)
            if vehicle is None:
                raise NotFound(_("No vehicle #{vehicle_id}.").format(vehicle_id=vehicle_id))
            if opportunity is None:
                raise NotFound(_("No opportunity #{opportunity_id}.").format(opportunity_id=opportunity_id))
            require(self._actor, "opportunities.manage", opportunity)
            if vehicle.stock_status is StockStatus.RESERVED and vehicle.reserved_for_opportunity_id not in (
                None,
                opportunity_id,
            ):
                raise ValidationError(
                    {
                        "vehicle": _(
                            "already reserved for opportunity #{reserved_for_opportunity_id}"
                        ).format(reserved_for_opportunity_id=vehicle.reserved_for_opportunity_id)
                    }
                )
            if vehicle.stock_status not in (StockStatus.IN_STOCK, StockStatus.RESERVED):
                raise ValidationError({"vehicle": _("only a vehicle in stock can be reserved")})
            vehicle.stock_status = StockStatus.RESERVED
            vehicle.reserved_for_opportunity_id = opportunity_id
            if opportunity.vehicle_id is None:
                opportunity.vehicle_id = vehicle_id
        return self.get(vehicle_id=vehicle_id, today=today)

    def release(self, *, vehicle_id: int, today: dt.date | None = None) -> VehicleDetail:
        """Put a reserved vehicle back on sale: whoever could have reserved it for its opportunity may
        (that opportunity's salesperson, or a manager)."""
        require(self._actor, "vehicles.release")
        with unit_of_work(self._session_factory, self._actor) as session:
            vehicle = get_vehicle(session, vehicle_id)
            if vehicle.stock_status is not StockStatus.RESERVED:
                raise ValidationError({"vehicle": _("this vehicle is not reserved")})
            require(self._actor, "vehicles.release", self._reservation(session, vehicle))
            vehicle.stock_status = StockStatus.IN_STOCK
            vehicle.reserved_for_opportunity_id = None
        return self.get(vehicle_id=vehicle_id, today=today)

    @staticmethod
    def _reservation(session: Session, vehicle: Vehicle) -> Opportunity | None:
        """The opportunity a reserved vehicle is held for (None when it is held for none)."""
        if vehicle.reserved_for_opportunity_id is None:
            return None
        return session.get(Opportunity, vehicle.reserved_for_opportunity_id)

    def _may_release(self, session: Session, vehicle: Vehicle) -> bool:
        return can(self._actor, "vehicles.release", self._reservation(session, vehicle))

    @staticmethod
    def _check_unique_vin(
        session: Session, vin: str | None, vehicle_id: int | None, errors: dict[str, str]
    ) -> None:
        if vin is None or "vin" in errors:
            return
        other = session.scalar(select(Vehicle.id).where(Vehicle.vin == vin, Vehicle.id != (vehicle_id or 0)))
        if other is not None:
            errors["vin"] = _("already recorded for vehicle #{other}").format(other=other)

    # Helpers ---------------------------------------------------------------------------------------
    @staticmethod
    def _filters(
        stock: StockFilter, condition: VehicleCondition | None, make: str | None, search: str
    ) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        if stock is not StockFilter.ALL:
            clauses.append(Vehicle.stock_status.in_(STOCK_FILTER_STATUSES[stock]))
        if condition is not None:
            clauses.append(Vehicle.condition == condition)
        if make:
            clauses.append(Vehicle.make == make)
        query = normalise_search(search)
        if query:
            clauses.append(or_(prefix_range(Vehicle.plate_compact, query), prefix_range(Vehicle.vin, query)))
        return clauses

    def _list_select(self) -> Select[*tuple[Any, ...]]:
        owner = Contact
        return select(
            Vehicle.id,
            Vehicle.vin,
            Vehicle.plate,
            Vehicle.make,
            Vehicle.model,
            Vehicle.version,
            Vehicle.fuel,
            Vehicle.condition,
            Vehicle.stock_status,
            Vehicle.in_stock_since,
            Vehicle.list_price,
            Vehicle.purchase_cost,
            Vehicle.reserved_for_opportunity_id,
            Vehicle.owner_contact_id,
            owner.id.label("owner_id"),
            display_name_sql().label("owner_name"),  # owner is Contact: the expression's table
        ).outerjoin(
            owner,
            and_(owner.id == Vehicle.owner_contact_id, visible_contacts_clause(self._actor)),
        )

    @staticmethod
    def _row(r: Any, today: dt.date, *, costs: bool = False) -> VehicleRow:
        in_stock = r.stock_status in (StockStatus.IN_STOCK, StockStatus.RESERVED)
        days = (today - r.in_stock_since).days if in_stock and r.in_stock_since else None
        visible = r.owner_id is not None
        return row_from(
            VehicleRow,
            r,
            days_in_stock=days,
            owner_name=r.owner_name if visible else None,
            has_owner=r.owner_contact_id is not None,
            purchase_cost=r.purchase_cost if costs else None,
        )

    def _sales(self, session: Session, vehicle_id: int) -> tuple[SaleLine, ...]:
        buyer = Contact
        stmt = (
            select(
                Sale.id,
                Sale.sold_on,
                Sale.price,
                Sale.financing,
                Sale.financing_months,
                Sale.vehicle_id,
                buyer.id.label("buyer_id"),
                display_name_sql().label("buyer_name"),  # buyer is Contact: the expression's table
                User.display_name.label("salesperson"),
            )
            .outerjoin(buyer, and_(buyer.id == Sale.contact_id, visible_contacts_clause(self._actor)))
            .outerjoin(User, User.id == Sale.salesperson_id)
            .where(or_(Sale.vehicle_id == vehicle_id, Sale.trade_in_vehicle_id == vehicle_id))
            .order_by(Sale.sold_on.desc(), Sale.id.desc())
        )
        return tuple(
            row_from(
                SaleLine,
                r,
                contact_id=r.buyer_id,
                contact_name=r.buyer_name if r.buyer_id is not None else None,
                salesperson_name=r.salesperson,
                trade_in=r.vehicle_id != vehicle_id,
            )
            for r in session.execute(stmt)
        )

    @staticmethod
    def _visits(session: Session, vehicle_id: int) -> tuple[VisitLine, ...]:
        stmt = (
            select(ServiceVisit)
            .where(ServiceVisit.vehicle_id == vehicle_id)
            .order_by(ServiceVisit.visited_on.desc(), ServiceVisit.id.desc())
        )
        return tuple(
            VisitLine(v.id, v.visited_on, v.kind, v.mileage_km, v.amount, v.notes)
            for v in session.scalars(stmt)
        )

    def _open_claims(self, session: Session, vehicle_id: int) -> tuple[ClaimLine, ...]:
        stmt = (
            select(Claim.id, Claim.opened_at, Claim.category, Claim.severity, Claim.status, Claim.due_at)
            .join(Contact, Contact.id == Claim.contact_id)
            .where(
                Claim.vehicle_id == vehicle_id,
                Claim.status.in_(OPEN_CLAIM_STATUSES),
                visible_contacts_clause(self._actor),
            )
            .order_by(Claim.due_at)
        )
        return tuple(ClaimLine(*r) for r in session.execute(stmt))


__all__: Sequence[str] = (
    "ClaimLine",
    "OpportunityOption",
    "SaleLine",
    "StockFilter",
    "VehicleDetail",
    "VehicleInput",
    "VehicleRow",
    "VehicleService",
    "VisitLine",
    "contact_name",
    "normalise_search",
)
