"""Record a sale: the buyer, price and cost (margin computed as you type), financing with its end date,
warranty end, and the trade-in that enters used stock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import Financing, VehicleCondition
from dealercrm.services.due_dates import add_months, financing_end_on
from dealercrm.services.errors import ConflictError
from dealercrm.services.sales import SaleService, SaleSummary, TradeInInput, compute_margin
from dealercrm.services.search import SearchHit, SearchService
from dealercrm.services.vehicles import SEES_COSTS, VehicleDetail
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.search_box import hit_subtitle
from dealercrm.ui.style import named, say
from dealercrm.ui.vehicles.vehicle_dialog import money_spin
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import action_buttons, enum_combo, error_text, notes_edit

NEGATIVE = "color: #b42318; font-weight: 600;"


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


class SaleDialog(Dialog):
    sale_recorded = Signal(object)  # SaleSummary

    def __init__(
        self,
        ctx: AppContext,
        vehicle: VehicleDetail,
        parent: QWidget | None = None,
        *,
        contact_id: int | None = None,
        contact_name: str = "",
        opportunity_id: int | None = None,
        opportunity_version: int | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self._vehicle = vehicle
        self._opportunity_id = opportunity_id or vehicle.row.reserved_for_opportunity_id
        # The deal's version as the user saw it (from the pipeline): a sale on a deal saved since meets
        # a ConflictError; once the user has read who changed it, recording again goes on their version.
        self._opportunity_version = opportunity_version if opportunity_id is not None else None
        self._service = ctx.service(SaleService)
        self._search = ctx.service(SearchService)
        self._sees_costs = ctx.actor.role in SEES_COSTS
        self.setWindowTitle(self.tr("Record a sale"))

        self.vehicle_label = QLabel(vehicle.row.label)
        self.vehicle_label.setStyleSheet("font-weight: 600;")
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr("Customer's name, phone or e-mail, then Enter"))
        self.contact_combo = QComboBox()
        self.contact_combo.setMinimumContentsLength(30)
        if contact_id is not None:
            self.contact_combo.addItem(contact_name, contact_id)
        self.sold_on_edit = QDateEdit(fmt.qdate(ctx.today()))
        self.sold_on_edit.setCalendarPopup(True)
        self.price_spin = money_spin()
        self.price_spin.setValue(float(vehicle.row.list_price or 0))
        self.cost_spin = money_spin()
        self.cost_spin.setValue(float(vehicle.purchase_cost or 0))
        self.margin_label = QLabel()
        self.financing_combo = enum_combo(Financing)
        self.months_spin = QSpinBox()
        self.months_spin.setRange(0, 120)
        self.months_spin.setSuffix(self.tr(" months"))
        self.financing_end_label = named(QLabel(), "Hint")
        self.warranty_spin = QSpinBox()
        self.warranty_spin.setRange(0, 120)
        self.warranty_spin.setSuffix(self.tr(" months"))
        self.warranty_spin.setValue(24 if vehicle.row.condition is VehicleCondition.NEW else 12)
        self.warranty_end_label = named(QLabel(), "Hint")

        self.trade_in_box = QGroupBox(self.tr("&Trade-in (enters used stock)"))
        self.trade_in_box.setCheckable(True)
        self.trade_in_box.setChecked(False)
        self.trade_make = QLineEdit()
        self.trade_model = QLineEdit()
        self.trade_plate = QLineEdit()
        self.trade_plate.setPlaceholderText("AB-123-CD")
        self.trade_mileage = QSpinBox()
        self.trade_mileage.setRange(0, 2_000_000)
        self.trade_mileage.setSuffix(self.tr(" km"))
        self.trade_mileage.setGroupSeparatorShown(True)
        self.trade_value = money_spin()
        self.trade_notes = notes_edit(55, self.tr("Condition: scratches, tyres, service book…"))
        trade_form = QFormLayout(self.trade_in_box)
        trade_form.addRow(self.tr("Make"), self.trade_make)
        trade_form.addRow(self.tr("Model"), self.trade_model)
        trade_form.addRow(self.tr("Plate"), self.trade_plate)
        trade_form.addRow(self.tr("Mileage"), self.trade_mileage)
        trade_form.addRow(self.tr("Condition notes"), self.trade_notes)
        trade_form.addRow(self.tr("Value offered"), self.trade_value)

        form = QFormLayout()
        form.addRow(self.tr("Vehicle"), self.vehicle_label)
        customer = QVBoxLayout()
        customer.addWidget(self.find_edit)
        customer.addWidget(self.contact_combo)
        # addRow(text, layout) gives the label no buddy (the "&" would show): a QLabel with one.
        self.customer_label = QLabel(self.tr("&Customer"))
        self.customer_label.setBuddy(self.find_edit)
        form.addRow(self.customer_label, customer)
        form.addRow(self.tr("Sold &on"), self.sold_on_edit)
        form.addRow(self.tr("&Price"), self.price_spin)
        if self._sees_costs:
            form.addRow(self.tr("C&ost"), self.cost_spin)
            form.addRow(self.tr("Margin"), self.margin_label)
        financing = QHBoxLayout()
        financing.addWidget(self.financing_combo, 2)
        financing.addWidget(self.months_spin, 1)
        self.financing_label = QLabel(self.tr("&Financing"))
        self.financing_label.setBuddy(self.financing_combo)
        form.addRow(self.financing_label, financing)
        form.addRow("", self.financing_end_label)
        form.addRow(self.tr("&Warranty"), self.warranty_spin)
        form.addRow("", self.warranty_end_label)
        self.error_label = error_text()
        buttons, self.save_button = action_buttons(self, self.tr("Record sale"), self.save)
        self.save_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.trade_in_box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.find_edit.returnPressed.connect(self._find)
        for signal in (
            self.price_spin.valueChanged,
            self.cost_spin.valueChanged,
            self.months_spin.valueChanged,
            self.warranty_spin.valueChanged,
            self.financing_combo.currentIndexChanged,
            self.sold_on_edit.dateChanged,
        ):
            signal.connect(lambda *_: self._update())
        self._update()
        self.resize(560, 720)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Enter finds the customer or moves on; it must never record a sale by accident.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            event.accept()
            return
        super().keyPressEvent(event)

    # Computed fields ------------------------------------------------------------------------------
    def sold_on(self) -> dt.date:
        d = self.sold_on_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def margin(self) -> Decimal:
        return compute_margin(_decimal(self.price_spin.value()), _decimal(self.cost_spin.value()))

    def _update(self) -> None:
        margin = self.margin()
        self.margin_label.setText(fmt.money(margin, decimals=2))
        self.margin_label.setStyleSheet(NEGATIVE if margin < 0 else "font-weight: 600;")
        financing = Financing(self.financing_combo.currentData())
        cash = financing is Financing.CASH
        self.months_spin.setEnabled(not cash)
        if not cash and self.months_spin.value() == 0:
            self.months_spin.setValue(37 if financing is Financing.LOA else 36)
        end = financing_end_on(self.sold_on(), financing, self.months_spin.value() or None)
        self.financing_end_label.setText(
            self.tr("Ends on {date}").format(date=fmt.date(end, long=True))
            if end
            else self.tr("Paid in full")
        )
        warranty = self.warranty_spin.value()
        self.warranty_end_label.setText(
            self.tr("Warranty until {date}").format(
                date=fmt.date(add_months(self.sold_on(), warranty), long=True)
            )
            if warranty
            else self.tr("No warranty")
        )

    def _find(self) -> None:
        search = QueryOp(self._search.search, query=self.find_edit.text(), kinds=("contact",), limit=20)

        def fill(hits: list[SearchHit]) -> None:
            self.contact_combo.clear()
            for hit in hits:
                self.contact_combo.addItem(f"{hit.title} — {hit_subtitle(hit)}".rstrip(" —"), hit.id)
            if not hits:
                say(
                    self.error_label,
                    self.tr("No contact matches “{text}”.").format(text=self.find_edit.text()),
                )
            else:
                self.error_label.hide()
                self.contact_combo.setFocus()

        search.success(fill).failure(self._failed).latest_for(self, "find").run(self.ctx.executor)

    # Saving ----------------------------------------------------------------------------------------
    def trade_in(self) -> TradeInInput | None:
        if not self.trade_in_box.isChecked():
            return None
        return TradeInInput(
            make=self.trade_make.text(),
            model=self.trade_model.text(),
            plate=self.trade_plate.text(),
            mileage_km=self.trade_mileage.value(),
            value_offered=_decimal(self.trade_value.value()),
            condition_notes=self.trade_notes.toPlainText(),
        )

    def save(self) -> None:
        contact_id = self.contact_combo.currentData()
        if contact_id is None:
            say(self.error_label, self.tr("Choose the customer first."))
            self.find_edit.setFocus()
            return
        financing = Financing(self.financing_combo.currentData())
        record = CollectionOp(
            self._service.record_sale,
            contact_id=contact_id,
            vehicle_id=self._vehicle.row.id,
            sold_on=self.sold_on(),
            price=_decimal(self.price_spin.value()),
            cost=_decimal(self.cost_spin.value()) if self._sees_costs else None,
            financing=financing,
            financing_months=self.months_spin.value() if financing is not Financing.CASH else None,
            warranty_months=self.warranty_spin.value() or None,
            trade_in=self.trade_in(),
            opportunity_id=self._opportunity_id,
            opportunity_version=self._opportunity_version,
        )
        record.success(self._saved).failure(self._failed).disabling(self.save_button).run(self.ctx.executor)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ConflictError):
            self._opportunity_version = None  # the next "Record" is on their version, knowingly
            say(
                self.error_label,
                self.tr("{conflict}\nPress “Record sale” again to record it on their version.").format(
                    conflict=str(exc)
                ),
            )
            return
        names = {
            "price": self.tr("Price"),
            "cost": self.tr("Cost"),
            "vehicle": self.tr("Vehicle"),
            "financing_months": self.tr("Financing"),
            "trade_in_make": self.tr("Trade-in make"),
            "trade_in_model": self.tr("Trade-in model"),
            "trade_in_plate": self.tr("Trade-in plate"),
            "trade_in_vin": self.tr("Trade-in VIN"),
        }
        say(self.error_label, message_of(exc, names))

    def _saved(self, result: SaleSummary) -> None:
        self.sale_recorded.emit(result)
        self.accept()
