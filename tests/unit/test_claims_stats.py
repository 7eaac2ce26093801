"""Claims: quick creation with a working-hours deadline, assignment, timeline, permissions for the
after-sales staff, overdue detection, and statistics on a small dataset checked by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Interaction
from dealercrm.models.enums import Channel, ClaimCategory, ClaimStatus, Role, Severity
from dealercrm.services.claims import ClaimQueue, ClaimService
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor, can
from dealercrm.services.settings import SettingsService
from tests.unit.test_claims_service import add_claim
from tests.unit.test_vehicles_service import add_contact, add_vehicle

FRIDAY_17H_PARIS = dt.datetime(2026, 3, 6, 16, 0, tzinfo=dt.UTC)


def test_create_from_a_vehicle_takes_its_owner_and_the_sla_deadline(db: Database, aftersales: Actor) -> None:
    owner = add_contact(db, last_name="Durand")
    car = add_vehicle(db, plate="AB-123-CD", owner_contact_id=owner)
    service = ClaimService(db.session_factory, actor=aftersales)

    claim = service.create(
        contact_id=None,
        vehicle_id=car,
        category=ClaimCategory.MECHANICAL,
        severity=Severity.CRITICAL,
        channel=Channel.PHONE,
        description="Rattle after the repair\nat 90 km/h",
        assignee_id=aftersales.id,
        now=FRIDAY_17H_PARIS,
    )

    # Critical: 4 working hours; Friday 17:00 + 1 h, then Monday 9:00 + 3 h = 12:00 Paris = 11:00 UTC.
    assert claim.row.due_at == dt.datetime(2026, 3, 9, 11, 0, tzinfo=dt.UTC)
    assert claim.row.contact_id == owner and claim.row.vehicle_plate == "AB-123-CD"
    assert claim.row.assignee_name == "Sophie SAV" and claim.opened_by_name == "Sophie SAV"
    assert [(e.from_status, e.to_status) for e in claim.events] == [(None, ClaimStatus.OPEN)]
    with db.session_factory() as s:
        notes = s.scalars(select(Interaction.summary).where(Interaction.contact_id == owner)).all()
    assert notes == [f"Claim #{claim.row.id} opened (mechanical, critical): Rattle after the repair"]


def test_sla_follows_the_dealership_settings(db: Database, aftersales: Actor, admin: Actor) -> None:
    SettingsService(db.session_factory, actor=admin).set_many(
        values={
            "claims.sla_hours": {"low": 72, "medium": 40, "high": 2, "critical": 1},
            "claims.working_hours": [8, 12],
        }
    )
    claim = ClaimService(db.session_factory, actor=aftersales).create(
        contact_id=add_contact(db),
        category=ClaimCategory.BILLING,
        severity=Severity.HIGH,
        channel=Channel.EMAIL,
        description="Invoice wrong",
        now=FRIDAY_17H_PARIS,
    )
    assert claim.row.due_at == dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)  # Monday 10:00 Paris


def test_create_needs_a_description_and_a_customer(db: Database, aftersales: Actor) -> None:
    service = ClaimService(db.session_factory, actor=aftersales)
    with pytest.raises(ValidationError) as err:
        service.create(
            contact_id=None,
            category=ClaimCategory.OTHER,
            severity=Severity.LOW,
            channel=Channel.VISIT,
            description=" ",
        )
    assert set(err.value.errors) == {"description", "contact"}


def test_assignment_is_an_event_and_only_to_staff(
    db: Database, aftersales: Actor, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    chief = make_user(Role.AFTERSALES, display_name="Workshop Chief")
    claim_id = add_claim(db, add_contact(db))
    service = ClaimService(db.session_factory, actor=aftersales)
    assert {a.name for a in service.assignees()} >= {"Workshop Chief", "Sophie SAV"}

    detail = service.assign(claim_id=claim_id, assignee_id=chief.id, note="Please look today")

    assert detail.row.assignee_name == "Workshop Chief"
    assert detail.events[-1].note == "Assigned to Workshop Chief\nPlease look today"
    with pytest.raises(ValidationError) as err:
        service.assign(claim_id=claim_id, assignee_id=salesperson.id)
    assert "not after-sales staff" in err.value.errors["assignee"]
    with pytest.raises(PermissionDenied):
        ClaimService(db.session_factory, actor=salesperson).assign(claim_id=claim_id, assignee_id=chief.id)


def test_illegal_transition_is_refused_with_a_clear_error(db: Database, aftersales: Actor) -> None:
    claim_id = add_claim(db, add_contact(db))
    with pytest.raises(ValidationError) as err:
        ClaimService(db.session_factory, actor=aftersales).change_status(
            claim_id=claim_id, to_status=ClaimStatus.CLOSED
        )
    assert str(err.value) == (
        "status: a claim cannot go from open to closed "
        "(from open it may go to: in progress, waiting for the customer, waiting for parts, resolved)"
    )


def test_reopening_keeps_the_history_and_the_timeline_tells_it(db: Database, aftersales: Actor) -> None:
    contact = add_contact(db)
    service = ClaimService(db.session_factory, actor=aftersales)
    claim = service.create(
        contact_id=contact,
        category=ClaimCategory.ELECTRICAL,
        severity=Severity.MEDIUM,
        channel=Channel.PHONE,
        description="Screen reboots",
    )
    cid = claim.row.id
    service.change_status(claim_id=cid, to_status=ClaimStatus.RESOLVED, resolution="Software update")
    service.change_status(claim_id=cid, to_status=ClaimStatus.CLOSED, satisfaction=2)
    reopened = service.change_status(claim_id=cid, to_status=ClaimStatus.IN_PROGRESS, note="Again")

    assert [e.to_status for e in reopened.events] == [
        ClaimStatus.OPEN,
        ClaimStatus.RESOLVED,
        ClaimStatus.CLOSED,
        ClaimStatus.IN_PROGRESS,
    ]
    assert reopened.resolved_at is None and reopened.resolution == "Software update"
    with db.session_factory() as s:
        notes = s.scalars(
            select(Interaction.summary).where(Interaction.contact_id == contact).order_by(Interaction.id)
        ).all()
    assert notes[1:] == [
        f"Claim #{cid} open → resolved: Software update",
        f"Claim #{cid} resolved → closed (satisfaction 2/5)",
        f"Claim #{cid} reopened",
    ]


def test_overdue_detection(db: Database, aftersales: Actor) -> None:
    now = dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC)
    contact = add_contact(db)
    late = add_claim(db, contact, due_at=now - dt.timedelta(minutes=1))
    add_claim(db, contact, due_at=now)  # due this very minute: not yet late
    add_claim(db, contact, due_at=now - dt.timedelta(days=3), status=ClaimStatus.RESOLVED)  # handled
    add_claim(
        db,
        contact,
        due_at=now - dt.timedelta(days=3),
        status=ClaimStatus.WAITING_PARTS,
        assignee_id=aftersales.id,
    )
    service = ClaimService(db.session_factory, actor=aftersales)
    overdue = service.list_page(queue=ClaimQueue.OVERDUE, now=now)
    assert len(overdue) == 2 and late in {r.id for r in overdue}
    assert all(r.overdue_by(now) for r in overdue)
    assert service.overdue_count(now=now) == 2
    assert service.overdue_count(now=now, mine_only=True) == 1


def test_permission_rules_for_after_sales_staff(aftersales: Actor) -> None:
    allowed = {
        "claims.read",
        "claims.create",
        "claims.manage",
        "service.log",
        "vehicles.read",
        "vehicles.manage",
        "contacts.read",
        "sales.read",
        "interactions.log",
    }
    refused = {
        "sales.record",
        "contacts.update",
        "contacts.delete",
        "opportunities.manage",
        "campaigns.manage",
        "reports.read",
        "settings.manage",
        "users.manage",
    }
    assert all(can(aftersales, a) for a in allowed)
    assert not any(can(aftersales, a) for a in refused)


START = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def test_statistics_on_a_hand_checked_dataset(db: Database, manager: Actor) -> None:
    c = add_contact(db)
    day = dt.timedelta(days=1)
    hour = dt.timedelta(hours=1)
    t0 = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)
    # Resolved in February: 10 h (on time), 30 h (late), 2 h (on time), 48 h (on time).
    add_claim(
        db,
        c,
        category=ClaimCategory.MECHANICAL,
        status=ClaimStatus.CLOSED,
        opened_at=t0,
        due_at=t0 + 16 * hour,
        resolved_at=t0 + 10 * hour,
        satisfaction=4,
        goodwill_cost=Decimal("120"),
    )
    add_claim(
        db,
        c,
        category=ClaimCategory.MECHANICAL,
        status=ClaimStatus.RESOLVED,
        opened_at=t0 + day,
        due_at=t0 + day + 16 * hour,
        resolved_at=t0 + day + 30 * hour,
        satisfaction=2,
    )
    add_claim(
        db,
        c,
        category=ClaimCategory.BILLING,
        status=ClaimStatus.CLOSED,
        opened_at=t0 + 2 * day,
        due_at=t0 + 2 * day + 40 * hour,
        resolved_at=t0 + 2 * day + 2 * hour,
        goodwill_cost=Decimal("35.50"),
    )
    add_claim(
        db,
        c,
        category=ClaimCategory.BODYWORK,
        status=ClaimStatus.CLOSED,
        opened_at=t0 + 3 * day,
        due_at=t0 + 3 * day + 72 * hour,
        resolved_at=t0 + 3 * day + 48 * hour,
        satisfaction=5,
    )
    # Opened in February, still open.
    add_claim(
        db,
        c,
        category=ClaimCategory.MECHANICAL,
        status=ClaimStatus.OPEN,
        opened_at=t0 + 10 * day,
        due_at=t0 + 11 * day,
    )
    # Opened in January, resolved in February (2026-01-31 12:00 -> 2026-02-01 12:00: 24 h, late).
    jan = dt.datetime(2026, 1, 31, 12, 0, tzinfo=dt.UTC)
    add_claim(
        db,
        c,
        category=ClaimCategory.DELIVERY,
        status=ClaimStatus.RESOLVED,
        opened_at=jan,
        due_at=jan + 4 * hour,
        resolved_at=jan + day,
    )
    # Outside the period entirely.
    add_claim(
        db,
        c,
        category=ClaimCategory.OTHER,
        status=ClaimStatus.CLOSED,
        opened_at=END + day,
        resolved_at=END + 2 * day,
        due_at=END + 3 * day,
        goodwill_cost=Decimal("999"),
        satisfaction=1,
    )

    stats = ClaimService(db.session_factory, actor=manager).stats(period_start=START, period_end=END)

    assert stats.opened == 5
    assert stats.by_category == {
        ClaimCategory.MECHANICAL: 3,
        ClaimCategory.BILLING: 1,
        ClaimCategory.BODYWORK: 1,
    }
    assert stats.by_status == {ClaimStatus.CLOSED: 3, ClaimStatus.RESOLVED: 1, ClaimStatus.OPEN: 1}
    assert stats.resolved == 5  # 10, 30, 2, 48 and 24 hours
    assert stats.mean_hours_to_resolution == pytest.approx((10 + 30 + 2 + 48 + 24) / 5)  # 22.8
    assert stats.median_hours_to_resolution == pytest.approx(24)
    assert stats.resolved_within_deadline == 3 and stats.resolved_within_deadline_share == pytest.approx(0.6)
    assert stats.satisfaction_answers == 3 and stats.mean_satisfaction == pytest.approx(11 / 3)
    assert stats.goodwill_cost == Decimal("155.50") and stats.goodwill_claims == 2


def test_statistics_of_an_empty_period(db: Database, manager: Actor) -> None:
    stats = ClaimService(db.session_factory, actor=manager).stats(period_start=START, period_end=END)
    assert (
        stats.opened == 0
        and stats.mean_hours_to_resolution is None
        and stats.median_hours_to_resolution is None
    )
    assert stats.resolved_within_deadline_share is None and stats.goodwill_cost == Decimal("0.00")
    with pytest.raises(ValidationError):
        ClaimService(db.session_factory, actor=manager).stats(period_start=END, period_end=START)
