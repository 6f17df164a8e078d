"""The event-log trust use cases give the same drift on Spark as on DuckDB (issue 18).

``backtest_event_log``/``privacy_events`` by path read the same md5 sample through
``open_log_by_path`` as ``run_simulation`` (``test_spark_simulation.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from synthpersona.simulation import make_sample_events
from synthpersona.usecases import trust


def test_a_log_diff_by_path_is_the_same_on_spark_and_duckdb(spark: Any, tmp_path: Path) -> None:
    paths = []
    for seed in (0, 1):
        log = make_sample_events(n_users=60, random_state=seed)
        paths.append(tmp_path / f"v{seed}.parquet")
        log.assign(timestamp=log["timestamp"].astype("datetime64[ns]")).to_parquet(paths[-1])
    kw: dict[str, Any] = {"k": 2, "k_anonymity": 5}
    on_spark = trust.diff_event_logs(*paths, engine=spark, **kw).summary()
    assert on_spark == trust.diff_event_logs(*paths, engine="duckdb", **kw).summary()
    assert on_spark["matches"]  # the two versions' personas were matched
