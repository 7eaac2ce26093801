"""Vehicles: the stock and the customers' cars, with a plate/VIN search and a detail pane."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import Role, StockStatus, VehicleCondition
from dealercrm.services.claims import ClaimDetail
from dealercrm.services.due_dates import DueDate, DueDateService, DueKind
from dealercrm.services.vehicles import (
    SEES_COSTS,
    OpportunityOption,
    StockFilter,
    VehicleDetail,
    VehicleRow,
    VehicleService,
    VisitLine,
)
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import Ids, LiveRefresh
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp
from dealercrm.ui.style import named
from dealercrm.ui.widgets.detail_html import key_values
from dealercrm.ui.widgets.forms import debounce, enum_combo, holding, refill_combo, spread, text_label
from dealercrm.ui.widgets.page import Page, ShownRecord, list_or_placeholder, list_or_why, list_over_detail
from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, apply_column_widths, make_table_view

LONG_IN_STOCK_DAYS = 90  # shown in orange: stock that costs money
WARNING = QColor("#b54708")
MUTED = QColor("#6b7280")


def _e(text: object) -> str:
    return html.escape(str(text)) if text not in (None, "") else "—"


LIVE_KINDS = frozenset({"vehicle", "sale", "deal", "contact"})


class VehiclesPage(Page):
    """The vehicles list (keyset-paged), its filters and the selected vehicle's detail."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(VehicleService)
        service = self._service
        self.shown = ShownRecord(self, lambda v_id: service.get(vehicle_id=v_id), self._show_detail)
        self._select_after_load: int | None = None
        self._select_single = False  # Enter in the search box: select the vehicle if it is the only one

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Plate or VIN, e.g. AB-123-CD"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.stock_combo = QComboBox()
        for text, value in (
            (self.tr("In stock and reserved"), StockFilter.STOCK),
            (self.tr("Sold"), StockFilter.SOLD),
            (self.tr("Customer-owned"), StockFilter.CUSTOMER_OWNED),
            (self.tr("All vehicles"), StockFilter.ALL),
        ):
            self.stock_combo.addItem(text, value)
        # The after-sales desk looks for customers' cars; the showroom for its stock.
        default = StockFilter.ALL if ctx.actor.role is Role.AFTERSALES else StockFilter.STOCK
        self.stock_combo.setCurrentIndex(self.stock_combo.findData(default))
        self.condition_combo = enum_combo(VehicleCondition, first=self.tr("New and used"))
        self.make_combo = QComboBox()
        self.make_combo.addItem(self.tr("All makes"), None)
        self.make_combo.setMinimumContentsLength(12)
        self.count_label = named(QLabel(), "Hint")

        # Two rows: the search and the actions, then the filters. On one row, at 1366 pixels wide, the
        # combos were drawn over the search field and the buttons were cut.
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.search_edit, 1)
        filters = spread(
            [self.stock_combo, self.condition_combo, self.make_combo], [self.count_label], spacing=8
        )
        self.new_button = QPushButton(self.tr("New vehicle…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.sell_button = QPushButton(self.tr("Record sale…"))
        self.reserve_button = QPushButton(self.tr("Reserve…"))
        manage = ctx.can("vehicles.manage")
        for button in (self.new_button, self.edit_button):
            button.setVisible(manage)
        self.sell_button.setVisible(ctx.can("sales.record"))
        self.reserve_button.setVisible(ctx.can("opportunities.manage"))
        for button in (self.new_button, self.edit_button, self.sell_button, self.reserve_button):
            toolbar.addWidget(button)
        self.new_button.clicked.connect(lambda: self.new_vehicle())
        self.edit_button.clicked.connect(lambda: self.edit_vehicle())
        self.sell_button.clicked.connect(lambda: self.record_sale())
        self.reserve_button.clicked.connect(lambda: self.toggle_reservation())
        self._shortcut = QShortcut(QKeySequence(self.tr("Ctrl+N")), self)
        self._shortcut.activated.connect(lambda: self.new_vehicle())
        self._current: VehicleDetail | None = None
        self.dialog: QDialog | None = None  # the open vehicle or sale dialog (tests drive it)

        self.columns: list[Column[VehicleRow]] = [
            Column(self.tr("Plate"), lambda r: r.plate or "", width=90),
            Column(self.tr("Make"), lambda r: r.make, width=80),
            Column(self.tr("Model"), lambda r: r.model, width=80),
            Column(
                self.tr("Version"), lambda r: r.version or "", width=140, tooltip=lambda r: r.version or ""
            ),
            Column(self.tr("Fuel"), lambda r: label(r.fuel), width=90),
            Column(self.tr("Condition"), lambda r: label(r.condition), width=85),
            Column(self.tr("Status"), lambda r: label(r.stock_status), width=125),
            Column(
                self.tr("In stock"),
                self._days_text,
                align_right=True,
                width=75,
                colour=lambda r: WARNING if (r.days_in_stock or 0) > LONG_IN_STOCK_DAYS else None,
                tooltip=lambda r: (
                    self.tr("In stock since {date}").format(date=fmt.date(r.in_stock_since))
                    if r.in_stock_since and r.days_in_stock is not None
                    else ""
                ),
            ),
            Column(self.tr("List price"), lambda r: fmt.money(r.list_price), align_right=True, width=90),
        ]
        if ctx.actor.role in SEES_COSTS:
            self.columns += [
                Column(self.tr("Cost"), lambda r: fmt.money(r.purchase_cost), align_right=True, width=90),
                Column(
                    self.tr("Exp. margin"),
                    lambda r: fmt.money(r.expected_margin),
                    align_right=True,
                    width=115,
                    colour=lambda r: (
                        WARNING if r.expected_margin is not None and r.expected_margin < 0 else None
                    ),
                    tooltip=lambda r: self.tr("List price minus purchase cost"),
                ),
            ]
        self.columns += [
            Column(self.tr("VIN"), lambda r: r.vin or "", width=175),
            Column(
                self.tr("Owner"),
                self._owner_text,
                width=150,
                colour=lambda r: MUTED if r.has_owner and r.owner_name is None else None,
            ),
        ]
        self.model: PagedTableModel[VehicleRow] = PagedTableModel(
            self.columns, parent=self, executor=ctx.executor
        )
        self.table = make_table_view(self.model)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        apply_column_widths(self.table, self.columns)

        self.list_stack, self.empty_label = list_or_placeholder(self.table)

        self.detail = VehicleDetailPane(
            self, can_log_visits=ctx.can("service.log"), can_file_claims=ctx.can("claims.create")
        )
        self.detail.link_activated.connect(self._on_link)
        self.detail.visit_button.clicked.connect(lambda: self.log_service_visit())
        self.detail.claim_button.clicked.connect(lambda: self.new_claim())
        self.splitter = splitter = list_over_detail(self.list_stack, self.detail, [460, 300])

        self.lay_out_page(toolbar, filters, splitter)

        self._search_timer = debounce(self, 250, self.reload)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._search_now)
        for combo in (self.stock_combo, self.condition_combo, self.make_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._show_row(current.row())
        )

        self._load_makes()
        self.reload()
        # Vehicles sold, reserved or serviced here or on another workstation: the list follows.
        self.live = LiveRefresh(self, LIVE_KINDS, self._data_changed)

    # Page API ------------------------------------------------------------------------------------
    def _data_changed(self, _kinds: frozenset[str], ids: Ids) -> None:
        self.model.reload(on_done=self._update_empty_state)
        self.shown.reload_if_touched(ids, "vehicle")

    def refresh(self) -> None:
        self.model.reload(on_done=self._update_empty_state, on_failure=self.show_failure)
        self.shown.reload()

    def open_record(self, record_id: int) -> None:
        """Show one vehicle: its detail at once, and the list narrowed to it."""
        self.shown.id = record_id
        QueryOp(self._service.get, vehicle_id=record_id).success(self._focus_vehicle).failure(
            self.show_failure
        ).latest_for(self, "detail").run(self.ctx.executor)

    # Filters and list ----------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        # Qt hands enum members back from item data as plain strings.
        condition = self.condition_combo.currentData()
        return {
            "stock": StockFilter(self.stock_combo.currentData()),
            "condition": VehicleCondition(condition) if condition else None,
            "make": self.make_combo.currentData(),
            "search": self.search_edit.text(),
        }

    def reload(self) -> None:
        filters = self.filters()
        service = self._service

        def fetch(after: VehicleRow | None, limit: int) -> list[VehicleRow]:
            return service.list_page(after=after, limit=limit, **filters)

        self.model.set_fetch(fetch, on_done=self._first_page_shown, on_failure=self._list_failed)
        self.count_label.setText("")
        self.read("count", service.count, **filters, on_done=self._show_count)

    def _list_failed(self, exc: Exception) -> None:
        self._select_after_load, self._select_single = None, False
        self._update_empty_state()
        self.show_failure(exc)

    def _first_page_shown(self) -> None:
        """The new query's first page is in place: the empty state, and the vehicle opened (or the only
        one found by a search confirmed with Enter) selected."""
        self._update_empty_state()
        wanted, self._select_after_load = self._select_after_load, None
        single, self._select_single = self._select_single, False
        if wanted is not None:
            for row, vehicle in enumerate(self.model.rows()):
                if vehicle.id == wanted:
                    self.table.selectRow(row)
                    break
        elif single and self.model.rowCount() == 1:
            self.table.selectRow(0)

    def _search_now(self) -> None:
        self._search_timer.stop()
        self._select_single = True
        self.reload()

    def _show_count(self, count: int) -> None:
        if count == 1:
            self.count_label.setText(self.tr("1 vehicle"))
        else:
            self.count_label.setText(self.tr("{n} vehicles").format(n=fmt.number(count)))

    def _load_makes(self) -> None:
        def fill(makes: list[str]) -> None:
            refill_combo(self.make_combo, 1, [(make, make) for make in makes])

        QueryOp(self._service.makes).success(fill).failure(self.show_failure).latest_for(self, "makes").run(
            self.ctx.executor
        )

    def _update_empty_state(self) -> None:
        # No "no vehicle" while the first page is on its way.
        shown = bool(self.model.rowCount() or self.model.loading)
        list_or_why(self.list_stack, self.empty_label, shown, self._why_empty)

    def _why_empty(self) -> str:
        if self.search_edit.text().strip():
            return self.tr(
                "No vehicle with a plate or VIN starting with “{text}” matches these filters.\n"
                "Check the plate, or choose “All vehicles”."
            ).format(text=self.search_edit.text().strip())
        if self.filters()["stock"] is StockFilter.STOCK:
            return self.tr("No vehicle in stock matches these filters.\nChoose another make or condition.")
        return self.tr("No vehicle matches these filters.\nChoose “All vehicles” or another make.")

    def _days_text(self, row: VehicleRow) -> str:
        if row.days_in_stock is None:
            return ""
        return self.tr("{n} d", "days in stock").format(n=fmt.number(row.days_in_stock))

    def _owner_text(self, row: VehicleRow) -> str:
        if row.owner_name is not None:
            return row.owner_name
        return self.tr("(private contact)") if row.has_owner else ""

    # Detail -------------------------------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        vehicle = self.model.row_at(row)
        if vehicle is None:
            return
        self.shown.open(vehicle.id)

    def _show_detail(self, detail: VehicleDetail) -> None:
        self._current = detail
        self.detail.show_vehicle(detail)
        self._update_buttons()
        if detail.row.stock_status is StockStatus.CUSTOMER_OWNED:
            dues = self.ctx.service(DueDateService)
            QueryOp(dues.for_vehicle, vehicle_id=detail.row.id).success(self.detail.show_due_dates).failure(
                self.show_failure
            ).latest_for(self, "due dates").run(self.ctx.executor)

    def _update_buttons(self) -> None:
        d = self._current
        in_stock = d is not None and d.row.stock_status in (StockStatus.IN_STOCK, StockStatus.RESERVED)
        self.edit_button.setEnabled(d is not None)
        self.sell_button.setEnabled(in_stock)
        reserved = d is not None and d.row.stock_status is StockStatus.RESERVED
        # The service says whether this actor may release this reservation (its salesperson or a manager).
        self.reserve_button.setEnabled(d is not None and d.can_release if reserved else in_stock)
        self.reserve_button.setText(self.tr("Release") if reserved else self.tr("Reserve…"))

    # Actions ------------------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, done: SignalInstance, then: Callable[[Any], None]) -> None:
        """Open `dialog` (window-modal; `self.dialog` for tests); `then` gets what its `done` brings."""
        done.connect(then)
        self.dialog = dialog
        dialog.open()

    def new_vehicle(self) -> None:
        if self.ctx.can("vehicles.manage"):
            self._open_vehicle_dialog(None)

    def edit_vehicle(self) -> None:
        if self._current is not None:
            self._open_vehicle_dialog(self._current)

    def _open_vehicle_dialog(self, detail: VehicleDetail | None) -> None:
        from dealercrm.ui.vehicles.vehicle_dialog import VehicleDialog

        dialog = VehicleDialog(self.ctx, detail, self)
        self._open(dialog, dialog.vehicle_saved, self._saved)

    def record_sale(self) -> None:
        if self._current is None:
            return
        from dealercrm.ui.vehicles.sale_dialog import SaleDialog

        dialog = SaleDialog(self.ctx, self._current, self)
        self._open(dialog, dialog.sale_recorded, self._sold)

    def log_service_visit(self) -> None:
        """Open the service-visit dialog for the vehicle shown; its detail and due dates follow."""
        if self._current is None or not self.ctx.can("service.log"):
            return
        from dealercrm.ui.vehicles.service_visit_dialog import ServiceVisitDialog

        vehicle_id = self._current.row.id
        dialog = ServiceVisitDialog(self.ctx, self._current, self)
        self._open(dialog, dialog.visit_logged, lambda visit: self._visit_logged(vehicle_id, visit))

    def _visit_logged(self, vehicle_id: int, visit: object) -> None:
        assert isinstance(visit, VisitLine)
        self.status_message.emit(
            self.tr("{kind} of {date} logged.").format(
                kind=label(visit.kind), date=fmt.date(visit.visited_on)
            )
        )
        if self.live.covers:  # the bus brings the change back to the list and the detail
            return
        if self.shown.id == vehicle_id:
            self.shown.reload()  # the visits, the mileage and the due dates again
        self.model.reload(on_done=self._update_empty_state)

    def new_claim(self) -> None:
        """Open the quick claim entry for the vehicle shown, with the car and its owner chosen."""
        if self._current is None or not self.ctx.can("claims.create"):
            return
        from dealercrm.ui.aftersales.claim_entry import QuickClaimDialog

        vehicle_id = self._current.row.id
        dialog = QuickClaimDialog(self.ctx, self, vehicle=self._current.row)
        self._open(dialog, dialog.claim_created, lambda detail: self._claim_created(vehicle_id, detail))

    def _claim_created(self, vehicle_id: int, detail: object) -> None:
        assert isinstance(detail, ClaimDetail)
        self.status_message.emit(
            self.tr("Claim #{id} recorded, due {when}.").format(
                id=detail.row.id, when=fmt.datetime(detail.row.due_at, self.ctx.timezone)
            )
        )
        if self.shown.id == vehicle_id:
            self.shown.reload()  # its open claims

    def toggle_reservation(self) -> None:
        d = self._current
        if d is None:
            return
        if d.row.stock_status is StockStatus.RESERVED:
            release = CollectionOp(self._service.release, vehicle_id=d.row.id)
            release.success(self._saved).failure(self.show_failure).run(self.ctx.executor)
            return
        QueryOp(self._service.reservable_opportunities).success(
            lambda options: self._reserve_for_one_of(d, options)
        ).failure(self.show_failure).run(self.ctx.executor)

    def _reserve_for_one_of(self, d: VehicleDetail, options: list[OpportunityOption]) -> None:
        if not options:
            self.show_error(self.tr("No open opportunity to reserve this vehicle for."))
            return
        texts = [f"#{o.id} · {o.contact_name} · {o.title}" for o in options]
        choice, ok = QInputDialog.getItem(
            self,
            self.tr("Reserve {vehicle}").format(vehicle=d.row.label),
            self.tr("For the opportunity"),
            texts,
            0,
            False,
        )
        if not ok:
            return
        opportunity = options[texts.index(choice)]
        reserve = CollectionOp(self._service.reserve, vehicle_id=d.row.id, opportunity_id=opportunity.id)
        reserve.success(self._saved).failure(self.show_failure).run(self.ctx.executor)

    def _saved(self, detail: VehicleDetail) -> None:
        self.status_message.emit(self.tr("{vehicle} saved.").format(vehicle=detail.row.label))
        self.shown.id = detail.row.id
        self._focus_vehicle(detail)

    def _sold(self, sale: object) -> None:
        from dealercrm.services.sales import SaleSummary

        assert isinstance(sale, SaleSummary)
        self.status_message.emit(
            self.tr("{vehicle} sold to {buyer}: margin {margin}.").format(
                vehicle=sale.vehicle_label, buyer=sale.contact_name, margin=fmt.money(sale.margin, decimals=2)
            )
        )
        self.open_record(sale.vehicle_id)

    def _focus_vehicle(self, detail: VehicleDetail) -> None:
        self.shown.show_if_open(detail)
        # One vehicle in the list: its detail gets the room.
        total = sum(self.splitter.sizes())
        self.splitter.setSizes([min(220, total // 3), total - min(220, total // 3)])
        key = detail.row.plate or detail.row.vin or ""
        self._select_after_load = detail.row.id
        for combo in (self.stock_combo, self.condition_combo, self.make_combo):
            combo.blockSignals(True)
        self.stock_combo.setCurrentIndex(self.stock_combo.findData(StockFilter.ALL))
        self.condition_combo.setCurrentIndex(0)
        self.make_combo.setCurrentIndex(0)
        for combo in (self.stock_combo, self.condition_combo, self.make_combo):
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(key)
        self.search_edit.blockSignals(False)
        self.reload()

    def _on_link(self, link: str) -> None:
        kind, _, ident = link.partition(":")
        if ident.isdigit():
            self.open_requested.emit(kind, int(ident))


class VehicleDetailPane(QScrollArea):
    """The selected vehicle: identity, owner, purchase history, service visits, open claims."""

    link_activated = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, can_log_visits: bool = False, can_file_claims: bool = False
    ) -> None:
        super().__init__(parent)
        self.can_log_visits = can_log_visits
        self.can_file_claims = can_file_claims
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumHeight(180)
        body, outer = holding(QVBoxLayout(), margins=(4, 10, 4, 4), spacing=2)
        self.title = named(QLabel(), "SectionTitle")
        self.title.setStyleSheet("font-size: 13pt;")
        self.subtitle = text_label("", "Hint")
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        outer.addLayout(columns)
        outer.addStretch(1)
        self._columns = [QVBoxLayout() for _ in range(3)]
        for column in self._columns:
            column.setSpacing(4)
            columns.addLayout(column, 1)
        self.identity = self._section(0, self.tr("Vehicle"))
        self.owner = self._section(1, self.tr("Owner"))
        self.sales = self._section(1, self.tr("Purchase history"))
        self.visits = self._section(2, self.tr("Service visits"))
        self.visit_button = QPushButton(self.tr("Log a service visit…"))
        self.visit_button.setToolTip(self.tr("Record a maintenance, contrôle technique or repair"))
        self._columns[2].addWidget(self.visit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.claims = self._section(2, self.tr("Open claims"))
        self.claim_button = QPushButton(self.tr("New claim…"))
        self.claim_button.setToolTip(self.tr("A complaint about this car, its owner already chosen"))
        self._columns[2].addWidget(self.claim_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.dues = self._section(1, self.tr("Due dates"))
        for column in self._columns:
            column.addStretch(1)
        self.setWidget(body)
        self.clear()

    def _section(self, column: int, heading: str) -> QLabel:
        title = named(QLabel(heading), "SectionTitle")
        title.setContentsMargins(0, 8, 0, 0)
        text = text_label()
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        text.setOpenExternalLinks(False)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text.linkActivated.connect(self.link_activated.emit)
        self._columns[column].addWidget(title)
        self._columns[column].addWidget(text)
        text.setProperty("heading", title)
        return text

    def _set_sections_visible(self, visible: bool) -> None:
        for section in (self.identity, self.owner, self.sales, self.visits, self.claims, self.dues):
            section.setVisible(visible)
            section.property("heading").setVisible(visible)
        self.visit_button.setVisible(visible and self.can_log_visits)
        self.claim_button.setVisible(visible and self.can_file_claims)

    def clear(self) -> None:
        self.title.setText(self.tr("No vehicle selected"))
        self.subtitle.setText(
            self.tr("Select a vehicle in the list to see its owner, sales and service history.")
        )
        self._set_sections_visible(False)

    def show_due_dates(self, dues: list[DueDate]) -> None:
        names = {
            DueKind.TECHNICAL_INSPECTION: self.tr("Technical inspection (CT)"),
            DueKind.MAINTENANCE: self.tr("Maintenance"),
            DueKind.WARRANTY_END: self.tr("Warranty ends"),
            DueKind.FINANCING_END: self.tr("Financing ends"),
        }
        rows = []
        for due in dues:
            when = fmt.date(due.due_on)
            if due.due_by_mileage:
                when = self.tr("now (mileage {km} km reached)").format(km=fmt.number(due.due_at_km))
            rows.append((names[due.kind], _e(when)))
        self.dues.setText(key_values(rows) if rows else self.tr("Nothing to follow up."))
        self.dues.setVisible(True)
        self.dues.property("heading").setVisible(True)

    def show_vehicle(self, d: VehicleDetail) -> None:
        r = d.row
        self._set_sections_visible(True)
        owned = r.stock_status is StockStatus.CUSTOMER_OWNED
        self.dues.setVisible(owned)
        self.dues.property("heading").setVisible(owned)
        self.dues.setText(self.tr("Loading…"))
        self.title.setText(html.escape(" ".join(p for p in (r.make, r.model, r.version) if p)))
        self.subtitle.setText(
            " · ".join(p for p in (r.plate, label(r.stock_status), label(r.condition)) if p)
        )
        rows = [
            (self.tr("Plate"), _e(r.plate)),
            (self.tr("VIN"), _e(r.vin)),
            (self.tr("Fuel"), _e(label(r.fuel))),
            (self.tr("Body"), _e(label(d.body))),
            (self.tr("Colour"), _e(d.color)),
            (self.tr("First registration"), _e(fmt.date(d.first_registration_on))),
            (
                self.tr("Mileage"),
                _e(
                    self.tr("{km} km").format(km=fmt.number(d.mileage_km)) if d.mileage_km is not None else ""
                ),
            ),
            (self.tr("List price"), _e(fmt.money(r.list_price))),
        ]
        if d.purchase_cost is not None:
            rows.append((self.tr("Purchase cost"), _e(fmt.money(d.purchase_cost))))
            if r.expected_margin is not None and r.stock_status in (
                StockStatus.IN_STOCK,
                StockStatus.RESERVED,
            ):
                rows.append((self.tr("Expected margin"), _e(fmt.money(r.expected_margin))))
        if r.reserved_for_opportunity_id is not None:
            rows.append(
                (
                    self.tr("Reserved for"),
                    f'<a href="opportunity:{r.reserved_for_opportunity_id}">'
                    + html.escape(self.tr("opportunity #{id}").format(id=r.reserved_for_opportunity_id))
                    + "</a>",
                )
            )
        if r.in_stock_since is not None and r.stock_status in (StockStatus.IN_STOCK, StockStatus.RESERVED):
            rows.append((self.tr("In stock since"), _e(fmt.date(r.in_stock_since))))
        if d.condition_notes:
            rows.append((self.tr("Condition notes"), _e(d.condition_notes)))
        self.identity.setText(key_values(rows))

        if r.owner_id is not None and r.owner_name is not None:
            self.owner.setText(f'<a href="contact:{r.owner_id}">{html.escape(r.owner_name)}</a>')
        elif r.has_owner:
            self.owner.setText(self.tr("This vehicle belongs to another salesperson's private contact."))
        else:
            self.owner.setText(self.tr("No owner recorded."))

        if not d.sales_visible:
            self.sales.setText(self.tr("Your role does not give access to sales."))
        elif not d.sales:
            self.sales.setText(self.tr("Never sold by the dealership."))
        else:
            lines = []
            for s in d.sales:
                buyer = (
                    f'<a href="contact:{s.contact_id}">{html.escape(s.contact_name or "")}</a>'
                    if s.contact_id is not None
                    else html.escape(self.tr("(private contact)"))
                )
                what = self.tr("Taken as trade-in") if s.trade_in else label(s.financing)
                lines.append(
                    (
                        fmt.date(s.sold_on),
                        f"{buyer}<br><span style='color:#6b7280'>{html.escape(what)}"
                        f" · {html.escape(s.salesperson_name or '')}</span>",
                        fmt.money(s.price),
                    )
                )
            self.sales.setText(_grid(lines))

        if not d.visits:
            self.visits.setText(self.tr("No service visit recorded."))
        else:
            lines = []
            for v in d.visits:
                what = html.escape(label(v.kind))
                if v.mileage_km is not None:
                    km = self.tr("{km} km").format(km=fmt.number(v.mileage_km))
                    what += f"<br><span style='color:#6b7280'>{html.escape(km)}</span>"
                lines.append((fmt.date(v.visited_on), what, fmt.money(v.amount)))
            self.visits.setText(_grid(lines))

        if not d.claims_visible:
            self.claims.setText(self.tr("Your role does not give access to claims."))
        elif not d.open_claims:
            self.claims.setText(self.tr("No open claim."))
        else:
            self.claims.setText(
                _grid(
                    [
                        (
                            f'<a href="claim:{c.id}">#{c.id}</a>',
                            html.escape(f"{label(c.category)} · {label(c.severity)}")
                            + f"<br><span style='color:#6b7280'>{html.escape(label(c.status))}</span>",
                            html.escape(self.tr("due {when}").format(when=fmt.datetime(c.due_at))),
                        )
                        for c in d.open_claims
                    ],
                    escape_first=False,
                )
            )


def _grid(rows: list[tuple[str, str, str]], *, escape_first: bool = True) -> str:
    cells = "".join(
        "<tr>"
        f"<td style='padding:3px 10px 3px 0; white-space:nowrap'>{html.escape(a) if escape_first else a}</td>"
        f"<td style='padding:3px 10px 3px 0'>{b}</td>"
        f"<td align='right' style='padding:3px 0; white-space:nowrap'>{html.escape(c)}</td>"
        "</tr>"
        for a, b, c in rows
    )
    return f"<table cellspacing='0' width='100%'>{cells}</table>"
