"""The churn, loyalty and lifetime-value figures read from the activity spans and customer totals the
database keeps (dealercrm/db/activity.py, migration 0011) against the same figures from the whole
history (`_churn_from_history`, the straightforward query), on random histories written through the
ORM and bulk statements: sales and visits added, edited (day, margin, customer), deleted, moved from one
customer to another, customers lost and won back, the churn window written and reset. Runs on SQLite
and, with --db-backend=postgresql, on PostgreSQL (its triggers are statement triggers).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text, update

from dealercrm.db import Database, activity
from dealercrm.models import Contact, Sale, ServiceVisit, Setting, Vehicle
from dealercrm.models.enums import ContactKind, Lifecycle, ServiceKind, StockStatus, VehicleCondition
from dealercrm.services.kpi import Period, add_months
from dealercrm.services.kpi.service import _churn, _churn_from_history, _Scope
from dealercrm.services.settings import write_setting
from tests.revisions import revision as load_revision

CONTACTS = 5
WINDOW_KEY = "kpi.churn_window_months"
TZ = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@st.composite
def days(draw: st.DrawFn) -> dt.date:
    """Days of 2022-2025, often a month's first or last days (the bounds of the windows)."""
    month = dt.date(2022, 1, 1) + dt.timedelta(days=31 * draw(st.integers(0, 47)))
    month = month.replace(day=1)
    last = add_months(month, 1) - dt.timedelta(days=1)
    day = draw(st.sampled_from((1, 2, 15, 27, 28, 29, 30, 31, 31, 31)))
    return month.replace(day=min(day, last.day))


margins = st.integers(-50_000, 500_000).map(lambda cents: Decimal(cents) / 100)
contacts = st.integers(0, CONTACTS - 1)
operations = st.one_of(
    st.tuples(st.just("sale"), contacts, days(), margins),
    st.tuples(st.just("visit"), st.one_of(st.none(), contacts), days(), margins),
    st.tuples(st.just("sales"), st.lists(st.tuples(contacts, days(), margins), min_size=2, max_size=5)),
    st.tuples(st.just("edit"), st.integers(0, 50), contacts, days(), margins),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("move"), contacts, contacts),
    st.tuples(st.just("lost"), contacts, st.booleans()),
    st.tuples(st.just("window"), st.sampled_from((1, 2, 6, 12, 24, 36))),
    st.tuples(
        st.just("reset"),
    ),
)


def _apply(db: Database, ids: list[int], vehicle: int, op: tuple) -> None:  # type: ignore[type-arg]
    kind = op[0]
    with db.session_factory.begin() as s:
        if kind == "sale":
            _, who, day, margin = op
            s.add(
                Sale(
                    contact_id=ids[who],
                    vehicle_id=vehicle,
                    sold_on=day,
                    price=Decimal(20000),
                    cost=Decimal(20000) - margin,
                    margin=margin,
                )
            )
        elif kind == "visit":
            _, who, day, margin = op
            s.add(
                ServiceVisit(
                    vehicle_id=vehicle,
                    contact_id=None if who is None else ids[who],
                    visited_on=day,
                    kind=ServiceKind.MAINTENANCE,
                    amount=Decimal(100),
                    margin=margin,
                )
            )
        elif kind == "sales":  # one multi-row INSERT
            s.execute(
                Sale.__table__.insert(),
                [
                    {
                        "contact_id": ids[who],
                        "vehicle_id": vehicle,
                        "sold_on": day,
                        "price": Decimal(20000),
                        "cost": Decimal(20000) - margin,
                        "margin": margin,
                    }
                    for who, day, margin in op[1]
                ],
            )
        elif kind in ("edit", "delete"):
            rows = [
                *s.scalars(select(Sale).order_by(Sale.id)),
                *s.scalars(select(ServiceVisit).order_by(ServiceVisit.id)),
            ]
            if not rows:
                return
            row = rows[op[1] % len(rows)]
            if kind == "delete":
                s.delete(row)
            elif isinstance(row, Sale):
                row.contact_id, row.sold_on, row.margin = ids[op[2]], op[3], op[4]
            else:
                row.contact_id, row.visited_on, row.margin = ids[op[2]], op[3], op[4]
        elif kind == "move":  # a merge of duplicates: one UPDATE of several rows of each table
            s.execute(update(Sale).where(Sale.contact_id == ids[op[1]]).values(contact_id=ids[op[2]]))
            s.execute(
                update(ServiceVisit)
                .where(ServiceVisit.contact_id == ids[op[1]])
                .values(contact_id=ids[op[2]])
            )
        elif kind == "lost":
            lifecycle = Lifecycle.LOST if op[2] else Lifecycle.CUSTOMER
            s.execute(update(Contact).where(Contact.id == ids[op[1]]).values(lifecycle=lifecycle))
        elif kind == "window":
            write_setting(s, WINDOW_KEY, op[1])
        else:
            s.execute(delete(Setting).where(Setting.key == WINDOW_KEY))


