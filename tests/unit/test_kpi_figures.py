"""KpiService.figures on a small dealership built here, against figures computed by hand.

March 2026 in Paris: 2026-02-28 23:00 UTC to 2026-03-31 22:00 UTC. Settings at their defaults:
churn window 24 months, CLV cap 15 years, attribution 90 days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from dealercrm.db import Database
from dealercrm.models import (
    Campaign,
    CampaignTarget,
    Claim,
    Contact,
    Interaction,
    MarketingSpend,
    Objective,
    Opportunity,
    Sale,
    ServiceVisit,
    Task,
    Vehicle,
)
from dealercrm.models.enums import (
    CampaignKind,
    CampaignObjective,
    Channel,
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    InteractionType,
    Lifecycle,
    ObjectiveMetric,
    Role,
    ServiceKind,
    Severity,
    SourceChannel,
    SpendChannel,
    Stage,
    StockStatus,
    TaskKind,
    VehicleCondition,
)
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService

MARCH = Period.month(2026, 3)
NOW = dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@dataclass
class Acq:
    manager: Actor
    julie: Actor
    campaign_x: int
    campaign_y: int


def build_acquisition_world(db: Database, make_user: Callable[..., Actor]) -> Acq:
    manager = make_user(Role.MANAGER, login="marc", display_name="Marc Manager")
    julie = make_user(Role.SALESPERSON, login="julie", display_name="Julie Martin")
    with db.session_factory.begin() as s:

        def contact(
            name: str,
            channel: SourceChannel,
            created: dt.datetime,
            *,
            owner: int | None = None,
            lifecycle: Lifecycle = Lifecycle.PROSPECT,
            score: int | None = None,
            erased: bool = False,
        ) -> int:
            c = Contact(
                kind=ContactKind.PERSON,
                last_name=name,
                source_channel=channel,
                created_at=created,
                owner_id=owner,
                lifecycle=lifecycle,
                lost_reason="moved" if lifecycle is Lifecycle.LOST else None,
                score=score,
                erased_at=utc(2026, 1, 1) if erased else None,
            )
            s.add(c)
            s.flush()
            return c.id

        cust = Lifecycle.CUSTOMER
        a = contact("A", SourceChannel.WEBSITE, utc(2026, 3, 5, 10), owner=julie.id, lifecycle=cust)
        b = contact("B", SourceChannel.WEBSITE, utc(2026, 3, 10, 10), owner=julie.id, score=85)
        c = contact("C", SourceChannel.WALK_IN, utc(2025, 1, 10, 10), lifecycle=cust)
        d = contact("D", SourceChannel.WALK_IN, utc(2026, 2, 28, 23, 30), score=10)  # 1 March in Paris
        e = contact("E", SourceChannel.REFERRAL, utc(2020, 1, 1), lifecycle=cust)
        f = contact("F", SourceChannel.OTHER, utc(2020, 1, 1), lifecycle=cust)
        g = contact("G", SourceChannel.OTHER, utc(2020, 1, 1), lifecycle=Lifecycle.LOST)
        contact("H", SourceChannel.OTHER, utc(2025, 5, 1))  # prospect, not scored
        contact("I", SourceChannel.OTHER, utc(2025, 5, 1), score=45, erased=True)  # erased: not counted

        def sale(contact_id: int, day: dt.date, price: str, cost: str, who: Actor | None = None) -> None:
            v = Vehicle(
                make="Peugeot", model="208", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
            )
            s.add(v)
            s.flush()
            s.add(
                Sale(
                    contact_id=contact_id,
                    vehicle_id=v.id,
                    salesperson_id=who.id if who else None,
                    sold_on=day,
                    price=Decimal(price),
                    cost=Decimal(cost),
                    margin=Decimal(price) - Decimal(cost),
                )
            )

        sale(a, dt.date(2026, 3, 20), "20000", "18000", julie)
        sale(c, dt.date(2026, 3, 10), "15000", "14000")
        sale(c, dt.date(2025, 1, 15), "10000", "9000")
        sale(d, dt.date(2026, 4, 2), "12000", "11000")
        sale(e, dt.date(2023, 1, 10), "9000", "8500")
        sale(f, dt.date(2024, 3, 15), "8000", "7600")
        sale(g, dt.date(2025, 6, 1), "5000", "4800")

        def visit(contact_id: int, day: dt.date, amount: str, margin: str) -> None:
            v = Vehicle(
                make="Renault",
                model="Clio",
                condition=VehicleCondition.USED,
                stock_status=StockStatus.CUSTOMER_OWNED,
            )
            s.add(v)
            s.flush()
            s.add(
                ServiceVisit(
                    vehicle_id=v.id,
                    contact_id=contact_id,
                    visited_on=day,
                    kind=ServiceKind.MAINTENANCE,
                    amount=Decimal(amount),
                    margin=Decimal(margin),
                )
            )

        visit(e, dt.date(2024, 6, 1), "250", "100")
        visit(c, dt.date(2025, 9, 1), "400", "150")
        visit(a, dt.date(2026, 3, 25), "300", "120")

        for channel, month, amount in (
            (SpendChannel.WEBSITE, dt.date(2026, 3, 1), "1000"),
            (SpendChannel.WALK_IN, dt.date(2026, 3, 1), "300"),
            (SpendChannel.WEBSITE, dt.date(2026, 2, 1), "500"),
        ):
            s.add(MarketingSpend(channel=channel, month=month, amount=Decimal(amount)))

        def campaign(name: str, starts: dt.date, ends: dt.date, cost: str) -> int:
            cp = Campaign(
                name=name,
                kind=CampaignKind.PHONING,
                objective=CampaignObjective.PROSPECTING,
                starts_on=starts,
                ends_on=ends,
                cost=Decimal(cost),
            )
            s.add(cp)
            s.flush()
            return cp.id

        x = campaign("X", dt.date(2026, 2, 20), dt.date(2026, 3, 25), "200")
        y = campaign("Y", dt.date(2026, 3, 1), dt.date(2026, 4, 10), "100")
        for cid, contact_id, reached in (
            (x, c, utc(2026, 3, 1, 10)),  # 9 days before C's sale: X gets it
            (y, c, utc(2026, 3, 12, 10)),  # after C's sale: no
            (x, a, utc(2026, 3, 10, 10)),
            (y, a, utc(2026, 3, 15, 10)),  # the last touch before A's sale: Y gets it
            (x, b, None),  # in the list, never reached
        ):
            s.add(CampaignTarget(campaign_id=cid, contact_id=contact_id, reached_at=reached))

        def interaction(
            contact_id: int, kind: InteractionType, at: dt.datetime, opp: int | None = None
        ) -> None:
            s.add(
                Interaction(
                    contact_id=contact_id, user_id=julie.id, type=kind, occurred_at=at, opportunity_id=opp
                )
            )

        interaction(a, InteractionType.CALL, utc(2026, 3, 5, 12))  # 2 h after A was created
        interaction(b, InteractionType.EMAIL, utc(2026, 3, 11, 10))  # 24 h after B was created

        def opportunity(stage: Stage, closed: dt.datetime) -> int:
            o = Opportunity(
                contact_id=c,
                owner_id=julie.id,
                title="208",
                stage=stage,
                closed_at=closed,
                lost_reason="price" if stage is Stage.LOST else None,
            )
            s.add(o)
            s.flush()
            return o.id

        opportunity(Stage.WON, utc(2026, 3, 10, 15))
        o2 = opportunity(Stage.LOST, utc(2026, 3, 20, 10))
        o3 = opportunity(Stage.LOST, utc(2026, 3, 21, 10))
        opportunity(Stage.LOST, utc(2026, 3, 22, 10))
        opportunity(Stage.LOST, utc(2026, 3, 31, 23, 30))  # April in Paris
        interaction(c, InteractionType.TEST_DRIVE, utc(2026, 3, 12, 10), o2)
        interaction(c, InteractionType.CALL, utc(2026, 3, 13, 10), o3)

        s.add(
            Task(
                user_id=julie.id,
                contact_id=c,
                kind=TaskKind.APPOINTMENT,
                title="RDV",
                due_at=utc(2026, 3, 15, 9),
            )
        )
        s.add(
            Task(
                user_id=julie.id,
                contact_id=c,
                kind=TaskKind.APPOINTMENT,
                title="RDV",
                due_at=utc(2026, 4, 5, 9),
            )
        )

        def claim(
            category: ClaimCategory, opened: dt.datetime, due: dt.datetime, resolved: dt.datetime | None
        ) -> None:
            s.add(
                Claim(
                    contact_id=c,
                    category=category,
                    severity=Severity.MEDIUM,
                    channel=Channel.PHONE,
                    description="x",
                    status=ClaimStatus.RESOLVED if resolved else ClaimStatus.OPEN,
                    opened_at=opened,
                    due_at=due,
                    resolved_at=resolved,
                )
            )

        claim(
            ClaimCategory.MECHANICAL, utc(2026, 3, 2, 9), utc(2026, 3, 4, 9), utc(2026, 3, 3, 9)
        )  # 24 h, in time
        claim(
            ClaimCategory.BODYWORK, utc(2026, 3, 5, 9), utc(2026, 3, 6, 9), utc(2026, 3, 7, 21)
        )  # 60 h, late
        claim(ClaimCategory.ELECTRICAL, utc(2026, 3, 20, 9), utc(2026, 5, 1, 9), None)

        s.add(
            Objective(
                user_id=None, month=dt.date(2026, 3, 1), metric=ObjectiveMetric.SALES, target=Decimal(4)
            )
        )
        s.add(
            Objective(
                user_id=None, month=dt.date(2026, 3, 1), metric=ObjectiveMetric.MARGIN, target=Decimal(5000)
            )
        )
    return Acq(manager, julie, x, y)


@pytest.fixture
def acq(db: Database, make_user: Callable[..., Actor]) -> Acq:
    return build_acquisition_world(db, make_user)


def figures(db: Database, actor: Actor, period: Period = MARCH):  # type: ignore[no-untyped-def]
    return KpiService(db.session_factory, actor=actor).figures(period=period, now=NOW)


def test_cac_per_channel_and_overall(db: Database, acq: Acq) -> None:
    f = figures(db, acq.manager)
    website = f.channel(SourceChannel.WEBSITE)
    assert (website.spend, website.new_customers, website.cac) == (Decimal("1000.00"), 1, Decimal("1000.00"))
    walk_in = f.channel(SourceChannel.WALK_IN)
    assert walk_in.spend == Decimal("300.00") and walk_in.new_customers == 0
    assert walk_in.cac is None  # n/a, not 0 nor infinity
    campaign = f.channel(SourceChannel.CAMPAIGN)
    assert campaign.spend == Decimal("200.00")  # X ends in March; Y ends in April
    assert f.total_spend == Decimal("1500.00")
    assert f.headline.cac == Decimal("1500.00")  # 1 500 / 1 new customer (A; C bought before)
    assert f.summary.new_customers == 1


def test_conversion_cohort_per_channel(db: Database, acq: Acq) -> None:
    f = figures(db, acq.manager)
    website = f.channel(SourceChannel.WEBSITE)
    assert (website.prospects, website.converted, website.conversion) == (2, 1, 0.5)  # A bought, B not
    walk_in = f.channel(SourceChannel.WALK_IN)
    # D was created at 23:30 UTC on 28 February, 00:30 on 1 March in Paris; bought in April.
    assert (walk_in.prospects, walk_in.converted, walk_in.conversion) == (1, 0, 0.0)
    assert f.channel(SourceChannel.EVENT).conversion is None
    assert f.headline.conversion == pytest.approx(1 / 3)


def test_funnel_of_opportunities_closed(db: Database, acq: Acq) -> None:
    steps = {s.step: (s.count, s.rate) for s in figures(db, acq.manager).funnel}
    assert steps["leads"] == (4, None)  # the one lost at 23:30 UTC on 31 March is April's
    assert steps["contacted"] == (3, 0.75)
    assert steps["test_drive"] == (2, pytest.approx(2 / 3))
    assert steps["offer"] == (1, 0.5)
    assert steps["won"] == (1, 1.0)


def test_churn_of_the_month_and_the_year(db: Database, acq: Acq) -> None:
    f = figures(db, acq.manager)
    assert f.churn is not None and f.annual_churn is not None
    # Active on 1 March: C, E (visit June 2024), F (sale 15 March 2024); G is lost. F drops out.
    assert (f.churn.active_at_start, f.churn.churned, f.churn.active_at_end) == (3, 1, 3)
    assert f.churn.rate == pytest.approx(1 / 3)
    assert (f.annual_churn.active_at_start, f.annual_churn.churned) == (3, 1)
    assert len(f.churn_months) == 12 and f.churn_months[-1].period == MARCH


def test_churn_window_setting(db: Database, acq: Acq) -> None:
    SettingsService(db.session_factory, actor=acq.manager).set_many(values={"kpi.churn_window_months": 12})
    f = figures(db, acq.manager)
    assert f.churn is not None
    # 12 months: active on 1 March is C only (its service visit of 1 September 2025).
    assert (f.churn.active_at_start, f.churn.churned) == (1, 0)


def test_loyalty(db: Database, acq: Acq) -> None:
    loyalty = figures(db, acq.manager).loyalty
    assert loyalty is not None
    assert (loyalty.buyers, loyalty.repeat_buyers, loyalty.repeat_rate) == (5, 1, 0.2)  # C bought twice
    assert (loyalty.recent_buyers, loyalty.serviced) == (5, 2)  # C (Sept 2025) and A (March 2026)
    assert loyalty.service_retention == 0.4


def test_customer_lifetime_value(db: Database, acq: Acq) -> None:
    clv = figures(db, acq.manager).clv
    assert clv is not None
    # Sales margin before April 5 100 + service margin 370 of buyers = 5 470, over 5 customers.
    assert clv.customers == 5 and clv.total_margin == Decimal("5470.00")
    assert clv.historical == Decimal("1094.00")
    # Active on 1 April: A, C, E; their margin of the last 12 months 2 120 + 1 150 + 0 = 3 270.
    assert (clv.active_customers, clv.margin_last_12_months) == (3, Decimal("3270.00"))
    assert clv.margin_per_year == Decimal("1090.00")
    assert clv.annual_churn == pytest.approx(1 / 3) and clv.expected_years == pytest.approx(3.0)
    assert clv.predictive == Decimal("3270.00")


def test_clv_is_capped(db: Database, acq: Acq) -> None:
    SettingsService(db.session_factory, actor=acq.manager).set_many(values={"kpi.clv_max_years": 2})
    clv = figures(db, acq.manager).clv
    assert clv is not None and clv.expected_years == 2.0 and clv.predictive == Decimal("2180.00")


def test_campaign_roi_last_touch(db: Database, acq: Acq) -> None:
    campaigns = {c.name: c for c in figures(db, acq.manager).campaigns}
    x, y = campaigns["X"], campaigns["Y"]
    assert (x.targets, x.reached, x.sales, x.margin) == (3, 2, 1, Decimal("1000.00"))  # C's sale
    assert x.roi == pytest.approx(4.0) and x.cost_per_sale == Decimal("200.00")
    assert (y.sales, y.margin) == (1, Decimal("2000.00"))  # A's sale: Y touched last
    assert y.roi == pytest.approx(19.0) and y.cost_per_sale == Decimal("100.00")


def test_attribution_window_setting(db: Database, acq: Acq) -> None:
    SettingsService(db.session_factory, actor=acq.manager).set_many(values={"campaigns.attribution_days": 8})
    campaigns = {c.name: c for c in figures(db, acq.manager).campaigns}
    assert campaigns["X"].sales == 0  # reached 9 days before the sale
    assert campaigns["X"].roi == pytest.approx(-1.0) and campaigns["X"].cost_per_sale is None
    assert campaigns["Y"].sales == 1  # 5 days


def test_aftersales(db: Database, acq: Acq) -> None:
    a = figures(db, acq.manager).aftersales
    assert (a.opened, a.resolved, a.resolved_in_time) == (3, 2, 1)
    assert a.in_time_rate == 0.5
    assert a.mean_hours_to_resolution == pytest.approx(42.0)  # (24 + 60) / 2
    cats = {c.category: c for c in a.by_category}
    assert cats[ClaimCategory.MECHANICAL].mean_hours_to_resolution == pytest.approx(24.0)
    assert cats[ClaimCategory.BODYWORK].mean_hours_to_resolution == pytest.approx(60.0)
    assert (cats[ClaimCategory.ELECTRICAL].opened, cats[ClaimCategory.ELECTRICAL].resolved) == (1, 0)
    assert cats[ClaimCategory.ELECTRICAL].mean_hours_to_resolution is None
    assert (a.service_visits, a.service_revenue, a.service_margin) == (
        1,
        Decimal("300.00"),
        Decimal("120.00"),
    )


def test_activity_and_lead_response_time(db: Database, acq: Acq) -> None:
    rows = {r.user_id: r for r in figures(db, acq.manager).activity}
    julie = rows[acq.julie.id]
    assert (julie.calls, julie.appointments, julie.test_drives) == (2, 1, 1)
    assert (julie.leads, julie.leads_contacted) == (2, 2)
    assert julie.mean_response_hours == pytest.approx(13.0)  # (2 + 24) / 2
    total = rows[None]
    assert (total.leads, total.leads_contacted) == (3, 2)  # D was never contacted


def test_score_distribution_of_open_prospects(db: Database, acq: Acq) -> None:
    buckets = {b.label: b.count for b in figures(db, acq.manager).scores}
    assert buckets == {"0-19": 1, "20-39": 0, "40-59": 0, "60-79": 0, "80-100": 1, "—": 1}


def test_dealership_objectives(db: Database, acq: Acq) -> None:
    objectives = {o.metric: o for o in figures(db, acq.manager).objectives}
    assert objectives[ObjectiveMetric.SALES].achievement == 0.5  # 2 sales for 4
    assert objectives[ObjectiveMetric.MARGIN].achievement == pytest.approx(0.6)  # 3 000 for 5 000
    assert objectives[ObjectiveMetric.CALLS].achievement is None


def test_sales_per_month_and_model(db: Database, acq: Acq) -> None:
    f = figures(db, acq.manager)
    assert [m.month for m in f.months][-1] == dt.date(2026, 3, 1) and len(f.months) == 12
    assert f.months[-1].sales == 2 and f.months[-1].margin == Decimal("3000.00")
    assert f.months[0].month == dt.date(2025, 4, 1)
    assert [(m.make, m.model, m.sales) for m in f.makes] == [("Peugeot", "208", 2)]


def test_empty_period(db: Database, acq: Acq) -> None:
    f = figures(db, acq.manager, Period.month(2019, 1))
    assert f.headline.cac is None and f.headline.conversion is None and f.headline.churn is None
    assert f.churn is not None and f.churn.rate is None and f.churn.active_at_start == 0
    assert all(c.cac is None and c.conversion is None for c in f.channels)
    assert [s.count for s in f.funnel] == [0, 0, 0, 0, 0] and all(s.rate is None for s in f.funnel)
    assert f.campaigns == ()
    assert f.aftersales.mean_hours_to_resolution is None and f.aftersales.in_time_rate is None
    assert f.clv is not None and f.clv.historical is None and f.clv.predictive is None
    assert f.loyalty is not None and f.loyalty.repeat_rate is None


def test_salesperson_gets_own_figures_only(db: Database, acq: Acq) -> None:
    f = figures(db, acq.julie)
    assert f.summary.salesperson_id == acq.julie.id
    assert f.churn is None and f.loyalty is None and f.clv is None and f.campaigns == ()
    assert f.headline.cac is None
    assert [r.user_id for r in f.activity] == [acq.julie.id]


def test_details_behind_figures(db: Database, acq: Acq) -> None:
    kpi = KpiService(db.session_factory, actor=acq.manager)
    sales = kpi.details(kind="sales", period=MARCH)
    assert [r[1] for r in sales.rows] == ["C", "A"]
    assert kpi.details(kind="new_customers", period=MARCH, channel=SourceChannel.WEBSITE).rows[0][1] == "A"
    attributed = kpi.details(kind="campaign_sales", period=MARCH, campaign_id=acq.campaign_x)
    assert [r[1] for r in attributed.rows] == ["C"]
    claims = kpi.details(kind="claims", period=MARCH, category=ClaimCategory.BODYWORK)
    assert claims.rows[0][claims.columns.index("hours_to_resolution")] == 60.0
