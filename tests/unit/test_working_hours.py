"""SLA deadlines in working hours: weekends, opening hours, French public holidays, DST, UTC out."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import pytest

from dealercrm.services import working_hours
from dealercrm.services.work_calendar import WorkCalendar

PARIS = ZoneInfo("Europe/Paris")
# The dealership of these tests is in Paris: the zone is the caller's to give.
add_working_hours = functools.partial(working_hours.add_working_hours, tz=PARIS)
working_hours_between = functools.partial(working_hours.working_hours_between, tz=PARIS)


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def test_friday_17h_plus_4h_is_monday_noon() -> None:
    due = add_working_hours(paris(2026, 3, 6, 17, 0), 4, opening=(9, 18))  # Friday
    assert due == paris(2026, 3, 9, 12, 0).astimezone(dt.UTC)
    assert due.tzinfo == dt.UTC


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (paris(2026, 3, 4, 10, 0), 4, paris(2026, 3, 4, 14, 0)),  # within one day
        (paris(2026, 3, 4, 7, 30), 1, paris(2026, 3, 4, 10, 0)),  # before opening: counts from 9:00
        (paris(2026, 3, 4, 19, 0), 1, paris(2026, 3, 5, 10, 0)),  # after closing: next morning
        (paris(2026, 3, 7, 11, 0), 2, paris(2026, 3, 9, 11, 0)),  # Saturday: Monday
        (paris(2026, 3, 4, 17, 0), 1, paris(2026, 3, 4, 18, 0)),  # exactly at closing time
        (paris(2026, 3, 4, 10, 0), 72, paris(2026, 3, 16, 10, 0)),  # 8 full days of 9 h
        (paris(2026, 3, 4, 20, 0), 0, paris(2026, 3, 5, 9, 0)),  # zero hours: the next opening
    ],
)
def test_deadlines(start: dt.datetime, hours: float, expected: dt.datetime) -> None:
    assert add_working_hours(start, hours, opening=(9, 18)) == expected.astimezone(dt.UTC)


def test_public_holidays_2026() -> None:
    days = WorkCalendar().holidays_of(2026)
    assert dt.date(2026, 4, 6) in days  # Easter Monday
    assert dt.date(2026, 5, 14) in days  # Ascension
    assert dt.date(2026, 5, 25) in days  # Whit Monday
    assert {dt.date(2026, 1, 1), dt.date(2026, 5, 1), dt.date(2026, 5, 8), dt.date(2026, 7, 14)} <= days
    assert {dt.date(2026, 8, 15), dt.date(2026, 11, 1), dt.date(2026, 11, 11), dt.date(2026, 12, 25)} <= days
    assert len(days) == 11


def test_holidays_are_skipped() -> None:
    # Thursday 30 April 2026, 17:00 + 2 h: Friday 1 May is a holiday, then the weekend -> Monday 4 May 10:00.
    assert add_working_hours(paris(2026, 4, 30, 17, 0), 2) == paris(2026, 5, 4, 10, 0).astimezone(dt.UTC)
    # Good Friday is no holiday in France, Easter Monday is: Fri 3 April 17:00 + 4 h -> Tue 7 April 12:00.
    assert add_working_hours(paris(2026, 4, 3, 17, 0), 4) == paris(2026, 4, 7, 12, 0).astimezone(dt.UTC)
    # Christmas on a Friday (2026): Thursday 24 December 17:00 + 2 h -> Monday 28 December 10:00.
    assert add_working_hours(paris(2026, 12, 24, 17, 0), 2) == paris(2026, 12, 28, 10, 0).astimezone(dt.UTC)


def test_alsace_moselle_deadlines_skip_good_friday() -> None:
    # In Metz, Good Friday is off too: Thursday 2 April 17:00 + 4 h -> Tuesday 7 April 12:00.
    metz = WorkCalendar("57")
    due = add_working_hours(paris(2026, 4, 2, 17, 0), 4, calendar=metz)
    assert due == paris(2026, 4, 7, 12, 0).astimezone(dt.UTC)
    assert add_working_hours(paris(2026, 4, 2, 17, 0), 4) == paris(2026, 4, 3, 12, 0).astimezone(dt.UTC)
    assert working_hours_between(paris(2026, 4, 2, 9), paris(2026, 4, 7, 9), calendar=metz) == 9


def test_daylight_saving_change_keeps_wall_clock_hours() -> None:
    # Clocks go forward on Sunday 29 March 2026: Friday 17:00 (UTC+1) + 4 h = Monday 12:00 (UTC+2).
    due = add_working_hours(paris(2026, 3, 27, 17, 0), 4)
    assert due == dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.UTC)


def test_utc_input_and_other_opening_hours() -> None:
    start = dt.datetime(2026, 3, 6, 16, 0, tzinfo=dt.UTC)  # Friday 17:00 in Paris
    assert add_working_hours(start, 4, opening=(8, 12)) == paris(2026, 3, 9, 12, 0).astimezone(dt.UTC)


def test_refuses_naive_and_negative() -> None:
    with pytest.raises(ValueError):
        add_working_hours(dt.datetime(2026, 3, 6, 17), 4)
    with pytest.raises(ValueError):
        add_working_hours(paris(2026, 3, 6, 17), -1)


def test_working_hours_between_is_the_inverse() -> None:
    start = paris(2026, 4, 30, 16, 30)
    for hours in (0.5, 1, 4, 9, 16, 40, 72):
        end = add_working_hours(start, hours)
        assert working_hours_between(start, end) == pytest.approx(hours)
