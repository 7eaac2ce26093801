"""The manager sets a month's objectives: one row for the dealership and one per salesperson, one column
per metric (vehicles sold, margin, test drives, calls). An empty cell means no objective.

Reading and saving go through ObjectiveService on the database executor; nothing is written until Save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from dealercrm.models.enums import ObjectiveMetric
from dealercrm.services.kpi.period import add_months
from dealercrm.services.objectives import (
    COUNT_METRICS,
    ObjectiveChanges,
    ObjectiveGrid,
    ObjectiveService,
    cell_key,
)
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.dashboard.grid_dialog import GridDialog
from dealercrm.ui.operations import CollectionOp, QueryOp
from dealercrm.ui.style import named, restyled
from dealercrm.ui.widgets.forms import scrolled

Cell = tuple[int | None, ObjectiveMetric]

DIALOG_STYLE = """
#ObjectiveCell { padding: 3px 6px; min-height: 22px; }
#ObjectiveCell[invalid="true"] { border: 1px solid #b42318; background: #fef3f2; }
#GridHeader { color: #4b5563; font-weight: 600; }
#RowName { padding-right: 12px; }
#RowName[dealership="true"] { font-weight: 600; }
#TotalName, #TotalValue { color: #6b7280; }
#GridRule { color: #e3e6eb; }
"""

# Digits, spaces (any kind, as group separators), separators and the euro sign: never a minus.
NUMBER_PATTERN = QRegularExpression("^[0-9\\s\u00a0\u202f.,'€]*$")


def _first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def parse_amount(text: str) -> Decimal | None:
    """A number as the user's locale writes it ("12 500", "12,500", "1 234,5 €"); None when empty.

    Raises ValueError when it is not a number.
    """
    locale = fmt.locale()
    cleaned = text.replace("€", "")
    for space in (" ", "\u00a0", "\u202f", "'"):
        cleaned = cleaned.replace(space, "")
    if not cleaned:
        return None
    group, point = locale.groupSeparator(), locale.decimalPoint()
    if group.strip():
        cleaned = cleaned.replace(group, "")
    cleaned = cleaned.replace(point, ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def format_target(metric: ObjectiveMetric, value: Decimal | None) -> str:
    if value is None:
        return ""
    whole = value == value.to_integral_value()
    if metric in COUNT_METRICS:
        # A fraction stays visible (and is refused on saving) rather than being silently rounded.
        exponent = value.normalize().as_tuple().exponent
        decimals = 0 if whole or not isinstance(exponent, int) else -exponent
        return fmt.number(value, decimals=decimals)
    return fmt.money(value, decimals=0 if whole else 2)


class ObjectiveCell(QLineEdit):
    """One target; empty means no objective. Reformatted the locale's way when left."""

    def __init__(self, metric: ObjectiveMetric, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.objective_metric = metric
        self.setObjectName("ObjectiveCell")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setValidator(QRegularExpressionValidator(NUMBER_PATTERN, self))
        self.setPlaceholderText("—")
        self.setMinimumWidth(120 if metric not in COUNT_METRICS else 90)
        self.editingFinished.connect(self.reformat)
        self.textEdited.connect(lambda _text: self.set_invalid(False))

    def value(self) -> Decimal | None:
        """Raises ValueError when the text is not a number."""
        return parse_amount(self.text())

    def set_value(self, value: Decimal | None) -> None:
        self.setText(format_target(self.objective_metric, value))
        self.set_invalid(False)

    def reformat(self) -> None:
        try:
            value = self.value()
        except ValueError:
            self.set_invalid(True)
            return
        self.set_value(value)

    def set_invalid(self, invalid: bool) -> None:
        if self.property("invalid") == invalid:
            return
        restyled(self, invalid=invalid)


class ObjectivesDialog(GridDialog):
    """A month's objectives for the dealership and each salesperson, saved in one go."""

    def __init__(
        self, ctx: AppContext, *, month: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(ObjectiveService)
        self._grid: ObjectiveGrid | None = None
        self.cells: dict[Cell, ObjectiveCell] = {}
        self.total_labels: dict[ObjectiveMetric, QLabel] = {}
        self.setWindowTitle(self.tr("Monthly objectives"))
        self.setStyleSheet(DIALOG_STYLE)
        if month is None:
            month = add_months(_first_of(dt.datetime.now(ctx.timezone).date()), 1)

        # Month and copy ------------------------------------------------------------------------
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("MMMM yyyy")
        self.month_edit.setCalendarPopup(True)
        self.month_edit.setMinimumWidth(170)
        self.month_edit.setDate(QDate(month.year, month.month, 1))
        self.copy_button = QPushButton(self.tr("Copy from previous month"))
        self.copy_button.setToolTip(
            self.tr("Fill the empty cells with the previous month's objectives; nothing is saved yet")
        )
        top = self._period_row(self.tr("&Month"), self.month_edit, self.copy_button)
        top.setSpacing(8)
        hint = self.tr(
            "Leave a cell empty for no objective. Margin in euros; the others are counts for the month."
        )

        # Grid ----------------------------------------------------------------------------------
        self.grid_widget = QWidget()
        self.grid_layout = QGridLayout(self.grid_widget)
        self.grid_layout.setContentsMargins(0, 0, 4, 0)
        self.grid_layout.setHorizontalSpacing(12)
        self.grid_layout.setVerticalSpacing(6)
        scroll = scrolled(self.grid_widget)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.grid_scroll = scroll

        self.unreadable = self.tr("The objectives could not be read: %1")
        self.not_a_figure = self.tr("%1: not a number.")
        self._lay_out(top, hint, scroll, save_text=self.tr("Save"), waiting=[self.copy_button])
        self.setMinimumWidth(760)

        self.month_edit.dateChanged.connect(lambda _date: self.load())
        self.copy_button.clicked.connect(self.copy_previous_month)
        self.load()

    # Metrics -----------------------------------------------------------------------------------
    def metric_titles(self) -> dict[ObjectiveMetric, str]:
        return {
            ObjectiveMetric.SALES: self.tr("Sales (vehicles)"),
            ObjectiveMetric.MARGIN: self.tr("Margin (€)"),
            ObjectiveMetric.TEST_DRIVES: self.tr("Test drives"),
            ObjectiveMetric.CALLS: self.tr("Calls"),
        }

    def month(self) -> dt.date:
        d = self.month_edit.date()
        return dt.date(d.year(), d.month(), 1)

    # Loading -----------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the chosen month's objectives (any unsaved edits of the previous month are dropped)."""
        self.status.hide()
        super().load()

    def _read(self) -> QueryOp[ObjectiveGrid]:
        return QueryOp(self._service.month_grid, month=self.month())

    def _show_grid(self, grid: ObjectiveGrid) -> None:
        layout = self.grid_layout
        while layout.count():
            item = layout.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.cells.clear()
        self.total_labels.clear()
        titles = self.metric_titles()
        for column, metric in enumerate(grid.metrics, start=1):
            header = named(QLabel(titles[metric]), "GridHeader")
            header.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            layout.addWidget(header, 0, column)
            layout.setColumnStretch(column, 1)
        row_index = 1
        for row in grid.rows:
            name = row.display_name
            if row.is_dealership:
                name = self.tr("Dealership")
            elif not row.active:
                name = self.tr("%1 (inactive)").replace("%1", name)
            name_label = named(QLabel(name), "RowName")
            name_label.setProperty("dealership", row.is_dealership)
            layout.addWidget(name_label, row_index, 0)
            for column, metric in enumerate(grid.metrics, start=1):
                cell = ObjectiveCell(metric)
                cell.set_value(row.target(metric))
                cell.setAccessibleName(f"{name} — {titles[metric]}")
                if row.is_dealership:
                    cell.setToolTip(
                        self.tr("The dealership's own objective, not the sum of the salespeople's")
                    )
                else:
                    cell.textChanged.connect(self._update_totals)
                layout.addWidget(cell, row_index, column)
                self.cells[(row.user_id, metric)] = cell
            row_index += 1
            if row.is_dealership and len(grid.rows) > 1:
                rule = QFrame()
                rule.setObjectName("GridRule")
                rule.setFrameShape(QFrame.Shape.HLine)
                layout.addWidget(rule, row_index, 0, 1, len(grid.metrics) + 1)
                row_index += 1
        if len(grid.rows) > 1:
            rule = QFrame()
            rule.setObjectName("GridRule")
            rule.setFrameShape(QFrame.Shape.HLine)
            layout.addWidget(rule, row_index, 0, 1, len(grid.metrics) + 1)
            row_index += 1
            total_name = named(QLabel(self.tr("Total of salespeople")), "TotalName")
            layout.addWidget(total_name, row_index, 0)
            for column, metric in enumerate(grid.metrics, start=1):
                total = named(QLabel(), "TotalValue")
                total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                # Line up with the figures inside the cells.
                total.setContentsMargins(0, 0, 8, 0)
                layout.addWidget(total, row_index, column)
                self.total_labels[metric] = total
            row_index += 1
        else:
            none = named(
                QLabel(self.tr("No active salesperson: only the dealership's objectives can be set.")), "Hint"
            )
            layout.addWidget(none, row_index, 0, 1, len(grid.metrics) + 1)
            row_index += 1
        layout.setRowStretch(row_index, 1)
        layout.setColumnStretch(0, 2)
        self._update_totals()
        self.cells[(None, grid.metrics[0])].setFocus()
        # As tall as the rows (up to a screenful); a long team scrolls.
        wanted = self.grid_widget.sizeHint().height() + 4
        self.grid_scroll.setMinimumHeight(min(wanted, 480))

    def _update_totals(self) -> None:
        for metric, label in self.total_labels.items():
            values: list[Decimal] = []
            for (user_id, cell_metric), cell in self.cells.items():
                if user_id is None or cell_metric is not metric:
                    continue
                try:
                    value = cell.value()
                except ValueError:
                    continue
                if value is not None:
                    values.append(value)
            label.setText(format_target(metric, sum(values, Decimal(0))) if values else "—")

    # Copying -----------------------------------------------------------------------------------
    def copy_previous_month(self) -> None:
        """Fill the empty cells with the previous month's targets; the user reviews, then saves."""
        previous = add_months(self.month(), -1)
        self._set_busy(True)
        # The same key as loading: a month read meanwhile makes this copy stale.
        QueryOp(self._service.month_grid, month=previous).success(self._copy_ready).failure(
            self._load_failed
        ).latest_for(self, "grid").run(self.ctx.executor)

    def _copy_ready(self, previous: ObjectiveGrid) -> None:
        self._set_busy(False)
        filled = kept = 0
        for (user_id, metric), value in previous.targets().items():
            cell = self.cells.get((user_id, metric))
            if cell is None:
                continue  # no longer an active salesperson
            if cell.text().strip():
                kept += 1
                continue
            cell.set_value(value)
            filled += 1
        month_name = fmt.locale().toString(QDate(previous.month.year, previous.month.month, 1), "MMMM yyyy")
        if not filled and not kept:
            text = self.tr("No objectives were set for %1.").replace("%1", month_name)
        elif kept:
            text = self.tr(
                "%Ln objective(s) copied from %1; cells already filled were kept. Save to keep them.",
                "",
                filled,
            ).replace("%1", month_name)
        else:
            text = self.tr("%Ln objective(s) copied from %1. Save to keep them.", "", filled).replace(
                "%1", month_name
            )
        self.status.setText(text)
        self.status.show()

    # Saving ------------------------------------------------------------------------------------
    def changed(self) -> dict[Cell, Decimal | None]:
        """The cells whose value differs from what was read; raises ValueError naming a bad cell."""
        if self._grid is None:
            return {}
        changes: dict[Cell, Decimal | None] = {}
        bad: list[ObjectiveCell] = []
        for (user_id, metric), cell in self.cells.items():
            try:
                value = cell.value()
            except ValueError:
                cell.set_invalid(True)
                bad.append(cell)
                continue
            if value != self._grid.target(user_id, metric):
                changes[(user_id, metric)] = value
        if bad:
            bad[0].setFocus()
            raise ValueError(bad[0].accessibleName())
        return changes

    def _write(self, changes: Mapping[Cell, Decimal | None]) -> CollectionOp[ObjectiveChanges]:
        return CollectionOp(self._service.save_month, month=self.month(), targets=changes)

    def _mark_invalid(self, keys: Mapping[str, str]) -> None:
        cells = {cell_key(u, m): cell for (u, m), cell in self.cells.items()}
        for key in keys:
            if key in cells:
                cells[key].set_invalid(True)
