"""Tasks and appointments: a user's agenda (overdue, today, the next days), marking done, rescheduling.

Days are the dealership's days (the `dealership.timezone` setting, Europe/Paris by default): "today"
runs from local midnight to local midnight whatever the UTC offset. The agenda reads the
ix_tasks_user_open_due index (user, done_at, due_at) and counts with SQL, never in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import Contact, Task, utcnow
from dealercrm.models.enums import Role, TaskKind
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, get_contact, row_from
from dealercrm.services.contacts import format_phone
from dealercrm.services.errors import NotFound, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor, any_user, require, role_word, visible_contacts_clause
from dealercrm.services.settings import dealership_timezone

# A section never lists more than this; its count is still exact.
SECTION_LIMIT = 200
# Who may complete or reschedule a task assigned to someone else.
MANAGES_ANY_TASK = frozenset({Role.MANAGER})


@dataclass(frozen=True)
class TaskRow:
    id: int
    kind: TaskKind
    title: str
    due_at: dt.datetime
    duration_minutes: int
    location: str
    contact_id: int | None
    contact_name: str
    contact_phone: str
    user_id: int | None
    done_at: dt.datetime | None


@dataclass(frozen=True)
class Agenda:
    """One user's open tasks, split by the dealership's day boundaries. `*_count` are exact even when a
    list was cut at SECTION_LIMIT."""

    today: dt.date
    overdue: tuple[TaskRow, ...]
    overdue_count: int
    due_today: tuple[TaskRow, ...]
    today_count: int
    upcoming: tuple[TaskRow, ...]
    upcoming_count: int
    horizon_days: int


def dealership_zone(session: Session) -> ZoneInfo:
    """The dealership's time zone (see settings.dealership_timezone)."""
    return dealership_timezone(session)


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant at which `day` starts in `zone`."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone).astimezone(dt.UTC)


def tasks_in_due_order(actor: Actor, *where: ColumnElement[bool]) -> Select[Task, Contact]:
    """The tasks matching `where`, each with its contact (None for a task on nobody), soonest first; a
    task on a contact `actor` may not see (reassigned since) is left out."""
    return (
        select(Task, Contact)
        .outerjoin(Contact, Contact.id == Task.contact_id)
        .where(*where, or_(Task.contact_id.is_(None), visible_contacts_clause(actor)))
        .order_by(Task.due_at, Task.id)
    )


def _task_row(task: Task, contact: Contact | None) -> TaskRow:
    name = phone = ""
    if contact is not None:
        name = contact.display_name
        phone = format_phone(contact.mobile or contact.landline)
    return row_from(
        TaskRow,
        task,
        location=task.location or "",
        contact_name=name,
        contact_phone=phone,
    )


