"""Log a service visit (maintenance, contrôle technique or repair) on a vehicle: date, mileage, amount,
notes. The vehicle's next maintenance and CT follow from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import ServiceKind
from dealercrm.services.sales import SaleService
from dealercrm.services.vehicles import VehicleDetail, VisitLine
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, message_of
from dealercrm.ui.style import say
from dealercrm.ui.vehicles.vehicle_dialog import money_spin
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import action_buttons, enum_combo, error_text

MAX_KM = 2_000_000


class ServiceVisitDialog(Dialog):
    """One workshop visit of `vehicle`, saved through SaleService.record_service_visit."""

    visit_logged = Signal(object)  # VisitLine

    def __init__(self, ctx: AppContext, vehicle: VehicleDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._vehicle = vehicle
        self._service = ctx.service(SaleService)
        self.setWindowTitle(self.tr("Log a service visit"))

        self.vehicle_label = QLabel(vehicle.row.label)  # make, model and plate
        self.vehicle_label.setStyleSheet("font-weight: 600;")
        today = fmt.qdate(ctx.today())
        self.date_edit = QDateEdit(today)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(today)  # a visit is logged once it has happened
        self.kind_combo = enum_combo(ServiceKind)
        self.mileage_spin = QSpinBox()
        self.mileage_spin.setRange(0, MAX_KM)
        self.mileage_spin.setGroupSeparatorShown(True)
        self.mileage_spin.setSuffix(self.tr(" km"))
        self.mileage_spin.setSpecialValueText(self.tr("not read"))
        self.mileage_spin.setValue(vehicle.mileage_km or 0)
        self.mileage_spin.setToolTip(self.tr("The odometer reading at the visit"))
        self.amount_spin = money_spin()
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(self.tr("Work done, parts, remarks for the next visit"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)

        form = QFormLayout()
        form.addRow(self.tr("Vehicle"), self.vehicle_label)
        form.addRow(self.tr("&Date"), self.date_edit)
        form.addRow(self.tr("&Kind"), self.kind_combo)
        form.addRow(self.tr("&Mileage"), self.mileage_spin)
        form.addRow(self.tr("&Amount"), self.amount_spin)
        form.addRow(self.tr("&Notes"), self.notes_edit)
        self.error_label = error_text()
        buttons, self.save_button = action_buttons(self, self.tr("Log visit"), self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def visited_on(self) -> dt.date:
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_kind(self, kind: ServiceKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def save(self) -> None:
        """Record the visit off the GUI thread; the dialog closes once it is saved."""
        km = self.mileage_spin.value()
        record = CollectionOp(
            self._service.record_service_visit,
            vehicle_id=self._vehicle.row.id,
            visited_on=self.visited_on(),
            kind=ServiceKind(self.kind_combo.currentData()),
            mileage_km=km or None,
            amount=Decimal(str(round(self.amount_spin.value(), 2))),
            notes=self.notes_edit.toPlainText(),
        )
        record.success(self._saved).failure(self._failed).disabling(self.save_button).run(self.ctx.executor)

    def _failed(self, exc: Exception) -> None:
        names = {"visited_on": self.tr("Date"), "mileage_km": self.tr("Mileage"), "amount": self.tr("Amount")}
        say(self.error_label, message_of(exc, names))

    def _saved(self, result: VisitLine) -> None:
        self.visit_logged.emit(result)
        self.accept()
