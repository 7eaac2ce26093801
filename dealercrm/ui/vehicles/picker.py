"""Pick the car a customer buys from the stock: type to filter, arrows to move, Enter to choose.

The caller hands over the rows it already has; the dialog never touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.validation import fold
from dealercrm.ui import formatting as fmt
from dealercrm.ui.labels import label
from dealercrm.ui.style import ACCENT_SOFT, TEXT, named, set_primary

if TYPE_CHECKING:
    from dealercrm.services.vehicles import VehicleRow

TREE_STYLE = (
    "QTreeView::item { padding: 3px 6px; }"
    f"QTreeView {{ selection-background-color: {ACCENT_SOFT}; selection-color: {TEXT}; }}"
)
COL_VEHICLE, COL_PLATE, COL_CONDITION, COL_DAYS, COL_PRICE = range(5)
ROLE_INDEX = Qt.ItemDataRole.UserRole  # position of the row in `VehiclePickerDialog.vehicles`
MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def compact(text: str) -> str:
    """`fold` without separators, for plates and VINs: "AB-123 CD" -> "ab123cd"."""
    return fold(text).replace(" ", "")


def search_keys(row: VehicleRow) -> tuple[str, str]:
    """The text a filter word is looked for in: the words of the car, and its compact plate and VIN."""
    words = " ".join(p for p in (row.make, row.model, row.version, row.plate, row.vin) if p)
    ids = " ".join(compact(p) for p in (row.plate, row.vin) if p)
    return fold(words), ids


def matches(keys: tuple[str, str], query: str) -> bool:
    """Every word of `query` appears in the car's text (or, compacted, in its plate or VIN)."""
    text, ids = keys
    return all(fold(word) in text or compact(word) in ids for word in query.split())


class VehiclePickerDialog(QDialog):
    """Choose one car of `vehicles`; after `exec()` returns Accepted, `chosen` is that row."""

    def __init__(
        self, vehicles: Sequence[VehicleRow], *, customer_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vehicles = list(vehicles)
        self.chosen: VehicleRow | None = None
        self._keys = [search_keys(row) for row in self.vehicles]
        self.setWindowTitle(self.tr("Record the sale"))

        self.heading = named(
            QLabel(self.tr("Which car does {name} buy?").format(name=customer_name)), "SectionTitle"
        )
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Make, model, plate or VIN"))
        self.filter_edit.setClearButtonEnabled(True)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [
                self.tr("Vehicle"),
                self.tr("Plate"),
                self.tr("New/Used"),
                self.tr("Days in stock"),
                self.tr("Price"),
            ]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemsExpandable(False)
        self.tree.setIndentation(0)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setStyleSheet(TREE_STYLE)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(COL_VEHICLE, QHeaderView.ResizeMode.Stretch)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for column in (COL_DAYS, COL_PRICE):
            self.tree.headerItem().setTextAlignment(column, right)
        self._items = [self._item(index, row) for index, row in enumerate(self.vehicles)]
        self.tree.addTopLevelItems(self._items)
        # Sized once on every car, so that the columns do not jump as the filter hides rows.
        for column in (COL_PLATE, COL_CONDITION, COL_DAYS, COL_PRICE):
            self.tree.resizeColumnToContents(column)

        self.placeholder = named(QLabel(), "Placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.placeholder)

        self.count_label = named(QLabel(), "Hint")
        keys_hint = named(QLabel(self.tr("↑ ↓ to move, Enter to choose, Esc to cancel")), "Hint")
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addStretch(1)
        status.addWidget(keys_hint)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        set_primary(self.ok_button)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.stack, 1)
        layout.addLayout(status)
        layout.addWidget(self.buttons)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_edit.installEventFilter(self)
        self.tree.installEventFilter(self)
        self.tree.itemDoubleClicked.connect(lambda *_: self.accept())
        self.tree.itemSelectionChanged.connect(self._update_ok)
        self._apply_filter()
        self.setMinimumWidth(600)
        self.resize(720, 480)

    def _item(self, index: int, row: VehicleRow) -> QTreeWidgetItem:
        vehicle = " ".join(p for p in (row.make, row.model, row.version) if p)
        item = QTreeWidgetItem(
            [
                vehicle,
                row.plate or row.vin or "",
                label(row.condition),
                fmt.number(row.days_in_stock),
                fmt.money(row.list_price),
            ]
        )
        item.setData(COL_VEHICLE, ROLE_INDEX, index)
        item.setToolTip(COL_VEHICLE, "\n".join(p for p in (row.label, row.vin) if p))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for column in (COL_DAYS, COL_PRICE):
            item.setTextAlignment(column, right)
        return item

    # Filtering -------------------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        query = self.filter_edit.text()
        first: QTreeWidgetItem | None = None
        shown = 0
        self.tree.setUpdatesEnabled(False)
        for item, keys in zip(self._items, self._keys, strict=True):
            visible = matches(keys, query)
            item.setHidden(not visible)
            if visible:
                shown += 1
                if first is None:
                    first = item
        self.tree.setUpdatesEnabled(True)
        if first is not None:
            self.tree.setCurrentItem(first)
            self.tree.scrollToItem(first)
        else:
            self.tree.setCurrentIndex(QModelIndex())
            self.tree.clearSelection()
        if query.strip():
            self.count_label.setText(self.tr("%n matching car(s)", "", shown))
        else:
            self.count_label.setText(self.tr("%n car(s) in stock", "", shown))
        if not self.vehicles:
            self.placeholder.setText(self.tr("No car in stock."))
        else:
            self.placeholder.setText(self.tr("No car in stock matches “{text}”.").format(text=query.strip()))
        self.stack.setCurrentWidget(self.tree if shown else self.placeholder)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.selected_vehicle() is not None)

    def selected_vehicle(self) -> VehicleRow | None:
        """The row selected in the list, None when nothing is (no match)."""
        items = [item for item in self.tree.selectedItems() if not item.isHidden()]
        if not items:
            return None
        return self.vehicles[int(items[0].data(COL_VEHICLE, ROLE_INDEX))]

    # Keyboard ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in ENTER_KEYS:
                self.accept()
                return True
            if watched is self.filter_edit and key in MOVE_KEYS:
                # The filter keeps the focus; the arrows move the selection in the list.
                forwarded = QKeyEvent(event.type(), key, event.modifiers(), event.text())
                QApplication.sendEvent(self.tree, forwarded)
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.filter_edit.setFocus()

    def accept(self) -> None:
        """Close with the selected car in `chosen`; nothing happens while no car is selected."""
        row = self.selected_vehicle()
        if row is None:
            return
        self.chosen = row
        super().accept()
