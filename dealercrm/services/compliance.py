"""French contact law, as in force on 2026-11-27, one small function per rule, and the campaign checker.

Rules (each a dealership setting with the French default; see `LawSettings`):
- consent per channel and purpose (`consent_exclusion`):
  * e-mail and SMS prospecting of individuals needs prior consent (CPCE L.34-5), except an existing
    customer, for similar products and services, who was able to refuse (soft opt-in) and did not;
  * phone prospecting of individuals needs prior consent since the law of August 2026 (Code de la
    consommation L.223-1 as amended); calls about an ongoing contract (warranty, maintenance, financing)
    stay allowed for the objectives tied to it (service reminder, lease renewal);
  * companies (B2B): allowed unless they refused (opt-out);
  * an explicit refusal or withdrawal always wins.
- suppression list (liste repoussoir): hashed phone / e-mail, checked at every build and every send;
- Bloctel: consumers whose number is on the opposition list and who have no ongoing contract
  (`bloctel_applies`); the list's import date is shown and a warning given past 30 days;
- calling rules: weekdays only, public holidays excluded (the dealership's `WorkCalendar`: national ones,
  plus Alsace-Moselle's and the overseas départements'), 10:00-13:00 and 14:00-20:00 dealership time
  (`in_calling_hours`, `next_calling_moment`); at most
  4 call attempts per contact in 30 days across all campaigns (`under_attempt_limit`); no call within
  60 days after a refusal (`refusal_blocks`).

Days are calendar days in the dealership's time zone: an attempt made on day D counts until D+29, a
refusal made on day D blocks calls until D+59 and no longer on D+60.

`check_campaign` applies the rules in a fixed order to a candidate set of contacts (a SQL clause over
`Contact`): one query gathers every fact a rule needs (latest consent, ongoing contract, attempts, last
refusal), hashes are compared in memory, and each excluded contact is given the first rule it fails,
with a sentence saying why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    String,
    Subquery,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from dealercrm import i18n
from dealercrm.i18n import N_, _, ngettext
from dealercrm.models import Consent, Contact, Interaction, Sale, utcnow
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    Channel,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Direction,
    Financing,
    InteractionType,
    Lifecycle,
)
from dealercrm.services.settings import DEFAULT_TIMEZONE, dealership_timezone, read_setting
from dealercrm.services.suppression import (
    BloctelStatus,
    bloctel_hashes,
    bloctel_status,
    phone_hash,
    suppressed_hashes,
)
from dealercrm.services.work_calendar import WorkCalendar, load_calendar

FINANCED = (Financing.LOAN, Financing.LOA, Financing.LLD)
REFUSAL_OUTCOMES = (CallOutcome.NOT_INTERESTED, CallOutcome.DO_NOT_CALL)
REFUSED = (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)

# Rule codes, in the order the checker applies them (a contact is excluded by the first it fails).
ERASED = "erased"
NO_CHANNEL = "no_channel"
SUPPRESSION = "suppression_list"
NO_CONSENT = "no_consent"
BLOCTEL = "bloctel"
RECENT_REFUSAL = "recent_refusal"
MAX_ATTEMPTS = "max_attempts"
RULE_ORDER: tuple[str, ...] = (
    ERASED,
    NO_CHANNEL,
    SUPPRESSION,
    NO_CONSENT,
    BLOCTEL,
    RECENT_REFUSAL,
    MAX_ATTEMPTS,
)
RULE_TITLES: dict[str, str] = {
    ERASED: N_("Erased under the GDPR"),
    NO_CHANNEL: N_("No address or number for this channel"),
    SUPPRESSION: N_("On the suppression list (opt-out)"),
    NO_CONSENT: N_("No consent for this channel and purpose"),
    BLOCTEL: N_("On the Bloctel list, no ongoing contract"),
    RECENT_REFUSAL: N_("Refused a call recently"),
    MAX_ATTEMPTS: N_("Too many call attempts in 30 days"),
}


def rule_title(rule: str) -> str:
    """A rule code ("no_consent", "bloctel") as words in the current language; the code if unknown."""
    message = RULE_TITLES.get(rule)
    return _(message) if message is not None else rule


# Rules that only apply to phoning campaigns.
PHONE_ONLY = frozenset({BLOCTEL, RECENT_REFUSAL, MAX_ATTEMPTS})


# Settings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LawSettings:
    """The dealership's contact-law settings; the defaults are French law on 2026-11-27."""

    call_windows: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(10, 0), dt.time(13, 0)),
        (dt.time(14, 0), dt.time(20, 0)),
    )
    call_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday..Friday
    max_attempts: int = 4
    attempts_window_days: int = 30
    refusal_quiet_days: int = 60
    bloctel_max_age_days: int = 30
    phone_needs_consent: bool = True  # law of August 2026; False restores the Bloctel-only regime
    soft_opt_in_customers: bool = True  # CPCE L.34-5: existing customers, similar products
    b2b_opt_out: bool = True  # companies may be contacted unless they refused
    contract_objectives: frozenset[CampaignObjective] = frozenset(
        {CampaignObjective.SERVICE_REMINDER, CampaignObjective.LEASE_RENEWAL}
    )
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    calendar: WorkCalendar = WorkCalendar()  # public holidays: no calls on them


