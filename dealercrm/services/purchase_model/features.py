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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Integer, and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from dealercrm.models import Claim, Consent, Contact, Interaction, Opportunity, Sale, ServiceVisit, Vehicle
from dealercrm.models.enums import (
    CallOutcome,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Direction,
    Financing,
    InteractionType,
    Lifecycle,
    ServiceKind,
    SourceChannel,
    Stage,
)
from dealercrm.services.scoring import Facts

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


def _moment(value: Any) -> dt.datetime | None:
    """MAX() of a timestamp: a datetime on PostgreSQL, text on SQLite; always aware UTC here."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, dt.datetime)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    assert isinstance(value, dt.date)
    return value


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0)).cast(Integer)


class _Contacts:
    """The contacts' undated columns, read once for all snapshots."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(
                Contact.id,
                Contact.created_at,
                Contact.kind,
                Contact.source_channel,
                Contact.has_trade_in,
                Contact.budget,
            )
            .where(Contact.erased_at.is_(None))
            .order_by(Contact.id)
        ).all()
        self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        self.created = np.fromiter((r[1].timestamp() for r in rows), dtype=np.float64, count=len(rows))
        self.company = np.fromiter(
            (r[2] is ContactKind.COMPANY for r in rows), dtype=np.float64, count=len(rows)
        )
        self.source = [r[3] for r in rows]
        self.trade_in = np.fromiter((bool(r[4]) for r in rows), dtype=np.float64, count=len(rows))
        self.budget = np.fromiter(
            (float(r[5]) if isinstance(r[5], Decimal) and r[5] > 0 else 0.0 for r in rows),
            dtype=np.float64,
            count=len(rows),
        )
        self.source_index = {
            s: np.fromiter((src is s for src in self.source), dtype=np.float64, count=len(rows))
            for s in SOURCES
        }


def build(
    session: Session,
    snapshots: Sequence[Snapshot],
    *,
    only: Sequence[int] | None = None,
    with_rules: Sequence[bool] | None = None,
) -> list[FeatureTable]:
    """The feature tables of `snapshots` (contacts `only`, or all), in one pass over the contacts."""
    contacts = _Contacts(session)
    tables: list[FeatureTable] = []
    for k, snap in enumerate(snapshots):
        rules = bool(with_rules[k]) if with_rules is not None else False
        tables.append(_one(session, contacts, snap, only=only, rules=rules))
    return tables


