"""Words and formats for everything outside the Qt widgets: services, PDFs, e-mails and SMS, the CLI.

One way for the whole non-Qt side (the widgets keep Qt's `.ts` / `.qm`, see ui/i18n.py):

- **Words**: gettext catalogs, domain "dealercrm", English source strings with `{name}` placeholders
  (the one placeholder style, filled with `str.format`), French in
  `dealercrm/resources/locale/fr/LC_MESSAGES/dealercrm.po`, compiled to the `.mo` beside it (committed,
  so that a fresh clone, `pip install -e .` and the PyInstaller bundle all find it; a test checks that
  the `.mo` matches the `.po` and the `.po` the sources). `python scripts/update_catalogs.py` extracts,
  updates and compiles.
- **Which language**: the *user's* language (messages, errors, the CLI) is one process-wide setting,
  set at login from the user's `language` (services run on a worker thread, so a context variable set
  on the GUI thread would not reach them); `use(language)` overrides it for one block on the current
  thread: customer documents (claim letter, campaign report, e-mails, SMS) are written inside
  `use(dealership_language)`, whatever the language of the user who prints them.
- **Formats**: numbers, money, percentages, dates and months through Babel (CLDR), so the screen
  (ui/formatting.py) and the PDFs write "12 345,00 €", "679 %" and "27/11/2026" with the same
  characters (French: U+202F between thousands, U+00A0 before € and %).

No Qt here; Babel's locale data is loaded on first use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext as _gettext
import os
import threading
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any

DOMAIN = "dealercrm"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"  # the dealership is in France
SOURCE_LANGUAGE = "en"  # msgids are English
LOCALES = {"fr": "fr_FR", "en": "en_GB"}

LANGUAGE_ENV = "DEALERCRM_LANGUAGE"  # the CLI's language, before the usual LANGUAGE / LC_* / LANG

_lock = threading.Lock()
_process_language = DEFAULT_LANGUAGE
_override: ContextVar[str | None] = ContextVar("dealercrm_language", default=None)


def normalize(language: str | None) -> str:
    """ "fr", "fr_FR", "fr-CA.UTF-8" -> "fr"; anything we do not ship -> English."""
    code = (language or "").strip().lower().replace("-", "_")[:2]
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def set_language(language: str) -> str:
    """Make `language` the user's language for the whole process (at login; the CLI at start)."""
    global _process_language
    with _lock:
        _process_language = normalize(language)
    return _process_language


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the command line speaks: $DEALERCRM_LANGUAGE, else the first of $LANGUAGE, $LC_ALL,
    $LC_MESSAGES, $LANG that names a language (gettext's order), else French (the dealership's country);
    "C" and "POSIX" name none."""
    env = os.environ if environ is None else environ
    for name in (LANGUAGE_ENV, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in env.get(name, "").split(":"):
            code = value.strip().lower()[:2]
            if code and value.strip().upper() not in ("C", "POSIX") and not value.upper().startswith("C."):
                return code if code in LANGUAGES else SOURCE_LANGUAGE
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of the current block (`use`) or else of the user."""
    return _override.get() or _process_language


@contextlib.contextmanager
def use(language: str) -> Iterator[str]:
    """Speak `language` within the block, on this thread only (customer documents, tests)."""
    token = _override.set(normalize(language))
    try:
        yield normalize(language)
    finally:
        _override.reset(token)


def locale_dir() -> str:
    return str(resources.files("dealercrm") / "resources" / "locale")


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog for `language` (English, the source language, has none)."""
    lang = normalize(language)
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)


def gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` ("1 appointment", "2 appointments"); fill `{n}` with `.format(n=...)`."""
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_language()).pgettext(context, message)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark `message` for extraction without translating it (translated later with `_(message)`)."""
    return message


def NC_(context: str, message: str) -> tuple[str, str]:  # noqa: N802
    """Mark `message` in `context` ("stage", "claim status") for extraction: the same English word that
    French writes two ways. Translate with `pgettext(*marked)`."""
    return (context, message)


class LazyString:
    """A message translated each time it is read, in the language current then: for module-level
    constants, which are built at import before any language is chosen."""

    __slots__ = ("_message",)

    def __init__(self, message: str) -> None:
        self._message = message

    def __str__(self) -> str:
        return gettext(self._message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"LazyString({self._message!r})"

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self._message)

    def format(self, *args: Any, **kwargs: Any) -> str:
        return str(self).format(*args, **kwargs)

    @property
    def message(self) -> str:
        return self._message


def lazy_gettext(message: str) -> LazyString:
    return LazyString(message)


# ---------------------------------------------------------------------------------------------- formats


def babel_locale(language: str | None = None) -> str:
    return LOCALES[normalize(language or current_language())]


def not_available(language: str | None = None) -> str:
    """What a figure that cannot be computed shows: "n/a" / "n/d"."""
    with use(language or current_language()):
        return _("n/a")


def _quantize(value: int | float | Decimal, decimals: int) -> Decimal:
    # Half up, as people and the tests count (Babel's own default is half-even).
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _with_decimals(pattern: str, decimals: int) -> str:
    """A CLDR pattern's number part ("#,##0.00" / "#,##0") given `decimals` digits after the point."""
    start = pattern.index("#")
    end = start
    while end < len(pattern) and pattern[end] in "#,0.":
        end += 1
    number_part = "#,##0" + ("." + "0" * decimals if decimals else "")
    return pattern[:start] + number_part + pattern[end:]


