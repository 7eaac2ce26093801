"""The pipeline's Kanban board: columns per stage with totals, drag a card to move it, lost asks why."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import Contact, Opportunity
from dealercrm.models.enums import ContactKind, Lifecycle, Role, Stage
from dealercrm.services.permissions import Actor
from dealercrm.services.pipeline import PipelineService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.pipeline.kanban import BOARD_STAGES, KanbanBoard, StageList
from dealercrm.ui.pipeline.page import PipelinePage


def seed(db: Database, owner: Actor, other: Actor) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.session_factory.begin() as session:
        for name, who, stage, amount in (
            ("Durand", owner, Stage.TEST_DRIVE, 31990),
            ("Martin", owner, Stage.NEW_LEAD, 18000),
            ("Bernard", other, Stage.TEST_DRIVE, 25000),
        ):
            contact = Contact(
                kind=ContactKind.PERSON, last_name=name, owner_id=who.id, lifecycle=Lifecycle.PROSPECT
            )
            session.add(contact)
            session.flush()
            opp = Opportunity(
                contact_id=contact.id,
                owner_id=who.id,
                title=f"Car for {name}",
                stage=stage,
                amount=Decimal(amount),
            )
            session.add(opp)
            session.flush()
            ids[name] = opp.id
    return ids


def drag(source: StageList, row: int, target: StageList) -> None:
    """What a mouse drag ends with: the target column receives the card's mime data."""
    mime = source.mimeData([source.item(row)])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    target.dropEvent(event)


