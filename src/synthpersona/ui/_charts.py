"""Interactive charts of every page: one colour-blind-safe palette, Plotly figures, HTML/PNG export.

Every chart is a Plotly figure shown with :func:`show_chart`: hover, zoom and legend toggles in
the page, PNG export from the chart's own toolbar (drawn by the browser, so no image server
such as kaleido is needed) and an HTML download (Plotly inlined: the file opens offline).

Segment colours come from :func:`segment_colour`, keyed by the segment's *number as shown on
its card*, so the same segment has the same colour on every chart of every page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

__all__ = [
    "ARM_COLOURS",
    "PALETTE",
    "STATUS_COLOURS",
    "figure_from_json",
    "leads_dashboard",
    "leads_map",
    "segment_colour",
    "segment_map",
    "show_chart",
    "silhouette_chart",
    "styled",
]

# Okabe & Ito's palette (distinguishable with every common colour-vision deficiency), ordered so
# that the first colours have the most contrast on white; yellow is left out (unreadable on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999"]
_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon"]
ARM_COLOURS = {"real": "#999999", "control": "#0072B2", "treatment": "#D55E00"}
STATUS_COLOURS = {"chosen": "#0072B2", "eligible": "#56B4E9", "smallest segment too small": "#BBBBBB"}
_FONT = "Source Sans, 'Noto Sans', 'Noto Sans Devanagari', 'Lohit Devanagari', sans-serif"
_CONFIG = {"displaylogo": False, "responsive": True}


def segment_colour(number: int) -> str:
    """Colour of segment ``number`` (1-based, as on its card), the same on every chart.

    Examples
    --------
    >>> segment_colour(1), segment_colour(9) == segment_colour(1)
    ('#0072B2', True)
    """
    return PALETTE[(int(number) - 1) % len(PALETTE)]


def _symbol(number: int) -> str:
    # beyond the palette's length, the marker shape keeps segments apart
    return _SYMBOLS[((int(number) - 1) // len(PALETTE)) % len(_SYMBOLS)]


def styled(fig: go.Figure, *, height: int = 380, legend: bool = True) -> go.Figure:
    """The shared look: white template, readable font, legend below the plot (never clipped)."""
    fig.update_layout(
        template="plotly_white",
        font={"family": _FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 48, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
        showlegend=legend,
        hoverlabel={"font": {"family": _FONT}},
    )
    return fig


# The report charts' static palette (seaborn "deep") mapped onto this one, so a simulation's
# charts, drawn by the reporting package, share the colours of every other page.
_REPORT_COLOURS = {
    "#4c72b0": ARM_COLOURS["control"],
    "#dd8452": ARM_COLOURS["treatment"],
    "#55a868": "#009E73",
    "#c44e52": "#E69F00",
    "#8172b3": "#CC79A7",
    "#937860": "#56B4E9",
    "#da8bc3": "#882255",
    "#8c8c8c": ARM_COLOURS["real"],
    "#ccb974": "#DDCC77",
    "#64b5cd": "#44AA99",
}


def figure_from_json(data: dict[str, Any] | str, *, height: int | None = None) -> go.Figure:
    """A figure stored as Plotly JSON (``figures.json`` of a simulation), in the shared look."""
    text = data if isinstance(data, str) else pio.to_json(data)
    for old, new in _REPORT_COLOURS.items():
        text = text.replace(f'"{old}"', f'"{new}"').replace(f'"{old.upper()}"', f'"{new}"')
    fig = pio.from_json(text)
    return styled(fig, height=height or int(fig.layout.height or 420))


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_") or "chart"


def _html(fig: go.Figure) -> str:
    return str(fig.to_html(include_plotlyjs=True, full_html=True))


def show_chart(fig: go.Figure, key: str, name: str | None = None) -> None:
    """Show ``fig`` interactively with PNG (toolbar) and HTML (button) export named after it."""
    title = name or (fig.layout.title.text if fig.layout.title and fig.layout.title.text else key)
    stem = _slug(str(title))
    config = {**_CONFIG, "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2}}
    st.plotly_chart(fig, key=f"chart_{key}", config=config)
    st.download_button(
        "Download chart (HTML)",
        data=lambda: _html(fig),  # built on click only: the HTML carries Plotly (~4 MB)
        file_name=f"{stem}.html",
        mime="text/html",
        key=f"html_{key}",
        icon="⬇️",
        type="tertiary",
        help="Interactive chart that opens offline. For a PNG use the camera icon above the chart.",
        on_click="ignore",
    )


def silhouette_chart(frame: Any, chosen: Any) -> go.Figure:
    """Silhouette per candidate k: one bar on each k tick, coloured by its status."""
    fig = go.Figure()
    for status, colour in STATUS_COLOURS.items():
        part = frame[frame["status"] == status]
        if part.empty:
            continue
        fig.add_bar(
            x=[f"k = {k}" for k in part["k"]],
            y=part["silhouette"],
            name=status,
            marker_color=colour,
            hovertemplate="%{x}<br>silhouette %{y:.3f}<extra>" + status + "</extra>",
        )
    order = [f"k = {k}" for k in sorted(frame["k"].astype(int))]
    fig.update_layout(
        barmode="overlay",  # one bar per k, centred on its tick (never shifted by grouping)
        title=f"Silhouette by k (chosen k = {chosen})",
        xaxis={"categoryorder": "array", "categoryarray": order},
        yaxis_title="silhouette (higher is better)",
    )
    return styled(fig, height=340)


def segment_map(points: Any, labels: dict[int, str], axis_titles: Sequence[str]) -> go.Figure:
    """Members placed by a 2-D projection, one trace (colour and legend entry) per segment.

    ``points`` has ``x``, ``y`` and ``number`` (the segment's number as on its card).
    """
    fig = go.Figure()
    for number in sorted(points["number"].unique()):
        part = points[points["number"] == number]
        label = labels.get(int(number), f"#{number}")
        fig.add_scattergl(
            x=part["x"],
            y=part["y"],
            mode="markers",
            name=label,
            marker={
                "color": segment_colour(int(number)),
                "symbol": _symbol(int(number)),
                "size": 6,
                "opacity": 0.7,
            },
            hovertemplate=f"{label}<extra></extra>",
        )
    fig.update_layout(
        title="2-D map of the segments",
        xaxis_title=axis_titles[0],
        yaxis_title=axis_titles[1],
        legend={"itemsizing": "constant"},
    )
    return styled(fig, height=460)


def leads_dashboard(
    dash: dict[str, Any], ranks: dict[int, int], labels: dict[int, str], title: str | None = None
) -> go.Figure:
    """Size and conversion (with its 95 % interval and the overall rate) of each ranked segment.

    ``dash`` is the leads dashboard data as plain values; ``ranks`` maps cluster id to the
    rank its persona tab shows (``#1``) and ``labels`` to the tab's label.
    """
    from plotly.subplots import make_subplots

    ids = [int(c) for c in dash["cluster_ids"]]
    order = sorted(range(len(ids)), key=lambda i: ranks.get(ids[i], 99))
    names = [labels.get(ids[i], f"cluster {ids[i]}") for i in order]
    colours = [segment_colour(ranks.get(ids[i], 1)) for i in order]
    sizes = [int(dash["sizes"][i]) for i in order]
    rates = dash.get("rates") or []
    titles = ("Records per segment", "Conversion rate (95 % interval)")
    fig = make_subplots(
        rows=1,
        cols=2 if rates else 1,
        subplot_titles=titles if rates else titles[:1],
        horizontal_spacing=0.08,
    )
    fig.add_bar(
        x=sizes,
        y=names,
        orientation="h",
        marker_color=colours,
        showlegend=False,
        hovertemplate="%{y}<br>%{x:,} records<extra></extra>",
        row=1,
        col=1,
    )
    if rates:
        # the leads analysis reports rates in percent already
        r = [float(rates[i]) for i in order]
        lo = [float(dash["ci_low"][i]) for i in order]
        hi = [float(dash["ci_high"][i]) for i in order]
        fig.add_bar(
            x=r,
            y=names,
            orientation="h",
            marker_color=colours,
            error_x={
                "type": "data",
                "array": [h - v for h, v in zip(hi, r, strict=True)],
                "arrayminus": [v - low for v, low in zip(r, lo, strict=True)],
            },
            showlegend=False,
            customdata=list(zip(lo, hi, strict=True)),
            hovertemplate="%{y}<br>%{x:.1f}% (95 % interval %{customdata[0]:.1f}–%{customdata[1]:.1f}%)"
            "<extra></extra>",
            row=1,
            col=2,
        )
        overall = dash.get("overall_rate")
        if overall is not None:
            fig.add_vline(
                x=float(overall),
                line_dash="dash",
                line_color="#555555",
                annotation_text=f"overall {float(overall):.1f}%",
                annotation_position="bottom right",
                row=1,
                col=2,
            )
        fig.update_xaxes(title_text="% converted", ticksuffix="%", row=1, col=2)
        fig.update_yaxes(showticklabels=False, row=1, col=2)
    fig.update_xaxes(title_text="records", row=1, col=1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=title or dash.get("title") or "Segments")
    return styled(fig, height=150 + 46 * len(ids), legend=False)


def leads_map(pca: dict[str, Any], ranks: dict[int, int], labels: dict[int, str]) -> go.Figure:
    """The PCA sample of a leads analysis, coloured and named like the persona tabs."""
    import pandas as pd

    frame = pd.DataFrame(pca["points"], columns=["x", "y"])
    frame["number"] = [ranks.get(int(c), 0) for c in pca["labels"]]
    by_number = {ranks[c]: labels.get(c, f"#{ranks[c]}") for c in ranks}
    variance = pca.get("explained_variance") or (None, None)
    axes = [
        f"principal component {i + 1}" + (f" ({100 * float(v):.0f} % of variance)" if v is not None else "")
        for i, v in enumerate(variance)
    ]
    fig = segment_map(frame, by_number, axes)
    fig.update_layout(title=f"PCA map of the records (sample of {len(frame):,})")
    return fig