# Settings this module adds to those declared in services/settings.py, with their French defaults.
def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def load_law(session: Session) -> LawSettings:
    """The law settings in force in this database (defaults for those never changed)."""
    zone = dealership_timezone(session)
    windows = tuple((_time(a), _time(b)) for a, b in read_setting(session, "contact_law.call_windows"))
    return LawSettings(
        call_windows=windows,
        call_weekdays=frozenset(int(d) for d in read_setting(session, "contact_law.call_weekdays")),
        max_attempts=int(read_setting(session, "contact_law.max_attempts_30d")),
        attempts_window_days=int(read_setting(session, "contact_law.attempts_window_days")),
        refusal_quiet_days=int(read_setting(session, "contact_law.refusal_quiet_days")),
        bloctel_max_age_days=int(read_setting(session, "contact_law.bloctel_max_age_days")),
        phone_needs_consent=bool(read_setting(session, "contact_law.phone_needs_consent")),
        soft_opt_in_customers=bool(read_setting(session, "contact_law.soft_opt_in_customers")),
        b2b_opt_out=bool(read_setting(session, "contact_law.b2b_opt_out")),
        contract_objectives=frozenset(
            CampaignObjective(o) for o in read_setting(session, "contact_law.contract_objectives")
        ),
        timezone=zone,
        calendar=load_calendar(session),
    )


# The rules, pure ------------------------------------------------------------------------------------------


def local_day(moment: dt.datetime, law: LawSettings) -> dt.date:
    return moment.astimezone(law.timezone).date()


def calling_day(day: dt.date, *, law: LawSettings = LawSettings()) -> bool:
    """Whether calls are allowed at all on `day` (local): an allowed weekday that is no public holiday."""
    return law.calendar.is_working_day(day, weekdays=law.call_weekdays)


def in_calling_hours(moment: dt.datetime, *, law: LawSettings = LawSettings()) -> bool:
    """Whether a call may be made at `moment` (aware): an allowed weekday that is no public holiday,
    inside a window [start, end)."""
    local = moment.astimezone(law.timezone)
    if not calling_day(local.date(), law=law):
        return False
    clock = local.time().replace(tzinfo=None)
    return any(start <= clock < end for start, end in law.call_windows)


def next_calling_moment(moment: dt.datetime, *, law: LawSettings = LawSettings()) -> dt.datetime | None:
    """The first instant at or after `moment` when calls are allowed (None if no day/window is set):
    never a public holiday, nor a day or an hour the settings exclude."""
    if in_calling_hours(moment, law=law):
        return moment
    if not law.call_windows or not law.call_weekdays:
        return None
    local = moment.astimezone(law.timezone)
    # A year and a week always holds an allowed weekday that is no holiday.
    for offset in range(0, 373):
        day = local.date() + dt.timedelta(days=offset)
        if not calling_day(day, law=law):
            continue
        for start, _end in sorted(law.call_windows):
            candidate = dt.datetime.combine(day, start, tzinfo=law.timezone)
            if candidate >= local:
                return candidate.astimezone(dt.UTC)
    return None


