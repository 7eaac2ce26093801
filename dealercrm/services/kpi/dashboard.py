"""The dashboard's use case: every KPI of a period, the comparison period's summary and the ranking,
computed in one call off the GUI thread; the charts built from those KPIs by `chart()`.

The dashboard page shows what `DashboardService.compute` returns, has each chart built and drawn on the
charts' thread (ui/widgets/chart.py), and opens `details` for a tile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from dealercrm.services.charts import CHARTS
from dealercrm.services.kpi.figures import DetailTable, KpiFigures, KpiSummary, SalespersonFigures
from dealercrm.services.kpi.period import Comparison, Period, comparison_period, to_date
from dealercrm.services.kpi.service import KpiService
from dealercrm.services.permissions import Actor

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Chart sizes in inches (width, height); charts not named here are 4.6 x 2.8.
CHART_SIZES = {"sales_margin": (6.4, 2.8), "claims": (6.4, 2.8), "campaigns": (6.4, 2.8)}
DEFAULT_CHART_SIZE = (4.6, 2.8)


@dataclass(frozen=True)
class DashboardFigures:
    period: Period
    comparison: Period
    current: KpiSummary
    previous: KpiSummary
    ranking: tuple[SalespersonFigures, ...]  # everyone for a manager; the salesperson's own row else
    to_date: dt.date | None  # the period is under way: its figures run to this day
    kpis: KpiFigures | None = None  # every KPI of the period (what the charts show: see `chart()`)


def chart(name: str, kpis: KpiFigures, language: str) -> Figure:
    """The dashboard's chart `name` (a key of services.charts.CHARTS) of `kpis`, in `language`, at its
    size on the dashboard."""
    return CHARTS[name](kpis, language, size=CHART_SIZES.get(name, DEFAULT_CHART_SIZE))


class DashboardService:
    """What the dashboard shows, for one user (KpiService checks what they may read)."""

    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._kpi = KpiService(session_factory, actor=actor)

    def compute(
        self,
        *,
        period: Period,
        comparison: Comparison,
        salesperson_id: int | None,
        today: dt.date,
    ) -> DashboardFigures:
        """The period's KPIs, the earlier period's summary (`comparison` relative to `today`) and the
        ranking. The charts are built from `kpis` by `chart()`, where they are drawn."""
        earlier = comparison_period(period, comparison, today)
        kpis = self._kpi.figures(period=period, salesperson_id=salesperson_id)
        previous = self._kpi.summary(period=earlier, salesperson_id=salesperson_id)
        # figures() ranks the people by_salesperson() would (everyone a manager sees, or the
        # salesperson alone) unless a manager narrowed the figures to one salesperson.
        if salesperson_id is None or not self._kpi.sees_everyone:
            ranking = kpis.salespeople
        else:
            ranking = tuple(self._kpi.by_salesperson(period=period))
        until = to_date(period, today)
        return DashboardFigures(period, earlier, kpis.summary, previous, ranking, until, kpis)

    def details(self, *, kind: str, period: Period, **filters: Any) -> DetailTable:
        """The list behind a tile (sales, new customers, prospects, opportunities, claims)."""
        return self._kpi.details(kind=kind, period=period, **filters)
