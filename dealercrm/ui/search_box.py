"""The global search box at the top of the main window (Ctrl+K).

Typing waits ~150 ms for a pause, then asks `SearchService` on the database executor; only the answer to
the latest query is shown. Up/Down move in the results, Enter opens one, Esc closes the list. The list is
a child of the window laid over the page (not a popup window), so the box keeps the keyboard focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.style import ACCENT_SOFT, MUTED, TEXT, icon
from dealercrm.ui.widgets.forms import debounce

SearchFn = Callable[[str, int], Sequence[Any]]
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ICONS = {"contact": "contacts", "vehicle": "vehicles", "claim": "claim"}


def kind_label(kind: str) -> str:
    labels = {
        "contact": QCoreApplication.translate("SearchBox", "Contact"),
        "vehicle": QCoreApplication.translate("SearchBox", "Vehicle"),
        "claim": QCoreApplication.translate("SearchBox", "Claim"),
    }
    return labels.get(kind, kind)


def hit_subtitle(hit: Any) -> str:
    """A hit's second line in the user's language: "Client · 06 12 34 56 78 · Lyon",
    "Réclamation n° 601 · Ouverte · Hélène Zidane" (a SearchHit, or anything with its fields)."""
    status = getattr(hit, "status", None)
    parts = (
        [QCoreApplication.translate("SearchBox", "Claim #{id}").format(id=hit.id)]
        if hit.kind == "claim"
        else []
    )
    parts += [label(status)] if status is not None else []
    parts += [hit.subtitle] if hit.subtitle else []
    return " · ".join(parts)


class _HitDelegate(QStyledItemDelegate):
    """Two lines per hit: kind icon, title in bold with the kind on the right, subtitle in grey."""

    ROW_HEIGHT = 46

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802 - Qt
        return QSize(option.rect.width(), self.ROW_HEIGHT)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            super().paint(painter, option, index)
            return
        painter.save()
        rect = option.rect.adjusted(4, 2, -4, -2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(ACCENT_SOFT))
            painter.drawRoundedRect(rect, 6, 6)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#f3f5f9"))
            painter.drawRoundedRect(rect, 6, 6)
        kind_icon = index.data(Qt.ItemDataRole.DecorationRole)
        if kind_icon is not None:
            kind_icon.paint(painter, QRect(rect.left() + 8, rect.center().y() - 10, 20, 20))
        text_left = rect.left() + 38
        kind = kind_label(hit.kind)
        base = QFont(option.font)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        painter.setFont(small)
        kind_width = painter.fontMetrics().horizontalAdvance(kind) + 10
        painter.setPen(QColor(MUTED))
        painter.drawText(
            QRect(rect.right() - kind_width - 6, rect.top() + 4, kind_width, 18),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            kind,
        )
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(TEXT))
        title_rect = QRect(text_left, rect.top() + 4, rect.right() - text_left - kind_width - 12, 20)
        painter.drawText(
            title_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            painter.fontMetrics().elidedText(hit.title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        painter.setFont(small)
        painter.setPen(QColor(MUTED))
        sub_rect = QRect(text_left, rect.top() + 23, rect.right() - text_left - 8, 18)
        painter.drawText(
            sub_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            painter.fontMetrics().elidedText(
                hit_subtitle(hit), Qt.TextElideMode.ElideRight, sub_rect.width()
            ),
        )
        painter.restore()


class SearchBox(QLineEdit):
    """Emits `hit_activated(hit)` when the user opens a result (a SearchHit)."""

    hit_activated = Signal(object)
    search_failed = Signal(str)
    LIMIT = 20

    def __init__(
        self,
        ctx: AppContext,
        *,
        search: SearchFn | None = None,
        debounce_ms: int = 150,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._search = search
        self._open_first_when_ready = False
        self.hits: list[Any] = []
        self.setObjectName("SearchBox")
        self.setPlaceholderText(self.tr("Search contacts, phones, plates, claims…   Ctrl+K"))
        self.setClearButtonEnabled(True)
        self.addAction(icon("search", colour="#6b7280"), QLineEdit.ActionPosition.LeadingPosition)
        self.setMinimumWidth(360)
        self.setMaximumWidth(620)
        self.setAccessibleName(self.tr("Search"))

        self._timer = debounce(self, debounce_ms, self._run_search)
        self.textEdited.connect(self._text_edited)
        self.textChanged.connect(self._text_changed)

        self.popup = QListWidget()
        self.popup.setObjectName("SearchPopup")
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setMouseTracking(True)
        self.popup.setItemDelegate(_HitDelegate(self.popup))
        self.popup.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.itemClicked.connect(self._item_clicked)
        self.popup.hide()

    # Searching ---------------------------------------------------------------------------------------
    def _text_edited(self, _text: str) -> None:
        self._open_first_when_ready = False
        self._timer.start()

    def _text_changed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self.hits = []
            self.close_popup()

    def _run_search(self) -> None:
        query = self.text().strip()
        if not query:
            self.close_popup()
            return
        QueryOp(self._search_fn(), query, self.LIMIT).success(
            lambda hits: self._results_arrived(query, list(hits))
        ).failure(lambda exc: self._failed(query, exc)).latest_for(self).run(self.ctx.executor)

    def _search_fn(self) -> SearchFn:
        if self._search is not None:
            return self._search
        from dealercrm.services.search import SearchService

        service = self.ctx.service(SearchService)

        def search(query: str, limit: int) -> Sequence[Any]:
            return service.search(query=query, limit=limit)

        return search

    def _results_arrived(self, query: str, hits: list[Any]) -> None:
        if query != self.text().strip():
            return  # the user typed on since: a newer query is coming (or the box was cleared)
        self.hits = hits
        self.popup.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(HIT_ROLE, hit)
            item.setData(
                Qt.ItemDataRole.DecorationRole, icon(KIND_ICONS.get(hit.kind, "search"), background="#ffffff")
            )
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{kind_label(hit.kind)}: {hit.title}, {hit_subtitle(hit)}",
            )
            self.popup.addItem(item)
        if not hits:
            item = QListWidgetItem(self.tr("Nothing found for “{query}”.").format(query=self.text().strip()))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setForeground(QColor(MUTED))
            item.setSizeHint(QSize(0, 40))
            self.popup.addItem(item)
        else:
            self.popup.setCurrentRow(0)
        if self._open_first_when_ready:
            self._open_first_when_ready = False
            if hits:
                self._activate(hits[0])
                return
        self.show_popup()

    def _failed(self, query: str, exc: Exception) -> None:
        if query == self.text().strip():
            self._open_first_when_ready = False
            self.search_failed.emit(message_of(exc))

    # The list -------------------------------------------------------------------------------------------
    def show_popup(self) -> None:
        window = self.window()
        if self.popup.parent() is not window:
            self.popup.setParent(window)
        rows = max(1, self.popup.count())
        row_height = _HitDelegate.ROW_HEIGHT if self.hits else 40
        height = min(rows, 8) * row_height + 10
        width = max(self.width(), 460)
        top_left = self.mapTo(window, QPoint(0, self.height() + 4))
        left = min(top_left.x(), max(0, window.width() - width - 8))
        self.popup.setGeometry(left, top_left.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def close_popup(self) -> None:
        self.popup.hide()

    @property
    def popup_visible(self) -> bool:
        return self.popup.isVisible()

    def current_hit(self) -> Any:
        item = self.popup.currentItem()
        return item.data(HIT_ROLE) if item is not None else None

    def _item_clicked(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is not None:
            self._activate(hit)

    def _activate(self, hit: Any) -> None:
        self.close_popup()
        self.clearFocus()
        self.hit_activated.emit(hit)

    # Keyboard -------------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup_visible and self.hits:
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.popup.count() - 1, self.popup.currentRow() + step))
            self.popup.setCurrentRow(row)
            return
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp) and self.popup_visible and self.hits:
            step = 7 if key == Qt.Key.Key_PageDown else -7
            row = max(0, min(self.popup.count() - 1, self.popup.currentRow() + step))
            self.popup.setCurrentRow(row)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._enter_pressed()
            return
        if key == Qt.Key.Key_Escape:
            if self.popup_visible:
                self.close_popup()
            elif self.text():
                self.clear()
            else:
                self.clearFocus()
            return
        super().keyPressEvent(event)

    def _enter_pressed(self) -> None:
        if not self.text().strip():
            return
        if self._timer.isActive() or not self.popup_visible:
            # Typed and pressed Enter at once: search now and open the best match when it comes.
            self._timer.stop()
            self._open_first_when_ready = True
            self._run_search()
            return
        hit = self.current_hit()
        if hit is not None:
            self._activate(hit)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            # Let a click on the list land before hiding it.
            QTimer.singleShot(150, self._hide_unless_focused)

    def _hide_unless_focused(self) -> None:
        if not self.hasFocus():
            self.close_popup()

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if self.hits and self.text().strip() and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.selectAll()
