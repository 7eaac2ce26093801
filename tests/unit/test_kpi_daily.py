"""The sales per day and the leads' first contacts the database keeps for the dashboard (migration
0016_kpi_daily, dealercrm/db/activity.py) against a rebuild from the history, after random writes through
the ORM and bulk statements: sales added, edited (day, salesperson, vehicle, price, margin), moved and
deleted, vehicles changing condition, interactions of every type added before and after their contact's
creation, edited, moved and deleted, contacts re-dated and deleted. Runs on SQLite and, with
--db-backend=postgresql, on PostgreSQL (statement triggers there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, delete, func, select, text, update

from dealercrm.db import Database, activity
from dealercrm.models import Contact, Interaction, Sale, Vehicle
from dealercrm.models.enums import (
    ContactKind,
    Direction,
    InteractionType,
    Lifecycle,
    Role,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from tests.revisions import revision as load_revision

CONTACTS = 4
VEHICLES = 3
BASE = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)  # the contacts' creation instant, about


def _moment(hours: int) -> dt.datetime:
    return BASE + dt.timedelta(hours=hours)


days = st.integers(0, 40).map(lambda k: dt.date(2025, 2, 20) + dt.timedelta(days=k))
moments = st.integers(-72, 24 * 30).map(_moment)
cents = st.integers(-50_000, 500_000).map(lambda c: Decimal(c) / 100)
contacts = st.integers(0, CONTACTS - 1)
vehicles = st.integers(0, VEHICLES - 1)
sellers = st.sampled_from((None, 0, 1))
types = st.sampled_from(tuple(InteractionType))
operations = st.one_of(
    st.tuples(st.just("sale"), contacts, vehicles, sellers, days, cents),
    st.tuples(
        st.just("sales"),
        st.lists(st.tuples(contacts, vehicles, sellers, days, cents), min_size=2, max_size=4),
    ),
    st.tuples(st.just("edit_sale"), st.integers(0, 30), vehicles, sellers, days, cents),
    st.tuples(st.just("delete_sale"), st.integers(0, 30)),
    st.tuples(st.just("move_sales"), contacts, contacts),
    st.tuples(st.just("condition"), vehicles),
    st.tuples(st.just("interaction"), contacts, types, moments, sellers),
    st.tuples(
        st.just("interactions"),
        st.lists(st.tuples(contacts, types, moments, sellers), min_size=2, max_size=5),
    ),
    st.tuples(st.just("edit_interaction"), st.integers(0, 40), contacts, types, moments, sellers),
    st.tuples(st.just("delete_interaction"), st.integers(0, 40)),
    st.tuples(st.just("move_interactions"), contacts, contacts),
    st.tuples(st.just("created"), contacts, st.integers(-48, 24 * 10)),
    st.tuples(st.just("delete_contact"), contacts),
)


def _kept(conn: Connection) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """The three tables, without the days whose sums fell to zero."""
    return {
        "sales_days": [
            tuple(row)
            for row in conn.execute(
                text(
                    "SELECT day, seller, condition, sales, price, margin FROM kpi_sales_days "
                    "WHERE NOT (sales = 0 AND price = 0 AND margin = 0) ORDER BY 1, 2, 3"
                )
            )
        ],
        "first_contacts": [
            tuple(row)
            for row in conn.execute(text("SELECT contact_id, first_at FROM kpi_first_contacts ORDER BY 1"))
        ],
        "interaction_days": [
            tuple(row)
            for row in conn.execute(
                text("SELECT day, type, user_key, n FROM kpi_interaction_days WHERE n <> 0 ORDER BY 1, 2, 3")
            )
        ],
    }


def _rebuilt(conn: Connection) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    for statement in activity.daily_fill(conn.dialect.name):
        conn.execute(text(statement))
    return _kept(conn)


class World:
    def __init__(self, ids: list[int | None], vehicles: list[int], sellers: list[int]) -> None:
        self.ids, self.vehicles, self.sellers = ids, vehicles, sellers

    def contact(self, k: int) -> int | None:
        return self.ids[k]

    def seller(self, k: int | None) -> int | None:
        return None if k is None else self.sellers[k]


def _sale(w: World, who: int, vehicle: int, seller: int | None, day: dt.date, margin: Decimal) -> dict:  # type: ignore[type-arg]
    return {
        "contact_id": w.contact(who),
        "vehicle_id": w.vehicles[vehicle],
        "salesperson_id": w.seller(seller),
        "sold_on": day,
        "price": Decimal(20000),
        "cost": Decimal(20000) - margin,
        "margin": margin,
    }


def _interaction(
    w: World, who: int, kind: InteractionType, at: dt.datetime, user: int | None = None
) -> dict[str, object]:
    return {
        "contact_id": w.contact(who),
        "user_id": w.seller(user),
        "type": kind,
        "direction": Direction.OUTBOUND,
        "occurred_at": at,
    }


def _apply(db: Database, w: World, op: tuple) -> None:  # type: ignore[type-arg]
    kind = op[0]
    with db.session_factory.begin() as s:
        if kind == "sale":
            if w.contact(op[1]) is not None:
                s.add(Sale(**_sale(w, *op[1:])))
        elif kind == "sales":  # one multi-row INSERT
            rows = [_sale(w, *row) for row in op[1] if w.contact(row[0]) is not None]
            if rows:
                s.execute(Sale.__table__.insert(), rows)
        elif kind in ("edit_sale", "delete_sale"):
            sales = list(s.scalars(select(Sale).order_by(Sale.id)))
            if not sales:
                return
            sale = sales[op[1] % len(sales)]
            if kind == "delete_sale":
                s.delete(sale)
            else:
                values = _sale(w, 0, *op[2:])
                sale.vehicle_id, sale.salesperson_id = values["vehicle_id"], values["salesperson_id"]
                sale.sold_on, sale.margin, sale.cost = values["sold_on"], values["margin"], values["cost"]
        elif kind == "move_sales":  # a merge of duplicates: one UPDATE of several rows
            if None not in (w.contact(op[1]), w.contact(op[2])):
                s.execute(
                    update(Sale)
                    .where(Sale.contact_id == w.contact(op[1]))
                    .values(contact_id=w.contact(op[2]))
                )
        elif kind == "condition":
            vehicle = s.get_one(Vehicle, w.vehicles[op[1]])
            flipped = (
                VehicleCondition.USED if vehicle.condition is VehicleCondition.NEW else VehicleCondition.NEW
            )
            vehicle.condition = flipped
        elif kind == "interaction":
            if w.contact(op[1]) is not None:
                s.add(Interaction(**_interaction(w, *op[1:])))
        elif kind == "interactions":
            rows = [_interaction(w, *row) for row in op[1] if w.contact(row[0]) is not None]
            if rows:
                s.execute(Interaction.__table__.insert(), rows)
        elif kind in ("edit_interaction", "delete_interaction"):
            found = list(s.scalars(select(Interaction).order_by(Interaction.id)))
            if not found:
                return
            row = found[op[1] % len(found)]
            if kind == "delete_interaction":
                s.delete(row)
            elif w.contact(op[2]) is not None:
                row.contact_id, row.type, row.occurred_at = w.contact(op[2]), op[3], op[4]
                row.user_id = w.seller(op[5])
        elif kind == "move_interactions":
            if None not in (w.contact(op[1]), w.contact(op[2])):
                s.execute(
                    update(Interaction)
                    .where(Interaction.contact_id == w.contact(op[1]))
                    .values(contact_id=w.contact(op[2]))
                )
        elif kind == "created":
            if w.contact(op[1]) is not None:
                s.execute(
                    update(Contact).where(Contact.id == w.contact(op[1])).values(created_at=_moment(op[2]))
                )
        else:  # a contact deleted with their interactions (one with sales cannot be)
            who = w.contact(op[1])
            if who is not None and s.scalar(select(Sale.id).where(Sale.contact_id == who).limit(1)) is None:
                s.execute(delete(Contact).where(Contact.id == who))
                w.ids[op[1]] = None


def _world(db: Database, sellers: list[int]) -> World:
    with db.session_factory.begin() as s:
        s.execute(delete(Sale))
        s.execute(delete(Interaction))
        s.execute(delete(Contact).where(Contact.last_name.like("Daily%")))
        cars = []
        for n in range(VEHICLES):
            model = f"Daily{n}"
            vehicle = s.scalar(select(Vehicle).where(Vehicle.model == model))
            if vehicle is None:
                vehicle = Vehicle(
                    make="Renault", model=model, condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
                )
                s.add(vehicle)
                s.flush()
            vehicle.condition = VehicleCondition.NEW
            cars.append(vehicle.id)
        people = [
            Contact(
                kind=ContactKind.PERSON,
                last_name=f"Daily{n}",
                lifecycle=Lifecycle.PROSPECT,
                created_at=_moment(n * 5),
            )
            for n in range(CONTACTS)
        ]
        s.add_all(people)
        s.flush()
        return World([p.id for p in people], cars, sellers)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operations, min_size=1, max_size=14))
def test_the_kept_daily_sums_are_those_of_a_rebuild(
    db: Database,
    make_user: Callable[..., Actor],
    ops: list[tuple],  # type: ignore[type-arg]
) -> None:
    """The sales per day and first contacts the triggers keep through random writes (migration 0016) are
    those that rebuilding them from the history gives."""
    with db.session_factory() as s:
        sellers = list(s.scalars(text("SELECT id FROM users WHERE login LIKE 'daily%' ORDER BY id")))
    if not sellers:
        sellers = [make_user(Role.SALESPERSON, login=f"daily{n}").id for n in range(2)]
    w = _world(db, sellers)
    for op in ops:
        _apply(db, w, op)
    with db.engine.connect() as conn:
        kept = _kept(conn)
        rebuilt = _rebuilt(conn)
        conn.rollback()
    assert kept == rebuilt


def test_the_dashboard_reads_what_the_history_says(db: Database, make_user: Callable[..., Actor]) -> None:
    """A few writes, then the sales, new customers, ranking and leads of the dashboard read from the
    kept tables: the counts of the rows themselves."""
    manager = make_user(Role.MANAGER, login="daily_manager")
    seller = make_user(Role.SALESPERSON, login="daily_seller")
    w = _world(db, [seller.id, seller.id])
    ops: list[tuple] = [  # type: ignore[type-arg]
        ("sale", 0, 0, 0, dt.date(2025, 3, 2), Decimal(1000)),
        ("sale", 0, 1, None, dt.date(2025, 3, 9), Decimal(500)),
        ("sale", 1, 1, 0, dt.date(2025, 2, 27), Decimal(700)),  # before the period
        ("sale", 2, 2, 0, dt.date(2025, 3, 31), Decimal(300)),
        ("condition", 1),  # the second vehicle becomes used
        ("interaction", 0, InteractionType.NOTE, _moment(1)),  # a note is no contact
        ("interaction", 0, InteractionType.CALL, _moment(30)),
        ("interaction", 0, InteractionType.EMAIL, _moment(6)),
        ("interaction", 1, InteractionType.SMS, _moment(2)),  # before their creation (+5 h)
        ("interaction", 1, InteractionType.QUOTE, _moment(11)),
        ("delete_interaction", 2),  # the email: the call is the first contact again
    ]
    for op in ops:
        _apply(db, w, op)
    kpi = KpiService(db.session_factory, actor=manager)
    f = kpi.figures(period=Period.month(2025, 3))
    assert (f.summary.vehicles_sold, f.summary.new_vehicles_sold, f.summary.used_vehicles_sold) == (3, 2, 1)
    assert f.summary.margin == Decimal("1800.00")
    assert f.summary.average_margin == Decimal("600.00")
    assert f.summary.new_customers == 2  # contact 1 bought in February
    assert sum(c.new_customers for c in f.channels) == 2
    assert [(r.user_id, r.sales, r.margin) for r in f.salespeople if r.sales] == [
        (seller.id, 2, Decimal("1300.00"))
    ]
    total = f.activity[-1]
    # Leads of March: the four contacts; answered: contact 0 (call 30 h after creation), contact 1
    # (quote 6 h after).
    assert (total.leads, total.leads_contacted) == (CONTACTS, 2)
    assert total.mean_response_hours == (30 + 6) / 2
    march = next(m for m in f.months if m.month == dt.date(2025, 3, 1))
    assert (march.sales, march.new_sales, march.used_sales) == (3, 2, 1)


def test_migration_0016_holds_the_module_ddl() -> None:
    """Migration 0016 writes dealercrm/db/activity.py's DDL out (revisions do not import dealercrm)."""
    revision = load_revision("0016_kpi_daily.py")
    for dialect in ("sqlite", "postgresql"):
        assert revision.UPGRADE[dialect] == activity.daily_ddl(dialect)
        assert revision.DOWNGRADE[dialect] == activity.daily_drop_ddl(dialect)


