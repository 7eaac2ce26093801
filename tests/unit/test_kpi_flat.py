"""The tallies migration 0021_kpi_flat keeps for the dashboard (dealercrm/db/activity.py, `TALLIES`: the
prospects per owner and score, contacts created, opportunities closed, claims, service visits and
appointments per day, each campaign's reach) against a rebuild from the rows, after random writes through
single-row and multi-row statements: rows added, edited (every column a tally reads) and deleted. Then
the figures read from them against the rows themselves, around the local midnights that bound a period.
Runs on SQLite and, with --db-backend=postgresql, on PostgreSQL (statement triggers there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from dealercrm.db import Database, activity
from dealercrm.models import (
    Campaign,
    CampaignTarget,
    Claim,
    Contact,
    Interaction,
    Opportunity,
    Sale,
    ServiceVisit,
    Task,
    Vehicle,
)
from dealercrm.models.enums import (
    CampaignKind,
    CampaignObjective,
    Channel,
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    Direction,
    InteractionType,
    Lifecycle,
    Role,
    ServiceKind,
    Severity,
    SourceChannel,
    Stage,
    StockStatus,
    TargetStatus,
    TaskKind,
    VehicleCondition,
)
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from tests.revisions import revision as load_revision

BASE = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
PARIS = ZoneInfo("Europe/Paris")


def _moment(hours: int) -> dt.datetime:
    return BASE + dt.timedelta(hours=hours)


moments = st.integers(-72, 24 * 30).map(_moment)
maybe_moments = st.one_of(st.none(), moments)
days = st.integers(-5, 35).map(lambda k: dt.date(2025, 3, 1) + dt.timedelta(days=k))
owners = st.sampled_from((None, 0, 1))
pick = st.integers(0, 30)

contact_values = st.fixed_dictionaries(
    {
        "owner": owners,
        "lifecycle": st.sampled_from(tuple(Lifecycle)),
        "score": st.one_of(st.none(), st.integers(0, 100)),
        "erased": st.booleans(),
        "created_at": moments,
        "channel": st.sampled_from((SourceChannel.WEBSITE, SourceChannel.WALK_IN, SourceChannel.REFERRAL)),
    }
)
opportunity_values = st.fixed_dictionaries(
    {
        "contact": st.integers(0, 1),
        "owner": owners,
        "stage": st.sampled_from((Stage.NEW_LEAD, Stage.WON, Stage.LOST)),
        "closed_at": maybe_moments,
    }
)
claim_values = st.fixed_dictionaries(
    {
        "assignee": owners,
        "category": st.sampled_from((ClaimCategory.BILLING, ClaimCategory.MECHANICAL)),
        "opened_at": moments,
        "due_at": moments,
        "resolved_at": maybe_moments,
        "closed_at": maybe_moments,
        "satisfaction": st.one_of(st.none(), st.integers(1, 5)),
        "goodwill": st.one_of(st.none(), st.integers(0, 50_000).map(lambda c: Decimal(c) / 100)),
    }
)
visit_values = st.fixed_dictionaries(
    {"day": days, "amount": st.integers(0, 90_000), "margin": st.integers(-5_000, 40_000)}
)
task_values = st.fixed_dictionaries(
    {"user": owners, "kind": st.sampled_from((TaskKind.APPOINTMENT, TaskKind.CALL_BACK)), "due_at": moments}
)
target_values = st.fixed_dictionaries(
    {
        "campaign": st.integers(0, 1),
        "contact": st.integers(0, 3),
        "status": st.sampled_from((TargetStatus.PENDING, TargetStatus.EXCLUDED, TargetStatus.DONE)),
        "reached_at": maybe_moments,
    }
)
interaction_values = st.fixed_dictionaries(
    {
        "opportunity": st.one_of(st.none(), pick),
        "contact": st.integers(0, 3),  # 2, 3: one of the contacts the example made, if any
        "type": st.sampled_from(tuple(InteractionType)),
        "occurred_at": moments,
    }
)
sale_values = st.fixed_dictionaries(
    {
        "contact": st.integers(0, 1),
        "vehicle": st.integers(0, 1),
        "seller": owners,
        "day": days,
        "margin": st.integers(-5_000, 40_000),
    }
)
TABLES: dict[str, tuple[Any, Any]] = {
    "sale": (Sale, sale_values),
    "interaction": (Interaction, interaction_values),
    "contact": (Contact, contact_values),
    "opportunity": (Opportunity, opportunity_values),
    "claim": (Claim, claim_values),
    "visit": (ServiceVisit, visit_values),
    "task": (Task, task_values),
    "target": (CampaignTarget, target_values),
}
operations = st.one_of(
    *(
        st.tuples(st.just("add"), st.just(name), st.lists(values, min_size=1, max_size=3))
        for name, (_model, values) in TABLES.items()
    ),
    *(st.tuples(st.just("edit"), st.just(name), pick, values) for name, (_model, values) in TABLES.items()),
    *(
        st.tuples(st.just("edit_all"), st.just(name), values)  # one UPDATE of every row
        for name, (_model, values) in TABLES.items()
    ),
    *(st.tuples(st.just("delete"), st.just(name), pick) for name in TABLES),
    st.tuples(
        st.just("vehicle"),
        st.integers(0, 1),
        st.sampled_from(("Renault", "Dacia")),
        st.sampled_from(("A", "B")),
    ),
    st.tuples(
        st.just("channel"), st.integers(0, 1), st.sampled_from((SourceChannel.WEBSITE, SourceChannel.EVENT))
    ),
)


class World:
    """The rows every example starts from: a contact for the others to hang on, a vehicle, two campaigns
    and the users (0 and 1; None is nobody)."""

    def __init__(
        self, contact: int, targets: list[int], vehicles: list[int], campaigns: list[int], users: list[int]
    ) -> None:
        self.contact, self.targets, self.vehicles, self.vehicle = contact, targets, vehicles, vehicles[0]
        self.campaigns, self.users = campaigns, users

    def user(self, k: int | None) -> int | None:
        return None if k is None else self.users[k]

    def row(self, name: str, v: dict[str, Any]) -> dict[str, Any]:
        """The column values of a row of table `name` from drawn values `v`."""
        if name == "contact":
            return {
                "kind": ContactKind.PERSON,
                "last_name": "Flat",
                "owner_id": self.user(v["owner"]),
                "lifecycle": v["lifecycle"],
                "score": v["score"],
                "erased_at": v["created_at"] if v["erased"] else None,
                "created_at": v["created_at"],
                "source_channel": v["channel"],
            }
        if name == "opportunity":
            return {
                "contact_id": self.contact if v["contact"] == 0 else self.targets[0],
                "title": "Flat",
                "owner_id": self.user(v["owner"]),
                "stage": v["stage"],
                "closed_at": v["closed_at"],
                "lost_reason": "price" if v["stage"] is Stage.LOST else None,
            }
        if name == "sale":
            return {
                "contact_id": self.contact if v["contact"] == 0 else self.targets[0],
                "vehicle_id": self.vehicles[v["vehicle"]],
                "salesperson_id": self.user(v["seller"]),
                "sold_on": v["day"],
                "price": Decimal(20000),
                "cost": Decimal(20000) - Decimal(v["margin"]) / 100,
                "margin": Decimal(v["margin"]) / 100,
            }
        if name == "interaction":
            return {
                "contact_id": v["contact_id"],
                "opportunity_id": v["opportunity"],
                "type": v["type"],
                "direction": Direction.OUTBOUND,
                "occurred_at": v["occurred_at"],
            }
        if name == "claim":
            return {
                "contact_id": self.contact,
                "category": v["category"],
                "severity": Severity.LOW,
                "channel": Channel.PHONE,
                "description": "Flat",
                "status": ClaimStatus.OPEN if v["resolved_at"] is None else ClaimStatus.RESOLVED,
                "assignee_id": self.user(v["assignee"]),
                "opened_at": v["opened_at"],
                "due_at": v["due_at"],
                "resolved_at": v["resolved_at"],
                "closed_at": v["closed_at"],
                "satisfaction": v["satisfaction"],
                "goodwill_cost": v["goodwill"],
            }
        if name == "visit":
            return {
                "vehicle_id": self.vehicle,
                "contact_id": None,  # no customer: the activity spans of 0011 are not about these
                "visited_on": v["day"],
                "kind": ServiceKind.REPAIR,
                "amount": Decimal(v["amount"]) / 100,
                "margin": Decimal(v["margin"]) / 100,
            }
        if name == "task":
            return {
                "user_id": self.user(v["user"]),
                "kind": v["kind"],
                "title": "Flat",
                "due_at": v["due_at"],
            }
        return {
            "campaign_id": self.campaigns[v["campaign"]],
            "contact_id": self.targets[v["contact"]],
            "status": v["status"],
            "reached_at": v["reached_at"],
        }


def _ids(s: Any, model: Any, w: World) -> list[int]:
    query = select(model.id).order_by(model.id)
    if model is Contact:
        query = query.where(Contact.id.not_in([w.contact, *w.targets]))
    return list(s.scalars(query))


def _apply(db: Database, w: World, op: tuple[Any, ...]) -> None:
    """One write; one the schema refuses (two targets of a campaign for one contact) leaves nothing."""
    try:
        _write(db, w, op)
    except IntegrityError:
        pass


def _write(db: Database, w: World, op: tuple[Any, ...]) -> None:
    kind, name = op[0], op[1]
    if kind == "vehicle":  # a vehicle's make and model changed: its sales move
        with db.session_factory.begin() as s:
            s.execute(update(Vehicle).where(Vehicle.id == w.vehicles[op[1]]).values(make=op[2], model=op[3]))
        return
    if kind == "channel":  # a customer's channel changed: their first sale moves
        with db.session_factory.begin() as s:
            who = w.contact if op[1] == 0 else w.targets[0]
            s.execute(update(Contact).where(Contact.id == who).values(source_channel=op[2]))
        return
    model = TABLES[name][0]
    with db.session_factory.begin() as s:
        if name == "interaction" and kind != "delete":  # the opportunity: one there is, or none
            opportunities, people = _ids(s, Opportunity, w), _ids(s, Contact, w)

            def linked(v: dict[str, Any]) -> dict[str, Any]:
                k, who = v["opportunity"], v["contact"]
                contact = w.contact if who == 0 else w.targets[0]
                if who >= 2 and people:
                    contact = people[who % len(people)]
                return v | {
                    "opportunity": None
                    if k is None or not opportunities
                    else opportunities[k % len(opportunities)],
                    "contact_id": contact,
                }

            op = (*op[:-1], [linked(v) for v in op[-1]] if kind == "add" else linked(op[-1]))
        if kind == "add":  # one multi-row INSERT (one row: a single-row one)
            s.execute(insert(model), [w.row(name, v) for v in op[2]])
            return
        if kind == "edit_all":
            query = update(model).values(**w.row(name, op[2]))
            if model is Contact:
                query = query.where(Contact.id.not_in([w.contact, *w.targets]))
            s.execute(query)
            return
        ids = _ids(s, model, w)
        if not ids:
            return
        row_id = ids[op[2] % len(ids)]
        if kind == "delete":
            s.execute(delete(model).where(model.id == row_id))
        else:
            s.execute(update(model).where(model.id == row_id).values(**w.row(name, op[3])))


def _world(db: Database, users: list[int]) -> World:
    with db.session_factory.begin() as s:
        for model in (Sale, Interaction, CampaignTarget, Task, ServiceVisit, Claim, Opportunity):
            s.execute(delete(model))
        s.execute(delete(Contact).where(Contact.last_name == "Flat"))
        s.execute(delete(Campaign).where(Campaign.name.like("Flat%")))
        holder, *targets = [
            Contact(
                kind=ContactKind.PERSON,
                last_name="Flat",
                lifecycle=Lifecycle.CUSTOMER,
                created_at=_moment(-500),
            )
            for _ in range(5)
        ]
        vehicles = [
            Vehicle(
                make="Renault",
                model="FlatCar",
                condition=VehicleCondition.USED,
                stock_status=StockStatus.SOLD,
            )
            for _ in range(2)
        ]
        campaigns = [
            Campaign(
                name=f"Flat{n}",
                kind=CampaignKind.PHONING,
                objective=CampaignObjective.LOYALTY,
                channel=SourceChannel.CAMPAIGN,
                starts_on=dt.date(2025, 3, 1),
                ends_on=dt.date(2025, 3, 20),
            )
            for n in range(2)
        ]
        s.add_all([holder, *targets, *vehicles, *campaigns])
        s.flush()
        return World(
            holder.id, [t.id for t in targets], [v.id for v in vehicles], [c.id for c in campaigns], users
        )


def _kept(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every tally summed per key (PostgreSQL keeps a key's changes as rows of their own until they are
    folded), without the keys whose sums are all zero, the seconds rounded (float sums taken in another
    order)."""
    found = {}
    for tally in activity.TALLIES:
        sums = [name for name, _ in tally.sums]
        totals = ", ".join(f"SUM({name})" for name in sums)
        rows = conn.execute(
            text(
                f"SELECT {tally.key_names}, {totals} FROM {tally.table} GROUP BY {tally.key_names} "
                f"ORDER BY {tally.key_names}"
            )
        ).all()
        width = len(tally.keys)
        kept = []
        for row in rows:
            values = list(row)
            for k, name in enumerate(sums):
                if name == "seconds":
                    values[width + k] = round(float(values[width + k]), 3)
            if any(values[width:]):
                kept.append(tuple(values))
        found[tally.table] = kept
    found["kpi_funnel_days"] = [
        tuple(row)
        for row in conn.execute(
            text("SELECT day, owner_key, reached, n FROM kpi_funnel_days WHERE n <> 0 ORDER BY 1, 2, 3")
        )
    ]
    found["kpi_lead_days"] = [
        (day, owner, n, answered, round(float(seconds), 3))
        for day, owner, n, answered, seconds in conn.execute(
            text(
                "SELECT day, owner_key, SUM(n), SUM(answered), SUM(seconds) FROM kpi_lead_days "
                "GROUP BY day, owner_key ORDER BY 1, 2"
            )
        )
        if n or answered or round(float(seconds), 3)
    ]
    found["kpi_lead_contacts"] = [
        (contact, day, owner, answered, round(float(seconds), 3))
        for contact, day, owner, answered, seconds in conn.execute(
            text("SELECT contact_id, day, owner_key, answered, seconds FROM kpi_lead_contacts ORDER BY 1")
        )
    ]
    found["kpi_buyer_days"] = [
        tuple(row)
        for row in conn.execute(text("SELECT day, channel, n FROM kpi_buyer_days WHERE n <> 0 ORDER BY 1, 2"))
    ]
    found["kpi_funnel_opportunities"] = [
        tuple(row) for row in conn.execute(text("SELECT * FROM kpi_funnel_opportunities ORDER BY 1"))
    ]
    return found


