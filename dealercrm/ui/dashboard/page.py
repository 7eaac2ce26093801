"""The dashboard: KPI tiles for a period with the change against an earlier period, the salesperson
ranking (managers), and a salesperson's own objectives.

Figures are computed by KpiService on the database executor; the page shows "Computing…" meanwhile
and ignores results of a request the user has since replaced. The charts are built from them and drawn
on the charts' thread (ui/widgets/chart.py).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import ObjectiveMetric
from dealercrm.services.charts import parse_gid
from dealercrm.services.kpi import (
    DetailTable,
    KpiSummary,
    ObjectiveProgress,
    Period,
    SalespersonFigures,
)
from dealercrm.services.kpi.dashboard import CHART_SIZES, DashboardFigures, DashboardService
from dealercrm.services.kpi.dashboard import chart as dashboard_chart
from dealercrm.services.kpi.period import Comparison, PeriodChoice, period_for
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.dashboard.objectives_dialog import ObjectivesDialog
from dealercrm.ui.dashboard.spend_dialog import SpendDialog
from dealercrm.ui.kpi_figures import (
    Figure,
    achievement_text,
    change,
    format_figure,
    kpi_figures,
    month_name,
    period_text,
)
from dealercrm.ui.labels import label
from dealercrm.ui.operations import QueryOp, message_of, shown_by
from dealercrm.ui.style import DASHBOARD_STYLE, GOOD, MUTED, named, restyled
from dealercrm.ui.widgets.forms import holding, scrolled
from dealercrm.ui.widgets.page import Page
from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, make_table_view

MANAGER_CHARTS = ("sales_margin", "ranking", "cac", "conversion", "churn", "funnel", "claims", "campaigns")
SALESPERSON_CHARTS = ("sales_margin", "funnel", "conversion")
# The list a tile opens (tiles without one bring the ranking into view).
TILE_DETAILS = {
    "vehicles_sold": "sales",
    "revenue": "sales",
    "margin": "sales",
    "average_margin": "sales",
    "new_customers": "new_customers",
    "new_prospects": "prospects",
    "opportunities_won": "opportunities",
    "claims_opened": "claims",
    "claims_resolved": "claims",
}


# Widgets -------------------------------------------------------------------------------------------
class KpiTile(QFrame):
    """A figure in big type, its title above, and the change against the earlier period below."""

    clicked = Signal()

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        self.setObjectName("KpiTile")
        # Tiles of a row share its width and height; long texts wrap rather than being cut off.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.title = named(QLabel(figure.title), "KpiTitle")
        self.value = named(QLabel("…"), "KpiValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.delta = named(QLabel(" "), "KpiDelta")
        self.delta.setTextFormat(Qt.TextFormat.RichText)
        self.sub = named(QLabel(" "), "KpiSub")
        for widget in (self.title, self.delta, self.sub):
            widget.setWordWrap(True)
        for widget in (self.title, self.value, self.delta, self.sub):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_figures(self, current: KpiSummary, previous: KpiSummary, sub: str = "") -> None:
        value = self.figure.value(current)
        self.value.setText(format_figure(self.figure.kind, value))
        restyled(self.value, alert=self.figure.key == "claims_overdue" and bool(value))
        if self.figure.comparable:
            before = self.figure.value(previous)
            moved = change(self.figure.kind, value, before, better_when_up=self.figure.better_when_up)
            was = self.tr("was %1").replace("%1", format_figure(self.figure.kind, before))
            html = (
                f'<span style="color:{moved.colour}; font-weight:600">{moved.text}</span>&nbsp;&nbsp;'
                if moved.text
                else ""
            )
            self.delta.setText(f'{html}<span style="color:{MUTED}">{was}</span>')
            self.delta.setToolTip(was)
        else:
            now_text = self.tr("right now")
            self.delta.setText(f'<span style="color:{MUTED}">{now_text}</span>')
        self.sub.setText(sub or " ")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class ObjectiveRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QLabel()
        self.name.setMinimumWidth(120)
        self.bar = named(QProgressBar(), "ObjectiveBar")
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(True)
        layout.addWidget(self.name)
        layout.addWidget(self.bar, 1)

    def show_progress(self, progress: ObjectiveProgress) -> None:
        self.name.setText(label(progress.metric))
        achievement = progress.achievement or 0.0
        self.bar.setValue(int(min(achievement, 1.0) * 1000))
        self.bar.setFormat(achievement_text(progress))
        restyled(self.bar, done=achievement >= 1.0)


class RankingModel(PagedTableModel[SalespersonFigures]):
    """The ranking's rows, with the titles of figure columns right-aligned like the figures."""

    def __init__(self, columns: list[Column[SalespersonFigures]], parent: QWidget | None = None) -> None:
        super().__init__(columns, parent=parent)
        self._right = [c.align_right for c in columns]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and orientation == Qt.Orientation.Horizontal
            and self._right[section]
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().headerData(section, orientation, role)


