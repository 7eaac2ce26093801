"""The campaign PDF report: statistics, the chart, outcomes per caller (text checked with pdftotext)."""

from __future__ import annotations

from pathlib import Path

from dealercrm.db import Database
from dealercrm.services.campaign_report import CampaignReportService, results_figure
from dealercrm.services.permissions import Actor
from tests.pdf_text import pdf_text
from tests.unit.test_campaign_results import test_results_of_a_hand_computed_dataset as build_dataset


def test_report_pdf(db: Database, manager: Actor, salesperson: Actor, tmp_path: Path) -> None:
    build_dataset(db, manager, salesperson)  # two campaigns with known figures
    path = CampaignReportService(db.session_factory, actor=manager).write_pdf(
        campaign_id=1, path=tmp_path / "r.pdf"
    )
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000  # the chart is embedded
    text = pdf_text(path)
    assert "Rapport de campagne — Lease renewal" in text
    assert "ROI ((marge - coût) / coût)" in text and "500 %" in text  # a ratio of 5, as a percentage
    assert "Résultats par conseiller" in text and "Julie Vendeuse" in text
    assert "Open house mail" in text  # the comparison
    assert "5.00" not in text and "Voicemail" not in text


def test_chart_without_pyplot() -> None:
    import sys

    figure = results_figure([])
    assert figure.axes and "matplotlib.pyplot" not in sys.modules
