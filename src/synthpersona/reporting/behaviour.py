"""Interactive Plotly views of behaviour analytics (graph, step matrix, retention) as offline HTML.

The numbers come from :mod:`synthpersona.analytics`; this module only draws them. Each
HTML file loads ``plotly.min.js`` from its own folder (written once), so it opens
offline; Plotly's toolbar exports a PNG of the view.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from synthpersona._files import atomic_write_text

__all__ = ["graph_figure", "retention_figure", "step_matrix_figure", "write_html"]

_THRESHOLDS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)


def _layout(edges: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Nodes on a circle, in order of first appearance as a source (start events first)."""
    names = list(dict.fromkeys([*edges["source"].astype(str), *edges["target"].astype(str)]))
    n = max(len(names), 1)
    return {
        name: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, name in enumerate(names)
    }


def graph_figure(edges: pd.DataFrame, *, weight: str = "share", title: str = "Transition graph") -> go.Figure:
    """A transition graph: arrows sized by ``weight``, hover with counts and times, a threshold slider.

    ``edges`` is :func:`synthpersona.analytics.transition_graph` (``weight="share"``) or
    :func:`~synthpersona.analytics.transition_graph_difference` (``weight="share_diff"``:
    green where group A moves more, red where less). The slider hides edges whose absolute
    weight is under the threshold.
    """
    pos = _layout(edges)
    fig = go.Figure()
    top = float(edges[weight].abs().max()) if len(edges) else 1.0
    top = top or 1.0
    traces_min = []
    for lo, hi in zip(_THRESHOLDS, [*_THRESHOLDS[1:], math.inf], strict=True):
        band = edges[(edges[weight].abs() >= lo) & (edges[weight].abs() < hi)]
        for row in band.itertuples(index=False):
            (x0, y0), (x1, y1) = pos[str(row.source)], pos[str(row.target)]
            value = float(getattr(row, weight))
            color = "#2f6f4f" if value >= 0 else "#b23a3a"
            hover = (
                f"{row.source} → {row.target}<br>{weight}: {value:+.3f}"
                if weight != "share"
                else (
                    f"{row.source} → {row.target}<br>share of {row.source}'s next steps: {value:.1%}"
                    f"<br>transitions: {int(getattr(row, 'count', 0)):,}"
                    f"<br>median time: {float(getattr(row, 'median_seconds', float('nan'))):,.0f} s"
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=[x0, 0.15 * x0 + 0.85 * x1],
                    y=[y0, 0.15 * y0 + 0.85 * y1],
                    mode="lines+markers",
                    line={"width": 1 + 12 * abs(value) / top, "color": color},
                    marker={"symbol": "arrow", "size": 10, "angleref": "previous", "color": color},
                    opacity=0.75,
                    hovertext=hover,
                    hoverinfo="text",
                    showlegend=False,
                )
            )
            traces_min.append(lo)
    fig.add_trace(
        go.Scatter(
            x=[p[0] for p in pos.values()],
            y=[p[1] for p in pos.values()],
            text=list(pos),
            mode="markers+text",
            textposition="top center",
            marker={"size": 18, "color": "#1f4e79"},
            hoverinfo="text",
            showlegend=False,
        )
    )
    steps = [
        {
            "label": f"{t:g}",
            "method": "restyle",
            "args": [{"visible": [m >= t for m in traces_min] + [True]}],
        }
        for t in _THRESHOLDS
    ]
    fig.update_layout(
        title=title,
        sliders=[{"active": 0, "currentvalue": {"prefix": f"min |{weight}|: "}, "steps": steps}],
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        dragmode="pan",
        template="plotly_white",
        height=700,
    )
    return fig


def step_matrix_figure(matrix: pd.DataFrame, *, title: str = "Step matrix") -> go.Figure:
    """A heatmap of a step matrix (or a difference matrix: diverging colours around 0)."""
    values = matrix.to_numpy(dtype=float)
    diverging = bool((values < 0).any())
    limit = float(np.abs(values).max()) if values.size else 1.0
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(c) for c in matrix.columns],
            y=[str(i) for i in matrix.index],
            colorscale="RdBu" if diverging else "Blues",
            zmid=0 if diverging else None,
            zmin=-limit if diverging else 0,
            zmax=limit if diverging else max(limit, 1e-9),
            text=[[f"{v:+.2f}" if diverging else f"{v:.2f}" for v in row] for row in values],
            texttemplate="%{text}",
            hovertemplate="step %{x}<br>%{y}: %{z:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=title, template="plotly_white", yaxis={"autorange": "reversed"}, xaxis_title="step"
    )
    return fig


def retention_figure(shares: pd.DataFrame, sizes: pd.Series, *, title: str = "Retention") -> go.Figure:
    """A cohort-by-period heatmap (blank where a period is not observed yet)."""
    labels = [f"{pd.Timestamp(c).date()} ({int(n):,})" for c, n in zip(shares.index, sizes, strict=True)]
    fig = go.Figure(
        go.Heatmap(
            z=shares.to_numpy(dtype=float),
            x=[str(c) for c in shares.columns],
            y=labels,
            colorscale="Greens",
            zmin=0,
            zmax=1,
            texttemplate="%{z:.0%}",
            hovertemplate="cohort %{y}<br>period %{x}: %{z:.1%}<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        template="plotly_white",
        yaxis={"autorange": "reversed"},
        xaxis_title="periods since cohort",
    )
    return fig


def write_html(fig: go.Figure, path: str | Path) -> Path:
    """Write ``fig`` as offline HTML with ``plotly.min.js`` beside it; return the HTML path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    js = path.parent / "plotly.min.js"
    if not js.exists():
        atomic_write_text(js, get_plotlyjs())
    return atomic_write_text(path, fig.to_html(include_plotlyjs="directory", full_html=True))
