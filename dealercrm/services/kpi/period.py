"""Periods of calendar days in the dealership's time zone, and month arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from dealercrm.i18n import _

CENT = Decimal("0.01")


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
            raise ValueError(
                _("a period must end after it starts ({start} .. {end})").format(
                    start=self.start, end=self.end
                )
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        return cls(first, _add_months(first, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError(_("no quarter {quarter}").format(quarter=quarter))
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

    def month_slices(self) -> list[tuple[dt.date, dt.date, dt.date]]:
        """(first day of the month, first day in the period, end in the period) of every calendar month
        the period touches: a whole month is (m, m, next m), a partial one a narrower slice."""
        return [
            (month, max(month, self.start), min(add_months(month, 1), self.end))
            for month in self.month_starts()
        ]

    def iso(self) -> str:
        """`2026-03` for a calendar month, else `2026-03-10..2026-03-19` (last day included)."""
        if self.months == 1:
            return f"{self.start.year}-{self.start.month:02}"
        return f"{self.start.isoformat()}..{self.last_day.isoformat()}"


def monthly_share(amount: Decimal, month: dt.date, first: dt.date, end: dt.date) -> Decimal:
    """The part of a monthly `amount` (spend, objective) that falls on the days [first, end) of `month`
    (its first day), pro rata of the days, to the cent.

    Cumulative rounding: the share is the amount rounded up to `end` minus the amount rounded up to
    `first`, so the shares of the slices of a month add up to the whole amount, to the cent.
    """
    days = calendar.monthrange(month.year, month.month)[1]

    def until(day: dt.date) -> Decimal:
        return (amount * (day - month).days / days).quantize(CENT, rounding=ROUND_HALF_UP)

    return until(end) - until(first)


def spread_monthly(period: Period, amounts: dict[dt.date, Decimal]) -> Decimal:
    """The sum over the period of monthly amounts (keyed by the month's first day), each month counted
    for the share of its days that are in the period (`monthly_share`)."""
    total = Decimal("0.00")
    for month, first, end in period.month_slices():
        if month in amounts:
            total += monthly_share(amounts[month], month, first, end)
    return total


# The dashboard's periods -----------------------------------------------------------------------------
class PeriodChoice(StrEnum):
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_QUARTER = "this_quarter"
    THIS_YEAR = "this_year"
    CUSTOM = "custom"


class Comparison(StrEnum):
    PREVIOUS = "previous"
    LAST_YEAR = "last_year"


def period_for(choice: PeriodChoice, today: dt.date) -> Period | None:
    """The period a choice names on `today`; None for a custom one."""
    this_month = Period.month(today.year, today.month)
    if choice is PeriodChoice.THIS_MONTH:
        return this_month
    if choice is PeriodChoice.LAST_MONTH:
        return this_month.previous()
    if choice is PeriodChoice.THIS_QUARTER:
        return Period.quarter(today.year, (today.month - 1) // 3 + 1)
    if choice is PeriodChoice.THIS_YEAR:
        return Period.year(today.year)
    return None


def to_date(period: Period, today: dt.date) -> dt.date | None:
    """`today` when the period is under way (its figures run to today only), else None."""
    return today if period.start <= today < period.last_day else None


def comparison_period(period: Period, comparison: Comparison, today: dt.date) -> Period:
    """The period to compare with. For a period under way (this month, this year...) only as many
    days of the earlier period as have gone by, so that 1-12 May is set against 1-12 April, not
    against the whole of April."""
    earlier = period.previous() if comparison is Comparison.PREVIOUS else period.same_period_last_year()
    if to_date(period, today) is None:
        return earlier
    elapsed = today + dt.timedelta(days=1) - period.start
    return Period(earlier.start, min(earlier.end, earlier.start + elapsed))
