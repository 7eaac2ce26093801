"""Column types shared by every model: exact money and UTC timestamps."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")


class Money(TypeDecorator[Decimal]):
    """Euros as exact decimals, stored as integer cents on every dialect.

    Integer storage keeps SUM() exact in SQLite (whose NUMERIC affinity would store REALs) and makes
    the same SQL aggregate give the same figure on SQLite and PostgreSQL.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        # AVG() and other aggregates may hand back floats or Decimals of cents.
        cents = value if isinstance(value, (int, Decimal)) else Decimal(str(value))
        return (Decimal(cents) / 100).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC, always returned timezone-aware (UTC).

    Naive datetimes are refused on the way in: a bug that mixes local and UTC time would otherwise
    move calling hours and deadlines silently.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware values only")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        assert isinstance(moment, dt.datetime)
        return moment.replace(tzinfo=dt.UTC)

    @property
    def python_type(self) -> type[dt.datetime]:
        return dt.datetime


def utcnow() -> dt.datetime:
    """The current instant, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)
