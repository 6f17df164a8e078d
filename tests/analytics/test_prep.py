from __future__ import annotations

import json

import pandas as pd
import pytest
from tests.analytics.conftest import make_log

from synthpersona.analytics import (
    AddMarkers,
    CollapseRepeats,
    FilterEvents,
    FilterUsers,
    Pipeline,
    RenameEvents,
    SplitSessions,
    Truncate,
)
from synthpersona.errors import InputError


def _paths(events: pd.DataFrame) -> dict[str, list[str]]:
    return {u: list(g["event"].astype(str)) for u, g in events.groupby("user_id", sort=True)}


def test_rename_groups_events(three_users):
    out = RenameEvents({"B": "X", "C": "X"}).apply(three_users)
    assert _paths(out) == {"u1": ["A", "X", "X"], "u2": ["A", "X", "A", "X"], "u3": ["A", "X"]}
    assert sorted(out["event"].cat.categories) == ["A", "X"]


def test_filter_events_and_users(three_users):
    assert _paths(FilterEvents(drop=["B"]).apply(three_users))["u2"] == ["A", "A"]
    assert set(_paths(FilterEvents(keep=["C"]).apply(three_users))) == {"u1", "u3"}
    assert set(_paths(FilterUsers(with_events=["C"], min_events=3).apply(three_users))) == {"u1"}
    assert set(_paths(FilterUsers(without_events=["C"]).apply(three_users))) == {"u2"}
    assert set(_paths(FilterUsers(column="arm", values=["y"]).apply(three_users))) == {"u3"}
    with pytest.raises(InputError, match="'Q' is not in the log"):
        FilterEvents(keep=["Q"]).apply(three_users)


def test_collapse_repeats_keeps_the_first_of_a_run():
    log = make_log({"u": [("A", 0), ("A", 5), ("B", 6), ("B", 7), ("A", 8)], "v": [("A", 9)]})
    out = CollapseRepeats().apply(log)
    assert _paths(out) == {"u": ["A", "B", "A"], "v": ["A"]}
    assert out["timestamp"].iloc[1] == log["timestamp"].iloc[2]


def test_split_sessions_at_gaps():
    log = make_log({"u": [("A", 0), ("B", 60), ("A", 4000), ("B", 4010)], "v": [("A", 0), ("A", 7200)]})
    out = SplitSessions(gap_minutes=30).apply(log)
    assert out["session_id"].tolist() == [1, 1, 2, 2, 1, 2]


def test_truncate_before_and_after(three_users):
    assert _paths(Truncate(event="B").apply(three_users)) == {
        "u1": ["A", "B"],
        "u2": ["A", "B"],
        "u3": ["A", "C"],
    }
    after = Truncate(event="B", keep="after", inclusive=False, drop_missing=True).apply(three_users)
    assert _paths(after) == {"u1": ["C"], "u2": ["A", "B"]}


def test_markers_are_added_once(three_users):
    out = AddMarkers().apply(three_users)
    assert _paths(out)["u3"] == ["path_start", "A", "C", "path_end"]
    assert _paths(AddMarkers().apply(out)) == _paths(out)
    start = out[(out["user_id"] == "u2") & (out["event"] == "path_end")]["timestamp"].iloc[0]
    assert start == three_users["timestamp"].iloc[6]


def test_pipeline_round_trips_through_json_and_records_itself(three_users):
    spec = {
        "steps": [
            {"kind": "rename", "mapping": {"C": "done"}},
            {"kind": "truncate", "event": "done"},
            {"kind": "add_markers", "start": None, "end": "exit"},
        ]
    }
    pipe = Pipeline.from_dict(spec)
    again = Pipeline.from_json(pipe.to_json())
    assert again.to_dict() == pipe.to_dict()
    out = again.apply(three_users)
    assert _paths(out)["u1"] == ["A", "B", "done", "exit"]
    record = out.attrs["synthpersona_preprocessing"]
    assert [r["kind"] for r in record["report"]] == ["rename", "truncate", "add_markers"]
    assert record["report"][2]["rows_out"] == record["report"][2]["rows_in"] + 3
    json.dumps(record)


def test_pipeline_errors_name_the_way_out():
    with pytest.raises(InputError, match=r"'renam' is unknown\. Did you mean 'rename'"):
        Pipeline.from_dict([{"kind": "renam"}])
    with pytest.raises(InputError, match=r"no option.*gap"):
        Pipeline.from_dict([{"kind": "split_sessions", "gap": 5}])
    with pytest.raises(InputError, match="not valid JSON"):
        Pipeline.from_json("{")
