"""Merge two contacts: their values side by side, one choice per field that differs, what hangs off
each (interactions, vehicles, sales...) counted, then one click. Managers only (the service checks)."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.contacts import format_phone
from dealercrm.services.duplicates import MERGE_FIELDS, DuplicateService, MergeResult, MergeSide
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import message_label, named, say, set_primary
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import action_buttons


class MergeDialog(Dialog):
    """Shows both contacts; `merged(MergeResult)` once done."""

    merged = Signal(object)

    def __init__(self, ctx: AppContext, first_id: int, second_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Merge two contacts"))
        self._service = ctx.service(DuplicateService)
        self.sides: tuple[MergeSide, MergeSide] | None = None
        self.keep_group = QButtonGroup(self)
        self.field_groups: dict[str, QButtonGroup] = {}
        intro = QLabel(
            self.tr(
                "Choose the contact to keep and, for each field that differs, the value to keep. Everything "
                "attached to either contact (interactions, vehicles, sales, claims, consents, tasks, "
                "opportunities, campaigns) ends up on the contact kept; the other one is deleted."
            )
        )
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(6)
        body = QWidget()
        body.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.error_label = message_label()
        buttons, self.merge_button = action_buttons(self, self.tr("Merge"), self.merge)
        set_primary(self.merge_button)
        self.merge_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(760, 640)
        QueryOp(self._service.sides, first_id=first_id, second_id=second_id).success(self._show).failure(
            self._error
        ).read_only().run(ctx.executor)

    def _text(self, field: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if field in ("mobile", "landline"):
            return format_phone(str(value))
        if isinstance(value, enum.Enum):
            return label(value)
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, Decimal):
            return fmt.money(value)
        if isinstance(value, dt.date):
            return fmt.date(value)
        return str(value)

    def _show(self, sides: tuple[MergeSide, MergeSide]) -> None:
        self.sides = sides
        left, right = sides
        grid = self.grid
        grid.addWidget(QLabel(self.tr("Keep")), 0, 0)
        for column, side in ((1, left), (2, right)):
            radio = QRadioButton(f"{side.name} (#{side.id})")
            radio.setStyleSheet("font-weight: 600;")
            self.keep_group.addButton(radio, column)
            grid.addWidget(radio, 0, column)
        # The one with more history is kept by default.
        keep_left = sum(left.related.values()) >= sum(right.related.values())
        self.keep_group.button(1 if keep_left else 2).setChecked(True)
        row = 1
        for field in MERGE_FIELDS:
            a, b = left.values.get(field), right.values.get(field)
            if (a or None) == (b or None):
                continue
            grid.addWidget(QLabel(self._field_title(field)), row, 0)
            group = QButtonGroup(self)
            for column, value in ((1, a), (2, b)):
                radio = QRadioButton(self._text(field, value))
                group.addButton(radio, column)
                grid.addWidget(radio, row, column)
            # Default: the kept contact's value, unless it is empty and the other's is not.
            default = 1 if keep_left else 2
            if (a if default == 1 else b) in (None, ""):
                default = 3 - default
            group.button(default).setChecked(True)
            self.field_groups[field] = group
            row += 1
        if row == 1:
            grid.addWidget(QLabel(self.tr("Every field has the same value.")), row, 0, 1, 3)
            row += 1
        heading = named(QLabel(self.tr("Attached to each")), "SectionTitle")
        grid.addWidget(heading, row, 0, 1, 3)
        row += 1
        for key in sorted(left.related):
            grid.addWidget(QLabel(self._related_title(key)), row, 0)
            grid.addWidget(QLabel(fmt.number(left.related[key])), row, 1)
            grid.addWidget(QLabel(fmt.number(right.related[key])), row, 2)
            row += 1
        grid.setRowStretch(row, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.merge_button.setEnabled(True)

    def _field_title(self, field: str) -> str:
        titles = {
            "kind": self.tr("Kind"),
            "civility": self.tr("Civility"),
            "first_name": self.tr("First name"),
            "last_name": self.tr("Last name"),
            "company_name": self.tr("Company"),
            "siren": self.tr("SIREN"),
            "job_title": self.tr("Job title"),
            "birth_date": self.tr("Born on"),
            "mobile": self.tr("Mobile"),
            "landline": self.tr("Landline"),
            "email": self.tr("E-mail"),
            "address_line1": self.tr("Address"),
            "address_line2": self.tr("Address (2)"),
            "postal_code": self.tr("Postal code"),
            "city": self.tr("City"),
            "country": self.tr("Country"),
            "preferred_channel": self.tr("Prefers"),
            "source_channel": self.tr("Source"),
            "owner_id": self.tr("Owner (user id)"),
            "lifecycle": self.tr("Lifecycle"),
            "lost_reason": self.tr("Lost because"),
            "budget": self.tr("Budget"),
            "wanted_model": self.tr("Wanted model"),
            "wanted_body": self.tr("Body"),
            "wanted_fuel": self.tr("Fuel"),
            "has_trade_in": self.tr("Trade-in"),
            "wants_financing": self.tr("Financing wanted"),
            "notes": self.tr("Notes"),
        }
        return titles.get(field, field)

    def _related_title(self, key: str) -> str:
        titles = {
            "interactions": self.tr("Interactions"),
            "tasks": self.tr("Tasks"),
            "opportunities": self.tr("Opportunities"),
            "sales": self.tr("Sales"),
            "service_visits": self.tr("Workshop visits"),
            "vehicles": self.tr("Vehicles"),
            "claims": self.tr("Claims"),
            "consents": self.tr("Consents"),
            "campaign_targets": self.tr("Campaigns"),
            "links": self.tr("Links"),
        }
        return titles.get(key, key)

    def keep_left(self) -> bool:
        return self.keep_group.checkedId() == 1

    def choose(self, field: str, *, left: bool) -> None:
        """Pick the left or right value of `field` (for tests and the keyboard)."""
        self.field_groups[field].button(1 if left else 2).setChecked(True)

    def merge(self) -> None:
        if self.sides is None:
            return
        left, right = self.sides
        keep, remove = (left, right) if self.keep_left() else (right, left)
        removed_column = 2 if self.keep_left() else 1
        take = {f for f, group in self.field_groups.items() if group.checkedId() == removed_column}
        self.merge_button.setEnabled(False)
        CollectionOp(
            self._service.merge,
            keep_id=keep.id,
            remove_id=remove.id,
            take_from_removed=take,
            expected_versions={keep.id: keep.version, remove.id: remove.version},
        ).success(self._done).failure(self._error).run(self.ctx.executor)

    def _done(self, result: MergeResult) -> None:
        self.merged.emit(result)
        self.accept()

    def _error(self, exc: Exception) -> None:
        self.merge_button.setEnabled(self.sides is not None)
        say(self.error_label, message_of(exc))
