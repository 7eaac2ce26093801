"""Derived text that makes records findable however a user types them (kept in model columns so the
full-text index, fed by triggers, sees it)."""

from __future__ import annotations

import re

_NOT_DIGIT = re.compile(r"\D")


def phone_search_terms(*numbers: str | None) -> str | None:
    """ "+33612345678" -> "0612345678 33612345678": national and international digits, so that
    "06 12", "0612" and "+33 6 12" all find it by prefix."""
    terms: list[str] = []
    for number in numbers:
        if not number:
            continue
        # Stored numbers are E.164 ("+" and digits): no pattern to run (an import calls this per row).
        digits = number[1:] if number[0] == "+" and number[1:].isdecimal() else _NOT_DIGIT.sub("", number)
        if number.startswith("+33") and len(digits) == 11:
            terms.append("0" + digits[2:])
        terms.append(digits)
    return " ".join(terms) or None


def compact_plate(plate: str | None) -> str | None:
    """ "AB-123-CD" -> "AB123CD", so that "ab123cd" finds it."""
    if not plate:
        return None
    return re.sub(r"[^0-9A-Za-z]", "", plate).upper() or None
