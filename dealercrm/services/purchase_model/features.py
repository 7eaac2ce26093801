"""What the purchase model knows about every contact at one moment (a snapshot), read in SQL.

Every query filters every dated row by the snapshot: instants strictly before `at`, days strictly
before `day` (the snapshot's local date, the day after today when scoring now). Undated columns of the
contact are only those fixed when the contact was recorded (kind, source channel, trade-in declared,
budget); the current pipeline stage, lifecycle and vehicle ownership are NOT read, because they say what
happened after the snapshot. The journey stage at the snapshot is rebuilt from dated evidence instead: an
opportunity open then (created before, closed after or never), and the calls, test drives and quotes since
it was opened. `tests/unit/test_purchase_model.py` adds rows dated after a snapshot and checks that
nothing here moves.

One snapshot is a handful of grouped queries over the whole tables (no per-contact query), assembled
into one float matrix with numpy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Integer, String, and_, case, func, or_, select, true, type_coerce
from sqlalchemy.orm import Session

from dealercrm.models import Claim, Consent, Contact, Interaction, Opportunity, Sale, ServiceVisit, Vehicle
from dealercrm.models.enums import (
    CallOutcome,
    ContactKind,
    Direction,
    Financing,
    InteractionType,
    Lifecycle,
    ServiceKind,
    SourceChannel,
    Stage,
)
from dealercrm.services.scoring import Facts, latest_prospecting_consent

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DUE_WINDOW_DAYS = 90  # "due within N months": contrôle technique, warranty end, lease end (N = 3)
NEVER_DAYS = 400.0  # "days since" for something that never happened (or not within a year)
RECENCY_DAYS = 30.0  # recency features: exp(-days / 30), 1 the same day, 0.37 a month later
SOURCES = tuple(s for s in SourceChannel if s is not SourceChannel.OTHER)  # "other" is the reference
STAGES = (Stage.CONTACTED, Stage.TEST_DRIVE, Stage.OFFER)  # rebuilt stages; new lead is the reference

# The model's inputs, in order. Each belongs to a group that the explanations speak of as one fact.
AGE_STEPS = (14, 30, 60, 120, 365)  # "recorded within N days": steps, not a line (new leads buy or fade)
STAGE_STEPS = (7, 30, 90)  # "in this stage for at most N days"
FEATURES: tuple[str, ...] = (
    *(f"recorded_{d}d" for d in AGE_STEPS),
    "company",
    *(f"source_{s.value}" for s in SOURCES),
    "open_deal",
    *(f"stage_{s.value}" for s in STAGES),
    *(f"stage_within_{d}d" for d in STAGE_STEPS),  # 0 without an open deal
    "calls_30d",  # log(1 + n)
    "messages_30d",  # e-mails and SMS, log(1 + n)
    "visits_30d",
    "inbound_30d",
    "interactions_90d",
    "contact_recency",  # exp(-days since last interaction / 30)
    "test_drive_recency",
    "test_drive_done",
    "quote_recency",
    "quote_sent",
    "trade_in",
    "budget_stated",
    "budget",  # log(1 + k€)
    "vehicle_known",  # a car bought here or seen at the workshop before the snapshot
    "vehicle_age",  # years, of the newest such car
    "inspection_due",  # contrôle technique due within 3 months
    "warranty_end_due",
    "lease_end_due",
    "open_claims",
    "unhappy",  # satisfaction 1 or 2 on a claim resolved before the snapshot
    "campaign_responses",  # interested / appointment answers to campaigns in 180 days
    "purchases",  # log(1 + n) before the snapshot
    "purchase_recency",  # exp(-days since the last purchase / 365)
)
INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class Snapshot:
    """The moment features are read at: instants before `at`, days before `day`."""

    at: dt.datetime
    day: dt.date


@dataclass(frozen=True)
class FeatureTable:
    """One row per contact existing at the snapshot (not erased), in id order."""

    snapshot: Snapshot
    ids: IntArray
    x: FloatArray
    # Raw facts kept for the explanations (days since, amounts) and the rule score.
    raw: dict[str, Any]


def _seconds(values: Sequence[Any]) -> FloatArray:
    """Timestamps as UTC epoch seconds, NaN for None. SQLite hands MAX() of a timestamp back as text,
    PostgreSQL as a naive UTC datetime: numpy parses both, in one go."""
    stamps = np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[us]")
    out = stamps.astype(np.int64).astype(np.float64) / 1e6
    out[np.isnat(stamps)] = np.nan
    return out


def _days(values: Sequence[Any]) -> FloatArray:
    """Dates as day numbers since 1970-01-01 (NaN for None), from date objects or ISO text."""
    days = np.array(
        [
            (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v)[:10]) if v is not None else "NaT"
            for v in values
        ],
        dtype="datetime64[D]",
    )
    out = days.astype(np.int64).astype(np.float64)
    out[np.isnat(days)] = np.nan
    return out


def _day_number(day: dt.date) -> float:
    return float((day - EPOCH_DAY).days)


EPOCH_DAY = dt.date(1970, 1, 1)


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0)).cast(Integer)


def _raw(expression: Any) -> Any:
    """A column read as the driver gives it (no per-value conversion by SQLAlchemy): parsed in bulk."""
    return type_coerce(expression, String)


class _Contacts:
    """The contacts' undated columns, read once for all snapshots."""

    def __init__(self, session: Session, only: Sequence[int] | None = None) -> None:
        wanted = Contact.id.in_(list(only)) if only is not None else true()
        rows = (
            session.connection()
            .execute(
                select(
                    Contact.id,
                    _raw(Contact.created_at),
                    _raw(Contact.kind),
                    _raw(Contact.source_channel),
                    Contact.has_trade_in,
                    _raw(Contact.budget),  # integer cents, as stored (models.types.Money)
                )
                .where(Contact.erased_at.is_(None), wanted)
                .order_by(Contact.id)
            )
            .all()
        )
        n = len(rows)
        self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        self.created = _seconds([r[1] for r in rows])
        self.company = np.fromiter(
            (r[2] == ContactKind.COMPANY.value for r in rows), dtype=np.float64, count=n
        )
        source = np.array([str(r[3]) for r in rows], dtype=object)
        self.trade_in = np.fromiter((bool(r[4]) for r in rows), dtype=np.float64, count=n)
        self.budget = np.fromiter(
            (max(0.0, float(r[5] or 0) / 100.0) for r in rows), dtype=np.float64, count=n
        )
        self.source_index = {s: (source == s.value).astype(np.float64) for s in SOURCES}


