#!/usr/bin/env python3
"""How long the app takes to show its windows, against a bare PySide6 window, in fresh processes.

    python benchmarks/startup.py [--runs 7] [--contacts 3000] [--db FILE] [--typing-seconds 1.5] [--json]

Each run spawns a child Python (QT_QPA_PLATFORM=offscreen unless set otherwise) and measures the wall
time from the spawn to the line the child prints once its window is shown and exposed (show() and
events processed until the window is exposed and painted):

- bare:  a plain QMainWindow (interpreter, PySide6 and Qt start-up);
- floor: the same window after importing SQLAlchemy's ORM and our models and configuring the mappers:
         the least any window that has read the users table can cost with the design card's stack;
- login: the login dialog as `dealercrm` shows it (QApplication, style, translations; the database opens
         on the executor meanwhile, and "database open" is when its Log in button becomes usable);
- main:  the main window of the sales manager "marc" on a demo database (3000 contacts, built once in a
         temporary folder before the runs), his login and password typed and "Log in" clicked the moment
         the button is usable; its first page is shown. The argon2 password check is part of it: "log in
         to window" is the time from the click to the main window built.

The children run with Python's bytecode cache as an installed app has it (PYTHONDONTWRITEBYTECODE is
dropped from their environment, so the unmeasured warm-up run writes the cache).

- typed:  as "main", but the user takes 1.5 s (TYPING_S) to type the login and password, from the moment
         the login dialog is shown, one key at a time with the event loop running between keys (so that
         what the app prepares while the password is typed is ready, as it would be); then "Log in".
- typed_contacts: the same, the window opening on the contacts list (the last area shown).

For "main", "typed" and "typed_contacts", "click to window" is the time from the click on "Log in" to the
main window shown (exposed and painted, its first page built), and "click to data" to its first page's
queries done.

Each click also reports the GUI thread's own CPU time from the click to the window painted (less
affected by other processes than wall time), and each typed run whether the database was open at the click,
the longest a key took to be handled and the longest the event loop was busy between keys. The children
close the window and the database as the app does when the user quits (not measured: ended without it,
the next child would find a crashed session's log and check the whole file first), and do not start the
automatic backup (it runs 400 ms after the window, on its own thread).

`--timeline` adds, for the typed runs, when each step from the click to the window ran on the GUI thread
(the password checked, the window attached, its first page built or taken over, shown, painted: median
wall time and GUI thread CPU after the click); `--profile PREFIX` profiles the GUI thread over that span
(cProfile, one file per run) and prints its heaviest calls.

Also reported: "main, data loaded" (the first page's queries done), and whether matplotlib was imported
by then (it must not be: charts load it when first drawn). Targets: main < 0.5 s, < 2.5 x bare; issue 16:
`login_ratio_bare` (login dialog shown, from process start, against a bare window) < 2, and
`login_click_to_main_p95_ms` (the slower of "typed" and "typed_contacts", p95 of the click to the window)
< 150 ms. `--json` prints them in a `targets` object: name -> {measured, target, met}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

ROOT = Path(__file__).resolve().parent.parent
MODES = ("bare", "floor", "login", "main", "typed", "typed_contacts")
MAIN_MODES = ("main", "typed", "typed_contacts")
DEMO_TODAY = "2025-03-03"
TYPING_S = 1.5  # issue 16: the user takes this long to type their login and password
LOGIN, PASSWORD = "marc", "demo1234"
TARGETS = {"login_ratio_bare": 2.0, "login_click_to_main_p95_ms": 150.0}


# The child ------------------------------------------------------------------------------------------------
def child(
    mode: str, db: str, typing_s: float = TYPING_S, *, timeline: bool = False, profile: str = ""
) -> None:
    started = time.perf_counter()
    extra: dict[str, Any] = {}
    window: QWidget
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(["bench"])
        window = QMainWindow()
        window.resize(1320, 840)
    elif mode == "floor":
        sys.path.insert(0, str(ROOT))
        from PySide6.QtWidgets import QApplication, QMainWindow
        from sqlalchemy.orm import configure_mappers

        import dealercrm.models  # noqa: F401 - the mapped classes

        configure_mappers()
        app = QApplication(["bench"])
        window = QMainWindow()
        window.resize(1320, 840)
    else:
        sys.path.insert(0, str(ROOT))
        from dealercrm.startup_gc import StartupCollector

        collector = StartupCollector()  # as `dealercrm` does before importing Qt
        from dealercrm.app import Shell, create_application
        from dealercrm.ui.i18n import install_translations
        from dealercrm.ui.workers import Executor

        app = create_application(["bench"])
        marks: list[tuple[str, float, float]] = []  # (step, perf_counter, GUI thread CPU) after the click
        if timeline and mode in MAIN_MODES:
            mark_steps(marks)
        if mode in MAIN_MODES:  # the area the window opens on: the last one shown
            from PySide6.QtCore import QSettings

            # main_window.LAST_AREA_KEY (not imported here: the app imports that module later)
            QSettings().setValue("main_window/last_area", "contacts" if mode == "typed_contacts" else "today")
        translators = install_translations(app, "fr")
        executor = Executor(app)
        shell = Shell(app, executor, language="fr")
        # Shows the login dialog; the database opens on the executor meanwhile.
        shell.start(db, collector=collector)
        assert shell.login_dialog is not None
        window = shell.login_dialog
        if mode in MAIN_MODES:
            dialog = shell.login_dialog
            if mode != "main":
                extra.update(type_slowly(app, dialog, typing_s))
                extra["open_at_click"] = float(shell.db is not None and dialog.login_button.isEnabled())
            while shell.db is None or not dialog.login_button.isEnabled():
                app.processEvents()
                time.sleep(0.001)
            if mode == "main":
                # The form filled and "Log in" clicked the moment it is usable: the app's own path (the
                # password checked on the executor while the main window's code loads).
                dialog.login_edit.setText(LOGIN)
                dialog.password_edit.setText(PASSWORD)
            extra["prepared_pages"] = len(getattr(shell, "prepared_pages", {}))  # none before issue 16
            extra["prepared_window"] = float(getattr(shell, "prepared_window", None) is not None)
            profiler = None
            if profile and mode != "main":
                import cProfile

                # The GUI thread's calls from the click to the window painted, in its own CPU time (wall
                # time would mostly say how long it waited for the other threads and processes).
                profiler = cProfile.Profile(time.thread_time)
                profiler.enable()
            before, gui_cpu = time.perf_counter(), time.thread_time()
            marks.append(("click", before, gui_cpu))
            dialog.login_button.click()
            # The automatic backup (400 ms after the window) is not started: it is not part of what is
            # measured, and a child ended before it finishes would leave a partial copy of the file.
            sys.modules["dealercrm.ui.main_window"].BACKGROUND_DUTIES_DELAY_MS = 10**9
            while shell.window is None:
                app.processEvents()
                time.sleep(0.001)
            extra["login_to_window"] = time.perf_counter() - before
            window = shell.window
            show_exposed(app, window)
            extra["click_to_shown"] = time.perf_counter() - before
            extra["gui_cpu_click_to_shown"] = time.thread_time() - gui_cpu  # the GUI thread's own CPU
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(f"{profile}.{mode}.{os.getpid()}.prof")
            if marks:
                marks.append(("window painted", time.perf_counter(), time.thread_time()))
                extra.update(
                    {
                        f"mark {i:02d} {step}": (at - before, cpu - gui_cpu)
                        for i, (step, at, cpu) in enumerate(marks[marks.index(("click", before, gui_cpu)) :])
                    }
                )
        del translators
    show_exposed(app, window)
    shown = time.perf_counter() - started
    print(
        json.dumps(
            {
                "shown": shown,
                "cpu": time.process_time(),  # steadier than wall time on a busy machine
                "matplotlib": "matplotlib" in sys.modules,
                "modules": len(sys.modules),
                **extra,
            }
        ),
        flush=True,
    )
    if mode == "login":
        while shell.db is None:
            app.processEvents()
            time.sleep(0.001)
        print(json.dumps({"ready": time.perf_counter() - started}), flush=True)
    if mode in MAIN_MODES:
        deadline = time.perf_counter() + 30
        while executor.busy and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        print(
            json.dumps(
                {
                    "loaded": time.perf_counter() - started,
                    "click_to_data": time.perf_counter() - before,
                    "matplotlib_after_load": "matplotlib" in sys.modules,
                }
            ),
            flush=True,
        )
    sys.stdout.flush()
    if mode not in ("bare", "floor"):
        close_cleanly(app, shell, executor)
    os._exit(0)  # no other teardown: it is not part of what we measure


def mark_steps(marks: list[tuple[str, float, float]]) -> None:
    """Record when each step from "Log in" to the window runs on the GUI thread (its start and end, wall
    and the GUI thread's CPU): the Shell's methods now, the window's and its first page's once their
    modules are imported (by then the app has imported them itself: nothing is imported earlier)."""
    from dealercrm.app import Shell

    def wrap(cls: Any, name: str, label: str) -> None:
        original = getattr(cls, name)
        if getattr(original, "_marked", False):
            return

        # No functools.wraps: reading a PySide6 method's __doc__ loads shiboken's signature module (over
        # 100 ms), which the app itself never does.
        def marked(*args: Any, **kwargs: Any) -> Any:
            marks.append((f"{label} start", time.perf_counter(), time.thread_time()))
            try:
                return original(*args, **kwargs)
            finally:
                marks.append((f"{label} end", time.perf_counter(), time.thread_time()))

        marked._marked = True  # type: ignore[attr-defined]
        setattr(cls, name, marked)

    def wrap_window() -> None:
        window_module = sys.modules.get("dealercrm.ui.main_window")
        if window_module is not None:
            wrap(window_module.MainWindow, "attach", "window attach")
            wrap(window_module.MainWindow, "_build_page", "first page")
            wrap(window_module.MainWindow, "show", "window show")

    from dealercrm.ui.workers import Executor

    if hasattr(Executor, "release"):
        wrap(Executor, "release", "queries released (window painted)")
    for name, label in (
        ("_login_started", "login started (argon2 on the executor)"),
        ("_login_finished", "password checked"),
        ("_prepare_window_shell", "shell built"),
        ("_build_prepared_pages", "pages prebuilt"),
    ):
        wrap(Shell, name, label)
    original_show_main = Shell.show_main

    def show_main(self: Any, actor: Any) -> None:
        wrap_window()
        marks.append(("show_main start", time.perf_counter(), time.thread_time()))
        original_show_main(self, actor)
        marks.append(("show_main end", time.perf_counter(), time.thread_time()))

    Shell.show_main = show_main  # type: ignore[method-assign]


def close_cleanly(app: Any, shell: Any, executor: Any) -> None:
    """Close the window and the database as the app does when the user quits (not measured). Ended
    without it, the child would leave its write-ahead log behind, and the next child, taking that for a
    crash, would check the whole file before opening it (`PRAGMA quick_check`: seconds at 100k)."""
    if shell.window is not None:
        shell.window.close()  # the app's own path: presence unregistered, change feed detached
    deadline = time.perf_counter() + 30
    while executor.busy and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    executor.wait()
    if shell.db is not None:
        shell.db.dispose()


def show_exposed(app: Any, window: QWidget) -> None:
    """Show `window` and process events until it is exposed and painted."""
    window.show()
    handle = window.windowHandle()
    while handle is None or not handle.isExposed():
        app.processEvents()
        handle = window.windowHandle()
    app.processEvents()


def type_slowly(app: Any, dialog: Any, typing_s: float = TYPING_S) -> dict[str, float]:
    """Type the login and the password one key at a time over `typing_s` seconds from now, the event loop
    running between keys (it sleeps between events, as the app's does). Returns how promptly keys were
    handled: `key_max` (the longest a key took to be handled) and `stall_max` (the longest the event loop
    was busy between keys: how late a key pressed at that moment would have been handled)."""
    from PySide6.QtTest import QTest

    keys = [(dialog.login_edit, c) for c in LOGIN] + [(dialog.password_edit, c) for c in PASSWORD]
    start = time.perf_counter()
    dialog.login_edit.clear()
    key_max = stall_max = 0.0
    for i, (edit, char) in enumerate(keys, start=1):
        if i == len(LOGIN) + 1:
            edit.setFocus()
        due = start + typing_s * i / len(keys)
        while time.perf_counter() < due:
            busy = time.perf_counter()
            app.processEvents()
            stall_max = max(stall_max, time.perf_counter() - busy)
            time.sleep(0.002)
        pressed = time.perf_counter()
        QTest.keyClicks(edit, char)
        key_max = max(key_max, time.perf_counter() - pressed)
    app.processEvents()
    return {"key_max": key_max, "stall_max": stall_max}


# The parent -----------------------------------------------------------------------------------------------
def build_demo(folder: Path, contacts: int) -> Path:
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    from dealercrm.db import open_database
    from dealercrm.demo import generate_demo

    path = folder / "demo.sqlite3"
    database = open_database(path, create=True)
    try:
        generate_demo(
            database.session_factory, contacts=contacts, seed=42, today=dt.date.fromisoformat(DEMO_TODAY)
        )
    finally:
        database.dispose()
    return path


def run_child(
    mode: str, db: Path, env: dict[str, str], typing_s: float = TYPING_S, *, extra_args: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Wall times from the spawn to each line the child prints."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--child-db", str(db)]
    command += ["--typing-seconds", str(typing_s), *extra_args]
    spawned = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())
    result = {"wall": time.perf_counter() - spawned, **first}
    second = process.stdout.readline()
    if second:
        result.update(json.loads(second))
        result["wall_loaded" if mode in MAIN_MODES else "wall_ready"] = time.perf_counter() - spawned
    process.wait(timeout=60)
    if process.returncode != 0:
        raise SystemExit(f"{mode} child failed with exit code {process.returncode}")
    return result


def interpreter_start(env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        spawned = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        times.append(time.perf_counter() - spawned)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up time of dealercrm's windows.")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--db",
        "--database",
        dest="database",
        type=Path,
        help="use this database (with the demo account marc) instead of building one; the children close it "
        "as the app does, so that no run finds a crashed session's log behind it",
    )
    parser.add_argument(
        "--typing-seconds",
        type=float,
        default=TYPING_S,
        help=f"how long the typed runs take to type the login and password (default {TYPING_S})",
    )
    parser.add_argument(
        "--timeline",
        action="store_true",
        help="print, for the typed runs, when each step from the click to the window ran on the GUI thread "
        "(median over the runs of its start and end after the click, wall and GUI thread CPU)",
    )
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="profile the GUI thread from the click to the window painted in the typed runs (cProfile in "
        "the thread's CPU time; the figures of such a run are inflated by the profiler): writes "
        "PREFIX.MODE.PID.prof and prints the heaviest calls of each mode over its runs",
    )
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--child-db", help=argparse.SUPPRESS)
    parser.add_argument("--child-timeline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(
            args.child,
            args.child_db or "",
            args.typing_seconds,
            timeline=args.child_timeline,
            profile=args.child_profile,
        )
        return 0
    extra_args: tuple[str, ...] = ("--child-timeline",) if args.timeline else ()
    if args.profile:
        for old_file in Path(args.profile).parent.glob(f"{Path(args.profile).name}.*.prof"):
            old_file.unlink()

    with tempfile.TemporaryDirectory(prefix="dealercrm-bench-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["XDG_CONFIG_HOME"] = str(folder / "config")  # no saved window state from the real user
        env["XDG_DATA_HOME"] = str(folder / "data")
        env.pop("DEALERCRM_DB", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode cache
        load_before = os.getloadavg()
        started = time.perf_counter()
        db = args.database.resolve() if args.database else build_demo(folder, args.contacts)
        built = time.perf_counter() - started
        for mode in MODES:  # warm the OS file cache once, not measured
            run_child(mode, db, env, args.typing_seconds)
        samples: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
        for _ in range(args.runs):
            for mode in MODES:  # interleaved, so that a slow moment hits every mode alike
                profiled = ("--child-profile", str(Path(args.profile).resolve())) if args.profile else ()
                samples[mode].append(
                    run_child(mode, db, env, args.typing_seconds, extra_args=(*extra_args, *profiled))
                )
        python = interpreter_start(env, args.runs)

    def median(mode: str, key: str) -> float:
        return statistics.median(s[key] for s in samples[mode] if key in s)

    sys.path.insert(0, str(ROOT))
    from benchmarks.measures import percentile  # here, not at the top: the children import this file

    def ms(mode: str, key: str, q: float) -> float:
        return round(1000 * percentile([s[key] for s in samples[mode] if key in s], q), 1)

    clicks = {
        mode: {
            "click_to_window_p50_ms": ms(mode, "click_to_shown", 0.5),
            "click_to_window_p95_ms": ms(mode, "click_to_shown", 0.95),
            "click_to_data_p50_ms": ms(mode, "click_to_data", 0.5),
            "click_to_data_p95_ms": ms(mode, "click_to_data", 0.95),
            "pages_prepared_at_click": int(median(mode, "prepared_pages")),
            "window_prepared_at_click": int(sum(s["prepared_window"] for s in samples[mode])),
            "gui_cpu_click_to_window_p50_ms": ms(mode, "gui_cpu_click_to_shown", 0.5),
            "gui_cpu_click_to_window_p95_ms": ms(mode, "gui_cpu_click_to_shown", 0.95),
            "cpu_s": round(median(mode, "cpu"), 3),
            **(
                {
                    "database_open_at_click": int(sum(s["open_at_click"] for s in samples[mode])),
                    "typing_key_max_ms": ms(mode, "key_max", 1.0),
                    "typing_stall_max_ms": ms(mode, "stall_max", 1.0),
                }
                if mode != "main"
                else {}
            ),
        }
        for mode in MAIN_MODES
    }

    figures = {
        "runs": args.runs,
        "platform": env["QT_QPA_PLATFORM"],
        "contacts": args.contacts,
        "demo_build_s": round(built, 2),
        "python_start_s": round(python, 3),
        "bare_s": round(median("bare", "wall"), 3),
        "floor_s": round(median("floor", "wall"), 3),
        "ratio_floor_bare": round(median("floor", "wall") / median("bare", "wall"), 2),
        "login_s": round(median("login", "wall"), 3),
        "login_ready_s": round(median("login", "wall_ready"), 3),
        "main_s": round(median("main", "wall"), 3),
        "main_login_to_window_s": round(median("main", "login_to_window"), 3),
        "main_loaded_s": round(median("main", "wall_loaded"), 3),
        "bare_cpu_s": round(median("bare", "cpu"), 3),
        "login_cpu_s": round(median("login", "cpu"), 3),
        "main_cpu_s": round(median("main", "cpu"), 3),
        "ratio_login_bare": round(median("login", "wall") / median("bare", "wall"), 2),
        "ratio_main_bare": round(median("main", "wall") / median("bare", "wall"), 2),
        "matplotlib_imported": any(s["matplotlib"] for s in samples["main"] + samples["login"]),
        "matplotlib_imported_after_load": any(s.get("matplotlib_after_load", False) for s in samples["main"]),
        "modules_bare": int(median("bare", "modules")),
        "modules_main": int(median("main", "modules")),
        "login_click": clicks,
        "typing_s": args.typing_seconds,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "load_average_before": [round(x, 2) for x in load_before],
    }
    measured = {
        "login_ratio_bare": figures["ratio_login_bare"],
        "login_click_to_main_p95_ms": max(
            clicks["typed"]["click_to_window_p95_ms"], clicks["typed_contacts"]["click_to_window_p95_ms"]
        ),
    }
    figures["targets"] = {
        name: {"measured": value, "target": TARGETS[name], "met": value < TARGETS[name]}
        for name, value in measured.items()
    }
    if args.timeline:
        figures["timeline_ms"] = {mode: timeline_of(samples[mode]) for mode in ("typed", "typed_contacts")}
    if args.json:
        print(json.dumps(figures, indent=2))
        print_profiles(args.profile)
        return 0
    ok = figures["main_s"] < 0.5 and figures["ratio_main_bare"] < 2.5 and not figures["matplotlib_imported"]
    print(f"dealercrm start-up, median of {args.runs} runs ({figures['platform']}, {args.contacts} contacts)")
    print(f"  python -c pass              {figures['python_start_s']:.3f} s")
    print("  wall time from spawn to shown (CPU time of the child in brackets):")
    print(
        f"  bare QMainWindow shown      {figures['bare_s']:.3f} s [{figures['bare_cpu_s']:.3f}]"
        f"   ({figures['modules_bare']} modules)"
    )
    print(
        f"  Qt + SQLAlchemy + models    {figures['floor_s']:.3f} s"
        f"   x{figures['ratio_floor_bare']} bare (the stack's floor)"
    )
    print(
        f"  login dialog shown          {figures['login_s']:.3f} s [{figures['login_cpu_s']:.3f}]"
        f"   x{figures['ratio_login_bare']} bare"
    )
    print(f"  login dialog, database open {figures['login_ready_s']:.3f} s   (Log in enabled)")
    print(
        f"  main window shown           {figures['main_s']:.3f} s [{figures['main_cpu_s']:.3f}]"
        f"   x{figures['ratio_main_bare']} bare"
        f"   ({figures['modules_main']} modules; log in to window {figures['main_login_to_window_s']:.3f} s)"
    )
    print(f"  main window, data loaded    {figures['main_loaded_s']:.3f} s")
    for mode, c in clicks.items():
        how = "clicked at once" if mode == "main" else f"typed in {figures['typing_s']} s"
        where = "contacts" if mode == "typed_contacts" else "today"
        print(
            f"  Log in to window ({how}, {where}): p50 {c['click_to_window_p50_ms']} ms, "
            f"p95 {c['click_to_window_p95_ms']} ms; to its data p50 {c['click_to_data_p50_ms']} ms "
            f"(pages built before the click: {c['pages_prepared_at_click']}, window shell in "
            f"{c['window_prepared_at_click']} of {args.runs} runs); GUI thread CPU click to window "
            f"p50 {c['gui_cpu_click_to_window_p50_ms']} ms, p95 {c['gui_cpu_click_to_window_p95_ms']} ms"
        )
        if mode != "main":
            print(
                f"    while typing: database open at the click in {c['database_open_at_click']} of "
                f"{args.runs} runs; longest key {c['typing_key_max_ms']} ms, "
                f"longest busy event loop {c['typing_stall_max_ms']} ms"
            )
    print(
        f"  matplotlib imported         {figures['matplotlib_imported']} at show, "
        f"{figures['matplotlib_imported_after_load']} after load"
    )
    print(f"  targets (main < 0.5 s, < 2.5 x bare, no matplotlib): {'met' if ok else 'NOT met'}")
    print(f"  load average {figures['load_average_before']} before, {figures['load_average']} after")
    for name, t in figures["targets"].items():
        print(f"  {'OK  ' if t['met'] else 'MISS'} {name}: {t['measured']} (target < {t['target']})")
    for mode, steps in figures.get("timeline_ms", {}).items():
        print(f"  {mode}: after the click, median ms (wall / GUI thread CPU) [runs with the step]")
        for step, (wall, cpu, seen) in steps.items():
            print(f"    {wall:8.1f} / {cpu:6.1f}  {step} [{seen}]")
    print_profiles(args.profile)
    return 0


def timeline_of(samples: list[dict[str, Any]]) -> dict[str, tuple[float, float, int]]:
    """step -> (median wall ms after the click, median GUI thread CPU ms after it, runs where it ran), in
    the order of the first run that has it (a step that ran twice in a run keeps its first time)."""
    steps: dict[str, list[tuple[float, float]]] = {}
    for sample in samples:
        seen: set[str] = set()
        for key in sorted(k for k in sample if k.startswith("mark ")):
            step = key.split(" ", 2)[2]
            if step not in seen:
                seen.add(step)
                steps.setdefault(step, []).append(sample[key])
    ordered = sorted(steps.items(), key=lambda kv: statistics.median(w for w, _c in kv[1]))
    return {
        step: (
            round(1000 * statistics.median(w for w, _c in values), 1),
            round(1000 * statistics.median(c for _w, c in values), 1),
            len(values),
        )
        for step, values in ordered
    }


def print_profiles(prefix: str | None, top: int = 30) -> None:
    """The heaviest calls of the profiled runs, per mode (all its runs together)."""
    if not prefix:
        return
    import pstats

    folder, name = Path(prefix).parent, Path(prefix).name
    for mode in ("typed", "typed_contacts"):
        files = sorted(str(f) for f in folder.glob(f"{name}.{mode}.*.prof"))
        if not files:
            continue
        stats = pstats.Stats(*files, stream=sys.stdout)
        print(f"\n=== {mode}: GUI thread from the click to the window painted, {len(files)} runs ===")
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    raise SystemExit(main())