def _figures(db: Database, pairs: list[tuple[dt.date, dt.date]], until: dt.date | None, fn) -> object:  # type: ignore[no-untyped-def]
    with db.session_factory() as session:
        return fn(_Scope(session, Period(pairs[0][0], pairs[0][1]), None, TZ, NOW), pairs, until=until)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ops=st.lists(operations, min_size=1, max_size=14),
    month=st.integers(0, 59),
    extra=st.lists(st.tuples(days(), days()).map(sorted), max_size=3),
)
def test_spans_give_the_figures_of_the_whole_history(
    db: Database,
    ops: list[tuple],
    month: int,
    extra: list[list[dt.date]],  # type: ignore[type-arg]
) -> None:
    with db.session_factory.begin() as s:  # a clean dealership for each example
        s.execute(delete(Sale))
        s.execute(delete(ServiceVisit))
        s.execute(delete(Setting).where(Setting.key == WINDOW_KEY))
        s.execute(delete(Contact).where(Contact.last_name.like("Span%")))
        vehicle = s.scalar(select(Vehicle.id).where(Vehicle.model == "Spans"))
        if vehicle is None:
            v = Vehicle(
                make="Peugeot", model="Spans", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
            )
            s.add(v)
            s.flush()
            vehicle = v.id
        people = [
            Contact(kind=ContactKind.PERSON, last_name=f"Span{n}", lifecycle=Lifecycle.CUSTOMER)
            for n in range(CONTACTS)
        ]
        s.add_all(people)
        s.flush()
        ids = [p.id for p in people]
    for op in ops:
        _apply(db, ids, vehicle, op)

    with db.engine.connect() as conn:
        stored = conn.scalar(select(Setting.value).where(Setting.key == WINDOW_KEY))
        assert activity.window_in_use(conn) == (24 if stored is None else stored)  # the spans serve

    # The dashboard's pairs (the period, the year to its end, its twelve months) and a few others.
    start = add_months(dt.date(2022, 1, 1), month)
    end = add_months(start, 1)
    pairs = [(start, end), (add_months(end, -12), end)]
    pairs += [(add_months(start, k), add_months(start, k + 1)) for k in range(-11, 1)]
    assert _figures(db, pairs, end, _churn) == _figures(db, pairs, end, _churn_from_history)
    later = [(a, b) for a, b in extra if a < b]
    if later:
        assert _figures(db, later, None, _churn) == _figures(db, later, None, _churn_from_history)
        until = max(b for _, b in later)
        assert _figures(db, later, until, _churn) == _figures(db, later, until, _churn_from_history)