def test_migration_0016_down_and_up_keeps_the_sums(db: Database, make_user: Callable[..., Actor]) -> None:
    """Down to 0015 (no table, no trigger left), writes there, and up again: the tables are filled from the
    history and kept by the triggers."""
    from alembic import command

    from dealercrm.db.migrate import alembic_config

    seller = make_user(Role.SALESPERSON, login="daily_down")
    w = _world(db, [seller.id, seller.id])
    _apply(db, w, ("sale", 0, 0, 0, dt.date(2025, 3, 2), Decimal(1000)))
    _apply(db, w, ("interaction", 0, InteractionType.CALL, _moment(3)))
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0015_pg_import")
    with db.engine.connect() as conn:
        assert not conn.dialect.has_table(conn, "kpi_sales_days")
        assert not conn.dialect.has_table(conn, "kpi_first_contacts")
    _apply(db, w, ("sale", 1, 1, None, dt.date(2025, 3, 5), Decimal(400)))
    _apply(db, w, ("interaction", 1, InteractionType.VISIT, _moment(9)))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    _apply(db, w, ("sale", 2, 2, 0, dt.date(2025, 3, 7), Decimal(200)))
    _apply(db, w, ("interaction", 2, InteractionType.QUOTE, _moment(12)))
    with db.engine.connect() as conn:
        kept = _kept(conn)
        assert len(kept["sales_days"]) == 3 and len(kept["first_contacts"]) == 3
        assert kept == _rebuilt(conn)
        conn.rollback()


