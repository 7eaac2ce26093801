"""The base of every area shown in the main window's navigation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dealercrm.ui.context import AppContext


class Page(QWidget):
    """An area of the app (today, contacts, ...). Built lazily, the first time it is shown.

    Pages ask the main window to open a record elsewhere by emitting `open_requested(kind, id)`,
    kind being "contact", "vehicle", "claim", "opportunity" or "campaign"; and report status-bar
    messages through `status_message`.
    """

    open_requested = Signal(str, int)
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self) -> None:
        """Reload from the database; called when the page is shown again or data changed."""

    def open_record(self, record_id: int) -> None:
        """Show one record of this area (from the global search or another page)."""

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("dealercrm"), message)
