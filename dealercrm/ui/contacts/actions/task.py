"""Plan a task or appointment: it appears on the today page and in the .ics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, QTime
from PySide6.QtWidgets import QDateTimeEdit, QLineEdit, QSpinBox, QWidget

from dealercrm.models.enums import TaskKind
from dealercrm.services.contacts import ContactDetail
from dealercrm.services.tasks import TaskService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.contacts.actions.base import ActionDialog
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.widgets.forms import enum_combo


class TaskDialog(ActionDialog):
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
        self.kind = self.add_row(self.tr("&Kind"), "kind", enum_combo(TaskKind))
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.title = self.add_row(self.tr("&Title"), "title", QLineEdit(label(kind)))
        self.when = self.add_row(self.tr("&When"), "due_at", QDateTimeEdit())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
        tomorrow = dt.datetime.now(ctx.timezone) + dt.timedelta(days=1)
        self.set_when(tomorrow.replace(hour=10, minute=0, second=0, microsecond=0))
        self.duration = self.add_row(self.tr("D&uration"), "duration_minutes", QSpinBox())
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(30 if kind is TaskKind.CALL_BACK else 60)
        self.duration.setSuffix(self.tr(" min"))
        self.location = self.add_row(self.tr("&Location"), "location", QLineEdit())
        self.opportunity = self.add_row(self.tr("O&pportunity"), "opportunity_id", self.opportunity_combo())
        self.notes = self.add_row(self.tr("&Notes"), "notes", self.summary_edit())
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
        self.when.setDateTime(QDateTime(fmt.qdate(local), QTime(local.hour, local.minute)))

    def due_at(self) -> dt.datetime:
        qdt = self.when.dateTime()
        d, t = qdt.date(), qdt.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self.ctx.timezone)

    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        service = self.ctx.service(TaskService)
        return service.create, dict(
            kind=TaskKind(self.kind.currentData()),
            title=self.title.text(),
            due_at=self.due_at(),
            duration_minutes=self.duration.value(),
            location=self.location.text(),
            notes=self.notes.toPlainText(),
            opportunity_id=self.opportunity.currentData(),
        )
