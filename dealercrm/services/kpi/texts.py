"""Words and number formats for the KPI charts and the PDF report, in French or English.

The services layer cannot use Qt's translator or QLocale, so the report and charts carry their own
small dictionaries and formatters: "12 345,00 €" and "27/11/2026" in French, "€12,345.00" and
"27 Nov 2026" in English.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"  # no-break space: French thousands separator, and before € and %
MONTHS = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
SHORT_MONTHS = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def lang_of(language: str) -> str:
    return "fr" if language.lower().startswith("fr") else "en"


def _group(digits: str, separator: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return separator.join(out)


def number(value: int | float | Decimal | None, language: str, *, decimals: int = 0) -> str:
    """12 345,5 (fr) / 12,345.5 (en); "n/a" for None."""
    if value is None:
        return "n/a" if lang_of(language) == "en" else "n/d"
    quantum = Decimal(1).scaleb(-decimals)
    amount = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    fr = lang_of(language) == "fr"
    grouped = _group(whole, NBSP if fr else ",")
    if fraction:
        grouped += ("," if fr else ".") + fraction
    return sign + grouped


def money(value: Decimal | int | float | None, language: str, *, decimals: int = 2) -> str:
    """12 345,00 € (fr) / €12,345.00 (en)."""
    if value is None:
        return number(None, language)
    text = number(abs(Decimal(str(value))), language, decimals=decimals)
    negative = Decimal(str(value)) < 0
    if lang_of(language) == "fr":
        return f"{'-' if negative else ''}{text}{NBSP}€"
    return f"{'-' if negative else ''}€{text}"


def percent(ratio: float | None, language: str, *, decimals: int = 1) -> str:
    """12,5 % (fr) / 12.5% (en); n/a for None."""
    if ratio is None:
        return number(None, language)
    text = number(ratio * 100, language, decimals=decimals)
    return f"{text}{NBSP}%" if lang_of(language) == "fr" else f"{text}%"


def date(day: dt.date, language: str) -> str:
    """27/11/2026 (fr) / 27 Nov 2026 (en)."""
    if lang_of(language) == "fr":
        return f"{day.day:02}/{day.month:02}/{day.year}"
    return f"{day.day} {SHORT_MONTHS['en'][day.month - 1]} {day.year}"


def month_name(day: dt.date, language: str) -> str:
    """mars 2026 / March 2026."""
    name = MONTHS[lang_of(language)][day.month - 1]
    return f"{name} {day.year}"


def short_month(day: dt.date, language: str, *, with_year: bool = True) -> str:
    """Axis labels: "mars 26" / "Mar 26" (or just "mars" / "Mar")."""
    name = SHORT_MONTHS[lang_of(language)][day.month - 1]
    return f"{name} {day.year % 100:02}" if with_year else name


def hours(value: float | None, language: str) -> str:
    """Durations: "5,5 h" or "3,2 j" (days past 48 h)."""
    if value is None:
        return number(None, language)
    if value >= 48:
        unit = "j" if lang_of(language) == "fr" else "d"
        return f"{number(value / 24, language, decimals=1)}{NBSP}{unit}"
    return f"{number(value, language, decimals=1)}{NBSP}h"


LABELS: dict[str, dict[str, str]] = {
    "en": {
        # channels
        "walk_in": "Walk-in", "website": "Website", "phone": "Phone", "social": "Social media",
        "referral": "Referral", "event": "Event", "campaign": "Campaign", "other": "Other",
        # claim categories
        "mechanical": "Mechanical", "bodywork": "Bodywork", "electrical": "Electrical",
        "delivery": "Delivery", "billing": "Billing", "reception": "Reception",
        # funnel
        "leads": "Closed leads", "contacted": "Contacted", "test_drive": "Test drive", "offer": "Offer",
        "won": "Won",
        # objective metrics
        "sales": "Sales", "margin": "Margin", "test_drives": "Test drives", "calls": "Calls",
        # charts
        "chart.sales_margin": "Sales and margin per month", "chart.sales": "Vehicles sold",
        "chart.margin": "Margin", "chart.cac": "CAC per channel",
        "chart.conversion": "Conversion per channel", "chart.churn": "Monthly churn",
        "chart.funnel": "Funnel (closed deals)", "chart.ranking": "Margin per salesperson",
        "chart.claims": "Claims by category", "chart.resolution": "Mean time to resolution",
        "chart.roi": "Campaign return on investment", "chart.scores": "Scores of open prospects",
        "chart.opened": "Opened", "chart.resolved": "Resolved", "chart.empty": "No data for this period",
        "chart.unscored": "not scored", "chart.hours": "hours", "chart.new": "New", "chart.used": "Used",
    },
    "fr": {
        "walk_in": "Passage", "website": "Site web", "phone": "Téléphone", "social": "Réseaux sociaux",
        "referral": "Recommandation", "event": "Événement", "campaign": "Campagne", "other": "Autre",
        "mechanical": "Mécanique", "bodywork": "Carrosserie", "electrical": "Électrique",
        "delivery": "Livraison", "billing": "Facturation", "reception": "Accueil",
        "leads": "Affaires closes", "contacted": "Contactées", "test_drive": "Essai", "offer": "Offre",
        "won": "Gagnées",
        "sales": "Ventes", "margin": "Marge", "test_drives": "Essais", "calls": "Appels",
        "chart.sales_margin": "Ventes et marge par mois", "chart.sales": "Véhicules vendus",
        "chart.margin": "Marge", "chart.cac": "CAC par canal",
        "chart.conversion": "Conversion par canal", "chart.churn": "Attrition mensuelle",
        "chart.funnel": "Entonnoir (affaires closes)", "chart.ranking": "Marge par vendeur",
        "chart.claims": "Réclamations par catégorie", "chart.resolution": "Délai moyen de résolution",
        "chart.roi": "Retour sur investissement des campagnes",
        "chart.scores": "Scores des prospects ouverts",
        "chart.opened": "Ouvertes", "chart.resolved": "Résolues",
        "chart.empty": "Aucune donnée sur la période",
        "chart.unscored": "sans score", "chart.hours": "heures", "chart.new": "Neufs",
        "chart.used": "Occasions",
    },
}  # fmt: skip


def label(key: str, language: str) -> str:
    """The word for an enum value or a text key; the key itself when unknown."""
    return LABELS[lang_of(language)].get(str(key), LABELS["en"].get(str(key), str(key)))
