"""VehicleService on a real SQLite database: filters, keyset paging, plate/VIN search, visibility."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealercrm.db import Database
from dealercrm.models import Claim, Contact, Sale, ServiceVisit, Vehicle, utcnow
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    Lifecycle,
    Role,
    ServiceKind,
    Severity,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.errors import NotFound
from dealercrm.services.permissions import Actor, contact_visible
from dealercrm.services.vehicles import StockFilter, VehicleService, normalise_search

TODAY = dt.date(2026, 3, 2)
_vins = itertools.count(1)


def add_contact(db: Database, *, last_name: str = "Martin", owner: Actor | None = None, **kw: Any) -> int:
    with db.session_factory.begin() as s:
        contact = Contact(
            kind=ContactKind.PERSON,
            first_name=kw.pop("first_name", "Paul"),
            last_name=last_name,
            owner_id=owner.id if owner else None,
            lifecycle=kw.pop("lifecycle", Lifecycle.CUSTOMER),
            **kw,
        )
        s.add(contact)
        s.flush()
        return contact.id


def add_vehicle(db: Database, **kw: Any) -> int:
    values: dict[str, Any] = {
        "make": "Renault",
        "model": "Clio",
        "condition": VehicleCondition.USED,
        "stock_status": StockStatus.IN_STOCK,
        "vin": f"VF1{next(_vins):014d}",
    }
    values.update(kw)
    with db.session_factory.begin() as s:
        vehicle = Vehicle(**values)
        s.add(vehicle)
        s.flush()
        return vehicle.id


def service(db: Database, actor: Actor) -> VehicleService:
    return VehicleService(db.session_factory, actor=actor)


def walk(fetch: Callable[[Any, int], list[Any]], limit: int) -> list[Any]:
    """Every row of a keyset list, page by page."""
    rows: list[Any] = []
    after = None
    while True:
        page = fetch(after, limit)
        rows.extend(page)
        if len(page) < limit:
            return rows
        after = page[-1]


def test_stock_filter_shows_in_stock_and_reserved(db: Database, salesperson: Actor) -> None:
    in_stock = add_vehicle(db, stock_status=StockStatus.IN_STOCK)
    reserved = add_vehicle(db, stock_status=StockStatus.RESERVED)
    sold = add_vehicle(db, stock_status=StockStatus.SOLD)
    owned = add_vehicle(db, stock_status=StockStatus.CUSTOMER_OWNED)
    svc = service(db, salesperson)

    assert {r.id for r in svc.list_page(stock=StockFilter.STOCK)} == {in_stock, reserved}
    assert [r.id for r in svc.list_page(stock=StockFilter.SOLD)] == [sold]
    assert [r.id for r in svc.list_page(stock=StockFilter.CUSTOMER_OWNED)] == [owned]
    assert {r.id for r in svc.list_page(stock=StockFilter.ALL)} == {in_stock, reserved, sold, owned}


def test_condition_and_make_filters(db: Database, manager: Actor) -> None:
    new_peugeot = add_vehicle(db, make="Peugeot", model="3008", condition=VehicleCondition.NEW)
    add_vehicle(db, make="Peugeot", model="208", condition=VehicleCondition.USED)
    add_vehicle(db, make="Renault", model="Clio", condition=VehicleCondition.NEW)
    svc = service(db, manager)

    rows = svc.list_page(condition=VehicleCondition.NEW, make="Peugeot")
    assert [r.id for r in rows] == [new_peugeot]
    assert svc.makes() == ["Peugeot", "Renault"]


def test_pages_follow_each_other_in_make_model_order_without_gaps(db: Database, manager: Actor) -> None:
    ids = [
        add_vehicle(db, make=make, model=model) for make in ("Dacia", "Peugeot") for model in ("A", "B", "C")
    ]
    ids += [add_vehicle(db, make="Dacia", model="B") for _ in range(3)]
    svc = service(db, manager)

    rows = walk(lambda after, limit: svc.list_page(after=after, limit=limit), 4)

    assert sorted(r.id for r in rows) == sorted(ids)
    assert [(r.make, r.model, r.id) for r in rows] == sorted((r.make, r.model, r.id) for r in rows)


@pytest.mark.parametrize("typed", ["AB-123-CD", "ab123cd", "ab 123 cd", "AB1", "ab-12"])
def test_plate_search_ignores_case_dashes_and_matches_prefixes(
    db: Database, aftersales: Actor, typed: str
) -> None:
    wanted = add_vehicle(db, plate="AB-123-CD", stock_status=StockStatus.CUSTOMER_OWNED)
    add_vehicle(db, plate="AC-123-CD", stock_status=StockStatus.CUSTOMER_OWNED)

    rows = service(db, aftersales).list_page(stock=StockFilter.ALL, search=typed)

    assert [r.id for r in rows] == [wanted]


def test_vin_search_by_prefix_or_whole_vin_in_any_case(db: Database, aftersales: Actor) -> None:
    wanted = add_vehicle(db, vin="WVWZZZ1KZAW000123")
    add_vehicle(db, vin="VF1ZZZ1KZAW000123")
    svc = service(db, aftersales)

    assert [r.id for r in svc.list_page(search="wvwzzz")] == [wanted]
    assert [r.id for r in svc.list_page(search="wvwzzz1kzaw000123")] == [wanted]
    assert svc.list_page(search="XYZ") == []


def test_normalise_search() -> None:
    assert normalise_search(" ab-123 cd ") == "AB123CD"
    assert normalise_search("--") == ""


def test_days_in_stock_only_for_vehicles_in_stock(db: Database, manager: Actor) -> None:
    add_vehicle(db, model="A", in_stock_since=TODAY - dt.timedelta(days=45), list_price=Decimal("18990"))
    add_vehicle(db, model="B", stock_status=StockStatus.SOLD, in_stock_since=TODAY - dt.timedelta(days=90))

    rows = service(db, manager).list_page(stock=StockFilter.ALL, today=TODAY)

    assert [(r.model, r.days_in_stock) for r in rows] == [("A", 45), ("B", None)]
    assert rows[0].list_price == Decimal("18990.00")


def test_salesperson_does_not_see_the_owner_name_of_another_salespersons_prospect(
    db: Database, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    colleague = make_user(Role.SALESPERSON)
    private = add_contact(db, last_name="Secret", owner=colleague, lifecycle=Lifecycle.PROSPECT)
    shared = add_contact(db, last_name="Durand", owner=colleague, lifecycle=Lifecycle.CUSTOMER)
    hidden_car = add_vehicle(db, model="A", owner_contact_id=private, stock_status=StockStatus.CUSTOMER_OWNED)
    add_vehicle(db, model="B", owner_contact_id=shared, stock_status=StockStatus.CUSTOMER_OWNED)

    rows = service(db, salesperson).list_page(stock=StockFilter.ALL)

    assert [(r.owner_id, r.owner_name, r.has_owner) for r in rows] == [
        (None, None, True),
        (shared, "Paul Durand", True),
    ]
    detail = service(db, salesperson).get(vehicle_id=hidden_car)
    assert detail.row.owner_name is None


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    role=st.sampled_from(list(Role)),
    owned_by=st.sampled_from(["actor", "colleague", "nobody"]),
    lifecycle=st.sampled_from(list(Lifecycle)),
)
def test_owner_name_is_shown_exactly_when_the_contact_is_visible(
    db: Database, make_user: Callable[..., Actor], role: Role, owned_by: str, lifecycle: Lifecycle
) -> None:
    actor = make_user(role)
    colleague = make_user(Role.SALESPERSON)
    owner = {"actor": actor, "colleague": colleague, "nobody": None}[owned_by]
    contact_id = add_contact(db, last_name="Owner", owner=owner, lifecycle=lifecycle)
    vehicle_id = add_vehicle(db, owner_contact_id=contact_id, stock_status=StockStatus.CUSTOMER_OWNED)

    row = service(db, actor).get(vehicle_id=vehicle_id).row

    visible = contact_visible(actor, owner_id=owner.id if owner else None, lifecycle=lifecycle)
    assert (row.owner_id == contact_id) is visible
    assert (row.owner_name == "Paul Owner") is visible


def test_detail_has_sales_visits_and_open_claims(db: Database, manager: Actor, salesperson: Actor) -> None:
    buyer = add_contact(db, last_name="Durand")
    vehicle_id = add_vehicle(
        db,
        plate="AB-123-CD",
        stock_status=StockStatus.CUSTOMER_OWNED,
        owner_contact_id=buyer,
        purchase_cost=Decimal("15000"),
        mileage_km=42000,
    )
    now = utcnow()
    with db.session_factory.begin() as s:
        s.add(
            Sale(
                contact_id=buyer,
                vehicle_id=vehicle_id,
                salesperson_id=salesperson.id,
                sold_on=dt.date(2025, 5, 1),
                price=Decimal("18000"),
                cost=Decimal("15000"),
                margin=Decimal("3000"),
            )
        )
        s.add(
            ServiceVisit(
                vehicle_id=vehicle_id,
                contact_id=buyer,
                visited_on=dt.date(2026, 1, 10),
                kind=ServiceKind.MAINTENANCE,
            )
        )
        for status in (ClaimStatus.IN_PROGRESS, ClaimStatus.CLOSED):
            s.add(
                Claim(
                    contact_id=buyer,
                    vehicle_id=vehicle_id,
                    category=ClaimCategory.MECHANICAL,
                    severity=Severity.HIGH,
                    channel=Channel.PHONE,
                    description="Rattle",
                    status=status,
                    due_at=now + dt.timedelta(hours=16),
                )
            )

    detail = service(db, manager).get(vehicle_id=vehicle_id)

    assert detail.row.owner_name == "Paul Durand"
    assert [(s.price, s.salesperson_name, s.trade_in) for s in detail.sales] == [
        (Decimal("18000.00"), "Julie Vendeuse", False)
    ]
    assert [v.kind for v in detail.visits] == [ServiceKind.MAINTENANCE]
    assert [c.status for c in detail.open_claims] == [ClaimStatus.IN_PROGRESS]
    assert detail.purchase_cost == Decimal("15000.00")
    assert detail.mileage_km == 42000
    # A salesperson does not see what the dealership paid for the car.
    assert service(db, salesperson).get(vehicle_id=vehicle_id).purchase_cost is None


def test_marketing_reads_vehicles_but_not_their_sales_or_claims(db: Database, marketing: Actor) -> None:
    vehicle_id = add_vehicle(db)

    detail = service(db, marketing).get(vehicle_id=vehicle_id)

    assert not detail.sales_visible and detail.sales == ()
    assert not detail.claims_visible and detail.open_claims == ()


def test_unknown_vehicle_is_not_found(db: Database, manager: Actor) -> None:
    with pytest.raises(NotFound):
        service(db, manager).get(vehicle_id=999)
