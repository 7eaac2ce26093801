#!/usr/bin/env python3
"""Several programs on one database, killed at random: is every acknowledged commit still somewhere?

    python benchmarks/chaos.py [--seconds 60] [--writers 3] [--contacts 300] [--seed 1] [--json] [--keep DIR]

For `--seconds`, `--writers` writer processes work through the services (each creates contacts with a
unique e-mail address and logs calls, and prints the address once the service call has returned, i.e.
once the commit is acknowledged). Meanwhile, at random moments, a writer is killed with SIGKILL (and
restarted), and the command line's backup / restore (of a current or an older-version backup, which
upgrades in place) / export / import / erase / upgrade / check / kpi commands run as separate processes.

At the end every acknowledged address must be in the database or in one of the backups and safety copies
(`lost` counts those that are nowhere), `PRAGMA integrity_check` must be ok on the database and every
backup, and no command may have printed a traceback. Prints the figures; `--json` prints one JSON
object, e.g. {"acknowledged": N, "lost": 0, "integrity": "ok", "tracebacks": 0, ...}. Exit 1 when anything
was lost, damaged or a traceback printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

WRITER = r"""
import random, signal, sys, time
from dealercrm.db import DatabaseError, open_database
from dealercrm.models import User
from dealercrm.models.enums import CallOutcome
from dealercrm.services.auth import actor_of
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.errors import ServiceError
from dealercrm.services.interactions import InteractionService
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

path, tag, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
stop = False
def _stop(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, _stop)
rng = random.Random(seed)
n = 0
db = None
while not stop:
    try:
        if db is None:
            db = open_database(path)
            with db.session_factory() as s:
                actor = actor_of(s.scalars(select(User).where(User.login == "marc")).one())
            contacts = ContactEditService(db.session_factory, actor=actor)
            calls = InteractionService(db.session_factory, actor=actor)
        email = f"chaos.{tag}.{n}@example.org"
        saved = contacts.create(values={"first_name": "Chaos", "last_name": "Writer", "email": email})
        print(email, flush=True)
        n += 1
        if rng.random() < 0.5:
            calls.log_call(contact_id=saved.id, outcome=rng.choice(list(CallOutcome)), summary="chaos")
    except (DatabaseError, SQLAlchemyError, ServiceError) as exc:
        # Busy past the timeout, or the database was restored under us: not acknowledged, try again.
        if db is not None:
            db.dispose()
            db = None
        time.sleep(0.05)
    time.sleep(rng.uniform(0.0, 0.01))
