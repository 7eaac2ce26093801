"""The plan of the demo dealership, in memory, and the pure helpers that fill it.

Everything is decided here first, then written table by table in foreign-key order."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import random
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from stdnum import luhn

from dealercrm.demo.reference import CarModel
from dealercrm.models import enums
from dealercrm.services.due_dates import add_months
from dealercrm.services.vehicle_ids import vin_check_digit

# --- Pure helpers ---------------------------------------------------------------------------------

T = TypeVar("T")


class Weighted(Generic[T]):
    """Weighted choice by bisection over cumulative weights (much cheaper than rng.choices per call)."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, pairs: Mapping[T, float] | Iterable[tuple[T, float]]) -> None:
        if isinstance(pairs, Mapping):
            pairs = pairs.items()
        self._items: list[T] = []
        self._cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            total += weight
            self._items.append(item)
            self._cum.append(total)
        self._total = total

    def pick(self, rng: random.Random) -> T:
        index = bisect.bisect_right(self._cum, rng.random() * self._total)
        return self._items[min(index, len(self._items) - 1)]


VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
VIN_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # model years 1980 + n, in a 30-year cycle


def make_vin(rng: random.Random, wmi: str, model_year: int, serial: int) -> str:
    vds = "".join(rng.choice(VIN_CHARS) for _ in range(5))
    body = f"{wmi}{vds}0{VIN_YEARS[(model_year - 1980) % 30]}{rng.choice(VIN_CHARS)}{serial:06d}"
    # The check digit every VIN of ours carries, though European makers need not (the shared VIN rule).
    return body[:8] + (vin_check_digit(body) or body[8]) + body[9:]


def luhn_complete(digits: str) -> str:
    """`digits` followed by the digit that makes the whole number pass the Luhn check (SIREN, SIRET)."""
    return digits + luhn.calc_check_digit(digits)


PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ"  # SIV plates use no I, O or U
SIV_START = dt.date(2009, 4, 15).toordinal()  # AA-001-AA
SIV_SERIES_PER_YEAR = 11.2  # about how many two-letter prefixes a year


