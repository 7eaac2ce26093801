"""SaleDialog: margin computed as typed, financing end shown, the sale recorded with its trade-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, SignalInstance
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dealercrm.db import Database
from dealercrm.models import Contact, Sale, Vehicle
from dealercrm.models.enums import Financing, Lifecycle, StockStatus, VehicleCondition
from dealercrm.services.permissions import Actor
from dealercrm.services.vehicles import VehicleService
from dealercrm.ui.context import AppContext
from dealercrm.ui.vehicles.sale_dialog import SaleDialog
from dealercrm.ui.workers import Executor
from tests.unit.test_vehicles_service import add_contact, add_vehicle


def test_record_a_sale_with_trade_in_and_loa(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], manager: Actor
) -> None:
    buyer = add_contact(db, last_name="Moreau", first_name="Luc", lifecycle=Lifecycle.PROSPECT)
    car = add_vehicle(
        db,
        make="Renault",
        model="Austral",
        condition=VehicleCondition.NEW,
        list_price=Decimal("33990"),
        purchase_cost=Decimal("28750.40"),
    )
    detail = VehicleService(db.session_factory, actor=manager).get(vehicle_id=car)
    dialog = SaleDialog(make_ctx(manager), detail)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.keyClicks(dialog.find_edit, "moreau")
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    assert dialog.contact_combo.currentData() == buyer
    assert dialog.margin_label.text() == "€5,239.60"
    dialog.price_spin.setValue(32490.90)
    assert dialog.margin() == Decimal("3740.50") and dialog.margin_label.text() == "€3,740.50"
    dialog.sold_on_edit.setDate(QDate(2026, 3, 2))
    dialog.financing_combo.setCurrentIndex(dialog.financing_combo.findData(Financing.LOA))
    assert dialog.months_spin.value() == 37
    assert dialog.financing_end_label.text() == "Ends on Monday, 2 April 2029"
    assert dialog.warranty_end_label.text() == "Warranty until Thursday, 2 March 2028"
    dialog.trade_in_box.setChecked(True)
    qtbot.keyClicks(dialog.trade_make, "Renault")
    qtbot.keyClicks(dialog.trade_model, "Clio")
    qtbot.keyClicks(dialog.trade_plate, "ab123cd")
    dialog.trade_mileage.setValue(98000)
    dialog.trade_value.setValue(6500)

    with qtbot.waitSignal(dialog.sale_recorded, timeout=500, raising=False) as recorded:
        dialog.save_button.click()

    assert recorded.signal_triggered, dialog.error_label.text()
    sale = recorded.args[0]
    assert sale.margin == Decimal("3740.50") and sale.financing_end_on == dt.date(2029, 4, 2)
    with db.session_factory() as s:
        assert s.get_one(Contact, buyer).lifecycle is Lifecycle.CUSTOMER
        assert s.get_one(Vehicle, car).stock_status is StockStatus.CUSTOMER_OWNED
        assert s.get_one(Vehicle, sale.trade_in_vehicle_id).plate == "AB-123-CD"


def test_errors_are_shown_not_raised(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], manager: Actor
) -> None:
    add_contact(db, last_name="Moreau")
    car = add_vehicle(db, purchase_cost=Decimal(100))
    dialog = SaleDialog(
        make_ctx(manager), VehicleService(db.session_factory, actor=manager).get(vehicle_id=car)
    )
    qtbot.addWidget(dialog)
    dialog.save_button.click()
    assert dialog.error_label.text() == "Choose the customer first."
    qtbot.keyClicks(dialog.find_edit, "moreau")
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    dialog.trade_in_box.setChecked(True)  # a trade-in without make or model
    dialog.save_button.click()
    assert "Trade-in make: required" in dialog.error_label.text()


def test_every_mnemonic_label_has_a_buddy(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], manager: Actor
) -> None:
    """A form row holding a layout gets no buddy from addRow(text, layout): "&Customer" showed as is."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    car = add_vehicle(db, purchase_cost=Decimal(100))
    dialog = SaleDialog(
        make_ctx(manager), VehicleService(db.session_factory, actor=manager).get(vehicle_id=car)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.customer_label.buddy() is dialog.find_edit
    assert dialog.financing_label.buddy() is dialog.financing_combo
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and "&" in widget.text().replace("&&", ""):
                assert widget.buddy() is not None, widget.text()


def test_a_deal_saved_since_the_pipeline_showed_it_is_said_then_recorded_on_their_version(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], manager: Actor, salesperson: Actor
) -> None:
    """Won from the pipeline with the deal's version shown: if a colleague moved the deal since, the dialog
    says who and where it stands, records nothing, and "Record sale" again records it on their version."""
    from dealercrm.models import Opportunity, Sale
    from dealercrm.models.enums import Stage
    from dealercrm.services.pipeline import PipelineService

    buyer = add_contact(db, last_name="Moreau", owner=salesperson, lifecycle=Lifecycle.PROSPECT)
    car = add_vehicle(db, purchase_cost=Decimal(20000))
    with db.session_factory.begin() as s:
        opp = Opportunity(contact_id=buyer, owner_id=salesperson.id, title="Austral", stage=Stage.OFFER)
        s.add(opp)
        s.flush()
        opp_id, shown = opp.id, opp.lock_version
    PipelineService(db.session_factory, actor=manager).move_stage(
        opportunity_id=opp_id, stage=Stage.NEGOTIATION, expected_version=shown
    )
    dialog = SaleDialog(
        make_ctx(salesperson),
        VehicleService(db.session_factory, actor=salesperson).get(vehicle_id=car),
        contact_id=buyer,
        contact_name="Moreau",
        opportunity_id=opp_id,
        opportunity_version=shown,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.price_spin.setValue(25000)

    with qtbot.waitSignal(dialog.sale_recorded, timeout=500, raising=False) as first:
        dialog.save_button.click()

    assert not first.signal_triggered and dialog.isVisible()
    message = dialog.error_label.text()
    assert manager.display_name in message and "Negotiation" in message and "again" in message
    with db.session_factory() as s:
        assert s.query(Sale).count() == 0

    with qtbot.waitSignal(dialog.sale_recorded, timeout=500) as second:
        dialog.save_button.click()

    assert second.args[0].contact_id == buyer
    with db.session_factory() as s:
        assert s.get_one(Opportunity, opp_id).stage is Stage.WON


def test_record_pressed_twice_records_one_sale(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    threaded: Executor,
    double_click: Callable[[QAbstractButton, SignalInstance], None],
) -> None:
    """With the app's threaded executor, a double click on "Record sale" records the sale once."""
    add_contact(db, last_name="Moreau", lifecycle=Lifecycle.PROSPECT)
    car = add_vehicle(db, purchase_cost=Decimal(100), list_price=Decimal(15000))
    ctx = AppContext(db=db, actor=manager, executor=threaded, language="en")
    dialog = SaleDialog(ctx, VehicleService(db.session_factory, actor=manager).get(vehicle_id=car))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.find_edit, "moreau")
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.contact_combo.currentData() is not None)

    double_click(dialog.save_button, dialog.sale_recorded)

    with db.session_factory() as s:
        assert s.execute(select(func.count()).select_from(Sale)).scalar_one() == 1
    assert not dialog.error_label.isVisible() or not dialog.error_label.text()
