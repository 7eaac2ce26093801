"""The connection to the dealership's server: when a job finds it lost (server restart, network), a banner
in the status bar says so, `SELECT 1` is retried off the GUI thread with a growing delay, and once the
server answers the banner says "reconnected", the read-only jobs held meanwhile run again, and
`reconnected` is emitted so that pages refresh what they show. Nothing is modal: the user keeps working
on what is on screen, and a dialog whose save failed keeps its input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.style import named
from dealercrm.ui.workers import Executor

# Delays between attempts (ms): quick at first (a restart takes seconds), then every 15 s.
BACKOFF_MS = (1000, 2000, 4000, 8000, 15000)
RECONNECTED_SHOWN_MS = 6000

LOST_STYLE = (
    "QLabel#ConnectionBanner { background: #fef0c7; color: #7a2e0e; border: 1px solid #fdb022; "
    "border-radius: 4px; padding: 2px 10px; font-weight: 600; }"
)
BACK_STYLE = (
    "QLabel#ConnectionBanner { background: #d1fadf; color: #05603a; border: 1px solid #6ce9a6; "
    "border-radius: 4px; padding: 2px 10px; font-weight: 600; }"
)


class ConnectionMonitor(QObject):
    """Watches `executor.connection_lost`; `banner` is the widget to show in the status bar.

    Signals: `lost` when the connection is found gone, `reconnected` once the server answers again (the
    hook for pages to refresh, or for the app's data-changed bus)."""

    lost = Signal()
    reconnected = Signal()

    def __init__(
        self,
        engine: Any,
        executor: Executor,
        parent: QObject | None = None,
        *,
        backoff_ms: Sequence[int] = BACKOFF_MS,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._executor = executor
        self._backoff = tuple(backoff_ms)
        self.reconnecting = False
        self.attempts = 0
        self.last_problem: str | None = None
        self.banner = named(QLabel(), "ConnectionBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._try_again)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self._hide_banner)
        executor.connection_lost.connect(self.connection_lost)

    def connection_lost(self) -> None:
        """A job found the server gone: say so and start trying again (once, however many jobs failed)."""
        if self.reconnecting:
            return
        self.reconnecting = True
        self.attempts = 0
        self._hide_timer.stop()
        self.banner.setStyleSheet(LOST_STYLE)
        self.banner.setText(self.tr("Connection to the server lost - reconnecting…"))
        self.banner.setToolTip(
            self.tr("What is on screen stays as it is; saving works again once the server answers.")
        )
        self.banner.show()
        self.lost.emit()
        self._schedule()

    def stop(self) -> None:
        self._timer.stop()
        self._hide_timer.stop()

    def _schedule(self) -> None:
        delay = self._backoff[min(self.attempts, len(self._backoff) - 1)]
        self._timer.start(delay)

    def _try_again(self) -> None:
        self.attempts += 1
        from dealercrm.services.server_connection import ping_problem

        QueryOp(ping_problem, self._engine).success(self._answered).failure(
            lambda exc: self._failed(message_of(exc))
        ).latest_for(self).run(self._executor)

    def _answered(self, problem: str | None) -> None:
        if not self.reconnecting:
            return
        if problem is not None:
            self._failed(problem)
            return
        self.reconnecting = False
        self.last_problem = None
        self.banner.setStyleSheet(BACK_STYLE)
        self.banner.setText(self.tr("Reconnected to the server."))
        self.banner.setToolTip("")
        self._hide_timer.start(RECONNECTED_SHOWN_MS)
        self._executor.retry_held()
        self.reconnected.emit()

    def _failed(self, problem: str) -> None:
        if not self.reconnecting:
            return
        self.last_problem = problem
        seconds = max(1, round(self._backoff[min(self.attempts, len(self._backoff) - 1)] / 1000))
        self.banner.setToolTip(
            self.tr("Attempt {count} failed ({problem}); next attempt in {seconds} s.").format(
                count=self.attempts, problem=problem, seconds=seconds
            )
        )
        self._schedule()

    def _hide_banner(self) -> None:
        if not self.reconnecting:
            self.banner.hide()