def number(value: int | float | Decimal | None, language: str | None = None, *, decimals: int = 0) -> str:
    """12 345,5 (fr) / 12,345.5 (en); "n/a" for None."""
    if value is None:
        return not_available(language)
    from babel.numbers import format_decimal

    return format_decimal(
        _quantize(value, decimals),
        format="#,##0" + ("." + "0" * decimals if decimals else ""),
        locale=babel_locale(language),
    )


def money(value: int | float | Decimal | None, language: str | None = None, *, decimals: int = 2) -> str:
    """12 345,00 € (fr) / €12,345.00 (en); "n/a" for None."""
    if value is None:
        return not_available(language)
    amount = _quantize(value, decimals)
    return _money(amount, amount.is_signed(), babel_locale(language), decimals)


# Formatted texts kept by value: a screen writes the same amounts and days over and over (a pipeline
# board: a thousand amounts, 17-22 ms of Babel on the GUI thread; a list's dates at every paint), and
# Babel parses the locale and the pattern at each call. The sign is in the key: -0.00 == 0.00.
_FORMATS_KEPT = 8192


@lru_cache(maxsize=_FORMATS_KEPT)
def _money(amount: Decimal, _signed: bool, loc: str, decimals: int) -> str:
    from babel.numbers import format_currency

    return format_currency(
        amount, "EUR", format=_currency_pattern(loc, decimals), locale=loc, currency_digits=False
    )


@cache
def _currency_pattern(loc: str, decimals: int) -> str:
    from babel import Locale

    standard = Locale.parse(loc).currency_formats["standard"].pattern.split(";")[0]
    return _with_decimals(str(standard), decimals)


def percent(ratio: float | Decimal | None, language: str | None = None, *, decimals: int = 1) -> str:
    """A ratio as a percentage: 6.79 -> "679 %" (fr) / "679%" (en) with decimals=0; "n/a" for None."""
    if ratio is None:
        return not_available(language)
    from babel.numbers import format_decimal

    loc = babel_locale(language)
    before, after = _percent_affixes(loc)
    # The percentage is computed and rounded here (half up), then written with the locale's affixes.
    scaled = _quantize(Decimal(str(ratio)) * 100, decimals)
    text = format_decimal(scaled, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=loc)
    return before + text + after


@cache
def _percent_affixes(loc: str) -> tuple[str, str]:
    """What the locale writes before and after the number of a percentage ("", " %" in French)."""
    from babel import Locale

    pattern = str(Locale.parse(loc).percent_formats[None].pattern.split(";")[0])
    start = pattern.index("#")
    end = start
    while end < len(pattern) and pattern[end] in "#,0.":
        end += 1
    return pattern[:start], pattern[end:]


def date(value: dt.date, language: str | None = None, *, style: str = "short") -> str:
    """27/11/2026 in both languages (fr_FR, en_GB), on screen and on paper alike; style "long":
    27 novembre 2026 / 27 November 2026, "full": vendredi 27 novembre 2026."""
    return _date(value, style, babel_locale(language))


@lru_cache(maxsize=_FORMATS_KEPT)
def _date(value: dt.date, style: str, loc: str) -> str:
    from babel.dates import format_date

    return format_date(value, style, locale=loc)


def datetime(value: dt.datetime, language: str | None = None, *, style: str = "short") -> str:
    """27/11/2026 14:30 (fr) / 27/11/2026, 14:30 (en); `value` already in the zone to show."""
    from babel.dates import format_datetime

    return format_datetime(value, style, tzinfo=value.tzinfo, locale=babel_locale(language))


def time(value: dt.time | dt.datetime, language: str | None = None) -> str:
    """14:30 in both languages (en_GB)."""
    from babel.dates import format_time

    if isinstance(value, dt.datetime):
        return format_time(value, "short", tzinfo=value.tzinfo, locale=babel_locale(language))
    return format_time(value, "short", locale=babel_locale(language))


def month_name(day: dt.date, language: str | None = None) -> str:
    """mars 2026 / March 2026."""
    from babel.dates import format_date

    return format_date(day, "LLLL y", locale=babel_locale(language))


def short_month(day: dt.date, language: str | None = None, *, with_year: bool = True) -> str:
    """Axis labels: "mars 26" / "Mar 26" (or just "mars" / "Mar")."""
    from babel.dates import format_date

    return format_date(day, "LLL yy" if with_year else "LLL", locale=babel_locale(language))


def parse_decimal(text: str, language: str | None = None) -> Decimal:
    """A number as `number()` or `money()` wrote it (the currency sign and spaces set aside)."""
    from babel.numbers import parse_decimal as babel_parse

    loc = babel_locale(language)
    cleaned = text.replace("€", "").replace("%", "").strip().strip("\u00a0\u202f ")
    return babel_parse(cleaned, locale=loc, strict=False)
