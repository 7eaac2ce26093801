"""Reports: the monthly report of a chosen month, previewed on screen (the same figures as the PDF;
PySide6-Essentials has no QtPdf to render the PDF pages themselves), saved as the PDF built by
services/reports.py in a worker with progress, printed through the system print dialog, and its
per-salesperson table exported to CSV (for Excel, in French or English).

Only managers and administrators see this page; KpiService.monthly_report refuses anyone else.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import ObjectiveMetric
from dealercrm.services.kpi import KpiService, MonthlyReport, ObjectiveProgress, Period, SalespersonFigures
from dealercrm.services.progress import Progress
from dealercrm.services.tabular import write_csv
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.kpi_figures import change, format_figure, kpi_figures, period_text
from dealercrm.ui.labels import label
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.style import GOOD, MUTED, named, set_primary
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.page import Page

MONTHS_OFFERED = 36

REPORT_CSS = f"""
body {{ color: #1f2937; }}
p.title {{ font-size: 16pt; font-weight: 600; margin: 0; }}
p.section {{ font-size: 12pt; font-weight: 600; margin-top: 20px; margin-bottom: 6px; }}
p.sub {{ color: {MUTED}; margin-top: 2px; }}
p.note {{ color: {MUTED}; font-size: 9pt; }}
table.figures {{ border-collapse: collapse; }}
table.figures th {{ background: #f3f4f6; color: #374151; font-weight: 600; padding: 6px 12px;
    border-bottom: 1px solid #e3e6eb; }}
table.figures td {{ padding: 5px 12px; border-bottom: 1px solid #eef0f3; }}
td.num, th.num {{ text-align: right; }}
td.name {{ font-weight: 600; }}
p.person {{ font-size: 11pt; font-weight: 600; margin-top: 14px; margin-bottom: 4px; }}
td.muted {{ color: {MUTED}; }}
tr.total td {{ font-weight: 600; border-top: 1px solid #d5d9e0; }}
"""


def write_monthly_pdf(
    report: MonthlyReport, *, path: Path, language: str, timezone: str, progress: Progress
) -> Path:
    """Runs on the executor: the PDF of an already computed report (the same figures as on screen)."""
    from dealercrm.services.reports import build_monthly_report

    build_monthly_report(report, language=language, output=path, timezone=timezone, progress=progress)
    return path


def _pct(progress: ObjectiveProgress) -> Decimal | None:
    achieved = progress.achievement
    return None if achieved is None else Decimal(str(round(achieved * 100, 1)))


def _target(progress: ObjectiveProgress) -> Decimal | int | None:
    """Euros for a margin objective, a whole count for the others."""
    if progress.target is None:
        return None
    return progress.target if progress.metric is ObjectiveMetric.MARGIN else int(progress.target)


class ReportsPage(Page):
    """The monthly report of a chosen month."""

    pdf_saved = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], dt.date] = lambda: self.ctx.today()
        self._report: MonthlyReport | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 16)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(QLabel(self.tr("Month")))
        self.month_combo = QComboBox()
        self.month_combo.setMinimumContentsLength(14)
        bar.addWidget(self.month_combo)
        self.computing = named(QLabel(self.tr("Computing…")), "Hint")
        self.computing.hide()
        bar.addWidget(self.computing)
        bar.addStretch(1)
        self.semicolons = QCheckBox(self.tr("Semicolons (Excel in French)"))
        self.semicolons.setToolTip(
            self.tr(
                "Separate columns with semicolons and write decimals with a comma, as French Excel expects"
            )
        )
        self.semicolons.setChecked(ctx.language == "fr")
        bar.addWidget(self.semicolons)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setToolTip(self.tr("Save the table of salespeople as a CSV file"))
        self.export_button.setEnabled(False)
        set_primary(self.export_button)
        bar.addWidget(self.export_button)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.pdf_button.setToolTip(
            self.tr("The monthly report to hand out, with charts and a page per salesperson")
        )
        self.print_button = QPushButton(self.tr("Print…"))
        for button in (self.pdf_button, self.print_button):
            button.setEnabled(False)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.progress = QProgressBar()
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)

        self.error = named(QLabel(), "FormError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        # Full-width tables come out one pixel wider than the viewport; never worth a scroll bar.
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.document().setDefaultStyleSheet(REPORT_CSS)
        self.browser.document().setDocumentMargin(18)
        layout.addWidget(self.browser, 1)

        self._fill_months()
        self.month_combo.currentIndexChanged.connect(self.refresh)
        self.export_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(self.print_report)
        self.refresh()

    def _fill_months(self) -> None:
        """The last three years of months, last month first (the one the monthly meeting is about)."""
        today = self.today()
        current = Period.month(today.year, today.month)
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        month = current
        for _ in range(MONTHS_OFFERED):
            self.month_combo.addItem(period_text(month), month.start.year * 100 + month.start.month)
            month = month.previous()
        self.month_combo.setCurrentIndex(1)
        self.month_combo.blockSignals(False)

    def selected_period(self) -> Period:
        year, month = divmod(int(self.month_combo.currentData()), 100)
        return Period.month(year, month)

    def select_month(self, year: int, month: int) -> None:
        index = self.month_combo.findData(year * 100 + month)
        if index < 0:
            raise ValueError(f"{year}-{month:02} is not offered")
        if index == self.month_combo.currentIndex():
            self.refresh()
        else:
            self.month_combo.setCurrentIndex(index)

    @property
    def report(self) -> MonthlyReport | None:
        return self._report

    # Computing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.computing.show()
        for button in (self.export_button, self.pdf_button, self.print_button):
            button.setEnabled(False)
        report = QueryOp(self.ctx.service(KpiService).monthly_report, period=self.selected_period())
        report.success(self._ready).failure(self._failed).latest_for(self).read_only().run(self.ctx.executor)

    def _ready(self, report: MonthlyReport) -> None:
        self._report = report
        self.computing.hide()
        self.error.hide()
        self.export_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.print_button.setEnabled(True)
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(self.render_html(report))
        self.browser.verticalScrollBar().setValue(scroll)

    def _failed(self, exc: Exception) -> None:
        self.computing.hide()
        self._report = None
        self.browser.clear()
        self.error.setText(self.tr("The report could not be computed: %1").replace("%1", message_of(exc)))
        self.error.show()
        self.status_message.emit(self.error.text())

    # Rendering -----------------------------------------------------------------------------------
    # Every user-visible string below is a literal self.tr("...") call kept outside f-string
    # expressions: pyside6-lupdate does not look inside f-strings, so a string there never reaches the
    # .ts file and stays in English.
    def render_html(self, report: MonthlyReport) -> str:
        e = html.escape
        month = period_text(report.period)  # the columns' titles: standing alone
        previous = period_text(report.previous.period)
        last_year = period_text(report.last_year.period)
        title = self.tr("Monthly report: %1").replace("%1", period_text(report.period, capitalized=False))
        parts = [f"<p class='title'>{e(title)}</p>"]
        subtitle = self.tr("Computed on %1").replace(
            "%1", fmt.datetime(report.computed_at, self.ctx.timezone)
        )
        if report.dealership_name:
            subtitle = f"{report.dealership_name} · {subtitle}"
        parts.append(f'<p class="sub">{e(subtitle)}</p>')

        key_figures = self.tr("Key figures")
        figure_head = self.tr("Figure")
        change_head = self.tr("Change")
        right_now = self.tr("right now")
        parts.append(f"<p class='section'>{e(key_figures)}</p>")
        parts.append('<table class="figures" cellspacing="0" width="100%">')
        parts.append(
            "<tr>"
            f"<th align='left'>{e(figure_head)}</th>"
            f"<th class='num' align='right'>{e(month)}</th>"
            f"<th class='num' align='right'>{e(previous)}</th>"
            f"<th class='num' align='right'>{e(change_head)}</th>"
            f"<th class='num' align='right'>{e(last_year)}</th>"
            f"<th class='num' align='right'>{e(change_head)}</th>"
            "</tr>"
        )
        for figure in kpi_figures():
            value = figure.value(report.current)
            cells = [f"<td>{e(figure.title)}</td>", self._num(format_figure(figure.kind, value), bold=True)]
            for earlier in (report.previous, report.last_year):
                if figure.comparable:
                    before = figure.value(earlier)
                    moved = change(figure.kind, value, before, better_when_up=figure.better_when_up)
                    cells.append(self._num(format_figure(figure.kind, before)))
                    cells.append(self._num(moved.text, colour=moved.colour))
                else:
                    cells.append(f"<td class='num muted' align='right' colspan='2'>{e(right_now)}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")

        salespeople = self.tr("Salespeople")
        parts.append(f"<p class='section'>{e(salespeople)}</p>")
        if not report.salespeople:
            nobody = self.tr("No salesperson sold or had objectives this month.")
            parts.append(f"<p class='sub'>{e(nobody)}</p>")
        else:
            parts.append(self._salespeople_table(report.salespeople))
            objectives = self.tr("Objectives and achievement")
            parts.append(f"<p class='section'>{e(objectives)}</p>")
            for person in report.salespeople:
                parts.append(self._salesperson_section(report, person))
        note = self.tr(
            "New customers: contacts whose first purchase falls in the month. Claims resolved: by "
            "resolution date; satisfaction and goodwill: claims closed in the month. Overdue claims: "
            "open claims past their deadline when the report was computed. Sales without a "
            "salesperson count in the key figures but in no salesperson's row."
        )
        parts.append(f"<p class='note'>{e(note)}</p>")
        return "<html><body>" + "".join(parts) + "</body></html>"

    @staticmethod
    def _num(text: str, *, bold: bool = False, colour: str | None = None) -> str:
        # Styles go on a span: a style attribute on the cell would drop its class's border.
        style = ("font-weight:600;" if bold else "") + (f"color:{colour};" if colour else "")
        inner = f"<span style='{style}'>{html.escape(text)}</span>" if style else html.escape(text)
        return f"<td class='num' align='right'>{inner}</td>"

    def _name(self, person: SalespersonFigures) -> str:
        if person.active:
            return person.display_name
        return self.tr("%1 (left)").replace("%1", person.display_name)

    def _salespeople_table(self, rows: Sequence[SalespersonFigures]) -> str:
        e = html.escape
        heads = [
            self.tr("Sales"),
            self.tr("Revenue"),
            self.tr("Margin"),
            self.tr("Average margin"),
            self.tr("Test drives"),
            self.tr("Calls"),
        ]
        salesperson = self.tr("Salesperson")
        out = [
            '<table class="figures" cellspacing="0" width="100%"><tr>',
            f"<th align='left'>{e(salesperson)}</th>",
        ]
        out += [f"<th class='num' align='right'>{e(h)}</th>" for h in heads]
        out.append("</tr>")
        for r in rows:
            out.append(
                f"<tr><td class='name'>{e(self._name(r))}</td>"
                + self._num(fmt.number(r.sales))
                + self._num(fmt.money(r.revenue))
                + self._num(fmt.money(r.margin))
                + self._num(fmt.money(r.margin / r.sales) if r.sales else "—")
                + self._num(fmt.number(r.test_drives))
                + self._num(fmt.number(r.calls))
                + "</tr>"
            )
        total_sales = sum(r.sales for r in rows)
        total_margin = sum((r.margin for r in rows), Decimal(0))
        total = self.tr("Total of salespeople")
        out.append(
            f"<tr class='total'><td>{e(total)}</td>"
            + self._num(fmt.number(total_sales))
            + self._num(fmt.money(sum((r.revenue for r in rows), Decimal(0))))
            + self._num(fmt.money(total_margin))
            + self._num(fmt.money(total_margin / total_sales) if total_sales else "—")
            + self._num(fmt.number(sum(r.test_drives for r in rows)))
            + self._num(fmt.number(sum(r.calls for r in rows)))
            + "</tr></table>"
        )
        return "".join(out)

    def _salesperson_section(self, report: MonthlyReport, person: SalespersonFigures) -> str:
        """One salesperson's objectives and how far they got (the PDF's page per salesperson)."""
        e = html.escape
        heads = [self.tr("Target"), self.tr("Actual"), self.tr("Achievement")]
        objective = self.tr("Objective")
        no_objective = self.tr("no objective")
        out = [
            f"<p class='person'>{e(self._name(person))}</p>",
            '<table class="figures" cellspacing="0" width="100%"><tr>',
            f"<th align='left'>{e(objective)}</th>",
        ]
        out += [f"<th class='num' align='right'>{e(h)}</th>" for h in heads]
        out.append("</tr>")
        for progress in person.objectives:
            show: Callable[[Decimal], str] = (
                fmt.money if progress.metric is ObjectiveMetric.MARGIN else fmt.number
            )
            out.append(f"<tr><td>{e(label(progress.metric))}</td>")
            if progress.target is None:
                out.append(f"<td class='num muted' align='right'>{e(no_objective)}</td>")
                out.append(self._num(show(progress.actual)))
                out.append("<td class='num muted' align='right'>—</td>")
            else:
                achieved = progress.achievement
                done = achieved is not None and achieved >= 1
                pct = fmt.percent(achieved, decimals=0) if achieved is not None else "—"
                out.append(self._num(show(progress.target)))
                out.append(self._num(show(progress.actual)))
                out.append(self._num(pct, bold=True, colour=GOOD if done else None))
            out.append("</tr>")
        out.append("</table>")
        activity = next((a for a in report.figures.activity if a.user_id == person.user_id), None)
        if activity is not None:
            line = (
                self.tr("Appointments: %1 · New leads: %2")
                .replace("%1", fmt.number(activity.appointments))
                .replace("%2", fmt.number(activity.leads))
            )
            out.append(f"<p class='sub'>{e(line)}</p>")
        return "".join(out)

    # Export --------------------------------------------------------------------------------------
    def csv_table(self, report: MonthlyReport) -> tuple[list[str], list[list[str | Decimal | int | None]]]:
        """The per-salesperson table as CSV header and rows (plain numbers, no currency sign)."""
        header = [
            self.tr("Salesperson"),
            self.tr("Sales"),
            self.tr("Revenue (€)"),
            self.tr("Margin (€)"),
            self.tr("Test drives"),
            self.tr("Calls"),
        ]
        for metric in ObjectiveMetric:
            name = label(metric)
            header += [
                self.tr("%1 objective").replace("%1", name),
                self.tr("%1 achievement (%)").replace("%1", name),
            ]
        rows: list[list[str | Decimal | int | None]] = []
        for r in report.salespeople:
            row: list[str | Decimal | int | None] = [
                r.display_name,
                r.sales,
                r.revenue,
                r.margin,
                r.test_drives,
                r.calls,
            ]
            for metric in ObjectiveMetric:
                progress = r.objective(metric)
                row += [_target(progress), _pct(progress)]
            rows.append(row)
        return header, rows

    def _ask_file(
        self, title: str, name: str, kinds: str, *, given: str | None = None
    ) -> tuple[MonthlyReport, str] | None:
        """The shown report and where to save a file of it: `given`, else the user's choice, `name` ("%1":
        the month) suggested; None when no report is shown or the user cancels."""
        report = self._report
        if report is None:
            return None
        start = report.period.start
        suggested = name.replace("%1", f"{start.year}-{start.month:02}")
        path = file_dialogs.save_path(self, title, suggested, kinds, given=given)
        return None if path is None else (report, path)

    def export_csv(self) -> None:
        asked = self._ask_file(
            self.tr("Export the salespeople table"),
            self.tr("salespeople-%1.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if asked is None:
            return
        report, path = asked
        header, rows = self.csv_table(report)
        try:
            write_csv(Path(path), header, rows, separator=";" if self.semicolons.isChecked() else ",")
        except OSError as exc:
            self.show_error(self.tr("The file could not be written: %1").replace("%1", str(exc)))
            return
        self.status_message.emit(
            self.tr("Exported %n salesperson(s) to %1", "", len(rows)).replace("%1", path)
        )

    # PDF and printing ------------------------------------------------------------------------------
    def save_pdf(self, path: str | None = None) -> None:
        """Ask where to save, then build the PDF on the executor with a progress bar."""
        asked = self._ask_file(
            self.tr("Save the monthly report"),
            self.tr("monthly-report-%1.pdf"),
            self.tr("PDF files (*.pdf)"),
            given=path,
        )
        if asked is None:
            return
        report, path = asked
        self.progress.setRange(0, 0)
        self.progress.show()
        QueryOp(
            write_monthly_pdf,
            report,
            path=Path(path),
            language=self.ctx.language,
            timezone=self.ctx.timezone.key,
        ).progress(self._pdf_progress).success(self._pdf_saved).failure(self._pdf_failed).disabling(
            self.pdf_button
        ).run(self.ctx.executor)

    def _pdf_progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _pdf_saved(self, path: Path) -> None:
        self.progress.hide()
        self.pdf_saved.emit(str(path))
        self.status_message.emit(self.tr("Monthly report saved to %1").replace("%1", str(path)))

    def _pdf_failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.show_error(self.tr("The PDF could not be written: %1").replace("%1", message_of(exc)))

    def print_report(self) -> None:
        """Print the report through the system print dialog (the on-screen document, same figures)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self._report is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.tr("Monthly report"))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: object) -> None:
        self.browser.document().print_(printer)  # type: ignore[arg-type]
