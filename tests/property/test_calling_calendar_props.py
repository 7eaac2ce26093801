"""`next_calling_moment` on random moments, départements and calling hours (hypothesis): never a public
holiday, never a Sunday, never outside the configured windows, and nothing allowed skipped before it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from dealercrm.services import compliance as law
from dealercrm.services.compliance import LawSettings
from dealercrm.services.work_calendar import WorkCalendar

PARIS = ZoneInfo("Europe/Paris")
SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE", "971": "971", "972": "972", "973": "973"}
SUBDIVISIONS |= {"974": "974", "976": "976"}
moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC)
)
departments = st.sampled_from([None, "75", "13", "2A", "57", "67", "68", "971", "972", "973", "974", "976"])


@st.composite
def windows(draw: st.DrawFn) -> tuple[tuple[dt.time, dt.time], ...]:
    """One to three disjoint windows between 07:00 and 22:00 (clear of the night's DST changes)."""
    bounds = sorted(set(draw(st.lists(st.integers(7 * 4, 22 * 4), min_size=2, max_size=6, unique=True))))
    pairs = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    return tuple((dt.time(a // 4, a % 4 * 15), dt.time(b // 4, b % 4 * 15)) for a, b in pairs)


def official(department: str | None, day: dt.date) -> bool:
    return day in holidays.country_holidays("FR", subdiv=SUBDIVISIONS.get(department or ""), years=day.year)


@settings(max_examples=300, deadline=None)
@given(
    moments,
    departments,
    windows(),
    st.frozensets(st.integers(0, 5), min_size=1),  # never Sunday (6)
)
def test_next_calling_moment_is_never_a_holiday_a_sunday_or_out_of_hours(
    moment: dt.datetime,
    department: str | None,
    call_windows: tuple[tuple[dt.time, dt.time], ...],
    weekdays: frozenset[int],
) -> None:
    rules = LawSettings(call_windows=call_windows, call_weekdays=weekdays, calendar=WorkCalendar(department))
    found = law.next_calling_moment(moment, law=rules)
    assert found is not None and found >= moment
    local = found.astimezone(PARIS)
    assert local.weekday() != 6
    assert local.weekday() in weekdays
    assert not official(department, local.date())
    clock = local.time().replace(tzinfo=None)
    assert any(start <= clock < end for start, end in call_windows)
    assert law.in_calling_hours(found, law=rules)
    if found > moment:  # the first such moment: the instant before was not allowed
        assert not law.in_calling_hours(found - dt.timedelta(microseconds=1), law=rules)
