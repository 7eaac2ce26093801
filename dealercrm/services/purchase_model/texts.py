"""The explanations' sentences, in the reader's language (gettext, dealercrm/i18n.py; the French is in
dealercrm/resources/locale/fr/LC_MESSAGES/dealercrm.po).

Features are explained by group: the model's inputs about one fact (the test drive: how recent, whether
there was one) add up to one signed contribution, spoken of as one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dealercrm import i18n
from dealercrm.i18n import N_, NC_
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
    "new_lead": NC_("stage", "new lead"),
    "contacted": NC_("stage", "contacted"),
    "test_drive": NC_("stage", "test drive"),
    "offer": NC_("stage", "offer"),
}

# (sentence when the fact is there, sentence when it is not); groups that count something ("{n}") are
# in COUNTED, with a singular and a plural.
SENTENCES: dict[str, tuple[str, str]] = {
    "contact_age": (N_("recorded {days} ago"), N_("recorded {days} ago")),
    "company": (N_("company"), N_("private person")),
    "source": (N_("came through: {channel}"), N_("came through: {channel}")),
    "stage": (N_("deal at the “{stage}” stage for {days}"), N_("no deal in progress")),
    "test_drive": (N_("test drive {days} ago"), N_("no test drive")),
    "quote": (N_("quote sent {days} ago"), N_("no quote sent")),
    "trade_in": (N_("trade-in declared"), N_("no trade-in declared")),
    "budget": (N_("budget of {amount}"), N_("no budget stated")),
    "vehicle": (N_("{years}-year-old car"), N_("no car known")),
    "inspection_due": (N_("contrôle technique due within 3 months"), N_("no contrôle technique due soon")),
    "warranty_end_due": (N_("warranty ends within 3 months"), N_("no warranty ending soon")),
    "lease_end_due": (N_("lease ends within 3 months"), N_("no lease ending soon")),
    "campaigns": (N_("answered a campaign"), N_("no answer to campaigns")),
}
# Groups that count something ("{n}"): a singular and a plural when the fact is there (see _counted).
ABSENT_COUNTED: dict[str, str] = {
    "activity": N_("no recent interaction"),
    "claims": N_("no open claim"),
    "purchases": N_("never bought here"),
}


def _counted(t: Any, group: str, n: int) -> str:
    if group == "activity":
        return str(
            t.ngettext(
                "{n} interaction in 90 days, the last {days} ago",
                "{n} interactions in 90 days, the last {days} ago",
                n,
            )
        )
    if group == "claims":
        return str(
            t.ngettext("{n} claim open or an unhappy customer", "{n} claims open or an unhappy customer", n)
        )
    return str(t.ngettext("{n} purchase, the last {months} ago", "{n} purchases, the last {months} ago", n))


def sentence(group: str, present: bool, params: Mapping[str, Any], language: str) -> str:
    """One factor in plain words: "essai réalisé il y a 6 jours"."""
    t = i18n.translations(lang_of(language))
    values = dict(params)
    if "channel" in values:
        values["channel"] = label(str(values["channel"]), language)
    if "stage" in values:
        stage = str(values["stage"])
        values["stage"] = t.pgettext(*STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage
    if "amount" in values:
        values["amount"] = money(values["amount"], language, decimals=0)
    if "days" in values:
        values["days"] = days_text(int(values["days"]), language)
    if "months" in values:
        values["months"] = months_text(int(values["months"]), language)
    if "years" in values:
        values["years"] = number(values["years"], language)
    if group in ABSENT_COUNTED:
        n = int(values.get("n", 0) or 0)
        template = _counted(t, group, n) if present else t.gettext(ABSENT_COUNTED[group])
    else:
        there, absent = SENTENCES[group]
        template = t.gettext(there if present else absent)
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def days_text(days: int, language: str) -> str:
    """ "1 jour", "6 jours" / "1 day", "6 days"."""
    t = i18n.translations(lang_of(language))
    return t.ngettext("{n} day", "{n} days", days).format(n=days)


def months_text(months: int, language: str) -> str:
    """ "1 mois", "6 mois" / "1 month", "6 months"."""
    t = i18n.translations(lang_of(language))
    return t.ngettext("{n} month", "{n} months", months).format(n=months)


def points_text(points: int, language: str) -> str:
    """+18 points / −5 points (one point is a tenth of a unit of log-odds)."""
    t = i18n.translations(lang_of(language))
    sign = "+" if points >= 0 else "−"
    # TRANSLATORS: a factor's weight in the purchase probability: "+18 points", "−5 points"
    return t.ngettext("{sign}{points} point", "{sign}{points} points", abs(points)).format(
        sign=sign, points=abs(points)
    )


def factor_line(text: str, points: int, language: str) -> str:
    """ "essai réalisé il y a 6 jours : +18 points" (French puts a space before the colon)."""
    separator = "\u00a0: " if lang_of(language) == "fr" else ": "
    return f"{text}{separator}{points_text(points, language)}"


NO_MODEL = N_("No trained model: the rule score stays in force.")


def no_model(language: str) -> str:
    return i18n.translations(lang_of(language)).gettext(NO_MODEL)


def too_few(buyers: int, needed: int, language: str) -> str:
    t = i18n.translations(lang_of(language))
    return t.ngettext(
        "Too little history: {buyers} buyer in the training data ({needed} needed). "
        "The rule score stays in force.",
        "Too little history: {buyers} buyers in the training data ({needed} needed). "
        "The rule score stays in force.",
        buyers,
    ).format(buyers=buyers, needed=needed)
