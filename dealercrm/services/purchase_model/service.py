"""Training, honest evaluation, scoring and explanation of the purchase model.

- Monthly snapshots (the 1st of each month at midnight, dealership time) of every contact; the label is
  a sale within 90 days of the snapshot day. Only snapshots whose 90 days are over are used.
- Time split: the last three snapshot months are the test set; the model learns on the earlier snapshots
  whose 90-day label window closed before the first test snapshot (an embargo: no training label looks
  into the test period).
- Figures on the test set only: ROC AUC of the model and of today's rule score (rebuilt at each snapshot
  with the dealership's weights), Brier score, expected calibration error over 10 equal bins, and the
  reliability diagram.
- Fewer than MIN_BUYERS buyers in the training snapshots: nothing is learnt, the rule score stays, the
  stored row says why.
- The model is data in `purchase_models` (coefficients, means, scales), never a pickle. Scoring reads
  every contact's features at `now` in the same SQL as training, and writes the probabilities into
  `purchase_probabilities` (a table of its own: contacts rows are not rewritten).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from dealercrm import i18n
from dealercrm.i18n import _
from dealercrm.models import PurchaseModel, PurchaseProbability
from dealercrm.services.base import Service, get_contact, row_from
from dealercrm.services.errors import ServiceError
from dealercrm.services.permissions import require
from dealercrm.services.progress import Progress
from dealercrm.services.purchase_model import features as F
from dealercrm.services.purchase_model import texts
from dealercrm.services.scoring import SETTING_KEY, Facts, compute, merged_weights
from dealercrm.services.settings import dealership_timezone, read_setting

MIN_BUYERS = 200
HORIZON_DAYS = 90
HISTORY_MONTHS = 18  # snapshots over the last year and a half (test months included)
TEST_MONTHS = 3
RETRAIN_DAYS = 30
POINTS_PER_LOGIT = 10  # "+18 points" is 1.8 of log-odds: 7 points about double the odds
TOP_FACTORS = 4
WRITE_CHUNK = 5000


class ModelError(ServiceError):
    """The model cannot be trained or used here (explained)."""


@dataclass(frozen=True)
class ReliabilityBin:
    lo: float
    hi: float
    n: int
    predicted: float | None
    observed: float | None


@dataclass(frozen=True)
class ModelCard:
    """What Settings shows about the model in force (the newest training)."""

    id: int
    trained_at: dt.datetime
    as_of: dt.date
    usable: bool
    reason: str | None
    n_train: int
    n_test: int
    buyers_train: int
    buyers_test: int
    auc_model: float | None
    auc_rules: float | None
    brier: float | None
    ece: float | None
    reliability: tuple[ReliabilityBin, ...]
    details: dict[str, Any]


@dataclass(frozen=True)
class ScoringSummary:
    scored: int
    model_id: int | None


@dataclass(frozen=True)
class Factor:
    group: str
    text: str  # "essai réalisé il y a 6 jours"
    contribution: float  # in log-odds, against the average contact of the training data
    points: int  # contribution x 10, rounded
    line: str  # "essai réalisé il y a 6 jours : +18 points"


@dataclass(frozen=True)
class Explanation:
    contact_id: int
    probability: float
    log_odds: float
    baseline: float  # the intercept: the log-odds of a contact with average features
    factors: tuple[Factor, ...]  # every group, largest effect first; the first TOP_FACTORS are "top"

    @property
    def top(self) -> tuple[Factor, ...]:
        return self.factors[:TOP_FACTORS]


# --- pure pieces (tested on their own) ------------------------------------------------------------


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """ECE over `bins` equal-width bins of predicted probability: sum of |mean p - mean y| x share."""
    return float(
        sum(abs((b.predicted or 0.0) - (b.observed or 0.0)) * b.n for b in reliability(y, p, bins))
        / max(1, len(y))
    )


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> tuple[ReliabilityBin, ...]:
    """The reliability diagram's points: per bin, the mean predicted and the observed frequency."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1], right=False), 0, bins - 1)
    out: list[ReliabilityBin] = []
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        out.append(
            ReliabilityBin(
                lo=float(edges[b]),
                hi=float(edges[b + 1]),
                n=n,
                predicted=float(p[mask].mean()) if n else None,
                observed=float(y[mask].mean()) if n else None,
            )
        )
    return tuple(out)


