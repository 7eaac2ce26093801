"""A tour of everything the app does, for measuring which parts of the bundle it loads.

    bundle-runner installer/gui_tour.py [--pg URL]        # inside a trace build (installer/bundle_runner.py)
    python installer/gui_tour.py [--pg URL]               # from source, the same steps

Offscreen, in a temporary folder: the first-run dialog, a demo dealership (1,500 contacts ending today),
the login dialog, the main window as a salesperson and as the manager (every area, the global search,
a customer's whole file, the main dialogs, the calendar export), then the command line in-process (every
report PDF, exports to CSV/XLSX/vCard/zip, imports of CSV and XLSX, GDPR export, backups, database
check, KPIs, training and explaining the purchase model) and, with --pg, a demo on a PostgreSQL server
(a throwaway database is created there and dropped). Exits non-zero at the first failure: inside a
bundle, a module the spec left out that the app needs shows up here as an ImportError.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

MANAGER = "marc"
SALESPERSON = "julie"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pg", help="a PostgreSQL server URL (postgresql+psycopg://user@host:port/db)")
    parser.add_argument("--contacts", type=int, default=1500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dealercrm-tour-") as tmp:
        folder = Path(tmp)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        try:
            database = gui(folder, args.contacts)
            command_line(folder, database)
            if args.pg:
                postgresql(args.pg)
        except BaseException:
            traceback.print_exc()
            print("tour: FAILED", flush=True)
            return 1
    print("tour: all steps passed", flush=True)
    return 0


def step(text: str) -> None:
    print(f"tour: {text}", flush=True)


def gui(folder: Path, contacts: int) -> Path:
    from dealercrm.app import create_application
    from dealercrm.db import open_database
    from dealercrm.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, generate_demo
    from dealercrm.services.auth import AuthService

    # isort: split
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from dealercrm.ui.context import AppContext
    from dealercrm.ui.first_run_dialog import FirstRunDialog
    from dealercrm.ui.i18n import install_translations
    from dealercrm.ui.login_dialog import LoginDialog
    from dealercrm.ui.main_window import MainWindow
    from dealercrm.ui.workers import Executor

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    app = create_application(["dealercrm-tour"])
    translators = install_translations(app, "fr")
    executor = Executor(app)

    def settle(widget: QWidget, extra_ms: int = 300) -> None:
        deadline = time.monotonic() + 120
        while (executor.busy or not widget.isVisible()) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
        end = time.monotonic() + extra_ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        if widget.grab().isNull():
            raise RuntimeError(f"{type(widget).__name__} does not paint")

    empty = open_database(folder / "empty.sqlite3", create=True)
    first_run = FirstRunDialog(empty, executor)
    first_run.show()
    settle(first_run)
    first_run.close()
    empty.dispose()
    step("first-run dialog")

    database = folder / "demo.sqlite3"
    db = open_database(database, create=True)
    generate_demo(db.session_factory, contacts=contacts, seed=42, today=dt.date.today())
    step(f"demo dealership ({contacts} contacts)")
    login = LoginDialog(db, executor, last_login="", demo_accounts=DEMO_ACCOUNTS, demo_password=DEMO_PASSWORD)
    login.show()
    settle(login)
    login.close()
    step("login dialog")

    for who in (SALESPERSON, MANAGER):
        actor = AuthService(db.session_factory).login(login=who, password=DEMO_PASSWORD)
        window = MainWindow(AppContext(db=db, actor=actor, executor=executor, language="fr"))
        window.resize(1366, 768)
        window.show()
        settle(window)
        for area in window.areas:
            window.show_area(area.key)
            settle(window)
        step(f"every area as {who}: {', '.join(area.key for area in window.areas)}")
        if who == SALESPERSON:
            today = window.show_area("today")
            settle(window)
            if today is not None and hasattr(today, "export_ics"):
                today.export_ics(str(folder / "agenda.ics"))
                settle(window)
                if not (folder / "agenda.ics").is_file():
                    raise RuntimeError("no calendar export")
                step("calendar export (.ics)")
            window.close()
            continue
        window.search_box.setFocus()
        for char in "martin":
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    window.search_box, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                )
        settle(window, 800)
        window.search_box.clear()
        step("global search")
        contacts_page = window.show_area("contacts")
        if contacts_page is not None and hasattr(contacts_page, "set_full_view"):
            contacts_page._focus_list()
            settle(window)
            contacts_page.set_full_view(True)
            settle(window)
            contacts_page.set_full_view(False)
            step("a customer's whole file")

        from dealercrm.ui.aftersales.claim_entry import QuickClaimDialog
        from dealercrm.ui.campaigns.builder_dialog import CampaignBuilderDialog
        from dealercrm.ui.campaigns.cockpit import CockpitDialog
        from dealercrm.ui.campaigns.results_view import ResultsDialog
        from dealercrm.ui.contacts.edit_dialog import ContactEditDialog
        from dealercrm.ui.vehicles.vehicle_dialog import VehicleDialog

        no_campaign = {"campaign_id": None}
        for dialog_class, extra in (
            (ContactEditDialog, {}),
            (VehicleDialog, {}),
            (QuickClaimDialog, {}),
            (CampaignBuilderDialog, {}),
            (CockpitDialog, no_campaign),
            (ResultsDialog, no_campaign),
        ):
            dialog = dialog_class(window.ctx, parent=window, **extra)
            dialog.show()
            settle(dialog)
            dialog.close()
        step("the main dialogs")
        window.close()
    executor.wait()
    db.dispose()
    del translators
    QApplication.processEvents()
    return database


def cli(*argv: str, ok: tuple[int, ...] = (0,)) -> str:
    """`dealercrm ARGV...` in this process; its output, or RuntimeError if it exits with another code than
    `ok`'s or prints a traceback."""
    import contextlib
    import io

    from dealercrm.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    if (code or 0) not in ok or "Traceback" in out.getvalue():
        raise RuntimeError(f"dealercrm {' '.join(argv)}: exit {code}\n{out.getvalue()[:3000]}")
    return out.getvalue()


