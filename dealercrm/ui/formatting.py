"""Money, numbers and dates on screen, written by the same Babel formatters as the PDFs (dealercrm/i18n.py)
in the user's language, so that the screen and the paper agree to the character: "12 345 €", "679 %",
"27/11/2026" (French: U+202F between thousands, U+00A0 before € and %). Names are sorted by QCollator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cmp_to_key
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCollator, QDate, QLocale, Qt

from dealercrm import i18n
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
    return i18n.money(amount, decimals=decimals)


def number(value: int | float | Decimal | None, *, decimals: int = 0) -> str:
    if value is None:
        return ""
    return i18n.number(value, decimals=decimals)


def percent(ratio: float | None, *, decimals: int = 1) -> str:
    """`12,5 %` / `12.5%`; "n/a" ("n/d") for None."""
    return i18n.percent(ratio, decimals=decimals)


def date(value: dt.date | None, *, long: bool = False) -> str:
    """`27/11/2026`; long: `vendredi 27 novembre 2026` / `Friday, 27 November 2026`."""
    if value is None:
        return ""
    return i18n.date(value, style="full" if long else "short")


def qdate(value: dt.date) -> QDate:
    """`value` for a date editor or QLocale."""
    return QDate(value.year, value.month, value.day)


def local_time(value: dt.datetime, tz: ZoneInfo | None = None) -> dt.datetime:
    """A stored UTC instant in the dealership's time zone."""
    return value.astimezone(tz or _zone)


def datetime(value: dt.datetime | None, tz: ZoneInfo | None = None) -> str:
    """`27/11/2026 14:30` in the dealership's time zone."""
    if value is None:
        return ""
    return i18n.datetime(local_time(value, tz))
