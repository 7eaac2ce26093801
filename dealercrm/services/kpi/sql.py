"""Small portable SQL constructs the KPIs need, compiled per dialect (SQLite and PostgreSQL).

SQLAlchemy has no portable "seconds between two timestamps" or "calendar day of a timestamp": each
dialect spells them differently, so each gets its own rendering here rather than an SQLite-only
function in the queries.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import Date, Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class _Portable(FunctionElement[Any]):
    """A function spelt per dialect: `sql` maps a dialect name ("" for any other) to the SQL, with the
    arguments as {0}, {1}..."""

    inherit_cache = True
    sql: ClassVar[dict[str, str]] = {}


@compiles(_Portable)
def _portable(element: _Portable, compiler: SQLCompiler, **kw: Any) -> str:
    args = [compiler.process(clause, **kw) for clause in element.clauses]
    return element.sql.get(compiler.dialect.name, element.sql[""]).format(*args)


class seconds_between(_Portable):  # noqa: N801 - reads as a SQL function
    """Seconds from the first timestamp to the second (negative when the second is earlier)."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True
    sql = {"": "EXTRACT(EPOCH FROM ({1} - {0}))", "sqlite": "((julianday({1}) - julianday({0})) * 86400.0)"}


class days_between(_Portable):  # noqa: N801
    """Whole days from a timestamp's (UTC) calendar day to a date column's day."""

    type = Float()
    name = "days_between"
    inherit_cache = True
    sql = {"": "({1} - CAST({0} AS DATE))", "sqlite": "(julianday({1}) - julianday(date({0})))"}


class day_of(_Portable):  # noqa: N801
    """The (UTC) calendar day of a timestamp."""

    type = Date()
    name = "day_of"
    inherit_cache = True
    sql = {"": "CAST({0} AS DATE)", "sqlite": "date({0})"}


class mean(_Portable):  # noqa: N801
    """A total divided by a count as AVG() divides them: SQLite as a REAL, PostgreSQL as a NUMERIC (the
    average of stored sums, e.g. per-day ones, equal to AVG() of the rows themselves)."""

    type = Float()
    name = "mean"
    inherit_cache = True
    sql = {"": "(CAST({0} AS NUMERIC) / NULLIF({1}, 0))", "sqlite": "(CAST({0} AS REAL) / NULLIF({1}, 0))"}


def hours(seconds: ColumnElement[Any] | Any) -> float | None:
    """Seconds from SQL as hours, None kept."""
    return None if seconds is None else float(seconds) / 3600.0


class unindexed(_Portable):  # noqa: N801
    """A column whose own index the query must not use (SQLite: `+column`): a range on a day column
    that covers most of a table is read faster from a covering index than through the day's index and
    the table. Other dialects choose by their statistics."""

    name = "unindexed"
    inherit_cache = True
    sql = {"": "{0}", "sqlite": "+{0}"}

    @property
    def type(self) -> Any:  # type: ignore[override]
        return list(self.clauses)[0].type