def month_snapshots(as_of: dt.date, zone: dt.tzinfo, *, months: int = HISTORY_MONTHS) -> list[F.Snapshot]:
    """The 1st of each month (midnight, dealership time) whose 90 days are over by `as_of`, the last
    `months` of them, oldest first."""
    day = as_of.replace(day=1)
    days: list[dt.date] = []
    while len(days) < months:
        if day + dt.timedelta(days=HORIZON_DAYS) <= as_of:
            days.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
        if day.year < 1990:
            break
    days.reverse()
    return [F.Snapshot(at=_midnight(d, zone), day=d) for d in days]


def split(snapshots: list[F.Snapshot]) -> tuple[list[F.Snapshot], list[F.Snapshot]]:
    """(train, test): test the last TEST_MONTHS snapshots; train the earlier ones whose label window
    closed by the first test snapshot."""
    if len(snapshots) <= TEST_MONTHS:
        return [], list(snapshots)
    test = snapshots[-TEST_MONTHS:]
    first_test = test[0].day
    train = [s for s in snapshots[:-TEST_MONTHS] if s.day + dt.timedelta(days=HORIZON_DAYS) <= first_test]
    return train, test


def _midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(dt.UTC)


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def contributions(row: np.ndarray, model: PurchaseModel) -> np.ndarray:
    """coef x standardised value, per feature: with the intercept, they add up to the log-odds."""
    coef = np.array([f["coef"] for f in model.features], dtype=np.float64)
    mean = np.array([f["mean"] for f in model.features], dtype=np.float64)
    scale = np.array([f["scale"] for f in model.features], dtype=np.float64)
    result: np.ndarray = coef * (row - mean) / scale
    return result


def _log_odds(x: np.ndarray, model: PurchaseModel) -> np.ndarray:
    coef = np.array([f["coef"] for f in model.features], dtype=np.float64)
    mean = np.array([f["mean"] for f in model.features], dtype=np.float64)
    scale = np.array([f["scale"] for f in model.features], dtype=np.float64)
    result: np.ndarray = ((x - mean) / scale) @ coef + model.intercept
    return result


def _sigmoid(z: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-z))
    return result


# --- the service ----------------------------------------------------------------------------------


