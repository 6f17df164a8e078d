"""DuckDB engine: files registered by path, streamed batches, the engine registry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from synthpersona.engine import ENGINES, DuckDBEngine, get_engine
from synthpersona.errors import ConfigError, DataError, InputError


def test_files_are_queried_in_place(tmp_path: Path) -> None:
    df = pd.DataFrame({"a": range(10), "b": list("xyxyxyxyxy")})
    df.to_parquet(tmp_path / "t.parquet", index=False)
    df.to_csv(tmp_path / "t.csv", index=False)
    eng = DuckDBEngine()
    eng.register("p", tmp_path / "t.parquet")
    eng.register("c", str(tmp_path / "t.csv"))
    assert int(eng.scalar("SELECT sum(a) FROM p WHERE b = ?", ["x"])) == 20
    assert eng.query("SELECT b, count(*) AS n FROM c GROUP BY b ORDER BY b")["n"].tolist() == [5, 5]
    assert eng.columns("p") == {"a": "bigint", "b": "varchar"}
    with pytest.raises(DataError, match="does not exist"):
        eng.register("m", tmp_path / "missing.parquet")


def test_batches_stream_the_whole_result_in_bounded_pieces() -> None:
    eng = DuckDBEngine()
    eng.register("t", pd.DataFrame({"a": range(2_500)}))
    parts = list(eng.batches("SELECT a FROM t WHERE a >= ? ORDER BY a", [500], rows=1_000))
    assert [len(p) for p in parts] == [1_000, 1_000]
    assert pd.concat(parts)["a"].tolist() == list(range(500, 2_500))
    assert int(eng.scalar("SELECT count(*) FROM t")) == 2_500  # the engine is free again


def test_assigned_clusters_are_the_estimators_labels_however_the_rows_are_sliced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np
    from sklearn.cluster import KMeans

    from synthpersona.engine import _assign, assign_clusters

    rng = np.random.default_rng(0)
    xy = np.vstack([rng.normal(c, 0.3, size=(40, 2)) for c in (0.0, 3.0, 6.0)])
    eng = DuckDBEngine()
    eng.register("pts", pd.DataFrame({"user_id": range(len(xy)), "x": xy[:, 0], "y": xy[:, 1]}))
    model = KMeans(3, n_init=1, random_state=0).fit(xy)
    monkeypatch.setattr(_assign, "_SLICE", 7)  # batches cut into uneven slices
    assign_clusters(eng, "SELECT user_id, x, y FROM pts", ["x", "y"], model, "labels")
    got = eng.query("SELECT user_id, cluster_id FROM labels ORDER BY user_id")
    assert got["user_id"].tolist() == list(range(len(xy)))
    assert (got["cluster_id"].to_numpy() == model.predict(xy) + 1).all()


def test_to_parquet_writes_a_query_result(tmp_path: Path) -> None:
    eng = DuckDBEngine()
    eng.register("t", pd.DataFrame({"a": [3, 1, 2]}))
    out = eng.to_parquet("SELECT a FROM t ORDER BY a", tmp_path / "out" / "a.parquet")
    assert pd.read_parquet(out)["a"].tolist() == [1, 2, 3]


def test_engines_by_name_and_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(ENGINES) == {"duckdb", "spark"}
    assert get_engine("DuckDB").name == "duckdb"
    eng = DuckDBEngine()
    assert get_engine(eng) is eng
    with pytest.raises(InputError, match=r"Unknown engine 'duckbd'\. Did you mean 'duckdb'"):
        get_engine("duckbd")
    monkeypatch.setenv("SYNTHPERSONA_ENGINE", "sqlite")
    with pytest.raises(ConfigError, match="SYNTHPERSONA_ENGINE='sqlite'"):
        get_engine()


_PURGE = r"""
import json, time
from synthpersona.engine import DuckDBEngine

def rss_mb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) / 1024

eng = DuckDBEngine()
base = rss_mb()
eng.scalar("SELECT count(DISTINCT i) FROM range(2000000) t(i)")  # a hash table of ~90 MB, freed
grown, start = rss_mb() - base, time.monotonic()
while time.monotonic() - start < 20 and rss_mb() - base > grown / 2:
    time.sleep(0.1)
print(json.dumps({"grown": grown, "left": rss_mb() - base}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the resident size from /proc")
def test_memory_a_finished_query_freed_goes_back_to_the_system() -> None:
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _PURGE], capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    # DuckDB's allocator kept such pages until its thread allocated again (~80 MB after opening
    # a 2,000,000-person file): the engine's background purge returns them
    assert got["grown"] > 40 and got["left"] < got["grown"] / 2, got