class TaskService(Service):
    """The logged-in user's tasks: reading the agenda, completing and rescheduling (audited)."""

    def agenda(self, *, now: dt.datetime | None = None, horizon_days: int = 7) -> Agenda:
        """The actor's open tasks: overdue (due before today), due today, and due in the next
        `horizon_days` days after today. Tasks on contacts the actor may no longer see are left out.
        Everyone has their own day: every logged-in user may."""
        any_user(self._actor)
        if horizon_days < 1:
            raise ValidationError({"horizon_days": _("at least 1")})
        now = now or utcnow()
        if now.tzinfo is None:
            raise ValidationError({"now": _("a timezone-aware instant is expected")})
        with self._session_factory() as session:
            zone = dealership_zone(session)
            today = now.astimezone(zone).date()
            start = local_midnight(today, zone)
            end = local_midnight(today + dt.timedelta(days=1), zone)
            horizon = local_midnight(today + dt.timedelta(days=1 + horizon_days), zone)
            overdue, n_overdue = self._section(session, Task.due_at < start)
            due_today, n_today = self._section(session, Task.due_at >= start, Task.due_at < end)
            upcoming, n_upcoming = self._section(session, Task.due_at >= end, Task.due_at < horizon)
        return Agenda(
            today=today,
            overdue=overdue,
            overdue_count=n_overdue,
            due_today=due_today,
            today_count=n_today,
            upcoming=upcoming,
            upcoming_count=n_upcoming,
            horizon_days=horizon_days,
        )

    def _section(self, session: Session, *bounds: ColumnElement[bool]) -> tuple[tuple[TaskRow, ...], int]:
        query = tasks_in_due_order(
            self._actor, Task.user_id == self._actor.id, Task.done_at.is_(None), *bounds
        )
        rows = session.execute(query.limit(SECTION_LIMIT)).all()
        if len(rows) < SECTION_LIMIT:
            count = len(rows)
        else:
            count = int(session.scalar(query.with_only_columns(func.count(Task.id)).order_by(None)) or 0)
        return tuple(_task_row(task, contact) for task, contact in rows), count

    def _editable_task(self, session: Session, task_id: int) -> Task:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(_("Task #{task_id} does not exist (any more).").format(task_id=task_id))
        require(self._actor, "tasks.manage")
        if task.user_id != self._actor.id and self._actor.role not in MANAGES_ANY_TASK:
            raise PermissionDenied(
                _("{display_name} ({role}) may not change a task assigned to someone else.").format(
                    display_name=self._actor.display_name, role=role_word(self._actor.role)
                )
            )
        return task

    @staticmethod
    def _row_with_contact(session: Session, task: Task) -> TaskRow:
        contact = session.get(Contact, task.contact_id) if task.contact_id is not None else None
        return _task_row(task, contact)

    def create(
        self,
        *,
        kind: TaskKind,
        title: str,
        due_at: dt.datetime,
        contact_id: int | None = None,
        duration_minutes: int = 30,
        location: str = "",
        notes: str = "",
        user_id: int | None = None,
        opportunity_id: int | None = None,
        vehicle_id: int | None = None,
    ) -> TaskRow:
        """Plan a task or appointment (audited), for the actor or, for a manager, for someone else."""
        require(self._actor, "tasks.manage")
        errors: dict[str, str] = {}
        text = (title or "").strip()
        if not text:
            errors["title"] = _("say what is to be done")
        elif len(text) > 200:
            errors["title"] = _("at most 200 characters")
        if due_at.tzinfo is None:
            errors["due_at"] = _("a timezone-aware instant is expected")
        if not 5 <= duration_minutes <= 24 * 60:
            errors["duration_minutes"] = _("between 5 minutes and a day")
        if len(location or "") > 200:
            errors["location"] = _("at most 200 characters")
        if errors:
            raise ValidationError(errors)
        assignee = user_id if user_id is not None else self._actor.id
        if assignee != self._actor.id and self._actor.role not in MANAGES_ANY_TASK:
            raise PermissionDenied(
                _("{display_name} ({role}) may not plan tasks for someone else.").format(
                    display_name=self._actor.display_name, role=role_word(self._actor.role)
                )
            )
        with unit_of_work(self._session_factory, self._actor) as session:
            if contact_id is not None:
                contact = get_contact(session, contact_id, include_erased=True)
                require(self._actor, "contacts.read", contact)
            task = Task(
                kind=kind,
                title=text,
                due_at=due_at.astimezone(dt.UTC),
                duration_minutes=duration_minutes,
                location=(location or "").strip() or None,
                notes=(notes or "").strip() or None,
                contact_id=contact_id,
                user_id=assignee or None,
                created_by_id=self._user_id,
                opportunity_id=opportunity_id,
                vehicle_id=vehicle_id,
            )
            session.add(task)
            session.flush()
            return self._row_with_contact(session, task)

    def complete(self, *, task_id: int, at: dt.datetime | None = None) -> TaskRow:
        """Mark a task done (audited); only its assignee or a manager may. Done twice is still done once."""
        with unit_of_work(self._session_factory, self._actor) as session:
            task = self._editable_task(session, task_id)
            if task.done_at is None:
                task.done_at = at or utcnow()
            return self._row_with_contact(session, task)

    def reopen(self, *, task_id: int) -> TaskRow:
        """Undo `complete`: the task is open again (audited)."""
        with unit_of_work(self._session_factory, self._actor) as session:
            task = self._editable_task(session, task_id)
            task.done_at = None
            return self._row_with_contact(session, task)

    def reschedule(self, *, task_id: int, due_at: dt.datetime) -> TaskRow:
        """Move an open task to another time (audited); only its assignee or a manager may."""
        if due_at.tzinfo is None:
            raise ValidationError({"due_at": _("a timezone-aware instant is expected")})
        with unit_of_work(self._session_factory, self._actor) as session:
            task = self._editable_task(session, task_id)
            if task.done_at is not None:
                raise ValidationError({"due_at": _("this task is already done: reopen it first")})
            task.due_at = due_at.astimezone(dt.UTC)
            return self._row_with_contact(session, task)
