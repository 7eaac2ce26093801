"""The purchase model: time split, no leakage, honest figures, calibration, explanations, CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from dealercrm import cli_score
from dealercrm.db import Database
from dealercrm.demo import generate_demo
from dealercrm.models import (
    Claim,
    Contact,
    Interaction,
    Opportunity,
    PurchaseModel,
    PurchaseProbability,
    Sale,
    ServiceVisit,
    Vehicle,
)
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ContactKind,
    Financing,
    InteractionType,
    ServiceKind,
    Severity,
    SourceChannel,
    Stage,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.contacts import ContactFilter, ContactService
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.permissions import SYSTEM_ACTOR, Actor
from dealercrm.services.purchase_model import (
    PurchaseModelService,
    expected_calibration_error,
    month_snapshots,
    reliability,
    split,
)
from dealercrm.services.purchase_model import features as F
from dealercrm.services.purchase_model.service import HORIZON_DAYS, TEST_MONTHS

UTC = dt.UTC
TODAY = dt.date(2026, 3, 12)
NOW = dt.datetime(2026, 3, 12, 9, tzinfo=UTC)


# --- the time split -------------------------------------------------------------------------------


def test_snapshots_are_monthly_and_labelled_and_the_split_is_by_time() -> None:
    snaps = month_snapshots(TODAY, UTC, months=18)
    assert len(snaps) == 18
    assert all(s.day.day == 1 for s in snaps)
    assert all(s.day + dt.timedelta(days=HORIZON_DAYS) <= TODAY for s in snaps)  # every label is known
    assert [s.day for s in snaps] == sorted(s.day for s in snaps)
    train, test = split(snaps)
    assert [s.day for s in test] == [s.day for s in snaps[-TEST_MONTHS:]]
    assert train and max(s.day for s in train) < min(s.day for s in test)
    # Embargo: no training label window reaches into the test period.
    assert all(s.day + dt.timedelta(days=HORIZON_DAYS) <= test[0].day for s in train)


# --- leakage: rows dated after the snapshot change nothing ------------------------------------------


def _vehicle(session, registered: dt.date) -> Vehicle:  # type: ignore[no-untyped-def]
    v = Vehicle(
        make="Renault",
        model="Clio",
        condition=VehicleCondition.USED,
        stock_status=StockStatus.CUSTOMER_OWNED,
        first_registration_on=registered,
    )
    session.add(v)
    session.flush()
    return v


def _history(db: Database, at: dt.datetime, *, after: bool) -> int:
    """A contact with a bit of everything before `at` (after=False), or the same kinds of rows dated
    after `at` (after=True) for the contact made before."""
    shift = dt.timedelta(days=5) if after else -dt.timedelta(days=20)
    moment = at + shift
    day = moment.date()
    with db.session_factory.begin() as session:
        if after:
            contact = session.scalars(select(Contact).order_by(Contact.id)).first()
            assert contact is not None
        else:
            contact = Contact(
                kind=ContactKind.PERSON,
                last_name="Martin",
                source_channel=SourceChannel.WALK_IN,
                has_trade_in=True,
                budget=Decimal(24000),
                created_at=at - dt.timedelta(days=400),
                updated_at=at - dt.timedelta(days=400),
            )
            session.add(contact)
            session.flush()
        for kind in InteractionType:
            session.add(Interaction(contact_id=contact.id, type=kind, occurred_at=moment))
        opp = Opportunity(
            contact_id=contact.id, title="Clio", stage=Stage.OFFER, created_at=moment, stage_changed_at=moment
        )
        session.add(opp)
        if after:  # the deal open at the snapshot is won after it
            for old in session.scalars(select(Opportunity).where(Opportunity.created_at < at)):
                old.stage, old.closed_at = Stage.WON, moment
        v = _vehicle(session, day - dt.timedelta(days=3 * 365))
        session.add(
            Sale(
                contact_id=contact.id,
                vehicle_id=v.id,
                sold_on=day,
                price=Decimal(20000),
                cost=Decimal(17000),
                margin=Decimal(3000),
                financing=Financing.LOA,
                financing_months=36,
                financing_end_on=day + dt.timedelta(days=30),
                warranty_end_on=day + dt.timedelta(days=40),
            )
        )
        session.add(
            ServiceVisit(
                vehicle_id=v.id, contact_id=contact.id, visited_on=day, kind=ServiceKind.TECHNICAL_INSPECTION
            )
        )
        session.add(
            Claim(
                contact_id=contact.id,
                category=ClaimCategory.MECHANICAL,
                severity=Severity.LOW,
                channel=Channel.PHONE,
                description="bruit",
                opened_at=moment,
                due_at=moment + dt.timedelta(days=2),
                resolved_at=moment + dt.timedelta(days=1),
                satisfaction=1,
            )
        )
        return contact.id


def test_no_feature_reads_a_row_dated_after_the_snapshot(db: Database) -> None:
    at = dt.datetime(2026, 2, 1, tzinfo=UTC)
    snap = F.Snapshot(at=at, day=at.date())
    _history(db, at, after=False)
    with db.session_factory() as session:
        before = F.build(session, [snap], with_rules=[True])[0]
    assert before.x.shape == (1, len(F.FEATURES))
    assert before.x[0, F.INDEX["test_drive_done"]] == 1 and before.x[0, F.INDEX["open_deal"]] == 1
    _history(db, at, after=True)
    with db.session_factory.begin() as session:  # a contact recorded after the snapshot
        session.add(Contact(kind=ContactKind.PERSON, last_name="Later", created_at=at + dt.timedelta(days=1)))
    with db.session_factory() as session:
        again = F.build(session, [snap], with_rules=[True])[0]
        assert F.labels(session, again).tolist() == [1]  # the sale after the snapshot is the label only
    assert again.ids.tolist() == before.ids.tolist()
    np.testing.assert_array_equal(again.x, before.x)
    assert again.raw["facts"] == before.raw["facts"]


# --- calibration and metrics on synthetic data -------------------------------------------------------


def test_calibration_error_on_known_probabilities() -> None:
    rng = np.random.default_rng(7)
    p = rng.uniform(0, 1, 40_000)
    y = (rng.uniform(0, 1, p.size) < p).astype(np.int64)
    assert expected_calibration_error(y, p) < 0.02  # the true probabilities are calibrated
    assert expected_calibration_error(y, p**3) > 0.15  # these are not
    bins = reliability(y, p)
    assert len(bins) == 10 and sum(b.n for b in bins) == p.size
    for b in bins:
        assert b.predicted is not None and b.observed is not None
        assert b.lo <= b.predicted <= b.hi
        assert abs(b.observed - b.predicted) < 0.03


# --- training on the demo ---------------------------------------------------------------------------


@pytest.fixture
def demo(db: Database) -> Database:
    generate_demo(db.session_factory, contacts=2500, seed=42, today=TODAY)
    return db


def test_trained_on_the_demo_the_model_beats_the_rules_and_is_calibrated(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = PurchaseModelService(demo.session_factory, actor=SYSTEM_ACTOR)
    card = service.train(now=NOW)
    assert card.usable and card.reason is None
    assert card.buyers_train >= 200 and card.n_test > 0 and card.n_train > card.n_test
    assert card.auc_model is not None and card.auc_rules is not None and card.ece is not None
    assert card.auc_model > card.auc_rules
    assert card.ece < 0.05
    assert card.brier is not None and 0 < card.brier < 0.1
    assert len(card.reliability) == 10
    with demo.session_factory() as session:
        scored = session.scalar(select(func.count()).select_from(PurchaseProbability))
        total = session.scalar(select(func.count()).select_from(Contact))
        stored = session.scalars(select(PurchaseModel)).one()
    assert scored == total
    assert len(stored.features) == len(F.FEATURES)

    # The list sorts and filters on the stored probability.
    contacts = ContactService(demo.session_factory, actor=SYSTEM_ACTOR)
    page = contacts.list_page(filters=ContactFilter(order="purchase"), after=None, limit=50)
    shown = [r.purchase_probability for r in page]
    assert shown == sorted(shown, key=lambda p: -(p or 0.0)) and shown[0] is not None
    following = contacts.list_page(filters=ContactFilter(order="purchase"), after=page[-1], limit=50)
    assert not {r.id for r in page} & {r.id for r in following}
    likely = contacts.list_page(filters=ContactFilter(probability_min=0.3), after=None, limit=500)
    assert likely and all((r.purchase_probability or 0) >= 0.3 for r in likely)

    # Explanations: the contributions and the intercept add up to the log-odds of the probability.
    with demo.session_factory() as session:
        best = session.scalars(
            select(PurchaseProbability.contact_id).order_by(PurchaseProbability.probability.desc())
        ).first()
    assert best is not None
    explained = service.explain(contact_id=best, now=NOW, language="fr")
    assert explained is not None
    total_log_odds = explained.baseline + sum(f.contribution for f in explained.factors)
    assert total_log_odds == pytest.approx(explained.log_odds, abs=1e-9)
    assert np.log(explained.probability / (1 - explained.probability)) == pytest.approx(explained.log_odds)
    assert len(explained.top) == 4
    assert all(" : " in f.line or "\u00a0: " in f.line for f in explained.top)
    english = service.explain(contact_id=best, now=NOW, language="en")
    assert english is not None and english.factors[0].text != explained.factors[0].text

    # Shuffled labels: nothing to learn, the AUC falls to chance.
    rng = np.random.default_rng(3)
    real_labels = F.labels

    def shuffled(session, table, *, days=90):  # type: ignore[no-untyped-def]
        return rng.permutation(real_labels(session, table, days=days))

    monkeypatch.setattr(F, "labels", shuffled)
    noise = service.train(now=NOW)
    assert noise.auc_model is not None and abs(noise.auc_model - 0.5) < 0.06


def test_too_little_history_keeps_the_rule_score(db: Database) -> None:
    with db.session_factory.begin() as session:
        session.add(
            Contact(kind=ContactKind.PERSON, last_name="Seul", created_at=NOW - dt.timedelta(days=900))
        )
    service = PurchaseModelService(db.session_factory, actor=SYSTEM_ACTOR)
    card = service.train(now=NOW)
    assert not card.usable and card.reason is not None and "200" in card.reason
    assert service.explain(contact_id=1, now=NOW) is None
    assert service.card() == card
    assert not service.needs_retrain(now=NOW + dt.timedelta(days=29))
    assert service.needs_retrain(now=NOW + dt.timedelta(days=31))


def test_only_managers_train(db: Database, salesperson: Actor) -> None:
    with pytest.raises(PermissionDenied):
        PurchaseModelService(db.session_factory, actor=salesperson).train(now=NOW)


# --- the command line --------------------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="dealercrm")
    parser.add_argument("--db")
    parser.add_argument("--lang")
    cli_score.register(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    return cli_score.run(parser.parse_args(list(argv)), out=out), out.getvalue()


def test_cli_train_json_and_explain(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with db.session_factory.begin() as session:
        session.add(
            Contact(kind=ContactKind.PERSON, last_name="Seul", created_at=NOW - dt.timedelta(days=900))
        )
    code, out = _run("--db", str(db_path), "score", "train", "--json")
    assert code == 0
    doc = json.loads(out)
    for key in ("auc_model", "auc_rules", "brier", "ece", "n_train", "n_test", "buyers_train"):
        assert key in doc
    assert doc["usable"] is False and doc["reason"]
    code, out = _run("--db", str(db_path), "--lang", "en", "score", "explain", "1")
    assert code == 0 and "rule score" in out
    code, out = _run("--db", str(db_path), "score", "explain", "999")
    assert code == 1 and "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        _run("--db", str(db_path), "score", "explain", "abc")
    assert usage.value.code == 2