def test_last_active_day_is_the_window_definition(db: Database) -> None:
    """E(d), the last day an activity on d keeps its customer active, as the database computes it, is the
    last day D with add_months(D, -W) <= d (docs/KPI.md's window), for every day of two years."""
    dialect = db.engine.dialect.name
    day = ":d" if dialect == "sqlite" else "CAST(:d AS DATE)"
    expression = text(f"SELECT {activity.last_active_day(dialect, day, ':w')}")
    start = dt.date(2023, 1, 1)
    with db.engine.connect() as conn:
        for window in (1, 2, 11, 24):
            for k in range(0, 731, 1 if window == 1 else 3):
                d = start + dt.timedelta(days=k)
                expected = add_months(d, window) + dt.timedelta(days=4)
                while add_months(expected, -window) > d:
                    expected -= dt.timedelta(days=1)
                found = conn.execute(expression, {"d": d.isoformat(), "w": window}).scalar()
                assert str(found) == expected.isoformat(), (d, window)


def test_the_migration_holds_the_module_ddl() -> None:
    """Migration 0011 writes dealercrm/db/activity.py's DDL out (revisions do not import dealercrm)."""
    revision = load_revision("0011_kpi_activity_spans.py")
    assert revision.TABLES == activity.tables_ddl()
    assert revision.SQLITE_TRIGGERS == activity.triggers_ddl("sqlite")
    assert revision.PG_TRIGGERS == activity.triggers_ddl("postgresql")
    assert revision.SQLITE_DROP == activity.drop_ddl("sqlite")
    assert revision.PG_DROP == activity.drop_ddl("postgresql")
    for dialect in ("sqlite", "postgresql"):
        assert revision.FILL[dialect] == [
            activity.spans_sql(dialect, "1 = 1"),
            activity.customers_sql("1 = 1"),
        ]


def test_migration_0013_holds_the_module_locking_ddl() -> None:
    """Migration 0013 writes the PostgreSQL functions that take the writers' lock out (and 0011's back)."""
    revision = load_revision("0013_kpi_pg_plans.py")
    assert revision.PG_SERIALIZED == activity.pg_serialized_ddl()
    assert revision.PG_UNSERIALIZED == activity.pg_unserialized_ddl()
    # The downgrade restores revision 0011's functions as it made them.
    made = activity.triggers_ddl("postgresql")[:2]
    assert [s.replace("CREATE OR REPLACE", "CREATE", 1) for s in revision.PG_UNSERIALIZED] == made


