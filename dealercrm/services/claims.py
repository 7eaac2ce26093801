"""After-sales claims: the queues the desk works from, one claim with its history, status changes.

After-sales staff, managers and the administrator see every claim; a salesperson sees the claims of
the contacts visible to them (their own and unassigned prospects, and every customer).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session, aliased, sessionmaker

from dealercrm.models import Claim, ClaimEvent, Contact, User, Vehicle, utcnow
from dealercrm.models.enums import Channel, ClaimCategory, ClaimStatus, Severity
from dealercrm.services.audit import unit_of_work
from dealercrm.services.errors import ConflictError, NotFound, ValidationError
from dealercrm.services.permissions import Actor, can, require, visible_contacts_clause
from dealercrm.services.vehicles import contact_name

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
    id: int
    at: dt.datetime
    user_name: str | None
    from_status: ClaimStatus | None
    to_status: ClaimStatus | None
    note: str | None


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


class ClaimService:
    """Reading the claims queues and moving a claim through its statuses."""

    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor

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
                raise NotFound(f"No claim #{claim_id}.")
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
            claim = session.get(Claim, claim_id)
            if claim is None:
                raise NotFound(f"No claim #{claim_id}.")
            if expected_version is not None and claim.lock_version != expected_version:
                raise ConflictError("Someone else changed this claim meanwhile: it has been reloaded.")
            if to_status not in TRANSITIONS[claim.status]:
                raise ValidationError(
                    {"status": f"a claim cannot go from {claim.status.value} to {to_status.value}"}
                )
            errors: dict[str, str] = {}
            if to_status is ClaimStatus.RESOLVED and not (resolution or claim.resolution or "").strip():
                errors["resolution"] = "say how the claim was resolved"
            if satisfaction is not None and not 1 <= satisfaction <= 5:
                errors["satisfaction"] = "between 1 and 5"
            if goodwill_cost is not None and goodwill_cost < 0:
                errors["goodwill_cost"] = "cannot be negative"
            if errors:
                raise ValidationError(errors)
            session.add(
                ClaimEvent(
                    claim=claim,
                    at=now,
                    user_id=self._actor.id,
                    from_status=claim.status,
                    to_status=to_status,
                    note=note.strip() or None,
                )
            )
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
            claim.status = to_status
            session.flush()
            found = session.execute(self._select().where(Claim.id == claim_id)).one()
            return self._detail(session, claim, _row(found))

    # Helpers ---------------------------------------------------------------------------------------
    def _select(self) -> Select[*tuple[Any, ...]]:
        assignee = aliased(User)
        return (
            select(
                Claim.id,
                Claim.opened_at,
                Claim.contact_id,
                Contact.kind,
                Contact.first_name,
                Contact.last_name,
                Contact.company_name,
                Claim.vehicle_id,
                Vehicle.plate,
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
        return ClaimDetail(
            row=row,
            description=claim.description,
            channel=claim.channel,
            opened_by_name=names.get(claim.opened_by_id) if claim.opened_by_id is not None else None,
            vehicle_label=vehicle.label if vehicle is not None else None,
            resolved_at=claim.resolved_at,
            closed_at=claim.closed_at,
            resolution=claim.resolution,
            satisfaction=claim.satisfaction,
            goodwill_cost=claim.goodwill_cost,
            lock_version=claim.lock_version,
            events=tuple(
                ClaimEventRow(
                    e.id,
                    e.at,
                    names.get(e.user_id) if e.user_id is not None else None,
                    e.from_status,
                    e.to_status,
                    e.note,
                )
                for e in events
            ),
            allowed_transitions=tuple(s for s in ClaimStatus if s in allowed),
        )


def _row(r: Any) -> ClaimRow:
    return ClaimRow(
        id=r.id,
        opened_at=r.opened_at,
        contact_id=r.contact_id,
        contact_name=contact_name(r.kind, r.first_name, r.last_name, r.company_name),
        vehicle_id=r.vehicle_id,
        vehicle_plate=r.plate,
        category=r.category,
        severity=r.severity,
        status=r.status,
        assignee_id=r.assignee_id,
        assignee_name=r.assignee_name,
        due_at=r.due_at,
    )
