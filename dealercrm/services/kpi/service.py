"""Key figures of the dealership over a period: sales, acquisition, conversion, churn, loyalty, CLV,
campaigns, after-sales, activity, scores and objectives.

Every figure is a SQL aggregate (COUNT / SUM / AVG with GROUP BY, CASE, window functions) through
SQLAlchemy Core in portable SQL, so that the same code runs on SQLite and PostgreSQL (the two date
helpers that differ are in `kpi/sql.py`). Definitions, with worked examples, are in docs/KPI.md.

Periods are ranges of calendar days in the dealership's time zone (setting `dealership.timezone`):
date columns (`sales.sold_on`) are compared directly, timestamp columns (stored in UTC) against the
UTC instants at which the period's first and end days begin locally.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CompoundSelect,
    Integer,
    and_,
    case,
    extract,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.db import activity
from dealercrm.i18n import _
from dealercrm.models import (
    Campaign,
    CampaignTarget,
    Claim,
    Contact,
    Interaction,
    MarketingSpend,
    Objective,
    Opportunity,
    Sale,
    ServiceVisit,
    Task,
    User,
    Vehicle,
)
from dealercrm.models.enums import (
    ClaimCategory,
    ClaimStatus,
    InteractionType,
    Lifecycle,
    ObjectiveMetric,
    Role,
    SourceChannel,
    Stage,
    TaskKind,
    VehicleCondition,
)
from dealercrm.models.types import Money, utcnow
from dealercrm.services.errors import ValidationError
from dealercrm.services.kpi.figures import (
    ZERO,
    ActivityFigures,
    AfterSalesFigures,
    CampaignFigures,
    CategoryClaims,
    ChannelFigures,
    ChurnFigures,
    ClvFigures,
    DealFigures,
    DetailTable,
    FunnelStep,
    Headline,
    KpiFigures,
    KpiSummary,
    LoyaltyFigures,
    MakeModelFigures,
    MonthFigures,
    MonthlyReport,
    ObjectiveProgress,
    PipelineStage,
    SalespersonFigures,
    SalespersonMonth,
    ScoreBucket,
)
from dealercrm.services.kpi.period import Period, add_months, spread_monthly
from dealercrm.services.kpi.sql import days_between, hours, mean, seconds_between, unindexed
from dealercrm.services.permissions import Actor, can, require
from dealercrm.services.settings import dealership_timezone, read_setting

_sales_days = activity.sales_days

# Claim statuses in which the dealership still owes the customer something.
OPEN_CLAIM_STATUSES = (
    ClaimStatus.OPEN,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.WAITING_CUSTOMER,
    ClaimStatus.WAITING_PARTS,
)
FUNNEL_STEPS = ("leads", "contacted", "test_drive", "offer", "won")
SCORE_BUCKETS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))
# Interactions that count as contacting a lead (a note is not a contact).
CONTACT_TYPES = (
    InteractionType.CALL,
    InteractionType.EMAIL,
    InteractionType.SMS,
    InteractionType.VISIT,
    InteractionType.TEST_DRIVE,
    InteractionType.QUOTE,
)
DETAIL_KINDS = ("sales", "new_customers", "prospects", "claims", "campaign_sales", "opportunities")


def _int(value: Any) -> int:
    return int(value or 0)


def _money(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else ZERO


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class _Scope:
    """What one round of queries is about: a period, maybe one salesperson, the settings it needs."""

    session: Session
    period: Period
    user_id: int | None
    tz: ZoneInfo
    now: dt.datetime
    cache: dict[Any, Any] = dataclasses.field(default_factory=dict, compare=False)  # figures read once

    @property
    def since(self) -> dt.datetime:
        return self.period.utc_bounds(self.tz)[0]

    @property
    def until(self) -> dt.datetime:
        return self.period.utc_bounds(self.tz)[1]

    def in_period(self, column: Any) -> ColumnElement[bool]:
        since, until = self.period.utc_bounds(self.tz)
        return and_(column >= since, column < until)

    def days_in_period(self, column: Any) -> ColumnElement[bool]:
        return and_(column >= self.period.start, column < self.period.end)

    def months_touched(self, column: Any) -> ColumnElement[bool]:
        """A month column (its first day) of a month the period touches, even partly."""
        return and_(column >= self.period.start.replace(day=1), column < self.period.end)

    def by_user(self, column: Any) -> ColumnElement[bool]:
        return true() if self.user_id is None else column == self.user_id

    def setting(self, key: str) -> Any:
        return read_setting(self.session, key)


# Queries, each one round trip (or a few) whatever the data size -------------------------------------
def _summary(s: _Scope) -> KpiSummary:
    period, session = s.period, s.session
    # The period's days of the sales kept per day (dealercrm/db/activity.py, `sales_days`).
    per_day = activity.sales_days
    count = func.sum(per_day.c.sales)
    sales = session.execute(
        select(
            count,
            func.sum(case((per_day.c.condition == VehicleCondition.NEW.value, per_day.c.sales))),
            func.sum(case((per_day.c.condition == VehicleCondition.USED.value, per_day.c.sales))),
            func.sum(per_day.c.price),
            func.sum(per_day.c.margin),
            # What AVG() of the sales' margins gives, as cents (Money makes them euros).
            type_coerce(mean(func.sum(per_day.c.margin), count), Money),
        ).where(s.days_in_period(per_day.c.day), s.by_user(per_day.c.seller))
    ).one()

    # A contact's first sale ever; a new customer is one whose first sale is in the period
    # (and, for a salesperson, whose first sale was theirs).
    if s.user_id is None and _steps_kept(s):
        # The dealership's new customers: the first-sale steps of the period's days, summed per day.
        per_day = activity.days
        new_customers = session.scalar(
            select(func.sum(per_day.c.buyers)).where(s.days_in_period(per_day.c.day))
        )
    else:
        new_customers = session.scalar(
            select(func.count(func.distinct(Sale.contact_id))).where(
                s.days_in_period(Sale.sold_on), s.by_user(Sale.salesperson_id), _is_first_sale()
            )
        )
    new_prospects = _contacts_created(s)
    counted_types = (InteractionType.TEST_DRIVE, InteractionType.CALL, InteractionType.QUOTE)
    interactions: dict[InteractionType, int] = {}
    for (_user, kind), n in _interactions_by_user(s, counted_types).items():
        interactions[kind] = interactions.get(kind, 0) + n
    closed_opportunities = _opportunities_closed(s)
    claims = _claim_sums(s)
    finished = claims.total("finished")
    overdue = session.scalar(
        select(func.count()).where(
            Claim.status.in_(OPEN_CLAIM_STATUSES), Claim.due_at < s.now, s.by_user(Claim.assignee_id)
        )
    )
    sold = _int(sales[0])
    return KpiSummary(
        period=period,
        salesperson_id=s.user_id,
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
        claims_opened=claims.total("opened").n,
        claims_resolved=claims.total("resolved").n,
        claims_overdue=_int(overdue),
        satisfaction=finished.marks / finished.marked if finished.marked else None,
        satisfaction_count=finished.marked,
        goodwill_cost=finished.goodwill,
    )


def _utc_days(s: _Scope) -> tuple[dt.date, dt.date, list[tuple[dt.datetime, dt.datetime, int]]]:
    """The period as what the sums kept per UTC day (dealercrm/db/activity.py) can give: the UTC days
    [first, last) whose midnights are nearest its bounds (local midnights: 22:00 or 23:00 UTC the day
    before, say), and the intervals of instants between each bound and that midnight, with the sign of
    their rows (1: to be added, the bound being before the midnight; -1: to be taken off). A period too
    short for that is one interval of its own instants."""
    since, until = s.period.utc_bounds(s.tz)
    first, last = _nearest_midnight(since), _nearest_midnight(until)
    if first >= last:
        return first, first, [(since, until, 1)]
    edges = []
    for start, end in (
        (since, dt.datetime.combine(first, dt.time(0), tzinfo=dt.UTC)),
        (dt.datetime.combine(last, dt.time(0), tzinfo=dt.UTC), until),
    ):
        if start < end:
            edges.append((start, end, 1))
        elif end < start:
            edges.append((end, start, -1))
    return first, last, edges


def _nearest_midnight(moment: dt.datetime) -> dt.date:
    """The UTC day whose midnight is nearest `moment` (a UTC instant)."""
    day = moment.date()
    return day + dt.timedelta(days=1) if moment.time() >= dt.time(12) else day


def _contacts_created(s: _Scope) -> int:
    """Contacts created in the period (the new prospects): their sums per UTC day (`kpi_contact_days`)
    and the rows of the hours at its ends."""
    first, last, edges = _utc_days(s)
    per_day = activity.FLAT["kpi_contact_days"]
    n = _int(
        s.session.scalar(
            select(func.sum(per_day.c.n)).where(
                per_day.c.day >= first, per_day.c.day < last, s.by_user(per_day.c.owner_key)
            )
        )
    )
    for start, end, sign in edges:
        n += sign * _int(
            s.session.scalar(
                select(func.count()).where(
                    Contact.created_at >= start, Contact.created_at < end, s.by_user(Contact.owner_id)
                )
            )
        )
    return n


def _counts_per_key(
    s: _Scope,
    table: str,
    key: str,
    user_key: str,
    source: tuple[Any, Any, Any],
    *where: ColumnElement[bool],
) -> list[tuple[Any, int]]:
    """(key, count) rows of the period, a key maybe on several rows: the sums per UTC day of the tally
    `table` (activity.FLAT) grouped by its column `key`, and the source rows of the hours at the period's
    ends, signed. `source` is the source's (key, instant, user) columns and `where` its condition."""
    first, last, edges = _utc_days(s)
    per_day = activity.FLAT[table]
    source_key, moment, source_user = source
    rows: list[tuple[Any, int]] = [
        (k, _int(n))
        for k, n in s.session.execute(
            select(per_day.c[key], func.sum(per_day.c.n))
            .where(per_day.c.day >= first, per_day.c.day < last, s.by_user(per_day.c[user_key]))
            .group_by(per_day.c[key])
        )
    ]
    for start, end, sign in edges:
        rows += [
            (k, sign * _int(n))
            for k, n in s.session.execute(
                select(source_key, func.count())
                .where(*where, moment >= start, moment < end, s.by_user(source_user))
                .group_by(source_key)
            )
        ]
    return rows