def _rebuilt(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    for statement in activity.flat_fill(conn.dialect.name):
        conn.execute(text(statement))
    return _kept(conn)


def _users(db: Database, make_user: Callable[..., Actor]) -> list[int]:
    with db.session_factory() as s:
        users = list(s.scalars(text("SELECT id FROM users WHERE login LIKE 'flatseller%' ORDER BY id")))
    return users or [make_user(Role.SALESPERSON, login=f"flatseller{n}").id for n in range(2)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operations, min_size=1, max_size=12))
def test_the_kept_tallies_are_those_of_a_rebuild(
    db: Database, make_user: Callable[..., Actor], ops: list[tuple[Any, ...]]
) -> None:
    """The tallies the triggers keep through random writes (migration 0021) are those that rebuilding
    them from the rows gives."""
    w = _world(db, _users(db, make_user))
    for op in ops:
        _apply(db, w, op)
    with db.engine.connect() as conn:
        kept = _kept(conn)
        rebuilt = _rebuilt(conn)
        conn.rollback()
    assert kept == rebuilt


def _expected(s: Any, period: Period, user: int | None) -> dict[str, Any]:
    """The figures the tallies give, counted from the rows themselves."""
    since, until = period.utc_bounds(PARIS)

    def within(column: Any) -> Any:
        return (column >= since) & (column < until)

    def mine(column: Any) -> Any:
        return True if user is None else column == user

    finished_at = func.coalesce(Claim.closed_at, Claim.resolved_at)
    marks = s.execute(
        select(func.sum(Claim.satisfaction), func.count(Claim.satisfaction)).where(
            within(finished_at), mine(Claim.assignee_id)
        )
    ).one()
    return {
        "prospects": s.scalar(select(func.count()).where(within(Contact.created_at), mine(Contact.owner_id))),
        "won": s.scalar(
            select(func.count()).where(
                Opportunity.stage == Stage.WON, within(Opportunity.closed_at), mine(Opportunity.owner_id)
            )
        ),
        "opened": s.scalar(select(func.count()).where(within(Claim.opened_at), mine(Claim.assignee_id))),
        "resolved": s.scalar(select(func.count()).where(within(Claim.resolved_at), mine(Claim.assignee_id))),
        "satisfaction": marks[0] / marks[1] if marks[1] else None,
        "appointments": s.scalar(
            select(func.count()).where(
                Task.kind == TaskKind.APPOINTMENT, within(Task.due_at), mine(Task.user_id)
            )
        ),
    }


