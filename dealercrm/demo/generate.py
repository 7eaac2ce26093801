"""The synthetic demo dealership: three years of a believable French car dealership, for demos,
screenshots, manual testing and the benchmarks.

`generate_demo()` fills an EMPTY database: users (the DEMO_ACCOUNTS, password DEMO_PASSWORD), dealership
settings, contacts with their consents and links, vehicles (stock, sold, customer-owned), the pipeline,
sales, workshop visits, claims, campaigns, tasks, interactions, marketing spend, objectives and segments.

Design:
- Everything derives from `seed` and `today`: one `random.Random(seed)` and one seeded Faker("fr_FR")
  (used only to fill pools of names up front; pinned exactly in pyproject.toml), and instants computed
  from `today`, never from the clock. The same seed and day give byte-identical tables
  (tests/unit/test_demo.py pins the fingerprint of a small demo).
- Speed (100k contacts, about two million rows, in well under two minutes): rows are written with Core
  bulk inserts in chunks, with ids assigned here so that rows link without reading anything back.
  ORM events are bypassed on purpose, so the derived columns are computed here with the functions the
  ORM events and services use (`phone_search_terms`, `compact_plate`, `compute_margin`,
  `financing_end_on`, `add_months`, `vin_check_digit`, `add_working_hours`, `refresh_scores`), every
  timestamp is set explicitly, and the audit log is not written (the demo is not anyone's work). The
  services' per-row validation and audit are not used: they work through ORM flushes, row by row.
- One transaction for the whole dealership: cancelling (Progress raises Cancelled) or failing leaves
  the database as empty as it was.
- "Now" for the demo is `today` at 08:00 in the dealership's time zone: the past (interactions, sales,
  closed claims) lies before it, the agenda (today's tasks, appointments) after it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.db import activity, fts
from dealercrm.db.postgres import reset_sequences
from dealercrm.demo.aftersales import Aftersales
from dealercrm.demo.campaigns import Campaigns
from dealercrm.demo.interactions import Interactions
from dealercrm.demo.marketing import Marketing
from dealercrm.demo.people import People
from dealercrm.demo.plan import fold_ascii, luhn_complete
from dealercrm.demo.reference import DEALERSHIP_BRANDS, DEALERSHIP_DOMAIN, DEALERSHIP_NAME
from dealercrm.demo.sales import Sales
from dealercrm.demo.scores import Scores
from dealercrm.demo.tasks import Tasks
from dealercrm.i18n import _, ngettext
from dealercrm.models import Contact, Setting, User
from dealercrm.models.enums import ContactKind, Role
from dealercrm.services.auth import hash_password
from dealercrm.services.compliance import load_law
from dealercrm.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from dealercrm.services.errors import ServiceError
from dealercrm.services.progress import Progress
from dealercrm.services.settings import DEFAULT_TIMEZONE, coerce, dealership_today


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo wrote, and how long it took."""

    users: int
    contacts: int
    companies: int
    interactions: int
    tasks: int
    opportunities: int
    vehicles: int
    sales: int
    service_visits: int
    claims: int
    campaigns: int
    campaign_targets: int
    consents: int
    seconds: float


class DemoError(ServiceError):
    """The demo cannot be generated here (the database is not empty)."""


