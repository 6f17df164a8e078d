"""Drawing of the leads charts from plain data (numbers, labels, points).

Importing this module is light (numpy only); matplotlib loads on the first drawing.

This module needs only numpy and matplotlib, not the table stack, so the chart worker
process (:mod:`synthpersona.reporting._chart_worker`) can import it and start drawing
while the parent process is still reading and clustering the table. The public entry
points that take a :class:`~synthpersona.tables.TableAnalysis` are in
:mod:`synthpersona.reporting.tables`.

Figures use matplotlib's object API (no global pyplot state, safe in threads).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from synthpersona.reporting._style import DPI, PALETTE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "DASHBOARD_SIZE",
    "PCA_SIZE",
    "TIER_COLORS",
    "DashboardData",
    "PcaData",
    "TraitBar",
    "draw_dashboard",
    "draw_pca",
    "warm_up",
]

DASHBOARD_SIZE = (1400, 1000)
PCA_SIZE = (1000, 700)
TIER_COLORS = {
    "PREMIUM": "#1a7f37",
    "HIGH": "#4fa35b",
    "MEDIUM": "#d4a72c",
    "LOW": "#e07b39",
    "MINIMAL": "#c0392b",
}
_NEUTRAL = "#4c72b0"
_INK = "#333333"


@dataclass(frozen=True)
class TraitBar:
    """A cluster's most distinctive trait (used when the table has no yes/no target)."""

    cluster_id: int
    label: str
    share: float
    overall_share: float
    lift: float


@dataclass(frozen=True)
class DashboardData:
    """Everything the 2x2 dashboard shows, one entry per cluster in ``cluster_id`` order.

    The conversion lists are empty when the table has no target; ``traits`` is used then.
    """

    cluster_ids: list[int]
    sizes: list[int]
    title: str
    overall_rate: float | None = None
    rates: list[float] = field(default_factory=list)
    ci_low: list[float] = field(default_factory=list)
    ci_high: list[float] = field(default_factory=list)
    tiers: list[str | None] = field(default_factory=list)
    conversions: list[int] = field(default_factory=list)
    non_conversions: list[int] = field(default_factory=list)
    traits: list[TraitBar] = field(default_factory=list)


@dataclass(frozen=True)
class PcaData:
    """A sample of rows on the first two principal components and their clusters."""

    points: np.ndarray  # (m, 2)
    labels: np.ndarray  # (m,)
    explained_variance: tuple[float, float]
    names: dict[int, str]
    k: int
    n_rows: int


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    # light compression: the charts are flat colours, level 1 is several times faster and barely larger
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _figure(size: tuple[int, int]) -> Figure:
    # matplotlib is imported on first use: the chart data classes above must stay light
    from matplotlib.figure import Figure

    return Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)


def _cluster_colors(k: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(k)]


def draw_dashboard(data: DashboardData) -> bytes:
    """The 1400x1000 px dashboard as PNG bytes.

    Panels: cluster sizes; conversion rate with 95 % intervals, value tiers and the overall
    rate; conversions vs non-conversions; share of rows. Without a target the two middle
    panels show each cluster's most distinctive trait instead.

    Examples
    --------
    >>> png = draw_dashboard(DashboardData(cluster_ids=[0, 1], sizes=[60, 40], title="2 clusters"))
    >>> png[:4] == b"\\x89PNG"
    True
    """
    from matplotlib.ticker import MaxNLocator

    fig = _figure(DASHBOARD_SIZE)
    axes = fig.subplots(2, 2)
    ids = [str(c) for c in data.cluster_ids]
    sizes = np.asarray(data.sizes)
    colors = _cluster_colors(len(ids))
    ax = axes[0, 0]
    bars = ax.bar(ids, sizes, color=colors)
    ax.bar_label(bars, labels=[f"{s:,}" for s in sizes], fontsize=7, padding=2)
    ax.set_title("Cluster sizes", fontsize=10, y=1.02)
    ax.set_xlabel("Cluster", fontsize=8)
    ax.set_ylabel("Records", fontsize=8)
    ax.margins(y=0.15)
    if data.overall_rate is not None:
        _conversion_panels(data, ids, axes[0, 1], axes[1, 0])
    else:
        _trait_panels(data, colors, axes[0, 1], axes[1, 0])
    ax = axes[1, 1]
    ax.pie(
        sizes,
        labels=[f"Cluster {i}" for i in ids],
        colors=colors,
        autopct="%1.1f%%",
        textprops={"fontsize": 7},
        startangle=90,
        counterclock=False,
    )
    ax.set_title("Distribution of records", fontsize=10, y=1.02)
    for a in axes.flat[:3]:
        a.tick_params(labelsize=7)
        a.spines[["top", "right"]].set_visible(False)
        # four or five value ticks suit panels this small, and each tick is a costly artist
        value_axis = a.xaxis if a is axes[1, 0] and data.overall_rate is None else a.yaxis
        value_axis.set_major_locator(MaxNLocator(nbins=4))
    fig.suptitle(data.title, fontsize=11)
    # fixed margins: tight_layout costs more than the drawing itself
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.07, top=0.9, wspace=0.28, hspace=0.42)
    return _png(fig)


