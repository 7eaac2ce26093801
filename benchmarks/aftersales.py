#!/usr/bin/env python3
"""After-sales and vehicles on the large dataset: how long the claims queue and the vehicle list take to
open, and how long a VIN or plate lookup takes.

    python benchmarks/aftersales.py [--db PATH] [--contacts 100000] [--repeat 20] [--json]

Without --db it uses benchmarks/dataset.py's ensure_dataset(contacts=..., seed=42) (or, while that
module is missing, a demo database generated once and cached in the temporary folder).

Measured (median of --repeat runs, milliseconds, Qt offscreen, the test's inline executor so that the
page's queries are included):
- claims queue open: AfterSalesPage built and its team queue (first page), overdue count shown;
- vehicle list open: VehiclesPage built with every vehicle (first page, count, makes);
- service calls alone: ClaimService.list_page / overdue_count, VehicleService.list_page / count;
- VIN lookup (exact VIN, unique index) and plate lookup (typed "ab123cd": compact-plate index), and
  the list's prefix search; p50 and p95 over 200 random existing vehicles.
Targets: opening < 100 ms; lookups p95 < 5 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm the page cache and the statement cache
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 3),
        "p95": round(ordered[int(len(ordered) * 0.95) - 1], 3),
        "max": round(ordered[-1], 3),
    }


def dataset(contacts: int) -> Path:
    try:
        from benchmarks.dataset import ensure_dataset  # type: ignore[import-not-found]
    except ImportError:
        path = Path(tempfile.gettempdir()) / f"dealercrm-aftersales-bench-{contacts}.sqlite3"
        if not path.exists():
            from dealercrm.db import open_database
            from dealercrm.demo import generate_demo

            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            db = open_database(partial, create=True)
            generate_demo(db.session_factory, contacts=contacts, seed=42, today=dt.date(2026, 3, 2))
            db.dispose()
            partial.rename(path)
        return path
    result: Path = ensure_dataset(contacts=contacts, seed=42)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--db", type=Path, help="an existing database (default: the benchmark dataset)")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from dealercrm.db import open_database
    from dealercrm.models import Claim, User, Vehicle
    from dealercrm.models.enums import Role
    from dealercrm.services.auth import actor_of
    from dealercrm.services.claims import ClaimQueue, ClaimService
    from dealercrm.services.vehicles import StockFilter, VehicleService
    from dealercrm.ui.aftersales.page import AfterSalesPage
    from dealercrm.ui.context import AppContext
    from dealercrm.ui.vehicles.page import VehiclesPage
    from dealercrm.ui.workers import SyncExecutor

    path = args.db or dataset(args.contacts)
    db = open_database(path, create=True)
    app = QApplication.instance() or QApplication([])
    with db.session_factory() as session:
        user = session.scalars(select(User).where(User.role == Role.AFTERSALES).limit(1)).first()
        if user is None:
            user = session.scalars(select(User).where(User.role == Role.MANAGER).limit(1)).one()
        actor = actor_of(user)
        counts = {
            "vehicles": session.scalar(select(func.count(Vehicle.id))),
            "claims": session.scalar(select(func.count(Claim.id))),
        }
        sample = list(
            session.execute(
                select(Vehicle.vin, Vehicle.plate).where(Vehicle.vin.is_not(None), Vehicle.plate.is_not(None))
            )
        )
    rng = random.Random(42)
    picks = rng.sample(sample, min(200, len(sample)))
    ctx = AppContext(db=db, actor=actor, executor=SyncExecutor(), language="en")
    claims = ClaimService(db.session_factory, actor=actor)
    vehicles = VehicleService(db.session_factory, actor=actor)

    def open_claims() -> None:
        page = AfterSalesPage(ctx)
        page.resize(1280, 800)
        app.processEvents()
        page.deleteLater()

    def open_vehicles() -> None:
        page = VehiclesPage(ctx)
        page.resize(1280, 800)
        app.processEvents()
        page.deleteLater()

    figures: dict[str, Any] = {"database": str(path), "actor": actor.login, "rows": counts}
    figures["claims_queue_open_ms"] = round(timed(open_claims, args.repeat), 2)
    figures["vehicle_list_open_ms"] = round(timed(open_vehicles, args.repeat), 2)
    figures["service_ms"] = {
        "claims.list_page(team)": round(
            timed(lambda: claims.list_page(queue=ClaimQueue.TEAM), args.repeat), 2
        ),
        "claims.list_page(all)": round(timed(lambda: claims.list_page(queue=ClaimQueue.ALL), args.repeat), 2),
        "claims.overdue_count": round(timed(lambda: claims.overdue_count(), args.repeat), 2),
        "vehicles.list_page(all)": round(
            timed(lambda: vehicles.list_page(stock=StockFilter.ALL), args.repeat), 2
        ),
        "vehicles.count(all)": round(timed(lambda: vehicles.count(stock=StockFilter.ALL), args.repeat), 2),
        "claims.stats(last 12 months)": round(
            timed(
                lambda: claims.stats(
                    period_start=dt.datetime.now(dt.UTC) - dt.timedelta(days=365),
                    period_end=dt.datetime.now(dt.UTC),
                ),
                max(3, args.repeat // 4),
            ),
            2,
        ),
    }

    def lookups(fn: Callable[[str, str], Any]) -> dict[str, float]:
        samples = []
        for vin, plate in picks:
            started = time.perf_counter()
            fn(vin, plate)
            samples.append((time.perf_counter() - started) * 1000)
        return percentiles(samples)

    figures["lookup_ms"] = {
        "vin (exact)": lookups(lambda vin, _p: vehicles.find_by_vin(vin=vin.lower())),
        "plate (typed ab123cd)": lookups(
            lambda _v, plate: vehicles.find_by_plate(plate=plate.replace("-", "").lower())
        ),
        "list search by plate prefix": lookups(
            lambda _v, plate: vehicles.list_page(stock=StockFilter.ALL, search=plate.lower()[:5], limit=50)
        ),
        "list search by VIN": lookups(
            lambda vin, _p: vehicles.list_page(stock=StockFilter.ALL, search=vin, limit=50)
        ),
    }
    db.dispose()
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"database: {path} ({counts['vehicles']} vehicles, {counts['claims']} claims), as {actor.login}"
        )
        print(f"claims queue open:  {figures['claims_queue_open_ms']:8.2f} ms  (target < 100)")
        print(f"vehicle list open:  {figures['vehicle_list_open_ms']:8.2f} ms  (target < 100)")
        for name, value in figures["service_ms"].items():
            print(f"  {name:32s} {value:8.2f} ms")
        for name, value in figures["lookup_ms"].items():
            print(
                f"{name:30s} p50 {value['p50']:6.3f} ms  p95 {value['p95']:6.3f} ms"
                f"  max {value['max']:6.3f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
