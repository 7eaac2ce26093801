"""What every tab of the settings page shares: the context, where to say what failed, and the layout
of a tab that edits a form: its groups in two scrolling columns over a bar with its state and buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import message_of
from dealercrm.ui.style import message_label, named
from dealercrm.ui.widgets.forms import holding, scrolled


class SettingsTab(QWidget):
    """A settings tab: each tab lays out its own widgets in `build`; `on_error` shows a sentence (the page's
    message box)."""

    def __init__(
        self, ctx: AppContext, *, on_error: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._on_error = on_error
        self.build(ctx)

    def build(self, ctx: AppContext) -> None:
        """The tab's widgets (called once, by `__init__`)."""

    def show_failure(self, exc: Exception) -> None:
        """An operation's `.failure()`: the failed call's sentence, shown by the page."""
        self._on_error(message_of(exc))

    def lay_out_form(
        self,
        groups: list[QGroupBox],
        *,
        on_left: int,
        buttons: list[QPushButton],
        intro: QWidget | None = None,
    ) -> None:
        """`groups` in two columns (the first `on_left` on the left) that scroll, under `intro` if any; then
        `form_error` and a bar: `state_label` (what is unsaved) and `buttons`."""
        body, columns = holding(
            QHBoxLayout(), margins=(16, 8 if intro is not None else 16, 16, 16), spacing=16
        )
        left, right = QVBoxLayout(), QVBoxLayout()
        for column in (left, right):
            column.setSpacing(14)
            columns.addLayout(column, 1)
        for i, group in enumerate(groups):
            (left if i < on_left else right).addWidget(group)
        left.addStretch(1)
        right.addStretch(1)
        scroll = scrolled(body)

        self.form_error = message_label()
        self.state_label = named(QLabel(), "Hint")
        self.state_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 8, 16, 8)
        bar.addWidget(self.state_label, 1)
        for button in buttons:
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if intro is not None:
            top = QVBoxLayout()
            top.setContentsMargins(16, 16, 16, 0)
            top.addWidget(intro)
            layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addLayout(bar)
