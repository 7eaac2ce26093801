"""The model layer on a real SQLite file: exact money, UTC timestamps, constraints, optimistic locking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from dealercrm.db import Database
from dealercrm.models import Contact, Opportunity, Sale, Vehicle
from dealercrm.models.enums import ContactKind, Stage, StockStatus, VehicleCondition
from dealercrm.models.people import contact_display_name, display_name_sql


def _person(**kw: object) -> Contact:
    return Contact(kind=ContactKind.PERSON, last_name="Martin", first_name="Hélène", **kw)


def _sale(contact: Contact, vehicle: Vehicle, price: str, cost: str) -> Sale:
    p, c = Decimal(price), Decimal(cost)
    return Sale(contact=contact, vehicle=vehicle, sold_on=dt.date(2026, 3, 1), price=p, cost=c, margin=p - c)


def test_money_is_exact_and_sums_exactly(db: Database) -> None:
    with db.session_factory.begin() as session:
        contact = _person()
        vehicle = Vehicle(
            make="Renault", model="Clio", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
        )
        # 0.1 + 0.2 is the classic float trap; three of these must sum to exactly 0.60 euros of margin.
        for _ in range(3):
            session.add(_sale(contact, vehicle, "10000.30", "10000.10"))
    with db.session_factory() as session:
        total = session.scalar(select(func.sum(Sale.margin)))
        stored = session.execute(text("SELECT margin FROM sales LIMIT 1")).scalar_one()
    assert total == Decimal("0.60")
    assert isinstance(total, Decimal)
    assert stored == 20  # cents, as an integer


def test_timestamps_are_stored_utc_and_returned_aware(db: Database) -> None:
    paris = dt.datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with db.session_factory.begin() as session:
        session.add(_person(last_contact_at=paris))
    with db.session_factory() as session:
        raw = session.execute(text("SELECT last_contact_at FROM contacts")).scalar_one()
        loaded = session.scalars(select(Contact)).one().last_contact_at
    if db.is_sqlite:
        assert raw.startswith("2026-07-01 08:00:00")
    else:  # a plain TIMESTAMP holding UTC
        assert raw == dt.datetime(2026, 7, 1, 8, 0)
    assert loaded == paris and loaded.tzinfo is dt.UTC


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        with db.session_factory.begin() as session:
            session.add(_person(last_contact_at=dt.datetime(2026, 1, 1, 12, 0)))


def test_a_person_needs_a_last_name_and_a_company_its_name(db: Database) -> None:
    with pytest.raises(IntegrityError, match="ck_contacts_named"):
        with db.session_factory.begin() as session:
            session.add(Contact(kind=ContactKind.COMPANY, last_name="Martin"))


def test_a_lost_deal_needs_a_reason(db: Database) -> None:
    with pytest.raises(IntegrityError, match="ck_opportunities_lost_has_reason"):
        with db.session_factory.begin() as session:
            session.add(Opportunity(contact=_person(), title="Captur", stage=Stage.LOST))


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError, match="(?i)foreign key"):
        with db.session_factory.begin() as session:
            session.execute(
                text(
                    "INSERT INTO contact_links (from_contact_id, to_contact_id, kind, created_at) "
                    "VALUES (998, 999, 'household', '2026-01-01')"
                )
            )


def test_enum_columns_refuse_unknown_values(db: Database) -> None:
    with pytest.raises(IntegrityError, match="(?i)check"):
        with db.session_factory.begin() as session:
            session.execute(
                text(
                    "INSERT INTO contacts (kind, last_name, country, source_channel, lifecycle, "
                    "has_trade_in, wants_financing, social_profiles, score_reasons, version, "
                    "created_at, updated_at) VALUES ('robot', 'X', 'FR', 'other', 'prospect', false, false, "
                    "'{}', '[]', 1, '2026-01-01', '2026-01-01')"
                )
            )


def test_second_concurrent_edit_is_refused(db: Database) -> None:
    """Two people open the same contact; the second save, based on a stale copy, must not overwrite."""
    with db.session_factory.begin() as session:
        session.add(_person())
    with db.session_factory() as session:
        julie_copy = session.scalars(select(Contact)).one()
    with db.session_factory() as session:
        marc_copy = session.scalars(select(Contact)).one()
    with db.session_factory.begin() as session:
        julie_copy = session.merge(julie_copy)
        julie_copy.city = "Lyon"
    with pytest.raises(StaleDataError):
        with db.session_factory.begin() as session:
            session.add(marc_copy)
            marc_copy.city = "Lille"
    with db.session_factory() as session:
        assert session.scalars(select(Contact)).one().city == "Lyon"


def test_search_columns_are_derived_on_write(db: Database) -> None:
    with db.session_factory.begin() as session:
        contact = _person(mobile="+33612345678", landline="+33145678901")
        vehicle = Vehicle(
            make="Peugeot",
            model="208",
            plate="AB-123-CD",
            condition=VehicleCondition.USED,
            stock_status=StockStatus.IN_STOCK,
        )
        session.add_all([contact, vehicle])
    assert contact.search_phones == "0612345678 33612345678 0145678901 33145678901"
    assert vehicle.plate_compact == "AB123CD"


_NAME = st.text(alphabet="abcdéèçÉLMZ-'", min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(ContactKind),
    first=st.none() | _NAME,
    last=st.none() | _NAME,
    company=st.none() | _NAME,
)
def test_one_display_name_in_python_and_in_sql(
    db: Database, kind: ContactKind, first: str | None, last: str | None, company: str | None
) -> None:
    """The contact's name is one rule: `Contact.display_name`, `contact_display_name` on raw columns
    and the SQL expression agree, a company by its company name, a person by first and last name."""
    if kind is ContactKind.PERSON and last is None:
        last = "Martin"  # the database requires it
    if kind is ContactKind.COMPANY and company is None:
        company = "Garage"
    with db.session_factory.begin() as s:
        contact = Contact(kind=kind, first_name=first, last_name=last, company_name=company)
        s.add(contact)
        s.flush()
        in_sql = s.scalar(select(display_name_sql()).where(Contact.id == contact.id))
        assert contact.display_name == contact_display_name(kind.value, first, last, company) == in_sql
        expected = company if kind is ContactKind.COMPANY else " ".join(p for p in (first, last) if p)
        assert contact.display_name == expected
        s.delete(contact)
