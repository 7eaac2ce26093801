"""KPI dataclasses as plain JSON values, for `dealercrm kpi --json` (format documented in docs/KPI.md).

Money (Decimal) becomes a string with two decimals ("1234.50"), ratios become numbers (0.125) or null
when they cannot be computed, dates ISO strings, enums their value, a period {"from", "to"} with both
days included. Derived figures (CAC, rates, ROI...) are written beside the fields they come from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from dealercrm.services.kpi.period import Period

# Properties written out with each dataclass's fields.
DERIVED: dict[str, tuple[str, ...]] = {
    "KpiSummary": ("win_rate",),
    "ObjectiveProgress": ("achievement",),
    "SalespersonFigures": (),
    "ChannelFigures": ("cac", "conversion"),
    "ChurnFigures": ("rate",),
    "LoyaltyFigures": ("repeat_rate", "service_retention"),
    "ClvFigures": ("historical", "expected_years", "margin_per_year", "predictive"),
    "CampaignFigures": ("roi", "cost_per_sale", "reach_rate"),
    "AfterSalesFigures": ("in_time_rate",),
}
# Fields left out: repeated elsewhere in the document.
SKIPPED = {"KpiSummary": ("period",), "ChurnFigures": (), "Headline": ()}


def jsonable(value: Any) -> Any:
    """`value` (dataclasses, lists, Decimals, dates, enums...) as JSON-ready Python values."""
    if isinstance(value, Period):
        return {"from": value.start.isoformat(), "to": value.last_day.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        skipped = SKIPPED.get(name, ())
        out = {
            f.name: jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in skipped
        }
        for prop in DERIVED.get(name, ()):
            out[prop] = jsonable(getattr(value, prop))
        return out
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
