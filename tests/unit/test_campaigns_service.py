"""CampaignService on a real SQLite database: SQL counts, target paging, visibility of contacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from dealercrm.db import Database
from dealercrm.models import Campaign, CampaignTarget
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Lifecycle,
    Role,
    TargetStatus,
)
from dealercrm.services.campaigns import CampaignService
from dealercrm.services.errors import NotFound, PermissionDenied
from dealercrm.services.permissions import Actor
from tests.unit.test_vehicles_service import add_contact

REACHED = dt.datetime(2026, 2, 10, 15, 0, tzinfo=dt.UTC)


def add_campaign(db: Database, **kw: Any) -> int:
    values: dict[str, Any] = {
        "name": "Lease renewal spring",
        "kind": CampaignKind.PHONING,
        "objective": CampaignObjective.LEASE_RENEWAL,
        "status": CampaignStatus.RUNNING,
        "starts_on": dt.date(2026, 2, 1),
        "ends_on": dt.date(2026, 3, 31),
        "cost": Decimal("1400"),
    }
    values.update(kw)
    with db.session_factory.begin() as s:
        campaign = Campaign(**values)
        s.add(campaign)
        s.flush()
        return campaign.id


def add_target(db: Database, campaign_id: int, contact_id: int, **kw: Any) -> int:
    with db.session_factory.begin() as s:
        target = CampaignTarget(campaign_id=campaign_id, contact_id=contact_id, **kw)
        s.add(target)
        s.flush()
        return target.id


def test_list_counts_targets_reached_and_appointments(db: Database, marketing: Actor) -> None:
    campaign = add_campaign(db, owner_id=marketing.id)
    empty = add_campaign(db, name="Open house", starts_on=dt.date(2026, 3, 1), status=CampaignStatus.DRAFT)
    outcomes = [
        dict(status=TargetStatus.DONE, reached_at=REACHED, last_outcome=CallOutcome.APPOINTMENT, attempts=1),
        dict(status=TargetStatus.DONE, reached_at=REACHED, last_outcome=CallOutcome.NOT_INTERESTED),
        dict(status=TargetStatus.IN_PROGRESS, last_outcome=CallOutcome.NO_ANSWER, attempts=2),
        dict(status=TargetStatus.PENDING),
        dict(status=TargetStatus.EXCLUDED, excluded_reason="bloctel"),
    ]
    for i, kw in enumerate(outcomes):
        add_target(db, campaign, add_contact(db, last_name=f"T{i}"), **kw)

    rows = CampaignService(db.session_factory, actor=marketing).list_campaigns()

    assert [r.id for r in rows] == [empty, campaign]  # newest first
    row = rows[1]
    assert (row.targets, row.excluded, row.reached, row.appointments) == (4, 1, 2, 1)
    assert row.owner_name == "Karim Marketing" and row.cost == Decimal("1400.00")
    assert row.reach_rate == 0.5
    assert (rows[0].targets, rows[0].reached, rows[0].reach_rate) == (0, 0, None)
    drafts = CampaignService(db.session_factory, actor=marketing).list_campaigns(status=CampaignStatus.DRAFT)
    assert [r.id for r in drafts] == [empty]


def test_targets_page_by_page(db: Database, manager: Actor, salesperson: Actor) -> None:
    campaign = add_campaign(db)
    contacts = [add_contact(db, last_name=f"C{i}") for i in range(7)]
    for c in contacts:
        add_target(db, campaign, c, assigned_user_id=salesperson.id, attempts=1)
    service = CampaignService(db.session_factory, actor=manager)

    seen: list[int] = []
    after = None
    while True:
        page = service.targets_page(campaign_id=campaign, after=after, limit=3)
        seen += [t.contact_id for t in page]
        if len(page) < 3:
            break
        after = page[-1]

    assert seen == contacts
    first = service.targets_page(campaign_id=campaign, limit=1)[0]
    assert (first.contact_name, first.assigned_name, first.attempts) == ("Paul C0", "Julie Vendeuse", 1)


def test_target_status_filter(db: Database, manager: Actor) -> None:
    campaign = add_campaign(db)
    add_target(db, campaign, add_contact(db), status=TargetStatus.EXCLUDED, excluded_reason="opt-out")
    kept = add_target(db, campaign, add_contact(db))
    rows = CampaignService(db.session_factory, actor=manager).targets_page(
        campaign_id=campaign, status=TargetStatus.PENDING
    )
    assert [r.id for r in rows] == [kept]


def test_salesperson_does_not_see_other_salespersons_prospects_among_targets(
    db: Database, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    colleague = make_user(Role.SALESPERSON)
    campaign = add_campaign(db)
    mine = add_contact(db, owner=salesperson, lifecycle=Lifecycle.PROSPECT)
    customer = add_contact(db, owner=colleague, lifecycle=Lifecycle.CUSTOMER)
    private = add_contact(db, owner=colleague, lifecycle=Lifecycle.PROSPECT)
    for c in (mine, customer, private):
        add_target(db, campaign, c)

    rows = CampaignService(db.session_factory, actor=salesperson).targets_page(campaign_id=campaign)

    assert {r.contact_id for r in rows} == {mine, customer}


def test_after_sales_may_not_read_campaigns(db: Database, aftersales: Actor) -> None:
    with pytest.raises(PermissionDenied):
        CampaignService(db.session_factory, actor=aftersales).list_campaigns()
    with pytest.raises(PermissionDenied):
        CampaignService(db.session_factory, actor=aftersales).targets_page(campaign_id=1)


def test_unknown_campaign(db: Database, manager: Actor) -> None:
    with pytest.raises(NotFound):
        CampaignService(db.session_factory, actor=manager).targets_page(campaign_id=42)
