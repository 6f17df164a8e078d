"""Spark counts the persona chains' transitions as DuckDB does (simulation.sql_chains)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from synthpersona.simulation import make_sample_events
from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log
from synthpersona.simulation.sql_chains import chain_counts_sql


def test_chain_counts_on_spark_equal_duckdb(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    make_sample_events(n_users=60, random_state=4).to_parquet(path)
    duck = open_event_log(path, "duckdb")
    cluster_event_sequences_sql(duck, k=2, random_state=0)
    on_spark = open_event_log(path, spark, table="cev")
    spark.register("cev_clusters", duck.engine.query("SELECT user_id, cluster_id FROM events_clusters"))
    stops = ["signup_complete", "drop_off"]
    a = chain_counts_sql(on_spark, order=2, labels_table="cev_clusters", cut_at=stops)
    b = chain_counts_sql(duck, order=2, labels_table="events_clusters", cut_at=stops)
    assert a.persona_ids == b.persona_ids == [0, 1]
    for name in ("starts", "first", "second"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name

    # the fit reads nothing but these counts (equal to the in-memory fit: test_sql_chains.py)
    def shapes(c: Any) -> list[tuple[int, ...]]:
        return sorted(
            zip(*(getattr(c.shapes, f).tolist() for f in ("persona", "length", "last", "n")), strict=True)
        )

    assert shapes(a) == shapes(b)
