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
- calling rules: weekdays only, 10:00-13:00 and 14:00-20:00 dealership time (`in_calling_hours`); at most
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

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
from dealercrm.services.settings import read_setting
from dealercrm.services.suppression import (
    BloctelStatus,
    bloctel_hashes,
    bloctel_status,
    email_hash,
    phone_hash,
    suppressed_hashes,
)
from dealercrm.services.vehicles import contact_name

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
    ERASED: "Erased under the GDPR",
    NO_CHANNEL: "No address or number for this channel",
    SUPPRESSION: "On the suppression list (opt-out)",
    NO_CONSENT: "No consent for this channel and purpose",
    BLOCTEL: "On the Bloctel list, no ongoing contract",
    RECENT_REFUSAL: "Refused a call recently",
    MAX_ATTEMPTS: "Too many call attempts in 30 days",
}
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
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))


# Settings this module adds to those declared in services/settings.py, with their French defaults.
def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def load_law(session: Session) -> LawSettings:
    """The law settings in force in this database (defaults for those never changed)."""
    try:
        zone = ZoneInfo(str(read_setting(session, "dealership.timezone")))
    except (ValueError, KeyError):
        zone = ZoneInfo("Europe/Paris")
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
    )


# The rules, pure ------------------------------------------------------------------------------------------


def local_day(moment: dt.datetime, law: LawSettings) -> dt.date:
    return moment.astimezone(law.timezone).date()


def in_calling_hours(moment: dt.datetime, *, law: LawSettings = LawSettings()) -> bool:
    """Whether a call may be made at `moment` (aware): an allowed weekday, inside a window [start, end)."""
    local = moment.astimezone(law.timezone)
    if local.weekday() not in law.call_weekdays:
        return False
    clock = local.time().replace(tzinfo=None)
    return any(start <= clock < end for start, end in law.call_windows)


def next_calling_moment(moment: dt.datetime, *, law: LawSettings = LawSettings()) -> dt.datetime | None:
    """The first instant at or after `moment` when calls are allowed (None if no day/window is set)."""
    if in_calling_hours(moment, law=law):
        return moment
    if not law.call_windows or not law.call_weekdays:
        return None
    local = moment.astimezone(law.timezone)
    for offset in range(0, 8):
        day = local.date() + dt.timedelta(days=offset)
        if day.weekday() not in law.call_weekdays:
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
    "refused": "refused {channel} contact for this purpose",
    "withdrawn": "withdrew {channel} consent for this purpose",
    "no_phone_consent": "an individual with no phone prospecting consent "
    "and no ongoing contract for this call",
    "no_prior_consent": "a prospect with no prior {channel} consent (soft opt-in is for existing customers)",
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


