"""A table model over a service query that fetches rows page by page (keyset), for lists of 100k+.

The model holds plain dataclass rows; `data()` never queries. The service's `fetch(after, limit)`
returns the `limit` rows that follow `after` (None for the first page) in the list's order, using an
index (keyset pagination), so each page costs the same at row 100 and at row 90 000.

Given the database executor (`executor=`), every fetch is an operation (ui/operations.py) run off the
GUI thread: `set_fetch` keeps the rows shown until the new query's first page arrives, `fetchMore`
appends a page when it arrives, and `reload` fetches the loaded rows again in the background and puts
them in place keeping the selection and the scroll position. A result made stale by a newer query is
dropped. `loaded` is emitted whenever fetched rows are in place, `failed(exc)` when a fetch failed.
Without an executor (a model that only shows `set_rows`) the fetches run on the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from dealercrm.ui.operations import QueryOp
from dealercrm.ui.widgets.table_view import TableView
from dealercrm.ui.workers import Executor

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[R | None, int], Sequence[R]]
Done = Callable[[], None] | None
Failed = Callable[[Exception], None] | None


_ROLES_SERVED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    align_right: bool = False
    colour: Callable[[R], QColor | None] | None = None
    tooltip: Callable[[R], str] | None = None
    width: int | None = None


class PagedTableModel(QAbstractTableModel, Generic[R]):
    loaded = Signal()  # fetched rows are in place (a query's first page, a page more, a reload)
    failed = Signal(object)  # a fetch failed: the exception

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        page_size: int = 200,
        parent: Any = None,
        key: Callable[[R], Any] | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(parent)
        # What identifies a row across reloads (its record id), so that a refresh keeps the selection.
        self._key: Callable[[R], Any] = key or (lambda row: getattr(row, "id", None))
        self._columns = list(columns)
        self._rows: list[R] = []
        self._fetch: Fetch[R] | None = None
        self._page_size = page_size
        self._exhausted = True
        self._executor = executor
        self._busy = False  # a fetch is on its way: no page more is asked meanwhile

    # Our API ---------------------------------------------------------------------------------
    def set_fetch(self, fetch: Fetch[R] | None, *, on_done: Done = None, on_failure: Failed = None) -> None:
        """Show a new query (filter or order changed) from its first page. With an executor the rows
        shown stay until that page arrives (if it fails, the list is emptied, then `on_failure` called);
        without one it is loaded at once (raising its errors)."""
        if fetch is None or self._executor is None:
            rows, exhausted = _first_page(fetch, self._page_size) if fetch is not None else ([], True)
            self.beginResetModel()
            self._fetch, self._rows, self._exhausted, self._busy = fetch, rows, exhausted, False
            self.endResetModel()
            self._loaded(on_done)
            return
        self._fetch = fetch

        def show(result: tuple[list[R], bool]) -> None:
            self.beginResetModel()
            self._rows, self._exhausted = result
            self.endResetModel()

        def failed(exc: Exception) -> None:
            self.set_fetch(None)  # not the previous query's rows under the new filters
            if on_failure is not None:
                on_failure(exc)

        self._run(self._executor, fetch, _first_page, (fetch, self._page_size), show, on_done, failed)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show rows computed elsewhere (e.g. in a worker): no further paging."""
        self.beginResetModel()
        self._fetch, self._busy = None, False
        self._rows = list(rows)
        self._exhausted = True
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[R]:
        return list(self._rows)

    @property
    def loading(self) -> bool:
        """A fetch is on its way."""
        return self._busy

    def reload(self, *, on_done: Done = None, on_failure: Failed = None) -> None:
        """Fetch again as many rows as are shown now (after an edit, or data changed elsewhere) and put
        them in place keeping the selection (by row key) and the scroll position; off the GUI thread
        with an executor."""
        fetch, executor = self._fetch, self._executor
        if fetch is None:  # nothing to fetch: the rows shown are as fresh as they get
            self._loaded(on_done)
            return
        wanted = max(len(self._rows), self._page_size)
        if executor is None:
            fresh, self._exhausted = _refetch(fetch, wanted, self._page_size)
            self.apply_fresh_rows(fresh)
            self._loaded(on_done)
            return

        def show(result: tuple[list[R], bool]) -> None:
            self._exhausted = result[1]
            self.apply_fresh_rows(result[0])

        self._run(executor, fetch, _refetch, (fetch, wanted, self._page_size), show, on_done, on_failure)

    def apply_fresh_rows(self, fresh: Sequence[R]) -> None:
        """Show `fresh` in place of the loaded rows without a reset: rows keep their selection and the
        current row (matched by key, e.g. a contact id) wherever they moved; rows gone lose it."""
        fresh = list(fresh)
        old_keys = [self._key(r) for r in self._rows]
        new_keys = [self._key(r) for r in fresh]
        if old_keys == new_keys:
            self._rows = fresh
            if fresh:
                self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, len(self._columns) - 1))
            return
        n_new = len(fresh)
        if n_new > len(self._rows):  # first make room (new rows at the end), then move rows into place
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, n_new - 1)
            self._rows = self._rows + fresh[first:]
            self.endInsertRows()
        current_keys = [self._key(r) for r in self._rows]
        target = fresh + self._rows[n_new:]  # the tail (rows gone) is removed after the move
        positions: dict[Any, int] = {}
        for i, key in enumerate(new_keys):
            positions.setdefault(key, i)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved_to = [
            positions.get(current_keys[p.row()]) if p.row() < len(current_keys) else None for p in persistent
        ]
        self._rows = target
        self.changePersistentIndexList(
            persistent,
            [
                self.index(row, p.column()) if row is not None else QModelIndex()
                for p, row in zip(persistent, moved_to, strict=True)
            ],
        )
        self.layoutChanged.emit()
        if len(self._rows) > n_new:
            self.beginRemoveRows(QModelIndex(), n_new, len(self._rows) - 1)
            self._rows = fresh
            self.endRemoveRows()

    # Qt overrides ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks every cell for several roles (font, decoration, check state...) as it paints: those
        # we never serve are answered before looking anything up.
        if role not in _ROLES_SERVED or not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._busy

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        fetch = self._fetch
        if parent.isValid() or fetch is None or self._exhausted or self._busy:
            return
        after = self._rows[-1] if self._rows else None

        def append(page: list[R]) -> None:
            if len(page) < self._page_size:
                self._exhausted = True
            if page:
                first = len(self._rows)
                # beginInsertRows takes an inclusive last row.
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._rows.extend(page)
                self.endInsertRows()

        if self._executor is None:
            append(list(fetch(after, self._page_size)))
            self._loaded(None)
            return
        self._run(self._executor, fetch, _page, (fetch, after, self._page_size), append, None, None)

    # Fetching --------------------------------------------------------------------------------------
    def _run(
        self,
        executor: Executor,
        fetch: Fetch[R],
        call: Callable[..., Any],
        args: tuple[Any, ...],
        show: Callable[[Any], None],
        on_done: Done,
        on_failure: Failed,
    ) -> None:
        """Run `call(*args)` as an operation on `executor`; `show` its result if `fetch` is still the
        model's query and no newer fetch has started meanwhile (one key for all: the newest wins)."""

        def done(result: Any) -> None:
            if fetch is self._fetch:
                self._busy = False
                show(result)
                self._loaded(on_done)

        def failed(exc: Exception) -> None:
            if fetch is self._fetch:
                self._busy = False
                self.failed.emit(exc)
                if on_failure is not None:
                    on_failure(exc)

        self._busy = True
        QueryOp(call, *args).success(done).failure(failed).latest_for(self, "rows").read_only().run(executor)

    def _loaded(self, on_done: Done) -> None:
        self.loaded.emit()
        if on_done is not None:
            on_done()


