"""Lead scoring: every prospect and customer scored 0-100 with the reasons behind the figure.

The rules are fixed; their weights are the dealership setting `scoring.weights` (a flat dict of
rule -> points; keys left out, or an empty dict, take the built-in defaults). Each score is stored
with its reasons (`contacts.score_reasons`: [{"rule": "test_drive", "points": 20, "date": "2026-10-12"}])
so that the customer view says why ("+20 test drive on 12/10").

Scores are derived data: they are written with a plain UPDATE that neither bumps the contact's
version (an edit in progress must not be refused because a score moved) nor fills the audit log.
The facts are read in SQL, one aggregate query per kind of fact for a batch of contacts; the bulk
refresh walks the contacts by id in batches, each batch committed on its own (cancelling keeps what
is done).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import Claim, Consent, Contact, Interaction, Opportunity, Sale, utcnow
from dealercrm.models.enums import (
    OPEN_STAGES,
    ClaimStatus,
    ConsentPurpose,
    ConsentStatus,
    InteractionType,
    Lifecycle,
    Stage,
)
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, get_contact
from dealercrm.services.compliance import consents_in_force
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import require
from dealercrm.services.progress import Progress
from dealercrm.services.settings import read_setting

BATCH = 2000
SETTING_KEY = "scoring.weights"

DEFAULT_WEIGHTS: dict[str, int] = {
    "base": 10,
    "stage_new_lead": 5,
    "stage_contacted": 10,
    "stage_qualified": 15,
    "stage_test_drive": 20,
    "stage_offer": 25,
    "stage_negotiation": 30,
    "contact_7d": 15,
    "contact_30d": 10,
    "contact_90d": 5,
    "silent_90d": -15,
    "never_contacted": -5,
    "interaction_each_90d": 2,
    "interaction_max": 10,
    "test_drive_180d": 20,
    "budget_stated": 10,
    "purchase": 10,
    "purchase_amount_30k": 5,
    "open_claim": -10,
    "consent_granted": 5,
    "consent_refused": -10,
    "lost": -25,
}
# What each rule means, in English (the UI has its own translated sentences per rule).
RULE_TEXT: dict[str, str] = {
    "base": "starting score",
    "stage": "opportunity at stage {stage}",
    "contact_7d": "contacted on {date}",
    "contact_30d": "contacted on {date}",
    "contact_90d": "contacted on {date}",
    "silent_90d": "no contact for {days} days",
    "never_contacted": "never contacted",
    "interactions": "{n} interactions in 90 days",
    "test_drive_180d": "test drive on {date}",
    "budget_stated": "budget stated ({amount} €)",
    "purchase": "{n} purchase(s)",
    "purchase_amount_30k": "{amount} € bought",
    "open_claim": "{n} open claim(s)",
    "consent_granted": "agrees to be contacted",
    "consent_refused": "refuses to be contacted",
    "lost": "marked lost",
}
BIG_PURCHASE = Decimal(30000)
OPEN_CLAIM = (
    ClaimStatus.OPEN,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.WAITING_CUSTOMER,
    ClaimStatus.WAITING_PARTS,
)
STAGE_ORDER = {stage: rank for rank, stage in enumerate(OPEN_STAGES)}


def merged_weights(stored: Mapping[str, Any] | None) -> dict[str, int]:
    """The defaults overridden by the stored setting; refuses unknown rules and non-numbers."""
    weights = dict(DEFAULT_WEIGHTS)
    errors: dict[str, str] = {}
    for key, value in (stored or {}).items():
        if key not in DEFAULT_WEIGHTS:
            errors[key] = _("unknown scoring rule")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors[key] = _("a number of points is expected")
        else:
            weights[key] = int(value)
    if errors:
        raise ValidationError(errors)
    return weights


def reason_text(reason: Mapping[str, Any]) -> str:
    """ "+20 test drive on 2026-10-12": a stored reason as an English sentence."""
    points = int(reason.get("points", 0))
    template = RULE_TEXT.get(str(reason.get("rule")), str(reason.get("rule")))
    params = {k: v for k, v in reason.items() if k not in ("rule", "points")}
    try:
        text = template.format(**params)
    except (KeyError, IndexError):
        text = template
    return f"{points:+d} {text}"


@dataclass
class Facts:
    """What the rules look at for one contact (read in SQL)."""

    lifecycle: Lifecycle
    budget: Decimal | None
    last_contact_at: dt.datetime | None
    best_stage: Stage | None = None
    interactions_90d: int = 0
    last_test_drive_at: dt.datetime | None = None
    purchases: int = 0
    purchase_total: Decimal = Decimal(0)
    open_claims: int = 0
    consent: ConsentStatus | None = None  # prospecting consent in force, best channel
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    value: int
    reasons: tuple[dict[str, Any], ...]


def compute(facts: Facts, weights: Mapping[str, int], *, now: dt.datetime) -> Score:
    """The score of one contact and its reasons, largest first (a pure function: property-tested)."""
    reasons: list[dict[str, Any]] = []

    def add(rule: str, points: int, **params: Any) -> None:
        if points:
            reasons.append({"rule": rule, "points": points, **params})

    add("base", weights["base"])
    if facts.best_stage is not None:
        add("stage", weights[f"stage_{facts.best_stage.value}"], stage=facts.best_stage.value)
    if facts.last_contact_at is None:
        add("never_contacted", weights["never_contacted"])
    else:
        days = (now - facts.last_contact_at).days
        on = facts.last_contact_at.date().isoformat()
        if days <= 7:
            add("contact_7d", weights["contact_7d"], date=on)
        elif days <= 30:
            add("contact_30d", weights["contact_30d"], date=on)
        elif days <= 90:
            add("contact_90d", weights["contact_90d"], date=on)
        else:
            add("silent_90d", weights["silent_90d"], days=days)
    if facts.interactions_90d:
        points = min(facts.interactions_90d * weights["interaction_each_90d"], weights["interaction_max"])
        add("interactions", points, n=facts.interactions_90d)
    if facts.last_test_drive_at is not None and (now - facts.last_test_drive_at).days <= 180:
        add("test_drive_180d", weights["test_drive_180d"], date=facts.last_test_drive_at.date().isoformat())
    if facts.budget is not None and facts.budget > 0:
        add("budget_stated", weights["budget_stated"], amount=int(facts.budget))
    if facts.purchases:
        add("purchase", weights["purchase"], n=facts.purchases)
        if facts.purchase_total >= BIG_PURCHASE:
            add("purchase_amount_30k", weights["purchase_amount_30k"], amount=int(facts.purchase_total))
    if facts.open_claims:
        add("open_claim", weights["open_claim"] * facts.open_claims, n=facts.open_claims)
    if facts.consent is ConsentStatus.GRANTED:
        add("consent_granted", weights["consent_granted"])
    elif facts.consent is not None:
        add("consent_refused", weights["consent_refused"])
    if facts.lifecycle is Lifecycle.LOST:
        add("lost", weights["lost"])
    total = sum(int(r["points"]) for r in reasons)
    reasons.sort(key=lambda r: (-abs(int(r["points"])), str(r["rule"])))
    return Score(value=max(0, min(100, total)), reasons=tuple(reasons))


def load_facts(session: Session, ids: Sequence[int], *, now: dt.datetime) -> dict[int, Facts]:
    """The facts of `ids`, in one aggregate query per kind of fact."""
    if not ids:
        return {}
    facts: dict[int, Facts] = {
        cid: Facts(lifecycle=lc, budget=budget, last_contact_at=last)
        for cid, lc, budget, last in session.execute(
            select(Contact.id, Contact.lifecycle, Contact.budget, Contact.last_contact_at).where(
                Contact.id.in_(ids)
            )
        )
    }
    for cid, stage in session.execute(
        select(Opportunity.contact_id, Opportunity.stage)
        .where(Opportunity.contact_id.in_(ids), Opportunity.stage.in_(OPEN_STAGES))
        .distinct()
    ):
        current = facts[cid].best_stage
        if current is None or STAGE_ORDER[stage] > STAGE_ORDER[current]:
            facts[cid].best_stage = stage
    since_90 = now - dt.timedelta(days=90)
    for cid, n in session.execute(
        select(Interaction.contact_id, func.count(Interaction.id))
        .where(Interaction.contact_id.in_(ids), Interaction.occurred_at >= since_90)
        .group_by(Interaction.contact_id)
    ):
        facts[cid].interactions_90d = int(n)
    for cid, last in session.execute(
        select(Interaction.contact_id, func.max(Interaction.occurred_at))
        .where(Interaction.contact_id.in_(ids), Interaction.type == InteractionType.TEST_DRIVE)
        .group_by(Interaction.contact_id)
    ):
        if last is not None:
            # MAX() bypasses the column type: SQLite hands back text.
            moment = dt.datetime.fromisoformat(last) if isinstance(last, str) else last
            facts[cid].last_test_drive_at = moment.replace(tzinfo=dt.UTC)
    for cid, n, total in session.execute(
        select(Sale.contact_id, func.count(Sale.id), func.sum(Sale.price))
        .where(Sale.contact_id.in_(ids))
        .group_by(Sale.contact_id)
    ):
        facts[cid].purchases = int(n)
        facts[cid].purchase_total = total if isinstance(total, Decimal) else Decimal(0)
    for cid, n in session.execute(
        select(Claim.contact_id, func.count(Claim.id))
        .where(Claim.contact_id.in_(ids), Claim.status.in_(OPEN_CLAIM))
        .group_by(Claim.contact_id)
    ):
        facts[cid].open_claims = int(n)
    for cid, status in latest_prospecting_consent(session, Consent.contact_id.in_(ids)).items():
        facts[cid].consent = status
    return facts


def latest_prospecting_consent(session: Session, *where: ColumnElement[bool]) -> dict[int, ConsentStatus]:
    """Each contact's prospecting consent among the records matching `where`: the latest record of each
    channel counts, and granted on any channel wins (the contact can be reached there). A contact with no
    record is absent."""
    in_force = consents_in_force(
        Consent.contact_id,
        Consent.status,
        per=(Consent.contact_id, Consent.channel),
        where=(Consent.purpose == ConsentPurpose.PROSPECTING, *where),
    )
    consent: dict[int, ConsentStatus] = {}
    for cid, status in session.execute(select(in_force)):
        if consent.get(cid) is not ConsentStatus.GRANTED:
            consent[cid] = ConsentStatus(status)
    return consent


def refresh_scores(
    session: Session,
    ids: Iterable[int],
    *,
    now: dt.datetime | None = None,
    weights: dict[str, int] | None = None,
) -> dict[int, Score]:
    """Recompute and store the scores of `ids` inside the caller's transaction (not audited, no
    version bump). Used by every service that changes what a score looks at."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    now = now or utcnow()
    weights = weights or merged_weights(read_setting(session, SETTING_KEY))
    session.flush()
    facts = load_facts(session, wanted, now=now)
    scores = {cid: compute(f, weights, now=now) for cid, f in facts.items()}
    if scores:
        table = Contact.__table__
        assert isinstance(table, Table)
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("cid"))
            .values(
                score=bindparam("score"),
                score_reasons=bindparam("reasons"),
                score_updated_at=bindparam("at"),
            ),
            [
                {"cid": cid, "score": s.value, "reasons": list(s.reasons), "at": now}
                for cid, s in scores.items()
            ],
        )
        # Keep objects already loaded in this session in step with the database.
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Contact) and obj.id in scores:
                session.expire(obj, ["score", "score_reasons", "score_updated_at"])
    return scores


