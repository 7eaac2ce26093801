"""Smoke test of the built Linux package: install it, use it, upgrade it, remove it.

    python3 installer/smoke_test.py dist/dealercrm_0.1.0_amd64.deb \\
        [--newer dist-newer/dealercrm_0.1.0+smoke1_amd64.deb] [--downgrade-python .venv/bin/python] [--keep]

Standard library only (run it with any Python 3.11+). As root the package is installed for real with
dpkg -i (missing dependencies fetched by `apt-get install -f`), as anyone else, or when a dealercrm
package is installed already (never replaced nor purged by this test), it is unpacked with dpkg-deb -x
into a temporary root. Every run uses a temporary HOME and database; nothing else is touched.

Checked: `--version` is the package's version; `--help`; `demo --contacts 200` into a new database;
`kpi --json`; `report monthly --output x.pdf`; a PostgreSQL URL reaches the bundled driver (exit 3:
nothing listens, rather than a missing module); `score train` fits the purchase model (scikit-learn)
on a second demo database of 1,500 contacts ending today, and `score explain` uses it; the GUI,
offscreen, up to its first screen (login dialog on the demo database, the "new database" question on a
fresh path), through the smoke hook DEALERCRM_SMOKE_EXIT_AFTER_SHOWN (dealercrm/app.py). Before all
that: the package depends on libc6 (>= the build's glibc) and its preinst checks the same version.
With --newer: the newer package installed over the first keeps the database and its data. Both builds
have the same migrations, so with --downgrade-python (a Python that imports dealercrm's sources and
Alembic) the database is first taken one migration back, so that the newer package must upgrade it:
then a verified backup must appear in backups/ beside it, holding the old revision.
At the end (as root, unless --keep) the package is purged: the database and the backups must remain.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2025-06-30"
TIMEOUT = 300


class SmokeFailure(Exception):
    pass


def step(text: str) -> None:
    print(f"smoke: {text}", flush=True)


def check(condition: bool, text: str) -> None:
    if not condition:
        raise SmokeFailure(text)


class Installed:
    """The package on this machine: installed with dpkg (root) or unpacked under a temporary root."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.as_root = os.geteuid() == 0 and not already_installed()
        self.root = Path("/")
        self.home = work / "home"
        self.home.mkdir()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(work / "runtime"),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }
        (work / "runtime").mkdir(mode=0o700)

    @property
    def command(self) -> str:
        if self.as_root:
            return "/usr/bin/dealercrm"
        return str(self.root / "opt" / "dealercrm" / "dealercrm")

    def install(self, deb: Path) -> None:
        if self.as_root:
            done = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True)
            if done.returncode != 0:
                step("dpkg -i wants dependencies: apt-get install -f")
                apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
                subprocess.run(["apt-get", "update", "-qq"], env=apt_env, capture_output=True)
                fixed = subprocess.run(
                    ["apt-get", "install", "-f", "-y", "-qq", "--no-install-recommends"],
                    env=apt_env,
                    capture_output=True,
                    text=True,
                )
                check(fixed.returncode == 0, f"install failed:\n{done.stderr}\n{fixed.stderr}")
            status = subprocess.run(
                ["dpkg-query", "-W", "-f=${Status} ${Version}", "dealercrm"], capture_output=True, text=True
            ).stdout
            check(status.startswith("install ok installed"), f"dpkg status: {status}")
            entry = Path("/usr/share/applications/dealercrm.desktop").read_text(encoding="utf-8")
            check("\nExec=/usr/bin/dealercrm\n" in entry and "\nIcon=dealercrm\n" in entry, entry)
            check(
                Path("/usr/share/icons/hicolor/48x48/apps/dealercrm.png").is_file(), "no 48x48 icon installed"
            )
        else:
            self.root = Path(tempfile.mkdtemp(prefix="root-", dir=self.work))
            subprocess.run(["dpkg-deb", "-x", str(deb), str(self.root)], check=True)

    def purge(self) -> None:
        subprocess.run(["dpkg", "--purge", "dealercrm"], check=True, capture_output=True)
        check(not Path("/opt/dealercrm").exists(), "/opt/dealercrm left behind by the purge")
        check(not Path("/usr/bin/dealercrm").exists(), "/usr/bin/dealercrm left behind by the purge")

    def run(self, *args: str, expect: int = 0, env: dict[str, str] | None = None) -> str:
        started = time.monotonic()
        done = subprocess.run(
            [self.command, *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=self.work,
        )
        shown = " ".join(args)
        check(
            done.returncode == expect,
            f"dealercrm {shown}: exit {done.returncode}, expected {expect}\n{done.stdout}\n{done.stderr}",
        )
        check("Traceback" not in done.stderr, f"dealercrm {shown} printed a traceback:\n{done.stderr}")
        step(f"dealercrm {shown}: exit {done.returncode} in {time.monotonic() - started:.1f} s")
        return done.stdout + done.stderr


def already_installed() -> bool:
    """A dealercrm package this test did not install: it is left alone (the test then unpacks instead)."""
    if not shutil.which("dpkg-query"):
        return False
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", "dealercrm"], capture_output=True, text=True
    ).stdout
    if "installed" in status.split()[-1:]:
        step("dealercrm is already installed here: left alone, the package is unpacked and tested instead")
        return True
    return False