def test_the_demo_defers_the_daily_upkeep_and_leaves_it_as_the_triggers_would(db: Database) -> None:
    """The demo loads its history with the per-row triggers off (SQLite) and rebuilds once: the daily
    tables are those the triggers keep, every trigger is back, and later writes are kept."""
    from dealercrm.demo import generate_demo

    generate_demo(db.session_factory, contacts=150, seed=7, today=dt.date(2026, 3, 2))
    with db.engine.connect() as conn:
        kept = _kept(conn)
        assert kept["sales_days"] and kept["first_contacts"]
        assert _rebuilt(conn) == kept
        conn.rollback()
        if conn.dialect.name == "sqlite":
            triggers = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            assert {
                "kpi_sales_days_inserted",
                "kpi_sales_days_vehicle",
                "kpi_first_contact_inserted",
            } <= triggers
    with db.session_factory.begin() as s:
        sale = s.scalars(select(Sale).order_by(Sale.id)).first()
        assert sale is not None
        s.add(
            Sale(
                contact_id=sale.contact_id,
                vehicle_id=sale.vehicle_id,
                sold_on=dt.date(2026, 3, 1),
                price=Decimal("1000"),
                cost=Decimal("900"),
                margin=Decimal("100"),
            )
        )
        s.add(
            Interaction(
                contact_id=sale.contact_id,
                type=InteractionType.CALL,
                direction=Direction.OUTBOUND,
                occurred_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
            )
        )
    with db.engine.connect() as conn:
        after = _kept(conn)
        assert after != kept
        assert _rebuilt(conn) == after
        conn.rollback()