def attempts_in_window(
    attempts: Iterable[dt.datetime], *, now: dt.datetime, law: LawSettings = LawSettings()
) -> int:
    """How many of these call attempts fall in the rolling window that ends today (calendar days)."""
    today = local_day(now, law)
    return sum(1 for a in attempts if 0 <= (today - local_day(a, law)).days < law.attempts_window_days)


def under_attempt_limit(
    attempts: Iterable[dt.datetime], *, now: dt.datetime, law: LawSettings = LawSettings()
) -> bool:
    """Whether one more call attempt is allowed: fewer than `max_attempts` in the last 30 days."""
    return attempts_in_window(attempts, now=now, law=law) < law.max_attempts


def refusal_blocks(
    refused_at: dt.datetime | None, *, now: dt.datetime, law: LawSettings = LawSettings()
) -> bool:
    """Whether a refusal at `refused_at` still forbids calling at `now` (quiet for 60 calendar days)."""
    if refused_at is None:
        return False
    return (local_day(now, law) - local_day(refused_at, law)).days < law.refusal_quiet_days


def refusal_ends_on(refused_at: dt.datetime, *, law: LawSettings = LawSettings()) -> dt.date:
    """The first day calls are allowed again after a refusal."""
    return local_day(refused_at, law) + dt.timedelta(days=law.refusal_quiet_days)


def purpose_of(objective: CampaignObjective) -> ConsentPurpose:
    """The consent purpose a campaign objective needs: service reminders are service, the rest commerce."""
    return (
        ConsentPurpose.SERVICE
        if objective is CampaignObjective.SERVICE_REMINDER
        else ConsentPurpose.PROSPECTING
    )


def channel_of(kind: CampaignKind) -> Channel:
    return {
        CampaignKind.PHONING: Channel.PHONE,
        CampaignKind.EMAIL: Channel.EMAIL,
        CampaignKind.SMS: Channel.SMS,
    }[kind]


def consent_exclusion(
    *,
    channel: Channel,
    objective: CampaignObjective,
    is_company: bool,
    is_customer: bool,
    has_ongoing_contract: bool,
    consent: ConsentStatus | None,
    law: LawSettings = LawSettings(),
) -> str | None:
    """Why consent law forbids contacting this contact on `channel` for `objective` (None: allowed).

    `consent` is the latest recorded status for the channel and the objective's purpose (None: never
    asked)."""
    if consent in REFUSED:
        return "refused" if consent is ConsentStatus.REFUSED else "withdrawn"
    if consent is ConsentStatus.GRANTED:
        return None
    if is_company and law.b2b_opt_out:
        return None
    if channel is Channel.PHONE:
        if has_ongoing_contract and objective in law.contract_objectives:
            return None
        return "no_phone_consent" if law.phone_needs_consent else None
    if is_customer and law.soft_opt_in_customers:
        return None
    return "no_prior_consent"


CONSENT_DETAILS = {
    "refused": N_("refused {channel} contact for this purpose"),
    "withdrawn": N_("withdrew {channel} consent for this purpose"),
    "no_phone_consent": N_(
        "an individual with no phone prospecting consent and no ongoing contract for this call"
    ),
    "no_prior_consent": N_(
        "a prospect with no prior {channel} consent (soft opt-in is for existing customers)"
    ),
}
CHANNEL_WORDS = {
    Channel.EMAIL: N_("e-mail"),
    Channel.SMS: N_("SMS"),
    Channel.PHONE: N_("phone"),
}


def bloctel_applies(*, is_company: bool, has_ongoing_contract: bool) -> bool:
    """Bloctel protects consumers, except towards a professional they have an ongoing contract with."""
    return not is_company and not has_ongoing_contract


def contact_numbers(kind: CampaignKind, *, mobile: str | None, landline: str | None) -> list[str]:
    """The numbers a campaign of `kind` would use: SMS goes to mobiles only."""
    if kind is CampaignKind.SMS:
        return [mobile] if mobile else []
    return [n for n in (mobile, landline) if n]


