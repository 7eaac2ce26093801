"""Parsers for what people type in France: phone numbers, e-mail addresses, postal codes, dates,
amounts, plates, VINs, SIREN numbers and yes/no answers.

Each parser takes the raw text (or the value a spreadsheet cell holds) and returns the normal form, or
raises `InvalidValue` whose message is a sentence for the user. Blank input is the caller's business:
parsers are only called on non-blank values.

The common French cases take a fast path (a few regular expressions), because an import validates
hundreds of thousands of values; anything unusual goes to phonenumbers / email-validator, and tests
check that the fast paths agree with them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TypeVar
from zoneinfo import ZoneInfo

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.fr import siren, siret

from dealercrm.i18n import _
from dealercrm.models.enums import ConsentStatus
from dealercrm.services.vehicle_ids import check_vin

E = TypeVar("E", bound=Enum)


class InvalidValue(ValueError):
    """A value that cannot be read; str() says why, in plain words."""


# --- Text -----------------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u202f]+")


def cell_text(value: object) -> str:
    """A spreadsheet cell as text (whole floats without their ".0")."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: object, *, max_length: int | None = None, multiline: bool = False) -> str:
    """Trimmed text with runs of spaces collapsed (line breaks kept when `multiline`); text that is too
    long is refused rather than cut silently. Control characters are dropped."""
    text = cell_text(value)
    if not multiline and "  " not in text and text.isprintable():  # no tab, no NBSP, no control character
        text = text.strip()  # the usual case: nothing to collapse
        if max_length is not None and len(text) > max_length:
            raise InvalidValue(
                _("too long ({n} characters, at most {max_length})").format(
                    n=len(text), max_length=max_length
                )
            )
        return text
    if not text.isprintable():
        keep = "\n" if multiline else ""
        text = "".join(c if c.isprintable() or c in keep else " " for c in text.replace("\r\n", "\n"))
    if multiline:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip("\n")
    else:
        text = _SPACES.sub(" ", text).strip()
    if max_length is not None and len(text) > max_length:
        raise InvalidValue(
            _("too long ({n} characters, at most {max_length})").format(n=len(text), max_length=max_length)
        )
    return text


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, punctuation as single spaces: "Téléphone  portable" -> "telephone portable"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


# --- Phone numbers ----------------------------------------------------------------------------------

_FR_METADATA = phonenumbers.PhoneMetadata.metadata_for_region("FR")
assert _FR_METADATA is not None


def _fr_pattern(*names: str) -> re.Pattern[str]:
    parts = []
    for name in names:
        desc = getattr(_FR_METADATA, name, None)
        if desc is not None and desc.national_number_pattern:
            parts.append(f"(?:{desc.national_number_pattern})")
    return re.compile("|".join(parts))


# The national numbers phonenumbers.is_valid_number accepts for France, and the mobile ones.
_FR_VALID = _fr_pattern(
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "voip", "personal_number", "uan"
)
_FR_MOBILE = _fr_pattern("mobile")
_PHONE_PUNCT = re.compile(r"[\s.\-/()\u00a0\u202f]+")
# +33 6.., 0033 6.., +33 (0)6.., 06.., 33 6.. and 6.. (a spreadsheet ate the leading zero).
_FR_NUMBER = re.compile(r"(?:\+33|0033|33)?0?([1-9]\d{8})")


@dataclass(frozen=True)
class Phone:
    e164: str
    mobile: bool


def parse_phone(value: object) -> Phone:
    """Any way of writing a French number (or an international one with its +prefix) -> E.164."""
    text = cell_text(value).strip()
    compact = _PHONE_PUNCT.sub("", text)
    match = _FR_NUMBER.fullmatch(compact)
    if match is not None:
        national = match.group(1)
        if _FR_VALID.fullmatch(national) is None:
            if compact.startswith("0") and not compact.startswith("0033"):
                overseas = _overseas(national)
                if overseas is not None:
                    return overseas
            raise InvalidValue(_("{text!r} is not a valid French phone number").format(text=text))
        return Phone("+33" + national, _FR_MOBILE.fullmatch(national) is not None)
    return _parse_phone_slow(text)


# Overseas departments and collectivities dial like metropolitan France (0 + 9 digits) with their own
# country codes: "0639 12 34 56" is a Mayotte mobile, +262 639 12 34 56.
_OVERSEAS_REGIONS = ("RE", "YT", "GP", "MQ", "GF", "BL", "MF", "PM")