def build(
    session: Session,
    snapshots: Sequence[Snapshot],
    *,
    only: Sequence[int] | None = None,
    with_rules: Sequence[bool] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[FeatureTable]:
    """The feature tables of `snapshots` (contacts `only`, or all), the contacts read once;
    `progress(k)` is called as snapshot k starts (it may raise Cancelled)."""
    contacts = _Contacts(session, only)
    tables: list[FeatureTable] = []
    for k, snap in enumerate(snapshots):
        if progress is not None:
            progress(k)
        rules = bool(with_rules[k]) if with_rules is not None else False
        tables.append(_one(session, contacts, snap, only=only, rules=rules))
    return tables


def _one(
    session: Session, contacts: _Contacts, snap: Snapshot, *, only: Sequence[int] | None, rules: bool
) -> FeatureTable:
    at, day = snap.at, snap.day
    at_s = at.timestamp()
    keep = contacts.created < at_s
    if only is not None:
        keep &= np.isin(contacts.ids, np.asarray(list(only), dtype=np.int64))
    ids = contacts.ids[keep]
    n = len(ids)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    wanted = list(only) if only is not None else None
    conn = session.connection()

    def id_filter(column: Any) -> ColumnElement[bool]:
        return column.in_(wanted) if wanted is not None else true()

    def col(name: str) -> FloatArray:
        return x[:, INDEX[name]]

    def rows_of(query: Any) -> tuple[IntArray, list[Any]]:
        """The rows of a query grouped by contact, and each row's position in `ids` (-1: not listed)."""
        rows = conn.execute(query).all()
        found = np.fromiter(
            (int(r[0]) if r[0] is not None else -1 for r in rows), dtype=np.int64, count=len(rows)
        )
        where = np.searchsorted(ids, found)
        where[where >= n] = 0
        hit = (ids[where] == found) if n else np.zeros(len(rows), dtype=bool)
        return np.where(hit, where, -1).astype(np.int64), list(rows)

    def scatter(target: FloatArray, where: IntArray, values: FloatArray) -> None:
        mask = where >= 0
        target[where[mask]] = values[mask]

    age_days = np.maximum(0.0, (at_s - contacts.created[keep]) / 86400.0)
    for d in AGE_STEPS:
        col(f"recorded_{d}d")[:] = age_days <= d
    col("company")[:] = contacts.company[keep]
    for s in SOURCES:
        col(f"source_{s.value}")[:] = contacts.source_index[s][keep]
    col("trade_in")[:] = contacts.trade_in[keep]
    budget = contacts.budget[keep]
    col("budget_stated")[:] = budget > 0
    col("budget")[:] = np.log1p(budget / 1000.0)

    # Interactions: counts by kind and recency, and the last of each kind, all before `at`.
    since_30, since_90, since_180 = (at - dt.timedelta(days=d) for d in (30, 90, 180))
    occurred = Interaction.occurred_at
    where, rows = rows_of(
        select(
            Interaction.contact_id,
            _count(and_(occurred >= since_30, Interaction.type == InteractionType.CALL)),
            _count(
                and_(occurred >= since_30, Interaction.type.in_((InteractionType.EMAIL, InteractionType.SMS)))
            ),
            _count(and_(occurred >= since_30, Interaction.type == InteractionType.VISIT)),
            _count(and_(occurred >= since_30, Interaction.direction == Direction.INBOUND)),
            _count(occurred >= since_90),
            _raw(func.max(occurred)),
            _raw(func.max(case((Interaction.type == InteractionType.TEST_DRIVE, occurred)))),
            _raw(func.max(case((Interaction.type == InteractionType.QUOTE, occurred)))),
            _count(
                and_(
                    occurred >= since_180,
                    Interaction.campaign_id.is_not(None),
                    Interaction.outcome.in_((CallOutcome.INTERESTED, CallOutcome.APPOINTMENT)),
                )
            ),
        )
        .where(occurred < at, id_filter(Interaction.contact_id))
        .group_by(Interaction.contact_id)
    )

    def column(k: int) -> FloatArray:
        return np.fromiter((float(r[k] or 0) for r in rows), dtype=np.float64, count=len(rows))

    for k, name in ((1, "calls_30d"), (2, "messages_30d"), (3, "visits_30d"), (4, "inbound_30d")):
        scatter(col(name), where, np.log1p(column(k)))
    n90 = np.zeros(n)
    scatter(n90, where, column(5))
    col("interactions_90d")[:] = np.log1p(n90)
    scatter(col("campaign_responses"), where, np.log1p(column(9)))
    last_s, td_s, quote_s = (np.full(n, np.nan) for _ in range(3))
    scatter(last_s, where, _seconds([r[6] for r in rows]))
    scatter(td_s, where, _seconds([r[7] for r in rows]))
    scatter(quote_s, where, _seconds([r[8] for r in rows]))

    def days_since(stamps: FloatArray) -> FloatArray:
        days = np.clip((at_s - stamps) / 86400.0, 0.0, NEVER_DAYS)
        days[np.isnan(stamps)] = NEVER_DAYS
        return days

    contact_days, td_days, quote_days = days_since(last_s), days_since(td_s), days_since(quote_s)
    col("contact_recency")[:] = np.exp(-contact_days / RECENCY_DAYS)
    col("test_drive_recency")[:] = np.exp(-td_days / RECENCY_DAYS)
    col("test_drive_done")[:] = ~np.isnan(td_s)
    col("quote_recency")[:] = np.exp(-quote_days / RECENCY_DAYS)
    col("quote_sent")[:] = ~np.isnan(quote_s)

    # Opportunities open at the snapshot: created before it, closed after it or not at all. The stage
    # then is rebuilt from the evidence since it was opened: contacted, test drive, quote.
    opened_s = np.full(n, np.nan)
    where, rows = rows_of(
        select(Opportunity.contact_id, _raw(func.min(Opportunity.created_at)))
        .where(
            Opportunity.created_at < at,
            or_(Opportunity.closed_at.is_(None), Opportunity.closed_at >= at),
            id_filter(Opportunity.contact_id),
        )
        .group_by(Opportunity.contact_id)
    )
    scatter(opened_s, where, _seconds([r[1] for r in rows]))
    open_deal = ~np.isnan(opened_s)
    stage_code = np.where(open_deal, 0, -1)  # -1 no deal, 0 new lead, 1 contacted, 2 test drive, 3 offer
    since = opened_s.copy()
    with np.errstate(invalid="ignore"):
        for code, evidence in ((1, last_s), (2, td_s), (3, quote_s)):
            reached = open_deal & (evidence >= opened_s)
            stage_code = np.where(reached, code, stage_code)
            since = np.where(reached, evidence, since)
    stage_days = np.where(open_deal, np.maximum(0.0, (at_s - since) / 86400.0), 0.0)
    col("open_deal")[:] = open_deal
    for code, st in enumerate(STAGES, start=1):
        col(f"stage_{st.value}")[:] = stage_code == code
    for d in STAGE_STEPS:
        col(f"stage_within_{d}d")[:] = open_deal & (stage_days <= d)
    stage_names = (Stage.NEW_LEAD, *STAGES)
    stage: list[Stage | None] = [stage_names[c] if c >= 0 else None for c in stage_code.tolist()]

    # Purchases before the snapshot day, and what they leave due (warranty end, lease end).
    window_end = day + dt.timedelta(days=DUE_WINDOW_DAYS)
    day_n = _day_number(day)
    where, rows = rows_of(
        select(
            Sale.contact_id,
            func.count(Sale.id),
            _raw(func.sum(Sale.price)),  # cents
            _raw(func.max(Sale.sold_on)),
            _count(and_(Sale.warranty_end_on >= day, Sale.warranty_end_on < window_end)),
            _count(
                and_(
                    Sale.financing.in_((Financing.LOA, Financing.LLD)),
                    Sale.financing_end_on >= day,
                    Sale.financing_end_on < window_end,
                )
            ),
            _raw(func.max(func.coalesce(Vehicle.first_registration_on, Sale.sold_on))),
        )
        .join(Vehicle, Vehicle.id == Sale.vehicle_id)
        .where(Sale.sold_on < day, id_filter(Sale.contact_id))
        .group_by(Sale.contact_id)
    )
    purchases = np.zeros(n)
    scatter(purchases, where, column(1))
    purchase_total = np.zeros(n)
    scatter(purchase_total, where, column(2) / 100.0)  # SUM() read raw: cents
    last_sale = np.full(n, np.nan)
    scatter(last_sale, where, _days([r[3] for r in rows]))
    scatter(col("warranty_end_due"), where, (column(4) > 0).astype(np.float64))
    scatter(col("lease_end_due"), where, (column(5) > 0).astype(np.float64))
    newest_car = np.full(n, np.nan)
    scatter(newest_car, where, _days([r[6] for r in rows]))
    col("purchases")[:] = np.log1p(purchases)
    col("purchase_recency")[:] = np.where(np.isnan(last_sale), 0.0, np.exp(-(day_n - last_sale) / 365.0))

    # Cars seen at the workshop before the snapshot day, and their last contrôle technique.
    where, rows = rows_of(
        select(
            ServiceVisit.contact_id,
            _raw(func.max(Vehicle.first_registration_on)),
            _raw(
                func.max(
                    case((ServiceVisit.kind == ServiceKind.TECHNICAL_INSPECTION, ServiceVisit.visited_on))
                )
            ),
        )
        .join(Vehicle, Vehicle.id == ServiceVisit.vehicle_id)
        .where(
            ServiceVisit.visited_on < day,
            ServiceVisit.contact_id.is_not(None),
            id_filter(ServiceVisit.contact_id),
        )
        .group_by(ServiceVisit.contact_id)
    )
    seen_car = np.full(n, np.nan)
    scatter(seen_car, where, _days([r[1] for r in rows]))
    last_inspection = np.full(n, np.nan)
    scatter(last_inspection, where, _days([r[2] for r in rows]))
    newest_car = np.fmax(newest_car, seen_car)  # fmax: NaN only where both are
    with np.errstate(invalid="ignore"):
        known = ~np.isnan(newest_car) & (newest_car < day_n)
    col("vehicle_known")[:] = known
    col("vehicle_age")[:] = np.where(known, (day_n - np.nan_to_num(newest_car)) / 365.25, 0.0)
    # French rule: first contrôle technique 4 years after registration, then every 2 years; one long
    # overdue counts from the next one.
    due = np.where(np.isnan(last_inspection), newest_car + 4 * 365.25, last_inspection + 2 * 365.25)
    with np.errstate(invalid="ignore"):
        late = np.maximum(0.0, np.ceil((day_n - 30 - due) / (2 * 365.25)))
        due = due + late * 2 * 365.25
        col("inspection_due")[:] = known & (due < day_n + DUE_WINDOW_DAYS)

    # Claims: open at the snapshot (opened before, resolved after or never); unhappy customers.
    where, rows = rows_of(
        select(
            Claim.contact_id,
            _count(or_(Claim.resolved_at.is_(None), Claim.resolved_at >= at)),
            func.min(case((Claim.resolved_at < at, Claim.satisfaction))),
        )
        .where(Claim.opened_at < at, id_filter(Claim.contact_id))
        .group_by(Claim.contact_id)
    )
    open_claims = np.zeros(n)
    scatter(open_claims, where, column(1))
    scatter(
        col("unhappy"),
        where,
        np.fromiter(
            (1.0 if r[2] is not None and int(r[2]) <= 2 else 0.0 for r in rows),
            dtype=np.float64,
            count=len(rows),
        ),
    )
    col("open_claims")[:] = np.log1p(open_claims)

    raw: dict[str, Any] = {
        "age_days": age_days,
        "contact_days": contact_days,
        "test_drive_days": td_days,
        "quote_days": quote_days,
        "stage": stage,
        "stage_days": stage_days,
        "purchases": purchases,
        "last_sale_days": np.where(np.isnan(last_sale), np.nan, day_n - last_sale),
        "budget": budget,
        "open_claims": open_claims,
        "interactions_90d": n90,
    }
    if rules:
        raw["facts"] = _rule_facts(session, snap, ids, raw, last_s, td_s, purchase_total, only)
    return FeatureTable(snapshot=snap, ids=ids, x=x, raw=raw)


def _whole_days_before(at: dt.datetime, seconds: float, cache: dict[int, dt.datetime]) -> dt.datetime | None:
    """`at` minus the whole days since `seconds`: what the rules look at (`(now - moment).days`) is
    unchanged, and equal facts become equal (the rule score is then computed once per distinct case)."""
    if np.isnan(seconds):
        return None
    days = int((at.timestamp() - seconds) // 86400)
    moment = cache.get(days)
    if moment is None:
        moment = cache[days] = at - dt.timedelta(days=days)
    return moment


def _rule_facts(
    session: Session,
    snap: Snapshot,
    ids: IntArray,
    raw: dict[str, Any],
    last_s: FloatArray,
    td_s: FloatArray,
    purchase_total: FloatArray,
    only: Sequence[int] | None,
) -> list[Facts]:
    """Today's rule score's facts as they stood at the snapshot (for the baseline's AUC)."""
    consent = latest_prospecting_consent(
        session,
        Consent.recorded_at < snap.at,
        Consent.contact_id.in_(list(only)) if only is not None else true(),
    )
    facts: list[Facts] = []
    moments: dict[int, dt.datetime] = {}
    for i, cid in enumerate(ids.tolist()):
        bought = int(raw["purchases"][i])
        budget = raw["budget"][i]
        facts.append(
            Facts(
                lifecycle=Lifecycle.CUSTOMER if bought else Lifecycle.PROSPECT,
                budget=Decimal(int(budget)) if budget > 0 else None,
                last_contact_at=_whole_days_before(snap.at, last_s[i], moments),
                best_stage=raw["stage"][i],
                interactions_90d=int(raw["interactions_90d"][i]),
                last_test_drive_at=_whole_days_before(snap.at, td_s[i], moments),
                purchases=bought,
                purchase_total=Decimal(int(purchase_total[i])),
                open_claims=int(raw["open_claims"][i]),
                consent=consent.get(cid),
            )
        )
    return facts


def labels(session: Session, table: FeatureTable, *, days: int = 90) -> IntArray:
    """1 for the contacts of `table` who bought within `days` from the snapshot day, else 0."""
    start = table.snapshot.day
    end = start + dt.timedelta(days=days)
    buyers = {
        int(cid)
        for cid in session.scalars(
            select(Sale.contact_id).where(Sale.sold_on >= start, Sale.sold_on < end).distinct()
        )
    }
    return np.fromiter((int(cid) in buyers for cid in table.ids), dtype=np.int64, count=len(table.ids))
