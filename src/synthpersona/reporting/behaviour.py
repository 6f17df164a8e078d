"""Interactive Plotly views of behaviour analytics (graph, step matrix, retention) as offline HTML.

The numbers come from :mod:`synthpersona.analytics`; this module only draws them. Each
HTML file loads ``plotly.min.js`` from its own folder (written once), so it opens
offline; Plotly's toolbar exports a PNG of the view.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from synthpersona._files import atomic_write_text
from synthpersona.analytics import ENDED, STEP_TEST
from synthpersona.reporting._graph_html import graph_html, write_graph_html
from synthpersona.reporting._style import DPI, PALETTE

__all__ = [
    "graph_figure",
    "graph_html",
    "retention_figure",
    "sankey_figure",
    "save_png",
    "step_matrix_figure",
    "write_graph_html",
    "write_html",
]

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


def _sankey_trace(flows: pd.DataFrame, visible: bool) -> go.Sankey:
    """One group's flows as a Sankey trace; nodes are (step, event), coloured by event."""
    src = list(zip(flows["step"], flows["source"].astype(str), strict=True))
    dst = list(zip(flows["step"] + 1, flows["target"].astype(str), strict=True))
    nodes = list(dict.fromkeys(sorted([*src, *dst], key=lambda n: (n[0], n[1]))))
    index = {n: i for i, n in enumerate(nodes)}
    events = list(dict.fromkeys(e for _, e in nodes))
    colour = {e: PALETTE[i % len(PALETTE)] for i, e in enumerate(events)}
    return go.Sankey(
        visible=visible,
        arrangement="snap",
        node={
            "label": [f"{step}: {event}" for step, event in nodes],
            "color": [colour[event] for _, event in nodes],
            "pad": 12,
            "hovertemplate": "step %{label}<br>%{value:,} paths<extra></extra>",
        },
        link={
            "source": [index[n] for n in src],
            "target": [index[n] for n in dst],
            "value": flows["paths"].tolist(),
            "customdata": flows["share"].tolist(),
            "hovertemplate": "%{source.label} → %{target.label}<br>%{value:,} paths "
            "(%{customdata:.1%} of the group)<extra></extra>",
        },
    )


def sankey_figure(flows: pd.DataFrame, *, title: str = "Step Sankey") -> go.Figure:
    """A step Sankey of :func:`synthpersona.analytics.step_sankey`; a menu switches between groups.

    Each group (A/B arm, persona, attribute value) is its own Sankey with its own shares,
    so arms of different sizes compare by share, not by count.
    """
    groups = list(dict.fromkeys(flows["group"].astype(str)))
    fig = go.Figure([_sankey_trace(flows[flows["group"] == g], i == 0) for i, g in enumerate(groups)])
    n_paths = flows.attrs.get("n_paths", {})
    buttons = [
        {
            "label": f"{g} ({int(n_paths[g]):,} paths)" if g in n_paths else g,
            "method": "update",
            "args": [{"visible": [j == i for j in range(len(groups))]}, {"title": f"{title} — {g}"}],
        }
        for i, g in enumerate(groups)
    ]
    fig.update_layout(
        title=f"{title} — {groups[0]}" if groups else title,
        template="plotly_white",
        height=600,
        updatemenus=[{"buttons": buttons, "x": 1.0, "xanchor": "right", "y": 1.12}]
        if len(groups) > 1
        else [],
    )
    return fig


def _draw_heatmap(mpl_fig: Any, ax: Any, trace: go.Heatmap) -> None:
    z = np.asarray(trace.z, dtype=float)
    diverging = bool(np.nanmin(z) < 0) if z.size else False
    limit = float(np.nanmax(np.abs(z))) if z.size else 1.0
    image = ax.imshow(
        z,
        aspect="auto",
        cmap="RdBu" if diverging else "Blues",
        vmin=-limit if diverging else 0,
        vmax=limit or 1.0,
    )
    ax.set_xticks(range(len(trace.x)), [str(x) for x in trace.x])
    ax.set_yticks(range(len(trace.y)), [str(y) for y in trace.y])
    mpl_fig.colorbar(image, ax=ax)


def _sankey_steps(trace: go.Sankey) -> dict[int, list[tuple[str, float]]]:
    """Paths at each (step, event) node; an ended path stays ended, so each step sums to all paths."""
    labels = list(trace.node.label)
    value = np.zeros(len(labels))
    for src, dst, v in zip(trace.link.source, trace.link.target, trace.link.value, strict=True):
        value[dst] += v
        if labels[src].startswith("1: "):
            value[src] += v
    steps: dict[int, list[tuple[str, float]]] = {}
    for label, v in zip(labels, value, strict=True):
        step, event = label.split(": ", 1)
        steps.setdefault(int(step), []).append((event, float(v)))
    carried = 0.0
    for step in sorted(steps):
        carried += sum(v for e, v in steps[step] if e == ENDED)
        steps[step] = [(e, v) for e, v in steps[step] if e != ENDED] + ([(ENDED, carried)] if carried else [])
    return steps


def _draw_sankey_bars(ax: Any, trace: go.Sankey, colour: dict[str, str]) -> None:
    steps = _sankey_steps(trace)
    for step, items in sorted(steps.items()):
        total = sum(v for _, v in items) or 1.0
        bottom = 0.0
        for event, v in items:
            colour.setdefault(event, PALETTE[len(colour) % len(PALETTE)])
            ax.bar(step, v / total, bottom=bottom, color=colour[event], label=event, width=0.6)
            bottom += v / total
    ax.set_xticks(sorted(steps))
    ax.set_xlabel("step")