def test_drag_a_card_to_offer(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[float] = []

    def quote(*args: object) -> tuple[float, bool]:
        asked.append(float(args[3]))  # type: ignore[arg-type]
        return 30500.0, True

    monkeypatch.setattr(QInputDialog, "getDouble", quote)
    other = make_user(Role.SALESPERSON)
    ids = seed(db, salesperson, other)
    page = PipelinePage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()
    board = page.board
    assert page.tabs.currentWidget() is board
    # A salesperson's board: their own deals only.
    assert [r.title for r in board.card_rows(Stage.TEST_DRIVE)] == ["Car for Durand"]
    assert "1" in board.headers[Stage.TEST_DRIVE].text()
    with qtbot.waitSignal(board.moved) as moved:
        drag(board.lists[Stage.TEST_DRIVE], 0, board.lists[Stage.OFFER])
    assert moved.args[0].stage is Stage.OFFER
    assert [r.id for r in board.card_rows(Stage.OFFER)] == [ids["Durand"]]
    assert board.card_rows(Stage.TEST_DRIVE) == []
    # Moving to Offer asks for the quote (the deal's amount proposed) and records it.
    assert asked == [31990.0]
    assert board.data is not None and board.data.totals[Stage.OFFER].amount == Decimal(30500)
    with db.session_factory() as session:
        assert session.get_one(Opportunity, ids["Durand"]).stage is Stage.OFFER
        assert session.get_one(Opportunity, ids["Durand"]).amount == Decimal(30500)
    # The table view follows.
    assert [r.stage for r in page.model.rows() if r.id == ids["Durand"]] == [Stage.OFFER]


def test_lost_needs_a_reason_and_manager_filters_by_salesperson(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = make_user(Role.SALESPERSON)
    ids = seed(db, salesperson, other)
    board = KanbanBoard(make_ctx(manager))
    qtbot.addWidget(board)
    board.reload()
    assert len(board.card_rows(Stage.TEST_DRIVE)) == 2  # manager sees all
    board.move_card(ids["Martin"], Stage.LOST, lost_reason="bought elsewhere")
    assert [r.lost_reason for r in board.card_rows(Stage.LOST)] == ["bought elsewhere"]
    assert board.card_rows(Stage.NEW_LEAD) == []
    page = PipelinePage(make_ctx(manager))
    qtbot.addWidget(page)
    page.owner_combo.setCurrentIndex(page.owner_combo.findData(other.id))
    assert [r.title for r in page.board.card_rows(Stage.TEST_DRIVE)] == ["Car for Bernard"]


def test_cards_move_from_the_keyboard_and_the_focus_follows(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    board = KanbanBoard(make_ctx(salesperson))
    qtbot.addWidget(board)
    board.show()
    board.reload()
    new_leads = board.lists[Stage.NEW_LEAD]
    new_leads.setFocus()
    new_leads.setCurrentRow(0)

    qtbot.keyClick(new_leads, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)

    contacted = board.lists[Stage.CONTACTED]
    assert [r.id for r in board.card_rows(Stage.CONTACTED)] == [ids["Martin"]]
    assert contacted.currentRow() == 0 and board.focusWidget() is contacted
    qtbot.keyClick(contacted, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert [r.id for r in board.card_rows(Stage.NEW_LEAD)] == [ids["Martin"]]
    # The first stage has no previous one; won and lost are never reached by stepping.
    qtbot.keyClick(board.lists[Stage.NEW_LEAD], Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert [r.id for r in board.card_rows(Stage.NEW_LEAD)] == [ids["Martin"]]


def test_the_card_menu_moves_to_any_stage_and_opens_the_contact(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a: (31990.0, True))
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    board = KanbanBoard(make_ctx(salesperson))
    qtbot.addWidget(board)
    board.reload()
    durand = board.card_rows(Stage.TEST_DRIVE)[0]
    menu = board.card_menu(durand)
    move = next(a.menu() for a in menu.actions() if a.menu() is not None)
    texts = [a.text() for a in move.actions()]
    assert "Won: record the sale…" in texts and "Lost…" in texts
    assert len(texts) == len(BOARD_STAGES) - 1  # every stage but its own

    offer = next(a for a in move.actions() if a.text() == label(Stage.OFFER))
    with qtbot.waitSignal(board.moved):
        offer.trigger()
    assert [r.id for r in board.card_rows(Stage.OFFER)] == [ids["Durand"]]

    with qtbot.waitSignal(board.open_contact) as opened:
        menu.actions()[0].trigger()
    assert opened.args == [durand.contact_id]


def test_winning_a_deal_with_no_car_picks_one_from_stock_then_records_the_sale(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    from tests.unit.test_vehicles_service import add_vehicle

    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    add_vehicle(db, make="Peugeot", model="208", plate="AB-123-CD", list_price=Decimal("18490"))
    clio = add_vehicle(db, make="Renault", model="Clio", plate="EF-456-GH", list_price=Decimal("15990"))
    board = KanbanBoard(make_ctx(salesperson))
    qtbot.addWidget(board)
    board.reload()

    board.move_card(ids["Martin"], Stage.WON)  # the deal names no car: which one does he buy?
    picker = board.vehicle_picker
    assert picker.isVisible() and picker.tree.topLevelItemCount() == 2
    qtbot.keyClicks(picker.filter_edit, "clio")
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)

    assert picker.chosen is not None and picker.chosen.id == clio
    sale = board.sale_dialog
    assert sale.isVisible() and sale.contact_combo.currentData() is not None
    assert "Clio" in sale.vehicle_label.text()
    sale.close()


def test_a_cancelled_move_leaves_no_card_to_follow(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lost asked for a reason and the user cancelled: a later reload must not pull the focus back."""
    from dealercrm.ui.pipeline import kanban

    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    board = KanbanBoard(make_ctx(salesperson))
    qtbot.addWidget(board)
    board.reload()
    monkeypatch.setattr(kanban.QInputDialog, "getText", lambda *args, **kwargs: ("", False))
    lost = next(
        a
        for a in board.card_menu(board._find(ids["Martin"])).actions()[1].menu().actions()  # noqa: SLF001
        if a.text() == "Lost…"
    )
    lost.trigger()
    assert board._follow is None  # noqa: SLF001
    assert [r.id for r in board.card_rows(Stage.NEW_LEAD)] == [ids["Martin"]]


def test_a_card_says_owner_amount_score_next_step_and_age(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    import datetime as dt

    from dealercrm.models import Task, utcnow
    from dealercrm.models.enums import TaskKind

    other = make_user(Role.SALESPERSON)
    ids = seed(db, salesperson, other)
    with db.session_factory.begin() as session:
        opp = session.get_one(Opportunity, ids["Durand"])
        opp.contact.score = 72
        session.add(
            Task(
                contact_id=opp.contact_id,
                opportunity_id=opp.id,
                user_id=salesperson.id,
                kind=TaskKind.CALL_BACK,
                title="Call back about the quote",
                due_at=utcnow() + dt.timedelta(days=2),
            )
        )
    board = KanbanBoard(make_ctx(manager))
    qtbot.addWidget(board)
    board.reload()
    item = board.lists[Stage.TEST_DRIVE].item(
        [r.id for r in board.card_rows(Stage.TEST_DRIVE)].index(ids["Durand"])
    )
    text = item.text()
    assert fmt.money(Decimal(31990)) in text and "J. Vendeuse" in text and "score 72" in text  # compact
    assert ": Call back about the quote" in text and text.count("\n") <= 4  # five short lines at most
    assert "days in stage" in text
    assert "Julie Vendeuse" in item.toolTip() and "Next: Call back about the quote" in item.toolTip()
    other_card = next(r for r in board.card_rows(Stage.TEST_DRIVE) if r.id == ids["Bernard"])
    assert other_card.next_task_title is None
    assert "Won (latest 0)" in board.headers[Stage.WON].text()


def _moved_elsewhere(db: Database, manager: Actor, deal: int, seen_version: int) -> None:
    """Another workstation: the manager moves the deal to negotiation after the board showed it."""
    PipelineService(db.session_factory, actor=manager).move_stage(
        opportunity_id=deal, stage=Stage.NEGOTIATION, expected_version=seen_version
    )


@pytest.mark.parametrize("choice", ["reapply", "keep_theirs"])
def test_a_move_on_a_deal_moved_meanwhile_offers_their_version_or_mine(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    manager: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(str(args[2])))
    ids = seed(db, salesperson, make_user(Role.SALESPERSON))
    board = KanbanBoard(make_ctx(salesperson))
    qtbot.addWidget(board)
    board.reload()
    shown = board.card_rows(Stage.NEW_LEAD)[0]
    _moved_elsewhere(db, manager, ids["Martin"], shown.version)
    # The board still shows it as a new lead: drag it to qualified.
    drag(board.lists[Stage.NEW_LEAD], 0, board.lists[Stage.QUALIFIED])
    qtbot.waitUntil(lambda: board.stale_dialog is not None and board.stale_dialog.isVisible())
    dialog = board.stale_dialog
    assert dialog is not None and not warned
    # Their version against mine, field by field; the message names who moved it and where.
    stage = dialog.differences[0]
    assert (stage.field, stage.theirs, stage.yours) == (
        "stage",
        label(Stage.NEGOTIATION),
        label(Stage.QUALIFIED),
    )
    assert stage.you_changed and stage.they_changed
    assert manager.display_name in dialog.findChild(QLabel).text()
    button = dialog.reapply_button if choice == "reapply" else dialog.keep_button
    button.click()
    wanted = Stage.QUALIFIED if choice == "reapply" else Stage.NEGOTIATION
    qtbot.waitUntil(lambda: [r.id for r in board.card_rows(wanted)] == [ids["Martin"]])
    assert board.stale_dialog is None and not warned
    with db.session_factory() as session:
        assert session.get_one(Opportunity, ids["Martin"]).stage is wanted
