"""The one-click actions of the customer view: log a call, a visit or test drive, a quote; plan a task or
appointment; open an opportunity; record a consent. Small forms, keyboard first, errors on the fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import (
    OPEN_STAGES,
    CallOutcome,
    Channel,
    ConsentPurpose,
    ConsentStatus,
    Direction,
    InteractionType,
    Stage,
    TaskKind,
)
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.contacts import ContactDetail
from dealercrm.services.errors import ServiceError, ValidationError
from dealercrm.services.interactions import InteractionService
from dealercrm.services.pipeline import PipelineService
from dealercrm.services.tasks import TaskService
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label, labels_for
from dealercrm.ui.style import set_primary

CALL_OUTCOMES = (
    CallOutcome.INTERESTED,
    CallOutcome.APPOINTMENT,
    CallOutcome.CALLBACK,
    CallOutcome.NOT_INTERESTED,
    CallOutcome.NO_ANSWER,
    CallOutcome.VOICEMAIL,
    CallOutcome.WRONG_NUMBER,
    CallOutcome.DO_NOT_CALL,
)
INVALID_STYLE = "border: 1px solid #b42318; border-radius: 4px;"


def _capture(fn: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ServiceError as exc:
        return exc


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


class _ActionDialog(QDialog):
    """A small form: rows, an error banner, OK/Cancel; `done_with(result)` emitted once saved."""

    done_with = Signal(object)

    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact = contact
        self.result_value: Any = None
        self.heading = heading = QLabel()
        heading.setObjectName("SectionTitle")
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self.error_label = QLabel()
        self.error_label.setObjectName("FormError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        set_primary(self.ok_button)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def set_title(self, title: str) -> None:
        self.setWindowTitle(title)
        self.heading.setText(f"{title} — {self.contact.name}")

    def add_row(self, title: str, field: str, widget: QWidget) -> None:
        self.fields[field] = widget
        self.form.addRow(title, widget)

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
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(90)
        return edit

    def save(self) -> None:
        raise NotImplementedError

    def submit(self, fn: Callable[..., Any], **kwargs: Any) -> None:
        self._clear()
        self.ok_button.setEnabled(False)
        self.ctx.executor.submit(_capture, fn, **kwargs, on_done=self._finished, on_error=self.show_message)

    def _finished(self, result: Any) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(result, ValidationError):
            self.show_field_errors(result.errors)
        elif isinstance(result, ServiceError):
            self.show_message(str(result))
        else:
            self.result_value = result
            self.done_with.emit(result)
            self.accept()

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
        self.ok_button.setEnabled(True)
        self.error_label.setText(message)
        self.error_label.show()

    def _clear(self) -> None:
        self.error_label.hide()
        for widget in self.fields.values():
            widget.setStyleSheet("")


class LogCallDialog(_ActionDialog):
    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Log a call"))
        self.outcome = QComboBox()
        for outcome in CALL_OUTCOMES:
            self.outcome.addItem(label(outcome), outcome)
        self.direction = QComboBox()
        self.direction.addItem(self.tr("I called them"), Direction.OUTBOUND)
        self.direction.addItem(self.tr("They called"), Direction.INBOUND)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 240)
        self.minutes.setSuffix(self.tr(" min"))
        self.summary = self.summary_edit()
        self.add_row(self.tr("&Outcome"), "outcome", self.outcome)
        self.add_row(self.tr("&Direction"), "direction", self.direction)
        self.add_row(self.tr("D&uration"), "duration_seconds", self.minutes)
        self.add_row(self.tr("&Summary"), "summary", self.summary)
        self.outcome.setFocus()

    def save(self) -> None:
        service = self.ctx.service(InteractionService)
        minutes = self.minutes.value()
        self.submit(
            service.log_call,
            contact_id=self.contact.id,
            outcome=CallOutcome(self.outcome.currentData()),
            direction=Direction(self.direction.currentData()),
            duration_seconds=minutes * 60 if minutes else None,
            summary=self.summary.toPlainText(),
        )


class LogVisitDialog(_ActionDialog):
    """A showroom visit or a test drive (then the opportunity moves to "test drive")."""

    def __init__(
        self,
        ctx: AppContext,
        contact: ContactDetail,
        parent: QWidget | None = None,
        *,
        test_drive: bool = False,
    ) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Log a test drive") if test_drive else self.tr("Log a visit"))
        self.kind = QComboBox()
        self.kind.addItem(label(InteractionType.VISIT), InteractionType.VISIT)
        self.kind.addItem(label(InteractionType.TEST_DRIVE), InteractionType.TEST_DRIVE)
        self.kind.setCurrentIndex(1 if test_drive else 0)
        self.opportunity = self.opportunity_combo()
        self.summary = self.summary_edit()
        self.add_row(self.tr("&What"), "type", self.kind)
        self.add_row(self.tr("O&pportunity"), "opportunity_id", self.opportunity)
        self.add_row(self.tr("&Summary"), "summary", self.summary)
        self.summary.setFocus()

    def save(self) -> None:
        service = self.ctx.service(InteractionService)
        self.submit(
            service.log,
            contact_id=self.contact.id,
            type=InteractionType(self.kind.currentData()),
            opportunity_id=self.opportunity.currentData(),
            summary=self.summary.toPlainText(),
        )


class QuoteDialog(_ActionDialog):
    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Log a quote"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 31 990"))
        self.opportunity = self.opportunity_combo()
        self.summary = self.summary_edit()
        self.add_row(self.tr("&Amount (€)"), "amount", self.amount)
        self.add_row(self.tr("O&pportunity"), "opportunity_id", self.opportunity)
        self.add_row(self.tr("&Summary"), "summary", self.summary)
        self.amount.setFocus()

    def save(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
        except ValueError:
            self.show_field_errors({"amount": self.tr("type an amount in euros, e.g. 31 990")})
            return
        service = self.ctx.service(InteractionService)
        self.submit(
            service.log,
            contact_id=self.contact.id,
            type=InteractionType.QUOTE,
            amount=amount,
            opportunity_id=self.opportunity.currentData(),
            summary=self.summary.toPlainText(),
        )


class TaskDialog(_ActionDialog):
    """A call back, appointment or test drive to plan: it appears on the today page and in the .ics."""

    def __init__(
        self,
        ctx: AppContext,
        contact: ContactDetail,
        parent: QWidget | None = None,
        *,
        kind: TaskKind = TaskKind.APPOINTMENT,
    ) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Plan a task or appointment"))
        self.kind = QComboBox()
        for value, text in labels_for(TaskKind).items():
            self.kind.addItem(text, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.title = QLineEdit(label(kind))
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
        tomorrow = dt.datetime.now(ctx.timezone) + dt.timedelta(days=1)
        self.set_when(tomorrow.replace(hour=10, minute=0, second=0, microsecond=0))
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(30 if kind is TaskKind.CALL_BACK else 60)
        self.duration.setSuffix(self.tr(" min"))
        self.location = QLineEdit()
        self.opportunity = self.opportunity_combo()
        self.notes = self.summary_edit()
        self.add_row(self.tr("&Kind"), "kind", self.kind)
        self.add_row(self.tr("&Title"), "title", self.title)
        self.add_row(self.tr("&When"), "due_at", self.when)
        self.add_row(self.tr("D&uration"), "duration_minutes", self.duration)
        self.add_row(self.tr("&Location"), "location", self.location)
        self.add_row(self.tr("O&pportunity"), "opportunity_id", self.opportunity)
        self.add_row(self.tr("&Notes"), "notes", self.notes)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.title.selectAll()
        self.title.setFocus()

    def _kind_changed(self) -> None:
        # Qt hands the item data back as a plain str, not the TaskKind member stored.
        kind = TaskKind(self.kind.currentData())
        if self.title.text() in (label(k) for k in TaskKind):
            self.title.setText(label(kind))

    def set_when(self, value: dt.datetime) -> None:
        local = value.astimezone(self.ctx.timezone)
        self.when.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )

    def due_at(self) -> dt.datetime:
        qdt = self.when.dateTime()
        d, t = qdt.date(), qdt.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self.ctx.timezone)

    def save(self) -> None:
        service = self.ctx.service(TaskService)
        self.submit(
            service.create,
            contact_id=self.contact.id,
            kind=TaskKind(self.kind.currentData()),
            title=self.title.text(),
            due_at=self.due_at(),
            duration_minutes=self.duration.value(),
            location=self.location.text(),
            notes=self.notes.toPlainText(),
            opportunity_id=self.opportunity.currentData(),
        )


class OpportunityDialog(_ActionDialog):
    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("New opportunity"))
        wanted = " ".join(p for p in (contact.wanted_model, label(contact.wanted_fuel)) if p)
        self.title = QLineEdit(wanted)
        self.title.setPlaceholderText(self.tr("e.g. 3008 hybride"))
        self.wanted_model = QLineEdit(contact.wanted_model or "")
        self.amount = QLineEdit("" if contact.budget is None else f"{contact.budget:.0f}")
        self.stage = QComboBox()
        for stage in OPEN_STAGES:
            self.stage.addItem(label(stage), stage)
        self.close_on = QDateEdit()
        self.close_on.setCalendarPopup(True)
        self.close_on.setDate(QDate.currentDate().addMonths(1))
        self.add_row(self.tr("&Title"), "title", self.title)
        self.add_row(self.tr("&Model wanted"), "wanted_model", self.wanted_model)
        self.add_row(self.tr("&Amount (€)"), "amount", self.amount)
        self.add_row(self.tr("&Stage"), "stage", self.stage)
        self.add_row(self.tr("Expected &close"), "expected_close_on", self.close_on)
        self.title.setFocus()

    def save(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
        except ValueError:
            self.show_field_errors({"amount": self.tr("type an amount in euros, e.g. 31 990")})
            return
        service = self.ctx.service(PipelineService)
        stage = Stage(self.stage.currentData())
        self.submit(
            service.create_opportunity,
            contact_id=self.contact.id,
            title=self.title.text(),
            wanted_model=self.wanted_model.text(),
            amount=amount,
            stage=stage,
            expected_close_on=self.close_on.date().toPython(),
        )


class ConsentDialog(_ActionDialog):
    """Record what the contact agreed to, per channel and purpose, with how it was collected."""

    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Record a consent"))
        self.channel = QComboBox()
        for value, text in labels_for(Channel).items():
            if value is not Channel.VISIT:
                self.channel.addItem(text, value)
        self.purpose = QComboBox()
        for value, text in labels_for(ConsentPurpose).items():
            self.purpose.addItem(text, value)
        self.status = QComboBox()
        for value, text in labels_for(ConsentStatus).items():
            self.status.addItem(text, value)
        self.proof = QLineEdit(self.tr("Signed form at the showroom"))
        self.add_row(self.tr("&Channel"), "channel", self.channel)
        self.add_row(self.tr("&Purpose"), "purpose", self.purpose)
        self.add_row(self.tr("&Answer"), "status", self.status)
        self.add_row(self.tr("P&roof"), "proof", self.proof)
        self.channel.setFocus()

    def save(self) -> None:
        service = self.ctx.service(ContactEditService)
        self.submit(
            service.record_consent,
            contact_id=self.contact.id,
            channel=Channel(self.channel.currentData()),
            purpose=ConsentPurpose(self.purpose.currentData()),
            status=ConsentStatus(self.status.currentData()),
            proof=self.proof.text(),
        )
