"""Contact-law rules on random calendars and histories (hypothesis)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from dealercrm.models.enums import CampaignObjective, Channel, ConsentStatus
from dealercrm.services import compliance as law

PARIS = ZoneInfo("Europe/Paris")
moments = st.datetimes(
    min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2028, 12, 31), timezones=st.just(dt.UTC)
)
histories = st.lists(st.integers(min_value=0, max_value=120 * 24 * 60), max_size=12)  # minutes before now


@given(moments)
def test_calling_hours_mean_weekday_and_window(moment: dt.datetime) -> None:
    local = moment.astimezone(PARIS)
    minutes = local.hour * 60 + local.minute
    holiday = local.date() in holidays.country_holidays("FR", years=local.year)
    expected = local.weekday() < 5 and not holiday and (600 <= minutes < 780 or 840 <= minutes < 1200)
    assert law.in_calling_hours(moment) is expected


@given(moments)
def test_next_calling_moment_is_the_first_allowed_one(moment: dt.datetime) -> None:
    found = law.next_calling_moment(moment)
    assert found is not None
    assert found >= moment
    assert law.in_calling_hours(found)
    # At worst from Friday 20:00 to Tuesday 10:00 (a Monday holiday), or Thursday 20:00 before a Friday
    # holiday (Good Friday does not count here) to Monday 10:00.
    assert found - moment < dt.timedelta(days=5)
    if found > moment:
        assert not law.in_calling_hours(found - dt.timedelta(seconds=1))


@given(moments, histories)
def test_attempt_limit_counts_only_the_last_thirty_days(now: dt.datetime, minutes: list[int]) -> None:
    attempts = [now - dt.timedelta(minutes=m) for m in minutes]
    today = now.astimezone(PARIS).date()
    recent = [a for a in attempts if (today - a.astimezone(PARIS).date()).days < 30]
    assert law.attempts_in_window(attempts, now=now) == len(recent)
    assert law.under_attempt_limit(attempts, now=now) is (len(recent) < 4)


@given(moments, histories, st.integers(min_value=0, max_value=120 * 24 * 60))
def test_one_more_attempt_never_unblocks(now: dt.datetime, minutes: list[int], extra: int) -> None:
    attempts = [now - dt.timedelta(minutes=m) for m in minutes]
    if not law.under_attempt_limit(attempts, now=now):
        assert not law.under_attempt_limit([*attempts, now - dt.timedelta(minutes=extra)], now=now)


@given(moments, st.integers(min_value=0, max_value=200 * 24 * 60))
def test_refusal_quiet_period_is_sixty_calendar_days(now: dt.datetime, minutes: int) -> None:
    refused = now - dt.timedelta(minutes=minutes)
    days = (now.astimezone(PARIS).date() - refused.astimezone(PARIS).date()).days
    assert law.refusal_blocks(refused, now=now) is (days < 60)
    if law.refusal_blocks(refused, now=now):
        assert law.refusal_ends_on(refused) > now.astimezone(PARIS).date()


@settings(max_examples=300)
@given(
    st.sampled_from(list(Channel)[:3]),
    st.sampled_from(list(CampaignObjective)),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, *ConsentStatus]),
)
def test_consent_decisions(
    channel: Channel,
    objective: CampaignObjective,
    is_company: bool,
    is_customer: bool,
    contract: bool,
    consent: ConsentStatus | None,
) -> None:
    reason = law.consent_exclusion(
        channel=channel,
        objective=objective,
        is_company=is_company,
        is_customer=is_customer,
        has_ongoing_contract=contract,
        consent=consent,
    )
    if consent in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
        assert reason is not None  # a refusal always wins
    elif consent is ConsentStatus.GRANTED or is_company:
        assert reason is None
    elif channel is Channel.PHONE:
        tied = (CampaignObjective.SERVICE_REMINDER, CampaignObjective.LEASE_RENEWAL)
        allowed = contract and objective in tied
        assert (reason is None) is allowed
    else:
        assert (reason is None) is is_customer
