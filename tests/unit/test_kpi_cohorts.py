"""What migration 0022_kpi_cohorts keeps (dealercrm/db/activity.py): the cohorts of the channels'
conversion (`kpi_cohort_days`: contacts per UTC day of creation, channel and first sale day) and the
lapses of the churn (`kpi_lapses`: per span of a customer not lost, its end and the next span's start),
against a refill from the customers' steps and spans, after random writes of sales, service visits and
of the contacts' day of creation, channel and lifecycle (single-row and multi-row statements); then the
prospects and conversions of periods read from the cohorts against the contacts' rows, around the local
midnights that bound a period, and the churn read from the lapses against the churn read from the spans.
Runs on SQLite and, with --db-backend=postgresql, on PostgreSQL (statement triggers there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, delete, func, insert, select, text, update

from dealercrm.db import Database, activity
from dealercrm.models import Contact, Sale, ServiceVisit, Vehicle
from dealercrm.models.enums import (
    ContactKind,
    Lifecycle,
    Role,
    ServiceKind,
    SourceChannel,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.kpi import service as kpi_service
from dealercrm.services.kpi.period import add_months
from dealercrm.services.permissions import SYSTEM_ACTOR, Actor
from tests.revisions import revision as load_revision

BASE = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
PARIS = ZoneInfo("Europe/Paris")
CHANNELS = (SourceChannel.WEBSITE, SourceChannel.WALK_IN, SourceChannel.EVENT)


def _moment(hours: int) -> dt.datetime:
    return BASE + dt.timedelta(hours=hours)


moments = st.integers(-72, 24 * 40).map(_moment)
days = st.integers(-5, 45).map(lambda k: dt.date(2025, 3, 1) + dt.timedelta(days=k))
# Activity over three years, so that spans (24 months by default) end, lapse and start again.
history_days = st.integers(-400, 700).map(lambda k: dt.date(2025, 3, 1) + dt.timedelta(days=k))
channels = st.sampled_from(CHANNELS)
who = st.integers(0, 3)
contact_values = st.fixed_dictionaries({"created_at": moments, "channel": channels})
sale_values = st.fixed_dictionaries({"contact": who, "day": st.one_of(days, history_days)})
visit_values = st.fixed_dictionaries({"contact": who, "day": history_days})
operations = st.one_of(
    st.tuples(st.just("sales"), st.lists(sale_values, min_size=1, max_size=3)),  # one INSERT
    st.tuples(st.just("visits"), st.lists(visit_values, min_size=1, max_size=3)),
    st.tuples(st.just("lifecycle"), who, st.sampled_from((Lifecycle.LOST, Lifecycle.CUSTOMER))),
    st.tuples(st.just("lifecycles"), st.sampled_from((Lifecycle.LOST, Lifecycle.CUSTOMER))),
    st.tuples(st.just("edit_sale"), st.integers(0, 20), sale_values),
    st.tuples(st.just("delete_sale"), st.integers(0, 20)),
    st.tuples(st.just("contact"), who, contact_values),
    st.tuples(st.just("contacts"), contact_values),  # one UPDATE of every contact
)


class World:
    def __init__(self, contacts: list[int], vehicle: int) -> None:
        self.contacts, self.vehicle = contacts, vehicle


def _world(db: Database) -> World:
    with db.session_factory.begin() as s:
        people = [
            Contact(
                kind=ContactKind.PERSON,
                last_name="Cohort",
                lifecycle=Lifecycle.PROSPECT,
                created_at=_moment(24 * k),
                source_channel=CHANNELS[k % len(CHANNELS)],
            )
            for k in range(4)
        ]
        vehicle = Vehicle(
            make="Renault", model="Cohort", condition=VehicleCondition.USED, stock_status=StockStatus.SOLD
        )
        s.add_all([*people, vehicle])
        s.flush()
        return World([p.id for p in people], vehicle.id)


def _sale(w: World, v: dict[str, Any]) -> dict[str, Any]:
    return {
        "contact_id": w.contacts[v["contact"]],
        "vehicle_id": w.vehicle,
        "sold_on": v["day"],
        "price": Decimal(20000),
        "cost": Decimal(18000),
        "margin": Decimal(2000),
    }


def _apply(db: Database, w: World, op: tuple[Any, ...]) -> None:
    kind = op[0]
    with db.session_factory.begin() as s:
        if kind == "sales":
            s.execute(insert(Sale), [_sale(w, v) for v in op[1]])
        elif kind == "visits":
            visits = [
                {
                    "vehicle_id": w.vehicle,
                    "contact_id": w.contacts[v["contact"]],
                    "visited_on": v["day"],
                    "kind": ServiceKind.REPAIR,
                    "amount": Decimal(100),
                    "margin": Decimal(30),
                }
                for v in op[1]
            ]
            s.execute(insert(ServiceVisit), visits)
        elif kind in ("lifecycle", "lifecycles"):
            query = update(Contact).values(lifecycle=op[-1]).where(Contact.last_name == "Cohort")
            if kind == "lifecycle":
                query = query.where(Contact.id == w.contacts[op[1]])
            s.execute(query)
        elif kind in ("edit_sale", "delete_sale"):
            ids = list(s.scalars(select(Sale.id).order_by(Sale.id)))
            if not ids:
                return
            row = ids[op[1] % len(ids)]
            if kind == "delete_sale":
                s.execute(delete(Sale).where(Sale.id == row))
            else:
                s.execute(update(Sale).where(Sale.id == row).values(**_sale(w, op[2])))
        else:
            values = op[-1]
            query = update(Contact).values(created_at=values["created_at"], source_channel=values["channel"])
            if kind == "contact":
                query = query.where(Contact.id == w.contacts[op[1]])
            s.execute(query.where(Contact.last_name == "Cohort"))


def _kept(conn: Connection) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in conn.execute(
            text("SELECT day, channel, first_on, n FROM kpi_cohort_days WHERE n <> 0 ORDER BY 1, 2, 3")
        )
    ]


def _lapses(conn: Connection) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(text("SELECT * FROM kpi_lapses ORDER BY 1, 2"))]


def _refilled(conn: Connection) -> list[tuple[Any, ...]]:
    for statement in activity.cohort_fill(conn.dialect.name):
        conn.execute(text(statement))
    return _kept(conn)


def _lapses_refilled(conn: Connection) -> list[tuple[Any, ...]]:
    for statement in activity.lapses_fill(conn.dialect.name):
        conn.execute(text(statement))
    return _lapses(conn)


CHURN_DAYS = [dt.date(2025, 1, 1), *(dt.date(2025, 3, 1) + dt.timedelta(days=30 * k) for k in range(24))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operations, min_size=1, max_size=12))
def test_the_kept_cohorts_and_lapses_are_those_of_a_refill(db: Database, ops: list[tuple[Any, ...]]) -> None:
    """The cohorts and lapses the triggers keep through random writes of sales, visits and contacts
    (migration 0022) are those that filling them again from the steps and spans gives; the churn read
    from the lapses is the one read from the spans, for pairs of days as long as the window or shorter."""
    with db.session_factory.begin() as s:
        s.execute(delete(Sale))
        s.execute(delete(ServiceVisit))
        s.execute(delete(Contact).where(Contact.last_name == "Cohort"))
        s.execute(delete(Vehicle).where(Vehicle.model == "Cohort"))
    w = _world(db)
    for op in ops:
        _apply(db, w, op)
    with db.engine.connect() as conn:
        kept, lapses = _kept(conn), _lapses(conn)
        refilled, lapses_refilled = _refilled(conn), _lapses_refilled(conn)
        conn.rollback()
    assert kept == refilled
    assert lapses == lapses_refilled
    window = 24  # the default churn window, the spans' (kpi_activity_state)
    pairs = [(a, b) for a in CHURN_DAYS for b in CHURN_DAYS if a < b and add_months(b, -window) <= a]
    with db.session_factory() as session:
        assert activity.window_in_use(session.connection()) == window
        scope = KpiService(db.session_factory, actor=SYSTEM_ACTOR)._scope(
            session, Period.month(2025, 3), None, None
        )
        for k in range(0, len(pairs), 40):  # `_churned_from_spans` reads a day per bit of a BIGINT
            some = pairs[k : k + 40]
            some_days = sorted({d for pair in some for d in pair})
            assert kpi_service._churned(scope, some_days, some, window) == kpi_service._churned_from_spans(
                scope, some_days, some
            )


def _expected(db: Database, period: Period) -> dict[str, tuple[int, int]]:
    """Per channel, the contacts created in the period and those of them with a sale before its end,
    counted from the rows."""
    since, until = period.utc_bounds(PARIS)
    bought = select(Sale.id).where(Sale.contact_id == Contact.id, Sale.sold_on < period.end).exists()
    with db.session_factory() as s:
        return {
            str(channel): (int(n), int(converted))
            for channel, n, converted in s.execute(
                select(
                    Contact.source_channel,
                    func.count(),
                    func.count(Contact.id).filter(bought),
                )
                .where(Contact.created_at >= since, Contact.created_at < until)
                .group_by(Contact.source_channel)
            )
        }


def test_the_conversions_of_a_period_are_those_of_its_rows(
    db: Database, make_user: Callable[..., Actor]
) -> None:
    """Contacts created around the local midnights (Europe/Paris: 23:00 UTC in winter, 22:00 in summer)
    that bound a period, some buying before its end, some on its last day, some after it: their UTC days
    from the cohorts, the hours at its ends from the rows; the same counts as the rows'."""
    manager = make_user(Role.MANAGER, login="cohort_manager")
    hours = [-14, -13, -12, -11, -2, 10, 11, 12, 13, 22, 23, 34, 35, 36, 37, 24 * 20 + 3, 24 * 29 + 11]
    vehicle = Vehicle(
        make="Renault", model="Cohort", condition=VehicleCondition.USED, stock_status=StockStatus.SOLD
    )
    with db.session_factory.begin() as s:
        s.add(vehicle)
        s.flush()
        for k, h in enumerate(hours):
            person = Contact(
                kind=ContactKind.PERSON,
                last_name="Cohort",
                lifecycle=Lifecycle.PROSPECT,
                created_at=_moment(h),
                source_channel=CHANNELS[k % len(CHANNELS)],
            )
            s.add(person)
            s.flush()
            for day in ((_moment(h) + dt.timedelta(days=k * 3 - 4)).date(),) * (1 + k % 2):
                s.add(
                    Sale(
                        contact_id=person.id,
                        vehicle_id=vehicle.id,
                        sold_on=day,
                        price=Decimal(20000),
                        cost=Decimal(18000),
                        margin=Decimal(2000),
                    )
                )
    with db.engine.connect() as conn:  # the dealership's conversions are read from the cohorts
        assert activity.window_in_use(conn) is not None and _kept(conn)
    kpi = KpiService(db.session_factory, actor=manager)
    periods = [
        Period.days(dt.date(2025, 3, 1), dt.date(2025, 3, 1)),
        Period.days(dt.date(2025, 3, 2), dt.date(2025, 3, 2)),
        Period.days(dt.date(2025, 2, 28), dt.date(2025, 3, 2)),
        Period.days(dt.date(2025, 3, 1), dt.date(2025, 3, 12)),
        Period.month(2025, 3),
        Period.days(dt.date(2025, 3, 20), dt.date(2025, 4, 2)),  # summer time from 30 March
        Period.year(2025),
    ]
    converted_somewhere = False
    for period in periods:
        expected = _expected(db, period)
        converted_somewhere |= any(converted for _n, converted in expected.values())
        found = {
            c.channel.value: (c.prospects, c.converted)
            for c in kpi.figures(period=period).channels
            if c.prospects or c.converted
        }
        assert found == {k: v for k, v in expected.items() if any(v)}, period
    assert converted_somewhere