class DashboardPage(Page):
    """Key figures of a period; managers also see every salesperson, salespeople their objectives."""

    figures_shown = Signal()  # after fresh figures are on screen (tests wait for it)
    detail_opened = Signal(object)  # the DetailDialog just shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setStyleSheet(DASHBOARD_STYLE)
        self.today: Callable[[], dt.date] = lambda: self.ctx.today()
        self.sees_everyone = ctx.can("reports.read")
        self._figures: DashboardFigures | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._build_toolbar())
        self.error = named(QLabel(), "FormError")
        self.error.setWordWrap(True)
        self.error.hide()
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(20, 8, 20, 16)
        self.body_layout.setSpacing(8)
        self.body_layout.addWidget(self.error)
        self.tiles: dict[str, KpiTile] = {}
        sections = [
            ("sales", self.tr("Sales")),
            ("activity", self.tr("Pipeline and activity")),
        ]
        if self.sees_everyone:
            sections.append(("aftersales", self.tr("After-sales")))
        figures = kpi_figures()
        for key, title in sections:
            self.body_layout.addWidget(named(QLabel(title), "SectionTitle"))
            grid = QGridLayout()
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(10)
            for column, figure in enumerate(f for f in figures if f.section == key):
                tile = KpiTile(figure)
                tile.clicked.connect(lambda key=figure.key: self.open_tile(key))
                tile.setToolTip(self.tr("Click to see the list behind this figure"))
                grid.addWidget(tile, 0, column)
                grid.setColumnStretch(column, 1)
                self.tiles[figure.key] = tile
            self.body_layout.addLayout(grid)
        self.body_layout.addSpacing(6)
        self.body_layout.addWidget(self._build_charts())
        self.body_layout.addSpacing(6)
        self.body_layout.addWidget(self._build_ranking() if self.sees_everyone else self._build_objectives())
        self.body_layout.addStretch(1)
        outer.addWidget(scrolled(body), 1)
        self.refresh()

    # Building -------------------------------------------------------------------------------------
    def _build_toolbar(self) -> QWidget:
        bar, rows = holding(QVBoxLayout(), margins=(20, 12, 20, 0), spacing=4)
        layout = QHBoxLayout()
        layout.setSpacing(8)
        rows.addLayout(layout)
        self.period_combo = QComboBox()
        for choice, text in (
            (PeriodChoice.THIS_MONTH, self.tr("This month")),
            (PeriodChoice.LAST_MONTH, self.tr("Last month")),
            (PeriodChoice.THIS_QUARTER, self.tr("This quarter")),
            (PeriodChoice.THIS_YEAR, self.tr("This year")),
            (PeriodChoice.CUSTOM, self.tr("Custom…")),
        ):
            self.period_combo.addItem(text, choice.value)
        self.period_combo.setToolTip(self.tr("Period"))
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
        today = self.today()
        self.from_edit.setDate(QDate(today.year, today.month, 1))
        self.to_edit.setDate(fmt.qdate(today))
        self.from_label = QLabel(self.tr("from"))
        self.to_label = QLabel(self.tr("to"))
        self.comparison_combo = QComboBox()
        self.comparison_combo.addItem(self.tr("vs previous period"), Comparison.PREVIOUS.value)
        self.comparison_combo.addItem(self.tr("vs same period last year"), Comparison.LAST_YEAR.value)
        self.salesperson_combo = QComboBox()
        self.salesperson_combo.addItem(self.tr("Whole dealership"), None)
        self.salesperson_combo.setMinimumContentsLength(16)
        self.salesperson_combo.setVisible(self.sees_everyone)
        self.computing = named(QLabel(self.tr("Computing…")), "Computing")
        self.computing.hide()
        self.caption = named(QLabel(), "PeriodCaption")

        layout.addWidget(self.period_combo)
        for widget in (self.from_label, self.from_edit, self.to_label, self.to_edit):
            layout.addWidget(widget)
        layout.addWidget(self.comparison_combo)
        layout.addWidget(self.salesperson_combo)
        layout.addStretch(1)
        layout.addWidget(self.computing)
        self.objectives_button = QPushButton(self.tr("Objectives…"))
        self.objectives_button.setToolTip(
            self.tr("Set the monthly objectives of the dealership and salespeople")
        )
        self.objectives_button.setVisible(self.ctx.can("objectives.manage"))
        self.objectives_button.clicked.connect(self.open_objectives)
        layout.addWidget(self.objectives_button)
        self.spend_button = QPushButton(self.tr("Marketing spend…"))
        self.spend_button.setToolTip(self.tr("Enter or import the marketing spend per channel and month"))
        self.spend_button.setVisible(self.ctx.can("marketing_spend.edit"))
        self.spend_button.clicked.connect(self.open_spend)
        layout.addWidget(self.spend_button)
        # The caption has a line of its own: a custom period's dates would not fit beside the pickers.
        rows.addWidget(self.caption)
        self._show_custom_fields(False)

        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.comparison_combo.currentIndexChanged.connect(self.refresh)
        self.salesperson_combo.currentIndexChanged.connect(self.refresh)
        self.from_edit.dateChanged.connect(self._custom_dates_changed)
        self.to_edit.dateChanged.connect(self._custom_dates_changed)
        return bar

    def _build_ranking(self) -> QWidget:
        box, layout = holding(QVBoxLayout(), spacing=6)
        header = QHBoxLayout()
        header.addWidget(named(QLabel(self.tr("Salespeople")), "SectionTitle"))
        hint = named(QLabel(self.tr("Double-click a salesperson to see their figures above")), "Hint")
        header.addStretch(1)
        header.addWidget(hint)
        layout.addLayout(header)

        def objective(metric: ObjectiveMetric) -> Callable[[SalespersonFigures], str]:
            return lambda r: achievement_text(r.objective(metric)) or "—"

        def objective_colour(metric: ObjectiveMetric) -> Callable[[SalespersonFigures], QColor | None]:
            def colour(r: SalespersonFigures) -> QColor | None:
                achieved = r.objective(metric).achievement
                return QColor(GOOD) if achieved is not None and achieved >= 1 else None

            return colour

        columns: list[Column[SalespersonFigures]] = [
            Column(self.tr("Salesperson"), lambda r: r.display_name),
            Column(self.tr("Sales"), lambda r: fmt.number(r.sales), align_right=True),
            Column(self.tr("Revenue"), lambda r: fmt.money(r.revenue), align_right=True),
            Column(self.tr("Margin"), lambda r: fmt.money(r.margin), align_right=True),
            Column(
                self.tr("Avg margin"),
                lambda r: fmt.money(r.margin / r.sales) if r.sales else "—",
                align_right=True,
            ),
            Column(self.tr("Test drives"), lambda r: fmt.number(r.test_drives), align_right=True),
            Column(self.tr("Calls"), lambda r: fmt.number(r.calls), align_right=True),
            Column(
                self.tr("Sales objective"),
                objective(ObjectiveMetric.SALES),
                align_right=True,
                colour=objective_colour(ObjectiveMetric.SALES),
            ),
            Column(
                self.tr("Margin objective"),
                objective(ObjectiveMetric.MARGIN),
                align_right=True,
                colour=objective_colour(ObjectiveMetric.MARGIN),
            ),
        ]
        self.ranking_model = RankingModel(columns, parent=self)
        self.ranking_view = named(make_table_view(self.ranking_model, box), "RankingTable")
        columns_header = self.ranking_view.horizontalHeader()
        columns_header.setStretchLastSection(False)
        # Figures as wide as they need (a few rows: cheap), right-aligned under their titles; the
        # names take what is left.
        columns_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns_header.setMinimumSectionSize(60)
        self.ranking_view.setSelectionMode(self.ranking_view.SelectionMode.SingleSelection)
        # The page scrolls as a whole: the table is as tall as its rows, with no scroll bar of its own.
        self.ranking_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ranking_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.ranking_view.doubleClicked.connect(self._ranking_activated)
        self.ranking_empty = named(QLabel(self.tr("No salesperson yet.")), "Hint")
        self.ranking_empty.hide()
        layout.addWidget(self.ranking_view)
        layout.addWidget(self.ranking_empty)
        return box

    def _build_charts(self) -> QWidget:
        from dealercrm.ui.widgets.chart import ChartWidget

        box, layout = holding(QVBoxLayout())
        header = QHBoxLayout()
        header.addWidget(named(QLabel(self.tr("Charts")), "SectionTitle"))
        header.addStretch(1)
        header.addWidget(named(QLabel(self.tr("Click a bar to see the list behind it")), "Hint"))
        layout.addLayout(header)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        self.chart_names = MANAGER_CHARTS if self.sees_everyone else SALESPERSON_CHARTS
        self.charts: dict[str, ChartWidget] = {}
        row = column = 0
        for name in self.chart_names:
            chart = ChartWidget(height=280)
            chart.picked.connect(self.open_gid)
            wide = name in CHART_SIZES
            if wide and column:
                row, column = row + 1, 0
            grid.addWidget(chart, row, column, 1, 2 if wide else 1)
            self.charts[name] = chart
            if wide or column == 1:
                row, column = row + 1, 0
            else:
                column = 1
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return box

    def _build_objectives(self) -> QWidget:
        box = named(QFrame(), "Card")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(named(QLabel(self.tr("My objectives")), "SectionTitle"))
        self.objective_rows: dict[ObjectiveMetric, ObjectiveRow] = {}
        for metric in ObjectiveMetric:
            row = ObjectiveRow()
            row.hide()
            layout.addWidget(row)
            self.objective_rows[metric] = row
        self.no_objectives = named(QLabel(self.tr("No objectives set for this period.")), "Hint")
        layout.addWidget(self.no_objectives)
        return box

    # Choosing the period ---------------------------------------------------------------------------
    def _show_custom_fields(self, shown: bool) -> None:
        for widget in (self.from_label, self.from_edit, self.to_label, self.to_edit):
            widget.setVisible(shown)

    def _period_changed(self) -> None:
        self._show_custom_fields(self.period_choice() is PeriodChoice.CUSTOM)
        self.refresh()

    def _custom_dates_changed(self) -> None:
        if self.period_choice() is PeriodChoice.CUSTOM:
            self.refresh()

    def period_choice(self) -> PeriodChoice:
        return PeriodChoice(self.period_combo.currentData())

    def selected_period(self) -> Period | None:
        """The period picked, or None for custom dates that end before they start."""
        named = period_for(self.period_choice(), self.today())
        if named is not None:
            return named
        first, last = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        assert isinstance(first, dt.date) and isinstance(last, dt.date)
        return Period.days(first, last) if first <= last else None

    def set_custom_period(self, first: dt.date, last: dt.date) -> None:
        """Show `first` to `last` (both included)."""
        for edit, day in ((self.from_edit, first), (self.to_edit, last)):
            edit.blockSignals(True)
            edit.setDate(fmt.qdate(day))
            edit.blockSignals(False)
        index = self.period_combo.findData(PeriodChoice.CUSTOM.value)
        if self.period_combo.currentIndex() == index:
            self.refresh()
        else:
            self.period_combo.setCurrentIndex(index)

    # Computing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        period = self.selected_period()
        if period is None:
            self._show_error(self.tr("The period must end on or after the day it starts."))
            return
        self.computing.show()
        for tile in self.tiles.values():
            tile.setEnabled(False)
        # Only the latest request is shown: the user may have asked for something else meanwhile.
        QueryOp(
            self.ctx.service(DashboardService).compute,
            period=period,
            comparison=Comparison(self.comparison_combo.currentData()),
            salesperson_id=self.salesperson_combo.currentData() if self.sees_everyone else None,
            today=self.today(),
        ).success(self._figures_ready).failure(self._failed).latest_for(self).read_only().run(
            self.ctx.executor
        )

    def _figures_ready(self, figures: DashboardFigures) -> None:
        self._figures = figures
        self.computing.hide()
        self.error.hide()
        current, previous = figures.current, figures.previous
        subs = {
            "vehicles_sold": self.tr("%1 new · %2 used")
            .replace("%1", fmt.number(current.new_vehicles_sold))
            .replace("%2", fmt.number(current.used_vehicles_sold)),
            "margin": self.tr("%1 of revenue").replace(
                "%1", fmt.percent(float(current.margin / current.revenue)) if current.revenue else "—"
            ),
            "opportunities_won": self.tr("%1 lost · win rate %2")
            .replace("%1", fmt.number(current.opportunities_lost))
            .replace(
                "%2", fmt.percent(current.win_rate, decimals=0) if current.win_rate is not None else "—"
            ),
            "satisfaction": self.tr("%n rating(s)", "", current.satisfaction_count),
            "claims_overdue": self.tr("open claims past their deadline"),
            "new_customers": self.tr("first purchase in the period"),
        }
        for key, tile in self.tiles.items():
            tile.setEnabled(True)
            tile.show_figures(current, previous, subs.get(key, ""))
        shown = period_text(figures.period)
        if figures.to_date is not None:
            shown = self.tr("%1 to date").replace("%1", shown)
        self.caption.setText(
            self.tr("%1, compared with %2")
            .replace("%1", shown)
            .replace("%2", period_text(figures.comparison, capitalized=False))
        )
        if self.sees_everyone:
            self._show_ranking(figures.ranking)
        else:
            self._show_objectives(figures.ranking)
        if figures.kpis is not None:
            # Built and drawn on the charts' thread, and built again there for a new size: a chart keeps
            # no figure (tens of thousands of objects each pass of the garbage collector would walk).
            for name, widget in self.charts.items():
                widget.show_figure(functools.partial(dashboard_chart, name, figures.kpis, self.ctx.language))
        self.figures_shown.emit()

    def _show_ranking(self, rows: tuple[SalespersonFigures, ...]) -> None:
        self.ranking_model.set_rows(rows)
        self.ranking_empty.setVisible(not rows)
        view = self.ranking_view
        view.setFixedHeight(
            view.horizontalHeader().sizeHint().height()
            + view.verticalHeader().defaultSectionSize() * max(len(rows), 1)
            + 2 * view.frameWidth()
            + (
                view.horizontalScrollBar().sizeHint().height()
                if view.horizontalScrollBar().isVisible()
                else 0
            )
        )
        # Keep the salesperson filter in step with who appears in the ranking.
        chosen = self.salesperson_combo.currentData()
        known = {self.salesperson_combo.itemData(i) for i in range(1, self.salesperson_combo.count())}
        wanted = {r.user_id for r in rows} | ({chosen} if chosen is not None else set())
        if known != wanted:
            self.salesperson_combo.blockSignals(True)
            names = {r.user_id: r.display_name for r in rows}
            names.update(
                {
                    self.salesperson_combo.itemData(i): self.salesperson_combo.itemText(i)
                    for i in range(1, self.salesperson_combo.count())
                }
            )
            self.salesperson_combo.clear()
            self.salesperson_combo.addItem(self.tr("Whole dealership"), None)
            for user_id in fmt.by_name(wanted, lambda u: names[u]):
                self.salesperson_combo.addItem(names[user_id], user_id)
            self.salesperson_combo.setCurrentIndex(max(0, self.salesperson_combo.findData(chosen)))
            self.salesperson_combo.blockSignals(False)

    def _show_objectives(self, rows: tuple[SalespersonFigures, ...]) -> None:
        mine = next((r for r in rows if r.user_id == self.ctx.actor.id), None)
        any_shown = False
        for metric, row in self.objective_rows.items():
            progress = mine.objective(metric) if mine is not None else None
            if progress is not None and progress.target is not None:
                row.show_progress(progress)
                row.show()
                any_shown = True
            else:
                row.hide()
        self.no_objectives.setVisible(not any_shown)

    def _failed(self, exc: Exception) -> None:
        self.computing.hide()
        for tile in self.tiles.values():
            tile.setEnabled(True)
        self._show_error(self.tr("The figures could not be computed: %1").replace("%1", message_of(exc)))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.status_message.emit(message)

    # Drilling down ---------------------------------------------------------------------------------
    def _ranking_activated(self, index: QModelIndex) -> None:
        row = self.ranking_model.row_at(index.row())
        if row is not None:
            self.show_salesperson(row.user_id)

    def show_salesperson(self, user_id: int | None) -> None:
        """Show the tiles of one salesperson (None: the whole dealership)."""
        index = self.salesperson_combo.findData(user_id)
        if index >= 0:
            self.salesperson_combo.setCurrentIndex(index)

    def open_objectives(self) -> None:
        """The objectives of next month (the manager picks another there); figures refresh once saved."""
        today = self.today()
        next_month = dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
        dialog = ObjectivesDialog(self.ctx, month=next_month, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _changes: self.refresh())
        self.objectives_dialog = dialog
        dialog.open()

    def open_spend(self) -> None:
        """The marketing spend of the period's year; the figures (CAC) refresh once saved or imported."""
        period = self.selected_period()
        year = period.last_day.year if period is not None else self.today().year
        dialog = SpendDialog(self.ctx, year=year, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _changes: self.refresh())
        dialog.imported.connect(lambda _result: self.refresh())
        self.spend_dialog = dialog
        dialog.open()

    def open_tile(self, key: str) -> None:
        """Open the list behind a tile (the sales behind the margin...), or show the ranking."""
        kind = TILE_DETAILS.get(key)
        if kind is None or self._figures is None:
            self._tile_clicked()
            return
        self.open_details(kind, self.tiles[key].figure.title)

    def open_gid(self, gid: str) -> None:
        """Open the list behind a chart bar ("sales:month:2026-03-01", "claims:category:mechanical"...)."""
        parsed = parse_gid(gid)
        if parsed is None or self._figures is None:
            return
        kind, key, value = parsed
        filters: dict[str, Any] = {}
        title = self.tr("Details")
        if kind == "churn":
            return  # churn is a rate of customers, there is no list of sales behind a month's churn
        if key == "month":
            month = dt.date.fromisoformat(value)
            filters["month"] = month
            title = self.tr("Sales of %1").replace(
                "%1", f"{month_name(month.month, capitalized=False)} {month.year}"
            )
        elif key == "channel":
            from dealercrm.models.enums import SourceChannel

            filters["channel"] = SourceChannel(value)
            title = label(SourceChannel(value))
        elif key == "category":
            from dealercrm.models.enums import ClaimCategory

            filters["category"] = ClaimCategory(value)
            title = self.tr("Claims: %1").replace("%1", label(ClaimCategory(value)))
        elif key == "campaign":
            filters["campaign_id"] = int(value)
            title = self.tr("Sales attributed to the campaign")
        elif key == "salesperson":
            filters["salesperson_id"] = int(value)
            row = next((r for r in self._figures.ranking if r.user_id == int(value)), None)
            title = self.tr("Sales of %1").replace("%1", row.display_name if row else value)
        self.open_details(kind, title, **filters)

    def open_details(self, kind: str, title: str, **filters: Any) -> None:
        figures = self._figures
        if figures is None:
            return
        if "salesperson_id" not in filters and self.sees_everyone:
            filters["salesperson_id"] = self.salesperson_combo.currentData()
        QueryOp(
            self.ctx.service(DashboardService).details, kind=kind, period=figures.period, **filters
        ).success(lambda table: self._show_details(title, table)).failure(
            shown_by(self._show_error)
        ).latest_for(self, "details").run(self.ctx.executor)

    def _show_details(self, title: str, table: DetailTable) -> None:
        from dealercrm.ui.dashboard.detail_dialog import DetailDialog

        dialog = DetailDialog(title, table, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.detail_opened.emit(dialog)

    def _tile_clicked(self) -> None:
        # The figures behind a sales tile are the ranking: bring it into view.
        if self.sees_everyone:
            self.ranking_view.setFocus()
            parent = self.ranking_view.parentWidget()
            scroll = self.findChild(QScrollArea)
            if scroll is not None and parent is not None:
                scroll.ensureWidgetVisible(parent)

    @property
    def figures(self) -> DashboardFigures | None:
        return self._figures