class PurchaseModelService(Service):
    """Learn, evaluate, apply and explain the probability of a purchase within 90 days."""

    # Reading ------------------------------------------------------------------------------------

    def card(self) -> ModelCard | None:
        """The newest training (usable or not), or None when the model was never trained."""
        require(self._actor, "settings.read")
        with self._session_factory() as session:
            row = _latest(session, usable_only=False)
            return None if row is None else _card(row)

    def needs_retrain(self, *, now: dt.datetime) -> bool:
        """True when no training ran in the last RETRAIN_DAYS days (the app then retrains in the
        background, for those allowed to)."""
        require(self._actor, "settings.read")
        with self._session_factory() as session:
            row = _latest(session, usable_only=False)
            return row is None or now - row.trained_at >= dt.timedelta(days=RETRAIN_DAYS)

    def explain(self, *, contact_id: int, now: dt.datetime, language: str = "fr") -> Explanation | None:
        """A contact's probability now, with every factor's signed contribution in plain words; None
        when no usable model is in force (the rule score stands)."""
        with self._session_factory() as session:
            contact = get_contact(session, contact_id)
            require(self._actor, "contacts.read", contact)
            model = _latest(session, usable_only=True)
            if model is None:
                return None
            zone = dealership_timezone(session)
            table = F.build(session, [_now_snapshot(now, zone)], only=[contact_id])[0]
        if len(table.ids) == 0:
            return None
        row = table.x[0]
        parts = contributions(row, model)
        log_odds = float(model.intercept + parts.sum())
        groups: dict[str, float] = {}
        for name, value in zip(F.FEATURES, parts, strict=True):
            key = texts.group_of(name)
            groups[key] = groups.get(key, 0.0) + float(value)
        factors = [
            _factor(key, value, row, table.raw, language, table.snapshot)
            for key, value in sorted(groups.items(), key=lambda kv: -abs(kv[1]))
        ]
        return Explanation(
            contact_id=contact_id,
            probability=float(_sigmoid(np.array([log_odds]))[0]),
            log_odds=log_odds,
            baseline=float(model.intercept),
            factors=tuple(factors),
        )

    # Training and scoring ---------------------------------------------------------------------------

    def train(
        self, *, now: dt.datetime, progress: Progress | None = None, months: int = HISTORY_MONTHS
    ) -> ModelCard:
        """Learn from the monthly snapshots, evaluate on the last three months, store the model and
        score every contact. Long: run it off the GUI thread; it reports progress and can be
        cancelled (nothing is stored then)."""
        require(self._actor, "settings.manage")
        progress = progress or Progress()
        from sklearn.linear_model import LogisticRegression  # heavy: only when training
        from sklearn.metrics import brier_score_loss, roc_auc_score

        with self._session_factory() as session:
            zone = dealership_timezone(session)
            as_of = now.astimezone(zone).date()
            weights = merged_weights(read_setting(session, SETTING_KEY))
            train_snaps, test_snaps = split(month_snapshots(as_of, zone, months=months))
            snaps = train_snaps + test_snaps
            steps = len(snaps) + 2
            tables = F.build(
                session,
                snaps,
                with_rules=[snap in test_snaps for snap in snaps],
                progress=lambda k: progress.update(
                    k, steps, _("Reading the history at {day}").format(day=i18n.date(snaps[k].day))
                ),
            )
            ys = [F.labels(session, table, days=HORIZON_DAYS) for table in tables]
        n_train_tables = len(train_snaps)
        details: dict[str, Any] = {
            "train_from": train_snaps[0].day.isoformat() if train_snaps else None,
            "train_to": train_snaps[-1].day.isoformat() if train_snaps else None,
            "test_from": test_snaps[0].day.isoformat() if test_snaps else None,
            "test_to": test_snaps[-1].day.isoformat() if test_snaps else None,
            "horizon_days": HORIZON_DAYS,
            "min_buyers": MIN_BUYERS,
        }
        empty = np.zeros((0, len(F.FEATURES)))
        x_train = np.vstack([t.x for t in tables[:n_train_tables]]) if n_train_tables else empty
        y_train = np.concatenate(ys[:n_train_tables]) if n_train_tables else np.zeros(0, dtype=np.int64)
        x_test = np.vstack([t.x for t in tables[n_train_tables:]]) if test_snaps else empty
        y_test = np.concatenate(ys[n_train_tables:]) if test_snaps else np.zeros(0, dtype=np.int64)
        buyers_train = len(
            {
                int(c)
                for t, y in zip(tables[:n_train_tables], ys[:n_train_tables], strict=True)
                for c in t.ids[y == 1]
            }
        )
        buyers_test = len(
            {
                int(c)
                for t, y in zip(tables[n_train_tables:], ys[n_train_tables:], strict=True)
                for c in t.ids[y == 1]
            }
        )
        row = PurchaseModel(
            trained_at=now,
            as_of=as_of,
            usable=False,
            n_train=len(y_train),
            n_test=len(y_test),
            buyers_train=buyers_train,
            buyers_test=buyers_test,
            intercept=0.0,
            features=[],
            reliability=[],
            details=details,
            trained_by=self._actor.login,
        )
        progress.update(len(snaps), steps, _("Learning"))
        too_few = buyers_train < MIN_BUYERS or len(set(y_test.tolist())) < 2
        if too_few:
            row.reason = texts.too_few(buyers_train, MIN_BUYERS, "en")
        else:
            mean, scale = _standardise(x_train)
            fit = LogisticRegression(C=1.0, max_iter=2000)  # lbfgs (newton-cholesky: 10 times slower here)
            fit.fit((x_train - mean) / scale, y_train)
            p_test = fit.predict_proba((x_test - mean) / scale)[:, 1]
            memo: dict[tuple[Any, ...], int] = {}
            rules = np.array(
                [
                    _rule_value(facts, weights, t.snapshot.at, memo)
                    for t in tables[n_train_tables:]
                    for facts in t.raw["facts"]
                ],
                dtype=np.float64,
            )
            row.usable = True
            row.intercept = float(fit.intercept_[0])
            row.features = [
                {"name": name, "coef": float(c), "mean": float(m), "scale": float(s)}
                for name, c, m, s in zip(F.FEATURES, fit.coef_[0], mean, scale, strict=True)
            ]
            row.auc_model = float(roc_auc_score(y_test, p_test))
            row.auc_rules = float(roc_auc_score(y_test, rules))
            row.brier = float(brier_score_loss(y_test, p_test))
            row.ece = expected_calibration_error(y_test, p_test)
            row.reliability = [b.__dict__ for b in reliability(y_test, p_test)]
            details["base_rate_test"] = float(y_test.mean())
            details["mean_predicted_test"] = float(p_test.mean())
        progress.update(len(snaps) + 1, steps, _("Saving the model"))
        with self._session_factory.begin() as session:
            session.add(row)
            session.flush()
            card = _card(row)
        if row.usable:
            self.score_all(now=now, progress=progress)
        progress.update(steps, steps, _("Done"))
        return card

    def score_all(self, *, now: dt.datetime, progress: Progress | None = None) -> ScoringSummary:
        """Every contact's probability now, stored in purchase_probabilities (emptied when no usable
        model is in force). Vectorised: one feature read, one matrix product, bulk inserts."""
        require(self._actor, "settings.manage")
        progress = progress or Progress()
        with self._session_factory() as session:
            model = _latest(session, usable_only=True)
            zone = dealership_timezone(session)
            table = F.build(session, [_now_snapshot(now, zone)])[0] if model is not None else None
        if model is None or table is None:
            with self._session_factory.begin() as session:
                session.execute(delete(PurchaseProbability))
            return ScoringSummary(scored=0, model_id=None)
        p = _sigmoid(_log_odds(table.x, model))
        rows = [
            {"contact_id": cid, "probability": value, "model_id": model.id, "scored_at": now}
            for cid, value in zip(table.ids.tolist(), p.tolist(), strict=True)
        ]
        total = len(rows)
        progress.update(0, max(1, total), _("Saving the probabilities"))
        # One transaction: the list never shows half old, half new figures. Bulk inserts into a table of
        # their own (contacts rows are not rewritten, so nothing is re-indexed for search).
        with self._session_factory.begin() as session:
            session.execute(delete(PurchaseProbability))
            for k in range(0, total, WRITE_CHUNK):
                session.execute(insert(PurchaseProbability), rows[k : k + WRITE_CHUNK])
                progress.update(min(total, k + WRITE_CHUNK), total, _("Saving the probabilities"))
        return ScoringSummary(scored=total, model_id=model.id)