# The checker -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exclusion:
    contact_id: int
    contact_name: str
    rule: str
    detail: str


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    removed: int
    applies: bool  # False for rules that do not concern this kind of campaign


@dataclass(frozen=True)
class ComplianceReport:
    """The outcome of a campaign build: who is kept, and per rule who was removed and why."""

    candidates: int
    kept_ids: tuple[int, ...]
    rules: tuple[RuleResult, ...]
    exclusions: tuple[Exclusion, ...]
    bloctel: BloctelStatus
    warnings: tuple[str, ...]
    checked_at: dt.datetime

    @property
    def kept(self) -> int:
        return len(self.kept_ids)

    @property
    def excluded(self) -> int:
        return len(self.exclusions)

    def removed_by(self, rule: str) -> int:
        return next((r.removed for r in self.rules if r.rule == rule), 0)


def ongoing_contract_clause(today: dt.date) -> ColumnElement[bool]:
    """SQL on `Contact`: a running financing (loan, LOA, LLD) or warranty on one of their purchases."""
    return (
        select(Sale.id)
        .where(
            Sale.contact_id == Contact.id,
            or_(
                and_(Sale.financing.in_(FINANCED), Sale.financing_end_on >= today),
                Sale.warranty_end_on >= today,
            ),
        )
        .exists()
    )


def _day_start(day: dt.date, law: LawSettings) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=law.timezone).astimezone(dt.UTC)


def call_history(
    session: Session, contact_ids: Sequence[int] | None, *, now: dt.datetime, law: LawSettings
) -> tuple[dict[int, int], dict[int, dt.datetime]]:
    """Per contact: outbound call attempts in the attempts window, and the latest refusal in the quiet
    period (only contacts that have any), from two grouped queries over the interactions index."""
    today = local_day(now, law)
    since_attempts = _day_start(today - dt.timedelta(days=law.attempts_window_days - 1), law)
    since_refusal = _day_start(today - dt.timedelta(days=law.refusal_quiet_days - 1), law)
    attempts_q = (
        select(Interaction.contact_id, func.count())
        .where(
            Interaction.type == InteractionType.CALL,
            Interaction.direction == Direction.OUTBOUND,
            Interaction.occurred_at >= since_attempts,
        )
        .group_by(Interaction.contact_id)
    )
    refusal_q = (
        select(Interaction.contact_id, func.max(Interaction.occurred_at))
        .where(
            Interaction.type == InteractionType.CALL,
            Interaction.outcome.in_(REFUSAL_OUTCOMES),
            Interaction.occurred_at >= since_refusal,
        )
        .group_by(Interaction.contact_id)
    )
    if contact_ids is not None:
        attempts_q = attempts_q.where(Interaction.contact_id.in_(contact_ids))
        refusal_q = refusal_q.where(Interaction.contact_id.in_(contact_ids))
    attempts = {int(cid): int(n) for cid, n in session.execute(attempts_q)}
    refusals: dict[int, dt.datetime] = {}
    for cid, at in session.execute(refusal_q):
        moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
        refusals[int(cid)] = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return attempts, refusals


def _consent_reason_sql(
    *,
    channel: Channel,
    objective: CampaignObjective,
    consent: Any,
    is_company: ColumnElement[bool],
    is_customer: ColumnElement[bool],
    contract: ColumnElement[bool],
    law: LawSettings,
) -> Any:
    """`consent_exclusion` as one SQL CASE over the latest consent status (NULL: allowed)."""
    whens: list[tuple[Any, Any]] = [
        (consent == ConsentStatus.REFUSED.value, literal("refused")),
        (consent == ConsentStatus.WITHDRAWN.value, literal("withdrawn")),
        (consent == ConsentStatus.GRANTED.value, null()),
    ]
    if law.b2b_opt_out:
        whens.append((is_company, null()))
    if channel is Channel.PHONE:
        if objective in law.contract_objectives:
            whens.append((contract, null()))
        default: Any = literal("no_phone_consent") if law.phone_needs_consent else null()
    else:
        if law.soft_opt_in_customers:
            whens.append((is_customer, null()))
        default = literal("no_prior_consent")
    return case(*whens, else_=default)


