"""Spark and DuckDB give the same sessions, transition counts and n-gram features on the same log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.simulation import make_sample_events
from synthpersona.simulation.sql import encode_event_sequences_sql, open_event_log, transition_counts


def test_event_log_on_spark_equals_duckdb(spark: Any, tmp_path: Path) -> None:
    raw = make_sample_events(n_users=60, random_state=1).drop(columns=["session_id"])
    path = tmp_path / "events.parquet"
    raw.to_parquet(path)  # read in place by both engines; sessions split in SQL on both
    duck = open_event_log(path, "duckdb", inactivity_gap_minutes=30)
    on_spark = open_event_log(path, spark, inactivity_gap_minutes=30, table="sev")
    assert on_spark.vocabulary == duck.vocabulary
    pd.testing.assert_frame_equal(transition_counts(on_spark), transition_counts(duck))
    X_s, users_s, names_s = encode_event_sequences_sql(on_spark)
    X_d, users_d, names_d = encode_event_sequences_sql(duck)
    assert list(users_s) == list(users_d) and names_s == names_d
    np.testing.assert_allclose(X_s.toarray(), X_d.toarray(), atol=1e-6)
    # (clustering: fit on the driver, assign_clusters on the executors, as test_spark.py checks;
    # kept out of here because each Spark job costs seconds)
