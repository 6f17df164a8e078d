"""Spark and DuckDB give the same funnel, per-segment profiles and per-segment transitions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from synthpersona.simulation import make_sample_events
from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log
from synthpersona.simulation.sql_views import (
    funnel_counts,
    segment_profiles,
    segment_session_stats,
    segment_transition_counts,
)


def test_behaviour_aggregations_on_spark_equal_duckdb(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    make_sample_events(n_users=80, random_state=2).to_parquet(path)
    duck = open_event_log(path, "duckdb")
    cluster_event_sequences_sql(duck, k=3, random_state=0)  # labels table events_clusters
    on_spark = open_event_log(path, spark, table="vev")
    # the same labels on the cluster (the clustering itself is compared in test_spark_events.py)
    spark.register("vev_clusters", duck.engine.query("SELECT user_id, cluster_id FROM events_clusters"))
    funnel = ["landing", "signup_start", "signup_complete"]
    pd.testing.assert_frame_equal(funnel_counts(on_spark, funnel), funnel_counts(duck, funnel))
    pd.testing.assert_frame_equal(
        segment_profiles(on_spark, ["signup_complete"]), segment_profiles(duck, ["signup_complete"])
    )
    pd.testing.assert_frame_equal(segment_transition_counts(on_spark), segment_transition_counts(duck))
    # exactly: the means are integer sums over the session count (an engine's avg of doubles
    # summed in its own order differed in the last digit on 5M events)
    kw = {"events": ["pricing"], "overall": True, "exits": ["drop_off"]}
    pd.testing.assert_frame_equal(
        segment_session_stats(on_spark, ["signup_complete"], **kw),
        segment_session_stats(duck, ["signup_complete"], **kw),
        check_exact=True,
    )
