#!/usr/bin/env python3
"""Import speed on a messy customer file, against `sqlite-utils insert --csv`, and a SIGKILL loop.

    python benchmarks/importing.py [--rows 100000] [--kills 20] [--batch 3000] [--json]

1. Generates a CSV as an old DMS exports it: Windows-1252, `;`, French dates, decimal
   commas, phone numbers written every French way, accents, quoted line breaks, empty lines, ~1 % of
   broken rows and ~1 % of duplicates (same phone or e-mail as an earlier row).
2. Imports it into a fresh, migrated database with full validation (`ImportService.run`), and reports
   rows/s (target: at least 20,000 rows/s).
3. Loads the same file with `sqlite-utils insert --csv --delimiter ";"` (no validation, no indexes, one
   text column per header) into an empty database, and reports the ratio of the two times. (Its
   `--sniff`, csv.Sniffer, cannot determine the delimiter of this file; ours can.)
4. Kill loop: a child process imports the file into another fresh database and is killed with SIGKILL
   at a random moment, `--kills` times; after each kill `PRAGMA integrity_check` must be ok and the
   journal must account for every contact (no partial batch); the import is then re-run to completion
   and the contact count must be exactly the expected one.

Prints the figures; `--json` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dealercrm.services.importing import DEFAULT_BATCH  # noqa: E402 - after the path is set

FIRST = ["Jean", "Élodie", "François", "Hélène", "Jérôme", "Agnès", "Noël", "Zoé", "Loïc", "Anaïs", "Marc"]
LAST = ["Dupont", "Lefèvre", "Müller", "Nguyen", "Da Silva", "Lemaître", "Benoît", "O'Brien", "Garçon"]
CITIES = [
    ("75011", "Paris"),
    ("69003", "Lyon"),
    ("13008", "Marseille"),
    ("1000", "Bourg-en-Bresse"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("06000", "Nice"),
    ("97400", "Saint-Denis"),
]
HEADER = [
    "Civilité",
    "NOM",
    "Prénom",
    "Tél. portable",
    "Tél fixe",
    "E-mail",
    "Adresse",
    "CP",
    "Ville",
    "Date de naissance",
    "Budget",
    "Opt-in SMS",
    "Commentaire",
]


def phone_variant(rng: random.Random, digits: str) -> str:
    """digits: 9 national digits (without the leading 0)."""
    pairs = " ".join(digits[i : i + 2] for i in range(1, 9, 2))
    return rng.choice(
        [
            f"0{digits}",
            f"0{digits[0]} {pairs}",
            f"0{digits[0]}.{pairs.replace(' ', '.')}",
            f"+33 {digits[0]} {pairs}",
            f"+33 (0){digits[0]} {pairs}",
            f"0033{digits}",
            digits,
        ]
    )


def generate(path: Path, rows: int, seed: int = 7) -> int:
    """Write the messy file; returns how many contacts a correct import must end with."""
    rng = random.Random(seed)
    expected = 0
    # No title line above the header: `sqlite-utils insert --csv` must be able to read the same file.
    lines = [";".join(HEADER)]
    created_mobiles: set[str] = set()
    for i in range(rows):
        kind = rng.random()
        mobile = f"6{i:08d}"
        email = f"client{i}@exemple-{i % 97}.fr"
        birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2004)}"
        if kind < 0.01:
            # Broken: an impossible date and a malformed e-mail.
            birth, email = "31/02/1980", f"client{i}@"
        elif kind < 0.02 and i > 10:
            # Same mobile as an earlier row: updates that contact if it was created, else is a new one.
            mobile = f"6{i - 5:08d}"
            if rng.random() < 0.5:
                birth = ""
        if kind >= 0.01 and mobile not in created_mobiles:
            created_mobiles.add(mobile)
            expected += 1
        code, city = rng.choice(CITIES)
        note = rng.choice(["", "", "", "Rappeler en septembre", '"Client fidèle\nà relancer"', "Pro; flotte"])
        if note == "Pro; flotte":
            note = '"Pro; flotte"'
        landline_digits = f"{rng.choice('1235')}{rng.randint(1, 8)}{i % 10**7:07d}"
        landline = phone_variant(rng, landline_digits) if rng.random() < 0.3 else ""
        budget = rng.choice(["", "25 000,00 €", "18500", "32 000 €", "12.500,50"])
        lines.append(
            ";".join(
                [
                    rng.choice(["M.", "Mme", "Monsieur", "Madame", ""]),
                    rng.choice(LAST).upper() if rng.random() < 0.5 else rng.choice(LAST),
                    rng.choice(FIRST),
                    phone_variant(rng, mobile),
                    landline,
                    email,
                    f"{rng.randint(1, 200)} rue de la République",
                    code,
                    city,
                    birth,
                    budget,
                    rng.choice(["oui", "non", "", "O", "N"]),
                    note,
                ]
            )
        )
        if i % 5000 == 0:
            lines.append("")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return expected


def fresh_db(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


def import_once(db_path: Path, csv_path: Path, batch: int) -> dict[str, float | int]:
    from dealercrm.db import open_database
    from dealercrm.services.importing import ImportService, MappingStore
    from dealercrm.services.permissions import SYSTEM_ACTOR

    db = open_database(db_path, create=True)
    cpu = time.process_time()
    try:
        service = ImportService(
            db.session_factory, actor=SYSTEM_ACTOR, mapping_store=MappingStore(Path(os.devnull))
        )
        result = service.run(path=csv_path, kind="contacts", batch_size=batch)
    finally:
        db.dispose()
    cpu = time.process_time() - cpu
    return {
        "rows": result.rows,
        "cpu_seconds": cpu,
        "seconds": result.seconds,
        "rows_per_second": result.rows_per_second,
        "created": result.created,
        "updated": result.updated + result.unchanged,
        "rejected": result.rejected,
    }


def sqlite_utils_once(csv_path: Path, work: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `sqlite-utils insert --csv` on the file, in a child process."""
    target = work / "sqlite_utils.db"
    target.unlink(missing_ok=True)
    exe = Path(sys.executable).with_name("sqlite-utils")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "sqlite_utils"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [
            *command,
            "insert",
            str(target),
            "contacts",
            str(csv_path),
            "--csv",
            "--delimiter",
            ";",
            "--encoding",
            "cp1252",
        ],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


CHILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from dealercrm.db import open_database
from dealercrm.services.importing import ImportService, MappingStore
from dealercrm.services.permissions import SYSTEM_ACTOR
db = open_database({db!r}, create=True)
ImportService(db.session_factory, actor=SYSTEM_ACTOR, mapping_store=MappingStore(Path("/dev/null"))).run(
    path=Path({csv!r}), kind="contacts", batch_size={batch})
"""


def check_after_kill(db_path: Path, batch: int, final_line: int) -> tuple[list[str], int]:
    """Problems found in a killed import's database, and the number of contacts in it."""
    problems: list[str] = []
    with sqlite3.connect(db_path) as conn:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.append(f"integrity_check: {rows[:3]}")
        contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
        journaled = conn.execute(
            "SELECT count(*) FROM import_rows WHERE entity = 'contacts' AND action = 'create'"
        ).fetchone()[0]
        if contacts != journaled:
            problems.append(f"{contacts} contacts but {journaled} in the journal")
        orphans = conn.execute(
            "SELECT count(*) FROM import_rows r LEFT JOIN contacts c ON c.id = r.entity_id "
            "WHERE r.entity = 'contacts' AND c.id IS NULL"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} journal rows without their contact")
        # Each committed batch moved the run's last_line and rows_total together with its rows.
        runs = conn.execute("SELECT id, rows_total, created, status, last_line FROM import_runs").fetchall()
        for run_id, rows_total, created, status, last_line in runs:
            actual = conn.execute(
                "SELECT count(*) FROM import_rows "
                "WHERE run_id = ? AND entity = 'contacts' AND action = 'create'",
                (run_id,),
            ).fetchone()[0]
            if actual != created:
                problems.append(f"run {run_id}: counter says {created} created, journal {actual}")
            # Only a run that reached the file's end ends with a shorter batch (done, or killed between
            # writing that batch and being marked done).
            if rows_total % batch and status != "done" and last_line != final_line:
                problems.append(f"run {run_id}: {rows_total} rows committed is not whole batches of {batch}")
        fts = conn.execute("SELECT count(*) FROM contacts_fts").fetchone()[0]
        if fts != contacts:
            problems.append(f"full-text index has {fts} rows for {contacts} contacts")
    return problems, contacts


