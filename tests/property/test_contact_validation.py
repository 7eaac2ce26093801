"""Contact validation: however a number is typed it is stored the same; cleaning is idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.fr import siren, siret

from dealercrm.models.enums import ConsentStatus, ContactKind
from dealercrm.services import validation as v
from dealercrm.services.contact_edit import check_record, clean_values
from dealercrm.services.errors import ValidationError
from dealercrm.services.validation import InvalidValue, parse_siren

TODAY = dt.date(2026, 12, 6)  # the dealership's day, given as the service gives it

# Metropolitan mobiles: 060 to 068 and 073 to 079 (0639 and 069x belong to overseas departments).
mobiles = (
    st.tuples(
        st.sampled_from(
            ["60", "61", "62", "63", "64", "65", "66", "67", "68", "73", "74", "75", "76", "77", "78", "79"]
        ),
        st.text("0123456789", min_size=7, max_size=7),
    )
    .map("".join)
    .filter(lambda n: not n.startswith("639"))
)


def spellings(national: str) -> list[str]:
    pairs = " ".join(national[i : i + 2] for i in range(1, 9, 2))
    return [
        "0" + national,
        f"0{national[0]} {pairs}",
        f"0{national[0]}.{pairs.replace(' ', '.')}",
        f"+33 {national[0]} {pairs}",
        f"+33{national}",
        f"0033 {national}",
        f"+33 (0){national}",
    ]


@given(mobiles)
def test_every_way_of_typing_a_mobile_gives_one_e164(national: str) -> None:
    stored = {clean_values({"mobile": s}, today=TODAY)["mobile"] for s in spellings(national)}
    assert stored == {"+33" + national}


@given(
    mobiles,
    st.sampled_from(["Paul.Durand@Example.FR", "lea@garage-dupont.fr"]),
    st.sampled_from(["69003", "01000"]),
)
def test_cleaning_twice_changes_nothing(national: str, email: str, postal: str) -> None:
    values = {
        "last_name": "  Durand  ",
        "mobile": "0" + national,
        "email": email,
        "postal_code": postal,
        "city": "Lyon",
    }
    once = clean_values(values, today=TODAY)
    assert clean_values(once, today=TODAY) == once
    assert check_record({"kind": ContactKind.PERSON, **once}) == {}


@given(st.text("0123456789", min_size=9, max_size=9))
def test_siren_accepted_only_with_its_check_digit(digits: str) -> None:
    try:
        clean_values({"siren": digits}, today=TODAY)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == siren.is_valid(digits)


# Raw digits (mostly wrong), and numbers completed by a Luhn digit (a SIRET whose SIREN may be wrong).
sirets = st.one_of(
    st.text("0123456789", min_size=14, max_size=14),
    st.text("0123456789", min_size=13, max_size=13).map(lambda d: d + luhn.calc_check_digit(d)),
    st.text("0123456789", min_size=5, max_size=5).map(lambda d: "356000000" + d),  # La Poste
)


@given(sirets)
def test_siret_accepted_as_python_stdnum_says_and_gives_its_siren(digits: str) -> None:
    try:
        parsed = parse_siren(digits)
    except InvalidValue:
        parsed = None
    assert (parsed is not None) == siret.is_valid(digits)
    assert parsed is None or parsed == digits[:9]


@pytest.mark.parametrize(
    "number", ["35600000010000", "356 000 000 10000", "35600000000048", "73282932000074"]
)
def test_la_poste_and_ordinary_sirets_are_accepted(number: str) -> None:
    assert parse_siren(number) == number.replace(" ", "")[:9]


@pytest.mark.parametrize("number", ["35600000010001", "73282932000075", "7328293200007", "ABCDEFGHI"])
def test_wrong_sirets_are_refused(number: str) -> None:
    with pytest.raises(InvalidValue):
        parse_siren(number)


@given(st.sampled_from("123456789"), st.text("0123456789", min_size=8, max_size=8))
def test_fast_phone_formatting_agrees_with_phonenumbers(first: str, rest: str) -> None:
    import phonenumbers

    from dealercrm.services.contacts import format_phone

    number = f"+33{first}{rest}"
    parsed = phonenumbers.parse(number, "FR")
    expected = (
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        if phonenumbers.is_possible_number(parsed)
        else number
    )
    assert format_phone(number) == expected


_YES_NO = ["oui", "Non", "yes", "NO", "x", "1", "0", "vrai", "faux", "opt in", "optout"]
_STATUS_WORDS = {
    "granted": ConsentStatus.GRANTED,
    "Accordé": ConsentStatus.GRANTED,
    "refused": ConsentStatus.REFUSED,
    "REFUSÉ": ConsentStatus.REFUSED,
    "withdrawn": ConsentStatus.WITHDRAWN,
    "retiré": ConsentStatus.WITHDRAWN,
}


@given(word=st.sampled_from(_YES_NO), pad=st.sampled_from(["", " ", "  "]))
def test_a_consent_reads_yes_and_no_as_parse_bool_does(word: str, pad: str) -> None:
    expected = ConsentStatus.GRANTED if v.parse_bool(word) else ConsentStatus.REFUSED
    assert v.parse_consent(pad + word + pad) is expected


@given(word=st.sampled_from(sorted(_STATUS_WORDS)), upper=st.booleans())
def test_a_consent_reads_the_statuses_the_export_writes(word: str, upper: bool) -> None:
    assert v.parse_consent(word.upper() if upper else word) is _STATUS_WORDS[word]


@given(text=st.text(min_size=1, max_size=12))
def test_a_consent_is_a_status_or_a_clear_refusal(text: str) -> None:
    try:
        status = v.parse_consent(text)
    except v.InvalidValue as exc:
        assert "consent" in str(exc) or "consentement" in str(exc)
    else:
        assert status in set(ConsentStatus)
