"""The base of the app's dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from dealercrm.ui.context import AppContext


class Dialog(QDialog):
    """A dialog of the app, with the app's context (services, executor, actor) as `ctx`, as a Page has."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
