"""Properties of the KPI formulas, whatever the numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dealercrm.models.enums import SourceChannel
from dealercrm.services.kpi import CampaignFigures, ChannelFigures, ChurnFigures, ClvFigures, Period

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
MARCH = Period.month(2026, 3)


@given(active=st.integers(0, 10_000), data=st.data())
def test_churn_is_a_share_of_the_active(active: int, data: st.DataObject) -> None:
    churned = data.draw(st.integers(0, active))
    rate = ChurnFigures(MARCH, active, churned, active - churned).rate
    if active == 0:
        assert rate is None
    else:
        assert rate is not None and 0.0 <= rate <= 1.0


@given(spend=money, new=st.integers(0, 1000))
def test_cac_is_spend_over_new_customers(spend: Decimal, new: int) -> None:
    cac = ChannelFigures(SourceChannel.WEBSITE, spend, new, 0, 0).cac
    if new == 0:
        assert cac is None
    else:
        assert cac is not None and abs(cac * new - spend) <= Decimal("0.005") * new


@given(
    cost=money,
    margin=st.decimals(min_value=-1_000_000, max_value=10_000_000, places=2),
    sales=st.integers(0, 50),
)
def test_roi_sign_follows_margin_minus_cost(cost: Decimal, margin: Decimal, sales: int) -> None:
    c = CampaignFigures(
        1, "c", SourceChannel.CAMPAIGN, dt.date(2026, 3, 1), None, cost, 10, 5, sales, margin, margin
    )
    if cost == 0:
        assert c.roi is None
    else:
        assert c.roi is not None
        assert (c.roi > 0) == (margin > cost) and (c.roi < 0) == (margin < cost)
    assert (c.cost_per_sale is None) == (sales == 0)


@given(
    churn=st.one_of(st.none(), st.floats(0, 1)),
    cap=st.integers(1, 40),
    active=st.integers(0, 1000),
    margin=money,
)
def test_predictive_clv_lifetime_is_capped(
    churn: float | None, cap: int, active: int, margin: Decimal
) -> None:
    clv = ClvFigures(10, Decimal("0"), active, margin, churn, cap)
    years = clv.expected_years
    if churn is None:
        assert years is None and clv.predictive is None
    else:
        assert years is not None and 0 < years <= cap
        if churn > 0 and 1 / churn <= cap:
            assert abs(years - 1 / churn) < 1e-9
    if clv.predictive is not None:
        assert clv.predictive >= 0


@given(prospects=st.integers(0, 1000), data=st.data())
def test_conversion_within_zero_and_one(prospects: int, data: st.DataObject) -> None:
    converted = data.draw(st.integers(0, prospects))
    rate = ChannelFigures(SourceChannel.PHONE, Decimal(0), 0, prospects, converted).conversion
    assert rate is None if prospects == 0 else 0.0 <= rate <= 1.0  # type: ignore[operator]