def deb_version(deb: Path) -> str:
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True, check=True
    ).stdout.strip()


def check_glibc_guard(deb: Path) -> None:
    """The package refuses a system whose glibc is older than the build's: Depends on libc6 (>= V) and a
    preinst that checks V too (its behaviour: tests/unit/test_installer_scripts.py)."""
    depends = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"\blibc6 \(>= ([0-9.]+)\)", depends)
    check(found is not None, f"the package does not depend on a glibc version: {depends}")
    assert found is not None
    preinst = subprocess.run(["dpkg-deb", "-I", str(deb), "preinst"], capture_output=True, text=True).stdout
    check(f'need="{found.group(1)}"' in preinst, f"no preinst checking glibc {found.group(1)}:\n{preinst}")
    step(f"the package needs glibc {found.group(1)} (Depends and preinst)")


def exercise(app: Installed, deb: Path, db: Path) -> str:
    """Everything a user does first, with the package `deb` installed; returns the KPI JSON."""
    version = deb_version(deb)
    out = app.run("--version")
    check(out.strip() == f"dealercrm {version}", f"--version says {out.strip()!r}, the package is {version}")
    usage = app.run("--help")
    check("demo" in usage and "report" in usage, "--help lists no commands")
    out = app.run("--db", str(db), "demo", "--contacts", "200", "--today", TODAY)
    # LANG=C.UTF-8 names no language: the command line speaks French, from the bundled gettext catalogue.
    check("Concession de démonstration créée" in out, out)
    english = app.run("--lang", "en", "--help")
    check("usage:" in english and "show this help message" in english, f"--lang en: {english}")
    kpi = app.run("--db", str(db), "kpi", "--from", "2025-01-01", "--to", TODAY, "--json")
    figures = json.loads(kpi[kpi.index("{") :])
    check(bool(figures), "kpi --json gave nothing")
    pdf = app.work / "report.pdf"
    app.run("--db", str(db), "report", "monthly", "2025-06", "--output", str(pdf))
    check(pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000, "the report is not a PDF")
    out = app.run("--db", "postgresql+psycopg://smoke@127.0.0.1:9/none", "user", "list", expect=3)
    check("pip install" not in out and "No module" not in out, f"psycopg is not in the bundle: {out}")
    train_purchase_model(app)
    gui_checks(app, db)
    return kpi


def train_purchase_model(app: Installed) -> None:
    """`score train` fits the purchase model with the bundled scikit-learn and SciPy (the spec leaves
    most of them out): on a demo ending today, since training reads the history up to the clock's today,
    with enough contacts for the model to be usable (at least 200 buyers: 1,500 contacts give about 360)."""
    db = app.work / "model" / "dealercrm.sqlite3"
    db.parent.mkdir()
    app.run("--db", str(db), "demo", "--contacts", "1500")
    out = app.run("--db", str(db), "score", "train", "--json")
    card = json.loads(out[out.index("{") : out.rindex("}") + 1])
    check(card["usable"] is True, f"score train: the model is not usable: {card['reason']}")
    check(card["auc_model"] is not None and 0.5 < card["auc_model"] <= 1.0, f"score train: {card}")
    check(card["brier"] is not None and card["n_train"] > 0, f"score train: {card}")
    explained = app.run("--db", str(db), "--lang", "en", "score", "explain", "1")
    check("%" in explained, f"score explain gave no probability: {explained}")
    step(f"purchase model trained in the package: AUC {card['auc_model']:.3f}, Brier {card['brier']:.3f}")


