"""A table model over a service query that fetches rows page by page (keyset), for lists of 100k+.

The model holds plain dataclass rows; `data()` never queries. The service's `fetch(after, limit)`
returns the `limit` rows that follow `after` (None for the first page) in the list's order, using an
index (keyset pagination), so each page costs the same at row 100 and at row 90 000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from dealercrm.ui.widgets.table_view import TableView

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[R | None, int], Sequence[R]]


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    align_right: bool = False
    colour: Callable[[R], QColor | None] | None = None
    tooltip: Callable[[R], str] | None = None
    width: int | None = None


class PagedTableModel(QAbstractTableModel, Generic[R]):
    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        page_size: int = 200,
        parent: Any = None,
        key: Callable[[R], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        # What identifies a row across reloads (its record id), so that a refresh keeps the selection.
        self._key: Callable[[R], Any] = key or (lambda row: getattr(row, "id", None))
        self._generation = 0
        self._columns = list(columns)
        self._rows: list[R] = []
        self._fetch: Fetch[R] | None = None
        self._page_size = page_size
        self._exhausted = True

    # Our API ---------------------------------------------------------------------------------
    def set_fetch(self, fetch: Fetch[R] | None) -> None:
        """Show a new query (filter or order changed): the first page is loaded at once."""
        self.beginResetModel()
        self._generation += 1
        self._fetch = fetch
        self._rows = []
        self._exhausted = fetch is None
        if fetch is not None:
            self._load_page_into(self._rows)
        self.endResetModel()

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show rows computed elsewhere (e.g. in a worker): no further paging."""
        self.beginResetModel()
        self._generation += 1
        self._fetch = None
        self._rows = list(rows)
        self._exhausted = True
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[R]:
        return list(self._rows)

    def reload(self) -> None:
        """Fetch again as many rows as are shown now (after an edit), on this thread, keeping the
        selection (by row key) and the scroll position."""
        if self._fetch is None:
            return
        fresh, exhausted = _refetch(self._fetch, max(len(self._rows), self._page_size), self._page_size)
        self._exhausted = exhausted
        self.apply_fresh_rows(fresh)

    def reload_in(
        self,
        executor: Any,
        *,
        on_done: Callable[[], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """`reload()` with the queries on `executor` (a ui.workers.Executor): for a refresh the user did
        not ask for (data changed elsewhere). A result made stale by a newer query or reload is dropped."""
        fetch = self._fetch
        if fetch is None:
            return
        self._generation += 1
        generation = self._generation
        wanted = max(len(self._rows), self._page_size)
        page_size = self._page_size

        def done(result: tuple[list[R], bool]) -> None:
            if generation != self._generation or fetch is not self._fetch:
                return
            self._exhausted = result[1]
            self.apply_fresh_rows(result[0])
            if on_done is not None:
                on_done()

        executor.submit(
            _refetch, fetch, wanted, page_size, on_done=done, on_error=on_error or (lambda _m: None)
        )

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
        if not index.isValid():
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
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page: list[R] = []
        self._load_page_into(page)
        if page:
            first = len(self._rows)
            # beginInsertRows takes an inclusive last row.
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def _load_page_into(self, target: list[R]) -> None:
        assert self._fetch is not None
        after = self._rows[-1] if self._rows else None
        page = list(self._fetch(after, self._page_size))
        if len(page) < self._page_size:
            self._exhausted = True
        target.extend(page)


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
    model: QAbstractTableModel, parent: QWidget | None = None, *, empty_text: str = ""
) -> TableView:
    """A read-only, row-selecting table with the app's usual look; `empty_text` is what it says while
    it has no row."""
    view = TableView(parent)
    view.set_empty_text(empty_text)
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