def test_migration_0022_holds_the_module_ddl() -> None:
    """Migration 0022 writes dealercrm/db/activity.py's DDL out (revisions do not import dealercrm)."""
    revision = load_revision("0022_kpi_cohorts.py")
    for dialect in ("sqlite", "postgresql"):
        assert revision.UPGRADE[dialect] == activity.cohorts_ddl(dialect)
        assert revision.DOWNGRADE[dialect] == activity.cohorts_drop_ddl(dialect)


def test_migration_0022_down_and_up_keeps_the_cohorts(db: Database) -> None:
    """Down to 0021 (no table, no trigger left), a sale there, and up again: the cohorts are filled from
    the steps and kept by the triggers."""
    from alembic import command

    from dealercrm.db.migrate import alembic_config

    w = _world(db)
    _apply(db, w, ("sales", [{"contact": 0, "day": dt.date(2025, 3, 3)}]))
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0021_kpi_flat")
    with db.engine.connect() as conn:
        assert not conn.dialect.has_table(conn, "kpi_cohort_days")
    _apply(db, w, ("sales", [{"contact": 1, "day": dt.date(2025, 3, 4)}]))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    _apply(db, w, ("contact", 0, {"created_at": _moment(100), "channel": SourceChannel.EVENT}))
    with db.engine.connect() as conn:
        kept = _kept(conn)
        assert len(kept) == 2
        assert kept == _refilled(conn)
        conn.rollback()


