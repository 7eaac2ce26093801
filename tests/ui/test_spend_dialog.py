"""The marketing spend grid, driven as a manager would, and its button on the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from dealercrm import i18n
from dealercrm.db import Database
from dealercrm.models.enums import Role, SourceChannel, SpendChannel
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from dealercrm.services.spend import MarketingSpendService
from dealercrm.ui.context import AppContext
from dealercrm.ui.dashboard.page import DashboardPage
from dealercrm.ui.dashboard.spend_dialog import SpendDialog, parse_cell
from dealercrm.ui.workers import SyncExecutor

WEB, SOCIAL = SpendChannel.WEBSITE, SpendChannel.SOCIAL


@pytest.fixture(autouse=True)
def _french_locale() -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    i18n.set_language("fr")  # the Babel formats the dialog writes with
    yield
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    i18n.set_language("en")


def make_dialog(qtbot: QtBot, db: Database, actor: Actor, year: int = 2026) -> SpendDialog:
    dialog = SpendDialog(AppContext(db=db, actor=actor, executor=SyncExecutor()), year=year)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def compact(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_enter_french_amounts_see_totals_and_save(qtbot: QtBot, db: Database, manager: Actor) -> None:
    service = MarketingSpendService(db.session_factory, actor=manager)
    service.save(year=2025, cells={(WEB, 3): Decimal("900")})
    service.save(year=2026, cells={(SOCIAL, 1): Decimal("50")})
    dialog = make_dialog(qtbot, db, manager)
    assert compact(dialog.cell(SOCIAL, 1).text()) == "50,00 €"
    assert "900,00 €" in compact(dialog.cell(WEB, 3).toolTip())  # last year beside
    dialog.set_text(WEB, 3, "1 234,50")
    dialog.set_text(WEB, 4, "100")
    assert compact(dialog.cell(WEB, 3).text()) == "1 234,50 €"
    assert compact(dialog.row_total(WEB)) == "1 334,50 €"
    assert compact(dialog.month_total(1)) == "50,00 €"
    assert compact(dialog.month_total(3)) == "1 234,50 €"
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save_button.click()
    assert saved.args[0].created == 2
    assert service.grid(year=2026).row(WEB).amount(3) == Decimal("1234.50")


def test_a_bad_amount_is_shown_and_nothing_saved(qtbot: QtBot, db: Database, manager: Actor) -> None:
    dialog = make_dialog(qtbot, db, manager)
    dialog.set_text(WEB, 2, "douze")
    dialog.save_button.click()
    assert dialog.error_label.isVisibleTo(dialog) and "not an amount" in dialog.error_label.text()
    assert dialog.isVisible()
    assert MarketingSpendService(db.session_factory, actor=manager).grid(year=2026).cells() == {}


def test_changing_the_year_reads_it(qtbot: QtBot, db: Database, manager: Actor) -> None:
    MarketingSpendService(db.session_factory, actor=manager).save(year=2024, cells={(WEB, 6): Decimal("7")})
    dialog = make_dialog(qtbot, db, manager)
    with qtbot.waitSignal(dialog.grid_loaded):
        dialog.year_spin.setValue(2024)
    assert compact(dialog.cell(WEB, 6).text()) == "7,00 €"


def test_importing_a_file_from_the_dialog(qtbot: QtBot, db: Database, manager: Actor, tmp_path: Path) -> None:
    path = tmp_path / "spend.csv"
    path.write_text("mois;canal;montant\n2026-02;Site web;10\n2026-02;nulle part;5\n", "utf-8")
    dialog = make_dialog(qtbot, db, manager)
    with qtbot.waitSignal(dialog.grid_loaded):
        dialog.import_file(path)
    assert compact(dialog.cell(WEB, 2).text()) == "10,00 €"
    assert "Line 3" in dialog.status.text() or "Ligne 3" in dialog.status.text()


def test_parse_cell_reads_french_and_english() -> None:
    assert parse_cell("1 234,50") == Decimal("1234.50")
    assert parse_cell("1234.5 €") == Decimal("1234.50")
    assert parse_cell("") is None
    with pytest.raises(ValueError):
        parse_cell("-3")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    i18n.set_language("en")
    assert parse_cell("1,234") == Decimal("1234.00")


def test_the_dashboard_button_for_managers_only_and_cac_follows(
    qtbot: QtBot, db: Database, make_user: Callable[..., Actor]
) -> None:
    from tests.unit.test_kpi_figures import build_acquisition_world

    manager = build_acquisition_world(db, make_user).manager
    ctx = AppContext(db=db, actor=manager, executor=SyncExecutor())
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.today = lambda: dt.date(2026, 3, 31)
    page.refresh()
    assert page.spend_button.isVisibleTo(page)
    page.spend_button.click()
    dialog = page.spend_dialog
    assert dialog.year() == 2026
    dialog.set_text(WEB, 3, "2 500")
    with qtbot.waitSignal(page.figures_shown):
        dialog.save_button.click()
    assert page.figures is not None and page.figures.kpis is not None
    assert page.figures.kpis.channel(SourceChannel.WEBSITE).cac == Decimal("2500.00")
    assert KpiService(db.session_factory, actor=manager).figures(period=Period.month(2026, 3)).total_spend

    for role in (Role.SALESPERSON, Role.MARKETING):
        other = DashboardPage(AppContext(db=db, actor=make_user(role), executor=SyncExecutor()))
        qtbot.addWidget(other)
        assert not other.spend_button.isVisibleTo(other)
