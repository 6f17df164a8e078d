"""Plotly views of behaviour analytics: what they draw is the data they are given."""

from __future__ import annotations

import pandas as pd

from synthpersona import analytics
from synthpersona.reporting.behaviour import graph_figure, step_matrix_figure


def _log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "user_id": ["a", "a", "a", "b", "b"],
            "event": ["home", "cart", "buy", "home", "cart"],
            "timestamp": pd.to_datetime([0, 1, 2, 0, 1], unit="s"),
        }
    )


def test_graph_has_one_arrow_per_edge_and_a_threshold_slider():
    edges = analytics.transition_graph(_log())
    fig = graph_figure(edges)
    arrows = [t for t in fig.data if t.mode == "lines+markers"]
    assert len(arrows) == len(edges) == 2
    assert any("share of home's next steps: 100.0%" in t.hovertext for t in arrows)
    slider = fig.layout.sliders[0]
    assert slider.steps[0].args[0]["visible"] == [True, True, True]


def test_step_matrix_heatmap_shows_the_matrix():
    matrix = analytics.step_matrix(_log(), max_steps=3)
    fig = step_matrix_figure(matrix)
    assert fig.data[0].z.tolist() == matrix.to_numpy().tolist()
    assert list(fig.data[0].y) == [str(i) for i in matrix.index]
