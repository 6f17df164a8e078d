"""Spark and DuckDB give the same transition graph, step matrices and retention (SQL twins)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from synthpersona.simulation import make_sample_events
from synthpersona.simulation.sql import open_event_log
from synthpersona.simulation.sql_analytics import (
    converted_groups_sql,
    retention_matrix_sql,
    step_matrix_difference_sql,
    time_to_event_sql,
    transition_graph_sql,
)


def test_behaviour_views_on_spark_equal_duckdb(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    make_sample_events(n_users=60, random_state=4).to_parquet(path)
    duck = open_event_log(path, "duckdb")
    on_spark = open_event_log(path, spark, table="aev")
    pd.testing.assert_frame_equal(transition_graph_sql(on_spark), transition_graph_sql(duck), atol=1e-9)
    pair = ("converted", "not converted")
    pd.testing.assert_frame_equal(
        step_matrix_difference_sql(on_spark, converted_groups_sql(on_spark, ["signup_complete"]), pair),
        step_matrix_difference_sql(duck, converted_groups_sql(duck, ["signup_complete"]), pair),
    )
    assert (
        retention_matrix_sql(on_spark, period="day").to_dict()
        == retention_matrix_sql(duck, period="day").to_dict()
    )
    pd.testing.assert_frame_equal(
        time_to_event_sql(on_spark, "signup_complete", path_unit="session"),
        time_to_event_sql(duck, "signup_complete", path_unit="session"),
        check_dtype=False,
    )


def test_the_behaviour_use_case_by_path_is_the_same_on_spark_and_duckdb(spark: Any, tmp_path: Path) -> None:
    """``behaviour.analyse(view, path, engine=...)``: the use case, persona groups clustered in the engine."""
    from synthpersona.usecases import behaviour

    path = tmp_path / "events.parquet"
    log = make_sample_events(n_users=60, random_state=5)
    log.assign(timestamp=log["timestamp"].astype("datetime64[ns]")).to_parquet(path)
    kw: dict[str, Any] = {"group_by": "persona", "k": 2}
    a, b = (behaviour.analyse("graph", path, engine=e, **kw) for e in (spark, "duckdb"))
    assert a.params["engine"] == "spark" and b.params["engine"] == "duckdb"
    pd.testing.assert_frame_equal(a.table, b.table, atol=1e-9)
    assert (a.n_events, a.n_users) == (b.n_events, b.n_users)
