"""Scoring rules: always 0-100, the reasons add up, good news never lowers a score."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dealercrm.models.enums import OPEN_STAGES, ConsentStatus, Lifecycle
from dealercrm.services.scoring import DEFAULT_WEIGHTS as W
from dealercrm.services.scoring import Facts, compute

NOW = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.UTC)
moments = st.none() | st.integers(min_value=0, max_value=2000).map(lambda d: NOW - dt.timedelta(days=d))

facts = st.builds(
    Facts,
    lifecycle=st.sampled_from(list(Lifecycle)),
    budget=st.none() | st.integers(min_value=0, max_value=200_000).map(Decimal),
    last_contact_at=moments,
    best_stage=st.none() | st.sampled_from(OPEN_STAGES),
    interactions_90d=st.integers(min_value=0, max_value=500),
    last_test_drive_at=moments,
    purchases=st.integers(min_value=0, max_value=10),
    purchase_total=st.integers(min_value=0, max_value=500_000).map(Decimal),
    open_claims=st.integers(min_value=0, max_value=5),
    consent=st.none() | st.sampled_from(list(ConsentStatus)),
)
weights = st.fixed_dictionaries({key: st.integers(min_value=-50, max_value=50) for key in W})


@given(facts, weights)
def test_score_is_bounded_and_reasons_add_up(f: Facts, w: dict[str, int]) -> None:
    score = compute(f, w, now=NOW)
    assert 0 <= score.value <= 100
    total = sum(int(r["points"]) for r in score.reasons)
    assert score.value == max(0, min(100, total))
    assert all(r["points"] != 0 for r in score.reasons)


@given(facts)
def test_a_recent_test_drive_never_lowers_the_score(f: Facts) -> None:
    with_drive = dataclasses.replace(f, last_test_drive_at=NOW - dt.timedelta(days=1))
    assert compute(with_drive, W, now=NOW).value >= compute(f, W, now=NOW).value


@given(facts)
def test_a_later_stage_never_lowers_the_score(f: Facts) -> None:
    ranks = [compute(dataclasses.replace(f, best_stage=s), W, now=NOW).value for s in OPEN_STAGES]
    assert ranks == sorted(ranks)
