"""Every character of every PDF dealercrm writes is in the embedded font's character map (no black
squares where Helvetica lacked the narrow no-break space)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
from fontTools import ttLib

from dealercrm.db import Database
from dealercrm.services import pdf
from dealercrm.services.campaign_report import CampaignReportService
from dealercrm.services.claim_pdf import Audience, ClaimPdfService
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from dealercrm.services.reports import build_monthly_report
from tests.pdf_text import pdf_pages
from tests.unit.test_claim_pdf import _claim
from tests.unit.test_kpi_figures import build_acquisition_world


def covered() -> set[int]:
    points: set[int] = set()
    for path in pdf.font_files().values():
        points |= set(ttLib.TTFont(str(path)).getBestCmap())
    return points


def check(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
        # DejaVu subsets embedded (reportlab lists Helvetica in every file's resources, unused).
        assert any("DejaVuSans" in n for n in names), names
    text = "".join(page.extract_text() for page in reader.pages)
    cmap = covered()
    missing = {c for c in text if not c.isspace() and ord(c) not in cmap} | (
        {c for c in text if c in "\u00a0\u202f" and ord(c) not in cmap}
    )
    assert not missing, f"characters the fonts cannot draw: {sorted(missing)}"
    return text


def test_monthly_report_fonts(db: Database, make_user: Callable[..., Actor]) -> None:
    world = build_acquisition_world(db, make_user)
    report = KpiService(db.session_factory, actor=world.manager).monthly_report(period=Period.month(2026, 3))
    for language in ("fr", "en"):
        check(build_monthly_report(report, language=language, timezone="Europe/Paris"))


def test_claim_pdf_fonts(db: Database, aftersales: Actor, admin: Actor) -> None:
    claim_id = _claim(db, aftersales, admin)
    for audience in Audience:
        text = check(
            ClaimPdfService(db.session_factory, actor=aftersales).render(claim_id=claim_id, audience=audience)
        )
        assert "€" in text or audience is Audience.CUSTOMER


def test_campaign_report_fonts(db: Database, manager: Actor, salesperson: Actor, tmp_path: Path) -> None:
    from tests.unit.test_campaign_results import test_results_of_a_hand_computed_dataset as build_dataset

    build_dataset(db, manager, salesperson)
    path = CampaignReportService(db.session_factory, actor=manager).write_pdf(
        campaign_id=1, path=tmp_path / "c.pdf"
    )
    check(path.read_bytes())


def test_gdpr_export_fonts() -> None:
    import datetime as dt

    from dealercrm.services.gdpr import render_pdf

    data = {
        "contact": {"id": 7, "first_name": "Éloïse", "last_name": "Lefèvre", "budget": "23450.00"},
        "sales": [{"sold_on": "2026-03-02", "price": "297800.00", "vehicle_id": None}],
    }
    when = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    text = check(render_pdf(data, dealership="Garage du Centre", now=when, tz=ZoneInfo("Europe/Paris")))
    assert "297" in text


def test_a_long_footer_title_gives_way_to_the_date_and_page_number() -> None:
    """A long campaign name in the footer is shortened, never drawn over "Généré le … · Page 1 / 1"."""
    title = "Relance printemps des clients sans visite atelier depuis deux ans — secteur Orléans nord " * 2
    data = pdf.build(  # the shared layout every report uses
        [pdf.para("x")],
        title="t",
        author="dealercrm",
        footer_left=f"Garage des Tilleuls Automobiles · {title}",
        generated="06/12/2026",
        language="fr",
    )
    footer = pdf_pages(data)[0].splitlines()[-1]
    assert "…" in footer and "Généré le 06/12/2026" in footer and "Page 1 / 1" in footer
    assert "printemps 2024Généré" not in footer
