"""Operations: the one way from a widget to a service call (Anki's `QueryOp` / `CollectionOp`).

    QueryOp(self._service.grid, year=2026).success(self._grid_ready).failure(self._failed)
        .latest_for(self).run(self.ctx.executor)

- the call runs on the database executor (ui/workers.py), never on the GUI thread;
- `.success(fn)` receives the result on the GUI thread; `.failure(fn)` receives the exception object
  itself (a ServiceError such as ValidationError with its field errors, ConnectionLost, or an
  unexpected error), so no widget turns exceptions into strings and back;
- `.progress(fn)` receives (done, total, text) from a call that takes a `progress` argument, and the
  returned Job's `cancel()` stops it between steps;
- `.disabling(*widgets)` disables the widgets (a Save button) while the call runs and enables them again
  before its success, failure or cancellation is delivered;
- `.latest_for(owner, key)` is the stale-result guard: when a newer operation with the same owner and
  key has started, the older one's result (or failure) is dropped, so typing fast or switching months
  never shows an older answer over a newer one; nothing is delivered once the owner is deleted.

What a write changed reaches the pages through the storage layer's change feed (data_changed), not
through the operation. Tests inject a synchronous executor; this module does not know about it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from dealercrm.services.errors import ServiceError, ValidationError
from dealercrm.ui.workers import Executor, Job

T = TypeVar("T")

# owner -> key -> the generation of the latest operation started for it
_latest: weakref.WeakKeyDictionary[QObject, dict[str, int]] = weakref.WeakKeyDictionary()


def message_of(exc: Exception, fields: Mapping[str, str] | None = None) -> str:
    """What to show for a failure: a ServiceError's sentence, else the error's class and words. With
    `fields` (field name -> its label on the form), a ValidationError is one line per field."""
    if fields is not None and isinstance(exc, ValidationError):
        return "\n".join(f"{fields.get(field, field)}: {message}" for field, message in exc.errors.items())
    return str(exc) if isinstance(exc, ServiceError) else f"{exc.__class__.__name__}: {exc}"


def shown_by(show: Callable[[str], None]) -> Callable[[Exception], None]:
    """A `.failure()` handing the failure's sentence to `show` (a message box, an error label)."""
    return lambda exc: show(message_of(exc))


class QueryOp(Generic[T]):
    """One service call, run off the GUI thread, with its callbacks (see the module's docstring)."""

    def __init__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[Exception], None] | None = None
        self._progress: Callable[[int, int, str], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self._owner: weakref.ref[QObject] | None = None
        self._key = ""
        self._retry_on_reconnect = False
        self._disabled: tuple[QWidget, ...] = ()

    def success(self, fn: Callable[[T], None]) -> QueryOp[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[Exception], None]) -> QueryOp[T]:
        self._failure = fn
        return self

    def progress(self, fn: Callable[[int, int, str], None]) -> QueryOp[T]:
        self._progress = fn
        return self

    def cancelled(self, fn: Callable[[], None]) -> QueryOp[T]:
        self._cancelled = fn
        return self

    def latest_for(self, owner: QObject, key: str = "") -> QueryOp[T]:
        """Deliver only if no newer operation with this owner and key has started since."""
        self._owner, self._key = weakref.ref(owner), key
        return self

    def disabling(self, *widgets: QWidget) -> QueryOp[T]:
        """Keep `widgets` disabled while the call runs (so that Save is not pressed twice)."""
        self._disabled = widgets
        return self

    def read_only(self) -> QueryOp[T]:
        """A read: if the server connection is lost, it is run again once reconnected."""
        self._retry_on_reconnect = True
        return self

    def run(self, executor: Executor) -> Job:
        if self._failure is None:
            raise ValueError("an operation needs .failure(): a failed call is never swallowed silently")
        generation = self._start_generation()
        for widget in self._disabled:
            widget.setEnabled(False)
        return executor.submit(
            self._fn,
            *self._args,
            on_done=self._guarded(generation, self._enabling(self._success)),
            on_failure=self._guarded(generation, self._enabling(self._failure)),
            on_progress=self._guarded(generation, self._progress),
            on_cancelled=self._guarded(generation, self._enabling(self._cancelled)),
            retry_on_reconnect=self._retry_on_reconnect,
            **self._kwargs,
        )

    def _enabling(self, fn: Callable[..., None] | None) -> Callable[..., None] | None:
        """`fn` preceded by enabling the `.disabling()` widgets again (those still alive)."""
        if not self._disabled:
            return fn
        widgets = self._disabled

        def enable_then(*args: Any) -> None:
            for widget in widgets:
                if shiboken6.isValid(widget):
                    widget.setEnabled(True)
            if fn is not None:
                fn(*args)

        return enable_then

    # The stale-result guard ------------------------------------------------------------------------
    def _start_generation(self) -> int:
        owner = self._owner() if self._owner is not None else None
        if owner is None:
            return 0
        keys = _latest.setdefault(owner, {})
        keys[self._key] = keys.get(self._key, 0) + 1
        return keys[self._key]

    def _current(self, generation: int) -> bool:
        if self._owner is None:
            return True
        owner = self._owner()
        if owner is None or not shiboken6.isValid(owner):
            return False  # the widget is gone: nobody to tell
        return _latest.get(owner, {}).get(self._key) == generation

    def _guarded(self, generation: int, fn: Callable[..., None] | None) -> Callable[..., None] | None:
        if fn is None:
            return None

        def deliver(*args: Any) -> None:
            if self._current(generation):
                fn(*args)

        return deliver


CollectionOp = QueryOp  # a write: the same machinery; its changes are announced by the change feed