def _opportunities_closed(s: _Scope) -> dict[Stage, int]:
    """Opportunities won and lost in the period: their sums per UTC day of closing
    (`kpi_opportunity_days`) and the rows of the hours at its ends."""
    closed: dict[Stage, int] = {}
    for stage, n in _counts_per_key(
        s,
        "kpi_opportunity_days",
        "stage",
        "owner_key",
        (Opportunity.stage, Opportunity.closed_at, Opportunity.owner_id),
        Opportunity.stage.in_((Stage.WON, Stage.LOST)),
    ):
        closed[Stage(stage)] = closed.get(Stage(stage), 0) + n
    return closed


@dataclass
class _ClaimSums:
    """Claims of one event (opened, resolved, finished) of a period, maybe of one category."""

    n: int = 0
    in_time: int = 0  # resolved by their due instant
    seconds: float | None = None  # from opening to resolution, summed (None: none resolved)
    marks: int = 0  # satisfaction marks, summed
    marked: int = 0  # ... and their number
    goodwill: Decimal = ZERO

    def add(self, other: _ClaimSums, sign: int) -> None:
        self.n += sign * other.n
        self.in_time += sign * other.in_time
        if other.seconds is not None:
            self.seconds = (self.seconds or 0.0) + sign * other.seconds
        self.marks += sign * other.marks
        self.marked += sign * other.marked
        self.goodwill += sign * other.goodwill


@dataclass
class _Claims:
    by: dict[tuple[str, str], _ClaimSums]  # (event, category) -> sums

    def total(self, event: str) -> _ClaimSums:
        found = _ClaimSums()
        for (kind, _category), sums in sorted(self.by.items()):
            if kind == event:
                found.add(sums, 1)
        return found


def _claim_sums(s: _Scope) -> _Claims:
    """The period's claims opened, resolved and finished (closed, else resolved) per category: the
    dealership's from their sums per UTC day (`kpi_claim_days`) and the rows of the hours at its ends,
    one salesperson's from their rows. Read once per scope (the summary and the after-sales)."""
    key = ("claims", s.period, s.user_id)
    if key not in s.cache:
        s.cache[key] = _read_claim_sums(s)
    found: _Claims = s.cache[key]
    return found


def _read_claim_sums(s: _Scope) -> _Claims:
    by: dict[tuple[str, str], _ClaimSums] = {}

    def add(event: str, category: Any, sums: _ClaimSums, sign: int) -> None:
        by.setdefault((event, str(category)), _ClaimSums()).add(sums, sign)

    if s.user_id is None:
        first, last, edges = _utc_days(s)
        per_day = activity.FLAT["kpi_claim_days"]
        for event, category, n, in_time, seconds, marks, marked, goodwill in s.session.execute(
            select(
                per_day.c.event,
                per_day.c.category,
                func.sum(per_day.c.n),
                func.sum(per_day.c.in_time),
                func.sum(per_day.c.seconds),
                func.sum(per_day.c.marks),
                func.sum(per_day.c.marked),
                type_coerce(func.sum(per_day.c.goodwill), Money),
            )
            .where(per_day.c.day >= first, per_day.c.day < last)
            .group_by(per_day.c.event, per_day.c.category)
        ):
            resolved = event == "resolved" and _int(n) > 0
            sums = _ClaimSums(
                _int(n), _int(in_time), _float(seconds) if resolved else None, _int(marks), _int(marked)
            )
            sums.goodwill = _money(goodwill)
            add(event, category, sums, 1)
    else:
        edges = [(s.since, s.until, 1)]
    finished_at = func.coalesce(Claim.closed_at, Claim.resolved_at)
    for start, end, sign in edges:
        opened = and_(Claim.opened_at >= start, Claim.opened_at < end)
        resolved = and_(Claim.resolved_at >= start, Claim.resolved_at < end)
        finished = and_(finished_at >= start, finished_at < end)
        for row in s.session.execute(
            select(
                Claim.category,
                func.count(case((opened, Claim.id))),
                func.count(case((resolved, Claim.id))),
                func.count(case((and_(resolved, Claim.resolved_at <= Claim.due_at), Claim.id))),
                func.sum(case((resolved, seconds_between(Claim.opened_at, Claim.resolved_at)))),
                func.count(case((finished, Claim.id))),
                func.sum(case((finished, Claim.satisfaction))),
                func.count(case((finished, Claim.satisfaction))),
                func.sum(case((finished, Claim.goodwill_cost))),
            )
            .where(or_(opened, resolved, finished), s.by_user(Claim.assignee_id))
            .group_by(Claim.category)
        ):
            category, n_opened, n_resolved, in_time, seconds, n_finished, marks, marked, goodwill = row
            add("opened", category, _ClaimSums(_int(n_opened)), sign)
            add("resolved", category, _ClaimSums(_int(n_resolved), _int(in_time), _float(seconds)), sign)
            sums = _ClaimSums(_int(n_finished), marks=_int(marks), marked=_int(marked))
            sums.goodwill = _money(goodwill)
            add("finished", category, sums, sign)
    return _Claims(by)


def _steps_kept(s: _Scope) -> bool:
    """The customers' steps are kept by the database (dealercrm/db/activity.py): their first sales do
    not depend on the churn window, only on the steps being kept at all."""
    return activity.window_in_use(s.session.connection()) is not None


def _is_first_sale() -> ColumnElement[bool]:
    """The sale is its customer's first (no earlier one): walks the (contact, day) index of sales."""
    earlier = Sale.__table__.alias("earlier")
    return ~(
        select(earlier.c.id)
        .where(earlier.c.contact_id == Sale.contact_id, earlier.c.sold_on < Sale.sold_on)
        .correlate(Sale)
        .exists()
    )


def _first_sales(before: dt.date | None = None) -> Any:
    """Each contact's first sale day (optionally among sales before a day)."""
    query = select(Sale.contact_id, func.min(Sale.sold_on).label("first_on")).group_by(Sale.contact_id)
    if before is not None:
        query = query.where(Sale.sold_on < before)
    return query.subquery()


Counts = dict[tuple[int | None, InteractionType], int]


def _interaction_counts(s: _Scope) -> Counts:
    """Calls and test drives of the period per user (None: logged by nobody) and type."""
    return _interactions_by_user(s, (InteractionType.TEST_DRIVE, InteractionType.CALL))


def _interactions_by_user(s: _Scope, kinds: tuple[InteractionType, ...]) -> Counts:
    """Interactions of `kinds` in the period per user (None: logged by nobody) and type: the sums kept
    per UTC day (dealercrm/db/activity.py, `interaction_days`) of the UTC days nearest the period's
    bounds (`_utc_days`), corrected by the interactions themselves of the hours between each bound and
    its nearest UTC midnight, read from the (type, time) index: an hour or two of rows at each end,
    whatever the time zone, rather than most of a day."""
    first, last, edges = _utc_days(s)
    counts: Counts = {}

    def add(rows: Any, sign: int = 1) -> None:
        for user_id, kind, n in rows:
            key = (user_id or None, InteractionType(kind))
            counts[key] = counts.get(key, 0) + sign * _int(n)

    for start, end, sign in edges:
        # A few hours' rows, counted here: grouped in SQL, SQLite would walk the whole (type, user,
        # time) index for its order rather than the hours' range of the (type, time) one.
        rows = s.session.execute(
            select(Interaction.user_id, Interaction.type).where(
                Interaction.type.in_(kinds),
                Interaction.occurred_at >= start,
                Interaction.occurred_at < end,
                s.by_user(Interaction.user_id),
            )
        )
        add(((user_id, kind, 1) for user_id, kind in rows), sign)
    if first >= last:
        return {key: n for key, n in counts.items() if n}
    per_day = activity.interaction_days
    add(
        s.session.execute(
            select(per_day.c.user_key, per_day.c.type, func.sum(per_day.c.n))
            .where(
                per_day.c.type.in_([kind.value for kind in kinds]),
                per_day.c.day >= first,
                per_day.c.day < last,
                s.by_user(per_day.c.user_key),
            )
            .group_by(per_day.c.user_key, per_day.c.type)
        )
    )
    return {key: n for key, n in counts.items() if n}


def _targets(s: _Scope, rows: Any) -> dict[tuple[int | None, ObjectiveMetric], Decimal]:
    """(user, metric) -> target over the period, from (user, metric, month, target) rows: each
    monthly objective counts pro rata of its month's days in the period (a whole month: all of it)."""
    monthly: dict[tuple[int | None, ObjectiveMetric], dict[dt.date, Decimal]] = {}
    for user_id, metric, month, target in rows:
        monthly.setdefault((user_id, metric), {})[month.replace(day=1)] = _money(target)
    return {key: spread_monthly(s.period, amounts) for key, amounts in monthly.items()}


