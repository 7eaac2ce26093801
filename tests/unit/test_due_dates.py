"""Due-date rules on boundary dates, and the SQL lists / segment clauses that use them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Contact, Sale, ServiceVisit
from dealercrm.models.enums import Financing, Lifecycle, ServiceKind, StockStatus
from dealercrm.services.due_dates import (
    DueDateService,
    DueKind,
    add_months,
    contacts_due_clause,
    financing_end_on,
    is_due_within,
    latest_start,
    maintenance_due,
    technical_inspection_due,
)
from dealercrm.services.permissions import Actor
from tests.unit.test_vehicles_service import add_contact, add_vehicle

TODAY = dt.date(2026, 3, 2)


def test_first_ct_is_due_on_the_fourth_anniversary_with_a_six_month_window() -> None:
    due = technical_inspection_due(first_registration_on=dt.date(2022, 6, 15), last_inspection_on=None)
    assert due is not None
    assert due.due_on == dt.date(2026, 6, 15)
    assert due.window_opens_on == dt.date(2025, 12, 15)


def test_then_every_two_years_from_the_last_one_recorded() -> None:
    # Done early in the window: the next one counts from the CT actually recorded, not the anniversary.
    due = technical_inspection_due(
        first_registration_on=dt.date(2022, 6, 15), last_inspection_on=dt.date(2026, 1, 10)
    )
    assert due is not None and due.due_on == dt.date(2028, 1, 10) and due.window_opens_on is None


def test_leap_day_anniversaries() -> None:
    first = technical_inspection_due(first_registration_on=dt.date(2020, 2, 29), last_inspection_on=None)
    assert first is not None and first.due_on == dt.date(2024, 2, 29)  # 2024 is a leap year
    nxt = technical_inspection_due(first_registration_on=None, last_inspection_on=dt.date(2024, 2, 29))
    assert nxt is not None and nxt.due_on == dt.date(2026, 2, 28)
    window = technical_inspection_due(first_registration_on=dt.date(2021, 8, 31), last_inspection_on=None)
    assert window is not None and window.window_opens_on == dt.date(2025, 2, 28)


def test_no_dates_no_ct() -> None:
    assert technical_inspection_due(first_registration_on=None, last_inspection_on=None) is None


def test_maintenance_by_date_or_by_mileage() -> None:
    by_date = maintenance_due(
        first_registration_on=dt.date(2023, 1, 10),
        last_maintenance_on=dt.date(2025, 3, 2),
        last_maintenance_km=30_000,
        current_km=40_000,
        interval_months=12,
        interval_km=15_000,
    )
    assert by_date is not None and by_date.due_on == dt.date(2026, 3, 2) and by_date.due_at_km == 45_000
    assert not by_date.due_by_mileage
    assert is_due_within(by_date, today=TODAY, days=0)  # due today: boundary included
    assert not is_due_within(by_date, today=TODAY - dt.timedelta(days=1), days=0)
    by_km = maintenance_due(
        first_registration_on=dt.date(2023, 1, 10),
        last_maintenance_on=dt.date(2025, 12, 1),
        last_maintenance_km=30_000,
        current_km=45_000,
        interval_months=12,
        interval_km=15_000,
    )
    assert by_km is not None and by_km.due_by_mileage and is_due_within(by_km, today=TODAY, days=0)
    never = maintenance_due(
        first_registration_on=dt.date(2025, 9, 1),
        last_maintenance_on=None,
        last_maintenance_km=None,
        current_km=3000,
        interval_months=12,
        interval_km=15_000,
    )
    assert never is not None and never.due_on == dt.date(2026, 9, 1)


def test_financing_end_and_month_ends() -> None:
    assert financing_end_on(dt.date(2026, 1, 31), Financing.LOA, 37) == dt.date(2029, 2, 28)
    assert financing_end_on(dt.date(2026, 1, 31), Financing.CASH, 37) is None
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert latest_start(dt.date(2026, 2, 28), 24) == dt.date(2024, 2, 29)


def _owned(db: Database, owner: int, **kw: object) -> int:
    return add_vehicle(db, stock_status=StockStatus.CUSTOMER_OWNED, owner_contact_id=owner, **kw)


def _visit(db: Database, vehicle_id: int, kind: ServiceKind, on: dt.date, km: int | None = None) -> None:
    with db.session_factory.begin() as s:
        s.add(ServiceVisit(vehicle_id=vehicle_id, kind=kind, visited_on=on, mileage_km=km))


def test_due_lists_in_sql_match_the_rules(db: Database, manager: Actor) -> None:
    owner = add_contact(db, last_name="Durand")
    ct_first = _owned(
        db, owner, first_registration_on=dt.date(2022, 3, 20), plate="AA-001-AA"
    )  # due 2026-03-20
    ct_later = _owned(db, owner, first_registration_on=dt.date(2018, 1, 1), plate="AA-002-AA")
    _visit(db, ct_later, ServiceKind.TECHNICAL_INSPECTION, dt.date(2024, 3, 25))  # next 2026-03-25
    not_yet = _owned(db, owner, first_registration_on=dt.date(2022, 5, 1), plate="AA-003-AA")  # 2026-05-01
    add_vehicle(db, first_registration_on=dt.date(2018, 1, 1))  # in stock: not followed up
    service = DueDateService(db.session_factory, actor=manager)

    rows = service.due_within(kind=DueKind.TECHNICAL_INSPECTION, within_days=30, today=TODAY)

    assert [(r.vehicle_id, r.due_on) for r in rows] == [
        (ct_first, dt.date(2026, 3, 20)),
        (ct_later, dt.date(2026, 3, 25)),
    ]
    assert rows[0].owner_name == "Paul Durand"
    assert not_yet not in {r.vehicle_id for r in rows}
    # No maintenance recorded: due 12 months after the first registration, long ago.
    assert [d.kind for d in service.for_vehicle(vehicle_id=ct_later)] == [
        DueKind.MAINTENANCE,
        DueKind.TECHNICAL_INSPECTION,
    ]


def test_lease_end_segment_clause(db: Database, manager: Actor) -> None:
    ending = add_contact(db, last_name="Leblanc")
    later = add_contact(db, last_name="Petit")
    sold_elsewhere = add_contact(db, last_name="Roux")
    for contact, end, keeps in (
        (ending, dt.date(2026, 7, 1), True),
        (later, dt.date(2027, 1, 1), True),
        (sold_elsewhere, dt.date(2026, 6, 1), False),
    ):
        vehicle = _owned(db, contact if keeps else ending)
        with db.session_factory.begin() as s:
            s.add(
                Sale(
                    contact_id=contact,
                    vehicle_id=vehicle,
                    sold_on=dt.date(2023, 1, 1),
                    price=Decimal(1),
                    cost=Decimal(1),
                    margin=Decimal(0),
                    financing=Financing.LOA,
                    financing_months=36,
                    financing_end_on=end,
                )
            )
    clause = contacts_due_clause(DueKind.FINANCING_END, today=TODAY, within_days=183)
    with db.session_factory() as s:
        found = set(s.scalars(select(Contact.id).where(clause, Contact.lifecycle == Lifecycle.CUSTOMER)))
    # The buyer who no longer owns the car is not called about its lease.
    assert found == {ending}
    rows = DueDateService(db.session_factory, actor=manager).due_within(
        kind=DueKind.FINANCING_END, within_days=183, today=TODAY
    )
    assert [r.due_on for r in rows] == [dt.date(2026, 7, 1)]


def test_due_soon_merges_every_kind_for_the_salespersons_own_customers(
    db: Database, manager: Actor, salesperson: Actor
) -> None:
    mine = add_contact(db, last_name="Mine", owner=salesperson)
    theirs = add_contact(db, last_name="Theirs")  # a shared customer, not the salesperson's
    ct = _owned(db, mine, first_registration_on=dt.date(2022, 3, 20))  # first CT 2026-03-20
    serviced = _owned(db, mine, first_registration_on=dt.date(2020, 1, 1))
    _visit(db, serviced, ServiceKind.MAINTENANCE, dt.date(2025, 3, 10), km=30_000)  # next 2026-03-10
    _visit(db, serviced, ServiceKind.TECHNICAL_INSPECTION, dt.date(2025, 1, 5))  # next 2027
    lapsed = _owned(db, theirs, first_registration_on=dt.date(2015, 1, 1))
    _visit(db, lapsed, ServiceKind.TECHNICAL_INSPECTION, dt.date(2023, 6, 1))  # overdue since 2025-06-01
    _visit(db, lapsed, ServiceKind.MAINTENANCE, dt.date(2025, 2, 20))  # overdue since 2026-02-20
    with db.session_factory.begin() as s:
        s.add(
            Sale(
                contact_id=theirs,
                vehicle_id=lapsed,
                sold_on=dt.date(2023, 4, 1),
                price=Decimal(10000),
                cost=Decimal(9000),
                margin=Decimal(1000),
                financing=Financing.LOA,
                financing_end_on=dt.date(2026, 4, 1),
            )
        )

    def due(actor: Actor, **kw: object) -> list[tuple[int, DueKind, dt.date]]:
        rows = DueDateService(db.session_factory, actor=actor).due_soon(today=TODAY, **kw)  # type: ignore[arg-type]
        return [(r.vehicle_id, r.kind, r.due_on) for r in rows]

    assert due(salesperson, within_days=30) == [
        (serviced, DueKind.MAINTENANCE, dt.date(2026, 3, 10)),
        (ct, DueKind.TECHNICAL_INSPECTION, dt.date(2026, 3, 20)),
    ]
    # The manager sees every customer; the CT lapsed for nine months is left out (90 days at most),
    # the lease end counts with its own window.
    assert due(manager, within_days=30, financing_within_days=31) == [
        (lapsed, DueKind.MAINTENANCE, dt.date(2026, 2, 20)),
        (serviced, DueKind.MAINTENANCE, dt.date(2026, 3, 10)),
        (ct, DueKind.TECHNICAL_INSPECTION, dt.date(2026, 3, 20)),
        (lapsed, DueKind.FINANCING_END, dt.date(2026, 4, 1)),
    ]
    everything = due(manager, within_days=30, overdue_days=None)
    assert (lapsed, DueKind.TECHNICAL_INSPECTION, dt.date(2025, 6, 1)) in everything
    assert (ct, DueKind.MAINTENANCE, dt.date(2023, 3, 20)) == everything[0]  # never maintained here
    assert DueDateService(db.session_factory, actor=manager).for_vehicles(vehicle_ids=[ct, serviced]) == {
        ct: DueDateService(db.session_factory, actor=manager).for_vehicle(vehicle_id=ct),
        serviced: DueDateService(db.session_factory, actor=manager).for_vehicle(vehicle_id=serviced),
    }
