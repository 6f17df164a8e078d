"""run_simulation and find_behaviour_personas on a log by path through Spark give DuckDB's results
(usecases._simulation_engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from synthpersona.simulation import make_sample_events
from synthpersona.usecases.simulation import find_behaviour_personas, run_simulation


@pytest.mark.slow  # two whole runs by path, one on Spark
def test_a_parquet_log_by_path_simulates_the_same_on_spark_and_duckdb(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    log = make_sample_events(n_users=80, random_state=2)
    log["variant"] = np.where(
        log["user_id"].str[-1].isin(list("02468")), "control", "new_flow"
    )  # a logged A/B
    # pandas writes nanosecond timestamps, which Spark reads only as integers: the engine converts them
    log.assign(timestamp=log["timestamp"].astype("datetime64[ns]")).to_parquet(path)
    kw: dict[str, Any] = {"n_personas": 100, "k": 2, "validate": False, "deck": False, "sample_users": 50}
    a, b = run_simulation(path, engine=spark, **kw), run_simulation(path, engine="duckdb", **kw)
    assert np.array_equal(a.clustering.labels, b.clustering.labels)
    assert set(a.events["user_id"]) == set(b.events["user_id"])  # the same md5 sample of users
    assert a.real_funnel == b.real_funnel and a.ingest.to_dict() == b.ingest.to_dict()
    assert np.array_equal(a.generator.transition_probs_, b.generator.transition_probs_)
    assert a.experiment.summary() == b.experiment.summary()  # the session cap: SQL over every session
    # the logged A/B test counted over every user on the cluster (not the sample's)
    assert a.logged_experiment is not None and b.logged_experiment is not None
    assert a.logged_experiment.table.iloc[0][["n_a", "n_b"]].sum() == 80
    pd.testing.assert_frame_equal(a.logged_experiment.table, b.logged_experiment.table, rtol=1e-9)
    assert [p.name for p in a.personas] == [p.name for p in b.personas]
    # the whole log's persona figures, counted on the cluster
    assert [s.size for s in a.segments] == [s.size for s in b.segments]
    assert [p.narrative for p in a.personas] == [p.narrative for p in b.personas]


@pytest.mark.slow  # a clustering on Spark
def test_segmenting_a_log_by_path_finds_the_same_personas_on_spark_duckdb_and_in_memory(
    spark: Any, tmp_path: Path
) -> None:
    """The segment-on-events use case (the web UI's persona picker) on both engines and in memory."""
    path = tmp_path / "events.parquet"
    log = make_sample_events(n_users=60, random_state=5)
    log.assign(timestamp=log["timestamp"].astype("datetime64[ns]")).to_parquet(path)
    kw: dict[str, Any] = {"k": 2, "k_anonymity": None}
    on_spark = find_behaviour_personas(path, engine=spark, **kw)
    pd.testing.assert_frame_equal(on_spark, find_behaviour_personas(path, engine="duckdb", **kw))
    pd.testing.assert_frame_equal(on_spark, find_behaviour_personas(path, **kw))
