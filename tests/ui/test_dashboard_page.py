"""The dashboard page driven as a user would, on the hand-built dealership of the KPI service tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import Role, SourceChannel
from dealercrm.services.kpi import DetailTable, Period
from dealercrm.services.kpi.period import PeriodChoice, period_for
from dealercrm.services.permissions import Actor
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.dashboard.detail_dialog import (
    MAX_COLUMN_WIDTH,
    DetailDialog,
    cell_text,
    salesperson_subtotals,
)
from dealercrm.ui.dashboard.page import DashboardPage
from dealercrm.ui.kpi_figures import Change, Kind, change
from dealercrm.ui.labels import label
from dealercrm.ui.workers import SyncExecutor
from tests.unit.test_kpi_service import World, build_world

MARCH_31 = dt.date(2026, 3, 31)  # the last day: March is complete


@pytest.fixture(autouse=True)
def _english_locale() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


@pytest.fixture
def world(db: Database, make_user: Callable[..., Actor]) -> World:
    return build_world(db, make_user)


def make_page(qtbot: QtBot, db: Database, actor: Actor, *, today: dt.date = MARCH_31) -> DashboardPage:
    ctx = AppContext(db=db, actor=actor, executor=SyncExecutor())
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.today = lambda: today
    page.refresh()
    return page


def tile_text(page: DashboardPage, key: str) -> str:
    return page.tiles[key].value.text()


def test_manager_sees_the_month_with_changes_and_the_ranking(
    qtbot: QtBot, db: Database, world: World
) -> None:
    page = make_page(qtbot, db, world.manager)
    assert page.period_choice() is PeriodChoice.THIS_MONTH
    assert tile_text(page, "vehicles_sold") == "4"
    assert tile_text(page, "margin") == "€5,700"
    assert tile_text(page, "new_customers") == "3"
    assert tile_text(page, "satisfaction") == "4.5 / 5"
    assert tile_text(page, "claims_overdue") != "0"
    # February: 1 sale, so four is a 300 % rise, shown green.
    delta = page.tiles["vehicles_sold"].delta.text()
    assert "▲ +300.0%" in delta and "#15803d" in delta
    assert "was 1" in delta
    assert "2 new · 2 used" == page.tiles["vehicles_sold"].sub.text()
    # More claims opened than in February (3 against 2) is bad news: red.
    assert "#b42318" in page.tiles["claims_opened"].delta.text()
    assert "March 2026" in page.caption.text() and "February 2026" in page.caption.text()
    assert not page.computing.isVisible()
    names = [page.ranking_model.row_at(i).display_name for i in range(page.ranking_model.rowCount())]
    assert names == ["Julie Martin", "Paul Durand", "Luc Petit"]
    model = page.ranking_model
    sales_objective = next(
        i
        for i in range(model.columnCount())
        if model.headerData(i, Qt.Orientation.Horizontal) == "Sales objective"
    )
    assert model.index(0, sales_objective).data() == "2 / 4 · 50%"
    assert model.index(2, sales_objective).data() == "—"


def test_comparing_with_last_year_and_choosing_a_salesperson(
    qtbot: QtBot, db: Database, world: World
) -> None:
    page = make_page(qtbot, db, world.manager)
    page.comparison_combo.setCurrentIndex(1)
    assert "March 2025" in page.caption.text()
    assert page.figures is not None and page.figures.previous.vehicles_sold == 1
    page.show_salesperson(world.julie.id)
    assert page.figures.current.salesperson_id == world.julie.id
    assert tile_text(page, "vehicles_sold") == "2"
    assert tile_text(page, "average_margin") == "€2,100"
    page.show_salesperson(None)
    assert tile_text(page, "vehicles_sold") == "4"


def test_periods(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.manager, today=dt.date(2026, 4, 2))
    assert tile_text(page, "vehicles_sold") == "1"  # April so far
    page.period_combo.setCurrentIndex(page.period_combo.findData(PeriodChoice.LAST_MONTH.value))
    assert tile_text(page, "vehicles_sold") == "4"
    page.period_combo.setCurrentIndex(page.period_combo.findData(PeriodChoice.THIS_YEAR.value))
    assert tile_text(page, "vehicles_sold") == "6"
    assert not page.from_edit.isVisibleTo(page)
    page.set_custom_period(dt.date(2026, 3, 15), dt.date(2026, 3, 31))
    assert page.from_edit.isVisibleTo(page)
    assert tile_text(page, "vehicles_sold") == "3"  # 15th, 20th and 31st
    page.set_custom_period(dt.date(2026, 3, 31), dt.date(2026, 3, 1))
    assert page.error.isVisibleTo(page)


def test_a_custom_range_across_months_is_computed(qtbot: QtBot, db: Database, world: World) -> None:
    """15 March - 14 April, picked in the date fields: the churn months run to the 14th, no error."""
    page = make_page(qtbot, db, world.manager, today=dt.date(2026, 4, 20))
    page.period_combo.setCurrentIndex(page.period_combo.findData(PeriodChoice.CUSTOM.value))
    with qtbot.waitSignal(page.figures_shown, timeout=5000):
        page.from_edit.setDate(QDate(2026, 3, 15))
        page.to_edit.setDate(QDate(2026, 4, 14))
    assert not page.error.isVisibleTo(page)
    assert page.figures is not None and page.figures.kpis is not None
    period = Period.days(dt.date(2026, 3, 15), dt.date(2026, 4, 14))
    assert page.figures.period == period
    assert page.figures.kpis.churn_months[-1].period == Period(dt.date(2026, 4, 1), dt.date(2026, 4, 15))
    assert page.figures.comparison == Period.days(dt.date(2026, 2, 12), dt.date(2026, 3, 14))  # 31 days
    assert tile_text(page, "vehicles_sold") == "4"  # 15, 20 and 31 March, and April's
    assert "14" in page.caption.text()


def test_period_for() -> None:
    today = dt.date(2026, 5, 20)
    assert period_for(PeriodChoice.THIS_QUARTER, today).start == dt.date(2026, 4, 1)  # type: ignore[union-attr]
    assert period_for(PeriodChoice.LAST_MONTH, dt.date(2026, 1, 5)).start == dt.date(2025, 12, 1)  # type: ignore[union-attr]
    assert period_for(PeriodChoice.CUSTOM, today) is None


def test_change_texts() -> None:
    assert change(Kind.COUNT, 4, 1) == Change("▲ +300.0%", 1, True)
    assert change(Kind.MONEY, Decimal("90"), Decimal("100"), better_when_up=True).good is False
    assert change(Kind.COUNT, 3, 2, better_when_up=False).good is False
    assert change(Kind.COUNT, 3, 0).text == "▲ +3"
    assert change(Kind.RATING, 4.5, 4.0).text == "▲ +0.5"
    assert change(Kind.COUNT, 2, 2).good is None
    assert change(Kind.MONEY, None, Decimal("1")).text == ""


def test_salesperson_sees_own_tiles_and_objectives(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.julie)
    assert not page.salesperson_combo.isVisibleTo(page)
    assert "claims_opened" not in page.tiles
    assert tile_text(page, "vehicles_sold") == "2"
    bars = {metric: row for metric, row in page.objective_rows.items() if row.isVisibleTo(page)}
    assert {m.value for m in bars} == {"sales", "margin", "calls"}
    sales = next(row for m, row in bars.items() if m.value == "sales")
    assert sales.bar.value() == 500 and sales.bar.format() == "2 / 4 · 50%"
    assert not page.no_objectives.isVisibleTo(page)


def test_salesperson_without_objectives(qtbot: QtBot, db: Database, make_user: Callable[..., Actor]) -> None:
    page = make_page(qtbot, db, make_user(Role.SALESPERSON))
    assert tile_text(page, "vehicles_sold") == "0"
    assert tile_text(page, "average_margin") == "—"
    assert page.no_objectives.isVisibleTo(page)


def test_errors_are_shown_on_the_page(qtbot: QtBot, db: Database, make_user: Callable[..., Actor]) -> None:
    page = make_page(qtbot, db, make_user(Role.AFTERSALES))
    assert page.error.isVisibleTo(page)
    assert "may not" in page.error.text()
    assert not page.computing.isVisibleTo(page)


def test_computing_state_until_the_figures_arrive(qtbot: QtBot, db: Database, world: World) -> None:
    """With a real thread pool the page shows "Computing…" and stays usable until figures arrive."""
    from dealercrm.ui.workers import Executor

    ctx = AppContext(db=db, actor=world.manager, executor=Executor())
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.today = lambda: MARCH_31
    with qtbot.waitSignal(page.figures_shown, timeout=5000):
        page.refresh()
        assert page.computing.isVisible()
    assert not page.computing.isVisible()
    assert tile_text(page, "vehicles_sold") == "4"
    ctx.executor.wait()


def test_a_period_under_way_is_compared_with_as_many_days(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.manager, today=dt.date(2026, 3, 15))
    assert page.figures is not None
    assert page.figures.to_date == dt.date(2026, 3, 15)
    assert page.figures.comparison == Period.days(dt.date(2026, 2, 1), dt.date(2026, 2, 15))
    assert page.figures.previous.vehicles_sold == 0  # the sale of 28 February is not in 1-15 February
    assert "▲ +4" in page.tiles["vehicles_sold"].delta.text()
    assert "March 2026 to date" in page.caption.text()
    page.comparison_combo.setCurrentIndex(1)
    assert page.figures.comparison == Period.days(dt.date(2025, 3, 1), dt.date(2025, 3, 15))
    assert page.figures.previous.vehicles_sold == 1  # 10 March 2025


def test_changing_the_period_redraws_the_charts(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.manager, today=dt.date(2026, 4, 2))
    chart = page.charts["sales_margin"]
    shown = chart.draw_count
    assert shown >= 1
    assert chart.image is None  # nothing drawn while the page is hidden
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        page.show()
    first_image = chart.image
    assert first_image is not None and first_image.deviceIndependentSize().toSize() == chart.size()
    with qtbot.waitSignal(chart.drawn, timeout=10000):
        page.period_combo.setCurrentIndex(page.period_combo.findData(PeriodChoice.LAST_MONTH.value))
    assert chart.draw_count == shown + 1
    assert chart.image is not None and chart.image != first_image
    assert "sales:month:2026-03-01" in chart.gids
    assert page.figures is not None and page.figures.kpis is not None
    assert page.figures.kpis.months[-1].month == dt.date(2026, 3, 1)
    assert page.figures.kpis.months[-1].sales == 4
    assert set(page.charts) >= {"sales_margin", "cac", "conversion", "churn", "funnel", "ranking", "claims"}


def test_clicking_a_tile_opens_the_sales_behind_it(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.manager)
    with qtbot.waitSignal(page.detail_opened, timeout=5000) as opened:
        qtbot.mouseClick(page.tiles["margin"], Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert dialog.detail.kind == "sales" and dialog.view.rowCount() == 4
    customers = {dialog.view.item(r, 1).text() for r in range(4)}
    assert customers == {"One", "Two", "Three", "Six"}
    dialog.close()


def test_clicking_a_chart_bar_opens_the_sales_of_that_month(
    qtbot: QtBot, db: Database, world: World, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from dealercrm.ui.widgets import file_dialogs

    page = make_page(qtbot, db, world.manager)
    with qtbot.waitSignal(page.charts["sales_margin"].drawn, timeout=10000):
        page.show()
    assert "sales:month:2026-02-01" in page.charts["sales_margin"].gids
    with qtbot.waitSignal(page.detail_opened, timeout=5000) as opened:
        page.charts["sales_margin"].pick("sales:month:2026-02-01")
    dialog = opened.args[0]
    assert dialog.view.rowCount() == 1  # 28 February
    target = Path(str(tmp_path)) / "february.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: target)
    assert dialog.export("xlsx") == target and target.stat().st_size > 0
    dialog.close()


def test_the_dashboard_module_does_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = "import sys, dealercrm.ui.dashboard.page; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# The list behind a figure ------------------------------------------------------------------------------
SALES_COLUMNS = (
    "sold_on",
    "customer",
    "vehicle",
    "condition",
    "salesperson",
    "channel",
    "price",
    "cost",
    "margin",
)


def sales_table() -> DetailTable:
    day = dt.date(2026, 3, 2)

    def sale(
        name: str, condition: str, who: str | None, channel: str, price: str, cost: str
    ) -> tuple[str | Decimal | dt.date | None, ...]:
        p, c = Decimal(price), Decimal(cost)
        return (day, name, "Renault Clio", condition, who, channel, p, c, p - c)

    rows = (
        sale("Un", "used", "Julie Martin", "walk_in", "45000.50", "40800.25"),
        sale("Deux", "new", "Paul Durand", "website", "20000.00", "19000.00"),
        sale("Trois", "new", "Julie Martin", "phone", "15000.00", "14000.00"),
        sale("Quatre", "new", None, "None", "10000.00", "9500.00"),  # no salesperson nor channel
    )
    return DetailTable("sales", SALES_COLUMNS, rows)


def cells(view: QTableWidget, column: int) -> list[str]:
    return [view.item(r, column).text() for r in range(view.rowCount())]


def test_the_detail_list_shows_translated_labels(qtbot: QtBot, french: None) -> None:
    dialog = DetailDialog("Ventes", sales_table())
    qtbot.addWidget(dialog)
    assert dialog.headers[3] != "Condition"  # the column titles are French too
    assert cells(dialog.view, 3) == ["Occasion", "Neuf", "Neuf", "Neuf"]
    assert cells(dialog.view, 5) == ["Passage en concession", "Site web", label(SourceChannel.PHONE), ""]
    assert "walk_in" not in cells(dialog.view, 5) and label(SourceChannel.PHONE) != "phone"
    assert cells(dialog.view, 6)[0] == fmt.money(Decimal("45000.50"), decimals=2)
    # Money columns are at least as wide as their widest amount; the last one stretches.
    metrics = dialog.view.fontMetrics()
    for column in (6, 7, 8):
        widest = max(metrics.horizontalAdvance(text) for text in cells(dialog.view, column))
        assert dialog.view.columnWidth(column) > widest
    assert dialog.view.horizontalHeader().stretchLastSection()
    assert all(dialog.view.columnWidth(c) <= MAX_COLUMN_WIDTH for c in range(8))


def test_claim_and_opportunity_codes_are_labelled(qtbot: QtBot, french: None) -> None:
    claims = DetailTable(
        "claims",
        ("opened_on", "customer", "category", "severity", "status"),
        ((dt.date(2026, 3, 2), "Un", "bodywork", "high", "in_progress"),),
    )
    dialog = DetailDialog("Réclamations", claims)
    qtbot.addWidget(dialog)
    assert [dialog.view.item(0, c).text() for c in (2, 3, 4)] == ["Carrosserie", "Élevée", "En cours"]
    assert dialog.group_check.isHidden()  # no salesperson column: nothing to group by
    assert cell_text("stage", "won") == "Gagnée"
    assert cell_text("stage", "not_a_stage") == "not_a_stage"


def test_the_detail_list_groups_by_salesperson(qtbot: QtBot, french: None) -> None:
    dialog = DetailDialog("Ventes", sales_table())
    qtbot.addWidget(dialog)
    assert not dialog.group_check.isHidden() and dialog.groups.isHidden()
    dialog.group_check.setChecked(True)
    assert not dialog.groups.isHidden()
    groups = dialog.groups
    assert groups.columnCount() == 5  # salesperson, rows, price, cost, margin
    assert cells(groups, 0) == ["Julie Martin", "Paul Durand", "(sans commercial)"]
    assert cells(groups, 1) == ["2", "1", "1"]
    assert cells(groups, 2)[0] == fmt.money(Decimal("60000.50"), decimals=2)
    assert cells(groups, 4) == [
        fmt.money(Decimal("5200.25"), decimals=2),
        fmt.money(Decimal("1000.00"), decimals=2),
        fmt.money(Decimal("500.00"), decimals=2),
    ]
    dialog.group_check.setChecked(False)
    assert dialog.groups.isHidden()
    assert salesperson_subtotals(DetailTable("claims", ("customer",), (("Un",),))) == []


def test_the_sales_behind_a_tile_show_condition_labels(qtbot: QtBot, db: Database, world: World) -> None:
    page = make_page(qtbot, db, world.manager)
    with qtbot.waitSignal(page.detail_opened, timeout=5000) as opened:
        qtbot.mouseClick(page.tiles["margin"], Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    condition = dialog.detail.columns.index("condition")
    assert set(cells(dialog.view, condition)) == {"New", "Used"}
    dialog.group_check.setChecked(True)
    assert cells(dialog.groups, 0) == ["Julie Martin", "Paul Durand", "(no salesperson)"]
    assert cells(dialog.groups, 1) == ["2", "1", "1"]
    dialog.close()


def test_in_french_a_month_within_a_sentence_is_in_lower_case(
    qtbot: QtBot, db: Database, world: World, french: None
) -> None:
    page = make_page(qtbot, db, world.manager)  # March 2026, compared with February
    assert page.caption.text() == "Mars 2026, comparé à février 2026"
    with qtbot.waitSignal(page.detail_opened, timeout=5000) as opened:
        page.open_gid("sales:month:2026-02-01")
    dialog = opened.args[0]
    assert dialog.windowTitle() == "Ventes de février 2026"
    dialog.close()
