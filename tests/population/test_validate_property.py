"""Property test of the population-file parser: loose spellings always map back to the canonical table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.population import CATEGORICAL_VALUES, COLUMNS, generate, validate_population

BASE = generate(60, random_state=21)


def _respell(text: str, style: int) -> str:
    """Spell a name or value the way people type it: case, spaces or hyphens instead of underscores."""
    if style == 0:
        return text.upper()
    if style == 1:
        return text.lower()
    if style == 2:
        return text.replace("_", " ").title()
    return f"  {text.replace('_', '-')} "


@settings(max_examples=25, deadline=None)
@given(
    name_styles=st.lists(st.integers(0, 3), min_size=len(COLUMNS), max_size=len(COLUMNS)),
    value_styles=st.lists(
        st.integers(0, 3), min_size=len(CATEGORICAL_VALUES), max_size=len(CATEGORICAL_VALUES)
    ),
    shuffle_seed=st.integers(0, 10_000),
    as_strings=st.booleans(),
)
def test_loose_spellings_round_trip(
    name_styles: list[int], value_styles: list[int], shuffle_seed: int, as_strings: bool
) -> None:
    df = BASE.copy()
    for (col, _), style in zip(CATEGORICAL_VALUES.items(), value_styles, strict=True):
        df[col] = df[col].astype(str).map(lambda v, s=style: _respell(v, s))
    if as_strings:
        df = df.astype({"has_children": str, "emi_flag": str, "age": str})
    order = np.random.default_rng(shuffle_seed).permutation(len(COLUMNS))
    df = df[[COLUMNS[i] for i in order]]
    df.columns = [_respell(c, name_styles[i]) for c, i in zip(df.columns, order, strict=True)]
    out = validate_population(df)
    pd.testing.assert_frame_equal(out, BASE, check_dtype=False, check_categorical=False)
    for col, allowed in CATEGORICAL_VALUES.items():
        assert list(out[col].cat.categories) == list(allowed)