def test_the_figures_of_a_period_are_those_of_its_rows(db: Database, make_user: Callable[..., Actor]) -> None:
    """Contacts, won opportunities, claims and appointments around the local midnights (Europe/Paris:
    23:00 UTC in winter, 22:00 in summer) that bound a period: its whole UTC days from the tallies, the
    hours at its ends from the rows; the same counts as the rows', for the dealership and one person."""
    manager = make_user(Role.MANAGER, login="flat_manager")
    w = _world(db, _users(db, make_user))
    hours = [-14, -13, -12, -11, -2, 10, 11, 12, 13, 22, 23, 34, 35, 36, 37, 24 * 20 + 3, 24 * 29 + 11]
    ops: list[tuple[Any, ...]] = []
    for k, h in enumerate(hours):
        at, owner = _moment(h), (None, 0, 1)[k % 3]
        contact = {"owner": owner, "lifecycle": Lifecycle.PROSPECT, "score": k * 5, "erased": False}
        ops.append(("add", "contact", [contact | {"created_at": at, "channel": SourceChannel.WEBSITE}]))
        ops.append(
            ("add", "opportunity", [{"contact": 0, "owner": owner, "stage": Stage.WON, "closed_at": at}])
        )
        claim = {"assignee": owner, "category": ClaimCategory.BILLING, "due_at": _moment(h + 5)}
        claim |= {"satisfaction": k % 5 + 1, "goodwill": Decimal(k)}
        ops.append(
            ("add", "claim", [claim | {"opened_at": _moment(h - 30), "resolved_at": at, "closed_at": None}])
        )
        ops.append(("add", "task", [{"user": owner, "kind": TaskKind.APPOINTMENT, "due_at": at}]))
    for op in ops:
        _apply(db, w, op)
    kpi = KpiService(db.session_factory, actor=manager)
    periods = [
        Period.days(dt.date(2025, 3, 1), dt.date(2025, 3, 1)),
        Period.days(dt.date(2025, 3, 2), dt.date(2025, 3, 2)),
        Period.days(dt.date(2025, 2, 28), dt.date(2025, 3, 2)),
        Period.month(2025, 3),
        Period.days(dt.date(2025, 3, 20), dt.date(2025, 4, 2)),  # summer time from 30 March
        Period.year(2025),
    ]
    with db.session_factory() as s:
        for period in periods:
            for user in (None, w.users[0]):
                expected = _expected(s, period, user)
                f = kpi.figures(period=period, salesperson_id=user)
                found = {
                    "prospects": f.summary.new_prospects,
                    "won": f.summary.opportunities_won,
                    "opened": f.summary.claims_opened,
                    "resolved": f.summary.claims_resolved,
                    "satisfaction": f.summary.satisfaction,
                    "appointments": f.activity[-1].appointments
                    if user is None
                    else sum(row.appointments for row in f.activity),
                }
                assert found == expected, (period, user)
                assert f.aftersales.opened == expected["opened"]
                assert sum(c.resolved for c in f.aftersales.by_category) == expected["resolved"]
        prospects = s.scalar(
            select(func.count()).where(
                Contact.lifecycle == Lifecycle.PROSPECT, Contact.erased_at.is_(None), Contact.score <= 19
            )
        )
    assert kpi.figures(period=Period.month(2025, 3)).scores[0].count == prospects


