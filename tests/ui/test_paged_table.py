"""The paged table model given the database executor: every fetch runs off the GUI thread, the rows shown
stay until the new query's first page arrives, a stale answer is dropped, a reload keeps the selection."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from dealercrm.services.errors import NotFound
from dealercrm.ui.widgets.paged_table import Column, Fetch, PagedTableModel, make_table_view
from dealercrm.ui.workers import Executor, Job


@dataclass(frozen=True)
class Row:
    id: int
    name: str


class HeldExecutor(Executor):
    """Keeps the jobs until the test runs them, in the order it chooses (answers arriving late)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.held: list[Job] = []

    def _start(self, job: Job) -> None:
        self.held.append(job)

    def run(self, index: int = 0) -> None:
        self.held.pop(index).run()


def rows_fetch(names: Sequence[str], calls: list[int] | None = None):  # type: ignore[no-untyped-def]
    """A keyset fetch over `names` (ids 0..n-1); `calls` gets the thread of each call."""
    rows = [Row(i, n) for i, n in enumerate(names)]

    def fetch(after: Row | None, limit: int) -> list[Row]:
        if calls is not None:
            calls.append(threading.get_ident())
        start = 0 if after is None else after.id + 1
        return rows[start : start + limit]

    return fetch


def make_model(executor: Executor, page_size: int = 3) -> PagedTableModel[Row]:
    return PagedTableModel([Column("Name", lambda r: r.name)], page_size=page_size, executor=executor)


def names(model: PagedTableModel[Row]) -> list[str]:
    return [r.name for r in model.rows()]


def test_every_fetch_runs_off_the_gui_thread(qtbot: QtBot) -> None:
    executor = Executor()
    model = make_model(executor)
    calls: list[int] = []
    with qtbot.waitSignal(model.loaded):
        model.set_fetch(rows_fetch("abcdefg", calls))
    assert names(model) == ["a", "b", "c"]
    with qtbot.waitSignal(model.loaded):
        model.fetchMore()
    assert names(model) == list("abcdef")
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert names(model) == list("abcdef")
    executor.wait()
    assert calls and threading.get_ident() not in calls


def test_rows_stay_until_the_new_query_answers_and_a_stale_answer_is_dropped(qtbot: QtBot) -> None:
    executor = HeldExecutor()
    model = make_model(executor)
    model.set_fetch(rows_fetch("abc"))
    executor.run()
    model.set_fetch(rows_fetch(["old"]))
    model.set_fetch(rows_fetch(["new", "newer"]))
    assert names(model) == ["a", "b", "c"] and model.loading
    assert not model.canFetchMore()  # no page more of a query being replaced
    executor.run(1)  # the newest answers first
    assert names(model) == ["new", "newer"] and not model.loading
    executor.run(0)  # the older one, late: dropped
    assert names(model) == ["new", "newer"]


def test_a_page_more_is_not_asked_twice_while_on_its_way(qtbot: QtBot) -> None:
    executor = HeldExecutor()
    model = make_model(executor)
    model.set_fetch(rows_fetch("abcdefgh"))
    executor.run()
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert len(executor.held) == 1 and not model.canFetchMore()
    executor.run()
    assert names(model) == list("abcdef") and model.canFetchMore()


def test_reload_in_the_background_keeps_the_selected_row(qtbot: QtBot) -> None:
    executor = HeldExecutor()
    model = make_model(executor, page_size=10)
    view = make_table_view(model)
    qtbot.addWidget(view)
    data = [Row(i, n) for i, n in enumerate("abcdef")]
    model.set_fetch(lambda after, limit: data[:limit])
    executor.run()
    view.selectRow(4)  # "e", id 4
    data[:0] = [Row(10, "new 1"), Row(11, "new 2")]  # saved meanwhile, listed first
    model.reload()
    assert names(model) == list("abcdef")  # nothing fetched on the GUI thread
    executor.run()
    assert names(model)[:3] == ["new 1", "new 2", "a"]
    assert [i.row() for i in view.selectionModel().selectedRows()] == [6]  # still "e"


def test_a_failed_fetch_hands_over_the_exception_and_empties_the_list(qtbot: QtBot) -> None:
    executor = HeldExecutor()
    model = make_model(executor)
    model.set_fetch(lambda after, limit: [Row(1, "a")])
    executor.run()
    assert names(model) == ["a"]

    def fetch(after: Row | None, limit: int) -> list[Row]:
        raise NotFound("This list is gone.")

    failures: list[Exception] = []
    model.set_fetch(fetch, on_failure=failures.append)
    with qtbot.waitSignal(model.failed) as signal:
        executor.run()
    assert isinstance(signal.args[0], NotFound)
    assert failures == [signal.args[0]] and not model.loading
    assert names(model) == [] and not model.canFetchMore()


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_a_new_query_is_painted_once(qtbot: QtBot) -> None:
    """The rows of a new query are laid out as they arrive: one paint of the table, not a paint then
    another once Qt's delayed layout has run (10-15 ms each for a page of contacts)."""
    executor = Executor()
    model = make_model(executor, page_size=50)
    view = make_table_view(model)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    counter = PaintCounter()
    view.viewport().installEventFilter(counter)

    def show(fetch: Fetch[Row]) -> int:
        QTest.qWait(30)  # the previous query's paints are over
        counter.paints = 0
        model.set_fetch(fetch)  # its rows arrive through the event loop, as in the app
        qtbot.waitUntil(lambda: not model.loading)
        QTest.qWait(30)  # the paint's turn, and the layout timer's
        return counter.paints

    # Each query lists another number of rows; the first ones fit, the last ones need the scroll bar (one
    # in between makes it appear: the viewport narrows, a paint more).
    for names_, counted in (
        ("abcdefgh", True),
        ("xyz", True),
        ("klmnop", True),
        ("q" * 40, False),
        ("r" * 45, True),
    ):
        paints = show(rows_fetch([f"{c} {n}" for n, c in enumerate(names_)]))
        assert paints == 1 or not counted
        assert view.indexAt(view.viewport().rect().topLeft()).data() == f"{names_[0]} 0"