@functools.lru_cache(maxsize=1024)
def _overseas(national: str) -> Phone | None:
    for region in _OVERSEAS_REGIONS:
        try:
            parsed = phonenumbers.parse("0" + national, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            kind = phonenumbers.number_type(parsed)
            mobile = kind in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
            return Phone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), mobile)
    return None


@functools.lru_cache(maxsize=4096)
def _parse_phone_slow(text: str) -> Phone:
    if not any(c.isdigit() for c in text):
        raise InvalidValue(_("{text!r} is not a phone number").format(text=text))
    try:
        parsed = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue(_("{text!r} is not a phone number").format(text=text)) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidValue(_("{text!r} is not a valid phone number").format(text=text))
    kind = phonenumbers.number_type(parsed)
    mobile = kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return Phone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), mobile)


# --- E-mail addresses -------------------------------------------------------------------------------

_EMAIL_FAST = re.compile(
    r"[a-z0-9_+\-]+(?:\.[a-z0-9_+\-]+)*@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}", re.ASCII
)
_SPECIAL_USE_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def parse_email(value: object) -> str:
    """Syntax check without DNS (email-validator's rules); returned in lower case, the form duplicates
    are matched on. "mailto:" and "Name <address>" wrappers are removed."""
    text = cell_text(value).strip()
    if text.endswith(">") and "<" in text:
        text = text[text.rindex("<") + 1 : -1].strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    lowered = text.lower()
    if _EMAIL_FAST.fullmatch(lowered) is not None:
        local, _at, domain = lowered.rpartition("@")
        if (
            len(local) <= 64
            and len(lowered) <= 254
            and domain.rsplit(".", 1)[-1] not in _SPECIAL_USE_TLDS
            and "--" not in domain  # "ab--c" labels are IDNA's business: the slow path decides
        ):
            return lowered
    if any(sep in text for sep in (";", ",", " ")) and text.count("@") > 1:
        raise InvalidValue(_("{text!r} holds several addresses: keep one per cell").format(text=text))
    try:
        info = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(
            _("{text!r} is not a valid e-mail address ({exc})").format(text=text, exc=exc)
        ) from exc
    return info.normalized.lower()


# --- Postal codes, SIREN, plates, VIN -----------------------------------------------------------------

_POSTAL = re.compile(r"(\d{4,5})(?:\s*cedex(?:\s*\d{1,2})?)?", re.IGNORECASE)


def parse_postal_code(value: object, *, country: str = "FR") -> str:
    """A French postal code (5 digits; "1000" from a spreadsheet becomes "01000"); others as typed."""
    text = cell_text(value).strip()
    if country != "FR":
        text = clean_text(text)
        if not 2 <= len(text) <= 10:
            raise InvalidValue(_("{text!r} is not a postal code").format(text=text))
        return text.upper()
    match = _POSTAL.fullmatch(text.replace(" ", "", 1) if re.fullmatch(r"\d{2} \d{3}", text) else text)
    if match is None:
        raise InvalidValue(_("{text!r} is not a French postal code (5 digits)").format(text=text))
    code = match.group(1).zfill(5)
    department = int(code[:2])
    if not (1 <= department <= 95 or department in (97, 98)):
        raise InvalidValue(_("{text!r} is not a French postal code (no such department)").format(text=text))
    return code


