"""Charts of a clickstream simulation, each as a Plotly figure (HTML) and a matplotlib figure (PNG).

Every ``*_figures`` function returns ``(plotly_figure, matplotlib_figure)`` built
from plain data; :func:`save_figures` writes both atomically. HTML files load
``plotly.min.js`` from the same folder, so the reports open offline.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from synthpersona.reporting._style import DPI, PALETTE
from synthpersona.tables import atomic_write_bytes, atomic_write_text

ARM_COLORS = {"real": "#8c8c8c", "control": "#4c72b0", "treatment": "#dd8452"}


def _figure(width: int = 1400, height: int = 800) -> Figure:
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure) -> bytes:
    """Render a matplotlib figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    return buf.getvalue()


def save_figures(pfig: go.Figure, mfig: Figure, out_dir: Path, stem: str) -> dict[str, Path]:
    """Write ``stem.html`` (Plotly, offline) and ``stem.png`` (matplotlib) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    js = out_dir / "plotly.min.js"
    if not js.exists():
        atomic_write_text(js, get_plotlyjs())
    html_path = atomic_write_text(
        out_dir / f"{stem}.html", pfig.to_html(include_plotlyjs="directory", full_html=True)
    )
    png_path = atomic_write_bytes(out_dir / f"{stem}.png", png_bytes(mfig))
    return {f"{stem}.html": html_path, f"{stem}.png": png_path, "plotly.min.js": js}


def funnel_figures(
    steps: Sequence[str], series: dict[str, Sequence[float]], title: str
) -> tuple[go.Figure, Figure]:
    """Grouped bars: share of sessions reaching each funnel step, per series (real, control, treatment)."""
    pfig = go.Figure()
    for name, values in series.items():
        pfig.add_bar(
            name=name,
            x=list(steps),
            y=[100 * v for v in values],
            marker_color=ARM_COLORS.get(name),
            text=[f"{100 * v:.1f}%" for v in values],
            textposition="outside",
        )
    pfig.update_layout(
        title=title, barmode="group", yaxis_title="% of sessions reaching the step", template="plotly_white"
    )
    mfig = _figure()
    ax = mfig.add_subplot()
    x = np.arange(len(steps))
    width = 0.8 / max(len(series), 1)
    for i, (name, values) in enumerate(series.items()):
        bars = ax.bar(
            x + (i - (len(series) - 1) / 2) * width,
            [100 * v for v in values],
            width,
            label=name,
            color=ARM_COLORS.get(name, PALETTE[i % len(PALETTE)]),
        )
        ax.bar_label(bars, labels=[f"{100 * v:.0f}%" for v in values], fontsize=7, padding=2)
    ax.set_xticks(x, list(steps))
    ax.set_ylabel("% of sessions reaching the step")
    ax.set_ylim(0, 110)
    ax.set_title(title)
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return pfig, mfig


def path_links(
    paths: np.ndarray,
    vocabulary: Sequence[str],
    depth: int = 5,
    outcome: np.ndarray | None = None,
    min_share: float = 0.005,
) -> pd.DataFrame:
    """Flows between consecutive steps of ``paths`` (``(n, L)`` codes, ``-1`` padded) for a Sankey.

    Returns ``source, target, count`` with node labels like ``"2. pricing"``; the step
    after a session's last event is ``"end: <outcome>"`` when ``outcome`` labels are given.
    Links carrying less than ``min_share`` of sessions are dropped for legibility.
    """
    n, length = paths.shape
    depth = min(depth, length)
    labels = np.asarray(vocabulary, dtype=object)
    frames = []
    for t in range(depth):
        cur = paths[:, t]
        nxt = paths[:, t + 1] if t + 1 < length else np.full(n, -1)
        alive = cur >= 0
        src = np.char.add(f"{t + 1}. ", labels[np.where(alive, cur, 0)].astype(str))
        going = alive & (nxt >= 0) & (t + 1 < depth)
        ending = alive & (nxt < 0)
        if going.any():
            tgt = np.char.add(f"{t + 2}. ", labels[nxt[going]].astype(str))
            frames.append(pd.DataFrame({"source": src[going], "target": tgt}))
        if ending.any() and outcome is not None:
            frames.append(
                pd.DataFrame(
                    {"source": src[ending], "target": np.char.add("end: ", outcome[ending].astype(str))}
                )
            )
    if not frames:
        return pd.DataFrame(columns=["source", "target", "count"])
    links = pd.concat(frames).value_counts().rename("count").reset_index()
    return links[links["count"] >= min_share * n].reset_index(drop=True)


def sankey_figures(links: pd.DataFrame, title: str) -> tuple[go.Figure, Figure]:
    """Sankey (Plotly) and an alluvial drawing (matplotlib) of ``path_links`` output."""
    nodes = sorted(set(links["source"]) | set(links["target"]), key=_node_order)
    index = {name: i for i, name in enumerate(nodes)}
    colors = [_node_color(nm) for nm in nodes]
    pfig = go.Figure(
        go.Sankey(
            node={"label": nodes, "color": colors, "pad": 12},
            link={
                "source": [index[s] for s in links["source"]],
                "target": [index[t] for t in links["target"]],
                "value": links["count"].tolist(),
                "color": "rgba(120,120,120,0.25)",
            },
        )
    )
    pfig.update_layout(title=title, template="plotly_white")
    return pfig, _alluvial(links, nodes, colors, title)


def _node_order(name: str) -> tuple[int, str]:
    if name.startswith("end: "):
        return (99, name)
    head = name.split(".", 1)[0]
    return (int(head) if head.isdigit() else 98, name)


def _node_color(name: str) -> str:
    low = name.lower()
    if "complete" in low or "converted" in low:
        return "#55a868"
    if "drop" in low or "friction" in low or low.startswith("end: left"):
        return "#c44e52"
    return "#4c72b0"


def _alluvial(links: pd.DataFrame, nodes: list[str], colors: list[str], title: str) -> Figure:
    """Columns of stacked node boxes joined by ribbons whose width is the flow."""
    mfig = _figure(1400, 900)
    ax = mfig.add_subplot()
    ax.set_title(title)
    ax.axis("off")
    col_of = {nm: _node_order(nm)[0] for nm in nodes}
    cols = sorted(set(col_of.values()))
    xpos = {c: i for i, c in enumerate(cols)}
    inflow = links.groupby("target")["count"].sum()
    outflow = links.groupby("source")["count"].sum()
    size = {nm: float(max(inflow.get(nm, 0), outflow.get(nm, 0))) for nm in nodes}
    total = max(max(sum(size[nm] for nm in nodes if col_of[nm] == c) for c in cols), 1.0)
    gap = 0.02
    ypos: dict[str, float] = {}
    for c in cols:
        y = 0.0
        for nm in (n for n in nodes if col_of[n] == c):
            ypos[nm] = y
            y += size[nm] / total + gap
    box_w = 0.12
    out_off = dict.fromkeys(nodes, 0.0)
    in_off = dict.fromkeys(nodes, 0.0)
    # Ribbons leave each node in the order of their targets and enter in the order of their
    # sources, which keeps crossings down.
    ordered = links.assign(
        _s=[ypos[x] for x in links["source"]], _t=[ypos[x] for x in links["target"]]
    ).sort_values(["_s", "_t"])
    enter = ordered.sort_values(["_t", "_s"]).index
    src, tgt, cnt = links["source"].tolist(), links["target"].tolist(), links["count"].tolist()
    in_at: dict[int, float] = {}
    for i in enter:
        t = tgt[i]
        in_at[i] = ypos[t] + in_off[t]
        in_off[t] += cnt[i] / total
    for i in ordered.index:
        s, t, h = src[i], tgt[i], cnt[i] / total
        x0, x1 = xpos[col_of[s]] + box_w, xpos[col_of[t]]
        y0, y1 = ypos[s] + out_off[s], in_at[i]
        out_off[s] += h
        xm = (x0 + x1) / 2
        verts = [
            (x0, y0),
            (xm, y0),
            (xm, y1),
            (x1, y1),
            (x1, y1 + h),
            (xm, y1 + h),
            (xm, y0 + h),
            (x0, y0 + h),
            (x0, y0),
        ]
        codes = [
            MplPath.MOVETO,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.LINETO,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.CURVE4,
            MplPath.CLOSEPOLY,
        ]
        ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=_node_color(t), alpha=0.25, lw=0))
    for nm, color in zip(nodes, colors, strict=True):
        h = size[nm] / total
        x = xpos[col_of[nm]]
        ax.add_patch(Rectangle((x, ypos[nm]), box_w, h, facecolor=color, edgecolor="white"))
        if h > 0.012:
            ax.text(x + box_w + 0.01, ypos[nm] + h / 2, nm.split(". ", 1)[-1], va="center", fontsize=7)
    ax.set_xlim(-0.05, len(cols) + 0.2)
    ax.set_ylim(max((ypos[n] + size[n] / total for n in nodes), default=1) + 0.02, -0.02)
    return mfig


def heatmap_figures(matrix: pd.DataFrame, title: str) -> tuple[go.Figure, Figure]:
    """Transition heatmap: rows are the current event, columns the next one (or the end)."""
    z = matrix.to_numpy()
    text = [[f"{v:.0%}" if v >= 0.005 else "" for v in row] for row in z]
    pfig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale="Blues",
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=1,
            hovertemplate="%{y} → %{x}: %{z:.1%}<extra></extra>",
        )
    )
    pfig.update_layout(
        title=title,
        xaxis_title="next event",
        yaxis_title="current event",
        yaxis_autorange="reversed",
        template="plotly_white",
    )
    mfig = _figure(1300, 1000)
    ax = mfig.add_subplot()
    im = ax.imshow(z, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(z.shape[1]), list(matrix.columns), rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(z.shape[0]), list(matrix.index), fontsize=8)
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            if z[i, j] >= 0.005:
                ax.text(
                    j,
                    i,
                    f"{z[i, j]:.0%}",
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if z[i, j] > 0.5 else "black",
                )
    ax.set_xlabel("next event")
    ax.set_ylabel("current event")
    ax.set_title(title)
    mfig.colorbar(im, ax=ax, fraction=0.03)
    return pfig, mfig


def experiment_figures(arms: pd.DataFrame, personas: pd.DataFrame, title: str) -> tuple[go.Figure, Figure]:
    """Conversion per arm with intervals, and each persona's absolute lift with its interval.

    ``arms``: ``arm, rate, ci_low, ci_high``; ``personas``: ``persona, abs_lift, abs_ci_low, abs_ci_high``.
    """
    pfig = make_subplots(
        rows=1, cols=2, subplot_titles=("Conversion by arm", "Lift by persona (pp)"), column_widths=[0.4, 0.6]
    )
    pfig.add_bar(
        x=arms["arm"],
        y=100 * arms["rate"],
        marker_color=[ARM_COLORS.get(a, PALETTE[0]) for a in arms["arm"]],
        error_y={
            "type": "data",
            "symmetric": False,
            "array": 100 * (arms["ci_high"] - arms["rate"]),
            "arrayminus": 100 * (arms["rate"] - arms["ci_low"]),
        },
        text=[f"{100 * r:.1f}%" for r in arms["rate"]],
        textposition="outside",
        showlegend=False,
        row=1,
        col=1,
    )
    p = personas.dropna(subset=["abs_lift"])
    pfig.add_scatter(
        x=100 * p["abs_lift"],
        y=p["persona"],
        mode="markers",
        marker={"size": 10, "color": "#dd8452"},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": 100 * (p["abs_ci_high"] - p["abs_lift"]),
            "arrayminus": 100 * (p["abs_lift"] - p["abs_ci_low"]),
        },
        showlegend=False,
        row=1,
        col=2,
    )
    pfig.add_vline(x=0, line_dash="dot", row=1, col=2)
    pfig.update_layout(title=title, template="plotly_white")
    mfig = _figure(1400, 700)
    ax1, ax2 = mfig.subplots(1, 2, gridspec_kw={"width_ratios": [2, 3]})
    rates = 100 * arms["rate"].to_numpy()
    err = 100 * np.vstack([arms["rate"] - arms["ci_low"], arms["ci_high"] - arms["rate"]])
    bars = ax1.bar(
        arms["arm"], rates, yerr=err, capsize=6, color=[ARM_COLORS.get(a, PALETTE[0]) for a in arms["arm"]]
    )
    ax1.bar_label(bars, labels=[f"{r:.1f}%" for r in rates], label_type="center", color="white", fontsize=9)
    ax1.set_ylabel("conversion (%)")
    ax1.set_title("Conversion by arm (95% CI)")
    ax1.set_ylim(0, max(rates.max() * 1.25, 1))
    y = np.arange(len(p))
    ax2.errorbar(
        100 * p["abs_lift"],
        y,
        fmt="o",
        color="#dd8452",
        capsize=4,
        xerr=100 * np.vstack([p["abs_lift"] - p["abs_ci_low"], p["abs_ci_high"] - p["abs_lift"]]),
    )
    ax2.axvline(0, color="grey", ls=":")
    ax2.set_yticks(y, p["persona"], fontsize=8)
    ax2.invert_yaxis()
    ax2.set_xlabel("absolute lift (percentage points)")
    ax2.set_title("Lift by persona (95% CI)")
    for a in (ax1, ax2):
        a.spines[["top", "right"]].set_visible(False)
    mfig.suptitle(title)
    return pfig, mfig


def personas_figures(summary: pd.DataFrame, title: str) -> tuple[go.Figure, Figure]:
    """Share of users and conversion of each behavioural persona."""
    pfig = make_subplots(
        rows=1, cols=2, subplot_titles=("Share of users", "Session conversion"), shared_yaxes=True
    )
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(summary))]
    pfig.add_bar(
        y=summary["persona"],
        x=100 * summary["share_users"],
        orientation="h",
        marker_color=colors,
        showlegend=False,
        row=1,
        col=1,
    )
    pfig.add_bar(
        y=summary["persona"],
        x=100 * summary["conversion_rate"],
        orientation="h",
        marker_color=colors,
        showlegend=False,
        row=1,
        col=2,
    )
    pfig.update_layout(title=title, template="plotly_white")
    pfig.update_yaxes(autorange="reversed")
    mfig = _figure(1400, 200 + 90 * max(len(summary), 1))
    ax1, ax2 = mfig.subplots(1, 2, sharey=True)
    y = np.arange(len(summary))
    ax1.barh(y, 100 * summary["share_users"], color=colors)
    ax2.barh(y, 100 * summary["conversion_rate"], color=colors)
    ax1.set_yticks(y, summary["persona"], fontsize=8)
    ax1.invert_yaxis()
    ax1.set_xlabel("% of users")
    ax2.set_xlabel("% of sessions converting")
    for a in (ax1, ax2):
        a.spines[["top", "right"]].set_visible(False)
    mfig.suptitle(title)
    return pfig, mfig
