"""After-sales claims: the queues the desk works from, one claim with its history, status changes.

After-sales staff, managers and the administrator see every claim; a salesperson sees the claims of
the contacts visible to them (their own and unassigned prospects, and every customer).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, Select, case, func, select, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from dealercrm.i18n import NC_, _, pgettext
from dealercrm.models import Claim, ClaimEvent, Contact, Interaction, User, Vehicle, utcnow
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ClaimStatus,
    Direction,
    InteractionType,
    Role,
    Severity,
)
from dealercrm.models.people import display_name_sql
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, UserOption, active_users, row_from
from dealercrm.services.errors import ConflictError, NotFound, ValidationError
from dealercrm.services.permissions import can, contact_visible, require, visible_contacts_clause
from dealercrm.services.settings import dealership_timezone, read_setting
from dealercrm.services.work_calendar import load_calendar
from dealercrm.services.working_hours import add_working_hours

OPEN_STATUSES = (
    ClaimStatus.OPEN,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.WAITING_CUSTOMER,
    ClaimStatus.WAITING_PARTS,
)

# Where a claim may go from each status. Resolved and closed claims can be reopened (in progress);
# their earlier events stay.
TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.OPEN: frozenset(
        {
            ClaimStatus.IN_PROGRESS,
            ClaimStatus.WAITING_CUSTOMER,
            ClaimStatus.WAITING_PARTS,
            ClaimStatus.RESOLVED,
        }
    ),
    ClaimStatus.IN_PROGRESS: frozenset(
        {ClaimStatus.WAITING_CUSTOMER, ClaimStatus.WAITING_PARTS, ClaimStatus.RESOLVED}
    ),
    ClaimStatus.WAITING_CUSTOMER: frozenset({ClaimStatus.IN_PROGRESS, ClaimStatus.RESOLVED}),
    ClaimStatus.WAITING_PARTS: frozenset({ClaimStatus.IN_PROGRESS, ClaimStatus.RESOLVED}),
    ClaimStatus.RESOLVED: frozenset({ClaimStatus.CLOSED, ClaimStatus.IN_PROGRESS}),
    ClaimStatus.CLOSED: frozenset({ClaimStatus.IN_PROGRESS}),
}


# Roles a claim may be assigned to: the after-sales desk, the workshop chief (after-sales), managers.
ASSIGNABLE_ROLES = (Role.AFTERSALES, Role.MANAGER)


class seconds_between(FunctionElement[float]):  # noqa: N801 - used like a SQL function
    """Seconds from the first timestamp to the second, in SQL (SQLite and PostgreSQL spell it apart)."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"((julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)})) * 86400.0)"
    )


@compiles(seconds_between)
def _seconds_between_default(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)}))"


@dataclass(frozen=True)
class ClaimStats:
    """Claims over a period [start, end): opened ones by category and status; resolved ones by how
    long they took (wall-clock hours), whether on time, how satisfied the customer was, what goodwill
    cost."""

    period_start: dt.datetime
    period_end: dt.datetime
    opened: int
    by_category: dict[ClaimCategory, int]
    by_status: dict[ClaimStatus, int]
    resolved: int
    mean_hours_to_resolution: float | None
    median_hours_to_resolution: float | None
    resolved_within_deadline: int
    resolved_within_deadline_share: float | None
    satisfaction_answers: int
    mean_satisfaction: float | None
    goodwill_cost: Decimal
    goodwill_claims: int


Assignee = UserOption  # a user a claim can be assigned to


class ClaimQueue(StrEnum):
    """The lists the after-sales desk works from."""

    MINE = "mine"  # open claims assigned to the actor, most urgent first
    TEAM = "team"  # every open claim, most urgent first
    OVERDUE = "overdue"  # open claims past their deadline, most overdue first
    ALL = "all"  # every claim, newest first


@dataclass(frozen=True)
class ClaimRow:
    """One line of a claims queue."""

    id: int
    opened_at: dt.datetime
    contact_id: int
    contact_name: str
    vehicle_id: int | None
    vehicle_plate: str | None
    category: ClaimCategory
    severity: Severity
    status: ClaimStatus
    assignee_id: int | None
    assignee_name: str | None
    due_at: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_by(self, now: dt.datetime) -> dt.timedelta | None:
        """How late an open claim is at `now`; None when it is closed or still on time."""
        if not self.is_open or self.due_at >= now:
            return None
        return now - self.due_at


