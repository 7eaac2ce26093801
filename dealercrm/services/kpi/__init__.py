"""Key figures of the dealership (KPIs): one service, plain dataclasses, portable SQL aggregates.

Definitions, with worked examples, are in docs/KPI.md.
"""

from dealercrm.services.kpi.figures import (
    ZERO,
    ActivityFigures,
    AfterSalesFigures,
    CampaignFigures,
    CategoryClaims,
    ChannelFigures,
    ChurnFigures,
    ClvFigures,
    DetailTable,
    FunnelStep,
    Headline,
    KpiFigures,
    KpiSummary,
    LoyaltyFigures,
    MakeModelFigures,
    MonthFigures,
    MonthlyReport,
    ObjectiveProgress,
    SalespersonFigures,
    ScoreBucket,
    ratio,
)
from dealercrm.services.kpi.period import Period, add_months
from dealercrm.services.kpi.service import DETAIL_KINDS, FUNNEL_STEPS, OPEN_CLAIM_STATUSES, KpiService

__all__ = [
    "DETAIL_KINDS",
    "FUNNEL_STEPS",
    "OPEN_CLAIM_STATUSES",
    "ZERO",
    "ActivityFigures",
    "AfterSalesFigures",
    "CampaignFigures",
    "CategoryClaims",
    "ChannelFigures",
    "ChurnFigures",
    "ClvFigures",
    "DetailTable",
    "FunnelStep",
    "Headline",
    "KpiFigures",
    "KpiService",
    "KpiSummary",
    "LoyaltyFigures",
    "MakeModelFigures",
    "MonthFigures",
    "MonthlyReport",
    "ObjectiveProgress",
    "Period",
    "SalespersonFigures",
    "ScoreBucket",
    "add_months",
    "ratio",
]
