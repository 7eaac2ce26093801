#!/usr/bin/env python3
"""The large synthetic dealership the benchmarks run on: build it once, reuse it afterwards.

    python benchmarks/dataset.py [--contacts 100000] [--seed 42] [--path FILE] [--today YYYY-MM-DD]
                                 [--rebuild] [--json]
    python benchmarks/dataset.py --db postgresql+psycopg://USER@HOST:PORT/DATABASE [--contacts 100000] ...

With `--db URL` the dataset is a PostgreSQL database (see benchmarks/pgserver.py for a throwaway server):
dropped and created again on that server, migrated, filled by the same generate_demo (which loads
PostgreSQL with COPY FROM STDIN, dealercrm/db/bulk.py), then VACUUM ANALYZE. It is reused when it holds
the requested number of contacts and its notes (the `dealercrm_benchmark` comment on the database) name
the same seed; a half-built one has no notes and is built again.

The dataset is an SQLite file made by dealercrm.db.open_database (migrated to the head revision) and
dealercrm.demo.generate_demo. It is built in a scratch file beside the target and moved into
place once complete, so an interrupted build never leaves a half-filled dataset behind. An existing file
is reused when it holds the requested number of contacts (and, when its notes say so, the same seed);
--rebuild builds it again anyway. The notes (seed, day, row counts, timings) are kept in FILE.json.

Prints the build timings (per step) and the row counts; with --json, one JSON object instead.

Other benchmark scripts call `ensure_dataset(contacts=..., seed=...)`, which returns the file's path.
The default files live in benchmarks/.data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "benchmarks" / ".data"
TABLES = (
    "users",
    "contacts",
    "contact_links",
    "consents",
    "interactions",
    "tasks",
    "opportunities",
    "vehicles",
    "sales",
    "service_visits",
    "claims",
    "claim_events",
    "campaigns",
    "campaign_targets",
    "marketing_spend",
    "objectives",
)


@dataclass
class Dataset:
    path: Path
    contacts: int
    seed: int
    reused: bool
    today: str | None = None
    build_seconds: float | None = None  # the whole build: migrations, demo, checkpoint
    demo_seconds: float | None = None  # generate_demo alone
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step of generate_demo
    rows: dict[str, int] = field(default_factory=dict)
    file_mb: float = 0.0
    url: str | None = None  # a PostgreSQL dataset's database (its `path` is only a label then)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def default_path(contacts: int) -> Path:
    """benchmarks/.data/dealership-100k.sqlite3 for 100 000 contacts (the count is in the name)."""
    label = f"{contacts // 1000}k" if contacts % 1000 == 0 else str(contacts)
    return DATA_DIR / f"dealership-{label}.sqlite3"


def ensure_dataset(contacts: int = 100_000, seed: int = 42, path: Path | None = None) -> Path:
    """The path of a dataset with `contacts` contacts made with `seed`, built first if need be."""
    return prepare(contacts=contacts, seed=seed, path=path).path


def prepare(
    *,
    contacts: int = 100_000,
    seed: int = 42,
    path: Path | None = None,
    today: dt.date | None = None,
    rebuild: bool = False,
    report: bool = False,
) -> Dataset:
    """Reuse the dataset at `path` if it matches, else build it (printing progress when `report`).

    Several benchmarks may ask for the same dataset at once: one builds it, the others wait for it (a
    lock file beside it) and then reuse it."""
    path = Path(path) if path is not None else default_path(contacts)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        if not rebuild:
            existing = _reusable(path, contacts, seed)
            if existing is not None:
                return existing
        return _build(path, contacts=contacts, seed=seed, today=today, report=report)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on FILE.lock while the dataset is checked or built (POSIX; elsewhere none)."""
    with path.with_name(path.name + ".lock").open("a+b") as handle:
        try:
            import fcntl
        except ImportError:
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _notes_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _reusable(path: Path, contacts: int, seed: int) -> Dataset | None:
    if not path.is_file():
        return None
    try:
        rows = _count_rows(path)
    except sqlite3.Error:
        return None
    if rows.get("contacts") != contacts:
        return None
    notes: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        notes = json.loads(_notes_path(path).read_text(encoding="utf-8"))
    if notes.get("seed", seed) != seed:
        return None
    return Dataset(
        path=path,
        contacts=contacts,
        seed=seed,
        reused=True,
        today=notes.get("today"),
        build_seconds=notes.get("build_seconds"),
        demo_seconds=notes.get("demo_seconds"),
        steps=notes.get("steps", {}),
        rows=rows,
        file_mb=_megabytes(path),
    )


