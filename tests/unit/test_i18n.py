"""One translation system for services, PDFs and the CLI (gettext + Babel, dealercrm/i18n.py): the
catalog is complete and current, each reader gets their language, and the screen and the paper write
numbers the same way."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import threading
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealercrm import i18n
from dealercrm.db import Database
from dealercrm.services.claim_pdf import Audience, ClaimPdfService
from dealercrm.services.claims import ClaimService
from dealercrm.services.errors import NotFound, ValidationError
from dealercrm.services.kpi import texts
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService
from tests.pdf_text import pdf_pages
from tests.unit.test_claim_pdf import _claim

ROOT = Path(__file__).resolve().parents[2]


def _catalogs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_catalogs", ROOT / "scripts" / "update_catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- The catalog -------------------------------------------------------------------------------------------


def test_every_message_has_french_and_none_is_fuzzy() -> None:
    """Run `python scripts/update_catalogs.py`, then translate what it lists."""
    uc = _catalogs()
    assert uc.missing(uc.read("fr")) == []


def test_the_catalog_is_up_to_date_with_the_sources() -> None:
    """A message added, changed or removed in the code without `scripts/update_catalogs.py` fails here."""
    uc = _catalogs()
    in_code = {(m.context, m.id) for m in uc.extract() if m.id}
    in_po = {(m.context, m.id) for m in uc.read("fr") if m.id}
    assert in_code - in_po == set(), "not in the .po: run scripts/update_catalogs.py"
    assert in_po - in_code == set(), "gone from the code: run scripts/update_catalogs.py"


def test_the_committed_mo_is_the_compiled_po() -> None:
    """The .mo ships in the package (fresh clones, pip install, the PyInstaller bundle): it must be the
    .po as it is, compiled."""
    uc = _catalogs()
    assert uc.mo_path("fr").read_bytes() == uc.mo_bytes(uc.read("fr"))


def test_placeholders_survive_translation() -> None:
    """A `{name}` lost or misspelt in French would raise KeyError at .format() time."""
    uc = _catalogs()
    fields = re.compile(r"\{(\w*)[^{}]*\}")
    for message in uc.read("fr"):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(fields.findall(sources[-1]))
        for text in strings:
            assert set(fields.findall(text)) <= wanted | set(fields.findall(sources[0])), message.id
            assert set(fields.findall(text)) >= wanted - {"n"}, message.id


# -- Which language ----------------------------------------------------------------------------------------


def test_a_french_users_service_error_is_french_also_from_a_worker_thread(
    db: Database, manager: Actor
) -> None:
    """The language is set at login for the process: the database worker thread speaks it too."""
    i18n.set_language("fr")
    caught: list[Exception] = []

    def worker() -> None:
        try:
            ClaimService(db.session_factory, actor=manager).get(claim_id=999_999)
        except NotFound as exc:
            caught.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert [str(e) for e in caught] == ["Aucune réclamation n° 999999."]

    i18n.set_language("en")
    with pytest.raises(NotFound, match=r"^No claim #999999\.$"):
        ClaimService(db.session_factory, actor=manager).get(claim_id=999_999)


def test_field_messages_follow_the_user(db: Database, manager: Actor) -> None:
    i18n.set_language("fr")
    with pytest.raises(ValidationError) as caught:
        ClaimService(db.session_factory, actor=manager).stats(
            period_start=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
            period_end=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        )
    assert caught.value.errors == {"period": "la fin doit venir après le début"}


def test_use_overrides_the_users_language_for_one_block_on_one_thread() -> None:
    i18n.set_language("en")
    seen: list[str] = []
    with i18n.use("fr"):
        assert i18n.gettext("n/a") == "n/d"
        other = threading.Thread(target=lambda: seen.append(i18n.gettext("n/a")))
        other.start()
        other.join()
    assert seen == ["n/a"]  # the other thread kept the user's language
    assert i18n.gettext("n/a") == "n/a"


def test_the_claim_letter_is_in_the_dealerships_language_whoever_prints_it(
    db: Database, aftersales: Actor, admin: Actor
) -> None:
    claim_id = _claim(db, aftersales, admin)
    service = ClaimPdfService(db.session_factory, actor=aftersales)

    i18n.set_language("en")  # an English-speaking user, a French dealership (the default)
    french = "\n".join(pdf_pages(service.render(claim_id=claim_id, audience=Audience.CUSTOMER)))
    assert f"Votre réclamation n° {claim_id}" in french or "Votre réclamation" in french
    assert "Your claim" not in french

    SettingsService(db.session_factory, actor=admin).set_many(values={"dealership.language": "en"})
    i18n.set_language("fr")  # and the other way round
    english = "\n".join(pdf_pages(service.render(claim_id=claim_id, audience=Audience.CUSTOMER)))
    assert f"Your claim #{claim_id}" in english
    assert "We have recorded your claim" in english
    assert "Votre réclamation" not in english


def test_compliance_reasons_are_words_in_the_users_language() -> None:
    from dealercrm.services.compliance import BLOCTEL, NO_CONSENT, rule_title

    i18n.set_language("fr")
    assert rule_title(NO_CONSENT) == "Sans consentement pour ce canal et cette finalité"
    assert rule_title(BLOCTEL) == "Inscrit sur Bloctel, sans contrat en cours"
    i18n.set_language("en")
    assert rule_title(NO_CONSENT) == "No consent for this channel and purpose"


def test_environment_language() -> None:
    env = i18n.environment_language
    assert env({}) == "fr"  # nothing said: the dealership's country
    assert env({"LANG": "C.UTF-8"}) == "fr"
    assert env({"LANG": "en_US.UTF-8"}) == "en"
    assert env({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"}) == "en"
    assert env({"LANGUAGE": "fr:en", "LANG": "en_GB.UTF-8"}) == "fr"
    assert env({"DEALERCRM_LANGUAGE": "en", "LANG": "fr_FR.UTF-8"}) == "en"
    assert env({"LANG": "de_DE.UTF-8"}) == "en"  # a language we do not ship: the source language


def test_cli_speaks_lang_then_lang_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dealercrm.cli import main

    db = str(tmp_path / "crm.sqlite3")
    assert main(["--db", db, "db", "upgrade"]) == 0
    monkeypatch.delenv(i18n.LANGUAGE_ENV)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    capsys.readouterr()

    assert main(["--db", db, "db", "check"]) == 0
    assert "la base est saine et ses données sont cohérentes" in capsys.readouterr().out

    assert main(["--lang", "en", "--db", db, "db", "check"]) == 0
    assert "the database is sound and its data is consistent" in capsys.readouterr().out

    with pytest.raises(SystemExit) as exited:  # argparse's own exit, on a bad value
        main(["--db", str(tmp_path / "missing" / "x.sqlite3"), "kpi", "--from", "2026-13-01"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage : dealercrm kpi")  # argparse's own words too
    assert "n'est pas une date (AAAA-MM-JJ)" in err


# -- Plurals -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("en", 1, "1 chosen contact"),
        ("en", 2, "2 chosen contacts"),
        ("fr", 1, "1 contact choisi"),
        ("fr", 2, "2 contacts choisis"),
    ],
)
def test_plural_forms(language: str, n: int, expected: str) -> None:
    from dealercrm.services.segments import describe

    with i18n.use(language):
        assert describe({"ids": list(range(1, n + 1))}) == expected


def test_french_zero_and_one_are_singular_english_zero_is_plural() -> None:
    with i18n.use("fr"):
        assert i18n.ngettext("{n} rating", "{n} ratings", 0).format(n=0) == "0 note"
        assert i18n.ngettext("{n} rating", "{n} ratings", 1).format(n=1) == "1 note"
    with i18n.use("en"):
        assert i18n.ngettext("{n} rating", "{n} ratings", 0).format(n=0) == "0 ratings"


# -- Formats -----------------------------------------------------------------------------------------------

NNBSP, NBSP = "\u202f", "\u00a0"


def test_french_and_english_formats() -> None:
    assert i18n.money(Decimal("12345"), "fr") == f"12{NNBSP}345,00{NBSP}€"
    assert i18n.money(Decimal("12345"), "en") == "€12,345.00"
    assert i18n.money(Decimal("-1234.5"), "fr", decimals=0) == f"-1{NNBSP}235{NBSP}€"  # half up
    assert i18n.percent(6.79, "fr", decimals=0) == f"679{NBSP}%"
    assert i18n.percent(6.79, "en", decimals=0) == "679%"
    assert i18n.number(1234567.25, "fr", decimals=1) == f"1{NNBSP}234{NNBSP}567,3"
    assert i18n.date(dt.date(2026, 11, 27), "fr") == "27/11/2026"
    assert i18n.month_name(dt.date(2026, 3, 1), "fr") == "mars 2026"
    assert i18n.month_name(dt.date(2026, 3, 1), "en") == "March 2026"
    assert i18n.number(None, "fr") == "n/d" and i18n.number(None, "en") == "n/a"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_screen_and_the_pdf_write_the_same_characters(language: str) -> None:
    from dealercrm.ui import formatting as fmt

    i18n.set_language(language)
    amount = Decimal("297800")
    assert fmt.money(amount, decimals=2) == texts.money(amount, language)
    assert fmt.money(amount) == texts.money(amount, language, decimals=0)
    assert fmt.number(12345.678, decimals=1) == texts.number(12345.678, language, decimals=1)
    assert fmt.percent(6.79, decimals=0) == texts.percent(6.79, language, decimals=0)
    assert fmt.date(dt.date(2026, 11, 27)) == texts.date(dt.date(2026, 11, 27), language)
    if language == "fr":
        # one thousands separator everywhere (CLDR's narrow no-break space), which the PDF font covers
        assert fmt.money(amount) == f"297{NNBSP}800{NBSP}€"


def test_the_pdf_font_has_the_french_separators() -> None:
    from fontTools.ttLib import TTFont

    from dealercrm.services.pdf import FONT, font_files

    cmap = TTFont(str(font_files()[FONT])).getBestCmap()
    assert {ord(NNBSP), ord(NBSP), ord("€")} <= set(cmap)


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False),
    st.sampled_from(["fr", "en"]),
)
def test_money_and_numbers_read_back_as_written(value: Decimal, language: str) -> None:
    assert i18n.parse_decimal(i18n.money(value, language), language) == value
    assert i18n.parse_decimal(i18n.number(value, language, decimals=2), language) == value


@given(
    st.one_of(
        st.decimals(
            min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False
        ),
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
        st.integers(min_value=-(10**9), max_value=10**9),
        st.sampled_from([Decimal("-0.00"), Decimal("0.00"), -0.0, 0.0, Decimal("-0.004"), Decimal("0.004")]),
    ),
    st.sampled_from(["fr", "en"]),
    st.integers(min_value=0, max_value=3),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["short", "medium", "long", "full"]),
)
def test_kept_texts_are_babels_whatever_was_asked_before(
    value: Decimal | float | int, language: str, decimals: int, day: dt.date, style: str
) -> None:
    """money() and date() keep what they wrote by value: the same text as Babel writes now, in either
    language and after anything else (the sign of a zero too)."""
    from babel.dates import format_date
    from babel.numbers import format_currency

    loc = i18n.babel_locale(language)
    amount = i18n._quantize(value, decimals)  # noqa: SLF001 - the rounding money() applies first
    pattern = i18n._currency_pattern(loc, decimals)  # noqa: SLF001
    babel = format_currency(amount, "EUR", format=pattern, locale=loc, currency_digits=False)
    for _ in range(2):
        assert i18n.money(value, language, decimals=decimals) == babel
        assert i18n.money(-value, language, decimals=decimals) == format_currency(
            i18n._quantize(-value, decimals),
            "EUR",
            format=pattern,
            locale=loc,
            currency_digits=False,  # noqa: SLF001
        )
        assert i18n.date(day, language, style=style) == format_date(day, style, locale=loc)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_zero_keeps_its_sign_whatever_was_written_before(language: str) -> None:
    """-0.00 equals 0.00 (a key that forgot the sign would hand back the other's text)."""
    from babel.numbers import format_currency

    loc = i18n.babel_locale(language)
    for value in (0.0, -0.0, Decimal("0.001"), Decimal("-0.004"), -0.0, 0.0):
        amount = i18n._quantize(value, 2)  # noqa: SLF001
        assert i18n.money(value, language) == format_currency(
            amount,
            "EUR",
            format=i18n._currency_pattern(loc, 2),
            locale=loc,
            currency_digits=False,  # noqa: SLF001
        )


def test_lazy_strings_are_translated_when_read() -> None:
    from dealercrm.services.messaging import MERGE_FIELDS

    with i18n.use("fr"):
        assert f"{MERGE_FIELDS['prenom']}" == "Prénom"
    with i18n.use("en"):
        assert str(MERGE_FIELDS["prenom"]) == "First name"


def test_unsubscribe_sentence_in_the_dealerships_language() -> None:
    from dealercrm.services.messaging import with_unsubscribe

    i18n.set_language("en")
    text = with_unsubscribe("Bonjour", link="https://x.invalid/u", language="fr")
    assert "Pour ne plus recevoir nos messages : https://x.invalid/u" in text
    assert "unsubscribe" not in text.lower().replace("x.invalid/u", "")


def test_a_validation_errors_sentence_names_its_fields_in_the_readers_language() -> None:
    """str() of a ValidationError (the command line, a message box) says "date de la visite", not
    "visited_on"; a name the user typed (a setting's key) stays as it is."""
    error = ValidationError({"visited_on": "x", "kpi.churn_window_months": "y"})
    with i18n.use("fr"):
        assert str(error) == "date de la visite : x; kpi.churn_window_months : y"
    with i18n.use("en"):
        assert str(error) == "visit date: x; kpi.churn_window_months: y"
