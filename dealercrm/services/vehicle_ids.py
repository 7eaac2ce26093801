"""Vehicle identifiers: VINs (ISO 3779) and French registration plates (SIV and the older FNI).

- A VIN has 17 characters from 0-9 and A-Z without I, O and Q. Position 9 is a check digit that North
  American rules (FMVSS 115, WMI starting 1-5) and China (WMI starting L) make mandatory; elsewhere it
  is optional, so a European VIN whose 9th character does not match is still valid. The manufacturer
  is decoded from the WMI (first three characters) with the `vininfo` library.
- Plates: SIV since 2009 "AB-123-CD" (SS, WW and the old W garage series included), FNI before 2009
  "123 ABC 45" (1-4 digits, 1-3 letters, the département: 01-95, 2A, 2B, 971-976). Both are stored in
  their canonical spelling and found by their compact form ("ab123cd").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_VIN_RE = re.compile(r"[0-9A-HJ-NPR-Z]{17}")
# Transliteration of ISO 3779 / FMVSS 115 (I, O and Q never occur).
_VIN_VALUES: dict[str, int] = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
# WMI first characters whose VINs must carry a valid check digit: North America (1-5) and China (L).
CHECK_DIGIT_REGIONS = frozenset("12345L")


@dataclass(frozen=True)
class VinCheck:
    """What a typed VIN is worth: its canonical form, whether it is valid, and why not."""

    vin: str  # upper case, spaces and dashes removed
    valid: bool
    error: str | None  # a sentence for the user when not valid
    check_digit_applies: bool
    check_digit_ok: bool | None  # None when the VIN is not 17 legal characters
    manufacturer: str | None  # decoded from the WMI, when known
    country: str | None


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 check digit of a 17-character VIN ("0"-"9" or "X"), position 9 ignored."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin.upper(), _VIN_WEIGHTS, strict=True))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def check_vin(text: str) -> VinCheck:
    """Validate a VIN as typed ("vf1 rfb00x56789012" is fine) and decode its manufacturer."""
    vin = re.sub(r"[\s-]", "", text).upper()
    if len(vin) != 17:
        return VinCheck(vin, False, f"a VIN has 17 characters, not {len(vin)}", False, None, None, None)
    bad = sorted({c for c in vin if c in "IOQ"})
    if bad:
        return VinCheck(
            vin,
            False,
            f"a VIN never contains {', '.join(bad)} (I, O and Q are excluded)",
            False,
            None,
            None,
            None,
        )
    if not _VIN_RE.fullmatch(vin):
        return VinCheck(vin, False, "a VIN has only letters and digits", False, None, None, None)
    applies = vin[0] in CHECK_DIGIT_REGIONS
    digit_ok = vin_check_digit(vin) == vin[8]
    manufacturer, country = _decode_wmi(vin)
    if applies and not digit_ok:
        return VinCheck(
            vin,
            False,
            f"the check digit (9th character) should be {vin_check_digit(vin)}: a character was mistyped",
            applies,
            digit_ok,
            manufacturer,
            country,
        )
    return VinCheck(vin, True, None, applies, digit_ok, manufacturer, country)


def _decode_wmi(vin: str) -> tuple[str | None, str | None]:
    try:
        from vininfo import Vin  # lazily: only the vehicle form and imports need it

        decoded = Vin(vin)
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
