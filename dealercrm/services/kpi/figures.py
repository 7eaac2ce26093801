"""The KPI results: plain frozen dataclasses, no session, no Qt (see docs/KPI.md for definitions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dealercrm.models.enums import ClaimCategory, ObjectiveMetric, SourceChannel
from dealercrm.services.kpi.period import Period

__all__ = [
    "ZERO",
    "ActivityFigures",
    "AfterSalesFigures",
    "CampaignFigures",
    "CategoryClaims",
    "ChannelFigures",
    "ChurnFigures",
    "ClvFigures",
    "DealFigures",
    "DetailTable",
    "FunnelStep",
    "Headline",
    "KpiFigures",
    "KpiSummary",
    "LoyaltyFigures",
    "MakeModelFigures",
    "MonthFigures",
    "MonthlyReport",
    "ObjectiveProgress",
    "PipelineStage",
    "SalespersonFigures",
    "SalespersonMonth",
    "ScoreBucket",
    "ratio",
]

ZERO = Decimal("0.00")


def ratio(part: int | Decimal, whole: int | Decimal) -> float | None:
    """part / whole, or None when whole is zero (shown "n/a", never 0 or infinity)."""
    return float(Decimal(part) / Decimal(whole)) if whole else None


@dataclass(frozen=True)
class KpiSummary:
    """The key figures of one period, for the whole dealership or one salesperson."""

    period: Period
    salesperson_id: int | None
    # Sales
    vehicles_sold: int
    new_vehicles_sold: int
    used_vehicles_sold: int
    revenue: Decimal
    margin: Decimal
    average_margin: Decimal | None  # None when nothing was sold
    new_customers: int
    # Pipeline and activity
    new_prospects: int
    test_drives: int
    calls: int
    quotes: int
    opportunities_won: int
    opportunities_lost: int
    # After-sales
    claims_opened: int
    claims_resolved: int
    claims_overdue: int  # now, whatever the period
    satisfaction: float | None  # mean of 1..5, None when no closed claim has a rating
    satisfaction_count: int
    goodwill_cost: Decimal

    @property
    def win_rate(self) -> float | None:
        """Won / (won + lost) among opportunities closed in the period."""
        closed = self.opportunities_won + self.opportunities_lost
        return self.opportunities_won / closed if closed else None


@dataclass(frozen=True)
class ObjectiveProgress:
    """One objective of a salesperson over the period and how far they got."""

    metric: ObjectiveMetric
    target: Decimal | None  # None: no objective set
    actual: Decimal

    @property
    def achievement(self) -> float | None:
        """actual / target; None without an objective (or with a zero one)."""
        if self.target is None or self.target == 0:
            return None
        return float(self.actual / self.target)


@dataclass(frozen=True)
class SalespersonFigures:
    user_id: int
    display_name: str
    active: bool
    sales: int
    revenue: Decimal
    margin: Decimal
    test_drives: int
    calls: int
    objectives: tuple[ObjectiveProgress, ...]  # one per ObjectiveMetric, in the enum's order

    def objective(self, metric: ObjectiveMetric) -> ObjectiveProgress:
        return next(o for o in self.objectives if o.metric is metric)

    @property
    def has_objectives(self) -> bool:
        return any(o.target is not None for o in self.objectives)


@dataclass(frozen=True)
class MonthFigures:
    """Sales of one calendar month."""

    month: dt.date  # its first day
    sales: int
    new_sales: int
    used_sales: int
    revenue: Decimal
    margin: Decimal


@dataclass(frozen=True)
class MakeModelFigures:
    make: str
    model: str
    sales: int
    revenue: Decimal
    margin: Decimal


@dataclass(frozen=True)
class ChannelFigures:
    """Acquisition and conversion of one source channel over the period."""

    channel: SourceChannel
    spend: Decimal  # marketing spend of the channel + cost of its campaigns ending in the period
    new_customers: int  # first sale ever in the period, contact from this channel
    prospects: int  # contacts from this channel created in the period (the cohort)
    converted: int  # of the cohort, those whose first sale happened by the end of the period

    @property
    def cac(self) -> Decimal | None:
        """spend / new customers, to the cent; None ("n/a") without a new customer."""
        if not self.new_customers:
            return None
        return (self.spend / self.new_customers).quantize(Decimal("0.01"))

    @property
    def conversion(self) -> float | None:
        return ratio(self.converted, self.prospects)


@dataclass(frozen=True)
class FunnelStep:
    """How many opportunities closed in the period reached a step (or a later one)."""

    step: str  # "leads", "contacted", "test_drive", "offer", "won"
    count: int
    rate: float | None  # count / previous step's count; None for the first step or after zero


@dataclass(frozen=True)
class ChurnFigures:
    """Customers active at the start of a period and how many of them were no longer at its end."""

    period: Period
    active_at_start: int
    churned: int
    active_at_end: int

    @property
    def rate(self) -> float | None:
        return ratio(self.churned, self.active_at_start)


@dataclass(frozen=True)
class LoyaltyFigures:
    buyers: int  # customers with 1+ purchase up to the end of the period
    repeat_buyers: int  # with 2+ purchases
    recent_buyers: int  # bought in the 5 years up to the end of the period
    serviced: int  # of those, with a service visit in the last 12 months

    @property
    def repeat_rate(self) -> float | None:
        return ratio(self.repeat_buyers, self.buyers)

    @property
    def service_retention(self) -> float | None:
        return ratio(self.serviced, self.recent_buyers)


@dataclass(frozen=True)
class ClvFigures:
    customers: int  # contacts with 1+ sale up to the end of the period
    total_margin: Decimal  # their sales margin + service margin, all time up to the end of the period
    active_customers: int  # active at the end of the period (churn definition)
    margin_last_12_months: Decimal  # sales + service margin of the active customers, last 12 months
    annual_churn: float | None  # churn over the 12 months up to the end of the period
    max_years: int  # the cap (setting kpi.clv_max_years)

    @property
    def historical(self) -> Decimal | None:
        if not self.customers:
            return None
        return (self.total_margin / self.customers).quantize(Decimal("0.01"))

    @property
    def expected_years(self) -> float | None:
        """1 / annual churn, capped; the cap when nobody churned; None when churn is unknown."""
        if self.annual_churn is None:
            return None
        if self.annual_churn <= 0:
            return float(self.max_years)
        return min(float(self.max_years), 1.0 / self.annual_churn)

    @property
    def margin_per_year(self) -> Decimal | None:
        if not self.active_customers:
            return None
        return (self.margin_last_12_months / self.active_customers).quantize(Decimal("0.01"))

    @property
    def predictive(self) -> Decimal | None:
        per_year, years = self.margin_per_year, self.expected_years
        if per_year is None or years is None:
            return None
        return (per_year * Decimal(str(round(years, 6)))).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CampaignFigures:
    """A campaign run in (overlapping) the period, with the sales attributed to it (last touch)."""

    campaign_id: int
    name: str
    channel: SourceChannel
    starts_on: dt.date
    ends_on: dt.date | None
    cost: Decimal
    targets: int
    reached: int
    sales: int
    revenue: Decimal
    margin: Decimal

    @property
    def roi(self) -> float | None:
        """(attributed margin - cost) / cost; None for a campaign that cost nothing."""
        if not self.cost:
            return None
        return float((self.margin - self.cost) / self.cost)

    @property
    def cost_per_sale(self) -> Decimal | None:
        if not self.sales:
            return None
        return (self.cost / self.sales).quantize(Decimal("0.01"))

    @property
    def reach_rate(self) -> float | None:
        return ratio(self.reached, self.targets)


@dataclass(frozen=True)
class CategoryClaims:
    category: ClaimCategory
    opened: int
    resolved: int
    mean_hours_to_resolution: float | None


@dataclass(frozen=True)
class AfterSalesFigures:
    opened: int
    resolved: int
    resolved_in_time: int  # resolved in the period no later than their deadline
    mean_hours_to_resolution: float | None  # over the claims resolved in the period
    satisfaction: float | None
    satisfaction_count: int
    goodwill_cost: Decimal
    overdue: int
    by_category: tuple[CategoryClaims, ...]
    service_visits: int
    service_revenue: Decimal
    service_margin: Decimal

    @property
    def in_time_rate(self) -> float | None:
        return ratio(self.resolved_in_time, self.resolved)


@dataclass(frozen=True)
class ActivityFigures:
    """Activity of one salesperson (user_id None: the whole dealership)."""

    user_id: int | None
    display_name: str
    calls: int
    appointments: int
    test_drives: int
    leads: int  # contacts created in the period that they own
    leads_contacted: int  # of those, contacted since
    mean_response_hours: float | None  # first contact after creation, mean over leads_contacted


@dataclass(frozen=True)
class ScoreBucket:
    low: int | None  # None: not scored yet
    high: int | None
    count: int

    @property
    def label(self) -> str:
        return "—" if self.low is None else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class Headline:
    """The figures compared from period to period (tiles, the report's summary page)."""

    summary: KpiSummary
    cac: Decimal | None  # overall
    conversion: float | None  # overall cohort conversion
    churn: float | None

    @property
    def period(self) -> Period:
        return self.summary.period


@dataclass(frozen=True)
class KpiFigures:
    """Every KPI of one period, from one round of queries (KpiService.figures)."""

    headline: Headline
    months: tuple[MonthFigures, ...]  # the 12 calendar months up to the period's end
    makes: tuple[MakeModelFigures, ...]  # best sellers first
    channels: tuple[ChannelFigures, ...]  # every source channel, in the enum's order
    funnel: tuple[FunnelStep, ...]
    churn: ChurnFigures | None  # None for a salesperson (a dealership figure)
    churn_months: tuple[ChurnFigures, ...]
    annual_churn: ChurnFigures | None
    loyalty: LoyaltyFigures | None
    clv: ClvFigures | None
    campaigns: tuple[CampaignFigures, ...]
    aftersales: AfterSalesFigures
    activity: tuple[ActivityFigures, ...]  # per salesperson, then the dealership total last
    scores: tuple[ScoreBucket, ...]
    salespeople: tuple[SalespersonFigures, ...]
    objectives: tuple[ObjectiveProgress, ...]  # the dealership's (or the salesperson's) for the period
    churn_window_months: int
    attribution_days: int

    @property
    def period(self) -> Period:
        return self.headline.period

    @property
    def summary(self) -> KpiSummary:
        return self.headline.summary

    def channel(self, channel: SourceChannel) -> ChannelFigures:
        return next(c for c in self.channels if c.channel is channel)

    @property
    def total_spend(self) -> Decimal:
        return sum((c.spend for c in self.channels), ZERO)


@dataclass(frozen=True)
class DealFigures:
    """One sale, as the monthly report lists a salesperson's best deals."""

    sold_on: dt.date
    customer: str
    vehicle: str
    price: Decimal
    margin: Decimal


@dataclass(frozen=True)
class PipelineStage:
    """Open opportunities of one stage: how many and their expected amount."""

    stage: str  # a Stage value
    count: int
    amount: Decimal


@dataclass(frozen=True)
class SalespersonMonth:
    """What the monthly report shows on a salesperson's page beside their SalespersonFigures."""

    user_id: int
    months: tuple[MonthFigures, ...]  # their sales over the 12 calendar months up to the period's end
    funnel: tuple[FunnelStep, ...]  # their opportunities closed in the period
    pipeline: tuple[PipelineStage, ...]  # their opportunities open when the report was computed
    best_deals: tuple[DealFigures, ...]  # their sales of the period, highest margin first (at most 5)


@dataclass(frozen=True)
class MonthlyReport:
    period: Period
    dealership_name: str
    current: KpiSummary
    previous: KpiSummary  # the period just before
    last_year: KpiSummary  # the same period a year earlier
    salespeople: tuple[SalespersonFigures, ...]
    computed_at: dt.datetime
    figures: KpiFigures
    previous_headline: Headline
    last_year_headline: Headline
    logo_png: bytes | None = None
    months_of: tuple[SalespersonMonth, ...] = ()  # one per salesperson of `salespeople`


@dataclass(frozen=True)
class DetailTable:
    """The rows behind a figure (the list a click on a tile or a bar opens), ready to export.

    `columns` are stable keys (the UI and exports translate them); cells are plain values.
    """

    kind: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | int | float | Decimal | dt.date | None, ...], ...]
