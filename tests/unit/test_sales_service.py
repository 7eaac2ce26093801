"""Recording a sale: exact margin, the vehicle becomes the buyer's, a prospect becomes a customer, the
opportunity is won, the trade-in enters used stock, the timeline and the audit log say so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Contact, Interaction, Opportunity, Sale, Vehicle
from dealercrm.models.enums import Financing, Lifecycle, ServiceKind, Stage, StockStatus, VehicleCondition
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.sales import SaleService, TradeInInput, compute_margin
from dealercrm.services.settings import dealership_today_of
from dealercrm.services.vehicles import StockFilter, VehicleInput, VehicleService
from tests.unit.test_vehicles_service import add_contact, add_vehicle

SOLD_ON = dt.date(2026, 3, 2)


def test_margin_is_exact_to_the_cent() -> None:
    assert compute_margin(Decimal("24990.10"), Decimal("21345.35")) == Decimal("3644.75")
    assert compute_margin(Decimal("0.30"), Decimal("0.10")) == Decimal("0.20")  # 0.1 + 0.2 never bites


def test_sale_with_trade_in_and_loa(db: Database, salesperson: Actor) -> None:
    prospect = add_contact(db, last_name="Moreau", owner=salesperson, lifecycle=Lifecycle.PROSPECT)
    car = add_vehicle(
        db,
        make="Renault",
        model="Austral",
        plate="GA-456-BC",
        purchase_cost=Decimal("28750.40"),
        list_price=Decimal("33990"),
        condition=VehicleCondition.NEW,
    )
    with db.session_factory.begin() as s:
        opp = Opportunity(
            contact_id=prospect, owner_id=salesperson.id, title="Austral", stage=Stage.NEGOTIATION
        )
        s.add(opp)
        s.flush()
        opp_id = opp.id
    VehicleService(db.session_factory, actor=salesperson).reserve(vehicle_id=car, opportunity_id=opp_id)

    sale = SaleService(db.session_factory, actor=salesperson).record_sale(
        contact_id=prospect,
        vehicle_id=car,
        sold_on=SOLD_ON,
        price=Decimal("32490.90"),
        financing=Financing.LOA,
        financing_months=37,
        warranty_months=24,
        opportunity_id=opp_id,
        trade_in=TradeInInput(
            make="Renault",
            model="Clio",
            plate="ab123cd",
            mileage_km=98_000,
            value_offered=Decimal("6500"),
            condition_notes="Rear bumper scratched",
        ),
    )

    assert sale.cost == Decimal("28750.40") and sale.margin == Decimal("3740.50")
    assert sale.financing_end_on == dt.date(2029, 4, 2) and sale.warranty_end_on == dt.date(2028, 3, 2)
    assert sale.contact_became_customer
    with db.session_factory() as s:
        vehicle = s.get_one(Vehicle, car)
        assert vehicle.stock_status is StockStatus.CUSTOMER_OWNED and vehicle.owner_contact_id == prospect
        assert vehicle.reserved_for_opportunity_id is None
        assert s.get_one(Contact, prospect).lifecycle is Lifecycle.CUSTOMER
        assert s.get_one(Opportunity, opp_id).stage is Stage.WON
        clio = s.get_one(Vehicle, sale.trade_in_vehicle_id)
        assert (clio.plate, clio.stock_status, clio.condition) == (
            "AB-123-CD",
            StockStatus.IN_STOCK,
            VehicleCondition.USED,
        )
        assert clio.purchase_cost == Decimal("6500.00") and clio.in_stock_since == SOLD_ON
        assert s.get_one(Sale, sale.id).trade_in_value == Decimal("6500.00")
        notes = s.scalars(select(Interaction.summary).where(Interaction.contact_id == prospect)).all()
        assert any(
            n and n.startswith("Sale: Renault Austral GA-456-BC") and "LOA 37 months" in n for n in notes
        )
        audited = {e for e in s.scalars(select(AuditEntry.entity))}
        assert {"sales", "vehicles", "contacts", "opportunities"} <= audited
    # The trade-in is in used stock; the sold car appears in both purchase histories.
    stock = VehicleService(db.session_factory, actor=salesperson).list_page(
        stock=StockFilter.STOCK, search="AB123CD"
    )
    assert [v.id for v in stock] == [sale.trade_in_vehicle_id]
    history = SaleService(db.session_factory, actor=salesperson).purchase_history(contact_id=prospect)
    assert [(h.vehicle_id, h.trade_in_label, h.margin) for h in history] == [
        (car, "Renault Clio AB-123-CD", None)
    ]


def test_cost_defaults_to_purchase_cost_and_must_exist(db: Database, manager: Actor) -> None:
    buyer = add_contact(db)
    no_cost = add_vehicle(db)
    with pytest.raises(ValidationError) as err:
        SaleService(db.session_factory, actor=manager).record_sale(
            contact_id=buyer, vehicle_id=no_cost, sold_on=SOLD_ON, price=Decimal(10_000)
        )
    assert "cost" in err.value.errors
    sale = SaleService(db.session_factory, actor=manager).record_sale(
        contact_id=buyer, vehicle_id=no_cost, sold_on=SOLD_ON, price=Decimal(10_000), cost=Decimal("10250")
    )
    assert sale.margin == Decimal("-250.00") and not sale.contact_became_customer  # already a customer


def test_a_sold_or_reserved_elsewhere_vehicle_cannot_be_sold(db: Database, manager: Actor) -> None:
    buyer = add_contact(db)
    owned = add_vehicle(db, stock_status=StockStatus.CUSTOMER_OWNED, purchase_cost=Decimal(1))
    with pytest.raises(ValidationError) as err:
        SaleService(db.session_factory, actor=manager).record_sale(
            contact_id=buyer, vehicle_id=owned, sold_on=SOLD_ON, price=Decimal(1)
        )
    assert err.value.errors == {"vehicle": "this vehicle is not in stock"}


def test_financing_needs_its_months(db: Database, manager: Actor) -> None:
    car = add_vehicle(db, purchase_cost=Decimal(1))
    with pytest.raises(ValidationError) as err:
        SaleService(db.session_factory, actor=manager).record_sale(
            contact_id=add_contact(db),
            vehicle_id=car,
            sold_on=SOLD_ON,
            price=Decimal(2),
            financing=Financing.LLD,
        )
    assert "financing_months" in err.value.errors


def test_after_sales_may_not_sell_but_logs_service_visits(db: Database, aftersales: Actor) -> None:
    car = add_vehicle(db, purchase_cost=Decimal(1), mileage_km=10_000)
    with pytest.raises(PermissionDenied):
        SaleService(db.session_factory, actor=aftersales).record_sale(
            contact_id=add_contact(db), vehicle_id=car, sold_on=SOLD_ON, price=Decimal(2)
        )
    visit = SaleService(db.session_factory, actor=aftersales).record_service_visit(
        vehicle_id=car,
        visited_on=SOLD_ON,
        kind=ServiceKind.MAINTENANCE,
        mileage_km=25_000,
        amount=Decimal("189.90"),
    )
    assert visit.amount == Decimal("189.90")
    assert VehicleService(db.session_factory, actor=aftersales).get(vehicle_id=car).mileage_km == 25_000


def test_vehicle_form_validation_errors_are_per_field(db: Database, manager: Actor) -> None:
    service = VehicleService(db.session_factory, actor=manager)
    with pytest.raises(ValidationError) as err:
        service.create(
            data=VehicleInput(
                make="",
                model="208",
                condition=VehicleCondition.NEW,
                vin="1M8GDM9A5KP042788",
                plate="AB-12-C",
                mileage_km=-5,
            )
        )
    assert set(err.value.errors) == {"make", "vin", "plate", "mileage_km"}
    created = service.create(
        data=VehicleInput(
            make="Peugeot",
            model="208",
            condition=VehicleCondition.NEW,
            vin="vf3lcyhzpjs123456",
            plate="ab123cd",
            list_price=Decimal(23200),
            purchase_cost=Decimal(20100),
        ),
        today=SOLD_ON,
    )
    assert created.row.vin == "VF3LCYHZPJS123456" and created.row.plate == "AB-123-CD"
    assert created.row.expected_margin == Decimal(3100) and created.row.days_in_stock == 0
    with pytest.raises(ValidationError) as dup:
        service.create(
            data=VehicleInput(
                make="Peugeot", model="208", condition=VehicleCondition.NEW, vin="VF3LCYHZPJS123456"
            )
        )
    assert "already recorded" in dup.value.errors["vin"]


def test_a_service_visit_moves_the_due_dates_and_is_audited(
    db: Database, aftersales: Actor, salesperson: Actor
) -> None:
    from dealercrm.services.due_dates import DueDateService, DueKind

    owner = add_contact(db)
    car = add_vehicle(
        db,
        stock_status=StockStatus.CUSTOMER_OWNED,
        owner_contact_id=owner,
        first_registration_on=dt.date(2021, 5, 10),
        mileage_km=40_000,
    )
    dues = DueDateService(db.session_factory, actor=aftersales)

    def due(kind: DueKind) -> dt.date:
        return next(d.due_on for d in dues.for_vehicle(vehicle_id=car) if d.kind is kind)

    assert due(DueKind.MAINTENANCE) == dt.date(2022, 5, 10)  # never maintained: a year after registration
    service = SaleService(db.session_factory, actor=aftersales)
    service.record_service_visit(
        vehicle_id=car, visited_on=SOLD_ON, kind=ServiceKind.MAINTENANCE, mileage_km=41_000
    )
    service.record_service_visit(vehicle_id=car, visited_on=SOLD_ON, kind=ServiceKind.TECHNICAL_INSPECTION)
    assert due(DueKind.MAINTENANCE) == dt.date(2027, 3, 2)
    assert due(DueKind.TECHNICAL_INSPECTION) == dt.date(2028, 3, 2)
    with db.session_factory() as s:
        audited = set(s.scalars(select(AuditEntry.entity).where(AuditEntry.user_id == aftersales.id)))
    assert any("service" in entity.lower() for entity in audited), audited
    with pytest.raises(ValidationError) as caught:
        service.record_service_visit(
            vehicle_id=car,
            visited_on=dealership_today_of(db.session_factory) + dt.timedelta(days=1),
            kind=ServiceKind.REPAIR,
        )
    assert "visited_on" in caught.value.errors
    with pytest.raises(PermissionDenied):
        SaleService(db.session_factory, actor=salesperson).record_service_visit(
            vehicle_id=car, visited_on=SOLD_ON, kind=ServiceKind.REPAIR
        )


def test_a_sale_on_a_deal_saved_since_it_was_shown_is_refused_then_recorded_knowingly(
    db: Database, salesperson: Actor, manager: Actor
) -> None:
    """The pipeline shows the deal at version N; a manager moves it meanwhile. Recording the sale with the
    version shown says who changed it and where it stands, and saves nothing; recording it on their
    version (the one the message gives) goes through."""
    from dealercrm.services.errors import ConflictError
    from dealercrm.services.pipeline import PipelineService

    prospect = add_contact(db, last_name="Moreau", owner=salesperson, lifecycle=Lifecycle.PROSPECT)
    car = add_vehicle(db, purchase_cost=Decimal("20000"))
    with db.session_factory.begin() as s:
        opp = Opportunity(contact_id=prospect, owner_id=salesperson.id, title="Austral", stage=Stage.OFFER)
        s.add(opp)
        s.flush()
        opp_id, shown = opp.id, opp.lock_version
    PipelineService(db.session_factory, actor=manager).move_stage(
        opportunity_id=opp_id, stage=Stage.NEGOTIATION, expected_version=shown
    )
    sales = SaleService(db.session_factory, actor=salesperson)

    def record(version: int) -> int:
        return sales.record_sale(
            contact_id=prospect,
            vehicle_id=car,
            sold_on=SOLD_ON,
            price=Decimal("25000"),
            opportunity_id=opp_id,
            opportunity_version=version,
        ).id

    with pytest.raises(ConflictError) as refused:
        record(shown)

    assert manager.display_name in str(refused.value) and "Negotiation" in str(refused.value)
    with db.session_factory() as s:
        assert s.scalars(select(Sale)).all() == []
        assert s.get_one(Vehicle, car).stock_status is StockStatus.IN_STOCK
        opp_now = s.get_one(Opportunity, opp_id)
        assert opp_now.stage is Stage.NEGOTIATION and opp_now.lock_version == shown + 1
        assert s.get_one(Contact, prospect).lifecycle is Lifecycle.PROSPECT

    sale_id = record(shown + 1)

    with db.session_factory() as s:
        assert s.get_one(Opportunity, opp_id).stage is Stage.WON
        assert s.get_one(Sale, sale_id).opportunity_id == opp_id
