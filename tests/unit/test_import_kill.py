"""A child process imports a file and is killed with SIGKILL at random moments: the database stays sound,
holds whole batches only, and a re-run completes the import with the exact expected count."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

ROWS = 12000
BATCH = 250
KILLS = 3
ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from dealercrm.db import open_database
from dealercrm.services.importing import ImportService, MappingStore
from dealercrm.services.permissions import SYSTEM_ACTOR
db = open_database({db!r}, create=True)
service = ImportService(db.session_factory, actor=SYSTEM_ACTOR, mapping_store=MappingStore(Path({store!r})))
result = service.run(path=Path({csv!r}), kind="contacts", batch_size={batch})
print(result.status, result.created, result.already_imported, flush=True)
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def make_file(path: Path) -> int:
    lines = ["NOM;Prénom;Portable;E-mail;Ville;Opt-in SMS"]
    expected = 0
    for i in range(ROWS):
        if i % 97 == 0:
            lines.append(f"Rejet{i};X;123;pas-un-mail;Paris;oui")  # rejected: not counted
        else:
            lines.append(
                f"Nom{i};Prénom{i};06 {i // 10000:02d} {i // 100 % 100:02d} {i % 100:02d} 1{i % 10};"
                f"client{i}@exemple.fr;Paris;{'oui' if i % 2 else 'non'}"
            )
            expected += 1
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return expected


def query(db: Path | str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of `sql` (with ? marks) as another program sees them: sqlite3 on a file, else the server."""
    if isinstance(db, Path):
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute(sql, params).fetchall()
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql.replace("?", "%s"), params).all()]
    finally:
        engine.dispose()


def sound(db: Path | str) -> tuple[list[str], int]:
    problems: list[str] = []
    on_sqlite = isinstance(db, Path)
    if on_sqlite:
        check = [r[0] for r in query(db, "PRAGMA integrity_check")]
        if check != ["ok"]:
            problems.append(f"integrity_check: {check[:3]}")
    contacts = query(db, "SELECT count(*) FROM contacts")[0][0]
    journal = query(db, "SELECT count(*) FROM import_rows WHERE entity = 'contacts'")[0][0]
    consents = query(db, "SELECT count(*) FROM consents")[0][0]
    # The FTS5 index is SQLite's (PostgreSQL indexes the table itself).
    indexed = query(db, "SELECT count(*) FROM contacts_fts")[0][0] if on_sqlite else contacts
    if not contacts == journal == consents == indexed:
        problems.append(f"{contacts} contacts, {journal} journaled, {consents} consents, {indexed} indexed")
    runs = query(db, "SELECT id, rows_total, last_line, status FROM import_runs")
    for run_id, rows_total, last_line, status in runs:
        # Only a run that reached the end of the file ends with a shorter batch (done, or killed
        # between writing that batch and being marked done).
        if rows_total % BATCH and status != "done" and last_line != ROWS + 1:
            problems.append(f"run {run_id} committed {rows_total} rows: not whole batches of {BATCH}")
        beyond = query(
            db, "SELECT count(*) FROM import_rows WHERE run_id = ? AND line > ?", (run_id, last_line)
        )[0][0]
        if beyond:
            problems.append(f"run {run_id}: {beyond} journal rows after its last committed line")
    if on_sqlite:
        triggers = {r[0] for r in query(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        if "contacts_ai" not in triggers:
            problems.append("the full-text insert trigger is missing")
    return problems, contacts


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_whole_batches_and_a_rerun_completes(
    db_path: Path, tmp_path: Path
) -> None:
    csv_path = tmp_path / "clients.csv"
    expected = make_file(csv_path)
    script = CHILD.format(
        root=str(ROOT), db=str(db_path), store=str(tmp_path / "m.json"), csv=str(csv_path), batch=BATCH
    )
    rng = random.Random(20261127)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    after_kills = []
    for _ in range(KILLS):
        last_run = query(db_path, "SELECT coalesce(max(id), 0) FROM import_runs")[0][0]
        child = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE)
        # Kill once this child's run has committed a random number of rows (the previous run is still
        # marked "running": look at this one only), a random part of a batch later.
        target = rng.randint(1, 3 * BATCH)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and child.poll() is None:
            found = query(
                db_path,
                "SELECT rows_total FROM import_runs WHERE id > ? ORDER BY id DESC LIMIT 1",
                (last_run,),
            )
            if found and found[0][0] >= target:
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.05))
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=20)
        problems, contacts = sound(db_path)
        assert problems == [], problems
        after_kills.append(contacts)
    assert after_kills == sorted(after_kills) and len(set(after_kills)) == KILLS, after_kills
    assert after_kills[0] < expected, "the first kill came after the end: make the file bigger"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    status, created, already = done.stdout.split()
    problems, contacts = sound(db_path)
    assert problems == []
    assert status == "done"
    assert contacts == expected
    assert int(created) == expected - after_kills[-1]
    assert int(already) >= after_kills[-1]
    statuses = [r[0] for r in query(db_path, "SELECT status FROM import_runs ORDER BY id")]
    assert statuses[-1] == "done" and set(statuses[:-1]) <= {"interrupted", "done"}
