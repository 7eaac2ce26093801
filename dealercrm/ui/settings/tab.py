"""What every tab of the settings page shares: the context, and where to say what failed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import message_of


class SettingsTab(QWidget):
    """A settings tab; `on_error` shows a sentence (the page's message box)."""

    def __init__(
        self, ctx: AppContext, *, on_error: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._on_error = on_error

    def show_failure(self, exc: Exception) -> None:
        """An operation's `.failure()`: the failed call's sentence, shown by the page."""
        self._on_error(message_of(exc))
