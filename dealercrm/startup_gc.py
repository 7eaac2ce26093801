"""Fewer garbage-collector passes while the app starts (no Qt here: made before Qt is imported)."""

from __future__ import annotations

import gc

STARTUP_GC_SECONDS = 5  # at most this long without the collector, whatever start-up is waiting for


class StartupCollector:
    """Fewer garbage-collector passes while the app starts, then everything alive frozen.

    Start-up creates a few hundred thousand long-lived objects (SQLAlchemy, the models, Qt's wrappers),
    and CPython's cyclic collector walks them over and over as they pile up: about 70 ms of a 0.6 s
    start. So the collector is off until the main window is up (or the first run's form, or an exit),
    and never longer than STARTUP_GC_SECONDS (the shell's timer: a user reading the login screen);
    reference counting frees everything but cycles meanwhile. Then it is on again, and what start-up
    made is frozen (gc.freeze: the modules, classes and mappers live as long as the app), so that every
    later pass skips it.
    """

    def __init__(self) -> None:
        self._was_enabled: bool | None = gc.isenabled()
        gc.disable()

    def done(self) -> None:
        """Start-up is over: once only, later calls do nothing."""
        if self._was_enabled is not None:
            gc.freeze()
            if self._was_enabled:
                gc.enable()
            self._was_enabled = None


def keep_frozen() -> None:
    """In a process that froze what start-up made (the app), freeze what is alive now as well. Called once
    a module imported later for good has made its objects (matplotlib, about 52,000: its functions,
    classes and tables), which live as long as the process: every later pass of the collector skips them.
    Elsewhere (the command line, the tests) nothing is frozen."""
    if gc.get_freeze_count():
        gc.freeze()
