"""The manager's monthly objectives: the grid, saving, removing, refusals, the audit log, copying."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Objective, User
from dealercrm.models.enums import AuditAction, ObjectiveMetric, Role
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.objectives import ObjectiveService, cell_key
from dealercrm.services.permissions import Actor

MAY = dt.date(2026, 5, 1)
JUNE = dt.date(2026, 6, 1)
SALES, MARGIN, TEST_DRIVES, CALLS = (
    ObjectiveMetric.SALES,
    ObjectiveMetric.MARGIN,
    ObjectiveMetric.TEST_DRIVES,
    ObjectiveMetric.CALLS,
)


@pytest.fixture
def service(db: Database, manager: Actor) -> ObjectiveService:
    return ObjectiveService(db.session_factory, actor=manager)


@pytest.fixture
def team(make_user: Callable[..., Actor]) -> tuple[Actor, Actor]:
    return (
        make_user(Role.SALESPERSON, login="zoe", display_name="Zoé Zimmer"),
        make_user(Role.SALESPERSON, login="bruno", display_name="Bruno Albert"),
    )


def stored(db: Database, month: dt.date) -> dict[tuple[int | None, ObjectiveMetric], Decimal]:
    with db.session_factory() as session:
        return {
            (o.user_id, o.metric): o.target
            for o in session.scalars(select(Objective).where(Objective.month == month))
        }


def test_grid_has_the_dealership_then_active_salespeople_by_name(
    db: Database, service: ObjectiveService, team: tuple[Actor, Actor], make_user: Callable[..., Actor]
) -> None:
    zoe, bruno = team
    make_user(Role.AFTERSALES)
    gone = make_user(Role.SALESPERSON, display_name="Ancien Vendeur")
    with db.session_factory.begin() as session:
        session.execute(update(User).where(User.id == gone.id).values(active=False))

    grid = service.month_grid(month=dt.date(2026, 5, 17))

    assert grid.month == MAY
    assert [r.user_id for r in grid.rows] == [None, bruno.id, zoe.id]
    assert grid.rows[0].is_dealership
    assert all(r.targets == (None, None, None, None) for r in grid.rows)
    assert grid.metrics == (SALES, MARGIN, TEST_DRIVES, CALLS)


def test_save_creates_updates_and_removes(
    db: Database, service: ObjectiveService, team: tuple[Actor, Actor]
) -> None:
    zoe, _ = team
    first = service.save_month(
        month=dt.date(2026, 5, 20),
        targets={
            (None, SALES): Decimal(30),
            (None, MARGIN): Decimal("45000"),
            (zoe.id, SALES): Decimal(8),
            (zoe.id, CALLS): Decimal(150),
        },
    )
    assert (first.created, first.updated, first.removed) == (4, 0, 0)
    assert stored(db, MAY) == {
        (None, SALES): Decimal(30),
        (None, MARGIN): Decimal("45000.00"),
        (zoe.id, SALES): Decimal(8),
        (zoe.id, CALLS): Decimal(150),
    }

    second = service.save_month(
        month=MAY,
        targets={(None, SALES): Decimal(32), (zoe.id, SALES): Decimal(8), (zoe.id, CALLS): None},
    )
    assert (second.created, second.updated, second.removed) == (0, 1, 1)
    grid = service.month_grid(month=MAY)
    assert grid.target(None, SALES) == Decimal(32)
    assert grid.target(None, MARGIN) == Decimal(45000)  # not given: left alone
    assert grid.target(zoe.id, CALLS) is None
    assert grid.targets() == {(None, SALES): 32, (None, MARGIN): 45000, (zoe.id, SALES): 8}
    assert stored(db, JUNE) == {}


def test_negative_or_fractional_targets_are_refused_naming_the_cell(
    db: Database, service: ObjectiveService, team: tuple[Actor, Actor]
) -> None:
    zoe, _ = team
    with pytest.raises(ValidationError) as caught:
        service.save_month(
            month=MAY,
            targets={
                (None, SALES): Decimal(10),
                (zoe.id, MARGIN): Decimal(-500),
                (zoe.id, TEST_DRIVES): Decimal("2.5"),
            },
        )
    errors = caught.value.errors
    assert set(errors) == {cell_key(zoe.id, MARGIN), cell_key(zoe.id, TEST_DRIVES)}
    assert "Zoé Zimmer" in errors[cell_key(zoe.id, MARGIN)] and "negative" in errors[cell_key(zoe.id, MARGIN)]
    assert stored(db, MAY) == {}  # nothing saved, not even the valid cell


def test_only_salespeople_get_objectives(service: ObjectiveService, make_user: Callable[..., Actor]) -> None:
    marketing = make_user(Role.MARKETING)
    with pytest.raises(ValidationError) as caught:
        service.save_month(month=MAY, targets={(marketing.id, SALES): Decimal(3)})
    assert cell_key(marketing.id, SALES) in caught.value.errors


def test_a_salesperson_may_not_set_objectives(db: Database, team: tuple[Actor, Actor]) -> None:
    zoe, _ = team
    theirs = ObjectiveService(db.session_factory, actor=zoe)
    with pytest.raises(PermissionDenied):
        theirs.save_month(month=MAY, targets={(zoe.id, SALES): Decimal(50)})
    with pytest.raises(PermissionDenied):
        theirs.month_grid(month=MAY)
    with pytest.raises(PermissionDenied):
        theirs.copy_month(source=MAY, target=JUNE)
    assert stored(db, MAY) == {}


def test_every_change_is_audited_for_the_manager(
    db: Database, service: ObjectiveService, manager: Actor, team: tuple[Actor, Actor]
) -> None:
    zoe, _ = team
    service.save_month(month=MAY, targets={(zoe.id, SALES): Decimal(8)})
    service.save_month(month=MAY, targets={(zoe.id, SALES): Decimal(9)})
    service.save_month(month=MAY, targets={(zoe.id, SALES): Decimal(9)})  # no change: no entry
    service.save_month(month=MAY, targets={(zoe.id, SALES): None})
    with db.session_factory() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "objectives").order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(e.user_login == manager.login for e in entries)
    assert entries[1].changes["target"] == ["8.00", "9.00"]


def test_copy_month_keeps_existing_targets_unless_asked(
    db: Database, service: ObjectiveService, team: tuple[Actor, Actor]
) -> None:
    zoe, bruno = team
    service.save_month(
        month=MAY,
        targets={(None, SALES): Decimal(30), (zoe.id, SALES): Decimal(8), (bruno.id, CALLS): Decimal(120)},
    )
    service.save_month(month=JUNE, targets={(zoe.id, SALES): Decimal(10)})
    with db.session_factory.begin() as session:  # Bruno has left: his objectives are not carried over
        session.execute(update(User).where(User.id == bruno.id).values(active=False))

    copied = service.copy_month(source=MAY, target=dt.date(2026, 6, 15))
    assert (copied.month, copied.created, copied.updated, copied.kept) == (JUNE, 1, 0, 1)
    assert stored(db, JUNE) == {(None, SALES): Decimal(30), (zoe.id, SALES): Decimal(10)}

    overwritten = service.copy_month(source=MAY, target=JUNE, overwrite=True)
    assert (overwritten.created, overwritten.updated, overwritten.kept) == (0, 1, 1)
    assert stored(db, JUNE) == {(None, SALES): Decimal(30), (zoe.id, SALES): Decimal(8)}
    assert len(stored(db, MAY)) == 3  # the source is untouched

    with pytest.raises(ValidationError):
        service.copy_month(source=MAY, target=dt.date(2026, 5, 31))
