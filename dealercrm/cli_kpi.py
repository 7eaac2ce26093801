"""`dealercrm kpi` and `dealercrm report`: the KPIs and the PDF reports for scripts.

    dealercrm kpi --from 2026-03-01 --to 2026-03-31 [--by salesperson|channel] [--json]
    dealercrm report monthly 2026-03 --output march.pdf [--lang fr|en]
    dealercrm report claim 601 --output claim.pdf [--copy workshop|customer]
    dealercrm report campaign 12 --output campaign.pdf

The claim sheet and the campaign report speak the dealership's language (setting dealership.language).

Exit codes follow dealercrm/cli.py: 0 done, 1 refused or failed, 2 bad usage, 3 database.
The JSON format is documented in docs/KPI.md and stays stable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from dealercrm.cli_common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    explained,
    guard_output,
    open_db,
    output_file,
    record_id,
    say,
)
from dealercrm.cli_common import day as _day
from dealercrm.cli_common import month as _month
from dealercrm.i18n import _

JSON_VERSION = 1


def register(commands: Any) -> None:
    """Add the `kpi` and `report` sub-commands to the main parser's sub-parsers."""
    kpi = commands.add_parser("kpi", help=_("print the key figures of a period (for scripts: --json)"))
    kpi.add_argument("--from", dest="kpi_from", type=_day, required=True, metavar="YYYY-MM-DD")
    kpi.add_argument(
        "--to", dest="kpi_to", type=_day, required=True, metavar="YYYY-MM-DD", help=_("included")
    )
    kpi.add_argument(
        "--by", choices=("salesperson", "channel"), help=_("add one row per salesperson or channel")
    )
    kpi.add_argument("--json", action="store_true", help=_("machine-readable output (see docs/KPI.md)"))

    report = commands.add_parser("report", help=_("build a report"))
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    monthly = kinds.add_parser("monthly", help=_("the monthly PDF report of a month"))
    monthly.add_argument("month", type=_month, metavar="YYYY-MM")
    monthly.add_argument("--output", "-o", type=output_file, required=True, metavar="FILE.pdf")
    monthly.add_argument(
        "--lang", dest="report_lang", choices=("fr", "en"), help=_("default: --lang, else French")
    )
    claim = kinds.add_parser("claim", help=_("the one-page PDF of a claim (in the dealership's language)"))
    claim.add_argument("claim_id", type=record_id, metavar="ID")
    claim.add_argument("--output", "-o", type=output_file, required=True, metavar="FILE.pdf")
    claim.add_argument(
        "--copy",
        choices=("workshop", "customer"),
        default="workshop",
        help=_(
            "workshop: everything, with room for notes; customer: the acknowledgement (default: workshop)"
        ),
    )
    campaign = kinds.add_parser(
        "campaign", help=_("the PDF report of a campaign (in the dealership's language)")
    )
    campaign.add_argument("campaign_id", type=record_id, metavar="ID")
    campaign.add_argument("--output", "-o", type=output_file, required=True, metavar="FILE.pdf")