def kill_loop(
    template: Path, csv_path: Path, work: Path, kills: int, batch: int, expected: int, seed: int
) -> dict:
    from dealercrm.services.importing.sources import SourceTable

    rng = random.Random(seed)
    db_path = fresh_db(template, work / "killed.sqlite3")
    with SourceTable(csv_path) as source:
        final_line = max(record.line for record in source.records())  # the file's last record
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    script = CHILD.format(root=str(ROOT), db=str(db_path), csv=str(csv_path), batch=batch)
    problems: list[str] = []
    counts: list[int] = []
    for _ in range(kills):
        with sqlite3.connect(db_path, timeout=10) as conn:
            last_run = conn.execute("SELECT coalesce(max(id), 0) FROM import_runs").fetchone()[0]
        child = subprocess.Popen([sys.executable, "-c", script], env=env)
        # Kill once this run has committed a random number of rows (so that every kill falls somewhere
        # new in the file, whatever the machine's speed), a random fraction of a batch later.
        target = rng.randint(1, max(1, (expected - (counts[-1] if counts else 0)) // kills))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            with sqlite3.connect(db_path, timeout=10) as conn:
                # This child's run, not the one the previous kill left marked "running".
                row = conn.execute(
                    "SELECT rows_total FROM import_runs WHERE id > ? ORDER BY id DESC LIMIT 1", (last_run,)
                ).fetchone()
            if row is not None and row[0] >= target:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.3))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        child.wait()
        found, contacts = check_after_kill(db_path, batch, final_line)
        problems += found
        counts.append(contacts)
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    found, final = check_after_kill_final(db_path)
    problems += found
    if final != expected:
        problems.append(f"after completion: {final} contacts, expected {expected}")
    return {
        "kills": kills,
        "contacts_after_each_kill": counts,
        "final_contacts": final,
        "expected": expected,
        "problems": problems,
    }


def check_after_kill_final(db_path: Path) -> tuple[list[str], int]:
    with sqlite3.connect(db_path) as conn:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
    return ([] if rows == ["ok"] else [f"integrity_check: {rows[:3]}"]), contacts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from dealercrm.db import open_database

    with tempfile.TemporaryDirectory(prefix="dealercrm-bench-") as tmp:
        work = Path(tmp)
        template = work / "template.sqlite3"
        open_database(template, create=True).dispose()
        csv_path = work / "clients.csv"
        expected = generate(csv_path, args.rows, args.seed)
        ours = import_once(fresh_db(template, work / "import.sqlite3"), csv_path, args.batch)
        theirs, theirs_cpu = sqlite_utils_once(csv_path, work)
        figures: dict = {
            "rows": args.rows,
            "file_mb": round(csv_path.stat().st_size / 1e6, 2),
            "import_seconds": round(float(ours["seconds"]), 3),
            "import_rows_per_second": round(float(ours["rows_per_second"])),
            "import_cpu_seconds": round(float(ours["cpu_seconds"]), 3),
            "import_rows_per_cpu_second": round(args.rows / float(ours["cpu_seconds"])),
            "created": ours["created"],
            "updated": ours["updated"],
            "rejected": ours["rejected"],
            "expected_contacts": expected,
            "sqlite_utils_seconds": round(theirs, 3),
            "sqlite_utils_rows_per_second": round(args.rows / theirs),
            "sqlite_utils_cpu_seconds": round(theirs_cpu, 3),
            "ratio_import_time_to_sqlite_utils": round(float(ours["seconds"]) / theirs, 2),
            "ratio_import_cpu_to_sqlite_utils": round(float(ours["cpu_seconds"]) / theirs_cpu, 2),
            "load_average": os.getloadavg()[0],
            "target_rows_per_second": 20_000,
        }
        if args.kills:
            figures["kill_test"] = kill_loop(
                template, csv_path, work, args.kills, args.batch, expected, args.seed
            )
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"File: {args.rows} rows, {figures['file_mb']} MB (cp1252, ';', messy)")
        print(
            f"dealercrm import: {figures['import_seconds']} s, {figures['import_rows_per_second']} rows/s "
            f"(target 20000); CPU {figures['import_cpu_seconds']} s = "
            f"{figures['import_rows_per_cpu_second']} rows per CPU second - created {figures['created']}, "
            f"updated {figures['updated']}, "
            f"rejected {figures['rejected']} (expected contacts {expected})"
        )
        print(
            f"sqlite-utils insert --csv: {figures['sqlite_utils_seconds']} s, "
            f"{figures['sqlite_utils_rows_per_second']} rows/s; "
            f"CPU {figures['sqlite_utils_cpu_seconds']} s; ratio ours/theirs: wall "
            f"{figures['ratio_import_time_to_sqlite_utils']}, "
            f"CPU {figures['ratio_import_cpu_to_sqlite_utils']} "
            f"(load average {figures['load_average']:.1f})"
        )
        if "kill_test" in figures:
            kt = figures["kill_test"]
            print(
                f"SIGKILL loop: {kt['kills']} kills, contacts after each: {kt['contacts_after_each_kill']}; "
                f"final {kt['final_contacts']} (expected {kt['expected']}); "
                f"problems: {kt['problems'] or 'none'}"
            )
    ok = not figures.get("kill_test", {}).get("problems")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
