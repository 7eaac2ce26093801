"""A matplotlib Figure shown in Qt (FigureCanvasQTAgg), matplotlib imported only when first used.

Clicking a bar that carries a gid ("kind:filter:value", see services/charts.py) emits `picked(gid)`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget


class ChartWidget(QWidget):
    """Holds one chart; `show_figure()` swaps the figure in and redraws (draw_idle)."""

    picked = Signal(str)
    drawn = Signal()

    def __init__(self, parent: QWidget | None = None, *, height: int = 260) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._canvas: Any = None
        self._figure: Any = None
        self.draw_count = 0
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._height = height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, self._height)

    @property
    def figure(self) -> Any:
        return self._figure

    def show_figure(self, figure: Any) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        if self._canvas is not None:
            self._layout.removeWidget(self._canvas)
            self._canvas.setParent(None)
            self._canvas.deleteLater()
        self._figure = figure
        self._canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        self._canvas.setMinimumHeight(self._height)
        self._canvas.mpl_connect("pick_event", self._on_pick)
        self._layout.addWidget(self._canvas)
        self._canvas.draw_idle()
        self.draw_count += 1
        self.drawn.emit()

    def _on_pick(self, event: Any) -> None:
        gid = event.artist.get_gid() if event.artist is not None else None
        if gid:
            self.picked.emit(str(gid))

    def pick(self, gid: str) -> None:
        """As if the user clicked the bar named `gid` (for tests and keyboard users)."""
        self.picked.emit(gid)
