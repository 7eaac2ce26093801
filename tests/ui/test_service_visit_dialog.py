"""Logging a service visit from the vehicle page: the dialog saves it and the vehicle's due dates move."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import ServiceKind, StockStatus
from dealercrm.services.due_dates import DueDateService, DueKind, add_months
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.vehicles.page import VehiclesPage
from dealercrm.ui.vehicles.service_visit_dialog import ServiceVisitDialog
from tests.unit.test_vehicles_service import add_contact, add_vehicle


def test_logging_a_maintenance_moves_the_next_maintenance_date(
    qtbot: QtBot, db: Database, aftersales: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    owner = add_contact(db, last_name="Durand")
    car = add_vehicle(
        db,
        plate="AB-123-CD",
        stock_status=StockStatus.CUSTOMER_OWNED,
        owner_contact_id=owner,
        first_registration_on=dt.date(2022, 4, 10),
        mileage_km=9_000,
    )
    page = VehiclesPage(make_ctx(aftersales))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.open_record(car)
    qtbot.waitUntil(lambda: "10/04/2023" in page.detail.dues.text())  # a year after registration
    assert page.detail.visit_button.isVisible()

    page.detail.visit_button.click()

    dialog = page.dialog
    assert isinstance(dialog, ServiceVisitDialog)
    assert dialog.mileage_spin.value() == 9_000  # the odometer as last known
    visited = dt.date.today() - dt.timedelta(days=3)
    dialog.date_edit.setDate(QDate(visited.year, visited.month, visited.day))
    dialog.set_kind(ServiceKind.MAINTENANCE)
    dialog.mileage_spin.setValue(9_500)
    dialog.amount_spin.setValue(189.9)
    dialog.notes_edit.setPlainText("Vidange, filtres")
    with qtbot.waitSignal(dialog.visit_logged):
        dialog.save_button.click()

    assert not dialog.isVisible()
    expected = add_months(visited, 12)
    dues = DueDateService(db.session_factory, actor=aftersales).for_vehicle(vehicle_id=car)
    assert next(d.due_on for d in dues if d.kind is DueKind.MAINTENANCE) == expected
    shown = f"{expected.day:02d}/{expected.month:02d}/{expected.year}"
    qtbot.waitUntil(lambda: shown in page.detail.dues.text())
    assert "9,500 km" in page.detail.identity.text()
    assert "€190" in page.detail.visits.text()  # rounded to the euro in the pane


def test_salespeople_do_not_get_the_button(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    car = add_vehicle(db, plate="FG-456-HJ", stock_status=StockStatus.IN_STOCK)
    page = VehiclesPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()
    page.open_record(car)
    qtbot.waitUntil(lambda: "FG-456-HJ" in page.detail.identity.text())
    assert not page.detail.visit_button.isVisible()