def test_migration_0021_holds_the_module_ddl() -> None:
    """Migration 0021 writes dealercrm/db/activity.py's DDL out (revisions do not import dealercrm)."""
    revision = load_revision("0021_kpi_flat.py")
    for dialect in ("sqlite", "postgresql"):
        assert revision.UPGRADE[dialect] == activity.flat_ddl(dialect)
        assert revision.DOWNGRADE[dialect] == activity.flat_drop_ddl(dialect)


def test_migration_0021_down_and_up_keeps_the_tallies(db: Database, make_user: Callable[..., Actor]) -> None:
    """Down to 0020 (no table, no trigger left), writes there, and up again: the tallies are filled from
    the rows and kept by the triggers."""
    from alembic import command

    from dealercrm.db.migrate import alembic_config

    w = _world(db, _users(db, make_user))
    claim = {"assignee": 0, "category": ClaimCategory.BILLING, "opened_at": _moment(0), "due_at": _moment(9)}
    claim |= {"resolved_at": _moment(5), "closed_at": None, "satisfaction": 4, "goodwill": None}
    _apply(db, w, ("add", "claim", [claim]))
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0020_pg_search_words")
    with db.engine.connect() as conn:
        for tally in activity.TALLIES:
            assert not conn.dialect.has_table(conn, tally.table)
    _apply(db, w, ("add", "visit", [{"day": dt.date(2025, 3, 4), "amount": 1000, "margin": 300}]))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    _apply(db, w, ("add", "task", [{"user": 1, "kind": TaskKind.APPOINTMENT, "due_at": _moment(3)}]))
    with db.engine.connect() as conn:
        kept = _kept(conn)
        assert kept["kpi_claim_days"] and kept["kpi_visit_days"] and kept["kpi_appointment_days"]
        assert kept == _rebuilt(conn)
        conn.rollback()


