#!/usr/bin/env python3
"""Screenshots of dealercrm on a demo dealership, for the docs.

    python scripts/screenshots.py [--out docs/screenshots] [--language fr|en] [--contacts 3000]

Builds a demo database (fixed seed; its last day is today unless --today says otherwise) in a temporary
folder, logs in as the salesperson "julie" (main-window.png), then as the sales manager "marc", and saves,
at 1366x768 (the smallest screen a showroom desk has; --size 1920x1080 for the other common one):

- first-run.png     the first-run dialog on an empty database
- login.png         the login dialog listing the demo accounts
- main-window.png   the main window as it opens (the today page)
- search.png        the global search with its results
- area-<key>.png    one per area whose page exists (dealercrm/ui/<area>/page.py)
- customer-view.png a customer's whole file on the page (Enter on a row of the contacts list)
- dialog-<name>.png the main dialogs: new contact, new vehicle, new claim, campaign builder, cockpit,
                    campaign results
- pdf-<name>.png    the PDFs, made by the command line as a script would and rendered with pdftoppm
                    (poppler-utils): the monthly report's first page and a salesperson's page, a claim's
                    customer letter, a campaign report

Runs headless: with no display it uses Qt's offscreen platform with a 1920x1200 screen (so dialogs are not
squeezed into the offscreen default of 800x600). Set QT_QPA_PLATFORM=xcb with DISPLAY (e.g. under Xvfb) to
use a real X server instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)
SEED = 42
MANAGER = "marc"
SALESPERSON = "julie"


def configure_platform(folder: Path) -> None:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in ("", "offscreen") and not (platform == "" and os.environ.get("DISPLAY")):
        config = folder / "screens.json"
        screen = {"name": "docs", "x": 0, "y": 0, "width": 1920, "height": 1200, "logicalDpi": 96, "dpr": 1}
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save screenshots of dealercrm on demo data.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", choices=("fr", "en"), default="fr")
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="the demo's last day (default: today, so that the today page and this month's figures have "
        "content; pass a date for pictures that only change when the app does)",
    )
    parser.add_argument(
        "--size",
        default=f"{SIZE[0]}x{SIZE[1]}",
        help="the main window's size, WIDTHxHEIGHT (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    args.size = (int(width), int(height))
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="dealercrm-shots-") as tmp:
        folder = Path(tmp)
        configure_platform(folder)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        return take(folder, args)


def take(folder: Path, args: argparse.Namespace) -> int:
    from dealercrm.app import create_application
    from dealercrm.db import open_database
    from dealercrm.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, generate_demo
    from dealercrm.services.auth import AuthService

    # isort: split
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from dealercrm.ui.context import AppContext
    from dealercrm.ui.first_run_dialog import FirstRunDialog
    from dealercrm.ui.i18n import install_translations
    from dealercrm.ui.login_dialog import LoginDialog
    from dealercrm.ui.main_window import MainWindow
    from dealercrm.ui.workers import Executor

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    app = create_application(["dealercrm-screenshots"])
    translators = install_translations(app, args.language)
    executor = Executor(app)
    saved: list[Path] = []

    def settle(widget: QWidget, extra_ms: int = 400) -> None:
        """Let queued jobs finish and their results, timers and paints land."""
        deadline = time.monotonic() + 60
        while (executor.busy or not widget.isVisible()) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        end = time.monotonic() + extra_ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def save(widget: QWidget, name: str) -> None:
        settle(widget)
        path = args.out / name
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        saved.append(path)
        print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    empty = open_database(folder / "empty.sqlite3", create=True)
    first_run = FirstRunDialog(empty, executor)
    first_run.show()
    save(first_run, "first-run.png")
    first_run.close()
    empty.dispose()

    print(f"building the demo dealership ({args.contacts} contacts)…", flush=True)
    db = open_database(folder / "demo.sqlite3", create=True)
    generate_demo(db.session_factory, contacts=args.contacts, seed=SEED, today=args.today)

    login = LoginDialog(db, executor, last_login="", demo_accounts=DEMO_ACCOUNTS, demo_password=DEMO_PASSWORD)
    login.show()
    login.login_edit.setText(MANAGER)
    login.password_edit.setFocus()
    save(login, "login.png")
    login.close()

    # The README's picture: a salesperson's day, the screen most people see first.
    seller = AuthService(db.session_factory).login(login=SALESPERSON, password=DEMO_PASSWORD)
    window = MainWindow(AppContext(db=db, actor=seller, executor=executor, language=args.language))
    window.resize(*args.size)
    window.show()
    window.show_area("today")
    save(window, "main-window.png")
    window.close()

    actor = AuthService(db.session_factory).login(login=MANAGER, password=DEMO_PASSWORD)
    window = MainWindow(AppContext(db=db, actor=actor, executor=executor, language=args.language))
    window.resize(*args.size)
    window.show()

    window.search_box.setFocus()
    QTest.keyClicks(window.search_box, "martin")
    settle(window, 600)
    save(window, "search.png")
    window.search_box.clear()
    window.nav.setFocus()

    for area in window.areas:
        if not _module_exists(area.module):
            print(f"skipped area-{area.key}.png: {area.module} does not exist yet")
            continue
        window.show_area(area.key)
        save(window, f"area-{area.key}.png")

    # The customer's whole file (Enter on a row of the contacts list).
    contacts = window.show_area("contacts")
    if contacts is not None and hasattr(contacts, "set_full_view"):
        contacts._focus_list()
        settle(window)
        contacts.set_full_view(True)
        save(window, "customer-view.png")
        contacts.set_full_view(False)

    # The main dialogs, as the manager opens them (none is run modally: each is shown, saved, closed).
    from dealercrm.ui.aftersales.claim_entry import QuickClaimDialog
    from dealercrm.ui.campaigns.builder_dialog import CampaignBuilderDialog
    from dealercrm.ui.campaigns.cockpit import CockpitDialog
    from dealercrm.ui.campaigns.results_view import ResultsDialog
    from dealercrm.ui.contacts.edit_dialog import ContactEditDialog
    from dealercrm.ui.vehicles.vehicle_dialog import VehicleDialog

    dialogs: list[tuple[str, Callable[[], QWidget]]] = [
        ("new-contact", lambda: ContactEditDialog(window.ctx, parent=window)),
        ("new-vehicle", lambda: VehicleDialog(window.ctx, parent=window)),
        ("new-claim", lambda: QuickClaimDialog(window.ctx, parent=window)),
        ("campaign-builder", lambda: CampaignBuilderDialog(window.ctx, parent=window)),
        ("cockpit", lambda: CockpitDialog(window.ctx, campaign_id=None, parent=window)),
        ("campaign-results", lambda: ResultsDialog(window.ctx, campaign_id=None, parent=window)),
    ]
    for name, build in dialogs:
        dialog = build()
        # A dialog never opens larger than the screen it is made for.
        dialog.resize(min(dialog.width(), args.size[0]), min(dialog.height(), args.size[1]))
        dialog.show()
        save(dialog, f"dialog-{name}.png")
        dialog.close()

    window.close()
    executor.wait()
    saved += pdf_pages(folder, folder / "demo.sqlite3", args)
    db.dispose()
    del translators
    print(f"{len(saved)} screenshot(s) in {args.out}")
    QApplication.processEvents()
    return 0


def pdf_pages(folder: Path, database: Path, args: argparse.Namespace) -> list[Path]:
    """Make the PDFs with `dealercrm report ...` and save chosen pages as PNG (pdftoppm, 80 dpi)."""
    import shutil
    import sqlite3
    import subprocess

    if shutil.which("pdftoppm") is None:
        print("skipped the PDF pages: pdftoppm (poppler-utils) is not installed")
        return []
    uri = f"file:{database}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:  # the demo's ids, read through SQLite
        claim = conn.execute(
            "SELECT id FROM claims WHERE vehicle_id IS NOT NULL ORDER BY opened_at DESC"
        ).fetchone()
        campaign = conn.execute("SELECT id FROM campaigns WHERE status != 'draft' ORDER BY id").fetchone()
    month = args.today.replace(day=1) - dt.timedelta(days=1)  # last month: complete
    jobs = [
        ("monthly", ["report", "monthly", month.strftime("%Y-%m"), "--lang", args.language], [1, -1]),
        ("claim", ["report", "claim", str(claim[0]), "--copy", "customer"], [1]),
        ("campaign", ["report", "campaign", str(campaign[0])], [1]),
    ]
    saved: list[Path] = []
    for name, command, pages in jobs:
        pdf = folder / f"{name}.pdf"
        subprocess.run(
            [sys.executable, "-m", "dealercrm", "--db", str(database), *command, "--output", str(pdf)],
            check=True,
            cwd=ROOT,
        )
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        for wanted in pages:
            page = count + 1 + wanted if wanted < 0 else wanted  # -1: the last page (a salesperson's)
            suffix = "" if wanted == 1 else "-salesperson" if wanted == -1 else f"-p{page}"
            target = args.out / f"pdf-{name}{suffix}.png"
            stem = folder / f"{name}-{page}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            shutil.move(f"{stem}.png", target)
            saved.append(target)
            print(f"saved {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return saved


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


if __name__ == "__main__":
    raise SystemExit(main())
