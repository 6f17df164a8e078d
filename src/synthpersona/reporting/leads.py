"""Charts and the HTML report of a leads / customer-table analysis.

- :func:`render_dashboard`: 2x2 PNG, 1400x1000 px at 150 dpi (cluster sizes, conversion
  rate with 95 % intervals and the overall rate, conversions vs non-conversions, share of rows).
- :func:`render_pca`: 1000x700 px PNG scatter of a sample of rows on the first two
  principal components, explained variance on the axes.
- :func:`render_report`: one self-contained HTML file (images embedded, no network).

Figures are drawn with matplotlib's object API (no global pyplot state, safe in
threads) and written atomically.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from synthpersona.reporting._style import DPI, PALETTE
from synthpersona.tables import LeadsAnalysis, atomic_write_bytes, atomic_write_text

__all__ = ["DASHBOARD_SIZE", "PCA_SIZE", "TIER_COLORS", "render_dashboard", "render_pca", "render_report"]


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
_PALETTE = PALETTE
_TEMPLATE_DIR = Path(__file__).with_name("templates")


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    # light compression: the charts are flat colours, level 1 is several times faster and barely larger
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _figure(size: tuple[int, int]) -> Figure:
    return Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)


def _cluster_colors(k: int) -> list[str]:
    return [_PALETTE[i % len(_PALETTE)] for i in range(k)]


def dashboard_png(analysis: LeadsAnalysis) -> bytes:
    """The dashboard as PNG bytes (see :func:`render_dashboard`)."""
    fig = _figure(DASHBOARD_SIZE)
    axes = fig.subplots(2, 2)
    by_id = sorted(analysis.personas, key=lambda p: p.cluster_id)
    ids = [str(p.cluster_id) for p in by_id]
    sizes = np.array([p.cluster_size for p in by_id])
    colors = _cluster_colors(len(by_id))
    ax = axes[0, 0]
    bars = ax.bar(ids, sizes, color=colors)
    ax.bar_label(bars, labels=[f"{s:,}" for s in sizes], fontsize=7, padding=2)
    ax.set_title("Cluster sizes", fontsize=10, y=1.02)
    ax.set_xlabel("Cluster", fontsize=8)
    ax.set_ylabel("Records", fontsize=8)
    ax.margins(y=0.15)
    if analysis.overall is not None:
        metrics = [p.conversion_metrics for p in by_id]
        rates = np.array([m.conversion_rate if m else 0.0 for m in metrics])
        lo = np.array([m.ci_low if m else 0.0 for m in metrics])
        hi = np.array([m.ci_high if m else 0.0 for m in metrics])
        tiers = [TIER_COLORS.get(m.value_tier, _NEUTRAL) if m else _NEUTRAL for m in metrics]
        ax = axes[0, 1]
        bars = ax.bar(ids, rates, color=tiers, yerr=[rates - lo, hi - rates], capsize=3, ecolor="#333333")
        ax.axhline(
            analysis.overall.conversion_rate,
            color="#333333",
            linestyle="--",
            linewidth=1,
            label=f"overall {analysis.overall.conversion_rate:.1f}%",
        )
        ax.bar_label(
            bars,
            labels=[f"{r:.1f}%\n{m.value_tier}" if m else "" for r, m in zip(rates, metrics, strict=True)],
            fontsize=6,
            padding=3,
        )
        ax.set_title("Conversion rate (%) with 95% interval", fontsize=10, y=1.02)
        ax.set_xlabel("Cluster", fontsize=8)
        ax.legend(fontsize=7, loc="upper right")
        ax.margins(y=0.25)
        ax = axes[1, 0]
        conv = np.array([m.conversions if m else 0 for m in metrics])
        non = np.array([m.non_conversions if m else 0 for m in metrics])
        ax.bar(ids, conv, color="#1a7f37", label="conversions")
        ax.bar(ids, non, bottom=conv, color="#d0d7de", label="non-conversions")
        for i, c in enumerate(conv):
            ax.text(i, c, f"{c:,}", ha="center", va="bottom", fontsize=7)
        ax.set_title("Conversions", fontsize=10, y=1.02)
        ax.set_xlabel("Cluster", fontsize=8)
        ax.legend(fontsize=7)
    else:
        traits = [(p.cluster_id, p.distinctive[0]) for p in by_id if p.distinctive]
        ax = axes[0, 1]
        pos = np.arange(len(traits))
        ax.bar(
            pos - 0.2,
            [t["share"] for _, t in traits],
            width=0.4,
            color=[colors[c] for c, _ in traits],
            label="in cluster",
        )
        ax.bar(
            pos + 0.2, [t["overall_share"] for _, t in traits], width=0.4, color="#d0d7de", label="all rows"
        )
        ax.set_xticks(pos, [f"{c}" for c, _ in traits])
        ax.set_title("Share holding the cluster's top trait (%)", fontsize=10, y=1.02)
        ax.legend(fontsize=7)
        ax = axes[1, 0]
        ax.barh(
            [f"{c}: {t['label']}"[:28] for c, t in traits],
            [t["lift"] for _, t in traits],
            color=[colors[c] for c, _ in traits],
        )
        ax.set_title("Most distinctive trait (lift vs all rows)", fontsize=10, y=1.02)
        ax.tick_params(axis="y", labelsize=7)
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
    fig.suptitle(f"{analysis.k} clusters · {analysis.n_rows:,} records · {analysis.algorithm}", fontsize=11)
    # fixed margins: tight_layout costs more than the drawing itself
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.07, top=0.9, wspace=0.28, hspace=0.42)
    return _png(fig)


def pca_png(analysis: LeadsAnalysis) -> bytes:
    """The PCA scatter as PNG bytes (see :func:`render_pca`)."""
    proj = analysis.projection
    fig = _figure(PCA_SIZE)
    ax = fig.subplots()
    colors = _cluster_colors(analysis.k)
    names = {p.cluster_id: p.persona_name for p in analysis.personas}
    size = 4 if len(proj.points) > 3000 else 10
    for c in range(analysis.k):
        mask = proj.labels == c
        ax.scatter(
            proj.points[mask, 0],
            proj.points[mask, 1],
            s=size,
            alpha=0.5,
            color=colors[c],
            linewidths=0,
            label=f"{c}: {names.get(c, '')}"[:60],
        )
    ev = proj.explained_variance
    ax.set_xlabel(f"PC1 ({ev[0]:.1%} of variance)", fontsize=8)
    ax.set_ylabel(f"PC2 ({ev[1]:.1%} of variance)", fontsize=8)
    shown = (
        f"{len(proj.points):,} of {analysis.n_rows:,} records shown"
        if len(proj.points) < analysis.n_rows
        else (f"{analysis.n_rows:,} records")
    )
    ax.set_title(f"Clusters on the first two principal components ({shown})", fontsize=9, y=1.02)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=6, markerscale=2, loc="upper right", framealpha=0.8)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.1, top=0.92)
    return _png(fig)


def render_dashboard(analysis: LeadsAnalysis, path: str | Path) -> Path:
    """Write the 1400x1000 dashboard PNG atomically; return its path.

    Examples
    --------
    >>> render_dashboard(result, "out/dashboard.png")  # doctest: +SKIP
    """
    return atomic_write_bytes(path, dashboard_png(analysis))


def render_pca(analysis: LeadsAnalysis, path: str | Path) -> Path:
    """Write the 1000x700 PCA PNG atomically; return its path."""
    return atomic_write_bytes(path, pca_png(analysis))


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["j2", "html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{v:.1f}%"
    env.filters["num"] = lambda v: f"{v:,}"
    return env


def report_html(
    analysis: LeadsAnalysis, images: dict[str, bytes] | None = None, title: str | None = None
) -> str:
    """The self-contained HTML report as a string (images embedded as base64)."""
    images = (
        images if images is not None else {"dashboard": dashboard_png(analysis), "pca": pca_png(analysis)}
    )
    embedded = {k: "data:image/png;base64," + base64.b64encode(v).decode("ascii") for k, v in images.items()}
    summary = analysis.summary()
    ctx: dict[str, Any] = {
        "title": title or "Customer segments and personas",
        "analysis": analysis,
        "summary": summary,
        "personas": [p.to_dict() for p in analysis.personas],
        "images": embedded,
        "tier_colors": TIER_COLORS,
        "source": html.escape(analysis.source.describe()) if analysis.source else "",
    }
    return _env().get_template("leads_report.html.j2").render(**ctx)


def render_report(
    analysis: LeadsAnalysis,
    path: str | Path,
    images: dict[str, bytes] | None = None,
    title: str | None = None,
) -> Path:
    """Write the self-contained HTML report atomically; return its path."""
    return atomic_write_text(path, report_html(analysis, images, title))
