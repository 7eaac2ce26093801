"""The campaign report for the manager (PDF, built with services/pdf.py) and the results chart (a
matplotlib Figure built without pyplot, shared by the results view and the PDF). The report speaks the
dealership's language (`dealership.language`). Both libraries are imported where first used, so the
application does not pay for them at start-up."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dealercrm import i18n
from dealercrm.i18n import N_
from dealercrm.services.base import Service
from dealercrm.services.campaigns.results import CampaignResults, CampaignResultsService
from dealercrm.services.pdf import Words, build, date, money, number, para, percent, png_image, table
from dealercrm.services.permissions import require
from dealercrm.services.settings import dealership_language, dealership_today, read_setting

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WORDS: dict[str, str] = {
    "title": N_("Campaign report — {name}"),
    "subtitle": N_("{kind} campaign from {start}"),
    "kind.phoning": N_("Phoning"),
    "kind.email": N_("E-mail"),
    "kind.sms": N_("SMS"),
    "statistics": N_("Statistics"),
    "figure": N_("Figure"),
    "value": N_("Value"),
    "targeted": N_("Targeted"),
    "excluded": N_("Excluded by the compliance check"),
    "reached": N_("Reached"),
    "sent": N_("Sent / delivered / failed"),
    "responded": N_("Responded"),
    "responded_value": N_("{n} ({rate} of those reached)"),
    "appointments": N_("Appointments"),
    "opportunities": N_("Opportunities attributed"),
    "sales_attributed": N_("Sales attributed ({n} days, last touch)"),
    "revenue": N_("Revenue attributed"),
    "margin_attributed": N_("Margin attributed"),
    "cost": N_("Cost"),
    "cost_per_reach": N_("Cost per reach"),
    "cost_per_sale": N_("Cost per sale"),
    "roi_long": N_("ROI ((margin - cost) / cost)"),
    "by_rule": N_("Excluded by rule"),
    "rule": N_("Rule"),
    "contacts": N_("Contacts"),
    "compared": N_("Compared with the other campaigns"),
    "per_caller": N_("Outcomes per caller"),
    "caller": N_("Caller"),
    "total": N_("Total"),
    "side_by_side": N_("Campaigns side by side"),
    "campaign": N_("Campaign"),
    "appts": N_("Appts"),
    "sales": N_("Sales"),
    "margin": N_("Margin"),
    "roi": N_("ROI"),
    "attribution": N_(
        "A sale is attributed to the campaign whose reach of the customer is the latest one"
        " before it, within {n} days."
    ),
    "chart.title": N_("Campaign results"),
    "chart.empty": N_("No campaign yet"),
    "chart.contacts": N_("Contacts"),
    "rule.erased": N_("Erased (GDPR)"),
    "rule.no_channel": N_("No address / number"),
    "rule.suppression_list": N_("Suppression list"),
    "rule.no_consent": N_("No consent"),
    "rule.bloctel": N_("Bloctel"),
    "rule.recent_refusal": N_("Refused < 60 days"),
    "rule.max_attempts": N_("4 attempts in 30 days"),
    "outcome.interested": N_("Interested"),
    "outcome.appointment": N_("Appointment"),
    "outcome.callback": N_("Call back"),
    "outcome.not_interested": N_("Not interested"),
    "outcome.wrong_number": N_("Wrong number"),
    "outcome.no_answer": N_("No answer"),
    "outcome.voicemail": N_("Voicemail"),
    "outcome.do_not_call": N_("Do not call"),
    "outcome.sent": N_("Sent"),
    "outcome.delivered": N_("Delivered"),
    "outcome.failed": N_("Failed"),
}


def _roi(value: Decimal | None, lang: str) -> str:
    """ROI as a percentage ("679 %"), as the monthly report writes it."""
    return "—" if value is None else percent(float(value), lang, decimals=0)


def results_figure(
    rows: Sequence[CampaignResults], *, size: tuple[float, float] = (7.0, 3.0), language: str | None = None
) -> Figure:
    """Reached, appointments and sales per campaign (bars), with ROI on a second axis (points), in
    `language`."""
    from dealercrm.services.charts import import_matplotlib

    import_matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    words = Words(WORDS, language or i18n.current_language())
    figure = Figure(figsize=size, dpi=100, layout="constrained")
    ax = figure.add_subplot()
    shown = list(rows)[:8]
    if not shown:
        ax.text(0.5, 0.5, words("chart.empty"), ha="center", va="center", color="#6b7280")
        ax.set_axis_off()
        return figure
    names = [r.name if len(r.name) <= 18 else r.name[:17] + "…" for r in shown]
    x = list(range(len(shown)))
    width = 0.26
    series = (
        (words("reached"), [r.reached for r in shown], "#2563eb"),
        (words("appointments"), [r.appointments for r in shown], "#16a34a"),
        (words("sales"), [r.sales for r in shown], "#f59e0b"),
    )
    for n, (title, values, colour) in enumerate(series):
        ax.bar([i + (n - 1) * width for i in x], values, width, label=title, color=colour)
    ax.set_xticks(x, names, rotation=20, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_ylabel(words("chart.contacts"))
    ax.spines[["top", "right"]].set_visible(False)
    roi_axis = ax.twinx()
    rois = [float(r.roi) * 100 if r.roi is not None else float("nan") for r in shown]
    roi_axis.plot(x, rois, "o", color="#7c3aed", label=words("roi"))
    roi_axis.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: percent(v / 100, words.lang, decimals=0))
    )
    roi_axis.set_ylabel(words("roi"))
    roi_axis.axhline(0, color="#d1d5db", linewidth=0.8)
    roi_axis.spines[["top"]].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = roi_axis.get_legend_handles_labels()
    figure.legend(
        handles + more_handles,
        labels + more_labels,
        fontsize=8,
        loc="outside upper right",
        frameon=False,
        ncols=4,
    )
    ax.set_title(words("chart.title"), fontsize=10, loc="left")
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=170)
    return buffer.getvalue()


def statistics_rows(r: CampaignResults, language: str | None = None) -> list[tuple[str, str]]:
    """The statistics table of the report: (figure, value) in `language` (default: the user's)."""
    w = Words(WORDS, language or i18n.current_language())
    lang = w.lang

    def count(n: int) -> str:
        return number(n, lang)

    def euros(value: Decimal | None, decimals: int = 0) -> str:
        return "—" if value is None else money(value, lang, decimals=decimals)

    def rate(value: Decimal | None) -> str:
        return "—" if value is None else percent(float(value), lang)

    return [
        (w("targeted"), count(r.targeted)),
        (w("excluded"), count(r.excluded)),
        (w("reached"), f"{count(r.reached)} ({rate(r.reach_rate)})"),
        (w("sent"), f"{count(r.sent)} / {count(r.delivered)} / {count(r.failed)}"),
        (w("responded"), w("responded_value", n=count(r.responded), rate=rate(r.response_rate))),
        (w("appointments"), count(r.appointments)),
        (w("opportunities"), count(r.opportunities)),
        (w("sales_attributed", n=r.attribution_days), count(r.sales)),
        (w("revenue"), euros(r.revenue)),
        (w("margin_attributed"), euros(r.margin)),
        (w("cost"), euros(r.cost)),
        (w("cost_per_reach"), euros(r.cost_per_reach, 2)),  # cents, as the results view shows it
        (w("cost_per_sale"), euros(r.cost_per_sale)),
        (w("roi_long"), _roi(r.roi, lang)),
    ]


def build_pdf(
    results: CampaignResults,
    others: Sequence[CampaignResults],
    path: Path,
    *,
    dealership: str = "",
    generated_on: dt.date,
    language: str = "fr",
) -> Path:
    """Write the report of one campaign (statistics, exclusions per rule, chart, outcomes per caller,
    comparison with the other campaigns) to `path`, in `language`."""
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

    w = Words(WORDS, language)
    lang = w.lang
    title = w("title", name=results.name)
    subtitle = w("subtitle", kind=w(f"kind.{results.kind.value}"), start=date(results.starts_on, lang))
    story: list[Any] = [
        para(title, "title"),
        para(" · ".join(p for p in (dealership, subtitle) if p), "muted"),
        Spacer(1, 0.4 * cm),
        para(w("statistics"), "h2"),
        table(
            [w("figure"), w("value")],
            [list(row) for row in statistics_rows(results, lang)],
            [9.5 * cm, 7.5 * cm],
            bold_first=False,
        ),
    ]
    if results.excluded_by_rule:
        rule_rows = [
            [w.get(f"rule.{k}", k), number(v, lang)] for k, v in sorted(results.excluded_by_rule.items())
        ]
        story.append(
            KeepTogether(
                [
                    para(w("by_rule"), "h2"),
                    table([w("rule"), w("contacts")], rule_rows, [9.5 * cm, 7.5 * cm], bold_first=False),
                ]
            )
        )
    comparison = [results, *[o for o in others if o.campaign_id != results.campaign_id]]
    story += [
        CondPageBreak(9 * cm),
        para(w("compared"), "h2"),
        png_image(_png(results_figure(comparison, language=lang)), 17 * cm, 7.3 * cm),
    ]
    if results.outcomes_by_caller:
        outcomes = sorted({o for per in results.outcomes_by_caller.values() for o in per})
        header = [w("caller"), *[w.get(f"outcome.{o}", o) for o in outcomes], w("total")]
        rows = [
            [name, *[number(per.get(o, 0), lang) for o in outcomes], number(sum(per.values()), lang)]
            for name, per in sorted(results.outcomes_by_caller.items())
        ]
        # The caller's name gets the room it needs; the counts share the rest (their headers wrap).
        first = 4.0 if len(outcomes) > 5 else 5.0
        rest = (17.0 - first) / (len(header) - 1)
        story += [
            CondPageBreak(4 * cm),
            para(w("per_caller"), "h2"),
            table(header, rows, [first * cm] + [rest * cm] * (len(header) - 1), bold_first=False),
        ]
    side_rows = [
        [
            c.name,
            number(c.targeted, lang),
            number(c.reached, lang),
            number(c.appointments, lang),
            number(c.sales, lang),
            money(c.margin, lang, decimals=0),
            money(c.cost, lang, decimals=0),
            _roi(c.roi, lang),
        ]
        for c in comparison[:15]
    ]
    header = [w(k) for k in ("campaign", "targeted", "reached", "appts", "sales", "margin", "cost", "roi")]
    story += [
        CondPageBreak(5 * cm),
        para(w("side_by_side"), "h2"),
        table(
            header,
            side_rows,
            [4.3 * cm, 1.5 * cm, 1.5 * cm, 1.4 * cm, 1.7 * cm, 2.4 * cm, 2.2 * cm, 2.0 * cm],
            bold_first=False,
        ),
        Spacer(1, 0.3 * cm),
        para(w("attribution", n=results.attribution_days), "muted"),
    ]
    build(
        story,
        title=title,
        author=dealership or "dealercrm",
        language=lang,
        footer_left=" · ".join(p for p in (dealership, title) if p),
        generated=date(generated_on, lang),
        output=path,
    )
    return path


class CampaignReportService(Service):
    """Writes a campaign's PDF report (run it off the GUI thread)."""

    def write_pdf(self, *, campaign_id: int, path: Path, now: dt.datetime | None = None) -> Path:
        """The report of `campaign_id`, compared with the other campaigns, written to `path` in the
        dealership's language, dated `now`'s day in the dealership's time zone."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            dealership = str(read_setting(session, "dealership.name"))
            language = dealership_language(session)
            today = dealership_today(session, now=now)
        results = CampaignResultsService(self._session_factory, actor=self._actor)
        with i18n.use(language):  # the words the results carry ("Not assigned") in the report's language
            all_rows = results.compare()
        mine = next((r for r in all_rows if r.campaign_id == campaign_id), None)
        if mine is None:
            results.results(campaign_id=campaign_id)  # NotFound, said in the user's language
            with i18n.use(language):
                mine = results.results(campaign_id=campaign_id)
        with i18n.use(language):
            return build_pdf(
                mine, all_rows, path, dealership=dealership, language=language, generated_on=today
            )
