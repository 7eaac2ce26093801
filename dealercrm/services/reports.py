"""The monthly report as a PDF (reportlab platypus), in French or English, built from the same
KpiService figures and services/charts.py figures as the dashboard.

Many small tables rather than one giant one; charts embedded as PNG; "page X / Y" and the generation
date in every footer; a summary page first, then one section per area and one page per salesperson.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from dealercrm import i18n
from dealercrm.i18n import N_, NC_, _
from dealercrm.models.enums import ObjectiveMetric
from dealercrm.services import pdf
from dealercrm.services.kpi import (
    Headline,
    KpiFigures,
    MonthlyReport,
    ObjectiveProgress,
    SalespersonFigures,
    SalespersonMonth,
)
from dealercrm.services.kpi.texts import date, hours, label, lang_of, money, month_name, number, percent
from dealercrm.services.pdf import ACCENT, BAD, GOOD, LINE, TEXT
from dealercrm.services.progress import Progress

WORDS: dict[str, str | tuple[str, str]] = {
    "title": N_("Monthly report"),
    "generated": N_("Generated on {date}"),
    "page": N_("Page {page} / {pages}"),
    "summary": N_("Key figures"),
    "figure": N_("Figure"),
    "change": N_("Change"),
    "vs_prev": N_("vs {period}"),
    "sales": N_("Sales"),
    "vehicles_sold": N_("Vehicles sold"),
    "new_used": N_("New / used"),
    "revenue": N_("Revenue"),
    "margin": N_("Margin"),
    "average_margin": N_("Average margin per sale"),
    "new_customers": N_("New customers"),
    "cac": N_("Acquisition cost (CAC)"),
    "conversion": N_("Conversion of prospects"),
    "churn": N_("Churn (month)"),
    "test_drives": N_("Test drives"),
    "calls": N_("Calls"),
    "claims_opened": N_("Claims opened"),
    "claims_resolved": N_("Claims resolved"),
    "satisfaction": N_("Customer satisfaction"),
    "goodwill": N_("Goodwill cost"),
    "top_models": N_("Best-selling models"),
    "make_model": N_("Make and model"),
    "acquisition": N_("Acquisition and conversion by channel"),
    "channel": N_("Channel"),
    "spend": N_("Spend"),
    "prospects": N_("Prospects"),
    "converted": N_("Converted"),
    "funnel": N_("Funnel"),
    "step": N_("Step"),
    "count": N_("Opportunities"),
    "rate": N_("From previous step"),
    "churn_loyalty": N_("Churn and loyalty"),
    "active_start": N_("Active customers at the start"),
    "churned": N_("Customers lost in the month"),
    "churn_month": N_("Churn of the month"),
    "churn_year": N_("Churn over 12 months"),
    "repeat": N_("Repeat-purchase rate"),
    "retention": N_("Service retention"),
    "clv_hist": N_("Customer lifetime value (historical)"),
    "clv_pred": N_("Customer lifetime value (predictive)"),
    "lifetime": N_("Expected lifetime"),
    "years": N_("{n} years"),
    "window": N_("Active: a sale or service visit in the previous {n} months."),
    "campaigns": N_("Campaigns"),
    "campaign": N_("Campaign"),
    "dates": N_("Dates"),
    "cost": N_("Cost"),
    "reached": N_("Reached"),
    "roi": N_("ROI"),
    "cost_per_sale": N_("Cost per sale"),
    "attribution": N_("A sale is attributed to the last campaign that reached the customer within {n} days."),
    "no_campaign": N_("No campaign ran this month."),
    "aftersales": N_("After-sales"),
    "in_time": N_("Resolved within deadline"),
    "resolution": N_("Mean time to resolution"),
    "overdue": N_("Overdue claims (now)"),
    "visits": N_("Service visits"),
    "service_revenue": N_("Service revenue"),
    "service_margin": N_("Service margin"),
    "category": N_("Category"),
    "opened": N_("Opened"),
    "resolved": N_("Resolved"),
    "mean_time": N_("Mean time"),
    "activity": N_("Activity"),
    "salesperson": N_("Salesperson"),
    "appointments": N_("Appointments"),
    "leads": N_("New leads"),
    "response": N_("Lead response time"),
    "dealership": N_("Dealership"),
    "objectives": N_("Objectives"),
    "objective": N_("Objective"),
    "actual": N_("Actual"),
    "achievement": N_("Achievement"),
    "no_objective": N_("no objective"),
    "left": N_("{name} (left)"),
    "value": N_("Value"),
    "dealership_objectives": N_("Dealership objectives"),
    "na_note": N_("n/a: cannot be computed (no new customer, no prospect, nothing to compare with)."),
    "period": N_("{first} to {last}"),
    "pipeline": N_("Open opportunities"),
    "stage": N_("Stage"),
    "amount": N_("Expected amount"),
    "total": N_("Total"),
    "pipeline_note": N_("As of the report's generation date."),
    "funnel_month": N_("Deals closed in the month"),
    "best_deals": N_("Best deals of the month"),
    "no_sale": N_("No sale this month."),
    "date": N_("Date"),
    "customer": N_("Customer"),
    "vehicle": N_("Vehicle"),
    "price": N_("Price"),
    "stage.new_lead": N_("New lead"),
    "stage.contacted": NC_("stage", "Contacted"),
    "stage.qualified": N_("Qualified"),
    "stage.test_drive": N_("Test drive"),
    "stage.offer": N_("Offer"),
    "stage.negotiation": N_("Negotiation"),
}

Number = Decimal | int | float


def change_text(
    current: Number | None, previous: Number | None, language: str, *, points: bool = False
) -> str:
    """ "▲ +12,5 %" / "▼ -3" / "=": relative change, or the difference when the earlier figure is 0 or
    the figure is itself a ratio (`points`)."""
    if current is None or previous is None:
        return "—"
    diff = Decimal(str(current)) - Decimal(str(previous))
    if diff == 0:
        return "="
    arrow = "▲ +" if diff > 0 else "▼ -"
    if points:
        # TRANSLATORS: a change in percentage points ("+2.5 pts")
        text = (
            i18n.translations(language)
            .gettext("{value} pts")
            .format(value=number(abs(diff) * 100, language, decimals=1))
        )
    elif previous:
        text = percent(float(abs(diff) / abs(Decimal(str(previous)))), language)
    else:
        text = number(abs(diff), language, decimals=0 if diff == diff.to_integral_value() else 2)
    return arrow + text


class _Builder:
    def __init__(self, report: MonthlyReport, language: str, tz: ZoneInfo) -> None:
        self.report = report
        self.lang = lang_of(language)
        self.words = pdf.Words(WORDS, self.lang)
        self.tz = tz
        self.styles = pdf.styles()

    # Small helpers -----------------------------------------------------------------------------------
    def w(self, key: str, **values: Any) -> str:
        return self.words(key, **values)

    def money(self, value: Decimal | None) -> str:
        """Every amount of the report in whole euros, as the reports page shows them."""
        return money(value, self.lang, decimals=0)

    def para(self, text: str, style: str = "body") -> Any:
        from xml.sax.saxutils import escape

        from reportlab.platypus import Paragraph

        return Paragraph(escape(text), self.styles[style])

    def section(self, key: str, *, room_cm: float) -> list[Any]:
        """A section's start: its heading, on a new page unless `room_cm` are left on this one."""
        from reportlab.lib.units import cm
        from reportlab.platypus import CondPageBreak

        return [CondPageBreak(room_cm * cm), self.para(self.w(key), "h2")]

    def chart(self, name: str, width_cm: float, height_cm: float, figures: KpiFigures | None = None) -> Any:
        from reportlab.lib.units import cm

        from dealercrm.services.charts import CHARTS, png

        figure = CHARTS[name](
            figures or self.report.figures, self.lang, size=(width_cm / 2.54, height_cm / 2.54)
        )
        return pdf.png_image(png(figure, dpi=170), width_cm * cm, height_cm * cm)

    def side_by_side(self, left: Any, right: Any, widths: tuple[float, float]) -> Any:
        return pdf.side_by_side(left, right, widths)

    def period_text(self, headline: Headline) -> str:
        period = headline.period
        if period.months == 1:
            return month_name(period.start, self.lang)
        return self.w("period", first=date(period.start, self.lang), last=date(period.last_day, self.lang))

    # Sections ----------------------------------------------------------------------------------------
    def cover(self) -> list[Any]:
        from reportlab.lib.units import cm
        from reportlab.platypus import Image, Spacer

        r = self.report
        story: list[Any] = []
        if r.logo_png:
            try:
                from reportlab.lib.utils import ImageReader

                reader = ImageReader(io.BytesIO(r.logo_png))
                w, h = reader.getSize()
                height = 1.8 * cm
                story.append(
                    Image(io.BytesIO(r.logo_png), width=height * w / h, height=height, hAlign="LEFT")
                )
                story.append(Spacer(1, 0.3 * cm))
            except Exception:  # noqa: BLE001 - a broken logo must not stop the report
                pass
        if r.dealership_name:
            story.append(self.para(r.dealership_name, "sub"))
        title = f"{self.w('title')} · {month_name(r.period.start, self.lang)}"
        story.append(self.para(title[:1].upper() + title[1:], "h1"))
        first, last = date(r.period.start, self.lang), date(r.period.last_day, self.lang)
        generated = self.w("generated", date=date(r.computed_at.astimezone(self.tz).date(), self.lang))
        story.append(self.para(f"{self.w('period', first=first, last=last)} · {generated}", "muted"))
        story.append(Spacer(1, 0.5 * cm))
        return story

    def summary(self) -> list[Any]:
        from reportlab.lib.units import cm
        from reportlab.platypus import PageBreak, Spacer

        r, f = self.report, self.report.figures
        now, prev, year = f.headline, r.previous_headline, r.last_year_headline
        rows: list[list[str]] = []
        colours: dict[tuple[int, int], str] = {}

        def line(
            key: str,
            get: Callable[[Headline], Number | None],
            show: Callable[[Number | None], str],
            *,
            up_is_good: bool = True,
            points: bool = False,
        ) -> None:
            value = get(now)
            row = [self.w(key), show(value)]
            for earlier in (prev, year):
                before = get(earlier)
                moved = change_text(value, before, self.lang, points=points)
                row += [show(before), moved]
                if moved.startswith(("▲", "▼")):
                    good = moved.startswith("▲") == up_is_good
                    colours[(len(row) - 1, len(rows) + 1)] = GOOD if good else BAD
            rows.append(row)

        def count(v: Number | None) -> str:
            return number(v, self.lang)

        def euros(v: Number | None) -> str:
            return self.money(Decimal(str(v)) if v is not None else None)

        def pct(v: Number | None) -> str:
            return percent(float(v) if v is not None else None, self.lang)

        line("vehicles_sold", lambda h: h.summary.vehicles_sold, count)
        line("revenue", lambda h: h.summary.revenue, euros)
        line("margin", lambda h: h.summary.margin, euros)
        line("average_margin", lambda h: h.summary.average_margin, euros)
        line("new_customers", lambda h: h.summary.new_customers, count)
        line("cac", lambda h: h.cac, euros, up_is_good=False)
        line("conversion", lambda h: h.conversion, pct, points=True)
        line("churn", lambda h: h.churn, pct, up_is_good=False, points=True)
        line("test_drives", lambda h: h.summary.test_drives, count)
        line("calls", lambda h: h.summary.calls, count)
        line("claims_opened", lambda h: h.summary.claims_opened, count, up_is_good=False)
        line("claims_resolved", lambda h: h.summary.claims_resolved, count)
        line(
            "satisfaction",
            lambda h: h.summary.satisfaction,
            lambda v: "—" if v is None else f"{number(v, self.lang, decimals=1)} / 5",
        )
        line("goodwill", lambda h: h.summary.goodwill_cost, euros, up_is_good=False)
        header = [
            self.w("figure"),
            month_name(r.period.start, self.lang),
            self.period_text(prev),
            self.w("change"),
            self.period_text(year),
            self.w("change"),
        ]
        story = [self.para(self.w("summary"), "h2")]
        story.append(
            pdf.table(
                header, rows, [4.5 * cm, 2.4 * cm, 2.4 * cm, 2.35 * cm, 2.4 * cm, 2.35 * cm], colours=colours
            )
        )
        story.append(Spacer(1, 0.3 * cm))
        objectives = [o for o in f.objectives if o.target is not None]
        if objectives:
            story.append(self.para(self.w("dealership_objectives"), "h3"))
            story.append(self.objectives_table(f.objectives))
        story.append(Spacer(1, 0.3 * cm))
        story.append(self.chart("sales_margin", 17.0, 6.2))
        story.append(self.para(self.w("na_note"), "muted"))
        story.append(PageBreak())
        return story

    def sales(self) -> list[Any]:
        from reportlab.lib.units import cm
        from reportlab.platypus import Spacer

        f = self.report.figures
        s = f.summary
        story = [self.para(self.w("sales"), "h2")]
        rows = [
            [self.w("vehicles_sold"), number(s.vehicles_sold, self.lang)],
            [self.w("new_used"), f"{s.new_vehicles_sold} / {s.used_vehicles_sold}"],
            [self.w("revenue"), self.money(s.revenue)],
            [self.w("margin"), self.money(s.margin)],
            [self.w("average_margin"), self.money(s.average_margin)],
            [self.w("new_customers"), number(s.new_customers, self.lang)],
        ]
        left = pdf.table([self.w("figure"), self.w("value")], rows, [4.6 * cm, 3.0 * cm])
        model_rows = [
            [f"{m.make} {m.model}", str(m.sales), self.money(m.revenue), self.money(m.margin)]
            for m in f.makes
        ]
        right = pdf.table(
            [self.w("make_model"), self.w("sales"), self.w("revenue"), self.w("margin")],
            model_rows or [["—", "", "", ""]],
            [3.6 * cm, 1.3 * cm, 2.2 * cm, 1.9 * cm],
        )
        story.append(
            self.side_by_side([left], [self.para(self.w("top_models"), "h3"), right], (8.0 * cm, 9.0 * cm))
        )
        story.append(Spacer(1, 0.4 * cm))
        story.append(self.chart("ranking", 17.0, 6.0))
        return story

    def acquisition(self) -> list[Any]:
        from reportlab.lib.units import cm
        from reportlab.platypus import CondPageBreak, Spacer

        f = self.report.figures
        story = self.section("acquisition", room_cm=12)
        rows = []
        for c in f.channels:
            if not (c.spend or c.new_customers or c.prospects):
                continue
            rows.append(
                [
                    label(c.channel.value, self.lang),
                    self.money(c.spend),
                    str(c.new_customers),
                    self.money(c.cac),
                    str(c.prospects),
                    str(c.converted),
                    percent(c.conversion, self.lang),
                ]
            )
        h = f.headline
        rows.append(
            [
                self.w("dealership"),
                self.money(f.total_spend),
                str(sum(c.new_customers for c in f.channels)),
                self.money(h.cac),
                str(sum(c.prospects for c in f.channels)),
                str(sum(c.converted for c in f.channels)),
                percent(h.conversion, self.lang),
            ]
        )
        header = [
            self.w("channel"),
            self.w("spend"),
            self.w("new_customers"),
            "CAC",
            self.w("prospects"),
            self.w("converted"),
            self.w("conversion"),
        ]
        widths = [3.5 * cm, 2.1 * cm, 2.2 * cm, 2.0 * cm, 2.3 * cm, 2.0 * cm, 2.9 * cm]
        story.append(pdf.table(header, rows, widths, total=True))
        story.append(Spacer(1, 0.3 * cm))
        story.append(
            self.side_by_side(
                self.chart("cac", 8.4, 5.6), self.chart("conversion", 8.4, 5.6), (8.6 * cm, 8.6 * cm)
            )
        )
        story.append(CondPageBreak(7 * cm))
        story.append(self.para(self.w("funnel"), "h3"))
        funnel_rows = [
            [label(s.step, self.lang), str(s.count), percent(s.rate, self.lang, decimals=0)] for s in f.funnel
        ]
        story.append(
            self.side_by_side(
                pdf.table(
                    [self.w("step"), self.w("count"), self.w("rate")],
                    funnel_rows,
                    [3.0 * cm, 2.2 * cm, 3.2 * cm],
                ),
                self.chart("funnel", 8.4, 5.0),
                (8.6 * cm, 8.6 * cm),
            )
        )
        return story

    def churn(self) -> list[Any]:
        from reportlab.lib.units import cm

        f = self.report.figures
        story = self.section("churn_loyalty", room_cm=10)
        churn, annual, loyalty, clv = f.churn, f.annual_churn, f.loyalty, f.clv
        rows = []
        if churn is not None:
            rows += [
                [self.w("active_start"), number(churn.active_at_start, self.lang)],
                [self.w("churned"), number(churn.churned, self.lang)],
                [self.w("churn_month"), percent(churn.rate, self.lang)],
            ]
        if annual is not None:
            rows.append([self.w("churn_year"), percent(annual.rate, self.lang)])
        if loyalty is not None:
            rows += [
                [
                    self.w("repeat"),
                    f"{percent(loyalty.repeat_rate, self.lang)} ({loyalty.repeat_buyers}/{loyalty.buyers})",
                ],
                [
                    self.w("retention"),
                    f"{percent(loyalty.service_retention, self.lang)} "
                    f"({loyalty.serviced}/{loyalty.recent_buyers})",
                ],
            ]
        if clv is not None:
            years = clv.expected_years
            rows += [
                [self.w("clv_hist"), self.money(clv.historical)],
                [self.w("clv_pred"), self.money(clv.predictive)],
                [
                    self.w("lifetime"),
                    self.w("years", n=number(years, self.lang, decimals=1)) if years else "—",
                ],
            ]
        table = pdf.table([self.w("figure"), self.w("value")], rows, [5.2 * cm, 3.0 * cm])
        story.append(self.side_by_side([table], self.chart("churn", 8.6, 5.6), (8.4 * cm, 8.8 * cm)))
        story.append(self.para(self.w("window", n=f.churn_window_months), "muted"))
        return story

    def campaigns(self) -> list[Any]:
        from reportlab.lib.units import cm
        from reportlab.platypus import Spacer

        f = self.report.figures
        story = self.section("campaigns", room_cm=9)
        if not f.campaigns:
            story.append(self.para(self.w("no_campaign")))
            return story
        rows = []
        colours: dict[tuple[int, int], str] = {}
        for k, c in enumerate(f.campaigns, start=1):
            dates = date(c.starts_on, self.lang) + (f" –\n{date(c.ends_on, self.lang)}" if c.ends_on else "")
            rows.append(
                [
                    c.name,
                    self.para(dates, "cell_right"),
                    self.money(c.cost),
                    f"{c.reached}/{c.targets}",
                    str(c.sales),
                    self.money(c.margin),
                    percent(c.roi, self.lang, decimals=0),
                    self.money(c.cost_per_sale),
                ]
            )
            if c.roi is not None:
                colours[(6, k)] = GOOD if c.roi >= 0 else BAD
        header = [
            self.w("campaign"),
            self.w("dates"),
            self.w("cost"),
            self.w("reached"),
            self.w("sales"),
            self.w("margin"),
            self.w("roi"),
            self.w("cost_per_sale"),
        ]
        widths = [3.9 * cm, 2.3 * cm, 1.9 * cm, 1.6 * cm, 1.4 * cm, 2.0 * cm, 1.7 * cm, 2.2 * cm]
        story.append(pdf.table(header, rows, widths, colours=colours))
        story.append(self.para(self.w("attribution", n=f.attribution_days), "muted"))
        story.append(Spacer(1, 0.3 * cm))
        shown = len([c for c in f.campaigns if c.roi is not None][:12])
        story.append(self.chart("campaigns", 17.0, 2.4 + 0.7 * shown))
        return story

    def aftersales(self) -> list[Any]:
        from reportlab.lib.units import cm
        from reportlab.platypus import Spacer

        a = self.report.figures.aftersales
        story = self.section("aftersales", room_cm=16)
        rows = [
            [self.w("claims_opened"), str(a.opened)],
            [self.w("claims_resolved"), str(a.resolved)],
            [self.w("in_time"), f"{a.resolved_in_time} ({percent(a.in_time_rate, self.lang, decimals=0)})"],
            [self.w("resolution"), hours(a.mean_hours_to_resolution, self.lang)],
            [
                self.w("satisfaction"),
                ("—" if a.satisfaction is None else f"{number(a.satisfaction, self.lang, decimals=1)} / 5")
                + " ("
                + self.words.ngettext("{n} rating", "{n} ratings", a.satisfaction_count)
                + ")",
            ],
            [self.w("goodwill"), self.money(a.goodwill_cost)],
            [self.w("overdue"), str(a.overdue)],
            [self.w("visits"), str(a.service_visits)],
            [self.w("service_revenue"), self.money(a.service_revenue)],
            [self.w("service_margin"), self.money(a.service_margin)],
        ]
        left = pdf.table([self.w("figure"), self.w("value")], rows, [4.8 * cm, 3.2 * cm])
        category_rows = [
            [
                label(c.category.value, self.lang),
                str(c.opened),
                str(c.resolved),
                hours(c.mean_hours_to_resolution, self.lang),
            ]
            for c in a.by_category
            if c.opened or c.resolved
        ]
        right = pdf.table(
            [self.w("category"), self.w("opened"), self.w("resolved"), self.w("mean_time")],
            category_rows or [["—", "", "", ""]],
            [2.6 * cm, 1.9 * cm, 1.8 * cm, 2.2 * cm],
        )
        story.append(self.side_by_side([left], [right], (8.4 * cm, 8.8 * cm)))
        story.append(Spacer(1, 0.3 * cm))
        story.append(self.chart("claims", 17.0, 5.8))
        return story

    def activity(self) -> list[Any]:
        from reportlab.lib.units import cm
        from reportlab.platypus import PageBreak

        f = self.report.figures
        story = self.section("activity", room_cm=6)
        rows = [
            [
                r.display_name or self.w("dealership"),
                str(r.calls),
                str(r.appointments),
                str(r.test_drives),
                str(r.leads),
                hours(r.mean_response_hours, self.lang),
            ]
            for r in f.activity
        ]
        header = [
            self.w("salesperson"),
            self.w("calls"),
            self.w("appointments"),
            self.w("test_drives"),
            self.w("leads"),
            self.w("response"),
        ]
        widths = [4.6 * cm, 2.0 * cm, 2.4 * cm, 2.0 * cm, 2.6 * cm, 3.4 * cm]
        story.append(
            pdf.table(header, rows, widths, total=bool(rows and rows[-1][0] == self.w("dealership")))
        )
        story.append(PageBreak())
        return story

    def objectives_table(self, objectives: Sequence[ObjectiveProgress]) -> Any:
        from reportlab.lib.units import cm

        rows = []
        colours: dict[tuple[int, int], str] = {}
        for k, o in enumerate(objectives, start=1):
            show: Callable[[Decimal], str] = (
                self.money if o.metric is ObjectiveMetric.MARGIN else lambda v: number(v, self.lang)
            )
            achieved = o.achievement
            rows.append(
                [
                    label(o.metric.value, self.lang),
                    show(o.target) if o.target is not None else self.w("no_objective"),
                    show(o.actual),
                    percent(achieved, self.lang, decimals=0) if achieved is not None else "—",
                    _Bar(achieved),
                ]
            )
            if achieved is not None:
                colours[(3, k)] = GOOD if achieved >= 1 else TEXT
        header = [self.w("objectives"), self.w("objective"), self.w("actual"), self.w("achievement"), ""]
        return pdf.table(header, rows, [3.4 * cm, 2.8 * cm, 2.8 * cm, 2.2 * cm, 5.6 * cm], colours=colours)

    def salesperson(self, person: SalespersonFigures) -> list[Any]:
        """A salesperson's month on one page: objectives, key figures beside their 12 months, their open
        pipeline beside the month's funnel, and their best deals."""
        import dataclasses

        from reportlab.lib.units import cm
        from reportlab.platypus import PageBreak, Spacer

        f = self.report.figures
        mine = next((m for m in self.report.months_of if m.user_id == person.user_id), None)
        name = person.display_name if person.active else self.w("left", name=person.display_name)
        story: list[Any] = [self.para(name, "h2")]
        story.append(self.para(month_name(self.report.period.start, self.lang), "muted"))
        story.append(Spacer(1, 0.3 * cm))
        story.append(self.objectives_table(person.objectives))
        story.append(Spacer(1, 0.4 * cm))
        activity = next((a for a in f.activity if a.user_id == person.user_id), None)
        rows = [
            [self.w("sales"), number(person.sales, self.lang)],
            [self.w("revenue"), self.money(person.revenue)],
            [self.w("margin"), self.money(person.margin)],
            [self.w("average_margin"), self.money(person.margin / person.sales) if person.sales else "—"],
            [self.w("test_drives"), number(person.test_drives, self.lang)],
            [self.w("calls"), number(person.calls, self.lang)],
        ]
        if activity is not None:
            rows += [
                [self.w("appointments"), number(activity.appointments, self.lang)],
                [self.w("leads"), number(activity.leads, self.lang)],
                [self.w("response"), hours(activity.mean_response_hours, self.lang)],
            ]
        figures = pdf.table([self.w("figure"), self.w("value")], rows, [4.6 * cm, 2.8 * cm])
        if mine is None:
            story.append(figures)
            story.append(PageBreak())
            return story
        own = dataclasses.replace(f, months=mine.months)
        story.append(
            self.side_by_side([figures], self.chart("sales_margin", 9.2, 6.4, own), (7.8 * cm, 9.2 * cm))
        )
        story.append(Spacer(1, 0.2 * cm))
        story.append(self.side_by_side(self.pipeline(mine), self.person_funnel(mine), (8.6 * cm, 8.4 * cm)))
        story += self.best_deals(mine)
        story.append(PageBreak())
        return story

    def pipeline(self, mine: SalespersonMonth) -> list[Any]:
        from reportlab.lib.units import cm

        rows = [
            [self.w(f"stage.{p.stage}"), number(p.count, self.lang), self.money(p.amount)]
            for p in mine.pipeline
        ]
        rows.append(
            [
                self.w("total"),
                number(sum(p.count for p in mine.pipeline), self.lang),
                self.money(sum((p.amount for p in mine.pipeline), Decimal(0))),
            ]
        )
        return [
            self.para(self.w("pipeline"), "h3"),
            pdf.table([self.w("stage"), self.w("count"), self.w("amount")], rows,
                       [3.4 * cm, 2.0 * cm, 2.8 * cm], bold_first=False, total=True),
            self.para(self.w("pipeline_note"), "muted"),
        ]  # fmt: skip

    def person_funnel(self, mine: SalespersonMonth) -> list[Any]:
        from reportlab.lib.units import cm

        rows = [
            [label(s.step, self.lang), number(s.count, self.lang), percent(s.rate, self.lang, decimals=0)]
            for s in mine.funnel
        ]
        return [
            self.para(self.w("funnel_month"), "h3"),
            pdf.table([self.w("step"), self.w("count"), self.w("rate")], rows,
                       [3.0 * cm, 2.0 * cm, 3.2 * cm], bold_first=False),
        ]  # fmt: skip

    def best_deals(self, mine: SalespersonMonth) -> list[Any]:
        from reportlab.lib.units import cm

        story: list[Any] = [self.para(self.w("best_deals"), "h3")]
        if not mine.best_deals:
            story.append(self.para(self.w("no_sale"), "muted"))
            return story
        rows = [
            [
                date(d.sold_on, self.lang),
                self.para(d.customer, "cell"),
                self.para(d.vehicle, "cell"),
                self.money(d.price),
                self.money(d.margin),
            ]
            for d in mine.best_deals
        ]
        header = [self.w("date"), self.w("customer"), self.w("vehicle"), self.w("price"), self.w("margin")]
        story.append(
            pdf.table(
                header,
                rows,
                [2.2 * cm, 4.6 * cm, 4.8 * cm, 2.7 * cm, 2.7 * cm],
                bold_first=False,
                left_columns=3,
            )
        )
        return story


