"""Spark and DuckDB give the same goal runs, samples and cluster assignments on the same data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans

from synthpersona.engine import DuckDBEngine, assign_clusters
from synthpersona.population import generate, write_population
from synthpersona.usecases.goals import clear_cache, run_goal


@pytest.fixture(scope="module")
def population_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_population(generate(3_000, random_state=5), tmp_path_factory.mktemp("pop") / "u.parquet")


def test_goal_runs_are_the_same_on_spark_and_duckdb(
    spark: Any, population_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    women = int((pd.read_parquet(population_file, columns=["gender"])["gender"] == "Female").sum())
    assert women > 1_000  # so "women" is sampled at the cap below
    monkeypatch.setenv("SYNTHPERSONA_AUDIENCE_ROWS", "1000")
    clear_cache()
    on_duck = run_goal("women", k_max=4, population=population_file, engine="duckdb")
    clear_cache(populations=False)  # same run id on both engines: the second would be a cache hit
    on_spark = run_goal("women", k_max=4, population=population_file, engine=spark)
    assert on_spark.meta["engine"] == "spark" and on_duck.meta["engine"] == "duckdb"
    assert on_spark.run_id == on_duck.run_id
    assert on_spark.meta["subset_n"] == on_duck.meta["subset_n"] == women
    assert on_spark.meta["sample"] == on_duck.meta["sample"] is not None  # the same md5 sample
    # every matching person assigned on the executors: the same whole-audience segment sizes
    assert on_spark.meta["audience_sizes"] == on_duck.meta["audience_sizes"]
    assert on_spark.meta["audience_sizes"]["n"] == women
    pd.testing.assert_frame_equal(on_spark.audience, on_duck.audience)
    assert on_spark.to_dict()["clusters"] == on_duck.to_dict()["clusters"]
    assert on_spark.to_dict()["personas"] == on_duck.to_dict()["personas"]
    clear_cache()


def test_sql_batches_parquet_and_assignment_on_the_executors(spark: Any, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "user_id": np.arange(1, 401, dtype=np.int64),
            "x": np.r_[rng.normal(0, 1, 200), rng.normal(6, 1, 200)],
            "y": rng.normal(0, 1, 400),
        }
    )
    duck = DuckDBEngine()
    for eng in (spark, duck):
        eng.register("pts", frame)
    assert int(spark.scalar("SELECT count(*) FROM pts WHERE x > ?", [3.0])) == int((frame["x"] > 3.0).sum())
    assert sum(len(b) for b in spark.batches("SELECT * FROM pts", rows=150)) == 400
    # an ORDER BY is kept across partitions and batches; timestamps come naive (UTC), as from DuckDB
    timed = frame.assign(t=pd.Timestamp("2026-09-01") + pd.to_timedelta(frame["user_id"], unit="s"))
    for eng in (spark, duck):
        eng.register("timed", timed)
    sql = "SELECT user_id, x, t FROM timed ORDER BY x DESC"
    parts = list(spark.batches(sql, rows=150))
    assert max(len(b) for b in parts) <= 150
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), duck.query(sql), check_dtype=False)
    # fit on a driver-side sample, assign every row where it lives
    model = KMeans(2, n_init=2, random_state=0).fit(frame.sample(100, random_state=0)[["x", "y"]].to_numpy())
    for eng in (spark, duck):
        assign_clusters(eng, "SELECT user_id, x, y FROM pts", ["x", "y"], model, "labels")
    sql = "SELECT user_id, cluster_id FROM labels ORDER BY user_id"
    got = {eng.name: eng.query(sql) for eng in (spark, duck)}
    expected = model.predict(frame[["x", "y"]].to_numpy()) + 1
    assert got["spark"]["cluster_id"].tolist() == got["duckdb"]["cluster_id"].tolist() == expected.tolist()
    out = spark.to_parquet("SELECT cluster_id, count(*) AS n FROM labels GROUP BY cluster_id", tmp_path / "n")
    sizes = pd.read_parquet(out).sort_values("cluster_id")["n"].tolist()
    assert sizes == np.bincount(expected)[1:].tolist()
