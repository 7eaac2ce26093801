"""Deadlines counted in working hours: Monday to Friday, within the workshop's opening hours, public
holidays excluded (the dealership's `WorkCalendar`: French holidays, with Alsace-Moselle's and the
overseas départements' own), in the dealership's time zone (given by the caller); instants go in and out
in UTC.

A claim opened on Friday at 17:00 with a 4-hour SLA and hours 9-18 is due on Monday at 12:00: one hour
on Friday, three on Monday. A claim opened outside the hours starts counting at the next opening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dealercrm.i18n import _
from dealercrm.services.work_calendar import WorkCalendar

NATIONAL = WorkCalendar()


def add_working_hours(
    start: dt.datetime,
    hours: float,
    *,
    opening: Sequence[int] = (9, 18),
    tz: dt.tzinfo,
    calendar: WorkCalendar = NATIONAL,
) -> dt.datetime:
    """The instant (UTC) `hours` working hours after `start` (timezone-aware).

    `opening` is [start hour, end hour) of a working day, local time; `calendar` says which weekdays
    are public holidays. Zero hours from a moment outside
    the opening hours gives the next opening.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    if hours < 0:
        raise ValueError(_("hours cannot be negative"))
    open_hour, close_hour = int(opening[0]), int(opening[1])
    if not 0 <= open_hour < close_hour <= 24:
        raise ValueError(_("bad working hours {opening!r}").format(opening=opening))
    remaining = dt.timedelta(hours=hours)
    local = start.astimezone(tz).replace(tzinfo=None)  # wall-clock arithmetic within a day
    day = local.date()
    moment = local
    while True:
        if calendar.is_working_day(day):
            day_open = dt.datetime.combine(day, dt.time(open_hour))
            day_close = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=close_hour)
            begin = max(moment, day_open)
            if begin < day_close:
                available = day_close - begin
                if remaining <= available:
                    return (begin + remaining).replace(tzinfo=tz).astimezone(dt.UTC)
                remaining -= available
        day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time())


def working_hours_between(
    start: dt.datetime,
    end: dt.datetime,
    *,
    opening: Sequence[int] = (9, 18),
    tz: dt.tzinfo,
    calendar: WorkCalendar = NATIONAL,
) -> float:
    """Working hours elapsed from `start` to `end` (0 when end is not after start)."""
    if end <= start:
        return 0.0
    open_hour, close_hour = int(opening[0]), int(opening[1])
    a = start.astimezone(tz).replace(tzinfo=None)
    b = end.astimezone(tz).replace(tzinfo=None)
    total = dt.timedelta()
    day = a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            day_open = dt.datetime.combine(day, dt.time(open_hour))
            day_close = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=close_hour)
            lo, hi = max(a, day_open), min(b, day_close)
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(days=1)
    return total.total_seconds() / 3600
