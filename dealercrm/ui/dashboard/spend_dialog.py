"""The manager enters a year of marketing spend: one row per acquisition channel, one column per month,
the row and column totals, and last year's figures beside (a read-only column and each cell's tooltip).

Amounts are typed the French or the English way ("1 234,50" or "1,234.50"); an empty cell means no
spend. Reading, saving and importing a file go through MarketingSpendService on the database executor;
nothing is written until Save (an import writes at once, then the grid is read again).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from dealercrm.models.enums import SpendChannel
from dealercrm.services.spend import (
    MONTHS,
    Cell,
    MarketingSpendService,
    SpendChanges,
    SpendGrid,
    SpendImport,
    cell_key,
    parse_amount,
)
from dealercrm.services.validation import InvalidValue
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.dashboard.grid_dialog import GridDialog
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp, shown_by
from dealercrm.ui.widgets import file_dialogs

TOTAL_COLUMN = len(MONTHS)  # after the 12 months
LAST_YEAR_COLUMN = TOTAL_COLUMN + 1
READ_ONLY = QBrush(QColor("#f3f4f6"))
INVALID = QBrush(QColor("#fef3f2"))
_ENGLISH_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_cell(text: str) -> Decimal | None:
    """A typed amount; None when empty. "1 234,50", "1234.5" and, where the locale writes a decimal
    point, "1,234.50" or "1,234". Raises ValueError when it is not an amount."""
    text = text.strip()
    if not text:
        return None
    compact = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if fmt.locale().decimalPoint() == "." and _ENGLISH_GROUPS.fullmatch(compact):
        compact = compact.replace(",", "")
    try:
        return parse_amount(compact)
    except InvalidValue as exc:
        raise ValueError(text) from exc


def money_text(amount: Decimal | None) -> str:
    return "" if amount is None else fmt.money(amount, decimals=2)


class SpendDialog(GridDialog):
    """A year of marketing spend per channel and month, saved in one go."""

    imported = Signal(object)  # SpendImport

    def __init__(self, ctx: AppContext, *, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(MarketingSpendService)
        self._grid: SpendGrid | None = None
        self._filling = False
        self.setWindowTitle(self.tr("Marketing spend"))
        if year is None:
            year = dt.datetime.now(ctx.timezone).year

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        self.year_spin.setGroupSeparatorShown(False)
        self.import_button = QPushButton(self.tr("Import a file…"))
        self.import_button.setToolTip(
            self.tr("CSV or Excel file with the columns month, channel and amount; imported at once")
        )
        top = self._period_row(self.tr("&Year"), self.year_spin, self.import_button)
        hint = self.tr(
            "Euros per channel and month (ads, listings, open days, referral bonuses...), campaign "
            "costs excepted: they are counted with each campaign. Leave a cell empty for no spend. "
            "Last year's amount of a cell is in its tooltip."
        )

        self.table = QTableWidget(len(SpendChannel) + 1, len(MONTHS) + 2)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalHeaderLabels(
            [self.month_title(m) for m in MONTHS] + [self.tr("Total"), self.tr("Last year")]
        )
        self.table.setVerticalHeaderLabels([label(c) for c in SpendChannel] + [self.tr("Total")])
        self.table.itemChanged.connect(self._cell_edited)

        self.unreadable = self.tr("The marketing spend could not be read: %1")
        self.not_a_figure = self.tr("%1: not an amount.")
        self._lay_out(
            top, hint, self.table, save_text=self.tr("Save"), waiting=[self.import_button, self.year_spin]
        )
        self.resize(1180, 420)

        self.year_spin.valueChanged.connect(lambda _year: self.load())
        self.import_button.clicked.connect(self.choose_file)
        self.load()

    def month_title(self, month: int) -> str:
        name = fmt.locale().standaloneMonthName(month, fmt.locale().FormatType.ShortFormat)
        return name[:1].upper() + name[1:]

    def year(self) -> int:
        return self.year_spin.value()

    def cell(self, channel: SpendChannel, month: int) -> QTableWidgetItem:
        item = self.table.item(list(SpendChannel).index(channel), month - 1)
        assert item is not None
        return item

    def set_text(self, channel: SpendChannel, month: int, text: str) -> None:
        """Type `text` into a cell, as the user would (tests, and pasting)."""
        self.cell(channel, month).setText(text)

    # Loading -----------------------------------------------------------------------------------
    def _read(self) -> QueryOp[SpendGrid]:
        return QueryOp(self._service.grid, year=self.year())

    def _show_grid(self, grid: SpendGrid) -> None:
        self._filling = True
        last_year = str(grid.year - 1)
        for r, row in enumerate(grid.rows):
            for month in MONTHS:
                item = QTableWidgetItem(money_text(row.amount(month)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                before = row.last_year[month - 1]
                item.setToolTip(
                    self.tr("%1 %2: %3")
                    .replace("%1", self.month_title(month))
                    .replace("%2", last_year)
                    .replace("%3", money_text(before) if before is not None else "—")
                )
                self.table.setItem(r, month - 1, item)
            self.table.setItem(r, TOTAL_COLUMN, self._read_only(""))
            self.table.setItem(r, LAST_YEAR_COLUMN, self._read_only(money_text(row.last_year_total)))
        totals = len(grid.rows)
        for month in MONTHS:
            item = self._read_only("")
            item.setToolTip(
                self.tr("%1 %2: %3")
                .replace("%1", self.month_title(month))
                .replace("%2", last_year)
                .replace("%3", money_text(grid.last_year_month_total(month)))
            )
            self.table.setItem(totals, month - 1, item)
        self.table.setItem(totals, TOTAL_COLUMN, self._read_only(""))
        self.table.setItem(totals, LAST_YEAR_COLUMN, self._read_only(money_text(grid.last_year_total)))
        header = self.table.horizontalHeaderItem(LAST_YEAR_COLUMN)
        if header is not None:
            header.setText(self.tr("Total %1").replace("%1", last_year))
        self._filling = False
        self._update_totals()

    def _read_only(self, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setBackground(READ_ONLY)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        return item

    # Editing -----------------------------------------------------------------------------------
    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() >= TOTAL_COLUMN or item.row() >= len(SpendChannel):
            return
        self._filling = True
        try:
            value = parse_cell(item.text())
        except ValueError:
            item.setBackground(INVALID)
        else:
            item.setBackground(QBrush())
            item.setText(money_text(value))  # the locale's way, once typed
        finally:
            self._filling = False
        self._update_totals()

    def _value(self, channel: SpendChannel, month: int) -> Decimal | None:
        """Raises ValueError when the cell is not an amount."""
        return parse_cell(self.cell(channel, month).text())

    def _update_totals(self) -> None:
        if self._grid is None:
            return
        self._filling = True
        columns = {m: Decimal("0.00") for m in MONTHS}
        grand = Decimal("0.00")
        for r, channel in enumerate(SpendChannel):
            row_total = Decimal("0.00")
            for month in MONTHS:
                try:
                    value = self._value(channel, month)
                except ValueError:
                    continue
                if value is not None:
                    row_total += value
                    columns[month] += value
            grand += row_total
            total = self.table.item(r, TOTAL_COLUMN)
            if total is not None:
                total.setText(money_text(row_total))
        totals = len(SpendChannel)
        for month, amount in columns.items():
            item = self.table.item(totals, month - 1)
            if item is not None:
                item.setText(money_text(amount))
        corner = self.table.item(totals, TOTAL_COLUMN)
        if corner is not None:
            corner.setText(money_text(grand))
        self._filling = False

    def row_total(self, channel: SpendChannel) -> str:
        item = self.table.item(list(SpendChannel).index(channel), TOTAL_COLUMN)
        return item.text() if item is not None else ""

    def month_total(self, month: int) -> str:
        item = self.table.item(len(SpendChannel), month - 1)
        return item.text() if item is not None else ""

    # Saving ------------------------------------------------------------------------------------
    def changed(self) -> dict[Cell, Decimal | None]:
        """The cells whose value differs from what was read; raises ValueError naming a bad cell."""
        if self._grid is None:
            return {}
        changes: dict[Cell, Decimal | None] = {}
        bad: list[str] = []
        for channel in SpendChannel:
            read = self._grid.row(channel)
            for month in MONTHS:
                try:
                    value = self._value(channel, month)
                except ValueError:
                    self.cell(channel, month).setBackground(INVALID)
                    bad.append(f"{label(channel)}, {self.month_title(month)}")
                    continue
                if value != read.amount(month):
                    changes[(channel, month)] = value
        if bad:
            raise ValueError(bad[0])
        return changes

    def _write(self, changes: Mapping[Cell, Decimal | None]) -> CollectionOp[SpendChanges]:
        return CollectionOp(self._service.save, year=self.year(), cells=changes)

    def _mark_invalid(self, keys: Mapping[str, str]) -> None:
        for channel in SpendChannel:
            for month in MONTHS:
                if cell_key(channel, month) in keys:
                    self.cell(channel, month).setBackground(INVALID)

    # Importing ---------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            self.tr("Import marketing spend"),
            self.tr("Spreadsheets (*.csv *.xlsx);;All files (*)"),
        )
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Import the file at once (month, channel, amount rows), then read the year again."""
        self.error_label.hide()
        self._set_busy(True)
        CollectionOp(self._service.import_file, path=path).success(self._imported).failure(
            shown_by(self._show_error)
        ).run(self.ctx.executor)

    def _imported(self, result: SpendImport) -> None:
        text = self.tr("%Ln row(s) imported, %1 rejected.", "", result.imported).replace(
            "%1", fmt.number(len(result.rejected))
        )
        lines = [
            self.tr("Line %1: %2").replace("%1", str(issue.line)).replace("%2", issue.message)
            for issue in result.rejected[:10]
        ]
        self.status.setText("\n".join([text, *lines]))
        self.status.show()
        self.imported.emit(result)
        self.load()
