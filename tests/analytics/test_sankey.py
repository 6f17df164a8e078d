"""Step Sankey: hand-counted flows, per-group shares, and a recount on random logs."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.analytics import ENDED, step_sankey
from synthpersona.errors import InputError

from .test_properties import _log, paths_st


def _flows(frame: pd.DataFrame) -> dict[tuple, int]:
    return {
        (g, s, a, b): int(n) for g, s, a, b, n in frame[["group", "step", "source", "target", "paths"]].values
    }


def test_flows_by_hand(three_users):
    # u1: A B C; u2: A B A B; u3: A C
    flows = _flows(step_sankey(three_users, max_steps=3))
    assert flows == {
        ("all", 1, "A", "B"): 2,
        ("all", 1, "A", "C"): 1,
        ("all", 2, "B", "C"): 1,
        ("all", 2, "B", "A"): 1,
        ("all", 2, "C", ENDED): 1,
    }


def test_one_sankey_per_arm_with_its_own_shares(three_users):
    result = step_sankey(three_users, max_steps=2, group_by="arm")
    assert result.attrs["n_paths"] == {"x": 2, "y": 1}
    x = result[result["group"] == "x"]
    y = result[result["group"] == "y"]
    assert x[["source", "target", "paths", "share"]].values.tolist() == [["A", "B", 2, 1.0]]
    assert y[["source", "target", "paths", "share"]].values.tolist() == [["A", "C", 1, 1.0]]


def test_min_share_hides_thin_flows_and_bad_arguments_say_why(three_users):
    thick = step_sankey(three_users, max_steps=2, min_share=0.5)
    assert thick[["source", "target"]].values.tolist() == [["A", "B"]]
    with pytest.raises(InputError, match="between 2 and 50"):
        step_sankey(three_users, max_steps=1)
    with pytest.raises(InputError, match="between 0 and 1"):
        step_sankey(three_users, min_share=2)
    with pytest.raises(InputError, match="not in the event log"):
        step_sankey(three_users, group_by="armm")


@settings(max_examples=40, deadline=None)
@given(paths=paths_st, max_steps=st.integers(2, 6))
def test_flows_recount_every_path_on_random_logs(paths, max_steps):
    frame = _log(paths)
    expected: Counter[tuple] = Counter()
    for _user, steps in frame.groupby("user_id", sort=False)["event"]:
        seq = [str(e) for e in steps][:max_steps]
        seq += [ENDED] * (max_steps - len(seq))
        for s in range(max_steps - 1):
            if seq[s] != ENDED:
                expected[("all", s + 1, seq[s], seq[s + 1])] += 1
    result = step_sankey(frame, max_steps=max_steps)
    assert _flows(result) == dict(expected)
    n_users = frame["user_id"].nunique()
    assert result[result["step"] == 1]["paths"].sum() == n_users
    assert result["share"].tolist() == pytest.approx((result["paths"] / n_users).tolist())
