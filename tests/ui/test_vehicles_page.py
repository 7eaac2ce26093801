"""VehiclesPage driven as a user would: filters, plate search, detail pane, links, open_record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import Lifecycle, Role, StockStatus
from dealercrm.services.permissions import Actor
from dealercrm.ui.aftersales.claim_entry import QuickClaimDialog
from dealercrm.ui.context import AppContext
from dealercrm.ui.vehicles.page import VehiclesPage
from dealercrm.ui.workers import SyncExecutor
from tests.unit.test_vehicles_service import add_contact, add_vehicle


def make_page(qtbot: QtBot, db: Database, actor: Actor) -> VehiclesPage:
    page = VehiclesPage(AppContext(db=db, actor=actor, executor=SyncExecutor()))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_stock_is_listed_and_searching_a_plate_lands_on_the_vehicle(
    qtbot: QtBot, db: Database, aftersales: Actor
) -> None:
    owner = add_contact(db, last_name="Durand")
    wanted = add_vehicle(
        db, plate="AB-123-CD", stock_status=StockStatus.CUSTOMER_OWNED, owner_contact_id=owner
    )
    add_vehicle(db, plate="ZZ-999-ZZ", stock_status=StockStatus.IN_STOCK)
    page = make_page(qtbot, db, aftersales)
    assert page.model.rowCount() == 2  # after-sales starts on every vehicle
    assert page.count_label.text() == "2 vehicles"

    qtbot.keyClicks(page.search_edit, "ab123cd")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)

    assert [r.id for r in page.model.rows()] == [wanted]
    qtbot.waitUntil(lambda: "Durand" in page.detail.owner.text())
    assert "AB-123-CD" in page.detail.subtitle.text()
    with qtbot.waitSignal(page.open_requested) as signal:
        page.detail.owner.linkActivated.emit(f"contact:{owner}")
    assert signal.args == ["contact", owner]


def test_status_filter_and_empty_state(qtbot: QtBot, db: Database, salesperson: Actor) -> None:
    add_vehicle(db, stock_status=StockStatus.SOLD)
    page = make_page(qtbot, db, salesperson)
    assert page.model.rowCount() == 0  # salespeople start on the stock: nothing in stock
    assert page.list_stack.currentWidget() is page.empty_label
    assert "No vehicle in stock" in page.empty_label.text()

    page.stock_combo.setCurrentIndex(page.stock_combo.findText("Sold"))

    assert page.model.rowCount() == 1
    assert page.list_stack.currentWidget() is page.table


def test_private_owner_is_not_shown_to_another_salesperson(
    qtbot: QtBot, db: Database, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    colleague = make_user(Role.SALESPERSON)
    prospect = add_contact(db, last_name="Secret", owner=colleague, lifecycle=Lifecycle.PROSPECT)
    add_vehicle(db, stock_status=StockStatus.IN_STOCK, owner_contact_id=prospect)
    page = make_page(qtbot, db, salesperson)

    page.table.selectRow(0)

    owner_column = [c.title for c in page.columns].index("Owner")
    assert page.model.index(0, owner_column).data() == "(private contact)"
    qtbot.waitUntil(lambda: "private contact" in page.detail.owner.text())
    assert "Secret" not in page.detail.owner.text()


def test_open_record_narrows_the_list_to_that_vehicle(qtbot: QtBot, db: Database, manager: Actor) -> None:
    for _ in range(5):
        add_vehicle(db)
    wanted = add_vehicle(db, plate="FG-456-HJ", stock_status=StockStatus.CUSTOMER_OWNED)
    page = make_page(qtbot, db, manager)

    page.open_record(wanted)

    assert page.search_edit.text() == "FG-456-HJ"
    assert [r.id for r in page.model.rows()] == [wanted]
    assert page.table.currentIndex().row() == 0
    assert "FG-456-HJ" in page.detail.identity.text()


def test_a_claim_opened_from_a_vehicle_has_the_car_and_its_owner_chosen(
    qtbot: QtBot, db: Database, aftersales: Actor, marketing: Actor
) -> None:
    owner = add_contact(db, last_name="Durand")
    car = add_vehicle(db, plate="AB-123-CD", stock_status=StockStatus.CUSTOMER_OWNED, owner_contact_id=owner)
    add_vehicle(db, plate="EF-456-GH", stock_status=StockStatus.CUSTOMER_OWNED, owner_contact_id=owner)
    page = make_page(qtbot, db, aftersales)
    page.open_record(car)
    qtbot.waitUntil(lambda: page.detail.claim_button.isVisible())

    page.detail.claim_button.click()

    dialog = page.dialog
    assert isinstance(dialog, QuickClaimDialog) and dialog.isVisible()
    assert "Durand" in dialog.chosen_label.text() and dialog.vehicle_combo.currentData() == car
    assert dialog.focusWidget() is dialog.category_combo  # straight on to what is wrong
    qtbot.keyClicks(dialog.description_edit, "Bruit au freinage")
    with qtbot.waitSignal(dialog.claim_created) as created:
        dialog.save()
    claim = created.args[0]
    assert (claim.row.vehicle_id, claim.row.contact_id) == (car, owner)
    qtbot.waitUntil(
        lambda: (
            "Bruit au freinage" in page.detail.claims.text()
            or f"#{claim.row.id}" in page.detail.claims.text()
        )
    )

    # Someone who may not file claims does not get the button.
    other = make_page(qtbot, db, marketing)
    other.open_record(car)
    qtbot.waitUntil(lambda: "AB-123-CD" in other.detail.identity.text())
    assert not other.detail.claim_button.isVisible()


def test_with_the_threaded_executor_a_search_and_open_record_select_once_the_list_has_them(
    qtbot: QtBot, db: Database, aftersales: Actor
) -> None:
    """The list's pages are fetched off the GUI thread: no "no vehicle" while the first page is on its
    way; the one vehicle a search finds (Enter) and the vehicle opened are selected when they arrive."""
    from dealercrm.ui.workers import Executor

    for _ in range(3):
        add_vehicle(db)
    searched = add_vehicle(db, plate="AB-123-CD", stock_status=StockStatus.CUSTOMER_OWNED)
    opened = add_vehicle(db, plate="FG-456-HJ", stock_status=StockStatus.CUSTOMER_OWNED)
    executor = Executor()
    page = VehiclesPage(AppContext(db=db, actor=aftersales, executor=executor))
    qtbot.addWidget(page)
    assert page.list_stack.currentWidget() is page.table  # loading, not "no vehicle"
    qtbot.waitUntil(lambda: page.model.rowCount() == 5)

    qtbot.keyClicks(page.search_edit, "ab123cd")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.table.currentIndex().row() == 0)
    assert [r.id for r in page.model.rows()] == [searched]

    page.open_record(opened)
    qtbot.waitUntil(lambda: [r.id for r in page.model.rows()] == [opened])
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == 0)
    qtbot.waitUntil(lambda: not executor.busy)  # every answer in: no query runs on after the test
    assert page.search_edit.text() == "FG-456-HJ"
    assert "FG-456-HJ" in page.detail.identity.text()
