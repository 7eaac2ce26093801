"""Hypothesis throws arbitrary CSV content at the importer: it never crashes, every row read is
accounted for, and every rejected row is explained. The parsers' fast paths agree with the libraries."""

from __future__ import annotations

import datetime as dt
import functools
import string
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealercrm.db import Database, open_database
from dealercrm.services import validation as v
from dealercrm.services.importing import ImportService, MappingStore, SourceError
from dealercrm.services.importing.engine import ImportFailed
from dealercrm.services.permissions import SYSTEM_ACTOR

HEADERS = [
    "NOM",
    "Prénom",
    "Tél",
    "Portable",
    "E-mail",
    "CP",
    "Ville",
    "Date de naissance",
    "Opt-in",
    "Notes",
]
NASTY = st.sampled_from(
    [
        "",
        " ",
        ";",
        ",",
        '"',
        '""',
        "\n",
        "\r\n",
        "\t",
        "=1+1",
        "@x",
        "é",
        "ß",
        "\u00a0",
        "06 12 34 56 78",
        "+33 (0)7 81 23 45 67",
        "31/02/2020",
        "15/03/1970",
        "1000",
        "jean@orange.fr",
        "x@",
        "oui",
        "peut-être",
        "12 345,50 €",
        "\x00",
        "\ufeff",
        "DUPONT Jean",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ]
)
CELL = st.one_of(NASTY, st.text(alphabet=string.printable + "éèàçôÉ€’", max_size=12))


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Database:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    path.write_bytes(template_db.read_bytes())
    database = open_database(path, create=True)
    yield database  # type: ignore[misc]
    database.dispose()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(CELL, min_size=0, max_size=12), max_size=12),
    separator=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    quote=st.booleans(),
)
def test_any_csv_is_imported_or_refused_with_reasons(
    fuzz_db: Database,
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    separator: str,
    encoding: str,
    quote: bool,
) -> None:
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if quote else text

    lines = [separator.join(HEADERS)] + [separator.join(cell(c) for c in row) for row in rows]
    data = "\r\n".join(lines).encode(encoding, errors="replace")
    folder = tmp_path_factory.mktemp("csv")
    path = folder / "fuzz.csv"
    path.write_bytes(data)
    service = ImportService(
        fuzz_db.session_factory, actor=SYSTEM_ACTOR, mapping_store=MappingStore(folder / "m.json")
    )
    try:
        result = service.run(path=path, kind="contacts", dry_run=True, batch_size=5)
    except (SourceError, ImportFailed) as exc:
        assert str(exc)  # a file-level refusal, in words
        return
    accounted = result.created + result.updated + result.unchanged + result.skipped + result.rejected
    assert accounted + result.already_imported == result.rows
    rejected_lines = {r.line for r in result.rejected_rows}
    assert len(rejected_lines) == result.rejected
    explained = {i.line for i in result.issues if i.outcome == "rejected" and i.message}
    assert rejected_lines <= explained


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"\A(\+33|0033|0)?[1-9]( ?[0-9]{2}){4}\Z"),
        st.from_regex(r"\A\+?[0-9 ().-]{1,16}\Z"),
    )
)
def test_the_phone_fast_path_agrees_with_phonenumbers(text: str) -> None:
    try:
        ours = v.parse_phone(text).e164
    except v.InvalidValue:
        ours = None
    try:
        parsed = phonenumbers.parse(text, "FR")
        theirs = (
            phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(parsed)
            else None
        )
    except phonenumbers.NumberParseException:
        theirs = None
    if ours is not None and not ours.startswith("+33"):
        # "0690 12 34 56": an overseas department's number, which phonenumbers reads with its region.
        region = phonenumbers.region_code_for_number(phonenumbers.parse(ours))
        overseas = phonenumbers.parse(text, region)
        assert phonenumbers.is_valid_number(overseas), text
        assert phonenumbers.format_number(overseas, phonenumbers.PhoneNumberFormat.E164) == ours, text
    elif ours is not None:
        # Whatever we accept, phonenumbers accepts as the same number.
        assert theirs == ours, text
    elif theirs is not None:
        # What we refuse and phonenumbers accepts can only be the "612345678" spreadsheet case we read
        # with a leading zero, or a number whose national form does not start with 0.
        pytest.fail(f"{text!r} refused, phonenumbers reads {theirs}")


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[a-zA-Z0-9._+-]{1,20}@[a-zA-Z0-9.-]{1,20}\.[a-zA-Z]{2,6}\Z"))
def test_the_email_fast_path_agrees_with_email_validator(text: str) -> None:
    try:
        ours: str | None = v.parse_email(text)
    except v.InvalidValue:
        ours = None
    try:
        theirs: str | None = validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        theirs = None
    assert ours == theirs, text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_parsers_never_raise_anything_but_invalid_value(text: str) -> None:
    for parse in (
        v.parse_phone,
        v.parse_email,
        functools.partial(v.parse_date, today=dt.date(2026, 1, 1)),
        functools.partial(v.parse_datetime, tz=ZoneInfo("Europe/Paris"), today=dt.date(2026, 1, 1)),
        v.parse_decimal,
        v.parse_postal_code,
        v.parse_plate,
        v.parse_vin,
        v.parse_bool,
        v.parse_siren,
        v.parse_int,
    ):
        try:
            parse(text)
        except v.InvalidValue as exc:
            assert str(exc)
