"""PipelineService: ordering and paging, scope per role, stage totals, stage moves, today's lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from dealercrm.db import Database
from dealercrm.models import Contact, Opportunity, Sale, Setting, Task, Vehicle
from dealercrm.models.enums import (
    OPEN_STAGES,
    ContactKind,
    Financing,
    Lifecycle,
    Role,
    Stage,
    StockStatus,
    TaskKind,
    VehicleCondition,
)
from dealercrm.services.errors import ConflictError, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.pipeline import STAGE_RANK, OpportunityFilter, OpportunityRow, PipelineService

NOW = dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)


def add_contact(db: Database, **fields: object) -> int:
    values: dict[str, object] = {"kind": ContactKind.PERSON, "last_name": "Dupont", "first_name": "Jean"}
    values.update(fields)
    with db.session_factory.begin() as session:
        contact = Contact(**values)
        session.add(contact)
        session.flush()
        return contact.id


def add_opportunity(db: Database, contact_id: int, **fields: object) -> int:
    values: dict[str, object] = {"title": "Clio", "stage": Stage.NEW_LEAD, "stage_changed_at": NOW}
    values.update(fields)
    if values["stage"] is Stage.LOST:
        values.setdefault("lost_reason", "price")
    with db.session_factory.begin() as session:
        opportunity = Opportunity(contact_id=contact_id, **values)
        session.add(opportunity)
        session.flush()
        return opportunity.id


def all_rows(service: PipelineService, filters: OpportunityFilter, limit: int) -> list[OpportunityRow]:
    rows: list[OpportunityRow] = []
    after = None
    while True:
        page = service.list_opportunities(filters=filters, after=after, limit=limit, now=NOW)
        rows.extend(page)
        if len(page) < limit:
            return rows
        after = page[-1]


def test_pages_in_pipeline_order_then_closed_newest_first(db: Database, manager: Actor) -> None:
    cid = add_contact(db)
    stages = [Stage.OFFER, Stage.NEW_LEAD, Stage.NEGOTIATION, Stage.OFFER, Stage.CONTACTED, Stage.OFFER]
    closes = [dt.date(2026, 5, 1), None, dt.date(2026, 4, 1), None, dt.date(2026, 4, 2), dt.date(2026, 4, 9)]
    for stage, close in zip(stages, closes, strict=True):
        add_opportunity(db, cid, stage=stage, expected_close_on=close, amount=Decimal("20000"))
    for day in (3, 1, 2):
        add_opportunity(db, cid, stage=Stage.WON, closed_at=NOW - dt.timedelta(days=day))
    add_opportunity(db, cid, stage=Stage.LOST, closed_at=None)
    service = PipelineService(db.session_factory, actor=manager)
    for limit in (1, 2, 4, 50):
        open_only = all_rows(service, OpportunityFilter(), limit)
        assert [r.stage for r in open_only] == sorted(stages, key=STAGE_RANK.__getitem__)
        offers = [r.expected_close_on for r in open_only if r.stage is Stage.OFFER]
        assert offers == [dt.date(2026, 4, 9), dt.date(2026, 5, 1), None]
        everything = all_rows(service, OpportunityFilter(include_closed=True), limit)
        assert len(everything) == 10 and len({r.id for r in everything}) == 10
        closed = everything[6:]
        assert [r.closed_at for r in closed] == [NOW - dt.timedelta(days=d) for d in (1, 2, 3)] + [None]


def test_days_in_stage(db: Database, manager: Actor) -> None:
    cid = add_contact(db)
    add_opportunity(db, cid, stage_changed_at=NOW - dt.timedelta(days=12, hours=3))
    row = PipelineService(db.session_factory, actor=manager).list_opportunities(
        filters=OpportunityFilter(), after=None, limit=10, now=NOW
    )[0]
    assert row.days_in_stage == 12
    assert row.contact_name == "Jean Dupont"


def test_stage_totals_are_sql_sums_per_open_stage(db: Database, manager: Actor, salesperson: Actor) -> None:
    cid = add_contact(db)
    add_opportunity(db, cid, stage=Stage.OFFER, amount=Decimal("21000.50"), owner_id=salesperson.id)
    add_opportunity(db, cid, stage=Stage.OFFER, amount=Decimal("9000"), owner_id=manager.id)
    add_opportunity(db, cid, stage=Stage.OFFER, amount=None)
    add_opportunity(db, cid, stage=Stage.QUALIFIED, amount=Decimal("15000"))
    add_opportunity(db, cid, stage=Stage.WON, amount=Decimal("99999"))
    service = PipelineService(db.session_factory, actor=manager)
    totals = {t.stage: t for t in service.stage_totals(filters=OpportunityFilter())}
    assert list(totals) == list(OPEN_STAGES)
    assert (totals[Stage.OFFER].count, totals[Stage.OFFER].amount) == (3, Decimal("30000.50"))
    assert (totals[Stage.QUALIFIED].count, totals[Stage.QUALIFIED].amount) == (1, Decimal("15000.00"))
    assert (totals[Stage.NEW_LEAD].count, totals[Stage.NEW_LEAD].amount) == (0, Decimal(0))
    mine = {t.stage: t for t in service.stage_totals(filters=OpportunityFilter(owner_id=salesperson.id))}
    assert mine[Stage.OFFER].amount == Decimal("21000.50")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    owners=st.lists(st.sampled_from([None, 0, 1, 2]), min_size=1, max_size=10),
    viewer=st.sampled_from([0, 1, 2]),
    contact_owner=st.sampled_from([None, 0, 1]),
    lifecycle=st.sampled_from(list(Lifecycle)),
)
def test_scope_per_role(
    db: Database,
    make_user: Callable[..., Actor],
    owners: list[int | None],
    viewer: int,
    contact_owner: int | None,
    lifecycle: Lifecycle,
) -> None:
    """Salespeople see their own and unassigned opportunities on contacts they may see; managers all."""
    users = [make_user(Role.SALESPERSON), make_user(Role.SALESPERSON), make_user(Role.MANAGER)]
    cid = add_contact(
        db, owner_id=users[contact_owner].id if contact_owner is not None else None, lifecycle=lifecycle
    )
    created = []
    for o in owners:
        owner_id = users[o].id if o is not None else None
        created.append((add_opportunity(db, cid, owner_id=owner_id, amount=Decimal(1000)), owner_id))
    actor = users[viewer]
    contact_seen = (
        actor.role is Role.MANAGER
        or contact_owner is None
        or users[contact_owner].id == actor.id
        or lifecycle is Lifecycle.CUSTOMER
    )
    expected = {
        oid
        for oid, owner_id in created
        if contact_seen and (actor.role is Role.MANAGER or owner_id in (None, actor.id))
    }
    service = PipelineService(db.session_factory, actor=actor)
    assert {r.id for r in all_rows(service, OpportunityFilter(), 3)} == expected
    assert sum(t.count for t in service.stage_totals(filters=OpportunityFilter())) == len(expected)
    with db.session_factory.begin() as session:  # hypothesis reuses the database between examples
        session.query(Opportunity).delete()


def test_move_stage_rules(db: Database, salesperson: Actor, make_user: Callable[..., Actor]) -> None:
    cid = add_contact(db, owner_id=salesperson.id)
    mine = add_opportunity(db, cid, owner_id=salesperson.id, stage_changed_at=NOW - dt.timedelta(days=5))
    service = PipelineService(db.session_factory, actor=salesperson)
    moved = service.move_stage(opportunity_id=mine, stage=Stage.OFFER, now=NOW)
    assert moved.stage is Stage.OFFER and moved.days_in_stage == 0
    with pytest.raises(ValidationError):
        service.move_stage(opportunity_id=mine, stage=Stage.LOST, lost_reason="  ")
    with pytest.raises(ValidationError):
        service.move_stage(opportunity_id=mine, stage=Stage.WON)
    lost = service.move_stage(opportunity_id=mine, stage=Stage.LOST, lost_reason="Bought elsewhere", now=NOW)
    assert lost.lost_reason == "Bought elsewhere" and lost.closed_at == NOW
    reopened = service.move_stage(opportunity_id=mine, stage=Stage.NEGOTIATION, now=NOW)
    assert reopened.closed_at is None and reopened.lost_reason is None

    other = make_user(Role.SALESPERSON)
    theirs = add_opportunity(db, cid, owner_id=other.id)
    with pytest.raises(PermissionDenied):
        service.move_stage(opportunity_id=theirs, stage=Stage.OFFER)


def test_move_of_a_deal_someone_moved_since_is_refused_naming_them(
    db: Database, salesperson: Actor, manager: Actor
) -> None:
    cid = add_contact(db, owner_id=salesperson.id)
    deal = add_opportunity(db, cid, owner_id=salesperson.id, stage=Stage.QUALIFIED)
    mine = PipelineService(db.session_factory, actor=salesperson)
    seen = mine.get(opportunity_id=deal)
    # Another workstation: the manager moves it first.
    boss = PipelineService(db.session_factory, actor=manager)
    moved = boss.move_stage(
        opportunity_id=deal, stage=Stage.NEGOTIATION, expected_version=seen.version, now=NOW
    )
    assert moved.version == seen.version + 1
    with pytest.raises(ConflictError) as err:
        mine.move_stage(opportunity_id=deal, stage=Stage.TEST_DRIVE, expected_version=seen.version, now=NOW)
    message = str(err.value)
    assert manager.display_name in message and "not saved" in message and "Negotiation" in message
    assert mine.get(opportunity_id=deal).stage is Stage.NEGOTIATION  # nothing overwritten
    # Re-applied on their version, it goes through.
    again = mine.move_stage(
        opportunity_id=deal, stage=Stage.TEST_DRIVE, expected_version=moved.version, now=NOW
    )
    assert again.stage is Stage.TEST_DRIVE and again.version == moved.version + 1


def test_quiet_hot_leads(db: Database, salesperson: Actor, manager: Actor) -> None:
    quiet = add_contact(
        db, last_name="Quiet", owner_id=salesperson.id, last_contact_at=NOW - dt.timedelta(days=15)
    )
    never = add_contact(db, last_name="Never", owner_id=salesperson.id, last_contact_at=None)
    recent = add_contact(
        db, last_name="Recent", owner_id=salesperson.id, last_contact_at=NOW - dt.timedelta(days=2)
    )
    a = add_opportunity(db, quiet, owner_id=salesperson.id, stage=Stage.OFFER)
    b = add_opportunity(db, never, owner_id=salesperson.id, stage=Stage.TEST_DRIVE)
    add_opportunity(db, recent, owner_id=salesperson.id, stage=Stage.NEGOTIATION)
    add_opportunity(db, quiet, owner_id=salesperson.id, stage=Stage.NEW_LEAD)  # not hot
    add_opportunity(db, quiet, owner_id=manager.id, stage=Stage.OFFER)  # not hers
    service = PipelineService(db.session_factory, actor=salesperson)
    leads = service.quiet_hot_leads(now=NOW)
    assert leads.quiet_days == 10
    assert [r.opportunity_id for r in leads.rows] == [b, a]
    assert leads.rows[1].quiet_days == 15 and leads.rows[0].quiet_days is None
    with db.session_factory.begin() as session:
        session.add(Setting(key="today.hot_lead_quiet_days", value=20))
    assert [r.opportunity_id for r in service.quiet_hot_leads(now=NOW).rows] == [b]
    assert service.quiet_hot_leads(now=NOW, limit=1).count == 1


def test_leases_ending(db: Database, salesperson: Actor) -> None:
    cid = add_contact(db, owner_id=salesperson.id, lifecycle=Lifecycle.CUSTOMER)
    with db.session_factory.begin() as session:
        car = Vehicle(
            make="Peugeot", model="3008", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
        )
        session.add(car)
        session.flush()
        for financing, end in (
            (Financing.LOA, dt.date(2026, 5, 15)),
            (Financing.LLD, dt.date(2026, 9, 1)),  # beyond 90 days
            (Financing.LOAN, dt.date(2026, 4, 15)),  # not a lease
            (Financing.LOA, dt.date(2026, 3, 1)),  # already ended
        ):
            session.add(
                Sale(
                    contact_id=cid,
                    vehicle_id=car.id,
                    salesperson_id=salesperson.id,
                    sold_on=dt.date(2023, 5, 1),
                    price=Decimal(30000),
                    cost=Decimal(27000),
                    margin=Decimal(3000),
                    financing=financing,
                    financing_end_on=end,
                )
            )
    rows = PipelineService(db.session_factory, actor=salesperson).leases_ending(now=NOW)
    assert [(r.financing, r.financing_end_on) for r in rows] == [(Financing.LOA, dt.date(2026, 5, 15))]


def test_aftersales_may_not_read_the_pipeline(db: Database, aftersales: Actor) -> None:
    with pytest.raises(PermissionDenied):
        PipelineService(db.session_factory, actor=aftersales).list_opportunities(
            filters=OpportunityFilter(), after=None, limit=10
        )


def add_task(db: Database, *, due: dt.datetime, title: str, done: bool = False, **fields: object) -> None:
    with db.session_factory.begin() as session:
        session.add(
            Task(kind=TaskKind.CALL_BACK, title=title, due_at=due, done_at=NOW if done else None, **fields)
        )


def test_each_open_deal_shows_its_own_next_task_else_its_contacts(db: Database, manager: Actor) -> None:
    """A board's next steps: the deal's first open task, else its contact's; a done task never. SQLite
    finds them through the tasks' indexes by deal (0024) and by contact, not by reading every task."""
    day = dt.timedelta(days=1)
    anne, paul, zoe = (add_contact(db, last_name=n) for n in ("Anne", "Paul", "Zoé"))
    own = add_opportunity(db, anne, title="Clio")
    by_contact = add_opportunity(db, paul, title="208")
    none = add_opportunity(db, zoe, title="Twingo")
    add_task(db, due=NOW + 3 * day, title="later", opportunity_id=own, contact_id=anne)
    add_task(db, due=NOW + day, title="first", opportunity_id=own, contact_id=anne)
    add_task(db, due=NOW, title="done already", opportunity_id=own, contact_id=anne, done=True)
    add_task(db, due=NOW + 2 * day, title="call Paul", contact_id=paul)
    add_task(db, due=NOW + day, title="done too", contact_id=zoe, done=True)
    statements: list[tuple[str, object]] = []

    def seen(conn: object, cursor: object, statement: str, parameters: object, *_args: object) -> None:
        if "FROM tasks" in statement:
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        rows = PipelineService(db.session_factory, actor=manager).list_opportunities(
            filters=OpportunityFilter(), after=None, limit=10, now=NOW
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)

    nexts = {r.id: r.next_task_title for r in rows}
    assert nexts == {own: "first", by_contact: "call Paul", none: None}
    assert len(statements) == 1
    if db.engine.dialect.name == "sqlite":
        statement, parameters = statements[0]
        with db.engine.connect() as conn:
            plan = " / ".join(
                row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            )
        assert "SCAN tasks" not in plan, plan
        assert "ix_tasks_opportunity" in plan and "ix_tasks_contact" in plan, plan
