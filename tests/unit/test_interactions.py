"""InteractionService: logging calls, visits, test drives, quotes; last-contact dates; opportunity stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dealercrm.db import Database
from dealercrm.models import Contact, Interaction, Opportunity
from dealercrm.models.enums import CallOutcome, ContactKind, Direction, InteractionType, Lifecycle, Stage
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.interactions import InteractionService
from dealercrm.services.permissions import Actor

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def add(db: Database, model: type, **fields: object) -> int:
    with db.session_factory.begin() as session:
        obj = model(**fields)
        session.add(obj)
        session.flush()
        return int(obj.id)


def contact(db: Database, **fields: object) -> int:
    return add(db, Contact, **{"kind": ContactKind.PERSON, "last_name": "Durand", **fields})


def test_unanswered_call_is_logged_but_is_not_a_contact(db: Database, salesperson: Actor) -> None:
    cid = contact(db, owner_id=salesperson.id)
    service = InteractionService(db.session_factory, actor=salesperson)
    logged = service.log_call(contact_id=cid, outcome=CallOutcome.NO_ANSWER, occurred_at=T0)
    assert not logged.reached
    with db.session_factory() as session:
        assert session.get_one(Contact, cid).last_contact_at is None
    service.log_call(contact_id=cid, outcome=CallOutcome.INTERESTED, summary="wants a SUV", occurred_at=T0)
    with db.session_factory() as session:
        c = session.get_one(Contact, cid)
        assert c.last_contact_at == T0 and c.last_inbound_at is None
        assert session.query(Interaction).filter_by(contact_id=cid).count() == 2


def test_visit_is_inbound_and_moves_last_inbound(db: Database, salesperson: Actor) -> None:
    cid = contact(db, owner_id=salesperson.id)
    logged = InteractionService(db.session_factory, actor=salesperson).log(
        contact_id=cid, type=InteractionType.VISIT, occurred_at=T0
    )
    with db.session_factory() as session:
        c = session.get_one(Contact, cid)
        assert c.last_inbound_at == T0 == c.last_contact_at
        assert session.get_one(Interaction, logged.id).direction is Direction.INBOUND


def test_test_drive_and_quote_move_the_opportunity_forward_never_back(
    db: Database, salesperson: Actor
) -> None:
    cid = contact(db, owner_id=salesperson.id)
    oid = add(
        db, Opportunity, contact_id=cid, owner_id=salesperson.id, title="3008 hybride", stage=Stage.QUALIFIED
    )
    service = InteractionService(db.session_factory, actor=salesperson)
    test_drive = service.log(contact_id=cid, type=InteractionType.TEST_DRIVE, opportunity_id=oid)
    assert test_drive.opportunity_stage is Stage.TEST_DRIVE
    quote = service.log(
        contact_id=cid, type=InteractionType.QUOTE, opportunity_id=oid, amount=Decimal("31990")
    )
    assert quote.opportunity_stage is Stage.OFFER
    again = service.log(contact_id=cid, type=InteractionType.TEST_DRIVE, opportunity_id=oid)
    assert again.opportunity_stage is Stage.OFFER
    with db.session_factory() as session:
        assert session.get_one(Opportunity, oid).amount == Decimal("31990")


def test_validation_and_permissions(db: Database, salesperson: Actor, make_user) -> None:  # type: ignore[no-untyped-def]
    other = make_user()
    cid = contact(db, owner_id=other.id, lifecycle=Lifecycle.PROSPECT)
    service = InteractionService(db.session_factory, actor=salesperson)
    with pytest.raises(PermissionDenied):
        service.log(contact_id=cid, type=InteractionType.VISIT)  # another salesperson's private prospect
    mine = contact(db, owner_id=salesperson.id)
    with pytest.raises(ValidationError) as err:
        service.log(contact_id=mine, type=InteractionType.CALL)
    assert "outcome" in err.value.errors
    with pytest.raises(ValidationError):
        service.log(contact_id=mine, type=InteractionType.QUOTE)
    with pytest.raises(ValidationError):
        service.log(
            contact_id=mine,
            type=InteractionType.VISIT,
            occurred_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
        )
