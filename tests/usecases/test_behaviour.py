"""The behaviour use case on the bundled sample: every number recomputed from the library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from synthpersona import analytics
from synthpersona.errors import InputError
from synthpersona.usecases.behaviour import analyse, load_behaviour_events, view_html


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return load_behaviour_events()[0]


def _converters(sample: pd.DataFrame) -> set[str]:
    metrics = analytics.path_metrics(sample, "signup_complete")
    return set(metrics.loc[metrics["converted"], "user_id"])


def test_converters_vs_the_rest_step_matrix_is_the_difference_of_the_two_subsets(sample):
    result = analyse("steps", group_by="converted", max_steps=6)
    assert result.params["groups"] == ["converted", "not converted"]
    conv = _converters(sample)
    a = analytics.step_matrix(sample[sample["user_id"].isin(conv)], max_steps=6)
    b = analytics.step_matrix(sample[~sample["user_id"].isin(conv)], max_steps=6)
    expected = a.reindex(result.table.index, fill_value=0) - b.reindex(result.table.index, fill_value=0)
    pd.testing.assert_frame_equal(result.table, expected.round(12), check_names=False)


def test_graph_difference_shares_are_each_groups_own_graph(sample):
    result = analyse("graph", group_by="device", groups=["mobile", "desktop"])
    mobile = analytics.transition_graph(sample[sample["device"] == "mobile"]).set_index(["source", "target"])
    got = result.table.set_index(["source", "target"])
    joined = got.join(mobile["share"], how="inner")
    assert len(joined) == len(mobile)
    assert (joined["share_a"] - joined["share"]).abs().max() < 1e-12


def test_compare_by_a_column_recomputes_conversion(sample):
    result = analyse("compare", group_by="device", groups=["mobile", "desktop"])
    conv = result.table.set_index("metric").loc["conversion"]
    metrics = analytics.path_metrics(sample, "signup_complete")
    device = sample.groupby("user_id")["device"].first()
    rate = metrics.assign(device=metrics["user_id"].map(device)).groupby("device")["converted"].mean()
    assert conv["value_a"] == pytest.approx(rate["mobile"]) and conv["value_b"] == pytest.approx(
        rate["desktop"]
    )
    assert result.params["target"] == ["signup_complete"]  # found by name


def test_files_and_the_pipeline_are_saved_with_the_view(tmp_path: Path):
    steps = [{"kind": "collapse_repeats"}, {"kind": "add_markers"}]
    result = analyse("retention", period="day", pipeline=steps, out_dir=tmp_path)
    assert {"retention.csv", "retention.json", "retention.html", "pipeline.json"} <= set(result.files)
    saved = json.loads((tmp_path / "pipeline.json").read_text())
    assert [s["kind"] for s in saved["steps"]] == ["collapse_repeats", "add_markers"]
    events = analytics.Pipeline.from_dict(saved).apply(load_behaviour_events()[0])
    assert result.n_events == len(events)
    data = json.loads((tmp_path / "retention.json").read_text())["data"]
    assert data["shares"][0][0] == 1.0 and data["period"] == "day"
    assert "plotly" in view_html(result).lower()


def test_bad_requests_name_the_way_out():
    with pytest.raises(InputError, match="'grap' is not one of"):
        analyse("grap")
    with pytest.raises(InputError, match="compare needs the groups"):
        analyse("compare")
    with pytest.raises(InputError, match="Did you mean 'device'"):
        analyse("graph", group_by="devise")
    with pytest.raises(InputError, match="Target event 'buy' does not occur"):
        analyse("paths", target="buy")


@pytest.mark.parametrize(
    ("view", "kw"),
    [
        ("graph", {"group_by": "converted", "target": "signup_complete"}),
        ("steps", {"max_steps": 6}),
        ("steps", {"group_by": "converted", "back_from": "signup_complete", "max_steps": 4}),
        ("retention", {"period": "day"}),
    ],
)
def test_views_through_duckdb_equal_the_in_memory_views(view: str, kw: dict[str, Any]) -> None:
    """With engine= the view is computed in SQL over the log read in place; the figures are the same."""
    memory = analyse(view, **kw)
    sql = analyse(view, engine="duckdb", **kw)
    assert sql.params.pop("engine") == "duckdb"
    assert sql.params == memory.params
    assert (sql.n_events, sql.n_users) == (memory.n_events, memory.n_users)
    if view == "retention":
        assert sql.to_dict()["data"] == memory.to_dict()["data"]
    elif view == "graph":  # edges with equal |share_diff| may come in either order
        key = ["source", "target"]
        pd.testing.assert_frame_equal(
            sql.table.sort_values(key, ignore_index=True), memory.table.sort_values(key, ignore_index=True)
        )
    else:  # events in name order in SQL, in the log's category order in memory
        pd.testing.assert_frame_equal(sql.table.loc[memory.table.index], memory.table, check_index_type=False)
