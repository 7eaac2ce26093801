"""French contact law: each rule on its boundary cases, then the campaign checker on a real database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dealercrm.db import Database
from dealercrm.models import (
    BloctelEntry,
    Consent,
    Contact,
    Interaction,
    Sale,
    Setting,
    SuppressionEntry,
    Vehicle,
)
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
    StockStatus,
    VehicleCondition,
)
from dealercrm.services import compliance as law
from dealercrm.services.compliance import LawSettings
from dealercrm.services.suppression import sha256_hex

PARIS = ZoneInfo("Europe/Paris")
# Friday 27 November 2026, the day the law is taken as in force.
FRIDAY = dt.date(2026, 11, 27)


def paris(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=PARIS)


NOW = paris(FRIDAY, 11, 0)


# Test data ----------

_n = iter(range(1, 1_000_000))


def person(db: Database, **kw: Any) -> int:
    n = next(_n)
    values: dict[str, Any] = {
        "kind": ContactKind.PERSON,
        "first_name": "Paul",
        "last_name": f"Martin{n}",
        "lifecycle": Lifecycle.PROSPECT,
        "mobile": f"+3361{n:07d}",
        "email": f"paul{n}@example.fr",
    }
    values.update(kw)
    with db.session_factory.begin() as s:
        contact = Contact(**values)
        s.add(contact)
        s.flush()
        return contact.id


def company(db: Database, **kw: Any) -> int:
    kw.setdefault("company_name", f"Transports {next(_n)}")
    return person(db, kind=ContactKind.COMPANY, first_name=None, last_name=None, **kw)


def consent(
    db: Database,
    contact_id: int,
    channel: Channel,
    status: ConsentStatus,
    *,
    purpose: ConsentPurpose = ConsentPurpose.PROSPECTING,
    at: dt.datetime | None = None,
) -> None:
    at = at or paris(dt.date(2026, 1, 5), 10)
    with db.session_factory.begin() as s:
        s.add(
            Consent(
                contact_id=contact_id,
                channel=channel,
                purpose=purpose,
                status=status,
                recorded_at=at,
                proof="t",
            )
        )


def call(
    db: Database, contact_id: int, at: dt.datetime, outcome: CallOutcome = CallOutcome.NO_ANSWER
) -> None:
    with db.session_factory.begin() as s:
        s.add(
            Interaction(
                contact_id=contact_id,
                type=InteractionType.CALL,
                direction=Direction.OUTBOUND,
                occurred_at=at,
                outcome=outcome,
            )
        )


def contract(
    db: Database,
    contact_id: int,
    *,
    financing_end: dt.date | None = None,
    warranty_end: dt.date | None = None,
) -> None:
    with db.session_factory.begin() as s:
        vehicle = Vehicle(
            make="Renault",
            model="Clio",
            condition=VehicleCondition.NEW,
            stock_status=StockStatus.CUSTOMER_OWNED,
            owner_contact_id=contact_id,
            first_registration_on=dt.date(2024, 3, 1),
        )
        s.add(vehicle)
        s.flush()
        s.add(
            Sale(
                contact_id=contact_id,
                vehicle_id=vehicle.id,
                sold_on=dt.date(2024, 3, 1),
                price=Decimal("20000"),
                cost=Decimal("18000"),
                margin=Decimal("2000"),
                financing=Financing.LOA if financing_end else Financing.CASH,
                financing_months=36 if financing_end else None,
                financing_end_on=financing_end,
                warranty_end_on=warranty_end,
            )
        )


def check(
    db: Database, kind: CampaignKind, objective: CampaignObjective, ids: list[int], **kw: Any
) -> law.ComplianceReport:
    with db.session_factory() as s:
        return law.check_campaign(
            s, kind=kind, objective=objective, candidates=Contact.id.in_(ids), now=kw.pop("now", NOW), **kw
        )


def rule_of(report: law.ComplianceReport, contact_id: int) -> str | None:
    return next((e.rule for e in report.exclusions if e.contact_id == contact_id), None)


# Calling hours ----------


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (paris(FRIDAY, 9, 59, 59), False),
        (paris(FRIDAY, 10, 0), True),
        (paris(FRIDAY, 12, 59, 59), True),
        (paris(FRIDAY, 12, 59), True),
        (paris(FRIDAY, 13, 0), False),
        (paris(FRIDAY, 13, 59), False),
        (paris(FRIDAY, 14, 0), True),
        (paris(FRIDAY, 19, 59), True),
        (paris(FRIDAY, 20, 0), False),
        (paris(dt.date(2026, 11, 28), 11, 0), False),  # Saturday
        (paris(dt.date(2026, 11, 29), 11, 0), False),  # Sunday
        (paris(dt.date(2026, 11, 30), 10, 0), True),  # Monday
    ],
)
def test_calling_hours(moment: dt.datetime, allowed: bool) -> None:
    assert law.in_calling_hours(moment) is allowed


def test_calling_hours_are_paris_time_whatever_the_zone_of_the_instant() -> None:
    # 12:30 UTC in winter is 13:30 in Paris: lunch break.
    assert not law.in_calling_hours(dt.datetime(2026, 11, 27, 12, 30, tzinfo=dt.UTC))
    # 8:30 UTC in summer is 10:30 in Paris.
    assert law.in_calling_hours(dt.datetime(2026, 7, 3, 8, 30, tzinfo=dt.UTC))


def test_next_calling_moment() -> None:
    assert law.next_calling_moment(paris(FRIDAY, 13, 5)) == paris(FRIDAY, 14, 0)
    assert law.next_calling_moment(paris(FRIDAY, 20, 0)) == paris(dt.date(2026, 11, 30), 10, 0)
    assert law.next_calling_moment(paris(dt.date(2026, 11, 28), 11, 0)) == paris(dt.date(2026, 11, 30), 10, 0)
    assert law.next_calling_moment(paris(FRIDAY, 11, 0)) == paris(FRIDAY, 11, 0)


def test_calling_hours_follow_the_settings() -> None:
    saturday = LawSettings(call_weekdays=frozenset(range(6)))
    assert law.in_calling_hours(paris(dt.date(2026, 11, 28), 11, 0), law=saturday)


# Attempts ----------


def test_fourth_attempt_allowed_fifth_refused() -> None:
    three = [NOW - dt.timedelta(days=d) for d in (1, 5, 20)]
    assert law.under_attempt_limit(three, now=NOW)  # the 4th
    four = [*three, NOW - dt.timedelta(days=29)]
    assert not law.under_attempt_limit(four, now=NOW)  # the 5th


def test_attempts_older_than_thirty_days_do_not_count() -> None:
    old = [NOW - dt.timedelta(days=d) for d in (1, 5, 20)] + [NOW - dt.timedelta(days=30)]
    assert law.attempts_in_window(old, now=NOW) == 3
    assert law.under_attempt_limit(old, now=NOW)


# Refusals ----------


def test_refusal_59_days_ago_blocks_60_days_ago_does_not() -> None:
    assert law.refusal_blocks(NOW - dt.timedelta(days=59), now=NOW)
    assert not law.refusal_blocks(NOW - dt.timedelta(days=60), now=NOW)
    assert not law.refusal_blocks(None, now=NOW)
    assert law.refusal_ends_on(NOW - dt.timedelta(days=59)) == FRIDAY + dt.timedelta(days=1)


def test_refusal_days_are_calendar_days_in_paris() -> None:
    # Refused at 23:30 Paris time (22:30 UTC) 60 days before: that Paris day counts, not the UTC one.
    refused = paris(FRIDAY - dt.timedelta(days=60), 23, 30)
    assert not law.refusal_blocks(refused, now=paris(FRIDAY, 10, 0))
    assert law.refusal_blocks(refused, now=paris(FRIDAY - dt.timedelta(days=1), 19, 0))


# Consent ----------


def decide(channel: Channel, **kw: Any) -> str | None:
    values: dict[str, Any] = {
        "objective": CampaignObjective.PROSPECTING,
        "is_company": False,
        "is_customer": False,
        "has_ongoing_contract": False,
        "consent": None,
    }
    values.update(kw)
    return law.consent_exclusion(channel=channel, **values)


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.SMS])
def test_message_prospecting_prospect_needs_consent_customer_soft_opt_in(channel: Channel) -> None:
    assert decide(channel) == "no_prior_consent"  # prospect, never asked
    assert decide(channel, consent=ConsentStatus.GRANTED) is None
    assert decide(channel, is_customer=True) is None  # existing customer, similar products, did not refuse
    assert decide(channel, is_customer=True, consent=ConsentStatus.REFUSED) == "refused"
    assert decide(channel, is_customer=True, consent=ConsentStatus.WITHDRAWN) == "withdrawn"
    no_soft = LawSettings(soft_opt_in_customers=False)
    assert decide(channel, is_customer=True, law=no_soft) == "no_prior_consent"


def test_phone_prospecting_of_individuals_needs_consent_since_august_2026() -> None:
    assert decide(Channel.PHONE) == "no_phone_consent"
    assert decide(Channel.PHONE, is_customer=True) == "no_phone_consent"  # no soft opt-in by phone
    assert decide(Channel.PHONE, consent=ConsentStatus.GRANTED) is None
    assert decide(Channel.PHONE, law=LawSettings(phone_needs_consent=False)) is None  # former regime


def test_calls_about_an_ongoing_contract_stay_allowed() -> None:
    for objective in (CampaignObjective.SERVICE_REMINDER, CampaignObjective.LEASE_RENEWAL):
        assert decide(Channel.PHONE, objective=objective, has_ongoing_contract=True) is None
    # ...but not to sell something else, and not when they refused.
    assert decide(Channel.PHONE, has_ongoing_contract=True) == "no_phone_consent"
    assert (
        decide(
            Channel.PHONE,
            objective=CampaignObjective.LEASE_RENEWAL,
            has_ongoing_contract=True,
            consent=ConsentStatus.REFUSED,
        )
        == "refused"
    )


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.EMAIL, Channel.SMS])
def test_companies_follow_the_b2b_opt_out_rules(channel: Channel) -> None:
    assert decide(channel, is_company=True) is None
    assert decide(channel, is_company=True, consent=ConsentStatus.REFUSED) == "refused"
    assert decide(channel, is_company=True, law=LawSettings(b2b_opt_out=False)) is not None


def test_bloctel_protects_consumers_without_contract_only() -> None:
    assert law.bloctel_applies(is_company=False, has_ongoing_contract=False)
    assert not law.bloctel_applies(is_company=False, has_ongoing_contract=True)
    assert not law.bloctel_applies(is_company=True, has_ongoing_contract=False)


def test_purpose_of_objectives() -> None:
    assert law.purpose_of(CampaignObjective.SERVICE_REMINDER) is ConsentPurpose.SERVICE
    assert law.purpose_of(CampaignObjective.EVENT_INVITATION) is ConsentPurpose.PROSPECTING


# The checker on a database ----------


def test_phoning_build_removes_each_case_with_its_rule(db: Database) -> None:
    ok = person(db)
    consent(db, ok, Channel.PHONE, ConsentStatus.GRANTED)
    no_phone = person(db, mobile=None)
    no_consent = person(db)  # prospect, never asked
    opted_out = person(db)
    consent(db, opted_out, Channel.PHONE, ConsentStatus.GRANTED)
    bloctel = person(db)
    consent(db, bloctel, Channel.PHONE, ConsentStatus.GRANTED)
    bloctel_customer = person(db, lifecycle=Lifecycle.CUSTOMER)  # on Bloctel but with a running lease
    contract(db, bloctel_customer, financing_end=dt.date(2027, 6, 1))
    consent(db, bloctel_customer, Channel.PHONE, ConsentStatus.GRANTED)
    refused_59 = person(db)
    consent(db, refused_59, Channel.PHONE, ConsentStatus.GRANTED)
    call(db, refused_59, NOW - dt.timedelta(days=59), CallOutcome.NOT_INTERESTED)
    refused_60 = person(db)
    consent(db, refused_60, Channel.PHONE, ConsentStatus.GRANTED)
    call(db, refused_60, NOW - dt.timedelta(days=60), CallOutcome.NOT_INTERESTED)
    four_calls = person(db)
    consent(db, four_calls, Channel.PHONE, ConsentStatus.GRANTED)
    for d in (1, 2, 3, 4):
        call(db, four_calls, NOW - dt.timedelta(days=d))
    three_calls = person(db)
    consent(db, three_calls, Channel.PHONE, ConsentStatus.GRANTED)
    for d in (1, 2, 3):
        call(db, three_calls, NOW - dt.timedelta(days=d))
    firm = company(db)  # B2B: no consent needed, Bloctel does not apply
    with db.session_factory.begin() as s:
        for cid in (opted_out,):
            number = s.get_one(Contact, cid).mobile
            assert number is not None
            s.add(SuppressionEntry(kind="phone", value_hash=sha256_hex(number), reason="STOP"))
        for cid in (bloctel, bloctel_customer, firm):
            number = s.get_one(Contact, cid).mobile
            assert number is not None
            s.add(BloctelEntry(number_hash=sha256_hex(number), imported_at=NOW - dt.timedelta(days=3)))
    ids = [ok, no_phone, no_consent, opted_out, bloctel, bloctel_customer, refused_59, refused_60, four_calls]
    ids += [three_calls, firm]

    report = check(db, CampaignKind.PHONING, CampaignObjective.PROSPECTING, ids)

    assert set(report.kept_ids) == {ok, bloctel_customer, refused_60, three_calls, firm}
    assert rule_of(report, no_phone) == law.NO_CHANNEL
    assert rule_of(report, no_consent) == law.NO_CONSENT
    assert rule_of(report, opted_out) == law.SUPPRESSION
    assert rule_of(report, bloctel) == law.BLOCTEL
    assert rule_of(report, refused_59) == law.RECENT_REFUSAL
    assert rule_of(report, four_calls) == law.MAX_ATTEMPTS
    assert report.candidates == 11 and report.excluded == 6
    assert {r.rule: r.removed for r in report.rules if r.removed} == {
        law.NO_CHANNEL: 1,
        law.NO_CONSENT: 1,
        law.SUPPRESSION: 1,
        law.BLOCTEL: 1,
        law.RECENT_REFUSAL: 1,
        law.MAX_ATTEMPTS: 1,
    }
    detail = next(e for e in report.exclusions if e.contact_id == refused_59).detail
    assert "quiet until 28/11/2026" in detail  # the date as the user reads it
    assert report.warnings == ()  # Bloctel imported 3 days ago


def test_email_build_customer_vs_prospect_and_latest_consent_wins(db: Database) -> None:
    customer = person(db, lifecycle=Lifecycle.CUSTOMER)
    prospect = person(db)
    prospect_ok = person(db)
    consent(db, prospect_ok, Channel.EMAIL, ConsentStatus.GRANTED)
    withdrew = person(db)
    consent(db, withdrew, Channel.EMAIL, ConsentStatus.GRANTED, at=paris(dt.date(2026, 1, 5), 10))
    consent(db, withdrew, Channel.EMAIL, ConsentStatus.WITHDRAWN, at=paris(dt.date(2026, 5, 5), 10))
    no_email = person(db, email=None, lifecycle=Lifecycle.CUSTOMER)
    unsubscribed = person(db, lifecycle=Lifecycle.CUSTOMER, email="  Jean.Dupont@Example.FR ")
    with db.session_factory.begin() as s:
        s.add(
            SuppressionEntry(
                kind="email", value_hash=sha256_hex("jean.dupont@example.fr"), reason="unsubscribe"
            )
        )

    report = check(
        db,
        CampaignKind.EMAIL,
        CampaignObjective.EVENT_INVITATION,
        [customer, prospect, prospect_ok, withdrew, no_email, unsubscribed],
    )

    assert set(report.kept_ids) == {customer, prospect_ok}
    assert rule_of(report, prospect) == law.NO_CONSENT
    assert rule_of(report, withdrew) == law.NO_CONSENT
    assert rule_of(report, no_email) == law.NO_CHANNEL
    assert rule_of(report, unsubscribed) == law.SUPPRESSION
    # Phone-only rules are shown as not applying to an e-mail campaign.
    assert not next(r for r in report.rules if r.rule == law.BLOCTEL).applies
    assert "withdrew e-mail consent" in next(e.detail for e in report.exclusions if e.contact_id == withdrew)


def test_sms_needs_a_mobile(db: Database) -> None:
    landline_only = person(db, mobile=None, landline="+33238521460", lifecycle=Lifecycle.CUSTOMER)
    report = check(db, CampaignKind.SMS, CampaignObjective.LOYALTY, [landline_only])
    assert rule_of(report, landline_only) == law.NO_CHANNEL


def test_service_reminder_call_to_a_customer_under_warranty(db: Database) -> None:
    covered = person(db, lifecycle=Lifecycle.CUSTOMER)
    contract(db, covered, warranty_end=dt.date(2027, 3, 1))
    expired = person(db, lifecycle=Lifecycle.CUSTOMER)
    contract(db, expired, warranty_end=dt.date(2026, 3, 1))
    report = check(db, CampaignKind.PHONING, CampaignObjective.SERVICE_REMINDER, [covered, expired])
    assert report.kept_ids == (covered,)
    assert rule_of(report, expired) == law.NO_CONSENT


def test_bloctel_warning_when_old_or_missing(db: Database) -> None:
    firm = company(db)
    report = check(db, CampaignKind.PHONING, CampaignObjective.PROSPECTING, [firm])
    assert report.bloctel.imported_at is None and "No Bloctel list" in report.warnings[0]
    with db.session_factory.begin() as s:
        s.add(BloctelEntry(number_hash="0" * 64, imported_at=NOW - dt.timedelta(days=31)))
    report = check(db, CampaignKind.PHONING, CampaignObjective.PROSPECTING, [firm])
    assert report.bloctel.stale and "31 days ago" in report.warnings[0]
    fresh = check(
        db, CampaignKind.PHONING, CampaignObjective.PROSPECTING, [firm], now=NOW - dt.timedelta(days=2)
    )
    assert not fresh.bloctel.stale and fresh.warnings == ()


def test_settings_change_the_rules(db: Database) -> None:
    called = person(db)
    consent(db, called, Channel.PHONE, ConsentStatus.GRANTED)
    for d in (1, 2):
        call(db, called, NOW - dt.timedelta(days=d))
    with db.session_factory.begin() as s:
        s.add(Setting(key="contact_law.max_attempts_30d", value=2))
        s.add(Setting(key="contact_law.phone_needs_consent", value=False))
    prospect = person(db)
    report = check(db, CampaignKind.PHONING, CampaignObjective.PROSPECTING, [called, prospect])
    assert rule_of(report, called) == law.MAX_ATTEMPTS
    assert prospect in report.kept_ids  # the pre-August-2026 regime: Bloctel only


def test_erased_contacts_are_never_targeted(db: Database) -> None:
    gone = person(db, lifecycle=Lifecycle.CUSTOMER, erased_at=NOW - dt.timedelta(days=3))
    report = check(db, CampaignKind.EMAIL, CampaignObjective.LOYALTY, [gone])
    assert rule_of(report, gone) == law.ERASED
    assert report.exclusions[0].contact_name == "—"
