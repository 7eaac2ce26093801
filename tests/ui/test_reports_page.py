"""The reports page: the monthly report of a chosen month, on screen and as CSV."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import Role
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import dealership_today_of
from dealercrm.services.tabular import neutralise, write_csv
from dealercrm.ui.context import AppContext
from dealercrm.ui.reports.page import ReportsPage
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.workers import SyncExecutor
from tests.unit.test_kpi_service import World, build_world


@pytest.fixture(autouse=True)
def _english_locale() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


@pytest.fixture
def world(db: Database, make_user: Callable[..., Actor]) -> World:
    return build_world(db, make_user)


def make_page(qtbot: QtBot, db: Database, actor: Actor, *, language: str = "en") -> ReportsPage:
    page = ReportsPage(AppContext(db=db, actor=actor, executor=SyncExecutor(), language=language))
    qtbot.addWidget(page)
    return page


def test_the_month_offered_first_is_last_month(qtbot: QtBot, db: Database, manager: Actor) -> None:
    page = make_page(qtbot, db, manager)
    today = dealership_today_of(db.session_factory)
    assert page.selected_period() == Period.month(today.year, today.month).previous()
    assert page.month_combo.count() == 36


def test_monthly_report_on_screen(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.manager)
    page.select_month(2026, 3)
    report = page.report
    assert report is not None and report.period == Period.month(2026, 3)
    assert report.previous.period == Period.month(2026, 2)
    assert report.last_year.period == Period.month(2025, 3)
    text = page.browser.toPlainText()
    assert "Monthly report: March 2026" in text
    assert "February 2026" in text and "March 2025" in text
    assert "€75,001" in text  # revenue 75 000.50, shown in whole euros
    assert "▲ +300.0%" in text  # 4 vehicles against 1 in February
    assert "Julie Martin" in text and "Paul Durand" in text and "Luc Petit" in text
    assert "Objectives and achievement" in text
    assert "no objective" in text
    assert page.export_button.isEnabled()
    assert not page.computing.isVisibleTo(page)


def test_export_csv_for_french_excel(
    qtbot: QtBot, db: Database, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, db, world.manager, language="fr")
    assert page.semicolons.isChecked()
    page.select_month(2026, 3)
    target = tmp_path / "out.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: target)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.export_button.click()
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Salesperson;Sales;Revenue (€);Margin (€);Test drives;Calls;Sales objective;")
    assert lines[1] == "Julie Martin;2;45000,50;4200,25;1;2;4;50,0;6000,00;70,0;;;10;20,0"
    assert lines[3] == "Luc Petit;0;0,00;0,00;0;0;;;;;;;;"
    assert messages and str(target) in messages[-1]


def test_export_csv_with_commas(
    qtbot: QtBot, db: Database, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, db, world.manager)
    assert not page.semicolons.isChecked()
    page.select_month(2026, 3)
    target = tmp_path / "out.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: target)
    page.export_csv()
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "Julie Martin,2,45000.50,4200.25,1,2,4,50.0,6000.00,70.0,,,10,20.0"


def test_cancelled_export_writes_nothing(
    qtbot: QtBot, db: Database, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, db, world.manager)
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: None)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.export_csv()
    assert not list(tmp_path.glob("*.csv")) and not messages


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    for dangerous in ("=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("Julie") == "Julie"
    path = tmp_path / "x.csv"
    write_csv(
        path, ["Name", "Margin"], [['=HYPERLINK("http://x")', Decimal("-120.50")], ["Émile; Zoé", None]]
    )
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://x"")";-120,50'  # a negative figure stays a number
    assert lines[2] == '"Émile; Zoé";'


def test_a_salesperson_may_not_read_the_report(qtbot: QtBot, db: Database, world: World) -> None:
    with pytest.raises(PermissionDenied):
        KpiService(db.session_factory, actor=world.julie).monthly_report(period=Period.month(2026, 3))
    page = make_page(qtbot, db, world.julie)
    assert page.error.isVisibleTo(page) and "may not" in page.error.text()
    assert not page.export_button.isEnabled()
    assert page.browser.toPlainText() == ""


def test_admin_reads_the_report(qtbot: QtBot, db: Database, make_user: Callable[..., Actor]) -> None:
    page = make_page(qtbot, db, make_user(Role.ADMIN))
    assert page.report is not None
    assert "No salesperson sold or had objectives this month." in page.browser.toPlainText()


def test_one_section_per_salesperson(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.manager)
    page.select_month(2026, 3)
    report = page.report
    assert report is not None
    body = page.browser.toHtml()
    text = page.browser.toPlainText()
    # Each salesperson gets a heading after the team table, then their objectives table.
    objectives = text.index("Objectives and achievement")
    assert text.index("Total of salespeople") < objectives
    headings = [line for line in text.splitlines()[text[:objectives].count("\n") :] if line.strip()]
    for person in report.salespeople:
        assert person.display_name in headings
    assert body.count("Target") == len(report.salespeople)
    julie = text[text.index("Julie Martin", objectives) : text.index("Paul Durand", objectives)]
    assert "Sales" in julie and "50%" in julie  # 2 sales of 4
    assert "Appointments: " in julie


def test_the_report_is_in_french(qtbot: QtBot, db: Database, world: World, french: None) -> None:
    page = make_page(qtbot, db, world.manager, language="fr")
    page.select_month(2026, 3)
    report = page.report
    assert report is not None
    text = page.browser.toPlainText()
    for french_text in (
        "Rapport mensuel : mars 2026",  # within a sentence, in lower case
        "Mars 2026",  # its column's title, standing alone
        "Chiffres clés",
        "Indicateur",
        "Évolution",
        "Commerciaux",
        "Total des commerciaux",
        "en ce moment",
        "Objectifs et réalisation",
        "pas d'objectif",
    ):
        assert french_text in text, french_text
    for english in ("Monthly report", "Key figures", "Salespeople", "right now", "Objectives and"):
        assert english not in text, english
    # A section per salesperson, after the team table, with their objectives.
    sections = text[text.index("Objectifs et réalisation") :]
    for person in report.salespeople:
        assert person.display_name in sections
    assert sections.count("Cible") == len(report.salespeople)
    assert "Ventes" in sections and "Marge" in sections
