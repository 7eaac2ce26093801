#!/usr/bin/env python3
"""Backups and GDPR rights on the 100k-contact dealership: how long they take.

    python benchmarks/backup_gdpr.py [--contacts 100000] [--path FILE] [--runs 3] [--json]

Measures, on a scratch copy of the dataset (benchmarks/dataset.py's `ensure_dataset()`), never on the
dataset itself:
- an automatic backup (passive WAL checkpoint, online backup API, quick_check of the copy); target < 2 s;
- the GDPR access export of one customer with many records (JSON + PDF); target < 1 s;
- the erasure of that customer, without and with the file compaction (FTS optimize, VACUUM);
- the retention "to review" list.
Prints the figures (median of --runs); they are not assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _median(times: list[float]) -> float:
    return round(statistics.median(times), 3)


def _busiest_customer(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT c.id FROM contacts c JOIN interactions i ON i.contact_id = c.id "
            "WHERE c.lifecycle = 'customer' AND c.erased_at IS NULL "
            "GROUP BY c.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return int(row[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--path", type=Path, help="dataset file (default: benchmarks/.data/...)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from dataset import ensure_dataset

    from dealercrm.db import open_database
    from dealercrm.services.backups import make_backup
    from dealercrm.services.gdpr import GdprService
    from dealercrm.services.permissions import SYSTEM_ACTOR

    source = ensure_dataset(contacts=args.contacts, path=args.path)
    figures: dict[str, Any] = {"dataset": str(source), "file_mb": round(source.stat().st_size / 1_048_576, 1)}
    with tempfile.TemporaryDirectory(prefix="dealercrm-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        work = scratch / "dealercrm.sqlite3"
        shutil.copyfile(source, work)
        db = open_database(work, create=True)
        try:
            # Backups.
            times = []
            for run in range(args.runs):
                started = time.perf_counter()
                info = make_backup(db=db, folder=scratch / "backups" / str(run))
                times.append(time.perf_counter() - started)
                info.path.unlink()
            figures["backup_seconds"] = _median(times)

            # GDPR access export of the customer with the most interactions.
            contact_id = _busiest_customer(work)
            service = GdprService(db.session_factory, actor=SYSTEM_ACTOR)
            times = []
            for run in range(args.runs + 1):
                started = time.perf_counter()
                export = service.export(contact_id=contact_id, folder=scratch / "export" / str(run))
                elapsed = time.perf_counter() - started
                if run:  # the first run imports reportlab (once per app session)
                    times.append(elapsed)
                else:
                    figures["export_first_seconds"] = round(elapsed, 3)
            figures["export_contact_id"] = contact_id
            figures["export_records"] = sum(v for k, v in export.sections.items() if k != "contact")
            figures["export_seconds"] = _median(times)

            started = time.perf_counter()
            rows = service.to_review()
            figures["retention_list_seconds"] = round(time.perf_counter() - started, 3)
            figures["retention_due"] = len(rows)

            started = time.perf_counter()
            service.erase(contact_id=contact_id, reclaim=False)
            figures["erase_seconds"] = round(time.perf_counter() - started, 3)
            started = time.perf_counter()
            figures["reclaimed"] = service.reclaim_space()
            figures["reclaim_seconds"] = round(time.perf_counter() - started, 3)
        finally:
            db.dispose()

    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Dataset: {figures['dataset']} ({figures['file_mb']} MB)")
    print(
        f"Backup (checkpoint + online backup + quick_check): {figures['backup_seconds']:.2f} s   target < 2 s"
    )
    print(
        f"GDPR export of contact #{figures['export_contact_id']} "
        f"({figures['export_records']} records, JSON + PDF): "
        f"{figures['export_seconds']:.3f} s   target < 1 s (first, with reportlab import: "
        f"{figures['export_first_seconds']:.3f} s)"
    )
    print(
        f"Retention list: {figures['retention_due']} contacts due, {figures['retention_list_seconds']:.2f} s"
    )
    print(f"Erasure of that contact: {figures['erase_seconds']:.3f} s")
    print(
        f"Compaction after erasure (FTS optimize + VACUUM + WAL truncate): {figures['reclaim_seconds']:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
