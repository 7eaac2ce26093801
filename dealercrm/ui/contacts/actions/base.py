"""What every one-click action dialog shares: a small form, an error banner, OK/Cancel, and the save
as one operation whose field errors go back to the fields."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.contacts import ContactDetail
from dealercrm.services.errors import ValidationError
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, message_of
from dealercrm.ui.style import message_label, say
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import INVALID_STYLE, notes_edit, save_buttons


def parse_amount(text: str) -> Decimal | None:
    """ "31 990,50" -> Decimal("31990.50"); None for blank; raises ValueError for anything else."""
    cleaned = (
        text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", ".")
    )
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


W = TypeVar("W", bound=QWidget)


class InvalidInput(Exception):
    """What the form holds cannot be sent to the service: errors by field, shown on the fields."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class ActionDialog(Dialog):
    """A small form: rows, an error banner, OK/Cancel. A subclass says which service call saves it
    (`operation()`); `done_with(result)` is emitted once saved."""

    done_with = Signal(object)

    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.contact = contact
        self.result_value: Any = None
        self.heading = heading = QLabel()
        heading.setObjectName("SectionTitle")
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self.error_label = message_label()
        self.buttons, self.ok_button = save_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def set_title(self, title: str) -> None:
        self.setWindowTitle(title)
        self.heading.setText(f"{title} — {self.contact.name}")

    def add_row(self, title: str, field: str, widget: W) -> W:
        """`widget` in the form, labelled `title`, for the service's `field` (its errors); `widget`."""
        self.fields[field] = widget
        self.form.addRow(title, widget)
        return widget

    def opportunity_combo(self, *, with_none: bool = True) -> QComboBox:
        combo = QComboBox()
        if with_none:
            combo.addItem(self.tr("None"), None)
        for o in self.contact.open_opportunities:
            combo.addItem(f"{o.title} ({label(o.stage)})", o.id)
        if self.contact.open_opportunities and with_none:
            combo.setCurrentIndex(1)
        return combo

    def summary_edit(self) -> QPlainTextEdit:
        return notes_edit(90)

    def amount_in(self, edit: QLineEdit) -> Decimal | None:
        """The amount typed in `edit` (the "amount" row); InvalidInput when it is not one."""
        try:
            return parse_amount(edit.text())
        except ValueError:
            raise InvalidInput({"amount": self.tr("type an amount in euros, e.g. 31 990")}) from None

    # Saving ------------------------------------------------------------------------------------------
    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        """The service call that saves the form, and its keyword arguments but the contact's id
        (raises InvalidInput)."""
        raise NotImplementedError

    def save(self) -> None:
        try:
            fn, kwargs = self.operation()
        except InvalidInput as exc:
            self.show_field_errors(exc.errors)
            return
        self._clear()
        save = CollectionOp(fn, contact_id=self.contact.id, **kwargs)
        save.success(self._saved).failure(self._failed).disabling(self.ok_button).run(self.ctx.executor)

    def _saved(self, result: Any) -> None:
        self.result_value = result
        self.done_with.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.show_field_errors(exc.errors)
        else:
            self.show_message(message_of(exc))

    def show_field_errors(self, errors: dict[str, str]) -> None:
        for field in errors:
            widget = self.fields.get(field)
            if widget is not None:
                widget.setStyleSheet(INVALID_STYLE)
        self.show_message("\n".join(f"{self._title_of(f)}: {m}" for f, m in errors.items()))

    def _title_of(self, field: str) -> str:
        widget = self.fields.get(field)
        if widget is None:
            return field
        title = self.form.labelForField(widget)
        return title.text().replace("&", "") if isinstance(title, QLabel) else field

    def show_message(self, message: str) -> None:
        say(self.error_label, message)

    def _clear(self) -> None:
        self.error_label.hide()
        for widget in self.fields.values():
            widget.setStyleSheet("")
