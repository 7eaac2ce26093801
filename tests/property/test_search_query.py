"""Turning what users type into FTS5 queries (hypothesis): no input is an error, and names, phone numbers,
plates and VINs are found however they are typed, against the real index of a migrated database."""

from __future__ import annotations

import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import URL, Connection, Engine, insert

from dealercrm.db import fts
from dealercrm.db.engine import create_db_engine
from dealercrm.models import Claim, Contact, Vehicle, utcnow
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ContactKind,
    Lifecycle,
    Severity,
    StockStatus,
    VehicleCondition,
)
from dealercrm.models.search_terms import compact_plate, phone_search_terms

FTS_SYNTAX = "\"*()-+:^{}[].,;@'`~!?/\\|&=<> \t\n"
fts_like_text = st.text(
    alphabet=st.sampled_from(FTS_SYNTAX + "ANDORNEATnearéÉ0123456789ab"), max_size=40
) | st.lists(
    st.sampled_from(
        ['"', "*", "AND", "OR", "NOT", "NEAR", "(", ")", "-", "+", ":", "^", "0", "06", "+33", "ab"]
    ),
    max_size=12,
).map(" ".join)
any_text = st.text(max_size=300) | fts_like_text

# Names as people and companies have them: letters (accented ones too) and digits, starting with a letter.
# No "ß": Python upper-cases it to "SS", which unicode61 does not fold back (typing "STRASSE" does not find
# "Straße"; the tokenizer's folding is one character to one).
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒÆñÑøØåÅ"
words = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(LETTERS),
    st.text(alphabet=LETTERS + string.digits, max_size=20),
)

PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ"
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


@pytest.fixture(scope="module")
def engine(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database with a few records, shared by every example: examples roll their rows back."""
    path = tmp_path_factory.mktemp("search") / "search.sqlite3"
    shutil.copyfile(template_db, path)
    engine = create_db_engine(URL.create("sqlite", database=str(path)))
    with engine.begin() as conn:
        add_contact(conn, first_name="Hélène", last_name="Dupont", mobile="+33612345678", city="Lyon")
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
                contact_id=1,
                category=ClaimCategory.OTHER,
                severity=Severity.LOW,
                channel=Channel.EMAIL,
                description="Rayure sur la portière (côté conducteur) : « pas vue » à la livraison",
                due_at=utcnow(),
            )
        )
    yield engine
    engine.dispose()


def add_contact(conn: Connection, **values: str | None) -> int:
    mobile, landline = values.get("mobile"), values.get("landline")
    kind = ContactKind.PERSON if values.get("last_name") else ContactKind.COMPANY
    result = conn.execute(
        insert(Contact).values(
            kind=kind,
            lifecycle=Lifecycle.CUSTOMER,
            search_phones=phone_search_terms(mobile, landline),
            **values,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


@given(text=any_text)
@settings(max_examples=400, deadline=None)
def test_any_input_is_a_valid_match_expression_or_none(engine: Engine, text: str) -> None:
    expression = fts.parse_query(text)
    assert expression is None or expression.strip()
    with engine.connect() as conn:
        if expression is not None:
            for index in fts.INDEXES.values():
                conn.exec_driver_sql(
                    f"SELECT rowid FROM {index.fts_table} WHERE {index.fts_table} MATCH ?", (expression,)
                ).all()
        for table in fts.INDEXES:
            fts.search(conn, table, text, 5)


@given(text=st.text(alphabet=FTS_SYNTAX + "\u00a0\u2009…«»–—·", max_size=30))
def test_punctuation_alone_is_nothing_to_search(text: str) -> None:
    assert fts.parse_query(text) is None


@given(name=st.lists(words, min_size=1, max_size=3), data=st.data())
@settings(deadline=None)
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


french_numbers = st.builds(
    lambda first, rest: "0" + first + rest,
    st.sampled_from("123456789"),
    st.text(alphabet=string.digits, min_size=8, max_size=8),
)


def phone_groups(national: str, style: str) -> list[str]:
    pairs = [national[i : i + 2] for i in range(0, 10, 2)]
    if style == "national":
        return pairs
    international = [national[1]] + pairs[1:]
    return {"plus": ["+33"], "double_zero": ["0033"], "plus_zero": ["+33", "(0)"]}[style] + international


@given(
    national=french_numbers,
    style=st.sampled_from(["national", "plus", "double_zero", "plus_zero"]),
    separator=st.sampled_from([" ", ".", "-", "", "  "]),
    line=st.sampled_from(["mobile", "landline"]),
    data=st.data(),
)
@settings(deadline=None)
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
@settings(deadline=None)
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


@given(
    numbers=st.lists(
        st.none() | st.text(max_size=20) | st.from_regex(r"\+(33)?[0-9\u0663\u00b2]{0,13}", fullmatch=True),
        max_size=3,
    )
)
@settings(max_examples=500, deadline=None)
def test_phone_search_terms_are_the_digits_whatever_the_shortcut(numbers: list[str | None]) -> None:
    """E.164 numbers skip the pattern (an import derives the terms for every row): the terms stay the
    digits of each number, with the national form of a French one."""
    expected: list[str] = []
    for number in numbers:
        if number:
            digits = "".join(c for c in number if c.isdecimal())  # what the regex \D leaves
            if number.startswith("+33") and len(digits) == 11:
                expected.append("0" + digits[2:])
            expected.append(digits)
    assert phone_search_terms(*numbers) == (" ".join(expected) or None)
