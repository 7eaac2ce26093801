"""CNIL retention clocks: exactly where 3 years fall, for prospects and customers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dealercrm.db import Database
from dealercrm.models import Claim, Contact, Opportunity, Sale, ServiceVisit, Vehicle
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    Lifecycle,
    ServiceKind,
    Severity,
    Stage,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.gdpr import GdprService, add_years, years_before
from dealercrm.services.permissions import Actor

NOW = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
THREE_YEARS_AGO = dt.datetime(2023, 3, 12, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _person(
    session, name: str, lifecycle: Lifecycle, created: dt.datetime, inbound: dt.datetime | None = None
) -> int:
    contact = Contact(
        kind=ContactKind.PERSON,
        last_name=name,
        lifecycle=lifecycle,
        created_at=created,
        last_inbound_at=inbound,
    )
    session.add(contact)
    session.flush()
    return contact.id


def _due_ids(db: Database, actor: Actor) -> set[int]:
    return {r.contact_id for r in GdprService(db.session_factory, actor=actor).to_review(now=NOW)}


def test_three_years_in_the_calendar():
    assert years_before(NOW, 3) == THREE_YEARS_AGO
    assert years_before(dt.datetime(2028, 2, 29, tzinfo=dt.UTC), 3) == dt.datetime(2025, 2, 28, tzinfo=dt.UTC)
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)


def test_prospect_clock_runs_from_their_last_inbound_contact(db: Database, manager: Actor):
    old = THREE_YEARS_AGO - dt.timedelta(days=400)
    with db.session_factory.begin() as s:
        just_due = _person(s, "Due", Lifecycle.PROSPECT, old, inbound=THREE_YEARS_AGO - DAY)
        not_yet = _person(s, "NotYet", Lifecycle.PROSPECT, old, inbound=THREE_YEARS_AGO + DAY)
        never_in_old = _person(s, "Silent", Lifecycle.PROSPECT, THREE_YEARS_AGO - DAY)
        never_in_new = _person(s, "Recent", Lifecycle.PROSPECT, THREE_YEARS_AGO + DAY)
        lost = _person(s, "Lost", Lifecycle.LOST, old, inbound=THREE_YEARS_AGO - DAY)
        company = Contact(kind=ContactKind.COMPANY, company_name="SARL Old", created_at=old)
        erased = Contact(kind=ContactKind.PERSON, last_name="[erased]", created_at=old, erased_at=NOW - DAY)
        s.add_all([company, erased])
    due = _due_ids(db, manager)
    assert {just_due, never_in_old, lost} <= due
    assert not due & {not_yet, never_in_new}
    assert company.id not in due and erased.id not in due
    row = next(
        r
        for r in GdprService(db.session_factory, actor=manager).to_review(now=NOW)
        if r.contact_id == just_due
    )
    assert row.clock_start == (THREE_YEARS_AGO - DAY).date()
    assert row.due_on == (THREE_YEARS_AGO - DAY).date().replace(year=2026)


def _customer(session, name: str, *, sold_on: dt.date, warranty_end: dt.date | None = None) -> int:
    contact_id = _person(session, name, Lifecycle.CUSTOMER, dt.datetime(2015, 1, 1, tzinfo=dt.UTC))
    vehicle = Vehicle(
        make="Renault", model="Clio", condition=VehicleCondition.USED, stock_status=StockStatus.SOLD
    )
    session.add(vehicle)
    session.flush()
    session.add(
        Sale(
            contact_id=contact_id,
            vehicle_id=vehicle.id,
            sold_on=sold_on,
            price=Decimal("10000"),
            cost=Decimal("9000"),
            margin=Decimal("1000"),
            warranty_end_on=warranty_end,
        )
    )
    session.flush()
    return contact_id


def test_customer_clock_runs_from_the_end_of_the_relationship(db: Database, manager: Actor):
    cutoff = THREE_YEARS_AGO.date()
    with db.session_factory.begin() as s:
        sale_due = _customer(s, "SaleDue", sold_on=cutoff - DAY)
        sale_not_yet = _customer(s, "SaleNotYet", sold_on=cutoff + DAY)
        warranty_not_yet = _customer(s, "Warranty", sold_on=dt.date(2019, 1, 1), warranty_end=cutoff + DAY)
        warranty_due = _customer(s, "WarrantyDue", sold_on=dt.date(2019, 1, 1), warranty_end=cutoff - DAY)
        visited = _customer(s, "Visited", sold_on=dt.date(2019, 1, 1))
        vehicle_id = s.scalar(
            Sale.__table__.select().with_only_columns(Sale.vehicle_id).where(Sale.contact_id == visited)
        )
        s.add(
            ServiceVisit(
                vehicle_id=vehicle_id,
                contact_id=visited,
                visited_on=cutoff + DAY,
                kind=ServiceKind.MAINTENANCE,
            )
        )
        visited_due = _customer(s, "VisitedDue", sold_on=dt.date(2019, 1, 1))
        vehicle_id = s.scalar(
            Sale.__table__.select().with_only_columns(Sale.vehicle_id).where(Sale.contact_id == visited_due)
        )
        s.add(
            ServiceVisit(
                vehicle_id=vehicle_id,
                contact_id=visited_due,
                visited_on=cutoff - DAY,
                kind=ServiceKind.REPAIR,
            )
        )
        open_claim = _customer(s, "OpenClaim", sold_on=dt.date(2019, 1, 1))
        s.add(
            Claim(
                contact_id=open_claim,
                category=ClaimCategory.OTHER,
                severity=Severity.LOW,
                channel=Channel.PHONE,
                description="still open",
                status=ClaimStatus.OPEN,
                due_at=NOW,
            )
        )
        open_deal = _customer(s, "OpenDeal", sold_on=dt.date(2019, 1, 1))
        s.add(Opportunity(contact_id=open_deal, title="next car", stage=Stage.OFFER))
    due = _due_ids(db, manager)
    assert {sale_due, warranty_due, visited_due} <= due
    assert not due & {sale_not_yet, warranty_not_yet, visited, open_claim, open_deal}


def test_purge_anonymises_everyone_due(db: Database, manager: Actor, salesperson: Actor):
    with db.session_factory.begin() as s:
        due = _person(s, "Due", Lifecycle.PROSPECT, THREE_YEARS_AGO - DAY)
        kept = _person(s, "Kept", Lifecycle.PROSPECT, THREE_YEARS_AGO + DAY)
    with pytest.raises(PermissionDenied):
        GdprService(db.session_factory, actor=salesperson).to_review(now=NOW)
    result = GdprService(db.session_factory, actor=manager).purge(now=NOW)
    assert (result.erased, result.skipped, result.cancelled) == (1, 0, False)
    with db.session_factory() as s:
        assert s.get_one(Contact, due).erased_at is not None
        assert s.get_one(Contact, kept).erased_at is None
    assert _due_ids(db, manager) == set()
