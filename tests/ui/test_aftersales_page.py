"""AfterSalesPage: queues, overdue text, detail pane, a status change through the real widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import utcnow
from dealercrm.models.enums import ClaimCategory, ClaimStatus
from dealercrm.services.claims import ClaimService
from dealercrm.services.permissions import Actor
from dealercrm.ui.aftersales.page import AfterSalesPage, overdue_text
from dealercrm.ui.context import AppContext
from dealercrm.ui.workers import SyncExecutor
from tests.unit.test_claims_service import add_claim
from tests.unit.test_vehicles_service import add_contact


def make_page(qtbot: QtBot, db: Database, actor: Actor) -> AfterSalesPage:
    page = AfterSalesPage(AppContext(db=db, actor=actor, executor=SyncExecutor()))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_team_queue_shows_overdue_claims_in_red_words(qtbot: QtBot, db: Database, aftersales: Actor) -> None:
    contact = add_contact(db, last_name="Durand")
    late = add_claim(db, contact, due_at=utcnow() - dt.timedelta(days=2, hours=3, minutes=10))
    add_claim(db, contact, due_at=utcnow() + dt.timedelta(hours=5))
    add_claim(db, contact, status=ClaimStatus.CLOSED)
    page = make_page(qtbot, db, aftersales)

    assert [r.id for r in page.model.rows()][0] == late  # the team queue, most urgent first
    assert page.model.rowCount() == 2
    due_column = [c.title for c in page.columns].index("Due")
    assert page.model.index(0, due_column).data() == "Overdue by 2 d 3 h"
    assert page.overdue_label.text() == "1 overdue claim"

    page.tabs.setCurrentIndex(page.tabs.count() - 1)  # all claims
    assert page.model.rowCount() == 3


def test_category_filter_and_empty_state(qtbot: QtBot, db: Database, aftersales: Actor) -> None:
    add_claim(db, add_contact(db), category=ClaimCategory.BILLING)
    page = make_page(qtbot, db, aftersales)

    page.category_combo.setCurrentIndex(page.category_combo.findText("Bodywork"))

    assert page.model.rowCount() == 0
    assert page.list_stack.currentWidget() is page.empty_label
    assert "All categories" in page.empty_label.text()


def test_resolving_a_claim_from_the_detail_pane(
    qtbot: QtBot, db: Database, aftersales: Actor, monkeypatch
) -> None:
    claim_id = add_claim(db, add_contact(db, last_name="Durand"), description="Rattle at 90 km/h")
    page = make_page(qtbot, db, aftersales)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "Rattle at 90 km/h" in page.detail.left.toPlainText())

    start = page.detail.findChild(QPushButton, "transition_in_progress")
    with qtbot.waitSignal(page.status_message):
        start.click()
    assert (
        ClaimService(db.session_factory, actor=aftersales).get(claim_id=claim_id).row.status
        is ClaimStatus.IN_PROGRESS
    )
    assert "In progress" in page.detail.left.toPlainText()  # the history shows the change

    from dealercrm.ui.aftersales import page as page_module

    def fake_exec(dialog: page_module.ResolveDialog) -> int:
        dialog.resolution_edit.setPlainText("Heat shield refastened")
        dialog.satisfaction_spin.setValue(4)
        dialog.goodwill_spin.setValue(120)
        return page_module.QDialog.DialogCode.Accepted

    monkeypatch.setattr(page_module.ResolveDialog, "exec", fake_exec)
    page.detail.findChild(QPushButton, "transition_resolved").click()

    detail = ClaimService(db.session_factory, actor=aftersales).get(claim_id=claim_id)
    assert detail.row.status is ClaimStatus.RESOLVED and detail.satisfaction == 4
    assert "Heat shield refastened" in page.detail.right.toPlainText()
    assert page.model.rowCount() == 0  # resolved claims leave the team queue


def test_a_refused_change_is_shown_as_a_message(
    qtbot: QtBot, db: Database, aftersales: Actor, monkeypatch
) -> None:
    claim_id = add_claim(db, add_contact(db))
    page = make_page(qtbot, db, aftersales)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.findChild(QPushButton, "transition_in_progress") is not None)
    # Someone else moves the claim meanwhile: the page's version is stale.
    ClaimService(db.session_factory, actor=aftersales).change_status(
        claim_id=claim_id, to_status=ClaimStatus.WAITING_PARTS
    )
    shown: list[str] = []
    monkeypatch.setattr(page, "show_error", shown.append)

    page.detail.findChild(QPushButton, "transition_in_progress").click()

    assert shown and "changed this claim" in shown[0]


def test_overdue_text(qapp: object) -> None:
    assert overdue_text(dt.timedelta(hours=3, minutes=20)) == "Overdue by 3 h 20 min"
    assert overdue_text(dt.timedelta(seconds=20)) == "Overdue by 1 min"
    assert overdue_text(dt.timedelta(days=2, hours=3)) == "Overdue by 2 d 3 h"


def test_assigning_a_claim_says_to_whom_not_a_status(
    qtbot: QtBot, db: Database, aftersales: Actor, make_user, monkeypatch
) -> None:
    from dealercrm.models.enums import Role
    from dealercrm.ui.aftersales import page as page_module

    nicolas = make_user(Role.AFTERSALES)
    claim_id = add_claim(db, add_contact(db, last_name="Durand"), description="Rattle at 90 km/h")
    page = make_page(qtbot, db, aftersales)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "Rattle at 90 km/h" in page.detail.left.toPlainText())

    def fake_exec(dialog: page_module.AssignDialog) -> int:
        dialog.assignee_combo.setCurrentIndex(dialog.assignee_combo.findData(nicolas.id))
        dialog.note_edit.setPlainText("Il connaît ce modèle")
        return page_module.QDialog.DialogCode.Accepted

    monkeypatch.setattr(page_module.AssignDialog, "exec", fake_exec)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.detail.findChild(QPushButton, "assign").click()

    assert messages == [f"Claim #{claim_id} assigned to {nicolas.display_name}."]
    history = page.detail.left.toPlainText()
    assert f"Assigned to {nicolas.display_name}" in history and "Il connaît ce modèle" in history
    assert "“Open”" not in history and "Note" not in history
    claim = ClaimService(db.session_factory, actor=aftersales).get(claim_id=claim_id)
    assert claim.row.assignee_id == nicolas.id and claim.row.status is ClaimStatus.OPEN


def test_with_the_threaded_executor_the_list_shows_and_a_new_claim_is_selected(
    qtbot: QtBot, db: Database, aftersales: Actor
) -> None:
    """The queue's pages are fetched off the GUI thread: no "no claim" while the first page is on its
    way, the list follows a filter change, and a claim just recorded is selected once the list has it."""
    from dealercrm.ui.workers import Executor

    contact = add_contact(db)
    add_claim(db, contact, category=ClaimCategory.BILLING)
    executor = Executor()
    page = AfterSalesPage(AppContext(db=db, actor=aftersales, executor=executor))
    qtbot.addWidget(page)
    assert page.list_stack.currentWidget() is page.table  # loading, not "no claim"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)

    page.category_combo.setCurrentIndex(page.category_combo.findText("Bodywork"))
    qtbot.waitUntil(lambda: page.list_stack.currentWidget() is page.empty_label)
    assert page.model.rowCount() == 0
    page.category_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.list_stack.currentWidget() is page.table)

    new = add_claim(db, contact)
    page._claim_created(ClaimService(db.session_factory, actor=aftersales).get(claim_id=new))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.table.currentIndex().isValid())
    qtbot.waitUntil(lambda: not executor.busy)  # every answer in: no query runs on after the test
    current = page.model.row_at(page.table.currentIndex().row())
    assert current is not None and current.id == new
