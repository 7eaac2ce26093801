"""ChartWidget: figures drawn on the charts' thread, painted by the GUI thread, bars clickable."""

from __future__ import annotations

import threading
from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from dealercrm.ui.widgets.chart import ChartWidget

COLOURS = ("#d62728", "#2ca02c", "#1f77b4")


class ThreadSpy(Artist):
    """An artist that draws nothing and notes the thread that drew it."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []

    def draw(self, renderer: Any) -> None:
        self.threads.append(threading.current_thread())


def bar_figure(values: tuple[float, ...] = (3.0, -1.0, 5.0), colours: tuple[str, ...] = COLOURS) -> Figure:
    figure = Figure(figsize=(6, 3), dpi=100, layout="constrained")
    ax = figure.add_subplot()
    bars = ax.bar(range(len(values)), values, color=list(colours))
    for n, bar in enumerate(bars):
        bar.set_gid(f"sales:bar:{n}")
        bar.set_picker(True)
    return figure


def shown_chart(qtbot: QtBot, width: int = 600, height: int = 280) -> ChartWidget:
    chart = ChartWidget(height=height)
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def pixels_of(image: QImage, colour: str) -> list[QPoint]:
    """Where `colour` is in `image` (device pixels, every 3rd for speed)."""
    wanted = QColor(colour).rgb()
    return [
        QPoint(x, y)
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixel(x, y) == wanted
    ]


def test_the_figure_is_drawn_off_the_gui_thread_at_the_widgets_size(qtbot: QtBot) -> None:
    chart = shown_chart(qtbot)
    figure = bar_figure()
    spy = ThreadSpy()
    figure.add_artist(spy)
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.show_figure(figure)
    assert spy.threads and all(t is not threading.main_thread() for t in spy.threads)
    assert chart.image is not None
    assert chart.image.deviceIndependentSize().toSize() == chart.size()
    painted = chart.grab().toImage()
    for colour in COLOURS:
        assert pixels_of(painted, colour), f"no bar of {colour} on screen"


def test_a_function_given_builds_the_figure_on_the_charts_thread_too(qtbot: QtBot) -> None:
    chart = shown_chart(qtbot)
    built_on: list[threading.Thread] = []

    def build() -> Figure:
        built_on.append(threading.current_thread())
        return bar_figure()

    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.show_figure(build)
    assert built_on and built_on[0] is not threading.main_thread()
    assert chart.figure is None  # not kept once drawn
    assert chart.gids == ("sales:bar:0", "sales:bar:1", "sales:bar:2")
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.resize(420, 280)
    assert len(built_on) == 2 and chart.image is not None  # built again for the new size
    assert chart.image.deviceIndependentSize().toSize() == chart.size()


def test_clicking_a_bar_emits_its_gid_and_clicking_beside_the_bars_nothing(qtbot: QtBot) -> None:
    chart = shown_chart(qtbot)
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.show_figure(bar_figure())
    image = chart.grab().toImage()
    picked: list[str] = []
    chart.picked.connect(picked.append)
    for n, colour in enumerate(COLOURS):
        found = pixels_of(image, colour)
        middle = found[len(found) // 2]  # a pixel painted in the bar's colour: inside the bar
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=middle)
        assert picked[-1] == f"sales:bar:{n}"
    white = pixels_of(image, "#ffffff")
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=white[0])
    qtbot.mouseClick(chart, Qt.MouseButton.RightButton, pos=pixels_of(image, COLOURS[0])[0])
    assert len(picked) == len(COLOURS)


def test_a_new_size_is_drawn_again(qtbot: QtBot) -> None:
    chart = shown_chart(qtbot, 600, 280)
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.show_figure(bar_figure())
    before = chart.image
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.resize(420, 280)
    assert chart.image is not None and chart.image is not before
    assert chart.image.deviceIndependentSize().toSize() == chart.size()
    # The bars are where the image says, at the new size.
    found = pixels_of(chart.grab().toImage(), COLOURS[2])
    assert chart.area_at(found[len(found) // 2].toPointF()) == "sales:bar:2"


def test_the_newest_figure_is_the_one_shown(qtbot: QtBot) -> None:
    chart = shown_chart(qtbot)
    chart.show_figure(bar_figure(colours=("#d62728",) * 3))
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.show_figure(bar_figure(colours=("#2ca02c",) * 3))
    qtbot.wait(50)  # anything still on its way arrives
    painted = chart.grab().toImage()
    assert pixels_of(painted, "#2ca02c") and not pixels_of(painted, "#d62728")
    assert chart.draw_count == 2


def test_a_hidden_chart_draws_nothing_until_shown(qtbot: QtBot) -> None:
    chart = ChartWidget()
    qtbot.addWidget(chart)
    spy = ThreadSpy()
    figure = bar_figure()
    figure.add_artist(spy)
    chart.show_figure(figure)
    qtbot.wait(100)
    assert not spy.threads and chart.image is None
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.show()
    assert len(spy.threads) == 1


def test_a_figure_that_cannot_be_drawn_says_so(qtbot: QtBot, capsys: Any) -> None:
    chart = shown_chart(qtbot)

    def broken() -> Figure:
        raise ValueError("no data")

    chart.show_figure(broken)
    qtbot.waitUntil(lambda: chart._failed is not None, timeout=10000)  # noqa: SLF001 - its state
    assert chart.image is None
    capsys.readouterr()  # the executor's traceback for the developer
    chart.show_figure(bar_figure())  # and the next figure is drawn
    qtbot.waitUntil(lambda: chart.image is not None, timeout=10000)


def test_a_chart_closed_while_drawn_is_left_alone(qtbot: QtBot) -> None:
    chart = ChartWidget()
    chart.resize(600, 280)
    chart.show()
    chart.show_figure(bar_figure())
    chart.deleteLater()
    qtbot.wait(500)  # the drawing ends after the widget is gone: nothing raised


def test_a_figure_replaced_while_it_waited_its_turn_is_not_drawn(qtbot: QtBot) -> None:
    """The charts share one thread: a chart's figure replaced before its drawing started costs nothing."""
    import time

    busy = shown_chart(qtbot)
    chart = shown_chart(qtbot)

    def slow() -> Figure:
        time.sleep(0.3)
        return bar_figure()

    busy.show_figure(slow)
    qtbot.wait(50)  # the slow one is being built on the charts' thread
    replaced, spy = bar_figure(), ThreadSpy()
    replaced.add_artist(spy)
    chart.show_figure(replaced)  # waits behind the slow one...
    qtbot.wait(20)
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        chart.show_figure(bar_figure(colours=("#2ca02c",) * 3))  # ...and is replaced meanwhile
    assert spy.threads == []
    assert pixels_of(chart.grab().toImage(), "#2ca02c")
