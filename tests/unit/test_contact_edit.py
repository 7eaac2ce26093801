"""ContactEditService: validation on every field, nothing saved half, optimistic locking, bulk + undo."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Campaign, Contact
from dealercrm.models.enums import (
    CampaignKind,
    CampaignObjective,
    Channel,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Lifecycle,
    Role,
)
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.contacts import ContactFilter, ContactService
from dealercrm.services.errors import ConflictError, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor

JULIE = {
    "first_name": "Paul",
    "last_name": "Durand",
    "mobile": "06 12 34 56 78",
    "email": "Paul.Durand@Example.fr",
    "postal_code": "69003",
    "city": "Lyon",
    "budget": "30 000",
}


def contacts_count(db: Database) -> int:
    with db.session_factory() as session:
        return int(session.scalar(select(func.count(Contact.id))) or 0)


def test_create_normalises_phone_email_and_owns_for_the_salesperson(db: Database, salesperson: Actor) -> None:
    service = ContactEditService(db.session_factory, actor=salesperson)
    saved = service.create(values=JULIE)
    with db.session_factory() as session:
        c = session.get_one(Contact, saved.id)
        assert c.mobile == "+33612345678"
        assert c.email == "paul.durand@example.fr"
        assert c.owner_id == salesperson.id
        assert c.budget == Decimal("30000")
        assert c.score is not None and c.score_reasons
    assert saved.score == c.score


def test_every_bad_field_is_reported_and_nothing_saved(db: Database, salesperson: Actor) -> None:
    service = ContactEditService(db.session_factory, actor=salesperson)
    with pytest.raises(ValidationError) as err:
        service.create(
            values={
                **JULIE,
                "mobile": "06 12",
                "email": "paul@",
                "postal_code": "1234567",
                "siren": "123456789",
            }
        )
    assert {"mobile", "email", "postal_code", "siren"} <= set(err.value.errors)
    assert contacts_count(db) == 0


def test_required_fields_by_kind(db: Database, manager: Actor) -> None:
    service = ContactEditService(db.session_factory, actor=manager)
    with pytest.raises(ValidationError) as err:
        service.create(values={"first_name": "Paul"})
    assert "last_name" in err.value.errors
    with pytest.raises(ValidationError) as err:
        service.create(values={"kind": ContactKind.COMPANY, "last_name": "x"})
    assert "company_name" in err.value.errors
    with pytest.raises(ValidationError) as err:
        service.create(values={"last_name": "Durand", "postal_code": "69003"})
    assert "city" in err.value.errors
    saved = service.create(
        values={"kind": ContactKind.COMPANY, "company_name": "Transports Aubert", "siren": "732 829 320"}
    )
    with db.session_factory() as session:
        assert session.get_one(Contact, saved.id).siren == "732829320"


def test_second_save_of_the_same_version_is_refused_with_an_explanation(
    db: Database, manager: Actor, make_user: Callable[..., Actor]
) -> None:
    other = make_user(Role.MANAGER, login="bob", display_name="Bob Boss")
    mine = ContactEditService(db.session_factory, actor=manager)
    theirs = ContactEditService(db.session_factory, actor=other)
    saved = mine.create(values=JULIE)
    version = saved.version
    theirs.update(
        contact_id=saved.id,
        expected_version=version,
        changes={"city": "Villeurbanne", "postal_code": "69100"},
    )
    with pytest.raises(ConflictError) as err:
        mine.update(contact_id=saved.id, expected_version=version, changes={"mobile": "0699887766"})
    message = str(err.value)
    assert "Bob Boss" in message and "not saved" in message and "city" in message
    with db.session_factory() as session:
        c = session.get_one(Contact, saved.id)
        assert c.mobile == "+33612345678" and c.city == "Villeurbanne"


def test_update_is_all_or_nothing(db: Database, manager: Actor) -> None:
    service = ContactEditService(db.session_factory, actor=manager)
    saved = service.create(values=JULIE)
    with pytest.raises(ValidationError):
        service.update(
            contact_id=saved.id, expected_version=saved.version, changes={"city": "Paris", "mobile": "12"}
        )
    with db.session_factory() as session:
        assert session.get_one(Contact, saved.id).city == "Lyon"


def test_score_refresh_does_not_move_the_version(db: Database, manager: Actor) -> None:
    service = ContactEditService(db.session_factory, actor=manager)
    saved = service.create(values=JULIE)
    service.record_consent(
        contact_id=saved.id,
        channel=Channel.PHONE,
        purpose=ConsentPurpose.PROSPECTING,
        status=ConsentStatus.GRANTED,
        proof="signed form at the showroom",
    )
    # The consent changed the score, not the contact's version: the form opened before still saves.
    again = service.update(
        contact_id=saved.id, expected_version=saved.version, changes={"job_title": "Pilote"}
    )
    assert again.version == saved.version + 1


def test_salesperson_cannot_give_a_contact_away(db: Database, salesperson: Actor, manager: Actor) -> None:
    saved = ContactEditService(db.session_factory, actor=salesperson).create(values=JULIE)
    with pytest.raises(PermissionDenied):
        ContactEditService(db.session_factory, actor=salesperson).update(
            contact_id=saved.id, expected_version=saved.version, changes={"owner_id": manager.id}
        )


def test_create_reports_duplicates(db: Database, manager: Actor) -> None:
    service = ContactEditService(db.session_factory, actor=manager)
    first = service.create(values=JULIE)
    second = service.create(values={**JULIE, "email": "", "first_name": "Pol", "mobile": "+33 6 12 34 56 78"})
    assert [d.contact_id for d in second.duplicates] == [first.id]
    assert second.duplicates[0].percent == 100 and "phone" in second.duplicates[0].reasons


def test_bulk_assign_is_audited_and_undone_by_a_manager(
    db: Database, manager: Actor, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    other = make_user(Role.SALESPERSON, login="leo", display_name="Léo")
    service = ContactEditService(db.session_factory, actor=manager)
    ids = [service.create(values={"last_name": f"Nom{i}", "owner_id": salesperson.id}).id for i in range(5)]
    result = service.bulk_assign(contact_ids=ids, owner_id=other.id)
    assert result.changed == 5
    with db.session_factory() as session:
        assert session.scalar(select(func.count(Contact.id)).where(Contact.owner_id == other.id)) == 5
        assert (
            session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.entity == "contacts_bulk")) == 1
        )
    # One contact is reassigned again by hand meanwhile: the undo leaves it alone.
    with db.session_factory.begin() as session:
        session.get_one(Contact, ids[0]).owner_id = manager.id
    with pytest.raises(PermissionDenied):
        ContactEditService(db.session_factory, actor=salesperson).undo_bulk(audit_id=result.audit_id)
    undone = service.undo_bulk(audit_id=result.audit_id)
    assert (undone.reverted, undone.kept) == (4, 1)
    with db.session_factory() as session:
        owners = dict(session.execute(select(Contact.id, Contact.owner_id).where(Contact.id.in_(ids))).all())
    assert owners[ids[0]] == manager.id and all(owners[i] == salesperson.id for i in ids[1:])
    with pytest.raises(ValidationError):
        service.undo_bulk(audit_id=result.audit_id)


def test_bulk_lifecycle_campaign_and_export(db: Database, manager: Actor) -> None:
    service = ContactEditService(db.session_factory, actor=manager)
    ids = [service.create(values={"last_name": f"Nom{i}"}).id for i in range(3)]
    with pytest.raises(ValidationError):
        service.bulk_lifecycle(contact_ids=ids, lifecycle=Lifecycle.LOST)
    result = service.bulk_lifecycle(contact_ids=ids, lifecycle=Lifecycle.LOST, lost_reason="moved abroad")
    assert result.changed == 3
    listed = ContactService(db.session_factory, actor=manager).count(
        filters=ContactFilter(lifecycle=Lifecycle.LOST)
    )
    assert listed == 3
    service.undo_bulk(audit_id=result.audit_id)
    assert (
        ContactService(db.session_factory, actor=manager).count(
            filters=ContactFilter(lifecycle=Lifecycle.LOST)
        )
        == 0
    )
    import datetime as dt

    with db.session_factory.begin() as session:
        campaign = Campaign(
            name="Portes ouvertes",
            kind=CampaignKind.PHONING,
            objective=CampaignObjective.EVENT_INVITATION,
            starts_on=dt.date(2026, 3, 1),
        )
        session.add(campaign)
        session.flush()
        campaign_id = campaign.id
    added = service.bulk_add_to_campaign(contact_ids=ids, campaign_id=campaign_id)
    assert added.changed == 3 and service.count_targets(campaign_id=campaign_id) == 3
    assert service.bulk_add_to_campaign(contact_ids=ids, campaign_id=campaign_id).skipped == 3
    service.undo_bulk(audit_id=added.audit_id)
    assert service.count_targets(campaign_id=campaign_id) == 0
    rows = service.export_rows(contact_ids=ids)
    assert [r.name for r in rows] == ["Nom0", "Nom1", "Nom2"]
