"""Storage: the cached Parquet population, user files, validation errors and DuckDB registration."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.engine import DuckDBEngine
from synthpersona.errors import ConfigError, DataError, InputError
from synthpersona.population import (
    COLUMNS,
    clear_default_engine,
    default_engine,
    generate,
    load_population,
    population_path,
    read_population_file,
    register_population,
    validate_population,
    write_population,
)


@pytest.fixture(scope="module")
def pop() -> pd.DataFrame:
    return generate(400, random_state=5)


def test_population_path_uses_data_home_and_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SYNTHPERSONA_HOME", str(tmp_path))
    assert population_path(1000, 3) == tmp_path / "population" / "users_n1000_seed3.parquet"
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "2500")
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SEED", "7")
    assert population_path() == tmp_path / "population" / "users_n2500_seed7.parquet"


def test_bad_settings_are_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "lots")
    with pytest.raises(ConfigError, match="SYNTHPERSONA_POPULATION_SIZE"):
        population_path()


def test_load_population_writes_once_then_reads_the_file() -> None:
    path = population_path(800, 2)
    assert not path.exists()
    first = load_population(800, 2)
    assert path.exists()
    mtime = path.stat().st_mtime_ns
    second = load_population(800, 2)
    assert path.stat().st_mtime_ns == mtime, "the cached file must not be rewritten"
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(second, generate(800, random_state=2))
    # Callers get their own copy.
    second.loc[0, "age"] = 99
    assert load_population(800, 2).loc[0, "age"] != 99
    # No temp files left behind.
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_load_population_defaults_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "300")
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SEED", "4")
    df = load_population()
    assert len(df) == 300
    assert population_path(300, 4).exists()
    pd.testing.assert_frame_equal(df, generate(300, 4))


def test_damaged_or_outdated_cache_is_rebuilt() -> None:
    path = population_path(200, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a parquet file")
    df = load_population(200, 1)
    pd.testing.assert_frame_equal(df, generate(200, 1))
    # A file from another generator version (no metadata) is regenerated too.
    generate(200, 99).to_parquet(path)
    pd.testing.assert_frame_equal(load_population(200, 1), generate(200, 1))


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_write_then_read_round_trip(pop: pd.DataFrame, tmp_path: Path, suffix: str) -> None:
    out = write_population(pop, tmp_path / "sub" / f"users{suffix}")
    back = read_population_file(out)
    assert tuple(back.columns) == COLUMNS
    pd.testing.assert_frame_equal(back, pop, check_dtype=suffix == ".parquet", check_categorical=False)
    for col in ("gender", "city_tier", "parenting_stage"):
        assert isinstance(back[col].dtype, pd.CategoricalDtype)
    assert back["has_children"].dtype == bool
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)


def test_write_rejects_other_suffixes(pop: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.parquet or \.csv"):
        write_population(pop, tmp_path / "users.xlsx")
    assert not list(tmp_path.iterdir())


def test_failed_write_keeps_the_previous_file(pop: pd.DataFrame, tmp_path: Path) -> None:
    target = write_population(pop, tmp_path / "users.parquet")
    before = target.read_bytes()
    with pytest.raises(DataError, match="one type"):
        write_population(pop.assign(age=[object()] * len(pop)), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["users.parquet"]


def test_read_missing_file_and_bad_suffix(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_population_file(tmp_path / "nope.parquet")
    bad = tmp_path / "users.json"
    bad.write_text("{}")
    with pytest.raises(DataError, match=r"\.parquet or \.csv"):
        read_population_file(bad)
    with pytest.raises(DataError, match="folder"):
        read_population_file(tmp_path)


def test_read_empty_and_corrupt_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataError, match="empty"):
        read_population_file(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(COLUMNS) + "\n")
    with pytest.raises(DataError, match="no rows"):
        read_population_file(header_only)
    corrupt = tmp_path / "corrupt.parquet"
    corrupt.write_bytes(b"PAR1 garbage")
    with pytest.raises(DataError, match="Cannot read"):
        read_population_file(corrupt)


def test_missing_columns_are_listed_with_close_matches(pop: pd.DataFrame, tmp_path: Path) -> None:
    df = pop.drop(columns=["education_level", "emi_flag"]).rename(columns={"occupation": "ocupation"})
    path = write_population(df, tmp_path / "u.csv")
    with pytest.raises(DataError) as info:
        read_population_file(path)
    msg = info.value.message
    assert "3 required column(s)" in msg and "education_level" in msg and "emi_flag" in msg
    assert "Did you mean 'ocupation'?" in msg
    assert sorted(info.value.details["missing"]) == ["education_level", "emi_flag", "occupation"]


def test_loose_column_names_and_values_are_coerced(pop: pd.DataFrame) -> None:
    df = pop.astype({c: str for c in ("city", "city_tier", "gender", "has_children", "emi_flag")})
    df = df.drop(columns=["user_id", "income_level"])
    df["city"] = df["city"].replace({"Bengaluru": "Bangalore", "Mumbai": "bombay"})
    df["city_tier"] = df["city_tier"].str.replace("Tier-", "tier ")
    df["gender"] = df["gender"].str.upper()
    df["emi_flag"] = np.where(pop["emi_flag"], "yes", "no")
    df = df.rename(columns={"city_tier": "City Tier", "primary_media": "Primary-Media"})
    out = validate_population(df)
    assert tuple(out.columns) == COLUMNS
    assert out["user_id"].tolist() == list(range(1, len(pop) + 1))
    assert (out["income_level"] == pop["income_level"]).all()
    assert (out["city"].astype(str) == pop["city"].astype(str)).all()
    assert (out["city_tier"] == pop["city_tier"]).all() and (out["gender"] == pop["gender"]).all()
    assert (out["emi_flag"] == pop["emi_flag"]).all()


def test_unknown_cities_are_kept_but_other_vocabularies_are_strict(pop: pd.DataFrame) -> None:
    df = pop.astype({"city": str, "occupation": str})
    df.loc[0, "city"] = "Puducherry"
    out = validate_population(df)
    assert out.loc[0, "city"] == "Puducherry"
    df.loc[1, "occupation"] = "Studnt"
    with pytest.raises(DataError) as info:
        validate_population(df)
    assert "'Studnt'" in info.value.message and "Did you mean 'Student'?" in info.value.message
    assert info.value.details["column"] == "occupation"


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("age", "thirty", "expected numbers"),
        ("age", None, "empty value"),
        ("age", -3, "outside"),
        ("tech_savviness", 7.5, "affinities from 0 to 1"),
        ("has_children", "maybe", "true/false"),
        ("gender", None, "empty value"),
    ],
)
def test_bad_values_name_the_column_and_the_value(
    pop: pd.DataFrame, column: str, value: object, match: str
) -> None:
    df = pop.astype({column: object})
    df.loc[3, column] = value
    with pytest.raises(DataError, match=match) as info:
        validate_population(df, source="users.csv")
    assert column in info.value.message and "users.csv" in info.value.message


def test_duplicate_user_ids_are_rejected(pop: pd.DataFrame) -> None:
    df = pop.copy()
    df.loc[1, "user_id"] = df.loc[0, "user_id"]
    with pytest.raises(DataError, match="duplicate"):
        validate_population(df)


def test_extra_columns_are_kept_after_the_built_in_ones(pop: pd.DataFrame) -> None:
    out = validate_population(pop.assign(loyalty_tier="Gold"))
    assert list(out.columns) == [*COLUMNS, "loyalty_tier"]


def test_register_population_from_dataframe_path_and_default(pop: pd.DataFrame, tmp_path: Path) -> None:
    eng = DuckDBEngine()
    register_population(eng, pop)
    path = write_population(pop.head(50), tmp_path / "u.parquet")
    register_population(eng, path, table="mine")
    assert int(eng.scalar("SELECT count(*) FROM users WHERE city_tier = ?", ["Tier-1"])) == int(
        (pop["city_tier"] == "Tier-1").sum()
    )
    assert int(eng.scalar("SELECT count(*) FROM mine")) == 50
    with pytest.raises(DataError):
        register_population(eng, tmp_path / "missing.csv")


def test_register_default_population(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "500")
    eng = DuckDBEngine()
    df = register_population(eng)
    assert len(df) == 500 and int(eng.scalar("SELECT count(*) FROM users")) == 500


def test_default_engine_is_cached_and_thread_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "1000")
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SEED", "8")
    clear_default_engine()
    engines: list[DuckDBEngine] = []
    threads = [threading.Thread(target=lambda: engines.append(default_engine())) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(e) for e in engines}) == 1
    eng = engines[0]
    assert eng is default_engine()
    assert int(eng.scalar("SELECT count(*) FROM users")) == 1000
    assert population_path(1000, 8).exists()
    # Other settings give another engine.
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "600")
    assert int(default_engine().scalar("SELECT count(*) FROM users")) == 600
    clear_default_engine()
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "1000")
    assert default_engine() is not eng


def test_concurrent_writers_never_leave_a_partial_file(pop: pd.DataFrame, tmp_path: Path) -> None:
    target = tmp_path / "users.parquet"
    errors: list[BaseException] = []

    def write() -> None:
        try:
            write_population(pop, target)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    pd.testing.assert_frame_equal(read_population_file(target), pop)
    assert os.listdir(tmp_path) == ["users.parquet"]


def test_unwritable_data_dir_still_returns_the_population(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "population").write_text("a file where the folder should be")
    monkeypatch.setenv("SYNTHPERSONA_HOME", str(home))
    with caplog.at_level("WARNING"):
        df = load_population(120, 3)
    pd.testing.assert_frame_equal(df, generate(120, 3))
    assert "Could not cache the population" in caplog.text


def test_writing_where_no_folder_can_be_made_is_a_data_error(pop: pd.DataFrame, tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    with pytest.raises(DataError, match="Cannot write into the folder"):
        write_population(pop, blocker / "users.parquet")
    assert blocker.read_text() == "x"