# Départements of the cities people most often write next to a postal code: enough to catch a code
# that a spreadsheet damaged ("6700" for Strasbourg read as 06700, in the Alpes-Maritimes). Names
# shared by towns of several départements (Saint-Denis, Montreuil...) are left out.
CITY_DEPARTMENTS = {
    "paris": "75",
    "marseille": "13",
    "lyon": "69",
    "toulouse": "31",
    "nice": "06",
    "nantes": "44",
    "montpellier": "34",
    "strasbourg": "67",
    "bordeaux": "33",
    "lille": "59",
    "rennes": "35",
    "reims": "51",
    "toulon": "83",
    "saint etienne": "42",
    "le havre": "76",
    "grenoble": "38",
    "dijon": "21",
    "angers": "49",
    "nimes": "30",
    "villeurbanne": "69",
    "clermont ferrand": "63",
    "le mans": "72",
    "aix en provence": "13",
    "brest": "29",
    "tours": "37",
    "amiens": "80",
    "limoges": "87",
    "annecy": "74",
    "perpignan": "66",
    "boulogne billancourt": "92",
    "metz": "57",
    "besancon": "25",
    "orleans": "45",
    "rouen": "76",
    "mulhouse": "68",
    "colmar": "68",
    "caen": "14",
    "nancy": "54",
    "argenteuil": "95",
    "roubaix": "59",
    "tourcoing": "59",
    "avignon": "84",
    "poitiers": "86",
    "pau": "64",
    "bayonne": "64",
    "la rochelle": "17",
    "calais": "62",
    "cannes": "06",
    "antibes": "06",
    "ajaccio": "20",
    "bastia": "20",
    "versailles": "78",
    "nanterre": "92",
    "creteil": "94",
    "troyes": "10",
    "chambery": "73",
    "quimper": "29",
    "lorient": "56",
    "vannes": "56",
    "saint malo": "35",
    "belfort": "90",
    "bourges": "18",
    "chartres": "28",
    "laval": "53",
    "niort": "79",
    "angouleme": "16",
    "agen": "47",
    "beziers": "34",
    "ales": "30",
    "arles": "13",
    "cherbourg": "50",
    "saint nazaire": "44",
    "dunkerque": "59",
    "haguenau": "67",
    "thionville": "57",
    "auxerre": "89",
    "macon": "71",
    "chalon sur saone": "71",
    "blois": "41",
    "cholet": "49",
    "saint brieuc": "22",
    "gap": "05",
    "digne les bains": "04",
    "fort de france": "972",
    "pointe a pitre": "971",
    "cayenne": "973",
}
_CITY_NOISE = re.compile(r"\b(?:cedex(?: \d+)?|\d+(?:e|er|eme)?|arrondissement)\b")


def postal_department(code: str) -> str:
    """The département a French postal code belongs to: "67000" -> "67", "97200" -> "972", Corsica "20"."""
    return code[:3] if code.startswith("97") else code[:2]


def city_department(city: str) -> str | None:
    """The département of a well-known city ("Strasbourg", "PARIS 15E", "St-Étienne"), None otherwise."""
    key = " ".join(_CITY_NOISE.sub(" ", fold(city)).split())
    if key.startswith(("st ", "ste ")):
        key = key.replace("st ", "saint ", 1) if key.startswith("st ") else key.replace("ste ", "sainte ", 1)
    return CITY_DEPARTMENTS.get(key)


def postal_code_conflict(code: str, city: str) -> str | None:
    """Why a French postal code cannot be the city's (a well-known city in another département)."""
    expected = city_department(city)
    if expected is None or len(code) != 5 or not code.isdigit():
        return None
    got = postal_department(code)
    if got == expected:
        return None
    return _("{code} is in département {got}, but {city} is in {expected}").format(
        code=code, got=got, city=city, expected=expected
    )


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def parse_siren(value: object) -> str:
    """SIREN (9 digits) or SIRET (14 digits, whose first 9 are the SIREN), checked by python-stdnum
    (Luhn, and La Poste's own rule for its SIRETs: 356 000 000 then digits summing to a multiple of 5)."""
    digits = re.sub(r"[\s.\-\u00a0]", "", cell_text(value))
    valid = digits.isdigit() and (
        siren.is_valid(digits) if len(digits) == 9 else len(digits) == 14 and siret.is_valid(digits)
    )
    if not valid:
        raise InvalidValue(_("{value!r} is not a valid SIREN or SIRET number").format(value=cell_text(value)))
    return digits[:9]


_SIV = re.compile(r"([A-Z]{2})[\s\-]?(\d{3})[\s\-]?([A-Z]{2})")
_FNI = re.compile(r"(\d{1,4})[\s\-]?([A-Z]{1,3})[\s\-]?(\d{2}|2A|2B|97\d)")


def parse_plate(value: object) -> str:
    """French plates in their official form: "ab123cd" -> "AB-123-CD", "1234ab75" -> "1234 AB 75";
    foreign plates upper-cased as typed."""
    text = cell_text(value).strip().upper()
    match = _SIV.fullmatch(text)
    if match is not None:
        return "-".join(match.groups())
    match = _FNI.fullmatch(text)
    if match is not None:
        return " ".join(match.groups())
    compact = re.sub(r"[\s\-]+", "-", text)
    if not 2 <= len(compact) <= 12 or not re.fullmatch(r"[A-Z0-9\-]+", compact):
        raise InvalidValue(_("{text!r} is not a registration plate").format(text=text))
    return compact