@dataclass(frozen=True)
class ClaimEventRow:
    """One line of a claim's history: a status change (from/to), an assignment, or a note.

    `note` is the text stored. For an assignment event (no status change), `assigned_to` names the
    new assignee, `unassigned` says the claim was taken back from someone, and `comment` is the note
    typed with it, so that the interface words the assignment itself, in its language.
    """

    id: int
    at: dt.datetime
    user_name: str | None
    from_status: ClaimStatus | None
    to_status: ClaimStatus | None
    note: str | None
    assigned_to: str | None = None
    unassigned: bool = False
    comment: str | None = None

    @property
    def is_assignment(self) -> bool:
        return self.assigned_to is not None or self.unassigned


STATUS_WORDS: dict[ClaimStatus, tuple[str, str]] = {
    ClaimStatus.OPEN: NC_("claim status", "open"),
    ClaimStatus.IN_PROGRESS: NC_("claim status", "in progress"),
    ClaimStatus.WAITING_CUSTOMER: NC_("claim status", "waiting for the customer"),
    ClaimStatus.WAITING_PARTS: NC_("claim status", "waiting for parts"),
    ClaimStatus.RESOLVED: NC_("claim status", "resolved"),
    ClaimStatus.CLOSED: NC_("claim status", "closed"),
}


def status_word(status: ClaimStatus) -> str:
    """A claim status as a word of a sentence, in the current language."""
    return pgettext(*STATUS_WORDS[status])


# The stored note of an assignment event: its first line says who it went to, the note typed follows.
ASSIGNED_TO = "Assigned to "
UNASSIGNED = "Unassigned"


def assignment_note(assignee_name: str | None, note: str = "") -> str:
    """The note stored with an assignment event (English, as every stored event text)."""
    head = f"{ASSIGNED_TO}{assignee_name}" if assignee_name else UNASSIGNED
    return f"{head}\n{note.strip()}" if note.strip() else head


def parse_assignment(note: str | None) -> tuple[str | None, bool, str | None] | None:
    """(assignee name, unassigned, note typed) of an assignment event's note; None for another note.

    Reads the current form (first line, then the note) and the earlier "Assigned to X. note" one.
    """
    if not note:
        return None
    head, newline, rest = note.partition("\n")
    if not newline:
        for prefix in (ASSIGNED_TO, UNASSIGNED):
            if head.startswith(prefix) and ". " in head[len(prefix) :]:
                cut = head.index(". ", len(prefix))
                head, rest = head[:cut], head[cut + 2 :]
                break
    head = head.strip().removesuffix(".")
    comment = rest.strip() or None
    if head == UNASSIGNED:
        return None, True, comment
    if head.startswith(ASSIGNED_TO) and head[len(ASSIGNED_TO) :].strip():
        return head[len(ASSIGNED_TO) :].strip(), False, comment
    return None


@dataclass(frozen=True)
class ClaimDetail:
    """Everything the detail pane shows about one claim."""

    row: ClaimRow
    description: str
    channel: Channel
    opened_by_name: str | None
    vehicle_label: str | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    resolution: str | None
    satisfaction: int | None
    goodwill_cost: Decimal | None
    lock_version: int
    events: tuple[ClaimEventRow, ...]
    allowed_transitions: tuple[ClaimStatus, ...]  # empty when the actor may not change the status


def deadline_rule(session: Session) -> Callable[[Severity, dt.datetime], dt.datetime]:
    """The dealership's SLA as a function: a claim of this severity opened then is due at... (working
    hours: `claims.working_hours`, Monday-Friday, the dealership's public holidays off (its
    `WorkCalendar`); `claims.sla_hours`)."""
    sla: dict[str, Any] = read_setting(session, "claims.sla_hours")
    opening = read_setting(session, "claims.working_hours")
    tz = dealership_timezone(session)
    calendar = load_calendar(session)

    def due(severity: Severity, opened: dt.datetime) -> dt.datetime:
        hours = float(sla.get(severity.value, 40))
        return add_working_hours(opened, hours, opening=opening, tz=tz, calendar=calendar)

    return due


