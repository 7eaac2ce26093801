"""KpiService on a small hand-built dealership, against figures computed by hand.

March 2026 in Paris runs from 2026-02-28 23:00 UTC (UTC+1) to 2026-03-31 22:00 UTC (UTC+2 since the
29th), so 23:30 UTC on the 31st is already April in Paris and 23:30 UTC on 28 February is March.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dealercrm.db import Database
from dealercrm.models import Claim, Contact, Interaction, Objective, Opportunity, Sale, User, Vehicle
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    InteractionType,
    ObjectiveMetric,
    Role,
    Severity,
    Stage,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor

NOW = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)
MARCH = Period.month(2026, 3)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@dataclass
class World:
    manager: Actor
    julie: Actor
    paul: Actor
    luc: Actor
    sophie: Actor


@pytest.fixture
def world(db: Database, make_user: Callable[..., Actor]) -> World:
    return build_world(db, make_user)


def build_world(db: Database, make_user: Callable[..., Actor]) -> World:
    """Users, contacts, sales, activity, claims and objectives around March 2026 (see each comment)."""
    manager = make_user(Role.MANAGER, login="marc", display_name="Marc Manager")
    julie = make_user(Role.SALESPERSON, login="julie", display_name="Julie Martin")
    paul = make_user(Role.SALESPERSON, login="paul", display_name="Paul Durand")
    luc = make_user(Role.SALESPERSON, login="luc", display_name="Luc Petit")
    sophie = make_user(Role.AFTERSALES, login="sophie", display_name="Sophie SAV")
    make_user(Role.SALESPERSON, login="gone", display_name="Old Leaver")  # made inactive below

    with db.session_factory.begin() as s:
        s.query(User).filter(User.login == "gone").update({"active": False})

        def contact(name: str, created: dt.datetime, owner: int | None) -> int:
            c = Contact(kind=ContactKind.PERSON, last_name=name, created_at=created, owner_id=owner)
            s.add(c)
            s.flush()
            return c.id

        c1 = contact("One", utc(2026, 2, 10, 12), julie.id)
        c2 = contact("Two", utc(2026, 2, 28, 23, 30), julie.id)  # 1 March 00:30 in Paris
        c3 = contact("Three", utc(2026, 3, 31, 23, 30), paul.id)  # 1 April 01:30 in Paris
        c4 = contact("Four", utc(2026, 3, 10, 9), julie.id)
        c5 = contact("Five", utc(2025, 3, 1, 9), paul.id)
        c6 = contact("Six", utc(2026, 3, 5, 9), None)

        def sale(
            day: dt.date, who: Actor | None, contact_id: int, cond: VehicleCondition, price: str, cost: str
        ) -> None:
            v = Vehicle(make="Renault", model="Clio", condition=cond, stock_status=StockStatus.SOLD)
            s.add(v)
            s.flush()
            s.add(
                Sale(
                    contact_id=contact_id,
                    vehicle_id=v.id,
                    salesperson_id=who.id if who else None,
                    sold_on=day,
                    price=Decimal(price),
                    cost=Decimal(cost),
                    margin=Decimal(price) - Decimal(cost),
                )
            )

        new, used = VehicleCondition.NEW, VehicleCondition.USED
        sale(dt.date(2026, 3, 1), julie, c1, new, "30000.00", "27000.00")  # first day of March
        sale(dt.date(2026, 3, 31), julie, c2, used, "15000.50", "13800.25")  # last day of March
        sale(dt.date(2026, 3, 15), paul, c3, used, "12000.00", "11500.00")
        sale(dt.date(2026, 3, 20), None, c6, new, "18000.00", "17000.00")  # no salesperson recorded
        sale(dt.date(2026, 2, 28), paul, c1, new, "25000.00", "23000.00")  # February: c1's first sale
        sale(dt.date(2026, 4, 1), julie, c4, new, "20000.00", "18500.00")  # April
        sale(dt.date(2025, 3, 10), paul, c5, used, "10000.00", "9000.00")  # March last year

        def interaction(kind: InteractionType, who: Actor, at: dt.datetime) -> None:
            s.add(Interaction(contact_id=c1, user_id=who.id, type=kind, occurred_at=at))

        interaction(InteractionType.CALL, julie, utc(2026, 3, 2, 9))
        interaction(InteractionType.CALL, julie, utc(2026, 3, 31, 21, 59))  # 23:59 in Paris: March
        interaction(InteractionType.CALL, paul, utc(2026, 3, 31, 23, 30))  # April in Paris
        interaction(InteractionType.CALL, manager, utc(2026, 3, 5, 10))
        interaction(InteractionType.TEST_DRIVE, julie, utc(2026, 3, 10, 14))
        interaction(InteractionType.TEST_DRIVE, paul, utc(2026, 3, 11, 14))
        interaction(InteractionType.QUOTE, julie, utc(2026, 3, 12, 10))
        interaction(InteractionType.EMAIL, julie, utc(2026, 3, 12, 11))  # not counted

        def opportunity(stage: Stage, who: Actor, closed: dt.datetime | None) -> None:
            s.add(
                Opportunity(
                    contact_id=c1,
                    owner_id=who.id,
                    title="Clio",
                    stage=stage,
                    closed_at=closed,
                    lost_reason="price" if stage is Stage.LOST else None,
                )
            )

        opportunity(Stage.WON, julie, utc(2026, 3, 1, 10))
        opportunity(Stage.LOST, paul, utc(2026, 3, 20, 10))
        opportunity(Stage.LOST, julie, utc(2026, 3, 31, 23, 30))  # April in Paris
        opportunity(Stage.OFFER, julie, None)

        def claim(
            opened: dt.datetime,
            due: dt.datetime,
            status: ClaimStatus,
            *,
            assignee: Actor = sophie,
            resolved: dt.datetime | None = None,
            closed: dt.datetime | None = None,
            satisfaction: int | None = None,
            goodwill: str | None = None,
        ) -> None:
            s.add(
                Claim(
                    contact_id=c1,
                    category=ClaimCategory.MECHANICAL,
                    severity=Severity.HIGH,
                    channel=Channel.PHONE,
                    description="rattle",
                    status=status,
                    assignee_id=assignee.id,
                    opened_at=opened,
                    due_at=due,
                    resolved_at=resolved,
                    closed_at=closed,
                    satisfaction=satisfaction,
                    goodwill_cost=Decimal(goodwill) if goodwill else None,
                )
            )

        claim(
            utc(2026, 3, 3, 9),
            utc(2026, 3, 5, 9),
            ClaimStatus.CLOSED,
            resolved=utc(2026, 3, 4, 9),
            closed=utc(2026, 3, 6, 9),
            satisfaction=4,
            goodwill="120.00",
        )
        claim(utc(2026, 3, 20, 9), utc(2026, 4, 1, 8), ClaimStatus.IN_PROGRESS)  # overdue now
        claim(
            utc(2026, 2, 20, 9),
            utc(2026, 2, 25, 9),
            ClaimStatus.RESOLVED,
            resolved=utc(2026, 3, 31, 23, 30),  # April in Paris
            satisfaction=2,
            goodwill="50.00",
        )
        claim(
            utc(2026, 2, 10, 9),
            utc(2026, 2, 12, 9),
            ClaimStatus.CLOSED,
            resolved=utc(2026, 2, 27, 9),
            closed=utc(2026, 3, 2, 9),  # closed in March, resolved in February
            satisfaction=5,
        )
        claim(utc(2026, 3, 25, 9), utc(2026, 4, 10, 9), ClaimStatus.OPEN, assignee=julie)  # not yet due
        claim(utc(2025, 12, 1, 9), utc(2025, 12, 5, 9), ClaimStatus.WAITING_PARTS)  # overdue now

        for user, month, metric, target in (
            (julie.id, dt.date(2026, 3, 1), ObjectiveMetric.SALES, "4"),
            (julie.id, dt.date(2026, 3, 1), ObjectiveMetric.MARGIN, "6000.00"),
            (julie.id, dt.date(2026, 3, 1), ObjectiveMetric.CALLS, "10"),
            (julie.id, dt.date(2026, 1, 1), ObjectiveMetric.SALES, "3"),
            (julie.id, dt.date(2026, 4, 1), ObjectiveMetric.SALES, "5"),
            (paul.id, dt.date(2026, 3, 1), ObjectiveMetric.SALES, "2"),
            (None, dt.date(2026, 3, 1), ObjectiveMetric.SALES, "10"),  # the dealership's, not a row
        ):
            s.add(Objective(user_id=user, month=month, metric=metric, target=Decimal(target)))
    return World(manager, julie, paul, luc, sophie)


def service(db: Database, actor: Actor) -> KpiService:
    return KpiService(db.session_factory, actor=actor)


# Period ---------------------------------------------------------------------------------------
def test_period_helpers() -> None:
    assert MARCH == Period(dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    assert Period.month(2026, 12).end == dt.date(2027, 1, 1)
    assert MARCH.previous() == Period.month(2026, 2)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert MARCH.same_period_last_year() == Period.month(2025, 3)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period.month(2024, 2).same_period_last_year() == Period.month(2023, 2)
    ten_days = Period.days(dt.date(2026, 3, 11), dt.date(2026, 3, 20))
    assert ten_days.day_count == 10 and ten_days.last_day == dt.date(2026, 3, 20)
    assert ten_days.previous() == Period.days(dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert MARCH.utc_bounds(ZoneInfo("Europe/Paris")) == (utc(2026, 2, 28, 23), utc(2026, 3, 31, 22))
    with pytest.raises(ValueError):
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 1))


# Summary --------------------------------------------------------------------------------------
def test_summary_of_the_month_for_the_dealership(db: Database, world: World) -> None:
    k = service(db, world.manager).summary(period=MARCH, now=NOW)
    assert k.salesperson_id is None
    assert (k.vehicles_sold, k.new_vehicles_sold, k.used_vehicles_sold) == (4, 2, 2)
    assert k.revenue == Decimal("75000.50")
    assert k.margin == Decimal("5700.25")
    assert k.average_margin == Decimal("1425.06")  # 5700.25 / 4 = 1425.0625
    assert k.new_customers == 3  # Two, Three, Six; One bought first in February
    assert k.new_prospects == 3  # Two (23:30 UTC on 28 Feb), Four, Six; not Three (April in Paris)
    assert (k.test_drives, k.calls, k.quotes) == (2, 3, 1)
    assert (k.opportunities_won, k.opportunities_lost) == (1, 1)
    assert k.win_rate == 0.5
    assert (k.claims_opened, k.claims_resolved, k.claims_overdue) == (3, 1, 2)
    assert k.satisfaction == 4.5 and k.satisfaction_count == 2
    assert k.goodwill_cost == Decimal("120.00")
    assert isinstance(k.revenue, Decimal) and isinstance(k.average_margin, Decimal)


def test_summary_of_one_salesperson(db: Database, world: World) -> None:
    k = service(db, world.manager).summary(period=MARCH, salesperson_id=world.julie.id, now=NOW)
    assert k.salesperson_id == world.julie.id
    assert (k.vehicles_sold, k.new_vehicles_sold, k.used_vehicles_sold) == (2, 1, 1)
    assert k.revenue == Decimal("45000.50")
    assert k.margin == Decimal("4200.25")
    assert k.average_margin == Decimal("2100.13")  # 2100.125 rounds half up
    assert k.new_customers == 1  # Two
    assert k.new_prospects == 2  # Two, Four
    assert (k.test_drives, k.calls, k.quotes) == (1, 2, 1)
    assert (k.opportunities_won, k.opportunities_lost) == (1, 0)
    assert (k.claims_opened, k.claims_resolved, k.claims_overdue) == (1, 0, 0)  # assigned to Julie


def test_previous_and_next_months(db: Database, world: World) -> None:
    kpi = service(db, world.manager)
    feb = kpi.summary(period=MARCH.previous(), now=NOW)
    assert (feb.vehicles_sold, feb.margin, feb.new_customers) == (1, Decimal("2000.00"), 1)
    assert feb.new_prospects == 1  # One; Two is already March in Paris
    assert (feb.claims_opened, feb.claims_resolved) == (2, 1)
    assert feb.satisfaction is None  # the claim resolved in February was closed in March
    april = kpi.summary(period=Period.month(2026, 4), now=NOW)
    assert (april.vehicles_sold, april.calls, april.new_prospects, april.opportunities_lost) == (1, 1, 1, 1)
    assert april.claims_resolved == 1 and april.satisfaction == 2.0
    assert april.goodwill_cost == Decimal("50.00")
    last_year = kpi.summary(period=MARCH.same_period_last_year(), now=NOW)
    assert (last_year.vehicles_sold, last_year.margin, last_year.new_customers) == (1, Decimal("1000.00"), 1)


def test_empty_period(db: Database, world: World) -> None:
    k = service(db, world.manager).summary(period=Period.month(2026, 1), now=NOW)
    assert (k.vehicles_sold, k.new_vehicles_sold, k.used_vehicles_sold, k.new_customers) == (0, 0, 0, 0)
    assert k.revenue == Decimal("0.00") and k.margin == Decimal("0.00")
    assert k.average_margin is None and k.satisfaction is None and k.win_rate is None
    assert (k.new_prospects, k.test_drives, k.calls, k.quotes) == (0, 0, 0, 0)
    assert (k.claims_opened, k.claims_resolved, k.satisfaction_count) == (0, 0, 0)
    assert k.goodwill_cost == Decimal("0.00")
    assert k.claims_overdue == 2  # a figure of now, whatever the period


def test_empty_database(db: Database, manager: Actor) -> None:
    k = service(db, manager).summary(period=MARCH)
    assert k.vehicles_sold == 0 and k.claims_overdue == 0
    assert service(db, manager).by_salesperson(period=MARCH) == []


def test_timezone_setting_moves_the_month_bounds(db: Database, world: World) -> None:
    from dealercrm.services.settings import SettingsService

    SettingsService(db.session_factory, actor=world.manager).set_many(values={"dealership.timezone": "UTC"})
    k = service(db, world.manager).summary(period=MARCH, now=NOW)
    # In UTC, Three (23:30 on the 31st) is March and Two (23:30 on 28 Feb) is February.
    assert k.new_prospects == 3
    assert k.calls == 4


# By salesperson -------------------------------------------------------------------------------
def test_by_salesperson_with_objectives(db: Database, world: World) -> None:
    rows = service(db, world.manager).by_salesperson(period=MARCH)
    assert [r.display_name for r in rows] == ["Julie Martin", "Paul Durand", "Luc Petit"]
    julie, paul, luc = rows
    assert (julie.sales, julie.revenue, julie.margin, julie.test_drives, julie.calls) == (
        2,
        Decimal("45000.50"),
        Decimal("4200.25"),
        1,
        2,
    )
    assert julie.objective(ObjectiveMetric.SALES).target == Decimal("4")
    assert julie.objective(ObjectiveMetric.SALES).achievement == 0.5
    assert julie.objective(ObjectiveMetric.MARGIN).achievement == pytest.approx(4200.25 / 6000)
    assert julie.objective(ObjectiveMetric.CALLS).achievement == pytest.approx(0.2)
    assert julie.objective(ObjectiveMetric.TEST_DRIVES).target is None
    assert julie.objective(ObjectiveMetric.TEST_DRIVES).achievement is None
    assert (paul.sales, paul.margin, paul.test_drives, paul.calls) == (1, Decimal("500.00"), 1, 0)
    assert paul.objective(ObjectiveMetric.SALES).achievement == 0.5
    assert (luc.sales, luc.revenue, luc.has_objectives) == (0, Decimal("0.00"), False)


def test_by_salesperson_over_a_quarter_sums_monthly_objectives(db: Database, world: World) -> None:
    rows = service(db, world.manager).by_salesperson(period=Period.quarter(2026, 1))
    julie = next(r for r in rows if r.user_id == world.julie.id)
    assert julie.objective(ObjectiveMetric.SALES).target == Decimal("7")  # January 3 + March 4
    assert julie.objective(ObjectiveMetric.SALES).actual == Decimal("2")
    paul = next(r for r in rows if r.user_id == world.paul.id)
    assert paul.sales == 2  # 28 February and 15 March


# Permissions ----------------------------------------------------------------------------------
def test_a_salesperson_sees_only_their_own_figures(db: Database, world: World) -> None:
    kpi = service(db, world.julie)
    k = kpi.summary(period=MARCH, salesperson_id=world.paul.id, now=NOW)
    assert k.salesperson_id == world.julie.id and k.vehicles_sold == 2
    assert kpi.summary(period=MARCH, now=NOW).salesperson_id == world.julie.id
    rows = kpi.by_salesperson(period=MARCH)
    assert [r.user_id for r in rows] == [world.julie.id]


def test_admin_sees_everything(db: Database, world: World, admin: Actor) -> None:
    assert service(db, admin).summary(period=MARCH, now=NOW).vehicles_sold == 4
    assert len(service(db, admin).by_salesperson(period=MARCH)) == 3


def test_aftersales_is_refused(db: Database, world: World) -> None:
    with pytest.raises(PermissionDenied):
        service(db, world.sophie).summary(period=MARCH)
    with pytest.raises(PermissionDenied):
        service(db, world.sophie).by_salesperson(period=MARCH)


def test_marketing_gets_its_own_figures(db: Database, world: World, marketing: Actor) -> None:
    k = service(db, marketing).summary(period=MARCH, now=NOW)
    assert k.salesperson_id == marketing.id and k.vehicles_sold == 0
    assert service(db, marketing).by_salesperson(period=MARCH) == []


def test_monthly_report_for_managers_only(db: Database, world: World) -> None:
    report = service(db, world.manager).monthly_report(period=MARCH, now=NOW)
    assert (report.current.vehicles_sold, report.previous.vehicles_sold, report.last_year.vehicles_sold) == (
        4,
        1,
        1,
    )
    assert report.last_year.period == Period.month(2025, 3)
    assert [r.user_id for r in report.salespeople] == [world.julie.id, world.paul.id, world.luc.id]
    assert report.computed_at == NOW
    with pytest.raises(PermissionDenied):
        service(db, world.julie).monthly_report(period=MARCH)
