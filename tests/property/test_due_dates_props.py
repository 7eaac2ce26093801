"""Hypothesis: the due-date rules on any dates (leap days, month ends), and the SQL bounds that stand
for them agree with the pure rules on every boundary."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from dealercrm.services.due_dates import (
    FIRST_CT_MONTHS,
    NEXT_CT_MONTHS,
    DueDate,
    DueKind,
    add_months,
    is_due_within,
    latest_start,
    maintenance_due,
    technical_inspection_due,
)

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))
# Month ends and leap days are where date rules break: draw them often.
edgy_dates = st.one_of(
    dates,
    st.sampled_from(
        [
            dt.date(2020, 2, 29),
            dt.date(2024, 2, 29),
            dt.date(2023, 2, 28),
            dt.date(2022, 8, 31),
            dt.date(2021, 12, 31),
            dt.date(2026, 1, 31),
            dt.date(2025, 3, 1),
        ]
    ),
)


@given(edgy_dates, st.integers(min_value=1, max_value=120))
def test_latest_start_is_exactly_the_sql_bound(end: dt.date, months: int) -> None:
    bound = latest_start(end, months)
    assert add_months(bound, months) <= end
    assert add_months(bound + dt.timedelta(days=1), months) > end


@given(edgy_dates, edgy_dates, st.integers(min_value=0, max_value=800))
def test_sql_condition_for_the_ct_equals_the_rule(last_ct: dt.date, today: dt.date, days: int) -> None:
    due = technical_inspection_due(first_registration_on=None, last_inspection_on=last_ct)
    horizon = today + dt.timedelta(days=days)
    assert is_due_within(due, today=today, days=days) == (last_ct <= latest_start(horizon, NEXT_CT_MONTHS))


@given(edgy_dates, edgy_dates, st.integers(min_value=0, max_value=800))
def test_sql_condition_for_the_first_ct_equals_the_rule(first: dt.date, today: dt.date, days: int) -> None:
    due = technical_inspection_due(first_registration_on=first, last_inspection_on=None)
    horizon = today + dt.timedelta(days=days)
    assert is_due_within(due, today=today, days=days) == (first <= latest_start(horizon, FIRST_CT_MONTHS))


@given(edgy_dates)
def test_first_ct_window_is_the_six_months_before_the_fourth_anniversary(first: dt.date) -> None:
    due = technical_inspection_due(first_registration_on=first, last_inspection_on=None)
    assert due is not None and due.window_opens_on is not None
    assert due.due_on.year == first.year + 4
    assert due.due_on.month == first.month
    assert due.due_on.day == first.day or (first.month, first.day) == (2, 29) and due.due_on.day == 28
    assert add_months(due.window_opens_on, 6) <= due.due_on  # six months, clamped at month ends
    assert 181 <= (due.due_on - due.window_opens_on).days <= 184


@given(edgy_dates, edgy_dates)
def test_the_next_ct_counts_from_the_last_recorded_whatever_the_registration(
    first: dt.date, last: dt.date
) -> None:
    due = technical_inspection_due(first_registration_on=first, last_inspection_on=last)
    assert due is not None and due.due_on == add_months(last, 24)
    assert 729 <= (due.due_on - last).days <= 731


@given(
    edgy_dates, st.integers(0, 400_000), st.integers(0, 60_000), st.integers(1, 36), st.integers(1000, 50_000)
)
def test_maintenance_is_due_by_the_earlier_of_date_and_mileage(
    last: dt.date, last_km: int, run_km: int, months: int, interval_km: int
) -> None:
    due = maintenance_due(
        first_registration_on=None,
        last_maintenance_on=last,
        last_maintenance_km=last_km,
        current_km=last_km + run_km,
        interval_months=months,
        interval_km=interval_km,
    )
    assert due is not None
    assert due.due_on == add_months(last, months)
    assert due.due_by_mileage == (run_km >= interval_km)
    # Due by mileage means due now, whatever the date.
    if due.due_by_mileage:
        assert is_due_within(due, today=last, days=0)


@given(edgy_dates, edgy_dates, st.integers(min_value=0, max_value=400))
def test_end_dates_are_due_only_between_today_and_the_horizon(
    end: dt.date, today: dt.date, days: int
) -> None:
    for kind in (DueKind.WARRANTY_END, DueKind.FINANCING_END):
        expected = today <= end <= today + dt.timedelta(days=days)
        assert is_due_within(DueDate(kind, end), today=today, days=days) == expected
