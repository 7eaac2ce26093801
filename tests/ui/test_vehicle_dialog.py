"""VehicleDialog: a new vehicle saved once however fast Save is pressed; field errors under their field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dealercrm.db import Database
from dealercrm.models import Vehicle
from dealercrm.services.permissions import Actor
from dealercrm.services.vehicles import VehicleDetail
from dealercrm.ui.context import AppContext
from dealercrm.ui.vehicles.vehicle_dialog import VehicleDialog
from dealercrm.ui.workers import Executor


def _vehicles(db: Database) -> int:
    with db.session_factory() as s:
        return s.execute(select(func.count()).select_from(Vehicle)).scalar_one()


def test_save_pressed_twice_creates_one_vehicle(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    threaded: Executor,
    double_click: Callable[[QAbstractButton, SignalInstance], None],
) -> None:
    dialog = VehicleDialog(AppContext(db=db, actor=manager, executor=threaded, language="en"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.make_edit, "Peugeot")
    qtbot.keyClicks(dialog.model_edit, "308")
    before = _vehicles(db)

    saved: list[VehicleDetail] = []
    dialog.vehicle_saved.connect(saved.append)

    double_click(dialog.save_button, dialog.vehicle_saved)

    assert [v.row.make for v in saved] == ["Peugeot"]
    assert _vehicles(db) == before + 1


def test_a_refused_save_shows_why_and_can_be_pressed_again(
    qtbot: QtBot, db: Database, manager: Actor, threaded: Executor
) -> None:
    dialog = VehicleDialog(AppContext(db=db, actor=manager, executor=threaded, language="en"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()  # no make, no model

    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and dialog.errors["make"].isVisible())
    assert dialog.errors["make"].text()
    assert _vehicles(db) == 0
