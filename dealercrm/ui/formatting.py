"""Money, numbers and dates shown the way the user's locale writes them (QLocale)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cmp_to_key
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCollator, QDate, QDateTime, QLocale, Qt, QTime

from dealercrm.services.settings import DEFAULT_TIMEZONE

T = TypeVar("T")

# The dealership's time zone for times shown without one given: the app sets it from the
# `dealership.timezone` setting when the main window opens (`use_timezone`).
_zone = ZoneInfo(DEFAULT_TIMEZONE)


def use_timezone(zone: ZoneInfo) -> None:
    global _zone
    _zone = zone


def timezone() -> ZoneInfo:
    return _zone


def locale() -> QLocale:
    return QLocale()


def by_name(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """`items` in the order a person expects names in the app's language: accents and case set aside
    ("Émile" between "Dominique" and "Nicolas", not after "Zoé"), digits compared as numbers."""
    collator = QCollator(locale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)

    def compare(a: T, b: T) -> int:
        return collator.compare(key(a), key(b))

    return sorted(items, key=cmp_to_key(compare))


def money(amount: Decimal | int | float | None, *, decimals: int = 0) -> str:
    """`12 345 €` in French, `€12,345` in English; empty for None."""
    if amount is None:
        return ""
    return locale().toCurrencyString(float(amount), "€", decimals)


def number(value: int | float | Decimal | None, *, decimals: int = 0) -> str:
    if value is None:
        return ""
    if decimals == 0:
        return locale().toString(int(round(float(value))))
    return locale().toString(float(value), "f", decimals)


def percent(ratio: float | None, *, decimals: int = 1) -> str:
    if ratio is None:
        return "n/a"
    return f"{locale().toString(ratio * 100, 'f', decimals)} %"


def date(value: dt.date | None, *, long: bool = False) -> str:
    if value is None:
        return ""
    fmt = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    return locale().toString(QDate(value.year, value.month, value.day), fmt)


def local_time(value: dt.datetime, tz: ZoneInfo | None = None) -> dt.datetime:
    """A stored UTC instant in the dealership's time zone."""
    return value.astimezone(tz or _zone)


def datetime(value: dt.datetime | None, tz: ZoneInfo | None = None) -> str:
    if value is None:
        return ""
    local = local_time(value, tz)
    qdt = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))
    return locale().toString(qdt, QLocale.FormatType.ShortFormat)
