# ruff: noqa: E402  (the extra is checked before the imports that need it)
"""Charts and the HTML report of a leads / customer-table analysis.

- :func:`render_dashboard`: 2x2 PNG, 1400x1000 px at 150 dpi (cluster sizes, conversion
  rate with 95 % intervals and the overall rate, conversions vs non-conversions, share of rows).
- :func:`render_pca`: 1000x700 px PNG scatter of a sample of rows on the first two
  principal components, explained variance on the axes.
- :func:`render_report`: one self-contained HTML file (images embedded, no network).

The drawing itself is in :mod:`~synthpersona.reporting._table_charts` (plain data in,
PNG bytes out), so it can also run in the chart worker process; files are written atomically.
"""

from __future__ import annotations

from synthpersona._extras import require

for _module in ("matplotlib",):  # the [reports] extra, named when missing
    require(_module, "reports", load=False)

import base64
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona._files import atomic_write_bytes, atomic_write_text
from synthpersona.reporting._table_charts import (
    DASHBOARD_SIZE,
    PCA_SIZE,
    TIER_COLORS,
    DashboardData,
    PcaData,
    TraitBar,
    draw_dashboard,
    draw_pca,
)
from synthpersona.tables import TableAnalysis
from synthpersona.views import seed003

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "DASHBOARD_SIZE",
    "PCA_SIZE",
    "TIER_COLORS",
    "dashboard_data",
    "dashboard_png",
    "pca_data",
    "pca_png",
    "render_dashboard",
    "render_pca",
    "render_report",
    "report_html",
]


_TEMPLATE_DIR = Path(__file__).with_name("templates")


def dashboard_data(analysis: TableAnalysis) -> DashboardData:
    """What the dashboard shows, taken from ``analysis`` (plain numbers, one entry per cluster)."""
    by_id = sorted(seed003.personas(analysis.segments, analysis.personas), key=lambda p: p["cluster_id"])
    base: dict[str, Any] = {
        "cluster_ids": [p["cluster_id"] for p in by_id],
        "sizes": [p["cluster_size"] for p in by_id],
        "title": f"{analysis.k} clusters · {analysis.n_rows:,} records · {analysis.algorithm}",
    }
    if analysis.overall is None:
        traits = [
            TraitBar(
                p["cluster_id"],
                str(t["label"]),
                float(t["share"]),
                float(t["overall_share"]),
                float(t["lift"]),
            )
            for p in by_id
            if p["distinctive"]
            for t in p["distinctive"][:1]
        ]
        return DashboardData(**base, traits=traits)
    metrics = [p.get("conversion_metrics") for p in by_id]
    return DashboardData(
        **base,
        overall_rate=analysis.overall.conversion_rate,
        rates=[m["conversion_rate"] if m else 0.0 for m in metrics],
        ci_low=[m["ci_low"] if m else 0.0 for m in metrics],
        ci_high=[m["ci_high"] if m else 0.0 for m in metrics],
        tiers=[m["value_tier"] if m else None for m in metrics],
        conversions=[m["conversions"] if m else 0 for m in metrics],
        non_conversions=[m["non_conversions"] if m else 0 for m in metrics],
    )


def pca_data(analysis: TableAnalysis) -> PcaData:
    """The PCA sample of ``analysis`` with persona names for the legend."""
    proj = analysis.projection
    return PcaData(
        points=proj.points,
        labels=proj.labels,
        explained_variance=proj.explained_variance,
        names={p.segment_id: p.name for p in analysis.personas},
        k=analysis.k,
        n_rows=analysis.n_rows,
    )


def dashboard_png(analysis: TableAnalysis) -> bytes:
    """The dashboard as PNG bytes (see :func:`render_dashboard`)."""
    return draw_dashboard(dashboard_data(analysis))


def pca_png(analysis: TableAnalysis) -> bytes:
    """The PCA scatter as PNG bytes (see :func:`render_pca`)."""
    return draw_pca(pca_data(analysis))


def render_dashboard(analysis: TableAnalysis, path: str | Path) -> Path:
    """Write the 1400x1000 dashboard PNG atomically; return its path.

    Examples
    --------
    >>> render_dashboard(result, "out/dashboard.png")  # doctest: +SKIP
    """
    return atomic_write_bytes(path, dashboard_png(analysis))


def render_pca(analysis: TableAnalysis, path: str | Path) -> Path:
    """Write the 1000x700 PCA PNG atomically; return its path."""
    return atomic_write_bytes(path, pca_png(analysis))


def _env() -> jinja2.Environment:
    # imported here: the chart data above is needed before the report, and sooner
    import jinja2

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
    analysis: TableAnalysis, images: dict[str, bytes] | None = None, title: str | None = None
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
        "personas": seed003.personas(analysis.segments, analysis.personas),
        "images": embedded,
        "tier_colors": TIER_COLORS,
        "source": html.escape(analysis.source.describe()) if analysis.source else "",
    }
    return _env().get_template("leads_report.html.j2").render(**ctx)


def render_report(
    analysis: TableAnalysis,
    path: str | Path,
    images: dict[str, bytes] | None = None,
    title: str | None = None,
) -> Path:
    """Write the self-contained HTML report atomically; return its path."""
    return atomic_write_text(path, report_html(analysis, images, title))
