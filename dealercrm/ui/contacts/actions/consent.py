"""Record a consent: what the contact agreed to, per channel and purpose, and the proof."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from dealercrm.models.enums import Channel, ConsentPurpose, ConsentStatus
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.contacts import ContactDetail
from dealercrm.ui.contacts.actions.base import ActionDialog
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import labels_for
from dealercrm.ui.widgets.forms import choice_combo, enum_combo


class ConsentDialog(ActionDialog):
    """Record what the contact agreed to, per channel and purpose, with how it was collected."""

    def __init__(self, ctx: AppContext, contact: ContactDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, contact, parent)
        self.set_title(self.tr("Record a consent"))
        channels = {value: text for value, text in labels_for(Channel).items() if value is not Channel.VISIT}
        self.channel = self.add_row(self.tr("&Channel"), "channel", choice_combo(channels))
        self.purpose = self.add_row(self.tr("&Purpose"), "purpose", enum_combo(ConsentPurpose))
        self.status = self.add_row(self.tr("&Answer"), "status", enum_combo(ConsentStatus))
        proof = QLineEdit(self.tr("Signed form at the showroom"))
        self.proof = self.add_row(self.tr("P&roof"), "proof", proof)
        self.channel.setFocus()

    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        service = self.ctx.service(ContactEditService)
        return service.record_consent, dict(
            channel=Channel(self.channel.currentData()),
            purpose=ConsentPurpose(self.purpose.currentData()),
            status=ConsentStatus(self.status.currentData()),
            proof=self.proof.text(),
        )
