"""ClaimService on a real SQLite database: queues, paging, visibility, overdue count, transitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Claim, ClaimEvent
from dealercrm.models.enums import Channel, ClaimCategory, ClaimStatus, Lifecycle, Role, Severity
from dealercrm.services.claims import TRANSITIONS, ClaimQueue, ClaimService
from dealercrm.services.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from tests.unit.test_vehicles_service import add_contact, add_vehicle

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def add_claim(db: Database, contact_id: int, **kw: Any) -> int:
    values: dict[str, Any] = {
        "category": ClaimCategory.MECHANICAL,
        "severity": Severity.MEDIUM,
        "channel": Channel.PHONE,
        "description": "Rattle after the repair",
        "opened_at": NOW - dt.timedelta(days=1),
        "due_at": NOW + dt.timedelta(hours=8),
    }
    values.update(kw)
    with db.session_factory.begin() as s:
        claim = Claim(contact_id=contact_id, **values)
        s.add(claim)
        s.flush()
        return claim.id


def svc(db: Database, actor: Actor) -> ClaimService:
    return ClaimService(db.session_factory, actor=actor)


def test_queues(db: Database, aftersales: Actor, make_user: Callable[..., Actor]) -> None:
    other = make_user(Role.AFTERSALES)
    contact = add_contact(db)
    mine = add_claim(db, contact, assignee_id=aftersales.id, due_at=NOW + dt.timedelta(hours=2))
    late = add_claim(db, contact, assignee_id=other.id, due_at=NOW - dt.timedelta(hours=3))
    unassigned = add_claim(db, contact, due_at=NOW + dt.timedelta(hours=30))
    closed = add_claim(db, contact, assignee_id=aftersales.id, status=ClaimStatus.CLOSED, opened_at=NOW)
    service = svc(db, aftersales)

    def ids(queue: ClaimQueue) -> list[int]:
        return [r.id for r in service.list_page(queue=queue, now=NOW)]

    assert ids(ClaimQueue.MINE) == [mine]
    assert ids(ClaimQueue.TEAM) == [late, mine, unassigned]  # most urgent first
    assert ids(ClaimQueue.OVERDUE) == [late]
    assert ids(ClaimQueue.ALL)[0] == closed  # newest first
    assert sorted(ids(ClaimQueue.ALL)) == sorted([mine, late, unassigned, closed])
    assert service.overdue_count(now=NOW) == 1
    assert service.overdue_count(now=NOW, mine_only=True) == 0


def test_category_filter_and_row_contents(db: Database, aftersales: Actor) -> None:
    contact = add_contact(db, last_name="Durand")
    vehicle = add_vehicle(db, plate="AB-123-CD")
    wanted = add_claim(
        db, contact, vehicle_id=vehicle, category=ClaimCategory.BODYWORK, assignee_id=aftersales.id
    )
    add_claim(db, contact, category=ClaimCategory.BILLING)

    rows = svc(db, aftersales).list_page(queue=ClaimQueue.ALL, category=ClaimCategory.BODYWORK)

    assert [(r.id, r.contact_name, r.vehicle_plate, r.assignee_name) for r in rows] == [
        (wanted, "Paul Durand", "AB-123-CD", "Sophie SAV")
    ]


@pytest.mark.parametrize("queue", [ClaimQueue.TEAM, ClaimQueue.ALL])
def test_keyset_pages_cover_every_claim_once(db: Database, manager: Actor, queue: ClaimQueue) -> None:
    contact = add_contact(db)
    # Equal deadlines and opening times: the id breaks the ties.
    ids = [add_claim(db, contact, due_at=NOW + dt.timedelta(hours=i % 3)) for i in range(7)]
    service = svc(db, manager)
    seen: list[int] = []
    after = None
    while True:
        page = service.list_page(queue=queue, after=after, limit=3, now=NOW)
        seen += [r.id for r in page]
        if len(page) < 3:
            break
        after = page[-1]
    assert sorted(seen) == sorted(ids) and len(seen) == len(ids)


def test_overdue_text_helper(db: Database, aftersales: Actor) -> None:
    contact = add_contact(db)
    add_claim(db, contact, due_at=NOW - dt.timedelta(days=2, hours=3))
    row = svc(db, aftersales).list_page(queue=ClaimQueue.OVERDUE, now=NOW)[0]
    assert row.overdue_by(NOW) == dt.timedelta(days=2, hours=3)
    assert row.overdue_by(NOW - dt.timedelta(days=3)) is None


def test_salesperson_sees_only_claims_of_contacts_visible_to_them(
    db: Database, salesperson: Actor, aftersales: Actor, make_user: Callable[..., Actor]
) -> None:
    colleague = make_user(Role.SALESPERSON)
    own = add_claim(db, add_contact(db, owner=salesperson, lifecycle=Lifecycle.PROSPECT))
    customer = add_claim(db, add_contact(db, owner=colleague, lifecycle=Lifecycle.CUSTOMER))
    private = add_claim(
        db, add_contact(db, owner=colleague, lifecycle=Lifecycle.PROSPECT), due_at=NOW - dt.timedelta(hours=1)
    )

    seen = {r.id for r in svc(db, salesperson).list_page(queue=ClaimQueue.ALL, now=NOW)}

    assert seen == {own, customer}
    assert svc(db, salesperson).overdue_count(now=NOW) == 0
    with pytest.raises(NotFound):
        svc(db, salesperson).get(claim_id=private)
    assert {r.id for r in svc(db, aftersales).list_page(queue=ClaimQueue.ALL)} == {own, customer, private}
    assert svc(db, aftersales).overdue_count(now=NOW) == 1


def test_marketing_may_not_read_claims(db: Database, marketing: Actor) -> None:
    with pytest.raises(PermissionDenied):
        svc(db, marketing).list_page()
    with pytest.raises(PermissionDenied):
        svc(db, marketing).overdue_count()


def test_resolve_then_close_records_events_and_audit(db: Database, aftersales: Actor) -> None:
    claim_id = add_claim(db, add_contact(db), opened_by_id=aftersales.id)
    service = svc(db, aftersales)
    version = service.get(claim_id=claim_id).lock_version

    resolved = service.change_status(
        claim_id=claim_id,
        to_status=ClaimStatus.RESOLVED,
        resolution="Heat shield refastened",
        goodwill_cost=Decimal("120"),
        satisfaction=4,
        note="Customer called back",
        expected_version=version,
        now=NOW,
    )
    closed = service.change_status(claim_id=claim_id, to_status=ClaimStatus.CLOSED, now=NOW)

    assert resolved.row.status is ClaimStatus.RESOLVED and resolved.resolved_at == NOW
    assert closed.closed_at == NOW and closed.resolution == "Heat shield refastened"
    assert closed.goodwill_cost == Decimal("120.00") and closed.satisfaction == 4
    assert [(e.from_status, e.to_status, e.user_name) for e in closed.events] == [
        (ClaimStatus.OPEN, ClaimStatus.RESOLVED, "Sophie SAV"),
        (ClaimStatus.RESOLVED, ClaimStatus.CLOSED, "Sophie SAV"),
    ]
    assert closed.opened_by_name == "Sophie SAV"
    assert closed.allowed_transitions == (ClaimStatus.IN_PROGRESS,)
    with db.session_factory() as s:
        audited = s.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity == "claims", AuditEntry.entity_id == claim_id)
        ).all()
    assert any(c.get("status") == ["open", "resolved"] for c in audited)


def test_resolving_needs_a_resolution(db: Database, aftersales: Actor) -> None:
    claim_id = add_claim(db, add_contact(db))
    with pytest.raises(ValidationError) as err:
        svc(db, aftersales).change_status(claim_id=claim_id, to_status=ClaimStatus.RESOLVED)
    assert "resolution" in err.value.errors


def test_stale_version_is_a_conflict(db: Database, aftersales: Actor) -> None:
    claim_id = add_claim(db, add_contact(db))
    service = svc(db, aftersales)
    version = service.get(claim_id=claim_id).lock_version
    service.change_status(claim_id=claim_id, to_status=ClaimStatus.IN_PROGRESS)
    with pytest.raises(ConflictError):
        service.change_status(
            claim_id=claim_id, to_status=ClaimStatus.WAITING_PARTS, expected_version=version
        )


def test_salesperson_may_read_but_not_change_a_claim(db: Database, salesperson: Actor) -> None:
    claim_id = add_claim(db, add_contact(db, owner=salesperson))
    assert svc(db, salesperson).get(claim_id=claim_id).allowed_transitions == ()
    with pytest.raises(PermissionDenied):
        svc(db, salesperson).change_status(claim_id=claim_id, to_status=ClaimStatus.IN_PROGRESS)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(start=st.sampled_from(list(ClaimStatus)), target=st.sampled_from(list(ClaimStatus)))
def test_only_legal_transitions_succeed(
    db: Database, manager: Actor, start: ClaimStatus, target: ClaimStatus
) -> None:
    claim_id = add_claim(db, add_contact(db), status=start, resolution="done")
    service = svc(db, manager)
    if target in TRANSITIONS[start]:
        assert service.change_status(claim_id=claim_id, to_status=target).row.status is target
    else:
        with pytest.raises(ValidationError):
            service.change_status(claim_id=claim_id, to_status=target)
        with db.session_factory() as s:
            assert s.get_one(Claim, claim_id).status is start
            assert not s.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)).all()


def test_an_assignment_is_recorded_as_such_not_as_a_status_change(
    db: Database, aftersales: Actor, make_user: Callable[..., Actor]
) -> None:
    other = make_user(Role.AFTERSALES)
    claim_id = add_claim(db, add_contact(db))
    service = svc(db, aftersales)

    detail = service.assign(
        claim_id=claim_id, assignee_id=other.id, note="Vu avec le client. Pièce commandée"
    )
    assert detail.row.status is ClaimStatus.OPEN and detail.row.assignee_id == other.id
    event = detail.events[-1]
    assert event.from_status is None and event.to_status is None  # not a status change
    assert event.is_assignment and event.assigned_to == other.display_name and not event.unassigned
    assert event.comment == "Vu avec le client. Pièce commandée"
    assert event.note is not None and event.note.startswith(f"Assigned to {other.display_name}")

    detail = service.assign(claim_id=claim_id, assignee_id=None)
    event = detail.events[-1]
    assert event.unassigned and event.assigned_to is None and event.comment is None
    assert len(service.assign(claim_id=claim_id, assignee_id=None).events) == len(detail.events)


def test_assignment_notes_of_both_forms_are_read_back() -> None:
    from dealercrm.services.claims import assignment_note, parse_assignment

    assert parse_assignment(assignment_note("J. Martin", "urgent. vite")) == (
        "J. Martin",
        False,
        "urgent. vite",
    )
    assert parse_assignment(assignment_note(None)) == (None, True, None)
    assert parse_assignment("Assigned to Nicolas Roux. Vu avec lui") == ("Nicolas Roux", False, "Vu avec lui")
    assert parse_assignment("Assigned to Nicolas Roux") == ("Nicolas Roux", False, None)
    assert parse_assignment("Client rappelé") is None
    assert parse_assignment(None) is None
