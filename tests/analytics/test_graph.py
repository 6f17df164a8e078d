from __future__ import annotations

import pandas as pd
import pytest

from synthpersona.analytics import (
    transition_graph,
    transition_graph_by_group,
    transition_graph_difference,
)
from synthpersona.errors import InputError


def _edges(frame: pd.DataFrame) -> dict[tuple[str, str], dict]:
    return {(r["source"], r["target"]): r for r in frame.to_dict(orient="records")}


def test_counts_shares_and_times_match_the_hand_count(three_users):
    edges = _edges(transition_graph(three_users))
    # A->B three times (10 s, 20 s, 30 s), B->C once (30 s), B->A once (10 s), A->C once (5 s).
    assert {k: v["count"] for k, v in edges.items()} == {
        ("A", "B"): 3,
        ("B", "C"): 1,
        ("B", "A"): 1,
        ("A", "C"): 1,
    }
    assert edges[("A", "B")]["share"] == pytest.approx(0.75)
    assert edges[("A", "C")]["share"] == pytest.approx(0.25)
    assert edges[("B", "C")]["share"] == pytest.approx(0.5)
    assert edges[("A", "B")]["mean_seconds"] == pytest.approx(20.0)
    assert edges[("A", "B")]["median_seconds"] == pytest.approx(20.0)
    assert edges[("B", "C")]["mean_seconds"] == pytest.approx(30.0)
    assert edges[("A", "B")]["paths"] == 2  # u1 and u2 (u2 twice)


def test_weight_filters_keep_shares_of_the_full_graph(three_users):
    kept = transition_graph(three_users, min_count=2)
    assert list(zip(kept["source"], kept["target"], strict=True)) == [("A", "B")]
    assert kept["share"].iloc[0] == pytest.approx(0.75)
    assert set(
        zip(*[transition_graph(three_users, min_share=0.5)[c] for c in ("source", "target")], strict=True)
    ) == {
        ("A", "B"),
        ("B", "C"),
        ("B", "A"),
    }


def test_no_transition_crosses_users_or_sessions(three_users):
    # u1 ends with C and u2 starts with A: no C->A edge may appear.
    assert ("C", "A") not in _edges(transition_graph(three_users))
    sessions = three_users.copy()
    sessions.loc[sessions.index[5:7], "session_id"] = 2  # u2: A B | A B, two sessions
    edges = _edges(transition_graph(sessions, path_unit="session"))
    assert ("B", "A") not in edges
    assert edges[("A", "B")]["count"] == 3


def test_by_group_and_difference(three_users):
    by = transition_graph_by_group(three_users, "arm")
    y = _edges(by[by["group"] == "y"])
    assert set(y) == {("A", "C")}
    diff = transition_graph_difference(three_users, "arm", ("x", "y"))
    rows = _edges(diff)
    assert diff.attrs["groups"] == ("x", "y")
    # In x, A goes to B 3 of 3 times; in y, A goes to C once of once.
    assert rows[("A", "B")]["share_diff"] == pytest.approx(1.0)
    assert rows[("A", "C")]["share_diff"] == pytest.approx(-1.0)
    assert rows[("A", "B")]["path_rate_diff"] == pytest.approx(1.0)  # both x users, no y user
    assert rows[("A", "C")]["count_a"] == 0 and rows[("A", "C")]["count_b"] == 1


def test_groups_from_a_user_mapping(three_users):
    diff = transition_graph_difference(
        three_users, {"u1": "conv", "u3": "conv", "u2": "other"}, ("conv", "other")
    )
    assert _edges(diff)[("B", "A")]["share_a"] == 0.0


def test_bad_group_names_are_input_errors(three_users):
    with pytest.raises(InputError, match="'z' has no paths"):
        transition_graph_difference(three_users, "arm", ("x", "z"))
    with pytest.raises(InputError, match="'armm' is not in the event log"):
        transition_graph_by_group(three_users, "armm")