def _conversion_panels(data: DashboardData, ids: list[str], ax_rate: Axes, ax_conv: Axes) -> None:
    rates, lo, hi = (np.asarray(v, dtype=float) for v in (data.rates, data.ci_low, data.ci_high))
    overall = float(data.overall_rate or 0.0)
    ax = ax_rate
    bars = ax.bar(
        ids,
        rates,
        color=[TIER_COLORS.get(t or "", _NEUTRAL) for t in data.tiers],
        yerr=[rates - lo, hi - rates],
        capsize=3,
        ecolor=_INK,
    )
    ax.axhline(overall, color=_INK, linestyle="--", linewidth=1, label=f"overall {overall:.1f}%")
    ax.bar_label(
        bars,
        labels=[f"{r:.1f}%\n{t}" if t else "" for r, t in zip(rates, data.tiers, strict=True)],
        fontsize=6,
        padding=3,
    )
    ax.set_title("Conversion rate (%) with 95% interval", fontsize=10, y=1.02)
    ax.set_xlabel("Cluster", fontsize=8)
    ax.legend(fontsize=7, loc="upper right")
    ax.margins(y=0.25)
    ax = ax_conv
    conv, non = np.asarray(data.conversions), np.asarray(data.non_conversions)
    ax.bar(ids, conv, color="#1a7f37", label="conversions")
    ax.bar(ids, non, bottom=conv, color="#d0d7de", label="non-conversions")
    for i, c in enumerate(conv):
        ax.text(i, c, f"{c:,}", ha="center", va="bottom", fontsize=7)
    ax.set_title("Conversions", fontsize=10, y=1.02)
    ax.set_xlabel("Cluster", fontsize=8)
    ax.legend(fontsize=7)


def _trait_panels(data: DashboardData, colors: list[str], ax_share: Axes, ax_lift: Axes) -> None:
    traits = data.traits
    pos = np.arange(len(traits))
    ax_share.bar(
        pos - 0.2,
        [t.share for t in traits],
        width=0.4,
        color=[colors[t.cluster_id % len(colors)] for t in traits],
        label="in cluster",
    )
    ax_share.bar(pos + 0.2, [t.overall_share for t in traits], width=0.4, color="#d0d7de", label="all rows")
    ax_share.set_xticks(pos, [str(t.cluster_id) for t in traits])
    ax_share.set_title("Share holding the cluster's top trait (%)", fontsize=10, y=1.02)
    ax_share.set_xlabel("Cluster", fontsize=8)
    ax_share.margins(y=0.2)
    ax_share.legend(fontsize=7, loc="upper center", ncol=2)
    lifts = [t.lift for t in traits]
    ax_lift.barh(pos, lifts, color=[colors[t.cluster_id % len(colors)] for t in traits])
    # trait names go beside their bars: as tick labels they would not fit the fixed left margin
    for i, t in enumerate(traits):
        ax_lift.text(t.lift, i, f" {t.label[:32]}", va="center", fontsize=7)
    ax_lift.set_xlim(0, max(lifts, default=1.0) * 1.6)
    ax_lift.set_yticks(pos, [str(t.cluster_id) for t in traits])
    ax_lift.set_ylabel("Cluster", fontsize=8)
    ax_lift.set_xlabel("Lift (share in cluster / share in all rows)", fontsize=8)
    ax_lift.set_title("Most distinctive trait (lift vs all rows)", fontsize=10, y=1.02)


def draw_pca(data: PcaData) -> bytes:
    """The 1000x700 px PCA scatter as PNG bytes, explained variance on the axes.

    Examples
    --------
    >>> pts = np.array([[0.0, 0.0], [1.0, 1.0]])
    >>> data = PcaData(pts, np.array([0, 1]), (0.6, 0.3), {0: "A", 1: "B"}, k=2, n_rows=2)
    >>> draw_pca(data)[:4] == b"\\x89PNG"
    True
    """
    fig = _figure(PCA_SIZE)
    ax = fig.subplots()
    colors = _cluster_colors(data.k)
    size = 4 if len(data.points) > 3000 else 10
    for c in range(data.k):
        mask = data.labels == c
        ax.scatter(
            data.points[mask, 0],
            data.points[mask, 1],
            s=size,
            alpha=0.5,
            color=colors[c],
            linewidths=0,
            label=f"{c}: {data.names.get(c, '')}"[:60],
        )
    ev = data.explained_variance
    ax.set_xlabel(f"PC1 ({ev[0]:.1%} of variance)", fontsize=8)
    ax.set_ylabel(f"PC2 ({ev[1]:.1%} of variance)", fontsize=8)
    shown = (
        f"{len(data.points):,} of {data.n_rows:,} records shown"
        if len(data.points) < data.n_rows
        else f"{data.n_rows:,} records"
    )
    ax.set_title(f"Clusters on the first two principal components ({shown})", fontsize=9, y=1.02)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=6, markerscale=2, loc="upper right", framealpha=0.8)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.1, top=0.92)
    return _png(fig)


def warm_up() -> None:
    """Draw a tiny figure with text once, so fonts and renderer caches are loaded before real work."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = _figure((150, 150))
    ax = fig.subplots()
    ax.bar(["0"], [1])
    ax.set_title("warm-up", fontsize=8)
    FigureCanvasAgg(fig).draw()