def generate_demo(
    session_factory: sessionmaker[Session],
    *,
    contacts: int = 3000,
    seed: int = 42,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a synthetic French dealership of about `contacts` contacts over the
    three years up to `today` (default: the current date).

    The same `seed` and `today` always give the same data. Raises DemoError when the database already
    holds users or contacts, and Cancelled (from `progress`) when the user stops it; either way nothing
    is written.
    """
    if contacts < 1:
        raise DemoError(_("The demo needs at least one contact."))
    started = time.perf_counter()
    with session_factory.begin() as session:
        users = session.scalar(select(func.count()).select_from(User)) or 0
        existing = session.scalar(select(func.count()).select_from(Contact)) or 0
        if users or existing:
            raise DemoError(
                _(
                    "This database already holds {users} and {contacts}: demo data only goes into an empty "
                    "database. Create a new database for the demo."
                ).format(
                    users=ngettext("{n} user", "{n} users", users).format(n=users),
                    contacts=ngettext("{n} contact", "{n} contacts", existing).format(n=existing),
                )
            )
        builder = DemoBuilder(
            session,
            contacts=contacts,
            seed=seed,
            today=today or dealership_today(session),
            progress=progress or Progress(),
        )
        with activity.upkeep_deferred(session.connection()):  # the KPI tables rebuilt once at the end
            counts = builder.build()
        # Rows went in with explicit ids: PostgreSQL's sequences must move past them (no-op on SQLite).
        reset_sequences(session.connection())
    with session_factory() as session:
        bind = session.get_bind()
    if isinstance(bind, Engine):
        fts.keep_merged(bind)  # a bulk load leaves the search indexes in many segments: one each
    return DemoSummary(**counts, seconds=round(time.perf_counter() - started, 3))


class DemoBuilder(People, Sales, Aftersales, Campaigns, Tasks, Interactions, Marketing, Scores):
    """Plans the whole dealership in memory, then writes it table by table with Core bulk inserts."""

    def build(self) -> dict[str, int]:
        self.step("Preparing the dealership", 0.0)
        from faker import Faker  # heavy, and only the demo needs it

        fake = Faker("fr_FR")
        fake.seed_instance(self.seed)
        self.make_pools(fake)
        self.write_users_and_settings()
        self.plan_campaigns()
        self.write_segments_and_campaigns()
        self.step("Preparing the dealership")
        phases = (
            ("Creating contacts", (self.plan_contacts, self.write_contacts)),
            (
                "Planning sales and the workshop",
                (
                    self.plan_pipeline,
                    self.plan_sales_and_vehicles,
                    self.plan_service_visits,
                    self.plan_anchor_vehicle,
                    self.plan_claims,
                    self.plan_targets,
                ),
            ),
            ("Writing vehicles", (self.write_vehicles,)),
            ("Writing the pipeline and sales", (self.write_pipeline,)),
            ("Writing workshop visits and claims", (self.write_aftersales,)),
            ("Writing campaigns", (self.write_targets,)),
            ("Writing tasks", (self.write_tasks,)),
            ("Writing interactions", (self.write_interactions,)),
            ("Writing marketing figures", (self.write_marketing,)),
            ("Computing scores", (self.write_scores,)),
        )
        for name, work in phases:
            self.step(name, 0.0)  # announced as it starts: the UI shows what is being done
            for part in work:
                part()
            self.step(name)
        counts = self.counts
        return {
            "users": counts.get("users", 0),
            "contacts": counts.get("contacts", 0),
            "companies": sum(1 for c in self.contacts if c.kind is ContactKind.COMPANY),
            "interactions": counts.get("interactions", 0),
            "tasks": counts.get("tasks", 0),
            "opportunities": counts.get("opportunities", 0),
            "vehicles": counts.get("vehicles", 0),
            "sales": counts.get("sales", 0),
            "service_visits": counts.get("service_visits", 0),
            "claims": counts.get("claims", 0),
            "campaigns": counts.get("campaigns", 0),
            "campaign_targets": counts.get("campaign_targets", 0),
            "consents": counts.get("consents", 0),
        }

    def write_users_and_settings(self) -> None:
        password_hash = hash_password(DEMO_PASSWORD)  # once: argon2 is slow on purpose
        created = self.at(self.start_ord - 30, 9 * 3600)
        users = []
        for i, account in enumerate(DEMO_ACCOUNTS, start=1):
            names = [fold_ascii(name) for name in account.display_name.split()]
            mailbox = ".".join((names[0], names[-1])) if account.role is not Role.ADMIN else "admin"
            users.append(
                {
                    "id": i,
                    "login": account.login,
                    "display_name": account.display_name,
                    "role": account.role,
                    "email": f"{mailbox}@{DEALERSHIP_DOMAIN}",
                    "phone": f"+332385214{60 + i:02d}",
                    "language": "fr",
                    "password_hash": password_hash,
                    "active": True,
                    "failed_logins": 0,
                    "locked_until": None,
                    "last_login_at": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        self.insert(User, users)
        siren = luhn_complete("41273385")
        settings: dict[str, Any] = {
            "dealership.name": DEALERSHIP_NAME,
            "dealership.address": "12 avenue des Tilleuls\n45800 Saint-Jean-de-Braye",
            "dealership.phone": "02 38 52 14 60",
            "dealership.email": f"contact@{DEALERSHIP_DOMAIN}",
            "dealership.siret": luhn_complete(siren + "0002"),
            "dealership.brands": list(DEALERSHIP_BRANDS),
            "dealership.timezone": DEFAULT_TIMEZONE,
            "dealership.is_demo": True,  # the login screen then names the demo accounts
        }
        rows = [
            {"key": key, "value": coerce(key, value), "updated_at": created}
            for key, value in settings.items()
        ]
        self.insert(Setting, rows)
        # Interactions keep to the calling hours of the law settings just written, in this calendar.
        self.law = load_law(self.session)
        self.windows = sorted(
            (w[0].hour * 3600 + w[0].minute * 60, w[1].hour * 3600 + w[1].minute * 60)
            for w in self.law.call_windows
        )
        self.window_seconds = max(1, sum(hi - lo for lo, hi in self.windows))