def _rule_value(
    facts: Facts, weights: dict[str, int], at: dt.datetime, memo: dict[tuple[Any, ...], int]
) -> int:
    """Today's rule score of `facts` at `at` (scoring.compute), once per distinct case."""
    key = (
        at,
        facts.lifecycle,
        facts.budget,
        facts.last_contact_at,
        facts.best_stage,
        facts.interactions_90d,
        facts.last_test_drive_at,
        facts.purchases,
        facts.purchase_total,
        facts.open_claims,
        facts.consent,
    )
    value = memo.get(key)
    if value is None:
        value = memo[key] = compute(facts, weights, now=at).value
    return value


def _now_snapshot(now: dt.datetime, zone: dt.tzinfo) -> F.Snapshot:
    """Scoring now: every instant before `now`, every day up to today (a sale today is known)."""
    return F.Snapshot(at=now, day=now.astimezone(zone).date() + dt.timedelta(days=1))


def _latest(session: Session, *, usable_only: bool) -> PurchaseModel | None:
    query = select(PurchaseModel).order_by(PurchaseModel.trained_at.desc(), PurchaseModel.id.desc()).limit(1)
    if usable_only:
        # The newest training decides: a newer refusal (too few buyers) puts the rule score back.
        row = session.scalars(query).first()
        return row if row is not None and row.usable else None
    return session.scalars(query).first()