def consents_in_force(
    *columns: Any, per: Sequence[Any], where: Sequence[ColumnElement[bool]] = ()
) -> Subquery:
    """`columns` of the consent records in force among those matching `where`: of each group of records
    sharing the values of `per` (e.g. a contact's channel), the one recorded last wins (then the highest
    id)."""
    ranked = (
        select(
            *columns,
            func.row_number()
            .over(partition_by=per, order_by=(Consent.recorded_at.desc(), Consent.id.desc()))
            .label("consent_rank"),
        )
        .where(*where)
        .subquery()
    )
    return (
        select(*(c for c in ranked.c if c.key != "consent_rank")).where(ranked.c.consent_rank == 1).subquery()
    )


def check_campaign(
    session: Session,
    *,
    kind: CampaignKind,
    objective: CampaignObjective,
    candidates: ColumnElement[bool],
    now: dt.datetime | None = None,
    law: LawSettings | None = None,
) -> ComplianceReport:
    """Apply every rule to the contacts matching `candidates` (a clause over Contact); read-only.

    One query decides, in SQL, every rule that needs no hash (erased, no channel, consent, recent refusal,
    attempts), joining the latest consent, running contracts and the call history as grouped subqueries;
    Python then only hashes the numbers / addresses to compare with the suppression and Bloctel lists
    (both hold hashes only) and names the excluded contacts."""
    now = now or utcnow()
    law = law or load_law(session)
    today = local_day(now, law)
    channel = channel_of(kind)
    purpose = purpose_of(objective)
    phoning = kind is CampaignKind.PHONING
    email = channel is Channel.EMAIL

    # The consent in force per contact for this channel and purpose.
    latest = consents_in_force(
        Consent.contact_id.label("contact_id"),
        type_coerce(Consent.status, String()).label("status"),
        per=(Consent.contact_id,),
        where=(Consent.channel == channel, Consent.purpose == purpose),
    )
    contracts = (
        select(Sale.contact_id.label("contact_id"))
        .where(
            or_(
                and_(Sale.financing.in_(FINANCED), Sale.financing_end_on >= today),
                Sale.warranty_end_on >= today,
            )
        )
        .group_by(Sale.contact_id)
        .subquery()
    )
    kind_text = type_coerce(Contact.kind, String())
    is_company = kind_text == ContactKind.COMPANY.value
    is_customer = type_coerce(Contact.lifecycle, String()) == Lifecycle.CUSTOMER.value
    has_contract = contracts.c.contact_id.is_not(None)
    reason = _consent_reason_sql(
        channel=channel,
        objective=objective,
        consent=latest.c.status,
        is_company=is_company,
        is_customer=is_customer,
        contract=has_contract,
        law=law,
    )
    if email:
        no_channel = or_(Contact.email.is_(None), Contact.email == "")
        first_id: Any = Contact.email
        second_id: Any = null()
    elif kind is CampaignKind.SMS:
        no_channel = or_(Contact.mobile.is_(None), Contact.mobile == "")
        first_id, second_id = Contact.mobile, null()
    else:
        no_channel = and_(
            or_(Contact.mobile.is_(None), Contact.mobile == ""),
            or_(Contact.landline.is_(None), Contact.landline == ""),
        )
        first_id, second_id = Contact.mobile, Contact.landline
    whens: list[tuple[Any, Any]] = [
        (Contact.erased_at.is_not(None), literal(ERASED)),
        (no_channel, literal(NO_CHANNEL)),
        (reason.is_not(None), literal(NO_CONSENT)),
    ]
    columns: list[Any] = []
    stmt_from: Any = Contact.__table__.outerjoin(latest, latest.c.contact_id == Contact.id).outerjoin(
        contracts, contracts.c.contact_id == Contact.id
    )
    if phoning:
        since_attempts = _day_start(today - dt.timedelta(days=law.attempts_window_days - 1), law)
        since_refusal = _day_start(today - dt.timedelta(days=law.refusal_quiet_days - 1), law)
        calls = (Interaction.type == InteractionType.CALL,)
        attempts = (
            select(Interaction.contact_id.label("contact_id"), func.count().label("n"))
            .where(
                *calls, Interaction.direction == Direction.OUTBOUND, Interaction.occurred_at >= since_attempts
            )
            .group_by(Interaction.contact_id)
            .subquery()
        )
        refusals = (
            select(Interaction.contact_id.label("contact_id"), func.max(Interaction.occurred_at).label("at"))
            .where(
                *calls, Interaction.outcome.in_(REFUSAL_OUTCOMES), Interaction.occurred_at >= since_refusal
            )
            .group_by(Interaction.contact_id)
            .subquery()
        )
        stmt_from = stmt_from.outerjoin(attempts, attempts.c.contact_id == Contact.id).outerjoin(
            refusals, refusals.c.contact_id == Contact.id
        )
        whens += [
            (refusals.c.at.is_not(None), literal(RECENT_REFUSAL)),
            (func.coalesce(attempts.c.n, 0) >= law.max_attempts, literal(MAX_ATTEMPTS)),
        ]
        # Read as stored (no per-row result processor for 100k mostly-NULL values); parsed when used.
        columns += [type_coerce(refusals.c.at, String()), attempts.c.n]
    else:
        columns += [null(), null()]
    rule_sql = case(*whens, else_=null())
    # Names only for the contacts SQL already excludes (most of the excluded ones): the kept ones need none.
    name_sql = case((rule_sql.is_not(None), _name_sql()), else_=null())
    stmt = (
        select(
            Contact.id,
            rule_sql,
            reason,
            first_id,
            second_id,
            case((is_company, 1), else_=0),
            case((has_contract, 1), else_=0),
            *columns,
            name_sql,
        )
        .select_from(stmt_from)
        .where(candidates)
    )
    rows = session.execute(stmt).all()

    suppressed = suppressed_hashes(session)
    bloctel = bloctel_hashes(session) if phoning else set()
    status = bloctel_status(session, now=now)
    # Hash every distinct identifier once, in one comprehension, and keep those on either list: the loop
    # below then only does set lookups on the raw values (no function call per contact).
    suppressed_hits, bloctel_hits = _listed_identifiers(
        (r[3] for r in rows if r[1] != ERASED and r[1] != NO_CHANNEL),
        (r[4] for r in rows if r[1] != ERASED and r[1] != NO_CHANNEL),
        email=email,
        suppressed=suppressed,
        bloctel=bloctel,
    )

    channel_word = CHANNEL_WORDS.get(channel)
    channel_name = _(channel_word) if channel_word is not None else channel.value
    fixed_details = {
        ERASED: _("erased at the person's request"),
        NO_CHANNEL: _("no e-mail address")
        if email
        else _("no mobile number")
        if kind is CampaignKind.SMS
        else _("no phone number"),
        SUPPRESSION: _("this e-mail address opted out of all marketing")
        if email
        else _("this number opted out of all marketing"),
        BLOCTEL: _("a consumer on the Bloctel list with no ongoing contract"),
    }
    consent_details = {key: _(text).format(channel=channel_name) for key, text in CONSENT_DETAILS.items()}
    kept: list[int] = []
    exclusions: list[Exclusion] = []
    unnamed: list[int] = []  # excluded by a hash rule: their name is read afterwards
    counts = dict.fromkeys(RULE_ORDER, 0)
    for cid, rule, consent_reason, a, b, company, contract, refused_at, n_attempts, name in rows:
        if rule != ERASED and rule != NO_CHANNEL:
            if a in suppressed_hits or b in suppressed_hits:
                rule = SUPPRESSION
            elif (
                (rule is None or rule == RECENT_REFUSAL or rule == MAX_ATTEMPTS)
                and (a in bloctel_hits or b in bloctel_hits)
                and not company
                and not contract
            ):  # bloctel_applies, inlined for 100k rows
                rule = BLOCTEL
        if rule is None:
            kept.append(cid)
            continue
        counts[rule] += 1
        if rule == NO_CONSENT:
            detail = consent_details[consent_reason]
        elif rule == RECENT_REFUSAL:
            moment = dt.datetime.fromisoformat(refused_at) if isinstance(refused_at, str) else refused_at
            moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
            detail = _("refused a call on {day}; quiet until {end}").format(
                day=i18n.date(local_day(moment, law)), end=i18n.date(refusal_ends_on(moment, law=law))
            )
        elif rule == MAX_ATTEMPTS:
            detail = ngettext(
                "already called {n} times in the last {days} days",
                "already called {n} times in the last {days} days",
                n_attempts,
            ).format(n=n_attempts, days=law.attempts_window_days)
        else:
            detail = fixed_details[rule]
        if name is None and rule != ERASED:
            unnamed.append(len(exclusions))
        exclusions.append(Exclusion(cid, "—" if rule == ERASED else name or "", rule, detail))
    if unnamed:
        names = _names(session, [exclusions[i].contact_id for i in unnamed])
        for i in unnamed:
            e = exclusions[i]
            exclusions[i] = Exclusion(e.contact_id, names.get(e.contact_id, ""), e.rule, e.detail)

    warnings: list[str] = []
    if phoning:
        if status.imported_at is None:
            warnings.append(
                _("No Bloctel list has been imported: import the latest file before calling consumers.")
            )
        elif status.stale:
            warnings.append(
                ngettext(
                    "The Bloctel list was imported {n} day ago (more than {max}): import a fresh one.",
                    "The Bloctel list was imported {n} days ago (more than {max}): import a fresh one.",
                    status.age_days or 0,
                ).format(n=status.age_days, max=status.max_age_days)
            )
    results = tuple(
        RuleResult(rule, rule_title(rule), counts[rule], phoning or rule not in PHONE_ONLY)
        for rule in RULE_ORDER
    )
    return ComplianceReport(
        candidates=len(rows),
        kept_ids=tuple(kept),
        rules=results,
        exclusions=tuple(exclusions),
        bloctel=status,
        warnings=tuple(warnings),
        checked_at=now,
    )