def parse_vin(value: object) -> str:
    """A VIN by the one VIN rule (`vehicle_ids.check_vin`): upper case, without spaces; refused when it
    is not 17 legal characters or when a North American VIN's check digit is wrong."""
    checked = check_vin(cell_text(value))
    if not checked.valid:
        raise InvalidValue(_("{vin!r} is not a VIN ({error})").format(vin=checked.vin, error=checked.error))
    return checked.vin


def vin_warning(vin: str) -> str | None:
    """What is doubtful about a VIN `parse_vin` accepted (a wrong optional check digit), if anything."""
    return check_vin(vin).warning


# --- Dates ------------------------------------------------------------------------------------------

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aou": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})")
_DMY_WORDS = re.compile(r"(\d{1,2})(?:er)? ([a-z]+)\.? (\d{4})")
_TIME = re.compile(r"(\d{1,2})(?::|h)(\d{2})?(?::(\d{2})(?:\.\d+)?)?")
MIN_YEAR, MAX_YEAR = 1900, 2100


def parse_date(value: object, *, today: dt.date) -> dt.date:
    """French dates: 15/03/2021, 15.03.21, 15-3-2021, 2021-03-15, "15 mars 2021", or a spreadsheet
    date. Two-digit years are this century up to this year, else the last."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).strip()
    day_part = text.split("T")[0].split(" ")[0] if text[:1].isdigit() else text
    parsed = _parse_day(day_part, today) or _parse_day(text, today)
    if parsed is None:
        raise InvalidValue(_("{text!r} is not a date (dd/mm/yyyy)").format(text=text))
    return parsed


def _parse_day(text: str, today: dt.date) -> dt.date | None:
    match = _DMY.fullmatch(text)
    if match is not None:
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        return _make_date(_full_year(year, today), month, day, text)
    match = _YMD.fullmatch(text)
    if match is not None:
        return _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    folded = fold(text)
    match = _DMY_WORDS.fullmatch(folded)
    if match is not None and match.group(2) in _MONTHS:
        return _make_date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)), text)
    return None


def _full_year(year: str, today: dt.date) -> int:
    if len(year) == 4:
        return int(year)
    this_year = today.year
    candidate = this_year // 100 * 100 + int(year)
    return candidate if candidate <= this_year else candidate - 100


def _make_date(year: int, month: int, day: int, text: str) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidValue(_("{text!r}: the year {year} is out of range").format(text=text, year=year))
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise InvalidValue(
            _("{text!r} is not a real date (day {day}, month {month})").format(
                text=text, day=day, month=month
            )
        ) from exc


def parse_datetime(value: object, *, tz: ZoneInfo, today: dt.date) -> dt.datetime:
    """A date with an optional time ("15/03/2021 14:30", "2021-03-15T14:30:00"), in the dealership's
    time zone unless it says otherwise; returned in UTC. A date alone means midnight."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=tz)
        return moment.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    text = cell_text(value).strip()
    if "T" in text or re.search(r"[+-]\d{2}:\d{2}$|Z$", text):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parse_datetime(moment, tz=tz, today=today)
    parts = text.replace(" à ", " ").split(None, 1)
    day = parse_date(parts[0], today=today) if parts else parse_date(text, today=today)
    clock = dt.time()
    if len(parts) == 2:
        match = _TIME.fullmatch(parts[1].strip())
        if match is None:
            raise InvalidValue(_("{text!r}: {time!r} is not a time (hh:mm)").format(text=text, time=parts[1]))
        hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise InvalidValue(_("{text!r}: {time!r} is not a time (hh:mm)").format(text=text, time=parts[1]))
        clock = dt.time(hour, minute, second)
    return dt.datetime.combine(day, clock, tzinfo=tz).astimezone(dt.UTC)


# --- Numbers ----------------------------------------------------------------------------------------