@dataclass(frozen=True)
class ScoreDetail:
    contact_id: int
    score: int | None
    reasons: tuple[dict[str, Any], ...]
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class RefreshSummary:
    scored: int
    batches: int


class ScoringService(Service):
    """Reading a contact's score and refreshing scores, one contact or all of them."""

    def weights(self) -> dict[str, int]:
        """The weights in force (the setting over the defaults)."""
        require(self._actor, "settings.read")
        with self._session_factory() as session:
            return merged_weights(read_setting(session, SETTING_KEY))

    def get(self, *, contact_id: int) -> ScoreDetail:
        """A contact's stored score and reasons."""
        with self._session_factory() as session:
            contact = get_contact(session, contact_id, include_erased=True)
            require(self._actor, "contacts.read", contact)
            return ScoreDetail(
                contact.id, contact.score, tuple(contact.score_reasons or ()), contact.score_updated_at
            )

    def refresh_contact(self, *, contact_id: int, now: dt.datetime | None = None) -> ScoreDetail:
        """Recompute one contact's score now."""
        with unit_of_work(self._session_factory, self._actor) as session:
            contact = get_contact(session, contact_id, include_erased=True)
            require(self._actor, "contacts.read", contact)
            score = refresh_scores(session, [contact_id], now=now)[contact_id]
            return ScoreDetail(contact_id, score.value, score.reasons, now or utcnow())

    def refresh_all(
        self, *, progress: Progress | None = None, now: dt.datetime | None = None
    ) -> RefreshSummary:
        """Rescore every contact not erased (after a change of weights): batches of 2000 by id, each
        committed on its own; run it off the GUI thread, it reports progress and can be cancelled."""
        require(self._actor, "settings.manage")
        progress = progress or Progress()
        now = now or utcnow()
        with self._session_factory() as session:
            total = int(
                session.scalar(select(func.count(Contact.id)).where(Contact.erased_at.is_(None))) or 0
            )
            weights = merged_weights(read_setting(session, SETTING_KEY))
        done = batches = 0
        after = 0
        progress.update(0, total, _("Scoring contacts"))
        while True:
            with unit_of_work(self._session_factory, self._actor) as session:
                ids = list(
                    session.scalars(
                        select(Contact.id)
                        .where(Contact.id > after, Contact.erased_at.is_(None))
                        .order_by(Contact.id)
                        .limit(BATCH)
                    )
                )
                if not ids:
                    break
                refresh_scores(session, ids, now=now, weights=weights)
            after = ids[-1]
            done += len(ids)
            batches += 1
            progress.update(done, total, _("Scoring contacts"))
        return RefreshSummary(scored=done, batches=batches)
