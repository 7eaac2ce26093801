"""Segment filters turned into SQL: each key on a small database, validation, saved segments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Contact, Interaction, Opportunity, Sale, ServiceVisit, Vehicle
from dealercrm.models.enums import (
    Financing,
    InteractionType,
    Lifecycle,
    ServiceKind,
    SourceChannel,
    Stage,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.segments import MAX_IDS, SegmentService, check_filters, describe, segment_clause
from tests.unit.test_compliance import company, person

TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def matching(db: Database, filters: dict[str, Any]) -> set[int]:
    with db.session_factory() as s:
        return set(s.scalars(select(Contact.id).where(segment_clause(filters, today=TODAY))))


def owned_vehicle(db: Database, contact_id: int, *, registered: dt.date, **sale: Any) -> int:
    with db.session_factory.begin() as s:
        v = Vehicle(
            make="Peugeot",
            model="3008",
            condition=VehicleCondition.NEW,
            stock_status=StockStatus.CUSTOMER_OWNED,
            owner_contact_id=contact_id,
            first_registration_on=registered,
        )
        s.add(v)
        s.flush()
        if sale:
            s.add(
                Sale(
                    contact_id=contact_id,
                    vehicle_id=v.id,
                    sold_on=registered,
                    price=Decimal("30000"),
                    cost=Decimal("27000"),
                    margin=Decimal("3000"),
                    **sale,
                )
            )
        return v.id


def test_lifecycle_kind_owner_source_score(db: Database, salesperson: Actor) -> None:
    a = person(db, lifecycle=Lifecycle.CUSTOMER, score=80, source_channel=SourceChannel.WEBSITE)
    b = person(db, owner_id=salesperson.id, score=69, source_channel=SourceChannel.WALK_IN)
    c = company(db, score=70)
    assert matching(db, {"lifecycle": ["customer"]}) == {a}
    assert matching(db, {"kind": ["company"]}) == {c}
    assert matching(db, {"owner_ids": [salesperson.id]}) == {b}
    assert matching(db, {"owner_ids": [salesperson.id], "unassigned": True}) == {a, b, c}
    assert matching(db, {"source_channel": ["website", "walk_in"]}) == {a, b}
    assert matching(db, {"score_min": 70}) == {a, c}
    assert matching(db, {}) == {a, b, c}


def test_financing_end_within_months(db: Database) -> None:
    soon = person(db, lifecycle=Lifecycle.CUSTOMER)
    owned_vehicle(
        db,
        soon,
        registered=dt.date(2023, 6, 1),
        financing=Financing.LOA,
        financing_end_on=dt.date(2027, 5, 27),
    )
    later = person(db, lifecycle=Lifecycle.CUSTOMER)
    owned_vehicle(
        db,
        later,
        registered=dt.date(2023, 6, 1),
        financing=Financing.LLD,
        financing_end_on=dt.date(2027, 5, 28),
    )
    ended = person(db, lifecycle=Lifecycle.CUSTOMER)
    owned_vehicle(
        db,
        ended,
        registered=dt.date(2022, 6, 1),
        financing=Financing.LOAN,
        financing_end_on=dt.date(2026, 11, 26),
    )
    cash = person(db, lifecycle=Lifecycle.CUSTOMER)
    owned_vehicle(db, cash, registered=dt.date(2023, 6, 1), financing=Financing.CASH)
    assert matching(db, {"financing_end_within_months": 6}) == {soon}
    assert matching(db, {"financing_end_within_days": 182}) == {soon, later}
    assert matching(db, {"financing": ["lld"], "financing_end_within_days": 400}) == {later}


def test_contrôle_technique_due(db: Database) -> None:
    first_ct = person(db, lifecycle=Lifecycle.CUSTOMER)
    owned_vehicle(db, first_ct, registered=dt.date(2022, 12, 20))  # 4 years on 2026-12-20
    not_yet = person(db, lifecycle=Lifecycle.CUSTOMER)
    owned_vehicle(db, not_yet, registered=dt.date(2023, 3, 1))
    renewal = person(db, lifecycle=Lifecycle.CUSTOMER)
    v = owned_vehicle(db, renewal, registered=dt.date(2015, 3, 1))
    with db.session_factory.begin() as s:
        s.add(
            ServiceVisit(
                vehicle_id=v,
                contact_id=renewal,
                visited_on=dt.date(2024, 12, 10),
                kind=ServiceKind.TECHNICAL_INSPECTION,
            )
        )
    assert matching(db, {"ct_due_within_months": 1}) == {first_ct, renewal}
    assert matching(db, {"ct_due_within_days": 14}) == {renewal}


def test_last_contact_older_than(db: Database) -> None:
    never = person(db)
    old = person(db, last_contact_at=NOW - dt.timedelta(days=61))
    recent = person(db, last_contact_at=NOW - dt.timedelta(days=10))
    assert matching(db, {"last_contact_older_than_days": 60}) == {never, old}
    assert recent in matching(db, {"last_contact_older_than_days": 5})


def test_test_drive_and_no_offer(db: Database) -> None:
    drove = person(db)
    offered = person(db)
    quoted = person(db)
    nothing = person(db)
    with db.session_factory.begin() as s:
        for cid in (drove, offered, quoted):
            s.add(Interaction(contact_id=cid, type=InteractionType.TEST_DRIVE, occurred_at=NOW))
        s.add(Interaction(contact_id=quoted, type=InteractionType.QUOTE, occurred_at=NOW))
        s.add(Opportunity(contact_id=offered, title="3008", stage=Stage.OFFER))
    assert matching(db, {"test_drive_no_offer": True}) == {drove}
    assert nothing not in matching(db, {"test_drive_no_offer": True})


def test_erased_contacts_never_match(db: Database) -> None:
    person(db, erased_at=NOW)
    assert matching(db, {}) == set()


def test_demo_keys(db: Database) -> None:
    recent_suv = person(db, wanted_body="suv", created_at=NOW - dt.timedelta(days=20))
    person(db, wanted_body="suv", created_at=NOW - dt.timedelta(days=200))
    assert matching(db, {"wanted_body": ["suv"], "created_within_days": 120}) == {recent_suv}
    serviced = person(db, lifecycle=Lifecycle.CUSTOMER)
    v = owned_vehicle(db, serviced, registered=dt.date(2020, 1, 1))
    with db.session_factory.begin() as s:
        s.add(
            ServiceVisit(
                vehicle_id=v,
                contact_id=serviced,
                visited_on=dt.date(2026, 6, 1),
                kind=ServiceKind.MAINTENANCE,
            )
        )
    assert serviced not in matching(db, {"no_service_visit_within_months": 12})


def test_ids_key_matches_exactly_those_contacts(db: Database) -> None:
    a, b, c = person(db), person(db), person(db, lifecycle=Lifecycle.CUSTOMER)
    erased = person(db, erased_at=NOW)
    assert matching(db, {"ids": [a, c, erased, 999_999]}) == {a, c}
    assert matching(db, {"ids": [a, b, c], "lifecycle": ["customer"]}) == {c}
    # As many ids as the cap allows, in one query (literal integers, not 50 000 bound parameters).
    assert matching(db, {"ids": [b, *range(10**6, 10**6 + MAX_IDS - 1)]}) == {b}
    assert describe({"ids": [a, b]}) == "2 chosen contacts"


@pytest.mark.parametrize(
    "filters",
    [
        {"colour": ["red"]},
        {"lifecycle": "customer"},
        {"lifecycle": ["vip"]},
        {"score_min": -1},
        {"score_min": "70"},
        {"ids": []},
        {"ids": 3},
        {"ids": [1, "2"]},
        {"ids": [0]},
        {"ids": [True]},
        {"ids": list(range(1, MAX_IDS + 2))},
    ],
)
def test_bad_filters_are_refused(filters: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        check_filters(filters)


def test_saved_segments_and_count(db: Database, marketing: Actor) -> None:
    person(db, lifecycle=Lifecycle.CUSTOMER, score=90)
    person(db, score=90)
    service = SegmentService(db.session_factory, actor=marketing)
    saved = service.save(name="Hot customers", filters={"lifecycle": ["customer"], "score_min": 70})
    assert saved.description == "lifecycle: customer · score ≥ 70"
    assert [s.name for s in service.list_segments()] == ["Hot customers"]
    assert service.count(filters=saved.filters, today=TODAY) == 1
    service.delete(segment_id=saved.id)
    assert service.list_segments() == []
    assert describe({}) == "every contact"
