"""PipelinePage driven through its widgets: summary strip, salesperson filter, closed toggle, moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import Contact, Opportunity, utcnow
from dealercrm.models.enums import ContactKind, Role, Stage
from dealercrm.services.permissions import Actor
from dealercrm.services.pipeline import PipelineService
from dealercrm.ui.context import AppContext
from dealercrm.ui.pipeline.page import PipelinePage


def seed(db: Database, julie: Actor, thomas: Actor) -> dict[str, int]:
    now = utcnow()
    with db.session_factory.begin() as session:
        contact = Contact(kind=ContactKind.PERSON, first_name="Jean", last_name="Dupont")
        session.add(contact)
        session.flush()
        rows = {
            "julie_offer": Opportunity(
                contact_id=contact.id,
                owner_id=julie.id,
                title="Captur hybride",
                stage=Stage.OFFER,
                amount=Decimal("31000"),
                stage_changed_at=now - dt.timedelta(days=40),
            ),
            "julie_lead": Opportunity(
                contact_id=contact.id,
                owner_id=julie.id,
                title="Clio",
                stage=Stage.NEW_LEAD,
                amount=Decimal("18000"),
            ),
            "thomas_offer": Opportunity(
                contact_id=contact.id,
                owner_id=thomas.id,
                title="3008",
                stage=Stage.OFFER,
                amount=Decimal("42000"),
            ),
            "unassigned": Opportunity(contact_id=contact.id, title="Arkana", stage=Stage.QUALIFIED),
            "won": Opportunity(
                contact_id=contact.id,
                owner_id=julie.id,
                title="Megane",
                stage=Stage.WON,
                amount=Decimal("25000"),
                closed_at=now - dt.timedelta(days=3),
            ),
        }
        session.add_all(rows.values())
        session.flush()
        return {"contact": contact.id, **{k: o.id for k, o in rows.items()}}


def titles(page: PipelinePage) -> list[str]:
    return [r.title for r in page.model.rows()]


def test_manager_sees_all_with_totals_and_filters_by_salesperson(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    thomas = make_user(Role.SALESPERSON, display_name="Thomas Petit")
    seed(db, salesperson, thomas)
    page = PipelinePage(make_ctx(manager))
    qtbot.addWidget(page)
    assert titles(page) == ["Clio", "Arkana", "Captur hybride", "3008"]  # pipeline order
    offer = page.cards[Stage.OFFER]
    assert offer.count.text() == "2" and offer.amount.text() == "€73,000"
    assert page.summary_label.text() == "4 open opportunities, €91,000 in total"
    days = page.model.data(page.model.index(2, 6))
    assert days == "40 days"
    page.owner_combo.setCurrentIndex(page.owner_combo.findData(thomas.id))
    assert titles(page) == ["3008"]
    assert page.cards[Stage.OFFER].count.text() == "1"
    page.closed_check.setChecked(True)
    page.owner_combo.setCurrentIndex(page.owner_combo.findData(salesperson.id))
    assert titles(page) == ["Clio", "Captur hybride", "Megane"]


def test_salesperson_sees_own_and_unassigned(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    seed(db, salesperson, make_user(Role.SALESPERSON))
    page = PipelinePage(make_ctx(salesperson))
    qtbot.addWidget(page)
    assert titles(page) == ["Clio", "Arkana", "Captur hybride"]
    assert page.owner_combo.itemText(0) == "Mine and unassigned"
    assert page.owner_combo.count() == 3
    page.owner_combo.setCurrentIndex(page.owner_combo.findData("unassigned"))
    assert titles(page) == ["Arkana"]


def test_double_click_opens_the_contact(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    page = PipelinePage(make_ctx(manager))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.open_requested) as blocker:
        page.table.doubleClicked.emit(page.model.index(0, 0))
    assert blocker.args == ["contact", ids["contact"]]


def test_move_to_lost_asks_for_a_reason(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    page = PipelinePage(make_ctx(salesperson))
    qtbot.addWidget(page)
    row = next(r for r in page.model.rows() if r.id == ids["julie_lead"])
    with qtbot.waitSignal(page.status_message) as blocker:
        page.move_stage(row, Stage.TEST_DRIVE)
    assert blocker.args == ["“Clio” moved to Test drive."]
    assert page.cards[Stage.TEST_DRIVE].count.text() == "1"
    assert page.current_row() is not None and page.current_row().id == ids["julie_lead"]  # type: ignore[union-attr]

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Bought elsewhere", True))
    row = next(r for r in page.model.rows() if r.id == ids["julie_lead"])
    page.move_stage(row, Stage.LOST)
    assert "Clio" not in titles(page)
    with db.session_factory() as session:
        lost = session.get_one(Opportunity, ids["julie_lead"])
        assert lost.stage is Stage.LOST and lost.lost_reason == "Bought elsewhere"

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    row = next(r for r in page.model.rows() if r.id == ids["julie_offer"])
    page.move_stage(row, Stage.LOST)
    assert shown == ["Say why the opportunity was lost: it helps the next sale."]
    with db.session_factory() as session:
        assert session.get_one(Opportunity, ids["julie_offer"]).stage is Stage.OFFER


def test_open_record_of_a_closed_one_shows_closed(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    page = PipelinePage(make_ctx(manager))
    qtbot.addWidget(page)
    page.open_record(ids["won"])
    qtbot.waitUntil(lambda: page.current_row() is not None)
    assert page.closed_check.isChecked()
    assert page.current_row().title == "Megane"  # type: ignore[union-attr]


def test_empty_pipeline_says_where_opportunities_come_from(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    page = PipelinePage(make_ctx(manager))
    qtbot.addWidget(page)
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text().startswith("The pipeline is empty.")
    assert page.cards[Stage.NEW_LEAD].count.text() == "0"


def test_with_the_threaded_executor_a_closed_one_opened_is_selected_pages_later(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The table's pages are fetched off the GUI thread: no "empty pipeline" while the first page is on
    its way, and an opportunity opened is selected once the pages that hold it have arrived (closed ones
    come after the four open ones: the third page of two)."""
    from dealercrm.ui import pipeline
    from dealercrm.ui.workers import Executor

    monkeypatch.setattr(pipeline.page, "PAGE_SIZE", 2)
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    executor = Executor()
    page = PipelinePage(AppContext(db=db, actor=manager, executor=executor, language="en"))
    qtbot.addWidget(page)
    assert page.list_stack.currentWidget() is page.table  # loading, not "the pipeline is empty"
    # At least the first page: the view asks for the next one as soon as it has room, so under load the
    # moment with exactly one page loaded can pass between two looks.
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2)

    page.open_record(ids["won"])
    qtbot.waitUntil(lambda: page.current_row() is not None)
    qtbot.waitUntil(lambda: not executor.busy)  # every answer in: no query runs on after the test
    assert page.closed_check.isChecked()
    assert page.current_row().title == "Megane"  # type: ignore[union-attr]
    assert page.model.rowCount() == 5


def test_a_table_move_on_a_deal_moved_meanwhile_keeps_their_version_when_asked(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    manager: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    page = PipelinePage(make_ctx(salesperson))
    qtbot.addWidget(page)
    row = next(r for r in page.model.rows() if r.id == ids["julie_lead"])
    PipelineService(db.session_factory, actor=manager).move_stage(
        opportunity_id=row.id, stage=Stage.NEGOTIATION, expected_version=row.version
    )
    page.move_stage(row, Stage.TEST_DRIVE)
    qtbot.waitUntil(lambda: page.stale_dialog is not None and page.stale_dialog.isVisible())
    dialog = page.stale_dialog
    assert dialog is not None
    assert [(d.field, d.theirs, d.yours) for d in dialog.differences] == [
        ("stage", "Negotiation", "Test drive")
    ]
    dialog.keep_button.click()
    assert page.stale_dialog is None
    with db.session_factory() as session:
        assert session.get_one(Opportunity, ids["julie_lead"]).stage is Stage.NEGOTIATION
