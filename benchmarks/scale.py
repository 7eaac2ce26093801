#!/usr/bin/env python3
"""How cost grows with the dealership: the same figures at 10k, 100k and 1M contacts.

    python benchmarks/scale.py [--sizes 10000,100000,1000000] [--json] [--plot docs/scale.png]
                               [--import-rows 20000] [--repeat 5] [--import-only]

Each size is benchmarks/dataset.py's dataset (seed 42; interactions, sales and claims in proportion),
built once and reused from benchmarks/.data/ (the 1M one takes a while to build and is about 7 GB).
For each size, measured in this process on the dataset as it is (nothing written, except the import,
which runs on a copy that is deleted afterwards):

- search_p95_ms: the contacts search (SearchService.search_contacts, limit 50) over the broad query
  set of benchmarks/measures.py, salesperson and manager;
- list_first_page_ms: the contacts list's first page (100 rows, name order), median;
- sort_page_p95_ms: the first page under every sort key and direction, p95;
- customer_view_ms: ContactService.get plus the first timeline page (50) of the contact with the most
  interactions, median (the service side of opening a customer's file);
- dashboard_month_ms: what benchmarks/kpi.py times for the last complete month, median;
- monthly_report_ms: the monthly report's figures and its PDF, median of three;
- import_rows_per_second: `--import-rows` messy rows (benchmarks/importing.py's generator) imported with
  full validation and duplicate matching into a copy of the dataset; with it import_cpu_seconds (the
  importing process's CPU, which the machine's load disturbs less than the wall clock) and
  import_cpu_us_per_row. `--import-only` measures only this, `--repeat` times (median, and each run).

Prints a table, or `{"scale": {"10000": {...}, ...}}` with `--json`; `--plot` draws the curves with
matplotlib (log-scale contacts). Target (issue 16): from 100k to 1M each figure grows less than 2x,
the import rate falls less than 2x. Figures are measured, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIGURES = (
    ("search_p95_ms", "search p95 (ms)"),
    ("list_first_page_ms", "list first page (ms)"),
    ("sort_page_p95_ms", "sort page p95 (ms)"),
    ("customer_view_ms", "customer view (ms)"),
    ("dashboard_month_ms", "month dashboard (ms)"),
    ("monthly_report_ms", "monthly report (ms)"),
    ("import_rows_per_second", "import (rows/s)"),
)


def measure_size(
    contacts: int, *, import_rows: int, repeat: int, import_only: bool = False
) -> dict[str, Any]:
    from sqlalchemy import func, select

    from benchmarks import measures  # type: ignore[import-not-found]
    from benchmarks.dataset import prepare  # type: ignore[import-not-found]
    from dealercrm.db import open_database
    from dealercrm.models import Interaction
    from dealercrm.services.contacts import ContactFilter, ContactService
    from dealercrm.services.kpi import KpiService, Period
    from dealercrm.services.permissions import SYSTEM_ACTOR
    from dealercrm.services.reports import build_monthly_report
    from dealercrm.services.settings import dealership_timezone

    dataset = prepare(contacts=contacts, seed=42, report=True)
    if import_only:
        runs = [import_rate(dataset.path, import_rows) for _ in range(max(1, repeat))]
        middle = sorted(runs, key=lambda run: run["import_rows_per_second"])[len(runs) // 2]
        return {"rows": dataset.rows, "file_mb": dataset.file_mb, **middle, "import_runs": runs}
    db = open_database(dataset.path, create=True)
    people = measures.actors(db)
    result: dict[str, Any] = {"rows": dataset.rows, "file_mb": dataset.file_mb}

    with db.session_factory() as session:
        queries = measures.broad_queries(session)
        busiest = session.execute(
            select(Interaction.contact_id, func.count())
            .group_by(Interaction.contact_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    search = measures.broad_search(db, people, queries)
    result["search_p95_ms"] = search["p95_ms"]
    result["search_cpu_p95_ms"] = search["cpu_p95_ms"]

    julie = ContactService(db.session_factory, actor=people["salesperson"])
    first = [measures.timed_ms(lambda: julie.list_page(filters=ContactFilter(), after=None, limit=100))]
    first += [
        measures.timed_ms(lambda: julie.list_page(filters=ContactFilter(), after=None, limit=100))
        for _ in range(repeat)
    ]
    result["list_first_page_ms"] = round(statistics.median(first[1:]), 2)
    sorts = measures.sort_pages(db, people, repeat=repeat)
    result["sort_page_p95_ms"] = sorts["p95_ms"]

    manager = ContactService(db.session_factory, actor=people["manager"])
    contact_id = int(busiest[0])

    def open_file() -> None:
        manager.get(contact_id=contact_id)
        manager.timeline(contact_id=contact_id, before=None, limit=50)

    open_file()
    result["customer_view_ms"] = round(
        statistics.median(measures.timed_ms(open_file) for _ in range(repeat)), 2
    )
    result["customer_view_interactions"] = int(busiest[1])

    dashboard = measures.dashboard(db, repeat=repeat)
    result["dashboard_month_ms"] = dashboard["dashboard_month_ms"]
    result["dashboard_year_ms"] = dashboard["dashboard_year_ms"]
    year, month = (int(x) for x in dashboard["month"].split("-"))
    kpi = KpiService(db.session_factory, actor=SYSTEM_ACTOR)
    period = Period.month(year, month)

    with db.session_factory() as session:
        zone = str(dealership_timezone(session))

    def report() -> None:
        build_monthly_report(kpi.monthly_report(period=period), language="fr", timezone=zone)

    report()
    result["monthly_report_ms"] = round(statistics.median(measures.timed_ms(report) for _ in range(3)), 1)
    db.dispose()

    if import_rows:
        result |= import_rate(dataset.path, import_rows)
    return result


def import_rate(path: Path, rows: int) -> dict[str, Any]:
    """`rows` messy rows imported into a copy of the dataset at `path` (the copy deleted afterwards)."""
    from benchmarks import importing  # type: ignore[import-not-found]

    folder = Path(tempfile.mkdtemp(prefix="scale-import-", dir=path.parent))
    try:
        csv_path = folder / "contacts.csv"
        importing.generate(csv_path, rows)
        copy = importing.fresh_db(path, folder / "copy.sqlite3")
        done = importing.import_once(copy, csv_path, importing.DEFAULT_BATCH)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "import_rows": done["rows"],
        "import_rows_per_second": round(float(done["rows_per_second"])),
        "import_cpu_seconds": round(float(done["cpu_seconds"]), 2),
        "import_cpu_us_per_row": round(float(done["cpu_seconds"]) / max(1, done["rows"]) * 1e6, 1),
        "import_load_average": round(os.getloadavg()[0], 2),
    }


def plot(scale: dict[str, dict[str, Any]], target: Path) -> None:
    from matplotlib.figure import Figure

    sizes = sorted(int(s) for s in scale)
    figure = Figure(figsize=(10, 6), layout="constrained")
    times, rate = figure.subplots(1, 2, gridspec_kw={"width_ratios": [2, 1]})
    for key, label in FIGURES:
        values = [scale[str(n)].get(key) for n in sizes]
        axes = rate if key == "import_rows_per_second" else times
        axes.plot(sizes, values, marker="o", label=label)
    for axes, title in ((times, "Time per operation (ms)"), (rate, "Import (rows/s)")):
        axes.set_xscale("log")
        axes.set_xlabel("contacts")
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
    times.set_yscale("log")
    # Under the axes: inside, the legend covers the top end of a curve whatever corner it takes.
    times.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3)
    rate.set_ylim(bottom=0)
    figure.suptitle("dealercrm on SQLite: cost by dealership size (benchmarks/scale.py)")
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated contact counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--plot", type=Path, help="draw the curves into this PNG (e.g. docs/scale.png)")
    parser.add_argument("--import-rows", type=int, default=20_000, help="rows imported per size (0: skip)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--import-only", action="store_true", help="measure only the import, --repeat times")
    parser.add_argument("--from-json", type=Path, help="plot or print the figures of an earlier --json run")
    args = parser.parse_args(argv)
    if args.from_json is not None:
        scale = json.loads(args.from_json.read_text(encoding="utf-8"))["scale"]
    else:
        try:
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        except ValueError:
            parser.error("--sizes takes contact counts separated by commas, e.g. 10000,100000")
        if not sizes or min(sizes) < 100:
            parser.error("--sizes: at least one size, each of at least 100 contacts")
        scale = {}
        for n in sizes:
            scale[str(n)] = measure_size(
                n, import_rows=args.import_rows, repeat=args.repeat, import_only=args.import_only
            )
            scale[str(n)]["load_average"] = [round(x, 2) for x in os.getloadavg()]
    if args.plot is not None:
        plot(scale, args.plot)
    if args.json:
        print(json.dumps({"scale": scale}, indent=2))
        return 0
    sizes_text = sorted(scale, key=int)
    print(f"{'':<26}" + "".join(f"{int(n):>14,}" for n in sizes_text))
    shown = (
        *FIGURES,
        ("dashboard_year_ms", "year dashboard (ms)"),
        ("import_cpu_us_per_row", "import CPU (us/row)"),
    )
    for key, label in shown:
        print(f"{label:<26}" + "".join(f"{scale[n].get(key, float('nan')):>14,.1f}" for n in sizes_text))
    print(
        f"{'load average (1 min)':<26}" + "".join(f"{scale[n]['load_average'][0]:>14.2f}" for n in sizes_text)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