"""

ACTIONS = (
    "kill",
    "backup",
    "backups_now",
    "restore",
    "restore_old",
    "export",
    "import",
    "erase",
    "upgrade",
    "check",
    "kpi",
)


class Writer:
    def __init__(self, db: Path, wid: int, seed: int, env: dict[str, str]) -> None:
        self.db, self.wid, self.seed, self.env = db, wid, seed, env
        self.generation = 0
        self.acked: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self.reader: threading.Thread | None = None
        self.start()

    def start(self) -> None:
        self.generation += 1
        tag = f"{self.wid}g{self.generation}"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(self.db), tag, str(self.seed * 1000 + self.generation)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )
        self.reader = threading.Thread(target=self._read, args=(self.proc,), daemon=True)
        self.reader.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip():
                self.acked.append(line.strip())

    def kill(self) -> None:
        assert self.proc is not None and self.reader is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.reader.join()
        self.start()

    def stop(self) -> str:
        assert self.proc is not None and self.reader is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            _out, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _out, err = self.proc.communicate()
        self.reader.join()
        return err or ""


def _cli(env: dict[str, str], db: Path, *args: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "dealercrm", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return result.returncode, result.stderr


def _integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        conn.execute("PRAGMA busy_timeout = 30000")
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _addresses(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        conn.execute("PRAGMA busy_timeout = 30000")
        return {r[0] for r in conn.execute("SELECT email FROM contacts WHERE email LIKE 'chaos.%'")}


def _older_backup(db: Path, target: Path, env: dict[str, str]) -> None:
    """A verified backup of `db`, brought back to the previous schema revision (as an older version of
    dealercrm made it): restoring it upgrades the live database in place while the writers write."""
    code = (
        "import sys, sqlite3\n"
        "from pathlib import Path\n"
        "from alembic import command\n"
        "from dealercrm.db import maintenance, open_database, resolve_url\n"
        "from dealercrm.db import migrate\n"
        "from dealercrm.db.engine import create_db_engine\n"
        "db = open_database(sys.argv[1])\n"
        "maintenance.backup(db, Path(sys.argv[2]))\n"
        "db.dispose()\n"
        "url = resolve_url(sys.argv[2])\n"
        "engine = create_db_engine(url)\n"
        "config = migrate.alembic_config()\n"
        "with engine.begin() as conn:\n"
        "    config.attributes['connection'] = conn\n"
        "    command.downgrade(config, '-1')\n"
        "engine.dispose()\n"
        "c = sqlite3.connect(sys.argv[2]); c.execute('PRAGMA journal_mode = DELETE'); c.close()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), str(target)], check=True, env=env)


def _import_file(folder: Path, rng: random.Random, n: int) -> Path:
    path = folder / f"import-{n}.csv"
    lines = ["Nom;Prénom;E-mail;Téléphone"]
    for i in range(20):
        if rng.random() < 0.15:
            lines.append(f"Sans;Courriel;pas-une-adresse-{i};12")  # a bad row: reported, the rest imported
        else:
            lines.append(f"Importé;Client{i};import.{n}.{i}@example.org;06 12 {n % 100:02d} {i:02d} 00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dealercrm-chaos-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "chaos.sqlite3"
    extra = work / "copies"  # `db backup FILE` targets (outside the backups folder, as the CLI requires)
    extra.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DEALERCRM_DB", None)

    code, err = _cli(env, db, "demo", "--contacts", str(args.contacts), "--seed", str(args.seed))
    if code != 0:
        raise SystemExit(f"demo failed: {err}")
    with contextlib.closing(sqlite3.connect(db)) as conn:
        demo_ids = [r[0] for r in conn.execute("SELECT id FROM contacts ORDER BY id")]
    first_copy = extra / "start.sqlite3"
    assert _cli(env, db, "db", "backup", str(first_copy))[0] == 0
    old_copy = extra / "older-version.sqlite3"
    _older_backup(db, old_copy, env)

    writers = [Writer(db, w, args.seed + w, env) for w in range(args.writers)]
    runs: dict[str, Counter[int]] = defaultdict(Counter)
    tracebacks: list[str] = []
    copies = [first_copy]
    kills = 0
    deadline = time.monotonic() + args.seconds
    n = 0
    while time.monotonic() < deadline:
        time.sleep(rng.uniform(0.2, 1.5))
        n += 1
        action = rng.choice(ACTIONS)
        if action == "kill":
            rng.choice(writers).kill()
            kills += 1
            runs[action][0] += 1
            continue
        if action == "backup":
            target = extra / f"copy-{n}.sqlite3"
            code, err = _cli(env, db, "db", "backup", str(target))
            if code == 0:
                copies.append(target)
        elif action == "backups_now":
            code, err = _cli(env, db, "backups", "now")
        elif action == "restore":
            code, err = _cli(env, db, "db", "restore", str(rng.choice(copies)))
        elif action == "restore_old":
            code, err = _cli(env, db, "db", "restore", str(old_copy))
        elif action == "export":
            code, err = _cli(env, db, "export", "contacts", str(work / f"export-{n}.csv"))
        elif action == "import":
            code, err = _cli(env, db, "import", "contacts", str(_import_file(work, rng, n)))
        elif action == "erase":
            code, err = _cli(env, db, "gdpr", "erase", str(rng.choice(demo_ids)), "--yes")
        elif action == "upgrade":
            code, err = _cli(env, db, "db", "upgrade")
        elif action == "check":
            code, err = _cli(env, db, "db", "check")
        else:
            code, err = _cli(env, db, "kpi", "--from", "2026-01-01", "--to", "2026-06-30")
        runs[action][code] += 1
        if "Traceback (most recent call last)" in err:
            tracebacks.append(f"{action}: {err.strip().splitlines()[-1]}")

    writer_errors = [e for e in (w.stop() for w in writers) if "Traceback" in e]
    tracebacks.extend(f"writer: {e.strip().splitlines()[-1]}" for e in writer_errors)
    acked = [a for w in writers for a in w.acked]

    backups_folder = work / "backups"
    files = [db, *sorted(extra.glob("*.sqlite3")), *sorted(backups_folder.glob("*.sqlite3"))]
    integrity = {str(f.relative_to(work)): _integrity(f) for f in files}
    found: set[str] = set()
    for f in files:
        found |= _addresses(f)
    lost = [a for a in acked if a not in found]
    bad = {k: v for k, v in integrity.items() if v != "ok"}
    result = {
        "seconds": args.seconds,
        "writers": args.writers,
        "acknowledged": len(acked),
        "lost": len(lost),
        "lost_examples": lost[:5],
        "integrity": "ok" if not bad else bad,
        "files_checked": len(files),
        "tracebacks": len(tracebacks),
        "traceback_examples": tracebacks[:5],
        "kills": kills,
        "commands": {k: {str(code): count for code, count in v.items()} for k, v in sorted(runs.items())},
        "work": str(work),
    }
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="work in this folder and keep it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    ok = result["lost"] == 0 and result["integrity"] == "ok" and result["tracebacks"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
