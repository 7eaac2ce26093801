"""Log a call: its outcome, direction, length and what was said."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QSpinBox, QWidget

from dealercrm.models.enums import CallOutcome, Direction
from dealercrm.services.contacts import ContactDetail
from dealercrm.services.interactions import InteractionService
from dealercrm.ui.contacts.actions.base import ActionDialog
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.widgets.forms import choice_combo

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


class LogCallDialog(ActionDialog):
    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Log a call"))
        outcomes = {outcome: label(outcome) for outcome in CALL_OUTCOMES}
        self.outcome = self.add_row(self.tr("&Outcome"), "outcome", choice_combo(outcomes))
        directions = {Direction.OUTBOUND: self.tr("I called them"), Direction.INBOUND: self.tr("They called")}
        self.direction = self.add_row(self.tr("&Direction"), "direction", choice_combo(directions))
        self.minutes = self.add_row(self.tr("D&uration"), "duration_seconds", QSpinBox())
        self.minutes.setRange(0, 240)
        self.minutes.setSuffix(self.tr(" min"))
        self.summary = self.add_row(self.tr("&Summary"), "summary", self.summary_edit())
        self.outcome.setFocus()

    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        service = self.ctx.service(InteractionService)
        minutes = self.minutes.value()
        return service.log_call, dict(
            outcome=CallOutcome(self.outcome.currentData()),
            direction=Direction(self.direction.currentData()),
            duration_seconds=minutes * 60 if minutes else None,
            summary=self.summary.toPlainText(),
        )
