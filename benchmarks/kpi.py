"""KPI timings on the large synthetic dealership: dashboard figures for a month and a year, the monthly
PDF report, one chart draw. Prints figures; asserts nothing (targets: 300 ms, 1 s, 3 s, 100 ms).

    .venv/bin/python benchmarks/kpi.py [--json] [--db FILE] [--contacts 100000] [--month 2026-03]

Without --db it uses benchmarks/dataset.py's ensure_dataset(contacts=..., seed=42).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time in milliseconds over `repeat` runs (after one warm-up), and the last result."""
    result = fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--db", type=Path, help="an existing database (default: the benchmark dataset)")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--month", help="YYYY-MM (default: the last complete month of the data)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import func, select

    from dealercrm.db import open_database
    from dealercrm.models import Sale
    from dealercrm.services.charts import CHARTS
    from dealercrm.services.kpi import KpiService, Period
    from dealercrm.services.permissions import SYSTEM_ACTOR
    from dealercrm.services.reports import build_monthly_report

    path = args.db
    if path is None:
        from benchmarks.dataset import ensure_dataset  # type: ignore[import-not-found]

        path = ensure_dataset(contacts=args.contacts, seed=42)
    db = open_database(path)
    kpi = KpiService(db.session_factory, actor=SYSTEM_ACTOR)
    with db.session_factory() as session:
        last = session.scalar(select(func.max(Sale.sold_on)))
        sales = session.scalar(select(func.count(Sale.id)))
    if args.month:
        year, month = (int(x) for x in args.month.split("-"))
        period = Period.month(year, month)
    else:
        period = Period.month(last.year, last.month).previous()
    year_period = Period.year(period.start.year)

    def dashboard(p: Period) -> Any:
        figures = kpi.figures(period=p)
        kpi.summary(period=p.previous())
        kpi.by_salesperson(period=p)
        return figures

    month_ms, figures = timed(lambda: dashboard(period), args.repeat)
    year_ms, _ = timed(lambda: dashboard(year_period), args.repeat)
    report_figures_ms, report = timed(lambda: kpi.monthly_report(period=period), max(1, args.repeat // 2))
    pdf_ms, pdf = timed(lambda: build_monthly_report(report, language="fr"), max(1, args.repeat // 2))

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def draw(name: str) -> None:
        figure = CHARTS[name](figures, "fr")
        FigureCanvasAgg(figure).draw()

    chart_ms = {name: timed(lambda n=name: draw(n), args.repeat)[0] for name in CHARTS}
    db.dispose()
    result = {
        "database": str(path),
        "sales": sales,
        "month": period.iso(),
        "dashboard_month_ms": round(month_ms, 1),
        "dashboard_year_ms": round(year_ms, 1),
        "monthly_report_ms": round(report_figures_ms + pdf_ms, 1),
        "monthly_report_figures_ms": round(report_figures_ms, 1),
        "monthly_report_pdf_ms": round(pdf_ms, 1),
        "pdf_bytes": len(pdf),
        "chart_draw_ms": {k: round(v, 1) for k, v in chart_ms.items()},
        "chart_draw_max_ms": round(max(chart_ms.values()), 1),
        "targets_ms": {
            "dashboard_month": 300,
            "dashboard_year": 1000,
            "monthly_report": 3000,
            "chart_draw": 100,
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"Database {path} ({sales} sales), month {period.iso()}")
        print(f"  dashboard KPIs, month   {month_ms:8.1f} ms  (target 300)")
        print(f"  dashboard KPIs, year    {year_ms:8.1f} ms  (target 1000)")
        print(
            f"  monthly PDF report      {report_figures_ms + pdf_ms:8.1f} ms  (target 3000: "
            f"figures {report_figures_ms:.0f} + PDF {pdf_ms:.0f})"
        )
        for name, ms in chart_ms.items():
            print(f"  chart {name:<17} {ms:8.1f} ms  (target 100)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