def _card(row: PurchaseModel) -> ModelCard:
    return row_from(
        ModelCard,
        row,
        # The stored reason is a log line in English; the reader gets it in their language.
        reason=(
            row.reason
            if row.usable
            else texts.too_few(
                row.buyers_train,
                int((row.details or {}).get("min_buyers", MIN_BUYERS)),
                i18n.current_language(),
            )
        ),
        reliability=tuple(ReliabilityBin(**b) for b in row.reliability or ()),
        details=dict(row.details or {}),
    )


def _factor(
    group: str, value: float, row: np.ndarray, raw: dict[str, Any], language: str, snap: F.Snapshot
) -> Factor:
    i = F.INDEX
    params: dict[str, Any] = {}
    present = True
    if group == "contact_age":
        params["days"] = int(raw["age_days"][0])
    elif group == "company":
        present = bool(row[i["company"]])
    elif group == "source":
        channel = next((s.value for s in F.SOURCES if row[i[f"source_{s.value}"]]), "other")
        params["channel"] = channel
    elif group == "stage":
        present = bool(row[i["open_deal"]])
        params["stage"] = raw["stage"][0].value if raw["stage"][0] is not None else "new_lead"
        params["days"] = int(raw["stage_days"][0])
    elif group == "activity":
        params["n"] = int(raw["interactions_90d"][0])
        params["days"] = int(raw["contact_days"][0])
        present = raw["contact_days"][0] < F.NEVER_DAYS
    elif group == "test_drive":
        present = raw["test_drive_days"][0] < F.NEVER_DAYS
        params["days"] = int(raw["test_drive_days"][0])
    elif group == "quote":
        present = raw["quote_days"][0] < F.NEVER_DAYS
        params["days"] = int(raw["quote_days"][0])
    elif group == "trade_in":
        present = bool(row[i["trade_in"]])
    elif group == "budget":
        present = bool(row[i["budget_stated"]])
        params["amount"] = int(raw["budget"][0])
    elif group == "vehicle":
        present = bool(row[i["vehicle_known"]])
        params["years"] = int(row[i["vehicle_age"]])
    elif group in ("inspection_due", "warranty_end_due", "lease_end_due"):
        present = bool(row[i[group]])
    elif group == "claims":
        present = bool(row[i["open_claims"]] or row[i["unhappy"]])
        params["n"] = int(raw["open_claims"][0])
    elif group == "campaigns":
        present = bool(row[i["campaign_responses"]])
    elif group == "purchases":
        present = bool(raw["purchases"][0])
        params["n"] = int(raw["purchases"][0])
        since = raw["last_sale_days"][0]
        params["months"] = 0 if np.isnan(since) else int(since / 30.44)
    text = texts.sentence(group, present, params, language)
    points = int(round(value * POINTS_PER_LOGIT))
    return Factor(group, text, value, points, texts.factor_line(text, points, language))
