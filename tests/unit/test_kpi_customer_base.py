"""Churn, loyalty and lifetime value from the one grouped query of kpi/service.py, against the
definitions of docs/KPI.md applied row by row in Python, on a random dealership built here.

The query keeps two dates per customer for each run of days (`_segments`) instead of testing each
activity row against each day's window: these tests compare the two on many periods and churn windows,
including windows short enough to cut the days into several runs.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from dealercrm.db import Database
from dealercrm.models import Contact, Sale, ServiceVisit, Vehicle
from dealercrm.models.enums import (
    ContactKind,
    Lifecycle,
    Role,
    ServiceKind,
    SourceChannel,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.kpi import KpiService, Period, add_months
from dealercrm.services.kpi.service import _segments
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 6, 30)


@dataclass
class History:
    manager: Actor
    lost: set[int]
    sales: list[tuple[int, dt.date, Decimal]]  # contact, day, margin
    visits: list[tuple[int, dt.date, Decimal]]


def random_day(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))


@pytest.fixture
def history(db: Database, make_user: Callable[..., Actor]) -> History:
    manager = make_user(Role.MANAGER, login="marc")
    rng = random.Random(20260315)
    lost: set[int] = set()
    sales: list[tuple[int, dt.date, Decimal]] = []
    visits: list[tuple[int, dt.date, Decimal]] = []
    with db.session_factory.begin() as s:
        vehicle = Vehicle(
            make="Peugeot", model="208", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
        )
        s.add(vehicle)
        s.flush()
        for n in range(120):
            lifecycle = rng.choice((Lifecycle.CUSTOMER,) * 2 + (Lifecycle.PROSPECT, Lifecycle.LOST))
            contact = Contact(
                kind=ContactKind.PERSON,
                last_name=f"C{n}",
                source_channel=SourceChannel.OTHER,
                lifecycle=lifecycle,
                lost_reason="moved" if lifecycle is Lifecycle.LOST else None,
            )
            s.add(contact)
            s.flush()
            if lifecycle is Lifecycle.LOST:
                lost.add(contact.id)
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                day, margin = random_day(rng), Decimal(rng.randrange(-50000, 500000)) / 100
                # Some on the very first day of a month: the bounds of the windows.
                day = day.replace(day=1) if rng.random() < 0.3 else day
                sales.append((contact.id, day, margin))
                s.add(
                    Sale(
                        contact_id=contact.id,
                        vehicle_id=vehicle.id,
                        sold_on=day,
                        price=Decimal(20000),
                        cost=Decimal(20000) - margin,
                        margin=margin,
                    )
                )
            for _ in range(rng.choice((0, 0, 1, 2, 4))):
                day, margin = random_day(rng), Decimal(rng.randrange(0, 30000)) / 100
                day = day.replace(day=1) if rng.random() < 0.3 else day
                visits.append((contact.id, day, margin))
                s.add(
                    ServiceVisit(
                        vehicle_id=vehicle.id,
                        contact_id=contact.id,
                        visited_on=day,
                        kind=ServiceKind.MAINTENANCE,
                        amount=margin * 2,
                        margin=margin,
                    )
                )
        # A visit of nobody (contact erased): keeps nobody active.
        s.add(
            ServiceVisit(
                vehicle_id=vehicle.id,
                contact_id=None,
                visited_on=dt.date(2026, 1, 5),
                kind=ServiceKind.MAINTENANCE,
                amount=Decimal(10),
                margin=Decimal(5),
            )
        )
    return History(manager, lost, sales, visits)


def active_on(h: History, day: dt.date, window: int) -> set[int]:
    """docs/KPI.md: a sale or a visit in [day - W months, day), and not lost."""
    since = add_months(day, -window)
    return {c for c, d, _ in h.sales + h.visits if since <= d < day and c not in h.lost}


def churn_by_hand(h: History, period: Period, window: int) -> tuple[int, int, int]:
    start, end = active_on(h, period.start, window), active_on(h, period.end, window)
    return len(start), len(start - end), len(end)


def set_window(db: Database, h: History, months: int) -> None:
    SettingsService(db.session_factory, actor=h.manager).set_many(values={"kpi.churn_window_months": months})


PERIODS = [
    Period.month(2026, 3),
    Period.month(2024, 2),  # 29 days
    Period.quarter(2025, 4),
    Period.year(2021),
    Period.year(2025),
    Period.days(dt.date(2023, 1, 31), dt.date(2023, 3, 30)),  # month-ends: clamped windows
    Period.days(dt.date(2019, 1, 1), dt.date(2026, 6, 29)),
    Period.month(2018, 6),  # before any activity
]


@pytest.mark.parametrize("window", [1, 3, 12, 24, 60])
def test_churn_of_any_periods_matches_the_definition(db: Database, history: History, window: int) -> None:
    set_window(db, history, window)
    found = KpiService(db.session_factory, actor=history.manager).churn(periods=PERIODS)
    for period, churn in zip(PERIODS, found, strict=True):
        assert churn.period == period
        expected = churn_by_hand(history, period, window)
        assert (churn.active_at_start, churn.churned, churn.active_at_end) == expected, period


@pytest.mark.parametrize("window", [1, 6, 13, 24])
@pytest.mark.parametrize("period", [Period.month(2026, 3), Period.year(2024), Period.quarter(2022, 1)])
def test_dashboard_churn_loyalty_and_clv_match_the_definitions(
    db: Database, history: History, window: int, period: Period
) -> None:
    set_window(db, history, window)
    f = KpiService(db.session_factory, actor=history.manager).figures(period=period)
    end = period.end
    assert f.churn is not None and f.annual_churn is not None
    assert (f.churn.active_at_start, f.churn.churned, f.churn.active_at_end) == churn_by_hand(
        history, period, window
    )
    year = Period(add_months(end, -12), end)
    annual = churn_by_hand(history, year, window)
    assert (f.annual_churn.active_at_start, f.annual_churn.churned) == annual[:2]
    last = period.last_day.replace(day=1)
    for k, churn in enumerate(f.churn_months):
        month = add_months(last, k - 11)
        assert churn.period == Period(month, add_months(month, 1))
        expected = churn_by_hand(history, churn.period, window)
        assert (churn.active_at_start, churn.churned, churn.active_at_end) == expected

    # Loyalty: purchases before the end; service in the last 12 months of the buyers of the last 5 years.
    per_buyer: dict[int, int] = {}
    for c, d, _ in history.sales:
        if d < end:
            per_buyer[c] = per_buyer.get(c, 0) + 1
    recent = {c for c, d, _ in history.sales if add_months(end, -60) <= d < end}
    serviced = {c for c, d, _ in history.visits if add_months(end, -12) <= d < end}
    assert f.loyalty is not None
    assert f.loyalty.buyers == len(per_buyer)
    assert f.loyalty.repeat_buyers == sum(1 for n in per_buyer.values() if n >= 2)
    assert f.loyalty.recent_buyers == len(recent)
    assert f.loyalty.serviced == len(recent & serviced)

    # CLV: margins of the buyers before the end; margin of the last 12 months of the active customers.
    margin = sum((m for _, d, m in history.sales if d < end), Decimal(0))
    margin += sum((m for c, d, m in history.visits if d < end and c in per_buyer), Decimal(0))
    active = active_on(history, end, window)
    last_12 = sum(
        (m for c, d, m in history.sales + history.visits if c in active and add_months(end, -12) <= d < end),
        Decimal(0),
    )
    assert f.clv is not None
    assert f.clv.customers == len(per_buyer)
    assert f.clv.total_margin == margin
    assert f.clv.active_customers == len(active)
    assert f.clv.margin_last_12_months == last_12


def test_segments_cut_the_days_where_a_window_would_start_after_the_first() -> None:
    days = [dt.date(2025, m, 1) for m in range(1, 13)]
    assert _segments(days, 24) == [days]
    assert _segments(days, 3) == [days[0:4], days[4:8], days[8:12]]
    assert _segments(days, 0) == [[d] for d in days]
    # Month ends: 31 March minus one month is 28 February, before 1 March: same run.
    ends = [dt.date(2025, 3, 1), dt.date(2025, 3, 31)]
    assert _segments(ends, 1) == [ends]
