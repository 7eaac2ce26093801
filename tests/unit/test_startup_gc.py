"""The collector in the app: matplotlib, imported when first needed, left out of its passes afterwards."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import gc
{freeze}
import dealercrm.services.charts as charts
before = gc.get_freeze_count()
charts.import_matplotlib()
import matplotlib.figure
print(gc.get_freeze_count() - before, len(gc.get_objects()))
"""


def _frozen_and_tracked(freeze: str) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-c", CODE.format(freeze=freeze)], capture_output=True, text=True, check=True
    )
    frozen, tracked = done.stdout.split()
    return int(frozen), int(tracked)


def test_in_the_app_matplotlibs_objects_are_frozen_once_imported() -> None:
    frozen, tracked = _frozen_and_tracked("gc.freeze()  # as the app does once its window is up")
    assert frozen > 30_000  # matplotlib's modules (about 52,000 objects)
    assert tracked < 5_000  # what a full pass still walks


def test_elsewhere_nothing_is_frozen() -> None:
    frozen, tracked = _frozen_and_tracked("")
    assert frozen == 0 and tracked > 30_000
