"""Any period computes: KPIs of arbitrary day ranges on a small demo dealership (hypothesis).

Rates stay within [0, 1], and the additive figures of a period split in two add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealercrm.db import Database, open_database
from dealercrm.demo import generate_demo
from dealercrm.services.kpi import KpiFigures, KpiService, Period
from dealercrm.services.kpi.period import monthly_share, spread_monthly
from dealercrm.services.permissions import SYSTEM_ACTOR

TODAY = dt.date(2026, 7, 20)
# Anywhere in 2000..2100, but mostly where the demo data is (the three years up to TODAY).
days = st.one_of(
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    st.dates(dt.date(2023, 6, 1), dt.date(2026, 9, 30)),
    st.dates(dt.date(2023, 6, 1), dt.date(2026, 9, 30)),
)
ranges = st.tuples(days, days).map(sorted)
amounts = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(tmp_path_factory.mktemp("kpi_periods") / "demo.sqlite3", create=True)
    generate_demo(db.session_factory, contacts=150, seed=7, today=TODAY)
    yield db
    db.dispose()


def rates(f: KpiFigures) -> list[float | None]:
    found: list[float | None] = [f.summary.win_rate, f.headline.conversion, f.headline.churn]
    found += [c.conversion for c in f.channels]
    found += [step.rate for step in f.funnel]
    found += [c.rate for c in (f.churn, f.annual_churn, *f.churn_months) if c is not None]
    if f.loyalty is not None:
        found += [f.loyalty.repeat_rate, f.loyalty.service_retention]
    found += [f.aftersales.in_time_rate]
    found += [c.reach_rate for c in f.campaigns]
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bounds=ranges)
def test_any_period_computes_with_rates_in_zero_one(demo_db: Database, bounds: list[dt.date]) -> None:
    period = Period.days(bounds[0], bounds[1])
    figures = KpiService(demo_db.session_factory, actor=SYSTEM_ACTOR).figures(period=period)
    for rate in rates(figures):
        assert rate is None or 0.0 <= rate <= 1.0
    assert figures.churn is not None and figures.churn.period == period
    assert len(figures.churn_months) == 12 and figures.churn_months[-1].period.end == period.end
    assert all(c.spend >= 0 for c in figures.channels)


def additive(f: KpiFigures) -> tuple[object, ...]:
    s = f.summary
    return (
        s.vehicles_sold,
        s.new_vehicles_sold,
        s.revenue,
        s.margin,
        s.new_customers,
        s.new_prospects,
        s.test_drives,
        s.calls,
        s.quotes,
        s.opportunities_won,
        s.opportunities_lost,
        s.claims_opened,
        s.claims_resolved,
        s.goodwill_cost,
        tuple(c.spend for c in f.channels),
        tuple(c.new_customers for c in f.channels),
        tuple(c.prospects for c in f.channels),
        f.aftersales.service_visits,
        f.aftersales.service_revenue,
        f.aftersales.service_margin,
        tuple((o.metric, o.target) for o in f.objectives),
    )


def add(a: object, b: object) -> object:
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) == 2 and not isinstance(a[0], int | Decimal):  # (metric, target)
            return (a[0], None if a[1] is None and b[1] is None else (a[1] or 0) + (b[1] or 0))
        return tuple(add(x, y) for x, y in zip(a, b, strict=True))
    return a + b  # type: ignore[operator]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.dates(dt.date(2023, 6, 1), dt.date(2026, 9, 30)),
    length=st.integers(2, 500),
    data=st.data(),
)
def test_a_period_split_in_two_adds_up(
    demo_db: Database, first: dt.date, length: int, data: st.DataObject
) -> None:
    whole = Period(first, first + dt.timedelta(days=length))
    cut = first + dt.timedelta(days=data.draw(st.integers(1, length - 1)))
    kpi = KpiService(demo_db.session_factory, actor=SYSTEM_ACTOR)
    before = kpi.figures(period=Period(whole.start, cut))
    after = kpi.figures(period=Period(cut, whole.end))
    assert add(additive(before), additive(after)) == additive(kpi.figures(period=whole))


@given(amount=amounts, month=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 1)), data=st.data())
def test_monthly_shares_add_up_to_the_month(amount: Decimal, month: dt.date, data: st.DataObject) -> None:
    month = month.replace(day=1)
    whole = Period.month(month.year, month.month)
    cuts = sorted(set(data.draw(st.lists(st.integers(1, whole.day_count - 1), max_size=5))))
    edges = [month, *(month + dt.timedelta(days=c) for c in cuts), whole.end]
    shares = [monthly_share(amount, month, a, b) for a, b in zip(edges, edges[1:], strict=False)]
    assert sum(shares) == amount
    assert all(share >= 0 for share in shares)
    assert spread_monthly(whole, {month: amount}) == amount


def test_half_of_june_and_half_of_july() -> None:
    # 15 June - 14 July 2026: 16 of June's 30 days and 14 of July's 31 days.
    period = Period.days(dt.date(2026, 6, 15), dt.date(2026, 7, 14))
    june, july = dt.date(2026, 6, 1), dt.date(2026, 7, 1)
    spread = spread_monthly(period, {june: Decimal("3000.00"), july: Decimal("3100.00")})
    assert spread == Decimal("1600.00") + Decimal("1400.00")
