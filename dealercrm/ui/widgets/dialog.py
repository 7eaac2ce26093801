"""The bases of the app's dialogs: `Dialog` once someone is logged in, `StartWindow` before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from dealercrm.ui.style import app_icon

if TYPE_CHECKING:  # the start windows are up before the database stack is loaded
    from dealercrm.ui.context import AppContext
    from dealercrm.ui.workers import Executor


class Dialog(QDialog):
    """A dialog of the app, with the app's context (services, executor, actor) as `ctx`, as a Page has."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx


class StartWindow(QDialog):
    """One of the windows shown before the main one (login, first run, the dealership's server), with the
    app's icon; its work runs on `executor`, the database executor, as the context's does after login."""

    def __init__(self, executor: Executor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._executor = executor
        self.setWindowIcon(app_icon())
