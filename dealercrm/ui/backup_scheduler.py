"""Automatic backups while the app is open: one at start, then every `backup.every_hours` hours.

Each run happens on the database executor (a verified online backup, then thinning to 7 daily, 4 weekly
and 12 monthly copies) and reports to the status bar through `backup_done` / `backup_failed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from dealercrm.services.backups import AutomaticBackup, BackupService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, message_of

HOUR_MS = 3_600_000


class BackupScheduler(QObject):
    """Call `start()` once the main window is up; `stop()` when it closes."""

    backup_done = Signal(str)
    backup_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.every_hours = 4
        self.running = False
        self.last: AutomaticBackup | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(False)
        self.timer.timeout.connect(self.run_now)

    def start(self) -> None:
        """Back up now, then every `backup.every_hours` hours (read from the settings at each run)."""
        if not self.ctx.db.is_sqlite:
            return  # a server database is backed up on the server
        self.timer.start(self.every_hours * HOUR_MS)
        self.run_now()

    def stop(self) -> None:
        self.timer.stop()

    def run_now(self) -> None:
        if self.running:
            return  # the previous one is still going (a slow USB drive): skip this turn
        self.running = True
        service = BackupService(self.ctx.db, actor=self.ctx.actor)
        # Nothing is delivered once the scheduler is gone (the window closed, a logout, during a backup).
        CollectionOp(service.automatic).success(self._done).failure(self._failed).latest_for(self).run(
            self.ctx.executor
        )

    def _done(self, result: AutomaticBackup) -> None:
        self.running = False
        self.last = result
        if result.every_hours != self.every_hours:
            self.every_hours = result.every_hours
            self.timer.start(self.every_hours * HOUR_MS)
        when = fmt.datetime(result.backup.taken_at)
        text = self.tr("Automatic backup made at {when} ({s} s).").format(
            when=when, s=fmt.number(result.backup.seconds or 0, decimals=1)
        )
        if result.warning:
            text += " " + result.warning
        self.backup_done.emit(text)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.backup_failed.emit(self.tr("Automatic backup failed: {reason}").format(reason=message_of(exc)))
