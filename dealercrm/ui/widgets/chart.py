"""A matplotlib Figure shown in Qt, drawn off the GUI thread.

matplotlib's Agg canvas draws the figure on the charts' own thread (one thread, so that two figures
never draw at once), at the widget's size in device pixels; the GUI thread only paints the image. With
FigureCanvasQTAgg each chart of the dashboard took 30-90 ms of the GUI thread to draw, seven in a row
(docs/PERFORMANCE.md, "The dashboard without freezes"). Until a new figure or size is drawn the last
image stays, scaled to the widget. A figure given as a function is built on the charts' thread too and
dropped once drawn (built again for a new size): the garbage collector does not walk it meanwhile.
matplotlib is imported on the charts' thread only, as soon as a chart exists.

Each artist that carries a gid ("kind:filter:value", see services/charts.py) and a picker (the bars) is
a clickable area: a click on it emits `picked(gid)`, and the pointer becomes a hand over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from dealercrm.ui.operations import QueryOp
from dealercrm.ui.workers import Executor

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    FigureSource = Figure | Callable[[], Figure]

# (figure's generation in the widget, width, height, device pixel ratio): what an image was drawn for
_Key = tuple[int, int, int, float]
_executor: Executor | None = None
_warming = False


def _charts_executor() -> Executor:
    """The charts' thread (one for every chart), made when the first chart is drawn."""
    global _executor
    if _executor is None:
        _executor = Executor(QCoreApplication.instance())
    return _executor


@dataclass(frozen=True)
class Drawn:
    """A figure drawn at one size: the image (its device pixel ratio set) and the clickable areas, in
    the widget's coordinates, topmost last."""

    key: _Key
    image: QImage
    areas: tuple[tuple[QRectF, str], ...]


def _warm_up() -> None:
    """matplotlib imported on the charts' thread as soon as a chart exists (its page is being built): the
    import (0.35-0.7 s) then runs beside the figures' queries instead of after them."""
    global _warming
    if _warming:
        return
    _warming = True
    from dealercrm.services.charts import import_matplotlib

    # A failed import is not lost: each chart's drawing imports again and shows that it failed.
    QueryOp(import_matplotlib).success(lambda _none: None).failure(lambda _exc: None).run(_charts_executor())


def draw(
    figure: Any, build: Callable[[], Any] | None, key: _Key, latest: list[int] | None = None
) -> Drawn | None:
    """Draw `figure` (or the one `build()` returns) at `key`'s size with the Agg canvas: on the charts'
    thread, never the GUI thread's (an Executor job: the GUI thread waits little for the GIL meanwhile).
    The figure's dpi stays its own, times the device pixel ratio. None, at once, when `latest` (the
    chart's newest figure's generation) says a newer figure came while this drawing waited its turn."""
    if latest is not None and latest[0] != key[0]:
        return None
    from dealercrm.services.charts import import_matplotlib

    import_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if build is not None:
        figure = build()
    _generation, width, height, ratio = key
    base = getattr(figure, "_dealercrm_dpi", None)
    if base is None:
        base = figure._dealercrm_dpi = float(figure.dpi)
    canvas = FigureCanvasAgg(figure)
    figure.set_dpi(base * ratio)
    # Sized in device pixels: whole ones, so that the canvas is exactly the widget's size.
    figure.set_size_inches(round(width * ratio) / (base * ratio), round(height * ratio) / (base * ratio))
    canvas.draw()  # type: ignore[no-untyped-call]
    buffer = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    rows, columns = int(buffer.shape[0]), int(buffer.shape[1])
    pixels = bytes(buffer)  # kept alive until copied: QImage does not own what it is built on
    image = QImage(pixels, columns, rows, columns * 4, QImage.Format.Format_RGBA8888).copy()
    image.setDevicePixelRatio(ratio)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    areas = []
    for artist in figure.findobj(lambda a: bool(a.get_gid()) and a.get_picker() is not None):
        box = artist.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            rect = QRectF(box.xmin / ratio, (rows - box.ymax) / ratio, box.width / ratio, box.height / ratio)
            areas.append((rect, str(artist.get_gid())))
    # A figure built here is dropped once drawn (only the image is returned): its tens of thousands of
    # objects would otherwise live on, walked by every pass of the garbage collector.
    return Drawn(key=key, image=image, areas=tuple(areas))