def _page(fetch: Fetch[R], after: R | None, limit: int) -> list[R]:
    return list(fetch(after, limit))


def _first_page(fetch: Fetch[R], page_size: int) -> tuple[list[R], bool]:
    """The first page, and whether the list ended there."""
    return _refetch(fetch, 1, page_size)


def _refetch(fetch: Fetch[R], wanted: int, page_size: int) -> tuple[list[R], bool]:
    """The first `wanted` rows again (whole pages), and whether the list ended there."""
    fresh: list[R] = []
    after: R | None = None
    while len(fresh) < wanted:
        page = list(fetch(after, page_size))
        fresh.extend(page)
        if len(page) < page_size:
            return fresh, True
        after = page[-1]
    return fresh, False


def make_table_view(
    model: QAbstractTableModel | None, parent: QWidget | None = None, *, empty_text: str = ""
) -> TableView:
    """A read-only, row-selecting table with the app's usual look; `empty_text` is what it says while
    it has no row. `model` may come later (`view.setModel`), e.g. once a user has logged in."""
    view = TableView(parent)
    view.set_empty_text(empty_text)
    if model is not None:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def apply_column_widths(view: QTableView, columns: Sequence[Column[Any]]) -> None:
    """Each column's width, never narrower than its translated title (with room for the sort arrow):
    French titles are longer than the English ones the widths were chosen for ("Immatricu…")."""
    header = view.horizontalHeader()
    for i, column in enumerate(columns):
        if column.width is not None:
            view.setColumnWidth(i, max(column.width, header.sectionSizeHint(i)))
