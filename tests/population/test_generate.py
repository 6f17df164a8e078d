"""generate(): columns, dtypes, allowed values, determinism and argument checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.population import (
    BOOLEAN_COLUMNS,
    CATEGORICAL_VALUES,
    CITIES,
    COLUMN_DESCRIPTIONS,
    COLUMNS,
    INTERESTS,
    SCORES,
    generate,
)


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return generate(5_000, random_state=3)


def test_columns_are_the_documented_ones_in_order(small: pd.DataFrame) -> None:
    assert tuple(small.columns) == COLUMNS
    assert len(small) == 5_000
    assert isinstance(small.index, pd.RangeIndex)


def test_dtypes(small: pd.DataFrame) -> None:
    for col, allowed in CATEGORICAL_VALUES.items():
        assert isinstance(small[col].dtype, pd.CategoricalDtype), col
        assert list(small[col].cat.categories) == list(allowed), col
        assert small[col].notna().all(), col
    for col in BOOLEAN_COLUMNS:
        assert small[col].dtype == bool, col
    for col in ("user_id", "age", "monthly_income_inr", "num_children", "family_size", "device_count"):
        assert pd.api.types.is_integer_dtype(small[col]), col
    for col in (*SCORES, *INTERESTS, "daily_screen_hours", "online_shopping_freq"):
        assert pd.api.types.is_float_dtype(small[col]), col
        assert small[col].notna().all(), col


def test_value_ranges(small: pd.DataFrame) -> None:
    assert small["user_id"].tolist() == list(range(1, 5_001))
    assert small["age"].between(18, 75).all()
    assert (small["monthly_income_inr"] >= 0).all()
    assert small["num_children"].between(0, 5).all()
    assert small["family_size"].between(1, 12).all()
    assert small["device_count"].between(1, 8).all()
    assert small["daily_screen_hours"].between(0.5, 16).all()
    assert (small["online_shopping_freq"] >= 0).all()
    for col in (*SCORES, *INTERESTS):
        assert small[col].between(0.0, 1.0).all(), col
        # Rounded to 3 decimals so values read cleanly in tables and SQL.
        assert np.allclose(small[col], small[col].round(3)), col


def test_every_category_value_occurs_in_a_large_sample(pop100k: pd.DataFrame) -> None:
    for col, allowed in CATEGORICAL_VALUES.items():
        seen = set(pop100k[col].unique())
        assert seen == set(allowed), (col, set(allowed) - seen)


def test_city_state_tier_follow_the_schema(small: pd.DataFrame) -> None:
    table = {c: (s, t) for c, s, t in CITIES}
    pairs = small[["city", "state", "city_tier"]].drop_duplicates().astype(str)
    for city, state, tier in pairs.itertuples(index=False):
        assert table[city] == (state, tier)


def test_same_seed_same_table_other_seed_other_table() -> None:
    a = generate(3_000, random_state=42)
    b = generate(3_000, random_state=42)
    c = generate(3_000, random_state=43)
    pd.testing.assert_frame_equal(a, b)
    assert not a.drop(columns="user_id").equals(c.drop(columns="user_id"))


def test_defaults_are_50k_rows_seed_0() -> None:
    df = generate()
    assert len(df) == 50_000
    pd.testing.assert_frame_equal(df.head(1000), generate(50_000, random_state=0).head(1000))


def test_none_random_state_gives_fresh_draws() -> None:
    assert not generate(500, random_state=None).equals(generate(500, random_state=None))


def test_single_row() -> None:
    df = generate(1, random_state=9)
    assert len(df) == 1 and tuple(df.columns) == COLUMNS


@pytest.mark.parametrize("n", [0, -5, 10**9, 2.5, "100", True])
def test_bad_n_is_a_clear_validation_error(n: object) -> None:
    with pytest.raises(InputError, match="n must"):
        generate(n, random_state=0)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [-1, 1.5, "x"])
def test_bad_random_state(seed: object) -> None:
    with pytest.raises(InputError, match="random_state"):
        generate(10, random_state=seed)  # type: ignore[arg-type]


def test_numpy_integers_are_accepted() -> None:
    df = generate(np.int64(20), random_state=np.int32(4))  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(df, generate(20, 4))


def test_every_column_has_a_description() -> None:
    assert set(COLUMN_DESCRIPTIONS) == set(COLUMNS)
    assert all(text.strip().endswith(".") for text in COLUMN_DESCRIPTIONS.values())


def test_chunked_generation_is_deterministic_and_independent_of_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from synthpersona.population import _generate

    from .test_invariants import check_invariants

    monkeypatch.setattr(_generate, "CHUNK_ROWS", 1_000)
    a = generate(3_500, random_state=8)
    monkeypatch.setattr(_generate.os, "cpu_count", lambda: 1)
    b = generate(3_500, random_state=8)
    pd.testing.assert_frame_equal(a, b)
    assert a["user_id"].tolist() == list(range(1, 3_501))
    check_invariants(a)
    # Chunks draw different people (no repeated seed stream).
    first, second = a.iloc[:875].reset_index(drop=True), a.iloc[875:1750].reset_index(drop=True)
    assert not first.drop(columns="user_id").equals(second.drop(columns="user_id"))
