"""Small portable SQL constructs the KPIs need, compiled per dialect (SQLite and PostgreSQL).

SQLAlchemy has no portable "seconds between two timestamps" or "calendar day of a timestamp": each
dialect spells them differently, so each gets its own rendering here rather than an SQLite-only
function in the queries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class seconds_between(FunctionElement[float]):  # noqa: N801 - reads as a SQL function
    """Seconds from the first timestamp to the second (negative when the second is earlier)."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True


@compiles(seconds_between)
def _seconds_between_default(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"((julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)})) * 86400.0)"
    )


class days_between(FunctionElement[float]):  # noqa: N801
    """Whole days from a timestamp's (UTC) calendar day to a date column's day."""

    type = Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    moment, day = list(element.clauses)
    return f"({compiler.process(day, **kw)} - CAST({compiler.process(moment, **kw)} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    moment, day = list(element.clauses)
    return f"(julianday({compiler.process(day, **kw)}) - julianday(date({compiler.process(moment, **kw)})))"


class day_of(FunctionElement[Any]):  # noqa: N801
    """The (UTC) calendar day of a timestamp."""

    type = Date()
    name = "day_of"
    inherit_cache = True


@compiles(day_of)
def _day_of_default(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = list(element.clauses)
    return f"CAST({compiler.process(moment, **kw)} AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = list(element.clauses)
    return f"date({compiler.process(moment, **kw)})"


def hours(seconds: ColumnElement[Any] | Any) -> float | None:
    """Seconds from SQL as hours, None kept."""
    return None if seconds is None else float(seconds) / 3600.0


class unindexed(FunctionElement[Any]):  # noqa: N801
    """A column whose own index the query must not use (SQLite: `+column`): a range on a day column
    that covers most of a table is read faster from a covering index than through the day's index and
    the table. Other dialects choose by their statistics."""

    name = "unindexed"
    inherit_cache = True

    @property
    def type(self) -> Any:  # type: ignore[override]
        return list(self.clauses)[0].type


@compiles(unindexed)
def _unindexed_default(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return str(compiler.process(column, **kw))


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = list(element.clauses)
    return f"+{compiler.process(column, **kw)}"