_AMOUNT_NOISE = re.compile(r"[\s\u00a0\u202f'€$]|eur(?:os?)?|ttc|ht|km", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MAX_AMOUNT = Decimal("1000000000")


def parse_decimal(value: object, *, allow_negative: bool = False) -> Decimal:
    """French and English amounts: "12 345,50 €", "12345.50", "12.345,50", "12,345.50", "1.500" (a
    dot followed by exactly three digits and no comma is a French thousands separator)."""
    if isinstance(value, bool):
        raise InvalidValue(_("{value!r} is not a number").format(value=value))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        number = _parse_decimal_text(cell_text(value))
    if not number.is_finite():
        raise InvalidValue(_("{value!r} is not a number").format(value=cell_text(value)))
    if number < 0 and not allow_negative:
        raise InvalidValue(_("{value!r} is negative").format(value=cell_text(value)))
    if abs(number) >= MAX_AMOUNT:
        raise InvalidValue(_("{value!r} is too large").format(value=cell_text(value)))
    return number


def _parse_decimal_text(raw: str) -> Decimal:
    text = _AMOUNT_NOISE.sub("", raw.strip())
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("()").lstrip("+-")
    if "," in text and "." in text:
        decimal_sep = "," if text.rindex(",") > text.rindex(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        if text.count(",") > 1:
            raise InvalidValue(_("{raw!r} is not a number").format(raw=raw))
        text = text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", text):
        groups = text.split(".")
        if not all(len(g) == 3 for g in groups[1:]):
            raise InvalidValue(_("{raw!r} is not a number").format(raw=raw))
        text = "".join(groups)
    if _PLAIN_NUMBER.fullmatch(text) is None:
        raise InvalidValue(_("{raw!r} is not a number").format(raw=raw))
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise InvalidValue(_("{raw!r} is not a number").format(raw=raw)) from exc
    return -number if negative else number


def parse_int(value: object, *, minimum: int | None = 0, maximum: int | None = None) -> int:
    """A whole number, written the French way or not ("125 000 km", "125.000")."""
    number = parse_decimal(value, allow_negative=minimum is None or minimum < 0)
    if number != number.to_integral_value():
        raise InvalidValue(_("{value!r} is not a whole number").format(value=cell_text(value)))
    result = int(number)
    if minimum is not None and result < minimum:
        raise InvalidValue(_("{value!r} is below {minimum}").format(value=cell_text(value), minimum=minimum))
    if maximum is not None and result > maximum:
        raise InvalidValue(_("{value!r} is above {maximum}").format(value=cell_text(value), maximum=maximum))
    return result


# --- Yes / no and closed lists ----------------------------------------------------------------------

_YES = frozenset({"oui", "o", "yes", "y", "1", "x", "vrai", "true", "ok", "accepte", "optin", "opt in"})
_NO = frozenset({"non", "n", "no", "0", "faux", "false", "refuse", "optout", "opt out", "-"})


def parse_bool(value: object) -> bool:
    """oui/non, yes/no, 1/0, x, vrai/faux, true/false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    folded = fold(cell_text(value)) or cell_text(value).strip()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise InvalidValue(_("{value!r} is neither yes nor no").format(value=cell_text(value)))


# A consent cell: yes/no, or the statuses dealercrm's own export writes (and their French words).
_CONSENT_WORDS = {
    "granted": ConsentStatus.GRANTED,
    "accorde": ConsentStatus.GRANTED,
    "donne": ConsentStatus.GRANTED,
    "refused": ConsentStatus.REFUSED,
    "withdrawn": ConsentStatus.WITHDRAWN,
    "retire": ConsentStatus.WITHDRAWN,
}


def parse_consent(value: object) -> ConsentStatus:
    """A consent: yes (granted) or no (refused) as `parse_bool` reads them, or a status as the export
    writes it ("granted", "refused", "withdrawn", or "accordé", "refusé", "retiré")."""
    folded = "" if isinstance(value, bool | int | float) else fold(cell_text(value))
    status = _CONSENT_WORDS.get(folded)
    if status is not None:
        return status
    try:
        return ConsentStatus.GRANTED if parse_bool(value) else ConsentStatus.REFUSED
    except InvalidValue:
        raise InvalidValue(
            _("{value!r} is not a consent: yes, no, granted, refused or withdrawn").format(
                value=cell_text(value)
            )
        ) from None


def parse_choice(value: object, choices: dict[str, E], *, what: str) -> E:
    """One value of a closed list, from its code or any synonym (compared without case or accents)."""
    folded = fold(cell_text(value))
    found = choices.get(folded)
    if found is None:
        found = choices.get(folded.replace(" ", "_"))
    if found is None:
        raise InvalidValue(_("{value!r} is not a known {what}").format(value=cell_text(value), what=what))
    return found


def choice_table(enum_cls: type[E], synonyms: dict[str, E] | None = None) -> dict[str, E]:
    """Each member by its value and its name (folded), plus French and English synonyms."""
    table: dict[str, E] = {}
    for member in enum_cls:
        table[fold(str(member.value))] = member
        table[fold(member.name)] = member
        table[str(member.value)] = member
    for word, member in (synonyms or {}).items():
        table[fold(word)] = member
    return table