def run(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    """Run `kpi` or `report`; returns the exit code."""
    command = {"kpi": _kpi, "report": _report}[args.command]
    return explained(command, args, out or sys.stdout)


def kpi_document(figures: Any, by: str | None) -> dict[str, Any]:
    """The `--json` document (docs/KPI.md, "dealercrm kpi --json")."""
    from dealercrm.services.kpi.jsonable import jsonable

    doc: dict[str, Any] = {
        "version": JSON_VERSION,
        "period": jsonable(figures.period),
        "by": by,
        "summary": jsonable(figures.summary),
        "cac": jsonable(figures.headline.cac),
        "conversion": jsonable(figures.headline.conversion),
        "churn": jsonable(figures.churn),
        "annual_churn": jsonable(figures.annual_churn),
        "churn_window_months": figures.churn_window_months,
        "loyalty": jsonable(figures.loyalty),
        "clv": jsonable(figures.clv),
        "channels": jsonable(figures.channels),
        "funnel": jsonable(figures.funnel),
        "months": jsonable(figures.months),
        "makes": jsonable(figures.makes),
        "campaigns": jsonable(figures.campaigns),
        "attribution_days": figures.attribution_days,
        "aftersales": jsonable(figures.aftersales),
        "activity": jsonable(figures.activity),
        "scores": jsonable(figures.scores),
        "objectives": jsonable(figures.objectives),
    }
    if by == "salesperson":
        doc["rows"] = jsonable(figures.salespeople)
    elif by == "channel":
        doc["rows"] = jsonable(figures.channels)
    return doc


def _kpi(args: argparse.Namespace, out: TextIO) -> int:
    from dealercrm.services.kpi import KpiService, Period
    from dealercrm.services.permissions import SYSTEM_ACTOR

    if args.kpi_to < args.kpi_from:
        say(_("--to must be on or after --from."))
        return EXIT_USAGE
    period = Period.days(args.kpi_from, args.kpi_to)
    with open_db(args) as db:
        figures = KpiService(db.session_factory, actor=SYSTEM_ACTOR).figures(period=period)
    if args.json:
        json.dump(kpi_document(figures, args.by), out, ensure_ascii=False, indent=2, sort_keys=False)
        out.write("\n")
        return EXIT_OK
    _print_text(figures, args.by, out)
    return EXIT_OK


def _print_text(figures: Any, by: str | None, out: TextIO) -> None:
    from dealercrm import i18n
    from dealercrm.services.kpi.texts import hours, label, money, percent

    s = figures.summary
    lang = i18n.current_language()

    def line(title: str, value: str) -> str:
        return f"{title:<18}{value}"

    lines = [
        line(
            _("Period"),
            _("{first} to {last}").format(
                first=i18n.date(figures.period.start), last=i18n.date(figures.period.last_day)
            ),
        ),
        line(
            _("Vehicles sold"),
            _("{n} ({new} new, {used} used)").format(
                n=s.vehicles_sold, new=s.new_vehicles_sold, used=s.used_vehicles_sold
            ),
        ),
        line(_("Revenue"), money(s.revenue, lang)),
        line(_("Margin"), money(s.margin, lang)),
        line(_("Average margin"), money(s.average_margin, lang)),
        line(_("New customers"), str(s.new_customers)),
        line(_("CAC"), money(figures.headline.cac, lang)),
        line(_("Conversion"), percent(figures.headline.conversion, lang)),
        line(_("Churn"), percent(figures.churn.rate if figures.churn else None, lang)),
        line(_("Test drives"), str(s.test_drives)),
        line(_("Calls"), str(s.calls)),
        line(
            _("Claims"),
            _("{opened} opened, {resolved} resolved, {overdue} overdue").format(
                opened=s.claims_opened, resolved=s.claims_resolved, overdue=s.claims_overdue
            ),
        ),
        line(_("Resolution time"), hours(figures.aftersales.mean_hours_to_resolution, lang)),
    ]
    if by == "salesperson":
        lines.append("")
        lines += _columns(
            (24, 6, 14, 12, 12, 6),
            (_("Salesperson"), _("Sales"), _("Revenue"), _("Margin"), _("Test drives"), _("Calls")),
            (
                (
                    r.display_name,
                    r.sales,
                    money(r.revenue, lang),
                    money(r.margin, lang),
                    r.test_drives,
                    r.calls,
                )
                for r in figures.salespeople
            ),
        )
    elif by == "channel":
        lines.append("")
        lines += _columns(
            (16, 12, 10, 12, 10, 11),
            (_("Channel"), _("Spend"), _("New cust."), _("CAC"), _("Prospects"), _("Conversion")),
            (
                (
                    label(c.channel.value, lang),
                    money(c.spend, lang),
                    c.new_customers,
                    money(c.cac, lang),
                    c.prospects,
                    percent(c.conversion, lang),
                )
                for c in figures.channels
            ),
        )
    out.write("\n".join(lines) + "\n")


def _columns(widths: Sequence[int], header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """Lines of a text table: the first column left-aligned and cut to its width, the others
    right-aligned."""

    def line(cells: Sequence[object]) -> str:
        first, *rest = (str(c) for c in cells)
        cut = widths[0]
        return " ".join(
            [f"{first[:cut]:<{cut}}", *(f"{c:>{w}}" for c, w in zip(rest, widths[1:], strict=True))]
        )

    return [line(header), *(line(row) for row in rows)]


def _report(args: argparse.Namespace, out: TextIO) -> int:
    if args.report_kind == "claim":
        return _report_claim(args, out)
    if args.report_kind == "campaign":
        return _report_campaign(args, out)
    return _report_monthly(args, out)


def _write_report(write: Callable[[], object], output: Path, done: str, out: TextIO) -> int:
    """Write a report with `write`, then say `done`; or say why `output` could not be written."""
    try:
        write()
    except OSError as exc:
        say(_("{output} could not be written ({exc}).").format(output=output, exc=exc.strerror or exc))
        return EXIT_FAILED
    print(done, file=out)
    return EXIT_OK


def _report_claim(args: argparse.Namespace, out: TextIO) -> int:
    from dealercrm.services.claim_pdf import Audience, ClaimPdfService
    from dealercrm.services.permissions import SYSTEM_ACTOR

    with open_db(args) as db:
        guard_output(db, args.output)
        data = ClaimPdfService(db.session_factory, actor=SYSTEM_ACTOR).render(
            claim_id=args.claim_id, audience=Audience(args.copy)
        )
    done = _("Claim #{claim_id} ({copy} copy) written to {output}").format(
        claim_id=args.claim_id, copy=args.copy, output=args.output
    )
    return _write_report(lambda: args.output.write_bytes(data), args.output, done, out)


def _report_campaign(args: argparse.Namespace, out: TextIO) -> int:
    from dealercrm.services.campaign_report import CampaignReportService
    from dealercrm.services.permissions import SYSTEM_ACTOR

    with open_db(args) as db:
        guard_output(db, args.output)
        service = CampaignReportService(db.session_factory, actor=SYSTEM_ACTOR)
        done = _("Campaign #{campaign_id} report written to {output}").format(
            campaign_id=args.campaign_id, output=args.output
        )
        return _write_report(
            lambda: service.write_pdf(campaign_id=args.campaign_id, path=args.output), args.output, done, out
        )


def _report_monthly(args: argparse.Namespace, out: TextIO) -> int:
    from dealercrm.services.kpi import KpiService, Period
    from dealercrm.services.permissions import SYSTEM_ACTOR
    from dealercrm.services.reports import build_monthly_report
    from dealercrm.services.settings import dealership_timezone

    language = args.report_lang or getattr(args, "lang", None) or "fr"
    period = Period.month(args.month.year, args.month.month)
    with open_db(args) as db:
        guard_output(db, args.output)
        report = KpiService(db.session_factory, actor=SYSTEM_ACTOR).monthly_report(period=period)
        with db.session_factory() as session:
            timezone = str(dealership_timezone(session))
    done = _("Monthly report {iso} written to {output}").format(iso=period.iso(), output=args.output)
    return _write_report(
        lambda: build_monthly_report(report, language=language, output=args.output, timezone=timezone),
        args.output,
        done,
        out,
    )
