"""The one description of the contact's columns: complete, and followed by erasure, merging, editing,
searching, importing and the access export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.db.fts import INDEXES
from dealercrm.models import Contact
from dealercrm.models.contact_fields import CONTACT_FIELDS, FieldRole, fields_with, personal_fields
from dealercrm.models.enums import ContactKind
from dealercrm.services import contact_edit, duplicates, gdpr
from dealercrm.services.importing.fields import FIELDS as IMPORT_FIELDS
from dealercrm.services.permissions import Actor

NOW = dt.datetime(2026, 3, 12, 10, 0, tzinfo=dt.UTC)
COLUMNS = [c.name for c in Contact.__table__.columns]


def test_every_contact_column_is_described_and_nothing_else():
    assert list(CONTACT_FIELDS) == sorted(CONTACT_FIELDS, key=COLUMNS.index)  # the model's order
    assert set(CONTACT_FIELDS) == set(COLUMNS)
    for name, field in CONTACT_FIELDS.items():
        assert field.roles, name


def test_a_field_is_typed_derived_or_kept_by_the_application():
    # Entered by a person, or computed/kept by the application: never two of them.
    for name, field in CONTACT_FIELDS.items():
        made = {FieldRole.ENTERED, FieldRole.DERIVED, FieldRole.SYSTEM} & field.roles
        assert len(made) <= 1, name
    # A not-null column has an erased value it accepts.
    for name in personal_fields():
        column = Contact.__table__.c[name]
        if not column.nullable:
            assert CONTACT_FIELDS[name].blank is not None, name


def test_the_services_read_their_lists_from_the_description():
    entered = fields_with(FieldRole.ENTERED)
    assert duplicates.MERGE_FIELDS == entered
    assert contact_edit.EDITABLE == frozenset(entered)
    assert set(contact_edit.TEXT_FIELDS) | set(contact_edit.ENUM_FIELDS) <= contact_edit.EDITABLE
    assert set(personal_fields()) <= gdpr.PERSONAL_KEYS
    assert set(INDEXES["contacts"].columns) == set(fields_with(FieldRole.SEARCHABLE))


def test_what_the_import_writes_to_a_contact_column_is_typed_or_history():
    history = {"created_at", "last_contact_at"}  # a contact's past, brought along by its old file
    written = {spec.name for spec in IMPORT_FIELDS["contacts"]} & set(COLUMNS)
    assert written - history <= set(fields_with(FieldRole.ENTERED))
    assert {"first_name", "last_name", "email", "mobile"} <= written


def test_the_access_export_shows_every_personal_field_a_person_typed():
    shown = {key for key, _label in gdpr.PROFILE_FIELDS}
    typed_personal = set(personal_fields()) - set(fields_with(FieldRole.DERIVED))
    assert typed_personal <= shown


def _filled(name: str) -> Any:
    """A non-empty value for column `name`, from its type (so a new column needs no change here)."""
    column = Contact.__table__.c[name]
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        return list(enum_class)[-1]
    blank = CONTACT_FIELDS[name].blank
    if isinstance(blank, dict):
        return {"linkedin": "https://linkedin.example/in/secret"}
    if isinstance(blank, list):
        return [{"reason": "Secret Kerbrat's budget"}]
    python_type = column.type.python_type
    if issubclass(python_type, str):
        length = getattr(column.type, "length", None) or 40
        return "Secret Kerbrat"[:length]
    if python_type is dt.date:
        return dt.date(1984, 5, 17)
    if python_type is dt.datetime:
        return NOW - dt.timedelta(days=3)
    if python_type is bool:
        return True
    if issubclass(python_type, int):
        return 42
    if issubclass(python_type, Decimal):
        return Decimal("31000")
    raise AssertionError(f"no sample value for {name} ({python_type})")


def test_erasure_clears_every_personal_field(db: Database, manager: Actor):
    kept = [
        name
        for name in fields_without_roles(FieldRole.PERSONAL_DATA, FieldRole.SYSTEM, FieldRole.DERIVED)
        if name not in ("kind", "owner_id")
    ]
    values = {name: _filled(name) for name in (*personal_fields(), *kept) if name != "search_phones"}
    values.update(kind=ContactKind.PERSON, mobile="+33687650000", landline="+33298765432", country="BE")
    with db.session_factory.begin() as session:
        contact = Contact(**values)
        session.add(contact)
        session.flush()
        contact_id = contact.id
    with db.session_factory() as session:
        before = session.get_one(Contact, contact_id)
        for name in personal_fields():
            assert getattr(before, name) not in (None, "", {}, []), name  # the test would prove nothing
        kept_before = {name: getattr(before, name) for name in kept}

    gdpr.GdprService(db.session_factory, actor=manager).erase(contact_id=contact_id, now=NOW, reclaim=False)

    with db.session_factory() as session:
        after = session.get_one(Contact, contact_id)
        assert after.erased_at is not None
        for name in personal_fields():
            expected = gdpr.ERASED if name == "last_name" else CONTACT_FIELDS[name].blank
            assert getattr(after, name) == expected, name
        # What identifies nobody stays, for the statistics.
        assert {name: getattr(after, name) for name in kept} == kept_before
        assert session.scalar(select(Contact.kind).where(Contact.id == contact_id)) is ContactKind.PERSON


def test_erasing_a_company_clears_its_personal_fields(db: Database, manager: Actor):
    values = {name: _filled(name) for name in personal_fields() if name != "search_phones"}
    values.update(kind=ContactKind.COMPANY, mobile="+33687650000")
    with db.session_factory.begin() as session:
        contact = Contact(**values)
        session.add(contact)
        session.flush()
        contact_id = contact.id

    gdpr.GdprService(db.session_factory, actor=manager).erase(contact_id=contact_id, now=NOW, reclaim=False)

    with db.session_factory() as session:
        after = session.get_one(Contact, contact_id)
        for name in personal_fields():
            expected = gdpr.ERASED if name == "company_name" else CONTACT_FIELDS[name].blank
            assert getattr(after, name) == expected, name


def fields_without_roles(*roles: FieldRole) -> list[str]:
    return [name for name, field in CONTACT_FIELDS.items() if not field.roles & set(roles)]
