"""The list behind a figure (the sales of a month, the claims of a category...), with CSV/XLSX export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.kpi import DetailTable
from dealercrm.services.tabular import write_csv, write_xlsx
from dealercrm.ui import formatting as fmt


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
        heading = QLabel(title)
        heading.setObjectName("SectionTitle")
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("%n row(s)", "", len(table.rows))))
        titles = column_titles()
        self.headers = [titles.get(c, c) for c in table.columns]
        self.view = QTableWidget(len(table.rows), len(table.columns))
        self.view.setHorizontalHeaderLabels(self.headers)
        self.view.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(self._text(value))
                if isinstance(value, int | float | Decimal):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.view.setItem(r, c, item)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"))
        close = QPushButton(self.tr("Close"))
        for button in (self.csv_button, self.xlsx_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        close.clicked.connect(self.accept)

    @staticmethod
    def _text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return fmt.money(value, decimals=2)
        if isinstance(value, dt.date):
            return fmt.date(value)
        if isinstance(value, float):
            return fmt.number(value, decimals=1)
        return str(value)

    def export(self, kind: str) -> Path | None:
        pattern = self.tr("CSV files (*.csv)") if kind == "csv" else self.tr("Excel files (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the list"), f"{self.detail.kind}.{kind}", pattern
        )
        if not path:
            return None
        target = Path(path)
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
