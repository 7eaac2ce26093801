"""The learnt purchase model: one row per training run (coefficients, scaling, honest test figures)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dealercrm.models.base import Base
from dealercrm.models.types import utcnow


class PurchaseModel(Base):
    """A trained (or refused) purchase-probability model. The newest row is the one in force; a row
    with `usable` false records a training that kept the rule score, and why (`reason`)."""

    __tablename__ = "purchase_models"
    __table_args__ = (Index("ix_purchase_models_trained_at", "trained_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trained_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The day the history was read up to (labels need 90 days after each snapshot).
    as_of: Mapped[dt.date]
    usable: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    n_train: Mapped[int] = mapped_column(default=0)
    n_test: Mapped[int] = mapped_column(default=0)
    buyers_train: Mapped[int] = mapped_column(default=0)
    buyers_test: Mapped[int] = mapped_column(default=0)
    auc_model: Mapped[float | None]
    auc_rules: Mapped[float | None]
    brier: Mapped[float | None]
    ece: Mapped[float | None]
    intercept: Mapped[float] = mapped_column(default=0.0)
    # [{"name": ..., "coef": ..., "mean": ..., "scale": ...}] in the order of FEATURES.
    features: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Reliability diagram of the test set: [{"lo", "hi", "n", "predicted", "observed"}].
    reliability: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Snapshot days of the split (first/last train, first/last test) and other facts for the card.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trained_by: Mapped[str | None] = mapped_column(String(64))


class PurchaseProbability(Base):
    """A contact's latest learnt probability of a purchase within 90 days. Its own table, not a column of
    contacts: rescoring every contact must not rewrite (and re-index for search) every contact row."""

    __tablename__ = "purchase_probabilities"
    __table_args__ = (Index("ix_purchase_probabilities_probability", "probability", "contact_id"),)

    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    probability: Mapped[float]
    model_id: Mapped[int | None]
    scored_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
