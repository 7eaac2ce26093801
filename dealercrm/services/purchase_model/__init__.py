"""The learnt probability of a purchase within 90 days: features (features.py), sentences (texts.py),
training, evaluation, scoring and explanation (service.py). docs/PREDICTION.md says how and how well."""

from dealercrm.services.purchase_model.service import (
    MIN_BUYERS,
    Explanation,
    Factor,
    ModelCard,
    ModelError,
    PurchaseModelService,
    ReliabilityBin,
    ScoringSummary,
    expected_calibration_error,
    month_snapshots,
    reliability,
    split,
)

__all__ = [
    "MIN_BUYERS",
    "Explanation",
    "Factor",
    "ModelCard",
    "ModelError",
    "PurchaseModelService",
    "ReliabilityBin",
    "ScoringSummary",
    "expected_calibration_error",
    "month_snapshots",
    "reliability",
    "split",
]
