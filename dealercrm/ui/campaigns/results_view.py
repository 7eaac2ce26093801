"""Campaign results: the figures of one campaign (reach, responses, appointments, attributed sales,
margin, cost per reach and per sale, ROI), exclusions per rule and outcomes per caller, the comparison
with the other campaigns with a chart, CSV export and the PDF report."""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import CampaignKind
from dealercrm.services.campaign_report import CampaignReportService, results_figure
from dealercrm.services.campaigns import CampaignResults, CampaignResultsService, results_csv
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.style import named, say
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.chart import ChartWidget
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import push_button, text_label


def _rate(value: Decimal | None) -> str:
    return fmt.percent(float(value)) if value is not None else "—"


class ResultsDialog(Dialog):
    """Results of one campaign beside the others."""

    def __init__(
        self, ctx: AppContext, *, campaign_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(CampaignResultsService)
        self.rows: list[CampaignResults] = []
        self.current: CampaignResults | None = None
        self._wanted = campaign_id
        self.setWindowTitle(self.tr("Campaign results"))
        self.resize(1280, 900)

        self.campaign_combo = QComboBox()
        self.export_button = push_button(self.tr("Export CSV…"), lambda: self.export_csv())
        self.pdf_button = push_button(self.tr("PDF report…"), lambda: self.export_pdf())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Campaign")))
        top.addWidget(self.campaign_combo, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.pdf_button)

        self.tiles: dict[str, QLabel] = {}
        tiles = QGridLayout()
        tile_titles = [
            ("targeted", self.tr("Targeted")),
            ("excluded", self.tr("Excluded by the law")),
            ("reached", self.tr("Reached")),
            ("sent", self.tr("Sent / delivered / failed")),
            ("response", self.tr("Response rate")),
            ("appointments", self.tr("Appointments")),
            ("opportunities", self.tr("Opportunities")),
            ("sales", self.tr("Sales attributed")),
            ("revenue", self.tr("Revenue attributed")),
            ("margin", self.tr("Margin attributed")),
            ("cost", self.tr("Cost")),
            ("per_reach", self.tr("Cost per reach")),
            ("per_sale", self.tr("Cost per sale")),
            ("roi", self.tr("ROI")),
        ]
        for n, (key, title) in enumerate(tile_titles):
            frame = QFrame()
            frame.setObjectName("KpiTile")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            box.setContentsMargins(10, 6, 10, 6)
            caption = named(QLabel(title), "Hint")
            value = QLabel("—")
            value.setStyleSheet("font-size: 15pt; font-weight: 600;")
            box.addWidget(caption)
            box.addWidget(value)
            tiles.addWidget(frame, n // 7, n % 7)
            self.tiles[key] = value
        self.attribution_label = text_label("", "Hint")
        self.attribution_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.rules_table = self._table([self.tr("Excluded by rule"), self.tr("Contacts")])
        self.callers_table = self._table([self.tr("Caller"), self.tr("Outcomes")])
        self.callers_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        details = QHBoxLayout()
        details.addWidget(self.rules_table, 1)
        details.addWidget(self.callers_table, 2)

        self.chart = ChartWidget(height=240)
        self.compare_title = named(QLabel(self.tr("All campaigns")), "SectionTitle")
        self.compare_title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.compare_table = self._table(
            [
                self.tr("Campaign"),
                self.tr("Kind"),
                self.tr("Targeted"),
                self.tr("Reached"),
                self.tr("Response"),
                self.tr("Appts"),
                self.tr("Sales"),
                self.tr("Margin"),
                self.tr("Cost"),
                self.tr("Cost / sale"),
                self.tr("ROI"),
            ]
        )
        self.compare_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.compare_table.setMaximumHeight(16777215)
        self.compare_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.compare_table.cellDoubleClicked.connect(lambda row, _c: self.campaign_combo.setCurrentIndex(row))

        self.error_label = named(QLabel(), "FormError")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.attribution_label)
        layout.addLayout(details)
        layout.addWidget(self.chart)
        layout.addWidget(self.compare_title)
        layout.addWidget(self.compare_table, 1)
        layout.addWidget(self.error_label)

        self.campaign_combo.currentIndexChanged.connect(self._select)
        self.refresh()

    def _show_error(self, exc: Exception) -> None:
        message = message_of(exc)
        say(self.error_label, message)
        self.pdf_button.setEnabled(bool(self.rows))

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        # The figures as wide as they are written, the first column (a name) the rest: at a fixed 100 px
        # each, eleven columns left the campaign's name a few letters wide.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(150)
        table.verticalHeader().setDefaultSectionSize(25)
        return table

    def refresh(self) -> None:
        """Compute every campaign's results off the GUI thread."""
        QueryOp(self._service.compare).success(self._show_rows).failure(self._show_error).latest_for(
            self
        ).run(self.ctx.executor)

    def _show_rows(self, rows: list[CampaignResults]) -> None:
        self.rows = rows
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        for r in rows:
            self.campaign_combo.addItem(f"{r.name} ({fmt.date(r.starts_on)})", r.campaign_id)
        index = max(0, self.campaign_combo.findData(self._wanted)) if self._wanted is not None else 0
        self.campaign_combo.setCurrentIndex(index)
        self.campaign_combo.blockSignals(False)
        self.compare_table.setRowCount(len(rows))
        for n, r in enumerate(rows):
            cells = [
                r.name,
                label(r.kind),
                fmt.number(r.targeted),
                fmt.number(r.reached),
                _rate(r.response_rate),
                fmt.number(r.appointments),
                fmt.number(r.sales),
                fmt.money(r.margin),
                fmt.money(r.cost),
                fmt.money(r.cost_per_sale) if r.cost_per_sale is not None else "—",
                fmt.number(float(r.roi), decimals=2) if r.roi is not None else "—",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.compare_table.setItem(n, c, item)
        # Built and drawn on the charts' thread: matplotlib costs the GUI thread nothing.
        self.chart.show_figure(functools.partial(results_figure, rows, language=self.ctx.language))
        self.export_button.setEnabled(bool(rows))
        self.pdf_button.setEnabled(bool(rows))
        self._select(self.campaign_combo.currentIndex())

    def _select(self, index: int) -> None:
        campaign_id = self.campaign_combo.itemData(index)
        self.current = next((r for r in self.rows if r.campaign_id == campaign_id), None)
        r = self.current
        if r is None:
            for value in self.tiles.values():
                value.setText("—")
            self.attribution_label.setText(
                self.tr("No frozen campaign yet: results appear once a list is worked.")
            )
            return
        t = self.tiles
        t["targeted"].setText(fmt.number(r.targeted))
        t["excluded"].setText(fmt.number(r.excluded))
        t["reached"].setText(f"{fmt.number(r.reached)} ({_rate(r.reach_rate)})")
        if r.kind is CampaignKind.PHONING:
            t["sent"].setText(self.tr("n/a (phoning)"))
        else:
            t["sent"].setText(f"{fmt.number(r.sent)} / {fmt.number(r.delivered)} / {fmt.number(r.failed)}")
        t["response"].setText(_rate(r.response_rate))
        t["appointments"].setText(fmt.number(r.appointments))
        t["opportunities"].setText(fmt.number(r.opportunities))
        t["sales"].setText(fmt.number(r.sales))
        t["revenue"].setText(fmt.money(r.revenue))
        t["margin"].setText(fmt.money(r.margin))
        t["cost"].setText(fmt.money(r.cost))
        t["per_reach"].setText(
            fmt.money(r.cost_per_reach, decimals=2) if r.cost_per_reach is not None else "—"
        )
        t["per_sale"].setText(fmt.money(r.cost_per_sale) if r.cost_per_sale is not None else "—")
        t["roi"].setText(fmt.number(float(r.roi), decimals=2) if r.roi is not None else "—")
        self.attribution_label.setText(
            self.tr(
                "A sale counts for this campaign when it comes within {days} days after the campaign "
                "reached the customer, and no other campaign reached them since (last touch). "
                "ROI = (margin − cost) / cost."
            ).format(days=r.attribution_days)
        )
        self.rules_table.setRowCount(0)
        for rule, n in sorted(r.excluded_by_rule.items(), key=lambda kv: -kv[1]):
            row = self.rules_table.rowCount()
            self.rules_table.insertRow(row)
            self.rules_table.setItem(row, 0, QTableWidgetItem(self._rule_text(rule)))
            count = QTableWidgetItem(fmt.number(n))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.rules_table.setItem(row, 1, count)
        self.callers_table.setRowCount(0)
        for name, per in fmt.by_name(r.outcomes_by_caller.items(), lambda kv: kv[0]):
            row = self.callers_table.rowCount()
            self.callers_table.insertRow(row)
            self.callers_table.setItem(row, 0, QTableWidgetItem(name))
            text = " · ".join(
                f"{self._outcome_text(o)} {n}" for o, n in sorted(per.items(), key=lambda kv: -kv[1])
            )
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.callers_table.setItem(row, 1, item)

    def _rule_text(self, rule: str) -> str:
        return {
            "erased": self.tr("Erased (GDPR)"),
            "no_channel": self.tr("No address / number"),
            "suppression_list": self.tr("Suppression list"),
            "no_consent": self.tr("No consent"),
            "bloctel": self.tr("Bloctel"),
            "recent_refusal": self.tr("Refused less than 60 days ago"),
            "max_attempts": self.tr("4 attempts in 30 days"),
        }.get(rule, rule)

    def _outcome_text(self, outcome: str) -> str:
        from dealercrm.models.enums import CallOutcome

        try:
            return label(CallOutcome(outcome))
        except ValueError:
            return outcome

    def export_csv(self, path: str | None = None) -> None:
        path = file_dialogs.save_path(
            self, self.tr("Export results"), "campaigns.csv", "CSV (*.csv)", given=path
        )
        if path:
            Path(path).write_text(results_csv(self.rows), encoding="utf-8")

    def export_pdf(self, path: str | None = None) -> None:
        if self.current is None:
            return
        path = file_dialogs.save_path(
            self, self.tr("Campaign report"), "campaign.pdf", "PDF (*.pdf)", given=path
        )
        if not path:
            return
        service = self.ctx.service(CampaignReportService)
        self.pdf_button.setEnabled(False)
        write = QueryOp(service.write_pdf, campaign_id=self.current.campaign_id, path=Path(path))
        write.success(self._pdf_written).failure(self._show_error).run(self.ctx.executor)

    def _pdf_written(self, path: Path) -> None:
        self.pdf_button.setEnabled(True)
        if not self.property("no_open"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