class _Bar:
    """A progress bar for an achievement, as a tiny flowable inside a table cell."""

    def __new__(cls, achieved: float | None) -> Any:
        from reportlab.lib import colors
        from reportlab.lib.units import cm
        from reportlab.platypus import Flowable

        class Bar(Flowable):  # type: ignore[misc]
            def __init__(self) -> None:
                super().__init__()
                self.width, self.height = 5.0 * cm, 0.3 * cm

            def draw(self) -> None:
                c = self.canv
                c.setFillColor(colors.HexColor("#eef0f3"))
                c.setStrokeColor(colors.HexColor(LINE))
                c.roundRect(0, 0, self.width, self.height, 2, stroke=1, fill=1)
                if achieved:
                    c.setFillColor(colors.HexColor(GOOD if achieved >= 1 else ACCENT))
                    c.roundRect(0, 0, self.width * min(achieved, 1.0), self.height, 2, stroke=0, fill=1)

        return Bar()


def build_monthly_report(
    report: MonthlyReport,
    *,
    language: str = "fr",
    output: Path | BinaryIO | None = None,
    timezone: str,
    progress: Progress | None = None,
) -> bytes:
    """The monthly report as PDF bytes (also written to `output` when given).

    `language` "fr" or "en" chooses the words, number and date formats. `progress` is told of each
    section and may cancel between them.
    """

    progress = progress or Progress()
    builder = _Builder(report, language, ZoneInfo(timezone))
    sections: list[Callable[[], list[Any]]] = [
        builder.cover,
        builder.summary,
        builder.sales,
        builder.acquisition,
        builder.churn,
        builder.campaigns,
        builder.aftersales,
        builder.activity,
    ]
    people = [p for p in report.salespeople]
    total = len(sections) + len(people) + 1
    story: list[Any] = []
    for done, section in enumerate(sections):
        progress.update(done, total, _("Writing the report"))
        story += section()
    for k, person in enumerate(people):
        progress.update(len(sections) + k, total, person.display_name)
        story += builder.salesperson(person)
    if story and type(story[-1]).__name__ == "PageBreak":
        story.pop()
    progress.update(total - 1, total, _("Laying out the pages"))

    generated = date(report.computed_at.astimezone(ZoneInfo(timezone)).date(), builder.lang)
    title = f"{builder.w('title')} {month_name(report.period.start, builder.lang)}"
    footer_left = " · ".join(p for p in (report.dealership_name, title) if p)
    data = pdf.build(
        story,
        title=title,
        author=report.dealership_name or "dealercrm",
        language=builder.lang,
        footer_left=footer_left,
        generated=generated,
        output=output,
    )
    progress.update(total, total, _("Done"))
    return data
