"""TaskService: the agenda in the dealership's days, completing and rescheduling (audited, permitted)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Contact, Task
from dealercrm.models.enums import AuditAction, ContactKind, Lifecycle, Role, TaskKind
from dealercrm.services.errors import NotFound, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.tasks import SECTION_LIMIT, TaskService

PARIS = ZoneInfo("Europe/Paris")
# Monday 30 March 2026, 08:30 in Paris (summer time since the day before: UTC+2).
NOW = dt.datetime(2026, 3, 30, 8, 30, tzinfo=PARIS)


def add_task(db: Database, user_id: int | None, due_at: dt.datetime, **fields: object) -> int:
    values: dict[str, object] = {"kind": TaskKind.CALL_BACK, "title": "Call back"}
    values.update(fields)
    with db.session_factory.begin() as session:
        task = Task(user_id=user_id, due_at=due_at, **values)
        session.add(task)
        session.flush()
        return task.id


def add_contact(db: Database, **fields: object) -> int:
    with db.session_factory.begin() as session:
        contact = Contact(kind=ContactKind.PERSON, last_name="Dupont", first_name="Jean", **fields)
        session.add(contact)
        session.flush()
        return contact.id


def test_agenda_splits_by_local_day(db: Database, salesperson: Actor, manager: Actor) -> None:
    cid = add_contact(db, mobile="+33612345678")
    overdue = add_task(db, salesperson.id, dt.datetime(2026, 3, 29, 23, 30, tzinfo=PARIS), contact_id=cid)
    # 00:15 Paris on the 30th is still the 29th in UTC: it is today, not overdue.
    early = add_task(db, salesperson.id, dt.datetime(2026, 3, 30, 0, 15, tzinfo=PARIS))
    later = add_task(
        db, salesperson.id, dt.datetime(2026, 3, 30, 15, 0, tzinfo=PARIS), kind=TaskKind.TEST_DRIVE
    )
    in_a_week = add_task(db, salesperson.id, dt.datetime(2026, 4, 6, 23, 0, tzinfo=PARIS))
    add_task(db, salesperson.id, dt.datetime(2026, 4, 7, 0, 1, tzinfo=PARIS))  # beyond 7 days
    add_task(db, salesperson.id, dt.datetime(2026, 3, 30, 10, 0, tzinfo=PARIS), done_at=NOW)  # done
    add_task(db, manager.id, dt.datetime(2026, 3, 30, 10, 0, tzinfo=PARIS))  # someone else's

    agenda = TaskService(db.session_factory, actor=salesperson).agenda(now=NOW)
    assert agenda.today == dt.date(2026, 3, 30)
    assert [t.id for t in agenda.overdue] == [overdue]
    assert [t.id for t in agenda.due_today] == [early, later]
    assert [t.id for t in agenda.upcoming] == [in_a_week]
    assert (agenda.overdue_count, agenda.today_count, agenda.upcoming_count) == (1, 2, 1)
    assert agenda.overdue[0].contact_name == "Jean Dupont"
    assert agenda.overdue[0].contact_phone == "06 12 34 56 78"


def test_agenda_counts_beyond_the_section_limit(db: Database, salesperson: Actor) -> None:
    with db.session_factory.begin() as session:
        session.add_all(
            Task(
                user_id=salesperson.id,
                kind=TaskKind.CALL_BACK,
                title=f"t{i}",
                due_at=NOW - dt.timedelta(days=2),
            )
            for i in range(SECTION_LIMIT + 5)
        )
    agenda = TaskService(db.session_factory, actor=salesperson).agenda(now=NOW)
    assert len(agenda.overdue) == SECTION_LIMIT
    assert agenda.overdue_count == SECTION_LIMIT + 5


def test_agenda_hides_tasks_on_contacts_no_longer_visible(
    db: Database, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    other = make_user(Role.SALESPERSON)
    cid = add_contact(db, owner_id=other.id, lifecycle=Lifecycle.PROSPECT)
    add_task(db, salesperson.id, NOW, contact_id=cid)
    assert TaskService(db.session_factory, actor=salesperson).agenda(now=NOW).today_count == 0


def test_complete_is_audited_and_idempotent(db: Database, salesperson: Actor) -> None:
    task_id = add_task(db, salesperson.id, NOW)
    service = TaskService(db.session_factory, actor=salesperson)
    done = service.complete(task_id=task_id, at=NOW)
    assert done.done_at == NOW
    assert service.complete(task_id=task_id).done_at == NOW  # not moved by a second click
    with db.session_factory() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "tasks", AuditEntry.action == AuditAction.UPDATE)
        ).all()
    assert len(entries) == 1 and entries[0].user_login == salesperson.login
    assert "done_at" in entries[0].changes
    reopened = service.reopen(task_id=task_id)
    assert reopened.done_at is None
    assert service.agenda(now=NOW).today_count == 1


def test_reschedule_moves_the_task(db: Database, salesperson: Actor) -> None:
    task_id = add_task(db, salesperson.id, NOW)
    service = TaskService(db.session_factory, actor=salesperson)
    thursday = dt.datetime(2026, 4, 2, 15, 0, tzinfo=PARIS)
    row = service.reschedule(task_id=task_id, due_at=thursday)
    assert row.due_at == thursday
    agenda = service.agenda(now=NOW)
    assert [t.id for t in agenda.upcoming] == [task_id]
    with pytest.raises(ValidationError):
        service.reschedule(task_id=task_id, due_at=dt.datetime(2026, 4, 2, 15, 0))  # naive
    service.complete(task_id=task_id)
    with pytest.raises(ValidationError):
        service.reschedule(task_id=task_id, due_at=thursday)


def test_unknown_task_is_not_found(db: Database, salesperson: Actor) -> None:
    with pytest.raises(NotFound):
        TaskService(db.session_factory, actor=salesperson).complete(task_id=12345)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    actor_role=st.sampled_from(list(Role)),
    assigned_to_actor=st.booleans(),
)
def test_only_the_assignee_or_a_manager_changes_a_task(
    db: Database, make_user: Callable[..., Actor], actor_role: Role, assigned_to_actor: bool
) -> None:
    actor = make_user(actor_role)
    someone = make_user(Role.SALESPERSON)
    task_id = add_task(db, actor.id if assigned_to_actor else someone.id, NOW)
    service = TaskService(db.session_factory, actor=actor)
    allowed = actor_role in {Role.SALESPERSON, Role.MANAGER, Role.AFTERSALES, Role.MARKETING} and (
        assigned_to_actor or actor_role is Role.MANAGER
    )
    if allowed:
        assert service.complete(task_id=task_id).done_at is not None
        assert service.reopen(task_id=task_id).done_at is None
        assert service.reschedule(task_id=task_id, due_at=NOW + dt.timedelta(days=1)).due_at > NOW
    else:
        for attempt in (
            lambda: service.complete(task_id=task_id),
            lambda: service.reopen(task_id=task_id),
            lambda: service.reschedule(task_id=task_id, due_at=NOW),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
        with db.session_factory() as session:
            task = session.get_one(Task, task_id)
            assert task.done_at is None and task.due_at == NOW