def test_the_demo_defers_the_cohorts_and_leaves_them_as_the_triggers_would(db: Database) -> None:
    """The demo loads its history with the per-row triggers off (SQLite) and rebuilds once: the cohorts
    are those the triggers keep, the triggers are back, and later writes are kept."""
    from dealercrm.demo import generate_demo

    generate_demo(db.session_factory, contacts=150, seed=7, today=dt.date(2026, 3, 2))
    with db.engine.connect() as conn:
        kept = _kept(conn)
        assert kept
        assert _refilled(conn) == kept
        conn.rollback()
        if conn.dialect.name == "sqlite":
            triggers = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            assert {"kpi_cohort_days_inserted", "kpi_cohort_days_contact"} <= triggers
    with db.session_factory.begin() as s:
        buyer = s.scalar(select(Sale.contact_id).order_by(Sale.id).limit(1))
        s.execute(
            update(Contact)
            .where(Contact.id == buyer)
            .values(created_at=_moment(3), source_channel=SourceChannel.EVENT)
        )
    with db.engine.connect() as conn:
        after = _kept(conn)
        assert after != kept
        assert _refilled(conn) == after
        conn.rollback()


def test_churn_from_the_lapses_counts_returners_and_leaves_out_the_lost(db: Database) -> None:
    """A customer who lapses and comes back before a pair's end has not churned over it; one who lapses
    and does not has; a lost one is not counted; a pair longer than the window reads the spans."""
    w = _world(db)
    sales = [
        {"contact": 0, "day": dt.date(2023, 1, 10)},  # active to 2025-01-10, back on 2025-02-01
        {"contact": 0, "day": dt.date(2025, 2, 1)},
        {"contact": 1, "day": dt.date(2023, 1, 10)},  # active to 2025-01-10, churned
        {"contact": 2, "day": dt.date(2023, 1, 10)},  # the same, but lost
    ]
    _apply(db, w, ("sales", sales))
    _apply(db, w, ("lifecycle", 2, Lifecycle.LOST))
    with db.session_factory() as session:
        scope = KpiService(db.session_factory, actor=SYSTEM_ACTOR)._scope(
            session, Period.month(2025, 1), None, None
        )
        pairs = [
            (dt.date(2025, 1, 1), dt.date(2025, 2, 1)),  # 0 not back yet on 1 February: both churned
            (dt.date(2025, 1, 1), dt.date(2025, 3, 1)),  # 0 back
            (dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
        ]
        days = sorted({d for pair in pairs for d in pair})
        assert kpi_service._churned(scope, days, pairs, 24) == [2, 1, 0]
        assert kpi_service._churned_from_spans(scope, days, pairs) == [2, 1, 0]
        longer = [(dt.date(2023, 2, 1), dt.date(2025, 3, 1))]  # 25 months: from the spans
        assert kpi_service._churned(scope, sorted({*longer[0]}), longer, 24) == [1]
