#!/usr/bin/env python3
"""Import speed on a messy customer file, against `sqlite-utils insert --csv`, and a SIGKILL loop.

    python benchmarks/importing.py [--rows 100000] [--kills 20] [--batch 3000] [--json]
    python benchmarks/importing.py --db postgresql+psycopg://USER@HOST:PORT/postgres [--rows 100000] ...

With `--db URL` (a PostgreSQL server, e.g. benchmarks/pgserver.py's; the URL's user must be allowed to
create databases) the imports go into databases created on that server from a migrated template and
dropped at the end (the importer loads them with COPY, dealercrm/db/bulk.py); step 3 is skipped
(sqlite-utils writes SQLite files only), and the kill loop checks the journal, the counters and the
whole batches as on SQLite (PostgreSQL checks its own pages).

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
import contextlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def fresh_db(template: Path | str, target: Path) -> Path | str:
    """A copy of the migrated template: SQLite's own backup into `target`, or on PostgreSQL a database
    created from it."""
    if isinstance(template, Path):
        with (
            contextlib.closing(sqlite3.connect(template)) as source,
            contextlib.closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
        return target
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(template)
    name = f"{url.database}_{target.stem}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"')
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def server_cpu_seconds(url: str) -> float | None:
    """The benchmark PostgreSQL server's CPU seconds so far (benchmarks/pgserver.py), None elsewhere."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from pgserver import server_cpu_seconds as measure

    result: float | None = measure(url)
    return result


