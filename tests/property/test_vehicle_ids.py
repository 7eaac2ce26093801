"""VIN validation (ISO 3779 check digit where it applies, WMI decoding) and French plate normalisation."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dealercrm.services.vehicle_ids import (
    VIN_ALPHABET,
    PlateFormat,
    check_vin,
    normalise_plate,
    parse_plate,
    vin_check_digit,
)

# Real-world VINs: the FMVSS 115 textbook example, a Honda Accord, and European ones
# (check digit optional: Renault, Peugeot, Volkswagen, Porsche, BMW).
VALID_NORTH_AMERICAN = ["1M8GDM9AXKP042788", "1HGCM82633A004352", "11111111111111111"]
VALID_EUROPEAN = [
    "VF1RFB00X56789012",
    "VF3LCYHZPJS123456",
    "WVWZZZ1JZXW000001",
    "WP0ZZZ99ZTS392124",
    "WBA3A5C51CF256651",
]


@pytest.mark.parametrize("vin", VALID_NORTH_AMERICAN)
def test_north_american_vins_with_a_good_check_digit(vin: str) -> None:
    checked = check_vin(vin)
    assert checked.valid and checked.check_digit_applies and checked.check_digit_ok


@pytest.mark.parametrize("vin", VALID_EUROPEAN)
def test_european_vins_need_no_check_digit(vin: str) -> None:
    checked = check_vin(vin)
    assert checked.valid and not checked.check_digit_applies and checked.error is None


def test_a_wrong_check_digit_is_only_a_warning_outside_north_america() -> None:
    checked = check_vin("VF1RFB00356789012")  # a digit at position 9, not the one the checksum gives
    assert checked.valid and checked.check_digit_ok is False
    assert checked.warning is not None and "should be 9" in checked.warning
    assert check_vin("VF1RFB00956789012").warning is None  # the right one
    assert check_vin("WVWZZZ1JZXW000001").warning is None  # a letter there: no check digit at all
    north_american = check_vin("1HGCM82643A004352")
    assert not north_american.valid and north_american.warning is None


regions = st.sampled_from(["1", "2", "3", "4", "5", "V", "W", "Z", "S", "J", "K", "L", "9"])


@given(regions, st.text(alphabet=VIN_ALPHABET, min_size=16, max_size=16), st.sampled_from("0123456789X"))
def test_the_vin_rule(first: str, rest: str, ninth: str) -> None:
    """Refused only for a wrong check digit in North America (WMI 1-5); elsewhere valid, with a warning
    exactly when the 9th character is a wrong check digit."""
    vin = first + rest[:7] + ninth + rest[8:]
    checked = check_vin(vin)
    expected = vin_check_digit(vin)
    wrong = expected is not None and expected != ninth
    north_american = first in "12345"
    assert checked.check_digit_applies is north_american
    assert checked.valid is not (north_american and wrong)
    assert (checked.warning is not None) is (not north_american and wrong)
    assert checked.error is None or checked.warning is None


def test_manufacturer_is_decoded_from_the_wmi() -> None:
    assert check_vin("VF1RFB00X56789012").manufacturer == "Renault"
    assert check_vin("WVWZZZ1JZXW000001").manufacturer == "Volkswagen"
    assert check_vin("1HGCM82633A004352").manufacturer == "Honda"


def test_typed_loosely_is_normalised() -> None:
    assert check_vin(" vf1rfb00x5-6789012 ").vin == "VF1RFB00X56789012"


@pytest.mark.parametrize(
    ("vin", "fragment"),
    [
        ("1M8GDM9AXKP04278", "17 characters, not 16"),
        ("1M8GDM9AXKP0427888", "17 characters, not 18"),
        ("1M8GDM9AIKP042788", "never contains I"),
        ("VF1RFB00O56789Q12", "never contains O, Q"),
        ("1M8GDM9A5KP042788", "check digit (9th character) should be X"),  # one character mistyped
        ("1HGCM82633A004353", "should be"),  # last digit mistyped: the check digit catches it
        ("VF1RFB00X5678901_", "only letters and digits"),
    ],
)
def test_invalid_vins_say_why(vin: str, fragment: str) -> None:
    checked = check_vin(vin)
    assert not checked.valid and checked.error is not None and fragment in checked.error


def test_check_digit_of_the_textbook_example() -> None:
    assert vin_check_digit("1M8GDM9A_KP042788".replace("_", "0")) == "X"


vin_chars = st.text(alphabet=VIN_ALPHABET, min_size=17, max_size=17)


@given(vin_chars)
def test_any_vin_with_its_computed_check_digit_is_valid(raw: str) -> None:
    digit = vin_check_digit(raw)
    assume(digit is not None)  # a maker that uses no check digit (vininfo knows a few)
    vin = raw[:8] + str(digit) + raw[9:]
    assert check_vin(vin).check_digit_ok is True
    assert check_vin(vin).valid


@given(
    vin_chars, st.integers(min_value=1, max_value=16).filter(lambda i: i != 8), st.sampled_from(VIN_ALPHABET)
)
def test_a_single_substitution_in_a_north_american_vin_is_caught_or_harmless(
    raw: str, position: int, replacement: str
) -> None:
    vin = "1" + raw[1:8] + "0" + raw[9:]
    vin = vin[:8] + str(vin_check_digit(vin)) + vin[9:]
    mistyped = vin[:position] + replacement + vin[position + 1 :]
    # Same transliterated value at a position: undetectable (e.g. A and J are both 1); otherwise caught.
    if vin_check_digit(mistyped) == vin[8]:
        assert check_vin(mistyped).valid
    else:
        assert not check_vin(mistyped).valid


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("AB-123-CD", "AB-123-CD"),
        ("ab123cd", "AB-123-CD"),
        ("ab 123 cd", "AB-123-CD"),
        ("Ab-123 cD", "AB-123-CD"),
        ("123 ABC 45", "123 ABC 45"),
        ("123abc45", "123 ABC 45"),
        ("9999-ZZ-75", "9999 ZZ 75"),
        ("12 a 2a", "12 A 2A"),
        ("456 xy 974", "456 XY 974"),
    ],
)
def test_plates_are_normalised(typed: str, expected: str) -> None:
    assert normalise_plate(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "AB-12-CD", "ABC-123-D", "AI-123-CD", "AB-123-OU", "AB-000-CD", "SS-123-AB", "123 ABC 99", "hello"],
)
def test_what_is_not_a_french_plate(typed: str) -> None:
    assert normalise_plate(typed) is None


def test_plate_formats_and_compact_form() -> None:
    siv = parse_plate("ab-123-cd")
    fni = parse_plate("123 abc 45")
    assert siv is not None and siv.format is PlateFormat.SIV and siv.compact == "AB123CD"
    assert fni is not None and fni.format is PlateFormat.FNI and fni.compact == "123ABC45"


siv_letters = st.text(alphabet="ABCDEFGHJKLMNPQRSTVWXYZ", min_size=2, max_size=2).filter(lambda s: s != "SS")


@given(
    siv_letters, st.integers(min_value=1, max_value=999), siv_letters, st.sampled_from(["-", " ", "", "."])
)
def test_every_siv_plate_round_trips_however_typed(left: str, number: int, right: str, sep: str) -> None:
    canonical = f"{left}-{number:03d}-{right}"
    typed = f"{left.lower()}{sep}{number:03d}{sep}{right.lower()}"
    assert normalise_plate(typed) == canonical
    assert normalise_plate(canonical) == canonical  # idempotent