def command_line(folder: Path, database: Path) -> None:
    import sqlite3

    db = ("--db", str(database))
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        claim = conn.execute("SELECT id FROM claims ORDER BY id").fetchone()[0]
        campaign = conn.execute("SELECT id FROM campaigns WHERE status != 'draft' ORDER BY id").fetchone()[0]
        contact = conn.execute("SELECT id FROM contacts ORDER BY id").fetchone()[0]
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    for name, command in (
        ("monthly", ("report", "monthly", month)),
        ("monthly-en", ("report", "monthly", month, "--lang", "en")),
        ("claim", ("report", "claim", str(claim), "--copy", "customer")),
        ("campaign", ("report", "campaign", str(campaign))),
    ):
        pdf = folder / f"{name}.pdf"
        cli(*db, *command, "--output", str(pdf))
        if pdf.read_bytes()[:5] != b"%PDF-":
            raise RuntimeError(f"{name}: not a PDF")
    step("report PDFs: monthly (fr, en), claim, campaign")
    for name in ("contacts.csv", "contacts.xlsx", "contacts.vcf", "vehicles.csv", "all.zip"):
        kind = "all" if name == "all.zip" else name.split(".")[0]
        cli(*db, "export", kind, str(folder / name))
    cli(*db, "export", "contacts", str(folder / "contacts-fr.csv"), "--french")
    step("exports: CSV, French CSV, XLSX, vCard, zip")
    for name in ("contacts.csv", "contacts.xlsx", "contacts-fr.csv"):  # 1: some rows rejected
        cli(*db, "import", "contacts", str(folder / name), "--dry-run", "--json", ok=(0, 1))
    cli(*db, "import", "contacts", str(folder / "contacts.csv"), "--write-mapping", str(folder / "map.json"))
    step("imports (dry run): CSV, XLSX, French CSV; mapping written")
    cli(*db, "gdpr", "export", str(contact), "--output", str(folder / "gdpr"))
    cli(*db, "backups", "now")
    cli(*db, "backups", "list")
    cli(*db, "db", "check")
    cli(*db, "db", "backup", str(folder / "copy.sqlite3"))
    step("GDPR export, backups, db check and backup")
    today = dt.date.today()
    period = ("--from", today.replace(month=1, day=1).isoformat(), "--to", today.isoformat())
    figures = cli(*db, "kpi", *period, "--json")
    json.loads(figures[figures.index("{") :])
    cli(*db, "kpi", *period, "--by", "salesperson")
    card = cli(*db, "score", "train", "--json")
    if not json.loads(card[card.index("{") : card.rindex("}") + 1])["usable"]:
        raise RuntimeError(f"score train: {card}")
    cli(*db, "score", "explain", str(contact))
    step("kpi --json, score train, score explain")


def postgresql(url: str) -> None:
    import psycopg

    if psycopg.pq.__impl__ == "python":
        raise RuntimeError("psycopg runs without its C module (psycopg_c or psycopg_binary)")
    base, _, _ = url.rpartition("/")
    name = f"dealercrm_tour_{os.getpid()}"
    plain = base.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        cli("--db", f"{base}/{name}", "demo", "--contacts", "100")
        cli("--db", f"{base}/{name}", "kpi", "--from", "2025-01-01", "--to", "2025-12-31", "--json")
        cli("--db", f"{base}/{name}", "user", "list")
        step(
            f"PostgreSQL: demo, kpi, user list (psycopg {psycopg.pq.__impl__}, libpq {psycopg.pq.version()})"
        )
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
