"""Vehicle identifiers: VINs (ISO 3779) and French registration plates (SIV and the older FNI).

- A VIN has 17 characters from 0-9 and A-Z without I, O and Q. Position 9 is a check digit (computed
  by the `vininfo` library) that North American rules (FMVSS 115, WMI starting 1-5) make mandatory;
  elsewhere it is optional, so a European VIN whose 9th character does not match is valid with a
  warning. The manufacturer and country are decoded from the WMI (first three characters) by `vininfo`.
- Plates: SIV since 2009 "AB-123-CD" (SS, WW and the old W garage series included), FNI before 2009
  "123 ABC 45" (1-4 digits, 1-3 letters, the département: 01-95, 2A, 2B, 971-976). Both are stored in
  their canonical spelling and found by their compact form ("ab123cd").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dealercrm.i18n import _

VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_VIN_RE = re.compile(r"[0-9A-HJ-NPR-Z]{17}")
CHECK_DIGITS = "0123456789X"
# The WMI region (vininfo) whose VINs must carry a valid check digit (FMVSS 115: WMI starting 1-5).
CHECK_DIGIT_REGION = "North America"


@dataclass(frozen=True)
class VinCheck:
    """What a typed VIN is worth: its canonical form, whether it is valid, and why not."""

    vin: str  # upper case, spaces and dashes removed
    valid: bool
    error: str | None  # a sentence for the user when not valid
    check_digit_applies: bool  # a North American VIN: a wrong check digit refuses it
    check_digit_ok: bool | None  # None when the VIN is not 17 legal characters, or its maker uses none
    manufacturer: str | None  # decoded from the WMI, when known
    country: str | None
    warning: str | None = None  # valid, but worth a second look (a wrong optional check digit)


def vin_check_digit(vin: str) -> str | None:
    """The check digit ("0"-"9" or "X") vininfo's ISO 3779 checksum expects at position 9 of a
    17-character VIN (whatever is there now); None when the VIN's maker uses no check digit."""
    from vininfo import Vin  # lazily: only the vehicle form, imports and the demo need it

    for digit in CHECK_DIGITS:
        if Vin(vin[:8] + digit + vin[9:]).verify_checksum(check_year=False):
            return digit
    return None


@functools.lru_cache(maxsize=4096)  # an import parses a VIN, then asks for its warning
def check_vin(text: str) -> VinCheck:
    """Validate a VIN as typed ("vf1 rfb00x56789012" is fine) and decode its manufacturer.

    The one VIN rule (vehicle form, importer, demo): 17 characters from 0-9 and A-Z without I, O, Q.
    Position 9 is a check digit (vininfo's checksum) that North American VINs (WMI region from vininfo,
    first character 1-5) must get right: a wrong one refuses the VIN. Elsewhere, in Europe above all,
    the check digit is optional, so a wrong one is only a warning.
    """
    from vininfo import Vin

    vin = re.sub(r"[\s-]", "", text).upper()
    if len(vin) != 17:
        return VinCheck(
            vin, False, _("a VIN has 17 characters, not {n}").format(n=len(vin)), False, None, None, None
        )
    bad = sorted({c for c in vin if c in "IOQ"})
    if bad:
        return VinCheck(
            vin,
            False,
            _("a VIN never contains {letters} (I, O and Q are excluded)").format(letters=", ".join(bad)),
            False,
            None,
            None,
            None,
        )
    if not _VIN_RE.fullmatch(vin):
        return VinCheck(vin, False, _("a VIN has only letters and digits"), False, None, None, None)
    decoded = Vin(vin)
    applies = str(decoded.region) == CHECK_DIGIT_REGION
    manufacturer, country = _decode_wmi(decoded)
    if decoded.verify_checksum(check_year=False):
        return VinCheck(vin, True, None, applies, True, manufacturer, country)
    if not applies and vin[8] not in CHECK_DIGITS:  # a letter there: no check digit is used at all
        return VinCheck(vin, True, None, applies, False, manufacturer, country)
    expected = vin_check_digit(vin)
    if expected is None:  # a maker vininfo knows to use no check digit
        return VinCheck(vin, True, None, applies, None, manufacturer, country)
    if applies:
        error = _("the check digit (9th character) should be {expected}: a character was mistyped").format(
            expected=expected
        )
        return VinCheck(vin, False, error, applies, False, manufacturer, country)
    warning = _(
        "the check digit (9th character) should be {expected}; makers outside North America need not use "
        "it, but check for a typing mistake"
    ).format(expected=expected)
    return VinCheck(vin, True, None, applies, False, manufacturer, country, warning)


def _decode_wmi(decoded: Any) -> tuple[str | None, str | None]:
    try:
        manufacturer = decoded.manufacturer
        country = decoded.country
    except Exception:  # noqa: BLE001 - an unknown WMI is not an error, merely undecoded
        return None, None
    manufacturer = str(manufacturer) if manufacturer and manufacturer != "UnsupportedBrand" else None
    return manufacturer, (str(country) if country else None)


class PlateFormat(StrEnum):
    SIV = "siv"  # AB-123-CD, since 2009
    FNI = "fni"  # 123 ABC 45, before 2009


@dataclass(frozen=True)
class Plate:
    text: str  # canonical spelling: "AB-123-CD" or "123 ABC 45"
    compact: str  # "AB123CD": how it is searched
    format: PlateFormat


_SIV_RE = re.compile(r"([A-Z]{2})-?(\d{3})-?([A-Z]{2})")
_FNI_RE = re.compile(r"(\d{1,4})-?([A-Z]{1,3})-?(\d{2}|2A|2B|97[1-6])")
# SIV series never use I, O or U, nor SS in the first or last pair, nor WW in the last pair.
_SIV_FORBIDDEN_LETTERS = frozenset("IOU")


def parse_plate(text: str) -> Plate | None:
    """A French plate however it was typed ("ab123cd", "AB 123 CD", "123abc45"), or None."""
    cleaned = re.sub(r"[\s.]", "-", text.strip().upper())
    cleaned = re.sub(r"-+", "-", cleaned).strip("-")
    siv = _SIV_RE.fullmatch(cleaned)
    if siv is not None:
        left, digits, right = siv.groups()
        letters = left + right
        if _SIV_FORBIDDEN_LETTERS & set(letters) or digits == "000" or right == "SS" or left == "SS":
            return None
        canonical = f"{left}-{digits}-{right}"
        return Plate(canonical, left + digits + right, PlateFormat.SIV)
    fni = _FNI_RE.fullmatch(cleaned)
    if fni is not None:
        digits, letters, dept = fni.groups()
        if int(digits) == 0 or dept == "00" or (dept.isdigit() and len(dept) == 2 and int(dept) > 95):
            return None
        canonical = f"{digits} {letters} {dept}"
        return Plate(canonical, digits + letters + dept, PlateFormat.FNI)
    return None


def normalise_plate(text: str) -> str | None:
    """ "ab123cd" -> "AB-123-CD", "123abc45" -> "123 ABC 45"; None when it is no French plate."""
    plate = parse_plate(text)
    return plate.text if plate is not None else None
