"""The interpreter's switch interval, shortened while some work runs beside a thread that needs the GIL
back quickly.

A thread that wants the GIL while another one runs Python waits up to the switch interval (5 ms by
default) each time. The GUI thread takes the GIL back for every Python call Qt makes (a size hint, a
paint, a slot), so while a chart is drawn on its thread a layout of a hundred such calls would wait
about half a second; an import's writing thread takes it back after every statement SQLite ran. Each
such piece of work asks for a shorter interval while it runs; the interval is the shortest asked for,
and the one found before the first request once none is left.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_asked: list[float] = []
_before: float | None = None


def shorten(seconds: float) -> Callable[[], None]:
    """Ask for a switch interval of at most `seconds`; returns the function that withdraws the request
    (once; later calls do nothing)."""
    global _before
    with _lock:
        if not _asked:
            _before = sys.getswitchinterval()
        _asked.append(seconds)
        sys.setswitchinterval(min(_before or seconds, *_asked))
    withdrawn = False

    def withdraw() -> None:
        nonlocal withdrawn
        global _before
        with _lock:
            if withdrawn:
                return
            withdrawn = True
            _asked.remove(seconds)
            if _asked:
                sys.setswitchinterval(min(_before or min(_asked), *_asked))
            elif _before is not None:
                sys.setswitchinterval(_before)
                _before = None

    return withdraw


@contextmanager
def shortened(seconds: float) -> Iterator[None]:
    """A switch interval of at most `seconds` inside the block."""
    withdraw = shorten(seconds)
    try:
        yield
    finally:
        withdraw()
