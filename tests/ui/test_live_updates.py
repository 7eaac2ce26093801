"""Live updates across workstations: the data_changed bus (coalesced, fed by this process's commits and
by the other processes' through the change feed), a page refreshed in place keeping its selection and
scroll, and a stale save offered "their version / your changes"."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

import dealercrm
from dealercrm.db import Database, open_database
from dealercrm.db.changes import Change
from dealercrm.models import Contact
from dealercrm.models.enums import ContactKind, Role
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.contacts import ContactService
from dealercrm.services.permissions import SYSTEM_ACTOR, Actor
from dealercrm.ui.contacts.edit_dialog import ContactEditDialog
from dealercrm.ui.contacts.page import ContactsPage
from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import DataChangedBus, Ids, bus, touches
from dealercrm.ui.widgets.stale_merge_dialog import MergeChoice

CHILD = """
import sys, time
from dealercrm.db import open_database
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.permissions import SYSTEM_ACTOR

db = open_database(sys.argv[1])
ContactEditService(db.session_factory, actor=SYSTEM_ACTOR).update(
    contact_id=int(sys.argv[2]), expected_version=int(sys.argv[3]),
    changes={"city": "Orléans", "postal_code": "45000"},
)
print(time.time(), flush=True)
db.dispose()
"""


@pytest.fixture
def live(db: Database) -> Iterator[DataChangedBus]:
    """The process's bus hearing the test database: its own commits and the other processes'."""
    the_bus = bus()
    the_bus.attach(db)
    listener = the_bus.listener
    assert listener is not None and listener.ready.wait(10)
    yield the_bus
    the_bus.detach()
    the_bus.flush()


@pytest.fixture
def other(db: Database, db_path: Path) -> Iterator[Database]:
    """The same database opened by another workstation (its own origin)."""
    second = open_database(db_path)
    yield second
    second.dispose()


def add_contact(db: Database, **fields: object) -> int:
    with db.session_factory.begin() as session:
        contact = Contact(**{"kind": ContactKind.PERSON, **fields})
        session.add(contact)
        session.flush()
        return contact.id


def version_of(db: Database, contact_id: int) -> int:
    with db.session_factory() as session:
        return session.get_one(Contact, contact_id).version


def test_a_burst_of_changes_is_delivered_once_merged(qtbot: QtBot) -> None:
    local = DataChangedBus(coalesce_ms=100)
    received: list[tuple[frozenset[str], Ids]] = []
    local.data_changed.connect(lambda kinds, ids: received.append((kinds, ids)))
    with qtbot.waitSignal(local.data_changed, timeout=2000):
        for i in range(50):
            local.announce(Change({"contact": frozenset({i})}))
        local.announce(Change({"task": None}))
    assert len(received) == 1
    kinds, ids = received[0]
    assert kinds == {"contact", "task"}
    assert ids == {"contact": frozenset(range(50)), "task": None}
    assert touches(ids, "task", 12345) and not touches(ids, "contact", 50)


def test_own_commits_are_delivered_once(
    qtbot: QtBot, live: DataChangedBus, db: Database, other: Database
) -> None:
    seen: list[Ids] = []
    live.data_changed.connect(lambda _kinds, ids: seen.append(ids))
    with qtbot.waitSignal(live.data_changed, timeout=5000):
        mine = add_contact(db, last_name="Mine")
    with qtbot.waitSignal(
        live.data_changed,
        timeout=5000,
        check_params_cb=lambda _k, ids: "contact" in ids and bool(ids["contact"]),
    ) as theirs_heard:
        theirs = add_contact(other, last_name="Theirs")
    assert touches(theirs_heard.args[1], "contact", theirs)  # type: ignore[index]
    assert sum(touches(ids, "contact", mine) for ids in seen) == 1


def test_another_process_changing_a_contact_is_seen_within_a_second(
    qtbot: QtBot, live: DataChangedBus, db: Database, db_path: Path
) -> None:
    with qtbot.waitSignal(live.data_changed, timeout=5000):  # our own commit, heard first
        cid = add_contact(db, last_name="Durand")
    heard_at: list[float] = []
    live.data_changed.connect(
        lambda _k, ids: heard_at.append(time.time()) if touches(ids, "contact", cid) else None
    )
    env = {**os.environ, "PYTHONPATH": str(Path(dealercrm.__file__).resolve().parents[1])}
    # The event loop runs while the child starts, commits and prints when; waitSignal then waits at most
    # the timeout more (and not at all if the change was already heard).
    with qtbot.waitSignal(
        live.data_changed, timeout=1000, check_params_cb=lambda _k, ids: touches(ids, "contact", cid)
    ):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), str(cid), str(version_of(db, cid))],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60_000)
    assert child.returncode == 0
    assert child.stdout is not None
    committed_at = float(child.stdout.read().split()[-1])
    latency_ms = 1000 * (heard_at[0] - committed_at)
    print(f"\nlive refresh latency from the other process's commit: {latency_ms:.0f} ms")
    with db.session_factory() as session:
        assert session.get_one(Contact, cid).city == "Orléans"


def test_contacts_page_refreshes_the_changed_row_keeping_selection_and_scroll(
    qtbot: QtBot,
    live: DataChangedBus,
    db: Database,
    other: Database,
    manager: Actor,
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    with db.session_factory.begin() as session:
        session.add_all(
            Contact(kind=ContactKind.PERSON, first_name="Paul", last_name=f"Nom{i:03d}") for i in range(150)
        )
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    while page.model.canFetchMore():
        page.model.fetchMore()
    row = 120
    target = page.model.row_at(row)
    assert target is not None
    page.table.selectRow(row)
    page.table.scrollTo(page.model.index(row, 0))
    scrolled = page.table.verticalScrollBar().value()
    assert scrolled > 0
    editor = ContactEditService(other.session_factory, actor=SYSTEM_ACTOR)
    editor.update(contact_id=target.id, expected_version=1, changes={"city": "Lyon", "postal_code": "69003"})
    qtbot.waitUntil(lambda: (page.model.row_at(row) or target).city == "Lyon", timeout=5000)
    assert page.selected_ids() == [target.id]
    assert page.table.verticalScrollBar().value() == scrolled
    assert page.model.rowCount() == 150
    # Renamed elsewhere so that it sorts first: the selection follows the contact.
    editor.update(contact_id=target.id, expected_version=2, changes={"last_name": "Aaron"})
    qtbot.waitUntil(lambda: page.model.row_of(target.id) == 0, timeout=5000)
    assert page.selected_ids() == [target.id]
    assert page.table.currentIndex().row() == 0
    # The open contact's file follows too.
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.last_name == "Aaron", timeout=5000
    )


def _edit_dialog(ctx: AppContext, contact_id: int, qtbot: QtBot) -> ContactEditDialog:
    detail = ctx.service(ContactService).get(contact_id=contact_id)
    dialog = ContactEditDialog(ctx, detail)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(dialog: ContactEditDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_concurrent_edits_offer_the_merge_and_reapply_the_ticked_changes(
    qtbot: QtBot,
    db: Database,
    other: Database,
    manager: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    cid = add_contact(db, last_name="Durand", first_name="Paul", mobile="+33612345678")
    dialog = _edit_dialog(make_ctx(manager), cid, qtbot)
    dialog.mobile.setText("06 99 88 77 66")
    dialog.job_title.setText("Chef")
    # Another workstation saves the same contact first.
    bob = make_user(Role.MANAGER, login="bob", display_name="Bob Boss")
    ContactEditService(other.session_factory, actor=bob).update(
        contact_id=cid,
        expected_version=1,
        changes={"job_title": "Pilote", "city": "Lyon", "postal_code": "69003"},
    )
    _save(dialog, qtbot)
    merge = dialog.stale_dialog
    assert merge is not None and merge.isVisible()
    rows = {d.field: d for d in merge.differences}
    assert (rows["mobile"].you_changed, rows["mobile"].they_changed) == (True, False)
    assert (rows["job_title"].theirs, rows["job_title"].yours) == ("Pilote", "Chef")
    assert rows["job_title"].you_changed and rows["job_title"].they_changed
    assert (rows["city"].theirs, rows["city"].you_changed) == ("Lyon", False)
    assert "Bob Boss" in dialog.form_error.text()
    merge.set_ticked("job_title", False)  # their job title wins; my phone goes on top
    with qtbot.waitSignal(dialog.contact_saved, timeout=5000):
        qtbot.mouseClick(merge.reapply_button, Qt.MouseButton.LeftButton)
    assert merge.choice is MergeChoice.REAPPLY
    with db.session_factory() as session:
        c = session.get_one(Contact, cid)
        assert (c.mobile, c.job_title, c.city, c.version) == ("+33699887766", "Pilote", "Lyon", 3)


def test_back_to_the_form_keeps_the_input_and_keep_theirs_shows_their_version(
    qtbot: QtBot, db: Database, other: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    cid = add_contact(db, last_name="Durand", first_name="Paul")
    dialog = _edit_dialog(make_ctx(manager), cid, qtbot)
    dialog.notes.setPlainText("Rappeler après les vacances, veut un SUV hybride")
    ContactEditService(other.session_factory, actor=SYSTEM_ACTOR).update(
        contact_id=cid, expected_version=1, changes={"city": "Lyon", "postal_code": "69003"}
    )
    _save(dialog, qtbot)
    merge = dialog.stale_dialog
    assert merge is not None
    qtbot.mouseClick(merge.back_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.notes.toPlainText() == "Rappeler après les vacances, veut un SUV hybride"
    with db.session_factory() as session:
        assert session.scalar(select(Contact.notes).where(Contact.id == cid)) is None
    _save(dialog, qtbot)  # offered again: this time keep theirs
    merge = dialog.stale_dialog
    assert merge is not None
    qtbot.mouseClick(merge.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.city.text() == "Lyon" and dialog.notes.toPlainText() == ""
    assert dialog.contact is not None and dialog.contact.version == 2


def test_a_typed_resolution_meeting_a_moved_claim_is_offered_again_on_their_version(
    qtbot: QtBot, db: Database, other: Database, aftersales: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dealercrm.models.enums import ClaimStatus
    from dealercrm.services.claims import ClaimService
    from dealercrm.ui.aftersales import page as page_module
    from dealercrm.ui.workers import SyncExecutor
    from tests.unit.test_claims_service import add_claim
    from tests.unit.test_vehicles_service import add_contact as add_customer

    claim_id = add_claim(db, add_customer(db, last_name="Durand"), description="Rattle at 90 km/h")
    page = page_module.AfterSalesPage(AppContext(db=db, actor=aftersales, executor=SyncExecutor()))
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.findChild(QPushButton, "transition_resolved") is not None)
    # Another desk moves the claim meanwhile.
    ClaimService(other.session_factory, actor=aftersales).change_status(
        claim_id=claim_id, to_status=ClaimStatus.WAITING_PARTS
    )

    def typed(dialog: page_module.ResolveDialog) -> int:
        dialog.resolution_edit.setPlainText("Heat shield refastened")
        return page_module.QDialog.DialogCode.Accepted

    monkeypatch.setattr(page_module.ResolveDialog, "exec", typed)
    page.detail.findChild(QPushButton, "transition_resolved").click()
    merge = page.stale_dialog
    assert merge is not None
    rows = {d.field: d for d in merge.differences}
    assert (rows["status"].theirs, rows["status"].yours) == ("Waiting for parts", "Resolved")
    assert rows["resolution"].yours == "Heat shield refastened"
    qtbot.mouseClick(merge.reapply_button, Qt.MouseButton.LeftButton)
    detail = ClaimService(db.session_factory, actor=aftersales).get(claim_id=claim_id)
    assert (detail.row.status, detail.resolution) == (ClaimStatus.RESOLVED, "Heat shield refastened")


def test_a_deal_moved_by_another_workstation_is_offered_again_on_their_version(
    qtbot: QtBot,
    db: Database,
    other: Database,
    salesperson: Actor,
    manager: Actor,
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    from dealercrm.models.enums import Stage
    from dealercrm.services.pipeline import PipelineService
    from dealercrm.ui.pipeline.kanban import KanbanBoard
    from tests.ui.test_kanban import drag
    from tests.ui.test_kanban import seed as seed_deals

    deal = seed_deals(db, salesperson, manager)["Martin"]
    board = KanbanBoard(make_ctx(salesperson))
    qtbot.addWidget(board)
    board.reload()
    seen = board.card_rows(Stage.NEW_LEAD)[0]
    # Another workstation moves the deal first.
    PipelineService(other.session_factory, actor=manager).move_stage(
        opportunity_id=deal, stage=Stage.CONTACTED, expected_version=seen.version
    )
    drag(board.lists[Stage.NEW_LEAD], 0, board.lists[Stage.QUALIFIED])
    qtbot.waitUntil(lambda: board.stale_dialog is not None and board.stale_dialog.isVisible())
    merge = board.stale_dialog
    assert merge is not None
    assert [(d.field, d.theirs, d.yours) for d in merge.differences] == [("stage", "Contacted", "Qualified")]
    qtbot.mouseClick(merge.reapply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r.id for r in board.card_rows(Stage.QUALIFIED)] == [deal])
    assert (
        PipelineService(other.session_factory, actor=manager).get(opportunity_id=deal).version
        == seen.version + 2
    )


def test_fresh_rows_swap_in_place_and_the_selection_follows_its_row(qtbot: QtBot) -> None:
    from dataclasses import dataclass

    from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, make_table_view

    @dataclass(frozen=True)
    class Row:
        id: int
        name: str

    model: PagedTableModel[Row] = PagedTableModel([Column("Name", lambda r: r.name)])
    model.set_rows([Row(i, f"n{i}") for i in range(10)])
    view = make_table_view(model)
    qtbot.addWidget(view)
    view.selectRow(6)
    # Rows 0-2 gone, two new at the top, row 6 renamed: the selection stays on id 6 wherever it went.
    fresh = [Row(100, "a"), Row(101, "b"), *[Row(i, f"n{i}" if i != 6 else "six") for i in range(3, 10)]]
    model.apply_fresh_rows(fresh)
    assert model.rowCount() == 9
    assert [i.row() for i in view.selectionModel().selectedRows()] == [5]
    assert model.data(model.index(5, 0)) == "six"
    # Fewer rows, the selected one among those removed: nothing stays selected.
    model.apply_fresh_rows([Row(100, "a")])
    assert model.rowCount() == 1 and view.selectionModel().selectedRows() == []
