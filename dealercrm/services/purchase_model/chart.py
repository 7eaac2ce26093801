"""The model card's reliability diagram: predicted probability against what happened, per bin of the
test set. A matplotlib Figure built without pyplot (thread-safe), saved as PNG by services.charts.png."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dealercrm import i18n
from dealercrm.i18n import N_
from dealercrm.services.kpi.texts import lang_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dealercrm.services.purchase_model.service import ModelCard

WORDS = {
    "title": N_("Calibration over the last 3 months"),
    "x": N_("Predicted probability"),
    "y": N_("Observed share of buyers"),
    "ideal": N_("Perfectly calibrated"),
    "model": N_("Model (size: number of contacts)"),
    "none": N_("No model trained yet"),
}


def reliability_figure(
    card: ModelCard | None, language: str = "fr", *, size: tuple[float, float] = (4.2, 3.4)
) -> Figure:
    """The reliability diagram of `card` (an empty frame with a sentence when there is none)."""
    from matplotlib.figure import Figure

    catalog = i18n.translations(lang_of(language))
    words = {key: catalog.gettext(message) for key, message in WORDS.items()}
    figure = Figure(figsize=size, dpi=100, layout="constrained")
    ax = figure.add_subplot()
    ax.set_title(words["title"], fontsize=10, loc="left")
    ax.set_xlabel(words["x"], fontsize=9)
    ax.set_ylabel(words["y"], fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.tick_params(labelsize=8)
    ax.grid(True, color="#e5e7eb", linewidth=0.6)
    ax.plot([0, 1], [0, 1], linestyle="--", color="#9ca3af", linewidth=1, label=words["ideal"])
    points = [b for b in (card.reliability if card is not None else ()) if b.n and b.predicted is not None]
    if not points:
        ax.text(0.5, 0.5, words["none"], ha="center", va="center", fontsize=9, color="#6b7280")
        return figure
    largest = max(b.n for b in points)
    predicted = [float(b.predicted or 0.0) for b in points]
    observed = [float(b.observed or 0.0) for b in points]
    ax.plot(predicted, observed, color="#2563eb", linewidth=1.2)
    ax.scatter(
        predicted,
        observed,
        s=[12 + 120 * (b.n / largest) ** 0.5 for b in points],
        color="#2563eb",
        zorder=3,
        label=words["model"],
    )
    ax.legend(fontsize=7, loc="upper left", frameon=False)
    return figure


def reliability_png(card: ModelCard | None, language: str = "fr") -> bytes:
    """The diagram as PNG bytes (the model card shows it; scripts may save it)."""
    from dealercrm.services.charts import png

    return png(reliability_figure(card, language), dpi=100)
