"""Open an opportunity for the contact: what they want, for how much, by when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget

from dealercrm.models.enums import OPEN_STAGES, Stage
from dealercrm.services.contacts import ContactDetail
from dealercrm.services.pipeline import PipelineService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.contacts.actions.base import ActionDialog
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.widgets.forms import choice_combo


class OpportunityDialog(ActionDialog):
    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("New opportunity"))
        wanted = " ".join(p for p in (contact.wanted_model, label(contact.wanted_fuel)) if p)
        self.title = self.add_row(self.tr("&Title"), "title", QLineEdit(wanted))
        self.title.setPlaceholderText(self.tr("e.g. 3008 hybride"))
        model = QLineEdit(contact.wanted_model or "")
        self.wanted_model = self.add_row(self.tr("&Model wanted"), "wanted_model", model)
        budget = QLineEdit("" if contact.budget is None else f"{contact.budget:.0f}")
        self.amount = self.add_row(self.tr("&Amount (€)"), "amount", budget)
        stages = choice_combo({stage: label(stage) for stage in OPEN_STAGES})
        self.stage = self.add_row(self.tr("&Stage"), "stage", stages)
        self.close_on = self.add_row(self.tr("Expected &close"), "expected_close_on", QDateEdit())
        self.close_on.setCalendarPopup(True)
        self.close_on.setDate(fmt.qdate(self.ctx.today()).addMonths(1))
        self.title.setFocus()

    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        amount = self.amount_in(self.amount)
        service = self.ctx.service(PipelineService)
        stage = Stage(self.stage.currentData())
        return service.create_opportunity, dict(
            title=self.title.text(),
            wanted_model=self.wanted_model.text(),
            amount=amount,
            stage=stage,
            expected_close_on=self.close_on.date().toPython(),
        )
