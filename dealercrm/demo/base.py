"""The demo builder's shared state, clock and plumbing."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from dealercrm.db import bulk
from dealercrm.demo.plan import (
    CampaignPlan,
    ClaimPlan,
    ContactPlan,
    OppPlan,
    SalePlan,
    VehiclePlan,
    VisitPlan,
    Weighted,
)
from dealercrm.demo.reference import (
    ANCHOR_PLATE,
    BACKGROUND,
    CATALOG,
    COMMUNES,
    COMPANY_FIXED,
    COMPANY_PATTERNS,
    DEALERSHIP_BRANDS,
    EMAIL_DOMAINS,
    STREETS,
)
from dealercrm.i18n import N_, _
from dealercrm.models.base import Base
from dealercrm.models.enums import CallOutcome, Role
from dealercrm.services.compliance import LawSettings
from dealercrm.services.demo_accounts import DEMO_ACCOUNTS
from dealercrm.services.progress import Progress
from dealercrm.services.settings import DEFAULT_TIMEZONE, SETTINGS
from dealercrm.services.working_hours import add_working_hours

if TYPE_CHECKING:
    from faker import Faker


CHUNK = 10_000

# The steps, with their share of the whole job (out of 1000). The progress callback gets each name
# translated with gettext (the user's language); the names themselves are the English msgids.
DEMO_STEPS: dict[str, int] = {
    N_("Preparing the dealership"): 10,
    N_("Creating contacts"): 190,
    N_("Planning sales and the workshop"): 60,
    N_("Writing vehicles"): 40,
    N_("Writing the pipeline and sales"): 60,
    N_("Writing workshop visits and claims"): 60,
    N_("Writing campaigns"): 20,
    N_("Writing tasks"): 20,
    N_("Writing interactions"): 470,
    N_("Writing marketing figures"): 40,
    N_("Computing scores"): 30,
}


class DemoBase:
    """The builder's state, its clock (days as date ordinals, instants in the dealership's zone) and
    its plumbing (progress, bulk inserts); the areas of the demo build on it."""

    def __init__(
        self, session: Session, *, contacts: int, seed: int, today: dt.date, progress: Progress
    ) -> None:
        self.session = session
        self.n = contacts
        self.seed = seed
        self.rng = random.Random(seed)
        self.progress = progress
        self.today = today
        self.today_ord = today.toordinal()
        self.yesterday = self.today_ord - 1
        self.start_ord = self.today_ord - 3 * 365 - 1
        try:
            self.zone: dt.tzinfo = ZoneInfo(DEFAULT_TIMEZONE)
        except ZoneInfoNotFoundError:  # no time zone database: a fixed offset will do for a demo
            self.zone = dt.timezone(dt.timedelta(hours=1))
        self._midnights: dict[int, dt.datetime] = {}
        self.now = self.at(self.today_ord, 8 * 3600)
        self._done = 0
        self.counts: dict[str, int] = {}
        self.users = {account.login: i for i, account in enumerate(DEMO_ACCOUNTS, start=1)}
        self.salespeople = [self.users[a.login] for a in DEMO_ACCOUNTS if a.role is Role.SALESPERSON]
        self.aftersales = [self.users[a.login] for a in DEMO_ACCOUNTS if a.role is Role.AFTERSALES]
        self.marketing = self.users["karim"]
        self.manager = self.users["marc"]
        self.desk = self.users["sophie"]
        self.workshop_chief = self.users["nicolas"]
        self.sla_hours: dict[str, int] = dict(SETTINGS["claims.sla_hours"].default)
        self.opening: list[int] = list(SETTINGS["claims.working_hours"].default)
        self.contacts: list[ContactPlan] = []
        self.opps: list[OppPlan] = []
        self.vehicles: list[VehiclePlan] = []
        self.sales: list[SalePlan] = []
        self.visits: list[VisitPlan] = []
        self.claims: list[ClaimPlan] = []
        self.campaigns: list[CampaignPlan] = []
        self.target_rows: list[dict[str, Any]] = []
        self.task_rows: list[dict[str, Any]] = []
        self.campaign_costs: dict[int, int] = {}
        self.demo_cars: dict[str, VehiclePlan] = {}
        self.anchor_vehicle: VehiclePlan | None = None  # AB-123-CD, the after-sales journey's car
        self.anchor_phones: dict[int, str] = {}  # the two "06 12 34" of the search journey
        self.plates: set[str] = {ANCHOR_PLATE}  # kept for the after-sales journey's car
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.consent_id = 0
        self.law = LawSettings()
        self._calling_days: dict[int, bool] = {}
        self.windows: list[tuple[int, int]] = []
        self.window_seconds = 1

    def at(self, day: int, seconds: int) -> dt.datetime:
        """The UTC instant `seconds` after local midnight of `day` (a date ordinal)."""
        midnight = self._midnights.get(day)
        if midnight is None:
            noon = dt.datetime.combine(dt.date.fromordinal(day), dt.time(12), tzinfo=self.zone)
            midnight = dt.datetime.fromordinal(day).replace(tzinfo=dt.UTC) - (
                noon.utcoffset() or dt.timedelta()
            )
            self._midnights[day] = midnight
        return midnight + dt.timedelta(seconds=seconds)

    def work_moment(self, day: int, lo: int = 9 * 3600, hi: int = 19 * 3600) -> dt.datetime:
        """A moment of `day` during opening hours; Sunday moves to the Saturday before."""
        if day % 7 == 0:  # date ordinals divisible by 7 are Sundays
            day -= 1
        return self.at(day, lo + int(self.rng.random() * (hi - lo)))

    def day_between(self, lo: int, hi: int) -> int:
        return lo if hi <= lo else lo + int(self.rng.random() * (hi - lo + 1))

    def add_working_hours(self, start: dt.datetime, hours: int) -> dt.datetime:
        """`hours` of opening time (claims.working_hours, working days of the national calendar) after
        `start`: the rule real claims follow."""
        return add_working_hours(start, hours, opening=self.opening, tz=self.zone)

    def calling_day(self, day: int) -> bool:
        """Whether `day` (a date ordinal) is a day calls are allowed: an allowed weekday, no holiday."""
        allowed = self._calling_days.get(day)
        if allowed is None:
            allowed = self.law.calendar.is_working_day(
                dt.date.fromordinal(day), weekdays=self.law.call_weekdays
            )
            self._calling_days[day] = allowed
        return allowed

    def calling_time(self, at: dt.datetime, floor: dt.datetime) -> dt.datetime | None:
        """`at` when it falls in the calling hours (contact_law settings and the dealership's calendar),
        else the same share of the day mapped into the calling windows of that day or of the next calling
        day; the calling day before when that would be after now, None when no moment in
        [floor, now) fits."""
        local = at.astimezone(self.zone)
        day = local.toordinal()
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        windows = self.windows
        if self.calling_day(day) and any(lo <= seconds < hi for lo, hi in windows):
            return at
        position = int(seconds / 86400 * self.window_seconds)
        for lo, hi in windows:
            if position < hi - lo:
                seconds = lo + position
                break
            position -= hi - lo
        while not self.calling_day(day):
            day += 1
        moment = self.at(day, seconds)
        if moment < floor:
            day += 1
            while not self.calling_day(day):
                day += 1
            moment = self.at(day, seconds)
        if moment >= self.now:
            day = min(day, self.today_ord) - 1
            while not self.calling_day(day):
                day -= 1
            moment = self.at(day, seconds)
        return moment if floor <= moment < self.now else None

    def step(self, name: str, fraction: float = 1.0) -> None:
        """Report progress within step `name`; raises Cancelled when the user asked to stop."""
        self.progress.update(self._done + int(DEMO_STEPS[name] * min(1.0, fraction)), 1000, _(name))
        if fraction >= 1.0:
            self._done += DEMO_STEPS[name]

    def insert(self, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
        """Core INSERT ... executemany, CHUNK rows at a time. Not the ORM's bulk insert: that one groups
        rows by which keys are None, which here would mean thousands of small statements."""
        table = Base.metadata.tables[str(model.__tablename__)]
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            # COPY FROM STDIN (db/bulk.py); the rows bring their own ids, sequences are reset at the end.
            for k in range(0, len(rows), CHUNK):
                bulk.insert_rows(connection, table, list(rows[k : k + CHUNK]), constants={}, ids=False)
            self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
            return
        statement = insert(table)
        for k in range(0, len(rows), CHUNK):
            self.session.execute(statement, rows[k : k + CHUNK])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def update_by_id(self, model: type[Base], rows: Sequence[dict[str, Any]], **columns: str) -> None:
        """UPDATE `model` SET column = row[key] ... WHERE id = row["b_id"], for each row (executemany).
        Give `updated_at` too where the table has it: its onupdate default would read the clock."""
        table = Base.metadata.tables[str(model.__tablename__)]
        values = {name: bindparam(key, type_=table.c[name].type) for name, key in columns.items()}
        statement = update(table).where(table.c.id == bindparam("b_id")).values(values)
        for k in range(0, len(rows), CHUNK):
            self.session.execute(statement, rows[k : k + CHUNK])

    def make_pools(self, fake: Faker) -> None:
        """Names and streets drawn once from Faker; the row loops pick from them with `rng` (fast)."""
        rng = self.rng
        self.male_names = [fake.first_name_male() for _ in range(600)]
        self.female_names = [fake.first_name_female() for _ in range(600)]
        self.last_names = [fake.last_name() for _ in range(2000)]
        self.streets = [*STREETS, *(fake.street_name() for _ in range(400))]
        self.company_names = [
            *COMPANY_FIXED,
            *(rng.choice(COMPANY_PATTERNS).format(n=fake.last_name()) for _ in range(900)),
            *(fake.company() for _ in range(300)),
        ]
        self.communes = Weighted((commune, commune[2]) for commune in COMMUNES)
        self.domains = Weighted(EMAIL_DOMAINS)
        self.any_model = Weighted((m, m.weight) for m in CATALOG)
        self.new_model = Weighted((m, m.weight) for m in CATALOG if m.current and m.make in DEALERSHIP_BRANDS)
        self.background = Weighted(BACKGROUND)
        self.call_outcomes = Weighted(
            {
                CallOutcome.NO_ANSWER: 30,
                CallOutcome.VOICEMAIL: 25,
                CallOutcome.INTERESTED: 20,
                CallOutcome.CALLBACK: 15,
                CallOutcome.NOT_INTERESTED: 10,
            }
        )

    def ensure_each(self, items: Sequence[Any], attribute: str, values: Sequence[Any]) -> None:
        """Every value at least once, even in a small demo (where chance alone could miss one)."""
        present = {getattr(item, attribute) for item in items}
        for value in values:
            if value not in present and items:
                setattr(self.rng.choice(items), attribute, value)
