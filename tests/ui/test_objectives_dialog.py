"""The manager's objectives dialog, driven as a user would, and its button on the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import ObjectiveMetric
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.objectives import ObjectiveService
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.dashboard.objectives_dialog import ObjectivesDialog, parse_amount
from dealercrm.ui.dashboard.page import DashboardPage

MAY = dt.date(2026, 5, 1)
APRIL = dt.date(2026, 4, 1)


def make_dialog(qtbot: QtBot, ctx: AppContext, month: dt.date = MAY) -> ObjectivesDialog:
    dialog = ObjectivesDialog(ctx, month=month)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_into(
    qtbot: QtBot, dialog: ObjectivesDialog, cell: tuple[int | None, ObjectiveMetric], text: str
) -> None:
    edit = dialog.cells[cell]
    edit.clear()
    qtbot.keyClicks(edit, text)
    edit.editingFinished.emit()


def test_set_a_target_save_and_the_dashboard_shows_it(
    qtbot: QtBot, db: Database, ctx: AppContext, manager: Actor, salesperson: Actor
) -> None:
    dialog = make_dialog(qtbot, ctx)
    assert dialog.month() == MAY
    assert list(dialog.cells) == [
        (user, metric) for user in (None, salesperson.id) for metric in ObjectiveMetric
    ]
    type_into(qtbot, dialog, (salesperson.id, ObjectiveMetric.SALES), "7")
    type_into(qtbot, dialog, (salesperson.id, ObjectiveMetric.MARGIN), "12500")
    type_into(qtbot, dialog, (None, ObjectiveMetric.CALLS), "1 200")
    assert dialog.cells[(salesperson.id, ObjectiveMetric.MARGIN)].text() == "€12,500"  # en_GB
    assert dialog.total_labels[ObjectiveMetric.SALES].text() == "7"

    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].created == 3
    assert dialog.result() == ObjectivesDialog.DialogCode.Accepted

    rows = KpiService(db.session_factory, actor=manager).by_salesperson(period=Period.month(2026, 5))
    julie = next(r for r in rows if r.user_id == salesperson.id)
    assert julie.objective(ObjectiveMetric.SALES).target == Decimal(7)
    assert julie.objective(ObjectiveMetric.MARGIN).target == Decimal(12500)
    assert julie.objective(ObjectiveMetric.CALLS).target is None


def test_emptying_a_cell_removes_the_objective(
    qtbot: QtBot, db: Database, ctx: AppContext, manager: Actor, salesperson: Actor
) -> None:
    service = ObjectiveService(db.session_factory, actor=manager)
    service.save_month(month=MAY, targets={(salesperson.id, ObjectiveMetric.SALES): Decimal(5)})
    dialog = make_dialog(qtbot, ctx)
    assert dialog.cells[(salesperson.id, ObjectiveMetric.SALES)].text() == "5"
    dialog.cells[(salesperson.id, ObjectiveMetric.SALES)].clear()
    assert dialog.changed() == {(salesperson.id, ObjectiveMetric.SALES): None}
    dialog.save()
    assert service.month_grid(month=MAY).targets() == {}


def test_a_bad_number_is_shown_and_nothing_saved(
    qtbot: QtBot, db: Database, ctx: AppContext, manager: Actor, salesperson: Actor
) -> None:
    dialog = make_dialog(qtbot, ctx)
    cell = dialog.cells[(salesperson.id, ObjectiveMetric.TEST_DRIVES)]
    cell.setText("1.2.3")
    dialog.save()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "Test drives" in dialog.error_label.text()
    assert cell.property("invalid") is True
    type_into(qtbot, dialog, (salesperson.id, ObjectiveMetric.TEST_DRIVES), "2.5")  # not a whole count
    assert cell.text() == "2.5"  # never silently rounded
    dialog.save()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "whole number" in dialog.error_label.text()
    assert dialog.result() != ObjectivesDialog.DialogCode.Accepted
    assert ObjectiveService(db.session_factory, actor=manager).month_grid(month=MAY).targets() == {}


def test_copy_from_previous_month_fills_empty_cells_only(
    qtbot: QtBot, db: Database, ctx: AppContext, manager: Actor, salesperson: Actor
) -> None:
    service = ObjectiveService(db.session_factory, actor=manager)
    service.save_month(
        month=APRIL,
        targets={
            (None, ObjectiveMetric.SALES): Decimal(20),
            (salesperson.id, ObjectiveMetric.SALES): Decimal(6),
        },
    )
    dialog = make_dialog(qtbot, ctx)
    type_into(qtbot, dialog, (salesperson.id, ObjectiveMetric.SALES), "9")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.cells[(None, ObjectiveMetric.SALES)].text() == "20"
    assert dialog.cells[(salesperson.id, ObjectiveMetric.SALES)].text() == "9"
    assert "April 2026" in dialog.status.text()
    assert service.month_grid(month=MAY).targets() == {}  # nothing written before Save
    dialog.save()
    assert service.month_grid(month=MAY).targets() == {
        (None, ObjectiveMetric.SALES): 20,
        (salesperson.id, ObjectiveMetric.SALES): 9,
    }


def test_changing_the_month_reads_its_objectives(
    qtbot: QtBot, db: Database, ctx: AppContext, manager: Actor, salesperson: Actor
) -> None:
    ObjectiveService(db.session_factory, actor=manager).save_month(
        month=APRIL, targets={(None, ObjectiveMetric.MARGIN): Decimal(80000)}
    )
    dialog = make_dialog(qtbot, ctx)
    assert dialog.cells[(None, ObjectiveMetric.MARGIN)].text() == ""
    dialog.month_edit.setDate(QDate(2026, 4, 1))
    assert dialog.cells[(None, ObjectiveMetric.MARGIN)].text() == "€80,000"


def test_parse_amount_reads_the_locale_way() -> None:
    assert parse_amount("") is None
    assert parse_amount(" 12,500 € ") == Decimal(12500)
    assert parse_amount("1 234.5") == Decimal("1234.5")


def test_dashboard_button_for_managers_only_and_refresh_after_save(
    qtbot: QtBot,
    make_ctx: Callable[[Actor], AppContext],
    manager: Actor,
    salesperson: Actor,
) -> None:
    theirs = DashboardPage(make_ctx(salesperson))
    qtbot.addWidget(theirs)
    assert not theirs.objectives_button.isVisibleTo(theirs)

    page = DashboardPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.today = lambda: dt.date(2026, 4, 20)
    assert page.objectives_button.isVisibleTo(page)
    qtbot.mouseClick(page.objectives_button, Qt.MouseButton.LeftButton)
    dialog = page.objectives_dialog
    assert dialog.month() == MAY  # next month by default
    type_into(qtbot, dialog, (salesperson.id, ObjectiveMetric.SALES), "4")
    with qtbot.waitSignal(page.figures_shown):
        dialog.save()
