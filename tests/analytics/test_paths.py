from __future__ import annotations

import pandas as pd

from synthpersona.analytics import path_metrics, time_to_event


def test_path_metrics_by_hand(three_users):
    m = path_metrics(three_users, "C").set_index("user_id")
    assert m["converted"].to_dict() == {"u1": True, "u2": False, "u3": True}
    assert m.loc["u1", "time_to_convert_seconds"] == 40.0
    assert m.loc["u3", "time_to_convert_seconds"] == 5.0
    assert pd.isna(m.loc["u2", "time_to_convert_seconds"])
    assert m.loc["u1", "steps_to_convert"] == 3 and m.loc["u3", "steps_to_convert"] == 2
    assert pd.isna(m.loc["u2", "steps_to_convert"])
    # u2: A B A B -> two revisits (loops), A-B-A and B-A-B (two back-steps), no repeats.
    assert m.loc["u2", ["n_events", "loops", "back_steps", "repeats"]].tolist() == [4, 2, 2, 0]
    assert m.loc["u1", ["loops", "back_steps"]].tolist() == [0, 0]
    assert m.loc["u2", "duration_seconds"] == 60.0


def test_repeats_count_an_event_right_after_itself():
    from tests.analytics.conftest import make_log

    m = path_metrics(make_log({"u": [("A", 0), ("A", 1), ("A", 2), ("B", 3)]}), "B")
    assert m.loc[0, ["repeats", "loops", "back_steps"]].tolist() == [2, 2, 0]


def test_first_of_several_targets_counts(three_users):
    m = path_metrics(three_users, ["B", "C"]).set_index("user_id")
    assert m.loc["u3", "steps_to_convert"] == 2 and m.loc["u1", "time_to_convert_seconds"] == 10.0


def test_time_to_event_from_start_and_from_an_event(three_users):
    t = time_to_event(three_users, "B").set_index("user_id")
    assert t["seconds"].to_dict() == {"u1": 10.0, "u2": 20.0}
    assert t.attrs["n_paths"] == 3
    t2 = time_to_event(three_users, "B", from_event="A").set_index("user_id")
    assert t2["seconds"].to_dict() == {"u1": 10.0, "u2": 20.0}
    t3 = time_to_event(three_users, "C", from_event="B").set_index("user_id")
    assert t3["seconds"].to_dict() == {"u1": 30.0} and t3.loc["u1", "steps"] == 0
    assert t3.attrs["n_paths"] == 2