def test_the_calls_of_a_period_are_those_of_its_local_days(
    db: Database, make_user: Callable[..., Actor]
) -> None:
    """Calls, test drives and quotes are kept per UTC day: a period (local days, Europe/Paris) counts its
    whole UTC days from the sums and the hours at its ends from the interactions themselves."""
    manager = make_user(Role.MANAGER, login="daily_calls")
    seller = make_user(Role.SALESPERSON, login="daily_caller")
    w = _world(db, [seller.id, seller.id])
    # Around the local midnights of 1 and 2 March 2025 (UTC+1: 23:00 UTC the day before).
    hours = [-14, -13, -12, -11, 10, 11, 12, 13, 34, 35, 36, 37, 24 * 20 + 3]
    with db.session_factory.begin() as s:
        for k, h in enumerate(hours):
            kind = (InteractionType.CALL, InteractionType.TEST_DRIVE, InteractionType.QUOTE)[k % 3]
            s.add(Interaction(**_interaction(w, k % CONTACTS, kind, _moment(h), None if k % 2 else 0)))
    kpi = KpiService(db.session_factory, actor=manager)
    periods = [
        Period.days(dt.date(2025, 3, 1), dt.date(2025, 3, 1)),
        Period.days(dt.date(2025, 3, 2), dt.date(2025, 3, 2)),
        Period.days(dt.date(2025, 2, 28), dt.date(2025, 3, 2)),
        Period.month(2025, 3),
        Period.year(2025),
    ]
    with db.session_factory() as s:
        for period in periods:
            since, until = period.utc_bounds(ZoneInfo("Europe/Paris"))
            expected = {
                kind: s.scalar(
                    select(func.count()).where(
                        Interaction.type == kind,
                        Interaction.occurred_at >= since,
                        Interaction.occurred_at < until,
                    )
                )
                for kind in (InteractionType.CALL, InteractionType.TEST_DRIVE, InteractionType.QUOTE)
            }
            found = kpi.summary(period=period)
            assert (found.calls, found.test_drives, found.quotes) == (
                expected[InteractionType.CALL],
                expected[InteractionType.TEST_DRIVE],
                expected[InteractionType.QUOTE],
            ), period
            mine = kpi.summary(period=period, salesperson_id=seller.id)
            assert mine.calls == s.scalar(
                select(func.count()).where(
                    Interaction.type == InteractionType.CALL,
                    Interaction.user_id == seller.id,
                    Interaction.occurred_at >= since,
                    Interaction.occurred_at < until,
                )
            )
