"""Log a quote: its amount, for which opportunity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from dealercrm.models.enums import InteractionType
from dealercrm.services.contacts import ContactDetail
from dealercrm.services.interactions import InteractionService
from dealercrm.ui.contacts.actions.base import ActionDialog
from dealercrm.ui.context import AppContext


class QuoteDialog(ActionDialog):
    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Log a quote"))
        self.amount = self.add_row(self.tr("&Amount (€)"), "amount", QLineEdit())
        self.amount.setPlaceholderText(self.tr("e.g. 31 990"))
        self.opportunity = self.add_row(self.tr("O&pportunity"), "opportunity_id", self.opportunity_combo())
        self.summary = self.add_row(self.tr("&Summary"), "summary", self.summary_edit())
        self.amount.setFocus()

    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        amount = self.amount_in(self.amount)
        service = self.ctx.service(InteractionService)
        return service.log, dict(
            type=InteractionType.QUOTE,
            amount=amount,
            opportunity_id=self.opportunity.currentData(),
            summary=self.summary.toPlainText(),
        )