def _one(
    session: Session, contacts: _Contacts, snap: Snapshot, *, only: Sequence[int] | None, rules: bool
) -> FeatureTable:
    at, day = snap.at, snap.day
    keep = contacts.created < at.timestamp()
    if only is not None:
        keep &= np.isin(contacts.ids, np.asarray(list(only), dtype=np.int64))
    ids = contacts.ids[keep]
    n = len(ids)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    pos: dict[int, int] = {int(cid): i for i, cid in enumerate(ids)}
    wanted = list(only) if only is not None else None

    def id_filter(column: Any) -> ColumnElement[bool]:
        return column.in_(wanted) if wanted is not None else true()

    def col(name: str) -> FloatArray:
        return x[:, INDEX[name]]

    at_seconds = at.timestamp()
    age_days = np.maximum(0.0, (at_seconds - contacts.created[keep]) / 86400.0)
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
    i_rows = session.execute(
        select(
            Interaction.contact_id,
            _count(and_(occurred >= since_30, Interaction.type == InteractionType.CALL)),
            _count(
                and_(occurred >= since_30, Interaction.type.in_((InteractionType.EMAIL, InteractionType.SMS)))
            ),
            _count(and_(occurred >= since_30, Interaction.type == InteractionType.VISIT)),
            _count(and_(occurred >= since_30, Interaction.direction == Direction.INBOUND)),
            _count(occurred >= since_90),
            func.max(occurred),
            func.max(case((Interaction.type == InteractionType.TEST_DRIVE, occurred))),
            func.max(case((Interaction.type == InteractionType.QUOTE, occurred))),
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
    ).all()
    last_at: list[dt.datetime | None] = [None] * n
    last_td: list[dt.datetime | None] = [None] * n
    last_quote: list[dt.datetime | None] = [None] * n
    n90 = np.zeros(n)
    for cid, calls, msgs, visits, inbound, in90, last, td, quote, answers in i_rows:
        i = pos.get(cid)
        if i is None:
            continue
        x[i, INDEX["calls_30d"]] = np.log1p(calls or 0)
        x[i, INDEX["messages_30d"]] = np.log1p(msgs or 0)
        x[i, INDEX["visits_30d"]] = np.log1p(visits or 0)
        x[i, INDEX["inbound_30d"]] = np.log1p(inbound or 0)
        n90[i] = in90 or 0
        x[i, INDEX["campaign_responses"]] = np.log1p(answers or 0)
        last_at[i], last_td[i], last_quote[i] = _moment(last), _moment(td), _moment(quote)
    col("interactions_90d")[:] = np.log1p(n90)

    def days_since(moments: list[dt.datetime | None]) -> FloatArray:
        return np.fromiter(
            (
                NEVER_DAYS if m is None else min(NEVER_DAYS, max(0.0, (at - m).total_seconds() / 86400.0))
                for m in moments
            ),
            dtype=np.float64,
            count=n,
        )

    contact_days, td_days, quote_days = days_since(last_at), days_since(last_td), days_since(last_quote)
    col("contact_recency")[:] = np.exp(-contact_days / RECENCY_DAYS)
    col("test_drive_recency")[:] = np.exp(-td_days / RECENCY_DAYS)
    col("test_drive_done")[:] = np.fromiter((m is not None for m in last_td), dtype=np.float64, count=n)
    col("quote_recency")[:] = np.exp(-quote_days / RECENCY_DAYS)
    col("quote_sent")[:] = np.fromiter((m is not None for m in last_quote), dtype=np.float64, count=n)

    # Opportunities open at the snapshot: created before it, closed after it or not at all.
    opened: list[dt.datetime | None] = [None] * n
    for cid, first in session.execute(
        select(Opportunity.contact_id, func.min(Opportunity.created_at))
        .where(
            Opportunity.created_at < at,
            or_(Opportunity.closed_at.is_(None), Opportunity.closed_at >= at),
            id_filter(Opportunity.contact_id),
        )
        .group_by(Opportunity.contact_id)
    ):
        i = pos.get(cid)
        if i is not None:
            opened[i] = _moment(first)
    stage: list[Stage | None] = [None] * n
    stage_days = np.zeros(n)
    for i in range(n):
        start = opened[i]
        if start is None:
            continue
        since = start
        current = Stage.NEW_LEAD
        for evidence, st in (
            (last_at[i], Stage.CONTACTED),
            (last_td[i], Stage.TEST_DRIVE),
            (last_quote[i], Stage.OFFER),
        ):
            if evidence is not None and evidence >= start:
                current, since = st, evidence
        stage[i] = current
        stage_days[i] = max(0.0, (at - since).total_seconds() / 86400.0)
        x[i, INDEX["open_deal"]] = 1.0
        if current in STAGES:
            x[i, INDEX[f"stage_{current.value}"]] = 1.0
    for d in STAGE_STEPS:
        col(f"stage_within_{d}d")[:] = (stage_days <= d) * col("open_deal")

    # Purchases before the snapshot day, and what they leave due (warranty end, lease end).
    window_end = day + dt.timedelta(days=DUE_WINDOW_DAYS)
    purchases = np.zeros(n)
    purchase_total = np.zeros(n)
    last_sale: list[dt.date | None] = [None] * n
    newest_car: list[dt.date | None] = [None] * n
    for cid, count, total, last, warranty, lease, registered in session.execute(
        select(
            Sale.contact_id,
            func.count(Sale.id),
            func.sum(Sale.price),
            func.max(Sale.sold_on),
            _count(and_(Sale.warranty_end_on >= day, Sale.warranty_end_on < window_end)),
            _count(
                and_(
                    Sale.financing.in_((Financing.LOA, Financing.LLD)),
                    Sale.financing_end_on >= day,
                    Sale.financing_end_on < window_end,
                )
            ),
            func.max(func.coalesce(Vehicle.first_registration_on, Sale.sold_on)),
        )
        .join(Vehicle, Vehicle.id == Sale.vehicle_id)
        .where(Sale.sold_on < day, id_filter(Sale.contact_id))
        .group_by(Sale.contact_id)
    ):
        i = pos.get(cid)
        if i is None:
            continue
        purchases[i] = count
        purchase_total[i] = float(total) if isinstance(total, Decimal) else float(total or 0)
        last_sale[i] = _day(last)
        x[i, INDEX["warranty_end_due"]] = 1.0 if warranty else 0.0
        x[i, INDEX["lease_end_due"]] = 1.0 if lease else 0.0
        newest_car[i] = _day(registered)
    col("purchases")[:] = np.log1p(purchases)
    col("purchase_recency")[:] = np.fromiter(
        (0.0 if d is None else float(np.exp(-(day - d).days / 365.0)) for d in last_sale),
        dtype=np.float64,
        count=n,
    )

    # Cars seen at the workshop before the snapshot day, and their last contrôle technique.
    last_inspection: list[dt.date | None] = [None] * n
    for cid, registered, inspected in session.execute(
        select(
            ServiceVisit.contact_id,
            func.max(Vehicle.first_registration_on),
            func.max(case((ServiceVisit.kind == ServiceKind.TECHNICAL_INSPECTION, ServiceVisit.visited_on))),
        )
        .join(Vehicle, Vehicle.id == ServiceVisit.vehicle_id)
        .where(
            ServiceVisit.visited_on < day,
            ServiceVisit.contact_id.is_not(None),
            id_filter(ServiceVisit.contact_id),
        )
        .group_by(ServiceVisit.contact_id)
    ):
        i = pos.get(int(cid))
        if i is None:
            continue
        reg = _day(registered)
        if reg is not None and (newest_car[i] is None or reg > newest_car[i]):  # type: ignore[operator]
            newest_car[i] = reg
        last_inspection[i] = _day(inspected)
    for i in range(n):
        reg = newest_car[i]
        if reg is None or reg >= day:
            continue
        x[i, INDEX["vehicle_known"]] = 1.0
        x[i, INDEX["vehicle_age"]] = (day - reg).days / 365.25
        # French rule: first contrôle technique 4 years after registration, then every 2 years.
        inspected = last_inspection[i]
        due = _add_years(inspected, 2) if inspected is not None else _add_years(reg, 4)
        while due < day - dt.timedelta(days=30):  # overdue for long: the next one is what counts
            due = _add_years(due, 2)
        x[i, INDEX["inspection_due"]] = 1.0 if due < window_end else 0.0

    # Claims: open at the snapshot (opened before, resolved after or never); unhappy customers.
    open_claims = np.zeros(n)
    for cid, still_open, worst in session.execute(
        select(
            Claim.contact_id,
            _count(or_(Claim.resolved_at.is_(None), Claim.resolved_at >= at)),
            func.min(case((Claim.resolved_at < at, Claim.satisfaction))),
        )
        .where(Claim.opened_at < at, id_filter(Claim.contact_id))
        .group_by(Claim.contact_id)
    ):
        i = pos.get(cid)
        if i is None:
            continue
        open_claims[i] = still_open or 0
        x[i, INDEX["unhappy"]] = 1.0 if worst is not None and int(worst) <= 2 else 0.0
    col("open_claims")[:] = np.log1p(open_claims)

    raw: dict[str, Any] = {
        "age_days": age_days,
        "contact_days": contact_days,
        "test_drive_days": td_days,
        "quote_days": quote_days,
        "stage": stage,
        "stage_days": stage_days,
        "purchases": purchases,
        "last_sale": last_sale,
        "budget": budget,
        "open_claims": open_claims,
        "interactions_90d": n90,
    }
    if rules:
        raw["facts"] = _rule_facts(session, snap, ids, pos, raw, last_at, last_td, purchase_total, only)
    return FeatureTable(snapshot=snap, ids=ids, x=x, raw=raw)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _rule_facts(
    session: Session,
    snap: Snapshot,
    ids: IntArray,
    pos: dict[int, int],
    raw: dict[str, Any],
    last_at: list[dt.datetime | None],
    last_td: list[dt.datetime | None],
    purchase_total: FloatArray,
    only: Sequence[int] | None,
) -> list[Facts]:
    """Today's rule score's facts as they stood at the snapshot (for the baseline's AUC)."""
    consent: dict[int, ConsentStatus] = {}
    ranked = (
        select(
            Consent.contact_id,
            Consent.status,
            func.row_number()
            .over(
                partition_by=(Consent.contact_id, Consent.channel),
                order_by=(Consent.recorded_at.desc(), Consent.id.desc()),
            )
            .label("rank"),
        )
        .where(
            Consent.purpose == ConsentPurpose.PROSPECTING,
            Consent.recorded_at < snap.at,
            Consent.contact_id.in_(list(only)) if only is not None else true(),
        )
        .subquery()
    )
    for cid, status in session.execute(
        select(ranked.c.contact_id, ranked.c.status).where(ranked.c.rank == 1)
    ):
        if consent.get(cid) is not ConsentStatus.GRANTED:
            consent[cid] = status
    facts: list[Facts] = []
    for i, cid in enumerate(ids):
        bought = int(raw["purchases"][i])
        budget = raw["budget"][i]
        facts.append(
            Facts(
                lifecycle=Lifecycle.CUSTOMER if bought else Lifecycle.PROSPECT,
                budget=Decimal(int(budget)) if budget > 0 else None,
                last_contact_at=last_at[i],
                best_stage=raw["stage"][i],
                interactions_90d=int(raw["interactions_90d"][i]),
                last_test_drive_at=last_td[i],
                purchases=bought,
                purchase_total=Decimal(int(purchase_total[i])),
                open_claims=int(raw["open_claims"][i]),
                consent=consent.get(int(cid)),
            )
        )
    del pos
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