def _draw_graph(ax: Any, fig: go.Figure) -> None:
    for t in fig.data:
        if getattr(t, "mode", None) == "lines+markers":
            style = {"arrowstyle": "->", "color": t.line.color, "lw": max(float(t.line.width) / 3, 0.5)}
            ax.annotate("", xy=(t.x[1], t.y[1]), xytext=(t.x[0], t.y[0]), arrowprops=style)
        elif getattr(t, "mode", None) == "markers+text":
            ax.scatter(t.x, t.y, s=80, color="#1f4e79", zorder=3)
            for x, y, label in zip(t.x, t.y, t.text, strict=True):
                ax.annotate(str(label), (x, y), textcoords="offset points", xytext=(0, 8), ha="center")
    ax.set_axis_off()


def save_png(fig: go.Figure, path: str | Path) -> Path:
    """A static PNG of a graph, heatmap or Sankey figure, drawn with matplotlib (no browser needed).

    Plotly's own PNG export needs a browser engine (kaleido); decks and headless servers
    use this instead (the HTML view's toolbar still exports the interactive chart).
    Heatmaps are drawn as they are; a transition graph as its arrows; a Sankey as one
    stacked bar per step (share of paths at each event, the ribbons left out) and, with
    groups (A/B arms, personas), one panel per group side by side.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    title = str(fig.layout.title.text or "")
    sankeys = [t for t in fig.data if isinstance(t, go.Sankey)]
    if sankeys:
        menus = fig.layout.updatemenus
        names = [b.label for b in menus[0].buttons] if menus else [title.rsplit(" — ", 1)[-1]]
        mpl_fig, axes = plt.subplots(
            1, len(sankeys), figsize=(4 + 4 * len(sankeys), 6), sharey=True, squeeze=False
        )
        colour: dict[str, str] = {}
        for ax, trace, name in zip(axes[0], sankeys, names, strict=True):
            _draw_sankey_bars(ax, trace, colour)
            ax.set_title(name)
        axes[0][0].set_ylabel("share of paths")
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colour.values()]
        mpl_fig.legend(handles, list(colour), loc="center right", fontsize=8)
        mpl_fig.suptitle(title.rsplit(" — ", 1)[0])
        mpl_fig.tight_layout(rect=(0, 0, 0.85, 1))
    else:
        mpl_fig, ax = plt.subplots(figsize=(10, 6))
        if fig.data and isinstance(fig.data[0], go.Heatmap):
            _draw_heatmap(mpl_fig, ax, fig.data[0])
            ax.set_xlabel(str(fig.layout.xaxis.title.text or ""))
        else:
            _draw_graph(ax, fig)
        ax.set_title(title)
        mpl_fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp")
    mpl_fig.savefig(tmp, dpi=DPI, format="png")
    plt.close(mpl_fig)
    tmp.replace(path)
    return path


def write_html(fig: go.Figure, path: str | Path) -> Path:
    """Write ``fig`` as offline HTML with ``plotly.min.js`` beside it; return the HTML path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    js = path.parent / "plotly.min.js"
    if not js.exists():
        atomic_write_text(js, get_plotlyjs())
    return atomic_write_text(path, fig.to_html(include_plotlyjs="directory", full_html=True))


def compare_headline(table: pd.DataFrame) -> str:
    """The answer a :func:`~synthpersona.analytics.compare_groups` table gives, in one sentence.

    From which step the two groups move differently (the first significant step row), the
    event whose share differs most there with its interval, and whether that is beyond
    chance after the Benjamini-Hochberg correction over the whole table.

    Examples
    --------
    >>> step = "chi-square (events at the step)"
    >>> t = pd.DataFrame({"metric": ["step 1: home", "step 2: buy"], "test": [step, step],
    ...     "value_a": [1.0, 0.5], "value_b": [1.0, 0.1], "difference": [0.0, 0.4],
    ...     "ci_low": [0.0, 0.2], "ci_high": [0.0, 0.6], "effect_size": [0.0, 0.4],
    ...     "p_adjusted": [1.0, 0.001], "significant": [False, True]})
    >>> t.attrs = {"groups": ("A", "B"), "first_step": 2}
    >>> print(compare_headline(t))  # doctest: +ELLIPSIS
    A and B first move differently at step 2: buy 50.0% vs 10.0% of paths (+40.0 pp, 95% CI ...
    """
    a, b = table.attrs.get("groups", ("A", "B"))
    steps = table[table["test"] == STEP_TEST]
    first = table.attrs.get("first_step")
    if steps.empty:
        return f"{a} and {b}: no step was compared."
    if first is None:
        n = len(steps)
        return (
            f"{a} and {b} move alike over the first {n} step(s): no step's events differ beyond chance "
            "(chi-square per step, BH-adjusted p >= 0.05)."
        )
    row = steps[steps["metric"].astype(str).str.startswith(f"step {first}:")].iloc[0]
    event = str(row["metric"]).split(": ", 1)[1]
    pp = 100.0
    return (
        f"{a} and {b} first move differently at step {first}: {event} {row['value_a'] * pp:.1f}% vs "
        f"{row['value_b'] * pp:.1f}% of paths ({row['difference'] * pp:+.1f} pp, 95% CI "
        f"{row['ci_low'] * pp:+.1f} to {row['ci_high'] * pp:+.1f} pp); the events at that step differ "
        f"beyond chance (chi-square, BH-adjusted p = {row['p_adjusted']:.3g}, Cramér's V "
        f"{row['effect_size']:.2f})."
    )
