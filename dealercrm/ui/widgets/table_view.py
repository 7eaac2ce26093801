"""A table view that says why it is empty ("No contact is past its retention period.") instead of
showing a blank grid."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QTableView, QWidget


class TableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_text = ""

    @property
    def empty_text(self) -> str:
        return self._empty_text

    def set_empty_text(self, text: str) -> None:
        """The sentence drawn in the middle of the view while the model has no row ("" for none)."""
        self._empty_text = text
        self.viewport().update()

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self.viewport().update)
            # After a reset Qt lays the rows out on a zero-delay timer, after the paint the reset asked
            # for, and that layout asks for a second whole paint (10-15 ms each for a page of contacts):
            # laid out now, the new rows are painted once.
            model.modelReset.connect(self.executeDelayedItemsLayout)

    def shows_empty_text(self) -> bool:
        model = self.model()
        return bool(self._empty_text) and model is not None and model.rowCount(QModelIndex()) == 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self.shows_empty_text():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        rect = self.viewport().rect().adjusted(24, 16, -24, -16)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(rect, int(flags), self._empty_text)
        painter.end()
