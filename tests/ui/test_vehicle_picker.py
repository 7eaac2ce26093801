"""VehiclePickerDialog: filtering as typed (accents, plates, several words), keyboard choice, no match."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from dealercrm.models.enums import Fuel, StockStatus, VehicleCondition
from dealercrm.services.vehicles import VehicleRow
from dealercrm.ui.vehicles.picker import VehiclePickerDialog


def car(
    vehicle_id: int,
    make: str,
    model: str,
    *,
    version: str | None = None,
    plate: str | None = None,
    vin: str | None = None,
    condition: VehicleCondition = VehicleCondition.USED,
    days: int = 30,
    price: str = "15990",
) -> VehicleRow:
    return VehicleRow(
        id=vehicle_id,
        vin=vin,
        plate=plate,
        make=make,
        model=model,
        version=version,
        fuel=Fuel.PETROL,
        condition=condition,
        stock_status=StockStatus.IN_STOCK,
        in_stock_since=None,
        days_in_stock=days,
        list_price=Decimal(price),
        owner_id=None,
        owner_name=None,
        has_owner=False,
    )


CARS = [
    car(1, "Citroën", "C3", version="Shine", plate="AB-123-CD", days=12, price="14990"),
    car(2, "Peugeot", "208", version="Allure", plate="EF-456-GH", days=45, price="18490"),
    car(3, "Peugeot", "3008", version="GT", plate="JK-789-LM", days=8, price="32900"),
    car(4, "Renault", "Clio", version="Évolution", plate="NP-012-QR", days=120, price="12500"),
    car(
        5,
        "Renault",
        "Austral",
        version="Techno",
        vin="VF1RHN00012345678",
        condition=VehicleCondition.NEW,
        days=3,
        price="33990",
    ),
]


@pytest.fixture
def dialog(qtbot: QtBot) -> VehiclePickerDialog:
    dialog = VehiclePickerDialog(CARS, customer_name="Luc Moreau")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def shown(dialog: VehiclePickerDialog) -> list[int]:
    """Ids of the cars the list shows, top to bottom."""
    tree = dialog.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [dialog.vehicles[i].id for i, item in enumerate(items) if not item.isHidden()]


def test_opens_with_every_car_and_the_first_selected(dialog: VehiclePickerDialog) -> None:
    assert dialog.windowTitle() == "Record the sale"
    assert dialog.heading.text() == "Which car does Luc Moreau buy?"
    assert shown(dialog) == [1, 2, 3, 4, 5]
    assert dialog.count_label.text() == "5 cars in stock"
    assert dialog.selected_vehicle() == CARS[0] and dialog.ok_button.isEnabled()
    first = dialog.tree.topLevelItem(0)
    assert [first.text(c) for c in range(5)] == ["Citroën C3 Shine", "AB-123-CD", "Used", "12", "€14,990"]
    assert dialog.tree.topLevelItem(4).text(1) == "VF1RHN00012345678"  # no plate yet: the VIN
    assert dialog.focusWidget() is dialog.filter_edit


def test_filter_ignores_accents_and_case(qtbot: QtBot, dialog: VehiclePickerDialog) -> None:
    qtbot.keyClicks(dialog.filter_edit, "CITROEN")
    assert shown(dialog) == [1]
    assert dialog.count_label.text() == "1 matching car"
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "evolution")
    assert shown(dialog) == [4]


def test_filter_finds_plates_without_dashes_and_vins(qtbot: QtBot, dialog: VehiclePickerDialog) -> None:
    qtbot.keyClicks(dialog.filter_edit, "ab123")
    assert shown(dialog) == [1]
    assert dialog.selected_vehicle() == CARS[0]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "jk-789 lm")
    assert shown(dialog) == [3]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "vf1rhn")
    assert shown(dialog) == [5]


def test_every_word_must_match(qtbot: QtBot, dialog: VehiclePickerDialog) -> None:
    qtbot.keyClicks(dialog.filter_edit, "peugeot")
    assert shown(dialog) == [2, 3]
    assert dialog.count_label.text() == "2 matching cars"
    qtbot.keyClicks(dialog.filter_edit, " 208")
    assert shown(dialog) == [2]
    assert dialog.selected_vehicle() == CARS[1]
    dialog.filter_edit.clear()
    assert shown(dialog) == [1, 2, 3, 4, 5] and dialog.count_label.text() == "5 cars in stock"


def test_down_then_enter_in_the_filter_picks_the_second_visible_car(
    qtbot: QtBot, dialog: VehiclePickerDialog
) -> None:
    qtbot.keyClicks(dialog.filter_edit, "renault")
    assert shown(dialog) == [4, 5] and dialog.selected_vehicle() == CARS[3]
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.selected_vehicle() == CARS[4]
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)  # stays on the last car
    assert dialog.selected_vehicle() == CARS[4]
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.filter_edit.text() == "renault"  # the arrows did not go to the filter
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen == CARS[4]


def test_arrows_skip_the_hidden_cars(qtbot: QtBot, dialog: VehiclePickerDialog) -> None:
    qtbot.keyClicks(dialog.filter_edit, "e")  # Citroën, Peugeot x2, Renault x2 - then narrow to "eu"
    qtbot.keyClicks(dialog.filter_edit, "u")
    assert shown(dialog) == [2, 3]
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Enter)
    assert dialog.chosen == CARS[2]


def test_enter_and_double_click_in_the_list(qtbot: QtBot, dialog: VehiclePickerDialog) -> None:
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert dialog.chosen == CARS[1]

    other = VehiclePickerDialog(CARS, customer_name="Luc Moreau")
    qtbot.addWidget(other)
    other.show()
    item = other.tree.topLevelItem(2)
    rect = other.tree.visualItemRect(item)
    qtbot.mouseClick(other.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(other.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert other.chosen == CARS[2]


def test_escape_cancels(qtbot: QtBot, dialog: VehiclePickerDialog) -> None:
    qtbot.keyClicks(dialog.filter_edit, "clio")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert dialog.chosen is None


def test_no_match_disables_ok_and_says_so(qtbot: QtBot, dialog: VehiclePickerDialog) -> None:
    qtbot.keyClicks(dialog.filter_edit, "tesla")
    assert shown(dialog) == []
    assert not dialog.ok_button.isEnabled()
    assert dialog.stack.currentWidget() is dialog.placeholder
    assert dialog.placeholder.text() == "No car in stock matches “tesla”."
    assert dialog.count_label.text() == "0 matching cars"
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)  # nothing to choose: stays open
    assert dialog.isVisible() and dialog.chosen is None
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Backspace)
    assert dialog.filter_edit.text() == "t" and dialog.ok_button.isEnabled()
    assert dialog.stack.currentWidget() is dialog.tree


def test_empty_stock(qtbot: QtBot) -> None:
    dialog = VehiclePickerDialog([], customer_name="Luc Moreau")
    qtbot.addWidget(dialog)
    assert dialog.placeholder.text() == "No car in stock."
    assert dialog.count_label.text() == "0 cars in stock" and not dialog.ok_button.isEnabled()
