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
    def __init__(self, columns: Sequence[Column[R]], *, page_size: int = 200, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._fetch: Fetch[R] | None = None
        self._page_size = page_size
        self._exhausted = True

    # Our API ---------------------------------------------------------------------------------
    def set_fetch(self, fetch: Fetch[R] | None) -> None:
        """Show a new query (filter or order changed): the first page is loaded at once."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = []
        self._exhausted = fetch is None
        if fetch is not None:
            self._load_page_into(self._rows)
        self.endResetModel()

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show rows computed elsewhere (e.g. in a worker): no further paging."""
        self.beginResetModel()
        self._fetch = None
        self._rows = list(rows)
        self._exhausted = True
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[R]:
        return list(self._rows)

    def reload(self) -> None:
        """Fetch again as many rows as are shown now (after an edit), keeping the scroll position."""
        if self._fetch is None:
            return
        wanted = max(len(self._rows), self._page_size)
        fresh: list[R] = []
        after: R | None = None
        while len(fresh) < wanted:
            page = list(self._fetch(after, self._page_size))
            fresh.extend(page)
            if len(page) < self._page_size:
                self._exhausted = True
                break
            after = page[-1]
        self.beginResetModel()
        self._rows = fresh
        self.endResetModel()

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
