"""Running service calls off the GUI thread.

One database executor (a QThreadPool with a single thread, as Anki and Picard do) serialises all
database work; results come back to the GUI thread through queued signals. Workers never touch
widgets. Tests swap in `SyncExecutor`, which runs each job inline so they need no sleeps.
"""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from dealercrm.services.errors import ServiceError
from dealercrm.services.progress import Cancelled, Progress


class JobSignals(QObject):
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    progressed = Signal(int, int, str)


class Job(QRunnable):
    """A callable run on the pool. If it takes a `progress` argument it gets a Progress to report to."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = JobSignals()
        self.progress = Progress(lambda d, t, text: self.signals.progressed.emit(d, t, text))
        self._fn, self._args, self._kwargs = fn, args, kwargs
        if _accepts_progress(fn):
            self._kwargs["progress"] = self.progress

    def cancel(self) -> None:
        self.progress.cancel()

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except ServiceError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            traceback.print_exc()
            self.signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
        else:
            self.signals.finished.emit(result)


def _accepts_progress(fn: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class Executor(QObject):
    """Submit jobs; keeps them alive until they report back."""

    def __init__(self, parent: QObject | None = None, *, threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._running: set[Job] = set()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> Job:
        job = Job(fn, *args, **kwargs)
        self._connect(job, on_done, on_error, on_progress, on_cancelled)
        self._running.add(job)
        self._start(job)
        return job

    def _connect(
        self,
        job: Job,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[str], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        on_cancelled: Callable[[], None] | None,
    ) -> None:
        if on_done is not None:
            job.signals.finished.connect(on_done)
        if on_error is not None:
            job.signals.failed.connect(on_error)
        if on_progress is not None:
            job.signals.progressed.connect(on_progress)
        if on_cancelled is not None:
            job.signals.cancelled.connect(on_cancelled)
        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(lambda *_: self._running.discard(job))

    def _start(self, job: Job) -> None:
        self._pool.start(job)

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._running)


class SyncExecutor(Executor):
    """Runs every job at once on the calling thread: for tests (Picard's FakeThreadPool idea)."""

    def _start(self, job: Job) -> None:
        job.run()
