"""Running service calls off the GUI thread.

One database executor (a QThreadPool with a single thread, as Anki and Picard do) serialises all
database work; results come back to the GUI thread through queued signals. Workers never touch
widgets. Tests swap in `SyncExecutor`, which runs each job inline so they need no sleeps. While a job
runs, the interpreter's switch interval is short (JOB_SWITCH_INTERVAL_S, dealercrm/switch_interval.py):
the GUI thread gets the GIL back quickly at each Python call Qt makes.

A job that fails because the connection to the database server went away (restart, network) reports
`connection_lost` rather than a traceback: the executor announces it (`Executor.connection_lost`, which
the connection monitor shows and acts on), and the job's failure callback gets a sentence saying that the
user's input is kept. Read-only jobs submitted with `retry_on_reconnect=True` are instead held and run
again once `Executor.retry_held()` is called (the monitor does, when the server answers again); writes are
never retried blindly.
"""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from dealercrm.services.errors import ServiceError
from dealercrm.services.progress import Cancelled, Progress
from dealercrm.switch_interval import shortened

# While a job runs beside it, the GUI thread waits at most this long for the GIL at each Python call Qt
# makes (a size hint, a paint, a slot). At CPython's default 5 ms, showing the dashboard while its
# figures were computed and its charts drawn stalled the GUI thread 100-200 ms at a time.
JOB_SWITCH_INTERVAL_S = 0.0005


class JobSignals(QObject):
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    progressed = Signal(int, int, str)
    connection_lost = Signal(object)  # the Job, for the executor to hold it or announce the loss
    raised = Signal(object)  # the exception itself (ServiceError, ConnectionLost, or an unexpected one)


def connection_lost_message() -> str:
    return QCoreApplication.translate(
        "Job",
        "The connection to the server was lost; your input is kept. Try again once reconnected.",
    )


def _is_connection_lost(exc: BaseException) -> bool:
    """Only a PostgreSQL connection can be lost (an SQLite file has none); imported here, on failure,
    so that the workers module stays free of the database stack at start-up."""
    if not type(exc).__module__.startswith(("sqlalchemy", "psycopg")):
        return False
    from dealercrm.services.server_connection import is_connection_lost

    return is_connection_lost(exc)


class Job(QRunnable):
    """A callable run on the pool. If it takes a `progress` argument it gets a Progress to report to."""

    def __init__(
        self, fn: Callable[..., Any], *args: Any, retry_on_reconnect: bool = False, **kwargs: Any
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.retry_on_reconnect = retry_on_reconnect
        self.signals = JobSignals()
        self.progress = Progress(lambda d, t, text: self.signals.progressed.emit(d, t, text))
        self._fn, self._args, self._kwargs = fn, args, kwargs
        if _accepts_progress(fn):
            self._kwargs["progress"] = self.progress

    def cancel(self) -> None:
        self.progress.cancel()

    @Slot()
    def run(self) -> None:
        with shortened(JOB_SWITCH_INTERVAL_S):
            self._run()

    def _run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except ServiceError as exc:
            self.signals.raised.emit(exc)
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            if _is_connection_lost(exc):
                self.signals.connection_lost.emit(self)
                if not self.retry_on_reconnect:
                    self.signals.raised.emit(ConnectionLost(connection_lost_message()))
                    self.signals.failed.emit(connection_lost_message())
                return
            traceback.print_exc()
            self.signals.raised.emit(exc)
            self.signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
        else:
            self.signals.finished.emit(result)


def _accepts_progress(fn: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class ConnectionLost(ServiceError):
    """The database server went away during the call; the monitor reconnects (ui/connection_monitor)."""


class Executor(QObject):
    """Submit jobs; keeps them alive until they report back. Emits `connection_lost` when a job found the
    database server gone."""

    connection_lost = Signal()

    def __init__(self, parent: QObject | None = None, *, threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._running: set[Job] = set()
        self._held: list[Job] = []  # read-only jobs to run again once reconnected
        self._kept: list[Job] | None = None  # jobs submitted since hold(), started by release()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        retry_on_reconnect: bool = False,
        **kwargs: Any,
    ) -> Job:
        """Run `fn(*args, **kwargs)` on the pool. `retry_on_reconnect`: a read-only job that loses the
        server connection is held and run again by `retry_held()` (never set it for a write)."""
        job = Job(fn, *args, retry_on_reconnect=retry_on_reconnect, **kwargs)
        self._connect(job, on_done, on_error, on_progress, on_cancelled)
        if on_failure is not None:
            job.signals.raised.connect(on_failure)
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
        job.signals.connection_lost.connect(self._job_lost_connection)

    def _job_lost_connection(self, job: Job) -> None:
        if job.retry_on_reconnect:
            self._running.discard(job)
            self._held.append(job)
        self.connection_lost.emit()

    def retry_held(self) -> int:
        """Run again the read-only jobs held since the connection was lost; returns how many."""
        held, self._held = self._held, []
        for job in held:
            self._running.add(job)
            self._start(job)
        return len(held)

    def _start(self, job: Job) -> None:
        if self._kept is not None:
            self._kept.append(job)
        else:
            self._pool.start(job)

    def hold(self) -> None:
        """Keep the jobs submitted from now on until `release()`: the main window is painted before its
        first queries start, which would otherwise compete with it for the GIL and the CPU."""
        if self._kept is None:
            self._kept = []

    @property
    def holding(self) -> bool:
        """Jobs submitted now are kept until `release()`."""
        return self._kept is not None

    def release(self) -> None:
        """Start the jobs kept since `hold()`, in the order they were submitted (no-op if not holding)."""
        kept, self._kept = self._kept or [], None
        for job in kept:
            self._pool.start(job)

    def later(self, msecs: int, receiver: QObject, fn: Callable[[], None]) -> None:
        """Call `fn` on the GUI thread after `msecs` (work that can wait until the window is up)."""
        QTimer.singleShot(msecs, receiver, fn)

    def sibling(self, parent: QObject) -> Executor:
        """An executor of the same kind with a thread of its own, for long work (backups) that must not
        hold up the pages' queries."""
        return Executor(parent)

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._running)


class SyncExecutor(Executor):
    """Runs every job at once on the calling thread: for tests (Picard's FakeThreadPool idea)."""

    def _start(self, job: Job) -> None:
        job.run()

    def later(self, msecs: int, receiver: QObject, fn: Callable[[], None]) -> None:
        fn()

    def sibling(self, parent: QObject) -> Executor:
        return self