def gui_checks(app: Installed, db: Path) -> None:
    smoke = {"DEALERCRM_SMOKE_EXIT_AFTER_SHOWN": "1"}
    out = app.run("--db", str(db), env=smoke)
    check("smoke: login dialog shown" in out, f"no login dialog: {out}")
    fresh = app.work / "fresh" / "dealercrm.sqlite3"
    fresh.parent.mkdir(exist_ok=True)
    out = app.run("--db", str(fresh), env=smoke)
    check("smoke: new database question shown" in out, f"no question before creating a database: {out}")
    check(not fresh.exists(), "the GUI created a database without asking")


def revision(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def downgrade_one(python: str, db: Path) -> str:
    code = (
        "import sys\n"
        "from alembic import command\n"
        "from sqlalchemy import create_engine\n"
        "from dealercrm.db.migrate import alembic_config\n"
        "config = alembic_config()\n"
        "with create_engine('sqlite:///' + sys.argv[1]).begin() as conn:\n"
        "    config.attributes['connection'] = conn\n"
        "    command.downgrade(config, '-1')\n"
    )
    subprocess.run([python, "-c", code, str(db)], check=True, capture_output=True)
    return revision(db)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("deb", type=Path)
    parser.add_argument("--newer", type=Path, help="a newer package, installed over the first")
    parser.add_argument("--downgrade-python", help="a Python importing dealercrm and alembic (see above)")
    parser.add_argument("--keep", action="store_true", help="leave the package installed (root)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="dealercrm-smoke-"))
    try:
        check_glibc_guard(args.deb)
        app = Installed(work)
        how = "dpkg -i" if app.as_root else "dpkg-deb -x into a temporary root"
        step(f"installing {args.deb.name} ({how})")
        app.install(args.deb)
        db = work / "data" / "dealercrm.sqlite3"
        db.parent.mkdir()
        kpi_before = exercise(app, args.deb, db)
        if args.newer:
            head = revision(db)
            migrated_from = None
            if args.downgrade_python:
                migrated_from = downgrade_one(args.downgrade_python, db)
                step(f"database taken back from {head} to {migrated_from}: the newer build must upgrade it")
            else:
                step("no migration differs between the builds: checking the data is kept as it is")
            step(f"installing {args.newer.name} over it")
            app.install(args.newer)
            out = app.run("--version")
            check(out.strip() == f"dealercrm {deb_version(args.newer)}", f"after the upgrade: {out}")
            kpi_after = app.run("--db", str(db), "kpi", "--from", "2025-01-01", "--to", TODAY, "--json")
            check(kpi_after == kpi_before, "the KPIs changed across the upgrade: data lost?")
            check(revision(db) == head, f"database at {revision(db)} after the upgrade, not {head}")
            backups = sorted((db.parent / "backups").glob("*.sqlite3"))
            if migrated_from:
                check(len(backups) == 1, f"expected one backup before the upgrade, found {backups}")
                check(revision(backups[0]) == migrated_from, "the backup does not hold the old database")
                with sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True) as conn:
                    ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
                check(ok == "ok", f"the backup fails its integrity check: {ok}")
                step(f"upgraded {migrated_from} -> {head}, verified backup {backups[0].name}")
            else:
                check(not backups, f"a backup without a migration: {backups}")
                step("data intact across the upgrade (same KPIs, same revision)")
            gui_checks(app, db)
        if app.as_root and not args.keep:
            app.purge()
            check(db.is_file(), "the database went with the package")
            step("package purged: /opt/dealercrm gone, the database and its backups kept")
        step(f"all checks passed in {time.monotonic() - started:.0f} s")
        return 0
    except (SmokeFailure, subprocess.SubprocessError) as exc:
        print(f"smoke: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
