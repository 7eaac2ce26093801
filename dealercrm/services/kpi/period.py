"""Periods of calendar days in the dealership's time zone, and month arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the target month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_add_months = add_months


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` (inclusive) to `end` (exclusive), in the dealership's time zone."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"a period must end after it starts ({self.start} .. {self.end})")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        return cls(first, _add_months(first, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        first = dt.date(year, 3 * (quarter - 1) + 1, 1)
        return cls(first, _add_months(first, 3))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    @classmethod
    def days(cls, first: dt.date, last: dt.date) -> Period:
        """From `first` to `last`, both included (as a user picks them)."""
        return cls(first, last + dt.timedelta(days=1))

    @property
    def last_day(self) -> dt.date:
        """The period's last day, included (for display)."""
        return self.end - dt.timedelta(days=1)

    @property
    def day_count(self) -> int:
        return (self.end - self.start).days

    @property
    def months(self) -> int | None:
        """How many whole calendar months the period spans, or None if it is not month-aligned."""
        if self.start.day != 1 or self.end.day != 1:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    def previous(self) -> Period:
        """The period just before, of the same length: the month before a month, the quarter before a
        quarter, the year before a year; for other periods the same number of days just before."""
        months = self.months
        if months is not None:
            return Period(_add_months(self.start, -months), self.start)
        return Period(self.start - dt.timedelta(days=self.day_count), self.start)

    def same_period_last_year(self) -> Period:
        """The same calendar days one year earlier (29 February becomes the 28th)."""
        months = self.months
        if months is not None:
            return Period(_add_months(self.start, -12), _add_months(self.end, -12))
        start = _add_months(self.start, -12)
        return Period(start, start + dt.timedelta(days=self.day_count))

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def utc_bounds(self, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """The UTC instants at which the first day and the end day begin in `tz`."""
        return (
            dt.datetime.combine(self.start, dt.time(), tzinfo=tz).astimezone(dt.UTC),
            dt.datetime.combine(self.end, dt.time(), tzinfo=tz).astimezone(dt.UTC),
        )

    def month_starts(self) -> list[dt.date]:
        """The first day of every calendar month the period touches."""
        month = self.start.replace(day=1)
        found = []
        while month < self.end:
            found.append(month)
            month = add_months(month, 1)
        return found

    def iso(self) -> str:
        """`2026-03` for a calendar month, else `2026-03-10..2026-03-19` (last day included)."""
        if self.months == 1:
            return f"{self.start.year}-{self.start.month:02}"
        return f"{self.start.isoformat()}..{self.last_day.isoformat()}"
