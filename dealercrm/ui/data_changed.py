"""One in-process bus that says what data changed, whoever changed it: `data_changed(kinds, ids)`.

It is fed by this process's own commits (the change feed's session events call `announce` on the thread
that committed, usually the database executor) and by the other processes' commits (the feed's listener
thread). Both arrive through a queued signal on the GUI thread, are merged for COALESCE_MS so that a
bulk change refreshes a page once, then `data_changed` is emitted with

- `kinds`: frozenset of kinds of record ("contact", "deal", "task", "claim", "vehicle", "interaction",
  "sale", "campaign", ...; see `db/changes.KINDS_BY_TABLE`),
- `ids`: dict kind -> frozenset of ids, or None for "any number of them" (reload all of that kind).

Pages do not connect to it themselves: `LiveRefresh(page, kinds, refresh)` calls `refresh(kinds, ids)`
when a change of those kinds arrives while the page is visible, and once when it is shown again
otherwise. Nobody polls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

if TYPE_CHECKING:
    from dealercrm.db import Database
    from dealercrm.db.changes import Change, ChangeCapture, ChangeListener

COALESCE_MS = 100
Ids = Mapping[str, frozenset[int] | None]


class DataChangedBus(QObject):
    data_changed = Signal(object, object)  # kinds: frozenset[str], ids: dict[str, frozenset[int] | None]
    _arrived = Signal(object)  # a Change, from any thread

    def __init__(self, parent: QObject | None = None, *, coalesce_ms: int = COALESCE_MS) -> None:
        super().__init__(parent)
        self._pending: Change | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(coalesce_ms)
        self._timer.timeout.connect(self._deliver)
        self._arrived.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        self._capture: ChangeCapture | None = None
        self._listener: ChangeListener | None = None

    # Feeding ----------------------------------------------------------------------------------------
    def announce(self, change: Change) -> None:
        """A change committed (here or elsewhere); callable from any thread."""
        if change:
            self._arrived.emit(change)

    def attach(self, db: Database, *, listen: bool = True) -> None:
        """Hear `db`'s commits made by this process and, with `listen`, by the others (a listener
        thread on its own connection). Replaces any previous database."""
        from dealercrm.db import changes

        self.detach()
        capture = changes.capture_of(db.session_factory)
        if capture is None:
            return
        capture.add_listener(self.announce)
        self._capture = capture
        if listen:
            self._listener = changes.ChangeListener(db.engine, origin=capture.origin, on_change=self.announce)
            self._listener.start()

    def detach(self) -> None:
        """Stop hearing the database (logout, exit): the listener thread ends and closes its connection."""
        capture, self._capture = self._capture, None
        listener, self._listener = self._listener, None
        if capture is not None:
            capture.remove_listener(self.announce)
        if listener is not None:
            listener.stop()

    @property
    def attached(self) -> bool:
        return self._capture is not None

    @property
    def listener(self) -> ChangeListener | None:
        return self._listener

    # Delivering -------------------------------------------------------------------------------------
    def _collect(self, change: Change) -> None:
        self._pending = change if self._pending is None else self._pending.merged(change)
        if not self._timer.isActive():
            self._timer.start()

    def _deliver(self) -> None:
        change, self._pending = self._pending, None
        if change:
            self.data_changed.emit(change.kinds, dict(change.ids))

    def flush(self) -> None:
        """Deliver what is waiting now (for tests and for code that must not wait the coalescing)."""
        if self._timer.isActive():
            self._timer.stop()
        self._deliver()


_BUS: DataChangedBus | None = None


def bus() -> DataChangedBus:
    """The process's bus (made on first use, on the GUI thread)."""
    global _BUS
    if _BUS is None:
        _BUS = DataChangedBus(QCoreApplication.instance())
    return _BUS


def touches(ids: Ids, kind: str, record_id: int | None) -> bool:
    """Whether a change with `ids` concerns record `record_id` of `kind`."""
    if kind not in ids or record_id is None:
        return False
    wanted = ids[kind]
    return wanted is None or record_id in wanted


Refresh = Callable[[frozenset[str], Ids], None]


class LiveRefresh(QObject):
    """Keeps `widget` up to date: `refresh(kinds, ids)` when data of `kinds` changed and the widget is
    visible; if it is hidden, the widget is marked dirty and refreshed once when it is shown again."""

    def __init__(
        self, widget: QObject, kinds: Iterable[str], refresh: Refresh, *, source: DataChangedBus | None = None
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self.kinds = frozenset(kinds)
        self._refresh = refresh
        self._source = source or bus()
        self._missed: Change | None = None
        self._source.data_changed.connect(self._changed)
        widget.installEventFilter(self)

    @property
    def dirty(self) -> bool:
        return self._missed is not None

    @property
    def covers(self) -> bool:
        """True when the bus hears the database: the widget needs no refresh of its own when shown."""
        return self._source.attached

    def _changed(self, kinds: frozenset[str], ids: Ids) -> None:
        mine = kinds & self.kinds
        if not mine:
            return
        if _visible(self._widget):
            self._refresh(kinds, ids)
            return
        from dealercrm.db.changes import Change

        change = Change(dict(ids))
        self._missed = change if self._missed is None else self._missed.merged(change)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._widget and event.type() == QEvent.Type.Show and self._missed is not None:
            missed, self._missed = self._missed, None
            QTimer.singleShot(0, self, lambda: self._refresh(missed.kinds, dict(missed.ids)))
        return False


def _visible(widget: Any) -> bool:
    is_visible = getattr(widget, "isVisible", None)
    return bool(is_visible()) if callable(is_visible) else True


def live_covers(widget: QObject) -> bool:
    """Whether `widget` has a LiveRefresh whose bus hears the database."""
    live = widget.findChild(LiveRefresh)
    return isinstance(live, LiveRefresh) and live.covers
