"""Suppression list and Bloctel: normal forms, hashes only, imports, survival after erasure."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from dealercrm.db import Database
from dealercrm.models import BloctelEntry, Contact, SuppressionEntry
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.suppression import (
    SuppressionService,
    email_hash,
    normalise_email,
    normalise_phone,
    phone_hash,
    sha256_hex,
)
from tests.unit.test_compliance import person


def test_normal_forms() -> None:
    assert normalise_phone("06 12 34 56 78") == "+33612345678"
    assert normalise_phone("+33 (0)6.12.34.56.78") == "+33612345678"
    assert normalise_phone("0033612345678") == "+33612345678"
    assert normalise_phone("not a number") is None
    assert normalise_email("  Jean.Dupont@Example.FR ") == "jean.dupont@example.fr"
    assert normalise_email("nobody") is None
    assert phone_hash("06 12 34 56 78") == phone_hash("+33612345678") == sha256_hex("+33612345678")
    assert email_hash("A@B.fr ") == sha256_hex("a@b.fr")


def test_only_hashes_are_stored(db: Database, marketing: Actor) -> None:
    service = SuppressionService(db.session_factory, actor=marketing)
    assert service.add(value="06 12 34 56 78", reason="STOP by SMS")
    assert service.add(value="Jean.Dupont@Example.fr", reason="unsubscribe link")
    assert not service.add(value="+33612345678", reason="again")  # same number, already there
    with pytest.raises(ValidationError):
        service.add(value="hello", reason="x")

    with db.session_factory() as s:
        dump = "\n".join(
            " ".join(str(v) for v in row) for row in s.execute(text("SELECT * FROM suppression_list")).all()
        )
        audit = "\n".join(str(r) for r in s.execute(text("SELECT changes FROM audit_log")).all())
    for clear in ("612345678", "0612345678", "jean", "dupont", "example"):
        assert clear not in dump.lower()
        assert clear not in audit.lower()
    assert sha256_hex("+33612345678") in dump and sha256_hex("jean.dupont@example.fr") in dump
    assert service.contains(value="0612345678") and service.contains(value="JEAN.DUPONT@example.fr")
    assert not service.contains(value="0699999999")


def test_entries_survive_the_erasure_of_the_contact(db: Database, marketing: Actor) -> None:
    cid = person(db, mobile="+33611112222")
    SuppressionService(db.session_factory, actor=marketing).add(value="+33611112222", reason="do not call")
    with db.session_factory.begin() as s:
        s.delete(s.get_one(Contact, cid))
    assert SuppressionService(db.session_factory, actor=marketing).contains(value="06 11 11 22 22")


def test_import_opt_outs_file(db: Database, marketing: Actor) -> None:
    result = SuppressionService(db.session_factory, actor=marketing).import_opt_outs(
        text="email;date\na@b.fr;2026-11-01\n06 12 34 56 78;2026-11-02\nrubbish;x\n", reason="import"
    )
    assert (result.added, result.already_listed, result.rejected) == (2, 0, ("rubbish",))


def test_bloctel_import_clear_or_hashed_with_date(db: Database, marketing: Actor) -> None:
    service = SuppressionService(db.session_factory, actor=marketing)
    assert service.bloctel().imported_at is None and service.bloctel().stale
    at = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    hashed = sha256_hex("+33698765432")
    result = service.import_bloctel(text=f"numero\n06 12 34 56 78\n{hashed.upper()}\nxx\n", imported_at=at)
    assert (result.added, result.rejected) == (2, ("xx",))
    status = service.bloctel()
    assert status.count == 2 and status.age_days == 2 and not status.stale
    with db.session_factory() as s:
        assert set(s.scalars(select(BloctelEntry.number_hash))) == {sha256_hex("+33612345678"), hashed}
    # A new import replaces the list; an old one is flagged.
    service.import_bloctel(text="0611111111\n", imported_at=at - dt.timedelta(days=40))
    assert service.bloctel().count == 1 and service.bloctel().stale


def test_salesperson_may_not_edit_the_lists(db: Database, salesperson: Actor) -> None:
    with pytest.raises(PermissionDenied):
        SuppressionService(db.session_factory, actor=salesperson).add(value="a@b.fr", reason="x")
    with db.session_factory() as s:
        assert s.scalar(select(SuppressionEntry.id)) is None
