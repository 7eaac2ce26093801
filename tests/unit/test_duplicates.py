"""Duplicates: detection by phone, e-mail and close names; merge keeps every related row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dealercrm.db import Database
from dealercrm.models import (
    AuditEntry,
    Campaign,
    CampaignTarget,
    Claim,
    Consent,
    Contact,
    ContactLink,
    Interaction,
    Opportunity,
    Sale,
    ServiceVisit,
    Task,
    Vehicle,
)
from dealercrm.models.enums import (
    AuditAction,
    CampaignKind,
    CampaignObjective,
    Channel,
    ClaimCategory,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    InteractionType,
    Lifecycle,
    LinkKind,
    ServiceKind,
    Severity,
    StockStatus,
    TaskKind,
    VehicleCondition,
)
from dealercrm.services.duplicates import DuplicateService, name_similarity, related_counts
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.permissions import Actor

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def add(db: Database, *objs: object) -> list[int]:
    with db.session_factory.begin() as session:
        session.add_all(objs)
        session.flush()
        return [int(o.id) for o in objs]  # type: ignore[attr-defined]


def person(**fields: object) -> Contact:
    return Contact(**{"kind": ContactKind.PERSON, "last_name": "Durand", **fields})


def test_names_compare_without_accents_case_or_order() -> None:
    assert name_similarity("Hélène Dupré", "dupre helene") == 100
    assert name_similarity("Jean Martin", "Jeanne Martins") >= 85
    assert name_similarity("Jean Martin", "Paul Bernard") < 50


def test_candidates_by_phone_email_and_name(db: Database, manager: Actor) -> None:
    a, b, c, _d = add(
        db,
        person(first_name="Paul", mobile="+33612345678"),
        person(first_name="Anne", email="anne@example.fr"),
        person(first_name="Hélène", last_name="Dupré", postal_code="69003", city="Lyon"),
        person(first_name="Hélène", last_name="Dupré", postal_code="75011", city="Paris"),
    )
    service = DuplicateService(db.session_factory, actor=manager)
    found = service.candidates(values={"mobile": "06 12 34 56 78"})
    assert [(m.contact_id, m.percent, m.reasons) for m in found] == [(a, 100, ("phone",))]
    assert [m.contact_id for m in service.candidates(values={"email": "ANNE@example.fr"})] == [b]
    by_name = service.candidates(
        values={"first_name": "Helene", "last_name": "Dupre", "postal_code": "69003"}
    )
    assert [m.contact_id for m in by_name] == [c]
    pairs = service.scan()
    assert pairs == []  # no two contacts alike yet
    (e,) = add(db, person(first_name="Paul", mobile="+33612345678"))
    assert [(p.first_id, p.second_id, p.percent) for p in service.scan()] == [(a, e, 100)]


def test_salesperson_never_sees_anothers_private_prospect_as_a_duplicate(
    db: Database, salesperson: Actor, make_user
) -> None:  # type: ignore[no-untyped-def]
    other = make_user()
    add(db, person(mobile="+33612345678", owner_id=other.id, lifecycle=Lifecycle.PROSPECT))
    service = DuplicateService(db.session_factory, actor=salesperson)
    assert service.candidates(values={"mobile": "0612345678"}) == []
    assert service.scan() == []


def _populate(db: Database, cid: int, other: int, n: int) -> None:
    (vehicle,) = add(
        db,
        Vehicle(
            make="Peugeot",
            model="208",
            condition=VehicleCondition.USED,
            stock_status=StockStatus.CUSTOMER_OWNED,
            owner_contact_id=cid,
        ),
    )
    (sold,) = add(
        db,
        Vehicle(make="Renault", model="Clio", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD),
    )
    (campaign,) = add(
        db,
        Campaign(
            name=f"C{n}",
            kind=CampaignKind.PHONING,
            objective=CampaignObjective.LOYALTY,
            starts_on=dt.date(2026, 1, 1),
        ),
    )
    add(
        db,
        Interaction(contact_id=cid, type=InteractionType.CALL, occurred_at=T0),
        Interaction(contact_id=cid, type=InteractionType.VISIT, occurred_at=T0),
        Task(contact_id=cid, kind=TaskKind.CALL_BACK, title="rappel", due_at=T0),
        Opportunity(contact_id=cid, title="SUV"),
        Sale(
            contact_id=cid,
            vehicle_id=sold,
            sold_on=dt.date(2025, 5, 1),
            price=Decimal(20000),
            cost=Decimal(18000),
            margin=Decimal(2000),
        ),
        ServiceVisit(
            vehicle_id=vehicle, contact_id=cid, visited_on=dt.date(2026, 1, 5), kind=ServiceKind.MAINTENANCE
        ),
        Claim(
            contact_id=cid,
            category=ClaimCategory.BODYWORK,
            severity=Severity.LOW,
            channel=Channel.VISIT,
            description="scratch",
            due_at=T0,
        ),
        Consent(
            contact_id=cid,
            channel=Channel.EMAIL,
            purpose=ConsentPurpose.PROSPECTING,
            status=ConsentStatus.GRANTED,
            proof="form",
        ),
        CampaignTarget(campaign_id=campaign, contact_id=cid, attempts=1),
        ContactLink(from_contact_id=cid, to_contact_id=other, kind=LinkKind.HOUSEHOLD),
    )


def test_merge_keeps_every_related_row(db: Database, manager: Actor) -> None:
    keep, remove, third = add(
        db,
        person(first_name="Paul", mobile="+33612345678", lifecycle=Lifecycle.PROSPECT),
        person(first_name="Paul", email="paul@example.fr", lifecycle=Lifecycle.CUSTOMER, city="Lyon"),
        person(first_name="Zoé"),
    )
    _populate(db, keep, third, 1)
    _populate(db, remove, third, 2)
    # Both in the same campaign, and linked to each other.
    with db.session_factory.begin() as session:
        shared = session.scalars(
            select(CampaignTarget.campaign_id).where(CampaignTarget.contact_id == keep)
        ).one()
        session.add(CampaignTarget(campaign_id=shared, contact_id=remove, attempts=2))
        session.add(ContactLink(from_contact_id=keep, to_contact_id=remove, kind=LinkKind.EMPLOYEE))
    with db.session_factory() as session:
        before_keep, before_remove = related_counts(session, keep), related_counts(session, remove)
    service = DuplicateService(db.session_factory, actor=manager)
    left, right = service.sides(first_id=keep, second_id=remove)
    assert left.related == before_keep and right.values["email"] == "paul@example.fr"
    result = service.merge(keep_id=keep, remove_id=remove, take_from_removed={"email", "city"})
    with db.session_factory() as session:
        after = related_counts(session, keep)
        for kind in (
            "interactions",
            "tasks",
            "opportunities",
            "sales",
            "service_visits",
            "vehicles",
            "claims",
            "consents",
        ):
            assert after[kind] == before_keep[kind] + before_remove[kind], kind
        # One campaign both were in: one target left, with the attempts of both.
        assert (
            after["campaign_targets"]
            == before_keep["campaign_targets"] + before_remove["campaign_targets"] - 1
        )
        combined = session.scalars(
            select(CampaignTarget.attempts).where(
                CampaignTarget.contact_id == keep, CampaignTarget.campaign_id == shared
            )
        ).one()
        assert combined == 3
        # Links to the third contact kept (deduplicated), the link between the two gone.
        assert after["links"] == 1
        kept = session.get_one(Contact, keep)
        assert kept.email == "paul@example.fr" and kept.city == "Lyon" and kept.mobile == "+33612345678"
        assert kept.lifecycle is Lifecycle.CUSTOMER  # a sale moved in
        assert session.get(Contact, remove) is None
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.MERGE)).one()
        assert entry.entity_id == keep and entry.changes["merged_id"] == remove
        assert entry.changes["removed"]["email"] == "paul@example.fr"
        assert session.scalar(select(func.count(Contact.id))) == 2
    assert result.moved["interactions"] == 2


def test_only_managers_merge(db: Database, salesperson: Actor) -> None:
    a, b = add(db, person(owner_id=salesperson.id), person(owner_id=salesperson.id))
    with pytest.raises(PermissionDenied):
        DuplicateService(db.session_factory, actor=salesperson).merge(keep_id=a, remove_id=b)
