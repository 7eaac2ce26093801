"""Create or edit a vehicle: VIN checked as typed (manufacturer decoded), plate normalised, errors shown
under the fields they concern."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import BodyType, Fuel, VehicleCondition
from dealercrm.services.errors import ValidationError
from dealercrm.services.vehicle_ids import check_vin, normalise_plate
from dealercrm.services.vehicles import SEES_COSTS, VehicleDetail, VehicleInput, VehicleService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, message_of
from dealercrm.ui.style import named
from dealercrm.ui.widgets.dates import NO_DATE, OptionalDateEdit
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import ERROR_STYLE, enum_combo, error_text, notes_edit


def money_spin(maximum: float = 10_000_000) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, maximum)
    spin.setDecimals(2)
    spin.setSuffix(" €")
    spin.setGroupSeparatorShown(True)
    return spin


def optional_date() -> QDateEdit:
    return OptionalDateEdit(" ")


def date_of(edit: QDateEdit) -> dt.date | None:
    value = edit.date()
    return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())


class VehicleDialog(Dialog):
    vehicle_saved = Signal(object)  # VehicleDetail

    def __init__(
        self, ctx: AppContext, detail: VehicleDetail | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._detail = detail
        self._service = ctx.service(VehicleService)
        self.setWindowTitle(self.tr("Edit vehicle") if detail else self.tr("New vehicle"))
        self.make_edit = QLineEdit()
        self.model_edit = QLineEdit()
        self.version_edit = QLineEdit()
        self.vin_edit = QLineEdit()
        self.vin_edit.setMaxLength(20)
        self.vin_edit.setPlaceholderText(self.tr("17 characters, e.g. VF1RFB00X56789012"))
        self.vin_info = named(QLabel(), "Hint")
        self.plate_edit = QLineEdit()
        self.plate_edit.setPlaceholderText(self.tr("AB-123-CD or 123 ABC 45"))
        self.condition_combo = enum_combo(VehicleCondition)
        self.fuel_combo = enum_combo(Fuel, first="—")
        self.body_combo = enum_combo(BodyType, first="—")
        self.color_edit = QLineEdit()
        self.registration_edit = optional_date()
        self.mileage_spin = QSpinBox()
        self.mileage_spin.setRange(0, 2_000_000)
        self.mileage_spin.setSuffix(self.tr(" km"))
        self.mileage_spin.setGroupSeparatorShown(True)
        self.price_spin = money_spin()
        self.cost_spin = money_spin()
        self.stock_since_edit = optional_date()
        self.notes_edit = notes_edit(70)
        self.errors: dict[str, QLabel] = {}

        form = QFormLayout()
        sees_costs = ctx.actor.role in SEES_COSTS
        fields: list[tuple[str, str, QWidget]] = [
            ("make", self.tr("&Make"), self.make_edit),
            ("model", self.tr("M&odel"), self.model_edit),
            ("version", self.tr("&Version"), self.version_edit),
            ("vin", self.tr("V&IN"), self.vin_edit),
            ("plate", self.tr("&Plate"), self.plate_edit),
            ("condition", self.tr("Con&dition"), self.condition_combo),
            ("fuel", self.tr("&Fuel"), self.fuel_combo),
            ("body", self.tr("&Body"), self.body_combo),
            ("color", self.tr("Colo&ur"), self.color_edit),
            ("first_registration_on", self.tr("First &registration"), self.registration_edit),
            ("mileage_km", self.tr("Mi&leage"), self.mileage_spin),
            ("list_price", self.tr("List &price"), self.price_spin),
        ]
        if sees_costs:
            fields.append(("purchase_cost", self.tr("Purchase &cost"), self.cost_spin))
        fields += [
            ("in_stock_since", self.tr("In &stock since"), self.stock_since_edit),
            ("condition_notes", self.tr("Condition &notes"), self.notes_edit),
        ]
        for key, text, widget in fields:
            caption = QLabel(text)
            caption.setBuddy(widget)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            if key == "vin":
                box.addWidget(self.vin_info)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            box.addWidget(error)
            self.errors[key] = error
            form.addRow(caption, box)
        self.general_error = error_text()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

        self.vin_edit.textChanged.connect(self._check_vin)
        self.plate_edit.editingFinished.connect(self._normalise_plate)
        if detail is not None:
            self._fill(detail)
        else:
            self.stock_since_edit.setDate(fmt.qdate(self.ctx.today()))
        self.resize(520, 640)

    def _fill(self, d: VehicleDetail) -> None:
        r = d.row
        self.make_edit.setText(r.make)
        self.model_edit.setText(r.model)
        self.version_edit.setText(r.version or "")
        self.vin_edit.setText(r.vin or "")
        self.plate_edit.setText(r.plate or "")
        self.condition_combo.setCurrentIndex(self.condition_combo.findData(r.condition))
        self.fuel_combo.setCurrentIndex(max(0, self.fuel_combo.findData(r.fuel)))
        self.body_combo.setCurrentIndex(max(0, self.body_combo.findData(d.body)))
        self.color_edit.setText(d.color or "")
        if d.first_registration_on:
            f = d.first_registration_on
            self.registration_edit.setDate(QDate(f.year, f.month, f.day))
        self.mileage_spin.setValue(d.mileage_km or 0)
        self.price_spin.setValue(float(r.list_price or 0))
        self.cost_spin.setValue(float(d.purchase_cost or 0))
        if r.in_stock_since:
            s = r.in_stock_since
            self.stock_since_edit.setDate(QDate(s.year, s.month, s.day))
        self.notes_edit.setPlainText(d.condition_notes or "")

    def _check_vin(self, text: str) -> None:
        if not text.strip():
            self.vin_info.setText("")
            return
        checked = check_vin(text)
        if checked.valid:
            maker = " · ".join(p for p in (checked.manufacturer, checked.country) if p)
            text = maker or self.tr("Valid VIN")
            if checked.warning:
                text = self.tr("{maker} — check: {warning}").format(maker=text, warning=checked.warning)
            self.vin_info.setText(text)
            self.vin_info.setStyleSheet("")
        elif len(checked.vin) >= 17:
            self.vin_info.setText(checked.error or "")
            self.vin_info.setStyleSheet(ERROR_STYLE)
        else:
            self.vin_info.setText(self.tr("{n}/17 characters").format(n=len(checked.vin)))
            self.vin_info.setStyleSheet("")
        if checked.valid and checked.manufacturer and not self.make_edit.text().strip():
            self.make_edit.setText(checked.manufacturer)

    def _normalise_plate(self) -> None:
        plate = normalise_plate(self.plate_edit.text())
        if plate is not None:
            self.plate_edit.setText(plate)

    def data(self) -> VehicleInput:
        price = self.price_spin.value()
        cost = self.cost_spin.value()
        return VehicleInput(
            make=self.make_edit.text(),
            model=self.model_edit.text(),
            condition=VehicleCondition(self.condition_combo.currentData()),
            vin=self.vin_edit.text(),
            plate=self.plate_edit.text(),
            version=self.version_edit.text(),
            body=BodyType(self.body_combo.currentData()) if self.body_combo.currentData() else None,
            fuel=Fuel(self.fuel_combo.currentData()) if self.fuel_combo.currentData() else None,
            color=self.color_edit.text(),
            first_registration_on=date_of(self.registration_edit),
            mileage_km=self.mileage_spin.value() or None,
            list_price=Decimal(str(round(price, 2))) if price else None,
            purchase_cost=Decimal(str(round(cost, 2))) if cost else None,
            in_stock_since=date_of(self.stock_since_edit),
            condition_notes=self.notes_edit.toPlainText(),
        )

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        if self._detail is None:
            save = CollectionOp(self._service.create, data=self.data())
        else:
            save = CollectionOp(
                self._service.update,
                vehicle_id=self._detail.row.id,
                data=self.data(),
                expected_version=self._detail.lock_version,
            )
        save.success(self._saved).failure(self._failed).disabling(self.save_button).run(self.ctx.executor)

    def _saved(self, result: VehicleDetail) -> None:
        self.vehicle_saved.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if not isinstance(exc, ValidationError):
            self._show_general(message_of(exc))
            return
        for field, message in exc.errors.items():
            target = self.errors.get(field)
            if target is None:
                self._show_general(message)
                continue
            target.setText(message)
            target.show()

    def _show_general(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.show()
