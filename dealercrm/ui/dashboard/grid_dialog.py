"""What the marketing spend and the objectives dialogs share: a period's grid of figures to type, with
what is happening, what went wrong, Save and Cancel under it; reading the grid, saving the changed
cells in one go, and showing which cells the service refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from dealercrm.services.errors import ValidationError
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import message_label, say
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import action_buttons, spread, text_label


class GridDialog(Dialog):
    """Subclasses build their period picker (`top`), a hint and the grid, then call `_lay_out`; they say
    how the grid is read (`_read`) and shown (`_show_grid`), which cells changed (`changed`), how they
    are written (`_write`) and which cells a refusal names (`_mark_invalid`)."""

    saved = Signal(object)  # what the service saved (ObjectiveChanges, SpendChanges)
    grid_loaded = Signal()  # a period's figures are on screen (tests wait for it)

    unreadable: str  # the sentence for a grid that could not be read, "%1" the reason
    not_a_figure: str  # ... for a cell that is not a figure, "%1" the cell

    def _period_row(self, text: str, picker: QWidget, button: QPushButton) -> QHBoxLayout:
        """The row over the grid: the period's picker, labelled `text` (with its shortcut), on the left and
        `button` (copy, import) on the right."""
        label = QLabel(text)
        label.setBuddy(picker)
        return spread([label, picker], [button])

    def _lay_out(
        self, top: QLayout, hint: str, grid: QWidget, *, save_text: str, waiting: Sequence[QWidget] = ()
    ) -> None:
        """`hint`: what to type in the grid; `waiting`: the controls, besides Save, disabled while the
        executor reads or writes."""
        self.status = message_label("Hint")
        self.error_label = message_label()
        buttons, self.save_button = action_buttons(self, save_text, self.save)
        self._waiting = (self.save_button, *waiting)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(text_label(hint, "Hint"))
        layout.addWidget(grid, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    # What subclasses say -------------------------------------------------------------------------
    def _read(self) -> QueryOp[Any]:
        """The query of the period shown."""
        raise NotImplementedError

    def _show_grid(self, grid: Any) -> None:
        raise NotImplementedError

    def changed(self) -> Mapping[Any, Any]:
        """The cells typed since the grid was read; ValueError (its message names the cell) for a cell
        that is not a figure."""
        raise NotImplementedError

    def _write(self, changes: Mapping[Any, Any]) -> CollectionOp[Any]:
        raise NotImplementedError

    def _mark_invalid(self, keys: Mapping[str, str]) -> None:
        """Show the cells a ValidationError names (its keys)."""
        raise NotImplementedError

    # Reading -------------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the chosen period (unsaved edits of the period shown before are dropped)."""
        self._set_busy(True)
        self.error_label.hide()
        self._read().success(self._grid_ready).failure(self._load_failed).latest_for(self, "grid").run(
            self.ctx.executor
        )

    def _grid_ready(self, grid: Any) -> None:
        self._grid = grid
        self._show_grid(grid)
        self._set_busy(False)
        self.grid_loaded.emit()

    def _load_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.save_button.setEnabled(False)
        self._show_error(self.unreadable.replace("%1", message_of(exc)))

    # Saving --------------------------------------------------------------------------------------
    def save(self) -> None:
        self.error_label.hide()
        try:
            changes = self.changed()
        except ValueError as exc:
            self._show_error(self.not_a_figure.replace("%1", str(exc)))
            return
        if not changes:
            self.accept()
            return
        self._set_busy(True)
        self._write(changes).success(self._saved).failure(self._save_failed).run(self.ctx.executor)

    def _saved(self, result: object) -> None:
        self._set_busy(False)
        self.saved.emit(result)
        self.accept()

    def _save_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self._mark_invalid(exc.errors)
            self._show_error("\n".join(exc.errors.values()))
            return
        self._show_error(message_of(exc))

    def _set_busy(self, busy: bool) -> None:
        for control in self._waiting:
            control.setEnabled(not busy)

    def _show_error(self, message: str) -> None:
        self._set_busy(False)
        say(self.error_label, message)