class ClaimService(Service):
    """Reading the claims queues and moving a claim through its statuses."""

    def list_page(
        self,
        *,
        queue: ClaimQueue = ClaimQueue.TEAM,
        category: ClaimCategory | None = None,
        after: ClaimRow | None = None,
        limit: int = 200,
        now: dt.datetime | None = None,
    ) -> list[ClaimRow]:
        """The `limit` claims of `queue` that follow `after`.

        Open queues are ordered by deadline (the status/deadline index), the full list by opening
        time, newest first (the opening-time index).
        """
        require(self._actor, "claims.read")
        now = now or utcnow()
        stmt = self._select()
        if queue is ClaimQueue.ALL:
            if after is not None:
                stmt = stmt.where(tuple_(Claim.opened_at, Claim.id) < tuple_(after.opened_at, after.id))
            stmt = stmt.order_by(Claim.opened_at.desc(), Claim.id.desc())
        else:
            stmt = stmt.where(Claim.status.in_(OPEN_STATUSES))
            if queue is ClaimQueue.MINE:
                stmt = stmt.where(Claim.assignee_id == self._actor.id)
            elif queue is ClaimQueue.OVERDUE:
                stmt = stmt.where(Claim.due_at < now)
            if after is not None:
                stmt = stmt.where(tuple_(Claim.due_at, Claim.id) > tuple_(after.due_at, after.id))
            stmt = stmt.order_by(Claim.due_at, Claim.id)
        if category is not None:
            stmt = stmt.where(Claim.category == category)
        with self._session_factory() as session:
            return [_row(r) for r in session.execute(stmt.limit(limit))]

    def overdue_count(self, *, now: dt.datetime | None = None, mine_only: bool = False) -> int:
        """How many open claims the actor can see are past their deadline (for the status bar)."""
        require(self._actor, "claims.read")
        stmt = (
            select(func.count())
            .select_from(Claim)
            .join(Contact, Contact.id == Claim.contact_id)
            .where(
                Claim.status.in_(OPEN_STATUSES),
                Claim.due_at < (now or utcnow()),
                visible_contacts_clause(self._actor),
            )
        )
        if mine_only:
            stmt = stmt.where(Claim.assignee_id == self._actor.id)
        with self._session_factory() as session:
            return int(session.scalar(stmt) or 0)

    def get(self, *, claim_id: int) -> ClaimDetail:
        """One claim with its description, its history and, once handled, how it ended."""
        require(self._actor, "claims.read")
        with self._session_factory() as session:
            found = session.execute(self._select().where(Claim.id == claim_id)).first()
            claim = session.get(Claim, claim_id)
            if found is None or claim is None:
                # A salesperson asking for a claim on someone else's prospect gets the same answer.
                raise NotFound(_("No claim #{claim_id}.").format(claim_id=claim_id))
            return self._detail(session, claim, _row(found))

    def change_status(
        self,
        *,
        claim_id: int,
        to_status: ClaimStatus,
        note: str = "",
        resolution: str | None = None,
        satisfaction: int | None = None,
        goodwill_cost: Decimal | None = None,
        expected_version: int | None = None,
        now: dt.datetime | None = None,
    ) -> ClaimDetail:
        """Move a claim to `to_status` if the workflow allows it, recording an event.

        Resolving needs a resolution text; satisfaction (1 to 5) and goodwill may be given when
        resolving or closing. `expected_version` is the lock version the user saw: if someone else
        changed the claim since, ConflictError is raised and nothing is saved.
        """
        require(self._actor, "claims.manage")
        now = now or utcnow()
        with unit_of_work(self._session_factory, self._actor) as session:
            claim = self._claim_for_update(session, claim_id, expected_version)
            if to_status not in TRANSITIONS[claim.status]:
                allowed = ", ".join(status_word(s) for s in ClaimStatus if s in TRANSITIONS[claim.status])
                raise ValidationError(
                    {
                        "status": _(
                            "a claim cannot go from {status} to {to_status} (from {status} it may go "
                            "to: {allowed})"
                        ).format(
                            status=status_word(claim.status),
                            to_status=status_word(to_status),
                            allowed=allowed or "—",
                        )
                    }
                )
            errors: dict[str, str] = {}
            if to_status is ClaimStatus.RESOLVED and not (resolution or claim.resolution or "").strip():
                errors["resolution"] = _("say how the claim was resolved")
            if satisfaction is not None and not 1 <= satisfaction <= 5:
                errors["satisfaction"] = _("between 1 and 5")
            if goodwill_cost is not None and goodwill_cost < 0:
                errors["goodwill_cost"] = _("cannot be negative")
            if errors:
                raise ValidationError(errors)
            self._event(session, claim, now, claim.status, to_status, note.strip() or None)
            if to_status is ClaimStatus.RESOLVED:
                claim.resolved_at = now
            elif to_status is ClaimStatus.CLOSED:
                claim.closed_at = now
            elif to_status in OPEN_STATUSES and claim.status not in OPEN_STATUSES:  # reopened
                claim.resolved_at = None
                claim.closed_at = None
            if resolution is not None and resolution.strip():
                claim.resolution = resolution.strip()
            if satisfaction is not None:
                claim.satisfaction = satisfaction
            if goodwill_cost is not None:
                claim.goodwill_cost = goodwill_cost
            reopened = to_status in OPEN_STATUSES and claim.status not in OPEN_STATUSES
            # The timeline line is stored as written, in the language of the user who made the change.
            summary = (
                _("Claim #{id} reopened").format(id=claim.id)
                if reopened
                else _("Claim #{id} {before} → {after}").format(
                    id=claim.id, before=status_word(claim.status), after=status_word(to_status)
                )
            )
            claim.status = to_status
            if to_status is ClaimStatus.RESOLVED and claim.resolution:
                summary += f": {_first_line(claim.resolution)}"
            if to_status is ClaimStatus.CLOSED and claim.satisfaction is not None:
                summary += " " + _("(satisfaction {n}/5)").format(n=claim.satisfaction)
            self._timeline(session, claim, now, summary)
            session.flush()
            found = session.execute(self._select().where(Claim.id == claim_id)).one()
            return self._detail(session, claim, _row(found))

    def create(
        self,
        *,
        contact_id: int | None,
        category: ClaimCategory,
        severity: Severity,
        channel: Channel,
        description: str,
        vehicle_id: int | None = None,
        assignee_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> ClaimDetail:
        """Open a claim. Its deadline is the SLA of its severity (`claims.sla_hours`) counted in
        working hours (`claims.working_hours`, Monday-Friday, French holidays off) from now. Without
        a contact, the vehicle's owner is the customer."""
        require(self._actor, "claims.create")
        now = now or utcnow()
        errors: dict[str, str] = {}
        if not description.strip():
            errors["description"] = _("say what the customer complains about")
        with unit_of_work(self._session_factory, self._actor) as session:
            vehicle = session.get(Vehicle, vehicle_id) if vehicle_id is not None else None
            if vehicle_id is not None and vehicle is None:
                raise NotFound(_("No vehicle #{vehicle_id}.").format(vehicle_id=vehicle_id))
            if contact_id is None and vehicle is not None:
                contact_id = vehicle.owner_contact_id
            if contact_id is None:
                errors["contact"] = _("choose the customer (or a vehicle that has an owner)")
                raise ValidationError(errors)
            contact = session.get(Contact, contact_id)
            if (
                contact is None
                or contact.erased_at is not None
                or not contact_visible(self._actor, owner_id=contact.owner_id, lifecycle=contact.lifecycle)
            ):
                raise NotFound(_("No contact #{contact_id}.").format(contact_id=contact_id))
            if assignee_id is not None:
                self._check_assignee(session, assignee_id, errors)
            if errors:
                raise ValidationError(errors)
            due_at = deadline_rule(session)(severity, now)
            claim = Claim(
                contact_id=contact_id,
                vehicle_id=vehicle_id,
                category=category,
                severity=severity,
                channel=channel,
                description=description.strip(),
                status=ClaimStatus.OPEN,
                opened_by_id=self._user_id,
                assignee_id=assignee_id,
                opened_at=now,
                due_at=due_at,
            )
            session.add(claim)
            session.flush()
            self._event(session, claim, now, None, ClaimStatus.OPEN)
            self._timeline(
                session,
                claim,
                now,
                f"Claim #{claim.id} opened ({category.value}, {severity.value}): {_first_line(description)}",
                direction=Direction.INBOUND,
            )
            session.flush()
            found = session.execute(self._select().where(Claim.id == claim.id)).one()
            return self._detail(session, claim, _row(found))

    def assign(
        self,
        *,
        claim_id: int,
        assignee_id: int | None,
        note: str = "",
        expected_version: int | None = None,
        now: dt.datetime | None = None,
    ) -> ClaimDetail:
        """Give the claim to a member of the after-sales staff (or a manager); None unassigns it."""
        require(self._actor, "claims.manage")
        now = now or utcnow()
        with unit_of_work(self._session_factory, self._actor) as session:
            claim = self._claim_for_update(session, claim_id, expected_version)
            errors: dict[str, str] = {}
            name = self._check_assignee(session, assignee_id, errors) if assignee_id is not None else None
            if errors:
                raise ValidationError(errors)
            if claim.assignee_id != assignee_id:
                claim.assignee_id = assignee_id
                # No from/to status: an assignment is not a status change (the history says so).
                self._event(session, claim, now, None, None, assignment_note(name, note))
                text = (
                    _("Claim #{id} assigned to {name}").format(id=claim.id, name=name)
                    if name
                    else _("Claim #{id} unassigned").format(id=claim.id)
                )
                self._timeline(session, claim, now, text)
            session.flush()
            found = session.execute(self._select().where(Claim.id == claim_id)).one()
            return self._detail(session, claim, _row(found))

    def assignees(self) -> list[Assignee]:
        """The active users a claim can be assigned to, by name."""
        require(self._actor, "claims.read")
        with self._session_factory() as session:
            return active_users(session, ASSIGNABLE_ROLES)

    def stats(self, *, period_start: dt.datetime, period_end: dt.datetime) -> ClaimStats:
        """Claims statistics for [period_start, period_end), over the claims the actor may see.

        Opened claims (by opening time) are counted by category and by their current status; resolved
        claims (by resolution time) give the time to resolution, the share resolved by their deadline,
        the mean satisfaction and the goodwill cost. Counts, sums and means are SQL aggregates; the
        median is taken from the ordered list of durations of the period, fetched in one query,
        because SQLite has no portable median/percentile aggregate.
        """
        require(self._actor, "claims.read")
        if period_end <= period_start:
            raise ValidationError({"period": _("the end must come after the start")})
        visible = visible_contacts_clause(self._actor)
        opened_in = (Claim.opened_at >= period_start, Claim.opened_at < period_end)
        resolved_in = (
            Claim.resolved_at.is_not(None),
            Claim.resolved_at >= period_start,
            Claim.resolved_at < period_end,
        )
        duration = seconds_between(Claim.opened_at, Claim.resolved_at)
        with self._session_factory() as session:
            by_category: dict[ClaimCategory, int] = {}
            by_status: dict[ClaimStatus, int] = {}
            grouped = session.execute(
                select(Claim.category, Claim.status, func.count())
                .join(Contact, Contact.id == Claim.contact_id)
                .where(visible, *opened_in)
                .group_by(Claim.category, Claim.status)
            )
            for category, status, count in grouped:
                by_category[category] = by_category.get(category, 0) + count
                by_status[status] = by_status.get(status, 0) + count
            totals = session.execute(
                select(
                    func.count(),
                    func.avg(duration),
                    func.sum(case((Claim.resolved_at <= Claim.due_at, 1), else_=0)),
                    func.count(Claim.satisfaction),
                    func.avg(Claim.satisfaction),
                    func.coalesce(func.sum(Claim.goodwill_cost), 0),
                    func.count(Claim.goodwill_cost),
                )
                .select_from(Claim)
                .join(Contact, Contact.id == Claim.contact_id)
                .where(visible, *resolved_in)
            ).one()
            durations = list(
                session.scalars(
                    select(duration)
                    .select_from(Claim)
                    .join(Contact, Contact.id == Claim.contact_id)
                    .where(visible, *resolved_in)
                    .order_by(duration)
                )
            )
        resolved, mean_seconds, on_time, answers, mean_satisfaction, goodwill_total, goodwill_claims = totals
        return ClaimStats(
            period_start=period_start,
            period_end=period_end,
            opened=sum(by_category.values()),
            by_category=by_category,
            by_status=by_status,
            resolved=int(resolved),
            mean_hours_to_resolution=float(mean_seconds) / 3600 if mean_seconds is not None else None,
            median_hours_to_resolution=statistics.median(durations) / 3600 if durations else None,
            resolved_within_deadline=int(on_time or 0),
            resolved_within_deadline_share=int(on_time or 0) / resolved if resolved else None,
            satisfaction_answers=int(answers),
            mean_satisfaction=float(mean_satisfaction) if mean_satisfaction is not None else None,
            # SUM over the integer-cents column (exact); the Money type turns it back into euros.
            goodwill_cost=Decimal(goodwill_total).quantize(Decimal("0.01")),
            goodwill_claims=int(goodwill_claims),
        )

    # Helpers ---------------------------------------------------------------------------------------
    @staticmethod
    def _check_assignee(session: Session, assignee_id: int, errors: dict[str, str]) -> str | None:
        user = session.get(User, assignee_id)
        if user is None or not user.active:
            errors["assignee"] = _("no such active user")
            return None
        if user.role not in ASSIGNABLE_ROLES:
            errors["assignee"] = _("{display_name} is not after-sales staff or a manager").format(
                display_name=user.display_name
            )
            return None
        return user.display_name

    def _claim_for_update(self, session: Session, claim_id: int, expected_version: int | None) -> Claim:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(_("No claim #{claim_id}.").format(claim_id=claim_id))
        if expected_version is not None and claim.lock_version != expected_version:
            raise ConflictError(_("Someone else changed this claim meanwhile: it has been reloaded."))
        return claim

    def _event(
        self,
        session: Session,
        claim: Claim,
        now: dt.datetime,
        from_status: ClaimStatus | None,
        to_status: ClaimStatus | None,
        note: str | None = None,
    ) -> None:
        """A line of the claim's history, by the actor."""
        session.add(
            ClaimEvent(
                claim=claim,
                at=now,
                user_id=self._user_id,
                from_status=from_status,
                to_status=to_status,
                note=note,
            )
        )

    def _timeline(
        self,
        session: Session,
        claim: Claim,
        now: dt.datetime,
        summary: str,
        *,
        direction: Direction = Direction.OUTBOUND,
    ) -> None:
        """A note on the customer's timeline, so that the contact's history tells the claim's story."""
        session.add(
            Interaction(
                contact_id=claim.contact_id,
                user_id=self._user_id,
                type=InteractionType.NOTE,
                direction=direction,
                occurred_at=now,
                summary=summary,
                amount=claim.goodwill_cost if claim.status is ClaimStatus.CLOSED else None,
                vehicle_id=claim.vehicle_id,
            )
        )

    def _select(self) -> Select[*tuple[Any, ...]]:
        """The claims the actor may see, one ClaimRow's columns each (see `_row`)."""
        assignee = aliased(User)
        return (
            select(
                Claim.id,
                Claim.opened_at,
                Claim.contact_id,
                display_name_sql().label("contact_name"),
                Claim.vehicle_id,
                Vehicle.plate.label("vehicle_plate"),
                Claim.category,
                Claim.severity,
                Claim.status,
                Claim.assignee_id,
                assignee.display_name.label("assignee_name"),
                Claim.due_at,
            )
            .join(Contact, Contact.id == Claim.contact_id)
            .outerjoin(Vehicle, Vehicle.id == Claim.vehicle_id)
            .outerjoin(assignee, assignee.id == Claim.assignee_id)
            .where(visible_contacts_clause(self._actor))
        )

    def _detail(self, session: Session, claim: Claim, row: ClaimRow) -> ClaimDetail:
        involved = (
            select(ClaimEvent.user_id)
            .where(ClaimEvent.claim_id == claim.id)
            .union(select(Claim.opened_by_id).where(Claim.id == claim.id))
        )
        names: dict[int, str] = {
            user_id: name
            for user_id, name in session.execute(
                select(User.id, User.display_name).where(User.id.in_(involved))
            )
        }
        vehicle = session.get(Vehicle, claim.vehicle_id) if claim.vehicle_id is not None else None
        events = session.scalars(
            select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.at, ClaimEvent.id)
        )
        allowed = TRANSITIONS[claim.status] if can(self._actor, "claims.manage") else frozenset()
        return row_from(
            ClaimDetail,
            claim,
            row=row,
            opened_by_name=names.get(claim.opened_by_id) if claim.opened_by_id is not None else None,
            vehicle_label=vehicle.label if vehicle is not None else None,
            events=tuple(_event_row(e, names) for e in events),
            allowed_transitions=tuple(s for s in ClaimStatus if s in allowed),
        )


def _event_row(event: ClaimEvent, names: dict[int, str]) -> ClaimEventRow:
    user_name = names.get(event.user_id) if event.user_id is not None else None
    row = ClaimEventRow(event.id, event.at, user_name, event.from_status, event.to_status, event.note)
    assignment = parse_assignment(event.note) if event.to_status is None else None
    if assignment is None:
        return row
    assigned_to, unassigned, comment = assignment
    return dataclasses.replace(row, assigned_to=assigned_to, unassigned=unassigned, comment=comment)


def _first_line(text: str, limit: int = 120) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _row(r: Any) -> ClaimRow:
    """A row of `_select()`, whose columns are named as ClaimRow's fields."""
    return ClaimRow(**r._mapping)
