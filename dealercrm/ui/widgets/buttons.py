"""The OK / Cancel row of a dialog, set up once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from dealercrm.ui.style import set_primary


def ok_cancel(
    dialog: QDialog,
    ok_text: str | None = None,
    *,
    on_ok: Callable[[], None] | None = None,
    primary: bool = False,
) -> QDialogButtonBox:
    """OK (labelled `ok_text`, the primary button if `primary`) and Cancel: OK calls `on_ok` (by default
    accepts the dialog), Cancel rejects it. `box.button(QDialogButtonBox.StandardButton.Ok)` is OK."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    if ok_text is not None:
        ok.setText(ok_text)
    if primary:
        set_primary(ok)
    box.accepted.connect(on_ok if on_ok is not None else dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