def _build(path: Path, *, contacts: int, seed: int, today: dt.date | None, report: bool) -> Dataset:
    sys.path.insert(0, str(ROOT))
    from dealercrm.db import open_database
    from dealercrm.demo import generate_demo
    from dealercrm.services.progress import Progress

    scratch = path.with_name(path.name + ".building")
    _remove(scratch)
    today = today or dt.date.today()
    started = time.perf_counter()
    # generate_demo announces each step as it starts, then reports within it: the time up to a report
    # belongs to the step it names.
    steps: dict[str, float] = {}
    last = [started]

    def progressed(done: int, total: int, text: str) -> None:
        now = time.perf_counter()
        steps[text] = round(steps.get(text, 0.0) + now - last[0], 2)
        last[0] = now
        if report:
            print(f"\r{text:<40} {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)

    db = open_database(scratch, create=True)
    last[0] = time.perf_counter()
    try:
        summary = generate_demo(
            db.session_factory, contacts=contacts, seed=seed, today=today, progress=Progress(progressed)
        )
    except BaseException:
        db.dispose()
        _remove(scratch)
        raise
    db.dispose()
    if report:
        print(file=sys.stderr)
    _checkpoint(scratch)  # the file alone holds everything: no -wal to carry along
    _remove(path)
    os.replace(scratch, path)
    dataset = Dataset(
        path=path,
        contacts=contacts,
        seed=seed,
        reused=False,
        today=today.isoformat(),
        build_seconds=round(time.perf_counter() - started, 2),
        demo_seconds=summary.seconds,
        steps=steps,
        rows=_count_rows(path),
        file_mb=_megabytes(path),
    )
    notes = {k: v for k, v in dataset.as_json().items() if k not in ("path", "reused", "rows", "file_mb")}
    _notes_path(path).write_text(json.dumps(notes, indent=2) + "\n", encoding="utf-8")
    return dataset


def _checkpoint(path: Path) -> None:
    """Everything into the main file, through SQLite (the last connection to close removes the -wal)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def prepare_postgres(
    url: str,
    *,
    contacts: int = 100_000,
    seed: int = 42,
    today: dt.date | None = None,
    rebuild: bool = False,
    report: bool = False,
) -> Dataset:
    """`prepare()` on a PostgreSQL database: reuse it if it matches, else drop, create and fill it."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from dealercrm.db import open_database
    from dealercrm.db.postgres import normalise_url
    from dealercrm.demo import generate_demo
    from dealercrm.services.progress import Progress

    target = normalise_url(make_url(url))
    name = target.database or ""
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
            notes = _pg_notes(conn, name) if exists else {}
        if exists and not rebuild and notes.get("seed") == seed and notes.get("contacts") == contacts:
            return Dataset(
                path=Path(target.render_as_string(hide_password=True)),
                contacts=contacts,
                seed=seed,
                reused=True,
                today=notes.get("today"),
                build_seconds=notes.get("build_seconds"),
                demo_seconds=notes.get("demo_seconds"),
                steps=notes.get("steps", {}),
                rows=_count_pg_rows(target),
                file_mb=_pg_megabytes(admin, name),
                url=target.render_as_string(hide_password=True),
            )
        today = today or dt.date.today()
        started = time.perf_counter()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        steps: dict[str, float] = {}
        last = [started]

        def progressed(done: int, total: int, label: str) -> None:
            now = time.perf_counter()
            steps[label] = round(steps.get(label, 0.0) + now - last[0], 2)
            last[0] = now
            if report:
                print(
                    f"\r{label:<40} {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr, flush=True
                )

        db = open_database(target, create=True)
        last[0] = time.perf_counter()
        try:
            summary = generate_demo(
                db.session_factory, contacts=contacts, seed=seed, today=today, progress=Progress(progressed)
            )
        finally:
            db.dispose()
        if report:
            print(file=sys.stderr)
        vacuum_started = time.perf_counter()
        analyse = create_engine(target, isolation_level="AUTOCOMMIT")
        try:
            with analyse.connect() as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        finally:
            analyse.dispose()
        steps["VACUUM ANALYZE"] = round(time.perf_counter() - vacuum_started, 2)
        dataset = Dataset(
            path=Path(target.render_as_string(hide_password=True)),
            contacts=contacts,
            seed=seed,
            reused=False,
            today=today.isoformat(),
            build_seconds=round(time.perf_counter() - started, 2),
            demo_seconds=summary.seconds,
            steps=steps,
            rows=_count_pg_rows(target),
            file_mb=_pg_megabytes(admin, name),
            url=target.render_as_string(hide_password=True),
        )
        notes = {
            k: v
            for k, v in dataset.as_json().items()
            if k not in ("path", "url", "reused", "rows", "file_mb")
        }
        with admin.connect() as conn:
            comment = json.dumps({"dealercrm_benchmark": notes}).replace("'", "''")
            conn.exec_driver_sql(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
        return dataset
    finally:
        admin.dispose()


def _pg_notes(conn: Any, name: str) -> dict[str, Any]:
    from sqlalchemy import text

    comment = conn.execute(
        text("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :n"), {"n": name}
    ).scalar()
    try:
        notes = json.loads(comment or "{}").get("dealercrm_benchmark", {})
    except ValueError:
        return {}
    return notes if isinstance(notes, dict) else {}


def _count_pg_rows(url: Any) -> dict[str, int]:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            return {
                table: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one())
                for table in TABLES
                if table in present
            }
    finally:
        engine.dispose()


def _pg_megabytes(admin: Any, name: str) -> float:
    from sqlalchemy import text

    with admin.connect() as conn:
        size = conn.execute(text("SELECT pg_database_size(:n)"), {"n": name}).scalar_one()
    return round(int(size) / 1_000_000, 1)


def _count_rows(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {
            table: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in TABLES
            if table in present
        }


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _megabytes(path: Path) -> float:
    return round(path.stat().st_size / 1_000_000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000, help="number of contacts (default 100000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--path", type=Path, help="the dataset file (default: benchmarks/.data/dealership-<n>)"
    )
    parser.add_argument(
        "--db", metavar="URL", help="build a PostgreSQL database instead (postgresql+psycopg://...)"
    )
    parser.add_argument("--today", type=dt.date.fromisoformat, help="the day the data ends (default: today)")
    parser.add_argument("--rebuild", action="store_true", help="build it again even if it could be reused")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.contacts < 1:
        parser.error("--contacts must be at least 1")
    if args.db is not None and "://" not in args.db:
        parser.error("--db takes a PostgreSQL URL (postgresql+psycopg://...); an SQLite file goes to --path")
    if args.db is not None:
        dataset = prepare_postgres(
            args.db,
            contacts=args.contacts,
            seed=args.seed,
            today=args.today,
            rebuild=args.rebuild,
            report=not args.json,
        )
    else:
        dataset = prepare(
            contacts=args.contacts,
            seed=args.seed,
            path=args.path,
            today=args.today,
            rebuild=args.rebuild,
            report=not args.json,
        )
    if args.json:
        print(json.dumps(dataset.as_json()))
        return 0
    how = "reused" if dataset.reused else "built"
    print(
        f"Dataset {dataset.url or dataset.path} ({how}, {dataset.file_mb} MB, seed {dataset.seed}, "
        f"ends {dataset.today})"
    )
    if dataset.build_seconds is not None:
        label = "build" if not dataset.reused else "build (when it was made)"
        print(
            f"  {label}: {dataset.build_seconds:.1f} s, of which generate_demo {dataset.demo_seconds:.1f} s"
        )
        for step, seconds in dataset.steps.items():
            print(f"    {seconds:7.2f} s  {step}")
    print("  rows:")
    for table, count in dataset.rows.items():
        print(f"    {count:>10,}  {table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
