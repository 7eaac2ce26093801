"""Lead scoring: reasons, weights from the dealership setting, refresh one and all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dealercrm.db import Database
from dealercrm.models import Claim, Consent, Contact, Interaction, Opportunity
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    InteractionType,
    Lifecycle,
    Severity,
    Stage,
)
from dealercrm.services.contacts import ContactFilter, ContactService
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.progress import Progress
from dealercrm.services.scoring import (
    DEFAULT_WEIGHTS,
    Facts,
    ScoringService,
    compute,
    merged_weights,
    reason_text,
)
from dealercrm.services.settings import SettingsService

NOW = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.UTC)


def add(db: Database, *objs: object) -> list[int]:
    with db.session_factory.begin() as session:
        session.add_all(objs)
        session.flush()
        return [int(o.id) for o in objs]  # type: ignore[attr-defined]


def test_reasons_say_why() -> None:
    facts = Facts(
        lifecycle=Lifecycle.PROSPECT,
        budget=Decimal(30000),
        last_contact_at=NOW - dt.timedelta(days=120),
        best_stage=Stage.TEST_DRIVE,
        last_test_drive_at=dt.datetime(2026, 10, 12, 15, tzinfo=dt.UTC),
    )
    score = compute(facts, DEFAULT_WEIGHTS, now=NOW)
    texts = [reason_text(r) for r in score.reasons]
    assert "+20 test drive on 2026-10-12" in texts
    assert "-15 no contact for 120 days" in texts
    assert score.value == 10 + 20 + 20 + 10 - 15


def test_weights_come_from_the_setting_and_unknown_rules_are_refused(db: Database, manager: Actor) -> None:
    (cid,) = add(db, Contact(kind=ContactKind.PERSON, last_name="A", budget=Decimal(20000)))
    service = ScoringService(db.session_factory, actor=manager)
    assert service.refresh_contact(contact_id=cid, now=NOW).score == 10 - 5 + 10
    SettingsService(db.session_factory, actor=manager).set_many(
        values={"scoring.weights": {"budget_stated": 40}}
    )
    service.refresh_all(now=NOW)
    assert service.get(contact_id=cid).score == 10 - 5 + 40
    with pytest.raises(ValidationError):
        merged_weights({"nonsense": 3})


def test_facts_read_in_sql(db: Database, manager: Actor) -> None:
    (cid,) = add(
        db, Contact(kind=ContactKind.PERSON, last_name="B", last_contact_at=NOW - dt.timedelta(days=3))
    )
    add(
        db,
        Opportunity(contact_id=cid, title="208", stage=Stage.NEGOTIATION),
        Interaction(contact_id=cid, type=InteractionType.TEST_DRIVE, occurred_at=NOW - dt.timedelta(days=5)),
        Interaction(contact_id=cid, type=InteractionType.CALL, occurred_at=NOW - dt.timedelta(days=3)),
        Consent(
            contact_id=cid,
            channel=Channel.PHONE,
            purpose=ConsentPurpose.PROSPECTING,
            status=ConsentStatus.GRANTED,
            proof="form",
        ),
        Claim(
            contact_id=cid,
            category=ClaimCategory.MECHANICAL,
            severity=Severity.LOW,
            channel=Channel.PHONE,
            description="rattle",
            due_at=NOW,
        ),
    )
    detail = ScoringService(db.session_factory, actor=manager).refresh_contact(contact_id=cid, now=NOW)
    rules = {r["rule"]: r["points"] for r in detail.reasons}
    assert rules == {
        "base": 10,
        "stage": 30,
        "contact_7d": 15,
        "interactions": 4,
        "test_drive_180d": 20,
        "open_claim": -10,
        "consent_granted": 5,
    }
    assert detail.score == 74


def test_bulk_refresh_reports_progress_and_needs_a_manager(
    db: Database, manager: Actor, salesperson: Actor
) -> None:
    add(db, *(Contact(kind=ContactKind.PERSON, last_name=f"N{i}") for i in range(30)))
    seen: list[tuple[int, int]] = []
    summary = ScoringService(db.session_factory, actor=manager).refresh_all(
        progress=Progress(lambda d, t, _text: seen.append((d, t)))
    )
    assert summary.scored == 30 and seen[-1] == (30, 30)
    with pytest.raises(PermissionDenied):
        ScoringService(db.session_factory, actor=salesperson).refresh_all()
    contacts = ContactService(db.session_factory, actor=manager)
    assert contacts.count(filters=ContactFilter(score_min=5, score_max=5)) == 30
    assert contacts.count(filters=ContactFilter(score_min=50)) == 0
