"""The campaign report for the manager (PDF, reportlab platypus) and the results chart (a matplotlib
Figure built without pyplot, shared by the results view and the PDF). Both libraries are imported where
first used, so the application does not pay for them at start-up."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from dealercrm.services.campaigns.results import CampaignResults, CampaignResultsService
from dealercrm.services.permissions import Actor, require
from dealercrm.services.settings import read_setting

if TYPE_CHECKING:
    from matplotlib.figure import Figure

RULE_NAMES = {
    "erased": "Erased (GDPR)",
    "no_channel": "No address / number",
    "suppression_list": "Suppression list",
    "no_consent": "No consent",
    "bloctel": "Bloctel",
    "recent_refusal": "Refused < 60 days",
    "max_attempts": "4 attempts in 30 days",
}
OUTCOME_NAMES = {
    "interested": "Interested",
    "appointment": "Appointment",
    "callback": "Call back",
    "not_interested": "Not interested",
    "wrong_number": "Wrong number",
    "no_answer": "No answer",
    "voicemail": "Voicemail",
    "do_not_call": "Do not call",
    "sent": "Sent",
    "delivered": "Delivered",
    "failed": "Failed",
}


def _money(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}".replace(",", "\u202f")
    return f"{text} €"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f} %"


def _roi(value: Decimal | None) -> str:
    return "—" if value is None else f"{float(value):.2f}"


def results_figure(rows: Sequence[CampaignResults], *, size: tuple[float, float] = (7.0, 3.0)) -> Figure:
    """Reached, appointments and sales per campaign (bars), with ROI on a second axis (points)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=100, layout="constrained")
    ax = figure.add_subplot()
    shown = list(rows)[:8]
    if not shown:
        ax.text(0.5, 0.5, "No campaign yet", ha="center", va="center", color="#6b7280")
        ax.set_axis_off()
        return figure
    names = [r.name if len(r.name) <= 18 else r.name[:17] + "…" for r in shown]
    x = list(range(len(shown)))
    width = 0.26
    series = (
        ("Reached", [r.reached for r in shown], "#2563eb"),
        ("Appointments", [r.appointments for r in shown], "#16a34a"),
        ("Sales", [r.sales for r in shown], "#f59e0b"),
    )
    for n, (title, values, colour) in enumerate(series):
        ax.bar([i + (n - 1) * width for i in x], values, width, label=title, color=colour)
    ax.set_xticks(x, names, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("Contacts")
    ax.spines[["top", "right"]].set_visible(False)
    roi_axis = ax.twinx()
    rois = [float(r.roi) if r.roi is not None else float("nan") for r in shown]
    roi_axis.plot(x, rois, "o", color="#7c3aed", label="ROI")
    roi_axis.set_ylabel("ROI")
    roi_axis.axhline(0, color="#d1d5db", linewidth=0.8)
    roi_axis.spines[["top"]].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = roi_axis.get_legend_handles_labels()
    ax.legend(
        handles + more_handles, labels + more_labels, fontsize=8, loc="upper left", frameon=False, ncols=4
    )
    ax.set_title("Campaign results", fontsize=10, loc="left")
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def statistics_rows(r: CampaignResults) -> list[tuple[str, str]]:
    return [
        ("Targeted", f"{r.targeted}"),
        ("Excluded by the compliance check", f"{r.excluded}"),
        ("Reached", f"{r.reached} ({_pct(r.reach_rate)})"),
        ("Sent / delivered / failed", f"{r.sent} / {r.delivered} / {r.failed}"),
        ("Responded", f"{r.responded} ({_pct(r.response_rate)} of those reached)"),
        ("Appointments", f"{r.appointments}"),
        ("Opportunities attributed", f"{r.opportunities}"),
        (f"Sales attributed ({r.attribution_days} days, last touch)", f"{r.sales}"),
        ("Revenue attributed", _money(r.revenue)),
        ("Margin attributed", _money(r.margin)),
        ("Cost", _money(r.cost)),
        ("Cost per reach", _money(r.cost_per_reach)),
        ("Cost per sale", _money(r.cost_per_sale)),
        ("ROI ((margin - cost) / cost)", _roi(r.roi)),
    ]


def build_pdf(
    results: CampaignResults,
    others: Sequence[CampaignResults],
    path: Path,
    *,
    dealership: str = "",
    generated_on: dt.date | None = None,
) -> Path:
    """Write the report of one campaign (statistics, exclusions per rule, chart, outcomes per caller,
    comparison with the other campaigns) to `path`."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d1d5db")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )

    def table(rows: list[list[str]], widths: list[float]) -> Any:
        t = Table(rows, colWidths=widths, repeatRows=1)
        t.setStyle(grid)
        return t

    story: list[Any] = [
        Paragraph(f"Campaign report — {results.name}", styles["Title"]),
        Paragraph(
            f"{dealership} · {results.kind.value} campaign from {results.starts_on:%d/%m/%Y} · "
            f"generated on {(generated_on or dt.date.today()):%d/%m/%Y}",
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph("Statistics", styles["Heading2"]),
        table([["Figure", "Value"], *[[a, b] for a, b in statistics_rows(results)]], [9 * cm, 7 * cm]),
    ]
    if results.excluded_by_rule:
        story += [
            Paragraph("Excluded by rule", styles["Heading2"]),
            table(
                [
                    ["Rule", "Contacts"],
                    *[[RULE_NAMES.get(k, k), str(v)] for k, v in sorted(results.excluded_by_rule.items())],
                ],
                [9 * cm, 7 * cm],
            ),
        ]
    comparison = [results, *[o for o in others if o.campaign_id != results.campaign_id]]
    story += [
        Paragraph("Compared with the other campaigns", styles["Heading2"]),
        Image(io.BytesIO(_png(results_figure(comparison))), width=17 * cm, height=7.3 * cm),
    ]
    if results.outcomes_by_caller:
        outcomes = sorted({o for per in results.outcomes_by_caller.values() for o in per})
        header = ["Caller", *[OUTCOME_NAMES.get(o, o) for o in outcomes], "Total"]
        rows = [
            [name, *[str(per.get(o, 0)) for o in outcomes], str(sum(per.values()))]
            for name, per in sorted(results.outcomes_by_caller.items())
        ]
        width = 17.0 / len(header)
        story += [
            Paragraph("Outcomes per caller", styles["Heading2"]),
            table([header, *rows], [width * cm] * len(header)),
        ]
    story += [
        Paragraph("Campaigns side by side", styles["Heading2"]),
        table(
            [
                ["Campaign", "Targeted", "Reached", "Appts", "Sales", "Margin", "Cost", "ROI"],
                *[
                    [
                        c.name[:28],
                        str(c.targeted),
                        str(c.reached),
                        str(c.appointments),
                        str(c.sales),
                        _money(c.margin),
                        _money(c.cost),
                        _roi(c.roi),
                    ]
                    for c in comparison[:15]
                ],
            ],
            [5 * cm, 1.6 * cm, 1.6 * cm, 1.4 * cm, 1.4 * cm, 2.2 * cm, 2 * cm, 1.6 * cm],
        ),
        Spacer(1, 0.3 * cm),
        Paragraph(
            "A sale is attributed to the campaign whose reach of the customer is the latest one before it, "
            f"within {results.attribution_days} days.",
            styles["Italic"],
        ),
    ]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
    )
    doc.title = f"Campaign report — {results.name}"
    doc.build(story)
    return path


class CampaignReportService:
    """Writes a campaign's PDF report (run it off the GUI thread)."""

    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor

    def write_pdf(self, *, campaign_id: int, path: Path) -> Path:
        """The report of `campaign_id`, compared with the other campaigns, written to `path`."""
        require(self._actor, "campaigns.read")
        results = CampaignResultsService(self._session_factory, actor=self._actor)
        all_rows = results.compare()
        mine = next((r for r in all_rows if r.campaign_id == campaign_id), None) or results.results(
            campaign_id=campaign_id
        )
        with self._session_factory() as session:
            dealership = str(read_setting(session, "dealership.name"))
        return build_pdf(mine, all_rows, path, dealership=dealership)