class ChartWidget(QWidget):
    """Holds one chart. `show_figure()` swaps a figure in (or a function that builds it, run on the
    charts' thread too); `drawn` is emitted once it is painted at the widget's size."""

    picked = Signal(str)
    drawn = Signal()

    def __init__(self, parent: QWidget | None = None, *, height: int = 260) -> None:
        super().__init__(parent)
        self._figure: Any = None
        self._build: Callable[[], Any] | None = None
        self._generation = 0
        self._latest = [0]  # the generation, as the charts' thread reads it (a drawing no longer wanted)
        self._shown: Drawn | None = None
        self._drawing: _Key | None = None
        self._failed: _Key | None = None
        self.draw_count = 0
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self._height = height
        self._settled = QTimer(self)  # `_draw_if_needed`: the layout's posted events come first
        self._settled.setSingleShot(True)
        self._settled.setInterval(0)
        self._settled.timeout.connect(self._draw_now)
        _warm_up()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, self._height)

    @property
    def figure(self) -> Any:
        """The figure given to `show_figure()` (None when a function building it was given)."""
        return self._figure

    @property
    def gids(self) -> tuple[str, ...]:
        """The gids of the clickable areas (bars) of what is painted."""
        return tuple(gid for _rect, gid in self._shown.areas) if self._shown is not None else ()

    @property
    def image(self) -> QImage | None:
        """What is painted: the last figure drawn, at the size it was drawn at."""
        return self._shown.image if self._shown is not None else None

    @property
    def up_to_date(self) -> bool:
        """Whether what is painted is the figure given last, drawn at the widget's present size."""
        wanted = self._wanted()
        return wanted is not None and self._shown is not None and self._shown.key == wanted

    def show_figure(self, figure: FigureSource) -> None:
        """Show `figure`, or the figure `figure()` builds on the charts' thread (again for each new size;
        none is kept); drawn off the GUI thread when the widget is visible."""
        self._generation += 1
        self._latest[0] = self._generation
        if callable(figure):
            self._figure, self._build = None, figure
        else:
            self._figure, self._build = figure, None
        self.draw_count += 1
        self._draw_if_needed()

    def pick(self, gid: str) -> None:
        """As if the user clicked the bar named `gid` (for tests and keyboard users)."""
        self.picked.emit(gid)

    # Drawing ---------------------------------------------------------------------------------------
    def _wanted(self) -> _Key | None:
        if (self._figure is None and self._build is None) or not self.isVisible():
            return None
        if self.width() <= 0 or self.height() <= 0:
            return None
        return (self._generation, self.width(), self.height(), float(self.devicePixelRatioF()))

    def _draw_if_needed(self) -> None:
        """Draw what is asked for once the event loop has laid the window out (the data that came with a
        figure often resizes the page: a scroll bar appears), one drawing at a time per chart: a size or
        figure asked for meanwhile is drawn after it."""
        self._settled.start()

    def _draw_now(self) -> None:
        wanted = self._wanted()
        if wanted is None or self._drawing is not None or wanted == self._failed:
            return
        if self._shown is not None and self._shown.key == wanted:
            return
        self._drawing = wanted
        # Delivered to this chart only while it lives (the stale-result guard).
        QueryOp(draw, self._figure, self._build, wanted, self._latest).success(self._on_drawn).failure(
            lambda _exc: self._on_failed(wanted)
        ).latest_for(self, "draw").run(_charts_executor())

    def _on_drawn(self, drawn: Drawn | None) -> None:
        self._drawing = None
        if drawn is not None and drawn.key[0] == self._generation:
            self._shown = drawn
            self.update()
            if drawn.key == self._wanted():
                self.drawn.emit()
        self._draw_if_needed()  # the size or the figure changed while it was drawn

    def _on_failed(self, key: _Key) -> None:
        self._drawing = None
        self._failed = key  # not again at this size: a figure that cannot be drawn says so
        self.update()
        self._draw_if_needed()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._draw_if_needed()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._draw_if_needed()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self._figure is None and self._build is None and self._shown is None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))  # the figures' face, until the image is there
        if self._failed is not None and self._failed == self._wanted():
            painter.setPen(QColor("#b42318"))
            message = self.tr("The chart could not be drawn.")
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, message)
        elif self._shown is not None:
            image = self._shown.image
            if image.deviceIndependentSize().toSize() == self.size():
                painter.drawImage(QPointF(0, 0), image)
            else:  # a new size is being drawn
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(QRectF(self.rect()), image)
        painter.end()
        # A size or a device pixel ratio (the window moved to another screen) not drawn yet: no resize
        # event tells of the ratio.
        self._draw_if_needed()

    # Clicking a bar --------------------------------------------------------------------------------
    def area_at(self, position: QPointF) -> str | None:
        """The gid of the clickable area under `position` (the widget's coordinates), if any."""
        if self._shown is None:
            return None
        size = self._shown.image.deviceIndependentSize()
        if size.width() <= 0 or size.height() <= 0:
            return None
        # While a new size is drawn the image is scaled to the widget: so are its areas.
        x = position.x() * size.width() / max(1, self.width())
        y = position.y() * size.height() / max(1, self.height())
        for rect, gid in reversed(self._shown.areas):
            if rect.contains(QPointF(x, y)):
                return gid
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.area_at(event.position()) is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        gid = self.area_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if gid is not None:
            event.accept()
            self.picked.emit(gid)
            return
        super().mouseReleaseEvent(event)
