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
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.models import Claim, Contact, Sale, ServiceVisit, User, Vehicle
from dealercrm.models.enums import (
    BodyType,
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    Financing,
    Fuel,
    Role,
    ServiceKind,
    Severity,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.errors import NotFound
from dealercrm.services.permissions import Actor, can, require, visible_contacts_clause

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


def contact_name(kind: ContactKind | None, first: str | None, last: str | None, company: str | None) -> str:
    """The name a contact is shown by, from its columns (as `Contact.display_name`)."""
    if kind is ContactKind.COMPANY:
        return company or ""
    return " ".join(p for p in (first, last) if p)


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


class VehicleService:
    """Reading vehicles: the paged list and one vehicle with its history."""

    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor

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
        today = today or dt.date.today()
        stmt = self._list_select().where(*self._filters(stock, condition, make, search))
        if after is not None:
            stmt = stmt.where(
                tuple_(Vehicle.make, Vehicle.model, Vehicle.id) > tuple_(after.make, after.model, after.id)
            )
        stmt = stmt.order_by(Vehicle.make, Vehicle.model, Vehicle.id).limit(limit)
        with self._session_factory() as session:
            return [self._row(r, today) for r in session.execute(stmt)]

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
        today = today or dt.date.today()
        with self._session_factory() as session:
            found = session.execute(self._list_select().where(Vehicle.id == vehicle_id)).first()
            vehicle = session.get(Vehicle, vehicle_id)
            if found is None or vehicle is None:
                raise NotFound(f"No vehicle #{vehicle_id}.")
            sales_visible = can(self._actor, "sales.read")
            claims_visible = can(self._actor, "claims.read")
            return VehicleDetail(
                row=self._row(found, today),
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
            )

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
            Vehicle.owner_contact_id,
            owner.id.label("owner_id"),
            owner.kind.label("owner_kind"),
            owner.first_name.label("owner_first"),
            owner.last_name.label("owner_last"),
            owner.company_name.label("owner_company"),
        ).outerjoin(
            owner,
            and_(owner.id == Vehicle.owner_contact_id, visible_contacts_clause(self._actor)),
        )

    @staticmethod
    def _row(r: Any, today: dt.date) -> VehicleRow:
        in_stock = r.stock_status in (StockStatus.IN_STOCK, StockStatus.RESERVED)
        days = (today - r.in_stock_since).days if in_stock and r.in_stock_since else None
        visible = r.owner_id is not None
        return VehicleRow(
            id=r.id,
            vin=r.vin,
            plate=r.plate,
            make=r.make,
            model=r.model,
            version=r.version,
            fuel=r.fuel,
            condition=r.condition,
            stock_status=r.stock_status,
            in_stock_since=r.in_stock_since,
            days_in_stock=days,
            list_price=r.list_price,
            owner_id=r.owner_id,
            owner_name=contact_name(r.owner_kind, r.owner_first, r.owner_last, r.owner_company)
            if visible
            else None,
            has_owner=r.owner_contact_id is not None,
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
                buyer.kind,
                buyer.first_name,
                buyer.last_name,
                buyer.company_name,
                User.display_name.label("salesperson"),
            )
            .outerjoin(buyer, and_(buyer.id == Sale.contact_id, visible_contacts_clause(self._actor)))
            .outerjoin(User, User.id == Sale.salesperson_id)
            .where(or_(Sale.vehicle_id == vehicle_id, Sale.trade_in_vehicle_id == vehicle_id))
            .order_by(Sale.sold_on.desc(), Sale.id.desc())
        )
        return tuple(
            SaleLine(
                id=r.id,
                sold_on=r.sold_on,
                contact_id=r.buyer_id,
                contact_name=contact_name(r.kind, r.first_name, r.last_name, r.company_name)
                if r.buyer_id is not None
                else None,
                salesperson_name=r.salesperson,
                price=r.price,
                financing=r.financing,
                financing_months=r.financing_months,
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
    "SaleLine",
    "StockFilter",
    "VehicleDetail",
    "VehicleRow",
    "VehicleService",
    "VisitLine",
    "contact_name",
    "normalise_search",
)
