"""Invariants on random logs: shares sum to 1, steps sum to 1, idempotent preprocessing."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from synthpersona.analytics import (
    AddMarkers,
    CollapseRepeats,
    SplitSessions,
    Truncate,
    path_metrics,
    step_matrix,
    transition_graph,
)

paths_st = st.lists(
    st.lists(st.tuples(st.sampled_from("ABCD"), st.integers(0, 4000)), min_size=1, max_size=8),
    min_size=1,
    max_size=6,
)


def _log(paths: list[list[tuple[str, int]]]) -> pd.DataFrame:
    rows = []
    for u, steps in enumerate(paths):
        t = 0
        for event, gap in steps:
            t += gap
            rows.append((f"u{u}", 1, event, pd.Timestamp("2024-01-01") + pd.Timedelta(seconds=t)))
    frame = pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp"])
    frame["event"] = frame["event"].astype("category")
    return frame


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return list(frame[["user_id", "event", "timestamp"]].astype(str).itertuples(index=False, name=None))


@given(paths_st)
def test_graph_shares_per_source_sum_to_one_and_counts_add_up(paths):
    events = _log(paths)
    graph = transition_graph(events)
    n_transitions = sum(len(p) - 1 for p in paths)
    assert graph["count"].sum() == n_transitions
    if n_transitions:
        np.testing.assert_allclose(graph.groupby("source")["share"].sum().to_numpy(), 1.0)


@given(paths_st, st.integers(1, 10))
def test_step_matrix_columns_sum_to_one(paths, max_steps):
    m = step_matrix(_log(paths), max_steps=max_steps)
    np.testing.assert_allclose(m.sum(axis=0).to_numpy(), 1.0)
    back = step_matrix(_log([*paths, [("A", 0)]]), max_steps=max_steps, target="A")
    np.testing.assert_allclose(back.sum(axis=0).to_numpy(), 1.0)


@given(paths_st)
def test_loops_never_exceed_events_and_back_steps_never_exceed_loops(paths):
    m = path_metrics(_log([*paths, [("A", 0)]]), "A")
    assert (m["loops"] < m["n_events"]).all()
    assert (m["back_steps"] <= m["loops"]).all()
    assert m["converted"].iloc[-1]


@given(paths_st)
def test_preprocessing_steps_are_idempotent(paths):
    events = _log(paths)
    for step in (CollapseRepeats(), SplitSessions(gap_minutes=30), AddMarkers(), Truncate(event="A")):
        if isinstance(step, Truncate) and "A" not in set(events["event"].astype(str)):
            continue
        once = step.apply(events)
        assert _rows(step.apply(once)) == _rows(once)