def fold_ascii(text: str) -> str:
    """ASCII, lower case, letters and digits only: "Hélène D'Arc" -> "helenedarc"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def a_year_after(day: int) -> int:
    """The same day a year later (date ordinals; 29 February -> 28 February)."""
    return add_months(dt.date.fromordinal(day), 12).toordinal()


def round_euros(value: float, step: int = 10) -> int:
    """A whole amount of euros rounded to `step` (never below `step`)."""
    return max(step, round(value / step) * step)


def fmt_day(day: int) -> str:
    return dt.date.fromordinal(day).strftime("%d/%m/%Y")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def duration_of(rng: random.Random, kind: enums.InteractionType) -> int | None:
    if kind is enums.InteractionType.CALL:
        return rng.randint(60, 900)
    if kind is enums.InteractionType.VISIT:
        return rng.randint(20, 90) * 60
    if kind is enums.InteractionType.TEST_DRIVE:
        return rng.randint(20, 60) * 60
    return None


def call_seconds(rng: random.Random, outcome: enums.CallOutcome | None) -> int:
    if outcome is enums.CallOutcome.NO_ANSWER:
        return 0
    if outcome in (enums.CallOutcome.VOICEMAIL, enums.CallOutcome.WRONG_NUMBER):
        return rng.randint(15, 45)
    return rng.randint(60, 900)


# --- The plan, in memory --------------------------------------------------------------------------
# Everything is decided here first, then written table by table in foreign-key order.


@dataclass(eq=False, slots=True)
class VehiclePlan:
    id: int
    model: CarModel
    version: tuple[str, enums.Fuel, int]
    condition: enums.VehicleCondition
    status: enums.StockStatus
    model_year: int
    created_day: int  # day ordinals throughout
    updated_day: int
    vin: str = ""
    color: str = ""
    first_registration: int | None = None
    plate: str | None = None
    delivery_day: int | None = None  # sold cars: handed over (or to be) that day
    mileage: int = 0  # km on `mileage_day`
    mileage_day: int = 0
    km_per_year: int = 15000
    in_stock_since: int | None = None
    purchase_cost: int | None = None
    list_price: int | None = None
    owner: ContactPlan | None = None
    owned_since: int = 0
    reserved_for: int | None = None
    notes: str | None = None
    updated_at: dt.datetime = dt.datetime.min


@dataclass(eq=False, slots=True)
class OppPlan:
    id: int
    contact: ContactPlan
    stage: enums.Stage
    created_day: int
    end_day: int  # closing day, or for an open deal the day of its last stage change
    reached: int  # index in OPEN_STAGES of the last open stage gone through
    model: CarModel
    test_drive: bool
    lost_reason: str | None = None
    campaign_id: int | None = None
    vehicle: VehiclePlan | None = None
    amount: int | None = None
    created_at: dt.datetime = dt.datetime.min
    end_at: dt.datetime = dt.datetime.min
    expected_close: int = 0


@dataclass(eq=False, slots=True)
class SalePlan:
    id: int
    contact: ContactPlan
    day: int
    opp: OppPlan
    vehicle: VehiclePlan
    price: int
    cost: int
    financing: enums.Financing = enums.Financing.CASH
    months: int | None = None
    trade_in: VehiclePlan | None = None


@dataclass(eq=False, slots=True)
class VisitPlan:
    id: int
    vehicle: VehiclePlan
    day: int
    kind: enums.ServiceKind
    mileage: int


@dataclass(eq=False, slots=True)
class ClaimPlan:
    id: int
    contact: ContactPlan
    vehicle: VehiclePlan | None
    category: enums.ClaimCategory
    severity: enums.Severity
    channel: enums.Channel
    status: enums.ClaimStatus
    opened_at: dt.datetime
    assignee: int
    description: str
    resolved_at: dt.datetime | None = None


@dataclass(eq=False, slots=True)
class CampaignPlan:
    id: int
    name: str
    kind: enums.CampaignKind
    objective: enums.CampaignObjective
    start: int
    end: int
    status: enums.CampaignStatus
    owner_id: int
    segment_id: int | None
    share: float
    created_at: dt.datetime = dt.datetime.min


@dataclass(eq=False, slots=True)
class TargetPlan:
    campaign: CampaignPlan
    attempts: int
    outcome: enums.CallOutcome | None
    last_attempt: dt.datetime
    user_id: int | None


@dataclass(eq=False, slots=True)
class ContactPlan:
    id: int
    kind: enums.ContactKind
    day: int
    source: enums.SourceChannel
    created_at: dt.datetime = dt.datetime.min
    female: bool = False
    last_name: str = ""
    label: str = ""  # "Mme Dupont", or the company's name
    owner_id: int | None = None
    campaign_id: int | None = None
    email: str | None = None
    mobile: str | None = None
    landline: str | None = None
    model: CarModel | None = None  # the car they are after
    has_trade_in: bool = False
    lifecycle: enums.Lifecycle = enums.Lifecycle.PROSPECT
    lost_reason: str | None = None
    sale_days: list[int] = field(default_factory=list)
    opps: list[OppPlan] = field(default_factory=list)
    sales: list[SalePlan] = field(default_factory=list)
    vehicles: list[VehiclePlan] = field(default_factory=list)
    claims: list[ClaimPlan] = field(default_factory=list)
    visits: list[VisitPlan] = field(default_factory=list)
    targets: list[TargetPlan] = field(default_factory=list)
    partner: int | None = None  # household: the contact (earlier id) this one lives with
    company: int | None = None  # the company this person works for
    link_kind: enums.LinkKind | None = None


# (occurred_at, type, direction, outcome, duration, amount, summary, campaign, opportunity, vehicle, user)
Event = tuple[
    dt.datetime,
    enums.InteractionType,
    enums.Direction,
    enums.CallOutcome | None,
    int | None,
    Decimal | None,
    str,
    int | None,
    int | None,
    int | None,
    int | None,
]


def event_time(event: Event) -> dt.datetime:
    return event[0]


def by_id(c: ContactPlan) -> int:
    return c.id


def to_date(day: int | None) -> dt.date | None:
    return dt.date.fromordinal(day) if day is not None else None


def to_money(euros: int | None) -> Decimal | None:
    return Decimal(euros) if euros is not None else None


def note_of(
    history: Iterable[tuple[dt.datetime, enums.ClaimStatus | None, enums.ClaimStatus, str | None]],
    status: enums.ClaimStatus,
) -> str | None:
    """The note of the last change to `status` in a claim's history."""
    notes = [note for _, _, to_status, note in history if to_status is status]
    return notes[-1] if notes else None
