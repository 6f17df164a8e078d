"""Populations registered by path: checked in SQL, read in place, same data as the validated DataFrame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import synthpersona.population._generate as gen
from synthpersona.engine import DuckDBEngine
from synthpersona.errors import DataError
from synthpersona.population import (
    generate,
    iter_generate,
    open_population,
    read_population_file,
    write_generated,
    write_population,
)


@pytest.fixture(scope="module")
def pop() -> pd.DataFrame:
    return generate(2_000, random_state=4)


def test_conforming_file_is_read_in_place_with_validated_dtypes(pop: pd.DataFrame, tmp_path: Path) -> None:
    path = write_population(pop, tmp_path / "u.parquet")
    table = open_population(DuckDBEngine(), path)
    assert table.lazy and table.n == 2_000
    got = table.fetch("SELECT * FROM users ORDER BY user_id")
    expected = read_population_file(path)
    pd.testing.assert_frame_equal(got, expected)


def test_large_file_stays_a_view_over_the_file(
    pop: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import synthpersona.population._lazy as lazy

    monkeypatch.setattr(lazy, "MATERIALIZE_ROWS", 100)
    path = write_population(pop, tmp_path / "u.parquet")
    table = open_population(DuckDBEngine(), path)
    kind = table.engine.scalar("SELECT table_type FROM information_schema.tables WHERE table_name = 'users'")
    assert kind == "VIEW"
    got = table.fetch("SELECT * FROM users WHERE city_tier = ? ORDER BY user_id", ["Tier-2"])
    assert got["user_id"].tolist() == pop.loc[pop["city_tier"] == "Tier-2", "user_id"].tolist()


def test_large_file_is_copied_once_to_duckdb_storage_with_the_same_rows(
    pop: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opted in, above the in-memory size a DuckDB copy is written once per file version; same rows."""
    import os

    import synthpersona.population._lazy as lazy

    monkeypatch.setenv("SYNTHPERSONA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(lazy, "MATERIALIZE_ROWS", 100)
    path = write_population(pop, tmp_path / "u.parquet")
    open_population(DuckDBEngine(), path)
    assert not lazy.native_cache_dir().exists() or not list(lazy.native_cache_dir().glob("*.duckdb"))
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_COPY", "1")  # opt-in
    table = open_population(DuckDBEngine(), path)
    copies = sorted(lazy.native_cache_dir().glob("*.duckdb"))
    assert len(copies) == 1
    pd.testing.assert_frame_equal(
        table.fetch("SELECT * FROM users ORDER BY user_id"), read_population_file(path)
    )
    stamp = copies[0].stat().st_mtime_ns
    again = open_population(DuckDBEngine(), path)  # another process: the copy is reused, not rewritten
    assert (
        sorted(lazy.native_cache_dir().glob("*.duckdb")) == copies and copies[0].stat().st_mtime_ns == stamp
    )
    got = again.fetch("SELECT user_id FROM users WHERE city_tier = ? ORDER BY user_id", ["Tier-2"])
    assert got["user_id"].tolist() == pop.loc[pop["city_tier"] == "Tier-2", "user_id"].tolist()
    changed = pop.assign(age=pop["age"].clip(upper=60))
    write_population(changed, path)
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))
    fresh = open_population(DuckDBEngine(), path)  # a changed file gets its own copy
    assert len(list(lazy.native_cache_dir().glob("*.duckdb"))) == 2
    assert int(fresh.engine.scalar("SELECT max(age) FROM users")) == 60


def test_file_needing_coercion_is_validated_in_memory(pop: pd.DataFrame, tmp_path: Path) -> None:
    raw = pop.astype({"city_tier": str, "emi_flag": str})
    raw["city_tier"] = raw["city_tier"].str.replace("-", " ")  # "Tier 1": another spelling
    raw["emi_flag"] = raw["emi_flag"].map({"True": "yes", "False": "no"})
    path = tmp_path / "u.csv"
    raw.to_csv(path, index=False)
    table = open_population(DuckDBEngine(), path)
    assert not table.lazy
    got = table.fetch("SELECT city_tier, emi_flag FROM users ORDER BY user_id")
    assert got["city_tier"].tolist() == pop["city_tier"].tolist()
    assert got["emi_flag"].tolist() == pop["emi_flag"].tolist()


def test_bad_values_get_the_validators_message(pop: pd.DataFrame, tmp_path: Path) -> None:
    bad = pop.copy()
    bad["tech_savviness"] = bad["tech_savviness"].astype(float)
    bad.loc[7, "tech_savviness"] = 1.5
    path = tmp_path / "bad.parquet"
    bad.to_parquet(path, index=False)
    with pytest.raises(DataError, match=r"tech_savviness.*outside \[0, 1\]"):
        open_population(DuckDBEngine(), path)


def test_open_vocabulary_values_are_kept(pop: pd.DataFrame, tmp_path: Path) -> None:
    other = pop.astype({"city": str})
    other.loc[0, "city"] = "Shillong Hills"
    path = tmp_path / "u.parquet"
    other.to_parquet(path, index=False)
    table = open_population(DuckDBEngine(), path)
    assert table.lazy and "Shillong Hills" in table.categories["city"]
    got = table.fetch("SELECT city FROM users WHERE user_id = ?", [int(other.loc[0, "user_id"])])
    assert got["city"].tolist() == ["Shillong Hills"]


def test_streamed_generation_equals_generate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen, "CHUNK_ROWS", 700)  # several chunks on a small table
    expected = generate(2_500, random_state=9)
    parts = list(iter_generate(2_500, random_state=9))
    assert [len(p) for p in parts] == [625, 625, 625, 625]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), expected)
    out = write_generated(tmp_path / "g.parquet", 2_500, random_state=9)
    assert pq.ParquetFile(out).num_row_groups == 4
    pd.testing.assert_frame_equal(read_population_file(out), expected)