def test_the_demo_defers_the_tallies_and_leaves_them_as_the_triggers_would(db: Database) -> None:
    """The demo loads its history with the per-row triggers off (SQLite) and rebuilds once: the tallies
    are those the triggers keep, every trigger is back, and later writes are kept."""
    from dealercrm.demo import generate_demo

    generate_demo(db.session_factory, contacts=150, seed=7, today=dt.date(2026, 3, 2))
    with db.engine.connect() as conn:
        kept = _kept(conn)
        assert all(kept[tally.table] for tally in activity.TALLIES)
        assert _rebuilt(conn) == kept
        conn.rollback()
        if conn.dialect.name == "sqlite":
            triggers = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            assert {
                f"{tally.table}_{event}" for tally in activity.TALLIES for event in ("inserted",)
            } <= triggers
    with db.session_factory.begin() as s:
        s.execute(update(Claim).values(satisfaction=5))
        s.execute(update(Contact).where(Contact.lifecycle == Lifecycle.PROSPECT).values(score=50))
    with db.engine.connect() as conn:
        after = _kept(conn)
        assert after != kept
        assert _rebuilt(conn) == after
        conn.rollback()


def test_two_writers_of_contacts_do_not_wait_for_each_other(db: Database) -> None:
    """PostgreSQL: two transactions write contacts of the same day, owner, channel and score, neither
    committed (as the importer's batches in flight do): the second never waits for the first (a lock
    wait would fail on its short lock_timeout); once both commit, the tallies are those of a rebuild,
    and a later write folds a key's rows back into one. SQLite has one writer at a time."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: one writer at a time")
    day = BASE.replace(hour=9)

    def contacts(n: int, score: int | None = None) -> list[dict[str, Any]]:  # one statement: .values()
        return [
            {
                "kind": ContactKind.PERSON,
                "last_name": "Both",
                "lifecycle": Lifecycle.PROSPECT,
                "score": score,
                "created_at": day,
                "source_channel": SourceChannel.WEBSITE,
            }
            for _ in range(n)
        ]

    with db.session_factory.begin() as s:
        s.execute(insert(Contact), contacts(2, score=10))
        first, second = s.scalars(select(Contact.id).where(Contact.last_name == "Both").order_by(Contact.id))
    with db.engine.connect() as a, db.engine.connect() as b:
        for conn in (a, b):
            conn.exec_driver_sql("SET lock_timeout = '2s'")
            conn.commit()
        a.execute(insert(Contact).values(contacts(3)))  # A folds (the fold locks are free) and stays open
        a.execute(update(Contact).where(Contact.id == first).values(score=30))
        b.execute(insert(Contact).values(contacts(2)))  # the same keys: B writes rows of its own
        b.execute(update(Contact).where(Contact.id == second).values(score=30))
        a.execute(insert(Contact).values(contacts(1)))
        b.execute(delete(Contact).where(Contact.id == first + 1_000_000))  # a statement that deletes none
        b.commit()
        a.commit()
    rows = "SELECT count(*) FROM kpi_contact_days WHERE day = :day AND owner_key = 0 AND channel = 'website'"
    with db.engine.connect() as conn:
        assert conn.execute(text(rows), {"day": day.date()}).scalar() == 2  # A's fold and B's row
        kept = _kept(conn)
        assert [row for row in kept["kpi_contact_days"] if row[0] == day.date()] == [
            (day.date(), 0, "website", 8)
        ]
        assert (0, 30, 2) in kept["kpi_prospect_scores"] and (0, -1, 6) in kept["kpi_prospect_scores"]
        assert kept == _rebuilt(conn)
        conn.rollback()
    with db.session_factory.begin() as s:  # a later write of the key, alone: folded into one row
        s.execute(insert(Contact), contacts(1))
    with db.engine.connect() as conn:
        assert conn.execute(text(rows), {"day": day.date()}).scalar() == 1
        assert _kept(conn) == _rebuilt(conn)
        conn.rollback()
