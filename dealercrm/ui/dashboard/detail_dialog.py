"""The list behind a figure (the sales of a month, the claims of a category...), with CSV/XLSX export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import (
    ClaimCategory,
    ClaimStatus,
    Severity,
    SourceChannel,
    Stage,
    VehicleCondition,
)
from dealercrm.services.kpi import DetailTable
from dealercrm.services.tabular import write_csv, write_xlsx
from dealercrm.ui import formatting as fmt
from dealercrm.ui.labels import label
from dealercrm.ui.style import named
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.forms import button_row, close_button

# Columns whose cells are enum codes ("used", "walk_in"...): shown with the enum's translated label.
ENUM_COLUMNS: dict[str, type[Enum]] = {
    "condition": VehicleCondition,
    "channel": SourceChannel,
    "stage": Stage,
    "category": ClaimCategory,
    "severity": Severity,
    "status": ClaimStatus,
}
# Columns naming the salesperson a row belongs to (the list can be grouped by them).
SALESPERSON_COLUMNS = ("salesperson", "owner")
MAX_COLUMN_WIDTH = 320  # px: a long name or title is cut there (its tooltip shows it whole)
COLUMN_PADDING = 16  # px beside the contents, so that "45 000,50 €" never touches the next column


def cell_text(column: str, value: object) -> str:
    """A cell as shown: enum codes as their translated label, money, dates and numbers formatted."""
    enum_cls = ENUM_COLUMNS.get(column)
    if enum_cls is not None and isinstance(value, str):
        if value in ("", "None"):
            return ""
        try:
            return label(enum_cls(value))
        except ValueError:
            return value
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt.money(value, decimals=2)
    if isinstance(value, dt.date):
        return fmt.date(value)
    if isinstance(value, float):
        return fmt.number(value, decimals=1)
    return str(value)


def money_columns(table: DetailTable) -> list[int]:
    """Indexes of the columns holding euros (their cells are Decimals)."""
    return [c for c in range(len(table.columns)) if any(isinstance(row[c], Decimal) for row in table.rows)]


def salesperson_subtotals(table: DetailTable) -> list[tuple[str, int, list[Decimal]]]:
    """(salesperson, row count, sum of each money column) per salesperson, by name; rows without a
    salesperson are grouped under an empty name, last. Empty without a salesperson column."""
    column = next((table.columns.index(c) for c in SALESPERSON_COLUMNS if c in table.columns), None)
    if column is None:
        return []
    money = money_columns(table)
    groups: dict[str, tuple[int, list[Decimal]]] = {}
    for row in table.rows:
        name = str(row[column] or "")
        count, sums = groups.get(name, (0, [Decimal(0)] * len(money)))
        values = [row[c] for c in money]
        groups[name] = (
            count + 1,
            [s + v if isinstance(v, Decimal) else s for s, v in zip(sums, values, strict=True)],
        )
    order = [n for n in fmt.by_name(groups) if n] + [n for n in groups if n == ""]
    return [(name, *groups[name]) for name in order]


def column_titles() -> dict[str, str]:
    return {
        "sold_on": QCoreApplication.translate("KpiDetails", "Sold on"),
        "customer": QCoreApplication.translate("KpiDetails", "Customer"),
        "vehicle": QCoreApplication.translate("KpiDetails", "Vehicle"),
        "condition": QCoreApplication.translate("KpiDetails", "Condition"),
        "salesperson": QCoreApplication.translate("KpiDetails", "Salesperson"),
        "channel": QCoreApplication.translate("KpiDetails", "Channel"),
        "price": QCoreApplication.translate("KpiDetails", "Price"),
        "cost": QCoreApplication.translate("KpiDetails", "Cost"),
        "margin": QCoreApplication.translate("KpiDetails", "Margin"),
        "created_on": QCoreApplication.translate("KpiDetails", "Created on"),
        "contact": QCoreApplication.translate("KpiDetails", "Contact"),
        "owner": QCoreApplication.translate("KpiDetails", "Owner"),
        "first_sale_on": QCoreApplication.translate("KpiDetails", "First sale on"),
        "opened_on": QCoreApplication.translate("KpiDetails", "Opened on"),
        "category": QCoreApplication.translate("KpiDetails", "Category"),
        "severity": QCoreApplication.translate("KpiDetails", "Severity"),
        "status": QCoreApplication.translate("KpiDetails", "Status"),
        "due_on": QCoreApplication.translate("KpiDetails", "Due on"),
        "resolved_on": QCoreApplication.translate("KpiDetails", "Resolved on"),
        "hours_to_resolution": QCoreApplication.translate("KpiDetails", "Hours to resolution"),
        "satisfaction": QCoreApplication.translate("KpiDetails", "Satisfaction"),
        "goodwill": QCoreApplication.translate("KpiDetails", "Goodwill"),
        "closed_on": QCoreApplication.translate("KpiDetails", "Closed on"),
        "title": QCoreApplication.translate("KpiDetails", "Title"),
        "stage": QCoreApplication.translate("KpiDetails", "Stage"),
        "amount": QCoreApplication.translate("KpiDetails", "Amount"),
        "lost_reason": QCoreApplication.translate("KpiDetails", "Lost reason"),
    }


class DetailDialog(QDialog):
    """A table of the rows behind a figure, and buttons to export them."""

    def __init__(self, title: str, table: DetailTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 520)
        self.detail = table
        layout = QVBoxLayout(self)
        heading = named(QLabel(title), "SectionTitle")
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("%n row(s)", "", len(table.rows))))
        titles = column_titles()
        self.headers = [titles.get(c, c) for c in table.columns]
        salesperson_column = next((c for c in SALESPERSON_COLUMNS if c in table.columns), None)
        self.group_check = QCheckBox(self.tr("Group by salesperson"))
        self.group_check.setToolTip(self.tr("Show the number of rows and the amounts of each salesperson"))
        self.group_check.setVisible(salesperson_column is not None)
        layout.addWidget(self.group_check)
        self.groups = QTableWidget(0, 0)
        self.groups.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.groups.verticalHeader().hide()
        self.groups.hide()
        layout.addWidget(self.groups)
        self.view = QTableWidget(len(table.rows), len(table.columns))
        self.view.setHorizontalHeaderLabels(self.headers)
        self.view.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                text = cell_text(table.columns[c], value)
                item = QTableWidgetItem(text)
                if isinstance(value, int | float | Decimal):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if len(text) > 40:
                    item.setToolTip(text)
                self.view.setItem(r, c, item)
        self._fit_columns(self.view)
        layout.addWidget(self.view, 1)
        self._fit_width()
        self.group_check.toggled.connect(self._show_groups)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"))
        layout.addLayout(button_row(self.csv_button, self.xlsx_button, close_button(self.accept)))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))

    @staticmethod
    def _fit_columns(view: QTableWidget, *, stretch_last: bool = True) -> None:
        """Every column as wide as its contents (up to a maximum; longer texts are elided on one line,
        whole in their tooltip), the last one taking what is left."""
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setWordWrap(False)
        view.resizeColumnsToContents()
        for c in range(view.columnCount()):
            view.setColumnWidth(c, min(view.columnWidth(c) + COLUMN_PADDING, MAX_COLUMN_WIDTH))
        header.setStretchLastSection(stretch_last)

    def wanted_width(self) -> int:
        """The width that shows every column of the list whole."""
        columns = sum(self.view.columnWidth(c) for c in range(self.view.columnCount()))
        margins = self.contentsMargins()
        layout = self.layout()
        if layout is not None:
            margins = layout.contentsMargins()
        chrome = margins.left() + margins.right() + self.view.verticalScrollBar().sizeHint().width()
        return columns + chrome + 2 * self.view.frameWidth() + 4

    def _fit_width(self) -> None:
        """Wide enough for every column when the screen allows it: amounts are never cut."""
        wanted = self.wanted_width()
        screen = self.screen()
        available = screen.availableGeometry().width() - 40 if screen is not None else wanted
        self.resize(max(self.width(), min(wanted, available)), self.height())

    def _show_groups(self, on: bool) -> None:
        """The subtotal per salesperson (count and sum of the money columns), above the list."""
        self.groups.setVisible(on)
        if not on:
            return
        money = money_columns(self.detail)
        subtotals = salesperson_subtotals(self.detail)
        heads = [
            QCoreApplication.translate("KpiDetails", "Salesperson"),
            QCoreApplication.translate("KpiDetails", "Rows"),
            *(self.headers[c] for c in money),
        ]
        self.groups.clear()
        self.groups.setColumnCount(len(heads))
        self.groups.setHorizontalHeaderLabels(heads)
        self.groups.setRowCount(len(subtotals))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        nobody = self.tr("(no salesperson)")
        for r, (name, count, sums) in enumerate(subtotals):
            self.groups.setItem(r, 0, QTableWidgetItem(name or nobody))
            for c, text in enumerate([fmt.number(count), *(fmt.money(v, decimals=2) for v in sums)], start=1):
                item = QTableWidgetItem(text)
                item.setTextAlignment(right)
                self.groups.setItem(r, c, item)
        self._fit_columns(self.groups, stretch_last=False)
        rows_height = sum(self.groups.rowHeight(r) for r in range(min(len(subtotals), 8)))
        self.groups.setMaximumHeight(rows_height + self.groups.horizontalHeader().height() + 4)
        columns = sum(self.groups.columnWidth(c) for c in range(self.groups.columnCount()))
        self.groups.setMaximumWidth(columns + 2 * self.groups.frameWidth() + 4)

    def export(self, kind: str) -> Path | None:
        pattern = self.tr("CSV files (*.csv)") if kind == "csv" else self.tr("Excel files (*.xlsx)")
        target = file_dialogs.save_file(
            self, self.tr("Export the list"), f"{self.detail.kind}.{kind}", pattern
        )
        if target is None:
            return None
        try:
            if kind == "csv":
                write_csv(target, self.headers, self.detail.rows)
            else:
                write_xlsx(target, self.headers, self.detail.rows, sheet=self.detail.kind)
        except OSError as exc:
            QMessageBox.warning(
                self, self.windowTitle(), self.tr("The file could not be written: %1").replace("%1", str(exc))
            )
            return None
        return target
