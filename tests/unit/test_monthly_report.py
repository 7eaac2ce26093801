"""The monthly PDF: built from the service's figures, read back with pdftotext and a second reader."""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from dealercrm.db import Database
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.kpi.texts import date, money, percent
from dealercrm.services.permissions import Actor
from dealercrm.services.progress import Cancelled, Progress
from dealercrm.services.reports import build_monthly_report
from tests.pdf_text import pdf_text
from tests.unit.test_kpi_figures import build_acquisition_world

NOW = dt.datetime(2026, 4, 2, 8, tzinfo=dt.UTC)


@pytest.fixture
def report(db: Database, make_user: Callable[..., Actor]):  # type: ignore[no-untyped-def]
    world = build_acquisition_world(db, make_user)
    return KpiService(db.session_factory, actor=world.manager).monthly_report(
        period=Period.month(2026, 3), now=NOW
    )


def text_of(pdf: Path) -> str:
    return pdf_text(pdf)


def test_locale_formatting() -> None:
    assert money(12345, "fr") == "12\u202f345,00\u00a0€" and money(12345, "en") == "€12,345.00"
    assert (
        date(dt.date(2026, 11, 27), "fr") == "27/11/2026"
        and date(dt.date(2026, 11, 27), "en") == "27/11/2026"  # en_GB, as the screen writes it
    )
    assert percent(0.125, "fr") == "12,5\u00a0%" and percent(None, "en") == "n/a"


def test_french_report_contains_the_figures(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "mars.pdf"
    steps: list[tuple[int, int]] = []
    build_monthly_report(
        report,
        language="fr",
        output=pdf,
        timezone="Europe/Paris",
        progress=Progress(lambda d, t, _: steps.append((d, t))),
    )
    assert steps[-1][0] == steps[-1][1]
    text = text_of(pdf)
    assert "Rapport mensuel · mars 2026" in text
    assert "35 000 €" in text  # revenue 20 000 + 15 000
    assert "3 000 €" in text  # margin
    assert ",00 €" not in text  # one money format: whole euros, as on the reports page
    assert "Affaires en cours" in text and "Meilleures ventes du mois" in text  # a salesperson's month
    assert "1 500 €" in text  # CAC overall
    assert "33,3 %" in text  # conversion and churn
    assert "1 094 €" in text and "3 270 €" in text  # CLV historical and predictive
    assert "Julie Martin" in text
    assert "Page 1 / " in text and "Généré le 02/04/2026" in text
    assert "n/d" in text  # CAC of a channel without a new customer


def test_english_report_and_a_clean_file(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "march.pdf"
    build_monthly_report(report, language="en", output=pdf, timezone="Europe/Paris")
    text = text_of(pdf)
    assert "Monthly report · March 2026" in text and "€35,000" in text and "Generated on 02/04/2026" in text
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(pypdf.PdfReader(pdf, strict=True).pages) >= 4


def test_second_reader_opens_it_without_warnings(report) -> None:  # type: ignore[no-untyped-def]
    data = build_monthly_report(report, language="fr", timezone="Europe/Paris")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        pages = len(reader.pages)
        text = "".join(page.extract_text() for page in reader.pages)
    assert pages >= 4  # summary, sections, one page per salesperson
    assert "Julie Martin" in text
    assert reader.metadata is not None and reader.metadata.title == "Rapport mensuel mars 2026"


def test_cancelling_stops_the_build(report) -> None:  # type: ignore[no-untyped-def]
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        build_monthly_report(report, language="en", progress=progress, timezone="Europe/Paris")
