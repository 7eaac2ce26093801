"""Quick claim entry: find the customer or the car (plate, VIN, name or phone), say what is wrong, save.

Made for the keyboard: the find box has the focus; Enter picks the only (or the highlighted) match and
moves on to the category; Tab walks the fields in reading order; Alt+underlined letter jumps to a
field; Ctrl+Enter saves from anywhere; Escape cancels.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models import utcnow
from dealercrm.models.enums import Channel, ClaimCategory, Severity
from dealercrm.services.claims import ClaimDetail, ClaimService
from dealercrm.services.search import SearchHit, SearchService
from dealercrm.services.settings import SettingsService
from dealercrm.services.vehicles import VehicleRow, VehicleService
from dealercrm.services.work_calendar import WorkCalendar, calendar_for
from dealercrm.services.working_hours import add_working_hours
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.search_box import hit_subtitle
from dealercrm.ui.style import named, say
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import (
    ERROR_STYLE,
    action_buttons,
    debounce,
    enum_combo,
    error_text,
    text_label,
)


class _FindEdit(QLineEdit):
    """The find box: Down moves into the matches."""

    down_pressed = Signal()
    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.enter_pressed.emit()  # and nothing else: Enter here never saves the dialog
            return
        super().keyPressEvent(event)


class QuickClaimDialog(Dialog):
    """Log a complaint in under a minute; emits `claim_created` with the new claim."""

    claim_created = Signal(object)  # ClaimDetail

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        query: str = "",
        vehicle: VehicleRow | None = None,
    ) -> None:
        """`query` fills the find box; `vehicle` (opened from a vehicle) chooses it and its owner at once."""
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("New claim"))
        self._claims = ctx.service(ClaimService)
        self._search = ctx.service(SearchService)
        self._vehicles = ctx.service(VehicleService)
        self._contact_id: int | None = None
        self._contact_name = ""
        self._pending_enter = False
        self._sla: dict[str, Any] = {}
        self._opening: list[int] = [9, 18]
        self._calendar = WorkCalendar()

        self.find_edit = _FindEdit()
        self.find_edit.setPlaceholderText(self.tr("Plate, VIN, name or phone — e.g. ab123cd"))
        self.find_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setMaximumHeight(120)
        self.results.setAlternatingRowColors(True)
        self.chosen_label = text_label(self.tr("No customer chosen yet."), "Hint")
        self.vehicle_combo = QComboBox()
        self.vehicle_combo.addItem(self.tr("No vehicle"), None)
        self.vehicle_combo.setMinimumContentsLength(32)
        self.vehicle_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category_combo = enum_combo(ClaimCategory)
        self.severity_combo = enum_combo(Severity)
        self.severity_combo.setCurrentIndex(self.severity_combo.findData(Severity.MEDIUM))
        self.channel_combo = enum_combo(Channel)
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(Channel.PHONE))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(self.tr("What the customer reports, in their words"))
        self.description_edit.setMinimumHeight(90)
        self.description_edit.setMaximumHeight(160)
        self.assignee_combo = QComboBox()
        self.assignee_combo.addItem(self.tr("Unassigned (team queue)"), None)
        self.assignee_combo.setMinimumContentsLength(24)
        self.deadline_label = named(QLabel(), "Hint")
        self.error_label = error_text()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows: list[tuple[str, QWidget]] = [
            (self.tr("&Find"), self.find_edit),
            ("", self.results),
            (self.tr("Customer"), self.chosen_label),
            (self.tr("V&ehicle"), self.vehicle_combo),
            (self.tr("Ca&tegory"), self.category_combo),
            (self.tr("Se&verity"), self.severity_combo),
            (self.tr("C&hannel"), self.channel_combo),
            (self.tr("&Description"), self.description_edit),
            (self.tr("&Assign to"), self.assignee_combo),
            (self.tr("Deadline"), self.deadline_label),
        ]
        for text, widget in rows:
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)

        self.buttons, self.save_button = action_buttons(self, self.tr("Save claim"), self.save)
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        self.save_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        hint = named(
            QLabel(
                self.tr(
                    "Enter picks the match · Tab moves on · Alt+underlined letter jumps · Ctrl+Enter saves"
                )
            ),
            "Hint",
        )

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

        self._shortcuts: list[QShortcut] = []
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.activated.connect(self.save)
            self._shortcuts.append(shortcut)
        self._order = [
            self.find_edit,
            self.results,
            self.vehicle_combo,
            self.category_combo,
            self.severity_combo,
            self.channel_combo,
            self.description_edit,
            self.assignee_combo,
            self.save_button,
        ]
        for first, second in zip(self._order, self._order[1:], strict=False):
            QWidget.setTabOrder(first, second)

        self._timer = debounce(self, 200, self._run_search)
        self.find_edit.textEdited.connect(lambda _t: self._timer.start())
        self.find_edit.enter_pressed.connect(self._enter_in_find)
        self.find_edit.down_pressed.connect(self._into_results)
        self.results.itemActivated.connect(self._pick)
        self.severity_combo.currentIndexChanged.connect(lambda _i: self._update_deadline())

        self._load_choices()
        self.resize(620, 620)
        self.find_edit.setFocus()
        if vehicle is not None and vehicle.owner_id is not None:
            self.find_edit.setText(vehicle.plate or vehicle.vin or "")
            self._choose(vehicle.owner_id, vehicle.owner_name or "", vehicle.id)
        elif vehicle is not None or query:
            self.find_edit.setText(query or (vehicle.plate or vehicle.vin or "" if vehicle else ""))
            self._run_search()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Plain Enter must not save a half-typed claim: only Ctrl+Enter (or the button) saves.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            event.accept()
            return
        super().keyPressEvent(event)

    # Finding ---------------------------------------------------------------------------------------
    def _load_choices(self) -> None:
        def fill_assignees(people: list[Any]) -> None:
            for person in people:
                self.assignee_combo.addItem(person.name, person.id)

        def keep_settings(values: dict[str, Any]) -> None:
            self._sla = dict(values.get("claims.sla_hours") or {})
            self._opening = list(values.get("claims.working_hours") or [9, 18])
            self._calendar = calendar_for(
                postcode=str(values.get("dealership.postcode") or ""),
                address=str(values.get("dealership.address") or ""),
            )
            self._update_deadline()

        QueryOp(self._claims.assignees).success(fill_assignees).failure(self._show_failure).run(
            self.ctx.executor
        )
        settings = QueryOp(self.ctx.service(SettingsService).all)
        settings.success(keep_settings).failure(self._show_failure).run(self.ctx.executor)

    def _run_search(self) -> None:
        self._timer.stop()
        text = self.find_edit.text().strip()
        if not text:
            self.results.clear()
            return
        search = QueryOp(self._search.search, query=text, kinds=("contact", "vehicle"), limit=12)
        search.success(functools.partial(self._show_hits, text)).failure(self._show_failure).latest_for(
            self, "search"
        ).run(self.ctx.executor)

    def _show_hits(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.find_edit.text().strip():
            return  # typed on meanwhile
        self.results.clear()
        for hit in hits:
            kind = self.tr("Vehicle") if hit.kind == "vehicle" else self.tr("Contact")
            item = QListWidgetItem(f"{kind} · {hit.title} — {hit_subtitle(hit)}".rstrip(" —"))
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if not hits:
            item = QListWidgetItem(self.tr("Nothing found for “{text}”.").format(text=text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        else:
            self.results.setCurrentRow(0)
        if self._pending_enter:
            self._pending_enter = False
            if len(hits) == 1:
                self._pick(self.results.item(0))
            elif hits:
                self.results.setFocus()

    def _enter_in_find(self) -> None:
        if self._timer.isActive() or not self.results.count():
            self._pending_enter = True
            self._run_search()
            return
        item = self.results.currentItem()
        if self.results.count() == 1 and item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self._pick(item)
        else:
            self.results.setFocus()

    def _into_results(self) -> None:
        if self.results.count():
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)

    def _pick(self, item: QListWidgetItem | None) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(hit, SearchHit):
            return
        self._contact_id = hit.contact_id
        if hit.kind == "contact":
            self._contact_name = hit.title
            wanted_vehicle: int | None = None
        else:
            self._contact_name = hit.subtitle.split(" · ")[-1] if hit.contact_id is not None else ""
            wanted_vehicle = hit.id
        if self._contact_id is None:
            self.chosen_label.setText(
                self.tr("This vehicle has no owner you can see: find the customer by name.")
            )
            self.chosen_label.setStyleSheet(ERROR_STYLE)
            return
        self._choose(self._contact_id, self._contact_name, wanted_vehicle)

    def _choose(self, contact_id: int, name: str, vehicle_id: int | None) -> None:
        """The customer (and their car) the claim is for; the cursor moves on to the category."""
        self._contact_id, self._contact_name = contact_id, name
        self.chosen_label.setStyleSheet("")
        self.chosen_label.setText(name)
        self._load_vehicles(contact_id, vehicle_id)
        self.category_combo.setFocus()

    def _load_vehicles(self, contact_id: int, wanted: int | None) -> None:
        def fill(vehicles: list[VehicleRow]) -> None:
            self.vehicle_combo.clear()
            self.vehicle_combo.addItem(self.tr("No vehicle"), None)
            for v in vehicles:
                self.vehicle_combo.addItem(v.label, v.id)
            index = self.vehicle_combo.findData(wanted) if wanted is not None else (1 if vehicles else 0)
            self.vehicle_combo.setCurrentIndex(max(0, index))

        owned = QueryOp(self._vehicles.owned_by, contact_id=contact_id)
        owned.success(fill).failure(self._show_failure).latest_for(self, "vehicles").run(self.ctx.executor)

    # Deadline and saving -------------------------------------------------------------------------------
    def _update_deadline(self) -> None:
        severity = Severity(self.severity_combo.currentData())
        hours = self._sla.get(severity.value)
        if hours is None:
            self.deadline_label.setText("")
            return
        due = add_working_hours(
            utcnow(), float(hours), opening=self._opening, tz=self.ctx.timezone, calendar=self._calendar
        )
        self.deadline_label.setText(
            self.tr("{when} ({hours} working hours for “{severity}”)").format(
                when=fmt.datetime(due, self.ctx.timezone), hours=hours, severity=label(severity)
            )
        )

    def values(self) -> dict[str, Any]:
        return {
            "contact_id": self._contact_id,
            "vehicle_id": self.vehicle_combo.currentData(),
            "category": ClaimCategory(self.category_combo.currentData()),
            "severity": Severity(self.severity_combo.currentData()),
            "channel": Channel(self.channel_combo.currentData()),
            "description": self.description_edit.toPlainText(),
            "assignee_id": self.assignee_combo.currentData(),
        }

    def save(self) -> None:
        values = self.values()
        if values["contact_id"] is None and values["vehicle_id"] is None:
            say(self.error_label, self.tr("Find the customer or the vehicle first."))
            self.find_edit.setFocus()
            return
        if not values["description"].strip():
            say(self.error_label, self.tr("Describe the complaint."))
            self.description_edit.setFocus()
            return
        create = CollectionOp(self._claims.create, now=dt.datetime.now(dt.UTC), **values)
        create.success(self._saved).failure(self._failed).disabling(self.save_button).run(self.ctx.executor)

    def _saved(self, result: ClaimDetail) -> None:
        self.claim_created.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        names = {
            "description": self.tr("Description"),
            "contact": self.tr("Customer"),
            "assignee": self.tr("Assign to"),
        }
        say(self.error_label, message_of(exc, names))

    def _show_failure(self, exc: Exception) -> None:
        say(self.error_label, message_of(exc))