def _by_salesperson(s: _Scope, activity: Counts | None = None) -> list[SalespersonFigures]:
    """The ranking; `activity`: the scope's `_interaction_counts` when already read."""
    session = s.session
    per_day = _sales_days  # (`activity` is the parameter here)
    sales = {
        user_id: (_int(count), _money(revenue), _money(margin))
        for user_id, count, revenue, margin in session.execute(
            select(
                per_day.c.seller,
                func.sum(per_day.c.sales),
                func.sum(per_day.c.price),
                func.sum(per_day.c.margin),
            )
            .where(s.days_in_period(per_day.c.day), per_day.c.seller != 0, s.by_user(per_day.c.seller))
            .group_by(per_day.c.seller)
            .having(func.sum(per_day.c.sales) != 0)
        )
    }
    if activity is None:
        activity = _interaction_counts(s)
    targets = _targets(
        s,
        session.execute(
            select(Objective.user_id, Objective.metric, Objective.month, func.sum(Objective.target))
            .where(
                s.months_touched(Objective.month),
                Objective.user_id.is_not(None),
                s.by_user(Objective.user_id),
            )
            .group_by(Objective.user_id, Objective.metric, Objective.month)
        ),
    )
    wanted = set(sales) | {user_id for user_id, _ in targets}
    users = session.execute(
        select(User.id, User.display_name, User.active).where(
            or_(and_(User.role == Role.SALESPERSON, User.active.is_(True)), User.id.in_(wanted)),
            s.by_user(User.id),
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
            SalespersonFigures(user_id, name, active, count, revenue, margin, test_drives, calls, objectives)
        )
    rows.sort(key=lambda r: (-r.sales, -r.margin, r.display_name.casefold()))
    return rows


def _months(s: _Scope) -> tuple[MonthFigures, ...]:
    last = s.period.last_day.replace(day=1)
    first = add_months(last, -11)
    # Per day first (the sales kept per day, salesperson and condition), then per month over <= 366 rows.
    days = activity.sales_days
    per_day = (
        select(
            days.c.day.label("day"),
            func.sum(days.c.sales).label("sales"),
            func.sum(case((days.c.condition == VehicleCondition.NEW.value, days.c.sales))).label("new"),
            func.sum(days.c.price).label("revenue"),
            func.sum(days.c.margin).label("margin"),
        )
        .where(days.c.day >= first, days.c.day < add_months(last, 1), s.by_user(days.c.seller))
        .group_by(days.c.day)
        .subquery()
    )
    year, month = extract("year", per_day.c.day), extract("month", per_day.c.day)
    found = {
        (int(y), int(m)): row
        for y, m, *row in s.session.execute(
            select(
                year,
                month,
                func.sum(per_day.c.sales),
                func.sum(per_day.c.new),
                func.sum(per_day.c.revenue),
                func.sum(per_day.c.margin),
            ).group_by(year, month)
        )
    }
    result = []
    for k in range(12):
        day = add_months(first, k)
        count, new, revenue, margin = found.get((day.year, day.month), (0, 0, None, None))
        result.append(
            MonthFigures(
                day, _int(count), _int(new), _int(count) - _int(new), _money(revenue), _money(margin)
            )
        )
    return tuple(result)


def _makes(s: _Scope, limit: int = 10) -> tuple[MakeModelFigures, ...]:
    if s.user_id is None:
        # The dealership's: the sales kept per day, make and model (`kpi_model_days`).
        kept = activity.FLAT["kpi_model_days"]
        n, margin = func.sum(kept.c.n), func.sum(kept.c.margin)
        found = s.session.execute(
            select(kept.c.make, kept.c.model, n, type_coerce(func.sum(kept.c.price), Money))
            .add_columns(type_coerce(margin, Money))
            .where(s.days_in_period(kept.c.day))
            .group_by(kept.c.make, kept.c.model)
            .having(n != 0)
            .order_by(n.desc(), margin.desc(), kept.c.make, kept.c.model)
            .limit(limit)
        )
        return tuple(MakeModelFigures(mk, md, _int(k), _money(r), _money(m)) for mk, md, k, r, m in found)
    count = func.count(Sale.id)
    rows = s.session.execute(
        select(Vehicle.make, Vehicle.model, count, func.sum(Sale.price), func.sum(Sale.margin))
        .join(Vehicle, Vehicle.id == Sale.vehicle_id)
        .where(s.days_in_period(Sale.sold_on), s.by_user(Sale.salesperson_id))
        .group_by(Vehicle.make, Vehicle.model)
        .order_by(count.desc(), func.sum(Sale.margin).desc(), Vehicle.make, Vehicle.model)
        .limit(limit)
    )
    return tuple(MakeModelFigures(mk, md, _int(n), _money(r), _money(m)) for mk, md, n, r, m in rows)


def _channels(s: _Scope) -> tuple[ChannelFigures, ...]:
    session, period = s.session, s.period
    spend: dict[str, Decimal] = {}
    if s.user_id is None:
        # Monthly spend counts pro rata of the month's days in the period (docs/KPI.md).
        monthly: dict[str, dict[dt.date, Decimal]] = {}
        for channel, month, amount in session.execute(
            select(MarketingSpend.channel, MarketingSpend.month, func.sum(MarketingSpend.amount))
            .where(s.months_touched(MarketingSpend.month))
            .group_by(MarketingSpend.channel, MarketingSpend.month)
        ):
            monthly.setdefault(str(channel), {})[month.replace(day=1)] = _money(amount)
        for channel_key, amounts in monthly.items():
            spend[channel_key] = spread_monthly(period, amounts)
        for campaign_channel, amount in session.execute(
            select(Campaign.channel, func.sum(Campaign.cost))
            .where(Campaign.ends_on.is_not(None), s.days_in_period(Campaign.ends_on))
            .group_by(Campaign.channel)
        ):
            spend[str(campaign_channel)] = spend.get(str(campaign_channel), ZERO) + _money(amount)
    if s.user_id is None and _steps_kept(s):
        # The first-sale steps kept per day and channel (`kpi_buyer_days`).
        kept = activity.BUYERS
        per_channel = (
            select(kept.c.channel, func.sum(kept.c.n))
            .where(s.days_in_period(kept.c.day))
            .group_by(kept.c.channel)
            .having(func.sum(kept.c.n) != 0)
        )
    else:
        per_channel = (
            select(Contact.source_channel, func.count(func.distinct(Sale.contact_id)))
            .join(Contact, Contact.id == Sale.contact_id)
            .where(s.days_in_period(Sale.sold_on), s.by_user(Sale.salesperson_id), _is_first_sale())
            .group_by(Contact.source_channel)
        )
    new_customers = {str(channel): _int(count) for channel, count in session.execute(per_channel)}
    cohort = _cohort(s)
    return tuple(
        ChannelFigures(
            channel,
            spend.get(channel.value, ZERO),
            new_customers.get(channel.value, 0),
            *cohort.get(channel.value, (0, 0)),
        )
        for channel in SourceChannel
    )


def _cohort(s: _Scope) -> dict[str, tuple[int, int]]:
    """Per channel, the contacts created in the period (its prospects) and how many of them have a sale
    before its end (converted). The dealership's, when the customers' steps are kept: the contacts kept
    per UTC day of creation and channel (`kpi_contact_days`) and those kept per UTC day of creation,
    channel and first sale day (`kpi_cohort_days`) whose first sale comes before the period's end, with the
    rows of the hours at its ends (`_utc_days`); else (one salesperson's) from the contacts' rows."""
    end = s.period.end
    bought = select(Sale.id).where(Sale.contact_id == Contact.id, Sale.sold_on < end).correlate(Contact)

    def rows(since: dt.datetime, until: dt.datetime) -> Any:
        return s.session.execute(
            select(
                Contact.source_channel,
                func.count(Contact.id),
                func.count(case((bought.exists(), Contact.id))),
            )
            .where(Contact.created_at >= since, Contact.created_at < until, s.by_user(Contact.owner_id))
            .group_by(Contact.source_channel)
        )

    found: dict[str, tuple[int, int]] = {}

    def add(channel: Any, created: Any, converted: Any, sign: int = 1) -> None:
        n, m = found.get(str(channel), (0, 0))
        found[str(channel)] = (n + sign * _int(created), m + sign * _int(converted))

    if s.user_id is not None or not _steps_kept(s):
        for channel, created, converted in rows(s.since, s.until):
            add(channel, created, converted)
        return found
    first, last, edges = _utc_days(s)
    kept, cohorts = activity.FLAT["kpi_contact_days"], activity.COHORTS
    for channel, created in s.session.execute(
        select(kept.c.channel, func.sum(kept.c.n))
        .where(kept.c.day >= first, kept.c.day < last)
        .group_by(kept.c.channel)
    ):
        add(channel, created, 0)
    for channel, converted in s.session.execute(
        select(cohorts.c.channel, func.sum(cohorts.c.n))
        .where(cohorts.c.day >= first, cohorts.c.day < last, cohorts.c.first_on < end)
        .group_by(cohorts.c.channel)
    ):
        add(channel, 0, converted)
    for since, until, sign in edges:
        for channel, created, converted in rows(since, until):
            add(channel, created, converted, sign)
    return found


def _funnel(s: _Scope) -> tuple[FunnelStep, ...]:
    def seen(*types: InteractionType) -> ColumnElement[bool]:
        """An interaction of one of `types` linked to the opportunity (and its contact): one probe of
        the (opportunity, contact, type) index."""
        return (
            select(Interaction.id)
            .where(
                Interaction.opportunity_id == Opportunity.id,
                Interaction.contact_id == Opportunity.contact_id,
                Interaction.type.in_(types),
            )
            .exists()
        )

    # The furthest step each opportunity closed in the period reached: a step counts as reached when
    # there is evidence of it or of any later step (a won deal went through the whole funnel even if
    # no test drive was logged), so the funnel never widens. Looked for from the last step back.
    reached = case(
        (Opportunity.stage == Stage.WON, 4),
        (seen(InteractionType.QUOTE), 3),
        (seen(InteractionType.TEST_DRIVE), 2),
        (seen(*CONTACT_TYPES), 1),
        else_=0,
    )
    if s.session.get_bind().dialect.name == "postgresql":
        # The same step as the highest of the lost opportunity's interactions, in one walk of its
        # entries of that index: PostgreSQL would otherwise hash every quote and test drive of the
        # history to test the EXISTS above (and compile the plan, its cost being over jit_above_cost).
        # SQLite stops at the first entry of each EXISTS, which is cheaper there.
        evidence = (
            select(
                func.max(
                    case(
                        (Interaction.type == InteractionType.QUOTE, 3),
                        (Interaction.type == InteractionType.TEST_DRIVE, 2),
                        else_=1,
                    )
                )
            )
            .where(
                Interaction.opportunity_id == Opportunity.id,
                Interaction.contact_id == Opportunity.contact_id,
                Interaction.type.in_(CONTACT_TYPES),
            )
            .scalar_subquery()
        )
        reached = case((Opportunity.stage == Stage.WON, 4), else_=func.coalesce(evidence, 0))
    # The steps kept per UTC day of closing (dealercrm/db/activity.py, `FUNNEL`), and those of the
    # opportunities closed in the hours at the period's ends, from their rows.
    first, last, edges = _utc_days(s)
    kept = activity.FUNNEL
    per_step: dict[int, int] = {}
    for step, n in s.session.execute(
        select(kept.c.reached, func.sum(kept.c.n))
        .where(kept.c.day >= first, kept.c.day < last, s.by_user(kept.c.owner_key))
        .group_by(kept.c.reached)
    ):
        per_step[_int(step)] = per_step.get(_int(step), 0) + _int(n)
    for start, end, sign in edges:
        closed = (
            select(reached.label("reached"))
            .where(
                Opportunity.stage.in_((Stage.WON, Stage.LOST)),
                Opportunity.closed_at >= start,
                Opportunity.closed_at < end,
                s.by_user(Opportunity.owner_id),
            )
            .subquery()
        )
        for step, n in s.session.execute(select(closed.c.reached, func.count()).group_by(closed.c.reached)):
            per_step[_int(step)] = per_step.get(_int(step), 0) + sign * _int(n)
    counts = [sum(n for step, n in per_step.items() if step >= k) for k in range(len(FUNNEL_STEPS))]
    steps = []
    for k, (step, value) in enumerate(zip(FUNNEL_STEPS, counts, strict=True)):
        before = counts[k - 1] if k else 0
        steps.append(FunnelStep(step, value, value / before if k and before else None))
    return tuple(steps)


def _history(lower: dt.date | None, upper: dt.date) -> Any:
    """(contact, day, margin, sale: 1 or 0) of every sale and service visit before `upper` (and from
    `lower`): what keeps a customer active. Ordered by contact, so that each side is read in the order
    of its (contact, day, margin) covering index and the two are merged rather than sorted."""
    sales = select(
        Sale.contact_id.label("contact_id"),
        Sale.sold_on.label("day"),
        Sale.margin.label("margin"),
        literal_column("1", Integer).label("sale"),
    ).where(Sale.sold_on < upper)
    visits = select(
        ServiceVisit.contact_id, ServiceVisit.visited_on, ServiceVisit.margin, literal_column("0", Integer)
    ).where(ServiceVisit.contact_id.is_not(None), ServiceVisit.visited_on < upper)
    if lower is not None:
        sales = sales.where(Sale.sold_on >= lower)
        visits = visits.where(ServiceVisit.visited_on >= lower)
    rows: CompoundSelect[Any] = union_all(sales, visits)
    return rows.order_by(rows.selected_columns.contact_id).subquery()


def _segments(days: list[dt.date], window: int) -> list[list[dt.date]]:
    """The sorted `days` cut into runs whose every day's window [day - W months, day) starts no later
    than the run's first day."""
    segments: list[list[dt.date]] = []
    for day in days:
        if segments and add_months(day, -window) <= segments[-1][0]:
            segments[-1].append(day)
        else:
            segments.append([day])
    return segments


@dataclass(frozen=True)
class _Base:
    """The customer base before a day: what the loyalty and lifetime-value figures are made of."""

    buyers: int  # contacts with a sale before the day
    repeat_buyers: int  # ... with two or more
    recent_buyers: int  # contacts with a sale in the 5 years before the day
    serviced: int  # ... of whom with a service visit in the 12 months before the day
    sales_margin: Decimal  # margin of every sale before the day
    service_margin: Decimal  # margin of the service visits of the buyers before the day
    active: int  # customers active on the day
    margin_12: Decimal  # margin (sales and visits) of the last 12 months of those active customers


def _churn(
    s: _Scope, pairs: list[tuple[dt.date, dt.date]], *, until: dt.date | None = None
) -> tuple[list[ChurnFigures], _Base | None]:
    """Churn of each (start, end) pair; with `until` (no earlier than any day of the pairs), also the
    customer base before that day (loyalty and CLV).

    Read from what the database keeps (dealercrm/db/activity.py): the figures' per-day sums up to the
    last day asked for (customers active on each day, the customer base on `until`), and the activity
    spans of the customers whose activity lapses between the first and last days asked for (those who
    may have churned). When the spans were made with another churn window than the setting's (or for
    more than 60 days at once), the same figures come from the whole history (`_churn_from_history`)."""
    window = int(s.setting("kpi.churn_window_months"))
    days = sorted({d for pair in pairs for d in pair} | ({until} if until else set()))
    if until is not None and days[-1] > until:
        raise ValueError("the churn periods must end by the customer base's day")
    if len(days) > MAX_SPAN_DAYS or activity.window_in_use(s.session.connection()) != window:
        return _churn_from_history(s, pairs, until=until)
    on = _day_figures(s, days)
    churned = _churned(s, days, pairs, window)
    results = [
        ChurnFigures(Period(start, end), on[start]["active"], churned[k], on[end]["active"])
        for k, (start, end) in enumerate(pairs)
    ]
    if until is None:
        return results, None
    return results, _base(s, until, on[until], window)


MAX_SPAN_DAYS = 60  # one bit per day in a BIGINT


def _lost() -> Any:
    return select(Contact.id).where(Contact.lifecycle == Lifecycle.LOST)


def _day_figures(s: _Scope, days: list[dt.date]) -> dict[dt.date, dict[str, int]]:
    """Each figure of `activity.STEP_COLUMNS` on each of `days`: the sum of its steps on the days before.
    The days before the last are summed in SQL by the first of `days` they come before (a few
    thousand rows of per-day sums, one per day of history: not the customers), then added up in order."""
    per_day = activity.days
    bucket: Any = literal_column("0", Integer)
    if len(days) > 1:
        bucket = case(*((per_day.c.day < d, k) for k, d in enumerate(days[:-1])), else_=len(days) - 1)
    sums = dict.fromkeys(range(len(days)), (0,) * len(activity.STEP_COLUMNS))
    for k, *values in s.session.execute(
        select(bucket, *(func.sum(per_day.c[name]) for name in activity.STEP_COLUMNS))
        .where(per_day.c.day < days[-1])
        .group_by(bucket)
    ):
        sums[int(k)] = tuple(_int(value) for value in values)
    figures: dict[dt.date, dict[str, int]] = {}
    running = [0] * len(activity.STEP_COLUMNS)
    for k, day in enumerate(days):
        running = [total + value for total, value in zip(running, sums[k], strict=True)]
        figures[day] = dict(zip(activity.STEP_COLUMNS, running, strict=True))
    return figures


def _churned(s: _Scope, days: list[dt.date], pairs: list[tuple[dt.date, dt.date]], window: int) -> list[int]:
    """Customers (not lost) churned over each pair (spans made with a churn window of `window` months).

    When no pair is longer than the window (the dashboard's months and year with the default window of
    24 months), from the lapses kept per span (dealercrm/db/activity.py, `kpi_lapses`): a span lasts the
    window at least (one activity keeps its customer active that long), so a customer active on a pair's
    start and not on its end is one with a span ending in [start, end) (that span began before the
    start) whose next span, if any, starts on or after the end (one starting before it would cover the
    end); each customer has one such span at most. Counted per (end, next start) of the spans ending in
    the days asked for: a few rows per day, not the customers. Else `_churned_from_spans`."""
    if not all(add_months(end, -window) <= start for start, end in pairs):
        return _churned_from_spans(s, days, pairs)
    kept = activity.LAPSES
    counts = s.session.execute(
        select(kept.c.ends_on, kept.c.next_on, func.count())
        .where(kept.c.ends_on >= days[0], kept.c.ends_on < days[-1])
        .group_by(kept.c.ends_on, kept.c.next_on)
    ).all()
    return [
        sum(_int(n) for ends, following, n in counts if start <= ends < end and following >= end)
        for start, end in pairs
    ]


def _churned_from_spans(s: _Scope, days: list[dt.date], pairs: list[tuple[dt.date, dt.date]]) -> list[int]:
    """Customers (not lost) churned over each pair, from the spans of those with a span that ends
    between the first and the last of `days` (anyone active on a start and not on its end has one):
    each span covers the days of index i (the number of days on or before its start) to j - 1 (j: the
    number of days on or before its end), bits i to j - 1 of a mask; a customer's spans never overlap,
    so the union of their masks (their sum; bit_or on PostgreSQL, `activity.mask_union`) is the set of
    days they are active on. The customers are counted by mask (a few dozen masks) and the figures
    summed in Python."""
    sp, own = activity.spans, activity.spans.alias("own")
    n = len(days)
    first = case(*((own.c.starts_on < d, k) for k, d in enumerate(days)), else_=n)
    last = case(*((own.c.ends_on >= d, k + 1) for k, d in reversed(list(enumerate(days)))), else_=0)
    one = literal_column("CAST(1 AS BIGINT)", BigInteger)
    bits = one.op("<<", return_type=BigInteger)(last) - one.op("<<", return_type=BigInteger)(first)
    lapsing = (
        select(sp.c.contact_id).where(sp.c.ends_on >= days[0], sp.c.ends_on < days[-1]).distinct().subquery()
    )
    # Each customer's mask from their own spans (a probe of the spans' primary key per customer).
    mask = (
        select(activity.mask_union(bits))
        .where(own.c.contact_id == lapsing.c.contact_id, own.c.ends_on >= days[0], own.c.starts_on < days[-1])
        .scalar_subquery()
    )
    per_customer = (
        select(mask.label("mask"))
        .select_from(lapsing.join(Contact, Contact.id == lapsing.c.contact_id))
        .where(Contact.lifecycle != Lifecycle.LOST)
        .subquery()
    )
    counts = {
        int(mask): int(count)
        for mask, count in s.session.execute(
            select(per_customer.c.mask, func.count()).group_by(per_customer.c.mask)
        )
    }
    index = {d: k for k, d in enumerate(days)}
    return [
        sum(c for mask, c in counts.items() if mask >> index[start] & 1 and not mask >> index[end] & 1)
        for start, end in pairs
    ]


def _cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(ZERO)


def _base(s: _Scope, until: dt.date, on: dict[str, int], window: int) -> _Base:
    """The customer base before `until` from the figures' per-day sums (`on`: `_day_figures` of
    `until`). With a window of 12 months or more, every customer with a sale or visit in the last 12
    months is active on `until` unless lost, and their margin of those months is kept per day too; with
    a shorter one, it is read from those months' sales and visits of the customers active on `until`."""
    margin_12 = _cents(on["margin_12"]) if window >= 12 else _margin_12_of_active(s, until)
    return _Base(
        buyers=on["buyers"],
        repeat_buyers=on["repeaters"],
        recent_buyers=on["recent"],
        serviced=on["serviced"],
        sales_margin=_cents(on["sales_margin"]),
        service_margin=_cents(on["service_margin"]),
        active=on["active"],
        margin_12=margin_12,
    )


def _margin_12_of_active(s: _Scope, until: dt.date) -> Decimal:
    """The margin (sales and visits) of the 12 months before `until` of the customers active on it."""
    year_ago = add_months(until, -12)
    sold_on, visited_on = unindexed(Sale.sold_on), unindexed(ServiceVisit.visited_on)
    months = union_all(
        select(Sale.contact_id.label("contact_id"), Sale.margin.label("margin")).where(
            sold_on >= year_ago, sold_on < until
        ),
        select(ServiceVisit.contact_id, ServiceVisit.margin).where(
            visited_on >= year_ago, visited_on < until, ServiceVisit.contact_id.is_not(None)
        ),
    ).subquery()
    sp = activity.spans
    active = and_(sp.c.contact_id == months.c.contact_id, sp.c.starts_on < until, sp.c.ends_on >= until)
    query = (
        select(type_coerce(func.sum(months.c.margin), Money))
        .select_from(months.join(sp, active))
        .where(months.c.contact_id.not_in(_lost()))
    )
    return _money(s.session.scalar(query))


def _churn_from_history(
    s: _Scope, pairs: list[tuple[dt.date, dt.date]], *, until: dt.date | None = None
) -> tuple[list[ChurnFigures], _Base | None]:
    """Churn of each (start, end) pair, from one query over the whole history; with `until` (no earlier
    than any day of the pairs), the same query also reads the customer base before that day (loyalty
    and CLV). What `_churn` computes when the spans cannot serve, and what its tests compare it with.

    A customer is active on a day D when they have a sale or a visit in [D - W months, D) and are not
    lost. Rather than testing every activity row against every day, the query keeps two dates per
    customer for each run of days (`_segments`) starting with day S: the last activity before S and
    the first on or after S. A customer is active on a day D of the run when the first is at least
    D - W, or the second before D (it is then on or after S >= D - W). The customers are then grouped
    by the days they are active on (a few hundred groups at most) and the figures summed over the
    groups. Same counts as testing each day's window, in one pass over the activity rows.
    """
    window = int(s.setting("kpi.churn_window_months"))
    days = sorted({d for pair in pairs for d in pair} | ({until} if until else set()))
    if until is not None and days[-1] > until:
        raise ValueError("the churn periods must end by the customer base's day")
    segments = _segments(days, window)
    rows = _history(None if until else add_months(days[0], -window), until or days[-1])
    day, margin, is_sale = rows.c.day, rows.c.margin, rows.c.sale == 1

    # Per customer: the two dates of each run, and the base figures.
    per_customer: list[Any] = [rows.c.contact_id.label("contact_id")]
    for g, run in enumerate(segments):
        per_customer.append(func.max(case((day < run[0], day))).label(f"last{g}"))
        per_customer.append(func.min(case((day >= run[0], day))).label(f"next{g}"))
    if until is not None:
        year_ago = add_months(until, -12)
        per_customer += [
            func.sum(rows.c.sale).label("sales"),
            func.sum(case((is_sale, margin))).label("sales_margin"),
            func.sum(case((~is_sale, margin))).label("service_margin"),
            func.max(case((and_(is_sale, day >= add_months(until, -60)), 1), else_=0)).label("recent"),
            func.max(case((and_(~is_sale, day >= year_ago), 1), else_=0)).label("serviced"),
            func.sum(case((day >= year_ago, margin), else_=0)).label("m12"),
        ]
    customers = select(*per_customer).group_by(rows.c.contact_id).subquery()

    # Per customer, for each run: active on its days before index `upto`, and from index `since`.
    lost = Contact.lifecycle == Lifecycle.LOST
    classes: list[Any] = []
    for g, run in enumerate(segments):
        last, following = customers.c[f"last{g}"], customers.c[f"next{g}"]
        starts = (add_months(d, -window) for d in run)
        classes.append(
            case(
                (or_(lost, last.is_(None)), 0),
                *((last < start, k) for k, start in enumerate(starts)),
                else_=len(run),
            ).label(f"upto{g}")
        )
        classes.append(
            case(
                (or_(lost, following.is_(None)), len(run)),
                *((following < d, k) for k, d in enumerate(run)),
                else_=len(run),
            ).label(f"since{g}")
        )
    base_names = ("sales", "recent", "serviced", "sales_margin", "service_margin", "m12")
    base_columns = [] if until is None else [customers.c[name] for name in base_names]
    classified = (
        select(*classes, *base_columns)
        .select_from(customers.join(Contact, Contact.id == customers.c.contact_id))
        .subquery()
    )
    keys = [classified.c[f"{name}{g}"] for g in range(len(segments)) for name in ("upto", "since")]
    grouped_columns: list[Any] = [*keys, func.count().label("n")]
    if until is not None:
        c = classified.c
        grouped_columns += [
            func.count(case((c.sales >= 1, 1))).label("buyers"),
            func.count(case((c.sales >= 2, 1))).label("repeat_buyers"),
            func.sum(c.recent).label("recent_buyers"),
            func.sum(c.recent * c.serviced).label("serviced"),
            func.sum(c.sales_margin).label("sales_margin"),
            func.sum(case((c.sales >= 1, c.service_margin))).label("service_margin"),
            func.sum(c.m12).label("m12"),
        ]
    grouped = select(*grouped_columns).group_by(*keys).subquery()

    where = {d: (g, k) for g, run in enumerate(segments) for k, d in enumerate(run)}

    def active(d: dt.date) -> ColumnElement[bool]:
        g, k = where[d]
        return or_(grouped.c[f"upto{g}"] > k, grouped.c[f"since{g}"] <= k)

    outer: list[Any] = [func.sum(case((active(d), grouped.c.n), else_=0)) for d in days]
    for start, end in pairs:
        outer.append(func.sum(case((and_(active(start), not_(active(end))), grouped.c.n), else_=0)))
    if until is not None:
        totals = grouped.c
        outer += [
            func.sum(totals.buyers),
            func.sum(totals.repeat_buyers),
            func.sum(totals.recent_buyers),
            func.sum(totals.serviced),
            type_coerce(func.sum(totals.sales_margin), Money),
            type_coerce(func.sum(totals.service_margin), Money),
            type_coerce(func.sum(case((active(until), totals.m12), else_=0)), Money),
        ]
    row = s.session.execute(select(*outer)).one()
    active_on = {d: _int(row[k]) for k, d in enumerate(days)}
    results = [
        ChurnFigures(Period(start, end), active_on[start], _int(row[len(days) + k]), active_on[end])
        for k, (start, end) in enumerate(pairs)
    ]
    if until is None:
        return results, None
    buyers, repeat, recent, serviced, sales_margin, service_margin, m12 = row[len(days) + len(pairs) :]
    base = _Base(
        buyers=_int(buyers),
        repeat_buyers=_int(repeat),
        recent_buyers=_int(recent),
        serviced=_int(serviced),
        sales_margin=_money(sales_margin),
        service_margin=_money(service_margin),
        active=active_on[until],
        margin_12=_money(m12),
    )
    return results, base


def _loyalty(base: _Base) -> LoyaltyFigures:
    return LoyaltyFigures(base.buyers, base.repeat_buyers, base.recent_buyers, base.serviced)


def _clv(s: _Scope, base: _Base, annual: ChurnFigures) -> ClvFigures:
    total = base.sales_margin + base.service_margin
    return ClvFigures(
        customers=base.buyers,
        total_margin=total.quantize(Decimal("0.01")),
        active_customers=base.active,
        margin_last_12_months=base.margin_12,
        annual_churn=annual.rate,
        max_years=int(s.setting("kpi.clv_max_years")),
    )


def _attributed_sales(s: _Scope, campaign_ids: Any, since: dt.date | None) -> Any:
    """Each sale with the campaign it is attributed to: the last reach of its contact (by any
    campaign) no more than `campaigns.attribution_days` days before the sale day."""
    days = int(s.setting("campaigns.attribution_days"))
    gap = days_between(CampaignTarget.reached_at, Sale.sold_on)
    ranked = select(
        Sale.id.label("sale_id"),
        CampaignTarget.campaign_id.label("campaign_id"),
        CampaignTarget.reached_at.label("reached_at"),
        func.row_number()
        .over(
            partition_by=Sale.id,
            order_by=(CampaignTarget.reached_at.desc(), CampaignTarget.campaign_id.desc()),
        )
        .label("rank"),
    ).join(CampaignTarget, CampaignTarget.contact_id == Sale.contact_id)
    ranked = ranked.where(CampaignTarget.reached_at.is_not(None), gap >= 0, gap <= days)
    if since is not None:
        ranked = ranked.where(Sale.sold_on >= since)
    sub = ranked.subquery()
    return (
        select(sub.c.sale_id, sub.c.campaign_id, sub.c.reached_at)
        .where(sub.c.rank == 1, sub.c.campaign_id.in_(campaign_ids))
        .subquery()
    )


def _campaigns(s: _Scope) -> tuple[CampaignFigures, ...]:
    period = s.period
    overlapping = and_(
        Campaign.starts_on < period.end, or_(Campaign.ends_on.is_(None), Campaign.ends_on >= period.start)
    )
    campaigns = s.session.execute(
        select(
            Campaign.id, Campaign.name, Campaign.channel, Campaign.starts_on, Campaign.ends_on, Campaign.cost
        )
        .where(overlapping)
        .order_by(Campaign.starts_on, Campaign.id)
    ).all()
    if not campaigns:
        return ()
    ids = select(Campaign.id).where(overlapping)
    kept = activity.FLAT["kpi_campaign_reach"]  # the targets kept per campaign (PostgreSQL: rows to sum)
    reach = {
        cid: (_int(t), _int(r))
        for cid, t, r in s.session.execute(
            select(kept.c.campaign_id, func.sum(kept.c.targets), func.sum(kept.c.reached))
            .where(kept.c.campaign_id.in_(ids))
            .group_by(kept.c.campaign_id)
        )
    }
    earliest = min(c.starts_on for c in campaigns)
    attributed = _attributed_sales(s, ids, earliest)
    results = {
        cid: (_int(n), _money(revenue), _money(margin))
        for cid, n, revenue, margin in s.session.execute(
            select(attributed.c.campaign_id, func.count(Sale.id), func.sum(Sale.price), func.sum(Sale.margin))
            .join(Sale, Sale.id == attributed.c.sale_id)
            .group_by(attributed.c.campaign_id)
        )
    }
    figures = []
    for cid, name, channel, starts, ends, cost in campaigns:
        targets, reached = reach.get(cid, (0, 0))
        sales, revenue, margin = results.get(cid, (0, ZERO, ZERO))
        figures.append(
            CampaignFigures(
                cid, name, channel, starts, ends, _money(cost), targets, reached, sales, revenue, margin
            )
        )
    return tuple(figures)


def _aftersales(s: _Scope, summary: KpiSummary) -> AfterSalesFigures:
    claims = _claim_sums(s).by
    found: dict[ClaimCategory, tuple[int, int, int, float | None]] = {}
    for category in sorted({category for _event, category in claims}):
        opened = claims.get(("opened", category), _ClaimSums())
        resolved = claims.get(("resolved", category), _ClaimSums())
        if opened.n or resolved.n:
            found[ClaimCategory(category)] = (opened.n, resolved.n, resolved.in_time, resolved.seconds)
    by_category = []
    for category in ClaimCategory:
        o, r, _t, sec = found.get(category, (0, 0, 0, None))
        by_category.append(CategoryClaims(category, o, r, hours(sec / r) if sec is not None and r else None))
    in_time = sum(v[2] for v in found.values())
    seconds = sum(v[3] or 0.0 for v in found.values())
    visits = (0, ZERO, ZERO)
    if s.user_id is None:
        # The visits kept per day (`kpi_visit_days`).
        per_day = activity.FLAT["kpi_visit_days"]
        n, amount, margin = s.session.execute(
            select(
                func.sum(per_day.c.n),
                type_coerce(func.sum(per_day.c.amount), Money),
                type_coerce(func.sum(per_day.c.margin), Money),
            ).where(s.days_in_period(per_day.c.day))
        ).one()
        visits = (_int(n), _money(amount), _money(margin))
    return AfterSalesFigures(
        opened=summary.claims_opened,
        resolved=summary.claims_resolved,
        resolved_in_time=in_time,
        mean_hours_to_resolution=hours(seconds / summary.claims_resolved)
        if summary.claims_resolved
        else None,
        satisfaction=summary.satisfaction,
        satisfaction_count=summary.satisfaction_count,
        goodwill_cost=summary.goodwill_cost,
        overdue=summary.claims_overdue,
        by_category=tuple(by_category),
        service_visits=visits[0],
        service_revenue=visits[1],
        service_margin=visits[2],
    )


def _appointments(s: _Scope) -> dict[int | None, int]:
    """Appointments due in the period per user (None: nobody): their sums per UTC day
    (`kpi_appointment_days`) and the rows of the hours at its ends."""
    found: dict[int | None, int] = {}
    for user_id, n in _counts_per_key(
        s,
        "kpi_appointment_days",
        "user_key",
        "user_key",
        (Task.user_id, Task.due_at, Task.user_id),
        Task.kind == TaskKind.APPOINTMENT,
    ):
        found[user_id or None] = found.get(user_id or None, 0) + n
    return {user_id: n for user_id, n in found.items() if n}


def _leads(s: _Scope) -> dict[int | None, tuple[int, int, float | None]]:
    """Per owner (None: nobody), the leads created in the period, how many have had a first contact
    (dealercrm/db/activity.py, `first_contacts`: their first interaction of a contacting type at or
    after their creation) and the seconds from creation to it, summed: from the leads kept per UTC day
    (`LEADS`) and the leads themselves of the hours at the period's ends (one look-up of their first
    contact each)."""
    first_day, last_day, edges = _utc_days(s)
    kept = activity.LEADS
    rows: list[tuple[Any, Any, Any, Any, int]] = [
        (owner, n, answered, seconds, 1)
        for owner, n, answered, seconds in s.session.execute(
            select(kept.c.owner_key, func.sum(kept.c.n), func.sum(kept.c.answered), func.sum(kept.c.seconds))
            .where(kept.c.day >= first_day, kept.c.day < last_day, s.by_user(kept.c.owner_key))
            .group_by(kept.c.owner_key)
        )
    ]
    first = activity.first_contacts
    for start, end, sign in edges:
        new_leads = (
            select(
                Contact.owner_id.label("owner_id"),
                Contact.created_at.label("created_at"),
                first.c.first_at.label("first_at"),
            )
            .select_from(Contact)
            .outerjoin(first, first.c.contact_id == Contact.id)
            .where(Contact.created_at >= start, Contact.created_at < end, s.by_user(Contact.owner_id))
            .subquery()
        )
        rows += [
            (owner, n, answered, seconds, sign)
            for owner, n, answered, seconds in s.session.execute(
                select(
                    new_leads.c.owner_id,
                    func.count(),
                    func.count(new_leads.c.first_at),
                    func.sum(seconds_between(new_leads.c.created_at, new_leads.c.first_at)),
                ).group_by(new_leads.c.owner_id)
            )
        ]
    found: dict[int | None, tuple[int, int, float | None]] = {}
    for owner, n, answered, seconds, sign in rows:
        key = owner or None
        total_n, total_answered, total_seconds = found.get(key, (0, 0, None))
        if _int(answered):
            total_seconds = (total_seconds or 0.0) + sign * float(seconds or 0.0)
        found[key] = (total_n + sign * _int(n), total_answered + sign * _int(answered), total_seconds)
    return {key: value for key, value in found.items() if value[0]}


def _activity(s: _Scope, interactions: Counts) -> tuple[ActivityFigures, ...]:
    session = s.session
    appointments = _appointments(s)
    leads = _leads(s)
    users = {u for u, _ in interactions} | set(appointments) | set(leads)
    users.discard(None)
    names = {
        uid: name
        for uid, name in session.execute(
            select(User.id, User.display_name).where(
                or_(User.id.in_(users), and_(User.role == Role.SALESPERSON, User.active.is_(True))),
                s.by_user(User.id),
            )
        )
    }

    def row(uid: int | None, name: str, keys: set[int | None]) -> ActivityFigures:
        n = sum(leads.get(k, (0, 0, None))[0] for k in keys)
        answered = sum(leads.get(k, (0, 0, None))[1] for k in keys)
        seconds = sum(leads.get(k, (0, 0, None))[2] or 0.0 for k in keys)
        return ActivityFigures(
            uid,
            name,
            sum(interactions.get((k, InteractionType.CALL), 0) for k in keys),
            sum(appointments.get(k, 0) for k in keys),
            sum(interactions.get((k, InteractionType.TEST_DRIVE), 0) for k in keys),
            n,
            answered,
            hours(seconds / answered) if answered else None,
        )

    rows = [row(uid, name, {uid}) for uid, name in names.items()]
    rows.sort(key=lambda r: (-(r.calls + r.test_drives + r.appointments), r.display_name.casefold()))
    if s.user_id is None:
        everyone = set(users) | {None}
        rows.append(row(None, "", everyone))
    return tuple(rows)


def _scores(s: _Scope) -> tuple[ScoreBucket, ...]:
    # The prospects kept per owner and score (`kpi_prospect_scores`: -1 for no score), per bucket.
    kept = activity.FLAT["kpi_prospect_scores"]
    score = kept.c.score_key
    bucket = case(
        (score == -1, -1),
        *((score <= high, k) for k, (_, high) in enumerate(SCORE_BUCKETS)),
        else_=len(SCORE_BUCKETS) - 1,
    ).label("bucket")
    found = {
        _int(b): _int(n)
        for b, n in s.session.execute(
            select(bucket, func.sum(kept.c.n)).where(s.by_user(kept.c.owner_key)).group_by(bucket)
        )
    }
    buckets = [ScoreBucket(low, high, found.get(k, 0)) for k, (low, high) in enumerate(SCORE_BUCKETS)]
    buckets.append(ScoreBucket(None, None, found.get(-1, 0)))
    return tuple(buckets)


def _objectives(s: _Scope, summary: KpiSummary) -> tuple[ObjectiveProgress, ...]:
    owner = Objective.user_id.is_(None) if s.user_id is None else Objective.user_id == s.user_id
    targets = {
        metric: target
        for (_, metric), target in _targets(
            s,
            s.session.execute(
                select(Objective.user_id, Objective.metric, Objective.month, func.sum(Objective.target))
                .where(owner, s.months_touched(Objective.month))
                .group_by(Objective.user_id, Objective.metric, Objective.month)
            ),
        ).items()
    }
    actual = {
        ObjectiveMetric.SALES: Decimal(summary.vehicles_sold),
        ObjectiveMetric.MARGIN: summary.margin,
        ObjectiveMetric.TEST_DRIVES: Decimal(summary.test_drives),
        ObjectiveMetric.CALLS: Decimal(summary.calls),
    }
    return tuple(ObjectiveProgress(m, targets.get(m), actual[m]) for m in ObjectiveMetric)


def _headline(s: _Scope) -> tuple[Headline, tuple[ChannelFigures, ...]]:
    summary = _summary(s)
    channels = _channels(s)
    churn = None
    if s.user_id is None:
        churn = _churn(s, [(s.period.start, s.period.end)])[0][0].rate
    return _make_headline(summary, channels, churn), channels


def _make_headline(
    summary: KpiSummary, channels: tuple[ChannelFigures, ...], churn: float | None
) -> Headline:
    new = sum(c.new_customers for c in channels)
    spend = sum((c.spend for c in channels), ZERO)
    prospects = sum(c.prospects for c in channels)
    converted = sum(c.converted for c in channels)
    cac = (spend / new).quantize(Decimal("0.01")) if new and summary.salesperson_id is None else None
    return Headline(summary, cac, converted / prospects if prospects else None, churn)


class KpiService:
    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor

    # Who sees what ------------------------------------------------------------------------------
    @property
    def sees_everyone(self) -> bool:
        """Managers and administrators see every figure; everyone else only their own."""
        return can(self._actor, "reports.read")

    def _scope_user(self, salesperson_id: int | None) -> int | None:
        require(self._actor, "kpi.read_own")
        if self.sees_everyone:
            return salesperson_id
        # A salesperson's dashboard is theirs, whatever was asked for.
        return self._actor.id

    def _scope(
        self, session: Session, period: Period, user_id: int | None, now: dt.datetime | None
    ) -> _Scope:
        tz = dealership_timezone(session)
        return _Scope(session, period, user_id, tz, now or utcnow())

    # Figures ----------------------------------------------------------------------------------
    def summary(
        self, *, period: Period, salesperson_id: int | None = None, now: dt.datetime | None = None
    ) -> KpiSummary:
        """The key figures of `period`, for the dealership or for one salesperson.

        A salesperson always gets their own figures (`salesperson_id` is forced to them). `now`
        (default: the current instant) decides which open claims are overdue.
        """
        user_id = self._scope_user(salesperson_id)
        with self._session_factory() as session:
            return _summary(self._scope(session, period, user_id, now))

    def headline(
        self, *, period: Period, salesperson_id: int | None = None, now: dt.datetime | None = None
    ) -> Headline:
        """The summary plus overall CAC, conversion and churn: what is compared between periods."""
        user_id = self._scope_user(salesperson_id)
        with self._session_factory() as session:
            return _headline(self._scope(session, period, user_id, now))[0]

    def by_salesperson(self, *, period: Period) -> list[SalespersonFigures]:
        """Sales, revenue, margin, test drives, calls and objectives of each salesperson in `period`.

        Rows: every active salesperson, plus anyone else who sold or had an objective in the period;
        best first (most sales, then most margin). Objectives are the monthly ones of the months the
        period covers (summed for a quarter or a year; a month covered in part counts pro rata of its
        days in the period). A salesperson gets their own row only.
        """
        require(self._actor, "kpi.read_own")
        only = None if self.sees_everyone else self._actor.id
        with self._session_factory() as session:
            return _by_salesperson(self._scope(session, period, only, None))

    def figures(
        self, *, period: Period, salesperson_id: int | None = None, now: dt.datetime | None = None
    ) -> KpiFigures:
        """Every KPI of `period` in one round of queries (a fixed number, whatever the data size).

        For one salesperson (or a salesperson asking), the figures that belong to the whole dealership
        (spend and CAC, churn, loyalty, CLV, campaigns, service visits) are left empty.
        """
        user_id = self._scope_user(salesperson_id)
        only = None if self.sees_everyone else self._actor.id
        with self._session_factory() as session:
            s = self._scope(session, period, user_id, now)
            summary = _summary(s)
            channels = _channels(s)
            churn = annual = None
            churn_months: tuple[ChurnFigures, ...] = ()
            loyalty = clv = None
            campaigns: tuple[CampaignFigures, ...] = ()
            if user_id is None:
                last = period.last_day.replace(day=1)
                months = [add_months(last, k) for k in range(-11, 1)]
                pairs = [(period.start, period.end), (add_months(period.end, -12), period.end)]
                # The last month is cut at the period's end when the period ends within it.
                pairs += [(m, min(add_months(m, 1), period.end)) for m in months]
                found, base = _churn(s, pairs, until=period.end)
                assert base is not None
                churn, annual, churn_months = found[0], found[1], tuple(found[2:])
                loyalty = _loyalty(base)
                clv = _clv(s, base, annual)
                campaigns = _campaigns(s)
            interactions = _interaction_counts(s)
            ranked = only if user_id is None else user_id
            # The same calls and test drives when the ranking is about the same people.
            ranking = _by_salesperson(
                dataclasses.replace(s, user_id=ranked), interactions if ranked == user_id else None
            )
            return KpiFigures(
                headline=_make_headline(summary, channels, churn.rate if churn else None),
                months=_months(s),
                makes=_makes(s),
                channels=channels,
                funnel=_funnel(s),
                churn=churn,
                churn_months=churn_months,
                annual_churn=annual,
                loyalty=loyalty,
                clv=clv,
                campaigns=campaigns,
                aftersales=_aftersales(s, summary),
                activity=_activity(s, interactions),
                scores=_scores(s),
                salespeople=tuple(ranking),
                objectives=_objectives(s, summary),
                churn_window_months=int(s.setting("kpi.churn_window_months")),
                attribution_days=int(s.setting("campaigns.attribution_days")),
            )

    def churn(self, *, periods: list[Period]) -> list[ChurnFigures]:
        """Churn of any periods (months, quarters, years or any days), from one query (managers only)."""
        require(self._actor, "reports.read")
        if not periods:
            return []
        with self._session_factory() as session:
            s = self._scope(session, periods[0], None, None)
            return _churn(s, [(p.start, p.end) for p in periods])[0]

    def monthly_report(self, *, period: Period, now: dt.datetime | None = None) -> MonthlyReport:
        """The monthly report (managers and administrators only): every figure of the month beside the
        previous month's and the same month last year's, and every salesperson with objectives."""
        require(self._actor, "reports.read")
        now = now or utcnow()
        figures = self.figures(period=period, now=now)
        with self._session_factory() as session:
            previous, _ = _headline(self._scope(session, period.previous(), None, now))
            last_year, _ = _headline(self._scope(session, period.same_period_last_year(), None, now))
            name = str(read_setting(session, "dealership.name"))
            logo_text = str(read_setting(session, "dealership.logo_png_base64") or "")
            months_of = tuple(
                _salesperson_month(self._scope(session, period, person.user_id, now))
                for person in figures.salespeople
            )
        logo: bytes | None = None
        if logo_text:
            try:
                logo = base64.b64decode(logo_text, validate=True)
            except (binascii.Error, ValueError):
                logo = None  # a broken logo setting must not stop the report
        return MonthlyReport(
            period=period,
            dealership_name=name,
            current=figures.summary,
            previous=previous.summary,
            last_year=last_year.summary,
            salespeople=figures.salespeople,
            computed_at=now,
            figures=figures,
            previous_headline=previous,
            last_year_headline=last_year,
            logo_png=logo,
            months_of=months_of,
        )

    # The rows behind a figure ---------------------------------------------------------------------
    def details(
        self,
        *,
        kind: str,
        period: Period,
        salesperson_id: int | None = None,
        month: dt.date | None = None,
        channel: SourceChannel | None = None,
        category: ClaimCategory | None = None,
        campaign_id: int | None = None,
        limit: int = 5000,
    ) -> DetailTable:
        """The list behind a figure: `kind` is one of DETAIL_KINDS ("sales" of the period, or of one
        `month`, salesperson or channel; "new_customers"; "prospects" of the cohort; "claims" opened or
        resolved, maybe of one `category`; "campaign_sales" attributed to `campaign_id`;
        "opportunities" closed). A salesperson only ever gets their own rows."""
        user_id = self._scope_user(salesperson_id)  # the permission check first
        if kind not in DETAIL_KINDS:
            raise ValidationError({"kind": _("unknown list {kind!r}").format(kind=kind)})
        if month is not None:
            period = Period.month(month.year, month.month)
        with self._session_factory() as session:
            s = self._scope(session, period, user_id, None)
            return _details(s, kind, channel=channel, category=category, campaign_id=campaign_id, limit=limit)


OPEN_STAGES = tuple(st for st in Stage if st not in (Stage.WON, Stage.LOST))


def _salesperson_month(s: _Scope) -> SalespersonMonth:
    """One salesperson's page of the monthly report: their 12 months, funnel, open pipeline and best
    deals (`s` is scoped to them)."""
    assert s.user_id is not None
    pipeline = {
        stage: (_int(count), _money(amount))
        for stage, count, amount in s.session.execute(
            select(Opportunity.stage, func.count(Opportunity.id), func.sum(Opportunity.amount))
            .where(Opportunity.owner_id == s.user_id, Opportunity.stage.in_(OPEN_STAGES))
            .group_by(Opportunity.stage)
        )
    }
    deals = s.session.execute(
        select(
            Sale.sold_on,
            _contact_name(),
            Vehicle.make + literal(" ") + Vehicle.model,
            Sale.price,
            Sale.margin,
        )
        .join(Contact, Contact.id == Sale.contact_id)
        .join(Vehicle, Vehicle.id == Sale.vehicle_id)
        .where(s.days_in_period(Sale.sold_on), Sale.salesperson_id == s.user_id)
        .order_by(Sale.margin.desc(), Sale.id)
        .limit(5)
    ).all()
    return SalespersonMonth(
        user_id=s.user_id,
        months=_months(s),
        funnel=_funnel(s),
        pipeline=tuple(PipelineStage(stage.value, *pipeline.get(stage, (0, ZERO))) for stage in OPEN_STAGES),
        best_deals=tuple(
            DealFigures(day, str(name or ""), str(vehicle or ""), _money(price), _money(margin))
            for day, name, vehicle, price, margin in deals
        ),
    )


def _contact_name() -> Any:
    person = func.trim(
        func.coalesce(Contact.first_name, "") + literal(" ") + func.coalesce(Contact.last_name, "")
    )
    return func.coalesce(Contact.company_name, person)


Cell = str | int | float | Decimal | dt.date | None


def _details(
    s: _Scope,
    kind: str,
    *,
    channel: SourceChannel | None,
    category: ClaimCategory | None,
    campaign_id: int | None,
    limit: int,
) -> DetailTable:
    session = s.session
    seller = User.display_name
    if kind in ("sales", "new_customers", "campaign_sales"):
        query = (
            select(
                Sale.sold_on,
                _contact_name(),
                Vehicle.make + literal(" ") + Vehicle.model,
                Vehicle.condition,
                seller,
                Contact.source_channel,
                Sale.price,
                Sale.cost,
                Sale.margin,
            )
            .join(Contact, Contact.id == Sale.contact_id)
            .join(Vehicle, Vehicle.id == Sale.vehicle_id)
            .outerjoin(User, User.id == Sale.salesperson_id)
            .where(s.by_user(Sale.salesperson_id))
            .order_by(Sale.sold_on, Sale.id)
            .limit(limit)
        )
        if kind == "campaign_sales":
            if campaign_id is None:
                raise ValidationError({"campaign_id": _("which campaign?")})
            attributed = _attributed_sales(s, [campaign_id], None)
            query = query.join(attributed, attributed.c.sale_id == Sale.id)
        else:
            query = query.where(s.days_in_period(Sale.sold_on))
        if kind == "new_customers":
            first_sale = _first_sales()
            query = query.join(
                first_sale,
                and_(first_sale.c.contact_id == Sale.contact_id, first_sale.c.first_on == Sale.sold_on),
            )
        if channel is not None:
            query = query.where(Contact.source_channel == channel)
        columns = (
            "sold_on",
            "customer",
            "vehicle",
            "condition",
            "salesperson",
            "channel",
            "price",
            "cost",
            "margin",
        )
        rows = [
            (d, n, v, str(c), p, str(ch), pr, co, m)
            for d, n, v, c, p, ch, pr, co, m in session.execute(query)
        ]
        return DetailTable(kind, columns, tuple(rows))
    if kind == "prospects":
        first_sale = _first_sales()
        query = (
            select(Contact.created_at, _contact_name(), Contact.source_channel, seller, first_sale.c.first_on)
            .outerjoin(first_sale, first_sale.c.contact_id == Contact.id)
            .outerjoin(User, User.id == Contact.owner_id)
            .where(s.in_period(Contact.created_at), s.by_user(Contact.owner_id))
            .order_by(Contact.created_at, Contact.id)
            .limit(limit)
        )
        if channel is not None:
            query = query.where(Contact.source_channel == channel)
        cohort_rows: list[tuple[Cell, ...]] = [
            (
                created.astimezone(s.tz).date(),
                name,
                str(ch),
                owner,
                first if first and first < s.period.end else None,
            )
            for created, name, ch, owner, first in session.execute(query)
        ]
        return DetailTable(
            kind, ("created_on", "contact", "channel", "owner", "first_sale_on"), tuple(cohort_rows)
        )
    if kind == "claims":
        query = (
            select(
                Claim.opened_at,
                _contact_name(),
                Claim.category,
                Claim.severity,
                Claim.status,
                Claim.due_at,
                Claim.resolved_at,
                Claim.satisfaction,
                Claim.goodwill_cost,
            )
            .join(Contact, Contact.id == Claim.contact_id)
            .where(
                or_(s.in_period(Claim.opened_at), s.in_period(Claim.resolved_at)),
                s.by_user(Claim.assignee_id),
            )
            .order_by(Claim.opened_at, Claim.id)
            .limit(limit)
        )
        if category is not None:
            query = query.where(Claim.category == category)
        claim_rows: list[tuple[Cell, ...]] = []
        for opened, name, cat, severity, status, due, resolved, satisfaction, goodwill in session.execute(
            query
        ):
            took = round((resolved - opened).total_seconds() / 3600, 1) if resolved else None
            claim_rows.append(
                (
                    opened.astimezone(s.tz).date(),
                    name,
                    str(cat),
                    str(severity),
                    str(status),
                    due.astimezone(s.tz).date(),
                    resolved.astimezone(s.tz).date() if resolved else None,
                    took,
                    satisfaction,
                    goodwill,
                )
            )
        claim_columns = (
            "opened_on",
            "customer",
            "category",
            "severity",
            "status",
            "due_on",
            "resolved_on",
            "hours_to_resolution",
            "satisfaction",
            "goodwill",
        )
        return DetailTable(kind, claim_columns, tuple(claim_rows))
    # opportunities closed in the period
    query = (
        select(
            Opportunity.closed_at,
            _contact_name(),
            Opportunity.title,
            Opportunity.stage,
            seller,
            Opportunity.source_channel,
            Opportunity.amount,
            Opportunity.lost_reason,
        )
        .join(Contact, Contact.id == Opportunity.contact_id)
        .outerjoin(User, User.id == Opportunity.owner_id)
        .where(
            Opportunity.stage.in_((Stage.WON, Stage.LOST)),
            s.in_period(Opportunity.closed_at),
            s.by_user(Opportunity.owner_id),
        )
        .order_by(Opportunity.closed_at, Opportunity.id)
        .limit(limit)
    )
    if channel is not None:
        query = query.where(Opportunity.source_channel == channel)
    opportunity_rows: list[tuple[Cell, ...]] = [
        (closed.astimezone(s.tz).date(), name, title, str(stage), owner, str(ch), amount, reason)
        for closed, name, title, stage, owner, ch, amount, reason in session.execute(query)
    ]
    opportunity_columns = (
        "closed_on",
        "customer",
        "title",
        "stage",
        "salesperson",
        "channel",
        "amount",
        "lost_reason",
    )
    return DetailTable(kind, opportunity_columns, tuple(opportunity_rows))
