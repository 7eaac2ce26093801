"""The explanations' sentences, in French and English (services have no Qt translator: like
services/kpi/texts.py, they carry their own small dictionaries).

Features are explained by group: the model's inputs about one fact (the test drive: how recent, whether
there was one) add up to one signed contribution, spoken of as one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dealercrm.services.kpi.texts import label, lang_of, money, number

# Group of each feature (see features.FEATURES).
GROUP_OF: dict[str, str] = {
    "company": "company",
    "open_deal": "stage",
    "calls_30d": "activity",
    "messages_30d": "activity",
    "visits_30d": "activity",
    "inbound_30d": "activity",
    "interactions_90d": "activity",
    "contact_recency": "activity",
    "test_drive_recency": "test_drive",
    "test_drive_done": "test_drive",
    "quote_recency": "quote",
    "quote_sent": "quote",
    "trade_in": "trade_in",
    "budget_stated": "budget",
    "budget": "budget",
    "vehicle_known": "vehicle",
    "vehicle_age": "vehicle",
    "inspection_due": "inspection_due",
    "warranty_end_due": "warranty_end_due",
    "lease_end_due": "lease_end_due",
    "open_claims": "claims",
    "unhappy": "claims",
    "campaign_responses": "campaigns",
    "purchases": "purchases",
    "purchase_recency": "purchases",
}


def group_of(feature: str) -> str:
    if feature.startswith("source_"):
        return "source"
    if feature.startswith("stage_"):
        return "stage"
    if feature.startswith("recorded_"):
        return "contact_age"
    return GROUP_OF[feature]


STAGE_NAMES = {
    "fr": {"new_lead": "nouveau contact", "contacted": "contacté", "test_drive": "essai", "offer": "offre"},
    "en": {"new_lead": "new lead", "contacted": "contacted", "test_drive": "test drive", "offer": "offer"},
}

# (sentence when the fact is there, sentence when it is not)
SENTENCES: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "contact_age": ("fiche créée il y a {days}", "fiche créée il y a {days}"),
        "company": ("entreprise", "particulier"),
        "source": ("venu par : {channel}", "venu par : {channel}"),
        "stage": ("projet à l'étape « {stage} » depuis {days}", "aucun projet en cours"),
        "activity": ("{n} échange(s) en 90 jours, le dernier il y a {days}", "aucun échange récent"),
        "test_drive": ("essai réalisé il y a {days}", "pas d'essai"),
        "quote": ("offre envoyée il y a {days}", "pas d'offre envoyée"),
        "trade_in": ("reprise déclarée", "pas de reprise déclarée"),
        "budget": ("budget de {amount}", "pas de budget indiqué"),
        "vehicle": ("véhicule de {years} ans", "aucun véhicule connu"),
        "inspection_due": ("contrôle technique à faire sous 3 mois", "pas de contrôle technique proche"),
        "warranty_end_due": ("fin de garantie sous 3 mois", "pas de fin de garantie proche"),
        "lease_end_due": ("fin de location sous 3 mois", "pas de fin de location proche"),
        "claims": ("{n} réclamation(s) en cours ou client mécontent", "aucune réclamation en cours"),
        "campaigns": ("a répondu à une campagne", "pas de réponse aux campagnes"),
        "purchases": ("{n} achat(s), le dernier il y a {months} mois", "jamais acheté ici"),
    },
    "en": {
        "contact_age": ("recorded {days} ago", "recorded {days} ago"),
        "company": ("company", "private person"),
        "source": ("came through: {channel}", "came through: {channel}"),
        "stage": ("deal at the “{stage}” stage for {days}", "no deal in progress"),
        "activity": ("{n} interaction(s) in 90 days, the last {days} ago", "no recent interaction"),
        "test_drive": ("test drive {days} ago", "no test drive"),
        "quote": ("quote sent {days} ago", "no quote sent"),
        "trade_in": ("trade-in declared", "no trade-in declared"),
        "budget": ("budget of {amount}", "no budget stated"),
        "vehicle": ("{years}-year-old car", "no car known"),
        "inspection_due": ("contrôle technique due within 3 months", "no contrôle technique due soon"),
        "warranty_end_due": ("warranty ends within 3 months", "no warranty ending soon"),
        "lease_end_due": ("lease ends within 3 months", "no lease ending soon"),
        "claims": ("{n} claim(s) open or an unhappy customer", "no open claim"),
        "campaigns": ("answered a campaign", "no answer to campaigns"),
        "purchases": ("{n} purchase(s), the last {months} months ago", "never bought here"),
    },
}
POINTS = {"fr": "{sign}{points} points", "en": "{sign}{points} points"}


def sentence(group: str, present: bool, params: Mapping[str, Any], language: str) -> str:
    """One factor in plain words: "essai réalisé il y a 6 jours"."""
    lang = lang_of(language)
    there, absent = SENTENCES[lang][group]
    values = dict(params)
    if "channel" in values:
        values["channel"] = label(str(values["channel"]), language)
    if "stage" in values:
        values["stage"] = STAGE_NAMES[lang].get(str(values["stage"]), str(values["stage"]))
    if "amount" in values:
        values["amount"] = money(values["amount"], language, decimals=0)
    if "days" in values:
        values["days"] = days_text(int(values["days"]), language)
    if "years" in values:
        values["years"] = number(values["years"], language)
    template = there if present else absent
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def days_text(days: int, language: str) -> str:
    """ "1 jour", "6 jours" / "1 day", "6 days"."""
    if lang_of(language) == "fr":
        return f"{days} jour" if days <= 1 else f"{days} jours"
    return f"{days} day" if days == 1 else f"{days} days"


def points_text(points: int, language: str) -> str:
    """+18 points / −5 points (one point is a tenth of a unit of log-odds)."""
    lang = lang_of(language)
    sign = "+" if points >= 0 else "−"
    return POINTS[lang].format(sign=sign, points=abs(points))


def factor_line(text: str, points: int, language: str) -> str:
    """ "essai réalisé il y a 6 jours : +18 points" (French puts a space before the colon)."""
    separator = "\u00a0: " if lang_of(language) == "fr" else ": "
    return f"{text}{separator}{points_text(points, language)}"


NO_MODEL = {
    "fr": "Pas de modèle entraîné : le score par règles reste en vigueur.",
    "en": "No trained model: the rule score stays in force.",
}
TOO_FEW = {
    "fr": "Trop peu d'historique : {buyers} acheteurs dans les données d'entraînement (il en faut {needed}). "
    "Le score par règles reste en vigueur.",
    "en": "Too little history: {buyers} buyers in the training data ({needed} needed). "
    "The rule score stays in force.",
}


def too_few(buyers: int, needed: int, language: str) -> str:
    return TOO_FEW[lang_of(language)].format(buyers=buyers, needed=needed)
