#!/usr/bin/env python3
"""Bad-input sweep of the `dealercrm` command: hundreds of wrong or odd invocations, none may print a
traceback.

    python benchmarks/cli_sweep.py [--json] [--jobs 2] [--keep DIR]

Builds a small demo dealership (`dealercrm demo --contacts 200`) in a temporary folder, with the
files the cases need beside it (a fake workbook, a damaged copy of the database, a copy another process
keeps locked, links to the database...), then runs every case of CASES as a real subprocess: bad
numbers, dates and months, missing or wrong files, outputs onto the database, its sidecars or its
backups, unknown options, a locked or damaged database, mistyped --db values and URLs, a closed or
broken standard output. Counts exit codes and tracebacks and prints a summary (`--json`: one object
{"invocations", "tracebacks", "by_exit_code", "failures", ...}). Exits 1 when any case printed a
traceback, a message that is not a sentence, or an exit code other than the one expected.

tests/cli/test_cli_sweep.py runs the cases marked `quick` in-process through `main()`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TRACEBACK = "Traceback (most recent call last)"
BIG = "99999999999999999999999"  # beyond SQLite's 64-bit integers
MAX_ID = str(2**63 - 1)


@dataclass(frozen=True)
class Case:
    """One invocation. `argv` may name the files of `prepare()` as {db}, {csv}, ... and {out} (a folder
    of its own per case); `expect` is the exit code (None: any documented one)."""

    name: str
    argv: tuple[str, ...]
    expect: int | None
    stdin: str = ""
    stdout: str = "normal"  # "closed" (started with >&-) or "broken" (the reader went away)
    quick: bool = False  # also run in-process by the test suite


def _c(name: str, argv: str | list[str], expect: int | None, **kw: Any) -> Case:
    return Case(name, tuple(argv.split() if isinstance(argv, str) else argv), expect, **kw)


def _cases() -> list[Case]:
    cases: list[Case] = [
        # -- usage ---------------------------------------------------------------------------------
        _c("unknown option", "--bogus", 2, quick=True),
        _c("unknown command", "--db {db} frobnicate", 2),
        _c("unknown language", "--db {db} --lang de user list", 2),
        _c("db without action", "--db {db} db", 2),
        _c("db unknown action", "--db {db} db frobnicate", 2),
        _c("user without action", "--db {db} user", 2),
        _c("import without kind", "--db {db} import", 2),
        _c("export without kind", "--db {db} export", 2),
        _c("gdpr without action", "--db {db} gdpr", 2),
        _c("backups without action", "--db {db} backups", 2),
        _c("report without kind", "--db {db} report", 2),
        _c("kpi without dates", "--db {db} kpi", 2),
        _c("version", "--version", 0),
        _c("help", "--help", 0),
        _c("kpi help", "kpi --help", 0),
        _c("help, reader gone", "--help", None, stdout="broken"),
        # -- demo ----------------------------------------------------------------------------------
        _c("demo 0 contacts", "--db {out}/d.db demo --contacts 0", 2),
        _c("demo negative contacts", "--db {out}/d.db demo --contacts -5", 2),
        _c("demo contacts not a number", "--db {out}/d.db demo --contacts abc", 2),
        _c("demo contacts 1e9", "--db {out}/d.db demo --contacts 1e9", 2),
        _c("demo contacts huge", f"--db {{out}}/d.db demo --contacts {BIG}", 2),
        _c("demo negative seed", "--db {out}/d.db demo --seed -1", 2),
        _c("demo seed not a number", "--db {out}/d.db demo --seed x", 2),
        _c("demo bad today", "--db {out}/d.db demo --today 2026-13-01", 2),
        _c("demo today year 1", "--db {out}/d.db demo --today 0001-01-01", 2),
        _c("demo today year 9999", "--db {out}/d.db demo --today 9999-12-31", 2),
        _c("demo into a full database", "--db {db} demo --contacts 5", 1),
        _c("demo into a folder", "--db {dir} demo --contacts 5", 3),
        _c("demo into another program's file", "--db {notdb} demo --contacts 5", 3),
        # -- db ------------------------------------------------------------------------------------
        _c("upgrade wait negative", "--db {db} db upgrade --wait -1", 2),
        _c("upgrade wait text", "--db {db} db upgrade --wait abc", 2),
        _c("upgrade wait nan", "--db {db} db upgrade --wait nan", 2),
        _c("upgrade wait inf", "--db {db} db upgrade --wait inf", 2),
        _c("upgrade wait 1e9", "--db {db} db upgrade --wait 1e9", 2),
        _c("upgrade wait ok", "--db {db} db upgrade --wait 0.5", 0),
        _c("upgrade a text file", "--db {notdb} db upgrade", 3),
        _c("upgrade a folder", "--db {dir} db upgrade", 3),
        _c("restore wait negative", "--db {scratch} db restore {backup} --wait -3", 2),
        _c("restore wait text", "--db {scratch} db restore {backup} --wait soon", 2),
        _c("restore missing file", "--db {scratch} db restore {missing}", 3),
        _c("restore a text file", "--db {scratch} db restore {notdb}", 3),
        _c("restore a CSV", "--db {scratch} db restore {csv}", 3),
        _c("restore a folder", "--db {scratch} db restore {dir}", 3),
        _c("restore a damaged file", "--db {scratch} db restore {damaged}", 3),
        _c("restore into PostgreSQL", "--db postgresql+psycopg://u@127.0.0.1:1/db db restore {backup}", 3),
        _c("backup onto the database", "--db {db} db backup {db}", 1),
        _c("backup onto the wal", "--db {db} db backup {db}-wal", 1),
        _c("backup onto the shm", "--db {db} db backup {db}-shm", 1),
        _c("backup onto the journal", "--db {db} db backup {db}-journal", 1),
        _c("backup onto a symlink to the database", "--db {db} db backup {symlink}", 1),
        _c("backup onto a hard link to the database", "--db {db} db backup {hardlink}", 1),
        _c("backup into the backups folder", "--db {db} db backup {backups}/manual.sqlite3", 1),
        _c("backup onto an existing backup", "--db {db} db backup {backup}", 1),
        _c("backup to an empty name", ["--db", "{db}", "db", "backup", ""], 2),
        _c("backup into a missing folder", "--db {db} db backup {out}/nowhere/b.sqlite3", None),
        _c("backup onto a folder", "--db {db} db backup {dir}", None),
        _c("backup ok", "--db {db} db backup {out}/b.sqlite3", 0),
        _c("check a damaged database", "--db {damaged} db check", None),
        _c("check a locked database", "--db {locked} db check", None),
        _c("check, stdout closed", "--db {db} db check", 1, stdout="closed"),
        # -- user ----------------------------------------------------------------------------------
        _c("user add unknown role", "--db {db} user add x --role pilot", 2),
        _c("user add without login", "--db {db} user add", 2),
        _c("user add without terminal", "--db {db} user add bob --role admin", 2),
        _c("user add empty password", "--db {db} user add bob --role admin --password-stdin", 1),
        _c(
            "user add empty login",
            ["--db", "{db}", "user", "add", "", "--role", "admin", "--password-stdin"],
            1,
            stdin="long-enough-pw\n",
        ),
        _c(
            "user add existing login",
            "--db {db} user add admin --role admin --password-stdin",
            1,
            stdin="long-enough-pw\n",
        ),
        _c(
            "user add on a locked database",
            "--db {locked} user add bob --role admin --password-stdin",
            3,
            stdin="long-enough-pw\n",
            quick=True,
        ),
        _c("user list on a locked database", "--db {locked} user list", 0),
        _c("user list, reader gone", "--db {db} user list", 1, stdout="broken", quick=True),
        _c("user list, stdout closed", "--db {db} user list", 1, stdout="closed", quick=True),
        # -- kpi -----------------------------------------------------------------------------------
        _c("kpi from year 1", "--db {db} kpi --from 0001-01-01 --to 2026-01-01", 2, quick=True),
        _c("kpi to year 9999", "--db {db} kpi --from 2026-01-01 --to 9999-12-31", 2, quick=True),
        _c("kpi 30 February", "--db {db} kpi --from 2026-02-30 --to 2026-03-31", 2),
        _c("kpi from text", "--db {db} kpi --from x --to 2026-03-31", 2),
        _c("kpi empty date", ["--db", "{db}", "kpi", "--from", "", "--to", "2026-03-31"], 2),
        _c("kpi short date", "--db {db} kpi --from 2026-1-1 --to 2026-03-31", 2),
        _c("kpi reversed", "--db {db} kpi --from 2026-03-31 --to 2026-03-01", 2),
        _c("kpi without --to", "--db {db} kpi --from 2026-01-01", 2),
        _c("kpi by nobody", "--db {db} kpi --from 2026-01-01 --to 2026-01-31 --by nobody", 2),
        _c("kpi the widest period", "--db {db} kpi --from 1900-01-01 --to 2999-12-31 --json", 0),
        _c("kpi json", "--db {db} kpi --from 2026-01-01 --to 2026-01-31 --json", 0),
        _c("kpi, reader gone", "--db {db} kpi --from 2026-01-01 --to 2026-01-31 --json", 1, stdout="broken"),
        _c("kpi, stdout closed", "--db {db} kpi --from 2026-01-01 --to 2026-01-31", 1, stdout="closed"),
        _c("kpi on a damaged database", "--db {damaged} kpi --from 2020-01-01 --to 2026-12-31", None),
        # -- report --------------------------------------------------------------------------------
        _c("report year 9999", "--db {db} report monthly 9999-12 -o {out}/r.pdf", 2, quick=True),
        _c("report year 0", "--db {db} report monthly 0000-01 -o {out}/r.pdf", 2),
        _c("report month 13", "--db {db} report monthly 2026-13 -o {out}/r.pdf", 2),
        _c("report month 0", "--db {db} report monthly 2026-00 -o {out}/r.pdf", 2),
        _c("report two-digit year", "--db {db} report monthly 26-01 -o {out}/r.pdf", 2),
        _c("report a day", "--db {db} report monthly 2026-01-15 -o {out}/r.pdf", 2),
        _c("report onto the database", "--db {db} report monthly 2026-10 --output {db}", 1, quick=True),
        _c("report onto the wal", "--db {db} report monthly 2026-10 -o {db}-wal", 1),
        _c("report onto the shm", "--db {db} report monthly 2026-10 -o {db}-shm", 1),
        _c("report onto the journal", "--db {db} report monthly 2026-10 -o {db}-journal", 1),
        _c("report onto a symlink", "--db {db} report monthly 2026-10 -o {symlink}", 1, quick=True),
        _c("report onto a hard link", "--db {db} report monthly 2026-10 -o {hardlink}", 1),
        _c("report into the backups", "--db {db} report monthly 2026-10 -o {backups}/r.pdf", 1),
        _c("report onto the backups folder", "--db {db} report monthly 2026-10 -o {backups}", 1),
        _c("report into a missing folder", "--db {db} report monthly 2026-10 -o {out}/nowhere/r.pdf", 1),
        _c("report onto a folder", "--db {db} report monthly 2026-10 -o {dir}", 1),
        _c("report empty name", ["--db", "{db}", "report", "monthly", "2026-10", "-o", ""], 2),
        _c("report unknown kind", "--db {db} report weekly 2026-10 -o {out}/r.pdf", 2),
        _c("report without output", "--db {db} report monthly 2026-10", 2),
        _c("report unknown language", "--db {db} report monthly 2026-10 -o {out}/r.pdf --lang de", 2),
        _c("report ok", "--db {db} report monthly 2026-10 -o {out}/r.pdf", 0),
        # -- import --------------------------------------------------------------------------------
        _c("import a fake workbook", "--db {db} import contacts {fake_xlsx}", 1, quick=True),
        _c("import a zip that is no workbook", "--db {db} import contacts {zip_xlsx}", 1),
        _c("import vehicles from a fake workbook", "--db {db} import vehicles {fake_xlsx}", 1),
        _c("import binary bytes", "--db {db} import contacts {binary} --dry-run", 1),
        _c("import an empty file", "--db {db} import contacts {empty} --dry-run", 1),
        _c("import a missing file", "--db {db} import contacts {missing}", 1),
        _c("import a folder", "--db {db} import contacts {dir}", 1),
        _c("import the database itself", "--db {db} import contacts {db} --dry-run", 1),
        _c("import a PDF", "--db {db} import contacts {pdf} --dry-run", 1),
        _c("import batch 0", "--db {db} import contacts {csv} --batch 0", 2),
        _c("import batch negative", "--db {db} import contacts {csv} --batch -1", 2),
        _c("import batch 1e3", "--db {db} import contacts {csv} --batch 1e3", 2),
        _c("import batch huge", f"--db {{db}} import contacts {{csv}} --batch {BIG}", 2),
        _c("import unknown duplicate rule", "--db {db} import contacts {csv} --on-duplicate maybe", 2),
        _c("import unknown kind", "--db {db} import cars {csv}", 2),
        _c("import missing mapping", "--db {db} import contacts {csv} --mapping {missing}", None),
        _c("import mapping not JSON", "--db {db} import contacts {csv} --mapping {binary}", None),
        _c("import mapping a folder", "--db {db} import contacts {csv} --mapping {dir}", None),
        _c("import mapping wrong JSON", "--db {db} import contacts {csv} --mapping {bad_mapping}", 2),
        _c("import report onto the database", "--db {db} import contacts {csv} --report {db}", 1),
        _c("import report onto the wal", "--db {db} import contacts {csv} --report {db}-wal", 1),
        _c("import report into the backups", "--db {db} import contacts {csv} --report {backups}/r.csv", 1),
        _c("import report onto a symlink", "--db {db} import contacts {csv} --report {symlink}", 1),
        _c("import report empty name", ["--db", "{db}", "import", "contacts", "{csv}", "--report", ""], 2),
        _c("import on a locked database", "--db {locked} import contacts {csv}", 3),
        _c("import dry run", "--db {db} import contacts {csv} --dry-run --json", None),
        _c("undo 1e30", "--db {db} import undo 1e30", 2, quick=True),
        _c("undo 0", "--db {db} import undo 0", 2),
        _c("undo negative", "--db {db} import undo -1", 2),
        _c("undo text", "--db {db} import undo abc", 2),
        _c("undo huge", f"--db {{db}} import undo {BIG}", 2, quick=True),
        _c("undo just too big", "--db {db} import undo 9223372036854775808", 2),
        _c("undo the largest id", f"--db {{db}} import undo {MAX_ID}", 1),
        _c("import list", "--db {db} import list", 0),
        _c("import list, reader gone", "--db {db} import list", None, stdout="broken"),
        _c("import list, stdout closed", "--db {db} import list", 1, stdout="closed"),
        # -- export --------------------------------------------------------------------------------
        _c("export onto the database", "--db {db} export contacts {db}", 1),
        _c("export onto the wal", "--db {db} export contacts {db}-wal", 1),
        _c("export onto the shm", "--db {db} export contacts {db}-shm", 1),
        _c("export onto the journal", "--db {db} export contacts {db}-journal", 1),
        _c("export onto a symlink", "--db {db} export contacts {symlink}", 1),
        _c("export onto a hard link", "--db {db} export contacts {hardlink}", 1),
        _c("export into the backups", "--db {db} export contacts {backups}/c.csv", 1),
        _c("export onto a backup", "--db {db} export contacts {backup}", 1),
        _c("export onto a database named .csv", "--db {db_csv} export contacts {db_csv}", 1, quick=True),
        _c("export all onto the database", "--db {db_zip} export all {db_zip}", 1),
        _c("export all into the backups", "--db {db} export all {backups}/all.zip", 1),
        _c("export all not a zip", "--db {db} export all {out}/all.csv", 1),
        _c("export to PDF", "--db {db} export contacts {out}/c.pdf", 1),
        _c("export vehicles to vCard", "--db {db} export vehicles {out}/v.vcf", 1),
        _c("export unknown kind", "--db {db} export cars {out}/c.csv", 2),
        _c("export ids 1e30", "--db {db} export contacts {out}/c.csv --ids 1e30", 2, quick=True),
        _c("export ids huge", f"--db {{db}} export contacts {{out}}/c.csv --ids 1,{BIG}", 2, quick=True),
        _c("export ids 0", "--db {db} export contacts {out}/c.csv --ids 0", 2),
        _c("export ids text", "--db {db} export contacts {out}/c.csv --ids abc", 2),
        _c("export ids only commas", "--db {db} export contacts {out}/c.csv --ids ,,,", 2),
        _c("export ids with a gap", "--db {db} export contacts {out}/c.csv --ids 1,,2", 0),
        _c("export ids the largest", f"--db {{db}} export contacts {{out}}/c.csv --ids {MAX_ID}", 0),
        _c("export into a missing folder", "--db {db} export contacts {out}/nowhere/c.csv", None),
        _c("export onto a folder", "--db {db} export contacts {dir}", 1),
        _c("export empty name", ["--db", "{db}", "export", "contacts", ""], 2),
        _c("export ok", "--db {db} export contacts {out}/c.xlsx", 0),
        _c("export all ok", "--db {db} export all {out}/all.zip", 0),
        _c("export on a damaged database", "--db {damaged} export all {out}/all.zip", None),
        # -- gdpr ----------------------------------------------------------------------------------
        _c("gdpr export id 0", "--db {db} gdpr export 0 -o {out}", 2),
        _c("gdpr export id 1e30", "--db {db} gdpr export 1e30 -o {out}", 2),
        _c("gdpr export id negative", "--db {db} gdpr export -1 -o {out}", 2),
        _c("gdpr export id text", "--db {db} gdpr export abc -o {out}", 2),
        _c("gdpr export id huge", f"--db {{db}} gdpr export {BIG} -o {{out}}", 2, quick=True),
        _c("gdpr export unknown id", f"--db {{db}} gdpr export {MAX_ID} -o {{out}}", 1),
        _c("gdpr export onto the database", "--db {db} gdpr export 3 -o {db}", 1),
        _c("gdpr export into the backups", "--db {db} gdpr export 3 -o {backups}", 1, quick=True),
        _c("gdpr export below the backups", "--db {db} gdpr export 3 -o {backups}/sub", 1),
        _c("gdpr export onto a file", "--db {db} gdpr export 3 -o {csv}", 1),
        _c("gdpr export empty folder name", ["--db", "{db}", "gdpr", "export", "3", "-o", ""], 2),
        _c("gdpr export without folder", "--db {db} gdpr export 3", 2),
        _c("gdpr export ok", "--db {db} gdpr export 3 -o {out}", 0),
        _c("gdpr erase id 0", "--db {db} gdpr erase 0 --yes", 2),
        _c("gdpr erase id 1e30", "--db {db} gdpr erase 1e30 --yes", 2),
        _c("gdpr erase id text", "--db {db} gdpr erase abc", 2),
        _c("gdpr erase id huge", f"--db {{db}} gdpr erase {BIG} --yes", 2),
        _c("gdpr erase unknown id", f"--db {{db}} gdpr erase {MAX_ID} --yes", 1),
        _c("gdpr erase without an answer", "--db {db} gdpr erase 5", 1),
        _c("gdpr erase answered no", "--db {db} gdpr erase 5", 1, stdin="n\n"),
        _c("gdpr erase on a locked database", "--db {locked} gdpr erase 5 --yes", 3, quick=True),
        _c("gdpr erase, VACUUM on a damaged page", "--db {vacuum} gdpr erase 7 --yes", 3, quick=True),
        _c("gdpr purge dry run", "--db {db} gdpr purge --dry-run", 0),
        _c("gdpr purge on a locked database", "--db {locked} gdpr purge --dry-run", 0),
        _c("gdpr unknown action", "--db {db} gdpr frobnicate", 2),
        # -- backups -------------------------------------------------------------------------------
        _c("backups unknown action", "--db {db} backups frobnicate", 2),
        _c("backups list", "--db {db} backups list", 0),
        _c("backups list, reader gone", "--db {db} backups list", None, stdout="broken"),
        _c("backups list, stdout closed", "--db {db} backups list", 1, stdout="closed"),
        _c("backups now on a damaged database", "--db {damaged} backups now", None),
        _c("backups thin on PostgreSQL", "--db postgresql+psycopg://u@127.0.0.1:1/db backups thin", 3),
    ]
    # -- mistyped --db values, each with every kind of command --------------------------------------
    bad_databases = {
        "missing file": ("{missing}", 3),
        "folder": ("{dir}", 3),
        "text file": ("{notdb}", 3),
        "CSV file": ("{csv}", 3),
        "fake workbook": ("{fake_xlsx}", 3),
        "unknown dialect": ("foo://x", 3),
        "unparsable URL": ("://x", 3),
        "bad port": ("postgresql://u@h:nope/db", 3),
        "postgresql, no driver or no server": ("postgresql://u@127.0.0.1:1/db", 3),
        "postgresql+psycopg, no driver or no server": ("postgresql+psycopg://u@127.0.0.1:1/db", 3),
        "postgresql+psycopg2, no driver or no server": ("postgresql+psycopg2://u@127.0.0.1:1/db", 3),
        "mysql, no driver": ("mysql://u@127.0.0.1:1/db", 3),
        "in-memory SQLite": ("sqlite://", 3),
        "empty": ("", 3),
    }
    commands = {
        "user list": ["user", "list"],
        "db check": ["db", "check"],
        "kpi": ["kpi", "--from", "2026-01-01", "--to", "2026-01-31"],
        "export": ["export", "contacts", "{out}/c.csv"],
        "gdpr erase": ["gdpr", "erase", "1", "--yes"],
        "backups list": ["backups", "list"],
        "import list": ["import", "list"],
        "report": ["report", "monthly", "2026-01", "-o", "{out}/r.pdf"],
    }
    quick_db = {("unknown dialect", "user list"), ("postgresql, no driver or no server", "user list")}
    quick_db |= {("postgresql+psycopg, no driver or no server", "kpi"), ("missing file", "export")}
    for label, (value, expect) in bad_databases.items():
        for command, argv in commands.items():
            cases.append(
                Case(
                    f"--db {label}: {command}",
                    ("--db", value, *argv),
                    expect,
                    quick=(label, command) in quick_db,
                )
            )
    return cases


CASES: list[Case] = _cases()


# -- The files the cases name ---------------------------------------------------------------------------


def prepare(folder: Path, db: Path) -> dict[str, str]:
    """Beside the demo database `db` (in `folder`), the files the cases name; returns the placeholders.

    The locked copy is not locked yet: see `hold_lock`."""
    from dealercrm.services.backups import BackupService  # noqa: F401  (fail early if not importable)

    files = folder / "files"
    files.mkdir(exist_ok=True)
    backups = folder / "backups"
    backups.mkdir(exist_ok=True)
    backup = backups / "dealercrm-auto-20260101T000000Z.sqlite3"
    shutil.copyfile(db, backup)
    (files / "folder").mkdir(exist_ok=True)
    (files / "fake.xlsx").write_text("not a zip at all\n", encoding="utf-8")
    (files / "notdb.txt").write_text("hello\n", encoding="utf-8")
    (files / "binary.csv").write_bytes(bytes(range(256)) * 64)
    (files / "empty.csv").write_bytes(b"")
    (files / "file.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (files / "mapping.json").write_text('["not", "an", "object"]', encoding="utf-8")
    (files / "contacts.csv").write_text(
        "Nom;Prénom;Tél. portable;E-mail\nMartin;Paul;06 12 34 56 78;paul.martin@example.fr\n",
        encoding="utf-8",
    )
    import zipfile

    with zipfile.ZipFile(files / "zip.xlsx", "w") as archive:
        archive.writestr("hello.txt", "a zip, but no workbook")
    for name in ("scratch.db", "locked.db", "db.csv", "db.zip"):
        shutil.copyfile(db, folder / name)
    damaged, vacuum = folder / "damaged.db", folder / "vacuum.db"
    shutil.copyfile(db, damaged)
    _damage_a_page(damaged)
    shutil.copyfile(damaged, vacuum)
    symlink, hardlink = folder / "link-to-db.db", folder / "hardlink-to-db.db"
    for link in (symlink, hardlink):
        link.unlink(missing_ok=True)
    symlink.symlink_to(db)
    os.link(db, hardlink)
    return {
        "db": str(db),
        "tmp": str(folder),
        "backups": str(backups),
        "backup": str(backup),
        "scratch": str(folder / "scratch.db"),
        "locked": str(folder / "locked.db"),
        "damaged": str(damaged),
        "vacuum": str(vacuum),
        "db_csv": str(folder / "db.csv"),
        "db_zip": str(folder / "db.zip"),
        "symlink": str(symlink),
        "hardlink": str(hardlink),
        "dir": str(files / "folder"),
        "missing": str(folder / "no-such-file"),
        "fake_xlsx": str(files / "fake.xlsx"),
        "zip_xlsx": str(files / "zip.xlsx"),
        "notdb": str(files / "notdb.txt"),
        "binary": str(files / "binary.csv"),
        "empty": str(files / "empty.csv"),
        "pdf": str(files / "file.pdf"),
        "bad_mapping": str(files / "mapping.json"),
        "csv": str(files / "contacts.csv"),
    }


def _damage_a_page(path: Path) -> None:
    """Overwrite one leaf page of the marketing spend table (one an erasure does not read, a VACUUM
    does) with garbage."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        try:
            row = conn.execute(
                "SELECT max(pageno) FROM dbstat WHERE name = 'marketing_spend' AND pagetype = 'leaf'"
            ).fetchone()
            page = int(row[0])
        except (sqlite3.Error, TypeError):
            page = conn.execute("PRAGMA page_count").fetchone()[0] - 2
    conn.close()
    with open(path, "r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(b"\x0d" + bytes([0xFF]) * (page_size - 1))


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE settings SET key = key WHERE 0")
print("locked", flush=True)
sys.stdin.read()  # until the parent closes it
"""


def hold_lock(path: str) -> subprocess.Popen[str]:
    """A process holding a write transaction (BEGIN IMMEDIATE) on `path` until its stdin is closed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCKER, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "locked":
        proc.kill()
        raise RuntimeError("the helper could not lock the database")
    return proc


def release_lock(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)


# -- Running ------------------------------------------------------------------------------------------


def expand(case: Case, placeholders: dict[str, str], out: Path) -> list[str]:
    values = {**placeholders, "out": str(out)}
    return [part.format(**values) for part in case.argv]


@dataclass
class Outcome:
    case: Case
    argv: list[str]
    code: int
    stderr: str
    seconds: float

    def problems(self) -> list[str]:
        found = []
        if TRACEBACK in self.stderr:
            found.append("traceback")
        if "Exception ignored" in self.stderr:
            found.append("'Exception ignored' at exit")
        if self.code not in (0, 1, 2, 3):
            found.append(f"undocumented exit code {self.code}")
        elif self.case.expect is not None and self.code != self.case.expect:
            found.append(f"exit code {self.code}, expected {self.case.expect}")
        for line in self.stderr.splitlines():
            if line.startswith("dealercrm: ") and not line.rstrip().endswith((".", "!", "?")):
                found.append(f"not a sentence: {line[:120]!r}")
        return found


def run_subprocess(case: Case, argv: list[str], env: dict[str, str]) -> Outcome:
    command = [sys.executable, "-m", "dealercrm", *argv]
    started = time.perf_counter()
    if case.stdout == "closed":
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
    if case.stdout == "broken":
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        proc.stdout.close()  # the reader goes away before the command writes anything
        _, stderr = proc.communicate(case.stdin, timeout=300)
        code = proc.returncode
    else:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            input=case.stdin,
            stdout=None if case.stdout == "closed" else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
        code, stderr = result.returncode, result.stderr
    return Outcome(case, argv, code, stderr, time.perf_counter() - started)


def sweep(jobs: int, keep: Path | None, *, verbose: bool = False) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="dealercrm-sweep-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DEALERCRM_DB"}
    env["PYTHONPATH"] = str(ROOT)
    env["XDG_DATA_HOME"] = str(folder / "xdg-data")  # nothing touches the real user folders
    env["XDG_CONFIG_HOME"] = str(folder / "xdg-config")
    db = folder / "demo.db"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dealercrm", "--db", str(db), "demo", "--contacts", "200"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    placeholders = prepare(folder, db)
    header_before = db.read_bytes()[:16]
    locker = hold_lock(placeholders["locked"])
    try:
        work = []
        for index, case in enumerate(CASES):
            out = folder / "out" / f"{index:03d}"
            out.mkdir(parents=True, exist_ok=True)
            work.append((case, expand(case, placeholders, out)))
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            outcomes = list(pool.map(lambda item: run_subprocess(item[0], item[1], env), work))
    finally:
        release_lock(locker)
    if verbose:
        for o in outcomes:
            last = o.stderr.strip().splitlines()[-1:] or [""]
            print(f"{o.code}  {o.case.name:<45} {last[0][:200]}", file=sys.stderr)
    check = subprocess.run(
        [sys.executable, "-m", "dealercrm", "--db", str(db), "db", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    intact = db.read_bytes()[:16] == header_before and check.returncode == 0
    failures = [
        {
            "case": o.case.name,
            "argv": o.argv,
            "exit_code": o.code,
            "problems": o.problems(),
            "stderr": o.stderr[-600:],
        }
        for o in outcomes
        if o.problems()
    ]
    if not intact:
        failures.append(
            {"case": "the demo database after the sweep", "problems": ["damaged"], "stderr": check.stdout}
        )
    if keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "invocations": len(outcomes),
        "tracebacks": sum(TRACEBACK in o.stderr for o in outcomes),
        "by_exit_code": {str(k): v for k, v in sorted(Counter(o.code for o in outcomes).items())},
        "failures": failures,
        "database_intact": intact,
        "seconds": round(time.perf_counter() - started, 1),
        "slowest": sorted(((round(o.seconds, 2), o.case.name) for o in outcomes), reverse=True)[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--jobs", type=int, default=2, help="invocations run at once (default 2)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--verbose", action="store_true", help="print every case's exit code and message")
    args = parser.parse_args(argv)
    summary = sweep(args.jobs, args.keep, verbose=args.verbose)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{summary['invocations']} invocations in {summary['seconds']} s")
        print(f"tracebacks: {summary['tracebacks']}")
        print("by exit code: " + ", ".join(f"{k}: {v}" for k, v in summary["by_exit_code"].items()))
        print(f"demo database intact: {summary['database_intact']}")
        print("slowest: " + ", ".join(f"{name} {s} s" for s, name in summary["slowest"]))
        for failure in summary["failures"]:
            print(f"FAILED {failure['case']}: {'; '.join(failure['problems'])}")
            if failure.get("stderr"):
                print("    " + failure["stderr"].strip().replace("\n", "\n    "))
    return 1 if summary["tracebacks"] or summary["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
