"""Turning what users type into tsquery text on PostgreSQL (hypothesis): no input is an error, and names,
phone numbers, plates and VINs are found however they are typed, against the real tsvector columns of a
migrated database on the throwaway test server. The strategies are test_search_query's (SQLite)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, insert
from sqlalchemy.engine import make_url

from dealercrm.db import fts, fts_pg, open_database
from dealercrm.models import Claim, Vehicle, utcnow
from dealercrm.models.enums import Channel, ClaimCategory, Severity, StockStatus, VehicleCondition
from dealercrm.models.search_terms import compact_plate
from tests.property.test_search_query import (
    PLATE_LETTERS,
    VIN_CHARS,
    add_contact,
    any_text,
    french_numbers,
    phone_groups,
    words,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def engine(pg_server: Any) -> Iterator[Engine]:
    """A migrated database with a few records, shared by every example: examples roll their rows back."""
    name = f"t_props_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    db = open_database(make_url(pg_server.url).set(database=name), create=True)
    try:
        with db.engine.begin() as conn:
            first = add_contact(
                conn, first_name="Hélène", last_name="Dupont", mobile="+33612345678", city="Lyon"
            )
            add_contact(conn, first_name="Jean-Pierre", last_name="Andrade", email="jp.andrade@example.fr")
            conn.execute(
                insert(Vehicle).values(
                    vin="VF1RFB00X12345678",
                    plate="AB-123-CD",
                    plate_compact="AB123CD",
                    make="Renault",
                    model="Clio",
                    condition=VehicleCondition.USED,
                    stock_status=StockStatus.IN_STOCK,
                )
            )
            conn.execute(
                insert(Claim).values(
                    contact_id=first,
                    category=ClaimCategory.OTHER,
                    severity=Severity.LOW,
                    channel=Channel.EMAIL,
                    description="Rayure sur la portière (côté conducteur) : « pas vue » à la livraison",
                    due_at=utcnow(),
                )
            )
        yield db.engine
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@given(text=any_text | st.text(alphabet="'\\:*&|!<->()ŒœÆæßøǄǆﬁ \u0301", max_size=30))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_input_is_a_valid_tsquery_or_nothing(engine: Engine, text: str) -> None:
    with engine.connect() as conn:
        for exact in (False, True):
            terms = fts.parse_terms(text, exact=exact)
            tsquery = fts_pg._tsquery(terms, fts_pg._folder(conn, terms))  # noqa: SLF001
            if tsquery is not None:
                conn.exec_driver_sql("SELECT %s::tsquery", (tsquery,)).scalar_one()
        for table in fts.INDEXES:
            fts.search(conn, table, text, 5)


@given(name=st.lists(words, min_size=1, max_size=3), data=st.data())
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_name_is_found_by_prefixes_of_its_words(
    engine: Engine, name: list[str], data: st.DataObject
) -> None:
    separator = data.draw(st.sampled_from([" ", "-", "'"]))
    typed = data.draw(st.lists(st.sampled_from(name), min_size=1, max_size=len(name), unique=True))
    query = " ".join(word[: data.draw(st.integers(1, len(word)))] for word in typed)
    case = data.draw(st.sampled_from([str, str.lower, str.upper]))
    with engine.connect() as conn:
        contact = add_contact(conn, last_name=separator.join(name))
        assert contact in fts.search_ids(conn, "contacts", case(query), 50)
        conn.rollback()


@given(
    national=french_numbers,
    style=st.sampled_from(["national", "plus", "double_zero", "plus_zero"]),
    separator=st.sampled_from([" ", ".", "-", "", "  "]),
    line=st.sampled_from(["mobile", "landline"]),
    data=st.data(),
)
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_phone_number_is_found_however_it_is_typed(
    engine: Engine, national: str, style: str, separator: str, line: str, data: st.DataObject
) -> None:
    groups = phone_groups(national, style)
    kept = data.draw(st.integers(1, len(groups)))
    query = separator.join(groups[:kept])
    with engine.connect() as conn:
        contact = add_contact(conn, last_name="Numéro", **{line: "+33" + national[1:]})
        assert contact in fts.search_ids(conn, "contacts", query, 50), fts.parse_query(query)
        conn.rollback()


@given(
    plate=st.tuples(
        st.text(alphabet=PLATE_LETTERS, min_size=2, max_size=2),
        st.integers(1, 999).map("{:03d}".format),
        st.text(alphabet=PLATE_LETTERS, min_size=2, max_size=2),
    ).map("-".join),
    vin=st.text(alphabet=VIN_CHARS, min_size=17, max_size=17),
    data=st.data(),
)
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_plates_and_vins_are_found_by_any_prefix(
    engine: Engine, plate: str, vin: str, data: st.DataObject
) -> None:
    typed_plate = data.draw(st.sampled_from([plate, plate.replace("-", ""), plate.replace("-", " ")]))
    typed_plate = typed_plate[: data.draw(st.integers(1, len(typed_plate)))]
    typed_vin = vin[: data.draw(st.integers(1, 17))]
    case = data.draw(st.sampled_from([str, str.lower]))
    with engine.connect() as conn:
        vehicle = conn.execute(
            insert(Vehicle).values(
                vin=vin,
                plate=plate,
                plate_compact=compact_plate(plate),
                make="Peugeot",
                model="208",
                condition=VehicleCondition.USED,
                stock_status=StockStatus.IN_STOCK,
            )
        ).inserted_primary_key
        assert vehicle is not None
        assert vehicle[0] in fts.search_ids(conn, "vehicles", case(typed_plate), 50)
        assert vehicle[0] in fts.search_ids(conn, "vehicles", case(typed_vin), 50)
        conn.rollback()


@pytest.mark.parametrize("typed", ["00E0A", "00e0ab1", "00E0AB1234567890X", "00E", "00E0"])
def test_a_vin_the_parser_reads_as_a_number_and_a_word_is_found(engine: Engine, typed: str) -> None:
    """PostgreSQL's parser indexes "00E0AB…" as the number '00e0' then the word 'ab…' (scientific
    notation); the query is split the same way, so every prefix still finds the car."""
    with engine.connect() as conn:
        vehicle = conn.execute(
            insert(Vehicle).values(
                vin="00E0AB1234567890X",
                plate="EE-123-EE",
                plate_compact="EE123EE",
                make="Peugeot",
                model="208",
                condition=VehicleCondition.USED,
                stock_status=StockStatus.IN_STOCK,
            )
        ).inserted_primary_key
        assert vehicle is not None
        assert vehicle[0] in fts.search_ids(conn, "vehicles", typed, 50)
        conn.rollback()
