"""Words and number formats for the KPI charts and the PDF report, in French or English.

Thin wrappers, with the language explicit, over the one formatter of the non-Qt side
(dealercrm/i18n.py, Babel): "12 345,00 €" and "27/11/2026" in French, "€12,345.00" and "27/11/2026" in
English (en_GB), the same characters the screen writes (ui/formatting.py). The words are gettext messages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dealercrm import i18n
from dealercrm.i18n import N_, normalize

NBSP = "\u00a0"  # no-break space: before € and % in French
NNBSP = "\u202f"  # narrow no-break space: the French thousands separator (CLDR)


def lang_of(language: str) -> str:
    """ "fr" or "en" for any language tag (English for what we do not ship)."""
    return normalize(language)


def number(value: int | float | Decimal | None, language: str, *, decimals: int = 0) -> str:
    """12 345,5 (fr) / 12,345.5 (en); "n/a" for None."""
    return i18n.number(value, language, decimals=decimals)


def money(value: Decimal | int | float | None, language: str, *, decimals: int = 2) -> str:
    """12 345,00 € (fr) / €12,345.00 (en)."""
    return i18n.money(value, language, decimals=decimals)


def percent(ratio: float | None, language: str, *, decimals: int = 1) -> str:
    """12,5 % (fr) / 12.5% (en); n/a for None."""
    return i18n.percent(ratio, language, decimals=decimals)


def date(day: dt.date, language: str) -> str:
    """27/11/2026 (fr and en_GB alike)."""
    return i18n.date(day, language)


def month_name(day: dt.date, language: str) -> str:
    """mars 2026 / March 2026."""
    return i18n.month_name(day, language)


def short_month(day: dt.date, language: str, *, with_year: bool = True) -> str:
    """Axis labels: "mars 26" / "Mar 26" (or just "mars" / "Mar")."""
    return i18n.short_month(day, language, with_year=with_year)


def hours(value: float | None, language: str) -> str:
    """Durations: "5,5 h" or "3,2 j" (days past 48 h)."""
    if value is None:
        return number(None, language)
    t = i18n.translations(language)
    if value >= 48:
        # TRANSLATORS: a duration in days, short form ("3,2 j")
        return t.gettext("{value}\u00a0d").format(value=number(value / 24, language, decimals=1))
    # TRANSLATORS: a duration in hours, short form ("5,5 h")
    return t.gettext("{value}\u00a0h").format(value=number(value, language, decimals=1))


# The claim categories, as the KPI report and the claim sheet (services/claim_pdf.py) both name them.
CLAIM_CATEGORY_WORDS: dict[str, str] = {
    "mechanical": N_("Mechanical"),
    "bodywork": N_("Bodywork"),
    "electrical": N_("Electrical"),
    "delivery": N_("Delivery"),
    "billing": N_("Billing"),
    "reception": N_("Reception"),
}

LABELS: dict[str, str] = {
    "walk_in": N_("Walk-in"),
    "website": N_("Website"),
    "phone": N_("Phone"),
    "social": N_("Social media"),
    "referral": N_("Referral"),
    "event": N_("Event"),
    "campaign": N_("Campaign"),
    "other": N_("Other"),
    **CLAIM_CATEGORY_WORDS,
    "leads": N_("Closed leads"),
    "contacted": N_("Contacted"),
    "test_drive": N_("Test drive"),
    "offer": N_("Offer"),
    "won": N_("Won"),
    "sales": N_("Sales"),
    "margin": N_("Margin"),
    "test_drives": N_("Test drives"),
    "calls": N_("Calls"),
    "chart.sales_margin": N_("Sales and margin per month"),
    "chart.sales": N_("Vehicles sold"),
    "chart.margin": N_("Margin"),
    "chart.cac": N_("CAC per channel"),
    "chart.conversion": N_("Conversion per channel"),
    "chart.churn": N_("Monthly churn"),
    "chart.funnel": N_("Funnel (closed deals)"),
    "chart.ranking": N_("Margin per salesperson"),
    "chart.claims": N_("Claims by category"),
    "chart.resolution": N_("Mean time to resolution"),
    "chart.roi": N_("Campaign return on investment"),
    "chart.scores": N_("Scores of open prospects"),
    "chart.opened": N_("Opened"),
    "chart.resolved": N_("Resolved"),
    "chart.empty": N_("No data for this period"),
    "chart.unscored": N_("not scored"),
    "chart.hours": N_("hours"),
    "chart.new": N_("New"),
    "chart.used": N_("Used"),
}


def label(key: str, language: str) -> str:
    """The word for an enum value or a text key; the key itself when unknown."""
    message = LABELS.get(str(key))
    return i18n.translations(language).gettext(message) if message is not None else str(key)
