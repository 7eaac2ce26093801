"""The KPI charts as matplotlib `Figure`s, built without pyplot (no global state, thread-safe).

The dashboard draws them with the Agg canvas off the GUI thread (ui/widgets/chart.py), the PDF report
embeds them as PNG: the same figures everywhere. Each bar carries a `gid` "kind:filter:value" (e.g.
"sales:month:2026-03-01") naming the list behind it, which the dashboard opens on a click. Colours and
font follow the app's style sheet.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dealercrm.services.kpi import KpiFigures
from dealercrm.services.kpi.texts import hours as hours_text
from dealercrm.services.kpi.texts import label, money, percent, short_month

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ACCENT = "#2453d6"
ACCENT_SOFT = "#9db1ec"
GOOD = "#15803d"
BAD = "#b42318"
TEXT = "#1f2937"
MUTED = "#6b7280"
GRID = "#e3e6eb"
FONT = "DejaVu Sans"
FONT_SIZE = 8.0

ChartBuilder = Callable[..., "Figure"]


_matplotlib_imported = False


def import_matplotlib() -> None:
    """Import the matplotlib modules the charts are built and drawn with, the first time (about 0.35 s,
    never at start-up), and have the garbage collector leave their objects out of its passes from then
    on (`startup_gc.keep_frozen`): in the app they were a third of what each full pass walked (60-100 ms,
    the dashboard's longest stalls)."""
    global _matplotlib_imported
    if _matplotlib_imported:
        return
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.ticker  # noqa: F401

    from dealercrm.startup_gc import keep_frozen

    _matplotlib_imported = True
    keep_frozen()


def _figure(width: float, height: float) -> Figure:
    import_matplotlib()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    figure.set_facecolor("white")
    return figure


def _chart(size: tuple[float, float], title: str) -> tuple[Figure, Axes]:
    """A figure of `size` (inches) holding one styled plot titled `title`."""
    figure = _figure(*size)
    ax = figure.add_subplot()
    _style(ax, title)
    return figure, ax


def _style(ax: Axes, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=FONT_SIZE + 1.5, fontweight="bold", color=TEXT, fontfamily=FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.tick_params(colors=MUTED, labelsize=FONT_SIZE, length=0)
    for text in ax.get_xticklabels() + ax.get_yticklabels():
        text.set_fontfamily(FONT)
    ax.grid(axis="both", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _empty(ax: Axes, language: str) -> None:
    ax.text(
        0.5, 0.5, label("chart.empty", language), ha="center", va="center", color=MUTED,
        fontsize=FONT_SIZE + 1, transform=ax.transAxes, fontfamily=FONT,
    )  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])


def _month_ticks(ax: Axes, months: list[Any], language: str) -> None:
    """Month names, with the year under the first month and under every January; every other month
    only on a narrow chart, so that names never run into each other."""
    step = 1 if ax.get_figure(root=True).get_figwidth() >= 5.0 else 2  # type: ignore[union-attr]
    texts = []
    year_shown = None
    for k, m in enumerate(months):
        if (len(months) - 1 - k) % step:
            texts.append("")
            continue
        # The year under the first labelled month and under the first labelled one of each new year.
        texts.append(
            short_month(m, language, with_year=False) + ("" if m.year == year_shown else f"\n{m.year}")
        )
        year_shown = m.year
    ax.set_xticks(list(range(len(months))), texts)
    ax.tick_params(axis="x", labelsize=FONT_SIZE - 1)


def _tag(bars: Any, gids: list[str]) -> None:
    for bar, gid in zip(bars, gids, strict=True):
        bar.set_gid(gid)
        bar.set_picker(True)


def _money_axis(ax: Axes, language: str, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    formatter = FuncFormatter(lambda value, _pos: money(Decimal(str(round(value))), language, decimals=0))
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(formatter)
    target.set_major_locator(MaxNLocator(5 if axis == "y" else 3))


def _percent_axis(ax: Axes, language: str, axis: str = "y", *, decimals: int = 0) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    formatter = FuncFormatter(lambda value, _pos: percent(value, language, decimals=decimals))
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(formatter)
    target.set_major_locator(MaxNLocator(5 if axis == "y" else 4))


def sales_and_margin(figures: KpiFigures, language: str, *, size: tuple[float, float] = (6.0, 3.0)) -> Figure:
    """Vehicles sold per month (bars, new and used stacked) and margin (line, right axis), 12 months."""
    figure, ax = _chart(size, label("chart.sales_margin", language))
    months = figures.months
    x = list(range(len(months)))
    new = [m.new_sales for m in months]
    used = [m.used_sales for m in months]
    gids = [f"sales:month:{m.month.isoformat()}" for m in months]
    _tag(ax.bar(x, new, color=ACCENT, width=0.65, label=label("chart.new", language)), gids)
    _tag(
        ax.bar(x, used, bottom=new, color=ACCENT_SOFT, width=0.65, label=label("chart.used", language)), gids
    )
    _month_ticks(ax, [m.month for m in months], language)
    ax.set_ylabel(label("chart.sales", language), color=MUTED, fontsize=FONT_SIZE)
    ax.grid(axis="x", visible=False)
    twin = ax.twinx()
    twin.plot(
        x,
        [float(m.margin) for m in months],
        color=GOOD,
        marker="o",
        markersize=3,
        linewidth=1.6,
        label=label("chart.margin", language),
    )
    twin.set_ylim(bottom=min(0.0, *(float(m.margin) for m in months)))
    twin.tick_params(colors=GOOD, labelsize=FONT_SIZE, length=0)
    twin.spines[["top", "left", "bottom"]].set_visible(False)
    twin.spines["right"].set_color(GRID)
    twin.set_ylabel(label("chart.margin", language), color=GOOD, fontsize=FONT_SIZE)
    _money_axis(twin, language)
    # What the two shades and the line are: one legend above the plot, clear of the bars.
    handles = [*ax.get_legend_handles_labels()[0], *twin.get_legend_handles_labels()[0]]
    figure.legend(
        handles=handles,
        loc="outside upper right",
        ncols=3,
        frameon=False,
        prop={"family": FONT, "size": FONT_SIZE - 0.5},
    )
    return figure


def _hbar(
    ax: Axes,
    names: list[str],
    values: list[float],
    gids: list[str],
    texts: list[str],
    colours: list[str] | str,
) -> None:
    y = list(range(len(names)))
    bars = ax.barh(y, values, color=colours, height=0.6)
    _tag(bars, gids)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    top = max([abs(v) for v in values] + [1e-9])
    for bar, text, value in zip(bars, texts, values, strict=True):
        ax.text(
            bar.get_width() + (top * 0.02 if value >= 0 else -top * 0.02),
            bar.get_y() + bar.get_height() / 2,
            text, va="center", ha="left" if value >= 0 else "right", fontsize=FONT_SIZE - 0.5, color=TEXT,
            fontfamily=FONT,
        )  # fmt: skip
    low = min([0.0, *values])
    ax.set_xlim(low * 1.35 if low < 0 else 0, top * 1.35 if max(values, default=0) > 0 else top * 0.1)


def _bar_per_row(
    size: tuple[float, float],
    title: str,
    language: str,
    *,
    names: list[str],
    values: list[float],
    gids: list[str],
    texts: list[str],
    colours: list[str] | str,
    axis: Callable[[Axes, str, str], None],
    zero_line: bool = False,
) -> Figure:
    """A chart of one horizontal bar per row (`_hbar`), its values' axis drawn by `axis` (`_money_axis`,
    `_percent_axis`), with a line at zero where values go either side; no row: the empty chart."""
    figure, ax = _chart(size, title)
    if not names:
        _empty(ax, language)
        return figure
    _hbar(ax, names, values, gids, texts, colours)
    if zero_line:
        ax.axvline(0, color=MUTED, linewidth=0.8)
    axis(ax, language, "x")
    return figure


def cac_by_channel(figures: KpiFigures, language: str, *, size: tuple[float, float] = (4.5, 3.0)) -> Figure:
    """CAC per source channel; a channel with no new customer shows "n/a" and no bar."""
    rows = [c for c in figures.channels if c.spend or c.new_customers]
    return _bar_per_row(
        size,
        label("chart.cac", language),
        language,
        names=[label(c.channel.value, language) for c in rows],
        values=[float(c.cac) if c.cac is not None else 0.0 for c in rows],
        gids=[f"new_customers:channel:{c.channel.value}" for c in rows],
        texts=[money(c.cac, language, decimals=0) + f"  ({c.new_customers})" for c in rows],
        colours=ACCENT,
        axis=_money_axis,
    )


def conversion_by_channel(
    figures: KpiFigures, language: str, *, size: tuple[float, float] = (4.5, 3.0)
) -> Figure:
    """Cohort conversion of the period's prospects, per source channel."""
    rows = [c for c in figures.channels if c.prospects]
    return _bar_per_row(
        size,
        label("chart.conversion", language),
        language,
        names=[label(c.channel.value, language) for c in rows],
        values=[c.conversion or 0.0 for c in rows],
        gids=[f"prospects:channel:{c.channel.value}" for c in rows],
        texts=[f"{percent(c.conversion, language)}  ({c.converted}/{c.prospects})" for c in rows],
        colours=ACCENT,
        axis=_percent_axis,
    )


def churn_over_time(figures: KpiFigures, language: str, *, size: tuple[float, float] = (4.5, 3.0)) -> Figure:
    """Monthly churn over the 12 months up to the period's end."""
    figure, ax = _chart(size, label("chart.churn", language))
    months = figures.churn_months
    if not months or not any(m.active_at_start for m in months):
        _empty(ax, language)
        return figure
    x = list(range(len(months)))
    rates = [m.rate or 0.0 for m in months]
    bars = ax.bar(x, rates, color=ACCENT_SOFT, width=0.65)
    _tag(bars, [f"churn:month:{m.period.start.isoformat()}" for m in months])
    ax.plot(x, rates, color=ACCENT, marker="o", markersize=3, linewidth=1.4)
    _month_ticks(ax, [m.period.start for m in months], language)
    ax.grid(axis="x", visible=False)
    _percent_axis(ax, language, decimals=1)
    return figure


def funnel(figures: KpiFigures, language: str, *, size: tuple[float, float] = (4.5, 3.0)) -> Figure:
    """Opportunities closed in the period, by the furthest step they reached, with step-to-step rates."""
    figure, ax = _chart(size, label("chart.funnel", language))
    steps = figures.funnel
    if not steps or not steps[0].count:
        _empty(ax, language)
        return figure
    values = [float(s.count) for s in steps]
    texts = [
        f"{s.count}" + (f"  ({percent(s.rate, language, decimals=0)})" if s.rate is not None else "")
        for s in steps
    ]
    colours = [ACCENT if s.step != "won" else GOOD for s in steps]
    _hbar(
        ax, [label(s.step, language) for s in steps], values, ["opportunities::"] * len(steps), texts, colours
    )
    return figure


def salesperson_ranking(
    figures: KpiFigures, language: str, *, size: tuple[float, float] = (4.5, 3.0)
) -> Figure:
    """Margin per salesperson, best first, with the number of sales."""
    rows = sorted((r for r in figures.salespeople if r.sales or r.margin), key=lambda r: -r.margin)
    values = [float(r.margin) for r in rows]
    return _bar_per_row(
        size,
        label("chart.ranking", language),
        language,
        names=[r.display_name for r in rows],
        values=values,
        gids=[f"sales:salesperson:{r.user_id}" for r in rows],
        texts=[f"{money(r.margin, language, decimals=0)}  ({r.sales})" for r in rows],
        colours=[GOOD if v >= 0 else BAD for v in values],
        axis=_money_axis,
    )


def claims(figures: KpiFigures, language: str, *, size: tuple[float, float] = (6.0, 3.0)) -> Figure:
    """Claims opened and resolved per category, and the mean time to resolution per category."""
    figure = _figure(*size)
    left, right = figure.subplots(1, 2, width_ratios=(3, 2))
    _style(left, label("chart.claims", language))
    _style(right, label("chart.resolution", language))
    rows = [c for c in figures.aftersales.by_category if c.opened or c.resolved]
    if not rows:
        _empty(left, language)
        _empty(right, language)
        return figure
    names = [label(c.category.value, language) for c in rows]
    x = list(range(len(rows)))
    gids = [f"claims:category:{c.category.value}" for c in rows]
    width = 0.38
    _tag(left.bar([i - width / 2 for i in x], [c.opened for c in rows], width, color=ACCENT,
                  label=label("chart.opened", language)), gids)  # fmt: skip
    _tag(left.bar([i + width / 2 for i in x], [c.resolved for c in rows], width, color=GOOD,
                  label=label("chart.resolved", language)), gids)  # fmt: skip
    left.set_xticks(x, names, rotation=35, ha="right", rotation_mode="anchor")
    left.tick_params(axis="x", labelsize=FONT_SIZE - 0.5)
    left.grid(axis="x", visible=False)
    left.legend(fontsize=FONT_SIZE - 0.5, frameon=False, prop={"family": FONT, "size": FONT_SIZE - 0.5})
    from matplotlib.ticker import MaxNLocator

    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    timed = [c for c in rows if c.mean_hours_to_resolution is not None]
    if not timed:
        _empty(right, language)
        return figure
    values = [c.mean_hours_to_resolution or 0.0 for c in timed]
    _hbar(
        right,
        [label(c.category.value, language) for c in timed],
        values,
        [f"claims:category:{c.category.value}" for c in timed],
        [hours_text(v, language) for v in values],
        ACCENT_SOFT,
    )
    right.set_xticks([])
    return figure


def campaign_roi(figures: KpiFigures, language: str, *, size: tuple[float, float] = (6.0, 3.0)) -> Figure:
    """ROI of each campaign of the period (green when it paid for itself), with its attributed sales."""
    rows = [c for c in figures.campaigns if c.roi is not None][:12]
    values = [c.roi or 0.0 for c in rows]
    return _bar_per_row(
        size,
        label("chart.roi", language),
        language,
        names=[c.name if len(c.name) <= 28 else c.name[:27] + "…" for c in rows],
        values=values,
        gids=[f"campaign_sales:campaign:{c.campaign_id}" for c in rows],
        texts=[f"{percent(c.roi, language, decimals=0)}  ({c.sales})" for c in rows],
        colours=[GOOD if v >= 0 else BAD for v in values],
        axis=_percent_axis,
        zero_line=True,
    )


def score_distribution(
    figures: KpiFigures, language: str, *, size: tuple[float, float] = (4.5, 3.0)
) -> Figure:
    figure, ax = _chart(size, label("chart.scores", language))
    buckets = figures.scores
    if not any(b.count for b in buckets):
        _empty(ax, language)
        return figure
    names = [b.label if b.low is not None else label("chart.unscored", language) for b in buckets]
    colours = [ACCENT if b.low is not None else GRID for b in buckets]
    x = list(range(len(buckets)))
    ax.bar(x, [b.count for b in buckets], color=colours, width=0.65)
    ax.set_xticks(x, names)
    ax.grid(axis="x", visible=False)
    return figure


CHARTS: dict[str, ChartBuilder] = {
    "sales_margin": sales_and_margin,
    "cac": cac_by_channel,
    "conversion": conversion_by_channel,
    "churn": churn_over_time,
    "funnel": funnel,
    "ranking": salesperson_ranking,
    "claims": claims,
    "campaigns": campaign_roi,
    "scores": score_distribution,
}


def png(figure: Figure, *, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (for the PDF report), drawn with the Agg canvas, no pyplot."""
    import_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def parse_gid(gid: str | None) -> tuple[str, str, str] | None:
    """ "sales:month:2026-03-01" -> ("sales", "month", "2026-03-01"); None for an unnamed artist."""
    if not gid or gid.count(":") != 2:
        return None
    kind, key, value = gid.split(":")
    return kind, key, value