def pg_template(server: str) -> str:
    """A migrated, empty database on the server of `server`, the template of every import's database."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from dealercrm.db import open_database

    # Named after this process: two benchmarks on one server do not drop each other's databases.
    url = make_url(server).set(database=f"dealercrm_bench_import_{os.getpid()}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    finally:
        admin.dispose()
    open_database(url, create=True).dispose()
    return url.render_as_string(hide_password=False)


def run_trial_sql(template: Path | str, statements: list[str]) -> None:
    """Run `statements` on the template (every import's database is a copy of it), in one transaction."""
    if not statements:
        return
    from sqlalchemy import create_engine

    engine = create_engine(template if isinstance(template, str) else f"sqlite:///{template}")
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def drop_pg_databases(template: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(template)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            names = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname = :n OR starts_with(datname, :p)"),
                {"n": url.database, "p": f"{url.database}_"},
            ).scalars()
            for name in list(names):
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def query(db: Path | str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of `sql` (with ? marks) as another program sees them: sqlite3 on a file, else the server."""
    if isinstance(db, Path):
        with contextlib.closing(sqlite3.connect(db, timeout=10)) as conn:
            return conn.execute(sql, params).fetchall()
    from sqlalchemy import create_engine

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql.replace("?", "%s"), params).all()]
    finally:
        engine.dispose()


def backend_cpu_seconds(db: Any) -> float | None:
    """CPU seconds used so far by the server processes connected to `db`'s database (the import's own
    connections, still in its pool), read from /proc: None unless the server runs on this machine and
    /proc shows its processes. Unlike the whole server's CPU, other users of the server do not count."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        pids = list(pids)
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        for pid in pids:
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return None
    return total / ticks


def import_once(db_path: Path | str, csv_path: Path, batch: int) -> dict[str, Any]:
    from dealercrm.db import open_database
    from dealercrm.services.importing import ImportService, MappingStore
    from dealercrm.services.permissions import SYSTEM_ACTOR

    db = open_database(db_path, create=True)
    backend: float | None = None
    cpu = time.process_time()
    try:
        service = ImportService(
            db.session_factory, actor=SYSTEM_ACTOR, mapping_store=MappingStore(Path(os.devnull))
        )
        result = service.run(path=csv_path, kind="contacts", batch_size=batch)
        cpu = time.process_time() - cpu
        if isinstance(db_path, str):
            backend = backend_cpu_seconds(db)  # the pool's connections were opened for this import
    finally:
        db.dispose()
    return {
        "backend_cpu_seconds": backend,
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


def check_after_kill(db: Path | str, batch: int, final_line: int) -> tuple[list[str], int]:
    """Problems found in a killed import's database, and the number of contacts in it."""
    problems: list[str] = []
    on_sqlite = isinstance(db, Path)
    if on_sqlite:
        rows = [r[0] for r in query(db, "PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.append(f"integrity_check: {rows[:3]}")
    contacts = query(db, "SELECT count(*) FROM contacts")[0][0]
    journaled = query(db, "SELECT count(*) FROM import_rows WHERE entity = 'contacts' AND action = 'create'")[
        0
    ][0]
    if contacts != journaled:
        problems.append(f"{contacts} contacts but {journaled} in the journal")
    orphans = query(
        db,
        "SELECT count(*) FROM import_rows r LEFT JOIN contacts c ON c.id = r.entity_id "
        "WHERE r.entity = 'contacts' AND c.id IS NULL",
    )[0][0]
    if orphans:
        problems.append(f"{orphans} journal rows without their contact")
    # Each committed batch moved the run's last_line and rows_total together with its rows.
    runs = query(db, "SELECT id, rows_total, created, status, last_line FROM import_runs")
    for run_id, rows_total, created, status, last_line in runs:
        actual = query(
            db,
            "SELECT count(*) FROM import_rows WHERE run_id = ? AND entity = 'contacts' AND action = 'create'",
            (run_id,),
        )[0][0]
        if actual != created:
            problems.append(f"run {run_id}: counter says {created} created, journal {actual}")
        # Only a run that reached the file's end ends with a shorter batch (done, or killed between
        # writing that batch and being marked done).
        if rows_total % batch and status != "done" and last_line != final_line:
            problems.append(f"run {run_id}: {rows_total} rows committed is not whole batches of {batch}")
    if on_sqlite:  # PostgreSQL's search vectors are columns of the rows themselves
        fts = query(db, "SELECT count(*) FROM contacts_fts")[0][0]
        if fts != contacts:
            problems.append(f"full-text index has {fts} rows for {contacts} contacts")
    return problems, contacts


def kill_loop(
    template: Path | str, csv_path: Path, work: Path, kills: int, batch: int, expected: int, seed: int
) -> dict[str, Any]:
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
        last_run = query(db_path, "SELECT coalesce(max(id), 0) FROM import_runs")[0][0]
        child = subprocess.Popen([sys.executable, "-c", script], env=env)
        # Kill once this run has committed a random number of rows (so that every kill falls somewhere
        # new in the file, whatever the machine's speed), a random fraction of a batch later.
        target = rng.randint(1, max(1, (expected - (counts[-1] if counts else 0)) // kills))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            # This child's run, not the one the previous kill left marked "running".
            row = query(
                db_path,
                "SELECT rows_total FROM import_runs WHERE id > ? ORDER BY id DESC LIMIT 1",
                (last_run,),
            )
            if row and row[0][0] >= target:
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


def check_after_kill_final(db: Path | str) -> tuple[list[str], int]:
    contacts = query(db, "SELECT count(*) FROM contacts")[0][0]
    if not isinstance(db, Path):
        return [], contacts
    rows = [r[0] for r in query(db, "PRAGMA integrity_check")]
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
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL server to import into (default: SQLite)")
    parser.add_argument(
        "--trial-sql",
        action="append",
        default=[],
        metavar="SQL",
        help="a statement run on the migrated template before the imports, for trials only (e.g. "
        "'DROP TRIGGER contacts_fts_words_inserted ON contacts' to see what a trigger costs); repeatable",
    )
    args = parser.parse_args(argv)

    from dealercrm.db import open_database

    if args.db is not None and "://" not in args.db:
        parser.error("--db takes a PostgreSQL server's URL (postgresql+psycopg://USER@HOST:PORT/postgres)")
    with tempfile.TemporaryDirectory(prefix="dealercrm-bench-") as tmp:
        work = Path(tmp)
        template: Path | str
        if args.db is not None:
            template = pg_template(args.db)
        else:
            template = work / "template.sqlite3"
            open_database(template, create=True).dispose()
        try:
            run_trial_sql(template, args.trial_sql)
            return _measure(args, work, template)
        finally:
            if isinstance(template, str):
                drop_pg_databases(template)


def _measure(args: argparse.Namespace, work: Path, template: Path | str) -> int:
    csv_path = work / "clients.csv"
    expected = generate(csv_path, args.rows, args.seed)
    target = fresh_db(template, work / "import.sqlite3")
    on_sqlite = isinstance(template, Path)
    server_before = None if on_sqlite else server_cpu_seconds(str(target))
    ours = import_once(target, csv_path, args.batch)
    server_after = None if on_sqlite else server_cpu_seconds(str(target))
    figures: dict[str, Any] = {
        "database": "sqlite" if on_sqlite else "postgresql",
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
        "load_average": os.getloadavg()[0],
        **({"trial_sql": args.trial_sql} if args.trial_sql else {}),
        "target_rows_per_second": 20_000,
        "targets": {
            "import_rows_per_second": {
                "measured": round(float(ours["rows_per_second"])),
                "target": 20_000,
                "met": float(ours["rows_per_second"]) >= 20_000,
            }
        },
    }
    if ours["backend_cpu_seconds"] is not None:
        # The CPU of the import's own server processes (a shared server's other work left out).
        backend = float(ours["backend_cpu_seconds"])
        figures["server_backend_cpu_seconds"] = round(backend, 3)
        figures["rows_per_cpu_second_server_backends"] = round(args.rows / backend) if backend else None
        figures["rows_per_cpu_second_client_and_backends"] = round(
            args.rows / (float(ours["cpu_seconds"]) + backend)
        )
        # The same per row of the file, in microseconds: what the client and the server each spend.
        figures["client_cpu_us_per_row"] = round(float(ours["cpu_seconds"]) / args.rows * 1e6, 1)
        figures["server_backend_cpu_us_per_row"] = round(backend / args.rows * 1e6, 1)
    if server_before is not None and server_after is not None:
        # The server's CPU for the import (PostgreSQL runs beside us; SQLite's work is in our own CPU).
        figures["server_cpu_seconds"] = round(server_after - server_before, 3)
        figures["rows_per_cpu_second_client_and_server"] = round(
            args.rows / (float(ours["cpu_seconds"]) + server_after - server_before)
        )
    if on_sqlite:
        theirs, theirs_cpu = sqlite_utils_once(csv_path, work)
        figures |= {
            "sqlite_utils_seconds": round(theirs, 3),
            "sqlite_utils_rows_per_second": round(args.rows / theirs),
            "sqlite_utils_cpu_seconds": round(theirs_cpu, 3),
            "ratio_import_time_to_sqlite_utils": round(float(ours["seconds"]) / theirs, 2),
            "ratio_import_cpu_to_sqlite_utils": round(float(ours["cpu_seconds"]) / theirs_cpu, 2),
        }
    if args.kills:
        figures["kill_test"] = kill_loop(
            template, csv_path, work, args.kills, args.batch, expected, args.seed
        )
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"File: {args.rows} rows, {figures['file_mb']} MB (cp1252, ';', messy), "
            f"into {figures['database']}"
        )
        print(
            f"dealercrm import: {figures['import_seconds']} s, {figures['import_rows_per_second']} rows/s "
            f"(target 20000); CPU {figures['import_cpu_seconds']} s = "
            f"{figures['import_rows_per_cpu_second']} rows per CPU second - created {figures['created']}, "
            f"updated {figures['updated']}, "
            f"rejected {figures['rejected']} (expected contacts {expected}; "
            f"load average {figures['load_average']:.1f})"
        )
        if "server_backend_cpu_seconds" in figures:
            print(
                f"The import's server processes: CPU {figures['server_backend_cpu_seconds']} s = "
                f"{figures['rows_per_cpu_second_server_backends']} rows per CPU second; client and they "
                f"together {figures['rows_per_cpu_second_client_and_backends']} rows per CPU second"
            )
        if "server_cpu_seconds" in figures:
            print(
                f"PostgreSQL server CPU {figures['server_cpu_seconds']} s; client and server together "
                f"{figures['rows_per_cpu_second_client_and_server']} rows per CPU second"
            )
        if on_sqlite:
            print(
                f"sqlite-utils insert --csv: {figures['sqlite_utils_seconds']} s, "
                f"{figures['sqlite_utils_rows_per_second']} rows/s; "
                f"CPU {figures['sqlite_utils_cpu_seconds']} s; ratio ours/theirs: wall "
                f"{figures['ratio_import_time_to_sqlite_utils']}, "
                f"CPU {figures['ratio_import_cpu_to_sqlite_utils']}"
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
