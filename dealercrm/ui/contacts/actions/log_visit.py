"""Log a showroom visit or a test drive (then the opportunity moves to "test drive")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from dealercrm.models.enums import InteractionType
from dealercrm.services.contacts import ContactDetail
from dealercrm.services.interactions import InteractionService
from dealercrm.ui.contacts.actions.base import ActionDialog
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.widgets.forms import choice_combo


class LogVisitDialog(ActionDialog):
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
        kinds = {kind: label(kind) for kind in (InteractionType.VISIT, InteractionType.TEST_DRIVE)}
        self.kind = self.add_row(self.tr("&What"), "type", choice_combo(kinds))
        self.kind.setCurrentIndex(1 if test_drive else 0)
        self.opportunity = self.add_row(self.tr("O&pportunity"), "opportunity_id", self.opportunity_combo())
        self.summary = self.add_row(self.tr("&Summary"), "summary", self.summary_edit())
        self.summary.setFocus()

    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        service = self.ctx.service(InteractionService)
        return service.log, dict(
            type=InteractionType(self.kind.currentData()),
            opportunity_id=self.opportunity.currentData(),
            summary=self.summary.toPlainText(),
        )
