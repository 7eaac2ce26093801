"""Sophie's journey with the keyboard only: a plate typed as "ab123cd", a complaint logged, assigned to
the workshop chief, then resolved and closed."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import ClaimCategory, ClaimStatus, Role, Severity
from dealercrm.services.claims import ClaimService
from dealercrm.services.permissions import Actor
from dealercrm.ui.aftersales import page as page_module
from dealercrm.ui.aftersales.claim_entry import QuickClaimDialog
from dealercrm.ui.aftersales.page import AfterSalesPage
from dealercrm.ui.context import AppContext
from tests.backends import needs_pg_search
from tests.unit.test_vehicles_service import add_contact, add_vehicle


def focused() -> object:
    return QApplication.focusWidget()


@needs_pg_search
def test_log_a_complaint_from_a_plate_with_the_keyboard_only_then_resolve_and_close(
    qtbot: QtBot,
    db: Database,
    make_ctx: Callable[[Actor], AppContext],
    aftersales: Actor,
    make_user: Callable[..., Actor],
    monkeypatch,
) -> None:
    chief = make_user(Role.AFTERSALES, display_name="Bernard Atelier")
    owner = add_contact(db, last_name="Durand")
    car = add_vehicle(db, make="Renault", model="Clio", plate="AB-123-CD", owner_contact_id=owner)
    add_vehicle(db, make="Peugeot", model="208", plate="AB-124-CD", owner_contact_id=owner)
    page = AfterSalesPage(make_ctx(aftersales))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.category_combo.setFocus()

    # Ctrl+N opens the quick entry with the focus in the find box.
    qtbot.keyClick(page.category_combo, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog: QuickClaimDialog = page.entry_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: focused() is dialog.find_edit)

    qtbot.keyClicks(dialog.find_edit, "ab123cd")
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)  # the only match is picked
    qtbot.waitUntil(lambda: dialog.vehicle_combo.currentData() == car)
    assert dialog.chosen_label.text() == "Paul Durand"
    assert focused() is dialog.category_combo

    qtbot.keyClick(dialog.category_combo, Qt.Key.Key_Home)  # Mechanical is the first category
    qtbot.keyClick(dialog.category_combo, Qt.Key.Key_Tab)
    assert focused() is dialog.severity_combo
    qtbot.keyClick(dialog.severity_combo, Qt.Key.Key_Down)  # medium -> high
    qtbot.keyClick(dialog.severity_combo, Qt.Key.Key_Tab)
    assert focused() is dialog.channel_combo  # phone is already chosen
    qtbot.keyClick(dialog.channel_combo, Qt.Key.Key_Tab)
    assert focused() is dialog.description_edit
    qtbot.keyClicks(dialog.description_edit, "Rattle after the repair")
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Tab)
    assert focused() is dialog.assignee_combo
    while dialog.assignee_combo.currentText() != "Bernard Atelier":
        qtbot.keyClick(dialog.assignee_combo, Qt.Key.Key_Down)
    assert "16 working hours" in dialog.deadline_label.text()

    with qtbot.waitSignal(dialog.claim_created) as created:
        qtbot.keyClick(dialog.assignee_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    claim = created.args[0]
    assert (claim.row.category, claim.row.severity) == (ClaimCategory.MECHANICAL, Severity.HIGH)
    assert claim.row.vehicle_id == car and claim.row.contact_id == owner
    assert claim.row.assignee_id == chief.id and claim.description == "Rattle after the repair"
    assert not dialog.isVisible()
    assert page.model.row_at(0) is not None and page.model.row_at(0).id == claim.row.id
    qtbot.waitUntil(lambda: "Rattle after the repair" in page.detail.left.toPlainText())

    # Resolve, then close, from the detail pane's buttons (keyboard: focus the button, press Space).
    def fake_exec(dialog: page_module.ResolveDialog) -> int:
        if not dialog.resolution_edit.toPlainText():  # closing shows the resolution again
            qtbot.keyClicks(dialog.resolution_edit, "Heat shield refastened")
        dialog.goodwill_spin.setValue(120)
        dialog.satisfaction_spin.setValue(4)
        return page_module.QDialog.DialogCode.Accepted

    monkeypatch.setattr(page_module.ResolveDialog, "exec", fake_exec)
    resolve = page.detail.findChild(QPushButton, "transition_resolved")
    resolve.setFocus()
    with qtbot.waitSignal(page.status_message):
        qtbot.keyClick(resolve, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.detail.findChild(QPushButton, "transition_closed") is not None)
    close = page.detail.findChild(QPushButton, "transition_closed")
    close.setFocus()
    with qtbot.waitSignal(page.status_message):
        qtbot.keyClick(close, Qt.Key.Key_Space)

    detail = ClaimService(db.session_factory, actor=aftersales).get(claim_id=claim.row.id)
    assert detail.row.status is ClaimStatus.CLOSED
    assert detail.resolution == "Heat shield refastened" and detail.goodwill_cost == Decimal("120.00")
    assert detail.satisfaction == 4
    assert [e.to_status for e in detail.events if e.to_status] == [
        ClaimStatus.OPEN,
        ClaimStatus.RESOLVED,
        ClaimStatus.CLOSED,
    ]


def _open(qtbot: QtBot, dialog: QuickClaimDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: focused() is dialog.find_edit)


@needs_pg_search
def test_several_matches_are_chosen_with_the_arrows(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], aftersales: Actor
) -> None:
    add_contact(db, last_name="Durand", first_name="Paul")
    add_contact(db, last_name="Durand", first_name="Marie")
    dialog = QuickClaimDialog(make_ctx(aftersales))
    _open(qtbot, dialog)
    qtbot.keyClicks(dialog.find_edit, "durand")
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.results.count() == 2)
    assert focused() is dialog.results and dialog.results.currentRow() == 0
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
    second = dialog.results.item(1).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert dialog.values()["contact_id"] == second.contact_id
    assert dialog.chosen_label.text() == second.title
    assert focused() is dialog.category_combo and dialog.isVisible()


def test_saving_without_customer_or_description_says_so(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], aftersales: Actor
) -> None:
    dialog = QuickClaimDialog(make_ctx(aftersales))
    _open(qtbot, dialog)
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.error_label.text() == "Find the customer or the vehicle first."
    assert dialog.isVisible()
