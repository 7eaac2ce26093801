"""Small pieces every form shares: the banner that says why nothing was saved, the red border of a
field in error, the Save/Cancel buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton

from dealercrm.ui.style import set_primary

INVALID_STYLE = "border: 1px solid #b42318; border-radius: 4px;"


def error_banner() -> QLabel:
    """A hidden, word-wrapped label styled as a form error (ui/style.py, #FormError)."""
    banner = QLabel()
    banner.setObjectName("FormError")
    banner.setWordWrap(True)
    banner.hide()
    return banner


def save_buttons(
    dialog: QDialog,
    save: Callable[[], None],
    button: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> tuple[QDialogButtonBox, QPushButton]:
    """`button` (the primary one, calling `save`) and Cancel (rejecting `dialog`); the box and `button`."""
    box = QDialogButtonBox(button | QDialogButtonBox.StandardButton.Cancel)
    primary = box.button(button)
    set_primary(primary)
    box.accepted.connect(save)
    box.rejected.connect(dialog.reject)
    return box, primary