_E164_FAST = re.compile(r"^\+\d+$")
_NAME_CHUNK = 900  # under every driver's bound-parameter limit


def _listed_identifiers(
    firsts: Iterable[str | None],
    seconds: Iterable[str | None],
    *,
    email: bool,
    suppressed: set[str],
    bloctel: set[str],
) -> tuple[set[str], set[str]]:
    """The raw addresses / numbers (as stored) whose hash is on the suppression list, and those on the
    Bloctel list. Stored E.164 numbers are hashed as they are; anything else goes through the normaliser."""
    if not suppressed and not bloctel:
        return set(), set()
    values = {v for v in firsts if v} | {v for v in seconds if v}
    sha = hashlib.sha256
    if email:
        digests = {v: sha(v.strip().lower().encode()).hexdigest() for v in values if "@" in v}
    else:
        e164 = _E164_FAST.match
        digests = {v: sha(v.encode()).hexdigest() for v in values if e164(v)}
        for v in values:
            if v not in digests and (h := phone_hash(v)) is not None:
                digests[v] = h
    return (
        {v for v, h in digests.items() if h in suppressed} if suppressed else set(),
        {v for v, h in digests.items() if h in bloctel} if bloctel else set(),
    )


def _name_sql() -> Any:
    """`contact_name` in SQL: a company's name, else first and last names."""
    first = func.coalesce(Contact.first_name, "")
    last = func.coalesce(Contact.last_name, "")
    return case(
        (
            type_coerce(Contact.kind, String()) == ContactKind.COMPANY.value,
            func.coalesce(Contact.company_name, ""),
        ),
        else_=func.trim(first + literal(" ") + last),
    )


def _names(session: Session, contact_ids: Sequence[int]) -> dict[int, str]:
    """Display names of these contacts (a few: those a hash rule excluded), read in chunks."""
    names: dict[int, str] = {}
    ids = sorted(contact_ids)
    for start in range(0, len(ids), _NAME_CHUNK):
        chunk = ids[start : start + _NAME_CHUNK]
        for cid, text in session.execute(select(Contact.id, _name_sql()).where(Contact.id.in_(chunk))):
            names[cid] = text
    return names
