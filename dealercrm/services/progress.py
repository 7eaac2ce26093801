"""Progress reporting and cancellation for long service calls, with no Qt in sight.

A long service method takes `progress: Progress`; it calls `progress.update(done, total, text)` now and
then, which raises `Cancelled` once the user has asked to stop. The UI's worker passes one that
forwards to a progress bar; scripts and tests pass `Progress()` (or nothing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from dealercrm.i18n import _


class Cancelled(Exception):
    """The user stopped the work; whatever was committed before stays, the rest was rolled back."""


class Progress:
    def __init__(self, callback: Callable[[int, int, str], None] | None = None) -> None:
        self._callback = callback
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled(_("Stopped by the user."))

    def update(self, done: int, total: int, text: str = "") -> None:
        self.check()
        if self._callback is not None:
            self._callback(done, total, text)
