"""Due dates that drive follow-up of customer-owned vehicles: contrôle technique, maintenance, warranty
end and financing / lease end.

Rules (pure functions, one per kind):
- contrôle technique: the first one in the six months before the 4th anniversary of the first
  registration (due on the anniversary, window opening six months before); then every 2 years from the
  last one recorded. A 29 February anniversary falls on 28 February in common years.
- maintenance: `service.maintenance_months` after the last maintenance visit (or after the first
  registration when none is recorded), or earlier once the vehicle has run `service.maintenance_km`
  since the mileage of the last maintenance.
- warranty end and financing end (loan, LOA, LLD): the dates recorded on the sale, for the car the
  buyer still owns.

"Due within N days" lists and segment filters run in SQL. Date arithmetic is not portable between
SQLite and PostgreSQL, so the rules are inverted into constant bounds computed here: "last CT + 2 years
<= today + N" becomes "last CT <= latest_start(today + N, 24 months)", which the index can serve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import Contact, Sale, ServiceVisit, Vehicle
from dealercrm.models.enums import Financing, Role, ServiceKind, StockStatus
from dealercrm.services.base import Service
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import SEES_ALL_CONTACTS, require, visible_contacts_clause
from dealercrm.services.settings import dealership_today_of, read_setting
from dealercrm.services.vehicles import contact_name

FIRST_CT_MONTHS = 48
FIRST_CT_WINDOW_MONTHS = 6
NEXT_CT_MONTHS = 24
FINANCED = (Financing.LOAN, Financing.LOA, Financing.LLD)


class DueKind(StrEnum):
    TECHNICAL_INSPECTION = "technical_inspection"
    MAINTENANCE = "maintenance"
    WARRANTY_END = "warranty_end"
    FINANCING_END = "financing_end"


# The kinds counted from the last service visit of a kind; the others are end dates of the sale.
VISIT_KINDS: dict[DueKind, ServiceKind] = {
    DueKind.TECHNICAL_INSPECTION: ServiceKind.TECHNICAL_INSPECTION,
    DueKind.MAINTENANCE: ServiceKind.MAINTENANCE,
}


# What each role follows on its customers' cars (the today page's list): those who sell, the next car to
# offer (warranty and financing ends); the workshop desk, its bookings (CT and maintenance). The other
# roles follow every kind.
FOLLOWED_BY_ROLE: dict[Role, tuple[DueKind, ...]] = {
    Role.SALESPERSON: (DueKind.WARRANTY_END, DueKind.FINANCING_END),
    Role.MANAGER: (DueKind.WARRANTY_END, DueKind.FINANCING_END),
    Role.AFTERSALES: (DueKind.TECHNICAL_INSPECTION, DueKind.MAINTENANCE),
}


def followed_kinds(role: Role) -> tuple[DueKind, ...]:
    """The due dates a role works from (FOLLOWED_BY_ROLE)."""
    return FOLLOWED_BY_ROLE.get(role, tuple(DueKind))


@dataclass(frozen=True)
class DueDate:
    kind: DueKind
    due_on: dt.date
    window_opens_on: dt.date | None = None  # first CT: six months before the deadline
    due_at_km: int | None = None  # maintenance: the mileage at which it falls due
    due_by_mileage: bool = False  # maintenance: already due because of the kilometres run


# Pure rules -----------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    result: dt.date = day + relativedelta(months=months)
    return result


def latest_start(end: dt.date, months: int) -> dt.date:
    """The latest day d with add_months(d, months) <= end: the SQL bound for "d + months <= end"."""
    candidate = add_months(end, -months)
    # Clamping makes several days map onto a month's end (29 Feb 2024 + 24 months = 28 Feb 2026).
    while add_months(candidate + dt.timedelta(days=1), months) <= end:
        candidate += dt.timedelta(days=1)
    return candidate


def technical_inspection_due(
    *, first_registration_on: dt.date | None, last_inspection_on: dt.date | None
) -> DueDate | None:
    """The next contrôle technique, or None when neither date is known."""
    if last_inspection_on is not None:
        return DueDate(DueKind.TECHNICAL_INSPECTION, add_months(last_inspection_on, NEXT_CT_MONTHS))
    if first_registration_on is None:
        return None
    due = add_months(first_registration_on, FIRST_CT_MONTHS)
    return DueDate(
        DueKind.TECHNICAL_INSPECTION, due, window_opens_on=add_months(due, -FIRST_CT_WINDOW_MONTHS)
    )


def maintenance_due(
    *,
    first_registration_on: dt.date | None,
    last_maintenance_on: dt.date | None,
    last_maintenance_km: int | None,
    current_km: int | None,
    interval_months: int,
    interval_km: int,
) -> DueDate | None:
    """The next maintenance: by date from the last one (or the first registration), or by mileage."""
    base = last_maintenance_on or first_registration_on
    if base is None:
        return None
    due_at_km = (last_maintenance_km or 0) + interval_km if last_maintenance_on is not None else interval_km
    by_mileage = current_km is not None and current_km >= due_at_km
    return DueDate(
        DueKind.MAINTENANCE, add_months(base, interval_months), due_at_km=due_at_km, due_by_mileage=by_mileage
    )


def financing_end_on(sold_on: dt.date, financing: Financing, months: int | None) -> dt.date | None:
    """When a loan, LOA or LLD of `months` months started on `sold_on` ends; None for cash."""
    if financing is Financing.CASH or not months:
        return None
    return add_months(sold_on, months)


def is_due_within(due: DueDate | None, *, today: dt.date, days: int) -> bool:
    """Whether `due` falls on or before today + days (overdue ones included), or is due by mileage.

    Warranty and financing ends that are already past are not "due": the moment has gone."""
    if due is None:
        return False
    horizon = today + dt.timedelta(days=days)
    if due.kind in (DueKind.WARRANTY_END, DueKind.FINANCING_END):
        return today <= due.due_on <= horizon
    return due.due_on <= horizon or due.due_by_mileage


# SQL ------------------------------------------------------------------------------------------------


def vehicles_due_clause(
    kind: DueKind,
    *,
    today: dt.date,
    within_days: int,
    interval_months: int = 12,
    interval_km: int = 15000,
) -> ColumnElement[bool]:
    """SQL condition on `Vehicle`: a customer-owned vehicle whose `kind` falls due within `within_days`
    days of `today` (overdue CT and maintenance included). Usable in any select over vehicles."""
    horizon = today + dt.timedelta(days=within_days)
    owned = Vehicle.stock_status == StockStatus.CUSTOMER_OWNED
    if kind is DueKind.TECHNICAL_INSPECTION:
        last_ct = (
            select(func.max(ServiceVisit.visited_on))
            .where(
                ServiceVisit.vehicle_id == Vehicle.id, ServiceVisit.kind == ServiceKind.TECHNICAL_INSPECTION
            )
            .scalar_subquery()
        )
        return and_(
            owned,
            or_(
                last_ct <= latest_start(horizon, NEXT_CT_MONTHS),
                and_(
                    last_ct.is_(None),
                    Vehicle.first_registration_on <= latest_start(horizon, FIRST_CT_MONTHS),
                ),
            ),
        )
    if kind is DueKind.MAINTENANCE:
        last = (
            select(func.max(ServiceVisit.visited_on))
            .where(ServiceVisit.vehicle_id == Vehicle.id, ServiceVisit.kind == ServiceKind.MAINTENANCE)
            .scalar_subquery()
        )
        last_km = (
            select(func.max(ServiceVisit.mileage_km))
            .where(ServiceVisit.vehicle_id == Vehicle.id, ServiceVisit.kind == ServiceKind.MAINTENANCE)
            .scalar_subquery()
        )
        bound = latest_start(horizon, interval_months)
        return and_(
            owned,
            or_(
                last <= bound,
                and_(last.is_(None), Vehicle.first_registration_on <= bound),
                and_(last.is_not(None), Vehicle.mileage_km >= func.coalesce(last_km, 0) + interval_km),
                and_(last.is_(None), Vehicle.mileage_km >= interval_km),
            ),
        )
    column = Sale.warranty_end_on if kind is DueKind.WARRANTY_END else Sale.financing_end_on
    sale = select(Sale.id).where(
        Sale.vehicle_id == Vehicle.id,
        Sale.contact_id == Vehicle.owner_contact_id,  # the buyer still owns it
        column >= today,
        column <= horizon,
    )
    if kind is DueKind.FINANCING_END:
        sale = sale.where(Sale.financing.in_(FINANCED))
    # Implied by the EXISTS, and what lets the database start from the few sales ending in the window
    # (their date's index) instead of testing every customer-owned vehicle.
    ending = select(Sale.vehicle_id).where(column >= today, column <= horizon)
    return and_(owned, Vehicle.id.in_(ending), sale.exists())


def contacts_due_clause(kind: DueKind, *, today: dt.date, within_days: int) -> ColumnElement[bool]:
    """SQL condition on `Contact`: owns a vehicle with `kind` due within `within_days` days (segments),
    at the default maintenance intervals."""
    owners = select(Vehicle.owner_contact_id).where(
        vehicles_due_clause(kind, today=today, within_days=within_days)
    )
    return Contact.id.in_(owners)


@dataclass(frozen=True)
class DueRow:
    """One vehicle with something due, for the today page, the customer view and call lists."""

    kind: DueKind
    due_on: dt.date
    vehicle_id: int
    vehicle_label: str
    plate: str | None
    owner_id: int
    owner_name: str
    due_by_mileage: bool = False


class DueDateService(Service):
    """Lists of customer-owned vehicles with a due date, and the due dates of one vehicle."""

    def due_within(
        self,
        *,
        kind: DueKind,
        within_days: int,
        today: dt.date | None = None,
        limit: int = 200,
        overdue_since: dt.date | None = None,
        mine_only: bool = False,
    ) -> list[DueRow]:
        """Vehicles whose owner the actor may see with `kind` due within `within_days` days, soonest
        first (overdue CT and maintenance first of all).

        `overdue_since` leaves out CT and maintenance that fell due before that day (long-lapsed ones
        would otherwise fill the list); `mine_only` keeps the actor's own customers: those they own or
        sold a car to."""
        require(self._actor, "vehicles.read")
        if within_days < 0:
            raise ValidationError({"within_days": _("cannot be negative")})
        today = today or dealership_today_of(self._session_factory)
        with self._session_factory() as session:
            months, km = _intervals(session)
            clause = vehicles_due_clause(
                kind, today=today, within_days=within_days, interval_months=months, interval_km=km
            )
            base = (
                select(
                    Vehicle.id,
                    Vehicle.make,
                    Vehicle.model,
                    Vehicle.plate,
                    Vehicle.first_registration_on,
                    Vehicle.mileage_km,
                    Contact.id.label("owner_id"),
                    Contact.kind,
                    Contact.first_name,
                    Contact.last_name,
                    Contact.company_name,
                )
                .join(Contact, Contact.id == Vehicle.owner_contact_id)
                .where(clause, visible_contacts_clause(self._actor), Contact.erased_at.is_(None))
            )
            if mine_only:
                sold_by_me = select(Sale.contact_id).where(Sale.salesperson_id == self._actor.id)
                base = base.where(or_(Contact.owner_id == self._actor.id, Contact.id.in_(sold_by_me)))
            # Each branch is ordered by a column whose order is the due date's, so `limit` rows per
            # branch, merged, are the soonest `limit` overall.
            rows: list[Any] = []
            for extra, key, months_after in _order_branches(kind, interval_months=months):
                if overdue_since is not None and months_after is not None:
                    # key + months_after >= overdue_since, as a bound on the key (index-friendly).
                    extra = [*extra, key > latest_start(overdue_since - dt.timedelta(days=1), months_after)]
                stmt = base.where(*extra).order_by(key, Vehicle.id).limit(limit)
                rows.extend(session.execute(stmt))
            dues = self._dues(session, kind, [r.id for r in rows], months, km, rows)
        result = [
            DueRow(
                kind=kind,
                due_on=due.due_on,
                vehicle_id=r.id,
                vehicle_label=" ".join(p for p in (r.make, r.model) if p),
                plate=r.plate,
                owner_id=r.owner_id,
                owner_name=contact_name(r.kind, r.first_name, r.last_name, r.company_name),
                due_by_mileage=due.due_by_mileage,
            )
            for r in rows
            if (due := dues.get(r.id)) is not None
        ]
        result.sort(key=lambda d: (d.due_on, d.vehicle_id))
        return result[:limit]

    def due_soon(
        self,
        *,
        within_days: int = 60,
        financing_within_days: int | None = None,
        overdue_days: int | None = 90,
        today: dt.date | None = None,
        limit: int = 200,
        kinds: Sequence[DueKind] | None = None,
    ) -> list[DueRow]:
        """Everything coming up on the actor's customers' vehicles, soonest first: CT and maintenance
        due within `within_days` days (or overdue by at most `overdue_days` days; None: however long),
        warranty ends within `within_days` days and financing / lease ends within
        `financing_within_days` days (default: `within_days`). A salesperson gets their own customers;
        the roles that see every contact (managers, after-sales...) get all of them. `kinds` keeps some
        kinds only (default: all; the today page passes `followed_kinds(role)`)."""
        require(self._actor, "vehicles.read")
        today = today or dealership_today_of(self._session_factory)
        since = today - dt.timedelta(days=overdue_days) if overdue_days is not None else None
        mine_only = self._actor.role not in SEES_ALL_CONTACTS
        found: list[DueRow] = []
        for kind in kinds if kinds is not None else tuple(DueKind):
            days = (
                financing_within_days
                if kind is DueKind.FINANCING_END and financing_within_days is not None
                else within_days
            )
            found.extend(
                self.due_within(
                    kind=kind,
                    within_days=days,
                    today=today,
                    limit=limit,
                    overdue_since=since,
                    mine_only=mine_only,
                )
            )
        found.sort(key=lambda d: (d.due_on, d.owner_name, d.vehicle_id, d.kind.value))
        return found[:limit]

    def for_vehicles(self, *, vehicle_ids: Sequence[int]) -> dict[int, list[DueDate]]:
        """The due dates of several vehicles at once (a customer's cars), each list soonest first."""
        require(self._actor, "vehicles.read")
        if not vehicle_ids:
            return {}
        with self._session_factory() as session:
            vehicles = list(session.scalars(select(Vehicle).where(Vehicle.id.in_(vehicle_ids))))
            return dues_of_vehicles(session, vehicles)

    def for_vehicle(self, *, vehicle_id: int) -> list[DueDate]:
        """Every due date of one vehicle (CT, maintenance, warranty end, financing end), soonest first."""
        require(self._actor, "vehicles.read")
        with self._session_factory() as session:
            vehicle = session.get(Vehicle, vehicle_id)
            if vehicle is None:
                return []
            months, km = _intervals(session)
            found: list[DueDate] = []
            for kind in DueKind:
                due = self._dues(session, kind, [vehicle_id], months, km, [vehicle]).get(vehicle_id)
                if due is not None:
                    found.append(due)
        return sorted(found, key=lambda d: d.due_on)

    @staticmethod
    def _dues(
        session: Session, kind: DueKind, ids: Sequence[int], months: int, km: int, vehicles: Sequence[Any]
    ) -> dict[int, DueDate]:
        """The due date of `kind` for each vehicle id, from one grouped query over the ids."""
        if not ids:
            return {}
        info = {v.id: v for v in vehicles}
        if kind in VISIT_KINDS:
            service_kind = VISIT_KINDS[kind]
            stmt = (
                select(
                    ServiceVisit.vehicle_id,
                    func.max(ServiceVisit.visited_on),
                    func.max(ServiceVisit.mileage_km),
                )
                .where(ServiceVisit.vehicle_id.in_(ids), ServiceVisit.kind == service_kind)
                .group_by(ServiceVisit.vehicle_id)
            )
            last = {vid: (on, km_) for vid, on, km_ in session.execute(stmt)}
            result: dict[int, DueDate] = {}
            for vid in ids:
                on, last_km = last.get(vid, (None, None))
                v = info[vid]
                due = (
                    technical_inspection_due(
                        first_registration_on=v.first_registration_on, last_inspection_on=on
                    )
                    if kind is DueKind.TECHNICAL_INSPECTION
                    else maintenance_due(
                        first_registration_on=v.first_registration_on,
                        last_maintenance_on=on,
                        last_maintenance_km=last_km,
                        current_km=v.mileage_km,
                        interval_months=months,
                        interval_km=km,
                    )
                )
                if due is not None:
                    result[vid] = due
            return result
        column = Sale.warranty_end_on if kind is DueKind.WARRANTY_END else Sale.financing_end_on
        sale_stmt = (
            select(Sale.vehicle_id, func.max(column))
            .join(Vehicle, and_(Vehicle.id == Sale.vehicle_id, Vehicle.owner_contact_id == Sale.contact_id))
            .where(Sale.vehicle_id.in_(ids), column.is_not(None))
            .group_by(Sale.vehicle_id)
        )
        if kind is DueKind.FINANCING_END:
            sale_stmt = sale_stmt.where(Sale.financing.in_(FINANCED))
        return {vid: DueDate(kind, on) for vid, on in session.execute(sale_stmt) if on is not None}


def dues_of_vehicles(session: Session, vehicles: Sequence[Any]) -> dict[int, list[DueDate]]:
    """Every due date (CT, maintenance, warranty end, financing end) of each of `vehicles` (models or
    rows with id, first_registration_on and mileage_km), soonest first: one grouped query per kind."""
    months, km = _intervals(session)
    ids = [v.id for v in vehicles]
    found: dict[int, list[DueDate]] = {vid: [] for vid in ids}
    for kind in DueKind:
        for vid, due in DueDateService._dues(session, kind, ids, months, km, vehicles).items():
            found[vid].append(due)
    for dues in found.values():
        dues.sort(key=lambda d: d.due_on)
    return found


def _order_branches(
    kind: DueKind, *, interval_months: int = 12
) -> list[tuple[list[ColumnElement[bool]], Any, int | None]]:
    """(extra conditions, order key, months from the key to the due date) per branch; None months:
    the key is the due date itself, never overdue in these lists."""
    if kind in VISIT_KINDS:
        service_kind = VISIT_KINDS[kind]
        last = (
            select(func.max(ServiceVisit.visited_on))
            .where(ServiceVisit.vehicle_id == Vehicle.id, ServiceVisit.kind == service_kind)
            .scalar_subquery()
        )
        if kind is DueKind.MAINTENANCE:  # the same interval from either date: one order
            return [([], func.coalesce(last, Vehicle.first_registration_on), interval_months)]
        return [
            ([last.is_not(None)], last, NEXT_CT_MONTHS),
            ([last.is_(None)], Vehicle.first_registration_on, FIRST_CT_MONTHS),
        ]
    column = Sale.warranty_end_on if kind is DueKind.WARRANTY_END else Sale.financing_end_on
    end = (
        select(func.max(column))
        .where(Sale.vehicle_id == Vehicle.id, Sale.contact_id == Vehicle.owner_contact_id)
        .scalar_subquery()
    )
    return [([], end, None)]


def _intervals(session: Session) -> tuple[int, int]:
    return (
        int(read_setting(session, "service.maintenance_months")),
        int(read_setting(session, "service.maintenance_km")),
    )
