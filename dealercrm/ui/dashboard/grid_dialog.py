"""What the marketing spend and the objectives dialogs share: a period's grid of figures to type, with
what is happening, what went wrong, Save and Cancel under it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLayout, QVBoxLayout, QWidget

from dealercrm.ui.style import message_label
from dealercrm.ui.widgets.forms import action_buttons


class GridDialog(QDialog):
    """Subclasses build their period picker (`top`), a hint and the grid, then call `_lay_out`; they say in
    `_set_busy` which controls wait while the executor works."""

    def _lay_out(self, top: QLayout, hint: QWidget, grid: QWidget, *, save_text: str) -> None:
        self.status = message_label("Hint")
        self.error_label = message_label()
        buttons, self.save_button = action_buttons(self, save_text, self.save)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(grid, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def _show_error(self, message: str) -> None:
        self._set_busy(False)
        self.error_label.setText(message)
        self.error_label.show()
