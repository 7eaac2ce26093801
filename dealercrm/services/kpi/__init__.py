"""Key figures of the dealership (KPIs): one service, plain dataclasses, portable SQL aggregates.

Definitions, with worked examples, are in docs/KPI.md.
"""

from dealercrm.services.kpi import figures
from dealercrm.services.kpi.figures import *  # noqa: F403 - the figures' dataclasses, listed in figures.__all__
from dealercrm.services.kpi.period import Period, add_months
from dealercrm.services.kpi.service import DETAIL_KINDS, FUNNEL_STEPS, OPEN_CLAIM_STATUSES, KpiService

__all__ = ["DETAIL_KINDS", "FUNNEL_STEPS", "OPEN_CLAIM_STATUSES", "KpiService", "Period", "add_months"]
__all__ += figures.__all__
