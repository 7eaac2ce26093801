"""Runs a Python file inside the built bundle, for measuring what the bundle needs (trace builds only).

Built beside dealercrm only when the spec is run with DEALERCRM_BUNDLE_RUNNER=1 (never in the packages):

    installer/build/bundle/dealercrm/bundle-runner installer/gui_tour.py [ARGS...]
    installer/build/bundle/dealercrm/bundle-runner -m dealercrm [ARGS...]    # the app's own command line

The file runs as __main__ with the bundle's frozen modules (dealercrm, PySide6, matplotlib...), so an
import the spec left out fails here as it would in the app. With DEALERCRM_TRACE_MODULES=FILE, the names
of every module imported (sys.modules) are appended to FILE at exit: with `strace -e trace=openat`, that
is how installer/README.md's list of what the app never loads was measured.
"""

import atexit
import os
import runpy
import sys

import dealercrm  # the frozen package, before the script can put a source tree first on sys.path


def _dump_modules() -> None:
    with open(os.environ["DEALERCRM_TRACE_MODULES"], "a", encoding="utf-8") as out:
        out.write("".join(f"{name}\n" for name in sorted(sys.modules)))


if os.environ.get("DEALERCRM_TRACE_MODULES"):
    atexit.register(_dump_modules)
del dealercrm
if sys.argv[1:2] == ["-m"]:
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
