"""Key figures of the dealership over a period: sales, activity, after-sales, and per salesperson.

Every figure is a SQL aggregate (COUNT / SUM / AVG with GROUP BY) in portable SQL, so that the same
code runs on SQLite and PostgreSQL. Definitions, with worked examples, are in docs/KPI.md.

Periods are ranges of calendar days in the dealership's time zone (setting `dealership.timezone`):
date columns (`sales.sold_on`) are compared directly, timestamp columns (stored in UTC) against the
UTC instants at which the period's first and end days begin locally.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.models import Claim, Contact, Interaction, Objective, Opportunity, Sale, User, Vehicle
from dealercrm.models.enums import (
    ClaimStatus,
    InteractionType,
    ObjectiveMetric,
    Role,
    Stage,
    VehicleCondition,
)
from dealercrm.models.types import Money, utcnow
from dealercrm.services.permissions import Actor, can, require
from dealercrm.services.settings import read_setting

ZERO = Decimal("0.00")
# Claim statuses in which the dealership still owes the customer something.
OPEN_CLAIM_STATUSES = (
    ClaimStatus.OPEN,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.WAITING_CUSTOMER,
    ClaimStatus.WAITING_PARTS,
)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the target month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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


@dataclass(frozen=True)
class KpiSummary:
    """The key figures of one period, for the whole dealership or one salesperson."""

    period: Period
    salesperson_id: int | None
    # Sales
    vehicles_sold: int
    new_vehicles_sold: int
    used_vehicles_sold: int
    revenue: Decimal
    margin: Decimal
    average_margin: Decimal | None  # None when nothing was sold
    new_customers: int
    # Pipeline and activity
    new_prospects: int
    test_drives: int
    calls: int
    quotes: int
    opportunities_won: int
    opportunities_lost: int
    # After-sales
    claims_opened: int
    claims_resolved: int
    claims_overdue: int  # now, whatever the period
    satisfaction: float | None  # mean of 1..5, None when no closed claim has a rating
    satisfaction_count: int
    goodwill_cost: Decimal

    @property
    def win_rate(self) -> float | None:
        """Won / (won + lost) among opportunities closed in the period."""
        closed = self.opportunities_won + self.opportunities_lost
        return self.opportunities_won / closed if closed else None


@dataclass(frozen=True)
class ObjectiveProgress:
    """One objective of a salesperson over the period and how far they got."""

    metric: ObjectiveMetric
    target: Decimal | None  # None: no objective set
    actual: Decimal

    @property
    def achievement(self) -> float | None:
        """actual / target; None without an objective (or with a zero one)."""
        if self.target is None or self.target == 0:
            return None
        return float(self.actual / self.target)


@dataclass(frozen=True)
class SalespersonFigures:
    user_id: int
    display_name: str
    active: bool
    sales: int
    revenue: Decimal
    margin: Decimal
    test_drives: int
    calls: int
    objectives: tuple[ObjectiveProgress, ...]  # one per ObjectiveMetric, in the enum's order

    def objective(self, metric: ObjectiveMetric) -> ObjectiveProgress:
        return next(o for o in self.objectives if o.metric is metric)

    @property
    def has_objectives(self) -> bool:
        return any(o.target is not None for o in self.objectives)


def _int(value: Any) -> int:
    return int(value or 0)


def _money(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else ZERO


class KpiService:
    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor

    # Who sees what ------------------------------------------------------------------------------
    @property
    def sees_everyone(self) -> bool:
        """Managers and administrators see every figure; everyone else only their own."""
        return can(self._actor, "reports.read")

    def _scope(self, salesperson_id: int | None) -> int | None:
        require(self._actor, "kpi.read_own")
        if self.sees_everyone:
            return salesperson_id
        # A salesperson's dashboard is theirs, whatever was asked for.
        return self._actor.id

    # Figures ----------------------------------------------------------------------------------
    def summary(
        self, *, period: Period, salesperson_id: int | None = None, now: dt.datetime | None = None
    ) -> KpiSummary:
        """The key figures of `period`, for the dealership or for one salesperson.

        A salesperson always gets their own figures (`salesperson_id` is forced to them). `now`
        (default: the current instant) decides which open claims are overdue.
        """
        user_id = self._scope(salesperson_id)
        now = now or utcnow()
        with self._session_factory() as session:
            tz = ZoneInfo(str(read_setting(session, "dealership.timezone")))
            since, until = period.utc_bounds(tz)

            def in_period(column: Any) -> ColumnElement[bool]:
                return and_(column >= since, column < until)

            def by_user(column: Any) -> ColumnElement[bool]:
                return true() if user_id is None else column == user_id

            sales = session.execute(
                select(
                    func.count(Sale.id),
                    func.count(case((Vehicle.condition == VehicleCondition.NEW, Sale.id))),
                    func.count(case((Vehicle.condition == VehicleCondition.USED, Sale.id))),
                    func.sum(Sale.price),
                    func.sum(Sale.margin),
                    # AVG() gets no type from its argument: without type_ it would return raw cents.
                    func.avg(Sale.margin, type_=Money),
                )
                .join(Vehicle, Vehicle.id == Sale.vehicle_id)
                .where(Sale.sold_on >= period.start, Sale.sold_on < period.end, by_user(Sale.salesperson_id))
            ).one()

            # A contact's first sale ever; a new customer is one whose first sale is in the period
            # (and, for a salesperson, whose first sale was theirs).
            first_sale = (
                select(Sale.contact_id, func.min(Sale.sold_on).label("first_on"))
                .group_by(Sale.contact_id)
                .subquery()
            )
            new_customers = session.scalar(
                select(func.count(func.distinct(Sale.contact_id)))
                .join(
                    first_sale,
                    and_(first_sale.c.contact_id == Sale.contact_id, first_sale.c.first_on == Sale.sold_on),
                )
                .where(
                    first_sale.c.first_on >= period.start,
                    first_sale.c.first_on < period.end,
                    by_user(Sale.salesperson_id),
                )
            )

            new_prospects = session.scalar(
                select(func.count(Contact.id)).where(in_period(Contact.created_at), by_user(Contact.owner_id))
            )

            counted_types = (InteractionType.TEST_DRIVE, InteractionType.CALL, InteractionType.QUOTE)
            interactions = {
                kind: _int(count)
                for kind, count in session.execute(
                    select(Interaction.type, func.count(Interaction.id))
                    .where(
                        Interaction.type.in_(counted_types),
                        in_period(Interaction.occurred_at),
                        by_user(Interaction.user_id),
                    )
                    .group_by(Interaction.type)
                )
            }

            closed_opportunities = {
                stage: _int(count)
                for stage, count in session.execute(
                    select(Opportunity.stage, func.count(Opportunity.id))
                    .where(
                        Opportunity.stage.in_((Stage.WON, Stage.LOST)),
                        in_period(Opportunity.closed_at),
                        by_user(Opportunity.owner_id),
                    )
                    .group_by(Opportunity.stage)
                )
            }

            # A claim is "closed" in a period when its closing date falls in it, or its resolution
            # date for a claim resolved but not (yet) formally closed.
            finished_at = func.coalesce(Claim.closed_at, Claim.resolved_at)
            opened = in_period(Claim.opened_at)
            resolved = in_period(Claim.resolved_at)
            finished = in_period(finished_at)
            overdue = and_(Claim.status.in_(OPEN_CLAIM_STATUSES), Claim.due_at < now)
            claims = session.execute(
                select(
                    func.count(case((opened, Claim.id))),
                    func.count(case((resolved, Claim.id))),
                    func.count(case((overdue, Claim.id))),
                    func.avg(case((finished, Claim.satisfaction))),
                    func.count(case((finished, Claim.satisfaction))),
                    func.sum(case((finished, Claim.goodwill_cost))),
                ).where(or_(opened, resolved, finished, overdue), by_user(Claim.assignee_id))
            ).one()

        sold = _int(sales[0])
        return KpiSummary(
            period=period,
            salesperson_id=user_id,
            vehicles_sold=sold,
            new_vehicles_sold=_int(sales[1]),
            used_vehicles_sold=_int(sales[2]),
            revenue=_money(sales[3]),
            margin=_money(sales[4]),
            average_margin=sales[5] if sold else None,
            new_customers=_int(new_customers),
            new_prospects=_int(new_prospects),
            test_drives=interactions.get(InteractionType.TEST_DRIVE, 0),
            calls=interactions.get(InteractionType.CALL, 0),
            quotes=interactions.get(InteractionType.QUOTE, 0),
            opportunities_won=closed_opportunities.get(Stage.WON, 0),
            opportunities_lost=closed_opportunities.get(Stage.LOST, 0),
            claims_opened=_int(claims[0]),
            claims_resolved=_int(claims[1]),
            claims_overdue=_int(claims[2]),
            satisfaction=float(claims[3]) if claims[3] is not None else None,
            satisfaction_count=_int(claims[4]),
            goodwill_cost=_money(claims[5]),
        )

    def by_salesperson(self, *, period: Period) -> list[SalespersonFigures]:
        """Sales, revenue, margin, test drives, calls and objectives of each salesperson in `period`.

        Rows: every active salesperson, plus anyone else who sold or had an objective in the period;
        best first (most sales, then most margin). Objectives are the monthly ones whose month starts
        in the period (summed for a quarter or a year). A salesperson gets their own row only.
        """
        require(self._actor, "kpi.read_own")
        only = None if self.sees_everyone else self._actor.id
        with self._session_factory() as session:
            tz = ZoneInfo(str(read_setting(session, "dealership.timezone")))
            since, until = period.utc_bounds(tz)

            def mine(column: Any) -> ColumnElement[bool]:
                return true() if only is None else column == only

            sales = {
                user_id: (_int(count), _money(revenue), _money(margin))
                for user_id, count, revenue, margin in session.execute(
                    select(
                        Sale.salesperson_id, func.count(Sale.id), func.sum(Sale.price), func.sum(Sale.margin)
                    )
                    .where(
                        Sale.sold_on >= period.start,
                        Sale.sold_on < period.end,
                        Sale.salesperson_id.is_not(None),
                        mine(Sale.salesperson_id),
                    )
                    .group_by(Sale.salesperson_id)
                )
            }
            activity: dict[tuple[int | None, InteractionType], int] = {
                (user_id, kind): _int(count)
                for user_id, kind, count in session.execute(
                    select(Interaction.user_id, Interaction.type, func.count(Interaction.id))
                    .where(
                        Interaction.type.in_((InteractionType.TEST_DRIVE, InteractionType.CALL)),
                        Interaction.occurred_at >= since,
                        Interaction.occurred_at < until,
                        Interaction.user_id.is_not(None),
                        mine(Interaction.user_id),
                    )
                    .group_by(Interaction.user_id, Interaction.type)
                )
            }
            targets: dict[tuple[int | None, ObjectiveMetric], Decimal] = {
                (user_id, metric): _money(total)
                for user_id, metric, total in session.execute(
                    select(Objective.user_id, Objective.metric, func.sum(Objective.target))
                    .where(
                        Objective.month >= period.start,
                        Objective.month < period.end,
                        Objective.user_id.is_not(None),
                        mine(Objective.user_id),
                    )
                    .group_by(Objective.user_id, Objective.metric)
                )
            }
            wanted = set(sales) | {user_id for user_id, _ in targets}
            users = session.execute(
                select(User.id, User.display_name, User.active).where(
                    or_(and_(User.role == Role.SALESPERSON, User.active.is_(True)), User.id.in_(wanted)),
                    mine(User.id),
                )
            ).all()

        rows: list[SalespersonFigures] = []
        for user_id, name, active in users:
            count, revenue, margin = sales.get(user_id, (0, ZERO, ZERO))
            test_drives = activity.get((user_id, InteractionType.TEST_DRIVE), 0)
            calls = activity.get((user_id, InteractionType.CALL), 0)
            actual = {
                ObjectiveMetric.SALES: Decimal(count),
                ObjectiveMetric.MARGIN: margin,
                ObjectiveMetric.TEST_DRIVES: Decimal(test_drives),
                ObjectiveMetric.CALLS: Decimal(calls),
            }
            objectives = tuple(
                ObjectiveProgress(metric, targets.get((user_id, metric)), actual[metric])
                for metric in ObjectiveMetric
            )
            rows.append(
                SalespersonFigures(
                    user_id, name, active, count, revenue, margin, test_drives, calls, objectives
                )
            )
        rows.sort(key=lambda r: (-r.sales, -r.margin, r.display_name.casefold()))
        return rows

    def monthly_report(self, *, period: Period, now: dt.datetime | None = None) -> MonthlyReport:
        """The monthly report (managers and administrators only): the month's figures beside the
        previous month's and the same month last year's, and every salesperson with objectives."""
        require(self._actor, "reports.read")
        now = now or utcnow()
        current = self.summary(period=period, now=now)
        previous = self.summary(period=period.previous(), now=now)
        last_year = self.summary(period=period.same_period_last_year(), now=now)
        salespeople = tuple(self.by_salesperson(period=period))
        with self._session_factory() as session:
            name = str(read_setting(session, "dealership.name"))
        return MonthlyReport(period, name, current, previous, last_year, salespeople, now)


@dataclass(frozen=True)
class MonthlyReport:
    period: Period
    dealership_name: str
    current: KpiSummary
    previous: KpiSummary  # the period just before
    last_year: KpiSummary  # the same period a year earlier
    salespeople: tuple[SalespersonFigures, ...]
    computed_at: dt.datetime
