"""KPI figures as the dashboard and the reports page show them: translated titles, how each is read
(count, money, rating), whether up is good, and the change against an earlier period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter

from PySide6.QtCore import QCoreApplication

from dealercrm.models.enums import ObjectiveMetric
from dealercrm.services.kpi import KpiSummary, ObjectiveProgress, Period
from dealercrm.ui import formatting as fmt
from dealercrm.ui.style import BAD, GOOD, MUTED


class Kind(StrEnum):
    COUNT = "count"
    MONEY = "money"
    RATING = "rating"  # a mean out of 5


Number = Decimal | int | float


@dataclass(frozen=True)
class Figure:
    """One KPI as pages show it: a translated title, how to read it, and whether up is good. Its value
    is the KpiSummary field named `key`."""

    key: str
    title: str
    kind: Kind
    better_when_up: bool = True
    comparable: bool = True  # False for "now" figures, which no earlier period can be compared to
    section: str = "sales"

    def value(self, summary: KpiSummary) -> Number | None:
        value: Number | None = attrgetter(self.key)(summary)
        return value


def kpi_figures() -> list[Figure]:
    """Every figure of a KpiSummary, in display order, with titles in the user's language."""
    count, money, rating = Kind.COUNT, Kind.MONEY, Kind.RATING
    activity, aftersales = "activity", "aftersales"
    translate = QCoreApplication.translate
    return [
        Figure("vehicles_sold", translate("KpiFigures", "Vehicles sold"), count),
        Figure("revenue", translate("KpiFigures", "Revenue"), money),
        Figure("margin", translate("KpiFigures", "Margin"), money),
        Figure("average_margin", translate("KpiFigures", "Average margin"), money),
        Figure("new_customers", translate("KpiFigures", "New customers"), count),
        Figure("new_prospects", translate("KpiFigures", "New prospects"), count, section=activity),
        Figure("test_drives", translate("KpiFigures", "Test drives"), count, section=activity),
        Figure("calls", translate("KpiFigures", "Calls"), count, section=activity),
        Figure("quotes", translate("KpiFigures", "Quotes"), count, section=activity),
        Figure("opportunities_won", translate("KpiFigures", "Opportunities won"), count, section=activity),
        Figure("claims_opened", translate("KpiFigures", "Claims opened"), count, False, section=aftersales),
        Figure("claims_resolved", translate("KpiFigures", "Claims resolved"), count, section=aftersales),
        Figure(
            "claims_overdue",
            translate("KpiFigures", "Overdue claims"),
            count,
            False,
            False,
            section=aftersales,
        ),
        Figure("satisfaction", translate("KpiFigures", "Customer satisfaction"), rating, section=aftersales),
        Figure("goodwill_cost", translate("KpiFigures", "Goodwill cost"), money, False, section=aftersales),
    ]


def format_figure(kind: Kind, value: Number | None) -> str:
    if value is None:
        return "—"
    if kind is Kind.MONEY:
        return fmt.money(value)
    if kind is Kind.RATING:
        return QCoreApplication.translate("KpiFigures", "%1 / 5").replace("%1", fmt.number(value, decimals=1))
    return fmt.number(value)


@dataclass(frozen=True)
class Change:
    """How a figure moved against an earlier period."""

    text: str  # "▲ 12.5 %", "▼ 3", "= same"; empty when nothing can be compared
    direction: int  # +1, -1 or 0
    good: bool | None  # None: neither (no change, or not comparable)

    @property
    def colour(self) -> str:
        return MUTED if self.good is None else GOOD if self.good else BAD


def change(
    kind: Kind, current: Number | None, previous: Number | None, *, better_when_up: bool = True
) -> Change:
    """The change from `previous` to `current`: a percentage when `previous` is not zero, else the
    difference itself (a mean rating always moves in points)."""
    if current is None or previous is None:
        return Change("", 0, None)
    diff = Decimal(str(current)) - Decimal(str(previous))
    if diff == 0:
        return Change(QCoreApplication.translate("KpiFigures", "= no change"), 0, None)
    direction = 1 if diff > 0 else -1
    arrow = "▲" if direction > 0 else "▼"
    sign = "+" if direction > 0 else "−"
    if kind is Kind.RATING:
        amount = fmt.number(abs(diff), decimals=1)
    elif previous:
        amount = fmt.percent(float(abs(diff) / abs(Decimal(str(previous)))), decimals=1)
    elif kind is Kind.MONEY:
        amount = fmt.money(abs(diff))
    else:
        amount = fmt.number(abs(diff))
    return Change(f"{arrow} {sign}{amount}", direction, (direction > 0) == better_when_up)


def achievement_text(progress: ObjectiveProgress) -> str:
    """ "3 / 4 · 75 %", or "" without an objective."""
    if progress.target is None:
        return ""
    if progress.metric is ObjectiveMetric.MARGIN:
        done, target = fmt.money(progress.actual), fmt.money(progress.target)
    else:
        done, target = fmt.number(progress.actual), fmt.number(progress.target)
    return f"{done} / {target} · {fmt.percent(progress.achievement, decimals=0)}"


def period_text(period: Period, *, capitalized: bool = True) -> str:
    """ "March 2026" (a month) or "01/03/2026 to 15/03/2026", in the app's language. `capitalized`: as it
    stands alone or starts a text (a list's item, a column's title); False within a sentence ("Ventes
    de mars 2026", "comparé à février 2026": French writes its months in lower case there)."""
    months = period.months
    if months == 1:
        return f"{month_name(period.start.month, capitalized=capitalized)} {period.start.year}"
    return (
        QCoreApplication.translate("KpiFigures", "%1 to %2")
        .replace("%1", fmt.date(period.start))
        .replace("%2", fmt.date(period.last_day))
    )


def month_name(month: int, *, capitalized: bool = True) -> str:
    """The month's name in the app's language, with a capital when `capitalized` (see `period_text`)."""
    name = fmt.locale().standaloneMonthName(month)
    return name[:1].upper() + name[1:] if capitalized else name