def _per_day(conn) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def,type-arg]
    """The steps and the per-day sums, without the days whose sums are all zero."""
    columns = ", ".join(activity.STEP_COLUMNS)
    zero = " AND ".join(f"{name} = 0" for name in activity.STEP_COLUMNS)
    return {
        "steps": [
            tuple(row)
            for row in conn.execute(
                text(f"SELECT contact_id, day, {columns} FROM kpi_activity_steps ORDER BY 1, 2")
            )
        ],
        "days": [
            tuple(row)
            for row in conn.execute(
                text(f"SELECT day, {columns} FROM kpi_activity_days WHERE NOT ({zero}) ORDER BY day")
            )
        ],
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operations, min_size=1, max_size=14))
def test_the_kept_steps_are_those_of_a_rebuild(db: Database, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    """The steps and per-day sums the triggers keep through random writes (migration 0014) are those that
    rebuilding them from the history gives."""
    with db.session_factory.begin() as s:
        s.execute(delete(Sale))
        s.execute(delete(ServiceVisit))
        s.execute(delete(Setting).where(Setting.key == WINDOW_KEY))
        s.execute(delete(Contact).where(Contact.last_name.like("Step%")))
        vehicle = s.scalar(select(Vehicle.id).where(Vehicle.model == "Steps"))
        if vehicle is None:
            v = Vehicle(
                make="Peugeot", model="Steps", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
            )
            s.add(v)
            s.flush()
            vehicle = v.id
        people = [
            Contact(kind=ContactKind.PERSON, last_name=f"Step{n}", lifecycle=Lifecycle.CUSTOMER)
            for n in range(CONTACTS)
        ]
        s.add_all(people)
        s.flush()
        ids = [p.id for p in people]
    for op in ops:
        _apply(db, ids, vehicle, op)
    with db.engine.connect() as conn:
        kept = _per_day(conn)
        activity.rebuild(conn, activity.window_in_use(conn) or activity.DEFAULT_WINDOW)
        rebuilt = _per_day(conn)
        conn.rollback()
    assert kept == rebuilt


def test_migration_0014_holds_the_module_steps_ddl() -> None:
    """Migration 0014 writes dealercrm/db/activity.py's steps DDL out."""
    revision = load_revision("0014_kpi_period.py")
    assert revision.TABLES == activity.steps_tables_ddl()
    assert revision.PG_INDEXES == activity.pg_indexes_ddl()
    assert revision.INDEXES == activity.indexes_ddl()
    for dialect in ("sqlite", "postgresql"):
        assert revision.triggers(dialect) == activity.steps_triggers_ddl(dialect)
        assert revision.drop(dialect) == activity.steps_drop_ddl(dialect)
        assert revision.fill(dialect) == activity.steps_fill(dialect)


def test_migration_0014_down_and_up_keeps_the_figures(db: Database) -> None:
    """Down to 0013 (its triggers keep the spans alone), a sale written there, and up again: the steps are
    filled from the history and kept by the new triggers, and give the figures of the whole history."""
    from alembic import command

    from dealercrm.db.migrate import alembic_config

    with db.session_factory.begin() as s:
        v = Vehicle(
            make="Peugeot", model="Down", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
        )
        people = [
            Contact(kind=ContactKind.PERSON, last_name=f"Down{n}", lifecycle=Lifecycle.CUSTOMER)
            for n in range(3)
        ]
        s.add_all([v, *people])
        s.flush()
        ids, vehicle = [p.id for p in people], v.id
    _apply(db, ids, vehicle, ("sale", 0, dt.date(2023, 5, 31), Decimal(900)))
    _apply(db, ids, vehicle, ("visit", 1, dt.date(2024, 2, 29), Decimal(120)))
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0013_kpi_pg_plans")
    _apply(db, ids, vehicle, ("sale", 1, dt.date(2024, 3, 1), Decimal(1500)))
    _apply(db, ids, vehicle, ("lost", 0, True))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    _apply(db, ids, vehicle, ("sale", 2, dt.date(2024, 12, 31), Decimal(700)))
    with db.engine.connect() as conn:
        kept = _per_day(conn)
        activity.rebuild(conn, activity.window_in_use(conn) or activity.DEFAULT_WINDOW)
        assert kept == _per_day(conn)
        conn.rollback()
    pairs = [(add_months(dt.date(2024, 1, 1), k), add_months(dt.date(2024, 1, 1), k + 1)) for k in range(14)]
    until = pairs[-1][1]
    assert _figures(db, pairs, until, _churn) == _figures(db, pairs, until, _churn_from_history)
    assert _figures(db, pairs, until, _churn)[1].buyers == 3  # type: ignore[index]


def test_the_demo_defers_the_upkeep_and_leaves_it_as_the_triggers_would(db: Database) -> None:
    """The demo loads its history with the per-row upkeep off (SQLite) and rebuilds once: the tables are
    then those the triggers keep, every trigger is back, and a sale written afterwards is kept."""
    from dealercrm.demo import generate_demo

    generate_demo(db.session_factory, contacts=150, seed=7, today=dt.date(2026, 3, 2))
    with db.engine.connect() as conn:
        kept = _per_day(conn)
        assert kept["steps"] and kept["days"]
        activity.rebuild(conn, activity.window_in_use(conn) or activity.DEFAULT_WINDOW)
        assert _per_day(conn) == kept
        conn.rollback()
        if conn.dialect.name == "sqlite":
            triggers = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            assert {"kpi_sales_inserted", "kpi_service_visits_updated", "kpi_contacts_lost"} <= triggers
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
    with db.engine.connect() as conn:
        after = _per_day(conn)
        activity.rebuild(conn, activity.window_in_use(conn) or activity.DEFAULT_WINDOW)
        assert _per_day(conn) == after != kept
        conn.rollback()
