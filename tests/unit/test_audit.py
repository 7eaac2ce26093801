"""Every create, update and delete of business data leaves an audit entry; secrets never do."""

from __future__ import annotations

from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Contact, User
from dealercrm.models.enums import AuditAction, ContactKind, Lifecycle, Role
from dealercrm.services.audit import history, unit_of_work
from dealercrm.services.auth import AuthService
from dealercrm.services.permissions import SYSTEM_ACTOR, Actor


def test_create_update_delete_are_audited_with_old_and_new_values(db: Database, salesperson: Actor) -> None:
    with unit_of_work(db.session_factory, salesperson) as session:
        contact = Contact(kind=ContactKind.PERSON, first_name="Hélène", last_name="Martin", city="Lyon")
        session.add(contact)
    with unit_of_work(db.session_factory, salesperson) as session:
        loaded = session.get_one(Contact, contact.id)
        loaded.city = "Villeurbanne"
        loaded.lifecycle = Lifecycle.CUSTOMER
    with unit_of_work(db.session_factory, salesperson) as session:
        session.delete(session.get_one(Contact, contact.id))

    with db.session_factory() as session:
        rows = history(session, entity="contacts", entity_id=contact.id)
    assert [r.action for r in rows] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(r.user_login == "julie" for r in rows)
    created, updated, _ = rows
    assert created.changes["last_name"] == "Martin" and created.changes["city"] == "Lyon"
    assert updated.changes == {"city": ["Lyon", "Villeurbanne"], "lifecycle": ["prospect", "customer"]}


def test_an_update_that_changes_nothing_writes_nothing(db: Database, salesperson: Actor) -> None:
    with unit_of_work(db.session_factory, salesperson) as session:
        contact = Contact(kind=ContactKind.PERSON, last_name="Durand", city="Nantes")
        session.add(contact)
    with unit_of_work(db.session_factory, salesperson) as session:
        session.get_one(Contact, contact.id).city = "Nantes"
    with db.session_factory() as session:
        assert len(history(session, entity="contacts", entity_id=contact.id)) == 1


def test_passwords_never_reach_the_audit_log(db: Database) -> None:
    service = AuthService(db.session_factory, actor=SYSTEM_ACTOR)
    row = service.create_user(
        login="admin", display_name="Admin", role=Role.ADMIN, password="s3cret-pass tulip river"
    )
    service.set_password(user_id=row.id, password="an0ther-pass lantern oak")
    with db.session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "users")).all()
        stored_hash = session.get_one(User, row.id).password_hash
    text = repr([e.changes for e in entries])
    assert entries and "s3cret" not in text and "an0ther" not in text and stored_hash not in text
    assert entries[0].changes["password_hash"] == "***"
    # The command line is recorded by name, with no user row behind it.
    assert entries[0].user_login == "system" and entries[0].user_id is None


def test_a_failed_transaction_leaves_no_audit_entry(db: Database, salesperson: Actor) -> None:
    try:
        with unit_of_work(db.session_factory, salesperson) as session:
            session.add(Contact(kind=ContactKind.PERSON, last_name="Ghost"))
            session.flush()
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with db.session_factory() as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.entity == "contacts")).all() == []
        assert session.scalars(select(Contact)).all() == []