def check_campaign(
    session: Session,
    *,
    kind: CampaignKind,
    objective: CampaignObjective,
    candidates: ColumnElement[bool],
    now: dt.datetime | None = None,
    law: LawSettings | None = None,
) -> ComplianceReport:
    """Apply every rule to the contacts matching `candidates` (a clause over Contact); read-only."""
    now = now or utcnow()
    law = law or load_law(session)
    today = local_day(now, law)
    channel = channel_of(kind)
    purpose = purpose_of(objective)
    phoning = kind is CampaignKind.PHONING

    # Enums read as their stored strings: converting 100k values costs more than the query itself.
    stmt = select(
        Contact.id,
        type_coerce(Contact.kind, String()).label("kind"),
        Contact.first_name,
        Contact.last_name,
        Contact.company_name,
        type_coerce(Contact.lifecycle, String()).label("lifecycle"),
        Contact.mobile,
        Contact.landline,
        Contact.email,
        Contact.erased_at,
    ).where(candidates)
    rows = session.execute(stmt).all()
    # Two grouped reads instead of a correlated subquery per contact: the latest consent per contact for
    # this channel and purpose (rows in time order, the last one wins), and who has a running contract.
    consents: dict[int, ConsentStatus] = {}
    statuses = {s.value: s for s in ConsentStatus}
    for cid, consent_status in session.execute(
        select(Consent.contact_id, type_coerce(Consent.status, String()))
        .where(Consent.channel == channel, Consent.purpose == purpose)
        .order_by(Consent.contact_id, Consent.recorded_at, Consent.id)
    ):
        consents[cid] = statuses[consent_status]
    contracts = set(
        session.scalars(
            select(Sale.contact_id)
            .where(
                or_(
                    and_(Sale.financing.in_(FINANCED), Sale.financing_end_on >= today),
                    Sale.warranty_end_on >= today,
                )
            )
            .distinct()
        )
    )

    suppressed = suppressed_hashes(session)
    bloctel = bloctel_hashes(session) if phoning else set()
    attempts, refusals = call_history(session, None, now=now, law=law) if phoning else ({}, {})
    status = bloctel_status(session, now=now)

    kept: list[int] = []
    exclusions: list[Exclusion] = []
    counts = dict.fromkeys(RULE_ORDER, 0)
    channel_name = channel.value.replace("email", "e-mail")
    for r in rows:
        rule, detail = _first_failure(
            r,
            kind=kind,
            channel=channel,
            channel_name=channel_name,
            objective=objective,
            suppressed=suppressed,
            bloctel=bloctel,
            consent=consents.get(r.id),
            contract=r.id in contracts,
            attempts=attempts.get(r.id, 0),
            refused_at=refusals.get(r.id),
            now=now,
            law=law,
        )
        if rule is None:
            kept.append(r.id)
            continue
        counts[rule] += 1
        kind_enum = ContactKind(r.kind)
        name = (
            contact_name(kind_enum, r.first_name, r.last_name, r.company_name) if r.erased_at is None else "—"
        )
        exclusions.append(Exclusion(r.id, name, rule, detail))

    warnings: list[str] = []
    if phoning:
        if status.imported_at is None:
            warnings.append(
                "No Bloctel list has been imported: import the latest file before calling consumers."
            )
        elif status.stale:
            warnings.append(
                f"The Bloctel list was imported {status.age_days} days ago "
                f"(more than {status.max_age_days}): "
                "import a fresh one."
            )
    results = tuple(
        RuleResult(rule, RULE_TITLES[rule], counts[rule], phoning or rule not in PHONE_ONLY)
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


def _fast_phone_hash(number: str) -> str | None:
    if number.startswith("+") and number[1:].isdigit():  # stored E.164: hash as is
        return hashlib.sha256(number.encode()).hexdigest()
    return phone_hash(number)


def _first_failure(
    r: Any,
    *,
    kind: CampaignKind,
    channel: Channel,
    channel_name: str,
    objective: CampaignObjective,
    suppressed: set[str],
    bloctel: set[str],
    consent: ConsentStatus | None,
    contract: bool,
    attempts: int,
    refused_at: dt.datetime | None,
    now: dt.datetime,
    law: LawSettings,
) -> tuple[str | None, str]:
    if r.erased_at is not None:
        return ERASED, "erased at the person's request"
    numbers = contact_numbers(kind, mobile=r.mobile, landline=r.landline)
    if channel is Channel.EMAIL:
        if not r.email:
            return NO_CHANNEL, "no e-mail address"
        hashes = [email_hash(r.email)]
    else:
        if not numbers:
            return NO_CHANNEL, "no mobile number" if kind is CampaignKind.SMS else "no phone number"
        hashes = [_fast_phone_hash(n) for n in numbers]
    if any(h in suppressed for h in hashes if h):
        what = "e-mail address" if channel is Channel.EMAIL else "number"
        return SUPPRESSION, f"this {what} opted out of all marketing"
    is_company = r.kind == ContactKind.COMPANY.value
    reason = consent_exclusion(
        channel=channel,
        objective=objective,
        is_company=is_company,
        is_customer=r.lifecycle == Lifecycle.CUSTOMER.value,
        has_ongoing_contract=contract,
        consent=consent,
        law=law,
    )
    if reason is not None:
        return NO_CONSENT, CONSENT_DETAILS[reason].format(channel=channel_name)
    if kind is not CampaignKind.PHONING:
        return None, ""
    if bloctel_applies(is_company=is_company, has_ongoing_contract=contract) and any(
        h in bloctel for h in hashes if h
    ):
        return BLOCTEL, "a consumer on the Bloctel list with no ongoing contract"
    if refusal_blocks(refused_at, now=now, law=law):
        assert refused_at is not None
        return RECENT_REFUSAL, f"refused a call on {local_day(refused_at, law).isoformat()}; quiet until " + (
            refusal_ends_on(refused_at, law=law).isoformat()
        )
    if attempts >= law.max_attempts:
        return MAX_ATTEMPTS, f"already called {attempts} times in the last {law.attempts_window_days} days"
    return None, ""
